// Helpers for the store tests: a temporary data directory per test, a
// synchronous submit, and builders for records.
#pragma once

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <future>
#include <memory>
#include <string>
#include <utility>

#include "store/store.h"
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

// A fixture with a fresh store in a temporary directory.
class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override { open(); }

  void open(bool durability_full = false) {
    store_.reset();
    Result<std::unique_ptr<Store>> s =
        open_sqlite_store(StoreOptions{dir_.path(), durability_full});
    ASSERT_TRUE(s.ok()) << s.error().message;
    store_ = std::move(*s);
  }
  void reopen() {
    store_.reset();
    open();
  }

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
  std::unique_ptr<Store> store_;
};

}  // namespace zkpush::store::test
