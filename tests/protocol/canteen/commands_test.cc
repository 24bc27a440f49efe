// Every command format of spec 001 §7 (catalog §7), with the spec's own
// examples where it prints one, and the printed defects resolved as the
// catalog recommends (§10).
#include "protocol/canteen/commands.h"

#include <gtest/gtest.h>

#include "protocol/canteen/master_tables.h"

namespace zkpush::protocol::canteen {
namespace {

Fields row_of(std::string_view table, const Fields& given) {
  auto row = master_row(*master_table(table), given);
  EXPECT_TRUE(row.ok()) << (row.ok() ? "" : row.error().message);
  return row.ok() ? *row : Fields{};
}

TEST(CanteenUpdate, EveryMasterTableInItsPrintedOrder) {
  EXPECT_EQ(format_update("PRESSKEY", row_of("PRESSKEY", {{"Price", "350"}, {"KeyID", "3"}})),
            "UPDATE PRESSKEY KeyID=3\tPrice=350");
  EXPECT_EQ(format_update("STOREINFO", row_of("STOREINFO", {{"StoreNo", "5"}, {"Name", "Rice"}, {"Bc", "6901234"},
                                                           {"Price", "200"}, {"agio", "100"}})),
            "UPDATE STOREINFO StoreNo=5\tName=Rice\tBc=6901234\tPrice=200\tagio=100");
  EXPECT_EQ(format_update("MEALTYPE", row_of("MEALTYPE", {{"Mlid", "2"}, {"Name", "Lunch"}, {"Start", "11:00"},
                                                         {"End", "1330"}})),
            "UPDATE MEALTYPE Mlid=2\tName=Lunch\tStart=1100\tEnd=1330");
  EXPECT_EQ(format_update("TIMESEG", row_of("TIMESEG", {{"SegID", "1"}, {"TsID", "2"}, {"Start", "0700"},
                                                       {"End", "0900"}})),
            "UPDATE TIMESEG SegID=1\tTsID=2\tStart=0700\tEnd=0900");
  // Printed "UPDATE FIXD".
  EXPECT_EQ(format_update("FIXED", row_of("FIXED", {{"TsID", "2"}, {"Start", "1100"}, {"End", "1330"}, {"Price", "500"}})),
            "UPDATE FIXED TsID=2\tStart=1100\tEnd=1330\tPrice=500");
  // Printed with "\Mealmaxmoney", "Lowlimit=t=" and "BatchNo=XX"; absent numbers are 0.
  EXPECT_EQ(format_update("CARDTYPE", row_of("CARDTYPE", {{"SortID", "1"}, {"Name", "Staff"}, {"Daymaxmoney", "5000"}})),
            "UPDATE CARDTYPE SortID=1\tName=Staff\trebate=0\tTimemaxmoney=0\tDaymaxmoney=5000\tMealmaxmoney=0\t"
            "Daymaxtimes=0\tMealmaxtimes=0\tLowlimit=0\tMaxlimit=0\tMealType=0\tEnable=0\tlimit=\tBatchNo=0\t"
            "UseFinger=0");
}

TEST(CanteenMasterRows, ValidationAndKeys) {
  const MasterTable& store = *master_table("storeinfo");
  EXPECT_EQ(store.name, "STOREINFO");
  EXPECT_FALSE(master_row(store, {{"StoreNo", "5"}, {"Price", "2.50"}}).ok());  // money is whole
  EXPECT_FALSE(master_row(store, {{"Name", "Rice"}}).ok());                    // key missing
  EXPECT_FALSE(master_row(store, {{"StoreNo", "5"}, {"Colour", "red"}}).ok());  // not a field
  EXPECT_FALSE(master_row(*master_table("MEALTYPE"), {{"Mlid", "1"}, {"Start", "25:00"}}).ok());
  EXPECT_EQ(row_key(*master_table("TIMESEG"), row_of("TIMESEG", {{"SegID", "1"}, {"TsID", "2"}})), "1-2");
  EXPECT_EQ(master_table("USERINFO"), nullptr);
  EXPECT_EQ(master_tables().size(), 6u);
}

TEST(CanteenDelete, ByKeyOrFullRow) {
  EXPECT_EQ(format_master_delete(*master_table("STOREINFO"), row_of("STOREINFO", {{"StoreNo", "5"}, {"Price", "1"}})),
            "DELETE STOREINFO StoreNo=5");
  EXPECT_EQ(format_master_delete(*master_table("PRESSKEY"), row_of("PRESSKEY", {{"KeyID", "3"}})),
            "DELETE PRESSKEY KeyID=3");
  EXPECT_EQ(format_master_delete(*master_table("MEALTYPE"), row_of("MEALTYPE", {{"Mlid", "2"}})),
            "DELETE MEALTYPE Mlid=2");
  EXPECT_EQ(format_master_delete(*master_table("CARDTYPE"), row_of("CARDTYPE", {{"SortID", "1"}})),
            "DELETE CARDTYPE SortID=1");
  EXPECT_EQ(format_master_delete(*master_table("TIMESEG"),
                                 row_of("TIMESEG", {{"SegID", "1"}, {"TsID", "2"}, {"Start", "0700"}, {"End", "0900"}})),
            "DELETE TIMESEG SegID=1\tTsID=2\tStart=0700\tEnd=0900");
  EXPECT_EQ(format_master_delete(*master_table("FIXED"), row_of("FIXED", {{"TsID", "2"}})),
            "DELETE FIXED TsID=2\tStart=0000\tEnd=0000\tPrice=0");
  EXPECT_EQ(format_card_delete("1001"), "DELETE USERINFO SysID=1001");
}

TEST(CanteenQuery, WithAndWithoutCondition) {
  EXPECT_EQ(format_query("USERINFO"), "QUERY USERINFO");
  EXPECT_EQ(format_query("USERINFO", {{"SysID", "1001"}}), "QUERY USERINFO SysID=1001");
}

TEST(CanteenCardList, WhiteAndBlackList) {
  CardListEntry e;
  e.sys_id = "1001";
  e.user_id = "1001";
  e.pin = "7";
  e.card_no = "20001";
  e.name = "Ana";
  e.password = "1234";
  // L1280 prints UserID twice; the eighth key is sent as UserType.
  EXPECT_EQ(format_card_update(e),
            "UPDATE USERINFO SysID=1001\tUserID=1001\tPIN=7\tCardNo=20001\tName=Ana\tPassword=1234\tSegNo=0\t"
            "UserType=0\tPrivage=0");
  e.blacklisted = true;
  EXPECT_NE(format_card_update(e).find("\tUserType=1\t"), std::string::npos);
}

TEST(CanteenCardList, ValuesCannotForgeFieldsOrCommands) {
  CardListEntry e;
  e.sys_id = "1";
  e.name = "x\tUserType=0\nC:9:CLEAR DATA";
  const std::string line = format_card_update(e);
  EXPECT_EQ(line.find('\n'), std::string::npos);
  EXPECT_NE(line.find("Name=x UserType=0 C:9:CLEAR DATA\t"), std::string::npos);
}

TEST(CanteenSubsidy, SingleAndDualWallet) {
  SubsidyEntry s;
  s.sys_id = "1001";
  s.card_no = "20001";
  s.batch = 4;
  s.money = 2000;
  s.allow_date = subsidy_date(2018, 12, 21);
  s.down_date = subsidy_date(2018, 12, 20);
  EXPECT_EQ(s.allow_date, (18 * 12 + 12) * 31 + 21);
  // Printed "downd ate".
  EXPECT_EQ(format_subsidy(s, false),
            "UPDATE SUBSIDYLOG SysID=1001\tCardNo=20001\tBatch=4\tMoney=2000\tallowDate=7089\tdowndate=7088");
  EXPECT_EQ(format_subsidy(s, true),
            "UPDATE SUBSIDYLOG SysID=1001\tCardNo=20001\tBatch=4\tMoney=2000\tallowDate=7089\tdowndate=7088\t"
            "StartDate=7089\tClearFlag=0\tEndFlag=0");
  EXPECT_EQ(subsidy_date("2018-12-21"), 7089);
  EXPECT_FALSE(subsidy_date("21.12.2018").has_value());
}

TEST(CanteenClear, EveryFormat) {
  EXPECT_EQ(format_clear(Family::kPos), "CLEAR POSLOG");
  EXPECT_EQ(format_clear(Family::kFull), "CLEAR FULLVALUE");
  EXPECT_EQ(format_clear(Family::kAllow), "CLEAR SIDYLOG");
  EXPECT_EQ(kClearData, "CLEAR DATA");
  // L1195 says YYMMDD, its example is 20181201.
  EXPECT_EQ(format_clear_before("20181201"), "CLEAR ONRESPOSLOG DATE=20181201");
}

TEST(CanteenCheck, EveryFormat) {
  EXPECT_EQ(kCheckOption, "CHECK OPTION");
  EXPECT_EQ(format_check(Family::kPos), "CHECK POSLOG");
  EXPECT_EQ(format_check(Family::kFull), "CHECK FULLLOG");
  EXPECT_EQ(format_check(Family::kAllow), "CHECK ALLOWLOG");
  EXPECT_EQ(kCheckAll, "CHECK ALL");
}

TEST(CanteenSyncAndColl, EveryFamily) {
  // The spec lost the "C:<id>:" prefix and END's '='.
  EXPECT_EQ(format_sync(Family::kPos, 5, 9), "SYNC POSLOG START=5 END=9");
  EXPECT_EQ(format_sync(Family::kFull, 1, 1), "SYNC FULLLOG START=1 END=1");
  EXPECT_EQ(format_sync(Family::kAllow, 10, 20), "SYNC ALLOWLOG START=10 END=20");
  // The example date of L1427, space and all.
  EXPECT_EQ(format_coll(Family::kPos, "2018-12-24 12:33:01", "2018-12-25 12:33:01", "0"),
            "COLL POSLOG START=2018-12-24 12:33:01 END=2018-12-25 12:33:01 CARDNO=0");
  EXPECT_EQ(format_coll(Family::kFull, "2018-12-24 00:00:00", "2018-12-24 23:59:59", "20001"),
            "COLL FULLLOG START=2018-12-24 00:00:00 END=2018-12-24 23:59:59 CARDNO=20001");
  EXPECT_EQ(format_coll(Family::kAllow, "2018-12-24 00:00:00", "2018-12-24 23:59:59", ""),
            "COLL ALLOWLOG START=2018-12-24 00:00:00 END=2018-12-24 23:59:59 CARDNO=0");
}

TEST(CanteenControl, InfoSetOptionRebootShellFiles) {
  EXPECT_EQ(kInfo, "INFO");
  EXPECT_EQ(kReboot, "REBOOT");
  EXPECT_EQ(format_set_option({{"IPAddress", "192.168.1.225"}}), "SET OPTION IPAddress=192.168.1.225");  // L1239
  EXPECT_EQ(format_set_option({{"UseSection", "1"}, {"BackSection", "2"}}), "SET OPTION UseSection=1\tBackSection=2");
  EXPECT_EQ(format_shell("ls /mnt\nreboot"), "SHELL ls /mnt reboot");
  EXPECT_EQ(format_get_file("/mnt/mtdblock/options.cfg"), "GetFile /mnt/mtdblock/options.cfg");
  // The examples of L1510-L1512.
  EXPECT_EQ(format_put_file("file/fw/X938/main.tgz", "main.tgz"), "PutFile file/fw/X938/main.tgz main.tgz");
  EXPECT_EQ(format_put_file("file/fw/X938/main.tgz"), "PutFile file/fw/X938/main.tgz");
  EXPECT_EQ(format_put_file("file/fw/X938/main.tgz", "/mnt/"), "PutFile file/fw/X938/main.tgz /mnt/");
  EXPECT_EQ(format_put_file("file/fw/X938/ssruser.dat", "/mnt/mtdblock/ssruser.dat"),
            "PutFile file/fw/X938/ssruser.dat /mnt/mtdblock/ssruser.dat");
}

}  // namespace
}  // namespace zkpush::protocol::canteen
