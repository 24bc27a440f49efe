// Admission (service/admission.h): which terminals may use the server. Admin
// scope, audited like every write: approving, blocking and binding terminals
// decides who may write attendance.
//
// Each answers with the device as GET /api/v1/devices/{sn} shows it.

#include "api/api_router.h"
#include "api/json_views.h"
#include "api/responses.h"
#include "util/clock.h"

namespace zkpush::api {

using store::Scope;

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
    case Error::Kind::kTooLarge: return 413;
    case Error::Kind::kConflict: return 409;
    case Error::Kind::kMissingReference: return 422;
    case Error::Kind::kStorage:
    case Error::Kind::kUnavailable: break;
  }
  return 503;
}

// Answers with the device as it is now, or with the error.
service::Admission::DeviceDone answer_with_device(ApiContext& c, http::Responder respond) {
  return [&c, respond = std::move(respond)](Result<std::shared_ptr<service::Device>> device) {
    if (!device) return respond(error_response(status_for(device.error()), device.error().message));
    respond(json_response(device_json((*device)->snapshot(), c.devices.online(**device, now_ms()))));
  };
}

// approve | block | unblock, for the SN in the call's first parameter.
RouteHandler admission_action(ApiContext& c, std::string action) {
  return [&c, action](ApiCall& call) {
    const std::string& sn = call.param(0);
    if (!acceptable_sn(sn))
      return call.respond(error_response(400, "sn: a serial number is 1 to 64 printable characters"));
    auto done = answer_with_device(c, call.respond);
    auto& admission = c.devices.admission();
    if (action == "approve") admission.decide(sn, store::AdmissionState::kApproved, std::move(done));
    else if (action == "block") admission.decide(sn, store::AdmissionState::kBlocked, std::move(done));
    else admission.unblock(sn, std::move(done));
  };
}

}  // namespace

void add_admission_routes(RouteTable& routes, ApiContext& c) {
  routes.add("POST", "/api/v1/devices/{sn}/approve", Scope::kAdmin,
             "Approve a terminal (a pending one, or an unknown SN: fills an allowlist)", admission_action(c, "approve"));
  routes.add("POST", "/api/v1/devices/{sn}/block", Scope::kAdmin, "Block a terminal (known or not): 403 from then on",
             admission_action(c, "block"));
  routes.add("POST", "/api/v1/devices/{sn}/unblock", Scope::kAdmin,
             "Unblock a terminal: back to pending (409 if it is not blocked)", admission_action(c, "unblock"));
  routes.add("PUT", "/api/v1/devices/{sn}/admission", Scope::kAdmin,
             "A terminal's own admission policy and pushcommkey binding", [&c](ApiCall& call) {
               auto device = c.devices.registry().find(call.param(0));
               if (!device) return call.respond(error_response(404, "no device with SN " + call.param(0)));
               auto body = json_body(call.request.body, call.respond);
               if (!body) return;
               service::AdmissionSettings settings;
               for (const auto& [key, value] : body->items()) {
                 if (key == "policy") {
                   settings.set_policy = true;
                   if (value.is_null()) continue;  // follow the server's policy again
                   if (value.is_string()) settings.policy = store::admission_policy_from_name(value.get<std::string>());
                   if (!settings.policy)
                     return call.respond(error_response(400, "policy: \"open\", \"approve\", \"allowlist\" or null"));
                 } else if (key == "pushcommkey") {
                   if (!value.is_string())
                     return call.respond(error_response(400, "pushcommkey: a string (\"\" unbinds)"));
                   settings.push_comm_key = value.get<std::string>();
                 } else {
                   return call.respond(error_response(400, key + ": unknown field (policy, pushcommkey)"));
                 }
               }
               c.devices.admission().configure(device, std::move(settings), answer_with_device(c, call.respond));
             });
}

}  // namespace zkpush::api
