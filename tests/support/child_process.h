// Starting a program as a child process, for the test servers (postgres):
// its output into a log file, and as `nobody` when the test runs as root,
// since database servers refuse to run as root.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace zkpush::test {

// The user programs run as: `nobody` when the process is root, else the
// process's own (uid -1: no change).
struct RunAs {
  uid_t uid = static_cast<uid_t>(-1);
  gid_t gid = static_cast<gid_t>(-1);
  static RunAs unprivileged();
  // Gives `path` to that user (when there is one).
  void own(const std::string& path) const;
};

// How long a child may outlive the thread that starts it.
enum class Lifetime {
  // Sent SIGQUIT when the calling thread ends, so a test process that dies
  // leaves no server behind.
  kThread,
  // Outlives its parent, in a session of its own (as pg_ctl starts servers),
  // so neither the parent's end nor signals to its process group reach it.
  kDetached,
};

// Starts argv[0] (a path) with stdout and stderr appended to `log_path`.
// Throws when it cannot fork.
pid_t spawn(const std::vector<std::string>& argv, const std::string& log_path, const RunAs& as,
            Lifetime lifetime = Lifetime::kThread);

// Waits for `pid` to end; its exit status (128 + signal when killed).
int wait_exit(pid_t pid);

// True (and the exit status in `status`) when `pid` has ended.
bool has_exited(pid_t pid, int& status);

}  // namespace zkpush::test
