#include "store/admin_names.h"

#include <array>
#include <utility>

namespace zkpush::store {
namespace {

template <typename Enum, std::size_t N>
using Names = std::array<std::pair<Enum, std::string_view>, N>;

template <typename Enum, std::size_t N>
std::string_view name_of(const Names<Enum, N>& names, Enum value) {
  for (const auto& [e, name] : names)
    if (e == value) return name;
  return {};
}

template <typename Enum, std::size_t N>
std::optional<Enum> value_of(const Names<Enum, N>& names, std::string_view name) {
  for (const auto& [e, n] : names)
    if (n == name) return e;
  return std::nullopt;
}

// The same words appear in the CHECK constraints of migration 002.
constexpr Names<Scope, 3> kScopes{{{Scope::kRead, "read"}, {Scope::kWrite, "write"}, {Scope::kAdmin, "admin"}}};

constexpr Names<BiometricKind, 6> kBiometricKinds{{
    {BiometricKind::kFingerprint, "fingerprint"},
    {BiometricKind::kFace, "face"},
    {BiometricKind::kFingerVein, "finger_vein"},
    {BiometricKind::kBiodata, "biodata"},
    {BiometricKind::kUserPhoto, "user_photo"},
    {BiometricKind::kBioPhoto, "bio_photo"},
}};

constexpr Names<DeliveryStatus, 3> kDeliveryStatuses{{
    {DeliveryStatus::kFailing, "failing"},
    {DeliveryStatus::kDelivered, "delivered"},
    {DeliveryStatus::kGivenUp, "given_up"},
}};

}  // namespace

std::string_view scope_name(Scope scope) { return name_of(kScopes, scope); }
std::optional<Scope> scope_from_name(std::string_view name) { return value_of(kScopes, name); }

std::string_view biometric_kind_name(BiometricKind kind) { return name_of(kBiometricKinds, kind); }
std::optional<BiometricKind> biometric_kind_from_name(std::string_view name) {
  return value_of(kBiometricKinds, name);
}
bool is_template(BiometricKind kind) {
  return kind != BiometricKind::kUserPhoto && kind != BiometricKind::kBioPhoto;
}

std::string_view delivery_status_name(DeliveryStatus status) { return name_of(kDeliveryStatuses, status); }
std::optional<DeliveryStatus> delivery_status_from_name(std::string_view name) {
  return value_of(kDeliveryStatuses, name);
}

}  // namespace zkpush::store
