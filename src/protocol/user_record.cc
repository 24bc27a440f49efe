// USER records (004 §11.5; 000 without Pri; 003 table=USERINFO without the
// "USER " prefix; ACC-20). Captures R04, R16 (Verify=-1, Expires,
// StartDatetime/EndDatetime), R32, D07. Keys are matched ignoring case; a key
// the line does not carry stays nullopt, so an upload without Card= cannot
// erase a stored card. Keys we do not model go to `extra` verbatim.
#include <optional>
#include <string>

#include "protocol/text.h"
#include "protocol/upload_records.h"

namespace zkpush::protocol {
namespace {

// Returns the member of `r` that holds `key`, or nullptr for an extra key.
std::optional<std::string>* slot(UserRecord& r, std::string_view key) {
  struct Entry {
    std::string_view key;
    std::optional<std::string> UserRecord::*member;
  };
  static constexpr Entry kKeys[] = {
      {"Name", &UserRecord::name},
      {"Pri", &UserRecord::privilege},
      {"Passwd", &UserRecord::password},
      {"Card", &UserRecord::card},
      {"Grp", &UserRecord::group},
      {"TZ", &UserRecord::tz},
      {"Verify", &UserRecord::verify},
      {"ViceCard", &UserRecord::vice_card},
      {"StartDatetime", &UserRecord::start_datetime},
      {"EndDatetime", &UserRecord::end_datetime},
  };
  for (const auto& e : kKeys)
    if (iequals(key, e.key)) return &(r.*(e.member));
  return nullptr;
}

}  // namespace

Status add_user(const KvViews& fields, ParsedUpload& out) {
  UserRecord r;
  bool has_pin = false;
  for (const auto& [key, value] : fields) {
    if (iequals(key, "PIN")) {
      if (!has_pin) r.pin = std::string(value);
      has_pin = true;
    } else if (auto* s = slot(r, key)) {
      if (!*s) *s = std::string(value);
    } else {
      r.extra.emplace_back(std::string(key), std::string(value));
    }
  }
  if (r.pin.empty()) return Error::invalid("USER without PIN");
  out.users.push_back(std::move(r));
  return Status::success();
}

}  // namespace zkpush::protocol
