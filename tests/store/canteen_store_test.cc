// The canteen storage promises: a RecNo stored once, a reused RecNo kept
// but never booked, holes found and healed, a ledger that cannot be changed
// and always adds up, credits collected once, balances flagged when the card
// disagrees.
#include <gtest/gtest.h>

#include "store/store.h"
#include "store_test_util.h"

namespace zkpush::store::test {
namespace {

using protocol::canteen::Transaction;

class CanteenStoreTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    auto created = commit_op(*store_, CreateDevice{"CANTEEN1", 1, 0});
    ASSERT_TRUE(created.status.ok());
    device_ = committed_op<CreateDevice>(created).id;
  }

  // A purchase of `money` by card 20001 leaving `balance`, card transaction `seq`.
  static CanteenTransaction purchase(int64_t rec_no, int64_t money, int64_t balance, int64_t seq) {
    Transaction t;
    t.family = Family::kPos;
    t.rec_no = rec_no;
    t.sys_id = "1001";
    t.card_no = "20001";
    t.card_seq = seq;
    t.time = "2026-11-28 12:0" + std::to_string(rec_no % 10) + ":00";
    t.money = money;
    t.balance = balance;
    t.meal_type = 2;
    t.line = "line " + std::to_string(rec_no);
    return {t, {LedgerEffect{Wallet::kMain, LedgerKind::kPurchase, -money, balance}}};
  }

  StoreCanteenRecords records(std::vector<CanteenTransaction> txs, Family family = Family::kPos) {
    StoreCanteenRecords op;
    op.device = device_;
    op.family = family;
    op.table = "BUYLOG";
    op.time_zone = "8";
    op.received_at = 1000;
    op.transactions = std::move(txs);
    return op;
  }

  StoreCanteenRecords store(std::vector<CanteenTransaction> txs) {
    auto c = commit_op(*store_, records(std::move(txs)));
    EXPECT_TRUE(c.status.ok()) << c.status.error().message;
    return committed_op<StoreCanteenRecords>(c);
  }

  DeviceId device_ = 0;
};

TEST_P(CanteenStoreTest, ARecNoIsStoredOnceAndAReusedOneIsKeptButNotBooked) {
  auto first = store({purchase(1, 350, 9650, 1), purchase(2, 200, 9450, 2)});
  EXPECT_EQ(first.inserted, 2);
  EXPECT_EQ(first.highest_rec_no, 2);
  auto again = store({purchase(1, 350, 9650, 1), purchase(2, 200, 9450, 2)});
  EXPECT_EQ(again.inserted, 0);
  EXPECT_EQ(again.duplicates, 2);
  auto reused = store({purchase(2, 999, 1, 9)});  // same RecNo, other content
  EXPECT_EQ(reused.conflicts, 1);
  auto card = store_->canteen_card("20001");
  ASSERT_TRUE(card.ok() && card->has_value());
  EXPECT_EQ((*card)->balance_main, -550);
  auto rejected = store_->rejected_lines(device_, {0, 10});
  ASSERT_TRUE(rejected.ok());
  ASSERT_EQ(rejected->size(), 1u);
  EXPECT_EQ((*rejected)[0].line, "line 2");
  EXPECT_NE((*rejected)[0].reason.find("RecNo 2 is already stored"), std::string::npos);
}

TEST_P(CanteenStoreTest, HolesBecomeGapsOnceAndHealWhenTheRecordsArrive) {
  auto first = store({purchase(1, 1, 0, 1), purchase(2, 1, 0, 2), purchase(5, 1, 0, 5)});
  ASSERT_EQ(first.needs_sync.size(), 1u);
  EXPECT_EQ(first.needs_sync[0].first, 3);
  EXPECT_EQ(first.needs_sync[0].last, 4);
  auto more = store({purchase(6, 1, 0, 6)});
  EXPECT_TRUE(more.needs_sync.empty());  // the same hole is not asked for twice
  store({purchase(3, 1, 0, 3)});
  auto report = store_->canteen_reconciliation(std::nullopt);
  ASSERT_TRUE(report.ok());
  ASSERT_EQ(report->size(), 0u);  // not a canteen terminal yet
  ASSERT_TRUE(commit_op(*store_, UpsertCanteenTerminal{device_, 3, std::nullopt, 1, false}).status.ok());
  report = store_->canteen_reconciliation(device_);
  ASSERT_TRUE(report.ok());
  ASSERT_EQ(report->size(), 1u);
  ASSERT_EQ((*report)[0].gaps.size(), 1u);
  EXPECT_EQ((*report)[0].gaps[0].still_missing, 1);
  EXPECT_FALSE((*report)[0].gaps[0].healed_at.has_value());
  store({purchase(4, 1, 0, 4)});
  report = store_->canteen_reconciliation(device_);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ((*report)[0].gaps[0].still_missing, 0);
  EXPECT_TRUE((*report)[0].gaps[0].healed_at.has_value());
  EXPECT_EQ((*report)[0].families[0].records, 6);
}

TEST_P(CanteenStoreTest, APollGapBeyondTheHighestHealsOnlyWhenComplete) {
  store({purchase(1, 1, 0, 1)});
  RecordCanteenGap gap{device_, Family::kPos, 2, 4, 5, {}};
  auto c = commit_op(*store_, gap);
  ASSERT_TRUE(c.status.ok());
  ASSERT_EQ(committed_op<RecordCanteenGap>(c).needs_sync.size(), 1u);
  EXPECT_TRUE(committed_op<RecordCanteenGap>(commit_op(*store_, gap)).needs_sync.empty());  // covered already
  store({purchase(2, 1, 0, 2)});
  ASSERT_TRUE(commit_op(*store_, UpsertCanteenTerminal{device_, 0, std::nullopt, 1, false}).status.ok());
  auto report = store_->canteen_reconciliation(device_);
  ASSERT_TRUE(report.ok());
  EXPECT_FALSE((*report)[0].gaps[0].healed_at.has_value());
  store({purchase(3, 1, 0, 3), purchase(4, 1, 0, 4)});
  report = store_->canteen_reconciliation(device_);
  EXPECT_TRUE((*report)[0].gaps[0].healed_at.has_value());
}

TEST_P(CanteenStoreTest, TheLedgerCannotBeChanged) {
  store({purchase(1, 350, 9650, 1)});
  EXPECT_FALSE(execute_raw("UPDATE canteen_ledger SET amount = 0"));
  EXPECT_FALSE(execute_raw("DELETE FROM canteen_ledger"));
  EXPECT_EQ(peek("SELECT SUM(amount) FROM canteen_ledger"), "-350");
}

TEST_P(CanteenStoreTest, ReportedBalancesAreCheckedInCardOrder) {
  CreateCanteenCard card;
  card.card = {"20001", "", "Ana", "7", "1234", 0, CardStatus::kActive};
  card.opening_main = 10000;
  card.now = 1;
  auto created = commit_op(*store_, card);
  ASSERT_TRUE(created.status.ok());
  EXPECT_EQ(committed_op<CreateCanteenCard>(created).sys_id, "1");  // the next free SysID
  // The card's transaction 2 arrives before 1 (two offline terminals): no
  // mismatch once both are there; a wrong reported balance is flagged.
  store({purchase(2, 200, 9450, 2)});
  auto row = store_->canteen_card("20001");
  EXPECT_EQ((*row)->mismatches, 1);  // 10000 - 200 is not 9450 while transaction 1 is missing
  store({purchase(1, 350, 9650, 1)});
  row = store_->canteen_card("20001");
  EXPECT_EQ((*row)->balance_main, 9450);
  EXPECT_EQ((*row)->reported_main, 9450);
  EXPECT_EQ((*row)->mismatches, 0);
  store({purchase(3, 100, 9000, 3)});  // the card says 9000, the ledger 9350
  row = store_->canteen_card("20001");
  EXPECT_EQ((*row)->mismatches, 1);
  auto ledger = store_->canteen_ledger("20001", {0, 10});
  ASSERT_TRUE(ledger.ok());
  ASSERT_EQ(ledger->size(), 4u);
  EXPECT_EQ((*ledger)[0].kind, LedgerKind::kOpening);
  EXPECT_EQ((*ledger)[3].ledger_balance, 9350);
  EXPECT_TRUE((*ledger)[3].mismatch());
  EXPECT_FALSE((*ledger)[2].mismatch());
  // The terminal's report lists it, asked for alone or with every terminal.
  ASSERT_TRUE(commit_op(*store_, UpsertCanteenTerminal{device_, 0, std::nullopt, 1, false}).status.ok());
  for (auto which : {std::optional<DeviceId>(device_), std::optional<DeviceId>()}) {
    auto report = store_->canteen_reconciliation(which);
    ASSERT_TRUE(report.ok());
    ASSERT_EQ(report->size(), 1u);
    ASSERT_EQ((*report)[0].mismatches.size(), 1u);
    EXPECT_EQ((*report)[0].mismatches[0].ledger_balance, 9350);
    EXPECT_EQ((*report)[0].mismatches[0].reported_balance, 9000);
  }
}

TEST_P(CanteenStoreTest, ACreditIsCollectedOnceWithItsKindAndWallet) {
  CreateCanteenCard card;
  card.card = {"20001", "1001", "", "", "", 0, CardStatus::kActive};
  ASSERT_TRUE(commit_op(*store_, card).status.ok());
  IssueCanteenCredits issue;
  issue.kind = LedgerKind::kTopup;
  issue.wallet = Wallet::kSub;
  issue.amount = 5000;
  issue.card_nos = {"20001"};
  auto issued = commit_op(*store_, issue);
  ASSERT_TRUE(issued.status.ok());
  const int64_t batch = committed_op<IssueCanteenCredits>(issued).batch;
  EXPECT_EQ((*store_->canteen_card("20001"))->pending_credit, 5000);
  Transaction t;
  t.family = Family::kAllow;
  t.rec_no = 1;
  t.sys_id = "1001";
  t.card_no = "20001";
  t.card_seq = 1;
  t.time = "2026-11-28 08:00:00";
  t.money = 5000;
  t.balance = 5000;
  t.batch = batch;
  auto op = records({{t, {LedgerEffect{Wallet::kMain, LedgerKind::kSubsidy, 5000, 5000}}}}, Family::kAllow);
  ASSERT_TRUE(commit_op(*store_, op).status.ok());
  auto row = store_->canteen_card("20001");
  EXPECT_EQ((*row)->pending_credit, 0);
  EXPECT_EQ((*row)->balance_sub, 5000);  // the credit's wallet
  EXPECT_EQ((*row)->balance_main, 0);
  auto ledger = store_->canteen_ledger("20001", {0, 10});
  ASSERT_EQ(ledger->size(), 1u);
  EXPECT_EQ((*ledger)[0].kind, LedgerKind::kTopup);
  EXPECT_EQ((*ledger)[0].batch, batch);
  auto credits = store_->canteen_credits("20001");
  ASSERT_EQ(credits->size(), 1u);
  EXPECT_TRUE((*credits)[0].collected);
}

TEST_P(CanteenStoreTest, CardsCreateUpdateDelete) {
  CreateCanteenCard card;
  card.card = {"20001", "1001", "Ana", "7", "1234", 1, CardStatus::kActive};
  ASSERT_TRUE(commit_op(*store_, card).status.ok());
  auto twice = commit_op(*store_, card);
  ASSERT_FALSE(twice.status.ok());
  EXPECT_EQ(twice.status.error().kind, Error::Kind::kInvalidInput);
  UpdateCanteenCard lost;
  lost.card_no = "20001";
  lost.status = CardStatus::kLost;
  auto updated = commit_op(*store_, lost);
  ASSERT_TRUE(updated.status.ok());
  EXPECT_TRUE(committed_op<UpdateCanteenCard>(updated).found);
  EXPECT_EQ(committed_op<UpdateCanteenCard>(updated).after.status, CardStatus::kLost);
  EXPECT_EQ((*store_->canteen_card("1001"))->card.status, CardStatus::kLost);  // by SysID too
  auto deleted = commit_op(*store_, DeleteCanteenCard{"20001", false, false, {}});
  EXPECT_TRUE(committed_op<DeleteCanteenCard>(deleted).deleted);
  store({purchase(1, 1, 0, 1)});  // creates card 20001 again, from the terminal
  auto refused = commit_op(*store_, DeleteCanteenCard{"20001", false, false, {}});
  EXPECT_TRUE(committed_op<DeleteCanteenCard>(refused).refused);
  EXPECT_TRUE((*store_->canteen_card("20001"))->from_terminal);
}

TEST_P(CanteenStoreTest, ItemsDayTotalsAndMasterData) {
  store({purchase(1, 350, 0, 1), purchase(2, 200, 0, 2)});
  StoreItemDetails items{device_, 1, {{protocol::canteen::ItemDetail::Kind::kProduct, 1, "5", 200, "1"},
                                      {protocol::canteen::ItemDetail::Kind::kProduct, 1, "9", 150, "1"},
                                      {protocol::canteen::ItemDetail::Kind::kProduct, 1, "9", 150, "1"}}, 0};
  EXPECT_EQ(committed_op<StoreItemDetails>(commit_op(*store_, items)).inserted, 3);  // two of the same dish
  EXPECT_EQ(committed_op<StoreItemDetails>(commit_op(*store_, items)).inserted, 0);  // sent again
  auto purchases = store_->canteen_purchases(PurchaseQuery{});
  ASSERT_TRUE(purchases.ok());
  ASSERT_EQ(purchases->size(), 2u);
  EXPECT_EQ((*purchases)[0].items.size(), 3u);
  EXPECT_EQ((*purchases)[0].sn, "CANTEEN1");
  auto totals = store_->canteen_day_totals("2026-11-28");
  ASSERT_TRUE(totals.ok());
  ASSERT_EQ(totals->size(), 1u);
  EXPECT_EQ((*totals)[0].purchases, 2);
  EXPECT_EQ((*totals)[0].money, 550);
  EXPECT_EQ((*totals)[0].meal_type, 2);
  EXPECT_TRUE(store_->canteen_day_totals("2026-11-27")->empty());

  CanteenMasterRow rice{"STOREINFO", "5", {{"StoreNo", "5"}, {"Name", "Rice"}, {"Price", "200"}}, 1};
  ASSERT_TRUE(commit_op(*store_, PutCanteenMaster{rice}).status.ok());
  auto master = store_->canteen_master("STOREINFO");
  ASSERT_EQ(master->size(), 1u);
  EXPECT_EQ((*master)[0].fields, rice.fields);
  auto removed = commit_op(*store_, DeleteCanteenMaster{"STOREINFO", "5", false, {}});
  EXPECT_TRUE(committed_op<DeleteCanteenMaster>(removed).found);
  EXPECT_EQ(committed_op<DeleteCanteenMaster>(removed).fields, rice.fields);
  EXPECT_TRUE(store_->canteen_master("")->empty());
}

TEST_P(CanteenStoreTest, TerminalsLoadWithStampsAndHighestRecNo) {
  ASSERT_TRUE(commit_op(*store_, UpsertCanteenTerminal{device_, 3, std::nullopt, 1, false}).status.ok());
  ASSERT_TRUE(commit_op(*store_, SetCanteenStamps{device_, {{"PosLogStampId", "2"}}}).status.ok());
  ASSERT_TRUE(
      commit_op(*store_, UpsertCanteenTerminal{device_, std::nullopt, protocol::canteen::FulllogOrder::kOpidThenRecNo, 2,
                                               false})
          .status.ok());
  store({purchase(1, 1, 0, 1), purchase(2, 1, 0, 2)});
  auto terminals = store_->load_canteen_terminals();
  ASSERT_TRUE(terminals.ok());
  ASSERT_EQ(terminals->size(), 1u);
  const auto& t = (*terminals)[0];
  EXPECT_EQ(t.sn, "CANTEEN1");
  EXPECT_EQ(t.fun_type, 3);
  EXPECT_EQ(t.fulllog_order, protocol::canteen::FulllogOrder::kOpidThenRecNo);
  EXPECT_EQ(t.stamps.at("PosLogStampId"), "2");
  EXPECT_EQ(t.highest_rec_no.at(Family::kPos), 2);
  EXPECT_EQ(t.highest_rec_no.count(Family::kFull), 0u);
}

ZKPUSH_ON_EVERY_DATABASE(CanteenStoreTest);

}  // namespace
}  // namespace zkpush::store::test
