#include "service/admission.h"

#include <spdlog/spdlog.h>

#include "service/store_failure.h"

namespace zkpush::service {
namespace {

using protocol::Endpoint;
using store::AdmissionPolicy;
using store::AdmissionState;

constexpr int64_t kLogIntervalMs = 60'000;
constexpr std::size_t kMaxLoggedKeys = 4096;  // then forget them all: memory stays bounded under a flood

}  // namespace

bool pending_allows(const protocol::RoutedRequest& route) {
  switch (route.endpoint) {
    case Endpoint::kHandshake:
    case Endpoint::kPing:
    case Endpoint::kGetRequest:
    case Endpoint::kRegistry:
    case Endpoint::kPush:
      return true;
    case Endpoint::kUpload:
      return route.table == protocol::table::kOptions;
    default:
      return false;
  }
}

AdmissionPolicy Admission::policy_for(const Device& device) const { return device.admission_policy().value_or(policy_); }

std::optional<AdmissionState> Admission::state_for_new_device() const {
  switch (policy_) {
    case AdmissionPolicy::kOpen: return AdmissionState::kApproved;
    case AdmissionPolicy::kApprove: return AdmissionState::kPending;
    case AdmissionPolicy::kAllowlist: break;
  }
  return std::nullopt;
}

Verdict Admission::check(const Device& device, const protocol::RoutedRequest& route,
                         const protocol::Query& query) const {
  // The key rides on the handshake (004 §5). Compared as sent, as the
  // handshake stores it.
  const auto key = query.get("pushcommkey");
  if ((key || route.endpoint == Endpoint::kHandshake) && !device.push_comm_key_matches(key.value_or("")))
    return Verdict::kWrongKey;
  switch (device.admission()) {
    case AdmissionState::kApproved: return Verdict::kServe;
    case AdmissionState::kBlocked: return Verdict::kBlocked;
    case AdmissionState::kPending: break;
  }
  switch (policy_for(device)) {
    case AdmissionPolicy::kOpen: return Verdict::kApproveFirst;
    case AdmissionPolicy::kApprove: return Verdict::kAwaitApproval;
    case AdmissionPolicy::kAllowlist: break;
  }
  return Verdict::kNotAllowed;
}

bool Admission::worth_logging(const std::string& key, int64_t now_ms) {
  std::lock_guard lock(log_mu_);
  if (last_logged_.size() >= kMaxLoggedKeys) last_logged_.clear();
  auto [it, first] = last_logged_.try_emplace(key, now_ms);
  if (first) return true;
  if (now_ms - it->second < kLogIntervalMs) return false;
  it->second = now_ms;
  return true;
}

void Admission::set_state(const std::shared_ptr<Device>& device, AdmissionState state,
                          std::function<void(Status)> done) {
  if (device->admission() == state) {
    done(Status::success());
    return;
  }
  store::WriteBatch batch;
  batch.add(store::SetAdmissionState{device->id(), state});
  store_.submit(std::move(batch), [device, state, done = std::move(done)](Status status, store::WriteBatch&) {
    if (status) device->apply_admission(state);
    else log_store_failure(status.error(), fmt::format("device {}: cannot store its admission state", device->sn()));
    done(status);
  });
}

void Admission::decide(const std::string& sn, AdmissionState state, DeviceDone done) {
  registry_.find_or_create(
      sn, state, std::nullopt, [this, state, done = std::move(done)](Result<std::shared_ptr<Device>> found) {
        if (!found) {
          done(found.error());
          return;
        }
        auto device = *found;
        set_state(device, state, [device, state, done](Status status) {
          if (!status) {
            done(status.error());
            return;
          }
          spdlog::info("device {}: {} by an administrator", device->sn(), store::admission_state_name(state));
          done(device);
        });
      });
}

void Admission::unblock(const std::string& sn, DeviceDone done) {
  auto device = registry_.find(sn);
  if (!device) {
    done(Error::not_found("no device with SN " + sn));
    return;
  }
  if (device->admission() != AdmissionState::kBlocked) {
    done(Error::invalid("device " + sn + " is not blocked"));
    return;
  }
  set_state(device, AdmissionState::kPending, [device, done = std::move(done)](Status status) {
    if (!status) {
      done(status.error());
      return;
    }
    spdlog::info("device {}: unblocked by an administrator; pending", device->sn());
    done(device);
  });
}

void Admission::configure(const std::shared_ptr<Device>& device, AdmissionSettings settings, DeviceDone done) {
  store::WriteBatch batch;
  if (settings.set_policy) batch.add(store::SetAdmissionPolicy{device->id(), settings.policy});
  if (settings.push_comm_key) batch.add(store::SetPushCommKey{device->id(), *settings.push_comm_key});
  if (batch.ops.empty()) {
    done(device);
    return;
  }
  store_.submit(std::move(batch), [device, settings = std::move(settings), done = std::move(done)](
                                      Status status, store::WriteBatch&) mutable {
    if (!status) {
      log_store_failure(status.error(), fmt::format("device {}: cannot store its admission settings", device->sn()));
      done(status.error());
      return;
    }
    if (settings.set_policy) device->apply_admission_policy(settings.policy);
    if (settings.push_comm_key) device->apply_push_comm_key(std::move(*settings.push_comm_key));
    spdlog::info("device {}: admission policy {}, pushcommkey {} (by an administrator)", device->sn(),
                 device->admission_policy() ? store::admission_policy_name(*device->admission_policy()) : "default",
                 device->bound_to_push_comm_key() ? "bound" : "not bound");
    done(device);
  });
}

}  // namespace zkpush::service
