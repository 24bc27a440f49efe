// Helpers for the store tests: a fresh store per test, a synchronous submit,
// builders for records, and raw peeks at the database.
//
// The store tests are a conformance suite: a fixture derived from StoreTest
// runs every TEST_P on SQLite (a temporary data directory) and on PostgreSQL
// (a fresh database on the test process's own throwaway server,
// tests/support/postgres_server.h); ZKPUSH_ON_EVERY_DATABASE(Fixture)
// instantiates it for both.
#pragma once

#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <sqlite3.h>

#include <filesystem>
#include <future>
#include <memory>
#include <string>
#include <utility>

#include "store/store.h"
#include "support/postgres_server.h"
#include "support/temp_dir.h"

namespace zkpush::store::test {

using zkpush::test::TempDir;

// The database file inside a store's data directory.
inline std::string db_file(const TempDir& dir) { return dir.file("zkpush.db"); }

struct Committed {
  Status status;
  WriteBatch batch;
};

// Submits and waits for the callback.
inline Committed commit(Store& store, WriteBatch batch) {
  std::promise<Committed> done;
  std::future<Committed> result = done.get_future();
  store.submit(std::move(batch), [&done](Status s, WriteBatch& b) {
    done.set_value(Committed{std::move(s), std::move(b)});
  });
  return result.get();
}

template <typename Op>
Committed commit_op(Store& store, Op op) {
  WriteBatch batch;
  batch.add(std::move(op));
  return commit(store, std::move(batch));
}

template <typename Op>
Op committed_op(const Committed& c, std::size_t index = 0) {
  return std::get<Op>(c.batch.ops.at(index));
}

inline protocol::AttlogRecord punch(std::string pin, std::string time, int status = 0,
                                    int verify = 1) {
  protocol::AttlogRecord r;
  r.pin = std::move(pin);
  r.time = std::move(time);
  r.status = status;
  r.verify = verify;
  return r;
}

// A raw read-only look at the database file, for columns the Store API does
// not expose. Returns the first column of the first row as text ("" if none,
// "NULL" for NULL).
inline std::string query_text(const std::string& db_file, const std::string& sql) {
  sqlite3* db = nullptr;
  std::string out;
  if (sqlite3_open_v2(db_file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    return "<open failed>";
  }
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
    out = std::string("<prepare failed: ") + sqlite3_errmsg(db) + ">";
  } else if (sqlite3_step(st) == SQLITE_ROW) {
    if (sqlite3_column_type(st, 0) == SQLITE_NULL) {
      out = "NULL";
    } else {
      const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
      out.assign(p, static_cast<std::size_t>(sqlite3_column_bytes(st, 0)));
    }
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  return out;
}

enum class Database { kSqlite, kPostgres };

inline std::string database_name(const ::testing::TestParamInfo<Database>& info) {
  return info.param == Database::kSqlite ? "sqlite" : "postgres";
}

// The first column of the first row of `sql` on a PostgreSQL database, as
// query_text gives it for SQLite.
inline std::string pg_query_text(const std::string& uri, const std::string& sql) {
  PGconn* conn = PQconnectdb(uri.c_str());
  std::string out;
  if (PQstatus(conn) != CONNECTION_OK) {
    out = std::string("<connect failed: ") + PQerrorMessage(conn) + ">";
  } else {
    PGresult* r = PQexec(conn, sql.c_str());
    if (PQresultStatus(r) != PGRES_TUPLES_OK && PQresultStatus(r) != PGRES_COMMAND_OK) {
      out = std::string("<failed: ") + PQresultErrorMessage(r) + ">";
    } else if (PQntuples(r) > 0) {
      out = PQgetisnull(r, 0, 0) ? "NULL" : std::string(PQgetvalue(r, 0, 0), PQgetlength(r, 0, 0));
    }
    PQclear(r);
  }
  PQfinish(conn);
  return out;
}

// A fixture with a fresh store: a temporary directory, or a new database.
class StoreTest : public ::testing::TestWithParam<Database> {
 protected:
  void SetUp() override {
    if (GetParam() == Database::kPostgres) database_ = zkpush::test::PostgresServer::shared().create_database();
    open();
  }

  void open(bool durability_full = false) {
    store_.reset();
    Result<std::unique_ptr<Store>> s = open_store(StoreOptions{dir_.path(), durability_full, database_});
    ASSERT_TRUE(s.ok()) << s.error().message;
    store_ = std::move(*s);
  }
  void reopen() {
    store_.reset();
    open();
  }

  // A raw look at what the store wrote, for columns its API does not expose:
  // the first column of the first row as text ("" if none, "NULL" for NULL).
  std::string peek(const std::string& sql) {
    if (store_) store_->flush();
    return database_.empty() ? query_text(db_file(dir_), sql) : pg_query_text(database_, sql);
  }
  // Runs `sql` on a connection of its own; false when the database refused it.
  bool execute_raw(const std::string& sql) {
    if (database_.empty()) {
      sqlite3* db = nullptr;
      sqlite3_open(db_file(dir_).c_str(), &db);
      const bool ok = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK;
      sqlite3_close(db);
      return ok;
    }
    return pg_query_text(database_, sql).rfind("<failed", 0) != 0;
  }
  bool on_postgres() const { return !database_.empty(); }

  DeviceId create_device(const std::string& sn, TimeMs now = 1000) {
    Committed c = commit_op(*store_, CreateDevice{sn, now});
    EXPECT_TRUE(c.status.ok()) << c.status.error().message;
    return committed_op<CreateDevice>(c).id;
  }

  int insert(DeviceId device, std::vector<protocol::AttlogRecord> records,
             std::string time_zone = "8", TimeMs received_at = 5000) {
    Committed c = commit_op(*store_, InsertAttendance{device, std::move(time_zone), received_at,
                                                      std::move(records)});
    EXPECT_TRUE(c.status.ok()) << c.status.error().message;
    return committed_op<InsertAttendance>(c).inserted;
  }

  std::vector<AttendanceRow> attendance(AttendanceQuery q = {}) {
    Result<std::vector<AttendanceRow>> rows = store_->attendance(q);
    EXPECT_TRUE(rows.ok()) << rows.error().message;
    return rows.ok() ? *rows : std::vector<AttendanceRow>{};
  }

  DeviceRow device(DeviceId id) {
    Result<std::vector<DeviceRow>> all = store_->load_devices();
    EXPECT_TRUE(all.ok()) << all.error().message;
    if (all.ok()) {
      for (const DeviceRow& d : *all) {
        if (d.id == id) return d;
      }
    }
    ADD_FAILURE() << "no device " << id;
    return {};
  }

  TempDir dir_;
  std::string database_;  // PostgreSQL: the test's database; empty: SQLite in dir_
  std::unique_ptr<Store> store_;
};

#define ZKPUSH_ON_EVERY_DATABASE(Fixture)                                                                    \
  INSTANTIATE_TEST_SUITE_P(Store, Fixture, ::testing::Values(Database::kSqlite, Database::kPostgres), \
                           database_name)

}  // namespace zkpush::store::test
