#include "support/child_process.h"

#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>

namespace zkpush::test {

namespace {

int exit_status(int raw) { return WIFEXITED(raw) ? WEXITSTATUS(raw) : 128 + WTERMSIG(raw); }

}  // namespace

RunAs RunAs::unprivileged() {
  RunAs as;
  if (geteuid() != 0) return as;
  const passwd* nobody = getpwnam("nobody");
  if (nobody == nullptr) throw std::runtime_error("running as root and there is no user nobody");
  as.uid = nobody->pw_uid;
  as.gid = nobody->pw_gid;
  return as;
}

void RunAs::own(const std::string& path) const {
  if (uid == static_cast<uid_t>(-1)) return;
  if (chown(path.c_str(), uid, gid) != 0) throw std::runtime_error("cannot chown " + path);
}

pid_t spawn(const std::vector<std::string>& argv, const std::string& log_path, const RunAs& as,
            Lifetime lifetime) {
  // Everything the child needs is made before fork: after it, in a
  // threaded process, only async-signal-safe calls are allowed.
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const int log = open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log < 0) throw std::runtime_error("cannot open " + log_path);
  const pid_t pid = fork();
  if (pid < 0) {
    close(log);
    throw std::runtime_error("fork failed");
  }
  if (pid == 0) {
    dup2(log, 1);
    dup2(log, 2);
    if (as.uid != static_cast<uid_t>(-1)) {
      if (setgroups(0, nullptr) != 0 || setgid(as.gid) != 0 || setuid(as.uid) != 0) _exit(126);
    }
    if (lifetime == Lifetime::kDetached) {
      if (setsid() < 0) _exit(126);
    } else {
      // After setuid, which clears it.
      prctl(PR_SET_PDEATHSIG, SIGQUIT);
    }
    // Paths are absolute; the test's folder may be closed to `nobody`.
    if (chdir("/") != 0) _exit(126);
    execv(args[0], args.data());
    _exit(127);
  }
  close(log);
  return pid;
}

int wait_exit(pid_t pid) {
  int raw = 0;
  while (waitpid(pid, &raw, 0) < 0) {
    if (errno != EINTR) return -1;
  }
  return exit_status(raw);
}

bool has_exited(pid_t pid, int& status) {
  int raw = 0;
  if (waitpid(pid, &raw, WNOHANG) != pid) return false;
  status = exit_status(raw);
  return true;
}

}  // namespace zkpush::test
