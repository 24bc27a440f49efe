#include "store/sqlite/sql_functions.h"

#include <exception>
#include <string>
#include <string_view>

#include "protocol/record_time.h"

namespace zkpush::store::sqlite {

namespace {

std::string_view arg_text(sqlite3_value* v) {
  const auto* p = reinterpret_cast<const char*>(sqlite3_value_text(v));
  if (p == nullptr) return {};
  return {p, static_cast<std::size_t>(sqlite3_value_bytes(v))};
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
  return Status::success();
}

}  // namespace zkpush::store::sqlite
