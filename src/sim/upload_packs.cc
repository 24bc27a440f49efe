// See upload_packs.h.
#include "sim/upload_packs.h"

#include <algorithm>

#include "sim/record_lines.h"

namespace zkpush::sim {

std::vector<std::string> pack_lines(const std::vector<std::string>& lines) {
  std::vector<std::string> bodies;
  for (std::size_t i = 0; i < lines.size(); i += kMaxLinesPerPost) {
    const std::size_t end = std::min(lines.size(), i + kMaxLinesPerPost);
    bodies.push_back(
        join_lines({lines.begin() + static_cast<std::ptrdiff_t>(i), lines.begin() + static_cast<std::ptrdiff_t>(end)}));
  }
  return bodies;
}

std::vector<Upload> query_answer(std::string_view table, std::vector<std::string> bodies, std::size_t count,
                                 std::string_view cmd_id, bool legacy) {
  std::vector<Upload> uploads;
  uploads.reserve(bodies.size());
  for (std::size_t i = 0; i < bodies.size(); ++i) {
    Upload u;
    u.query = {{"table", std::string(table)}, {"Stamp", "0"}};
    if (!legacy) {
      u.query.emplace_back("Count", std::to_string(count));
      u.query.emplace_back("PackCnt", std::to_string(bodies.size()));
      u.query.emplace_back("PackIdx", std::to_string(i + 1));
      u.query.emplace_back("CmdId", std::string(cmd_id));
    }
    u.body = std::move(bodies[i]);
    uploads.push_back(std::move(u));
  }
  return uploads;
}

Upload record_upload(std::string_view table, std::string body) {
  Upload u;
  u.query = {{"table", std::string(table)}};
  u.body = std::move(body);
  return u;
}

}  // namespace zkpush::sim
