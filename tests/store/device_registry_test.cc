// Devices: creation, identity, registration, last seen, properties,
// settings and upload stamps.

#include <gtest/gtest.h>

#include "store_test_util.h"

namespace zkpush::store::test {
namespace {

using DeviceRegistryTest = StoreTest;

TEST_P(DeviceRegistryTest, CreateDeviceAssignsIdsAndIsIdempotent) {
  DeviceId a = create_device("CQZ7224460045", 111);
  DeviceId b = create_device("OTHER", 222);
  EXPECT_GT(a, 0);
  EXPECT_NE(a, b);
  EXPECT_EQ(create_device("CQZ7224460045", 333), a);  // same serial, same id

  DeviceRow d = device(a);
  EXPECT_EQ(d.sn, "CQZ7224460045");
  EXPECT_EQ(d.first_seen, 111);  // the second create changed nothing
  EXPECT_EQ(d.last_seen, 111);
  EXPECT_FALSE(d.registered);  // only a PUSH 3.x registry exchange sets it
  EXPECT_EQ(d.last_handshake, 0);
  EXPECT_EQ(d.ip, "");
  EXPECT_TRUE(d.properties.empty());
  EXPECT_TRUE(d.stamps.empty());
}

TEST_P(DeviceRegistryTest, EmptySerialIsRejected) {
  Committed c = commit_op(*store_, CreateDevice{"", 1});
  ASSERT_FALSE(c.status.ok());
  EXPECT_EQ(c.status.error().kind, Error::Kind::kInvalidInput);
}

TEST_P(DeviceRegistryTest, IdentityUpdatesOnlyNonEmptyFields) {
  DeviceId id = create_device("ID1");
  ASSERT_TRUE(commit_op(*store_, UpdateDeviceIdentity{id, "10.0.0.5", "iClock Proxy/1.09", "2.4.1",
                                                      "69", "", "key1", 5000})
                  .status.ok());
  ASSERT_TRUE(commit_op(*store_, UpdateDeviceIdentity{id, "10.0.0.6", "", "", "", "acc", "", 0})
                  .status.ok());
  DeviceRow d = device(id);
  EXPECT_EQ(d.ip, "10.0.0.6");
  EXPECT_EQ(d.user_agent, "iClock Proxy/1.09");
  EXPECT_EQ(d.push_version, "2.4.1");
  EXPECT_EQ(d.language, "69");
  EXPECT_EQ(d.device_type, "acc");
  EXPECT_EQ(d.push_comm_key, "key1");
  EXPECT_EQ(d.last_handshake, 5000);  // 0 leaves it unchanged
}

TEST_P(DeviceRegistryTest, UpdatesOfUnknownDeviceAreNotFound) {
  Committed c = commit_op(*store_, UpdateDeviceIdentity{42, "1.2.3.4", "", "", "", "", "", 0});
  ASSERT_FALSE(c.status.ok());
  EXPECT_EQ(c.status.error().kind, Error::Kind::kNotFound);
  EXPECT_EQ(c.status.error().message, "UpdateDeviceIdentity: no device with id 42");
  Committed r = commit_op(*store_, SetAccessSession{42, "code", "session"});
  ASSERT_FALSE(r.status.ok());
  EXPECT_EQ(r.status.error().kind, Error::Kind::kNotFound);
}

TEST_P(DeviceRegistryTest, AnAccessSessionRegistersTheDevice) {
  DeviceId id = create_device("P3");
  EXPECT_FALSE(device(id).registered);
  ASSERT_TRUE(commit_op(*store_, SetAccessSession{id, "Uy47fxftP3", "30BFB04B2C8AECC7"}).status.ok());
  EXPECT_TRUE(device(id).registered);
  EXPECT_EQ(device(id).registry_code, "Uy47fxftP3");
  EXPECT_EQ(device(id).session_id, "30BFB04B2C8AECC7");
}

TEST_P(DeviceRegistryTest, LastSeenNeverMovesBackwards) {
  DeviceId a = create_device("LA", 100);
  DeviceId b = create_device("LB", 100);
  ASSERT_TRUE(commit_op(*store_, SetLastSeen{{{a, 500, "10.0.0.7"}, {b, 700, ""}, {9999, 1, ""}}}).status.ok());
  ASSERT_TRUE(commit_op(*store_, SetLastSeen{{{a, 400, ""}}}).status.ok());
  EXPECT_EQ(device(a).last_seen, 500);
  EXPECT_EQ(device(b).last_seen, 700);
  EXPECT_EQ(device(a).first_seen, 100);
  EXPECT_EQ(device(a).ip, "10.0.0.7");  // an empty address leaves the last one
  EXPECT_EQ(device(b).ip, "");
}

// The registry's flush: many devices in one op, more than one statement holds
// (row_batches.h), each device given its own values.
TEST_P(DeviceRegistryTest, LastSeenOfManyDevicesAtOnce) {
  std::vector<DeviceId> ids;
  SetLastSeen seen;
  for (int i = 0; i < 150; ++i) {
    ids.push_back(create_device("MANY" + std::to_string(i), 100));
    seen.seen.push_back({ids.back(), 1000 + i, i % 2 == 0 ? "10.0.1." + std::to_string(i) : ""});
  }
  ASSERT_TRUE(commit_op(*store_, std::move(seen)).status.ok());
  for (int i = 0; i < 150; ++i) {
    const DeviceRow row = device(ids[i]);
    EXPECT_EQ(row.last_seen, 1000 + i) << i;
    EXPECT_EQ(row.ip, i % 2 == 0 ? "10.0.1." + std::to_string(i) : "") << i;
  }
}

TEST_P(DeviceRegistryTest, PropertiesAndSettingsMergeByKey) {
  DeviceId id = create_device("PS");
  ASSERT_TRUE(commit_op(*store_, SetDeviceProperties{id, {{"FWVersion", "Ver 6.60"},
                                                          {"~OEMVendor", "ZKTECO CO., LTD."},
                                                          {"Empty", ""}}})
                  .status.ok());
  ASSERT_TRUE(commit_op(*store_, SetDeviceProperties{id, {{"FWVersion", "Ver 6.70"},
                                                          {"UserCount", "12"}}})
                  .status.ok());
  ASSERT_TRUE(commit_op(*store_, SetDeviceSettings{id, {{"TransInterval", "1"},
                                                        {"Realtime", "1"}}})
                  .status.ok());
  ASSERT_TRUE(commit_op(*store_, SetDeviceSettings{id, {{"Realtime", "0"}}}).status.ok());
  DeviceId other = create_device("PS2");
  ASSERT_TRUE(commit_op(*store_, SetDeviceSettings{other, {{"Delay", "30"}}}).status.ok());

  DeviceRow d = device(id);
  EXPECT_EQ(d.properties, (std::map<std::string, std::string>{{"Empty", ""},
                                                              {"FWVersion", "Ver 6.70"},
                                                              {"UserCount", "12"},
                                                              {"~OEMVendor", "ZKTECO CO., LTD."}}));
  EXPECT_EQ(d.settings,
            (std::map<std::string, std::string>{{"Realtime", "0"}, {"TransInterval", "1"}}));
  EXPECT_EQ(device(other).settings, (std::map<std::string, std::string>{{"Delay", "30"}}));
  EXPECT_TRUE(device(other).properties.empty());
}

TEST_P(DeviceRegistryTest, StampsIgnoreZeroAndEmptyAndUpperCaseTheTable) {
  DeviceId id = create_device("ST");
  ASSERT_TRUE(commit_op(*store_, SetStamp{id, "ATTLOG", "9999"}).status.ok());
  ASSERT_TRUE(commit_op(*store_, SetStamp{id, "operlog", "123"}).status.ok());
  ASSERT_TRUE(commit_op(*store_, SetStamp{id, "ATTLOG", "0"}).status.ok());  // ignored
  ASSERT_TRUE(commit_op(*store_, SetStamp{id, "ATTLOG", ""}).status.ok());   // ignored
  ASSERT_TRUE(commit_op(*store_, SetStamp{id, "ATTLOG", "10000"}).status.ok());
  EXPECT_EQ(device(id).stamps,
            (std::map<std::string, std::string>{{"ATTLOG", "10000"}, {"OPERLOG", "123"}}));
}

TEST_P(DeviceRegistryTest, ResetStampsWritesZeroForEveryTable) {
  DeviceId id = create_device("CK");
  DeviceId other = create_device("CK2");
  ASSERT_TRUE(commit_op(*store_, SetStamp{id, "ATTLOG", "500"}).status.ok());
  ASSERT_TRUE(commit_op(*store_, SetStamp{id, "USERINFO", "77"}).status.ok());
  ASSERT_TRUE(commit_op(*store_, SetStamp{other, "ATTLOG", "600"}).status.ok());
  ASSERT_TRUE(commit_op(*store_, ResetStamps{id}).status.ok());
  EXPECT_EQ(device(id).stamps, (std::map<std::string, std::string>{{"ATTLOG", "0"},
                                                                   {"ATTPHOTO", "0"},
                                                                   {"BIODATA", "0"},
                                                                   {"ERRORLOG", "0"},
                                                                   {"IDCARD", "0"},
                                                                   {"OPERLOG", "0"},
                                                                   {"USERINFO", "0"}}));
  EXPECT_EQ(device(other).stamps, (std::map<std::string, std::string>{{"ATTLOG", "600"}}));
  ASSERT_TRUE(commit_op(*store_, SetStamp{id, "ATTLOG", "501"}).status.ok());
  EXPECT_EQ(device(id).stamps.at("ATTLOG"), "501");
}

TEST_P(DeviceRegistryTest, ResetStampsOfUnknownDeviceFails) {
  EXPECT_FALSE(commit_op(*store_, ResetStamps{77}).status.ok());
}

ZKPUSH_ON_EVERY_DATABASE(DeviceRegistryTest);

}  // namespace
}  // namespace zkpush::store::test
