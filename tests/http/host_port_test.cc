#include <gtest/gtest.h>

#include "http/server.h"

namespace zkpush::http {
namespace {

std::string parsed(const std::string& text) {
  boost::asio::ip::tcp::endpoint endpoint;
  std::string error;
  if (!parse_host_port(text, endpoint, error)) {
    EXPECT_FALSE(error.empty()) << text;
    return "error";
  }
  EXPECT_TRUE(error.empty()) << text;
  std::string address = endpoint.address().to_string();
  if (endpoint.address().is_v6()) address = "[" + address + "]";
  return address + " " + std::to_string(endpoint.port());
}

TEST(HttpParseHostPort, Accepted) {
  EXPECT_EQ(parsed("0.0.0.0:8081"), "0.0.0.0 8081");
  EXPECT_EQ(parsed("127.0.0.1:0"), "127.0.0.1 0");
  EXPECT_EQ(parsed("[::1]:8081"), "[::1] 8081");
  EXPECT_EQ(parsed("[::]:65535"), "[::] 65535");
  EXPECT_EQ(parsed(":8081"), "0.0.0.0 8081");
  EXPECT_EQ(parsed("localhost:80"), "127.0.0.1 80");
  EXPECT_EQ(parsed("192.168.1.201:00080"), "192.168.1.201 80");
}

TEST(HttpParseHostPort, Rejected) {
  for (const char* text : {"",
                           "8081",
                           "0.0.0.0",
                           "0.0.0.0:",
                           "0.0.0.0:65536",
                           "0.0.0.0:-1",
                           "0.0.0.0:+80",
                           "0.0.0.0:80x",
                           "0.0.0.0:123456",
                           "::1:8081",
                           "[::1]",
                           "[::1]8081",
                           "[::1:8081",
                           "[]:80",
                           "[1.2.3.4]:80",
                           "256.0.0.1:80",
                           "example.com:80",
                           " 0.0.0.0:80",
                           "0.0.0.0 :80",
                           "0.0.0.0:80 "}) {
    EXPECT_EQ(parsed(text), "error") << text;
  }
}

TEST(HttpParseHostPort, ErrorNamesTheInput) {
  boost::asio::ip::tcp::endpoint endpoint;
  std::string error;
  ASSERT_FALSE(parse_host_port("nonsense:99999", endpoint, error));
  EXPECT_NE(error.find("nonsense:99999"), std::string::npos) << error;
}

}  // namespace
}  // namespace zkpush::http
