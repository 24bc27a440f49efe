#include "store/postgres/pg_error.h"

#include <string>

namespace zkpush::store::postgres {

namespace {

std::string trimmed(const char* message) {
  std::string s = message != nullptr ? message : "";
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s.empty() ? "unknown PostgreSQL error" : s;
}

}  // namespace

Error::Kind pg_error_kind(std::string_view sqlstate, bool lost) {
  if (sqlstate == "23505") return Error::Kind::kConflict;           // unique_violation
  if (sqlstate == "23503") return Error::Kind::kMissingReference;   // foreign_key_violation
  // Worth retrying later: the connection or the server went away (class 08,
  // admin/crash shutdown, cannot connect now), the server is short of
  // resources (class 53: disk full, out of memory, too many connections),
  // or the transaction lost a serialization or deadlock race.
  if (lost || sqlstate.starts_with("08") || sqlstate.starts_with("53") || sqlstate == "57P01" ||
      sqlstate == "57P02" || sqlstate == "57P03" || sqlstate == "40001" || sqlstate == "40P01") {
    return Error::Kind::kUnavailable;
  }
  return Error::Kind::kStorage;
}

Error pg_error(PGconn* conn, const PGresult* result, std::string_view sql) {
  const char* sqlstate = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  const char* primary = result != nullptr ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  std::string message = primary != nullptr ? trimmed(primary) : trimmed(PQerrorMessage(conn));
  message += sqlstate != nullptr ? std::string(" (SQLSTATE ") + sqlstate + ")" : " (no SQLSTATE)";
  message += " while running: ";
  message += sql.substr(0, 72);
  const bool lost = PQstatus(conn) == CONNECTION_BAD;
  return Error{pg_error_kind(sqlstate != nullptr ? sqlstate : "", lost), std::move(message)};
}

}  // namespace zkpush::store::postgres
