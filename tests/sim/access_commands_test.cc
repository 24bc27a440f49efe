// What the emulated access panel does with each command (sim/access_panel.h).
#include <gtest/gtest.h>

#include "sim/access_panel.h"

namespace zkpush::sim {
namespace {

AccessPanelDb panel(int doors) {
  AccessPanelDb db;
  db.doors.resize(static_cast<std::size_t>(doors));
  return db;
}

AccessCommandResult run(AccessPanelDb& db, const std::string& id, const std::string& text) {
  return execute_access_command(db, ServerCommand{id, text}, "2026-12-07 08:00:00");
}

TEST(AccessPanelCommands, DataUpdateOfSeveralRowsAndDeleteByPinOrAll) {
  auto db = panel(1);
  EXPECT_EQ(run(db, "1", "DATA UPDATE user Pin=1\tName=Ana\nPin=2\tName=Ben").reply, "ID=1&Return=0&CMD=DATA");
  EXPECT_EQ(db.tables["user"].size(), 2u);
  EXPECT_EQ(run(db, "2", "DATA UPDATE user Pin=1\tName=Ana Maria").reply, "ID=2&Return=0&CMD=DATA");
  EXPECT_EQ(db.tables["user"].size(), 2u);  // the same Pin is updated in place
  EXPECT_EQ(db.tables["user"]["1"][1].second, "Ana Maria");
  run(db, "3", "DATA UPDATE templatev10 Pin=1\tFingerID=6\tValid=1\tTemplate=AA==\nPin=1\tFingerID=7\tValid=1\tTemplate=BB==");
  EXPECT_EQ(db.tables["templatev10"].size(), 2u);
  EXPECT_EQ(run(db, "4", "DATA DELETE user Pin=2").reply, "ID=4&Return=0&CMD=DATA");
  EXPECT_EQ(db.tables["user"].size(), 1u);
  EXPECT_EQ(run(db, "5", "DATA DELETE templatev10 *").reply, "ID=5&Return=0&CMD=DATA");
  EXPECT_TRUE(db.tables["templatev10"].empty());
  EXPECT_EQ(run(db, "6", "DATA UPDATE user").reply, "ID=6&Return=-11&CMD=DATA");
}

TEST(AccessPanelCommands, CountQueryAndOptionsAnswerOnQuerydata) {
  auto db = panel(1);
  run(db, "1", "DATA UPDATE user Pin=1\tName=Ana");
  auto count = run(db, "2", "DATA COUNT user");
  EXPECT_EQ(count.reply, "ID=2&Return=1&CMD=DATA COUNT");
  ASSERT_EQ(count.uploads.size(), 1u);
  EXPECT_EQ(count.uploads[0].query, "type=count&cmdid=2&tablename=user&count=1&packcnt=1&packidx=1");
  EXPECT_EQ(count.uploads[0].body, "user=1");
  auto query = run(db, "3", "DATA QUERY tablename=user,fielddesc=*,filter=*");
  EXPECT_EQ(query.reply, "ID=3&Return=1&CMD=DATA QUERY");
  EXPECT_EQ(query.uploads[0].body, "user pin=1\tname=Ana\n");  // the upload spelling (CN24 §10.5)
  run(db, "4", "SET OPTIONS Door1Drivetime=5,Door1SensorType=2");
  auto options = run(db, "5", "GET OPTIONS Door1Drivetime,Nope");
  EXPECT_EQ(options.uploads[0].body, "Door1Drivetime=5");
}

TEST(AccessPanelCommands, DoorControlRecordsThePanelsEventsAndState) {
  auto db = panel(2);
  EXPECT_EQ(run(db, "1", "CONTROL DEVICE 01020105").reply, "ID=1&Return=0&CMD=CONTROL DEVICE");
  EXPECT_TRUE(db.doors[1].unlocked);
  EXPECT_FALSE(db.doors[0].unlocked);
  ASSERT_EQ(db.events.size(), 1u);
  EXPECT_EQ(db.events[0].record.event, 8);
  EXPECT_EQ(db.events[0].record.door, 2);
  run(db, "2", "CONTROL DEVICE 010001FF");
  EXPECT_TRUE(db.doors[0].keep_open);
  EXPECT_EQ(db.events.size(), 3u);  // 205 for each door
  run(db, "3", "CONTROL DEVICE 01000100");
  EXPECT_FALSE(db.doors[0].unlocked);
  EXPECT_FALSE(db.doors[1].keep_open);
  EXPECT_EQ(db.events.back().record.event, 9);
  EXPECT_TRUE(db.state_changed);
  EXPECT_EQ(run(db, "4", "CONTROL DEVICE 01050105").reply, "ID=4&Return=-13&CMD=CONTROL DEVICE");  // no door 5
  // The attendance dialect's table is no table of a panel (push3_catalog §3.4).
  EXPECT_EQ(run(db, "5", "DATA UPDATE USERINFO PIN=1").reply, "ID=5&Return=-629&CMD=DATA");
  EXPECT_EQ(run(db, "6", "INFO").reply, "ID=6&Return=-13&CMD=INFO");
}

}  // namespace
}  // namespace zkpush::sim
