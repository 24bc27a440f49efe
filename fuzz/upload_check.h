// The promise every text-upload parser makes (protocol/upload.h): each
// counted line became one record or one rejected line, so the count the
// terminal is acknowledged with is what was kept.
#pragma once

#include "fuzz.h"
#include "protocol/records.h"

namespace zkpush::fuzz {

inline void check_every_line_accounted_for(const protocol::ParsedUpload& p) {
  const std::size_t kept = p.attlogs.size() + p.oplogs.size() + p.users.size() + p.templates.size() +
                           p.photos.size() + p.errorlogs.size() + p.generic.size() + p.rejected.size();
  FUZZ_CHECK(p.lines >= 0);
  FUZZ_CHECK(kept == static_cast<std::size_t>(p.lines));
}

}  // namespace zkpush::fuzz
