#include "api/canteen_json.h"

#include "api/json_views.h"

namespace zkpush::api {

using nlohmann::json;
using protocol::canteen::Family;

namespace {

json optional_int(const std::optional<int64_t>& v) { return v ? json(*v) : json(nullptr); }

json family_json(const std::optional<Family>& family) {
  return family ? json(protocol::canteen::names_of(*family).name) : json(nullptr);
}

}  // namespace

json card_json(const store::CanteenCardRow& row) {
  const auto& c = row.card;
  return json{{"card_no", c.card_no},
              {"sys_id", c.sys_id},
              {"holder", c.holder},
              {"pin", c.pin},
              {"has_password", !c.password.empty()},
              {"card_type", c.card_type},
              {"status", store::name_of(c.status)},
              {"from_terminal", row.from_terminal},
              {"balance", {{"main", row.balance_main}, {"sub", row.balance_sub}}},
              {"reported_balance", {{"main", optional_int(row.reported_main)}, {"sub", optional_int(row.reported_sub)}}},
              {"pending_credit", row.pending_credit},
              {"mismatches", row.mismatches},
              {"created_at", iso_time(row.created_at)},
              {"updated_at", iso_time(row.updated_at)}};
}

json ledger_json(const store::LedgerRow& row) {
  return json{{"id", row.id},
              {"card_no", row.card_no},
              {"wallet", store::name_of(row.wallet)},
              {"kind", store::name_of(row.kind)},
              {"amount", row.amount},
              {"card_seq", row.card_seq},
              {"ledger_balance", row.ledger_balance},
              {"reported_balance", optional_int(row.reported_balance)},
              {"mismatch", row.mismatch()},
              {"sn", row.sn.empty() ? json(nullptr) : json(row.sn)},
              {"family", family_json(row.family)},
              {"rec_no", optional_int(row.rec_no)},
              {"batch", optional_int(row.batch)},
              {"created_at", iso_time(row.created_at)}};
}

json credit_json(const store::CanteenCreditRow& row) {
  return json{{"batch", row.batch},
              {"card_no", row.card_no},
              {"kind", store::name_of(row.kind)},
              {"wallet", store::name_of(row.wallet)},
              {"amount", row.amount},
              {"issued_at", iso_time(row.issued_at)},
              {"collected", row.collected}};
}

json purchase_json(const store::PurchaseRow& row) {
  const auto& t = row.record;
  json items = json::array();
  for (const auto& d : row.items)
    items.push_back({{"kind", d.kind == protocol::canteen::ItemDetail::Kind::kProduct ? "product" : "key"},
                     {"item", d.item},
                     {"price", d.price},
                     {"rec_sum", d.rec_sum}});
  json sub = nullptr;
  if (t.sub) sub = {{"money", t.sub->money}, {"balance", t.sub->balance}, {"user_pin", t.sub->user_pin}};
  return json{{"id", row.id},
              {"sn", row.sn},
              {"rec_no", t.rec_no},
              {"card_no", t.card_no},
              {"sys_id", t.sys_id},
              {"card_seq", t.card_seq},
              {"time", t.time},
              {"time_zone", row.time_zone},
              {"money", t.money},
              {"balance", t.balance},
              {"sub_wallet", std::move(sub)},
              {"state", t.kind},
              {"meal_type", t.meal_type},
              {"meal_date", t.meal_date},
              {"operator", t.op_id},
              {"backup", row.backup},
              {"items", std::move(items)},
              {"received_at", iso_time(row.received_at)}};
}

json master_json(const store::CanteenMasterRow& row) {
  json fields = json::object();
  for (const auto& [k, v] : row.fields) fields[k] = v;
  return json{{"table", row.table}, {"key", row.key}, {"fields", std::move(fields)}, {"updated_at", iso_time(row.updated_at)}};
}

json day_totals_json(const std::string& date, const std::vector<store::DayTotalRow>& rows,
                     const std::map<int, std::string>& meal_names) {
  json items = json::array();
  int64_t purchases = 0, money = 0, sub_money = 0;
  for (const auto& r : rows) {
    auto name = meal_names.find(r.meal_type);
    items.push_back({{"sn", r.sn},
                     {"meal_type", r.meal_type},
                     {"meal", name == meal_names.end() ? json(nullptr) : json(name->second)},
                     {"purchases", r.purchases},
                     {"money", r.money},
                     {"sub_money", r.sub_money}});
    purchases += r.purchases;
    money += r.money;
    sub_money += r.sub_money;
  }
  return json{{"date", date},
              {"items", std::move(items)},
              {"total", {{"purchases", purchases}, {"money", money}, {"sub_money", sub_money}}}};
}

json reconciliation_json(const store::ReconciliationRow& row) {
  json families = json::object();
  for (const auto& f : row.families)
    families[std::string(protocol::canteen::names_of(f.family).name)] = {{"records", f.records},
                                                                          {"first_rec_no", optional_int(f.first_rec_no)},
                                                                          {"highest_rec_no", optional_int(f.highest_rec_no)},
                                                                          {"money", f.money}};
  json gaps = json::array();
  int open = 0;
  for (const auto& g : row.gaps) {
    if (!g.healed_at) ++open;
    gaps.push_back({{"family", protocol::canteen::names_of(g.family).name},
                    {"first_rec_no", g.first_rec_no},
                    {"last_rec_no", g.last_rec_no},
                    {"still_missing", g.still_missing},
                    {"source", g.source},
                    {"detected_at", iso_time(g.detected_at)},
                    {"sync_command", g.sync_command ? json(*g.sync_command) : json(nullptr)},
                    {"healed_at", g.healed_at ? json(iso_time(*g.healed_at)) : json(nullptr)}});
  }
  json mismatches = json::array();
  for (const auto& m : row.mismatches) mismatches.push_back(ledger_json(m));
  return json{{"sn", row.sn},
              {"records", std::move(families)},
              {"rejected_lines", row.rejected_lines},
              {"open_gaps", open},
              {"gaps", std::move(gaps)},
              {"balance_mismatches", std::move(mismatches)}};
}

json terminal_json(const std::string& sn, const service::canteen::CanteenTerminal& terminal) {
  json highest = json::object();
  for (const auto& f : protocol::canteen::kFamilies) highest[std::string(f.name)] = terminal.highest(f.family);
  return json{{"sn", sn},
              {"fun_type", terminal.fun_type()},
              {"dual_wallet", terminal.dual_wallet()},
              {"fulllog_order", store::name_of(terminal.fulllog_order())},
              {"stamps", terminal.stamps()},
              {"highest_rec_no", std::move(highest)}};
}

}  // namespace zkpush::api
