// Attendance ingest into PostgreSQL at the client level: the raw-PostgreSQL
// roof that zkpush's HTTP ingest on a PostgreSQL node is compared with
// (bench/run.sh, section pg-roof).
//
// Why: perf-facts.md ("PostgreSQL 15 ... 2026-12-06") measured the roof from a
// Python client; the suite needs it from C++ (no interpreter in the way), on
// the very table zkpush writes, in the same run as zkpush's own figure.
//
// The table: zkpush's own schema, made by opening the store on --database
// (store::open_store: every migration, so `attendance` with its identity key,
// its unique natural key and its by-device index); the --devices terminals are
// created through the store too (CreateDevice), as a first handshake would.
//
// The rows: the history `zkpush sim` uploads in the ingest sections: each
// terminal holds --rows/--devices punches, one a minute from a fixed date, PIN
// 1 + n % 100, check-in/out alternating, finger or face; odd terminals send
// 11-field lines (their rows carry `extra`, a JSON array). In 128-row batches,
// the batches of the terminals interleaved, each terminal's in time order.
//
// The insert: one statement per batch, which is its own transaction (autocommit,
// so one round trip and one commit: fsync on, synchronous_commit on, whatever
// the server is configured with):
//   INSERT INTO attendance (...) SELECT * FROM unnest($1::bigint[], $2::text[],
//     ...) ON CONFLICT DO NOTHING
// the rows sent as eleven arrays (text format, prepared once per connection):
// the fastest client path perf-facts.md found. The arrays are built inside the
// timed loop: a client pays for them as zkpush would.
//
// --connections C1,C2,...: one pass per count, each on an empty table
// (TRUNCATE before): the terminals are dealt to the connections (terminal d to
// connection d % C), each connection a thread sending its terminals' batches in
// order, the next once the last is committed.
//
// Output: "roof_pg_rows_per_s_<C>conn <rows/s>" per pass (new rows), "#" lines
// with the set-up. Exit status 1 on an error or a wrong insert count.
//
// Usage: zkpush_pg_roof_bench --database URI [--rows N] [--devices D]
//                             [--connections 1,4]
#include <libpq-fe.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "store/sql/json_columns.h"
#include "store/store.h"
#include "util/clock.h"

namespace {

using namespace zkpush;
using Clock = std::chrono::steady_clock;

constexpr int kBatchRows = 128;
constexpr long long kHistoryStart = 1'700'000'000LL;  // any fixed date
constexpr int kUsers = 100;
constexpr const char* kTimeZone = "7";

struct Options {
  std::string database;
  long rows = 1'000'000;
  int devices = 50;
  std::vector<int> connections{1, 4};
};

struct Batch {
  int device = 0;  // 0-based
  std::vector<protocol::AttlogRecord> records;
};

[[noreturn]] void die(const std::string& message) {
  std::fprintf(stderr, "zkpush_pg_roof_bench: %s\n", message.c_str());
  std::exit(1);
}

std::vector<Batch> make_batches(const Options& o) {
  const long per_device = o.rows / o.devices;
  std::vector<Batch> batches;
  for (long first = 0; first < per_device; first += kBatchRows) {
    for (int d = 0; d < o.devices; ++d) {
      Batch b{d, {}};
      for (long j = first; j < std::min(per_device, first + kBatchRows); ++j) {
        const long n = j + 1;
        protocol::AttlogRecord r;
        r.pin = std::to_string(1 + n % kUsers);
        r.time = format_record_time(kHistoryStart + 60LL * j);
        r.status = static_cast<int>(n % 2);
        r.verify = n % 3 == 0 ? 15 : 1;
        r.workcode = std::to_string(0);
        r.reserved1 = r.workcode;
        r.reserved2 = r.workcode;
        if (d % 2) r.extra = {"0", "0", "0", std::to_string(n)};
        b.records.push_back(std::move(r));
      }
      batches.push_back(std::move(b));
    }
  }
  return batches;
}

// ---- PostgreSQL array literals (text format) -------------------------------

void append_element(std::string& out, std::string_view text) {
  out += '"';
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
}

// The eleven arrays of one batch, reused from batch to batch.
struct Arrays {
  std::string col[11];
  void build(long long device_id, int64_t received_at, const Batch& b) {
    for (std::string& c : col) c.assign(1, '{');
    std::string extra;
    const std::string device = std::to_string(device_id), received = std::to_string(received_at);
    bool first = true;
    for (const protocol::AttlogRecord& r : b.records) {
      if (!first)
        for (std::string& c : col) c += ',';
      first = false;
      col[0] += device;
      append_element(col[1], r.pin);
      append_element(col[2], r.time);
      col[3] += std::to_string(r.status);
      col[4] += std::to_string(r.verify);
      append_element(col[5], r.workcode);
      append_element(col[6], r.reserved1);
      append_element(col[7], r.reserved2);
      if (r.extra.empty()) {
        col[8] += "NULL";
      } else {
        extra.clear();
        store::sql::encode_string_list(r.extra, extra);  // the bytes the store writes
        append_element(col[8], extra);
      }
      append_element(col[9], kTimeZone);
      col[10] += received;
    }
    for (std::string& c : col) c += '}';
  }
};

constexpr const char* kInsert =
    "INSERT INTO attendance (device_id, pin, time, status, verify, workcode, reserved1, reserved2, extra, "
    "time_zone, received_at) "
    "SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::bigint[], $5::bigint[], $6::text[], "
    "$7::text[], $8::text[], $9::text[], $10::text[], $11::bigint[]) "
    "ON CONFLICT DO NOTHING";

PGconn* connect(const std::string& uri) {
  PGconn* conn = PQconnectdb(uri.c_str());
  if (PQstatus(conn) != CONNECTION_OK) die(std::string("cannot connect: ") + PQerrorMessage(conn));
  return conn;
}

void exec(PGconn* conn, const char* sql) {
  PGresult* r = PQexec(conn, sql);
  if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK)
    die(std::string(sql) + ": " + PQerrorMessage(conn));
  PQclear(r);
}

// One pass with `connections` connections on an empty table; returns
// {seconds, rows inserted}.
std::pair<double, long> roof_pass(const Options& o, const std::vector<Batch>& batches,
                                  const std::vector<store::DeviceId>& ids, int connections) {
  {
    PGconn* conn = connect(o.database);
    exec(conn, "TRUNCATE attendance");
    exec(conn, "CHECKPOINT");  // the previous pass's dirty pages are not this one's cost
    PQclear(PQexec(conn, "VACUUM ANALYZE attendance"));
    PQfinish(conn);
  }
  const int64_t received_at =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count();
  std::vector<PGconn*> conns;
  for (int i = 0; i < connections; ++i) {
    PGconn* conn = connect(o.database);
    PGresult* r = PQprepare(conn, "insert", kInsert, 11, nullptr);
    if (PQresultStatus(r) != PGRES_COMMAND_OK) die(std::string("prepare: ") + PQerrorMessage(conn));
    PQclear(r);
    conns.push_back(conn);
  }
  std::atomic<long> inserted{0};
  std::atomic<bool> failed{false};
  std::atomic<int> ready{0};
  std::atomic<bool> go{false};
  Clock::time_point start;
  std::vector<std::thread> threads;
  for (int i = 0; i < connections; ++i) {
    threads.emplace_back([&, i] {
      PGconn* conn = conns[static_cast<std::size_t>(i)];
      Arrays a;
      const char* values[11];
      int lengths[11];
      long mine = 0;
      ready.fetch_add(1);
      while (!go.load()) std::this_thread::yield();
      for (const Batch& b : batches) {
        if (b.device % connections != i) continue;
        a.build(ids[static_cast<std::size_t>(b.device)], received_at, b);
        for (int k = 0; k < 11; ++k) {
          values[k] = a.col[k].c_str();
          lengths[k] = static_cast<int>(a.col[k].size());
        }
        PGresult* r = PQexecPrepared(conn, "insert", 11, values, lengths, nullptr, 0);
        if (PQresultStatus(r) != PGRES_COMMAND_OK) {
          std::fprintf(stderr, "zkpush_pg_roof_bench: insert: %s", PQerrorMessage(conn));
          failed = true;
          PQclear(r);
          return;
        }
        mine += std::atol(PQcmdTuples(r));
        PQclear(r);
      }
      inserted += mine;
    });
  }
  while (ready.load() < connections) std::this_thread::yield();
  start = Clock::now();
  go = true;
  for (std::thread& t : threads) t.join();
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  for (PGconn* conn : conns) PQfinish(conn);
  if (failed) die("an insert failed");
  return {seconds, inserted.load()};
}

// The schema (every migration) and the devices, through the store.
std::vector<store::DeviceId> prepare_database(const Options& o) {
  store::StoreOptions options;
  options.database = o.database;
  auto opened = store::open_store(options);
  if (!opened) die("cannot open the store: " + opened.error().message);
  store::Store& s = **opened;
  store::WriteBatch setup;
  for (int d = 1; d <= o.devices; ++d) {
    char sn[32];
    std::snprintf(sn, sizeof sn, "PGROOF%05d", d);
    setup.add(store::CreateDevice{sn, 0, 0});
  }
  std::vector<store::DeviceId> ids;
  s.submit(std::move(setup), [&ids](Status st, store::WriteBatch& b) {
    if (!st) return;
    for (auto& op : b.ops) ids.push_back(std::get<store::CreateDevice>(op).id);
  });
  s.flush();
  if (ids.size() != static_cast<std::size_t>(o.devices)) die("cannot create the devices");
  return ids;
}

Options parse_args(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--database")) {
      o.database = argv[i + 1];
    } else if (!std::strcmp(argv[i], "--rows")) {
      o.rows = std::atol(argv[i + 1]);
    } else if (!std::strcmp(argv[i], "--devices")) {
      o.devices = std::atoi(argv[i + 1]);
    } else if (!std::strcmp(argv[i], "--connections")) {
      o.connections.clear();
      for (const char* p = argv[i + 1]; *p;) {
        char* end = nullptr;
        o.connections.push_back(static_cast<int>(std::strtol(p, &end, 10)));
        if (end == p || o.connections.back() < 1) die("--connections: a list like 1,4");
        p = *end == ',' ? end + 1 : end;
      }
    } else {
      die(std::string("unknown option ") + argv[i]);
    }
  }
  if (argc % 2 == 0 || o.database.empty())
    die("usage: zkpush_pg_roof_bench --database URI [--rows N] [--devices D] [--connections 1,4]");
  if (o.rows < kBatchRows || o.devices < 1) die("need --rows >= 128 and --devices >= 1");
  return o;
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = parse_args(argc, argv);
  const std::vector<store::DeviceId> ids = prepare_database(o);
  const std::vector<Batch> batches = make_batches(o);
  long rows = 0;
  for (const Batch& b : batches) rows += static_cast<long>(b.records.size());
  std::printf("# rows %ld, devices %d, %d rows per transaction, libpq %d\n", rows, o.devices, kBatchRows,
              PQlibVersion());
  for (int c : o.connections) {
    const auto [seconds, inserted] = roof_pass(o, batches, ids, c);
    if (inserted != rows) die("wrong insert count: " + std::to_string(inserted) + " of " + std::to_string(rows));
    std::printf("roof_pg_rows_per_s_%dconn %.0f\n", c, rows / seconds);
    std::fflush(stdout);
  }
  PGconn* conn = connect(o.database);
  exec(conn, "TRUNCATE attendance");
  PQfinish(conn);
  return 0;
}
