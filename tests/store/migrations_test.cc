// Schema migrations and connection settings.

#include <gtest/gtest.h>

#include <array>

#include "store/sqlite/connection.h"
#include "store/sqlite/migrations.h"
#include "store/sqlite/pragmas.h"
#include "store_test_util.h"

namespace zkpush::store::test {
namespace {

using namespace zkpush::store::sqlite;

std::unique_ptr<Connection> open_raw(const std::string& path) {
  Result<std::unique_ptr<Connection>> c =
      Connection::open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  EXPECT_TRUE(c.ok()) << c.error().message;
  return c.ok() ? std::move(*c) : nullptr;
}

std::string pragma(Connection& db, const char* sql) {
  Result<Statement> st = db.prepare(sql);
  EXPECT_TRUE(st.ok());
  Result<bool> row = st->step();
  EXPECT_TRUE(row.ok() && *row);
  return st->string(0);
}

TEST(MigrationsTest, FreshStoreIsAtTheLatestVersionWithEveryTable) {
  TempDir dir;
  const std::filesystem::path nested = std::filesystem::path(dir.path()) / "a" / "b";
  {
    Result<std::unique_ptr<Store>> store = open_sqlite_store(StoreOptions{nested.string(), false, ""});
    ASSERT_TRUE(store.ok()) << store.error().message;
  }
  const std::string file = (nested / "zkpush.db").string();
  ASSERT_TRUE(std::filesystem::exists(file));
  EXPECT_EQ(query_text(file, "PRAGMA user_version"), std::to_string(latest_schema_version()));
  EXPECT_EQ(latest_schema_version(), 9);
  EXPECT_EQ(query_text(file, "PRAGMA journal_mode"), "wal");
  EXPECT_EQ(query_text(file,
                       "SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_schema "
                       "WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name)"),
            "access_blocks,access_events,access_level_doors,access_levels,account_sessions,accounts,api_tokens,attendance,attendance_hours,audit_log,canteen_cards,canteen_credit_batches,canteen_credits,canteen_gaps,"
            "canteen_item_details,canteen_ledger,canteen_master,canteen_records,canteen_sequences,"
            "canteen_stamps,canteen_terminals,commands,device_groups,device_person_sync,device_properties,"
            "device_settings,device_stamps,device_users,devices,door_names,door_states,errorlog,events,generic_records,holidays,leases,oplog,"
            "panel_rows,person_access_levels,person_assignments,person_biometrics,persons,photos,rejected_lines,server_secrets,server_settings,setup_codes,"
            "sign_in_failures,templates,terminal_files,time_zones,webhook_deliveries,webhooks");
  EXPECT_EQ(query_text(file,
                       "SELECT group_concat(name, ',') FROM pragma_index_info('attendance_natural_key')"),
            "device_id,time,pin,status,verify");
  EXPECT_EQ(query_text(file,
                       "SELECT group_concat(name, ',') FROM (SELECT name FROM pragma_index_list('attendance') "
                       "ORDER BY name)"),
            "attendance_by_device,attendance_natural_key");
}

TEST(MigrationsTest, MigrateIsIdempotent) {
  TempDir dir;
  std::unique_ptr<Connection> db = open_raw(db_file(dir));
  ASSERT_TRUE(migrate(*db).ok());
  ASSERT_TRUE(db->exec("INSERT INTO devices (sn, first_seen, last_seen) VALUES ('KEEP', 1, 1)").ok());
  Status again = migrate(*db);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(pragma(*db, "SELECT sn FROM devices"), "KEEP");
  EXPECT_EQ(*schema_version(*db), latest_schema_version());
}

TEST(MigrationsTest, AFailingMigrationLeavesThePreviousVersion) {
  TempDir dir;
  std::unique_ptr<Connection> db = open_raw(db_file(dir));
  const std::array<Migration, 2> migrations{{
      {1, "one", "CREATE TABLE t1 (a INTEGER);"},
      {2, "two", "CREATE TABLE t2 (a INTEGER); CREATE TABLE broken (;"},
  }};
  Status s = migrate(*db, migrations);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("schema migration 2 (two): "), std::string::npos)
      << s.error().message;
  EXPECT_EQ(*schema_version(*db), 1);
  EXPECT_EQ(pragma(*db, "SELECT count(*) FROM sqlite_schema WHERE name = 't1'"), "1");
  EXPECT_EQ(pragma(*db, "SELECT count(*) FROM sqlite_schema WHERE name = 't2'"), "0");
}

TEST(MigrationsTest, ANewerDatabaseIsRefused) {
  TempDir dir;
  {
    std::unique_ptr<Connection> db = open_raw(db_file(dir));
    ASSERT_TRUE(migrate(*db).ok());
    ASSERT_TRUE(db->exec(("PRAGMA user_version = " + std::to_string(latest_schema_version() + 1)).c_str()).ok());
  }
  Result<std::unique_ptr<Store>> store = open_sqlite_store(StoreOptions{dir.path(), false, ""});
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().kind, Error::Kind::kStorage);
  EXPECT_NE(store.error().message.find("database schema version 10 is newer than this build supports (9)"),
            std::string::npos)
      << store.error().message;
}

TEST(MigrationsTest, Version4AdmitsEveryDeviceStoredBefore) {
  TempDir dir;
  std::unique_ptr<Connection> db = open_raw(db_file(dir));
  ASSERT_TRUE(migrate(*db, all_migrations().first(1)).ok());
  ASSERT_TRUE(db->exec("INSERT INTO devices (sn, first_seen, last_seen, push_comm_key) VALUES ('OLD', 1, 1, 'k')").ok());
  ASSERT_TRUE(migrate(*db).ok());
  EXPECT_EQ(*schema_version(*db), latest_schema_version());
  // Served under the only policy there was (open): approved, no override, key kept.
  EXPECT_EQ(pragma(*db, "SELECT admission || '/' || admission_policy || '/' || push_comm_key FROM devices"),
            "approved//k");
  EXPECT_FALSE(db->exec("UPDATE devices SET admission = 'maybe'").ok());  // the CHECK holds
}

TEST(MigrationsTest, NotADatabaseIsAClearError) {
  TempDir dir;
  {
    std::FILE* f = std::fopen(db_file(dir).c_str(), "wb");
    ASSERT_NE(f, nullptr);
    std::fputs("this is not an sqlite file, just some text long enough to have a header......", f);
    std::fclose(f);
  }
  Result<std::unique_ptr<Store>> store = open_sqlite_store(StoreOptions{dir.path(), false, ""});
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.error().message.find("file is not a database"), std::string::npos)
      << store.error().message;
}

TEST(MigrationsTest, DataDirThatIsAFileIsAnError) {
  TempDir dir;
  const std::string blocker = (std::filesystem::path(dir.path()) / "file").string();
  std::FILE* f = std::fopen(blocker.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  std::fclose(f);
  Result<std::unique_ptr<Store>> store = open_sqlite_store(StoreOptions{blocker + "/sub", false, ""});
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.error().message.find("cannot create data directory"), std::string::npos)
      << store.error().message;
}

TEST(PragmasTest, WriterSettingsFollowTheDurabilityOption) {
  TempDir dir;
  std::unique_ptr<Connection> normal = open_raw(db_file(dir));
  ASSERT_TRUE(configure_writer(*normal, false).ok());
  EXPECT_EQ(pragma(*normal, "PRAGMA synchronous"), "1");  // NORMAL
  EXPECT_EQ(pragma(*normal, "PRAGMA foreign_keys"), "1");
  EXPECT_EQ(pragma(*normal, "PRAGMA journal_mode"), "wal");
  EXPECT_EQ(pragma(*normal, "PRAGMA busy_timeout"), std::to_string(kBusyTimeoutMs));
  EXPECT_EQ(pragma(*normal, "PRAGMA cache_size"), "-65536");
  normal.reset();

  std::unique_ptr<Connection> full = open_raw(db_file(dir));
  ASSERT_TRUE(configure_writer(*full, true).ok());
  EXPECT_EQ(pragma(*full, "PRAGMA synchronous"), "2");  // FULL
}

TEST(PragmasTest, ReadersCannotWrite) {
  TempDir dir;
  std::unique_ptr<Connection> writer = open_raw(db_file(dir));
  ASSERT_TRUE(configure_writer(*writer, false).ok());
  ASSERT_TRUE(migrate(*writer).ok());
  std::unique_ptr<Connection> reader = open_raw(db_file(dir));
  ASSERT_TRUE(configure_reader(*reader).ok());
  Status s = reader->exec("INSERT INTO devices (sn, first_seen, last_seen) VALUES ('X', 0, 0)");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("readonly"), std::string::npos) << s.error().message;
}

}  // namespace
}  // namespace zkpush::store::test
