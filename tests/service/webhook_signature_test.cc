// The webhook signature a receiver checks: "sha256=" and the hex HMAC-SHA256
// of "<timestamp>.<body>" under the webhook's secret (webhooks.h). The
// expected value was computed outside zkpush (Python's hmac module), so the
// test fails if the message, the key or the encoding drift.
#include <gtest/gtest.h>

#include "service/webhooks.h"

namespace zkpush::test {
namespace {

TEST(WebhookSignature, IsTheHmacOfTimestampDotBodyUnderTheSecret) {
  EXPECT_EQ(service::WebhookDispatcher::signature("a-receiver-secret", "1764316800", R"({"id":"att-1"})"),
            "sha256=f62b18b97286aa9661659a8b57e92bdbd494e32b547fe8886c7d944e74ebff84");
}

TEST(WebhookSignature, ChangesWithTheTimestampSoAReplayedBodyIsNotASignedOne) {
  EXPECT_NE(service::WebhookDispatcher::signature("a-receiver-secret", "1764316801", R"({"id":"att-1"})"),
            service::WebhookDispatcher::signature("a-receiver-secret", "1764316800", R"({"id":"att-1"})"));
}

}  // namespace
}  // namespace zkpush::test
