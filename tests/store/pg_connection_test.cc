// The PostgreSQL connection behind the store's SQL interface, against a real
// server (tests/support/postgres_server.h): the ctest run's shared server, a
// fresh database per test.
#include "store/postgres/pg_connection.h"

#include <gtest/gtest.h>

#include <atomic>
#include <limits>
#include <string>
#include <thread>

#include "store/postgres/pg_error.h"
#include "store/postgres/sql_text.h"
#include "support/eventually.h"
#include "support/postgres_server.h"

namespace zkpush::store::postgres {
namespace {

using zkpush::test::eventually;
using zkpush::test::PostgresServer;

std::unique_ptr<PgConnection> open_or_fail(const std::string& uri) {
  Result<std::unique_ptr<PgConnection>> conn = PgConnection::open(uri);
  EXPECT_TRUE(conn) << conn.error().message;
  return conn ? std::move(*conn) : nullptr;
}

class PgConnectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    uri_ = PostgresServer::shared().create_database();
    conn_ = open_or_fail(uri_);
    ASSERT_NE(conn_, nullptr);
  }

  void exec_ok(const char* sql) {
    Status s = conn_->exec(sql);
    ASSERT_TRUE(s) << s.error().message;
  }

  // The first column of the single row `sql` gives, as text.
  std::string one_text(std::string_view sql) {
    Result<sql::Statement> st = conn_->prepare(sql);
    EXPECT_TRUE(st) << st.error().message;
    if (!st) return "";
    Result<bool> row = st->step();
    EXPECT_TRUE(row && *row) << (row ? "no row" : row.error().message);
    return row && *row ? st->string(0) : "";
  }

  std::string uri_;
  std::unique_ptr<PgConnection> conn_;
};

TEST(PgConnectionSql, RewritesNumberedParameters) {
  Result<PgSql> r = rewrite_parameters(
      "SELECT ?1, ?10, '?1', 'it''s ?2', E'\\'?3', \"?4\" -- ?5\n, /* ?6 */ ?2");
  ASSERT_TRUE(r) << r.error().message;
  // ?1, ?2, ?10 are used: dense, they become $1, $2, $3.
  EXPECT_EQ(r->text, "SELECT $1, $3, '?1', 'it''s ?2', E'\\'?3', \"?4\" -- ?5\n, /* ?6 */ $2");
  EXPECT_EQ(r->parameter_count, 3);
  EXPECT_EQ(r->slots, (std::vector<int>{0, 1, 2, 0, 0, 0, 0, 0, 0, 0, 3}));
  EXPECT_FALSE(rewrite_parameters("SELECT ? FROM t"));
  EXPECT_FALSE(rewrite_parameters("SELECT ?0"));
  EXPECT_EQ(rewrite_parameters("SELECT 1")->parameter_count, 0);
}

TEST(PgConnectionSql, SqlStatesMapToKinds) {
  EXPECT_EQ(pg_error_kind("23505", false), Error::Kind::kConflict);
  EXPECT_EQ(pg_error_kind("23503", false), Error::Kind::kMissingReference);
  for (const char* retry : {"08006", "57P01", "57P02", "57P03", "53100", "53300", "40001", "40P01"}) {
    EXPECT_EQ(pg_error_kind(retry, false), Error::Kind::kUnavailable) << retry;
  }
  EXPECT_EQ(pg_error_kind("", true), Error::Kind::kUnavailable);  // the connection is gone
  EXPECT_EQ(pg_error_kind("42601", false), Error::Kind::kStorage);
  EXPECT_EQ(pg_error_kind("23502", false), Error::Kind::kStorage);  // NOT NULL
}

TEST_F(PgConnectionTest, ParametersInsideLiteralsStayText) {
  Result<sql::Statement> st = conn_->prepare("SELECT ?1 || '?1' || ?2");
  ASSERT_TRUE(st) << st.error().message;
  st->bind_text(1, "a");
  st->bind_text(2, "b");
  ASSERT_TRUE(*st->step());
  EXPECT_EQ(st->string(0), "a?1b");
  // A bare ? is refused before it reaches the server.
  Result<sql::Statement> bare = conn_->prepare("SELECT ?");
  ASSERT_FALSE(bare);
  EXPECT_EQ(bare.error().kind, Error::Kind::kStorage);
}

TEST_F(PgConnectionTest, IntsNullsAndBooleansRoundTrip) {
  exec_ok("CREATE TABLE t (i bigint, j bigint)");
  Result<sql::Statement> ins = conn_->prepare("INSERT INTO t (i, j) VALUES (?1, ?2)");
  ASSERT_TRUE(ins);
  for (int64_t v : {std::numeric_limits<int64_t>::min(), int64_t{0}, std::numeric_limits<int64_t>::max()}) {
    ins->bind_int(1, v);
    ins->bind_int(2, std::optional<int64_t>());
    ASSERT_TRUE(ins->run());
    ins->reset();
  }
  Result<sql::Statement> sel = conn_->prepare("SELECT i, j, i > 0 FROM t ORDER BY i");
  ASSERT_TRUE(sel);
  std::vector<int64_t> got;
  while (*sel->step()) {
    got.push_back(sel->int64(0));
    EXPECT_TRUE(sel->is_null(1));
    EXPECT_FALSE(sel->opt_int64(1));
    EXPECT_EQ(sel->int64(2), sel->int64(0) > 0 ? 1 : 0);  // 't' / 'f'
  }
  EXPECT_EQ(got, (std::vector<int64_t>{std::numeric_limits<int64_t>::min(), 0,
                                       std::numeric_limits<int64_t>::max()}));
}

TEST_F(PgConnectionTest, TextRoundTripsAndBadBytesBecomeReplacementCharacters) {
  exec_ok("CREATE TABLE t (id integer, s text)");
  const std::string multibyte = "Zoë 张三 \xF0\x9F\x98\x80";
  const std::string bad("a\xFF" "b\0c\xE2\x82", 7);  // a stray byte, a NUL, a cut-off sequence
  Result<sql::Statement> ins = conn_->prepare("INSERT INTO t VALUES (?1, ?2)");
  ASSERT_TRUE(ins);
  ins->bind_int(1, 1);
  ins->bind_text(2, multibyte);
  ASSERT_TRUE(ins->run());
  ins->reset();
  ins->bind_int(1, 2);
  ins->bind_text(2, bad);
  Status s = ins->run();
  ASSERT_TRUE(s) << s.error().message;
  ins->reset();
  ins->bind_int(1, 3);
  ins->bind_text(2, "");
  ASSERT_TRUE(ins->run());

  EXPECT_EQ(one_text("SELECT s FROM t WHERE id = 1"), multibyte);
  EXPECT_EQ(one_text("SELECT s FROM t WHERE id = 2"), "a\uFFFDb\uFFFDc\uFFFD");
  EXPECT_EQ(one_text("SELECT s IS NOT NULL FROM t WHERE id = 3"), "t");
}

TEST_F(PgConnectionTest, BlobsKeepEveryByte) {
  exec_ok("CREATE TABLE t (id integer, b bytea)");
  std::string every;
  for (int i = 0; i < 256; ++i) every += static_cast<char>(i);
  Result<sql::Statement> ins = conn_->prepare("INSERT INTO t VALUES (?1, ?2)");
  ASSERT_TRUE(ins);
  ins->bind_int(1, 1);
  ins->bind_blob(2, every);
  ASSERT_TRUE(ins->run());
  ins->reset();
  ins->bind_int(1, 2);
  ins->bind_blob(2, "");
  ASSERT_TRUE(ins->run());

  Result<sql::Statement> sel = conn_->prepare("SELECT b, length(b), b FROM t ORDER BY id");
  ASSERT_TRUE(sel);
  ASSERT_TRUE(*sel->step());
  EXPECT_EQ(sel->blob(0), every);
  EXPECT_EQ(sel->int64(1), 256);
  EXPECT_EQ(sel->text(2), every);  // text() of a BYTEA decodes too
  EXPECT_EQ(sel->blob(0), every);  // still valid beside column 2's
  ASSERT_TRUE(*sel->step());
  EXPECT_FALSE(sel->is_null(0));
  EXPECT_EQ(sel->blob(0), "");
  EXPECT_FALSE(*sel->step());
}

TEST_F(PgConnectionTest, ChangesCountsWhatTheLastStatementChanged) {
  exec_ok("CREATE TABLE t (k integer PRIMARY KEY, v integer)");
  auto changes_of = [&](std::string_view sql) {
    Status s = conn_->run(sql);
    EXPECT_TRUE(s) << s.error().message;
    return conn_->changes();
  };
  EXPECT_EQ(changes_of("INSERT INTO t VALUES (1, 0), (2, 0), (3, 1)"), 3);
  EXPECT_EQ(changes_of("UPDATE t SET v = 5 WHERE v = 0"), 2);
  EXPECT_EQ(changes_of("DELETE FROM t WHERE k = 3"), 1);
  EXPECT_EQ(changes_of("INSERT INTO t VALUES (1, 9) ON CONFLICT DO NOTHING"), 0);
  EXPECT_EQ(changes_of("INSERT INTO t VALUES (4, 9) ON CONFLICT DO NOTHING"), 1);
  EXPECT_EQ(changes_of("SELECT * FROM t"), 0);
}

TEST_F(PgConnectionTest, ReturningGivesRows) {
  exec_ok("CREATE TABLE t (id bigserial PRIMARY KEY, v text)");
  Result<sql::Statement> ins = conn_->prepare("INSERT INTO t (v) VALUES (?1), (?2) RETURNING id, v");
  ASSERT_TRUE(ins);
  ins->bind_text(1, "x");
  ins->bind_text(2, "y");
  ASSERT_TRUE(*ins->step());
  EXPECT_EQ(ins->int64(0), 1);
  EXPECT_EQ(ins->string(1), "x");
  ASSERT_TRUE(*ins->step());
  EXPECT_EQ(ins->int64(0), 2);
  EXPECT_FALSE(*ins->step());
  EXPECT_EQ(conn_->changes(), 2);
}

TEST_F(PgConnectionTest, SameSqlWhileAHandleLivesGetsAPrivateStatement) {
  const std::string_view sql = "SELECT ?1::bigint * 10";
  Result<sql::Statement> outer = conn_->prepare(sql);
  ASSERT_TRUE(outer);
  outer->bind_int(1, 1);
  ASSERT_TRUE(*outer->step());
  {
    Result<sql::Statement> inner = conn_->prepare(sql);
    ASSERT_TRUE(inner);
    inner->bind_int(1, 2);
    ASSERT_TRUE(*inner->step());
    EXPECT_EQ(inner->int64(0), 20);
    EXPECT_EQ(outer->int64(0), 10);  // its row untouched by the inner one
  }
  // reset() runs it again with the bindings kept.
  outer->reset();
  ASSERT_TRUE(*outer->step());
  EXPECT_EQ(outer->int64(0), 10);
  *outer = sql::Statement();
  // Released: the cached statement comes back without its bindings.
  Result<sql::Statement> again = conn_->prepare(sql);
  ASSERT_TRUE(again);
  ASSERT_TRUE(*again->step());
  EXPECT_TRUE(again->is_null(0));
}

TEST_F(PgConnectionTest, ErrorsHaveKinds) {
  exec_ok("CREATE TABLE parent (id integer PRIMARY KEY);"
          "CREATE TABLE child (parent_id integer REFERENCES parent (id))");
  exec_ok("INSERT INTO parent VALUES (1)");

  Status dup = conn_->run("INSERT INTO parent VALUES (1)");
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().kind, Error::Kind::kConflict);
  EXPECT_NE(dup.error().message.find("(SQLSTATE 23505) while running: INSERT INTO parent VALUES (1)"),
            std::string::npos)
      << dup.error().message;

  Status orphan = conn_->run("INSERT INTO child VALUES (2)");
  ASSERT_FALSE(orphan);
  EXPECT_EQ(orphan.error().kind, Error::Kind::kMissingReference);

  Result<sql::Statement> syntax = conn_->prepare("SELEC 1");
  ASSERT_FALSE(syntax);
  EXPECT_EQ(syntax.error().kind, Error::Kind::kStorage);
  EXPECT_NE(syntax.error().message.find("SQLSTATE 42601"), std::string::npos);

  Status exec_error = conn_->exec("SELECT 1; SELECT * FROM missing_table");
  ASSERT_FALSE(exec_error);
  EXPECT_EQ(exec_error.error().kind, Error::Kind::kStorage);
}

TEST_F(PgConnectionTest, LostConnectionIsUnavailableAndBroken) {
  const std::string pid = one_text("SELECT pg_backend_pid()");
  EXPECT_FALSE(conn_->broken());
  std::unique_ptr<PgConnection> killer = open_or_fail(uri_);
  ASSERT_NE(killer, nullptr);
  Result<sql::Statement> kill = killer->prepare("SELECT pg_terminate_backend(?1, 10000)");
  ASSERT_TRUE(kill);
  kill->bind_text(1, pid);
  ASSERT_TRUE(*kill->step());
  ASSERT_EQ(kill->int64(0), 1);  // the backend is gone (the call waits for it)

  Status s = conn_->run("SELECT 1");
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().kind, Error::Kind::kUnavailable) << s.error().message;
  EXPECT_TRUE(conn_->broken());
  EXPECT_FALSE(conn_->in_transaction());
}

TEST_F(PgConnectionTest, InTransactionFollowsTheServer) {
  EXPECT_FALSE(conn_->in_transaction());
  ASSERT_TRUE(conn_->run("BEGIN"));
  EXPECT_TRUE(conn_->in_transaction());
  ASSERT_TRUE(conn_->run("COMMIT"));
  EXPECT_FALSE(conn_->in_transaction());

  ASSERT_TRUE(conn_->begin_write());
  EXPECT_TRUE(conn_->in_transaction());
  EXPECT_FALSE(conn_->run("SELECT 1 / 0"));
  EXPECT_TRUE(conn_->in_transaction());  // failed, still to be rolled back
  ASSERT_TRUE(conn_->run("ROLLBACK"));
  EXPECT_FALSE(conn_->in_transaction());
}

TEST_F(PgConnectionTest, BeginWriteSerializesWriters) {
  exec_ok("CREATE TABLE t (v text)");
  std::unique_ptr<PgConnection> second = open_or_fail(uri_);
  std::unique_ptr<PgConnection> watcher = open_or_fail(uri_);
  ASSERT_NE(second, nullptr);
  ASSERT_NE(watcher, nullptr);

  ASSERT_TRUE(conn_->begin_write());
  ASSERT_TRUE(conn_->run("INSERT INTO t VALUES ('first')"));

  std::atomic<bool> second_has_lock{false};
  std::string second_saw;
  std::thread writer([&] {
    Status s = second->begin_write();
    second_has_lock = true;
    if (!s) return;
    Result<sql::Statement> st = second->prepare("SELECT count(*) FROM t");
    if (st && *st->step()) second_saw = st->string(0);
    (void)second->run("COMMIT");
  });
  // The second writer is queued on the lock...
  auto waiting = [&] {
    Result<sql::Statement> st = watcher->prepare(
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted");
    return st && *st->step() && st->int64(0) == 1;
  };
  EXPECT_TRUE(eventually(waiting));
  EXPECT_FALSE(second_has_lock);
  // ...until the first commits; then it sees the first's row.
  ASSERT_TRUE(conn_->run("COMMIT"));
  EXPECT_TRUE(eventually([&] { return second_has_lock.load(); }));
  writer.join();
  EXPECT_EQ(second_saw, "1");
}

}  // namespace
}  // namespace zkpush::store::postgres
