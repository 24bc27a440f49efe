#include "cli/token_command.h"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "cli/store_flags.h"
#include "service/access.h"
#include "store/record_names.h"
#include "store/store.h"

namespace zkpush::cli {
namespace {

struct TokenOptions {
  StoreFlags store;
  std::string name;
  std::string scope = "read";
  int64_t id = 0;
};

int create(const TokenOptions& o) {
  auto store = open_store_or_exit(o.store);
  auto created = service::TokenRegistry::create(*store, o.name, *store::scope_from_name(o.scope));
  if (!created) {
    std::fprintf(stderr, "cannot create the token: %s\n", created.error().message.c_str());
    return 1;
  }
  std::printf("%s\n", created->token.c_str());
  std::fprintf(stderr, "token %lld (%s, scope %s) created; it is shown only this once\n",
               static_cast<long long>(created->id), o.name.c_str(), o.scope.c_str());
  return 0;
}

int list(const TokenOptions& o) {
  auto store = open_store_or_exit(o.store);
  auto tokens = store->tokens();
  if (!tokens) {
    std::fprintf(stderr, "cannot read the tokens: %s\n", tokens.error().message.c_str());
    return 1;
  }
  std::printf("%-6s %-24s %-6s %-10s %s\n", "ID", "NAME", "SCOPE", "PREFIX", "STATE");
  for (const auto& t : *tokens)
    std::printf("%-6lld %-24s %-6s %-10s %s\n", static_cast<long long>(t.id), t.name.c_str(),
                std::string(store::scope_name(t.scope)).c_str(), t.prefix.c_str(),
                t.revoked_at ? "revoked" : "live");
  return 0;
}

int revoke(const TokenOptions& o) {
  auto store = open_store_or_exit(o.store);
  auto revoked = service::TokenRegistry::revoke(*store, o.id);
  if (!revoked) {
    std::fprintf(stderr, "cannot revoke the token: %s\n", revoked.error().message.c_str());
    return 1;
  }
  if (!*revoked) {
    std::fprintf(stderr, "no live token with id %lld\n", static_cast<long long>(o.id));
    return 1;
  }
  std::printf("token %lld revoked\n", static_cast<long long>(o.id));
  return 0;
}

}  // namespace

void add_token_command(CLI::App& app) {
  auto options = std::make_shared<TokenOptions>();
  auto* token = app.add_subcommand("token", "Create, list and revoke API tokens");
  token->require_subcommand(1);
  auto data = [&options](CLI::App* cmd) { add_store_flags(cmd, options->store); };

  auto* c = token->add_subcommand("create", "Create a token and print it (once)");
  data(c);
  c->add_option("--name", options->name, "Who or what uses it (shown in the audit log)")->required();
  c->add_option("--scope", options->scope, "read: reads; write: also persons, devices, commands; admin: everything")
      ->capture_default_str()
      ->check(CLI::IsMember({"read", "write", "admin"}));
  c->callback([options] { std::exit(create(*options)); });

  auto* l = token->add_subcommand("list", "List tokens (never the tokens themselves)");
  data(l);
  l->callback([options] { std::exit(list(*options)); });

  auto* r = token->add_subcommand("revoke", "Revoke a token by id");
  data(r);
  r->add_option("id", options->id, "The token's id (see list)")->required();
  r->callback([options] { std::exit(revoke(*options)); });
}

}  // namespace zkpush::cli
