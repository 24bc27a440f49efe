// Device admission (issue 5; SECURITY.md): which terminals may use the server.
//
//   state \ policy   open              approve            allowlist
//   approved         served            served             served
//   pending          approved, served  awaits approval    403
//   blocked          403               403                403
//   unknown SN       registered        registered         403, nothing stored
//                    approved          pending
//
// The policy is the device's own override, else the server's (--admission).
// A device awaiting approval gets answered only what keeps it connected and
// shows an administrator what it is (pending_allows); polls get "OK" with no
// commands, and everything else a 503, so it keeps its data until it is
// approved and then uploads all of it. Approving an SN the server has never
// seen registers it approved: that is how an allowlist is filled.
//
// pushcommkey binding (004 §5: "cipher text information for binding the
// client and the server"): a device is bound to the first key it presents,
// or to one an administrator sets. Once bound, a handshake without that key,
// or any request carrying another, is refused with 403. The key travels in
// clear on the handshake only (SECURITY.md says what that does not protect).
//
// The decision for a known device is made in memory, so an idle poll of an
// approved device still never touches the disk.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "protocol/query.h"
#include "protocol/route.h"
#include "service/device.h"
#include "service/device_registry.h"
#include "store/store.h"

namespace zkpush::service {

// What admission says about one request of a known device.
enum class Verdict {
  kServe,          // approved
  kApproveFirst,   // pending, but its policy is open: approve it, then serve
  kAwaitApproval,  // pending: only what pending_allows() is answered
  kBlocked,        // 403: blocked by an administrator
  kNotAllowed,     // 403: pending, and its policy is allowlist
  kWrongKey,       // 403: not the pushcommkey the device is bound to
};

// What a terminal awaiting approval is answered: the handshake, its options
// upload and the PUSH 3.x registry (so it stays connected and an
// administrator sees its model and firmware), ping and getrequest.
bool pending_allows(const protocol::RoutedRequest& route);

// An administrator's change of a device's admission settings; unset fields
// are left alone.
struct AdmissionSettings {
  bool set_policy = false;
  std::optional<store::AdmissionPolicy> policy;  // with set_policy: nullopt follows the server's policy
  std::optional<std::string> push_comm_key;      // "" unbinds: the next key presented binds again
};

class Admission {
 public:
  Admission(store::Store& store, DeviceRegistry& registry, store::AdmissionPolicy policy)
      : store_(store), registry_(registry), policy_(policy) {}

  // The device's override, else the server's policy.
  store::AdmissionPolicy policy_for(const Device& device) const;
  // The state a serial number seen for the first time is registered in, or
  // nullopt when it is refused without being stored (allowlist).
  std::optional<store::AdmissionState> state_for_new_device() const;
  // In memory only.
  Verdict check(const Device& device, const protocol::RoutedRequest& route, const protocol::Query& query) const;

  // True at most once a minute per key (a serial number and a reason): a
  // refused terminal retrying every few seconds, or a stranger trying many
  // serial numbers, does not flood the log.
  bool worth_logging(const std::string& key, int64_t now_ms);

  // Changes that call back once committed (and mirrored in memory).
  using DeviceDone = std::function<void(Result<std::shared_ptr<Device>>)>;
  void set_state(const std::shared_ptr<Device>& device, store::AdmissionState state, std::function<void(Status)> done);
  // An administrator approves or blocks `sn`, registering it first if the
  // server has never seen it.
  void decide(const std::string& sn, store::AdmissionState state, DeviceDone done);
  // A blocked device goes back to pending, where its policy decides again
  // (open: approved at its next request; approve: awaits approval).
  void unblock(const std::string& sn, DeviceDone done);
  void configure(const std::shared_ptr<Device>& device, AdmissionSettings settings, DeviceDone done);

 private:
  store::Store& store_;
  DeviceRegistry& registry_;
  const store::AdmissionPolicy policy_;
  std::mutex log_mu_;
  std::unordered_map<std::string, int64_t> last_logged_;  // guarded by log_mu_
};

}  // namespace zkpush::service
