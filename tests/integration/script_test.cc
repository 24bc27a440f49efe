// Scenario scripts (`zkpush sim --script`) against the real server: an
// enrolment and punches stored and counted through the API, a command queued
// through the API executed by wait-for-command, and the exit statuses of a
// failing assert and of a bad script.
#include "sim/script.h"

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>

#include "harness.h"
#include "sim_fixture.h"

namespace zkpush::test {
namespace {

using Clock = std::chrono::steady_clock;

// An empty terminal (no users) that waits at most a second before a resend.
sim::TerminalConfig script_config(const std::string& sn) {
  sim::TerminalConfig c = config_for(sn);
  c.users = 0;
  c.max_error_delay = std::chrono::seconds(1);
  return c;
}

// Writes `text` to a file in `dir` and runs it against `server`.
int run_script(const TempDir& dir, const Server& server, const sim::TerminalConfig& config, const std::string& text) {
  const std::string path = dir.path() + "/scenario.sim";
  std::ofstream(path) << text;
  return sim::run_script_file(path, config, sim::HttpOptions{},
                              "http://127.0.0.1:" + std::to_string(server.device_port()),
                              "http://127.0.0.1:" + std::to_string(server.api_port()), server.admin_token());
}

TEST(Script, EnrolmentAndPunchesAreStoredOnTheServer) {
  TempDir data, scripts;
  Server server(data.path());
  EXPECT_EQ(run_script(scripts, server, script_config("SCRIPT1"),
                       "boot\n"
                       "enrol 42 \"Ana\" card=900\n"
                       "upload\n"
                       "punch 42 x3\n"
                       "upload\n"
                       "assert users 1\n"
                       "assert user 42 name=Ana card=900\n"
                       "assert punches 3\n"
                       "assert acked 3\n"
                       "assert server attendance 3\n"
                       "assert server users 1\n"),
            0);
  auto users = server.api_get("/api/v1/devices/SCRIPT1/users")["items"];
  ASSERT_EQ(users.size(), 1u);
  EXPECT_EQ(users[0]["pin"], "42");
  EXPECT_EQ(users[0]["name"], "Ana");
  const auto attendance = server.api_get("/api/v1/devices/SCRIPT1/attendance");
  ASSERT_EQ(attendance["items"].size(), 3u);
  for (const auto& row : attendance["items"]) EXPECT_EQ(row["pin"], "42");
}

TEST(Script, WaitForCommandExecutesWhatTheApiQueued) {
  TempDir data, scripts;
  Server server(data.path());
  server.get("/iclock/cdata?SN=SCRIPT2&options=all&pushver=2.4.1");  // registers the terminal
  server.api_send("PUT", "/api/v1/devices/SCRIPT2/settings", {{"Delay", "1"}, {"ErrorDelay", "1"}}, 200);
  server.api_send("POST", "/api/v1/devices/SCRIPT2/commands", {{"command", "DATA UPDATE USERINFO PIN=7\tName=Zed"}},
                  201);
  EXPECT_EQ(run_script(scripts, server, script_config("SCRIPT2"),
                       "boot\n"
                       "wait-for-command 10\n"
                       "assert user 7 name=Zed\n"
                       "assert server commands-final\n"),
            0);
}

TEST(Script, AFailingAssertStopsTheScriptWithStatusOne) {
  TempDir data, scripts;
  Server server(data.path());
  ::testing::internal::CaptureStderr();
  const auto start = Clock::now();
  const int status = run_script(scripts, server, script_config("SCRIPT3"),
                                "boot\n"
                                "punch 5 x2\n"
                                "assert punches 3  # wrong on purpose\n"
                                "sleep 30\n");
  const std::string errors = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(status, 1);
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(10));  // the sleep after the failure never ran
  EXPECT_NE(errors.find("scenario.sim:3: assert punches 3: expected 3, got 2"), std::string::npos) << errors;
}

TEST(Script, ABadScriptRunsNothingAndExitsTwo) {
  TempDir data, scripts;
  Server server(data.path());
  ::testing::internal::CaptureStderr();
  EXPECT_EQ(run_script(scripts, server, script_config("SCRIPT4"), "boot\npunch 1 x2 x3\n"), 2);
  const std::string errors = ::testing::internal::GetCapturedStderr();
  EXPECT_NE(errors.find("scenario.sim:2: usage: punch [PIN] [xN]"), std::string::npos) << errors;
  EXPECT_EQ(server.api_get("/api/v1/devices")["items"].size(), 0u);  // the boot on line 1 never ran
  EXPECT_EQ(
      sim::run_script_file(scripts.path() + "/missing.sim", script_config("SCRIPT4"), {}, "http://127.0.0.1:1", ""), 2);
}

}  // namespace
}  // namespace zkpush::test
