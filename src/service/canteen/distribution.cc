#include "service/canteen/distribution.h"

#include "protocol/canteen/commands.h"
#include "util/clock.h"

namespace zkpush::service::canteen {

namespace canteen_protocol = protocol::canteen;

std::string card_command(const store::CanteenCard& card) {
  canteen_protocol::CardListEntry entry;
  entry.sys_id = card.sys_id;
  entry.user_id = card.sys_id;
  entry.pin = card.pin;
  entry.card_no = card.card_no;
  entry.name = card.holder;
  entry.password = card.password;
  entry.blacklisted = card.status != store::CardStatus::kActive;
  return canteen_protocol::format_card_update(entry);
}

std::string master_update_command(const store::CanteenMasterRow& row) {
  return canteen_protocol::format_update(row.table, row.fields);
}

std::string credit_command(const store::CanteenCard& card, int64_t batch, int64_t amount, store::TimeMs issued_at,
                           int time_zone_minutes, bool dual_wallet) {
  const std::string day = format_record_time(issued_at / 1000 + int64_t{time_zone_minutes} * 60).substr(0, 10);
  canteen_protocol::SubsidyEntry entry;
  entry.sys_id = card.sys_id;
  entry.card_no = card.card_no;
  entry.batch = batch;
  entry.money = amount;
  entry.allow_date = canteen_protocol::subsidy_date(day).value_or(0);
  entry.down_date = entry.allow_date;
  return canteen_protocol::format_subsidy(entry, dual_wallet);
}

Result<std::vector<std::string>> provisioning_commands(store::Store& store, bool with_credits, bool dual_wallet,
                                                       int time_zone_minutes) {
  std::vector<std::string> commands;
  auto master = store.canteen_master("");
  if (!master) return master.error();
  for (const auto& row : *master) commands.push_back(master_update_command(row));
  store::PageQuery page{0, 1000};
  for (;;) {
    auto cards = store.canteen_cards(page);
    if (!cards) return cards.error();
    for (const auto& row : *cards) {
      commands.push_back(card_command(row.card));
      if (!with_credits || row.pending_credit == 0) continue;
      auto credits = store.canteen_credits(row.card.card_no);
      if (!credits) return credits.error();
      for (const auto& c : *credits)
        if (!c.collected)
          commands.push_back(
              credit_command(row.card, c.batch, c.amount, c.issued_at, time_zone_minutes, dual_wallet));
    }
    if (static_cast<int>(cards->size()) < page.limit) break;
    page.after = cards->back().id;
  }
  return commands;
}

}  // namespace zkpush::service::canteen
