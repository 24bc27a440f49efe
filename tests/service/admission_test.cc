// The admission table (service/admission.h): every state under every policy,
// the device's own policy over the server's, and the pushcommkey binding.
#include "service/admission.h"

#include <gtest/gtest.h>

#include "fake_store.h"

namespace zkpush::test {
namespace {

using service::Verdict;
using store::AdmissionPolicy;
using store::AdmissionState;

service::Device device_in(AdmissionState state, std::optional<AdmissionPolicy> own = std::nullopt,
                          std::string key = "") {
  store::DeviceRow row;
  row.id = 1;
  row.sn = "T1";
  row.admission = state;
  row.admission_policy = own;
  row.push_comm_key = std::move(key);
  return service::Device(std::move(row));
}

struct Request {
  protocol::Query query;
  protocol::RoutedRequest route;
  explicit Request(const std::string& target, const char* method = "GET") {
    auto q = target.find('?');
    query = protocol::Query::parse(target.substr(q + 1));
    route = protocol::route_request(method, target.substr(0, q), query, "");
  }
};

class AdmissionTest : public ::testing::Test {
 protected:
  Verdict check(AdmissionPolicy server, const service::Device& device, const std::string& target) {
    service::Admission admission(store_, registry_, server);
    Request request(target);
    return admission.check(device, request.route, request.query);
  }
  FakeStore store_;
  service::DeviceRegistry registry_{store_};
};

TEST_F(AdmissionTest, EveryStateUnderEveryPolicy) {
  const std::string poll = "/iclock/getrequest?SN=T1";
  for (auto policy : {AdmissionPolicy::kOpen, AdmissionPolicy::kApprove, AdmissionPolicy::kAllowlist}) {
    EXPECT_EQ(check(policy, device_in(AdmissionState::kApproved), poll), Verdict::kServe);
    EXPECT_EQ(check(policy, device_in(AdmissionState::kBlocked), poll), Verdict::kBlocked);
  }
  EXPECT_EQ(check(AdmissionPolicy::kOpen, device_in(AdmissionState::kPending), poll), Verdict::kApproveFirst);
  EXPECT_EQ(check(AdmissionPolicy::kApprove, device_in(AdmissionState::kPending), poll), Verdict::kAwaitApproval);
  EXPECT_EQ(check(AdmissionPolicy::kAllowlist, device_in(AdmissionState::kPending), poll), Verdict::kNotAllowed);
}

TEST_F(AdmissionTest, TheDevicesOwnPolicyWinsOverTheServers) {
  const std::string poll = "/iclock/getrequest?SN=T1";
  EXPECT_EQ(check(AdmissionPolicy::kApprove, device_in(AdmissionState::kPending, AdmissionPolicy::kOpen), poll),
            Verdict::kApproveFirst);
  EXPECT_EQ(check(AdmissionPolicy::kOpen, device_in(AdmissionState::kPending, AdmissionPolicy::kAllowlist), poll),
            Verdict::kNotAllowed);
  EXPECT_EQ(check(AdmissionPolicy::kAllowlist, device_in(AdmissionState::kPending, AdmissionPolicy::kApprove), poll),
            Verdict::kAwaitApproval);
  // It never overrides an administrator's decision.
  EXPECT_EQ(check(AdmissionPolicy::kOpen, device_in(AdmissionState::kBlocked, AdmissionPolicy::kOpen), poll),
            Verdict::kBlocked);
}

TEST_F(AdmissionTest, NewSerialNumbers) {
  auto state = [this](AdmissionPolicy policy) {
    return service::Admission(store_, registry_, policy).state_for_new_device();
  };
  EXPECT_EQ(state(AdmissionPolicy::kOpen), AdmissionState::kApproved);
  EXPECT_EQ(state(AdmissionPolicy::kApprove), AdmissionState::kPending);
  EXPECT_FALSE(state(AdmissionPolicy::kAllowlist).has_value());
}

TEST_F(AdmissionTest, ABoundDeviceMustPresentItsKeyOnTheHandshakeAndNeverAnother) {  // 004 §5
  const auto bound = device_in(AdmissionState::kApproved, std::nullopt, "4a9594af");
  const auto open = AdmissionPolicy::kOpen;
  EXPECT_EQ(check(open, bound, "/iclock/cdata?SN=T1&options=all&pushcommkey=4a9594af"), Verdict::kServe);
  EXPECT_EQ(check(open, bound, "/iclock/cdata?SN=T1&options=all&pushcommkey=ffff"), Verdict::kWrongKey);
  EXPECT_EQ(check(open, bound, "/iclock/cdata?SN=T1&options=all"), Verdict::kWrongKey);
  EXPECT_EQ(check(open, bound, "/iclock/getrequest?SN=T1"), Verdict::kServe);  // the key rides on handshakes only
  EXPECT_EQ(check(open, bound, "/iclock/getrequest?SN=T1&pushcommkey=ffff"), Verdict::kWrongKey);
  // Not bound yet: any key is accepted (the handshake binds it).
  const auto unbound = device_in(AdmissionState::kApproved);
  EXPECT_EQ(check(open, unbound, "/iclock/cdata?SN=T1&options=all&pushcommkey=ffff"), Verdict::kServe);
  EXPECT_EQ(check(open, unbound, "/iclock/cdata?SN=T1&options=all"), Verdict::kServe);
}

TEST_F(AdmissionTest, WhatAPendingDeviceIsAnswered) {
  for (const char* allowed : {"/iclock/cdata?SN=T1&options=all", "/iclock/getrequest?SN=T1", "/iclock/ping?SN=T1"})
    EXPECT_TRUE(service::pending_allows(Request(allowed).route)) << allowed;
  EXPECT_TRUE(service::pending_allows(Request("/iclock/cdata?SN=T1&table=options", "POST").route));
  EXPECT_TRUE(service::pending_allows(Request("/iclock/registry?SN=T1", "POST").route));
  for (const char* refused : {"/iclock/cdata?SN=T1&table=ATTLOG", "/iclock/cdata?SN=T1&table=OPERLOG",
                              "/iclock/devicecmd?SN=T1", "/iclock/fdata?SN=T1&table=ATTPHOTO"})
    EXPECT_FALSE(service::pending_allows(Request(refused, "POST").route)) << refused;
}

TEST_F(AdmissionTest, RefusalsAreLoggedOnceAMinutePerKey) {
  service::Admission admission(store_, registry_, AdmissionPolicy::kOpen);
  EXPECT_TRUE(admission.worth_logging("T1 blocked", 1000));
  EXPECT_FALSE(admission.worth_logging("T1 blocked", 30'000));
  EXPECT_TRUE(admission.worth_logging("T2 blocked", 30'000));
  EXPECT_TRUE(admission.worth_logging("T1 blocked", 61'000));
  for (int i = 0; i < 10'000; ++i) admission.worth_logging("flood " + std::to_string(i), 62'000);  // bounded memory
  EXPECT_TRUE(admission.worth_logging("T1 blocked", 62'000));  // forgotten with the flood: logged again
}

}  // namespace
}  // namespace zkpush::test
