// The typed command kinds: one row per command of spec 004 §12, fields in
// the order the protocol writes them (typed_commands.h explains the names).
// Keys are spelled as 004 prints them: PIN in most places, Pin in FVEIN,
// BIODATA and their DELETE forms, FingerID in QUERY FINGERTMP (AMB-35).
//
// Most kinds are "<words> K=V\tK=V" and use format_pairs; USERINFO and the
// template tables go through format.h's formatters, which remote attendance
// shares; the rest have a formatter of their own shape (command_text.h).
#include "api/typed_commands.h"
#include <algorithm>
#include <ctime>
#include <span>

#include "protocol/access/realtime.h"
#include "protocol/access/table_commands.h"
#include "protocol/access/table_schemas.h"
#include "protocol/command_text.h"
#include "protocol/format.h"
#include "protocol/text.h"

namespace zkpush::api {
namespace {

using enum FieldType;
using protocol::TemplateKind;

// --- formatters --------------------------------------------------------------

std::string format_pairs(const TypedCommandKind& k, const TypedValues& v) {
  return protocol::format_command(k.words, v.pairs(k));
}

// GetFile <FilePath>, SHELL <SystemCmd>: the kind's one field is the argument.
std::string format_argument(const TypedCommandKind& k, const TypedValues& v) {
  return protocol::format_command_argument(k.words, v.text(k.fields.front().name));
}

std::string format_option(const TypedCommandKind&, const TypedValues& v) {
  return protocol::format_set_option(v.text("key"), v.text("value"));
}

std::string format_put_file(const TypedCommandKind& k, const TypedValues& v) {
  return protocol::format_put_file(v.text("url"), v.text("file_path"), v.pairs(k));
}

long long number(const TypedValues& v, std::string_view name) {
  return protocol::parse_int(v.text(name)).value_or(0);  // validated before
}

std::string format_upgrade(const TypedCommandKind&, const TypedValues& v) {
  return protocol::format_upgrade(static_cast<protocol::UpgradeMethod>(number(v, "method")), v.text("checksum"),
                                  v.text("url"), number(v, "size"));
}

std::optional<std::string> optional_text(const TypedValues& v, std::string_view name) {
  auto value = v.get(name);
  return value ? std::optional<std::string>(*value) : std::nullopt;
}

std::string format_user(const TypedCommandKind&, const TypedValues& v) {
  protocol::UserRecord u;
  u.pin = v.text("pin");
  u.name = optional_text(v, "name");
  u.privilege = optional_text(v, "privilege");
  u.password = optional_text(v, "password");
  u.card = optional_text(v, "card");
  u.group = optional_text(v, "group");
  u.tz = optional_text(v, "tz");
  u.verify = optional_text(v, "verify");
  u.vice_card = optional_text(v, "vice_card");
  u.start_datetime = optional_text(v, "start_datetime");
  u.end_datetime = optional_text(v, "end_datetime");
  return protocol::format_user_update(u);
}

template <TemplateKind kKind>
std::string format_template(const TypedCommandKind&, const TypedValues& v) {
  protocol::TemplateRecord t;
  t.kind = kKind;
  t.pin = v.text("pin");
  t.no = static_cast<int>(number(v, kKind == TemplateKind::kBiodata ? "no" : "fid"));
  t.index = static_cast<int>(number(v, "index"));
  t.valid = static_cast<int>(number(v, "valid"));
  t.duress = static_cast<int>(number(v, "duress"));
  t.bio_type = static_cast<int>(number(v, "type"));
  t.major_ver = v.text("major_ver");
  t.minor_ver = v.text("minor_ver");
  t.format = v.text("format");
  t.tmp = v.text("tmp");
  return protocol::format_template_update(t);
}

// --- rules between fields ------------------------------------------------------

Status rule(bool broken, std::string message) {
  return broken ? Status(Error::invalid(std::move(message))) : Status::success();
}

// StartTime..EndTime windows (§12.1.3, §12.3.3); both are normalised times.
Status time_window(const TypedValues& v) {
  return rule(v.text("end_time") < v.text("start_time"), "end_time: must not be before start_time");
}

// DELETE BIODATA: No only after Type (§12.1.2.5).
Status no_after_type(const TypedValues& v) { return rule(v.has("no") && !v.has("type"), "no: needs type"); }

// QUERY BIODATA: No only after PIN (§12.1.3).
Status no_after_pin(const TypedValues& v) { return rule(v.has("no") && !v.has("pin"), "no: needs pin"); }

// BIOPHOTO: Content in base64 mode (Format=0), Url in url mode (1) (§12.1.1.8).
Status photo_mode(const TypedValues& v) {
  const bool url_mode = v.text("format") == "1";
  if (Status s = rule(url_mode && !v.has("url"), "url: required when format is 1"); !s) return s;
  if (Status s = rule(url_mode && v.has("content"), "content: only when format is 0"); !s) return s;
  if (Status s = rule(!url_mode && !v.has("content"), "content: required when format is 0"); !s) return s;
  return rule(!url_mode && v.has("url"), "url: only when format is 1");
}

// PutFile function 2: Action after a FilePath; SyncData names its table and
// record count, and only SyncData does (§12.5.2).
Status put_file_action(const TypedValues& v) {
  const bool sync = v.text("action") == "SyncData";
  if (Status s = rule(v.has("action") && !v.has("file_path"), "file_path: required with action"); !s) return s;
  for (std::string_view name : {"table_name", "record_count"}) {
    const std::string label(name);
    if (Status s = rule(sync && !v.has(name), label + ": required when action is SyncData"); !s) return s;
    if (Status s = rule(!sync && v.has(name), label + ": only when action is SyncData"); !s) return s;
  }
  return Status::success();
}

// --- field shapes used by many kinds ----------------------------------------

constexpr TypedField field(std::string_view name, std::string_view key, FieldType type) {
  TypedField f;
  f.name = name;
  f.key = key;
  f.type = type;
  return f;
}

// 004 Appendix 7 (codes.h verify_mode_name); a user's Verify may also be -1,
// "the group's mode" (§12.1.1.1).
constexpr std::string_view kVerifyModes =
    "0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,200";
constexpr std::string_view kUserVerifyModes =
    "-1,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,200";

constexpr TypedField pin(std::string_view key = "PIN") { return field("pin", key, kPin).needed().describe("user ID"); }
constexpr TypedField finger(std::string_view key = "FID") {
  return field("fid", key, kInteger).range(0, 9).describe("finger number 0-9");
}
constexpr TypedField template_text(std::string_view key) {
  return field("tmp", key, kBase64).needed().describe("the template, base64");
}
constexpr TypedField size_of(std::string_view source, std::string_view key = "Size") {
  TypedField f = field("", key, kLengthOf).describe("computed: the length of the base64 text");
  f.source = source;
  return f;
}
constexpr TypedField choice(std::string_view name, std::string_view key, std::string_view choices) {
  TypedField f = field(name, key, kChoice);
  f.choices = choices;
  return f;
}
constexpr TypedField integer(std::string_view name, std::string_view key, long long lo, long long hi) {
  return field(name, key, kInteger).range(lo, hi);
}
constexpr TypedField text(std::string_view name, std::string_view key, long long max_bytes = 0) {
  return field(name, key, kText).range(0, max_bytes);
}
constexpr TypedField id_number(std::string_view key = "IDNum") {
  return field("id_num", key, kToken).range(0, 32).describe("identity card number");
}
constexpr TypedField time_of(std::string_view name, std::string_view key) {
  return field(name, key, kDateTime).needed();
}
constexpr TypedField hhmm(std::string_view name, std::string_view key) { return field(name, key, kHourMinute); }
constexpr TypedField bio_type(std::string_view key, long long max = 10) {
  return integer("type", key, 0, max)
      .describe("biometric type (004 Appendix 10): 1 finger, 2 face, 9 visible-light face...");
}
constexpr TypedField gender() { return choice("gender", "Gender", "1,2").describe("1 male, 2 female"); }
constexpr TypedField nation() { return integer("nation", "Nation", 0, 98).describe("ethnic code (004 §12.1.1.2)"); }
constexpr long long kMaxInt = 2147483647;

// --- the access dialect's (Security PUSH 3.x; CN24 §12) ---

std::string format_panel_query(const TypedCommandKind&, const TypedValues& v) {
  std::string text = protocol::access::data_query(v.text("table"));
  // "NewRecord": the events not yet uploaded (push3_catalog §3.4); a Type
  // filter for templates, mandatory once hybrid biometrics are on.
  if (v.text("new_records") == "1") text.replace(text.rfind("filter=*"), 8, "filter=NewRecord");
  if (v.has("type")) text.replace(text.rfind("filter=*"), 8, "filter=Type=" + std::string(v.text("type")));
  return text;
}

std::string format_panel_count(const TypedCommandKind&, const TypedValues& v) {
  std::string text = protocol::access::data_count(v.text("table"));
  if (v.has("type")) text += " Type=" + std::string(v.text("type"));
  return text;
}

std::string format_panel_options(const TypedCommandKind& k, const TypedValues& v) {
  return std::string(k.words) + " " + std::string(v.text(k.fields.front().name));
}

// SET OPTIONS DateTime=<the server's local time in App.5 seconds> (CN24 §12.5.1).
std::string format_panel_set_time(const TypedCommandKind&, const TypedValues&) {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  return "SET OPTIONS DateTime=" +
         std::to_string(protocol::access::encode_time(local.tm_year + 1900, local.tm_mon + 1, local.tm_mday,
                                                      local.tm_hour, local.tm_min, local.tm_sec));
}

std::string format_panel_reboot(const TypedCommandKind&, const TypedValues&) { return "CONTROL DEVICE 03000000"; }

// "K=V,K=V" with option names of letters, digits, '~' and '_' (no blanks: a
// TAB would join the next pair to the value, push3_catalog §3.9).
Status check_option_pairs(const TypedValues& v) {
  for (auto pair : protocol::split(v.text("options"), ',')) {
    const auto eq = pair.find('=');
    if (eq == 0 || eq == std::string_view::npos) return Error::invalid("options: Name=Value pairs separated by commas");
    for (char c : pair.substr(0, eq))
      if (!protocol::is_key_char(c)) return Error::invalid("options: an option name holds letters, digits, ~ and _");
    if (pair.find('\t') != std::string_view::npos) return Error::invalid("options: no TAB");
  }
  return Status::success();
}

Status check_option_names(const TypedValues& v) {
  for (auto name : protocol::split(v.text("names"), ',')) {
    if (name.empty()) return Error::invalid("names: option names separated by commas");
    for (char c : name)
      if (!protocol::is_key_char(c)) return Error::invalid("names: an option name holds letters, digits, ~ and _");
  }
  return Status::success();
}

constexpr std::string_view kPanelTables = "user,userauthorize,templatev10,biodata,biophoto,transaction";
constexpr std::string_view kPanelWriteTables =
    "user,extuser,mulcarduser,userauthorize,holiday,timezone,templatev10,firstcard,multimcard,inoutfun,"
    "outrelaysetting,DSTSetting,SuperAuthorize,biophoto,userpic,biodata";

// The row's field names against the table's (protocol/access/table_schemas.h):
// a misspelt name is what a panel takes with Return=0 and gets wrong.
Status check_names(std::string_view table, std::string_view row, std::span<const std::string_view> allowed,
                   std::string_view field) {
  for (auto pair : protocol::split(row, '\t')) {
    const std::string_view name = pair.substr(0, pair.find('='));
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
      std::string known;
      for (auto a : allowed) known += (known.empty() ? "" : ", ") + std::string(a);
      return Error::invalid(std::string(field) + ": " + std::string(name) + " is no field of " + std::string(table) +
                            (known.empty() ? std::string(" (only all: true)") : " (" + known + ")"));
    }
  }
  return Status::success();
}

Status check_panel_update(const TypedValues& v) {
  const auto* schema = protocol::access::table_schema(v.text("table"));
  return check_names(v.text("table"), v.text("row"), schema->fields, "row");
}

Status check_panel_delete(const TypedValues& v) {
  if (v.has("where") == (v.text("all") == "1"))
    return Error::invalid("where: give the rows' key fields, or all: true to empty the table");
  if (!v.has("where")) return Status::success();
  const auto* schema = protocol::access::table_schema(v.text("table"));
  return check_names(v.text("table"), v.text("where"), schema->delete_fields, "where");
}

std::string format_panel_update(const TypedCommandKind&, const TypedValues& v) {
  return "DATA UPDATE " + std::string(v.text("table")) + " " + std::string(v.text("row"));
}

std::string format_panel_delete(const TypedCommandKind&, const TypedValues& v) {
  return "DATA DELETE " + std::string(v.text("table")) + " " + std::string(v.has("where") ? v.text("where") : "*");
}

// A table: one kind per row group, kept as laid out (clang-format off).
std::vector<TypedCommandKind> make_kinds() {
  const CommandFormatter pairs = format_pairs;
  // clang-format off
  return {
      // --- DATA UPDATE (§12.1.1) ---
      {"update-userinfo", "DATA UPDATE USERINFO", "§12.1.1.1", "Add or change a user", false,
       {pin(), text("name", "Name").describe("name (sent in GB2312 to Chinese terminals)"),
        choice("privilege", "Pri", "0,2,6,10,14")
            .describe("0 user, 2 registrar, 6 administrator, 10 user-defined, 14 super administrator"),
        text("password", "Passwd", 32).describe("keypad password"),
        field("card", "Card", kCard).describe("card number"),
        integer("group", "Grp", 0, 65535).describe("group (the terminal's default: 1)"),
        field("tz", "TZ", kDigits).range(1, 16).describe("time periods, 16 digits (0000000000000000: the group's)"),
        choice("verify", "Verify", kUserVerifyModes)
            .describe("verification mode (004 Appendix 7); -1 the group's"),
        field("vice_card", "ViceCard", kDigits).range(1, 20).describe("second card number"),
        field("start_datetime", "StartDatetime", kDate).describe("valid from"),
        field("end_datetime", "EndDatetime", kDate).describe("valid until")},
       format_user},
      {"update-idcard", "DATA UPDATE IDCARD", "§12.1.1.2", "Add or change an identity card (ID-card firmware)", false,
       {field("pin", "PIN", kPin).otherwise("0").describe("user ID; 0 when the card is bound to no user"),
        field("sn_num", "SNNum", kToken).range(0, 32).describe("the card's physical number"), id_number().needed(),
        field("dn_num", "DNNum", kToken).range(0, 32).describe("the card's serial number"),
        text("name", "Name"), gender(), nation(), field("birthday", "Birthday", kDate),
        field("valid_info", "ValidInfo", kDigits).range(16, 16).describe("validity, yyyyMMddyyyyMMdd"),
        text("address", "Address"), text("additional_info", "AdditionalInfo"), text("issuer", "Issuer"),
        field("photo", "Photo", kBase64), field("fp_template1", "FPTemplate1", kBase64),
        field("fp_template2", "FPTemplate2", kBase64), text("reserve", "Reserve"), text("notice", "Notice")},
       pairs},
      {"update-fingertmp", "DATA UPDATE FINGERTMP", "§12.1.1.3", "Add or change a fingerprint template", false,
       {pin(), finger().needed(), size_of("tmp"),
        choice("valid", "Valid", "0,1,3").otherwise("1").describe("0 invalid, 1 normal, 3 duress"),
        template_text("TMP")},
       format_template<TemplateKind::kFingerprint>},
      {"update-face", "DATA UPDATE FACE", "§12.1.1.4", "Add or change a face template", false,
       {pin(), integer("fid", "FID", 0, 99).needed().describe("face template number"),
        choice("valid", "Valid", "0,1").otherwise("1"), size_of("tmp"), template_text("TMP")},
       format_template<TemplateKind::kFace>},
      {"update-fvein", "DATA UPDATE FVEIN", "§12.1.1.5", "Add or change a finger vein template", false,
       {pin("Pin"), finger().needed(), integer("index", "Index", 0, 2).otherwise("0"),
        choice("valid", "Valid", "0,1").otherwise("1"), size_of("tmp"), template_text("Tmp")},
       format_template<TemplateKind::kFingerVein>},
      {"update-biodata", "DATA UPDATE BIODATA", "§12.1.1.6", "Add or change a unified template (palm, face...)", false,
       {pin("Pin"),
        integer("no", "No", 0, 9).otherwise("0").describe("finger 0-9; 0 face; eye or hand 0 left, 1 right"),
        integer("index", "Index", 0, 99).otherwise("0"), choice("valid", "Valid", "0,1").otherwise("1"),
        field("duress", "Duress", kBoolean).otherwise("0"), bio_type("Type").needed(),
        field("major_ver", "MajorVer", kDigits).range(1, 9).needed().describe("algorithm major version"),
        field("minor_ver", "MinorVer", kDigits).range(1, 9).otherwise("0"),
        integer("format", "Format", 0, 9).otherwise("0").describe("template format: 0 ZK (ISO, ANSI: other values)"),
        template_text("Tmp")},
       format_template<TemplateKind::kBiodata>},
      {"update-userpic", "DATA UPDATE USERPIC", "§12.1.1.7", "Set a user's photo", false,
       {pin(), size_of("content"), field("content", "Content", kBase64).needed().describe("the photo (JPEG), base64")},
       pairs},
      {"update-biophoto", "DATA UPDATE BIOPHOTO", "§12.1.1.8",
       "Set a comparison photo, from which the terminal makes a template", false,
       {pin(), bio_type("Type").needed(), size_of("content"),
        field("content", "Content", kBase64).describe("the photo (JPEG), base64, when format is 0"),
        choice("format", "Format", "0,1").otherwise("0")
            .describe("0 content in the command, 1 the terminal fetches url"),
        field("url", "Url", kUrl).describe("the photo's address, when format is 1"),
        field("post_back_tmp_flag", "PostBackTmpFlag", kBoolean).describe("upload the template made from it")},
       pairs, photo_mode},
      {"update-sms", "DATA UPDATE SMS", "§12.1.1.9", "Add or change a short message", false,
       {text("msg", "MSG", 320).needed().describe("the message, at most 320 bytes"),
        choice("tag", "TAG", "253,254,255").needed()
            .describe("253 public, 254 for users (update-user-sms), 255 reserved"),
        integer("uid", "UID", 0, kMaxInt).needed().describe("message number"),
        integer("min", "MIN", 0, kMaxInt).needed().describe("minutes it stays valid"),
        time_of("start_time", "StartTime").describe("when it starts to show")},
       pairs},
      {"update-user-sms", "DATA UPDATE USER_SMS", "§12.1.1.10", "Address a short message to a user", false,
       {pin(), integer("uid", "UID", 0, kMaxInt).needed().describe("message number")}, pairs},
      {"update-adpic", "DATA UPDATE ADPIC", "§12.1.1.11", "Add or change a publicity picture", false,
       {integer("index", "Index", 0, kMaxInt).needed(), size_of("content"),
        field("extension", "Extension", kToken).range(0, 8).needed().describe("file extension, e.g. jpg"),
        field("content", "Content", kBase64).needed().describe("the picture, base64")},
       pairs},
      {"update-workcode", "DATA UPDATE WORKCODE", "§12.1.1.12", "Add or change a work code", false,
       {integer("pin", "PIN", 0, kMaxInt).needed().describe("work code index (the spec's PIN=)"),
        field("code", "CODE", kToken).range(0, 16).needed(), text("name", "NAME")},
       pairs},
      {"update-shortcutkey", "DATA UPDATE ShortcutKey", "§12.1.1.13", "Set a shortcut key", false,
       {integer("key_id", "KeyID", 1, 8).needed().describe("F1-F8"),
        integer("key_fun", "KeyFun", 0, 6).needed()
            .describe("0 undefined, 1 state, 2 work code, 3 message, 4 help, 5-6 records"),
        integer("status_code", "StatusCode", 0, 255).describe("attendance status"), text("show_name", "ShowName"),
        field("auto_state", "AutoState", kBoolean),
        text("auto_time", "AutoTime").describe("switching times, e.g. 08:00;09:00;10:00;11:00;12:00;13:00;14:00"),
        field("sun", "Sun", kBoolean), field("mon", "Mon", kBoolean), field("tue", "Tue", kBoolean),
        field("wed", "Wed", kBoolean), field("thu", "Thu", kBoolean), field("fri", "Fri", kBoolean),
        field("sat", "Sat", kBoolean)},
       pairs},
      {"update-accgroup", "DATA UPDATE AccGroup", "§12.1.1.14", "Add or change an access group", false,
       {integer("id", "ID", 0, kMaxInt).needed(),
        choice("verify", "Verify", kVerifyModes).describe("004 Appendix 7; 0 by default"),
        field("valid_holiday", "ValidHoliday", kBoolean),
        field("tz", "TZ", kNumberList).describe("time periods, e.g. 1;0;0")},
       pairs},
      {"update-acctimezone", "DATA UPDATE AccTimeZone", "§12.1.1.15", "Add or change an access time period", false,
       {integer("uid", "UID", 0, kMaxInt).needed(), hhmm("sun_start", "SunStart"), hhmm("sun_end", "SunEnd"),
        hhmm("mon_start", "MonStart"), hhmm("mon_end", "MonEnd"), hhmm("tues_start", "TuesStart"),
        hhmm("tues_end", "TuesEnd"), hhmm("wed_start", "WedStart"), hhmm("wed_end", "WedEnd"),
        hhmm("thurs_start", "ThursStart"), hhmm("thurs_end", "ThursEnd"), hhmm("fri_start", "FriStart"),
        hhmm("fri_end", "FriEnd"), hhmm("sat_start", "SatStart"), hhmm("sat_end", "SatEnd")},
       pairs},
      {"update-accholiday", "DATA UPDATE AccHoliday", "§12.1.1.16", "Add or change an access holiday", false,
       {integer("uid", "UID", 0, kMaxInt).needed(), text("holiday_name", "HolidayName"),
        field("start_date", "StartDate", kMonthDay), field("end_date", "EndDate", kMonthDay),
        integer("time_zone", "TimeZone", 0, kMaxInt).describe("time period number")},
       pairs},
      {"update-accunlockcomb", "DATA UPDATE AccUnLockComb", "§12.1.1.17",
       "Add or change a combined (multi-person) verification", false,
       {integer("uid", "UID", 0, kMaxInt).needed(), integer("group1", "Group1", 0, kMaxInt),
        integer("group2", "Group2", 0, kMaxInt), integer("group3", "Group3", 0, kMaxInt),
        integer("group4", "Group4", 0, kMaxInt), integer("group5", "Group5", 0, kMaxInt)},
       pairs},
      {"update-blacklist", "DATA UPDATE BLACKLIST", "§12.1.1.18",
       "Add an identity card to the blacklist (ID-card firmware)", false,
       {id_number().needed(), text("name", "Name"), gender(), nation()}, pairs},
      {"update-whitelist", "DATA UPDATE WHITELIST", "§12.1.1.19",
       "Add an identity card to the whitelist (ID-card firmware)", false,
       {id_number().needed(), text("name", "Name"), gender(), nation(), field("start_date", "StartDate", kDateTime),
        field("end_date", "EndDate", kDateTime)},
       pairs},

      // --- DATA DELETE (§12.1.2) ---
      {"delete-userinfo", "DATA DELETE USERINFO", "§12.1.2.1",
       "Delete a user with their templates and photo", false, {pin()}, pairs},
      {"delete-fingertmp", "DATA DELETE FINGERTMP", "§12.1.2.2", "Delete one fingerprint, or all of a user's", false,
       {pin(), finger().describe("finger number 0-9; all fingers when left out")}, pairs},
      {"delete-face", "DATA DELETE FACE", "§12.1.2.3", "Delete a user's face templates", false, {pin()}, pairs},
      {"delete-fvein", "DATA DELETE FVEIN", "§12.1.2.4", "Delete one finger vein template, or all of a user's", false,
       {pin("Pin"), finger()}, pairs},
      {"delete-biodata", "DATA DELETE BIODATA", "§12.1.2.5",
       "Delete a user's unified templates, of one type or number", false,
       {pin("Pin"), bio_type("Type"), integer("no", "No", 0, 9)}, pairs, no_after_type},
      {"delete-userpic", "DATA DELETE USERPIC", "§12.1.2.6", "Delete a user's photo", false, {pin()}, pairs},
      {"delete-biophoto", "DATA DELETE BIOPHOTO", "§12.1.2.7",
       "Delete a user's comparison photos", false, {pin()}, pairs},
      {"delete-sms", "DATA DELETE SMS", "§12.1.2.8", "Delete a short message", false,
       {integer("uid", "UID", 0, kMaxInt).needed()}, pairs},
      {"delete-workcode", "DATA DELETE WORKCODE", "§12.1.2.9", "Delete a work code", false,
       {field("code", "CODE", kToken).range(0, 16).needed()}, pairs},
      {"delete-adpic", "DATA DELETE ADPIC", "§12.1.2.10", "Delete a publicity picture", false,
       {integer("index", "Index", 0, kMaxInt).needed()}, pairs},
      {"delete-blacklist", "DATA DELETE BLACKLIST", "§12.1.2.11", "Remove an identity card from the blacklist", false,
       {id_number().needed()}, pairs},
      {"delete-whitelist", "DATA DELETE WHITELIST", "§12.1.2.12", "Remove an identity card from the whitelist", false,
       {id_number().needed()}, pairs},

      // --- DATA QUERY (§12.1.3): the terminal uploads what matches ---
      {"query-attlog", "DATA QUERY ATTLOG", "§12.1.3", "Upload the punches of a time window again", false,
       {time_of("start_time", "StartTime"), time_of("end_time", "EndTime")}, pairs, time_window},
      {"query-attphoto", "DATA QUERY ATTPHOTO", "§12.1.3", "Upload the attendance photos of a time window again", false,
       {time_of("start_time", "StartTime"), time_of("end_time", "EndTime")}, pairs, time_window},
      {"query-userinfo", "DATA QUERY USERINFO", "§12.1.3",
       "Upload a user, or every user when pin is left out (002)", false,
       {field("pin", "PIN", kPin).describe("user ID; every user when left out (002:L1008, AMB-34)")}, pairs},
      {"query-fingertmp", "DATA QUERY FINGERTMP", "§12.1.3", "Upload a user's fingerprints, or one of them", false,
       {pin(), integer("finger_id", "FingerID", 0, 9).describe("finger number 0-9; all when left out")}, pairs},
      {"query-biodata", "DATA QUERY BIODATA", "§12.1.3",
       "Upload the unified templates of a type, of a user, or one of them", false,
       {bio_type("Type").needed(), field("pin", "PIN", kPin), integer("no", "No", 0, 9)}, pairs, no_after_pin},

      // --- CLEAR (§12.2) ---
      {"clear-log", "CLEAR LOG", "§12.2.1", "Erase the terminal's punches", false, {}, pairs},
      {"clear-photo", "CLEAR PHOTO", "§12.2.2", "Erase the terminal's attendance photos", false, {}, pairs},
      {"clear-data", "CLEAR DATA", "§12.2.3",
       "Erase everything on the terminal: users, templates, punches, photos", true, {}, pairs},
      {"clear-biodata", "CLEAR BIODATA", "§12.2.4", "Erase the terminal's unified templates", false, {}, pairs},

      // --- CHECK, LOG, VERIFY SUM (§12.3) ---
      {"check", "CHECK", "§12.3.1", "Re-read the options and upload again from the stamps", false, {}, pairs},
      {"log", "LOG", "§12.3.2", "Upload new data now", false, {}, pairs},
      {"verify-sum-attlog", "VERIFY SUM ATTLOG", "§12.3.3",
       "Count the punches of a time window (reply: AttlogSum)", false,
       {time_of("start_time", "StartTime"), time_of("end_time", "EndTime")}, pairs, time_window},

      // --- options (§12.4) ---
      {"set-option", "SET OPTION", "§12.4.1", "Set one option of the terminal", false,
       {field("key", "", kToken).needed().describe("option name, e.g. Delay"),
        field("value", "", kLine).needed().describe("its value")},
       format_option},
      {"reload-options", "RELOAD OPTIONS", "§12.4.2", "Reload the options from the server", false, {}, pairs},
      {"info", "INFO", "§12.4.3",
       "Report the terminal's information (stored under the device's info)", false, {}, pairs},

      // --- files (§12.5) ---
      {"getfile", "GetFile", "§12.5.1", "Send a file of the terminal (kept on the command as content)", true,
       {text("file_path", "").needed().describe("path on the terminal, e.g. /mnt/mtdblock/options.cfg")},
       format_argument},
      {"putfile", "PutFile", "§12.5.2",
       "Download a file to the terminal; with action, load the data it holds", true,
       {field("url", "", kUrl).needed().describe("file/... (served from data/files) or an http:// URL"),
        text("file_path", "").describe("where to save it; a .tgz is unpacked (into /mnt/mtdblock without one)"),
        choice("action", "Action", "SyncData,AppendData").describe("SyncData replaces a table, AppendData adds to it"),
        choice("table_name", "TableName", "USERINFO,FINGERTMP,FACE").describe("the table SyncData replaces"),
        integer("record_count", "RecordCount", 0, kMaxInt).describe("records in the file, for SyncData")},
       format_put_file, put_file_action},

      // --- remote enrolment (§12.6) ---
      {"enroll-fp", "ENROLL_FP", "§12.6.1", "Enrol a fingerprint at the terminal", false,
       {pin(), finger().needed(), integer("retry", "RETRY", 0, 99).otherwise("3").describe("retries if it fails"),
        field("overwrite", "OVERWRITE", kBoolean).otherwise("0").describe("replace an existing fingerprint")},
       pairs},
      {"enroll-mf", "ENROLL_MF", "§12.6.2", "Enrol a card at the terminal", false,
       {pin(), integer("retry", "RETRY", 0, 99).otherwise("3")}, pairs},
      {"enroll-bio", "ENROLL_BIO", "§12.6.3", "Enrol a face, palm or other biometric at the terminal", false,
       {bio_type("TYPE", 9).needed(), pin(), field("card_no", "CardNo", kCard).describe("card to enrol with it"),
        integer("retry", "RETRY", 0, 99).otherwise("3"), field("overwrite", "OVERWRITE", kBoolean).otherwise("0")},
       pairs},

      // --- control (§12.7) ---
      {"reboot", "REBOOT", "§12.7.1", "Reboot the terminal", false, {}, pairs},
      {"ac-unlock", "AC_UNLOCK", "§12.7.2", "Open the door", false, {}, pairs},
      {"ac-unalarm", "AC_UNALARM", "§12.7.3", "Stop the alarm", false, {}, pairs},

      // --- other (§12.8) ---
      {"shell", "SHELL", "§12.8.1", "Run a system command on the terminal (output kept on the command)", true,
       {field("system_cmd", "", kLine).needed().describe("the command, e.g. ls /mnt/mtdblock")}, format_argument},
      {"upgrade", "UPGRADE", "§12.8.2", "Upgrade the terminal's firmware", true,
       {choice("method", "", "1,2,3").needed()
            .describe("1 base64 file via /iclock/file, 2 plain file via /iclock/file, 3 plain in 1 MB ranges from url"),
        field("checksum", "checksum", kMd5).needed().describe("MD5 of the firmware file"),
        field("url", "url", kUrl).needed().describe("where the firmware is"),
        integer("size", "size", 1, kMaxInt).needed().describe("the firmware file's size in bytes")},
       format_upgrade},

      // --- access panels (Security PUSH 3.x, CN24 §12): only for devices of that dialect ---
      {"panel-update", "DATA UPDATE", "CN24 §12.1.1", "Add or change one row of an access panel's table", false,
       {choice("table", "", kPanelWriteTables).needed().describe("the table"),
        field("row", "", kRow).needed().describe("the row, e.g. {\"Pin\": \"7\", \"Name\": \"Ana\"}")},
       format_panel_update, check_panel_update},
      {"panel-delete", "DATA DELETE", "CN24 §12.1.2", "Delete rows of an access panel's table", false,
       {choice("table", "", kPanelWriteTables).needed().describe("the table"),
        field("where", "", kRow).describe("the rows' key fields, e.g. {\"Pin\": \"7\"}"),
        field("all", "", kBoolean).describe("every row of the table")},
       format_panel_delete, check_panel_delete},
      {"panel-query", "DATA QUERY", "CN24 §12.1.4", "Have an access panel upload one of its tables", false,
       {choice("table", "", kPanelTables).needed().describe("the table"),
        field("new_records", "", kBoolean).describe("transaction: only the events not uploaded yet"),
        integer("type", "", 0, 10).describe("biodata, biophoto: only this biometric type (CN24 App.18)")},
       format_panel_query},
      {"panel-count", "DATA COUNT", "CN24 §12.1.3", "Have an access panel count the rows of one of its tables", false,
       {choice("table", "", kPanelTables).needed().describe("the table"),
        integer("type", "", 0, 10).describe("biodata, biophoto: only this biometric type")},
       format_panel_count},
      {"panel-set-options", "SET OPTIONS", "CN24 §12.5.1", "Set an access panel's options (door parameters...)", true,
       {field("options", "", kLine).needed().range(0, 2048)
            .describe("Name=Value pairs separated by commas, e.g. Door1Drivetime=5,Door1SensorType=2")},
       format_panel_options, check_option_pairs},
      {"panel-get-options", "GET OPTIONS", "CN24 §12.5.2", "Have an access panel report some of its options", false,
       {field("names", "", kLine).needed().range(0, 2048).describe("option names separated by commas")},
       format_panel_options, check_option_names},
      {"panel-set-time", "SET OPTIONS", "CN24 §12.5.1", "Set an access panel's clock to the server's local time",
       false, {}, format_panel_set_time},
      {"panel-reboot", "CONTROL DEVICE", "CN24 §12.4", "Reboot an access panel", false, {}, format_panel_reboot},
      {"panel-enroll", "ENROLL_BIO", "CN24 §12.6.2", "Start enrolling a person's biometric at an access terminal",
       false,
       {choice("type", "TYPE", "1,2,9").needed().describe("1 fingerprint, 2 near-infrared face, 9 visible-light face"),
        integer("no", "NO", 0, 9).otherwise("0").describe("finger number 0-9 (0 for a face)"),
        field("pin", "PIN", kPin).needed().describe("user ID"),
        integer("retry", "RETRY", 1, 3).otherwise("3").describe("attempts"),
        field("overwrite", "OVERWRITE", kBoolean).otherwise("1").describe("replace an existing template")},
       pairs},
  };
  // clang-format on
}

}  // namespace

const std::vector<TypedCommandKind>& typed_command_kinds() {
  static const std::vector<TypedCommandKind> kinds = make_kinds();
  return kinds;
}

}  // namespace zkpush::api
