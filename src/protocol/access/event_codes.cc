// rtlog event codes: CN24 App.2 (0-255) and App.19 (extended 4000-6999),
// in English after EN21 App.2 and the catalog's table (§5.1).
#include "protocol/access/event_codes.h"

#include <algorithm>
#include <array>
#include <utility>

#include "protocol/text.h"

namespace zkpush::protocol::access {
namespace {

using Name = std::pair<int, std::string_view>;

constexpr std::array kEventNames = {
    Name{0, "normal verify open"}, Name{1, "verify during normally-open period"},
    Name{2, "first-person open"}, Name{3, "multi-person open"},
    Name{4, "emergency password open"}, Name{5, "open during normally-open period"},
    Name{6, "linkage event triggered"}, Name{7, "alarm cancelled"}, Name{8, "remote open"},
    Name{9, "remote close"}, Name{10, "normally-open period disabled for today"},
    Name{11, "normally-open period enabled for today"}, Name{12, "aux output opened remotely"},
    Name{13, "aux output closed remotely"}, Name{14, "fingerprint verify open"},
    Name{15, "multi-person open (fingerprint)"}, Name{16, "fingerprint verify during normally-open period"},
    Name{17, "card and fingerprint open"}, Name{18, "first-person open (fingerprint)"},
    Name{19, "first-person open (card and fingerprint)"}, Name{20, "operation interval too short"},
    Name{21, "door inactive time zone"}, Name{22, "illegal time zone"}, Name{23, "access denied"},
    Name{24, "anti-passback"}, Name{25, "interlock"}, Name{26, "multi-person verify waiting"},
    Name{27, "not registered"}, Name{28, "door open timeout"}, Name{29, "expired"},
    Name{30, "wrong password"}, Name{31, "operation interval too short (fingerprint)"},
    Name{32, "multi-person verify waiting (fingerprint)"}, Name{33, "expired (fingerprint)"},
    Name{34, "not registered (fingerprint)"}, Name{35, "door inactive time zone (fingerprint)"},
    Name{36, "door inactive time zone (exit button)"}, Name{37, "cannot close during normally-open period"},
    Name{38, "card reported lost"}, Name{39, "blacklisted"}, Name{40, "multi-person verify failed"},
    Name{41, "verify mode error"}, Name{42, "Wiegand format error"}, Name{43, "person locked"},
    Name{44, "background verify failed"}, Name{45, "background verify timeout"},
    Name{47, "send command failed"}, Name{48, "multi-person verify failed (card)"},
    Name{49, "door inactive time zone (password)"}, Name{50, "operation interval too short (password)"},
    Name{51, "multi-person verify waiting (password)"}, Name{52, "multi-person verify failed (password)"},
    Name{53, "expired (password)"}, Name{54, "battery low"}, Name{55, "replace battery now"},
    Name{56, "illegal operation"}, Name{57, "backup power"}, Name{58, "normally-open alarm"},
    Name{59, "illegal management"}, Name{60, "door locked from inside"}, Name{61, "repeated verification"},
    Name{62, "user disabled"}, Name{63, "door locked"}, Name{64, "exit button outside time zone"},
    Name{65, "aux input outside time zone"}, Name{66, "reader upgrade failed"},
    Name{67, "remote comparison ok (device not authorised)"}, Name{68, "abnormal temperature"},
    Name{69, "no mask"}, Name{70, "face server communication error"}, Name{71, "face server response error"},
    Name{72, "call not answered"}, Name{73, "QR code invalid"}, Name{74, "QR code expired"},
    Name{75, "combined verify timeout"}, Name{76, "no fingerprint in TITAN mode"},
    Name{77, "network cable unplugged"}, Name{78, "hotspot lost"}, Name{79, "mobile network lost"},
    Name{80, "floor pressed without permission"}, Name{100, "tamper alarm"},
    Name{101, "duress password open"}, Name{102, "door opened forcibly"},
    Name{103, "duress fingerprint open"}, Name{104, "invalid card swipe alarm"},
    Name{105, "cannot reach the server"}, Name{106, "battery power failure"},
    Name{107, "mains power failure"}, Name{108, "cannot connect to master"}, Name{109, "reader tamper"},
    Name{110, "reader offline"}, Name{111, "PoE power lost"}, Name{112, "extension board offline"},
    Name{113, "illegal security level"}, Name{114, "fire input line open"},
    Name{115, "fire input line short"}, Name{116, "aux input line open"}, Name{117, "aux input line short"},
    Name{118, "exit button line open"}, Name{119, "exit button line short"},
    Name{120, "door sensor line open"}, Name{121, "door sensor line short"},
    Name{132, "elevator emergency cancelled"}, Name{133, "elevator emergency cancel invalid"},
    Name{134, "elevator restricted"}, Name{150, "elevator manual button short"},
    Name{151, "elevator manual button open"}, Name{152, "elevator emergency button short"},
    Name{153, "elevator emergency button open"}, Name{154, "elevator fire button short"},
    Name{155, "elevator fire button open"}, Name{200, "door opened"}, Name{201, "door closed"},
    Name{202, "exit button open"}, Name{203, "multi-person open (card and fingerprint)"},
    Name{204, "normally-open period ended"}, Name{205, "remote normally-open"}, Name{206, "device started"},
    Name{207, "password open"}, Name{208, "superuser open"}, Name{209, "exit button pressed while locked"},
    Name{210, "fire alarm open"}, Name{211, "superuser close"}, Name{212, "elevator control on"},
    Name{213, "elevator control off"}, Name{214, "connected to the server"},
    Name{215, "first-card open (password)"}, Name{216, "password verify during normally-open period"},
    Name{217, "connected to master"}, Name{218, "ID card pass"},
    Name{219, "exit button during normally-open period"}, Name{220, "aux input opened"},
    Name{221, "aux input shorted"}, Name{222, "background verify success"}, Name{223, "background verify"},
    Name{224, "doorbell"}, Name{225, "aux input normal"}, Name{226, "aux input triggered"},
    Name{227, "doors double-open"}, Name{228, "doors double-close"}, Name{229, "aux output timed open"},
    Name{230, "aux output timed close"}, Name{231, "IPC linkage"}, Name{232, "verify passed"},
    Name{233, "remote lock"}, Name{234, "remote unlock"}, Name{235, "reader upgrade ok"},
    Name{236, "reader tamper cleared"}, Name{237, "reader online"}, Name{239, "device call"},
    Name{240, "call ended"}, Name{241, "linkage snapshot"}, Name{242, "linkage recording"},
    Name{243, "fire input open"}, Name{244, "fire input short"}, Name{245, "hotspot on"},
    Name{246, "mobile network on"}, Name{247, "extension board online"}, Name{248, "network cable plugged"},
    Name{249, "elevator direct floor"}, Name{250, "floor with permission"},
    Name{251, "voice cancel"}, Name{252, "voice trigger"}, Name{255, "door status"},
    Name{4000, "fire normally-open ended"}, Name{4001, "person passed"},
    Name{4002, "elevator configured"}, Name{4003, "elevator card reported lost"},
    Name{4004, "elevator card found"}, Name{4005, "elevator close button lit"},
    Name{4006, "elevator open button lit"}, Name{4007, "health code green"},
    Name{4008, "mains power restored"}, Name{4009, "intercom call"}, Name{4010, "intercom answered"},
    Name{4011, "intercom call timeout"}, Name{4012, "intercom call rejected"},
    Name{4013, "intercom hung up"}, Name{6000, "fire normally-open started"},
    Name{6001, "health code yellow"}, Name{6002, "health code red"}, Name{6003, "health code unknown"},
    Name{6004, "health code error"}, Name{6005, "records 90% full"}, Name{6006, "RS485 reader short"},
    Name{6007, "Wiegand reader short"},
};

// push3_catalog §5.1: the codes that mean a person went through.
constexpr std::array kPassCodes = {0, 1, 2, 3, 4, 14, 15, 16, 17, 18, 19, 203, 207, 208, 215, 216, 218, 222, 232, 4001};
// The door's own events among the normal ones.
constexpr std::array kDoorCodes = {0,   1,   2,   3,   4,   5,   6,   7,   8,   9,   10,  11,  12,  13,  14,
                                   15,  16,  17,  18,  19,  200, 201, 202, 203, 204, 205, 207, 208, 209, 210,
                                   211, 215, 216, 218, 219, 222, 227, 228, 229, 230, 232, 233, 234, 4000};

template <std::size_t N>
constexpr bool contains(const std::array<int, N>& codes, int code) {
  return std::find(codes.begin(), codes.end(), code) != codes.end();
}

constexpr std::array<std::string_view, 6> kClassNames = {"granted", "denied", "alarm", "door", "device", "unknown"};

}  // namespace

std::string_view event_class_name(EventClass c) { return kClassNames[static_cast<std::size_t>(c)]; }

EventClass event_class_from_name(std::string_view name) {
  for (std::size_t i = 0; i < kClassNames.size(); ++i)
    if (iequals(name, kClassNames[i])) return static_cast<EventClass>(i);
  return EventClass::kUnknown;
}

std::string_view event_name(int code) {
  for (const auto& [c, name] : kEventNames)
    if (c == code) return name;
  return {};
}

EventClass classify_event(int code, std::string_view pin) {
  const bool person = !pin.empty() && pin != "0";
  if (contains(kPassCodes, code) && person) return EventClass::kGranted;
  if (contains(kDoorCodes, code)) return EventClass::kDoor;
  if ((code >= 20 && code <= 99) || (code >= 5000 && code <= 5999)) return EventClass::kDenied;
  if ((code >= 100 && code <= 199) || (code >= 6000 && code <= 6999)) return EventClass::kAlarm;
  if ((code >= 200 && code <= 255) || (code >= 4000 && code <= 4999)) return EventClass::kDevice;
  return EventClass::kUnknown;
}

}  // namespace zkpush::protocol::access
