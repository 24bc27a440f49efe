// How domain values are spelled in the database: enum <-> text, command IDs,
// and the natural key that makes a re-uploaded photo replace the old one.
// Text (not integers) for enums so the database reads well in the sqlite3 shell
// and survives reordering of the C++ enums.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "protocol/records.h"
#include "store/store.h"

namespace zkpush::store::sql {

std::string_view template_kind_text(protocol::TemplateKind kind);
std::optional<protocol::TemplateKind> template_kind_from_text(std::string_view text);

std::string_view photo_kind_text(protocol::PhotoKind kind);
std::optional<protocol::PhotoKind> photo_kind_from_text(std::string_view text);

std::string_view command_status_text(CommandStatus status);
std::optional<CommandStatus> command_status_from_text(std::string_view text);

// Command IDs are the decimal rowid of `commands`: 1 to 16 digits, no sign and
// no leading zero. Anything else (a device echoing an alphanumeric or padded
// ID) names no command of ours.
inline constexpr std::size_t kMaxCommandIdDigits = 16;
std::optional<int64_t> parse_command_id(std::string_view id);
std::string format_command_id(int64_t id);

// The per-kind natural key of a photo on a device, stored in photos.dedupe_key
// (unique with device_id and kind):
//   user photo (USERPIC)      -> pin: one photo per person
//   biophoto (BIOPHOTO)       -> "<bio_type>:<pin>": one per person and type
//   attendance / FP image     -> filename
// nullopt (stored NULL, never a conflict) when the identifying field is empty.
std::optional<std::string> photo_dedupe_key(const protocol::PhotoRecord& photo);

}  // namespace zkpush::store::sql
