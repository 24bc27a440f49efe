// Test helpers for the emulator's command executor: terminals of both
// dialects, a fixed clock, and a look at a reply through the server's own
// devicecmd parser. Header-only: the unit-test target compiles *_test.cc only.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "protocol/devicecmd.h"
#include "sim/command_executor.h"

namespace zkpush::sim::exec_test {

inline constexpr std::string_view kNow = "2024-05-01 10:00:00";

inline TerminalIdentity modern_terminal() {
  TerminalIdentity t;
  t.sn = "SIM0001";
  return t;
}

inline TerminalIdentity legacy_terminal() {
  TerminalIdentity t;
  t.sn = "OLD0001";
  t.firmware = "Ver 6.39 Apr 28 2008";
  t.push_version = "";
  t.legacy = true;
  return t;
}

inline CommandOutcome run(TerminalDb& db, std::string_view command, const TerminalIdentity& t = modern_terminal(),
                          std::string_view id = "7") {
  return execute_command(db, t, id, command, kNow);
}

// The one reply the server's parser finds in `reply`.
inline protocol::CommandReply parsed_reply(const std::string& reply) {
  auto replies = protocol::parse_devicecmd(reply);
  EXPECT_EQ(replies.size(), 1u) << reply;
  return replies.empty() ? protocol::CommandReply{} : replies.front();
}

inline protocol::UserRecord make_user(std::string pin, std::string name) {
  protocol::UserRecord u;
  u.pin = std::move(pin);
  u.name = std::move(name);
  return u;
}

inline protocol::TemplateRecord make_fp(std::string pin, int fid, std::string tmp = "TUlDUk9TT0ZU") {
  protocol::TemplateRecord t;
  t.kind = protocol::TemplateKind::kFingerprint;
  t.pin = std::move(pin);
  t.no = fid;
  t.tmp = std::move(tmp);
  t.size = static_cast<int>(t.tmp.size());
  return t;
}

inline protocol::AttlogRecord make_attlog(std::string pin, std::string time) {
  protocol::AttlogRecord a;
  a.pin = std::move(pin);
  a.time = std::move(time);
  a.status = 0;
  a.verify = 1;
  return a;
}

// The value of query parameter `key` in `u`, or "<absent>".
inline std::string query_param(const Upload& u, std::string_view key) {
  for (const auto& [k, v] : u.query)
    if (k == key) return v;
  return "<absent>";
}

}  // namespace zkpush::sim::exec_test
