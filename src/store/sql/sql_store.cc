#include "store/sql/sql_store.h"

#include <exception>

#include "store/sql/reads.h"

namespace zkpush::store::sql {

SqlStore::SqlStore(std::unique_ptr<Connection> writer_db, ReadPool::Opener open_reader,
                   std::unique_ptr<ChangeFeed> feed, Writer::Reopener reopen_writer)
    : feed_(std::move(feed)),
      writer_(std::move(writer_db), std::move(reopen_writer)),
      readers_(std::move(open_reader)) {
  writer_.set_change_feed(feed_.get());
}

SqlStore::~SqlStore() { writer_.stop(); }

void SqlStore::submit(WriteBatch batch, WriteCallback done) {
  writer_.submit(std::move(batch), std::move(done));
}

void SqlStore::flush() { writer_.flush(); }

void SqlStore::watch_write_health(WriteHealthObserver observer) { writer_.watch_health(std::move(observer)); }

template <typename Fn>
auto SqlStore::with_reader(Fn&& read) -> decltype(read(std::declval<Connection&>())) {
  try {
    Result<ReadPool::Lease> lease = readers_.acquire();
    if (!lease) return lease.error();
    return read(**lease);
  } catch (const std::exception& e) {
    return Error::storage(std::string("exception while reading: ") + e.what());
  }
}

Result<std::vector<DeviceRow>> SqlStore::load_devices() {
  return with_reader([](Connection& db) { return read_devices(db); });
}

namespace {

Result<std::optional<DeviceRow>> only_device(Result<std::vector<DeviceRow>> rows) {
  if (!rows) return rows.error();
  if (rows->empty()) return std::optional<DeviceRow>();
  return std::optional<DeviceRow>(std::move(rows->front()));
}

}  // namespace

Result<std::vector<LastSeen>> SqlStore::seen_since(TimeMs since) {
  return with_reader([&](Connection& db) { return read_seen_since(db, since); });
}

Result<std::optional<DeviceRow>> SqlStore::device(DeviceId id) {
  return with_reader([&](Connection& db) { return only_device(read_devices(db, DeviceFilter{id, std::nullopt})); });
}

Result<std::optional<DeviceRow>> SqlStore::device(const std::string& sn) {
  return with_reader([&](Connection& db) { return only_device(read_devices(db, DeviceFilter{std::nullopt, sn})); });
}

Result<std::vector<CommandRow>> SqlStore::load_open_commands() {
  return with_reader([](Connection& db) { return read_open_commands(db); });
}

Result<std::vector<CommandRow>> SqlStore::queued_commands(DeviceId device, int limit) {
  return with_reader([&](Connection& db) { return read_queued_commands(db, device, limit); });
}

Result<std::optional<CommandRow>> SqlStore::command(const std::string& id) {
  return with_reader([&](Connection& db) { return read_command(db, id); });
}

Result<std::vector<CommandRow>> SqlStore::device_commands(DeviceId device, const PageQuery& page) {
  return with_reader([&](Connection& db) { return read_device_commands(db, device, page); });
}

Result<CommandCounts> SqlStore::command_counts() {
  return with_reader([](Connection& db) { return read_command_counts(db); });
}

Result<std::map<DeviceId, int64_t>> SqlStore::queued_counts() {
  return with_reader([](Connection& db) { return read_queued_counts(db); });
}

Result<std::vector<AttendanceRow>> SqlStore::attendance(const AttendanceQuery& query) {
  return with_reader([&](Connection& db) { return read_attendance(db, query); });
}

Result<int64_t> SqlStore::attendance_count(DeviceId device, const std::string& from, const std::string& to) {
  return with_reader([&](Connection& db) { return read_attendance_count(db, device, from, to); });
}

Result<int64_t> SqlStore::attendance_total(const AttendanceQuery& query) {
  return with_reader([&](Connection& db) { return read_attendance_total(db, query); });
}

Result<std::vector<UserRow>> SqlStore::users(DeviceId device, const PageQuery& page) {
  return with_reader([&](Connection& db) { return read_users(db, device, page); });
}

Result<std::vector<TemplateRow>> SqlStore::templates(DeviceId device, const PageQuery& page) {
  return with_reader([&](Connection& db) { return read_templates(db, device, page); });
}

Result<std::vector<OplogRow>> SqlStore::oplog(DeviceId device, const PageQuery& page) {
  return with_reader([&](Connection& db) { return read_oplog(db, device, page); });
}

Result<std::vector<PhotoRow>> SqlStore::photos(DeviceId device, const PageQuery& page) {
  return with_reader([&](Connection& db) { return read_photos(db, device, page); });
}

Result<std::optional<std::string>> SqlStore::photo_bytes(int64_t photo_id) {
  return with_reader([&](Connection& db) { return read_photo_bytes(db, photo_id); });
}

Result<std::vector<ErrorlogRow>> SqlStore::errorlog(DeviceId device, const PageQuery& page) {
  return with_reader([&](Connection& db) { return read_errorlog(db, device, page); });
}

Result<std::vector<GenericRow>> SqlStore::generic_records(DeviceId device, const std::optional<std::string>& table,
                                                             const PageQuery& page) {
  return with_reader([&](Connection& db) { return read_generic(db, device, table, page); });
}

Result<std::vector<RejectedRow>> SqlStore::rejected_lines(DeviceId device, const PageQuery& page) {
  return with_reader([&](Connection& db) { return read_rejected(db, device, page); });
}

Result<std::vector<TokenRow>> SqlStore::tokens() {
  return with_reader([](Connection& db) { return read_tokens(db); });
}
Result<std::map<std::string, std::string>> SqlStore::server_settings() {
  return with_reader([](Connection& db) { return read_server_settings(db); });
}
Result<std::vector<AuditRow>> SqlStore::audit_log(const PageQuery& page) {
  return with_reader([&](Connection& db) { return read_audit_log(db, page); });
}
Result<std::vector<PersonRow>> SqlStore::persons(const PersonQuery& query) {
  return with_reader([&](Connection& db) { return read_persons(db, query); });
}
Result<std::optional<PersonRow>> SqlStore::person(const std::string& pin) {
  return with_reader([&](Connection& db) { return read_person_row(db, pin); });
}
Result<std::vector<BiometricRow>> SqlStore::biometrics(int64_t person_id) {
  return with_reader([&](Connection& db) { return read_biometrics(db, person_id); });
}
Result<Assignments> SqlStore::assignments(int64_t person_id) {
  return with_reader([&](Connection& db) { return read_assignments(db, person_id); });
}
Result<std::vector<GroupRow>> SqlStore::groups() {
  return with_reader([](Connection& db) { return read_groups(db); });
}
Result<SyncState> SqlStore::sync_state(DeviceId device) {
  return with_reader([&](Connection& db) { return read_sync_state(db, device); });
}
Result<EventCursor> SqlStore::event_end() {
  return with_reader([](Connection& db) { return read_event_end(db); });
}
Result<std::vector<EventRow>> SqlStore::events_after(int64_t after, int limit) {
  return with_reader([&](Connection& db) { return read_events_after(db, after, limit); });
}
Result<std::vector<PhotoRow>> SqlStore::attendance_photos_after(int64_t after, int limit) {
  return with_reader([&](Connection& db) { return read_attendance_photos_after(db, after, limit); });
}
Result<std::vector<WebhookRow>> SqlStore::webhooks() {
  return with_reader([](Connection& db) { return read_webhooks(db); });
}
Result<std::vector<DeliveryRow>> SqlStore::deliveries(int64_t webhook_id, const PageQuery& page) {
  return with_reader([&](Connection& db) { return read_deliveries(db, webhook_id, page); });
}
Result<DeliverySummary> SqlStore::delivery_summary(int64_t webhook_id) {
  return with_reader([&](Connection& db) { return read_delivery_summary(db, webhook_id); });
}

Result<std::vector<CanteenTerminalRow>> SqlStore::load_canteen_terminals() {
  return with_reader([](Connection& db) { return read_canteen_terminals(db); });
}

Result<std::optional<CanteenCardRow>> SqlStore::canteen_card(const std::string& card) {
  return with_reader([&](Connection& db) { return read_canteen_card(db, card); });
}

Result<std::vector<CanteenCardRow>> SqlStore::canteen_cards(const PageQuery& page) {
  return with_reader([&](Connection& db) { return read_canteen_cards(db, page); });
}

Result<std::vector<LedgerRow>> SqlStore::canteen_ledger(const std::string& card_no, const PageQuery& page) {
  return with_reader([&](Connection& db) { return read_canteen_ledger(db, card_no, page); });
}

Result<std::vector<CanteenCreditRow>> SqlStore::canteen_credits(const std::string& card_no) {
  return with_reader([&](Connection& db) { return read_canteen_credits(db, card_no); });
}

Result<std::vector<PurchaseRow>> SqlStore::canteen_purchases(const PurchaseQuery& query) {
  return with_reader([&](Connection& db) { return read_canteen_purchases(db, query); });
}

Result<std::vector<DayTotalRow>> SqlStore::canteen_day_totals(const std::string& date) {
  return with_reader([&](Connection& db) { return read_canteen_day_totals(db, date); });
}

Result<std::vector<ReconciliationRow>> SqlStore::canteen_reconciliation(std::optional<DeviceId> device) {
  return with_reader([&](Connection& db) { return read_canteen_reconciliation(db, device); });
}

Result<std::vector<CanteenMasterRow>> SqlStore::canteen_master(const std::string& table) {
  return with_reader([&](Connection& db) { return read_canteen_master(db, table); });
}

Result<std::vector<TerminalFileRow>> SqlStore::terminal_files() {
  return with_reader([](Connection& db) { return read_terminal_files(db); });
}

Result<std::optional<TerminalFileRow>> SqlStore::terminal_file(const std::string& path) {
  return with_reader([&](Connection& db) { return read_terminal_file(db, path); });
}

Result<std::vector<CommandRow>> SqlStore::recent_commands(const CommandQuery& query) {
  return with_reader([&](Connection& db) { return read_recent_commands(db, query); });
}

Result<std::vector<RejectedRow>> SqlStore::recent_rejected(int64_t before, int limit) {
  return with_reader([&](Connection& db) { return read_recent_rejected(db, before, limit); });
}

Result<std::vector<HourCount>> SqlStore::punches_per_hour(TimeMs since) {
  return with_reader([&](Connection& db) { return read_punches_per_hour(db, since); });
}

Result<std::vector<DeviceActivity>> SqlStore::device_activity() {
  return with_reader([](Connection& db) { return read_device_activity(db); });
}

Result<std::vector<AccessEventRow>> SqlStore::access_events(const AccessEventQuery& query) {
  return with_reader([&](Connection& db) { return read_access_events(db, query); });
}

Result<std::vector<DoorStateRow>> SqlStore::door_states(std::optional<DeviceId> device) {
  return with_reader([&](Connection& db) { return read_door_states(db, device); });
}

Result<AccessRights> SqlStore::access_rights() {
  return with_reader([](Connection& db) { return read_access_rights(db); });
}

Result<PanelRows> SqlStore::panel_rows(DeviceId device) {
  return with_reader([&](Connection& db) { return read_panel_rows(db, device); });
}

Result<std::vector<AccountRow>> SqlStore::accounts() {
  return with_reader([](Connection& db) { return read_accounts(db); });
}

Result<std::optional<AccountRow>> SqlStore::account(const std::string& name) {
  return with_reader([&](Connection& db) { return read_account(db, name); });
}

Result<int64_t> SqlStore::persons_total(const PersonQuery& query) {
  return with_reader([&](Connection& db) { return read_persons_total(db, query); });
}

Result<std::optional<std::string>> SqlStore::server_secret(const std::string& name) {
  return with_reader([&](Connection& db) { return read_server_secret(db, name); });
}

Result<std::optional<SessionRow>> SqlStore::session(const std::string& token_hash) {
  return with_reader([&](Connection& db) { return read_session(db, token_hash); });
}

Result<SignInFailures> SqlStore::sign_in_failures(const std::string& account, const std::string& address,
                                                  TimeMs since) {
  return with_reader([&](Connection& db) { return read_sign_in_failures(db, account, address, since); });
}

}  // namespace zkpush::store::sql
