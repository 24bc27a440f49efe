// extract_tgz: data packets of 004 §11.14, built here with libarchive's
// write API (no packet capture exists).
#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>

#include <vector>

#include "protocol/upload.h"

namespace zkpush::protocol {
namespace {

struct Entry {
  std::string name;
  std::string data;
  unsigned type = AE_IFREG;
};

enum class Shape { kTarGz, kTar, kGzipOnly };

// Writes `entries` into an in-memory archive of the given shape.
std::string make_packet(const std::vector<Entry>& entries, Shape shape) {
  std::vector<char> buffer(16 << 20);
  size_t used = 0;
  archive* a = archive_write_new();
  if (shape == Shape::kTar) {
    archive_write_add_filter_none(a);
  } else {
    archive_write_add_filter_gzip(a);
  }
  if (shape == Shape::kGzipOnly) {
    archive_write_set_format_raw(a);
  } else {
    archive_write_set_format_pax_restricted(a);
  }
  EXPECT_EQ(archive_write_open_memory(a, buffer.data(), buffer.size(), &used), ARCHIVE_OK);
  for (const auto& e : entries) {
    archive_entry* entry = archive_entry_new();
    archive_entry_set_pathname(entry, e.name.c_str());
    archive_entry_set_filetype(entry, e.type);
    archive_entry_set_perm(entry, 0644);
    archive_entry_set_size(entry, e.type == AE_IFREG ? static_cast<la_int64_t>(e.data.size()) : 0);
    if (e.type == AE_IFLNK) archive_entry_set_symlink(entry, "target");
    EXPECT_EQ(archive_write_header(a, entry), ARCHIVE_OK) << archive_error_string(a);
    if (e.type == AE_IFREG && !e.data.empty()) {
      EXPECT_EQ(archive_write_data(a, e.data.data(), e.data.size()),
                static_cast<la_ssize_t>(e.data.size()));
    }
    archive_entry_free(entry);
  }
  EXPECT_EQ(archive_write_close(a), ARCHIVE_OK) << archive_error_string(a);
  archive_write_free(a);
  return std::string(buffer.data(), used);
}

const std::string kUsers = "USER PIN=1\tName=\tPri=0\nUSER PIN=2\tName=B\tPri=0";  // no final LF
const std::string kFp = "FP PIN=1\tFID=1\tSize=4\tValid=1\tTMP=QUJD\n";

std::string extracted(std::string_view packet) {
  auto r = extract_tgz(packet);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return r.ok() ? r.value() : std::string("<error>");
}

TEST(Tgz, TarGzConcatenatesRegularFilesWithNewlines) {
  std::string packet = make_packet({{"data", "", AE_IFDIR},
                                    {"data/user.txt", kUsers},
                                    {"data/link", "", AE_IFLNK},
                                    {"data/empty.txt", ""},
                                    {"data/fp.txt", kFp}},
                                   Shape::kTarGz);
  ASSERT_EQ(static_cast<unsigned char>(packet[0]), 0x1F);  // really gzip
  EXPECT_EQ(extracted(packet), kUsers + "\n" + kFp);
}

TEST(Tgz, ExtractedTextFeedsTheOperlogParser) {
  std::string text = extracted(make_packet({{"a", kUsers}, {"b", kFp}}, Shape::kTarGz));
  ParsedUpload out;
  parse_operlog(text, out);
  EXPECT_EQ(out.lines, 3);
  ASSERT_EQ(out.users.size(), 2u);
  EXPECT_EQ(out.users[1].name, "B");
  ASSERT_EQ(out.templates.size(), 1u);
  EXPECT_EQ(out.templates[0].tmp, "QUJD");
}

TEST(Tgz, PlainTarAndPlainGzipAreAccepted) {
  EXPECT_EQ(extracted(make_packet({{"x", kFp}}, Shape::kTar)), kFp);
  EXPECT_EQ(extracted(make_packet({{"x", kUsers}}, Shape::kGzipOnly)), kUsers + "\n");
}

TEST(Tgz, GarbageEmptyAndTruncatedPacketsFail) {
  EXPECT_FALSE(extract_tgz("").ok());
  EXPECT_FALSE(extract_tgz("USER PIN=1\tName=A\n").ok());  // plain text is not a packet
  EXPECT_FALSE(extract_tgz(std::string(600, '\xAB')).ok());
  std::string packet = make_packet({{"a", std::string(5000, 'x')}}, Shape::kTarGz);
  auto truncated = extract_tgz(std::string_view(packet).substr(0, packet.size() / 2));
  EXPECT_FALSE(truncated.ok());
}

TEST(Tgz, ExpansionIsCapped) {
  // 65 MiB of zeros compresses to ~64 KiB; the cap is 64 MiB.
  std::string packet = make_packet({{"bomb", std::string(65u << 20, '\0')}}, Shape::kTarGz);
  ASSERT_LT(packet.size(), 1u << 20);
  auto r = extract_tgz(packet);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, Error::Kind::kTooLarge);
  EXPECT_EQ(r.error().message, "tgz: packet expands beyond 67108864 bytes");
}

TEST(Tgz, TheCapCountsEveryByteOfTheText) {
  std::string packet = make_packet({{"a", "12345"}, {"b", "678"}}, Shape::kTarGz);  // "12345\n678\n"
  EXPECT_EQ(extract_tgz(packet, 10).value(), "12345\n678\n");
  EXPECT_EQ(extract_tgz(packet, 9).error().kind, Error::Kind::kTooLarge);  // the added newline counts too
  EXPECT_EQ(extract_tgz(packet, 7).error().kind, Error::Kind::kTooLarge);
}

TEST(Tgz, TooManyEntriesAreRefused) {
  std::vector<Entry> entries(kMaxTgzEntries + 1, Entry{"e", ""});
  auto r = extract_tgz(make_packet(entries, Shape::kTarGz));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, Error::Kind::kTooLarge);
  entries.pop_back();
  EXPECT_TRUE(extract_tgz(make_packet(entries, Shape::kTarGz)).ok());
}

}  // namespace
}  // namespace zkpush::protocol
