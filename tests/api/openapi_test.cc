// docs/openapi.yaml and the routes the server registers describe the same
// API: every route is in the document and every operation of the document is
// a route, with the same method and path. BioTime's routes are documented in
// docs/biotime-api.md instead, each as `METHOD /path/`.
#include "api/openapi.h"

#include <gtest/gtest.h>

#include <set>

#include "api/api_router.h"
#include "api/biotime/biotime_responses.h"
#include "http/webhook_client.h"
#include "../service/fake_store.h"
#include "support/read_file.h"
#include "util/metrics.h"

namespace zkpush::test {
namespace {

// "get /api/v1/devices" for zkpush's routes, or BioTime's (`biotime`).
std::set<std::string> registered_routes(bool biotime = false) {
  FakeStore store;
  service::DeviceService devices(store, {}, "/nonexistent");
  service::TokenRegistry tokens(store);
  service::EventHub hub;
  http::WebhookClient transport;
  service::WebhookDispatcher webhooks(store, hub, transport, {});
  service::canteen::CanteenService canteen(store, devices);
  service::AccountService accounts(store);
  service::access::AccessService access(store, devices);
  api::ApiRouter router(api::ApiContext{store, devices, tokens, hub, webhooks, metrics(), canteen, accounts, access});
  std::set<std::string> out;
  for (const auto& route : router.routes().routes()) {
    if (api::is_biotime_route(route) != biotime) continue;
    std::string method = route.method;
    for (char& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    EXPECT_TRUE(out.insert(method + " " + route.pattern).second) << "registered twice: " << route.pattern;
  }
  return out;
}

std::set<std::string> documented_routes(const nlohmann::json& document) {
  std::set<std::string> out;
  for (const auto& [path, item] : document.at("paths").items())
    for (const auto& [method, operation] : item.items())
      if (method != "parameters") out.insert(method + " " + path);
  return out;
}

TEST(OpenApi, TheDocumentAndTheServersRoutesAreTheSame) {
  const nlohmann::json document = api::yaml_to_json(test::read_file(std::string(ZKPUSH_DOCS_DIR) + "/openapi.yaml"));
  EXPECT_EQ(document.at("openapi"), "3.0.3");
  const auto registered = registered_routes();
  const auto documented = documented_routes(document);
  for (const auto& r : registered) EXPECT_TRUE(documented.count(r)) << "not in docs/openapi.yaml: " << r;
  for (const auto& d : documented) EXPECT_TRUE(registered.count(d)) << "documented but not served: " << d;
  EXPECT_GE(registered.size(), 50u);
  // The binary serves the document it was built with.
  EXPECT_EQ(api::openapi_document(), document);
}

TEST(OpenApi, EveryBiotimeRouteIsInTheBiotimeDocument) {
  const std::string document = test::read_file(std::string(ZKPUSH_DOCS_DIR) + "/biotime-api.md");
  const auto routes = registered_routes(true);
  EXPECT_GE(routes.size(), 17u);
  for (const auto& r : routes) {
    std::string line = r;  // "get /iclock/api/transactions" -> "`GET /iclock/api/transactions/`"
    const auto space = line.find(' ');
    for (std::size_t i = 0; i < space; ++i) line[i] = static_cast<char>(std::toupper(static_cast<unsigned char>(line[i])));
    line = "`" + line + "/`";
    EXPECT_NE(document.find(line), std::string::npos) << "not in docs/biotime-api.md: " << line;
  }
}

TEST(OpenApi, YamlScalarsBecomeJsonTypes) {
  auto j = api::yaml_to_json("a: 1\nb: true\nc: '2'\nd: null\ne: [x, 3]\nf: {g: text}\n");
  EXPECT_EQ(j, nlohmann::json::parse(R"({"a":1,"b":true,"c":"2","d":null,"e":["x",3],"f":{"g":"text"}})"));
}

}  // namespace
}  // namespace zkpush::test
