// Attendance ingest at the storage level: the raw-SQLite roof, and how close
// the zkpush store gets to it.
//
// Why: the ingest target is >= 100,000 durable records/s and >= half of what
// SQLite itself can do on the machine (perf-facts.md, "SQLite ... 1,000,000
// attendance rows, one process": ~530k rows/s for an append-ordered key in
// 128-row transactions, ~64k rows/s when the key lands at random).
//
// The rows: --devices terminals (default 8) each upload --rows/--devices punches
// in time order (a punch every 7 s, 500 PINs, check-in/out, finger or face);
// odd devices send 11-field lines (R09), so their rows carry `extra`. Rows go
// in chunks of 128, the chunks of the devices interleaved.
//
//   roof_sqlite_*   one thread, sqlite3 C API, the store's own schema (every
//                   migration, so the attendance table and both its indexes),
//                   the store's INSERT OR IGNORE, WAL, synchronous=NORMAL, 256 MB
//                   cache as in perf-facts.md, foreign keys off, one
//                   transaction per 128-row chunk; *_grouped_* puts one chunk
//                   of every device in a transaction (--devices x 128 rows),
//                   the largest group the store's group commit forms here.
//   store_*         open_sqlite_store() with its defaults (synchronous=NORMAL):
//                   one thread per device submits an InsertAttendance batch of
//                   128 and waits for its callback before the next, as a
//                   request handler waits before answering "OK"; so the group
//                   commit sees up to --devices batches at a time.
//   *_replay_*      the same rows again: every one a duplicate, as when a
//                   terminal replays its whole history.
//
// Output: one "name value" line per figure (rows/s, integers) for bench/run.sh,
// and "#" lines with the set-up. Exit status 1 if a run stored the wrong count.
//
// Usage: zkpush_storage_bench [--rows N] [--devices D] [--dir DIR]
// DIR (default bench/results/tmp/storage) gets roof.db, roof-grouped.db and
// store/, deleted before and after the run.
#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "store/sql/json_columns.h"
#include "store/sqlite/migrations.h"
#include "store/store.h"
#include "util/clock.h"

namespace {

using namespace zkpush;
using Clock = std::chrono::steady_clock;

constexpr int kChunkRows = 128;
constexpr const char* kTimeZone = "7";

struct Options {
  long rows = 1'000'000;
  int devices = 8;
  std::string dir = "bench/results/tmp/storage";
};

struct Chunk {
  int device = 0;  // 0-based
  std::vector<protocol::AttlogRecord> records;
};

[[noreturn]] void die(const std::string& message) {
  std::fprintf(stderr, "zkpush_storage_bench: %s\n", message.c_str());
  std::exit(1);
}

std::string punch_time(long j) { return zkpush::format_record_time(1'700'000'000L + j * 7); }

std::vector<Chunk> make_chunks(const Options& o) {
  const std::string kZero(1, '0');  // not = "0": GCC 12 -Wrestrict false positive
  const long per_device = o.rows / o.devices;
  std::vector<Chunk> chunks;
  for (long first = 0; first < per_device; first += kChunkRows) {
    for (int d = 0; d < o.devices; ++d) {
      Chunk c{d, {}};
      for (long j = first; j < std::min(per_device, first + kChunkRows); ++j) {
        protocol::AttlogRecord r;
        r.pin = std::to_string(1000 + j * 37 % 500);
        r.time = punch_time(j);
        r.status = static_cast<int>(j % 2);
        r.verify = j % 3 ? 1 : 15;
        r.workcode = r.reserved1 = r.reserved2 = kZero;
        if (d % 2) r.extra = {"0", "0", "0", std::to_string(10'000 + j)};
        c.records.push_back(std::move(r));
      }
      chunks.push_back(std::move(c));
    }
  }
  return chunks;
}

long count_rows(const std::vector<Chunk>& chunks) {
  long n = 0;
  for (const Chunk& c : chunks) n += static_cast<long>(c.records.size());
  return n;
}

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

// ---- the roof: raw sqlite3 -------------------------------------------------

void check(sqlite3* db, int rc, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) die(std::string(what) + ": " + sqlite3_errmsg(db));
}

// Inserts every chunk, `chunks_per_tx` chunks per transaction; returns
// {seconds, rows inserted}.
std::pair<double, long> roof_pass(sqlite3* db, const std::vector<Chunk>& chunks, std::size_t chunks_per_tx) {
  sqlite3_stmt* insert = nullptr;
  check(db,
        sqlite3_prepare_v2(db,
                           "INSERT OR IGNORE INTO attendance (device_id, pin, time, status, verify, workcode, "
                           "reserved1, reserved2, extra, time_zone, received_at) "
                           "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                           -1, &insert, nullptr),
        "prepare");
  const int64_t received_at =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count();
  std::string extra;
  long inserted = 0;
  const auto start = Clock::now();
  for (std::size_t i = 0; i < chunks.size(); ++i) {
    const Chunk& c = chunks[i];
    if (i % chunks_per_tx == 0) check(db, sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), "BEGIN");
    sqlite3_bind_int64(insert, 1, c.device + 1);
    sqlite3_bind_text(insert, 10, kTimeZone, -1, SQLITE_STATIC);
    sqlite3_bind_int64(insert, 11, received_at);
    for (const protocol::AttlogRecord& r : c.records) {
      sqlite3_bind_text(insert, 2, r.pin.data(), static_cast<int>(r.pin.size()), SQLITE_STATIC);
      sqlite3_bind_text(insert, 3, r.time.data(), static_cast<int>(r.time.size()), SQLITE_STATIC);
      sqlite3_bind_int(insert, 4, r.status);
      sqlite3_bind_int(insert, 5, r.verify);
      sqlite3_bind_text(insert, 6, r.workcode.data(), static_cast<int>(r.workcode.size()), SQLITE_STATIC);
      sqlite3_bind_text(insert, 7, r.reserved1.data(), static_cast<int>(r.reserved1.size()), SQLITE_STATIC);
      sqlite3_bind_text(insert, 8, r.reserved2.data(), static_cast<int>(r.reserved2.size()), SQLITE_STATIC);
      if (r.extra.empty()) {
        sqlite3_bind_null(insert, 9);
      } else {
        extra.clear();
        store::sql::encode_string_list(r.extra, extra);  // the bytes the store writes
        sqlite3_bind_text(insert, 9, extra.data(), static_cast<int>(extra.size()), SQLITE_STATIC);
      }
      check(db, sqlite3_step(insert), "INSERT");
      inserted += sqlite3_changes(db);
      sqlite3_reset(insert);
    }
    if (i % chunks_per_tx == chunks_per_tx - 1 || i + 1 == chunks.size())
      check(db, sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr), "COMMIT");
  }
  const double seconds = seconds_since(start);
  sqlite3_finalize(insert);
  return {seconds, inserted};
}

// A new database with the store's schema and the devices.
sqlite3* open_roof(const std::string& path, int devices) {
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) die("cannot open " + path);
  check(db,
        sqlite3_exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -262144;",
                     nullptr, nullptr, nullptr),
        "pragmas");
  for (const auto& m : store::sqlite::all_migrations())
    check(db, sqlite3_exec(db, m.sql, nullptr, nullptr, nullptr), m.name);
  for (int d = 1; d <= devices; ++d) {
    const std::string sql = "INSERT INTO devices (id, sn, first_seen, last_seen) VALUES (" + std::to_string(d) +
                            ", 'BENCH" + std::to_string(d) + "', 0, 0)";
    check(db, sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), "devices");
  }
  return db;
}

void run_roof(const Options& o, const std::vector<Chunk>& chunks, long rows) {
  sqlite3* db = open_roof(o.dir + "/roof.db", o.devices);
  const auto [new_s, new_rows] = roof_pass(db, chunks, 1);
  const auto [replay_s, replay_rows] = roof_pass(db, chunks, 1);
  sqlite3_close(db);
  // The largest transaction the store's group commit can form here: one
  // batch from every device.
  db = open_roof(o.dir + "/roof-grouped.db", o.devices);
  const auto [grouped_s, grouped_rows] = roof_pass(db, chunks, static_cast<std::size_t>(o.devices));
  sqlite3_close(db);
  if (new_rows != rows || replay_rows != 0 || grouped_rows != rows) die("roof: wrong insert counts");
  std::printf("roof_sqlite_rows_per_s %.0f\nroof_sqlite_replay_rows_per_s %.0f\nroof_sqlite_grouped_rows_per_s %.0f\n",
              rows / new_s, rows / replay_s, rows / grouped_s);
  std::fflush(stdout);
}

// ---- the zkpush store --------------------------------------------------------

// One thread per device, each submitting its chunks one at a time; returns
// {seconds until everything is committed, rows reported inserted}.
std::pair<double, long> store_pass(store::Store& s, const std::vector<Chunk>& chunks,
                                   const std::vector<store::DeviceId>& ids) {
  const int64_t received_at =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count();
  // Batches are built before the clock starts: the figure is the store's alone.
  std::vector<std::vector<store::WriteBatch>> per_device(ids.size());
  for (const Chunk& c : chunks) {
    store::WriteBatch b;
    b.add(store::InsertAttendance{ids[c.device], kTimeZone, received_at, c.records});
    per_device[c.device].push_back(std::move(b));
  }
  // Completions per device; they outlive the threads, so a callback never
  // touches a waiter's stack after waking it.
  std::vector<std::atomic<long>> completed(per_device.size());
  std::atomic<long> inserted{0};
  std::atomic<bool> failed{false};
  const auto start = Clock::now();
  std::vector<std::thread> threads;
  for (std::size_t d = 0; d < per_device.size(); ++d) {
    threads.emplace_back([&s, &batches = per_device[d], &done = completed[d], &inserted, &failed] {
      long submitted = 0;
      for (store::WriteBatch& b : batches) {
        s.submit(std::move(b),
                 [&done = done, &inserted = inserted, &failed = failed](Status st, store::WriteBatch& applied) {
                   if (!st) failed = true;
                   inserted += std::get<store::InsertAttendance>(applied.ops[0]).inserted;
                   done.fetch_add(1);
                   done.notify_one();
                 });
        ++submitted;
        for (long now = done.load(); now < submitted; now = done.load()) done.wait(now);
      }
    });
  }
  for (std::thread& t : threads) t.join();
  s.flush();
  const double seconds = seconds_since(start);
  if (failed) die("store: a batch failed");
  return {seconds, inserted.load()};
}

void run_store(const Options& o, const std::vector<Chunk>& chunks, long rows) {
  auto opened = store::open_sqlite_store(store::StoreOptions{o.dir + "/store", false, ""});
  if (!opened) die("cannot open the store: " + opened.error().message);
  store::Store& s = **opened;
  store::WriteBatch setup;
  for (int d = 1; d <= o.devices; ++d) setup.add(store::CreateDevice{"BENCH" + std::to_string(d), 0, 0});
  std::vector<store::DeviceId> ids;
  s.submit(std::move(setup), [&ids](Status st, store::WriteBatch& b) {
    if (!st) return;
    for (auto& op : b.ops) ids.push_back(std::get<store::CreateDevice>(op).id);
  });
  s.flush();
  if (ids.size() != static_cast<std::size_t>(o.devices)) die("store: cannot create devices");

  const auto [new_s, new_rows] = store_pass(s, chunks, ids);
  const auto [replay_s, replay_rows] = store_pass(s, chunks, ids);
  if (new_rows != rows || replay_rows != 0) die("store: wrong insert counts");
  std::printf("store_rows_per_s %.0f\nstore_replay_rows_per_s %.0f\n", rows / new_s, rows / replay_s);
  std::fflush(stdout);
}

Options parse_args(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--rows"))
      o.rows = std::atol(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--devices"))
      o.devices = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--dir"))
      o.dir = argv[i + 1];
    else
      die(std::string("unknown option ") + argv[i]);
  }
  if (argc % 2 == 0) die("usage: zkpush_storage_bench [--rows N] [--devices D] [--dir DIR]");
  if (o.rows < kChunkRows || o.devices < 1) die("need --rows >= 128 and --devices >= 1");
  return o;
}

// Deletes what a run leaves in the scratch directory, and nothing else.
void remove_scratch(const std::string& dir) {
  namespace fs = std::filesystem;
  for (const char* db : {"roof.db", "roof-grouped.db"})
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(fs::path(dir) / (std::string(db) + suffix));
  fs::remove_all(fs::path(dir) / "store");
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = parse_args(argc, argv);
  std::filesystem::create_directories(o.dir);
  remove_scratch(o.dir);

  const std::vector<Chunk> chunks = make_chunks(o);
  const long rows = count_rows(chunks);
  std::printf("# rows %ld, devices %d, %d rows per transaction (roof) / batch (store), sqlite %s\n", rows, o.devices,
              kChunkRows, sqlite3_libversion());
  run_roof(o, chunks, rows);
  run_store(o, chunks, rows);
  remove_scratch(o.dir);
  return 0;
}
