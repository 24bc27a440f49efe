// How a terminal record books onto its card's wallets. The amount is the
// effect on the balance, so a wallet's balance is the plain sum of its
// entries; each entry carries the balance the card itself reported after
// the transaction, to be compared with the ledger.
//
//   BUYLOG               purchase  -PosMoney on main (Balance); dual wallet also
//                                  -SubPosMoney on sub (SubBalance)
//   FULLLOG LogType 0    topup     +Money   (recharge at a cashier terminal)
//           LogType 1    refund    -Money   (cash paid back out of the card)
//           LogType 2    discount  +Money   (bonus, 优惠)
//   ALLOWLOG             subsidy   +AllowMoney; the store books it as the kind
//                                  and wallet of the credit its Batch collects
//
// A FULLLOG with another LogType cannot be booked (its direction is
// unknown): an error, and the line is kept verbatim instead.
#pragma once

#include <vector>

#include "protocol/canteen/records.h"
#include "store/store.h"
#include "util/error.h"

namespace zkpush::service::canteen {

Result<std::vector<store::LedgerEffect>> ledger_effects(const protocol::canteen::Transaction& record);

}  // namespace zkpush::service::canteen
