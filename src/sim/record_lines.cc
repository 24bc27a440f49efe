// Record lines as firmware writes them (see record_lines.h). Key order and
// spelling per line, from the section that defines it and the captures that
// show it:
//   ATTLOG   004 §11.2; R02 (7 fields), R31 (11 fields)
//   OPLOG    004 §11.4; R03, R14
//   USER     004 §11.5; R04, R16, R32 (all nine keys always present)
//   FP       004 §11.9; R06          FACE   004 §11.10 (SIZE, VALID)
//   FVEIN    004 §11.11              BIODATA 004 §11.12; R18
//   USERPIC  004 §11.13              BIOPHOTO 004 §11.15
//   ATTPHOTO 004 §11.3 (header, NUL, raw JPEG)
#include "sim/record_lines.h"

#include "protocol/record_line.h"
#include "protocol/upload.h"

namespace zkpush::sim {

using protocol::RecordLine;
using protocol::sanitize_value;
using protocol::TemplateKind;

std::string attlog_line(const protocol::AttlogRecord& r) {
  std::string line = sanitize_value(r.pin);
  for (const std::string& field :
       {r.time, std::to_string(r.status), std::to_string(r.verify), r.workcode, r.reserved1, r.reserved2}) {
    line.push_back('\t');
    line += sanitize_value(field);
  }
  for (const std::string& extra : r.extra) {
    line.push_back('\t');
    line += sanitize_value(extra);
  }
  return line;
}

std::string oplog_line(const protocol::OplogRecord& r) {
  std::string line = "OPLOG " + std::to_string(r.op_type);
  for (const std::string* field : {&r.op_who, &r.time, &r.value1, &r.value2, &r.value3, &r.reserved}) {
    line.push_back('\t');
    line += sanitize_value(*field);
  }
  return line;
}

std::string user_line(const protocol::UserRecord& u) {
  RecordLine line("USER ");
  line.add("PIN", u.pin)
      .add("Name", u.name.value_or(""))
      .add("Pri", u.privilege.value_or("0"))
      .add("Passwd", u.password.value_or(""))
      .add("Card", u.card.value_or(""))
      .add("Grp", u.group.value_or("1"))
      .add("TZ", u.tz.value_or("0000000100000000"))
      .add("Verify", u.verify.value_or("-1"))
      .add("ViceCard", u.vice_card.value_or(""));
  if (u.start_datetime) line.add("StartDatetime", *u.start_datetime);
  if (u.end_datetime) line.add("EndDatetime", *u.end_datetime);
  for (const auto& [key, value] : u.extra) line.add(key, value);
  return line.str();
}

std::string template_line(const protocol::TemplateRecord& t) {
  const std::string tmp = sanitize_value(t.tmp);
  const auto size = static_cast<long long>(tmp.size());
  switch (t.kind) {
    case TemplateKind::kFingerprint:
      return RecordLine("FP ")
          .add("PIN", t.pin)
          .add("FID", t.no)
          .add("Size", size)
          .add("Valid", t.valid)
          .add("TMP", tmp)
          .str();
    case TemplateKind::kFace:
      return RecordLine("FACE ")
          .add("PIN", t.pin)
          .add("FID", t.no)
          .add("SIZE", size)
          .add("VALID", t.valid)
          .add("TMP", tmp)
          .str();
    case TemplateKind::kFingerVein:
      return RecordLine("FVEIN ")
          .add("Pin", t.pin)
          .add("FID", t.no)
          .add("Index", t.index)
          .add("Size", size)
          .add("Valid", t.valid)
          .add("Tmp", tmp)
          .str();
    case TemplateKind::kBiodata:
      return RecordLine("BIODATA ")
          .add("Pin", t.pin)
          .add("No", t.no)
          .add("Index", t.index)
          .add("Valid", t.valid)
          .add("Duress", t.duress)
          .add("Type", t.bio_type)
          .add("MajorVer", t.major_ver)
          .add("MinorVer", t.minor_ver)
          .add("Format", t.format.empty() ? "0" : t.format)
          .add("Tmp", tmp)
          .str();
  }
  return {};
}

std::string user_photo_line(std::string_view pin, std::string_view jpeg) {
  const std::string content = protocol::encode_base64(jpeg);
  return RecordLine("USERPIC ")
      .add("PIN", pin)
      .add("FileName", std::string(pin) + ".jpg")
      .add("Size", static_cast<long long>(content.size()))
      .add("Content", content)
      .str();
}

std::string biophoto_line(const protocol::PhotoRecord& p) {
  const std::string content = protocol::encode_base64(p.bytes);
  return RecordLine("BIOPHOTO ")
      .add("PIN", p.pin)
      .add("FileName", p.filename.empty() ? p.pin + ".jpg" : p.filename)
      .add("Type", p.bio_type)
      .add("Size", static_cast<long long>(content.size()))
      .add("Content", content)
      .str();
}

std::string attphoto_body(const protocol::PhotoRecord& p, std::string_view sn) {
  std::string body = "PIN=" + sanitize_value(p.filename) + "\nSN=" + sanitize_value(sn) + "\nsize=" + std::to_string(p.bytes.size()) +
                     "\nCMD=uploadphoto";
  body.push_back('\0');
  body += p.bytes;
  return body;
}

std::string join_lines(const std::vector<std::string>& lines) {
  std::size_t total = 0;
  for (const std::string& line : lines) total += line.size() + 1;
  std::string body;
  body.reserve(total);
  for (const std::string& line : lines) {
    body += line;
    body.push_back('\n');
  }
  return body;
}

}  // namespace zkpush::sim
