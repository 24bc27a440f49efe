// Routes terminal requests (/iclock/*) to the device service and frames its
// answers as HTTP: 200 with the protocol text, 400/404 for what cannot be
// understood, 503 when data could not be stored (so the terminal resends).
// File downloads (`/iclock/file`, PutFile fetches) are served here directly,
// with Range support.
#pragma once

#include "http/message.h"
#include "service/device_service.h"

namespace zkpush::http {

class DeviceRouter : public Handler {
 public:
  explicit DeviceRouter(service::DeviceService& service) : service_(service) {}
  void handle(const Request& request, Responder respond) override;
  // Uploads (protocol::may_carry_data) may be large; polls, handshakes and
  // pings are small.
  BodyClass body_class(std::string_view method, std::string_view target) const override;

 private:
  void serve_file(const Request& request, std::string_view reference, const Responder& respond);
  service::DeviceService& service_;
};

}  // namespace zkpush::http
