// Typed canteen records (spec 001 §6), as the codec produces them from
// upload bodies. Money is an integer in the terminal's own unit (the spec
// never names it, A-39; cents by every other account), never a float: a
// value with a decimal point is rejected, not rounded.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "protocol/canteen/family.h"
#include "protocol/records.h"

namespace zkpush::protocol::canteen {

// The second wallet of a dual-wallet BUYLOG line (14 fields, §6.1).
struct SubWallet {
  int64_t money = 0;    // SubPosMoney
  int64_t balance = 0;  // SubBalance
  std::string user_pin;  // User_PIN (undescribed; kept as sent)
};

// One BUYLOG, FULLLOG or ALLOWLOG line. Fields a family lacks stay empty/0.
struct Transaction {
  Family family = Family::kPos;
  int64_t rec_no = 0;    // RecNo: the terminal's gap-free machine serial number
  std::string sys_id;    // SysID
  std::string card_no;   // CardNo
  int64_t card_seq = 0;  // CardRecID / CardRecNo: the card's own transaction counter
  std::string time;      // PosTime / Suptime / AllowTime as device-local "YYYY-MM-DD HH:MM:SS"
  int64_t money = 0;     // PosMoney / Money / AllowMoney, as sent (a purchase is positive)
  int64_t balance = 0;   // Balance: what the card held after the transaction
  int kind = 0;          // BUYLOG State, FULLLOG LogType (0 recharge, 1 refund, 2 discount), ALLOWLOG state
  std::string op_id;     // OPID (BUYLOG, FULLLOG)
  int meal_type = 0;     // BUYLOG MealType (MEALTYPE Mlid; 0 = none)
  std::string meal_date;  // BUYLOG MealDate, format unspecified: as sent
  std::optional<SubWallet> sub;  // dual-wallet BUYLOG only
  int64_t batch = 0;       // ALLOWLOG Batch (SUBSIDYLOG Batch)
  int64_t base_batch = 0;  // ALLOWLOG BaseBatch
  std::string line;        // the line as received, kept verbatim if it cannot be booked
};

// One storedetail (product) or keydetail (hot key) line: an item of the
// BUYLOG record with the same RecNo (§6.2, §6.3).
struct ItemDetail {
  enum class Kind { kProduct, kKey };
  Kind kind = Kind::kProduct;
  int64_t rec_no = 0;
  std::string item;     // StoreNo / KeyID
  int64_t price = 0;    // Price
  std::string rec_sum;  // RecSum, meaning unclear: as sent
};

// FULLLOG's last two fields: the template prints OPID then RecNo, the field
// list and the legacy server RecNo then OPID.
enum class FulllogOrder { kUnknown, kRecNoThenOpid, kOpidThenRecNo };

// Everything one upload body held. `lines` counts non-blank lines, rejected
// ones included.
struct CanteenUpload {
  std::vector<Transaction> transactions;
  std::vector<ItemDetail> details;
  std::vector<RejectedLine> rejected;
  int lines = 0;
};

}  // namespace zkpush::protocol::canteen
