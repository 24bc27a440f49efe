#include "api/canteen_routes.h"

#include <array>
#include <nlohmann/json.hpp>
#include <set>

#include "api/canteen_json.h"
#include "api/api_router.h"
#include "api/responses.h"
#include "protocol/canteen/master_tables.h"
#include "protocol/query.h"
#include "protocol/text.h"
#include "util/clock.h"

namespace zkpush::api {

using nlohmann::json;

namespace {

// URL names of the master data tables.
constexpr std::array<std::pair<std::string_view, std::string_view>, 6> kMasterResources = {{
    {"products", "STOREINFO"},
    {"hotkeys", "PRESSKEY"},
    {"meals", "MEALTYPE"},
    {"timesegs", "TIMESEG"},
    {"fixed", "FIXED"},
    {"cardtypes", "CARDTYPE"},
}};

std::string_view master_table_of(std::string_view resource) {
  for (const auto& [name, table] : kMasterResources)
    if (name == resource) return table;
  return {};
}

// A JSON body that must be an object; nullopt (and a 400 sent) otherwise.
std::optional<json> object_body(const http::Request& request, const http::Responder& respond) {
  json body = json::parse(request.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    respond(error_response(400, "body must be a JSON object"));
    return std::nullopt;
  }
  return body;
}

// Money and other integers: JSON integers only (a fractional amount is
// refused rather than rounded). False (and a 400 sent) when the key is
// present but not an integer.
bool read_integer(const json& body, const char* key, std::optional<int64_t>& out, const http::Responder& respond) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) return true;
  if (!it->is_number_integer()) {
    respond(error_response(400, std::string(key) + ": a whole number is required (amounts are in the terminals' unit, "
                                          "e.g. cents)"));
    return false;
  }
  out = it->get<int64_t>();
  return true;
}

bool read_text(const json& body, const char* key, std::optional<std::string>& out, const http::Responder& respond) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) return true;
  if (!it->is_string()) {
    respond(error_response(400, std::string(key) + ": a string is required"));
    return false;
  }
  out = it->get<std::string>();
  if (out->find_first_of("\r\n\t") != std::string::npos) {
    respond(error_response(400, std::string(key) + ": must be one line without tabs"));
    return false;
  }
  return true;
}

bool read_status(const json& body, std::optional<store::CardStatus>& out, const http::Responder& respond) {
  std::optional<std::string> text;
  if (!read_text(body, "status", text, respond)) return false;
  if (!text) return true;
  out = store::card_status_by_name(*text);
  if (!out) respond(error_response(400, "status: active, lost or blacklisted"));
  return out.has_value();
}

}  // namespace

void CanteenRoutes::route(const http::Request& request, const std::vector<std::string>& parts,
                          const http::Responder& respond) {
  const std::string& method = request.method;
  const std::size_t n = parts.size();
  const std::string resource = n > 3 ? parts[3] : std::string();
  if (resource == "cards") return cards(request, parts, respond);
  if (n == 4 && resource == "credits" && method == "POST") return issue_credits(request, respond);
  if (n == 4 && resource == "purchases" && method == "GET") return purchases(request, respond);
  if (n == 4 && resource == "totals" && method == "GET") return totals(request, respond);
  if (n == 4 && resource == "reconciliation" && method == "GET") return reconciliation(request, respond);
  if (n == 4 && resource == "terminals" && method == "GET") {
    json items = json::array();
    for (const auto& terminal : canteen_.terminals())
      if (auto device = devices_.registry().find(terminal->id())) items.push_back(terminal_json(device->sn(), *terminal));
    return respond(json_response(json{{"items", std::move(items)}}));
  }
  if (n == 6 && resource == "terminals" && parts[5] == "resend" && method == "POST") {
    return canteen_.resend_all(parts[4], [respond](Result<int> queued) {
      if (!queued) return respond(error_response(queued.error()));
      respond(json_response(json{{"queued", *queued}}));
    });
  }
  if (auto table = master_table_of(resource); !table.empty()) return master(request, table, parts, respond);
  respond(error_response(404, "not found: " + method + " " + request.path));
}

void CanteenRoutes::cards(const http::Request& request, const std::vector<std::string>& parts,
                          const http::Responder& respond) {
  const std::string& method = request.method;
  const std::size_t n = parts.size();
  if (n == 4 && method == "POST") return create_card(request, respond);
  if (n == 4 && method == "GET") {
    auto page = page_of(protocol::Query::parse(request.query), respond);
    if (!page) return;
    return send_page(store_.canteen_cards(*page), page->limit, card_json,
                     [](const store::CanteenCardRow& row) { return row.id; }, respond);
  }
  if (n < 5) return respond(error_response(405, "method not allowed"));
  const std::string& card_no = parts[4];
  if (n == 5 && method == "GET") return send_card(card_no, 200, respond);
  if (n == 5 && method == "PATCH") return patch_card(request, card_no, respond);
  if (n == 5 && method == "DELETE") {
    return canteen_.delete_card(card_no, [respond, card_no](Status status) {
      if (!status) return respond(error_response(status.error()));
      respond(json_response(json{{"deleted", card_no}}));
    });
  }
  if (n == 6 && parts[5] == "ledger" && method == "GET") {
    auto page = page_of(protocol::Query::parse(request.query), respond);
    if (!page) return;
    return send_page(store_.canteen_ledger(card_no, *page), page->limit, ledger_json,
                     [](const store::LedgerRow& row) { return row.id; }, respond);
  }
  if (n == 6 && parts[5] == "credits" && method == "GET") {
    auto credits = store_.canteen_credits(card_no);
    if (!credits) return respond(error_response(credits.error()));
    json items = json::array();
    for (const auto& c : *credits) items.push_back(credit_json(c));
    return respond(json_response(json{{"items", std::move(items)}}));
  }
  respond(error_response(404, "not found: " + method + " " + request.path));
}

void CanteenRoutes::send_card(const std::string& card_no, int status, const http::Responder& respond) {
  auto card = store_.canteen_card(card_no);
  if (!card) return respond(error_response(card.error()));
  if (!card->has_value()) return respond(error_response(404, "no card " + card_no));
  respond(json_response(card_json(**card), status));
}

// (write)
void CanteenRoutes::create_card(const http::Request& request, const http::Responder& respond) {
  auto body = object_body(request, respond);
  if (!body) return;
  std::optional<std::string> card_no, sys_id, holder, pin, password;
  std::optional<int64_t> card_type, opening, opening_sub;
  std::optional<store::CardStatus> status;
  if (!read_text(*body, "card_no", card_no, respond) || !read_text(*body, "sys_id", sys_id, respond) ||
      !read_text(*body, "holder", holder, respond) || !read_text(*body, "pin", pin, respond) ||
      !read_text(*body, "password", password, respond) || !read_integer(*body, "card_type", card_type, respond) ||
      !read_integer(*body, "opening_balance", opening, respond) ||
      !read_integer(*body, "opening_sub_balance", opening_sub, respond) || !read_status(*body, status, respond))
    return;
  if (!card_no || protocol::trim(*card_no).empty()) return respond(error_response(400, "card_no: a string is required"));
  store::CreateCanteenCard op;
  op.card = {std::string(protocol::trim(*card_no)), sys_id.value_or(""), holder.value_or(""), pin.value_or(""),
             password.value_or(""), static_cast<int>(card_type.value_or(0)), status.value_or(store::CardStatus::kActive)};
  op.opening_main = opening.value_or(0);
  op.opening_sub = opening_sub.value_or(0);
  op.now = now_ms();
  const std::string no = op.card.card_no;
  canteen_.create_card(std::move(op), [this, no, respond](Status s) {
    if (!s) return respond(s.error().kind == Error::Kind::kInvalidInput ? error_response(409, s.error().message) : error_response(s.error()));
    send_card(no, 201, respond);
  });
}

// (write)
void CanteenRoutes::patch_card(const http::Request& request, const std::string& card_no,
                               const http::Responder& respond) {
  auto body = object_body(request, respond);
  if (!body) return;
  store::UpdateCanteenCard op;
  std::optional<int64_t> card_type;
  if (!read_text(*body, "holder", op.holder, respond) || !read_text(*body, "pin", op.pin, respond) ||
      !read_text(*body, "password", op.password, respond) || !read_integer(*body, "card_type", card_type, respond) ||
      !read_status(*body, op.status, respond))
    return;
  if (card_type) op.card_type = static_cast<int>(*card_type);
  op.card_no = card_no;
  op.now = now_ms();
  canteen_.update_card(std::move(op), [this, card_no, respond](Status s) {
    if (!s) return respond(error_response(s.error()));
    send_card(card_no, 200, respond);
  });
}

// (write)
void CanteenRoutes::issue_credits(const http::Request& request, const http::Responder& respond) {
  auto body = object_body(request, respond);
  if (!body) return;
  std::optional<std::string> kind_text, wallet_text, note;
  std::optional<int64_t> amount;
  if (!read_text(*body, "kind", kind_text, respond) || !read_text(*body, "wallet", wallet_text, respond) ||
      !read_text(*body, "note", note, respond) || !read_integer(*body, "amount", amount, respond))
    return;
  store::IssueCanteenCredits op;
  auto kind = store::ledger_kind_by_name(kind_text.value_or(""));
  if (!kind || (*kind != store::LedgerKind::kTopup && *kind != store::LedgerKind::kRefund &&
                *kind != store::LedgerKind::kSubsidy))
    return respond(error_response(400, "kind: topup, refund or subsidy"));
  auto wallet = store::wallet_by_name(wallet_text.value_or("main"));
  if (!wallet) return respond(error_response(400, "wallet: main or sub"));
  if (!amount || *amount <= 0) return respond(error_response(400, "amount: a whole number above 0 is required"));
  auto cards = body->find("cards");
  if (cards == body->end() || !cards->is_array() || cards->empty())
    return respond(error_response(400, "cards: a list of card numbers is required"));
  std::set<std::string> seen;
  for (const auto& c : *cards) {
    if (!c.is_string()) return respond(error_response(400, "cards: card numbers are strings"));
    if (seen.insert(c.get<std::string>()).second) op.card_nos.push_back(c.get<std::string>());
  }
  op.kind = *kind;
  op.wallet = *wallet;
  op.amount = *amount;
  op.note = note.value_or("");
  op.now = now_ms();
  canteen_.issue_credits(std::move(op), [respond](Result<std::pair<int64_t, int>> issued) {
    if (!issued) return respond(error_response(issued.error()));
    respond(json_response(json{{"batch", issued->first}, {"terminals", issued->second}}, 201));
  });
}

void CanteenRoutes::purchases(const http::Request& request, const http::Responder& respond) {
  const auto query = protocol::Query::parse(request.query);
  auto page = page_of(query, respond);
  if (!page) return;
  store::PurchaseQuery q;
  q.after = page->after;
  q.limit = page->limit;
  if (auto sn = query.get("sn")) q.sn = std::string(*sn);
  if (auto card = query.get("card")) q.card_no = std::string(*card);
  for (auto [key, upper] : {std::pair{"from", false}, std::pair{"to", true}}) {
    auto value = query.get(key);
    if (!value) continue;
    auto bound = local_time_bound(*value, upper);
    if (!bound) return respond(error_response(400, std::string(key) + ": YYYY-MM-DD or YYYY-MM-DD HH:MM:SS"));
    (upper ? q.to : q.from) = *bound;
  }
  send_page(store_.canteen_purchases(q), q.limit, purchase_json, [](const store::PurchaseRow& r) { return r.id; },
            respond);
}

void CanteenRoutes::totals(const http::Request& request, const http::Responder& respond) {
  const auto query = protocol::Query::parse(request.query);
  const std::string date(protocol::trim(query.value_or("date", "")));
  auto day = local_time_bound(date, false);
  if (!day || date.size() != 10) return respond(error_response(400, "date must be YYYY-MM-DD"));
  auto rows = store_.canteen_day_totals(date);
  if (!rows) return respond(error_response(rows.error()));
  auto meals = store_.canteen_master("MEALTYPE");
  if (!meals) return respond(error_response(meals.error()));
  std::map<int, std::string> names;
  for (const auto& m : *meals) {
    std::optional<long long> mlid;
    std::string name;
    for (const auto& [k, v] : m.fields) {
      if (k == "Mlid") mlid = protocol::parse_int(v);
      if (k == "Name") name = v;
    }
    if (mlid) names[static_cast<int>(*mlid)] = name;
  }
  respond(json_response(day_totals_json(date, *rows, names)));
}

void CanteenRoutes::reconciliation(const http::Request& request, const http::Responder& respond) {
  const auto query = protocol::Query::parse(request.query);
  std::optional<store::DeviceId> device;
  if (auto sn = query.get("sn")) {
    auto d = devices_.registry().find(std::string(*sn));
    if (!d) return respond(error_response(404, "no device with SN " + std::string(*sn)));
    device = d->id();
  }
  auto rows = store_.canteen_reconciliation(device);
  if (!rows) return respond(error_response(rows.error()));
  json items = json::array();
  for (const auto& row : *rows) items.push_back(reconciliation_json(row));
  respond(json_response(json{{"items", std::move(items)}}));
}

void CanteenRoutes::master(const http::Request& request, std::string_view table, const std::vector<std::string>& parts,
                           const http::Responder& respond) {
  const std::string& method = request.method;
  const std::size_t n = parts.size();
  if (n == 4 && method == "GET") {
    auto rows = store_.canteen_master(std::string(table));
    if (!rows) return respond(error_response(rows.error()));
    json items = json::array();
    for (const auto& row : *rows) items.push_back(master_json(row));
    return respond(json_response(json{{"items", std::move(items)}}));
  }
  if (n == 4 && method == "POST") {  // (write)
    auto body = object_body(request, respond);
    if (!body) return;
    protocol::Fields fields;
    for (const auto& [key, value] : body->items()) {
      if (value.is_string()) fields.emplace_back(key, value.get<std::string>());
      else if (value.is_number_integer()) fields.emplace_back(key, std::to_string(value.get<int64_t>()));
      else return respond(error_response(400, key + ": a string or a whole number is required"));
    }
    return canteen_.put_master(std::string(table), fields, [respond](Result<store::CanteenMasterRow> row) {
      if (!row) return respond(error_response(row.error()));
      respond(json_response(master_json(*row), 201));
    });
  }
  if (n == 5 && method == "DELETE") {  // (write)
    return canteen_.delete_master(std::string(table), parts[4], [respond, key = parts[4]](Status s) {
      if (!s) return respond(error_response(s.error()));
      respond(json_response(json{{"deleted", key}}));
    });
  }
  respond(error_response(405, "method not allowed"));
}

void add_canteen_routes(RouteTable& routes, ApiContext& c) {
  // The canteen API keeps its own dispatch (CanteenRoutes::route); every
  // route is listed here for the scopes, the audit log and the OpenAPI check.
  auto canteen = std::make_shared<CanteenRoutes>(c.store, c.devices, c.canteen);
  auto add = [&routes, canteen](const char* method, std::string path, std::optional<store::Scope> scope,
                                std::string summary) {
    routes.add(method, "/api/v1/canteen/" + path, scope, std::move(summary), [canteen](ApiCall& call) {
      canteen->route(call.request, path_segments(call.request.path), call.respond);
    });
  };
  using store::Scope;
  add("GET", "cards", Scope::kRead, "Canteen cards with their balances");
  add("POST", "cards", Scope::kWrite, "Create a canteen card");
  add("GET", "cards/{no}", Scope::kRead, "One card (by number or SysID)");
  add("PATCH", "cards/{no}", Scope::kWrite, "Change a card; status lost or blacklisted black-lists it everywhere");
  add("DELETE", "cards/{no}", Scope::kWrite, "Delete a card that never booked anything");
  add("GET", "cards/{no}/ledger", Scope::kRead, "A card's ledger, each entry with the running balance");
  add("GET", "cards/{no}/credits", Scope::kRead, "Top-ups, refunds and subsidies issued to a card");
  add("POST", "credits", Scope::kWrite, "Issue top-ups, refunds or a subsidy (sent to terminals as SUBSIDYLOG)");
  add("GET", "purchases", Scope::kRead, "Purchases with their items (?sn=&card=&from=&to=)");
  add("GET", "totals", Scope::kRead, "Purchases per terminal and meal on a day (?date=YYYY-MM-DD)");
  add("GET", "reconciliation", Scope::kRead, "Per terminal: records, RecNo gaps, balance mismatches");
  add("GET", "terminals", Scope::kRead, "Canteen terminals: stamps, wallet mode, highest RecNo");
  add("POST", "terminals/{sn}/resend", Scope::kWrite, "Queue master data, card list and credits again");
  for (const auto& [resource, table] : kMasterResources) {
    const std::string name(resource);
    add("GET", name, Scope::kRead, "Master data rows: " + std::string(table));
    add("POST", name, Scope::kWrite, "Add or replace a master data row: " + std::string(table));
    add("DELETE", name + "/{key}", Scope::kWrite, "Delete a master data row: " + std::string(table));
  }
}

}  // namespace zkpush::api
