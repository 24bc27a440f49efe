// Photos carried inside OPERLOG lines, Content base64-encoded (ACC-26):
//   USERPIC  PIN, FileName, Size, Content        004 §11.13 -> PhotoKind::kUser
//   BIOPHOTO PIN, FileName, Type, Size, Content  004 §11.15 -> PhotoKind::kBiometric
// Size is the length of the base64 text (004), kept as declared_size. The
// Content is decoded here; text that is not base64 rejects the line, since
// storing it would pretend to hold an image we do not have.
#include <string>

#include "protocol/text.h"
#include "protocol/upload.h"
#include "protocol/upload_records.h"

namespace zkpush::protocol {

Status add_photo(PhotoKind kind, const KvViews& fields, ParsedUpload& out) {
  PhotoRecord r;
  r.kind = kind;
  if (kind == PhotoKind::kBiometric) {
    Status s = read_int_kv(fields, "Type", r.bio_type);
    if (!s.ok()) return s;
  }
  auto pin = find_kv(fields, "PIN");
  if (!pin || pin->empty()) return Error::invalid("photo without PIN");
  auto content = find_kv(fields, "Content");
  if (!content || content->empty()) return Error::invalid("photo without Content");
  auto bytes = decode_base64(*content);
  if (!bytes.ok()) return Error::invalid("photo Content: " + bytes.error().message);
  if (auto size = find_kv(fields, "Size"); size && !size->empty()) {
    auto n = parse_int(*size);
    if (!n) return Error::invalid("bad Size: '" + std::string(*size) + "'");
    r.declared_size = *n;
  }
  r.pin = std::string(*pin);
  r.filename = std::string(find_kv(fields, "FileName").value_or(""));
  r.bytes = std::move(bytes).value();
  out.photos.push_back(std::move(r));
  return Status::success();
}

}  // namespace zkpush::protocol
