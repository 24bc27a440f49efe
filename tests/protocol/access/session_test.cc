// Session replies and the token (push3_catalog §1; CN24 §7).
#include "protocol/access/session.h"

#include <gtest/gtest.h>

namespace zkpush::protocol::access {
namespace {

TEST(SessionReplies, LinesAndTheRegistryCodeWithoutALineEnd) {
  EXPECT_EQ(format_lines({{"registry", "ok"}, {"RegistryCode", "Uy47fxftP3"}}),
            "registry=ok\nRegistryCode=Uy47fxftP3\n");
  // CN24 §7.4's example: Content-Length 23.
  EXPECT_EQ(format_registry_reply("Uy47fxftP3"), "RegistryCode=Uy47fxftP3");
  EXPECT_EQ(format_registry_reply("Uy47fxftP3").size(), 23u);
}

TEST(SessionCookie, TheTokenIsFoundInEveryFormTheDocumentsAndBrowsersUse) {
  EXPECT_EQ(cookie_token("token=9d41643bfba01fe8b49143c21defc20a"), "9d41643bfba01fe8b49143c21defc20a");
  EXPECT_EQ(cookie_token("token=abc,timestamp=1234"), "abc");
  EXPECT_EQ(cookie_token("JSESSIONID=30BF; token = abc "), "abc");
  EXPECT_FALSE(cookie_token("JSESSIONID=30BF"));
  EXPECT_FALSE(cookie_token(""));
}

TEST(SessionToken, MD5OfTheThreeValuesInTheDocumentsOrder) {
  EXPECT_EQ(session_token("a", "b", "c"), "900150983cd24fb0d6963f7d28e17f72");  // MD5("abc"), RFC 1321
}

TEST(SessionToken, AnyOrderOfTheThreeIsAcceptedAndNothingElse) {
  const std::string code = "Uy47fxftP3", sn = "NYU7251601501", session = "30BFB04B2C8AECC72C01C03BFD549D15";
  EXPECT_TRUE(token_matches(session_token(code, sn, session), code, sn, session));
  EXPECT_TRUE(token_matches(session_token(session, code, sn), code, sn, session));
  EXPECT_TRUE(token_matches(session_token(sn, session, code), code, sn, session));
  std::string upper = session_token(code, sn, session);
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_TRUE(token_matches(upper, code, sn, session));
  EXPECT_FALSE(token_matches(session_token(code, sn, "another session"), code, sn, session));
  EXPECT_FALSE(token_matches(session_token(code, "OTHERSN", session), code, sn, session));
  EXPECT_FALSE(token_matches("", code, sn, session));
  // A device that never got a session cannot present a valid token.
  EXPECT_FALSE(token_matches(session_token(code, sn, ""), code, sn, ""));
}

}  // namespace
}  // namespace zkpush::protocol::access
