// The normaliser's promise, checked against the parser it exists for: any
// head it accepts, Boost.Beast's request_parser accepts too, with the same
// method, target and version.
#include <gtest/gtest.h>

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <random>
#include <string>
#include <vector>

#include "http/normalizer.h"

namespace zkpush::http {
namespace {

namespace bhttp = boost::beast::http;
using namespace std::string_literals;

// Parses a normalised head with Beast; returns "" or the error.
std::string beast_rejects(const std::string& head, std::string* method = nullptr,
                          std::string* target = nullptr, int* version = nullptr) {
  bhttp::request_parser<bhttp::string_body> parser;
  parser.header_limit(1 << 20);
  boost::beast::error_code ec;
  std::size_t used = parser.put(boost::asio::buffer(head), ec);
  if (ec) return ec.message();
  if (used != head.size()) return "not all consumed";
  if (!parser.is_header_done()) return "header not done";
  if (method) *method = std::string(parser.get().method_string());
  if (target) *target = std::string(parser.get().target());
  if (version) *version = parser.get().version();
  return "";
}

TEST(HttpNormalizerWithBeast, QuirkyHeadsFromTheFieldParse) {
  const std::vector<std::string> heads = {
      "GET http://10.0.0.1:8081/iclock/getrequest?SN=1 HTTP/1.0\r\nHost: 10.0.0.1:8081\r\n\r\n",
      "GET /iclock/getrequest?SN=123&INFO=Ver 6.39 Apr 28 2008,2,0,0,192.168.1.201 HTTP/1.1\r\n\r\n",
      "GET /iclock/cdata?SN=ABC\0\0\0&options=all HTTP/1.1\r\n\r\n"s,
      "GET /x?a=\x01\x7f\xc3\xa9\"<>\\^`{|} HTTP/1.1\r\n\r\n",
      "GET /iclock/ping?SN=1\r\n\r\n",
      "POST /iclock/cdata?SN=1 HTTP/1.0\nHost: a:1\nContent-Length: 3\n\n",
      "GET / HTTP/1.1\r\nHost : a\r\nX-A: one\r\n two\r\n\r\n",
      "GET /iclock/ping?SN=3383154200002 HTTP/1.1\r\nConnection: starting\r\nHost: 58.250.50.81: "
      "8011\r\n\r\n",
      "GET / HTTP/1.1\r\nConnection: keep alive\r\n\r\n",
      "GET / HTTP/1.1\r\nX-SN: ab\0cd\x01\r\n\r\n"s,
      "GET /iclock/FileName=options.cfg? HTTP/1.1\r\n\r\n",
      "get iclock/cdata http/1.1\r\n\r\n",
  };
  std::string out;
  for (const auto& head : heads) {
    SCOPED_TRACE(testing::PrintToString(head));
    ASSERT_EQ(normalize_request_head(head, out), HeadError::kNone);
    EXPECT_EQ(beast_rejects(out), "");
  }
}

TEST(HttpNormalizerWithBeast, MethodTargetVersionSurvive) {
  std::string out;
  ASSERT_EQ(normalize_request_head("post http://h/iclock/cdata?SN=A B HTTP/1.0\n\n", out), HeadError::kNone);
  std::string method, target;
  int version = 0;
  ASSERT_EQ(beast_rejects(out, &method, &target, &version), "");
  EXPECT_EQ(method, "POST");
  EXPECT_EQ(target, "/iclock/cdata?SN=A%20B");
  EXPECT_EQ(version, 10);
}

TEST(HttpNormalizerWithBeast, RandomHeadsThatNormaliseAlsoParse) {
  const std::vector<std::string> pieces = {
      "GET",        "post", " ",      "  ",     "/iclock/cdata", "?SN=1",    "http://h:1", "\t",     "\r",
      "\n",         "\r\n", ":",      "Host",   "a b",           "HTTP/1.1", "HTTP/1.0",   "HTTP/9", "\0"s,
      "\x80",       "\x7f", "%",      "?",      "Connection",    "close",    ",",          "\"",     "(",
      "Keep-Alive", "\n ",  "\r\n\t", "Expect", "100-continue",  "{",        "@",          ";"};
  std::mt19937 rng(4242);
  std::string out;
  int parsed = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string head;
    int n = static_cast<int>(rng() % 24);
    for (int i = 0; i < n; ++i) head += pieces[rng() % pieces.size()];
    if (normalize_request_head(head, out) != HeadError::kNone) continue;
    ASSERT_EQ(beast_rejects(out), "")
        << testing::PrintToString(head) << " -> " << testing::PrintToString(out);
    ++parsed;
  }
  EXPECT_GT(parsed, 1000);
}

}  // namespace
}  // namespace zkpush::http
