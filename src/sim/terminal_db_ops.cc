// See terminal_db_ops.h.
#include "sim/terminal_db_ops.h"

#include <algorithm>
#include <string>

#include "protocol/text.h"
#include "sim/generic_tables.h"

namespace zkpush::sim {
namespace {

void set_if(std::optional<std::string>& stored, const std::optional<std::string>& given) {
  if (given) stored = given;
}

}  // namespace

void upsert_user(TerminalDb& db, const protocol::UserRecord& user) {
  auto [it, added] = db.users.try_emplace(user.pin, user);
  if (added) return;
  protocol::UserRecord& u = it->second;
  set_if(u.name, user.name);
  set_if(u.privilege, user.privilege);
  set_if(u.password, user.password);
  set_if(u.card, user.card);
  set_if(u.group, user.group);
  set_if(u.tz, user.tz);
  set_if(u.verify, user.verify);
  set_if(u.vice_card, user.vice_card);
  set_if(u.start_datetime, user.start_datetime);
  set_if(u.end_datetime, user.end_datetime);
  for (const auto& [key, value] : user.extra) {
    auto e =
        std::find_if(u.extra.begin(), u.extra.end(), [&](const auto& f) { return protocol::iequals(f.first, key); });
    if (e != u.extra.end())
      e->second = value;
    else
      u.extra.emplace_back(key, value);
  }
}

bool same_template(const protocol::TemplateRecord& a, const protocol::TemplateRecord& b) {
  return a.pin == b.pin && a.kind == b.kind && a.bio_type == b.bio_type && a.no == b.no && a.index == b.index;
}

void upsert_template(TerminalDb& db, protocol::TemplateRecord tmpl) {
  for (auto& t : db.templates) {
    if (same_template(t, tmpl)) {
      t = std::move(tmpl);
      return;
    }
  }
  db.templates.push_back(std::move(tmpl));
}

const protocol::TemplateRecord* find_template(const TerminalDb& db, const protocol::TemplateRecord& key) {
  for (const auto& t : db.templates)
    if (same_template(t, key)) return &t;
  return nullptr;
}

bool erase_user(TerminalDb& db, std::string_view pin) {
  const bool existed = db.users.erase(std::string(pin)) > 0;
  std::erase_if(db.templates, [&](const auto& t) { return t.pin == pin; });
  db.user_photos.erase(std::string(pin));
  delete_rows_where(db, "BIOPHOTO", "PIN", pin);
  delete_rows_where(db, "USER_SMS", "PIN", pin);
  return existed;
}

}  // namespace zkpush::sim
