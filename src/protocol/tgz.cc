// Data packets (004 §11.14): POST cdata?table=OPERLOG&ContentType=tgz whose
// body is a gzip-compressed tar of ordinary upload text. The result is the
// text of every regular file in archive order, each ending with a newline,
// ready for the OPERLOG parser. Also accepted: a plain tar, and a plain
// gzip stream of the text itself (the document does not show a packet, so
// both readings of "tgz" are allowed). Input that is neither is refused.
//
// The expanded size is capped (upload.h: kMaxExtractedBytes by default) so a
// small compressed body cannot expand into gigabytes in memory: extraction
// stops at the cap, before the bytes past it are held.
#include <archive.h>
#include <archive_entry.h>

#include <memory>
#include <string>

#include "protocol/upload.h"

namespace zkpush::protocol {
namespace {

struct ArchiveCloser {
  void operator()(archive* a) const { archive_read_free(a); }
};
using ArchivePtr = std::unique_ptr<archive, ArchiveCloser>;

Error archive_error(archive* a, const char* what) {
  const char* detail = archive_error_string(a);
  return Error::invalid(std::string("tgz: ") + what + (detail ? std::string(": ") + detail : ""));
}

Error expands_too_far(std::size_t max_bytes) {
  return Error::too_large("tgz: packet expands beyond " + std::to_string(max_bytes) + " bytes");
}

// Reads the current entry's data, appending it to `out` when `keep`, and
// counting it against `budget` either way: what the packet expands to is
// capped, whether the bytes are kept or skipped.
Status read_entry(archive* a, bool keep, std::string& out, std::size_t& budget, std::size_t max_bytes) {
  char buffer[16384];
  for (;;) {
    la_ssize_t n = archive_read_data(a, buffer, sizeof buffer);
    if (n == 0) return Status::success();
    if (n < 0) return archive_error(a, "cannot read entry");
    if (static_cast<std::size_t>(n) > budget) return expands_too_far(max_bytes);
    budget -= static_cast<std::size_t>(n);
    if (keep) out.append(buffer, static_cast<std::size_t>(n));
  }
}

}  // namespace

Result<std::string> extract_tgz(std::string_view packet, std::size_t max_bytes) {
  if (packet.empty()) return Error::invalid("tgz: empty packet");
  ArchivePtr a(archive_read_new());
  if (!a) return Error::invalid("tgz: out of memory");
  archive_read_support_filter_gzip(a.get());
  archive_read_support_format_tar(a.get());
  archive_read_support_format_raw(a.get());  // a bare gzip stream, no tar inside
  if (archive_read_open_memory(a.get(), packet.data(), packet.size()) != ARCHIVE_OK)
    return archive_error(a.get(), "not a tgz packet");

  std::string out;
  std::size_t budget = max_bytes;  // bytes of entry data still allowed, kept or not
  std::size_t entries = 0;
  archive_entry* entry = nullptr;
  for (;;) {
    int rc = archive_read_next_header(a.get(), &entry);
    if (rc == ARCHIVE_EOF) break;
    if (rc != ARCHIVE_OK && rc != ARCHIVE_WARN) return archive_error(a.get(), "bad header");
    // The raw reader takes anything; accept it only behind a gzip filter.
    if (archive_format(a.get()) == ARCHIVE_FORMAT_RAW &&
        archive_filter_code(a.get(), 0) != ARCHIVE_FILTER_GZIP)
      return Error::invalid("tgz: neither gzip nor tar");
    // Each header costs a 512-byte block of the expanded stream.
    if (++entries > kMaxTgzEntries) return Error::too_large("tgz: more than " + std::to_string(kMaxTgzEntries) + " entries");
    const bool regular = archive_entry_filetype(entry) == AE_IFREG;
    std::size_t before = out.size();
    Status s = read_entry(a.get(), regular, out, budget, max_bytes);
    if (!s.ok()) return s.error();
    if (out.size() > before && out.back() != '\n') {
      if (budget == 0) return expands_too_far(max_bytes);
      --budget;
      out.push_back('\n');
    }
  }
  return out;
}

}  // namespace zkpush::protocol
