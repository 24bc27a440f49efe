#include "http/normalizer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>

namespace zkpush::http {
namespace {

using namespace std::string_literals;

// The normalised head, or "ERROR: <why>".
std::string norm(std::string_view head) {
  std::string out = "garbage from an earlier request";  // must be cleared
  HeadError error = normalize_request_head(head, out);
  if (error != HeadError::kNone) return std::string("ERROR: ") + describe(error);
  return out;
}

// ---- request line ---------------------------------------------------------

TEST(HttpNormalizer, StrictRequestPassesUnchanged) {
  std::string head = "GET /iclock/cdata?SN=1&options=all HTTP/1.1\r\nHost: 10.0.0.1:8081\r\n\r\n";
  EXPECT_EQ(norm(head), head);
}

TEST(HttpNormalizer, AbsoluteFormBecomesOriginForm) {  // B7: proxy configured
  EXPECT_EQ(norm("GET http://10.0.0.1:8081/iclock/getrequest?SN=1 HTTP/1.0\r\nHost: 10.0.0.1:8081\r\n\r\n"),
            "GET /iclock/getrequest?SN=1 HTTP/1.0\r\nHost: 10.0.0.1:8081\r\n\r\n");
  EXPECT_EQ(norm("POST HTTPS://user:pw@example.com/iclock/cdata?SN=2 HTTP/1.1\r\n\r\n"),
            "POST /iclock/cdata?SN=2 HTTP/1.1\r\n\r\n");
  EXPECT_EQ(norm("GET http://example.com HTTP/1.1\r\n\r\n"), "GET / HTTP/1.1\r\n\r\n");
  EXPECT_EQ(norm("GET http://example.com?SN=3 HTTP/1.1\r\n\r\n"), "GET /?SN=3 HTTP/1.1\r\n\r\n");
}

TEST(HttpNormalizer, RawSpacesInTargetAreEncoded) {  // old firmware's INFO=
  EXPECT_EQ(norm("GET /iclock/getrequest?SN=123&INFO=Ver 6.39 Apr 28 2008,2,0,0,192.168.1.201 HTTP/1.1\r\n"
                 "Host: a\r\n\r\n"),
            "GET /iclock/getrequest?SN=123&INFO=Ver%206.39%20Apr%2028%202008,2,0,0,192.168.1.201 HTTP/1.1\r\n"
            "Host: a\r\n\r\n");
  // Same with an absolute URL in front.
  EXPECT_EQ(norm("GET http://h:1/iclock/getrequest?INFO=Ver 6 HTTP/1.0\r\n\r\n"),
            "GET /iclock/getrequest?INFO=Ver%206 HTTP/1.0\r\n\r\n");
}

TEST(HttpNormalizer, SeparatorRunsAndTrailingBlanksAreNotPartOfTheTarget) {
  EXPECT_EQ(norm("GET  /x  HTTP/1.1 \r\n\r\n"), "GET /x HTTP/1.1\r\n\r\n");
}

TEST(HttpNormalizer, NulPaddedSerialNumberIsEncoded) {  // field-lessons §5.17
  EXPECT_EQ(norm("GET /iclock/cdata?SN=ABC\0\0\0&options=all HTTP/1.1\r\n\r\n"s),
            "GET /iclock/cdata?SN=ABC%00%00%00&options=all HTTP/1.1\r\n\r\n");
}

TEST(HttpNormalizer, BytesBeastOrUrisRejectAreEncoded) {
  EXPECT_EQ(norm("GET /x?a=\x01\t\x7f\xc3\xa9\"<>\\^`{|}#~%41 HTTP/1.1\r\n\r\n"),
            "GET /x?a=%01%09%7F%C3%A9%22%3C%3E%5C%5E%60%7B%7C%7D#~%41 HTTP/1.1\r\n\r\n");
}

TEST(HttpNormalizer, MissingVersionMeansHttp10) {
  EXPECT_EQ(norm("GET /iclock/ping?SN=1\r\n\r\n"), "GET /iclock/ping?SN=1 HTTP/1.0\r\n\r\n");
  EXPECT_EQ(norm("GET /iclock/ping?SN=1"), "GET /iclock/ping?SN=1 HTTP/1.0\r\n\r\n");
  EXPECT_EQ(norm("GET /a b\n\n"), "GET /a%20b HTTP/1.0\r\n\r\n");
  // Not a version, so part of the target.
  EXPECT_EQ(norm("GET /a HTTP/x\r\n\r\n"), "GET /a%20HTTP/x HTTP/1.0\r\n\r\n");
}

TEST(HttpNormalizer, VersionsMapToHttp10Or11) {
  EXPECT_EQ(norm("GET / http/1.1\r\n\r\n"), "GET / HTTP/1.1\r\n\r\n");
  EXPECT_EQ(norm("GET / HTTP/1.2\r\n\r\n"), "GET / HTTP/1.1\r\n\r\n");
  EXPECT_EQ(norm("GET / HTTP/2.0\r\n\r\n"), "GET / HTTP/1.1\r\n\r\n");
  EXPECT_EQ(norm("GET / HTTP/1.0\r\n\r\n"), "GET / HTTP/1.0\r\n\r\n");
  EXPECT_EQ(norm("GET / HTTP/0.9\r\n\r\n"), "GET / HTTP/1.0\r\n\r\n");
  EXPECT_EQ(norm("GET / HTTP/1\r\n\r\n"), "GET / HTTP/1.0\r\n\r\n");
}

TEST(HttpNormalizer, MethodIsUpperCased) {
  EXPECT_EQ(norm("post /iclock/cdata HTTP/1.1\r\n\r\n"), "POST /iclock/cdata HTTP/1.1\r\n\r\n");
}

TEST(HttpNormalizer, TargetGetsALeadingSlash) {
  EXPECT_EQ(norm("GET iclock/cdata?SN=1 HTTP/1.1\r\n\r\n"), "GET /iclock/cdata?SN=1 HTTP/1.1\r\n\r\n");
  EXPECT_EQ(norm("OPTIONS * HTTP/1.1\r\n\r\n"), "OPTIONS * HTTP/1.1\r\n\r\n");
}

TEST(HttpNormalizer, CaptureR36FileNameTargetParses) {
  EXPECT_EQ(norm("GET /iclock/FileName=options.cfg? HTTP/1.1\r\n\r\n"),
            "GET /iclock/FileName=options.cfg? HTTP/1.1\r\n\r\n");
}

TEST(HttpNormalizer, LeadingEmptyLinesAreSkipped) {
  EXPECT_EQ(norm("\r\n\nGET / HTTP/1.1\r\n\r\n"), "GET / HTTP/1.1\r\n\r\n");
}

TEST(HttpNormalizer, UnusableRequestLinesAreErrors) {
  EXPECT_EQ(norm(""), "ERROR: no request line");
  EXPECT_EQ(norm("\r\n\r\n"), "ERROR: no request line");
  EXPECT_EQ(norm("   \r\n\r\n"), "ERROR: no request line");
  EXPECT_EQ(norm("GET\r\n\r\n"), "ERROR: no request target");
  EXPECT_EQ(norm("GET HTTP/1.1\r\n\r\n"), "ERROR: no request target");
  EXPECT_EQ(norm("G(T / HTTP/1.1\r\n\r\n"), "ERROR: bad method");
  EXPECT_EQ(norm("\x16\x03\x01\x02\x00 garbage\r\n\r\n"s), "ERROR: bad method");  // TLS on the plain port
}

// ---- header lines ---------------------------------------------------------

TEST(HttpNormalizer, BareLfBecomesCrlf) {
  EXPECT_EQ(norm("POST /iclock/cdata?SN=1 HTTP/1.0\nHost: a:1\nContent-Length: 3\n\n"),
            "POST /iclock/cdata?SN=1 HTTP/1.0\r\nHost: a:1\r\nContent-Length: 3\r\n\r\n");
  EXPECT_EQ(norm("GET / HTTP/1.1\r\nA: 1\nB: 2\r\n\n"), "GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\n\r\n");
}

TEST(HttpNormalizer, BlanksBeforeColonAreRemoved) {
  EXPECT_EQ(norm("GET / HTTP/1.1\r\nHost : a\r\nContent-Length\t: 0\r\n\r\n"),
            "GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n");
}

TEST(HttpNormalizer, ValueBlanksAreTrimmedAndEmptyValuesKept) {
  EXPECT_EQ(norm("GET / HTTP/1.1\r\nA:x\r\nB:  y  \r\nC:\r\n\r\n"),
            "GET / HTTP/1.1\r\nA: x\r\nB: y\r\nC: \r\n\r\n");
}

TEST(HttpNormalizer, ObsFoldIsJoined) {
  EXPECT_EQ(norm("GET / HTTP/1.1\r\nX-A: one\r\n two\r\n\t three \r\nHost: h\r\n\r\n"),
            "GET / HTTP/1.1\r\nX-A: one two three\r\nHost: h\r\n\r\n");
  EXPECT_EQ(norm("GET / HTTP/1.1\r\nX-A:\r\n two\r\n\r\n"), "GET / HTTP/1.1\r\nX-A: two\r\n\r\n");
  // A fold with nothing to continue is ignored.
  EXPECT_EQ(norm("GET / HTTP/1.1\r\n folded\r\nHost: h\r\n\r\n"), "GET / HTTP/1.1\r\nHost: h\r\n\r\n");
}

TEST(HttpNormalizer, OddValuesPassThrough) {  // D04, D08
  std::string head =
      "GET /iclock/ping?SN=3383154200002 HTTP/1.1\r\nHost: 58.250.50.81: 8011\r\n"
      "Connection: starting\r\nContent-Type: application/push; charset=UTF-8\r\n\r\n";
  EXPECT_EQ(norm(head), head);
}

TEST(HttpNormalizer, InvalidHeaderLinesAreDropped) {
  EXPECT_EQ(norm("GET / HTTP/1.1\r\nno colon here\r\nBad Name: x\r\n  fold of the bad one\r\n"
                 ": empty name\r\nA(b): c\r\nHost: h\r\n\r\n"),
            "GET / HTTP/1.1\r\nHost: h\r\n\r\n");
}

TEST(HttpNormalizer, ConnectionThatIsNotATokenListIsDropped) {
  EXPECT_EQ(norm("GET / HTTP/1.1\r\nConnection: keep alive\r\nA: b\r\n\r\n"),
            "GET / HTTP/1.1\r\nA: b\r\n\r\n");
  EXPECT_EQ(norm("GET / HTTP/1.1\r\nProxy-Connection: close;\r\n\r\n"), "GET / HTTP/1.1\r\n\r\n");
  EXPECT_EQ(norm("GET / HTTP/1.1\r\nConnection: Keep-Alive, TE\r\n\r\n"),
            "GET / HTTP/1.1\r\nConnection: Keep-Alive, TE\r\n\r\n");
  // A fold can turn a good Connection value bad.
  EXPECT_EQ(norm("GET / HTTP/1.1\r\nConnection: close\r\n x\r\n\r\n"), "GET / HTTP/1.1\r\n\r\n");
}

TEST(HttpNormalizer, ControlBytesInValuesBecomeSpaces) {
  EXPECT_EQ(norm("GET / HTTP/1.1\r\nX-SN: ab\0cd\rx\x7f\tz\x01\r\n\r\n"s),
            "GET / HTTP/1.1\r\nX-SN: ab cd x \tz\r\n\r\n");
  // Bytes >= 0x80 are obs-text and stay.
  EXPECT_EQ(norm("GET / HTTP/1.1\r\nX-Name: \xe5\xbc\xa0\r\n\r\n"),
            "GET / HTTP/1.1\r\nX-Name: \xe5\xbc\xa0\r\n\r\n");
}

TEST(HttpNormalizer, StopsAtTheFirstEmptyLine) {
  EXPECT_EQ(norm("POST / HTTP/1.1\r\nContent-Length: 4\r\n\r\nA: b\r\n"),
            "POST / HTTP/1.1\r\nContent-Length: 4\r\n\r\n");
}

// Random quirky heads: the output must be strict (CRLF only, no control
// bytes, three request-line parts) and normalising it again changes nothing.
TEST(HttpNormalizer, RandomHeadsGiveStrictIdempotentOutput) {
  const std::vector<std::string> pieces = {
      "GET",  "post", " ",     "  ",   "/iclock/cdata", "?SN=1",    "http://h:1", "\t",     "\r",
      "\n",   "\r\n", ":",     "Host", "a b",           "HTTP/1.1", "HTTP/1.0",   "HTTP/9", "\0"s,
      "\x80", "\x7f", "%",     "?",    "Connection",    "close",    ",",          "\"",     "(",
      "x",    "\n ",  "\r\n\t"};
  std::mt19937 rng(12345);
  std::string out;
  std::string again;
  int accepted = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string head;
    int n = static_cast<int>(rng() % 24);
    for (int i = 0; i < n; ++i) head += pieces[rng() % pieces.size()];
    if (normalize_request_head(head, out) != HeadError::kNone) continue;
    ++accepted;
    SCOPED_TRACE(testing::PrintToString(head));
    ASSERT_GE(out.size(), 4u);
    ASSERT_EQ(out.substr(out.size() - 4), "\r\n\r\n");
    for (std::size_t i = 0; i < out.size(); ++i) {
      auto c = static_cast<unsigned char>(out[i]);
      if (c == '\n') {
        ASSERT_TRUE(i > 0 && out[i - 1] == '\r');
      }
      if (c == '\r') {
        ASSERT_TRUE(i + 1 < out.size() && out[i + 1] == '\n');
      }
      ASSERT_FALSE(c < 0x20 && c != '\r' && c != '\n' && c != '\t') << i;
    }
    std::string_view request_line = std::string_view(out).substr(0, out.find("\r\n"));
    ASSERT_EQ(std::count(request_line.begin(), request_line.end(), ' '), 2);
    ASSERT_EQ(normalize_request_head(out, again), HeadError::kNone);
    ASSERT_EQ(again, out);
  }
  EXPECT_GT(accepted, 1000);
}

// ---- framing helpers ------------------------------------------------------

TEST(HttpFindHeadEnd, AllTerminators) {
  EXPECT_EQ(find_head_end("GET / HTTP/1.1\r\n\r\n"), 18u);
  EXPECT_EQ(find_head_end("GET /\n\n"), 7u);
  EXPECT_EQ(find_head_end("GET /\r\n\n"), 8u);
  EXPECT_EQ(find_head_end("GET /\n\r\n"), 8u);
  EXPECT_EQ(find_head_end("GET / HTTP/1.1\r\n\r\nBODY\r\n\r\n"), 18u);
}

TEST(HttpFindHeadEnd, Incomplete) {
  EXPECT_EQ(find_head_end(""), 0u);
  EXPECT_EQ(find_head_end("GET / HTTP/1.1\r\nHost: a\r\n"), 0u);
  EXPECT_EQ(find_head_end("GET / HTTP/1.1\r\nHost: a\r\n\r"), 0u);
  EXPECT_EQ(find_head_end("GET / HTTP/1.1\r\nHost: a\n\r"), 0u);
  EXPECT_EQ(find_head_end("GET / HTTP/1.1\r\nA: \rb\r\n"), 0u);
}

TEST(HttpFindHeadEnd, ResumesWhereItLeftOff) {
  std::string head = "GET / HTTP/1.1\r\nHost: a\r\n\r\n";
  // Every split point, including ones inside the terminator.
  for (std::size_t split = 0; split < head.size(); ++split) {
    ASSERT_EQ(find_head_end(std::string_view(head).substr(0, split)), 0u) << split;
    EXPECT_EQ(find_head_end(head, split), head.size()) << split;
  }
  std::string lf = "GET /\n\n";
  for (std::size_t split = 0; split < lf.size(); ++split) EXPECT_EQ(find_head_end(lf, split), 7u) << split;
}

TEST(HttpSkipEmptyLines, CountsLeadingCrLf) {
  EXPECT_EQ(skip_empty_lines("\r\n\r\nGET"), 4u);
  EXPECT_EQ(skip_empty_lines("\n"), 1u);
  EXPECT_EQ(skip_empty_lines("GET\r\n"), 0u);
}

TEST(HttpStartsLikeARequest, FirstByteMustBeginAMethod) {
  EXPECT_TRUE(starts_like_a_request(""));
  EXPECT_TRUE(starts_like_a_request("G"));
  EXPECT_TRUE(starts_like_a_request("post /"));
  EXPECT_FALSE(starts_like_a_request("\x16\x03\x01"));  // TLS ClientHello
  EXPECT_TRUE(starts_like_a_request(" GET"));           // the normaliser trims it
  EXPECT_FALSE(starts_like_a_request("{\"json\":1}"));
}

TEST(HttpFindSerialNumber, FromTargetsAndRequestLines) {
  EXPECT_EQ(find_serial_number("GET /iclock/cdata?SN=123&table=ATTLOG HTTP/1.1"), "123");
  EXPECT_EQ(find_serial_number("/iclock/cdata?table=x&sn=ABC"), "ABC");
  EXPECT_EQ(find_serial_number("/iclock/getrequest?SN=A B"), "A");
  EXPECT_EQ(find_serial_number("/iclock/cdata?XSN=1"), "");
  EXPECT_EQ(find_serial_number("/x?SN="), "");
  EXPECT_EQ(find_serial_number("/x"), "");
  EXPECT_EQ(find_serial_number("/x?SN=ABC%00%00"), "ABC%00%00");
}

TEST(HttpSplitTarget, PathDecodedQueryRaw) {
  std::string path = "old";
  std::string query = "old";
  split_target("/iclock/cdata?SN=1%202&x=%41", path, query);
  EXPECT_EQ(path, "/iclock/cdata");
  EXPECT_EQ(query, "SN=1%202&x=%41");
  split_target("/iclock/FileName=options.cfg?", path, query);  // R36
  EXPECT_EQ(path, "/iclock/FileName=options.cfg");
  EXPECT_EQ(query, "");
  split_target("/a%00b", path, query);
  EXPECT_EQ(path, "/a\0b"s);
  EXPECT_EQ(query, "");
  split_target("/p?a?b", path, query);
  EXPECT_EQ(path, "/p");
  EXPECT_EQ(query, "a?b");
}

TEST(HttpNormalizer, HeaderLinesAreCountedAsSent) {
  std::string head = "GET / HTTP/1.1\r\n";
  for (int i = 0; i < 3; ++i) head += "X-" + std::to_string(i) + ": v\r\n";
  head += " folded continuation\r\nno colon, dropped\r\n\r\n";
  std::string out;
  EXPECT_EQ(normalize_request_head(head, out, 4), HeadError::kNone);  // 3 headers + 1 dropped line; the fold is not a line
  EXPECT_EQ(normalize_request_head(head, out, 3), HeadError::kTooManyHeaders);
  EXPECT_STREQ(describe(HeadError::kTooManyHeaders), "too many header lines");
}

// Found by fuzz/request_head_fuzz.cc: control bytes at the start of a value
// became spaces after the value was trimmed, so a second pass changed it.
TEST(HttpNormalizer, ControlBytesAtTheStartOfAValueAreTrimmedLikeBlanks) {
  const std::string head = "GET / HTTP/1.1\r\nConnection: \x03\x00" "arting\r\nX-A:\x01 \x02\r\n\r\n"s;
  EXPECT_EQ(norm(head), "GET / HTTP/1.1\r\nConnection: arting\r\nX-A: \r\n\r\n");
  EXPECT_EQ(norm(norm(head)), norm(head));
}

}  // namespace
}  // namespace zkpush::http
