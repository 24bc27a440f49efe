// Reads of the people terminals hold: their users and biometric templates.

#include <string>

#include "store/sql/json_columns.h"
#include "store/sql/read_rows.h"
#include "store/sql/reads.h"
#include "store/sql/row_codecs.h"

namespace zkpush::store::sql {

namespace {

#define ZKPUSH_USER_COLUMNS                                                                     \
  "u.pin, u.name, u.privilege, u.password, u.card, u.user_group, u.tz, u.verify, u.vice_card, " \
  "u.start_datetime, u.end_datetime, u.extra, u.updated_at"

#define ZKPUSH_TEMPLATE_COLUMNS                                                           \
  "t.pin, t.kind, t.bio_type, t.no, t.idx, t.valid, t.duress, t.major_ver, t.minor_ver, " \
  "t.format, t.size, t.tmp, t.updated_at"

// Reads ZKPUSH_USER_COLUMNS starting at column `c`; the updated_at column
// (the last) goes to `updated_at`.
Status decode_user(const Statement& st, int c, protocol::UserRecord& u, TimeMs& updated_at) {
  u.pin = st.string(c);
  u.name = st.opt_string(c + 1);
  u.privilege = st.opt_string(c + 2);
  u.password = st.opt_string(c + 3);
  u.card = st.opt_string(c + 4);
  u.group = st.opt_string(c + 5);
  u.tz = st.opt_string(c + 6);
  u.verify = st.opt_string(c + 7);
  u.vice_card = st.opt_string(c + 8);
  u.start_datetime = st.opt_string(c + 9);
  u.end_datetime = st.opt_string(c + 10);
  u.extra.clear();
  if (!st.is_null(c + 11) && !decode_fields(st.text(c + 11), u.extra)) {
    return corrupt_value("device_users.extra", st.text(c + 11));
  }
  updated_at = st.int64(c + 12);
  return Status::success();
}

Status decode_template(const Statement& st, int c, protocol::TemplateRecord& t, TimeMs& updated_at) {
  t.pin = st.string(c);
  std::optional<protocol::TemplateKind> kind = template_kind_from_text(st.text(c + 1));
  if (!kind) return corrupt_value("templates.kind", st.text(c + 1));
  t.kind = *kind;
  t.bio_type = st.integer(c + 2);
  t.no = st.integer(c + 3);
  t.index = st.integer(c + 4);
  t.valid = st.integer(c + 5);
  t.duress = st.integer(c + 6);
  t.major_ver = st.string(c + 7);
  t.minor_ver = st.string(c + 8);
  t.format = st.string(c + 9);
  if (st.is_null(c + 10)) {
    t.size.reset();
  } else {
    t.size = st.integer(c + 10);
  }
  t.tmp = st.string(c + 11);
  updated_at = st.int64(c + 12);
  return Status::success();
}

Status decode_user_row(const Statement& st, UserRow& row) {
  row.id = st.int64(0);
  row.sn = st.string(1);
  return decode_user(st, 2, row.user, row.updated_at);
}

Status decode_template_row(const Statement& st, TemplateRow& row) {
  row.id = st.int64(0);
  row.sn = st.string(1);
  return decode_template(st, 2, row.tmpl, row.updated_at);
}

}  // namespace

Result<std::vector<UserRow>> read_users(Connection& db, DeviceId device, const PageQuery& page) {
  return read_device_page<UserRow>(db,
                                   "SELECT u.id, d.sn, " ZKPUSH_USER_COLUMNS
                                   " FROM device_users u JOIN devices d ON d.id = u.device_id "
                                   "WHERE u.device_id = ?1 AND u.id > ?2 ORDER BY u.id LIMIT ?3",
                                   device, page, decode_user_row);
}

Result<std::vector<TemplateRow>> read_templates(Connection& db, DeviceId device, const PageQuery& page) {
  return read_device_page<TemplateRow>(db,
                                       "SELECT t.id, d.sn, " ZKPUSH_TEMPLATE_COLUMNS
                                       " FROM templates t JOIN devices d ON d.id = t.device_id "
                                       "WHERE t.device_id = ?1 AND t.id > ?2 ORDER BY t.id LIMIT ?3",
                                       device, page, decode_template_row);
}

#undef ZKPUSH_USER_COLUMNS
#undef ZKPUSH_TEMPLATE_COLUMNS

}  // namespace zkpush::store::sql
