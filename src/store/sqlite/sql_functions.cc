#include "store/sqlite/sql_functions.h"

#include <exception>
#include <string>
#include <string_view>

#include "protocol/record_time.h"
#include "store/sqlite/json_columns.h"

namespace zkpush::store::sqlite {

namespace {

std::string_view arg_text(sqlite3_value* v) {
  const auto* p = reinterpret_cast<const char*>(sqlite3_value_text(v));
  if (p == nullptr) return {};
  return {p, static_cast<std::size_t>(sqlite3_value_bytes(v))};
}

void merge_fields_fn(sqlite3_context* ctx, int /*argc*/, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[1]) == SQLITE_NULL) {
    sqlite3_result_value(ctx, argv[0]);
    return;
  }
  protocol::Fields base, update;
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL || !decode_fields(arg_text(argv[0]), base) ||
      !decode_fields(arg_text(argv[1]), update)) {
    sqlite3_result_value(ctx, argv[1]);
    return;
  }
  try {
    merge_fields(base, update);
    std::string out;
    encode_fields(base, out);
    sqlite3_result_text64(ctx, out.data(), out.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  } catch (const std::exception&) {
    sqlite3_result_error_nomem(ctx);
  }
}

// zkpush_utc_ms(time, time_zone): a record's instant in Unix milliseconds,
// from its device-local time and the device's TimeZone option; NULL when
// either cannot be read.
void utc_ms_fn(sqlite3_context* ctx, int /*argc*/, sqlite3_value** argv) {
  auto ms = protocol::record_utc_ms(arg_text(argv[0]), arg_text(argv[1]));
  if (ms) sqlite3_result_int64(ctx, *ms);
  else sqlite3_result_null(ctx);
}

}  // namespace

Status register_sql_functions(Connection& db) {
  int utc = sqlite3_create_function_v2(db.handle(), "zkpush_utc_ms", 2,
                                       SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_DIRECTONLY, nullptr, utc_ms_fn,
                                       nullptr, nullptr, nullptr);
  if (utc != SQLITE_OK) return db.error(utc, "register zkpush_utc_ms");
  int rc = sqlite3_create_function_v2(db.handle(), "zkpush_merge_fields", 2,
                                      SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_DIRECTONLY,
                                      nullptr, merge_fields_fn, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return db.error(rc, "register zkpush_merge_fields");
  return Status::success();
}

}  // namespace zkpush::store::sqlite
