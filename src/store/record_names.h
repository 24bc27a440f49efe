// How the enums of access, person and event records are spelled, in the
// database and in JSON alike (one spelling each): "read"/"write"/"admin",
// "viewer"/"operator"/"admin",
// "fingerprint"/"face"/..., "failing"/"delivered"/"given_up".
#pragma once

#include <optional>
#include <string_view>

#include "store/access_records.h"
#include "store/account_records.h"
#include "store/event_records.h"
#include "store/person_records.h"

namespace zkpush::store {

std::string_view scope_name(Scope scope);
std::optional<Scope> scope_from_name(std::string_view name);

std::string_view role_name(Role role);
std::optional<Role> role_from_name(std::string_view name);
std::optional<Scope> scope_from_name(std::string_view name);

std::string_view biometric_kind_name(BiometricKind kind);
std::optional<BiometricKind> biometric_kind_from_name(std::string_view name);
// Templates (the four template kinds) as opposed to photos.
bool is_template(BiometricKind kind);

std::string_view delivery_status_name(DeliveryStatus status);
std::optional<DeliveryStatus> delivery_status_from_name(std::string_view name);

}  // namespace zkpush::store
