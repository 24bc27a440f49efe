// Card business requests from terminals (spec 001 §8), answered OK or NO
// from the server's card records:
//
//   2 report lost       card known, Pwd matches -> status lost, black-listed
//                       on every canteen terminal; OK
//   3 cancel the loss   card known, Pwd matches, status lost -> active, white-
//                       listed on every terminal; OK
//   4 may change pwd    card known and active, OldPwd matches; OK (nothing stored)
//   5 pwd changed       card known, OldPwd matches -> NewPwd stored and sent to
//                       every terminal; OK
//
// Repeats are idempotent so a terminal that lost our reply can ask again: a
// card already lost is OK to report lost, a password already changed is OK.
// A card blocked by the server (blacklisted) cannot be un-lost from a
// terminal (NO), and reporting it lost changes nothing (OK). The status
// change and the card-list commands are committed together before OK; if
// they cannot be stored the terminal gets a 503 and asks again.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "protocol/query.h"
#include "service/command_queue.h"
#include "service/device.h"
#include "service/device_reply.h"
#include "store/store.h"

namespace zkpush::service::canteen {

class CardRequests {
 public:
  // `broadcast` turns command texts into queue entries for every canteen terminal.
  using Broadcast = std::function<std::vector<CommandQueue::Queued>(const std::vector<std::string>&)>;
  CardRequests(store::Store& store, CommandQueue& commands, Broadcast broadcast)
      : store_(store), commands_(commands), broadcast_(std::move(broadcast)) {}

  void handle(const std::shared_ptr<Device>& device, const protocol::Query& query, ReplyFn reply);

 private:
  // Commits `change` of `card` with its new list entry for every terminal, then OK.
  void change_card(const std::shared_ptr<Device>& device, const store::CanteenCard& card,
                   store::UpdateCanteenCard change, std::string what, ReplyFn reply);

  store::Store& store_;
  CommandQueue& commands_;
  Broadcast broadcast_;
};

}  // namespace zkpush::service::canteen
