// Uploads: a terminal is told "OK" only for records that are durable, and a
// batch it sends again is acknowledged again (the store drops the repeat by
// its natural key), so a terminal never keeps resending nor loses a punch.
#include <gtest/gtest.h>

#include <string>

#include "device_service_fixture.h"

namespace zkpush::test {
namespace {

const std::string kAttlog = "/iclock/cdata?SN=IN1&table=ATTLOG&Stamp=7";
const std::string kTwoPunches = "1\t2026-11-28 08:00:00\t0\t1\t0\t0\n2\t2026-11-28 08:01:00\t0\t1\t0\t0\n";

class IngestTest : public DeviceServiceTest {
 protected:
  IngestTest() { request("GET", "/iclock/cdata?SN=IN1&options=all&pushver=2.4.1"); }
};

TEST_F(IngestTest, AnUploadIsAcknowledgedOnlyOnceItsRecordsAreCommitted) {
  store_.hold_commits = true;
  Call call;
  start("POST", kAttlog, kTwoPunches, call);
  EXPECT_FALSE(call.done) << "acknowledged before the commit: " << call.reply.body;
  ASSERT_TRUE(store_.release_one());
  ASSERT_TRUE(call.done);
  EXPECT_EQ(call.reply.body, "OK: 2");
  const auto inserts = store_.committed_ops<store::InsertAttendance>();
  ASSERT_EQ(inserts.size(), 1u);
  ASSERT_EQ(inserts[0].records.size(), 2u);
  EXPECT_EQ(inserts[0].records[1].pin, "2");
  EXPECT_EQ(inserts[0].records[1].time, "2026-11-28 08:01:00");
}

TEST_F(IngestTest, ABatchSentAgainIsAcknowledgedAgainWithTheSameRecords) {
  EXPECT_EQ(request("POST", kAttlog, kTwoPunches).reply.body, "OK: 2");
  EXPECT_EQ(request("POST", kAttlog, kTwoPunches).reply.body, "OK: 2");  // the terminal moves on
  const auto inserts = store_.committed_ops<store::InsertAttendance>();
  ASSERT_EQ(inserts.size(), 2u);
  ASSERT_EQ(inserts[1].records.size(), inserts[0].records.size());
  for (std::size_t i = 0; i < inserts[0].records.size(); ++i) {  // the same natural keys: the store keeps one
    EXPECT_EQ(inserts[1].records[i].pin, inserts[0].records[i].pin);
    EXPECT_EQ(inserts[1].records[i].time, inserts[0].records[i].time);
  }
}

}  // namespace
}  // namespace zkpush::test
