// Device admission in the store's terms: the state an administrator (or the
// server's policy) gave a terminal, and the policies that decide for serial
// numbers nobody has decided on. The rules live in service/admission.h; this
// file only names the values, once, for the database, the API and the flags.
#pragma once

#include <optional>
#include <string_view>

namespace zkpush::store {

// approved: served. pending: handshake answered, uploads refused with 503
// until approved. blocked: every request refused with 403.
enum class AdmissionState { kApproved, kPending, kBlocked };

// What happens to a terminal that is not approved or blocked: open registers
// and serves any SN; approve registers it as pending; allowlist refuses it.
enum class AdmissionPolicy { kOpen, kApprove, kAllowlist };

// "approved", "pending", "blocked".
std::string_view admission_state_name(AdmissionState state);
std::optional<AdmissionState> admission_state_from_name(std::string_view name);

// "open", "approve", "allowlist".
std::string_view admission_policy_name(AdmissionPolicy policy);
std::optional<AdmissionPolicy> admission_policy_from_name(std::string_view name);

}  // namespace zkpush::store
