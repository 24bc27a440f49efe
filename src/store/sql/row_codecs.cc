#include "store/sql/row_codecs.h"

#include "util/enum_names.h"

namespace zkpush::store::sql {

namespace {

using protocol::PhotoKind;
using protocol::TemplateKind;

constexpr EnumNames<TemplateKind, 4> kTemplateKinds{{
    {TemplateKind::kFingerprint, "fingerprint"},
    {TemplateKind::kFace, "face"},
    {TemplateKind::kFingerVein, "fingervein"},
    {TemplateKind::kBiodata, "biodata"},
}};

constexpr EnumNames<PhotoKind, 4> kPhotoKinds{{
    {PhotoKind::kAttendance, "attendance"},
    {PhotoKind::kUser, "user"},
    {PhotoKind::kBiometric, "biophoto"},
    {PhotoKind::kFingerprintImage, "fingerprint_image"},
}};

// The same words appear in the CHECK constraint of commands.status.
constexpr EnumNames<CommandStatus, 5> kCommandStatuses{{
    {CommandStatus::kQueued, "queued"},
    {CommandStatus::kSent, "sent"},
    {CommandStatus::kDone, "done"},
    {CommandStatus::kFailed, "failed"},
    {CommandStatus::kExpired, "expired"},
}};

}  // namespace

std::string_view template_kind_text(TemplateKind kind) { return ::zkpush::name_of(kTemplateKinds, kind); }
std::optional<TemplateKind> template_kind_from_text(std::string_view text) {
  return value_named(kTemplateKinds, text);
}

std::string_view photo_kind_text(PhotoKind kind) { return ::zkpush::name_of(kPhotoKinds, kind); }
std::optional<PhotoKind> photo_kind_from_text(std::string_view text) {
  return value_named(kPhotoKinds, text);
}

std::string_view command_status_text(CommandStatus status) {
  return ::zkpush::name_of(kCommandStatuses, status);
}
std::optional<CommandStatus> command_status_from_text(std::string_view text) {
  return value_named(kCommandStatuses, text);
}

std::optional<int64_t> parse_command_id(std::string_view id) {
  if (id.empty() || id.size() > kMaxCommandIdDigits || id[0] == '0') return std::nullopt;
  int64_t value = 0;
  for (char c : id) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');  // 16 digits cannot overflow int64
  }
  return value;
}

std::string format_command_id(int64_t id) { return std::to_string(id); }

std::optional<std::string> photo_dedupe_key(const protocol::PhotoRecord& photo) {
  switch (photo.kind) {
    case PhotoKind::kUser:
      if (photo.pin.empty()) return std::nullopt;
      return photo.pin;
    case PhotoKind::kBiometric:
      // The integer goes first so the key is unambiguous whatever the PIN holds.
      if (photo.pin.empty()) return std::nullopt;
      return std::to_string(photo.bio_type) + ":" + photo.pin;
    case PhotoKind::kAttendance:
    case PhotoKind::kFingerprintImage:
      if (photo.filename.empty()) return std::nullopt;
      return photo.filename;
  }
  return std::nullopt;
}

}  // namespace zkpush::store::sql
