// store::copy_sqlite_to_postgres on real databases: every value arrives as it
// was (NULLs, empty strings, bytes with NULs) across the batches of the
// multi-row INSERTs, tables go in foreign-key order, the identity sequences
// continue after the copied ids and SQLite's AUTOINCREMENT counters, an older
// SQLite file is migrated first, and a target newer than this build is
// refused. The end-to-end copy of a fed server is tests/integration/migrate_test.cc.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "store/migrate.h"
#include "store/postgres/pg_connection.h"
#include "store/sqlite/connection.h"
#include "store/sqlite/database_file.h"
#include "store/sqlite/migrations.h"
#include "support/postgres_server.h"
#include "support/temp_dir.h"

namespace zkpush::store {
namespace {

using zkpush::test::PostgresServer;
using zkpush::test::TempDir;

// 1201 punches: two full batches of 500 and a short one.
constexpr int kPunches = 1201;
const std::string kBytes("a\0\xff b", 5);

std::unique_ptr<sqlite::Connection> open_file(const TempDir& dir) {
  auto db = sqlite::Connection::open(sqlite::database_path(dir.path()), SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  EXPECT_TRUE(db) << db.error().message;
  return std::move(*db);
}

std::unique_ptr<postgres::PgConnection> open_database(const std::string& uri) {
  auto db = postgres::PgConnection::open(uri);
  EXPECT_TRUE(db) << db.error().message;
  return std::move(*db);
}

void run(sql::Connection& db, const std::string& sql) {
  Status s = db.exec(sql.c_str());
  ASSERT_TRUE(s) << s.error().message;
}

std::string one_value(sql::Connection& db, const std::string& sql) {
  auto st = db.prepare(sql);
  EXPECT_TRUE(st) << st.error().message;
  auto row = st->step();
  EXPECT_TRUE(row && *row) << sql;
  return st->is_null(0) ? "NULL" : st->string(0);
}

void fill(sqlite::Connection& db) {
  // devices.group_id names device_groups, created after devices.
  run(db,
      "INSERT INTO device_groups (id, name, created_at) VALUES (7, 'hall', 1);"
      "INSERT INTO devices (id, sn, first_seen, last_seen, group_id) VALUES (3, 'CP1', 1, 2, 7);"
      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " +
          std::to_string(kPunches) +
          ") "
          "INSERT INTO attendance (id, device_id, pin, time, status, verify, workcode, reserved1, reserved2, extra, "
          "time_zone, received_at) SELECT 2 * i, 3, 'p' || i, '2026-01-01 00:00:00', 0, 1, '', '', '', "
          "CASE WHEN i % 2 = 0 THEN NULL ELSE '[\"x\"]' END, '+0000', i FROM n;"
          "INSERT INTO commands (id, device_id, command, status, created_at, content) VALUES (5, 3, 'INFO', 'queued', "
          "1, "
          "x'610000ff');"
          // Commands up to 40 were given and deleted: 41 comes next.
          "UPDATE sqlite_sequence SET seq = 40 WHERE name = 'commands';");
  auto rejected = db.prepare(
      "INSERT INTO rejected_lines (id, device_id, table_name, reason, received_at, line) VALUES (?1, 3, 'ATTLOG', '', "
      "1, ?2)");
  ASSERT_TRUE(rejected);
  for (const auto& [id, line] : {std::pair<int, std::string>{1, kBytes}, {2, ""}}) {
    rejected->bind_int(1, id);
    rejected->bind_blob(2, line);
    ASSERT_TRUE(rejected->run());
    rejected->reset();
  }
}

TEST(CopySqliteToPostgres, EveryValueArrivesAsItWasAndIdsContinueAfterTheCopy) {
  TempDir dir;
  ASSERT_TRUE(migrate_sqlite_schema(dir.path()));
  fill(*open_file(dir));
  const std::string uri = PostgresServer::shared().create_database();

  int64_t progress_calls = 0;
  auto report = copy_sqlite_to_postgres(dir.path(), uri, [&](const std::string&, int64_t) { ++progress_calls; });
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->schema_version, sqlite::latest_schema_version());
  EXPECT_EQ(progress_calls, 0);  // every 100,000 rows only
  for (const sql::TableRows& t : report->tables) {
    if (t.table == "attendance") {
      EXPECT_EQ(t.rows, kPunches);
    }
    if (t.table == "devices") {
      EXPECT_EQ(t.rows, 1);
    }
  }

  auto pg = open_database(uri);
  EXPECT_EQ(one_value(*pg, "SELECT group_id FROM devices WHERE id = 3"), "7");
  EXPECT_EQ(one_value(*pg, "SELECT sum(id) FROM attendance"), std::to_string(kPunches * (kPunches + 1)));
  EXPECT_EQ(one_value(*pg, "SELECT count(*) FROM attendance WHERE extra IS NULL"), std::to_string(kPunches / 2));
  EXPECT_EQ(one_value(*pg, "SELECT extra FROM attendance WHERE id = 2"), "[\"x\"]");
  EXPECT_EQ(one_value(*pg, "SELECT workcode FROM attendance WHERE id = 2"), "");
  EXPECT_EQ(one_value(*pg, "SELECT encode(line, 'hex') FROM rejected_lines WHERE id = 1"), "6100ff2062");
  EXPECT_EQ(one_value(*pg, "SELECT octet_length(line) FROM rejected_lines WHERE id = 2"), "0");
  EXPECT_EQ(one_value(*pg, "SELECT encode(content, 'hex') FROM commands WHERE id = 5"), "610000ff");
  EXPECT_EQ(one_value(*pg, "SELECT reply FROM commands WHERE id = 5"), "NULL");

  EXPECT_EQ(one_value(*pg,
                      "INSERT INTO commands (device_id, command, status, created_at) "
                      "VALUES (3, 'INFO', 'queued', 2) RETURNING id"),
            "41");
  EXPECT_EQ(one_value(*pg,
                      "INSERT INTO attendance (device_id, pin, time, status, verify, workcode, reserved1, "
                      "reserved2, time_zone, received_at) VALUES (3, 'new', '2026-01-02 00:00:00', 0, 1, '', '', "
                      "'', '+0000', 9) RETURNING id"),
            std::to_string(2 * kPunches + 1));
  EXPECT_EQ(one_value(*pg,
                      "INSERT INTO canteen_credit_batches (kind, wallet, amount, note, issued_at) "
                      "VALUES ('topup', 'main', 1, '', 1) RETURNING batch"),
            "1");  // an empty table's sequence starts at 1
}

TEST(CopySqliteToPostgres, AnOlderSqliteFileIsMigratedBeforeItIsCopied) {
  TempDir dir;
  {
    auto db = open_file(dir);
    ASSERT_TRUE(sqlite::migrate(*db, sqlite::all_migrations().first(3)));
    run(*db, "INSERT INTO devices (id, sn, first_seen, last_seen) VALUES (1, 'OLD1', 1, 2)");
  }
  const std::string uri = PostgresServer::shared().create_database();
  auto report = copy_sqlite_to_postgres(dir.path(), uri, {});
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->schema_version, sqlite::latest_schema_version());
  EXPECT_EQ(one_value(*open_database(uri), "SELECT admission FROM devices WHERE sn = 'OLD1'"), "approved");
}

TEST(CopySqliteToPostgres, ATargetNewerThanThisBuildIsRefusedWithNothingCopied) {
  TempDir dir;
  ASSERT_TRUE(migrate_sqlite_schema(dir.path()));
  run(*open_file(dir), "INSERT INTO devices (id, sn, first_seen, last_seen) VALUES (1, 'NEW1', 1, 2)");
  const std::string uri = PostgresServer::shared().create_database();
  ASSERT_TRUE(migrate_postgres_schema(uri));
  run(*open_database(uri), "UPDATE zkpush_schema SET version = 99");

  auto report = copy_sqlite_to_postgres(dir.path(), uri, {});
  ASSERT_FALSE(report);
  EXPECT_NE(report.error().message.find("newer"), std::string::npos) << report.error().message;
  EXPECT_EQ(one_value(*open_database(uri), "SELECT count(*) FROM devices"), "0");
}

}  // namespace
}  // namespace zkpush::store
