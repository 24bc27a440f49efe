// tabledata rows (see tabledata.h).
#include "protocol/access/tabledata.h"

#include <string>

#include "protocol/access/realtime.h"
#include "protocol/kv_line.h"
#include "protocol/text.h"
#include "protocol/upload.h"
#include "protocol/upload_records.h"

namespace zkpush::protocol::access {
namespace {

// CN24 §10.5: user uid=\tcardno=\tpin=\tpassword=\tgroup=\tstarttime=\tendtime=
// \tname=\tprivilege=\tdisable=\tverify= (capture R22).
Status add_access_user(const KvViews& fields, ParsedUpload& out) {
  UserRecord r;
  for (const auto& [key, value] : fields) {
    std::string v(value);
    if (iequals(key, "pin")) {
      r.pin = v;
    } else if (iequals(key, "name")) {
      r.name = v;
    } else if (iequals(key, "privilege")) {
      r.privilege = v;
    } else if (iequals(key, "password")) {
      r.password = v;
    } else if (iequals(key, "cardno")) {
      auto decimal = decimal_card_number(v);
      r.card = decimal ? *decimal : v;
      if (r.card == "0") r.card = "";  // "no card" (CN24 §10.5)
    } else if (iequals(key, "group")) {
      r.group = v;
    } else if (iequals(key, "verify")) {
      r.verify = v;
    } else {
      r.extra.emplace_back(std::string(key), v);  // uid, starttime, endtime, disable
    }
  }
  if (r.pin.empty()) return Error::invalid("user without pin");
  out.users.push_back(std::move(r));
  return Status::success();
}

// CN24 §10.7: templatev10 size=\tuid=\tpin=\tfingerid=\tvalid=\ttemplate=...
Status add_templatev10(const KvViews& fields, ParsedUpload& out) {
  TemplateRecord r;
  r.kind = TemplateKind::kFingerprint;
  r.pin = std::string(find_kv(fields, "pin").value_or(""));
  if (r.pin.empty()) return Error::invalid("templatev10 without pin");
  int finger = 0;
  if (auto s = read_int_kv(fields, "fingerid", finger); !s) return s;
  if (auto s = read_int_kv(fields, "valid", r.valid); !s) return s;
  r.no = finger % 16;  // 6 + 16 = 22: finger 6 under duress
  r.duress = finger >= 16 || r.valid == 3 ? 1 : 0;
  if (auto size = find_kv(fields, "size"); size && !size->empty()) {
    auto n = parse_int(*size);
    if (!n) return Error::invalid("templatev10 size is not a number");
    r.size = static_cast<int>(*n);
  }
  r.tmp = std::string(find_kv(fields, "template").value_or(""));
  if (r.tmp.empty()) return Error::invalid("templatev10 without template");
  out.templates.push_back(std::move(r));
  return Status::success();
}

// CN24 §10.9: pin=<file name>\tsn=\tsize=\tphoto=<base64>.
Status add_attphoto(const KvViews& fields, ParsedUpload& out) {
  PhotoRecord r;
  r.kind = PhotoKind::kAttendance;
  r.filename = std::string(find_kv(fields, "pin").value_or(""));
  auto bytes = decode_base64(find_kv(fields, "photo").value_or(""));
  if (!bytes || bytes->empty()) return Error::invalid("ATTPHOTO without a base64 photo");
  r.bytes = std::move(*bytes);
  out.photos.push_back(std::move(r));
  return Status::success();
}

Status add_row(std::string_view table, const KvViews& fields, ParsedUpload& out) {
  if (iequals(table, "user")) return add_access_user(fields, out);
  if (iequals(table, "templatev10")) return add_templatev10(fields, out);
  if (iequals(table, "biodata")) return add_template(TemplateKind::kBiodata, fields, out);
  if (iequals(table, "biophoto")) return add_photo(PhotoKind::kBiometric, fields, out);
  if (iequals(table, "userpic")) return add_photo(PhotoKind::kUser, fields, out);
  if (iequals(table, "ATTPHOTO")) return add_attphoto(fields, out);
  if (iequals(table, "errorlog")) return add_tagged_record("ERRORLOG", fields, out);
  if (fields.empty()) return Error::invalid("row without fields");
  out.generic.push_back(GenericRecord{to_upper(table), to_fields(fields)});
  return Status::success();
}

}  // namespace

void parse_tabledata(std::string_view table_name, std::string_view body, ParsedUpload& out) {
  for_each_line(body, [&](std::string_view raw) {
    std::string_view line = trim(raw);
    if (line.empty()) return;
    ++out.lines;
    TaggedLine tagged = split_tag(line);
    // The row's own prefix names its table when the query does not.
    std::string_view table = !trim(table_name).empty() ? trim(table_name) : tagged.tag;
    if (auto s = add_row(table, split_kv_fields(tagged.rest), out); !s)
      out.rejected.push_back(RejectedLine{std::string(line), s.error().message});
  });
}

void parse_enrolled_biodata(std::string_view body, ParsedUpload& out) {
  for_each_line(body, [&](std::string_view raw) {
    std::string_view line = trim(raw);
    if (line.empty()) return;
    ++out.lines;
    const KvViews fields = split_kv_fields(line);
    TemplateRecord t;
    t.kind = TemplateKind::kBiodata;
    t.pin = std::string(find_kv(fields, "PIN").value_or(""));
    t.major_ver = std::string(find_kv(fields, "MAJOR_VER").value_or(""));
    t.minor_ver = std::string(find_kv(fields, "MINOR_VER").value_or(""));
    t.tmp = std::string(find_kv(fields, "TMP").value_or(""));
    Status s = read_int_kv(fields, "TYPE", t.bio_type);
    if (s) s = read_int_kv(fields, "NO", t.no);
    if (s) s = read_int_kv(fields, "INDEX", t.index);
    if (s && (t.pin.empty() || t.tmp.empty())) s = Error::invalid("enrolled template without PIN or TMP");
    if (!s) {
      out.rejected.push_back(RejectedLine{std::string(line), s.error().message});
      return;
    }
    out.templates.push_back(std::move(t));
  });
}

std::string format_tabledata_reply(std::string_view table_name, int rows) {
  return std::string(table_name) + "=" + std::to_string(rows);
}

}  // namespace zkpush::protocol::access
