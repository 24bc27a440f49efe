// Routes terminal requests (/iclock/*) to the device service and frames its
// answers as HTTP: 200 with the protocol text, 400/404 for what cannot be
// understood, 403 for a terminal admission refuses, 503 when data could not
// be stored or the terminal awaits approval (so it keeps its data and resends).
// File downloads (`/iclock/file`, PutFile fetches) are served here directly,
// with Range support. The canteen dialect's endpoints (cpos, posrequest,
// posdevicecmd, exchange: spec 001) go to the canteen service.
#pragma once

#include "http/message.h"
#include "service/canteen/canteen_service.h"
#include "service/device_service.h"

namespace zkpush::http {

class DeviceRouter : public Handler {
 public:
  DeviceRouter(service::DeviceService& service, service::canteen::CanteenService& canteen)
      : service_(service), canteen_(canteen) {}
  void handle(const Request& request, Responder respond) override;
  // Uploads (protocol::may_carry_data) may be large; polls, handshakes and
  // pings are small.
  BodyClass body_class(std::string_view method, std::string_view target) const override;

 private:
  void serve_file(const Request& request, std::string_view reference, const Responder& respond);
  service::DeviceService& service_;
  service::canteen::CanteenService& canteen_;
};

}  // namespace zkpush::http
