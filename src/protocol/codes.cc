// The protocol's code tables (see codes.h). Each table cites its source;
// conflicts between the documents are resolved as legacy_catalog §3/§4 say.
#include "protocol/codes.h"

#include <utility>

#include "protocol/text.h"

namespace zkpush::protocol {
namespace {

struct Code {
  int code;
  std::string_view text;
};

template <std::size_t N>
std::string_view lookup(const Code (&table)[N], int code) {
  for (const Code& c : table)
    if (c.code == code) return c.text;
  return {};
}

// 004 Appendix 1 (L4755-4775); field-lessons §5.14 for -1002..-1008 wording;
// -629: PUSH 3.x access firmware rejecting a 2.x command (B4, R22 note).
constexpr Code kReturnCodes[] = {
    {0, "Successful"},
    {-1, "Parameter incorrect or command not supported"},
    {-2, "User photo data does not match the given size"},
    {-3, "Read/write error"},
    {-9, "Template data does not match the given size"},
    {-10, "The user specified by PIN does not exist on the device"},
    {-11, "Illegal fingerprint template format"},
    {-12, "Illegal fingerprint template"},
    {-30, "Unified template algorithm version mismatch"},
    {-629, "Command not supported by this firmware (PUSH 3.x table syntax required)"},
    {-1001, "Limited capacity"},
    {-1002, "Not supported by the device"},
    {-1003, "Command execution timeout"},
    {-1004, "Data does not match the device configuration (table not supported)"},
    {-1005, "Device busy"},
    {-1006, "Data too long"},
    {-1007, "Memory error"},
    {-1008, "Failed to get server data"},
};

// 004 Appendix 1 "Enroll_FP/Enroll_BIO" (L4776-4782); 000:L586-590. The
// document words them for fingerprints; ENROLL_BIO uses the same numbers.
constexpr Code kEnrollCodes[] = {
    {2, "The user already has this fingerprint"},
    {4, "Enrolment failed (poor quality or the presses differ)"},
    {5, "Fingerprint already in the database"},
    {6, "Enrolment cancelled"},
    {7, "Device busy"},
};

// ENROLL_MF (004 §12.6.2, printed under RETRY; legacy_catalog §3.6). -1 and
// -3 mean what Appendix 1 says.
constexpr Code kEnrollCardCodes[] = {
    {4, "Enrolment failed after the retries"},
    {5, "Enrolment timed out"},
    {6, "Enrolment cancelled (Esc pressed)"},
};

// Codes whose meaning on real firmware differs from Appendix 1 for one
// command (B6: SpeedFace-V5L, ZAM180-NF-Ver1.1.17).
struct CommandCode {
  std::string_view command;  // the command's leading words
  int code;
  std::string_view text;
};
constexpr CommandCode kFirmwareCodes[] = {
    {"GetFile", -2, "The file does not exist on the device"},
    {"DATA QUERY ATTLOG", -1, "Parameter incorrect, or no records in the window"},
};

// 004 Appendix 2 (L4786-4812): the codes are the ASCII values of letters.
constexpr std::pair<std::string_view, std::string_view> kLanguages[] = {
    {"83", "Simplified Chinese"}, {"69", "English"},    {"97", "Spanish"},
    {"70", "French"},             {"66", "Arabic"},     {"80", "Portuguese"},
    {"82", "Russian"},            {"71", "German"},     {"65", "Persian"},
    {"76", "Thai"},               {"73", "Indonesian"}, {"74", "Japanese"},
    {"75", "Korean"},             {"86", "Vietnamese"}, {"116", "Turkish"},
    {"72", "Hebrew"},             {"90", "Czech"},      {"68", "Dutch"},
    {"105", "Italian"},           {"89", "Slovak"},     {"103", "Greek"},
    {"112", "Polish"},            {"84", "Traditional Chinese"},
};
constexpr std::string_view kGb2312Language = "83";

// 000:L101-110, 002:L357-365 (legacy_catalog §3.1); 255 seen on SenseFace
// 3A and x2008 (R19; field-lessons §3.4).
constexpr Code kAttlogStatus[] = {
    {0, "Check-in"},     {1, "Check-out"},   {2, "Break out"}, {3, "Break in"},
    {4, "Overtime in"},  {5, "Overtime out"}, {8, "Meal start"}, {9, "Meal end"},
    {255, "Undefined (no state key pressed)"},
};

// 000:L101-105, 002:L357-363 (legacy_catalog §3.2).
constexpr Code kLegacyVerify[] = {
    {0, "Password"}, {1, "Fingerprint"}, {2, "Card"}, {9, "Other"},
};

// 004 Appendix 7 (L4975-5009).
constexpr Code kVerifyModes[] = {
    {0, "Automatic (finger vein, face, fingerprint, card or password)"},
    {1, "Fingerprint only"},
    {2, "User ID"},
    {3, "Password only"},
    {4, "Card only"},
    {5, "Fingerprint or password"},
    {6, "Fingerprint or card"},
    {7, "Card or password"},
    {8, "User ID + fingerprint"},
    {9, "Fingerprint + password"},
    {10, "Card + fingerprint"},
    {11, "Card + password"},
    {12, "Fingerprint + password + card"},
    {13, "User ID + fingerprint + password"},
    {14, "(User ID + fingerprint) or (card + fingerprint)"},
    {15, "Face"},
    {16, "Face + fingerprint"},
    {17, "Face + password"},
    {18, "Face + card"},
    {19, "Face + fingerprint + card"},
    {20, "Face + fingerprint + password"},
    {21, "Finger vein"},
    {22, "Finger vein + password"},
    {23, "Finger vein + card"},
    {24, "Finger vein + password + card"},
    {25, "Palm print"},
    {26, "Palm print + card"},
    {27, "Palm print + face"},
    {28, "Palm print + fingerprint"},
    {29, "Palm print + fingerprint + face"},
    {200, "Other"},
};

// 004 Appendix 3 (L4814-4911); 65/66 from 002:L461-462 (absent from 004).
constexpr Code kOplogCodes[] = {
    {0, "Power on"},
    {1, "Power off"},
    {2, "Verification failed"},
    {3, "Alarm"},
    {4, "Enter menu"},
    {5, "Change setting"},
    {6, "Enroll fingerprint"},
    {7, "Enroll password"},
    {8, "Enroll HID card"},
    {9, "Delete user"},
    {10, "Delete fingerprint"},
    {11, "Delete password"},
    {12, "Delete RF card"},
    {13, "Clear data"},
    {14, "Create MF card"},
    {15, "Enroll MF card"},
    {16, "Register MF card"},
    {17, "Delete MF card registration"},
    {18, "Clear MF card content"},
    {19, "Move enrolled data to card"},
    {20, "Copy card data to device"},
    {21, "Set time"},
    {22, "Factory reset"},
    {23, "Delete entry and exit records"},
    {24, "Clear administrator privileges"},
    {25, "Modify access group settings"},
    {26, "Modify user access settings"},
    {27, "Modify access time period"},
    {28, "Modify unlock combination settings"},
    {29, "Unlock"},
    {30, "Enroll new user"},
    {31, "Change fingerprint attribute"},
    {32, "Duress alarm"},
    {33, "Doorbell call"},
    {34, "Anti-passback"},
    {35, "Delete attendance photo"},
    {36, "Modify other user information"},
    {37, "Holidays"},
    {38, "Restore data"},
    {39, "Backup data"},
    {40, "USB upload"},
    {41, "USB download"},
    {42, "USB attendance record encryption"},
    {43, "Delete records after successful download"},
    {53, "Exit button"},
    {54, "Door sensor"},
    {55, "Alarm"},
    {56, "Recovery parameters"},
    {65, "Register user face"},
    {66, "Modify user face"},
    {68, "Register user photo"},
    {69, "Edit user photo"},
    {70, "Modify user name"},
    {71, "Modify user permissions"},
    {76, "Modify network IP"},
    {77, "Modify network mask"},
    {78, "Modify network gateway"},
    {79, "Modify network DNS"},
    {80, "Modify connection password"},
    {81, "Modify connection device ID"},
    {82, "Modify cloud server address"},
    {83, "Modify cloud server port"},
    {87, "Modify access record settings"},
    {88, "Modify face parameters"},
    {89, "Modify fingerprint parameters"},
    {90, "Modify finger vein parameters"},
    {91, "Modify palm print parameters"},
    {92, "USB upgrade"},
    {100, "Modify RF card information"},
    {101, "Enroll face"},
    {102, "Modify personnel permissions"},
    {103, "Delete personnel permissions"},
    {104, "Add personnel permissions"},
    {105, "Delete access records"},
    {106, "Delete face"},
    {107, "Delete personnel photo"},
    {108, "Modify parameters"},
    {109, "Select WiFi SSID"},
    {110, "Proxy enable"},
    {111, "Modify proxy IP"},
    {112, "Modify proxy port"},
    {113, "Change personnel password"},
    {114, "Modify face information"},
    {115, "Change operator password"},
    {116, "Restore access control settings"},
    {117, "Operator password entered incorrectly"},
    {118, "Operator password locked"},
    {120, "Modify Legic card data length"},
    {121, "Register finger vein"},
    {122, "Modify finger vein"},
    {123, "Delete finger vein"},
    {124, "Register palm print"},
    {125, "Modify palm print"},
    {126, "Delete palm print"},
};

// 004 Appendix 5 (L4925-4934), same in 000:L148 and 002:L418-423.
constexpr Code kAlarmReasons[] = {
    {50, "Door close detected"},      {51, "Door open detected"},
    {53, "Out door button"},          {54, "Door broken accidentally"},
    {55, "Machine been broken"},      {58, "Try invalid verification"},
    {65535, "Alarm cancelled"},
};

// 004 §11.12 Type table and Appendix 10 (6 and 8 are named differently in
// the two: AMB-16/17; 003's numbering is not used).
constexpr Code kBioTypes[] = {
    {0, "Universal"},  {1, "Fingerprint"}, {2, "Near-infrared face"},
    {3, "Voiceprint"}, {4, "Iris"},        {5, "Retina"},
    {6, "Palm print"}, {7, "Finger vein"}, {8, "Palm vein"},
    {9, "Visible light face"},             {10, "Visible light palm"},
};

}  // namespace

std::string_view return_code_message(int code) { return lookup(kReturnCodes, code); }

std::string command_return_message(std::string_view command, int code) {
  command = trim(command);
  const std::string_view verb = command.substr(0, command.find_first_of(" \t"));
  std::string_view text;
  if (iequals(verb, "ENROLL_FP") || iequals(verb, "ENROLL_BIO")) text = lookup(kEnrollCodes, code);
  if (iequals(verb, "ENROLL_MF")) text = lookup(kEnrollCardCodes, code);
  for (const CommandCode& c : kFirmwareCodes)
    if (c.code == code && istarts_with(command, c.command)) text = c.text;
  if (!text.empty()) return std::string(text);
  if (code > 0 && iequals(verb, "PutFile") && command.find("Action=SyncData") != std::string_view::npos)
    return "Data synchronized: " + std::to_string(code) + " commands processed";
  return std::string(return_code_message(code));
}

std::string_view language_name(std::string_view code) {
  code = trim(code);
  for (const auto& [c, name] : kLanguages)
    if (c == code) return name;
  return {};
}

bool is_gb2312_language(std::string_view code) { return trim(code) == kGb2312Language; }

std::string_view attlog_status_name(int code) { return lookup(kAttlogStatus, code); }

std::string_view attlog_verify_name(int code, bool legacy_device) {
  return legacy_device ? lookup(kLegacyVerify, code) : lookup(kVerifyModes, code);
}

std::string_view verify_mode_name(int code) { return lookup(kVerifyModes, code); }
std::string_view oplog_name(int code) { return lookup(kOplogCodes, code); }
std::string_view alarm_reason_name(int code) { return lookup(kAlarmReasons, code); }
std::string_view bio_type_name(int code) { return lookup(kBioTypes, code); }

}  // namespace zkpush::protocol
