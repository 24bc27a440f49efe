// Every record layout of spec 001 §6, with lines written after the printed
// templates (the spec prints no record values): BUYLOG single and dual wallet,
// storedetail, keydetail, FULLLOG in both field orders, ALLOWLOG.
#include "protocol/canteen/upload.h"

#include <gtest/gtest.h>

#include "protocol/canteen/family.h"
#include "protocol/canteen/record_lines.h"

namespace zkpush::protocol::canteen {
namespace {

// SysID CardNo PosTime PosMoney Balance CardRecID State MealType MealDate RecNo OPID (L651-L677)
constexpr std::string_view kBuySingle = "1001\t20001\t2018-12-20 17:20:13\t350\t9650\t5\t0\t2\t2018-12-20\t37\t1";
// ... SubPosMoney SubBalance User_PIN (L679-L709)
constexpr std::string_view kBuyDual =
    "1001\t20001\t2018-12-20 17:20:13\t200\t9450\t6\t0\t2\t2018-12-20\t38\t1\t150\t850\tP7";

TEST(CanteenBuylog, SingleWallet) {
  CanteenUpload up;
  parse_buylog(kBuySingle, up);
  ASSERT_EQ(up.transactions.size(), 1u);
  ASSERT_TRUE(up.rejected.empty());
  const Transaction& t = up.transactions[0];
  EXPECT_EQ(t.family, Family::kPos);
  EXPECT_EQ(t.sys_id, "1001");
  EXPECT_EQ(t.card_no, "20001");
  EXPECT_EQ(t.time, "2018-12-20 17:20:13");
  EXPECT_EQ(t.money, 350);
  EXPECT_EQ(t.balance, 9650);
  EXPECT_EQ(t.card_seq, 5);
  EXPECT_EQ(t.kind, 0);
  EXPECT_EQ(t.meal_type, 2);
  EXPECT_EQ(t.meal_date, "2018-12-20");
  EXPECT_EQ(t.rec_no, 37);
  EXPECT_EQ(t.op_id, "1");
  EXPECT_FALSE(t.sub.has_value());
  EXPECT_EQ(t.line, kBuySingle);
  EXPECT_EQ(up.lines, 1);
}

TEST(CanteenBuylog, DualWalletByFieldCount) {
  CanteenUpload up;
  parse_buylog(std::string(kBuySingle) + "\n" + std::string(kBuyDual) + "\n", up);
  ASSERT_EQ(up.transactions.size(), 2u);
  const Transaction& t = up.transactions[1];
  ASSERT_TRUE(t.sub.has_value());
  EXPECT_EQ(t.money, 200);
  EXPECT_EQ(t.sub->money, 150);
  EXPECT_EQ(t.sub->balance, 850);
  EXPECT_EQ(t.sub->user_pin, "P7");
  EXPECT_EQ(t.rec_no, 38);
}

TEST(CanteenBuylog, DualWalletWithoutUserPin) {
  CanteenUpload up;
  // An empty User_PIN as a trailing TAB, and the same line without it (13 fields).
  parse_buylog("1\t2\t2018-12-20 17:20:13\t200\t9450\t6\t0\t2\t\t38\t1\t150\t850\t\n"
               "1\t2\t2018-12-20 17:20:13\t200\t9450\t6\t0\t2\t\t39\t1\t150\t850",
               up);
  ASSERT_EQ(up.transactions.size(), 2u) << (up.rejected.empty() ? "" : up.rejected[0].reason);
  for (const auto& t : up.transactions) {
    ASSERT_TRUE(t.sub.has_value());
    EXPECT_EQ(t.sub->money, 150);
    EXPECT_EQ(t.sub->user_pin, "");
  }
  EXPECT_EQ(up.transactions[0].op_id, "1");
}

TEST(CanteenBuylog, PosTimeAsSecondsAndAsIsoTime) {
  CanteenUpload up;
  parse_buylog("1\t2\t1545326413\t1\t1\t1\t0\t0\t\t1\t0\n1\t2\t2018-12-20T17:20:13\t1\t1\t2\t0\t0\t\t2\t0", up);
  ASSERT_EQ(up.transactions.size(), 2u);
  EXPECT_EQ(up.transactions[0].time, "2018-12-20 17:20:13");  // L713: an int of seconds
  EXPECT_EQ(up.transactions[1].time, "2018-12-20 17:20:13");
}

TEST(CanteenBuylog, CrlfAndBlankLines) {
  CanteenUpload up;
  parse_buylog(std::string(kBuySingle) + "\r\n\r\n" + std::string(kBuyDual) + "\r\n", up);
  EXPECT_EQ(up.transactions.size(), 2u);
  EXPECT_EQ(up.lines, 2);
}

TEST(CanteenBuylog, BadLinesAreRejectedWithTheReasonAndTheRestIsRead) {
  CanteenUpload up;
  parse_buylog("1001\t20001\t2018-12-20 17:20:13\t3.50\t9650\t5\t0\t2\t\t37\t1\n"  // money with a point
               "1001\t20001\t2018-12-20 17:20:13\t350\t9650\t5\t0\t2\n"           // 8 fields
               "1001\t20001\tyesterday\t350\t9650\t5\t0\t2\t\t39\t1\n" +
                   std::string(kBuySingle),
               up);
  ASSERT_EQ(up.rejected.size(), 3u);
  EXPECT_EQ(up.rejected[0].reason, "BUYLOG: PosMoney '3.50' is not a whole number");
  EXPECT_EQ(up.rejected[1].reason, "BUYLOG: 8 fields, expected 11 (single wallet) or 14 (dual wallet)");
  EXPECT_EQ(up.rejected[2].reason, "BUYLOG: PosTime 'yesterday' is not a time");
  ASSERT_EQ(up.transactions.size(), 1u);
  EXPECT_EQ(up.lines, 4);
}

TEST(CanteenItemDetails, StoredetailAndKeydetail) {
  CanteenUpload up;
  parse_item_details(ItemDetail::Kind::kProduct, "37\t5\t200\t1\n37\t9\t150\t2", up);  // RecNo StoreNo Price RecSum
  parse_item_details(ItemDetail::Kind::kKey, "38\t3\t350\t1", up);                   // RecNo KeyID Price RecSum
  ASSERT_EQ(up.details.size(), 3u);
  EXPECT_EQ(up.details[0].kind, ItemDetail::Kind::kProduct);
  EXPECT_EQ(up.details[0].rec_no, 37);
  EXPECT_EQ(up.details[0].item, "5");
  EXPECT_EQ(up.details[0].price, 200);
  EXPECT_EQ(up.details[0].rec_sum, "1");
  EXPECT_EQ(up.details[2].kind, ItemDetail::Kind::kKey);
  EXPECT_EQ(up.details[2].item, "3");
  CanteenUpload bad;
  parse_item_details(ItemDetail::Kind::kKey, "38\t3\t350", bad);
  ASSERT_EQ(bad.rejected.size(), 1u);
  EXPECT_EQ(bad.rejected[0].reason, "keydetail: 3 fields, expected 4");
}

// SysID CardNo CardRecNo Suptime Money Balance LogType, then RecNo OPID (field list, L938-L970)
constexpr std::string_view kFullRecNoFirst = "1001\t20001\t7\t2018-12-20 17:20:13\t5000\t14650\t0\t12\t3";
// ... or OPID RecNo (template, L934)
constexpr std::string_view kFullOpidFirst = "1001\t20001\t7\t2018-12-20 17:20:13\t5000\t14650\t0\t3\t12";

TEST(CanteenFulllog, BothOrders) {
  for (auto [line, order] : {std::pair{kFullRecNoFirst, FulllogOrder::kRecNoThenOpid},
                             std::pair{kFullOpidFirst, FulllogOrder::kOpidThenRecNo}}) {
    CanteenUpload up;
    parse_fulllog(line, order, up);
    ASSERT_EQ(up.transactions.size(), 1u);
    const Transaction& t = up.transactions[0];
    EXPECT_EQ(t.family, Family::kFull);
    EXPECT_EQ(t.card_seq, 7);
    EXPECT_EQ(t.time, "2018-12-20 17:20:13");
    EXPECT_EQ(t.money, 5000);
    EXPECT_EQ(t.balance, 14650);
    EXPECT_EQ(t.kind, 0);
    EXPECT_EQ(t.rec_no, 12);
    EXPECT_EQ(t.op_id, "3");
  }
}

TEST(CanteenFulllog, OrderDecidedByStampId) {
  const std::string two = std::string(kFullOpidFirst) + "\n1001\t20001\t8\t2018-12-20 17:21:00\t100\t14750\t2\t3\t13";
  EXPECT_EQ(detect_fulllog_order(two, 13, std::nullopt), FulllogOrder::kOpidThenRecNo);
  const std::string recno_first =
      std::string(kFullRecNoFirst) + "\n1001\t20001\t8\t2018-12-20 17:21:00\t100\t14750\t2\t13\t3";
  EXPECT_EQ(detect_fulllog_order(recno_first, 13, std::nullopt), FulllogOrder::kRecNoThenOpid);
}

TEST(CanteenFulllog, OrderDecidedBySequenceWhenStampIdCannot) {
  // No StampId: the column that continues the sequence (next RecNo 12) is RecNo.
  EXPECT_EQ(detect_fulllog_order(kFullOpidFirst, std::nullopt, 12), FulllogOrder::kOpidThenRecNo);
  EXPECT_EQ(detect_fulllog_order(kFullRecNoFirst, std::nullopt, 12), FulllogOrder::kRecNoThenOpid);
  // A non-numeric operator cannot be RecNo.
  EXPECT_EQ(detect_fulllog_order("1\t2\t7\t2018-12-20 17:20:13\t5\t5\t0\tadmin\t12", std::nullopt, std::nullopt),
            FulllogOrder::kOpidThenRecNo);
}

TEST(CanteenFulllog, UndecidableIsUnknown) {
  // OPID equals RecNo: either reading fits.
  EXPECT_EQ(detect_fulllog_order("1\t2\t7\t2018-12-20 17:20:13\t5\t5\t0\t12\t12", 12, 12), FulllogOrder::kUnknown);
  EXPECT_EQ(detect_fulllog_order("", 12, 12), FulllogOrder::kUnknown);
}

// SysID CardNo CardRecID Batch AllowTime AllowMoney Balance state BaseBatch RecNo (L1033-L1055)
TEST(CanteenAllowlog, TenFields) {
  CanteenUpload up;
  parse_allowlog("1001\t20001\t9\t4\t2018-12-21 08:00:00\t2000\t16750\t0\t4\t5", up);
  ASSERT_EQ(up.transactions.size(), 1u);
  const Transaction& t = up.transactions[0];
  EXPECT_EQ(t.family, Family::kAllow);
  EXPECT_EQ(t.card_seq, 9);
  EXPECT_EQ(t.batch, 4);
  EXPECT_EQ(t.time, "2018-12-21 08:00:00");
  EXPECT_EQ(t.money, 2000);
  EXPECT_EQ(t.balance, 16750);
  EXPECT_EQ(t.base_batch, 4);
  EXPECT_EQ(t.rec_no, 5);
  CanteenUpload bad;
  parse_allowlog("1001\t20001\t9\t4\t2018-12-21 08:00:00\t2000\t16750\t0\t4", bad);
  EXPECT_EQ(bad.rejected.size(), 1u);
}

TEST(CanteenRecordLines, RoundTripEveryLayout) {
  CanteenUpload up;
  parse_buylog(std::string(kBuySingle) + "\n" + std::string(kBuyDual), up);
  parse_fulllog(kFullOpidFirst, FulllogOrder::kOpidThenRecNo, up);
  parse_allowlog("1001\t20001\t9\t4\t2018-12-21 08:00:00\t2000\t16750\t0\t4\t5", up);
  parse_item_details(ItemDetail::Kind::kProduct, "37\t5\t200\t1", up);
  ASSERT_EQ(up.transactions.size(), 4u);
  EXPECT_EQ(format_buylog_line(up.transactions[0]), kBuySingle);
  EXPECT_EQ(format_buylog_line(up.transactions[1]), kBuyDual);
  EXPECT_EQ(format_fulllog_line(up.transactions[2], FulllogOrder::kOpidThenRecNo), kFullOpidFirst);
  EXPECT_EQ(format_fulllog_line(up.transactions[2], FulllogOrder::kRecNoThenOpid), kFullRecNoFirst);
  EXPECT_EQ(format_allowlog_line(up.transactions[3]), "1001\t20001\t9\t4\t2018-12-21 08:00:00\t2000\t16750\t0\t4\t5");
  EXPECT_EQ(format_item_line(up.details[0]), "37\t5\t200\t1");
}

TEST(CanteenUploadTable, NamesAndBackups) {
  EXPECT_EQ(upload_table("BUYLOG").kind, UploadTable::Kind::kLog);
  EXPECT_EQ(upload_table("buylog").family, Family::kPos);
  EXPECT_FALSE(upload_table("BUYLOG").backup);
  EXPECT_TRUE(upload_table("FULLLOGBAK").backup);
  EXPECT_EQ(upload_table("FULLLOGBAK").family, Family::kFull);
  EXPECT_EQ(upload_table("ALLOWLOGBAK").family, Family::kAllow);
  EXPECT_EQ(upload_table("storedetail").kind, UploadTable::Kind::kStoreDetail);
  EXPECT_EQ(upload_table("keydetail").kind, UploadTable::Kind::kKeyDetail);
  EXPECT_EQ(upload_table("timedetail").kind, UploadTable::Kind::kOther);
  EXPECT_EQ(stamp_key(Family::kPos), "PosLogStamp");
  EXPECT_EQ(stamp_id_key(Family::kFull), "FullLogStampId");
  EXPECT_EQ(backup_stamp_id_key(Family::kAllow), "AllowBakLogStampId");
}

}  // namespace
}  // namespace zkpush::protocol::canteen
