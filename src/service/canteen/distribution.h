// What canteen terminals are told about the server's data, as command texts
// (protocol/canteen/commands.h): the card list (USERINFO: white list for
// active cards, black list for lost and blocked ones), the master data
// tables, and the credits waiting to be written onto cards (SUBSIDYLOG).
#pragma once

#include <string>
#include <vector>

#include "store/store.h"
#include "util/error.h"

namespace zkpush::service::canteen {

std::string card_command(const store::CanteenCard& card);
std::string master_update_command(const store::CanteenMasterRow& row);
// SUBSIDYLOG for one card of a credit batch, dated in the terminal's zone.
std::string credit_command(const store::CanteenCard& card, int64_t batch, int64_t amount, store::TimeMs issued_at,
                           int time_zone_minutes, bool dual_wallet);

// Everything a terminal needs when it first appears: the master data, every
// card, and (`with_credits`: it hands out credits) every credit not yet collected.
Result<std::vector<std::string>> provisioning_commands(store::Store& store, bool with_credits, bool dual_wallet,
                                                       int time_zone_minutes);

}  // namespace zkpush::service::canteen
