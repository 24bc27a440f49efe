// Signing in to the BioTime API as its clients do (docs/biotime-api.md,
// "Authentication"): an API token or a JWT for a console account's name and
// password, sent as JSON or as a form; BioTime's refusals, byte for byte
// where clients read them; the console's throttle; a password change ends
// both kinds of credential.
#include <gtest/gtest.h>

#include <regex>

#include "biotime_fixture.h"
#include "protocol/upload.h"

namespace zkpush::test {
namespace {

using nlohmann::json;

// The payload of a JWT, decoded (base64url).
json jwt_payload(const std::string& token) {
  const auto first = token.find('.');
  const auto last = token.rfind('.');
  std::string part = token.substr(first + 1, last - first - 1);
  for (char& c : part) c = c == '-' ? '+' : c == '_' ? '/' : c;
  while (part.size() % 4) part += '=';
  auto decoded = protocol::decode_base64(part);
  return decoded ? json::parse(*decoded, nullptr, false) : json();
}

TEST_F(BiotimeTest, AnApiTokenForJsonOrFormCredentialsOpensTheApi) {
  HttpReply json_sign_in = biotime_sign_in(server_, "/api-token-auth/", "hr", kHrPassword);
  ASSERT_EQ(json_sign_in.status, 200) << json_sign_in.body;
  const json body = json::parse(json_sign_in.body);
  ASSERT_EQ(body.size(), 1u);  // {"token": "<40 hex>"}, as BioTime
  const std::string token = body["token"];
  EXPECT_TRUE(std::regex_match(token, std::regex("[0-9a-f]{40}"))) << token;

  // A form, with '+' for a space as HTML forms encode it (the password has none).
  HttpReply form = api_request(server_.api_port(), "", "POST", "/api-token-auth/",
                               std::string("username=hr&password=") + kHrPassword,
                               "Content-Type: application/x-www-form-urlencoded\r\n");
  ASSERT_EQ(form.status, 200) << form.body;
  EXPECT_EQ(json::parse(form.body)["token"], token);  // one token per account, as BioTime's

  BiotimeClient client(server_, "Token", token);
  EXPECT_EQ(client.get("/iclock/api/terminals/")["code"], 0);
}

TEST_F(BiotimeTest, WrongCredentialsAndMissingFieldsAreRefusedAsBiotimeDoes) {
  HttpReply wrong = biotime_sign_in(server_, "/api-token-auth/", "hr", "not-the-password");
  EXPECT_EQ(wrong.status, 400);
  EXPECT_EQ(json::parse(wrong.body), json::parse(R"({"non_field_errors":["Unable to log in with provided credentials."]})"));
  HttpReply unknown = biotime_sign_in(server_, "/jwt-api-token-auth/", "nobody", kHrPassword);
  EXPECT_EQ(unknown.status, 400);

  HttpReply missing = api_request(server_.api_port(), "", "POST", "/api-token-auth/", R"({"username":"hr"})");
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(json::parse(missing.body), json::parse(R"({"password":["This field is required."]})"));

  HttpReply get = api_request(server_.api_port(), "", "GET", "/api-token-auth/");
  EXPECT_EQ(get.status, 405);
  EXPECT_EQ(json::parse(get.body)["detail"], "Method \"GET\" not allowed.");
}

TEST_F(BiotimeTest, RequestsWithoutOrWithABadCredentialGet401WithDetail) {
  HttpReply none = api_request(server_.api_port(), "", "GET", "/iclock/api/transactions/");
  EXPECT_EQ(none.status, 401);
  EXPECT_EQ(json::parse(none.body), json::parse(R"({"detail":"Authentication credentials were not provided."})"));
  for (const char* header : {"Authorization: Token 0123456789abcdef0123456789abcdef01234567\r\n",
                             "Authorization: JWT eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl\r\n",
                             "Authorization: Bearer zkp_000000000000000000000000000000000000000000000000\r\n"}) {
    HttpReply bad = api_request(server_.api_port(), "", "GET", "/iclock/api/transactions/", "", header);
    EXPECT_EQ(bad.status, 401) << header;
    EXPECT_EQ(json::parse(bad.body), json::parse(R"({"detail":"Invalid token."})")) << header;
  }
}

TEST_F(BiotimeTest, AJwtCarriesItsExpiryAndAForgedOneIsRefused) {
  HttpReply r = biotime_sign_in(server_, "/jwt-api-token-auth/", "hr", kHrPassword);
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string token = json::parse(r.body)["token"];
  const json payload = jwt_payload(token);
  ASSERT_TRUE(payload.is_object()) << token;
  EXPECT_EQ(payload["username"], "hr");
  const int64_t now_s = std::chrono::duration_cast<std::chrono::seconds>(
                            std::chrono::system_clock::now().time_since_epoch()).count();
  EXPECT_GT(payload["exp"].get<int64_t>(), now_s);
  EXPECT_LE(payload["exp"].get<int64_t>(), now_s + 3600 + 5);

  EXPECT_EQ(BiotimeClient(server_, "JWT", token).send("GET", "/iclock/api/transactions/").status, 200);
  // Another user's name in a payload signed with no key: refused.
  std::string forged = token;
  forged[forged.size() - 2] = forged[forged.size() - 2] == 'A' ? 'B' : 'A';
  EXPECT_EQ(BiotimeClient(server_, "JWT", forged).send("GET", "/iclock/api/transactions/").status, 401);
}

TEST_F(BiotimeTest, EndingAnAccountsSessionsEndsItsTokenAndJwtsAndTheNextSignInGetsANewToken) {
  BiotimeClient token = client();
  const std::string jwt = json::parse(biotime_sign_in(server_, "/jwt-api-token-auth/", "hr", kHrPassword).body)["token"];
  BiotimeClient jwt_client(server_, "JWT", jwt);
  ASSERT_EQ(token.send("GET", "/iclock/api/terminals/").status, 200);
  server_.api_send("DELETE", "/api/v1/accounts/hr/sessions", nlohmann::json::object(), 200);
  EXPECT_EQ(token.send("GET", "/iclock/api/terminals/").status, 401);
  EXPECT_EQ(jwt_client.send("GET", "/iclock/api/terminals/").status, 401);
  EXPECT_EQ(client().send("GET", "/iclock/api/terminals/").status, 200);  // a new token works
}

TEST_F(BiotimeTest, APasswordChangeEndsTokensAndJwtsIssuedBefore) {
  BiotimeClient token = client();
  const std::string jwt = json::parse(biotime_sign_in(server_, "/jwt-api-token-auth/", "hr", kHrPassword).body)["token"];
  BiotimeClient jwt_client(server_, "JWT", jwt);
  ASSERT_EQ(token.send("GET", "/iclock/api/terminals/").status, 200);
  ASSERT_EQ(jwt_client.send("GET", "/iclock/api/terminals/").status, 200);
  server_.api_send("PATCH", "/api/v1/accounts/hr", {{"password", "a-new-password-2"}}, 200);
  EXPECT_EQ(token.send("GET", "/iclock/api/terminals/").status, 401);
  EXPECT_EQ(jwt_client.send("GET", "/iclock/api/terminals/").status, 401);
}

// HTTP Basic on every request, as BioTime's Go client sends it.
TEST_F(BiotimeTest, HttpBasicWithAnAccountsPasswordWorksAndAWrongOneIsRefused) {
  auto basic = [](const std::string& pair) { return BiotimeClient::basic(pair); };
  BiotimeClient right(server_, "Basic", basic(std::string("hr:") + kHrPassword));
  for (int i = 0; i < 3; ++i) EXPECT_EQ(right.get("/iclock/api/terminals/")["code"], 0);  // remembered after the first
  BiotimeClient wrong(server_, "Basic", basic("hr:not-it"));
  HttpReply refused = wrong.send("GET", "/iclock/api/terminals/");
  EXPECT_EQ(refused.status, 401);
  EXPECT_EQ(json::parse(refused.body)["detail"], "Invalid token.");
  EXPECT_EQ(BiotimeClient(server_, "Basic", "!!!").send("GET", "/iclock/api/terminals/").status, 401);
  // Not an authentication scheme of zkpush's own API.
  EXPECT_EQ(api_request(server_.api_port(), "", "GET", "/api/v1/devices", "",
                        "Authorization: Basic " + basic(std::string("hr:") + kHrPassword) + "\r\n")
                .status,
            401);
  // A new password ends the remembered pair at once.
  server_.api_send("PATCH", "/api/v1/accounts/hr", {{"password", "a-new-password-2"}}, 200);
  EXPECT_EQ(right.send("GET", "/iclock/api/terminals/").status, 401);
}

TEST_F(BiotimeTest, FailedSignInsAreThrottledAsTheConsolesAre) {
  for (int i = 0; i < 5; ++i) EXPECT_EQ(biotime_sign_in(server_, "/api-token-auth/", "hr", "wrong-guess").status, 400);
  HttpReply throttled = biotime_sign_in(server_, "/api-token-auth/", "hr", kHrPassword);
  EXPECT_EQ(throttled.status, 429);
  EXPECT_FALSE(throttled.header("retry-after").empty());
  EXPECT_TRUE(json::parse(throttled.body)["detail"].get<std::string>().starts_with("Request was throttled."));
}

TEST_F(BiotimeTest, AViewerReadsButCannotChangeEmployees) {
  server_.api_send("POST", "/api/v1/accounts", {{"name", "auditor"}, {"role", "viewer"}, {"password", kHrPassword}},
                   201);
  BiotimeClient viewer = client("auditor");
  EXPECT_EQ(viewer.get("/personnel/api/employees/")["count"], 0);
  HttpReply create = viewer.send("POST", "/personnel/api/employees/", R"({"emp_code":"7","area":[]})");
  EXPECT_EQ(create.status, 403);
  EXPECT_EQ(json::parse(create.body)["detail"], "You do not have permission to perform this action.");
}

}  // namespace
}  // namespace zkpush::test
