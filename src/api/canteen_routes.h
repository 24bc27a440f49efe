// The canteen JSON API, under /api/v1/canteen/. Amounts are integers in the
// terminals' unit (cents unless configured); a fractional amount is refused.
// Routes marked (write) change data; the others only read.
//
//   GET    cards?limit=&after=                  cards with balances
//   POST   cards              (write)           {"card_no", "sys_id"?, "holder"?, "pin"?, "password"?,
//                                                "card_type"?, "status"?, "opening_balance"?, "opening_sub_balance"?}
//   GET    cards/{no}                           one card (by number or SysID)
//   PATCH  cards/{no}         (write)           {"holder", "pin", "password", "card_type", "status"}:
//                                               status "lost" / "blacklisted" black-lists it on every terminal
//   DELETE cards/{no}         (write)           only a card that never booked anything
//   GET    cards/{no}/ledger?limit=&after=      its ledger entries, each with the running balance
//   GET    cards/{no}/credits                   issued top-ups/refunds/subsidies, collected or not
//   POST   credits            (write)           {"kind": "topup"|"refund"|"subsidy", "amount", "cards": [...],
//                                                "wallet"?: "main"|"sub", "note"?}: one batch, sent as SUBSIDYLOG
//   GET    purchases?sn=&card=&from=&to=&limit=&after=   purchases with their items
//   GET    totals?date=YYYY-MM-DD               purchases per terminal and meal on that day
//   GET    reconciliation?sn=                   per terminal: records, RecNo gaps, balance mismatches
//   GET    terminals                            canteen terminals: stamps, wallet mode, highest RecNo
//   POST   terminals/{sn}/resend  (write)       queue master data, card list and credits again
//   GET    products|hotkeys|meals|timesegs|fixed|cardtypes          master data rows
//   POST   products|hotkeys|meals|timesegs|fixed|cardtypes (write)  one row in the protocol's keys,
//                                               e.g. {"StoreNo": 1, "Name": "Rice", "Price": 350}
//   DELETE products|...|cardtypes/{key} (write)  key as listed ("1", or "1-2" for a time segment)
#pragma once

#include <string>
#include <vector>

#include "http/message.h"
#include "service/canteen/canteen_service.h"
#include "service/device_service.h"
#include "store/store.h"

namespace zkpush::api {

class CanteenRoutes {
 public:
  CanteenRoutes(store::Store& store, service::DeviceService& devices, service::canteen::CanteenService& canteen)
      : store_(store), devices_(devices), canteen_(canteen) {}

  // `parts` is the path split on '/': "api", "v1", "canteen", ...
  void route(const http::Request& request, const std::vector<std::string>& parts, const http::Responder& respond);

 private:
  void cards(const http::Request& request, const std::vector<std::string>& parts, const http::Responder& respond);
  void create_card(const http::Request& request, const http::Responder& respond);
  void patch_card(const http::Request& request, const std::string& card_no, const http::Responder& respond);
  void issue_credits(const http::Request& request, const http::Responder& respond);
  void purchases(const http::Request& request, const http::Responder& respond);
  void totals(const http::Request& request, const http::Responder& respond);
  void reconciliation(const http::Request& request, const http::Responder& respond);
  void master(const http::Request& request, std::string_view table, const std::vector<std::string>& parts,
              const http::Responder& respond);
  // Answers with the card as stored now (after a write).
  void send_card(const std::string& card_no, int status, const http::Responder& respond);

  store::Store& store_;
  service::DeviceService& devices_;
  service::canteen::CanteenService& canteen_;
};

}  // namespace zkpush::api
