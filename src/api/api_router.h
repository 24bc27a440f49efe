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
//   GET  /api/v1/devices/{sn}/commands        GET /api/v1/commands/{id}
//   GET  /api/v1/commands/summary             {"queued": n, "sent": n, "done": n, "failed": n, "expired": n}
//   PUT  /api/v1/devices/{sn}/settings        {"Delay": "5", ...}: handshake options
//   /api/v1/canteen/...                       canteen terminals (canteen_routes.h)
//
// Errors are {"error": "..."} with a 4xx/5xx status.
#pragma once

#include <string>
#include <vector>

#include "api/canteen_routes.h"
#include "http/message.h"
#include "service/device_service.h"
#include "store/store.h"

namespace zkpush::api {

class ApiRouter : public http::Handler {
 public:
  ApiRouter(store::Store& store, service::DeviceService& devices, service::canteen::CanteenService& canteen)
      : store_(store), devices_(devices), canteen_(store, devices, canteen) {}
  void handle(const http::Request& request, http::Responder respond) override;

 private:
  void route(const http::Request& request, const std::vector<std::string>& parts, const http::Responder& respond);
  void device_resource(const http::Request& request, const std::string& sn, const std::string& resource,
                       const http::Responder& respond);
  void post_command(const http::Request& request, const std::string& sn, const http::Responder& respond);
  void put_settings(const http::Request& request, const std::string& sn, const http::Responder& respond);

  store::Store& store_;
  service::DeviceService& devices_;
  CanteenRoutes canteen_;
};

}  // namespace zkpush::api
