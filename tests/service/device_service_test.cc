// Service policy without sockets or SQLite: which requests touch the store,
// what is acknowledged, and what happens when storage fails.
#include <gtest/gtest.h>

#include "device_service_fixture.h"

namespace zkpush::test {
namespace {

TEST_F(DeviceServiceTest, IdlePollNeverTouchesTheStore) {
  request("GET", "/iclock/cdata?SN=A1&options=all&pushver=2.4.1");
  request("GET", "/iclock/getrequest?SN=A1&INFO=Ver 1.0,1,2,3,10.0.0.7,10,7,15,0,111");  // INFO stored once
  service_.sync().flush();  // the new terminal's first reconciliation reads the store, on its own thread
  const int before = store_.calls.load();
  for (int i = 0; i < 1000; ++i) {
    auto call = request("GET", "/iclock/getrequest?SN=A1&INFO=Ver 1.0,1,2,3,10.0.0.7,10,7,15,0,111");
    ASSERT_EQ(call.reply.body, "OK");
  }
  request("GET", "/iclock/ping?SN=A1");
  EXPECT_EQ(store_.calls.load(), before);
}

TEST_F(DeviceServiceTest, ANewTerminalsHandshakeIsStoredWithItsRegistrationInOneWrite) {
  request("GET", "/iclock/cdata?SN=NEW1&options=all&pushver=2.4.1&language=69");
  const auto created = store_.committed_ops<store::CreateDevice>();
  ASSERT_EQ(created.size(), 1u);
  ASSERT_TRUE(created[0].identity.has_value());
  EXPECT_EQ(created[0].identity->push_version, "2.4.1");
  EXPECT_EQ(created[0].identity->language, "69");
  EXPECT_TRUE(store_.committed_ops<store::UpdateDeviceIdentity>().empty());
  // Its next handshake says the same: nothing to write.
  request("GET", "/iclock/cdata?SN=NEW1&options=all&pushver=2.4.1&language=69");
  EXPECT_TRUE(store_.committed_ops<store::UpdateDeviceIdentity>().empty());
}

TEST_F(DeviceServiceTest, PollReadsTheStoreOnlyWhenCommandsWait) {
  request("GET", "/iclock/cdata?SN=A1&options=all&pushver=2.4.1");
  auto device = service_.registry().find("A1");
  ASSERT_TRUE(device);
  std::string id;
  service_.commands().enqueue(device, "INFO", [&id](Result<std::string> r) { id = *r; });
  store::CommandRow row;
  row.id = id;
  row.command = "INFO";
  store_.queued = {row};
  EXPECT_EQ(request("GET", "/iclock/getrequest?SN=A1").reply.body, "C:" + id + ":INFO\n");
  store_.queued.clear();
  service_.sync().flush();
  const int before = store_.calls.load();
  EXPECT_EQ(request("GET", "/iclock/getrequest?SN=A1").reply.body, "OK");
  EXPECT_EQ(store_.calls.load(), before);
}

TEST_F(DeviceServiceTest, StorageFailureIsNotAcknowledged) {
  request("GET", "/iclock/cdata?SN=A1&options=all&pushver=2.4.1");
  store_.fail_writes = true;
  auto call = request("POST", "/iclock/cdata?SN=A1&table=ATTLOG&Stamp=1", "1\t2024-01-01 00:00:00\t0\t1\n");
  EXPECT_EQ(call.reply.kind, DeviceReply::Kind::kUnavailable);
  EXPECT_NE(call.reply.body.rfind("OK", 0), 0u);
}

TEST_F(DeviceServiceTest, UnknownDeviceIsRegisteredOnceWithItsIdentity) {
  request("GET", "/iclock/cdata?SN=NEW1&options=all&pushver=2.4.1&language=83&DeviceType=att");
  request("GET", "/iclock/getrequest?SN=NEW1");
  ASSERT_EQ(service_.registry().all().size(), 1u);
  auto row = service_.registry().find("NEW1")->snapshot();
  EXPECT_EQ(row.push_version, "2.4.1");
  EXPECT_EQ(row.language, "83");
  EXPECT_EQ(row.device_type, "att");
  EXPECT_EQ(row.ip, "10.0.0.7");
  EXPECT_EQ(row.user_agent, "iClock Proxy/1.09");
  EXPECT_EQ(service_.registry().find("NEW1")->charset(), Charset::kGb2312);
}

TEST_F(DeviceServiceTest, LastSeenIsFlushedInOneBatchNotPerPoll) {
  request("GET", "/iclock/cdata?SN=A1&options=all&pushver=2.4.1");
  request("GET", "/iclock/cdata?SN=A2&options=all&pushver=2.4.1");
  for (int i = 0; i < 10; ++i) {
    request("GET", "/iclock/getrequest?SN=A1");
    request("GET", "/iclock/getrequest?SN=A2");
  }
  const auto batches = store_.committed.size();
  for (const auto& batch : store_.committed)
    for (const auto& op : batch.ops) EXPECT_FALSE(std::holds_alternative<store::SetLastSeen>(op));
  service_.tick(std::numeric_limits<int64_t>::max() / 2);
  // One last-seen batch for both devices (and the devices' going offline).
  int last_seen_batches = 0;
  for (std::size_t i = batches; i < store_.committed.size(); ++i)
    for (const auto& op : store_.committed[i].ops)
      if (auto* seen = std::get_if<store::SetLastSeen>(&op)) {
        EXPECT_EQ(seen->seen.size(), 2u);
        ++last_seen_batches;
      }
  EXPECT_EQ(last_seen_batches, 1);
}

// 004 §12.3.3: when the terminal counts more records than were stored, the
// server queues DATA QUERY for the window. The terminal's reply is
// acknowledged only once that query is committed: an OK before it would let a
// crash, or the terminal's next poll, miss the query.
TEST_F(DeviceServiceTest, VerifySumMismatchIsAcknowledgedOnlyOnceTheQueryIsCommitted) {
  request("GET", "/iclock/cdata?SN=A1&options=all&pushver=2.4.1");
  service_.sync().flush();
  store_.hold_commits = true;
  Call call;
  start("POST", "/iclock/devicecmd?SN=A1",
        "ID=7&Return=0&CMD=VERIFY SUM&StartTime=2026-11-01 00:00:00&EndTime=2026-11-30 23:59:59&AttlogSum=5\n", call);
  EXPECT_FALSE(call.done);
  ASSERT_TRUE(store_.release_one());  // the reply; none stored in the window, so a DATA QUERY is queued
  EXPECT_FALSE(call.done) << "acknowledged before the DATA QUERY was committed";
  ASSERT_TRUE(store_.release_one());  // the DATA QUERY and the mismatch event
  ASSERT_TRUE(call.done);
  EXPECT_EQ(call.reply.body, "OK");
  const auto& ops = store_.committed.back().ops;
  ASSERT_FALSE(ops.empty());
  const auto* query = std::get_if<store::EnqueueCommand>(&ops.back());
  ASSERT_NE(query, nullptr);
  EXPECT_EQ(query->command, "DATA QUERY ATTLOG StartTime=2026-11-01 00:00:00\tEndTime=2026-11-30 23:59:59");
  EXPECT_FALSE(store_.release_one());
}

TEST_F(DeviceServiceTest, MissingSerialNumberIsABadRequest) {
  EXPECT_EQ(request("GET", "/iclock/getrequest").reply.kind, DeviceReply::Kind::kBadRequest);
}

service::ServiceConfig with_admission(store::AdmissionPolicy policy) {
  service::ServiceConfig config;
  config.admission = policy;
  return config;
}

// The server's admission policy is approve: new terminals are pending.
class PendingDeviceTest : public DeviceServiceTest {
 protected:
  PendingDeviceTest() : DeviceServiceTest(with_admission(store::AdmissionPolicy::kApprove)) {}
};

class AllowlistTest : public DeviceServiceTest {
 protected:
  AllowlistTest() : DeviceServiceTest(with_admission(store::AdmissionPolicy::kAllowlist)) {}
};

TEST_F(PendingDeviceTest, PendingDeviceStaysConnectedButItsDataIsNotTaken) {
  auto handshake = request("GET", "/iclock/cdata?SN=P1&options=all&pushver=2.4.1");
  EXPECT_EQ(handshake.reply.kind, DeviceReply::Kind::kOk);
  EXPECT_EQ(handshake.reply.body.rfind("GET OPTION FROM: P1\n", 0), 0u) << handshake.reply.body;
  ASSERT_EQ(service_.registry().find("P1")->admission(), store::AdmissionState::kPending);
  EXPECT_EQ(request("POST", "/iclock/cdata?SN=P1&table=options", "~DeviceName=MB10,FWVersion=Ver 8.0").reply.kind,
            DeviceReply::Kind::kOk);
  EXPECT_EQ(request("GET", "/iclock/ping?SN=P1").reply.body, "OK");
  const auto batches = store_.committed.size();
  for (const char* upload : {"/iclock/cdata?SN=P1&table=ATTLOG&Stamp=1", "/iclock/cdata?SN=P1&table=OPERLOG&Stamp=1",
                             "/iclock/devicecmd?SN=P1", "/iclock/fdata?SN=P1&table=ATTPHOTO&PIN=1.jpg"}) {
    auto call = request("POST", upload, "1\t2024-01-01 00:00:00\t0\t1\n");
    EXPECT_EQ(call.reply.kind, DeviceReply::Kind::kUnavailable) << upload;
  }
  EXPECT_EQ(request("GET", "/iclock/cdata?SN=P1&table=RemoteAtt&PIN=1").reply.kind, DeviceReply::Kind::kUnavailable);
  EXPECT_EQ(store_.committed.size(), batches);  // nothing stored
}

TEST_F(PendingDeviceTest, PendingDevicePollIsAnsweredFromMemoryWithoutCommands) {
  request("GET", "/iclock/cdata?SN=P1&options=all&pushver=2.4.1");
  auto device = service_.registry().find("P1");
  service_.commands().enqueue(device, "INFO", [](Result<std::string>) {});  // waits for the approval
  service_.sync().flush();  // the handshake's reconciliation reads the store, on its own thread
  const int before = store_.calls.load();
  for (int i = 0; i < 100; ++i)
    ASSERT_EQ(request("GET", "/iclock/getrequest?SN=P1&INFO=Ver 1.0,1,2,3,10.0.0.7,10,7,15,0,111").reply.body, "OK");
  EXPECT_EQ(store_.calls.load(), before);
}

TEST_F(PendingDeviceTest, ItsOwnPolicyOpenApprovesItAtItsNextRequest) {
  request("GET", "/iclock/cdata?SN=P1&options=all&pushver=2.4.1");
  auto device = service_.registry().find("P1");
  device->apply_admission_policy(store::AdmissionPolicy::kOpen);
  auto call = request("POST", "/iclock/cdata?SN=P1&table=ATTLOG&Stamp=1", "1\t2024-01-01 00:00:00\t0\t1\n");
  EXPECT_EQ(call.reply.body, "OK: 1");
  EXPECT_EQ(device->admission(), store::AdmissionState::kApproved);
}

TEST_F(AllowlistTest, UnknownDeviceIsRefusedWithoutBeingStored) {
  EXPECT_EQ(request("GET", "/iclock/cdata?SN=X1&options=all").reply.kind, DeviceReply::Kind::kForbidden);
  EXPECT_EQ(request("POST", "/iclock/cdata?SN=X1&table=ATTLOG", "1\t2024-01-01 00:00:00\t0\t1\n").reply.kind,
            DeviceReply::Kind::kForbidden);
  EXPECT_TRUE(store_.committed_ops<store::CreateDevice>().empty());
  EXPECT_TRUE(store_.committed_ops<store::InsertAttendance>().empty());
  EXPECT_EQ(service_.registry().find("X1"), nullptr);
}

}  // namespace
}  // namespace zkpush::test
