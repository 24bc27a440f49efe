// The request-head path of every connection (http/session.cc): skip blank
// lines, find the head's end, normalise it, then Beast's parser.
// Promises checked: finding the end incrementally (as bytes trickle in)
// agrees with finding it at once; a head the normaliser accepts, Beast
// accepts with the same target, unless its framing fields are wrong
// (Content-Length, Transfer-Encoding: the session answers those with 400 or
// 413); normalising is idempotent.
#include <boost/asio/buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <string>

#include "fuzz.h"
#include "http/normalizer.h"

namespace bhttp = boost::beast::http;
using namespace zkpush::http;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input = zkpush::fuzz::as_text(data, size);
  input.remove_prefix(skip_empty_lines(input));
  (void)starts_like_a_request(input);

  const std::size_t end = find_head_end(input);
  // Fed in growing pieces, with `scanned` carried over as the session does.
  std::size_t scanned = 0, incremental = 0;
  for (std::size_t have = 1; have <= input.size() && incremental == 0; have += 1 + have / 3) {
    incremental = find_head_end(input.substr(0, have), scanned);
    scanned = have;
  }
  if (incremental == 0) incremental = find_head_end(input, scanned);
  FUZZ_CHECK(incremental == end);

  std::string_view head = end == 0 ? input : input.substr(0, end);
  constexpr std::size_t kMaxHeaders = 64;
  std::string out;
  if (normalize_request_head(head, out, kMaxHeaders) != HeadError::kNone) return 0;

  bhttp::request_parser<bhttp::string_body> parser;
  parser.header_limit(static_cast<std::uint32_t>(out.size() + 1));
  parser.body_limit(0);
  boost::beast::error_code ec;
  std::size_t used = parser.put(boost::asio::buffer(out), ec);
  // Framing the normaliser leaves to Beast (a body limit of 0 refuses any
  // declared Content-Length); anything else in the head must parse, whole.
  const bool framing = ec == bhttp::error::body_limit || ec == bhttp::error::bad_content_length ||
                       ec == bhttp::error::bad_transfer_encoding;
  if (!framing) {
    FUZZ_CHECK(!ec);
    FUZZ_CHECK(used == out.size());
    FUZZ_CHECK(parser.is_header_done());
  }
  std::string_view line = std::string_view(out).substr(0, out.find("\r\n"));
  std::string_view target = line.substr(line.find(' ') + 1);
  target = target.substr(0, target.rfind(' '));
  if (!ec) FUZZ_CHECK(parser.get().target() == target);

  std::string again;
  FUZZ_CHECK(normalize_request_head(out, again, kMaxHeaders) == HeadError::kNone);
  FUZZ_CHECK(again == out);

  std::string path, query;
  split_target(target, path, query);
  (void)find_serial_number(target);
  return 0;
}
