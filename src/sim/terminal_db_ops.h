// Changes to a TerminalDb shared by the DATA and ENROLL commands: users are
// merged field by field, templates replaced by natural key, and a deleted
// user takes their templates and photos along (004 §12.1.2.1).
#pragma once

#include <string_view>

#include "protocol/records.h"
#include "sim/terminal_db.h"

namespace zkpush::sim {

// Adds the user, or sets on the stored one every field `user` carries (an
// absent field keeps its value; extra keys are replaced by name, ignoring case).
void upsert_user(TerminalDb& db, const protocol::UserRecord& user);

// The natural key of a template on a device: pin, kind, bio_type, no, index.
bool same_template(const protocol::TemplateRecord& a, const protocol::TemplateRecord& b);

// Replaces the template with the same natural key, or appends it.
void upsert_template(TerminalDb& db, protocol::TemplateRecord tmpl);

// The stored template with that natural key, or nullptr.
const protocol::TemplateRecord* find_template(const TerminalDb& db, const protocol::TemplateRecord& key);

// Removes the user, their templates, user photo, comparison photos and
// short-message links. Returns whether the user existed.
bool erase_user(TerminalDb& db, std::string_view pin);

}  // namespace zkpush::sim
