// ATTLOG storage: deduplication by the natural key, exact round trip, paging
// and filters.

#include <gtest/gtest.h>

#include "store_test_util.h"

namespace zkpush::store::test {
namespace {

using AttendanceTest = StoreTest;

TEST_P(AttendanceTest, InsertsNewRecordsAndIgnoresReplays) {
  DeviceId dev = create_device("A1");
  std::vector<protocol::AttlogRecord> records = {punch("1", "2024-05-01 08:00:00"),
                                                 punch("2", "2024-05-01 08:00:05"),
                                                 punch("1", "2024-05-01 17:30:00", 1)};
  EXPECT_EQ(insert(dev, records), 3);
  EXPECT_EQ(insert(dev, records), 0);  // a terminal replaying its history
  records.push_back(punch("3", "2024-05-02 08:00:00"));
  EXPECT_EQ(insert(dev, records), 1);  // old ones ignored, the new one kept

  std::vector<AttendanceRow> rows = attendance();
  ASSERT_EQ(rows.size(), 4u);
  // Ids follow arrival; PostgreSQL's sequence also spends ids on the
  // replayed rows it ignores, so they need not be dense.
  for (std::size_t i = 1; i < rows.size(); ++i) EXPECT_GT(rows[i].id, rows[i - 1].id);
  EXPECT_EQ(rows[3].record.pin, "3");
}

// An upload longer than one multi-row statement (row_batches.h): 300 lines
// are cut into 128 + 128 + 32 + 8 + 4 rows; every row keeps its own values and
// its place, duplicates are dropped across the statements and within one.
TEST_P(AttendanceTest, LongUploadKeepsEveryRowInOrder) {
  DeviceId dev = create_device("LONG");
  const protocol::AttlogRecord stored = punch("first", "2024-04-30 23:59:59");
  EXPECT_EQ(insert(dev, {stored}), 1);
  std::vector<protocol::AttlogRecord> records;
  for (int i = 0; i < 300; ++i) {
    records.push_back(punch(std::to_string(i), "2024-05-01 00:00:" + std::to_string(10 + i % 50), i % 4, i % 16));
    if (i % 3 == 0) records.back().extra = {"x" + std::to_string(i), ""};
  }
  records[200] = records[100];  // the same punch twice in one upload
  EXPECT_EQ(insert(dev, records), 299);
  std::vector<protocol::AttlogRecord> replay = records;
  replay[7] = stored;
  EXPECT_EQ(insert(dev, replay), 0);

  std::vector<protocol::AttlogRecord> expected = {stored};
  for (int i = 0; i < 300; ++i) {
    if (i != 200) expected.push_back(records[i]);
  }
  AttendanceQuery all;
  all.limit = 1000;
  std::vector<AttendanceRow> rows = attendance(all);
  ASSERT_EQ(rows.size(), expected.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i].record.pin, expected[i].pin) << "row " << i;
    EXPECT_EQ(rows[i].record.time, expected[i].time) << "row " << i;
    EXPECT_EQ(rows[i].record.status, expected[i].status) << "row " << i;
    EXPECT_EQ(rows[i].record.verify, expected[i].verify) << "row " << i;
    EXPECT_EQ(rows[i].record.extra, expected[i].extra) << "row " << i;
  }
}

TEST_P(AttendanceTest, SameSecondDifferentVerifyKeepsBoth) {
  // Capture R25: face (15) then finger (1) for the same PIN in the same second.
  DeviceId dev = create_device("R25");
  EXPECT_EQ(insert(dev, {punch("1001", "2024-03-05 09:12:44", 0, 15),
                         punch("1001", "2024-03-05 09:12:44", 0, 1)}),
            2);
  std::vector<AttendanceRow> rows = attendance();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].record.verify, 15);
  EXPECT_EQ(rows[1].record.verify, 1);
}

TEST_P(AttendanceTest, NaturalKeyIsDeviceTimePinStatusVerify) {
  DeviceId a = create_device("A");
  DeviceId b = create_device("B");
  protocol::AttlogRecord base = punch("7", "2024-01-01 10:00:00", 0, 1);
  EXPECT_EQ(insert(a, {base}), 1);
  EXPECT_EQ(insert(b, {base}), 1);  // another device: a different punch

  protocol::AttlogRecord other_status = base;
  other_status.status = 1;
  EXPECT_EQ(insert(a, {other_status}), 1);

  protocol::AttlogRecord other_workcode = base;  // not part of the key
  other_workcode.workcode = "99";
  other_workcode.extra = {"x"};
  EXPECT_EQ(insert(a, {other_workcode}), 0);

  EXPECT_EQ(insert(a, {punch("7", "2024-01-01 10:00:01", 0, 1)}), 1);  // next second
  EXPECT_EQ(insert(a, {base, base}), 0);
  EXPECT_EQ(insert(a, {punch("8", "2024-01-01 10:00:00"), punch("8", "2024-01-01 10:00:00")}), 1);
  EXPECT_EQ(attendance().size(), 5u);
}

TEST_P(AttendanceTest, RoundTripsEveryField) {
  DeviceId dev = create_device("SN-RT");
  protocol::AttlogRecord r = punch("00042", "2024-12-31 23:59:59", 255, 15);
  r.workcode = "5";
  r.reserved1 = "r1";
  r.reserved2 = "";
  r.extra = {"0", "36.5", "", "tab\there \"quoted\" back\\slash", std::string("nul\0byte", 8),
             "\xff\xfe not utf-8", "\xc3\xa9t\xc3\xa9"};
  protocol::AttlogRecord plain = punch("43", "2025-01-01 00:00:00");
  EXPECT_EQ(insert(dev, {r, plain}, "-5", 1234567), 2);

  std::vector<AttendanceRow> rows = attendance();
  ASSERT_EQ(rows.size(), 2u);
  const AttendanceRow& got = rows[0];
  EXPECT_EQ(got.sn, "SN-RT");
  EXPECT_EQ(got.record.pin, "00042");
  EXPECT_EQ(got.record.time, "2024-12-31 23:59:59");
  EXPECT_EQ(got.record.status, 255);
  EXPECT_EQ(got.record.verify, 15);
  EXPECT_EQ(got.record.workcode, "5");
  EXPECT_EQ(got.record.reserved1, "r1");
  EXPECT_EQ(got.record.reserved2, "");
  // PostgreSQL text cannot hold invalid UTF-8: its store keeps the rest of
  // the value and replaces each bad sequence with U+FFFD.
  std::vector<std::string> expected_extra = r.extra;
  if (on_postgres()) expected_extra[5] = "\xef\xbf\xbd\xef\xbf\xbd not utf-8";
  EXPECT_EQ(got.record.extra, expected_extra);
  EXPECT_EQ(got.time_zone, "-5");
  EXPECT_EQ(got.received_at, 1234567);
  EXPECT_TRUE(rows[1].record.extra.empty());
  EXPECT_EQ(peek("SELECT extra FROM attendance WHERE id = " + std::to_string(rows[1].id)), "NULL");
  EXPECT_EQ(peek("SELECT extra FROM attendance WHERE id = " + std::to_string(got.id)).substr(0, 14),
            "[\"0\",\"36.5\",\"\"");
}

TEST_P(AttendanceTest, EmptyInsertIsFine) {
  DeviceId dev = create_device("E");
  EXPECT_EQ(insert(dev, {}), 0);
}

TEST_P(AttendanceTest, UnknownDeviceFailsTheBatch) {
  Committed c = commit_op(*store_, InsertAttendance{999, "0", 1, {punch("1", "2024-01-01 00:00:00")}});
  ASSERT_FALSE(c.status.ok());
  EXPECT_EQ(c.status.error().kind, Error::Kind::kMissingReference);
  EXPECT_NE(c.status.error().message.find("InsertAttendance: "),
            std::string::npos)
      << c.status.error().message;
  EXPECT_TRUE(attendance().empty());
}

class AttendancePagingTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    a_ = create_device("DEV-A");
    b_ = create_device("DEV-B");
    // ids 1..6 on A, 7..10 on B, in arrival order.
    insert(a_, {punch("1", "2024-01-01 08:00:00"), punch("2", "2024-01-01 08:01:00"),
                punch("1", "2024-01-01 12:00:00"), punch("2", "2024-01-02 08:00:00"),
                punch("1", "2024-01-02 17:00:00"), punch("3", "2024-01-03 08:00:00")});
    insert(b_, {punch("1", "2024-01-01 09:00:00"), punch("9", "2024-01-02 09:00:00"),
                punch("1", "2024-01-03 09:00:00"), punch("9", "2024-01-04 09:00:00")});
  }

  std::vector<int64_t> ids(AttendanceQuery q) {
    std::vector<int64_t> out;
    for (const AttendanceRow& r : attendance(q)) out.push_back(r.id);
    return out;
  }

  DeviceId a_ = 0, b_ = 0;
};

TEST_P(AttendancePagingTest, CursorWalksEveryRowOnce) {
  AttendanceQuery q;
  q.limit = 4;
  EXPECT_EQ(ids(q), (std::vector<int64_t>{1, 2, 3, 4}));
  q.after = 4;
  EXPECT_EQ(ids(q), (std::vector<int64_t>{5, 6, 7, 8}));
  q.after = 8;
  EXPECT_EQ(ids(q), (std::vector<int64_t>{9, 10}));
  q.after = 10;
  EXPECT_TRUE(ids(q).empty());
  q.after = 0;
  q.limit = 0;
  EXPECT_TRUE(ids(q).empty());
  q.limit = -1;
  EXPECT_TRUE(ids(q).empty());
}

TEST_P(AttendancePagingTest, FiltersBySerialPinAndTimeRange) {
  AttendanceQuery q;
  q.sn = "DEV-B";
  EXPECT_EQ(ids(q), (std::vector<int64_t>{7, 8, 9, 10}));
  q.pin = "1";
  EXPECT_EQ(ids(q), (std::vector<int64_t>{7, 9}));

  AttendanceQuery by_pin;
  by_pin.pin = "1";
  EXPECT_EQ(ids(by_pin), (std::vector<int64_t>{1, 3, 5, 7, 9}));
  by_pin.after = 3;
  by_pin.limit = 2;
  EXPECT_EQ(ids(by_pin), (std::vector<int64_t>{5, 7}));

  AttendanceQuery range;  // inclusive at both ends
  range.from = "2024-01-01 12:00:00";
  range.to = "2024-01-02 17:00:00";
  EXPECT_EQ(ids(range), (std::vector<int64_t>{3, 4, 5, 8}));
  range.sn = "DEV-A";
  EXPECT_EQ(ids(range), (std::vector<int64_t>{3, 4, 5}));

  AttendanceQuery from_only;
  from_only.from = "2024-01-03 08:00:00";
  EXPECT_EQ(ids(from_only), (std::vector<int64_t>{6, 9, 10}));
  AttendanceQuery to_only;
  to_only.to = "2024-01-01 08:01:00";
  EXPECT_EQ(ids(to_only), (std::vector<int64_t>{1, 2}));

  AttendanceQuery unknown;
  unknown.sn = "NOPE";
  EXPECT_TRUE(ids(unknown).empty());
}

TEST_P(AttendancePagingTest, ATimeRangeGivesTheSameRowsWhateverWindowIsScannedInArrivalOrder) {
  for (int64_t window : {0, 1, 2, 3, 5, 200'000}) {
    AttendanceQuery range;
    range.from = "2024-01-01 12:00:00";
    range.to = "2024-01-02 17:00:00";
    range.arrival_window = window;
    EXPECT_EQ(ids(range), (std::vector<int64_t>{3, 4, 5, 8})) << "window " << window;
    range.limit = 2;  // page by page
    EXPECT_EQ(ids(range), (std::vector<int64_t>{3, 4})) << "window " << window;
    range.after = 4;
    EXPECT_EQ(ids(range), (std::vector<int64_t>{5, 8})) << "window " << window;
    range.after = 5;
    range.pin = "9";
    EXPECT_EQ(ids(range), (std::vector<int64_t>{8})) << "window " << window;
  }
}

// BioTime's page numbers: an offset into the filtered rows, and their count.
TEST_P(AttendancePagingTest, OffsetPagesAndTotalFollowTheFilters) {
  AttendanceQuery q;
  q.limit = 3;
  q.offset = 3;
  EXPECT_EQ(ids(q), (std::vector<int64_t>{4, 5, 6}));
  q.offset = 9;
  EXPECT_EQ(ids(q), (std::vector<int64_t>{10}));
  EXPECT_EQ(*store_->attendance_total(q), 10);

  AttendanceQuery range;
  range.from = "2024-01-01 12:00:00";
  range.to = "2024-01-02 17:00:00";
  range.limit = 2;
  range.offset = 2;
  EXPECT_EQ(ids(range), (std::vector<int64_t>{5, 8}));
  EXPECT_EQ(*store_->attendance_total(range), 4);
  range.pin = "9";
  EXPECT_EQ(*store_->attendance_total(range), 1);

  ASSERT_TRUE(commit_op(*store_, SetDeviceLabel{b_, std::string("Gate"), std::nullopt}).status.ok());
  AttendanceQuery by_alias;
  by_alias.device_name = "Gate";
  EXPECT_EQ(ids(by_alias), (std::vector<int64_t>{7, 8, 9, 10}));
  EXPECT_EQ(*store_->attendance_total(by_alias), 4);
  AttendanceQuery by_arrival;
  by_arrival.received_from = 5001;
  EXPECT_EQ(*store_->attendance_total(by_arrival), 0);
  by_arrival.received_from = 5000;
  by_arrival.received_to = 5000;
  EXPECT_EQ(*store_->attendance_total(by_arrival), 10);
}

// The direction each punch got when it arrived is read back as stored.
TEST_P(AttendanceTest, KeepsTheDirectionEachPunchArrivedWith) {
  DeviceId dev = create_device("DIR");
  InsertAttendance op{dev, "0", 1, {punch("1", "2024-05-01 08:00:00"), punch("1", "2024-05-01 17:00:00", 1),
                                    punch("2", "2024-05-01 09:00:00", 255)}};
  op.directions = {"in", "out", ""};
  ASSERT_TRUE(commit_op(*store_, std::move(op)).status.ok());
  std::vector<AttendanceRow> rows = attendance();
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].direction, "in");
  EXPECT_EQ(rows[1].direction, "out");
  EXPECT_EQ(rows[2].direction, "");
}

TEST_P(AttendancePagingTest, RowsCarryTheirSerialNumber) {
  AttendanceQuery q;
  q.after = 6;
  q.limit = 1;
  std::vector<AttendanceRow> rows = attendance(q);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].sn, "DEV-B");
  EXPECT_EQ(rows[0].record.time, "2024-01-01 09:00:00");
}

ZKPUSH_ON_EVERY_DATABASE(AttendancePagingTest);
ZKPUSH_ON_EVERY_DATABASE(AttendanceTest);

}  // namespace
}  // namespace zkpush::store::test
