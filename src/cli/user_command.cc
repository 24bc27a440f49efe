#include "cli/user_command.h"

#include <termios.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>

#include "cli/store_flags.h"
#include "service/accounts.h"
#include "store/record_names.h"

namespace zkpush::cli {
namespace {

struct UserOptions {
  StoreFlags store;
  std::string name;
  std::string role = "viewer";
};

// One line from the terminal without echo, or from stdin when it is not a
// terminal (scripts: `echo "$PASSWORD" | zkpush user create ...`).
std::string read_line(const char* prompt) {
  const bool tty = ::isatty(STDIN_FILENO);
  termios saved{};
  if (tty) {
    std::fprintf(stderr, "%s", prompt);
    ::tcgetattr(STDIN_FILENO, &saved);
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string line;
  std::getline(std::cin, line);
  if (tty) {
    ::tcsetattr(STDIN_FILENO, TCSANOW, &saved);
    std::fprintf(stderr, "\n");
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

// Asked twice on a terminal; nullopt (and said why) when they differ.
std::optional<std::string> new_password() {
  std::string password = read_line("Password: ");
  if (::isatty(STDIN_FILENO) && read_line("Again: ") != password) {
    std::fprintf(stderr, "the two passwords differ\n");
    return std::nullopt;
  }
  return password;
}

int failed(const char* what, const Error& error) {
  std::fprintf(stderr, "cannot %s: %s\n", what, error.message.c_str());
  return 1;
}

int create(const UserOptions& o) {
  auto password = new_password();
  if (!password) return 1;
  auto store = open_store_or_exit(o.store);
  auto id = service::AccountService::create_now(*store, o.name, *store::role_from_name(o.role), *password);
  if (!id && id.error().kind == Error::Kind::kConflict)
    return failed("create the account", Error::conflict("an account '" + o.name + "' exists"));
  if (!id) return failed("create the account", id.error());
  std::printf("account %s (%s) created\n", o.name.c_str(), o.role.c_str());
  return 0;
}

int list(const UserOptions& o) {
  auto store = open_store_or_exit(o.store);
  auto accounts = store->accounts();
  if (!accounts) return failed("read the accounts", accounts.error());
  std::printf("%-6s %-24s %-9s %s\n", "ID", "NAME", "ROLE", "STATE");
  for (const auto& a : *accounts)
    std::printf("%-6lld %-24s %-9s %s\n", static_cast<long long>(a.id), a.name.c_str(),
                std::string(store::role_name(a.role)).c_str(), a.disabled_at ? "disabled" : "active");
  return 0;
}

// passwd, disable, enable: one change to one account.
int update(const UserOptions& o, store::UpdateAccount change, const std::optional<std::string>& password,
           const char* done) {
  auto store = open_store_or_exit(o.store);
  change.name = o.name;
  auto found = service::AccountService::update_now(*store, std::move(change), password);
  if (!found) return failed("change the account", found.error());
  if (!*found) return failed("change the account", Error::not_found("no account '" + o.name + "'"));
  std::printf("account %s %s\n", o.name.c_str(), done);
  return 0;
}

}  // namespace

void add_user_command(CLI::App& app) {
  auto options = std::make_shared<UserOptions>();
  auto* user = app.add_subcommand("user", "Create, list and change the console's accounts");
  user->require_subcommand(1);
  auto named = [&options](CLI::App* cmd) {
    add_store_flags(cmd, options->store);
    cmd->add_option("--name", options->name, "The account's sign-in name")->required();
  };

  auto* c = user->add_subcommand("create", "Create an account (the password is asked, or read from stdin)");
  named(c);
  c->add_option("--role", options->role, "viewer: sees everything; operator: also acts; admin: also manages")
      ->capture_default_str()
      ->check(CLI::IsMember({"viewer", "operator", "admin"}));
  c->callback([options] { std::exit(create(*options)); });

  auto* l = user->add_subcommand("list", "List the accounts");
  add_store_flags(l, options->store);
  l->callback([options] { std::exit(list(*options)); });

  auto* p = user->add_subcommand("passwd", "Set an account's password (its sessions end)");
  named(p);
  p->callback([options] {
    auto password = new_password();
    if (!password) std::exit(1);
    std::exit(update(*options, {}, password, "has a new password"));
  });

  auto* d = user->add_subcommand("disable", "Disable an account (its sessions end)");
  named(d);
  d->callback([options] {
    store::UpdateAccount change;
    change.disabled = true;
    std::exit(update(*options, change, std::nullopt, "disabled"));
  });

  auto* e = user->add_subcommand("enable", "Enable a disabled account");
  named(e);
  e->callback([options] {
    store::UpdateAccount change;
    change.disabled = false;
    std::exit(update(*options, change, std::nullopt, "enabled"));
  });
}

}  // namespace zkpush::cli
