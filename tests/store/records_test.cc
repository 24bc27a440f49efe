// Photos (dedupe by natural key, binary round trip), operation log, error log,
// uninterpreted records and rejected lines.

#include <gtest/gtest.h>

#include <set>

#include "store_test_util.h"

namespace zkpush::store::test {
namespace {

using RecordsTest = StoreTest;
using protocol::PhotoKind;

protocol::PhotoRecord photo(PhotoKind kind, std::string pin, std::string filename, std::string bytes,
                            int bio_type = 0) {
  protocol::PhotoRecord p;
  p.kind = kind;
  p.pin = std::move(pin);
  p.filename = std::move(filename);
  p.bytes = std::move(bytes);
  p.bio_type = bio_type;
  return p;
}

std::string jpeg(char tag) {
  std::string b("\xff\xd8\xff\xe0\x00\x10JFIF\x00", 11);
  b += tag;
  b += std::string(3, '\0');
  b += "\xff\xd9";
  return b;
}

std::vector<int64_t> store_photos(Store& store, DeviceId dev, std::vector<protocol::PhotoRecord> photos,
                                  TimeMs at = 10) {
  Committed c = commit_op(store, StorePhotos{dev, at, std::move(photos), {}});
  EXPECT_TRUE(c.status.ok()) << c.status.error().message;
  return committed_op<StorePhotos>(c).ids;
}

TEST_P(RecordsTest, AttendancePhotoReuploadReplacesBytes) {
  DeviceId dev = create_device("PH");
  DeviceId other = create_device("PH2");
  const std::string name = "20150731103012-123.jpg";
  std::vector<int64_t> first = store_photos(*store_, dev, {photo(PhotoKind::kAttendance, "123", name, jpeg('a'))});
  ASSERT_EQ(first.size(), 1u);
  std::vector<int64_t> again =
      store_photos(*store_, dev, {photo(PhotoKind::kAttendance, "123", name, jpeg('b') + "longer")}, 20);
  EXPECT_EQ(again, first);
  std::vector<int64_t> different =
      store_photos(*store_, dev, {photo(PhotoKind::kAttendance, "123", "20150731103013-123.jpg", jpeg('c'))});
  std::vector<int64_t> elsewhere = store_photos(*store_, other, {photo(PhotoKind::kAttendance, "123", name, jpeg('d'))});
  ASSERT_EQ(different.size(), 1u);
  ASSERT_EQ(elsewhere.size(), 1u);
  EXPECT_NE(different[0], first[0]);
  EXPECT_NE(elsewhere[0], first[0]);

  Result<std::optional<std::string>> bytes = store_->photo_bytes(first[0]);
  ASSERT_TRUE(bytes.ok()) << bytes.error().message;
  ASSERT_TRUE(bytes->has_value());
  EXPECT_EQ(**bytes, jpeg('b') + "longer");
  EXPECT_EQ((**bytes).size(), 23u);  // NULs included

  Result<std::vector<PhotoRow>> rows = store_->photos(dev, {});
  ASSERT_TRUE(rows.ok()) << rows.error().message;
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].id, first[0]);
  EXPECT_EQ((*rows)[0].sn, "PH");
  EXPECT_EQ((*rows)[0].kind, PhotoKind::kAttendance);
  EXPECT_EQ((*rows)[0].pin, "123");
  EXPECT_EQ((*rows)[0].filename, name);
  EXPECT_EQ((*rows)[0].size, 23);
  EXPECT_EQ((*rows)[0].received_at, 20);
  EXPECT_EQ((*rows)[1].size, 17);

  Result<std::optional<std::string>> none = store_->photo_bytes(9999);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
}

TEST_P(RecordsTest, UserPhotosAndBiophotosDedupeByPersonAndType) {
  DeviceId dev = create_device("BP");
  std::vector<int64_t> ids = store_photos(
      *store_, dev,
      {photo(PhotoKind::kUser, "7", "7.jpg", jpeg('1')),
       photo(PhotoKind::kBiometric, "7", "9_7.jpg", jpeg('2'), 9),
       photo(PhotoKind::kBiometric, "7", "2_7.jpg", jpeg('3'), 2),
       photo(PhotoKind::kBiometric, "8", "9_8.jpg", jpeg('4'), 9)});
  ASSERT_EQ(ids.size(), 4u);
  EXPECT_EQ(std::set<int64_t>(ids.begin(), ids.end()).size(), 4u);

  // Same person, new file name: still that person's one user photo.
  std::vector<int64_t> again = store_photos(
      *store_, dev,
      {photo(PhotoKind::kUser, "7", "7-new.jpg", jpeg('5')),
       photo(PhotoKind::kBiometric, "7", "9_7b.jpg", jpeg('6'), 9)});
  EXPECT_EQ(again, (std::vector<int64_t>{ids[0], ids[1]}));
  Result<std::vector<PhotoRow>> rows = store_->photos(dev, {});
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 4u);
  EXPECT_EQ((*rows)[0].filename, "7-new.jpg");
  EXPECT_EQ((*rows)[0].kind, PhotoKind::kUser);
  EXPECT_EQ((*rows)[1].kind, PhotoKind::kBiometric);
  EXPECT_EQ((*rows)[1].bio_type, 9);
  EXPECT_EQ(**store_->photo_bytes(ids[1]), jpeg('6'));
  EXPECT_EQ(**store_->photo_bytes(ids[2]), jpeg('3'));

  Result<std::vector<PhotoRow>> page = store_->photos(dev, PageQuery{ids[1], 1});
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->size(), 1u);
  EXPECT_EQ((*page)[0].id, ids[2]);
}

TEST_P(RecordsTest, PhotosWithoutTheirKeyFieldAreNeverMerged) {
  DeviceId dev = create_device("NK");
  std::vector<int64_t> ids = store_photos(*store_, dev,
                                          {photo(PhotoKind::kAttendance, "", "", jpeg('x')),
                                           photo(PhotoKind::kAttendance, "", "", jpeg('y'))});
  ASSERT_EQ(ids.size(), 2u);
  EXPECT_NE(ids[0], ids[1]);
}

TEST_P(RecordsTest, OplogPagesInArrivalOrder) {
  DeviceId dev = create_device("OP");
  std::vector<protocol::OplogRecord> records;
  for (int i = 0; i < 3; ++i) {
    protocol::OplogRecord r;
    r.op_type = 4 + i;
    r.op_who = "0";
    r.time = "2024-02-0" + std::to_string(i + 1) + " 10:00:00";
    r.value1 = "v1-" + std::to_string(i);
    r.value2 = "v2";
    r.value3 = "";
    r.reserved = "r";
    records.push_back(r);
  }
  ASSERT_TRUE(commit_op(*store_, AppendOplog{dev, 77, records}).status.ok());
  ASSERT_TRUE(commit_op(*store_, AppendOplog{dev, 78, {records[0]}}).status.ok());  // kept: a log

  Result<std::vector<OplogRow>> all = store_->oplog(dev, {});
  ASSERT_TRUE(all.ok()) << all.error().message;
  ASSERT_EQ(all->size(), 4u);
  const OplogRow& second = (*all)[1];
  EXPECT_EQ(second.sn, "OP");
  EXPECT_EQ(second.record.op_type, 5);
  EXPECT_EQ(second.record.op_who, "0");
  EXPECT_EQ(second.record.time, "2024-02-02 10:00:00");
  EXPECT_EQ(second.record.value1, "v1-1");
  EXPECT_EQ(second.record.value2, "v2");
  EXPECT_EQ(second.record.value3, "");
  EXPECT_EQ(second.record.reserved, "r");
  EXPECT_EQ(second.received_at, 77);
  EXPECT_EQ((*all)[3].received_at, 78);

  Result<std::vector<OplogRow>> page = store_->oplog(dev, PageQuery{(*all)[0].id, 2});
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->size(), 2u);
  EXPECT_EQ((*page)[0].id, (*all)[1].id);
  EXPECT_EQ((*page)[1].id, (*all)[2].id);
}

TEST_P(RecordsTest, ErrorlogGenericAndRejectedAreStoredVerbatim) {
  DeviceId dev = create_device("MISC");
  DeviceId other = create_device("MISC2");
  ASSERT_TRUE(commit_op(*store_, AppendErrorlog{dev, 5, {{"-1003", "timeout", "cmd", "42", "x"}}})
                  .status.ok());
  ASSERT_TRUE(commit_op(*store_, StoreGeneric{dev, 6,
                                              {{"IDCARD", {{"PIN", "1"}, {"SNNum", "A\"B"}, {"PIN", "2"}}}}})
                  .status.ok());
  const std::string binary_line("bad\0line\xff", 9);
  ASSERT_TRUE(commit_op(*store_, StoreRejected{dev, 7, "ATTLOG",
                                               {{binary_line, "too few fields"}, {"x", "no tab"}}})
                  .status.ok());

  EXPECT_EQ(peek("SELECT err_code || '|' || err_msg || '|' || data_origin || '|' || cmd_id "
                           "|| '|' || additional || '|' || received_at FROM errorlog"),
            "-1003|timeout|cmd|42|x|5");
  EXPECT_EQ(peek("SELECT table_name || ' ' || fields FROM generic_records"),
            R"(IDCARD [["PIN","1"],["SNNum","A\"B"],["PIN","2"]])");
  EXPECT_EQ(peek(on_postgres() ? "SELECT upper(encode(line, 'hex')) FROM rejected_lines ORDER BY id LIMIT 1"
                               : "SELECT hex(line) FROM rejected_lines ORDER BY id LIMIT 1"),
            "626164006C696E65FF");
  EXPECT_EQ(peek("SELECT reason || '/' || table_name FROM rejected_lines ORDER BY id LIMIT 1"),
            "too few fields/ATTLOG");

  Result<std::vector<RejectedRow>> rejected = store_->rejected_lines(dev, PageQuery{0, 10});
  ASSERT_TRUE(rejected.ok()) << rejected.error().message;
  ASSERT_EQ(rejected->size(), 2u);
  EXPECT_EQ((*rejected)[0].line, std::string("bad\0line\xFF", 9));
  EXPECT_EQ((*rejected)[0].reason, "too few fields");
  EXPECT_EQ((*rejected)[0].table, "ATTLOG");
  EXPECT_TRUE(store_->rejected_lines(other, PageQuery{0, 10})->empty());

  Result<std::vector<ErrorlogRow>> errors = store_->errorlog(dev, PageQuery{0, 10});
  ASSERT_TRUE(errors.ok()) << errors.error().message;
  ASSERT_EQ(errors->size(), 1u);
  EXPECT_EQ((*errors)[0].record.err_code, "-1003");
  EXPECT_EQ((*errors)[0].record.cmd_id, "42");

  Result<std::vector<GenericRow>> idcards = store_->generic_records(dev, std::string("IDCARD"), PageQuery{0, 10});
  ASSERT_TRUE(idcards.ok()) << idcards.error().message;
  ASSERT_EQ(idcards->size(), 1u);
  EXPECT_EQ((*idcards)[0].record.fields,
            (protocol::Fields{{"PIN", "1"}, {"SNNum", "A\"B"}, {"PIN", "2"}}));
  EXPECT_TRUE(store_->generic_records(dev, std::string("RTLOG"), PageQuery{0, 10})->empty());
  EXPECT_EQ(store_->generic_records(dev, std::nullopt, PageQuery{0, 10})->size(), 1u);
}

ZKPUSH_ON_EVERY_DATABASE(RecordsTest);

}  // namespace
}  // namespace zkpush::store::test
