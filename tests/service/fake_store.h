// A Store that records what the service asks of it, for service unit tests:
// writes are "committed" at once (ids assigned), and every call is counted,
// so a test can prove that a code path never touches storage.
#pragma once

#include <atomic>
#include <map>
#include <string>
#include <vector>

#include "store/store.h"

namespace zkpush::test {

class FakeStore : public store::Store {
 public:
  std::atomic<int> calls{0};  // every method, reads and writes
  std::vector<store::WriteBatch> committed;
  std::vector<store::CommandRow> queued;  // what queued_commands() returns
  std::vector<store::CanteenCardRow> cards;        // what canteen_card(s)() return
  std::vector<store::CanteenMasterRow> master;     // what canteen_master() returns
  std::vector<store::PersonRow> assigned;          // sync_state().assigned, for every device
  std::vector<store::SyncRow> synced;              // sync_state().sent, for every device
  std::vector<store::DeviceId> sync_state_asked;   // each sync_state(device) call's device
  std::map<int64_t, std::vector<store::BiometricRow>> biometrics_of;  // by person id
  std::vector<store::WebhookRow> webhooks_on_file;  // what webhooks() returns
  std::vector<store::EventRow> events;              // the events table, by id
  std::vector<store::DeviceRow> devices_on_file;    // what device(id) finds
  std::vector<store::DeviceId> devices_asked;       // each device(id) call's id
  // What SettleOverdueCommands finds to queue again (the device of each).
  std::vector<store::DeviceId> requeue_on_settle;
  bool fail_writes = false;
  // When set, submitted batches wait (in order) until release_one() commits
  // the oldest: a test can look at the service between two commits.
  bool hold_commits = false;

  void submit(store::WriteBatch batch, store::WriteCallback done) override {
    ++calls;
    if (hold_commits) {
      held_.emplace_back(std::move(batch), std::move(done));
      return;
    }
    commit(std::move(batch), std::move(done));
  }
  // Commits the oldest held batch; false when none waits.
  bool release_one() {
    if (held_.empty()) return false;
    auto [batch, done] = std::move(held_.front());
    held_.erase(held_.begin());
    commit(std::move(batch), std::move(done));
    return true;
  }
  // Every committed op of type Op, in commit order.
  template <typename Op>
  std::vector<Op> committed_ops() const {
    std::vector<Op> found;
    for (const auto& batch : committed)
      for (const auto& op : batch.ops)
        if (const auto* o = std::get_if<Op>(&op)) found.push_back(*o);
    return found;
  }
  void flush() override { ++calls; }
  void watch_write_health(WriteHealthObserver) override {}
  Result<std::vector<store::DeviceRow>> load_devices() override { ++calls; return std::vector<store::DeviceRow>{}; }
  Result<std::optional<store::DeviceRow>> device(store::DeviceId id) override {
    ++calls;
    devices_asked.push_back(id);
    for (const auto& row : devices_on_file)
      if (row.id == id) return std::optional<store::DeviceRow>(row);
    return std::optional<store::DeviceRow>();
  }
  Result<std::vector<store::LastSeen>> seen_since(store::TimeMs) override {
    return none<std::vector<store::LastSeen>>();
  }
  Result<std::optional<store::DeviceRow>> device(const std::string&) override {
    return none<std::optional<store::DeviceRow>>();
  }
  Result<std::vector<store::CommandRow>> load_open_commands() override {
    ++calls;
    return std::vector<store::CommandRow>{};
  }
  Result<std::vector<store::CommandRow>> queued_commands(store::DeviceId, int) override {
    ++calls;
    return queued;
  }
  Result<std::optional<store::CommandRow>> command(const std::string&) override {
    ++calls;
    return std::optional<store::CommandRow>{};
  }
  Result<std::vector<store::CommandRow>> device_commands(store::DeviceId, const store::PageQuery&) override {
    ++calls;
    return std::vector<store::CommandRow>{};
  }
  Result<store::CommandCounts> command_counts() override {
    ++calls;
    return store::CommandCounts{};
  }
  Result<std::map<store::DeviceId, int64_t>> queued_counts() override {
    return none<std::map<store::DeviceId, int64_t>>();
  }
  void watch_changes(std::function<void(const std::vector<store::Change>&)>) override {}
  bool changes_complete() const override { return true; }
  Result<std::vector<store::AttendanceRow>> attendance(const store::AttendanceQuery&) override {
    ++calls;
    return std::vector<store::AttendanceRow>{};
  }
  Result<std::vector<store::UserRow>> users(store::DeviceId, const store::PageQuery&) override {
    ++calls;
    return std::vector<store::UserRow>{};
  }
  Result<std::vector<store::TemplateRow>> templates(store::DeviceId, const store::PageQuery&) override {
    ++calls;
    return std::vector<store::TemplateRow>{};
  }
  Result<std::vector<store::OplogRow>> oplog(store::DeviceId, const store::PageQuery&) override {
    ++calls;
    return std::vector<store::OplogRow>{};
  }
  Result<std::vector<store::PhotoRow>> photos(store::DeviceId, const store::PageQuery&) override {
    ++calls;
    return std::vector<store::PhotoRow>{};
  }
  Result<std::optional<std::string>> photo_bytes(int64_t) override {
    ++calls;
    return std::optional<std::string>{};
  }
  Result<std::vector<store::ErrorlogRow>> errorlog(store::DeviceId, const store::PageQuery&) override {
    ++calls;
    return std::vector<store::ErrorlogRow>{};
  }
  Result<std::vector<store::GenericRow>> generic_records(store::DeviceId, const std::optional<std::string>&,
                                                        const store::PageQuery&) override {
    ++calls;
    return std::vector<store::GenericRow>{};
  }
  Result<std::vector<store::RejectedRow>> rejected_lines(store::DeviceId, const store::PageQuery&) override {
    ++calls;
    return std::vector<store::RejectedRow>{};
  }
  Result<std::vector<store::CanteenTerminalRow>> load_canteen_terminals() override {
    ++calls;
    return std::vector<store::CanteenTerminalRow>{};
  }
  Result<std::optional<store::CanteenCardRow>> canteen_card(const std::string& card) override {
    ++calls;
    for (const auto& c : cards)
      if (c.card.card_no == card || c.card.sys_id == card) return std::optional<store::CanteenCardRow>(c);
    return std::optional<store::CanteenCardRow>{};
  }
  Result<std::vector<store::CanteenCardRow>> canteen_cards(const store::PageQuery&) override {
    ++calls;
    return cards;
  }
  Result<std::vector<store::LedgerRow>> canteen_ledger(const std::string&, const store::PageQuery&) override {
    ++calls;
    return std::vector<store::LedgerRow>{};
  }
  Result<std::vector<store::CanteenCreditRow>> canteen_credits(const std::string&) override {
    ++calls;
    return std::vector<store::CanteenCreditRow>{};
  }
  Result<std::vector<store::PurchaseRow>> canteen_purchases(const store::PurchaseQuery&) override {
    ++calls;
    return std::vector<store::PurchaseRow>{};
  }
  Result<std::vector<store::DayTotalRow>> canteen_day_totals(const std::string&) override {
    ++calls;
    return std::vector<store::DayTotalRow>{};
  }
  Result<std::vector<store::ReconciliationRow>> canteen_reconciliation(std::optional<store::DeviceId>) override {
    ++calls;
    return std::vector<store::ReconciliationRow>{};
  }
  Result<std::vector<store::CanteenMasterRow>> canteen_master(const std::string&) override {
    ++calls;
    return master;
  }


  // Admin API reads: nothing on file.
  template <typename T>
  Result<T> none() {
    ++calls;
    return T{};
  }
  Result<int64_t> attendance_total(const store::AttendanceQuery&) override { return int64_t{0}; }
  Result<int64_t> attendance_count(store::DeviceId, const std::string&, const std::string&) override {
    return none<int64_t>();
  }
  Result<std::vector<store::TokenRow>> tokens() override { return none<std::vector<store::TokenRow>>(); }
  Result<std::map<std::string, std::string>> server_settings() override {
    return none<std::map<std::string, std::string>>();
  }
  Result<std::vector<store::AuditRow>> audit_log(const store::PageQuery&) override {
    return none<std::vector<store::AuditRow>>();
  }
  Result<std::vector<store::PersonRow>> persons(const store::PersonQuery&) override {
    return none<std::vector<store::PersonRow>>();
  }
  Result<std::optional<store::PersonRow>> person(const std::string&) override {
    return none<std::optional<store::PersonRow>>();
  }
  Result<std::vector<store::BiometricRow>> biometrics(int64_t person_id) override {
    ++calls;
    auto it = biometrics_of.find(person_id);
    return it == biometrics_of.end() ? std::vector<store::BiometricRow>{} : it->second;
  }
  Result<store::Assignments> assignments(int64_t) override { return none<store::Assignments>(); }
  Result<std::vector<store::GroupRow>> groups() override { return none<std::vector<store::GroupRow>>(); }
  Result<store::SyncState> sync_state(store::DeviceId device) override {
    ++calls;
    sync_state_asked.push_back(device);
    return store::SyncState{assigned, synced};
  }
  Result<store::EventCursor> event_end() override { return none<store::EventCursor>(); }
  Result<std::vector<store::EventRow>> events_after(int64_t after, int limit) override {
    ++calls;
    std::vector<store::EventRow> page;
    for (const auto& e : events)
      if (e.id > after && static_cast<int>(page.size()) < limit) page.push_back(e);
    return page;
  }
  Result<std::vector<store::PhotoRow>> attendance_photos_after(int64_t, int) override {
    return none<std::vector<store::PhotoRow>>();
  }
  Result<std::vector<store::WebhookRow>> webhooks() override {
    ++calls;
    return webhooks_on_file;
  }
  Result<std::vector<store::DeliveryRow>> deliveries(int64_t, const store::PageQuery&) override {
    return none<std::vector<store::DeliveryRow>>();
  }
  Result<store::DeliverySummary> delivery_summary(int64_t) override { return none<store::DeliverySummary>(); }
  Result<std::vector<store::TerminalFileRow>> terminal_files() override {
    return none<std::vector<store::TerminalFileRow>>();
  }
  Result<std::optional<store::TerminalFileRow>> terminal_file(const std::string&) override {
    return none<std::optional<store::TerminalFileRow>>();
  }
  Result<std::vector<store::CommandRow>> recent_commands(const store::CommandQuery&) override {
    return none<std::vector<store::CommandRow>>();
  }
  Result<std::vector<store::RejectedRow>> recent_rejected(int64_t, int) override {
    return none<std::vector<store::RejectedRow>>();
  }
  Result<std::vector<store::HourCount>> punches_per_hour(store::TimeMs) override {
    return none<std::vector<store::HourCount>>();
  }
  Result<std::vector<store::DeviceActivity>> device_activity() override {
    return none<std::vector<store::DeviceActivity>>();
  }
  Result<std::vector<store::AccessEventRow>> access_events(const store::AccessEventQuery&) override {
    return none<std::vector<store::AccessEventRow>>();
  }
  Result<std::vector<store::DoorStateRow>> door_states(std::optional<store::DeviceId>) override {
    return none<std::vector<store::DoorStateRow>>();
  }
  Result<store::AccessRights> access_rights() override { return none<store::AccessRights>(); }
  Result<store::PanelRows> panel_rows(store::DeviceId) override { return none<store::PanelRows>(); }
  Result<std::vector<store::AccountRow>> accounts() override { return none<std::vector<store::AccountRow>>(); }
  Result<std::optional<store::AccountRow>> account(const std::string&) override {
    return none<std::optional<store::AccountRow>>();
  }
  Result<std::optional<std::string>> server_secret(const std::string&) override { return std::optional<std::string>(); }
  Result<int64_t> persons_total(const store::PersonQuery&) override { return int64_t{0}; }
  Result<std::optional<store::SessionRow>> session(const std::string&) override {
    return none<std::optional<store::SessionRow>>();
  }
  Result<store::SignInFailures> sign_in_failures(const std::string&, const std::string&, store::TimeMs) override {
    return none<store::SignInFailures>();
  }

 private:
  void commit(store::WriteBatch batch, store::WriteCallback done) {
    if (fail_writes) {
      done(Error::storage("disk full"), batch);
      return;
    }
    for (auto& op : batch.ops) {
      if (auto* c = std::get_if<store::CreateDevice>(&op)) {
        c->id = ++next_id_;
        c->created = true;
      }
      if (auto* e = std::get_if<store::EnqueueCommand>(&op)) e->id = std::to_string(++next_id_);
      if (auto* a = std::get_if<store::InsertAttendance>(&op)) a->inserted = static_cast<int>(a->records.size());
      if (auto* r = std::get_if<store::RecordCommandReply>(&op)) r->applied = true;
      if (auto* m = std::get_if<store::MarkCommandsSent>(&op)) m->claimed = m->ids;
      if (auto* l = std::get_if<store::ClaimLease>(&op)) l->held = true;
      if (auto* s = std::get_if<store::SettleOverdueCommands>(&op)) s->requeued_for = requeue_on_settle;
    }
    // Kept before the callback, which may move the batch away (commit_and_wait).
    committed.push_back(batch);
    done(Status::success(), batch);
  }

  int64_t next_id_ = 0;
  std::vector<std::pair<store::WriteBatch, store::WriteCallback>> held_;
};

}  // namespace zkpush::test
