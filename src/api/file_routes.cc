// Files terminals download for PutFile and UPGRADE (store/file_records.h).
// They are kept in the database, so a file put through any node is served
// by every node of a cluster at `GET /iclock/file?url=<path>`. Admin scope:
// what terminals install (firmware) is an administrator's decision.
//
// The rest of the URL is the file's path (`/api/v1/files/fw/x.tgz` puts
// "fw/x.tgz"). A file's bytes are the raw request body, up to the device
// listener's --max-body-bytes.

#include <string>

#include "api/api_router.h"
#include "api/json_views.h"
#include "api/responses.h"
#include "service/terminal_files.h"

namespace zkpush::api {

using store::Scope;

namespace {

// The path parameter, when a terminal can ask for exactly that file; else
// nullopt and a 400 sent. One rule for both sides (terminal_files.h).
std::optional<std::string> file_path(ApiCall& call) {
  const std::string& path = call.param(0);
  Result<std::string> named = service::terminal_file_path(path);
  if (!named || *named != path) {
    call.respond(error_response(400, "path: a relative path without '..' parts, '?' or a leading 'file/'"));
    return std::nullopt;
  }
  return path;
}

void list_files(ApiContext& c, ApiCall& call) {
  auto files = c.store.terminal_files();
  if (!files) return call.respond(error_response(files.error()));
  json items = json::array();
  for (const auto& f : *files) items.push_back(terminal_file_json(f));
  call.respond(json_response(json{{"items", std::move(items)}}));
}

void put_file(ApiContext& c, ApiCall& call) {
  auto path = file_path(call);
  if (!path) return;
  c.devices.put_file(std::move(*path), call.request.body, [respond = call.respond](Result<store::TerminalFileRow> put) {
    if (!put) return respond(error_response(put.error()));
    respond(json_response(json{{"path", put->path}, {"size", put->size}, {"sha256", put->sha256}}, 201));
  });
}

void delete_file(ApiContext& c, ApiCall& call) {
  auto path = file_path(call);
  if (!path) return;
  c.devices.delete_file(*path, [path = *path, respond = call.respond](Status s, bool found) {
    if (!s) return respond(error_response(s.error()));
    if (!found) return respond(error_response(404, "no file " + path));
    respond(json_response(json{{"path", path}, {"deleted", true}}));
  });
}

}  // namespace

void add_file_routes(RouteTable& routes, ApiContext& c) {
  using Handler = void (*)(ApiContext&, ApiCall&);
  auto add = [&](const char* method, const std::string& pattern, const char* summary, Handler handler) {
    routes.add(method, pattern, Scope::kAdmin, summary, [&c, handler](ApiCall& call) { handler(c, call); });
  };
  const std::string files(kFilesPath);
  add("GET", files, "Files terminals download (path, size, sha256, created_at; no bytes)", list_files);
  add("PUT", files + "/{path*}", "Put a file for terminals (the raw body), replacing one at that path", put_file);
  add("DELETE", files + "/{path*}", "Delete a file put for terminals", delete_file);
}

}  // namespace zkpush::api
