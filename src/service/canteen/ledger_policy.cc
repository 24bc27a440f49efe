#include "service/canteen/ledger_policy.h"

#include <string>

namespace zkpush::service::canteen {

using protocol::canteen::Family;
using store::LedgerKind;
using store::Wallet;

Result<std::vector<store::LedgerEffect>> ledger_effects(const protocol::canteen::Transaction& t) {
  std::vector<store::LedgerEffect> effects;
  switch (t.family) {
    case Family::kPos:
      effects.push_back({Wallet::kMain, LedgerKind::kPurchase, -t.money, t.balance});
      if (t.sub) effects.push_back({Wallet::kSub, LedgerKind::kPurchase, -t.sub->money, t.sub->balance});
      return effects;
    case Family::kFull:
      switch (t.kind) {
        case 0: effects.push_back({Wallet::kMain, LedgerKind::kTopup, t.money, t.balance}); return effects;
        case 1: effects.push_back({Wallet::kMain, LedgerKind::kRefund, -t.money, t.balance}); return effects;
        case 2: effects.push_back({Wallet::kMain, LedgerKind::kDiscount, t.money, t.balance}); return effects;
        default: return Error::invalid("FULLLOG LogType " + std::to_string(t.kind) + " is not 0, 1 or 2");
      }
    case Family::kAllow:
      effects.push_back({Wallet::kMain, LedgerKind::kSubsidy, t.money, t.balance});
      return effects;
  }
  return Error::invalid("unknown record family");
}

}  // namespace zkpush::service::canteen
