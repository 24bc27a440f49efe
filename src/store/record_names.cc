#include "store/record_names.h"

#include "util/enum_names.h"

namespace zkpush::store {
namespace {

// The same words appear in the CHECK constraints of migration 002.
constexpr EnumNames<Scope, 3> kScopes{{{Scope::kRead, "read"}, {Scope::kWrite, "write"}, {Scope::kAdmin, "admin"}}};

// The same words appear in the CHECK constraints of migration 007.
constexpr EnumNames<Role, 3> kRoles{{{Role::kViewer, "viewer"}, {Role::kOperator, "operator"}, {Role::kAdmin, "admin"}}};

constexpr EnumNames<BiometricKind, 6> kBiometricKinds{{
    {BiometricKind::kFingerprint, "fingerprint"},
    {BiometricKind::kFace, "face"},
    {BiometricKind::kFingerVein, "finger_vein"},
    {BiometricKind::kBiodata, "biodata"},
    {BiometricKind::kUserPhoto, "user_photo"},
    {BiometricKind::kBioPhoto, "bio_photo"},
}};

constexpr EnumNames<DeliveryStatus, 3> kDeliveryStatuses{{
    {DeliveryStatus::kFailing, "failing"},
    {DeliveryStatus::kDelivered, "delivered"},
    {DeliveryStatus::kGivenUp, "given_up"},
}};

}  // namespace

std::string_view scope_name(Scope scope) { return ::zkpush::name_of(kScopes, scope); }
std::optional<Scope> scope_from_name(std::string_view name) { return ::zkpush::value_named(kScopes, name); }

std::string_view role_name(Role role) { return ::zkpush::name_of(kRoles, role); }
std::optional<Role> role_from_name(std::string_view name) { return ::zkpush::value_named(kRoles, name); }

std::string_view biometric_kind_name(BiometricKind kind) { return ::zkpush::name_of(kBiometricKinds, kind); }
std::optional<BiometricKind> biometric_kind_from_name(std::string_view name) {
  return ::zkpush::value_named(kBiometricKinds, name);
}
bool is_template(BiometricKind kind) {
  return kind != BiometricKind::kUserPhoto && kind != BiometricKind::kBioPhoto;
}

std::string_view delivery_status_name(DeliveryStatus status) { return ::zkpush::name_of(kDeliveryStatuses, status); }
std::optional<DeliveryStatus> delivery_status_from_name(std::string_view name) {
  return ::zkpush::value_named(kDeliveryStatuses, name);
}

}  // namespace zkpush::store
