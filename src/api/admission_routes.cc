// Admission routes (service/admission.h). ADMIN SCOPE: approving, blocking
// and binding terminals decides who may write attendance; when API tokens
// arrive these routes need the admin scope and an audit entry.
//
//   POST /api/v1/devices/{sn}/approve    registers an unknown SN as approved (fills an allowlist)
//   POST /api/v1/devices/{sn}/block      registers an unknown SN as blocked
//   POST /api/v1/devices/{sn}/unblock    blocked -> pending (409 if not blocked)
//   PUT  /api/v1/devices/{sn}/admission  {"policy": "open"|"approve"|"allowlist"|null, "pushcommkey": "..."}
//
// Each answers with the device as GET /api/v1/devices/{sn} shows it.

#include <nlohmann/json.hpp>

#include "api/api_router.h"
#include "api/json_reply.h"
#include "api/json_views.h"
#include "util/clock.h"

namespace zkpush::api {

using nlohmann::json;

namespace {

// A serial number an administrator may register: what a terminal could send
// (printable ASCII, no blanks), at most 64 characters.
bool acceptable_sn(const std::string& sn) {
  if (sn.empty() || sn.size() > 64) return false;
  for (char c : sn)
    if (c <= ' ' || c > '~') return false;
  return true;
}

int status_for(const Error& e) {
  switch (e.kind) {
    case Error::Kind::kInvalidInput: return 409;  // e.g. unblocking a device that is not blocked
    case Error::Kind::kNotFound: return 404;
    case Error::Kind::kStorage:
    case Error::Kind::kUnavailable: break;
  }
  return 503;
}

// Answers with the device as it is now, or with the error.
service::Admission::DeviceDone answer_with_device(service::DeviceService& devices, http::Responder respond) {
  return [&devices, respond = std::move(respond)](Result<std::shared_ptr<service::Device>> device) {
    if (!device) return respond(error(status_for(device.error()), device.error().message));
    respond(json_response(device_json((*device)->snapshot(), devices.online(**device, now_ms()))));
  };
}

}  // namespace

void ApiRouter::admission_action(const std::string& sn, const std::string& action, const http::Responder& respond) {
  if (!acceptable_sn(sn)) return respond(error(400, "a serial number is 1 to 64 printable characters"));
  auto done = answer_with_device(devices_, respond);
  auto& admission = devices_.admission();
  if (action == "approve") admission.decide(sn, store::AdmissionState::kApproved, std::move(done));
  else if (action == "block") admission.decide(sn, store::AdmissionState::kBlocked, std::move(done));
  else admission.unblock(sn, std::move(done));
}

void ApiRouter::put_admission(const http::Request& request, const std::string& sn, const http::Responder& respond) {
  auto device = devices_.registry().find(sn);
  if (!device) return respond(error(404, "no device with SN " + sn));
  json body = json::parse(request.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) return respond(error(400, "body must be a JSON object"));
  service::AdmissionSettings settings;
  for (const auto& [key, value] : body.items()) {
    if (key == "policy") {
      settings.set_policy = true;
      if (value.is_null()) continue;  // follow the server's policy again
      if (value.is_string()) settings.policy = store::admission_policy_from_name(value.get<std::string>());
      if (!settings.policy) return respond(error(400, "policy must be \"open\", \"approve\", \"allowlist\" or null"));
    } else if (key == "pushcommkey") {
      if (!value.is_string()) return respond(error(400, "pushcommkey must be a string (\"\" unbinds)"));
      settings.push_comm_key = value.get<std::string>();
    } else {
      return respond(error(400, "unknown field " + key + " (policy, pushcommkey)"));
    }
  }
  devices_.admission().configure(device, std::move(settings), answer_with_device(devices_, respond));
}

}  // namespace zkpush::api
