// Which protocol request an HTTP request is (see route.h).
//
// Paths: only under "/iclock/" at the host root (B3: MB10-VL cannot use a
// prefix), matched ignoring ASCII case, with a trailing ".aspx" on the last
// segment ignored (B10: eSSL firmware posts /iclock/cdata.aspx). An
// absolute-form target ("http://host/iclock/...", 000:L281, ACC-04) is
// reduced to its path. Repeated or trailing slashes are tolerated.
//
// /iclock/cdata is overloaded by three generations of firmware; the decision
// order is legacy_catalog §2.2, applied literally:
//   GET : options= -> handshake; table=RemoteAtt, or PIN= without
//         options/table -> remote attendance (ACC-39); anything else ->
//         handshake (the safest answer to an unknown GET is the options block).
//   POST: table=X (trimmed, upper-cased: 002:L333 sends "table= ATTLOG") ->
//         upload X; AuthType= -> 002 verification; type=PostVerifyData ->
//         004 verification; type=tabledata -> PUSH 3.x table upload (R22);
//         FPImage= -> FPIMAGE (000:L191); OpStamp= -> OPERLOG (000:L122);
//         PhotoStamp= -> ATTPHOTO; Stamp= -> ATTLOG (000:L83); last resort:
//         the first token of the body.
#include "protocol/route.h"

#include <array>

#include "protocol/canteen/route.h"
#include "protocol/text.h"

namespace zkpush::protocol {
namespace {

constexpr std::string_view kRoot = "/iclock/";
constexpr std::string_view kPutFilePrefix = "FileName=";  // capture R36

bool is_get(std::string_view m) { return iequals(m, "GET"); }
bool is_post(std::string_view m) { return iequals(m, "POST"); }

}  // namespace

namespace {

// The segment after "/iclock/" of a clean path (no "//", no absolute URL),
// with a trailing ".aspx" dropped (some firmware appends it); nullopt when
// the path is not /iclock/<one segment>.
std::optional<std::string> segment_of(std::string_view clean) {
  while (clean.size() > 1 && clean.back() == '/') clean.remove_suffix(1);
  if (!istarts_with(clean, kRoot)) return std::nullopt;
  std::string_view segment = clean.substr(kRoot.size());
  if (segment.empty() || segment.find('/') != std::string_view::npos) return std::nullopt;
  constexpr std::string_view kAspx = ".aspx";
  if (segment.size() > kAspx.size() && iequals(segment.substr(segment.size() - kAspx.size()), kAspx))
    segment.remove_suffix(kAspx.size());
  return std::string(segment);
}

}  // namespace

// Keeps the case as sent (R36's file name).
std::optional<std::string> endpoint_name(std::string_view raw_path) {
  raw_path = raw_path.substr(0, raw_path.find('?'));  // in case the caller left the query on
  // What terminals send: "/iclock/getrequest", no escape, no doubled slash,
  // no absolute URL; read in place (this runs for every request).
  if (raw_path.find('%') == std::string_view::npos && raw_path.find("//") == std::string_view::npos)
    return segment_of(raw_path);
  std::string path = percent_decode(raw_path);
  std::string_view p = path;
  if (istarts_with(p, "http://") || istarts_with(p, "https://")) {
    p.remove_prefix(p.find("//") + 2);
    std::size_t slash = p.find('/');
    if (slash == std::string_view::npos) return std::nullopt;
    p.remove_prefix(slash);
  }
  // Collapse "//" so "//iclock//cdata" and "/iclock/cdata" agree.
  std::string clean;
  clean.reserve(p.size());
  for (char c : p)
    if (c != '/' || clean.empty() || clean.back() != '/') clean.push_back(c);
  return segment_of(clean);
}

namespace {

std::string trimmed_upper(std::string_view v) { return to_upper(trim(v)); }

bool has_value(const Query& q, std::string_view key) {
  auto v = q.get(key);
  return v && !trim(*v).empty();
}

bool query_equals(const Query& q, std::string_view key, std::string_view expected) {
  auto v = q.get(key);
  return v && iequals(trim(*v), expected);
}

// The stamp that came with an upload. Each table has its own parameter in
// 000 (OpStamp, PhotoStamp) and `Stamp` since 002; firmware mixes them
// (R03, R16-R18: table=OPERLOG/BIODATA with OpStamp=), so the table's own
// name is preferred and the others are the fallback.
std::string upload_stamp(const Query& q, std::string_view table) {
  std::array<std::string_view, 3> order = {"Stamp", "OpStamp", "PhotoStamp"};
  if (table == table::kOperlog) order = {"OpStamp", "Stamp", "PhotoStamp"};
  if (table == table::kAttphoto) order = {"PhotoStamp", "Stamp", "OpStamp"};
  for (std::string_view key : order)
    if (auto v = q.get(key)) return std::string(trim(*v));
  return {};
}

bool is_date(std::string_view s) {  // "YYYY-MM-DD"
  if (s.size() < 10) return false;
  for (std::size_t i = 0; i < 10; ++i) {
    bool digit = s[i] >= '0' && s[i] <= '9';
    if ((i == 4 || i == 7) ? s[i] != '-' : !digit) return false;
  }
  return true;
}

// A photo header: "PIN=<name>" on the first line, then SN=, size= or CMD=
// lines before the NUL. Looking at any of the three (not only CMD=) keeps
// the rule working when the caller's prefix cuts the header short.
bool is_photo_header(std::string_view body) {
  bool first = true, header = false;
  for_each_line(body.substr(0, body.find('\0')), [&](std::string_view line) {
    if (!first && (istarts_with(line, "SN=") || istarts_with(line, "size=") || istarts_with(line, "CMD=")))
      header = true;
    first = false;
  });
  return header;
}

// §2.2 rule 10: no routing key at all, so guess from the body's first token.
// Returns the table, or empty when the body says nothing we recognise.
std::string_view table_from_body(std::string_view body) {
  std::size_t start = 0;
  while (start < body.size() &&
         (body[start] == ' ' || body[start] == '\t' || body[start] == '\r' || body[start] == '\n'))
    ++start;
  body.remove_prefix(start);
  // Photo header "PIN=...\nSN=...\nsize=...\nCMD=uploadphoto\0<jpeg>" (000:L214).
  if (istarts_with(body, "PIN=")) return is_photo_header(body) ? table::kAttphoto : std::string_view{};
  std::size_t end = body.find_first_of(" \t\r\n=");
  std::string_view token = body.substr(0, end);
  static constexpr std::array<std::string_view, 9> kOperlogTags = {
      "USER", "FP", "OPLOG", "FACE", "USERPIC", "FVEIN", "BIODATA", "BIOPHOTO", "ERRORLOG"};
  for (std::string_view tag : kOperlogTags)
    if (iequals(token, tag)) return table::kOperlog;
  // ATTLOG line: PIN, blanks, "YYYY-MM-DD ..." (tab-separated or, in the
  // printed examples, space-separated: ACC-13). PINs may be alphanumeric (R31).
  if (token.empty() || end == std::string_view::npos || body[end] == '=') return {};
  std::string_view rest = body.substr(end);
  while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\t')) rest.remove_prefix(1);
  return is_date(rest) ? table::kAttlog : std::string_view{};
}

void route_cdata_get(const Query& q, RoutedRequest& r) {
  if (q.has("options")) {
    r.endpoint = Endpoint::kHandshake;
  } else if (query_equals(q, "table", "RemoteAtt") || (q.has("PIN") && !q.has("table"))) {
    r.endpoint = Endpoint::kRemoteAttendance;
  } else {
    r.endpoint = Endpoint::kHandshake;
  }
}

void set_upload(const Query& q, std::string table, RoutedRequest& r) {
  r.endpoint = Endpoint::kUpload;
  r.stamp = upload_stamp(q, table);
  r.table = std::move(table);
}

void route_cdata_post(const Query& q, std::string_view body_prefix, RoutedRequest& r) {
  if (has_value(q, "table")) return set_upload(q, trimmed_upper(*q.get("table")), r);
  if (q.has("AuthType")) {
    r.endpoint = Endpoint::kAuthVerify;
    return;
  }
  // 004:L4565 writes PostVerifyData in the URL and PostRecordData in the
  // table below it (AMB-37): both mean background verification.
  if (query_equals(q, "type", "PostVerifyData") || query_equals(q, "type", "PostRecordData")) {
    r.endpoint = Endpoint::kPostVerify;
    return;
  }
  if (query_equals(q, "type", "tabledata")) return set_upload(q, "TABLEDATA", r);
  // The results of remote enrolment (Security PUSH: CN24 §12.6).
  if (query_equals(q, "type", "BioData")) return set_upload(q, "ENROLLBIO", r);
  if (query_equals(q, "type", "EnrollInfoData")) return set_upload(q, "ENROLLINFO", r);
  if (q.has("FPImage")) return set_upload(q, std::string(table::kFpImage), r);
  if (q.has("OpStamp")) return set_upload(q, std::string(table::kOperlog), r);
  if (q.has("PhotoStamp")) return set_upload(q, std::string(table::kAttphoto), r);
  if (q.has("Stamp")) return set_upload(q, std::string(table::kAttlog), r);
  std::string_view guessed = table_from_body(body_prefix);
  if (!guessed.empty()) set_upload(q, std::string(guessed), r);
}

}  // namespace

RoutedRequest route_request(std::string_view method, std::string_view path, const Query& query,
                            std::string_view body_prefix) {
  RoutedRequest r;
  r.sn = clean_serial_number(query.value_or("SN", ""));
  auto segment = endpoint_name(path);
  if (!segment) return r;
  std::string_view name = *segment;
  const bool get = is_get(method);
  const bool post = is_post(method);

  if (istarts_with(name, kPutFilePrefix)) {  // "GET /iclock/FileName=options.cfg?" (R36)
    std::string_view file = trim(name.substr(kPutFilePrefix.size()));
    if (get && !file.empty()) {
      r.endpoint = Endpoint::kPutFileFetch;
      r.file_name = std::string(file);
    }
  } else if (iequals(name, "cdata")) {
    if (get) route_cdata_get(query, r);
    if (post) route_cdata_post(query, body_prefix, r);
  } else if (iequals(name, "fdata")) {
    // Always a photo, with or without table= (000:L210, 003:L96, 004:L1029).
    if (post) set_upload(query, std::string(table::kAttphoto), r);
  } else if (iequals(name, "getrequest")) {
    // 004 says GET; a POST poll carries nothing else, so accept it as a poll.
    if (get || post) r.endpoint = Endpoint::kGetRequest;
  } else if (iequals(name, "ping")) {
    // 004:L864 annotates the heartbeat both as GET and as POST (AMB-37).
    if (get || post) r.endpoint = Endpoint::kPing;
  } else if (iequals(name, "devicecmd")) {
    if (post) r.endpoint = Endpoint::kDeviceCmd;
  } else if (iequals(name, "file")) {
    if (get) r.endpoint = Endpoint::kFile;
  } else if (iequals(name, "registry")) {
    if (post) r.endpoint = Endpoint::kRegistry;  // PUSH 3.x (B4, R20)
  } else if (iequals(name, "push")) {
    // CN24 §7.5 heads it GET, EN21 POST, and both examples POST (catalog §1.5).
    if (get || post) r.endpoint = Endpoint::kPush;
  } else if (iequals(name, "querydata")) {
    // PUSH 3.x answers to GET OPTIONS / DATA QUERY (B4):
    // /iclock/querydata?type=options&tablename=options
    if (post) {
      std::string table = has_value(query, "tablename") ? trimmed_upper(*query.get("tablename"))
                                                        : std::string("QUERYDATA");
      set_upload(query, std::move(table), r);
    }
  } else if (canteen::is_canteen_segment(name)) {
    r.endpoint = Endpoint::kCanteen;
  }
  return r;
}

std::string_view endpoint_label(Endpoint endpoint) {
  switch (endpoint) {
    case Endpoint::kHandshake: return "handshake";
    case Endpoint::kUpload: return "upload";
    case Endpoint::kRemoteAttendance: return "remoteatt";
    case Endpoint::kPostVerify: return "postverify";
    case Endpoint::kAuthVerify: return "authverify";
    case Endpoint::kGetRequest: return "getrequest";
    case Endpoint::kPing: return "ping";
    case Endpoint::kDeviceCmd: return "devicecmd";
    case Endpoint::kFile: return "file";
    case Endpoint::kPutFileFetch: return "putfile";
    case Endpoint::kRegistry: return "registry";
    case Endpoint::kPush: return "push";
    case Endpoint::kCanteen: return "canteen";
    case Endpoint::kUnknown: break;
  }
  return "unknown";
}

bool may_carry_data(std::string_view method, std::string_view target) {
  if (!is_post(method)) return false;
  std::string_view path = target.substr(0, target.find('?'));
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  std::string_view name = path.substr(path.rfind('/') + 1);
  constexpr std::string_view kAspx = ".aspx";
  if (name.size() > kAspx.size() && iequals(name.substr(name.size() - kAspx.size()), kAspx))
    name.remove_suffix(kAspx.size());
  for (std::string_view data : {"cdata", "fdata", "devicecmd", "registry", "querydata"})
    if (iequals(name, data)) return true;
  return false;
}

}  // namespace zkpush::protocol
