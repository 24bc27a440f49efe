// Server-wide policy settings. Every handshake option a terminal receives is
// the device's own setting when it has one (DeviceRow::settings), else the
// default here.
#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/admission.h"
#include "util/clock.h"

namespace zkpush::service {

// Server-wide handshake options set through the API (PUT /api/v1/settings),
// over ServiceConfig::handshake_defaults; a terminal's own setting wins over
// both. Thread-safe: read on every handshake, written by the API.
class ServerSettings {
 public:
  std::optional<std::string> get(std::string_view key) const;
  std::map<std::string, std::string> all() const;
  // An empty value removes the key (back to the built-in default).
  void apply(const std::map<std::string, std::string>& values);
  // Everything as stored (read again after another node changed it).
  void replace(const std::map<std::string, std::string>& values);

 private:
  mutable std::mutex mu_;
  std::map<std::string, std::string, std::less<>> values_;
};

struct ServiceConfig {
  // Handshake options in the order they are sent (after the stamps). Keys are
  // the protocol's own names (004 §5). TransFlag is a list of format II names
  // separated by spaces or tabs; it is rendered per device generation.
  // TimeZone defaults to the server's local offset (see default_time_zone()).
  std::vector<std::pair<std::string, std::string>> handshake_defaults = {
      {"ErrorDelay", "30"},
      {"Delay", "10"},
      {"TransTimes", "00:00;14:05"},
      {"TransInterval", "1"},
      {"TransFlag",
       "AttLog OpLog AttPhoto EnrollUser ChgUser EnrollFP ChgFP FPImag FACE UserPic WORKCODE BioPhoto"},
      {"TimeZone", ""},  // filled at start-up
      {"Realtime", "1"},
      {"Encrypt", "0"},
      {"ServerVer", "2.4.1"},
      {"PushProtVer", "2.4.1"},
      {"PushOptionsFlag", "1"},
      {"PushOptions",
       "FingerFunOn,FaceFunOn,MultiBioDataSupport,MultiBioPhotoSupport,MultiBioVersion,"
       "MaxMultiBioDataCount,MaxMultiBioPhotoCount"},
      {"ATTPHOTOBase64", "0"},
      // Every type the store keeps: fingerprint, face, finger vein, palm, VL face/palm.
      {"MultiBioDataSupport", "0:1:1:0:0:0:0:1:1:1"},
      {"MultiBioPhotoSupport", "0:1:1:0:0:0:0:1:1:1"},
  };

  // getrequest batches (000:L263 limits; AMB-32).
  int max_commands_per_poll = 200;
  std::size_t max_command_bytes = 64 * 1024;
  // A sent command with no reply after this long is sent again, up to
  // `command_retries` more times, and then becomes `expired`.
  std::chrono::seconds command_timeout{600};
  int command_retries = 0;
  // last_seen is kept in memory and written at most this often.
  std::chrono::seconds last_seen_flush_interval{30};
  // This node's name in leases (leases.h). A name that stays the same across
  // restarts (the one node of a SQLite installation: "local") takes its
  // leases back at once after a crash.
  std::string node_name = "local";
  // Other nodes share the store (PostgreSQL): the presence judge reads when
  // every node last saw each device.
  bool shared_store = false;
  // Shared, so that every copy of the config sees the API's changes.
  std::shared_ptr<ServerSettings> server_settings = std::make_shared<ServerSettings>();
  // Who may use the server, unless a device has its own policy (admission.h).
  store::AdmissionPolicy admission = store::AdmissionPolicy::kOpen;
  // What "now" is for the service: when a command was sent and expires, when
  // a device was last seen. Tests give it a virtual time.
  ServiceClock clock;
};

// The server's local UTC offset in the protocol's TimeZone unit: hours for
// whole zones, minutes for half and quarter zones (004 §5: TimeZone=330).
std::string default_time_zone();

}  // namespace zkpush::service
