#include "service/canteen/card_requests.h"

#include <spdlog/spdlog.h>

#include "protocol/canteen/card_request.h"
#include "protocol/canteen/options.h"
#include "service/canteen/distribution.h"
#include "util/clock.h"

namespace zkpush::service::canteen {
namespace {

using protocol::canteen::CardRequest;
using store::CardStatus;

DeviceReply yes() { return DeviceReply::ok(std::string(protocol::canteen::kYes)); }
DeviceReply no() { return DeviceReply::ok(std::string(protocol::canteen::kNo)); }

}  // namespace

void CardRequests::handle(const std::shared_ptr<Device>& device, const protocol::Query& query, ReplyFn reply) {
  auto request = protocol::canteen::parse_card_request(query);
  if (!request) {
    spdlog::warn("device {}: card request refused: {}", device->sn(), request.error().message);
    return reply(no());
  }
  auto found = store_.canteen_card(request->card);
  if (!found) {
    spdlog::error("device {}: card request for {}: {}", device->sn(), request->card, found.error().message);
    return reply(DeviceReply::unavailable("ERROR: storage unavailable"));
  }
  if (!found->has_value()) {
    spdlog::info("device {}: card request {} for unknown card {}: NO", device->sn(),
                 static_cast<int>(request->type), request->card);
    return reply(no());
  }
  const store::CanteenCard card = (*found)->card;
  auto refuse = [&](const char* why) {
    spdlog::info("device {}: card {} request {} refused: {}", device->sn(), card.card_no,
                 static_cast<int>(request->type), why);
    reply(no());
  };
  store::UpdateCanteenCard change;
  change.card_no = card.card_no;
  change.now = now_ms();
  switch (request->type) {
    case CardRequest::Type::kReportLost:
      if (request->password != card.password) return refuse("wrong password");
      if (card.status != CardStatus::kActive) return reply(yes());  // already blocked
      change.status = CardStatus::kLost;
      return change_card(device, card, std::move(change), "reported lost", std::move(reply));
    case CardRequest::Type::kCancelLoss:
      if (request->password != card.password) return refuse("wrong password");
      if (card.status == CardStatus::kActive) return reply(yes());
      if (card.status == CardStatus::kBlacklisted) return refuse("the card is blocked by the server");
      change.status = CardStatus::kActive;
      return change_card(device, card, std::move(change), "loss cancelled", std::move(reply));
    case CardRequest::Type::kMayChangePassword:
      if (card.status != CardStatus::kActive) return refuse("the card is not active");
      if (request->old_password != card.password) return refuse("wrong password");
      return reply(yes());
    case CardRequest::Type::kPasswordChanged:
      if (request->new_password == card.password) return reply(yes());  // a repeat
      if (request->old_password != card.password) return refuse("wrong old password");
      change.password = request->new_password;
      return change_card(device, card, std::move(change), "password changed", std::move(reply));
  }
}

void CardRequests::change_card(const std::shared_ptr<Device>& device, const store::CanteenCard& card,
                               store::UpdateCanteenCard change, std::string what, ReplyFn reply) {
  const store::CanteenCard after = store::changed_card(card, change);
  store::WriteBatch batch;
  batch.add(std::move(change));
  commands_.enqueue_with(std::move(batch), broadcast_({card_command(after)}),
                         [device, card_no = after.card_no, what = std::move(what), reply = std::move(reply)](
                             Status status, store::WriteBatch&) {
                           if (!status) {
                             spdlog::error("device {}: card {} {} not stored: {}", device->sn(), card_no, what,
                                           status.error().message);
                             reply(DeviceReply::unavailable("ERROR: storage unavailable"));
                             return;
                           }
                           spdlog::info("device {}: card {} {}; card list sent to every canteen terminal",
                                        device->sn(), card_no, what);
                           reply(yes());
                         });
}

}  // namespace zkpush::service::canteen
