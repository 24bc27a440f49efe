// What a canteen terminal is told at its handshake (spec 001 §3.3), after
// the stamps: each option is the device's own setting (PUT
// /api/v1/devices/{sn}/settings) when it has one, else the default here. The
// defaults are the spec example's values (L455-L477) except ErrorDelay and
// Delay, which are the attendance terminals' (ServiceConfig), so a device's
// `online` means the same for both kinds and a lost card reaches every
// terminal within seconds. An empty default is left out of the block unless
// a device setting gives it a value (the example has no Timeout and no
// card-sector options; the terminal's own defaults apply). TimeZone defaults
// to the server's offset.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace zkpush::service::canteen {

struct CanteenConfig {
  std::vector<std::pair<std::string, std::string>> options = {
      {"ErrorDelay", "30"},     // seconds between retries after a network error (example: 60)
      {"Delay", "10"},          // seconds between polls (example: 30)
      {"TransTimes", "00:00;14:05"},
      {"TransInterval", "1"},   // minutes, when Realtime=0
      {"TransFlag", "111101011"},
      {"SyncTime", "600"},      // clock synchronisation interval, seconds
      {"AllowOnline", "0"},
      {"MachineType", "0"},     // 0 consumption, 1 recharge, 2 subsidy machine
      {"CustomSector", "1"},
      {"UseSection", ""},       // card sectors (§3.3 L353-L357)
      {"BackSection", ""},
      {"CardPass", ""},
      {"TimeZone", ""},         // hours (or minutes); filled with the server's offset
      {"Timeout", ""},          // HTTP timeout, seconds (terminal default 60)
      {"Realtime", "1"},
      {"Encrypt", "0"},         // always sent as 0 (protocol/canteen/options.h)
  };
};

}  // namespace zkpush::service::canteen
