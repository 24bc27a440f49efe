// Canteen service policy that needs no server: how records book onto
// wallets, and when a poll's devno means records are missing.
#include <gtest/gtest.h>

#include "service/canteen/ledger_policy.h"
#include "service/canteen/terminal_state.h"

namespace zkpush::service::canteen {
namespace {

using protocol::canteen::Transaction;
using store::LedgerKind;
using store::Wallet;

Transaction record(Family family, int64_t money, int64_t balance, int kind = 0) {
  Transaction t;
  t.family = family;
  t.money = money;
  t.balance = balance;
  t.kind = kind;
  return t;
}

TEST(CanteenLedgerPolicy, PurchasesDebitBothWallets) {
  Transaction t = record(Family::kPos, 350, 9650);
  t.sub = protocol::canteen::SubWallet{150, 850, ""};
  auto effects = ledger_effects(t);
  ASSERT_TRUE(effects.ok());
  ASSERT_EQ(effects->size(), 2u);
  EXPECT_EQ((*effects)[0].wallet, Wallet::kMain);
  EXPECT_EQ((*effects)[0].kind, LedgerKind::kPurchase);
  EXPECT_EQ((*effects)[0].amount, -350);
  EXPECT_EQ((*effects)[0].reported_balance, 9650);
  EXPECT_EQ((*effects)[1].wallet, Wallet::kSub);
  EXPECT_EQ((*effects)[1].amount, -150);
  EXPECT_EQ((*effects)[1].reported_balance, 850);
}

TEST(CanteenLedgerPolicy, CashierRecordsByLogType) {
  EXPECT_EQ(ledger_effects(record(Family::kFull, 5000, 5000, 0))->at(0).kind, LedgerKind::kTopup);
  EXPECT_EQ(ledger_effects(record(Family::kFull, 5000, 5000, 0))->at(0).amount, 5000);
  EXPECT_EQ(ledger_effects(record(Family::kFull, 1000, 4000, 1))->at(0).kind, LedgerKind::kRefund);
  EXPECT_EQ(ledger_effects(record(Family::kFull, 1000, 4000, 1))->at(0).amount, -1000);
  EXPECT_EQ(ledger_effects(record(Family::kFull, 500, 4500, 2))->at(0).kind, LedgerKind::kDiscount);
  EXPECT_EQ(ledger_effects(record(Family::kFull, 500, 4500, 2))->at(0).amount, 500);
  EXPECT_FALSE(ledger_effects(record(Family::kFull, 500, 4500, 7)).ok());
  EXPECT_EQ(ledger_effects(record(Family::kAllow, 2000, 6500))->at(0).kind, LedgerKind::kSubsidy);
  EXPECT_EQ(ledger_effects(record(Family::kAllow, 2000, 6500))->at(0).amount, 2000);
}

TEST(CanteenPollWatch, AheadOnlyCountsWhenNothingArrivesForLong) {
  store::CanteenTerminalRow row;
  row.device_id = 1;
  row.highest_rec_no[Family::kPos] = 10;
  CanteenTerminal t(row);
  EXPECT_FALSE(t.observe_poll(Family::kPos, 10, 0, 2000));  // caught up
  EXPECT_FALSE(t.observe_poll(Family::kPos, 12, 0, 2000));  // ahead: maybe on its way
  EXPECT_FALSE(t.observe_poll(Family::kPos, 12, 1000, 2000));
  auto missing = t.observe_poll(Family::kPos, 13, 2500, 2000);
  ASSERT_TRUE(missing.has_value());
  EXPECT_EQ(missing->first, 11);
  EXPECT_EQ(missing->last, 12);  // as first seen ahead
  EXPECT_FALSE(t.observe_poll(Family::kPos, 13, 2600, 2000));  // reported once, watching again
}

TEST(CanteenPollWatch, RecordsArrivingResetTheWatch) {
  store::CanteenTerminalRow row;
  row.device_id = 1;
  CanteenTerminal t(row);
  EXPECT_FALSE(t.observe_poll(Family::kFull, 3, 0, 2000));
  t.note_highest(Family::kFull, 2);
  EXPECT_FALSE(t.observe_poll(Family::kFull, 3, 5000, 2000));  // progress: a new watch starts
  t.note_highest(Family::kFull, 3);
  EXPECT_FALSE(t.observe_poll(Family::kFull, 3, 9000, 2000));
  EXPECT_EQ(t.highest(Family::kFull), 3);
  EXPECT_EQ(t.highest(Family::kAllow), 0);
}

TEST(CanteenTerminalState, FunTypeBits) {
  store::CanteenTerminalRow row;
  row.fun_type = 3;
  CanteenTerminal t(row);
  EXPECT_TRUE(t.dual_wallet());
  EXPECT_TRUE(t.hands_out_credits());
  t.set_fun_type(0);
  EXPECT_FALSE(t.dual_wallet());
  EXPECT_EQ(t.stamp("PosLogStampId"), "0");
  t.apply_stamps({{"PosLogStampId", "36"}});
  EXPECT_EQ(t.stamp("PosLogStampId"), "36");
}

}  // namespace
}  // namespace zkpush::service::canteen
