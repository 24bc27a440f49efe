// Canteen rows as the JSON the API returns (one function per row type).
// Amounts are integers in the terminals' unit (cents unless configured).
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "service/canteen/terminal_state.h"
#include "store/store.h"

namespace zkpush::api {

nlohmann::json card_json(const store::CanteenCardRow& row);
nlohmann::json ledger_json(const store::LedgerRow& row);
nlohmann::json credit_json(const store::CanteenCreditRow& row);
nlohmann::json purchase_json(const store::PurchaseRow& row);
nlohmann::json master_json(const store::CanteenMasterRow& row);
// `meal_names`: MEALTYPE Mlid -> Name.
nlohmann::json day_totals_json(const std::string& date, const std::vector<store::DayTotalRow>& rows,
                               const std::map<int, std::string>& meal_names);
nlohmann::json reconciliation_json(const store::ReconciliationRow& row);
nlohmann::json terminal_json(const std::string& sn, const service::canteen::CanteenTerminal& terminal);

}  // namespace zkpush::api
