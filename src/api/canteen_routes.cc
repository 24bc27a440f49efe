// The canteen JSON API, under /api/v1/canteen/: every route one entry of the
// route table (add_canteen_routes). Amounts are integers in the
// terminals' unit (cents unless configured); a fractional amount is refused.
// Routes marked (write) change data; the others only read.
//
//   GET    cards?limit=&after=                  cards with balances
//   POST   cards              (write)           {"card_no", "sys_id"?, "holder"?, "pin"?, "password"?,
//                                                "card_type"?, "status"?, "opening_balance"?, "opening_sub_balance"?}
//   GET    cards/{no}                           one card (by number or SysID)
//   PATCH  cards/{no}         (write)           {"holder", "pin", "password", "card_type", "status"}:
//                                               status "lost" / "blacklisted" black-lists it on every terminal
//   DELETE cards/{no}         (write)           only a card that never booked anything
//   GET    cards/{no}/ledger?limit=&after=      its ledger entries, each with the running balance
//   GET    cards/{no}/credits                   issued top-ups/refunds/subsidies, collected or not
//   POST   credits            (write)           {"kind": "topup"|"refund"|"subsidy", "amount", "cards": [...],
//                                                "wallet"?: "main"|"sub", "note"?}: one batch, sent as SUBSIDYLOG
//   GET    purchases?sn=&card=&from=&to=&limit=&after=   purchases with their items
//   GET    totals?date=YYYY-MM-DD               purchases per terminal and meal on that day
//   GET    reconciliation?sn=                   per terminal: records, RecNo gaps, balance mismatches
//   GET    terminals                            canteen terminals: stamps, wallet mode, highest RecNo
//   POST   terminals/{sn}/resend  (write)       queue master data, card list and credits again
//   GET    products|hotkeys|meals|timesegs|fixed|cardtypes          master data rows
//   POST   products|hotkeys|meals|timesegs|fixed|cardtypes (write)  one row in the protocol's keys,
//                                               e.g. {"StoreNo": 1, "Name": "Rice", "Price": 350}
//   DELETE products|...|cardtypes/{key} (write)  key as listed ("1", or "1-2" for a time segment)

#include <array>
#include <nlohmann/json.hpp>
#include <set>

#include "api/api_router.h"
#include "api/canteen_json.h"
#include "api/responses.h"
#include "protocol/query.h"
#include "protocol/text.h"
#include "util/clock.h"

namespace zkpush::api {

using nlohmann::json;
using store::Scope;

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

void list_cards(ApiContext& c, ApiCall& call) {
  auto page = page_of(call.query, call.respond);
  if (!page) return;
  send_page(c.store.canteen_cards(*page), page->limit, card_json,
            [](const store::CanteenCardRow& row) { return row.id; }, call.respond);
}

// Answers with the card as stored now (after a write).
void send_card(store::Store& store, const std::string& card_no, int status, const http::Responder& respond) {
  auto card = store.canteen_card(card_no);
  if (!card) return respond(error_response(card.error()));
  if (!card->has_value()) return respond(error_response(404, "no card " + card_no));
  respond(json_response(card_json(**card), status));
}

void get_card(ApiContext& c, ApiCall& call) { send_card(c.store, call.param(0), 200, call.respond); }

void create_card(ApiContext& c, ApiCall& call) {
  const http::Responder& respond = call.respond;
  auto body = object_body(call.request, respond);
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
  c.canteen.create_card(std::move(op), [&store = c.store, no, respond](Status s) {
    if (!s) return respond(s.error().kind == Error::Kind::kInvalidInput ? error_response(409, s.error().message) : error_response(s.error()));
    send_card(store, no, 201, respond);
  });
}

void patch_card(ApiContext& c, ApiCall& call) {
  const http::Responder& respond = call.respond;
  auto body = object_body(call.request, respond);
  if (!body) return;
  store::UpdateCanteenCard op;
  std::optional<int64_t> card_type;
  if (!read_text(*body, "holder", op.holder, respond) || !read_text(*body, "pin", op.pin, respond) ||
      !read_text(*body, "password", op.password, respond) || !read_integer(*body, "card_type", card_type, respond) ||
      !read_status(*body, op.status, respond))
    return;
  if (card_type) op.card_type = static_cast<int>(*card_type);
  op.card_no = call.param(0);
  op.now = now_ms();
  c.canteen.update_card(std::move(op), [&store = c.store, card_no = call.param(0), respond](Status s) {
    if (!s) return respond(error_response(s.error()));
    send_card(store, card_no, 200, respond);
  });
}

void delete_card(ApiContext& c, ApiCall& call) {
  c.canteen.delete_card(call.param(0), [respond = call.respond, card_no = call.param(0)](Status status) {
    if (!status) return respond(error_response(status.error()));
    respond(json_response(json{{"deleted", card_no}}));
  });
}

void card_ledger(ApiContext& c, ApiCall& call) {
  auto page = page_of(call.query, call.respond);
  if (!page) return;
  send_page(c.store.canteen_ledger(call.param(0), *page), page->limit, ledger_json,
            [](const store::LedgerRow& row) { return row.id; }, call.respond);
}

void card_credits(ApiContext& c, ApiCall& call) {
  auto credits = c.store.canteen_credits(call.param(0));
  if (!credits) return call.respond(error_response(credits.error()));
  json items = json::array();
  for (const auto& credit : *credits) items.push_back(credit_json(credit));
  call.respond(json_response(json{{"items", std::move(items)}}));
}

// The "cards" of a credits body, each once; false (and a 400 sent) when bad.
bool read_card_list(const json& body, std::vector<std::string>& card_nos, const http::Responder& respond) {
  auto cards = body.find("cards");
  if (cards == body.end() || !cards->is_array() || cards->empty()) {
    respond(error_response(400, "cards: a list of card numbers is required"));
    return false;
  }
  std::set<std::string> seen;
  for (const auto& card : *cards) {
    if (!card.is_string()) {
      respond(error_response(400, "cards: card numbers are strings"));
      return false;
    }
    if (seen.insert(card.get<std::string>()).second) card_nos.push_back(card.get<std::string>());
  }
  return true;
}

void issue_credits(ApiContext& c, ApiCall& call) {
  const http::Responder& respond = call.respond;
  auto body = object_body(call.request, respond);
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
  if (!read_card_list(*body, op.card_nos, respond)) return;
  op.kind = *kind;
  op.wallet = *wallet;
  op.amount = *amount;
  op.note = note.value_or("");
  op.now = now_ms();
  c.canteen.issue_credits(std::move(op), [respond](Result<std::pair<int64_t, int>> issued) {
    if (!issued) return respond(error_response(issued.error()));
    respond(json_response(json{{"batch", issued->first}, {"terminals", issued->second}}, 201));
  });
}

void purchases(ApiContext& c, ApiCall& call) {
  auto page = page_of(call.query, call.respond);
  if (!page) return;
  store::PurchaseQuery q;
  q.after = page->after;
  q.limit = page->limit;
  if (auto sn = call.query.get("sn")) q.sn = std::string(*sn);
  if (auto card = call.query.get("card")) q.card_no = std::string(*card);
  for (auto [key, upper] : {std::pair{"from", false}, std::pair{"to", true}}) {
    auto value = call.query.get(key);
    if (!value) continue;
    auto bound = local_time_bound(*value, upper);
    if (!bound) return call.respond(error_response(400, std::string(key) + ": YYYY-MM-DD or YYYY-MM-DD HH:MM:SS"));
    (upper ? q.to : q.from) = *bound;
  }
  send_page(c.store.canteen_purchases(q), q.limit, purchase_json, [](const store::PurchaseRow& r) { return r.id; },
            call.respond);
}

// Meal names by Mlid, from the MEALTYPE master table.
Result<std::map<int, std::string>> meal_names(store::Store& store) {
  auto meals = store.canteen_master("MEALTYPE");
  if (!meals) return meals.error();
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
  return names;
}

void totals(ApiContext& c, ApiCall& call) {
  const std::string date(protocol::trim(call.query.value_or("date", "")));
  auto day = local_time_bound(date, false);
  if (!day || date.size() != 10) return call.respond(error_response(400, "date must be YYYY-MM-DD"));
  auto rows = c.store.canteen_day_totals(date);
  if (!rows) return call.respond(error_response(rows.error()));
  auto names = meal_names(c.store);
  if (!names) return call.respond(error_response(names.error()));
  call.respond(json_response(day_totals_json(date, *rows, *names)));
}

void reconciliation(ApiContext& c, ApiCall& call) {
  std::optional<store::DeviceId> device;
  if (auto sn = call.query.get("sn")) {
    auto d = c.devices.registry().find(std::string(*sn));
    if (!d) return call.respond(error_response(404, "no device with SN " + std::string(*sn)));
    device = d->id();
  }
  auto rows = c.store.canteen_reconciliation(device);
  if (!rows) return call.respond(error_response(rows.error()));
  json items = json::array();
  for (const auto& row : *rows) items.push_back(reconciliation_json(row));
  call.respond(json_response(json{{"items", std::move(items)}}));
}

void terminals(ApiContext& c, ApiCall& call) {
  json items = json::array();
  for (const auto& terminal : c.canteen.terminals())
    if (auto device = c.devices.registry().find(terminal->id())) items.push_back(terminal_json(device->sn(), *terminal));
  call.respond(json_response(json{{"items", std::move(items)}}));
}

void resend(ApiContext& c, ApiCall& call) {
  c.canteen.resend_all(call.param(0), [respond = call.respond](Result<int> queued) {
    if (!queued) return respond(error_response(queued.error()));
    respond(json_response(json{{"queued", *queued}}));
  });
}

void list_master(ApiContext& c, ApiCall& call, const std::string& table) {
  auto rows = c.store.canteen_master(table);
  if (!rows) return call.respond(error_response(rows.error()));
  json items = json::array();
  for (const auto& row : *rows) items.push_back(master_json(row));
  call.respond(json_response(json{{"items", std::move(items)}}));
}

void put_master(ApiContext& c, ApiCall& call, const std::string& table) {
  auto body = object_body(call.request, call.respond);
  if (!body) return;
  protocol::Fields fields;
  for (const auto& [key, value] : body->items()) {
    if (value.is_string()) fields.emplace_back(key, value.get<std::string>());
    else if (value.is_number_integer()) fields.emplace_back(key, std::to_string(value.get<int64_t>()));
    else return call.respond(error_response(400, key + ": a string or a whole number is required"));
  }
  c.canteen.put_master(table, fields, [respond = call.respond](Result<store::CanteenMasterRow> row) {
    if (!row) return respond(error_response(row.error()));
    respond(json_response(master_json(*row), 201));
  });
}

void delete_master(ApiContext& c, ApiCall& call, const std::string& table) {
  c.canteen.delete_master(table, call.param(0), [respond = call.respond, key = call.param(0)](Status s) {
    if (!s) return respond(error_response(s.error()));
    respond(json_response(json{{"deleted", key}}));
  });
}

}  // namespace

void add_canteen_routes(RouteTable& routes, ApiContext& c) {
  const std::string prefix = "/api/v1/canteen/";
  using Handler = void (*)(ApiContext&, ApiCall&);
  auto add = [&](const char* method, const std::string& path, Scope scope, std::string summary, Handler handler) {
    routes.add(method, prefix + path, scope, std::move(summary), [&c, handler](ApiCall& call) { handler(c, call); });
  };
  add("GET", "cards", Scope::kRead, "Canteen cards with their balances", list_cards);
  add("POST", "cards", Scope::kWrite, "Create a canteen card", create_card);
  add("GET", "cards/{no}", Scope::kRead, "One card (by number or SysID)", get_card);
  add("PATCH", "cards/{no}", Scope::kWrite, "Change a card; status lost or blacklisted black-lists it everywhere",
      patch_card);
  add("DELETE", "cards/{no}", Scope::kWrite, "Delete a card that never booked anything", delete_card);
  add("GET", "cards/{no}/ledger", Scope::kRead, "A card's ledger, each entry with the running balance", card_ledger);
  add("GET", "cards/{no}/credits", Scope::kRead, "Top-ups, refunds and subsidies issued to a card", card_credits);
  add("POST", "credits", Scope::kWrite, "Issue top-ups, refunds or a subsidy (sent to terminals as SUBSIDYLOG)",
      issue_credits);
  add("GET", "purchases", Scope::kRead, "Purchases with their items (?sn=&card=&from=&to=)", purchases);
  add("GET", "totals", Scope::kRead, "Purchases per terminal and meal on a day (?date=YYYY-MM-DD)", totals);
  add("GET", "reconciliation", Scope::kRead, "Per terminal: records, RecNo gaps, balance mismatches", reconciliation);
  add("GET", "terminals", Scope::kRead, "Canteen terminals: stamps, wallet mode, highest RecNo", terminals);
  add("POST", "terminals/{sn}/resend", Scope::kWrite, "Queue master data, card list and credits again", resend);
  for (const auto& [resource, table_name] : kMasterResources) {
    const std::string name(resource), table(table_name);
    auto on_table = [&c, table](void (*handler)(ApiContext&, ApiCall&, const std::string&)) {
      return [&c, table, handler](ApiCall& call) { handler(c, call, table); };
    };
    const std::string path = prefix + name;
    routes.add("GET", path, Scope::kRead, "Master data rows: " + table, on_table(list_master));
    routes.add("POST", path, Scope::kWrite, "Add or replace a master data row: " + table, on_table(put_master));
    routes.add("DELETE", path + "/{key}", Scope::kWrite, "Delete a master data row: " + table,
               on_table(delete_master));
  }
}

}  // namespace zkpush::api
