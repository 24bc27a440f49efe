// One prepared statement of a PgConnection: its bindings, and the result of
// its execution read row by row (see store/sql/connection.h for the
// contract, store/postgres/pg_connection.h for the caching).
#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "store/sql/connection.h"

namespace zkpush::store::postgres {

class PgConnection;

class PgStatement final : public sql::StatementImpl {
 public:
  // `name`: the server-side prepared statement, which several PgStatements
  // may share (execution is synchronous). `sql`: the text as the caller
  // wrote it, for error messages. A cached statement goes back to its cache
  // on release(); a private one is deleted.
  // `slots`: PgSql::slots, the $ number of each ?N.
  PgStatement(PgConnection& conn, std::string name, std::string sql, std::vector<int> slots,
              bool cached);
  ~PgStatement();
  PgStatement(const PgStatement&) = delete;
  PgStatement& operator=(const PgStatement&) = delete;

  bool in_use() const { return in_use_; }
  // Marks a cached statement as lent to a handle.
  void acquire() { in_use_ = true; }
  // A private statement on the same server-side statement.
  PgStatement* private_copy() const;

  void bind_int(int index, int64_t value) override;
  void bind_text(int index, std::string_view value) override;
  void bind_blob(int index, std::string_view value) override;
  void bind_null(int index) override;
  Result<bool> step() override;
  Status run_deferred() override;
  void reset() override;
  int64_t int64(int column) const override;
  bool is_null(int column) const override;
  std::string_view text(int column) const override;
  std::string_view blob(int column) const override;
  void release() override;

 private:
  struct Parameter {
    std::string buffer;  // the value's text (an int, repaired text), reused
    const char* value = nullptr;
    int length = 0;
    int format = 0;  // 0 text, 1 binary (blobs)
  };
  // The parameter `index` (?index, from 1), or nullptr after noting a
  // binding error. A ?N the text does not use binds to a scratch slot.
  Parameter* parameter(int index);
  // Copies the bindings into what libpq reads; a binding error.
  Status gather();
  // The current row's value of `column`, or nullptr (no row, no column).
  const char* value(int column) const;
  bool is_bytea(int column) const;
  // A BYTEA value's bytes, decoded from the hex form into decoded_[column].
  std::string_view decoded(int column) const;

  PgConnection& conn_;
  const std::string name_;
  const std::string sql_;
  const bool cached_;
  bool in_use_ = false;

  const std::vector<int> slots_;
  std::vector<Parameter> parameters_;
  Parameter unused_;  // where a value bound to an unused ?N goes
  // What PQexecPrepared reads, rebuilt from parameters_ at each execution.
  std::vector<const char*> values_;
  std::vector<int> lengths_;
  std::vector<int> formats_;
  std::string bind_error_;  // the first binding error, reported by step()

  PGresult* result_ = nullptr;  // null until the first step()
  int row_ = -1;
  bool finished_ = false;
  // Decoded BYTEA values of the current row, valid until the next step/reset.
  mutable std::vector<std::string> decoded_;
  mutable std::vector<bool> is_decoded_;
};

}  // namespace zkpush::store::postgres
