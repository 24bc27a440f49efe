// store::Store over SQL, for either database: writes go to the group-commit
// Writer (writer.h) on one connection, reads lease a connection from a
// ReadPool (read_pool.h). open_sqlite_store() and open_postgres_store() build
// one with their own connections.
#pragma once

#include <memory>
#include <string>

#include "store/sql/read_pool.h"
#include "store/sql/writer.h"
#include "store/store.h"

namespace zkpush::store::sql {

class SqlStore final : public Store {
 public:
  // `writer_db` is configured and migrated; `open_reader` opens a reader;
  // `feed` carries committed changes; `reopen_writer`, if any, replaces a
  // lost writer connection.
  SqlStore(std::unique_ptr<Connection> writer_db, ReadPool::Opener open_reader, std::unique_ptr<ChangeFeed> feed,
           Writer::Reopener reopen_writer = {});
  // Commits what is queued (its callbacks may still read), then closes the
  // readers, then the writer connection (with SQLite, the last connection to
  // close checkpoints the WAL into the database file).
  ~SqlStore() override;

  void submit(WriteBatch batch, WriteCallback done) override;
  void flush() override;
  void watch_write_health(WriteHealthObserver observer) override;
  void watch_changes(std::function<void(const std::vector<Change>&)> listener) override {
    feed_->watch(std::move(listener));
  }
  bool changes_complete() const override { return feed_->complete(); }

  Result<std::vector<DeviceRow>> load_devices() override;
  Result<std::vector<LastSeen>> seen_since(TimeMs since) override;
  Result<std::optional<DeviceRow>> device(DeviceId id) override;
  Result<std::optional<DeviceRow>> device(const std::string& sn) override;
  Result<std::vector<CommandRow>> load_open_commands() override;
  Result<std::vector<CommandRow>> queued_commands(DeviceId device, int limit) override;
  Result<std::optional<CommandRow>> command(const std::string& id) override;
  Result<std::vector<CommandRow>> device_commands(DeviceId device, const PageQuery& page) override;
  Result<CommandCounts> command_counts() override;
  Result<std::map<DeviceId, int64_t>> queued_counts() override;
  Result<std::vector<AttendanceRow>> attendance(const AttendanceQuery& query) override;
  Result<int64_t> attendance_count(DeviceId device, const std::string& from, const std::string& to) override;
  Result<int64_t> attendance_total(const AttendanceQuery& query) override;
  Result<std::vector<UserRow>> users(DeviceId device, const PageQuery& page) override;
  Result<std::vector<TemplateRow>> templates(DeviceId device, const PageQuery& page) override;
  Result<std::vector<OplogRow>> oplog(DeviceId device, const PageQuery& page) override;
  Result<std::vector<PhotoRow>> photos(DeviceId device, const PageQuery& page) override;
  Result<std::optional<std::string>> photo_bytes(int64_t photo_id) override;
  Result<std::vector<ErrorlogRow>> errorlog(DeviceId device, const PageQuery& page) override;
  Result<std::vector<GenericRow>> generic_records(DeviceId device, const std::optional<std::string>& table,
                                                 const PageQuery& page) override;
  Result<std::vector<RejectedRow>> rejected_lines(DeviceId device, const PageQuery& page) override;
  Result<std::vector<TokenRow>> tokens() override;
  Result<std::map<std::string, std::string>> server_settings() override;
  Result<std::vector<AuditRow>> audit_log(const PageQuery& page) override;
  Result<std::vector<PersonRow>> persons(const PersonQuery& query) override;
  Result<std::optional<PersonRow>> person(const std::string& pin) override;
  Result<std::vector<BiometricRow>> biometrics(int64_t person_id) override;
  Result<Assignments> assignments(int64_t person_id) override;
  Result<std::vector<GroupRow>> groups() override;
  Result<SyncState> sync_state(DeviceId device) override;
  Result<EventCursor> event_end() override;
  Result<std::vector<EventRow>> events_after(int64_t after, int limit) override;
  Result<std::vector<PhotoRow>> attendance_photos_after(int64_t after, int limit) override;
  Result<std::vector<WebhookRow>> webhooks() override;
  Result<std::vector<DeliveryRow>> deliveries(int64_t webhook_id, const PageQuery& page) override;
  Result<DeliverySummary> delivery_summary(int64_t webhook_id) override;
  Result<std::vector<CanteenTerminalRow>> load_canteen_terminals() override;
  Result<std::optional<CanteenCardRow>> canteen_card(const std::string& card) override;
  Result<std::vector<CanteenCardRow>> canteen_cards(const PageQuery& page) override;
  Result<std::vector<LedgerRow>> canteen_ledger(const std::string& card_no, const PageQuery& page) override;
  Result<std::vector<CanteenCreditRow>> canteen_credits(const std::string& card_no) override;
  Result<std::vector<PurchaseRow>> canteen_purchases(const PurchaseQuery& query) override;
  Result<std::vector<DayTotalRow>> canteen_day_totals(const std::string& date) override;
  Result<std::vector<ReconciliationRow>> canteen_reconciliation(std::optional<DeviceId> device) override;
  Result<std::vector<CanteenMasterRow>> canteen_master(const std::string& table) override;
  Result<std::vector<TerminalFileRow>> terminal_files() override;
  Result<std::optional<TerminalFileRow>> terminal_file(const std::string& path) override;
  Result<std::vector<CommandRow>> recent_commands(const CommandQuery& query) override;
  Result<std::vector<RejectedRow>> recent_rejected(int64_t before, int limit) override;
  Result<std::vector<HourCount>> punches_per_hour(TimeMs since) override;
  Result<std::vector<DeviceActivity>> device_activity() override;
  Result<std::vector<AccessEventRow>> access_events(const AccessEventQuery& query) override;
  Result<std::vector<DoorStateRow>> door_states(std::optional<DeviceId> device) override;
  Result<AccessRights> access_rights() override;
  Result<PanelRows> panel_rows(DeviceId device) override;
  Result<std::vector<AccountRow>> accounts() override;
  Result<std::optional<AccountRow>> account(const std::string& name) override;
  Result<std::optional<SessionRow>> session(const std::string& token_hash) override;
  Result<std::optional<std::string>> server_secret(const std::string& name) override;
  Result<int64_t> persons_total(const PersonQuery& query) override;
  Result<SignInFailures> sign_in_failures(const std::string& account, const std::string& address,
                                          TimeMs since) override;

 private:
  // Runs `read(connection)` on a leased reader; exceptions become errors.
  template <typename Fn>
  auto with_reader(Fn&& read) -> decltype(read(std::declval<Connection&>()));

  std::unique_ptr<ChangeFeed> feed_;  // outlives the writer, which announces to it
  Writer writer_;
  ReadPool readers_;  // destroyed before writer_; see the destructor
};

}  // namespace zkpush::store::sql
