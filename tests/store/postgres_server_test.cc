// The throwaway PostgreSQL server of tests/support: databases apart from
// each other, and data kept across a stop and a start. Through libpq alone,
// so a failure here is the server's, not the store's.
#include "support/postgres_server.h"

#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <memory>
#include <stdexcept>
#include <string>

namespace zkpush::test {
namespace {

using PgPtr = std::unique_ptr<PGconn, decltype(&PQfinish)>;

PgPtr libpq_connect(const std::string& uri) {
  PgPtr conn(PQconnectdb(uri.c_str()), &PQfinish);
  EXPECT_EQ(PQstatus(conn.get()), CONNECTION_OK) << PQerrorMessage(conn.get());
  return conn;
}

// Runs `sql`; the first column of its first row, or "" when there is none.
std::string libpq_first_value(PGconn* conn, const std::string& sql) {
  std::unique_ptr<PGresult, decltype(&PQclear)> r(PQexec(conn, sql.c_str()), &PQclear);
  const ExecStatusType status = PQresultStatus(r.get());
  EXPECT_TRUE(status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
      << sql << ": " << PQerrorMessage(conn);
  if (status != PGRES_TUPLES_OK || PQntuples(r.get()) == 0) return "";
  return PQgetvalue(r.get(), 0, 0);
}

TEST(PostgresServer, DatabasesAreIndependent) {
  PostgresServer& server = PostgresServer::shared();
  const std::string a_uri = server.create_database();
  const std::string b_uri = server.create_database();
  EXPECT_NE(a_uri, b_uri);
  PgPtr a = libpq_connect(a_uri);
  PgPtr b = libpq_connect(b_uri);
  libpq_first_value(a.get(), "CREATE TABLE t (v integer)");
  libpq_first_value(a.get(), "INSERT INTO t VALUES (1)");
  EXPECT_EQ(libpq_first_value(b.get(), "SELECT count(*) FROM pg_tables WHERE tablename = 't'"), "0");
  libpq_first_value(b.get(), "CREATE TABLE t (v integer)");
  EXPECT_EQ(libpq_first_value(b.get(), "SELECT count(*) FROM t"), "0");
  EXPECT_EQ(libpq_first_value(a.get(), "SELECT count(*) FROM t"), "1");
  EXPECT_EQ(libpq_first_value(a.get(), "SHOW server_encoding"), "UTF8");
}

TEST(PostgresServer, UnitTestsRunWithoutFsync) {
  PgPtr conn = libpq_connect(PostgresServer::shared().admin_uri());
  EXPECT_EQ(libpq_first_value(conn.get(), "SHOW fsync"), "off");
  EXPECT_EQ(libpq_first_value(conn.get(), "SHOW max_connections"), "300");
}

// Stopping it would take it from every other test of the run.
TEST(PostgresServer, SharedServerCannotBeStopped) {
  EXPECT_THROW(PostgresServer::shared().stop(), std::logic_error);
  EXPECT_THROW(PostgresServer::shared().start(), std::logic_error);
  EXPECT_TRUE(PostgresServer::shared().running());
}

// With fsync on, as crash tests run it.
TEST(PostgresServer, RestartKeepsData) {
  PostgresServer server(PostgresServer::Options{.fsync = true});
  const std::string uri = server.create_database();
  {
    PgPtr conn = libpq_connect(uri);
    libpq_first_value(conn.get(), "CREATE TABLE t (v text)");
    libpq_first_value(conn.get(), "INSERT INTO t VALUES ('kept')");
  }
  server.stop();
  EXPECT_FALSE(server.running());
  PgPtr refused(PQconnectdb(uri.c_str()), &PQfinish);
  EXPECT_EQ(PQstatus(refused.get()), CONNECTION_BAD);

  server.start();
  EXPECT_TRUE(server.running());
  PgPtr conn = libpq_connect(uri);
  EXPECT_EQ(libpq_first_value(conn.get(), "SELECT v FROM t"), "kept");
  EXPECT_EQ(libpq_first_value(conn.get(), "SHOW fsync"), "on");
}

}  // namespace
}  // namespace zkpush::test
