// Files terminals download (store/file_records.h): bytes kept exactly,
// replaced by path, deleted, listed without their bytes.
#include <gtest/gtest.h>

#include "store_test_util.h"
#include "util/crypto.h"

namespace zkpush::store::test {
namespace {

using TerminalFilesTest = StoreTest;

// Every byte value, NUL and 0xff included.
std::string every_byte() {
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes.push_back(static_cast<char>(i));
  return bytes;
}

TEST_P(TerminalFilesTest, KeepsBinaryBytesExactly) {
  const std::string bytes = every_byte() + every_byte();
  ASSERT_TRUE(commit_op(*store_, PutTerminalFile{"fw/x.tgz", bytes, 1'000}).status.ok());
  Result<std::optional<TerminalFileRow>> file = store_->terminal_file("fw/x.tgz");
  ASSERT_TRUE(file.ok()) << file.error().message;
  ASSERT_TRUE(file->has_value());
  EXPECT_EQ((*file)->path, "fw/x.tgz");
  EXPECT_EQ((*file)->bytes, bytes);
  EXPECT_EQ((*file)->size, 512);
  EXPECT_EQ((*file)->sha256, sha256_hex(bytes));
  EXPECT_EQ((*file)->created_at, 1'000);
  Result<std::optional<TerminalFileRow>> missing = store_->terminal_file("fw/y.tgz");
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->has_value());
}

TEST_P(TerminalFilesTest, PuttingAPathAgainReplacesTheFile) {
  ASSERT_TRUE(commit_op(*store_, PutTerminalFile{"a.bin", "old", 1'000}).status.ok());
  ASSERT_TRUE(commit_op(*store_, PutTerminalFile{"a.bin", "newer", 2'000}).status.ok());
  Result<std::optional<TerminalFileRow>> file = store_->terminal_file("a.bin");
  ASSERT_TRUE(file.ok() && file->has_value());
  EXPECT_EQ((*file)->bytes, "newer");
  EXPECT_EQ((*file)->size, 5);
  EXPECT_EQ((*file)->sha256, sha256_hex("newer"));
  EXPECT_EQ((*file)->created_at, 2'000);
  EXPECT_EQ(store_->terminal_files()->size(), 1u);
}

TEST_P(TerminalFilesTest, DeleteSaysWhetherThereWasAFile) {
  ASSERT_TRUE(commit_op(*store_, PutTerminalFile{"a.bin", "x", 1'000}).status.ok());
  Committed first = commit_op(*store_, DeleteTerminalFile{"a.bin"});
  ASSERT_TRUE(first.status.ok()) << first.status.error().message;
  EXPECT_TRUE(committed_op<DeleteTerminalFile>(first).deleted);
  Committed again = commit_op(*store_, DeleteTerminalFile{"a.bin"});
  ASSERT_TRUE(again.status.ok());
  EXPECT_FALSE(committed_op<DeleteTerminalFile>(again).deleted);
  EXPECT_FALSE(store_->terminal_file("a.bin")->has_value());
}

TEST_P(TerminalFilesTest, ListsEveryFileByPathWithoutItsBytes) {
  ASSERT_TRUE(commit_op(*store_, PutTerminalFile{"z.bin", "zz", 2'000}).status.ok());
  ASSERT_TRUE(commit_op(*store_, PutTerminalFile{"fw/a.tgz", every_byte(), 1'000}).status.ok());
  Result<std::vector<TerminalFileRow>> files = store_->terminal_files();
  ASSERT_TRUE(files.ok()) << files.error().message;
  ASSERT_EQ(files->size(), 2u);
  EXPECT_EQ((*files)[0].path, "fw/a.tgz");
  EXPECT_EQ((*files)[0].size, 256);
  EXPECT_EQ((*files)[0].sha256, sha256_hex(every_byte()));
  EXPECT_EQ((*files)[0].created_at, 1'000);
  EXPECT_TRUE((*files)[0].bytes.empty());
  EXPECT_EQ((*files)[1].path, "z.bin");
  EXPECT_TRUE((*files)[1].bytes.empty());
}

ZKPUSH_ON_EVERY_DATABASE(TerminalFilesTest);

}  // namespace
}  // namespace zkpush::store::test
