// Webhooks (issue 4): events arrive signed; a receiver that fails the first
// three times, with a server crash and restart in between, still gets every
// event, and nothing twice under one event id.
#include <gtest/gtest.h>

#include <map>
#include <mutex>

#include "access_fixture.h"
#include "harness.h"
#include "sim_fixture.h"
#include "support/eventually.h"
#include "util/crypto.h"

namespace zkpush::test {
namespace {

const std::string kSecret = "a-receiver-secret-0123456789";

// Answers 500 to its first `failures` POSTs, then 200; keeps every request.
class Receiver : public http::Handler {
 public:
  explicit Receiver(int failures) : failures_(failures) {}
  struct Post {
    std::string event_id, timestamp, signature, body;
    int answered = 0;
  };
  void handle(const http::Request& request, http::Responder respond) override {
    std::lock_guard lock(mu_);
    Post post{std::string(request.header("X-Zkpush-Event-Id")), std::string(request.header("X-Zkpush-Timestamp")),
              std::string(request.header("X-Zkpush-Signature")), request.body,
              static_cast<int>(posts_.size()) < failures_ ? 500 : 200};
    posts_.push_back(post);
    respond(http::Response::text(post.answered == 200 ? "thanks" : "not now", post.answered));
  }
  std::vector<Post> posts() {
    std::lock_guard lock(mu_);
    return posts_;
  }

 private:
  std::mutex mu_;
  const int failures_;
  std::vector<Post> posts_;
};

TEST(Webhooks, SignedAtLeastOnceThroughFailuresAndARestartAndNeverTwice) {
  Receiver receiver(3);
  InProcessServer receiver_server(receiver);
  TempDir dir;
  Server server(dir.path(), {"--webhook-first-backoff", "0.4"});
  auto hook = server.api_send("POST", "/api/v1/webhooks",
                              {{"url", receiver_server.url() + "/zk"}, {"kinds", {"attendance.created"}}, {"secret", kSecret}},
                              201);
  EXPECT_FALSE(hook.contains("secret"));  // given by the caller: not echoed
  server.get("/iclock/cdata?SN=WH1&options=all&pushver=2.4.1");
  ASSERT_EQ(server.post("/iclock/cdata?SN=WH1&table=ATTLOG&Stamp=1",
                        "7\t2026-11-28 08:00:00\t0\t1\t0\t0\n8\t2026-11-28 08:01:00\t1\t1\t0\t0\n")
                .body,
            "OK: 2");

  // A crash after the first failed attempt: the event is still owed.
  ASSERT_TRUE(eventually([&] { return !receiver.posts().empty(); }));
  server.restart();
  ASSERT_TRUE(eventually([&] {
    int ok = 0;
    for (const auto& p : receiver.posts()) ok += p.answered == 200;
    return ok == 2;
  }));
  // Events go out in order: once a third punch has arrived, a wrongful
  // repeat of the first two would have come before it.
  ASSERT_EQ(server.post("/iclock/cdata?SN=WH1&table=ATTLOG&Stamp=2", "9\t2026-11-28 08:02:00\t0\t1\t0\t0\n").body,
            "OK: 1");
  ASSERT_TRUE(eventually([&] {
    for (const auto& p : receiver.posts())
      if (p.event_id == "att-3" && p.answered == 200) return true;
    return false;
  }));

  const auto posts = receiver.posts();
  std::map<std::string, int> delivered;
  for (const auto& p : posts) {
    // Signature: HMAC-SHA256(secret, "<timestamp>.<body>").
    EXPECT_EQ(p.signature, "sha256=" + hmac_sha256_hex(kSecret, p.timestamp + "." + p.body));
    auto event = nlohmann::json::parse(p.body);
    EXPECT_EQ(event["id"], p.event_id);
    EXPECT_EQ(event["kind"], "attendance.created");
    EXPECT_EQ(event["data"]["sn"], "WH1");
    if (p.answered == 200) ++delivered[p.event_id];
  }
  EXPECT_GE(posts.size(), 6u);  // 3 failures, 3 deliveries
  EXPECT_EQ(posts.front().event_id, "att-1");
  EXPECT_EQ(delivered, (std::map<std::string, int>{{"att-1", 1}, {"att-2", 1}, {"att-3", 1}}));
  // Every attempt at att-1 carried the same body: the same event.
  for (const auto& p : posts) {
    if (p.event_id != "att-1") continue;
    EXPECT_EQ(p.body, posts.front().body);
  }

  const auto deliveries = server.api_get("/api/v1/webhooks/" + std::to_string(hook["id"].get<int>()) + "/deliveries");
  const auto& log = deliveries["items"];
  ASSERT_EQ(log.size(), 3u);
  EXPECT_EQ(log[0]["event_id"], "att-1");
  EXPECT_EQ(log[0]["status"], "delivered");
  EXPECT_GE(log[0]["attempts"].get<int>(), 3);  // attempts before the crash may not all be recorded
  EXPECT_EQ(log[1]["event_id"], "att-2");
  EXPECT_EQ(log[1]["attempts"], 1);
  EXPECT_EQ(log[2]["event_id"], "att-3");
}

TEST(Webhooks, AnAccessPanelsAlarmsArriveAndItsPassesDoNotWhenOnlyAlarmsAreWanted) {
  Receiver receiver(0);
  InProcessServer receiver_server(receiver);
  TempDir dir;
  Server server(dir.path());
  server.api_send("POST", "/api/v1/webhooks", {{"url", receiver_server.url()}, {"kinds", {"access.alarm", "door.state"}}},
                  201);
  Panel panel(server.device_port(), "WHPANEL", 1);
  ASSERT_TRUE(panel.boot());
  panel.upload();  // its doors' state after a start
  panel->present("stranger", 1);  // refused: not wanted
  server.api_send("POST", "/api/v1/devices/WHPANEL/commands",
                  {{"command", "DATA UPDATE user Pin=7\tName=Ana"}}, 201);
  ASSERT_EQ(panel.poll(), 1);
  ASSERT_TRUE(eventually([&] { return receiver.posts().size() >= 1; }));
  auto state = nlohmann::json::parse(receiver.posts()[0].body);
  EXPECT_EQ(state["kind"], "door.state");
  EXPECT_EQ(state["data"]["sn"], "WHPANEL");
  EXPECT_EQ(state["data"]["doors"][0]["sensor"], "closed");
  // An alarm row (a door forced open, 102) through the panel's own channel.
  server.post("/iclock/cdata?SN=WHPANEL&table=rtlog",
              "time=2026-12-07 10:00:00\tpin=0\tcardno=0\teventaddr=1\tevent=102\tinoutstatus=2\tverifytype=200"
              "\tindex=900\r\n",
              "Cookie: token=" + panel->token() + "\r\n");
  ASSERT_TRUE(eventually([&] { return receiver.posts().size() >= 2; }));
  const auto posts = receiver.posts();
  ASSERT_EQ(posts.size(), 2u);
  auto alarm = nlohmann::json::parse(posts[1].body);
  EXPECT_EQ(alarm["kind"], "access.alarm");
  EXPECT_EQ(alarm["data"]["name"], "door opened forcibly");
  EXPECT_EQ(alarm["data"]["door"], 1);
}

TEST(Webhooks, OnlyTheKindsSubscribedArriveAndAGeneratedSecretIsShownOnce) {
  Receiver receiver(0);
  InProcessServer receiver_server(receiver);
  TempDir dir;
  Server server(dir.path());
  auto hook = server.api_send("POST", "/api/v1/webhooks",
                              {{"url", receiver_server.url()}, {"kinds", {"device.registered"}}}, 201);
  ASSERT_TRUE(hook.contains("secret"));
  EXPECT_EQ(server.api_get("/api/v1/webhooks")["items"][0].contains("secret"), false);
  server.get("/iclock/cdata?SN=WH2&options=all&pushver=2.4.1");
  server.post("/iclock/cdata?SN=WH2&table=ATTLOG&Stamp=1", "7\t2026-11-28 08:00:00\t0\t1\t0\t0\n");
  // A second registration is committed after the punch and events go out in
  // order: had the punch been sent, it would have arrived before it.
  server.get("/iclock/cdata?SN=WH3&options=all&pushver=2.4.1");
  ASSERT_TRUE(eventually([&] { return receiver.posts().size() >= 2; }));
  const auto posts = receiver.posts();
  ASSERT_EQ(posts.size(), 2u);
  EXPECT_EQ(nlohmann::json::parse(posts[1].body)["data"]["sn"], "WH3");
  auto event = nlohmann::json::parse(posts[0].body);
  EXPECT_EQ(event["kind"], "device.registered");
  EXPECT_EQ(event["data"]["sn"], "WH2");
  EXPECT_EQ(posts[0].signature,
            "sha256=" + hmac_sha256_hex(hook["secret"].get<std::string>(), posts[0].timestamp + "." + posts[0].body));
  EXPECT_EQ(server.api_send("POST", "/api/v1/webhooks", {{"url", "ftp://x"}}, 400)["error"],
            "url: an http:// or https:// URL is required");
  EXPECT_EQ(server.api_send("POST", "/api/v1/webhooks", {{"url", "http://x"}, {"kinds", {"punch.made"}}}, 400)["error"],
            "kinds: unknown event kind punch.made");
}

}  // namespace
}  // namespace zkpush::test
