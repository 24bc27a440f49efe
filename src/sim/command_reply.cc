// See command_reply.h for the shapes and their sources.
#include "sim/command_reply.h"

namespace zkpush::sim {

std::string reply_record(std::string_view id, long long code, std::string_view cmd) {
  std::string out = "ID=";
  out.append(id).append("&Return=").append(std::to_string(code)).append("&CMD=").append(cmd);
  return out;
}

std::string reply_with_sn(std::string_view id, std::string_view sn, long long code, std::string_view cmd) {
  std::string out = "ID=";
  out.append(id).append("&SN=").append(sn).append("&Return=").append(std::to_string(code));
  if (!cmd.empty()) out.append("&CMD=").append(cmd);
  return out;
}

std::string reply_without_cmd(std::string_view id, long long code) {
  std::string out = "ID=";
  out.append(id).append("&Return=").append(std::to_string(code));
  return out;
}

CommandOutcome reply_only(std::string reply) {
  CommandOutcome outcome;
  outcome.reply = std::move(reply);
  return outcome;
}

}  // namespace zkpush::sim
