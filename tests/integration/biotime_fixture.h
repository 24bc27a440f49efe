// What the BioTime API tests share: a server with a console account, and a
// client that signs in the way BioTime's clients do and sends its token.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "harness.h"
#include "protocol/upload.h"
#include "support/temp_dir.h"

namespace zkpush::test {

inline constexpr const char* kHrPassword = "payroll-sync-1";

// Signs in at `path` with a JSON body; the reply.
inline HttpReply biotime_sign_in(const Server& server, const std::string& path, const std::string& name,
                                 const std::string& password) {
  return api_request(server.api_port(), "", "POST", path,
                     nlohmann::json{{"username", name}, {"password", password}}.dump());
}

// A BioTime client: `Authorization: <scheme> <token>` on every request.
class BiotimeClient {
 public:
  BiotimeClient(const Server& server, std::string scheme, std::string token)
      : server_(server), auth_("Authorization: " + scheme + " " + token + "\r\n") {}

  HttpReply send(const std::string& method, const std::string& path, const std::string& body = "",
                 const std::string& extra_headers = "") const {
    return api_request(server_.api_port(), "", method, path, body, auth_ + extra_headers);
  }
  // "user:password" as HTTP Basic carries it.
  static std::string basic(const std::string& pair) { return protocol::encode_base64(pair); }
  // The JSON of a GET; fails the test unless the status matches.
  nlohmann::json get(const std::string& path, int expect_status = 200) const {
    HttpReply r = send("GET", path);
    EXPECT_EQ(r.status, expect_status) << path << ": " << r.body;
    return nlohmann::json::parse(r.body, nullptr, false);
  }

 private:
  const Server& server_;
  std::string auth_;
};

// A server with an operator account "hr" that signs in for a Token.
class BiotimeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.api_send("POST", "/api/v1/accounts", {{"name", "hr"}, {"role", "operator"}, {"password", kHrPassword}},
                     201);
  }
  BiotimeClient client(const std::string& name = "hr", const std::string& password = kHrPassword) {
    HttpReply r = biotime_sign_in(server_, "/api-token-auth/", name, password);
    EXPECT_EQ(r.status, 200) << r.body;
    return BiotimeClient(server_, "Token", nlohmann::json::parse(r.body).value("token", ""));
  }

  TempDir dir_;
  Server server_{dir_.path()};
};

}  // namespace zkpush::test
