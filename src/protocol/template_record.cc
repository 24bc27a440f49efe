// Biometric template records, all upload forms (ACC-21, ACC-22, ACC-24):
//   FP      PIN, FID, Size, Valid, TMP           004 §11.9  (000: no Size)
//   FACE    PIN, FID, SIZE, VALID, TMP           004 §11.10 (002: SIZE/Valid)
//   FVEIN   Pin, FID, Index, Size, Valid, Tmp    004 §11.11
//   BIODATA Pin, No, Index, Valid, Duress, Type, MajorVer, MinorVer, Format, Tmp
//                                                004 §11.12; captures R18, R23
// 003's table=FINGERTMP rows are FP rows without the prefix. Keys are matched
// ignoring case. PIN and a non-empty TMP are required; Valid defaults to 1
// and Size to "not sent". A BIODATA row without Type gets bio_type 0
// ("universal" in 004's Type table). TMP is kept as sent (base64, never
// decoded here); capture R14 shows it may carry logging artefacts ('\/').
#include <string>

#include "protocol/upload_records.h"

namespace zkpush::protocol {
namespace {

// The fixed biometric type of each legacy tag (004 Appendix 10 numbering).
int default_bio_type(TemplateKind kind) {
  switch (kind) {
    case TemplateKind::kFingerprint:
      return 1;
    case TemplateKind::kFace:
      return 2;
    case TemplateKind::kFingerVein:
      return 7;
    case TemplateKind::kBiodata:
      return 0;
  }
  return 0;
}

Status read_ids(TemplateKind kind, const KvViews& f, TemplateRecord& r) {
  bool biodata = kind == TemplateKind::kBiodata;
  Status s = read_int_kv(f, biodata ? "No" : "FID", r.no);
  if (s.ok()) s = read_int_kv(f, "Index", r.index);
  if (s.ok()) s = read_int_kv(f, "Valid", r.valid);
  if (s.ok()) s = read_int_kv(f, "Duress", r.duress);
  if (s.ok() && biodata) s = read_int_kv(f, "Type", r.bio_type);
  if (!s.ok()) return s;
  auto size_text = find_kv(f, "Size");
  if (size_text && !size_text->empty()) {
    int size = 0;
    s = read_int_kv(f, "Size", size);
    if (!s.ok()) return s;
    r.size = size;
  }
  return Status::success();
}

}  // namespace

Status add_template(TemplateKind kind, const KvViews& fields, ParsedUpload& out) {
  TemplateRecord r;
  r.kind = kind;
  r.bio_type = default_bio_type(kind);
  Status s = read_ids(kind, fields, r);
  if (!s.ok()) return s;
  auto pin = find_kv(fields, "PIN");
  if (!pin || pin->empty()) return Error::invalid("template without PIN");
  auto tmp = find_kv(fields, "TMP");
  if (!tmp || tmp->empty()) return Error::invalid("template without TMP");
  r.pin = std::string(*pin);
  r.tmp = std::string(*tmp);
  if (kind == TemplateKind::kBiodata) {
    r.major_ver = std::string(find_kv(fields, "MajorVer").value_or(""));
    r.minor_ver = std::string(find_kv(fields, "MinorVer").value_or(""));
    r.format = std::string(find_kv(fields, "Format").value_or(""));
  }
  out.templates.push_back(std::move(r));
  return Status::success();
}

}  // namespace zkpush::protocol
