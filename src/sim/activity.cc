#include "sim/activity.h"

#include "protocol/upload.h"
#include "sim/record_lines.h"
#include "sim/synthetic.h"
#include "sim/terminal_db_ops.h"

namespace zkpush::sim {
namespace {

protocol::TemplateRecord synthetic_template(std::string_view sn, std::string_view pin, std::string_view now,
                                            bool biodata, int bio_type) {
  protocol::TemplateRecord t;
  t.kind = biodata ? protocol::TemplateKind::kBiodata : protocol::TemplateKind::kFingerprint;
  t.pin = std::string(pin);
  t.bio_type = bio_type;
  if (biodata) {
    // Algorithm versions as R27 reports them (FPVersion 10, VL face 40).
    t.major_ver = std::string(bio_type == 1 ? "10" : "40");
    t.minor_ver = std::string("0");
    t.format = std::string("0");
  }
  std::string seed(sn);
  seed.append("|").append(pin).append("|").append(std::to_string(bio_type)).append("|").append(now);
  t.tmp = protocol::encode_base64(synthetic_bytes(seed, bio_type == 1 ? 1200 : 1650));
  t.size = static_cast<int>(t.tmp.size());
  return t;
}

}  // namespace

void log_operation(TerminalDb& db, int op_type, std::string_view now, std::string_view value1) {
  protocol::OplogRecord row;
  row.op_type = op_type;
  row.op_who = std::string("0");
  row.time = std::string(now);
  row.value1 = std::string(value1);
  row.value2 = std::string("0");
  row.value3 = std::string("0");
  row.reserved = std::string("0");
  db.oplogs.push_back({std::move(row), false});
}

std::vector<PendingLine> enrol_at_terminal(TerminalDb& db, std::string_view sn, const protocol::UserRecord& user,
                                           std::string_view now, bool biodata) {
  upsert_user(db, user);
  std::vector<PendingLine> lines;
  lines.push_back({"EnrollUser", "OPERLOG", user_line(db.users.at(user.pin))});
  log_operation(db, op::kEnrollNewUser, now, user.pin);

  auto finger = synthetic_template(sn, user.pin, now, biodata, 1);
  lines.push_back({"EnrollFP", biodata ? "BIODATA" : "OPERLOG", template_line(finger)});
  upsert_template(db, std::move(finger));
  log_operation(db, op::kEnrollFingerprint, now, user.pin);

  if (biodata) {
    auto face = synthetic_template(sn, user.pin, now, true, 9);
    lines.push_back({"FACE", "BIODATA", template_line(face)});
    upsert_template(db, std::move(face));
  }
  return lines;
}

protocol::PhotoRecord attendance_photo(const protocol::AttlogRecord& punch, std::string_view sn) {
  protocol::PhotoRecord photo;
  photo.kind = protocol::PhotoKind::kAttendance;
  photo.pin = punch.pin;
  // "2026-11-21 08:30:05" -> "20261121083005"
  std::string stamp;
  for (char c : punch.time)
    if (c >= '0' && c <= '9') stamp += c;
  photo.filename = stamp + "-" + punch.pin + ".jpg";
  photo.bytes = tiny_jpeg(std::string(sn) + "|" + photo.filename);
  photo.declared_size = static_cast<int64_t>(photo.bytes.size());
  return photo;
}

}  // namespace zkpush::sim
