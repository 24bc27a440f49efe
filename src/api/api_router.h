// The JSON API (minimal for now; the full admin API is a later issue):
//
//   GET  /api/v1/health
//   GET  /api/v1/devices                      GET /api/v1/devices/{sn}
//   GET  /api/v1/devices/{sn}/attendance?from=&to=&pin=&limit=&after=
//   GET  /api/v1/devices/{sn}/users|templates|oplog|photos|errorlog|rejected?limit=&after=
//   GET  /api/v1/devices/{sn}/records?table=RTLOG   (IDCARD, WORKCODE, rtlog,
//        tabledata, background verification...: kept as sent)
//   GET  /api/v1/photos/{id}                  (the image bytes)
//   POST /api/v1/devices/{sn}/commands        {"command": "INFO"} -> 201
//   POST /api/v1/devices/{sn}/commands/{kind} {"pin": "7", "name": "Ana"} -> 201
//        (typed commands: typed_commands.h, docs/commands.md)
//   GET  /api/v1/devices/{sn}/commands        GET /api/v1/commands/{id}
//   GET  /api/v1/commands/summary             {"queued": n, "sent": n, "done": n, "failed": n, "expired": n}
//   PUT  /api/v1/devices/{sn}/settings        {"Delay": "5", ...}: handshake options
//
// Errors are {"error": "..."} with a 4xx/5xx status.
#pragma once

#include <string>
#include <vector>

#include "http/message.h"
#include "service/device_service.h"
#include "store/store.h"

namespace zkpush::api {

class ApiRouter : public http::Handler {
 public:
  ApiRouter(store::Store& store, service::DeviceService& devices) : store_(store), devices_(devices) {}
  void handle(const http::Request& request, http::Responder respond) override;

 private:
  void route(const http::Request& request, const std::vector<std::string>& parts, const http::Responder& respond);
  void device_resource(const http::Request& request, const std::string& sn, const std::string& resource,
                       const http::Responder& respond);
  void post_command(const http::Request& request, const std::string& sn, const http::Responder& respond);
  void post_typed_command(const http::Request& request, const std::string& sn, const std::string& kind,
                          const http::Responder& respond);
  // Queues protocol text for one terminal and answers 201 {"id", "status":
  // "queued"}, 400 when the text is refused, 503 when it is not stored. The
  // raw and the typed forms share it; a group form calls it per terminal.
  void queue_command(const std::shared_ptr<service::Device>& device, std::string command,
                     const http::Responder& respond);
  void put_settings(const http::Request& request, const std::string& sn, const http::Responder& respond);

  store::Store& store_;
  service::DeviceService& devices_;
};

}  // namespace zkpush::api
