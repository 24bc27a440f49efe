// The device registry as a cache of the store's devices: what the change
// feed tells it of other nodes' writes, and what a stale cache still allows.
#include "service/device_registry.h"

#include <gtest/gtest.h>

#include "fake_store.h"
#include "service/template_formats.h"

namespace zkpush::test {
namespace {

using Kind = store::Change::Kind;

store::DeviceRow row_on_file(store::DeviceId id, const std::string& sn) {
  store::DeviceRow row;
  row.id = id;
  row.sn = sn;
  row.admission = store::AdmissionState::kBlocked;
  return row;
}

TEST(RegistryFeedTest, ADeviceRegisteredElsewhereIsReadWhenAnnouncedSoItsRequestFindsItCached) {
  FakeStore store;
  store.devices_on_file = {row_on_file(7, "ELSEWHERE1"), row_on_file(8, "ELSEWHERE2")};
  service::DeviceRegistry registry(store);
  registry.on_changes({store::Change{Kind::kDevice, 7}, store::Change{Kind::kCreated, 7, false, "ELSEWHERE1"},
                       store::Change{Kind::kDevice, 8}, store::Change{Kind::kCreated, 8, false, "ELSEWHERE2"}});

  ASSERT_EQ(store.devices_asked, (std::vector<store::DeviceId>{7, 8}));
  const int reads = store.calls;
  auto device = registry.find_for_request("ELSEWHERE1");
  ASSERT_NE(device, nullptr);
  EXPECT_EQ(device->id(), 7);
  EXPECT_EQ(device->admission(), store::AdmissionState::kBlocked);  // as on file, not as a new device
  EXPECT_NE(registry.find_for_request("ELSEWHERE2"), nullptr);
  EXPECT_EQ(store.calls, reads);  // served from memory
}

TEST(RegistryFeedTest, ADeviceThisNodeRegisteredIsNotReadAgain) {
  FakeStore store;
  service::DeviceRegistry registry(store);
  registry.on_changes({store::Change{Kind::kDevice, 7, true}, store::Change{Kind::kCreated, 7, true, "HERE1"}});
  EXPECT_TRUE(store.devices_asked.empty());
}

TEST(RegistryFeedTest, AnAnnouncedDeviceTheStoreCouldNotGiveIsReadByItsRequest) {
  FakeStore store;  // device(id) finds nothing: as if it were read too early
  service::DeviceRegistry registry(store);
  registry.on_changes({store::Change{Kind::kCreated, 9, false, "LATE1"}});
  ASSERT_EQ(store.devices_asked.size(), 1u);
  // Still announced, so not taken for a new terminal: the request asks the
  // store by serial number (which the fake cannot answer: nullptr).
  const int reads = store.calls;
  EXPECT_EQ(registry.find_for_request("LATE1"), nullptr);
  EXPECT_GT(store.calls, reads);
}

// A terminal's report (options, INFO) is stored as far as it differs from
// the cached properties; while another node's are unread, whole, rather than
// read first on the request's thread.
TEST(RegistryFeedTest, AReportIsStoredWholeWhileAnotherNodesPropertiesAreUnread) {
  store::DeviceRow row = row_on_file(7, "P1");
  row.properties = {{"FWVersion", "Ver 6.60"}};
  service::Device device(row);
  const std::map<std::string, std::string> report{{"FWVersion", "Ver 6.60"}, {"UserCount", "3"}};
  EXPECT_EQ(device.properties_to_store(report), (std::map<std::string, std::string>{{"UserCount", "3"}}));
  EXPECT_FALSE(service::changes_capabilities(device, {{"UserCount", "3"}}));
  device.mark_properties_stale();
  EXPECT_EQ(device.properties_to_store(report), report);
  // Nor can a stale cache tell whether capabilities changed: assume they did.
  EXPECT_TRUE(service::changes_capabilities(device, {{"UserCount", "3"}}));
}

}  // namespace
}  // namespace zkpush::test
