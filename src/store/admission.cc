#include "store/admission.h"

#include <array>
#include <utility>

namespace zkpush::store {
namespace {

constexpr std::array<std::pair<AdmissionState, std::string_view>, 3> kStates{{
    {AdmissionState::kApproved, "approved"},
    {AdmissionState::kPending, "pending"},
    {AdmissionState::kBlocked, "blocked"},
}};

constexpr std::array<std::pair<AdmissionPolicy, std::string_view>, 3> kPolicies{{
    {AdmissionPolicy::kOpen, "open"},
    {AdmissionPolicy::kApprove, "approve"},
    {AdmissionPolicy::kAllowlist, "allowlist"},
}};

template <typename Enum, std::size_t N>
std::string_view name_in(const std::array<std::pair<Enum, std::string_view>, N>& table, Enum value) {
  for (const auto& [v, name] : table)
    if (v == value) return name;
  return {};
}

template <typename Enum, std::size_t N>
std::optional<Enum> value_in(const std::array<std::pair<Enum, std::string_view>, N>& table, std::string_view name) {
  for (const auto& [v, n] : table)
    if (n == name) return v;
  return std::nullopt;
}

}  // namespace

std::string_view admission_state_name(AdmissionState state) { return name_in(kStates, state); }

std::optional<AdmissionState> admission_state_from_name(std::string_view name) { return value_in(kStates, name); }

std::string_view admission_policy_name(AdmissionPolicy policy) { return name_in(kPolicies, policy); }

std::optional<AdmissionPolicy> admission_policy_from_name(std::string_view name) {
  return value_in(kPolicies, name);
}

}  // namespace zkpush::store
