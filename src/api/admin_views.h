// The admin API's rows as JSON (json_views.h has the terminal records).
#pragma once

#include <nlohmann/json.hpp>

#include "service/device.h"
#include "store/store.h"

namespace zkpush::api {

nlohmann::json person_json(const store::PersonRow& person);
// With `data` (the base64 template or photo) or without.
nlohmann::json biometric_json(const store::BiometricRow& biometric, bool with_data);
nlohmann::json group_json(const store::GroupRow& group);
nlohmann::json token_json(const store::TokenRow& token);
nlohmann::json audit_json(const store::AuditRow& row);
nlohmann::json webhook_json(const store::WebhookRow& webhook);  // the secret is never shown
nlohmann::json delivery_json(const store::DeliveryRow& delivery);
nlohmann::json request_log_json(const service::Device::RequestLogEntry& entry);

}  // namespace zkpush::api
