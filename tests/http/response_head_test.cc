#include "http/response_head.h"

#include <gtest/gtest.h>

namespace zkpush::http {
namespace {

constexpr std::string_view kDate = "Fri, 03 Jul 2015 06:53:01 GMT";

std::string head(const Response& r, ConnectionHeader c = ConnectionHeader::kNone) {
  std::string out = "kept:";
  append_response_head(r, r.body.size(), c, kDate, out);
  return out;
}

TEST(HttpResponseHead, PlainOk) {
  EXPECT_EQ(head(Response::text("OK")),
            "kept:HTTP/1.1 200 OK\r\nDate: Fri, 03 Jul 2015 06:53:01 GMT\r\nServer: zkpush\r\n"
            "Content-Type: text/plain\r\nContent-Length: 2\r\n\r\n");
}

TEST(HttpResponseHead, ConnectionHeaders) {
  Response r = Response::text("", 404);
  EXPECT_EQ(head(r, ConnectionHeader::kClose),
            "kept:HTTP/1.1 404 Not Found\r\nDate: Fri, 03 Jul 2015 06:53:01 GMT\r\nServer: zkpush\r\n"
            "Content-Type: text/plain\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
  EXPECT_NE(head(r, ConnectionHeader::kKeepAlive).find("\r\nConnection: keep-alive\r\n"), std::string::npos);
}

TEST(HttpResponseHead, ExtraHeadersAreSanitisedAndManagedOnesSkipped) {
  Response r = Response::text("abc", 206);
  r.content_type = "application/octet-stream";
  r.headers = {{"Content-Range", "bytes 0-2/10"},
               {"Content-Length", "999"},
               {"transfer-encoding", "chunked"},
               {"Connection", "keep-alive"},
               {"Date", "x"},
               {"Server", "y"},
               {"Content-Type", "z"},
               {"Bad Name", "v"},
               {"X-Injected", "a\r\nSet-Cookie: evil"}};
  EXPECT_EQ(head(r),
            "kept:HTTP/1.1 206 Partial Content\r\nDate: Fri, 03 Jul 2015 06:53:01 GMT\r\nServer: zkpush\r\n"
            "Content-Type: application/octet-stream\r\nContent-Length: 3\r\n"
            "Content-Range: bytes 0-2/10\r\nX-Injected: a  Set-Cookie: evil\r\n\r\n");
}

TEST(HttpResponseHead, OddStatusAndEmptyContentType) {
  Response r = Response::text("x", 42);
  r.content_type.clear();
  EXPECT_EQ(head(r),
            "kept:HTTP/1.1 500 Internal Server Error\r\nDate: Fri, 03 Jul 2015 06:53:01 GMT\r\n"
            "Server: zkpush\r\nContent-Type: text/plain\r\nContent-Length: 1\r\n\r\n");
  EXPECT_EQ(reason_phrase(431), "Request Header Fields Too Large");
  EXPECT_EQ(reason_phrase(413), "Content Too Large");
  EXPECT_EQ(reason_phrase(299), "Unknown");
  std::string out;
  append_response_head(Response::text("", 299), 0, ConnectionHeader::kNone, kDate, out);
  EXPECT_EQ(out.substr(0, 23), "HTTP/1.1 299 Unknown\r\nD");
}

TEST(HttpResponseHead, ContentLengthIsTheGivenLength) {  // HEAD: length of the body not sent
  std::string out;
  append_response_head(Response::text("hello"), 5, ConnectionHeader::kNone, kDate, out);
  EXPECT_NE(out.find("\r\nContent-Length: 5\r\n"), std::string::npos);
}

}  // namespace
}  // namespace zkpush::http
