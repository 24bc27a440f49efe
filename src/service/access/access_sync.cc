#include "service/access/access_sync.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>

#include "protocol/access/table_commands.h"
#include "store/commit.h"
#include "util/clock.h"
#include "util/crypto.h"

namespace zkpush::service::access {

namespace {

// Everyone who holds a level, with their templates: read once per pass.
Result<std::vector<GrantedPerson>> granted_persons(store::Store& store, const store::AccessRights& rights) {
  std::set<int64_t> ids;
  for (const auto& [person, level] : rights.grants) ids.insert(person);
  std::vector<GrantedPerson> out;
  if (ids.empty()) return out;
  store::PersonQuery query;
  query.limit = 1000;
  for (;;) {
    auto page = store.persons(query);
    if (!page) return page.error();
    for (auto& person : *page) {
      if (!ids.count(person.id)) continue;
      auto biometrics = store.biometrics(person.id);
      if (!biometrics) return biometrics.error();
      out.push_back({std::move(person), std::move(*biometrics)});
    }
    if (static_cast<int>(page->size()) < query.limit) return out;
    query.after = page->back().id;
  }
}

// The PIN a row key starts with (panel_tables.h: key fields joined by TAB).
std::string pin_of(const std::string& key) { return key.substr(0, key.find('\t')); }

std::string hash_of(const protocol::Fields& row) {
  return sha256_hex(protocol::access::row_text(row)).substr(0, 16);
}

}  // namespace

AccessSync::AccessSync(store::Store& store, DeviceRegistry& registry) : store_(store), registry_(registry) {}

AccessSync::~AccessSync() { stop(); }

void AccessSync::start() {
  if (!thread_.joinable()) thread_ = std::thread([this] { run(); });
}

void AccessSync::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void AccessSync::reconcile(store::DeviceId panel) {
  {
    std::lock_guard lock(mu_);
    pending_.insert(panel);
  }
  cv_.notify_one();
}

void AccessSync::reconcile_all() {
  {
    std::lock_guard lock(mu_);
    all_ = true;
  }
  cv_.notify_one();
}

void AccessSync::flush() {
  std::unique_lock lock(mu_);
  idle_cv_.wait(lock, [this] { return (pending_.empty() && !all_ && !busy_) || stopping_; });
}

void AccessSync::run() {
  for (;;) {
    std::vector<store::DeviceId> panels;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [this] { return stopping_ || all_ || !pending_.empty(); });
      if (stopping_) return;
      if (all_) {
        for (const auto& device : registry_.all())
          if (device->speaks_access()) panels.push_back(device->id());
      } else {
        panels.assign(pending_.begin(), pending_.end());
      }
      all_ = false;
      pending_.clear();
      busy_ = true;
    }
    if (auto done = reconcile_now(panels); !done)
      spdlog::error("access sync: {} panel(s): {}", panels.size(), done.error().message);
    {
      std::lock_guard lock(mu_);
      busy_ = false;
    }
    idle_cv_.notify_all();
  }
}

Result<int> AccessSync::reconcile_now(const std::vector<store::DeviceId>& panels) {
  if (panels.empty()) return 0;
  auto rights = store_.access_rights();
  if (!rights) return rights.error();
  auto persons = granted_persons(store_, *rights);
  if (!persons) return persons.error();
  int queued = 0;
  for (store::DeviceId id : panels) {
    auto panel = registry_.find(id);
    if (!panel || !panel->speaks_access()) continue;
    registry_.fresh_properties(panel);  // LockCount, MultiBioDataSupport...
    // A node that lost the race to another reads what that one sent, once.
    Result<int> done = sync_panel(*panel, *rights, *persons);
    if (!done && done.error().kind == Error::Kind::kConflict) done = sync_panel(*panel, *rights, *persons);
    if (!done) return done.error();
    queued += *done;
  }
  return queued;
}

Result<int> AccessSync::sync_panel(const Device& panel, const store::AccessRights& rights,
                                   const std::vector<GrantedPerson>& persons) {
  namespace pa = protocol::access;
  auto held = store_.panel_rows(panel.id());
  if (!held) return held.error();
  std::map<std::pair<std::string, std::string>, std::string> sent;  // (table, key) -> hash
  for (auto& row : held->rows) sent[{row.table, row.key}] = row.hash;
  const PanelTables wanted = panel_tables(panel_profile(panel), rights, persons);

  store::SyncPanelRows record{panel.id(), held->version, {}, {}};
  std::map<std::string, std::vector<std::pair<std::string, protocol::Fields>>> updates;  // by table
  for (const auto& [table, rows] : wanted)
    for (const auto& [key, row] : rows) {
      std::string hash = hash_of(row);
      auto it = sent.find({table, key});
      if (it == sent.end() || it->second != hash) updates[table].emplace_back(key, row);
      if (it != sent.end()) sent.erase(it);
    }
  // What is left was sent and is no longer wanted. Holidays have no key to
  // delete by: all go, and the wanted ones again.
  bool holidays_gone = false;
  std::map<std::string, std::vector<std::string>> deletes;
  for (const auto& [table_key, hash] : sent) {
    deletes[table_key.first].push_back(table_key.second);
    holidays_gone = holidays_gone || table_key.first == "holiday";
  }
  if (holidays_gone && wanted.count("holiday")) {
    updates["holiday"].clear();
    for (const auto& [key, row] : wanted.at("holiday")) updates["holiday"].emplace_back(key, row);
  }
  // A person's rights are deleted by Pin alone (CN24 §12.1.2; a condition a
  // panel does not know may widen a delete, push3_catalog §3.3): the
  // person's other rows go too, and are sent again.
  std::set<std::string> rights_gone;
  for (const auto& key : deletes["userauthorize"]) rights_gone.insert(pin_of(key));
  if (!rights_gone.empty() && wanted.count("userauthorize")) {
    auto& again = updates["userauthorize"];
    for (const auto& [key, row] : wanted.at("userauthorize")) {
      const bool queued = std::any_of(again.begin(), again.end(), [&](const auto& u) { return u.first == key; });
      if (rights_gone.count(pin_of(key)) && !queued) again.emplace_back(key, row);
    }
  }

  store::WriteBatch batch;
  const int64_t now = now_ms();
  const auto& order = panel_table_order();
  for (auto table = order.rbegin(); table != order.rend(); ++table) {
    auto it = deletes.find(*table);
    if (it == deletes.end()) continue;
    if (*table == "holiday") {
      batch.add(store::EnqueueCommand{panel.id(), pa::data_delete("holiday", {}), now, ""});
    } else if (*table == "userauthorize") {
      for (const auto& pin : rights_gone)
        batch.add(store::EnqueueCommand{panel.id(), pa::data_delete("userauthorize", {{"Pin", pin}}), now, ""});
    } else {
      for (const auto& key : it->second)
        batch.add(store::EnqueueCommand{panel.id(), pa::data_delete(*table, delete_condition(*table, key)), now, ""});
    }
    for (const auto& key : it->second) record.deletes.push_back({*table, key, ""});
  }
  for (const auto& table : order) {
    auto it = updates.find(table);
    if (it == updates.end()) continue;
    for (const auto& [key, row] : it->second) {
      batch.add(store::EnqueueCommand{panel.id(), pa::data_update(table, {row}), now, ""});
      record.upserts.push_back({table, key, hash_of(row)});
    }
  }
  if (batch.ops.empty()) return 0;
  const int commands = static_cast<int>(batch.ops.size());
  batch.add(std::move(record));
  if (Status s = store::commit_and_wait(store_, batch); !s) return s.error();
  spdlog::info("access sync: panel {}: {} command(s) queued", panel.sn(), commands);
  return commands;
}

}  // namespace zkpush::service::access
