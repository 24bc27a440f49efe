// Data packets (004 §11.14): POST cdata?table=OPERLOG&ContentType=tgz whose
// body is a gzip-compressed tar of ordinary upload text. The result is the
// text of every regular file in archive order, each ending with a newline,
// ready for the OPERLOG parser. Also accepted: a plain tar, and a plain
// gzip stream of the text itself (the document does not show a packet, so
// both readings of "tgz" are allowed). Input that is neither is refused.
//
// The expanded size is capped (kMaxExtractedBytes) so a small compressed
// body cannot expand into gigabytes in memory.
#include <archive.h>
#include <archive_entry.h>

#include <memory>
#include <string>

#include "protocol/upload.h"

namespace zkpush::protocol {
namespace {

constexpr std::size_t kMaxExtractedBytes = 64u << 20;

struct ArchiveCloser {
  void operator()(archive* a) const { archive_read_free(a); }
};
using ArchivePtr = std::unique_ptr<archive, ArchiveCloser>;

Error archive_error(archive* a, const char* what) {
  const char* detail = archive_error_string(a);
  return Error::invalid(std::string("tgz: ") + what + (detail ? std::string(": ") + detail : ""));
}

// Appends the current entry's data to `out`.
Status read_entry(archive* a, std::string& out) {
  char buffer[16384];
  for (;;) {
    la_ssize_t n = archive_read_data(a, buffer, sizeof buffer);
    if (n == 0) return Status::success();
    if (n < 0) return archive_error(a, "cannot read entry");
    if (out.size() + static_cast<std::size_t>(n) > kMaxExtractedBytes)
      return Error::invalid("tgz: packet expands beyond the size limit");
    out.append(buffer, static_cast<std::size_t>(n));
  }
}

}  // namespace

Result<std::string> extract_tgz(std::string_view packet) {
  if (packet.empty()) return Error::invalid("tgz: empty packet");
  ArchivePtr a(archive_read_new());
  if (!a) return Error::invalid("tgz: out of memory");
  archive_read_support_filter_gzip(a.get());
  archive_read_support_format_tar(a.get());
  archive_read_support_format_raw(a.get());  // a bare gzip stream, no tar inside
  if (archive_read_open_memory(a.get(), packet.data(), packet.size()) != ARCHIVE_OK)
    return archive_error(a.get(), "not a tgz packet");

  std::string out;
  archive_entry* entry = nullptr;
  for (;;) {
    int rc = archive_read_next_header(a.get(), &entry);
    if (rc == ARCHIVE_EOF) break;
    if (rc != ARCHIVE_OK && rc != ARCHIVE_WARN) return archive_error(a.get(), "bad header");
    // The raw reader takes anything; accept it only behind a gzip filter.
    if (archive_format(a.get()) == ARCHIVE_FORMAT_RAW &&
        archive_filter_code(a.get(), 0) != ARCHIVE_FILTER_GZIP)
      return Error::invalid("tgz: neither gzip nor tar");
    if (archive_entry_filetype(entry) != AE_IFREG) continue;
    std::size_t before = out.size();
    Status s = read_entry(a.get(), out);
    if (!s.ok()) return s.error();
    if (out.size() > before && out.back() != '\n') out.push_back('\n');
  }
  return out;
}

}  // namespace zkpush::protocol
