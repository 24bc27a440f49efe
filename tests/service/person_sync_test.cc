// What a person change queues for a terminal (PersonSync::reconcile_now):
// USERINFO plus the templates the terminal takes, in the format it takes;
// a delete for a person no longer assigned; nothing for a copy that is
// current. The terminal's capabilities come from its options post, as in
// the field.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "device_service_fixture.h"

namespace zkpush::test {
namespace {

store::PersonRow person(int64_t id, const std::string& pin, const std::string& name, int64_t revision) {
  store::PersonRow p;
  p.id = id;
  p.pin = pin;
  p.fields.name = name;
  p.fields.card = "9001";
  p.revision = revision;
  return p;
}

store::BiometricRow template_of(int64_t person_id, store::BiometricKind kind, int bio_type, int no,
                                const std::string& algorithm) {
  store::BiometricRow b;
  b.person_id = person_id;
  b.kind = kind;
  b.bio_type = bio_type;
  b.no = no;
  b.algorithm = algorithm;
  b.data = "QUJDREVGR0hJSktM";
  return b;
}

class PersonSyncTest : public DeviceServiceTest {
 protected:
  // A terminal that says what it takes in its options post.
  std::shared_ptr<service::Device> terminal(const std::string& sn, const std::string& pushver,
                                            const std::string& capabilities) {
    request("GET", "/iclock/cdata?SN=" + sn + "&options=all&pushver=" + pushver);
    request("POST", "/iclock/cdata?SN=" + sn + "&table=options", "~DeviceName=t," + capabilities);
    service_.sync().flush();  // what the handshake asked of the sync thread is done: the store is the test's now
    store_.committed.clear();
    return service_.registry().find(sn);
  }
  std::vector<std::string> reconcile(const std::shared_ptr<service::Device>& device) {
    EXPECT_TRUE(service_.sync().reconcile_now(device->id()).ok());
    std::vector<std::string> texts;
    for (const auto& op : store_.committed_ops<store::EnqueueCommand>()) texts.push_back(op.command);
    return texts;
  }
  static int starting(const std::vector<std::string>& texts, const std::string& prefix) {
    return static_cast<int>(std::count_if(texts.begin(), texts.end(), [&](const std::string& t) {
      return t.rfind(prefix, 0) == 0;
    }));
  }
};

TEST_F(PersonSyncTest, ANewPersonGoesToAFingerprintTerminalAsUserInfoAndFingerTemplatesOnly) {
  auto fp = terminal("FP1", "2.2.14", "~ZKFPVersion=10");
  store_.assigned = {person(1, "501", "Ana Lima", 1)};
  store_.biometrics_of[1] = {template_of(1, store::BiometricKind::kFingerprint, 0, 6, "10"),
                             template_of(1, store::BiometricKind::kBiodata, 9, 0, "40")};
  const auto texts = reconcile(fp);
  EXPECT_EQ(starting(texts, "DATA UPDATE USERINFO PIN=501\tName=Ana Lima"), 1) << testing::PrintToString(texts);
  EXPECT_EQ(starting(texts, "DATA UPDATE FINGERTMP PIN=501\tFID=6"), 1);
  EXPECT_EQ(starting(texts, "DATA UPDATE BIODATA"), 0);  // no face on this terminal
  EXPECT_EQ(store_.committed_ops<store::SetSynced>().size(), 1u);
  EXPECT_TRUE(fp->commands_may_wait());
}

TEST_F(PersonSyncTest, ABiodataTerminalGetsEveryTemplateAsBiodataInTheVersionItTakes) {
  auto bio = terminal("BIO1", "2.4.1", "MultiBioDataSupport=0:1:0:0:0:0:0:0:0:1,MultiBioVersion=0:10:0:0:0:0:0:0:0:40");
  store_.assigned = {person(1, "501", "Ana Lima", 1)};
  store_.biometrics_of[1] = {template_of(1, store::BiometricKind::kFingerprint, 0, 6, "10"),
                             template_of(1, store::BiometricKind::kBiodata, 9, 0, "40"),
                             template_of(1, store::BiometricKind::kBiodata, 8, 0, "3")};  // palm: not taken
  const auto texts = reconcile(bio);
  EXPECT_EQ(starting(texts, "DATA UPDATE USERINFO PIN=501"), 1) << testing::PrintToString(texts);
  EXPECT_EQ(starting(texts, "DATA UPDATE BIODATA Pin=501\tNo=6\tIndex=0\tValid=1\tDuress=0\tType=1\tMajorVer=10"), 1);
  EXPECT_EQ(starting(texts, "DATA UPDATE BIODATA Pin=501\tNo=0\tIndex=0\tValid=1\tDuress=0\tType=9\tMajorVer=40"), 1);
  EXPECT_EQ(starting(texts, "DATA UPDATE BIODATA Pin=501\tNo=0\tIndex=0\tValid=1\tDuress=0\tType=8"), 0);
  EXPECT_EQ(starting(texts, "DATA UPDATE FINGERTMP"), 0);
}

TEST_F(PersonSyncTest, APersonNoLongerAssignedIsDeletedFromTheTerminal) {
  auto fp = terminal("FP1", "2.2.14", "~ZKFPVersion=10");
  store_.synced = {store::SyncRow{7, "77", 3, "whatever"}};
  EXPECT_EQ(reconcile(fp), std::vector<std::string>{"DATA DELETE USERINFO PIN=77"});
  const auto cleared = store_.committed_ops<store::ClearSynced>();
  ASSERT_EQ(cleared.size(), 1u);
  EXPECT_EQ(cleared[0].person_id, 7);
}

TEST_F(PersonSyncTest, ACopyTheTerminalHasQueuesNothingAndAChangedOneIsSentAgain) {
  auto fp = terminal("FP1", "2.2.14", "~ZKFPVersion=10");
  store_.assigned = {person(1, "501", "Ana Lima", 4)};
  store_.synced = {store::SyncRow{1, "501", 4, std::string(store::kFormatsAsEnrolled)}};
  EXPECT_TRUE(reconcile(fp).empty());
  EXPECT_TRUE(store_.committed.empty()) << "a batch for nothing";

  store_.assigned[0].revision = 5;  // changed through the API since
  EXPECT_EQ(starting(reconcile(fp), "DATA UPDATE USERINFO PIN=501"), 1);
}

// A booting terminal reports capabilities twice (options, then INFO on its
// first poll): one reconcile, after PersonSync::kSettle, covers both.
TEST_F(PersonSyncTest, NewCapabilitiesAskedForTwiceAreReconciledOnce) {
  auto fp = terminal("FP4", "2.2.14", "~ZKFPVersion=10");
  store_.sync_state_asked.clear();
  service_.sync().reconcile_soon(fp->id());
  service_.sync().reconcile_soon(fp->id());
  service_.sync().flush();  // runs what waits for kSettle at once
  EXPECT_EQ(store_.sync_state_asked, std::vector<store::DeviceId>{fp->id()});
}

// Nothing assigned and nothing sent: the device (a read, for one this node
// has not cached) is not looked up.
TEST_F(PersonSyncTest, ATerminalWithNothingToSyncIsNotReadFromTheStore) {
  store_.devices_asked.clear();
  ASSERT_TRUE(service_.sync().reconcile_now(4242).ok());
  EXPECT_EQ(store_.sync_state_asked, std::vector<store::DeviceId>{4242});
  EXPECT_TRUE(store_.devices_asked.empty());
  store_.assigned = {person(1, "501", "Ana Lima", 1)};
  ASSERT_TRUE(service_.sync().reconcile_now(4242).ok());
  EXPECT_EQ(store_.devices_asked, std::vector<store::DeviceId>{4242});  // something to do: the device is needed
}

}  // namespace
}  // namespace zkpush::test
