#include "store/admission.h"

#include "util/enum_names.h"

namespace zkpush::store {
namespace {

// The same words appear in the CHECK constraints of migration 4.
constexpr EnumNames<AdmissionState, 3> kStates{{
    {AdmissionState::kApproved, "approved"},
    {AdmissionState::kPending, "pending"},
    {AdmissionState::kBlocked, "blocked"},
}};

constexpr EnumNames<AdmissionPolicy, 3> kPolicies{{
    {AdmissionPolicy::kOpen, "open"},
    {AdmissionPolicy::kApprove, "approve"},
    {AdmissionPolicy::kAllowlist, "allowlist"},
}};

}  // namespace

std::string_view admission_state_name(AdmissionState state) { return ::zkpush::name_of(kStates, state); }

std::optional<AdmissionState> admission_state_from_name(std::string_view name) { return value_named(kStates, name); }

std::string_view admission_policy_name(AdmissionPolicy policy) { return ::zkpush::name_of(kPolicies, policy); }

std::optional<AdmissionPolicy> admission_policy_from_name(std::string_view name) {
  return value_named(kPolicies, name);
}

}  // namespace zkpush::store
