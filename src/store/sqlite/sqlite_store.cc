#include "store/sqlite/sqlite_store.h"

#include <exception>
#include <filesystem>
#include <system_error>

#include "store/sqlite/migrations.h"
#include "store/sqlite/pragmas.h"
#include "store/sqlite/reads.h"
#include "store/sqlite/sql_functions.h"

namespace zkpush::store {

namespace sqlite {

SqliteStore::SqliteStore(std::unique_ptr<Connection> writer_db, std::string path)
    : writer_(std::move(writer_db)), readers_(std::move(path)) {}

SqliteStore::~SqliteStore() { writer_.stop(); }

void SqliteStore::submit(WriteBatch batch, WriteCallback done) {
  writer_.submit(std::move(batch), std::move(done));
}

void SqliteStore::flush() { writer_.flush(); }

void SqliteStore::watch_write_health(WriteHealthObserver observer) { writer_.watch_health(std::move(observer)); }

template <typename Fn>
auto SqliteStore::with_reader(Fn&& read) -> decltype(read(std::declval<Connection&>())) {
  try {
    Result<ReadPool::Lease> lease = readers_.acquire();
    if (!lease) return lease.error();
    return read(**lease);
  } catch (const std::exception& e) {
    return Error::storage(std::string("exception while reading: ") + e.what());
  }
}

Result<std::vector<DeviceRow>> SqliteStore::load_devices() {
  return with_reader([](Connection& db) { return read_devices(db); });
}

Result<std::vector<CommandRow>> SqliteStore::load_open_commands() {
  return with_reader([](Connection& db) { return read_open_commands(db); });
}

Result<std::vector<CommandRow>> SqliteStore::queued_commands(DeviceId device, int limit) {
  return with_reader([&](Connection& db) { return read_queued_commands(db, device, limit); });
}

Result<std::optional<CommandRow>> SqliteStore::command(const std::string& id) {
  return with_reader([&](Connection& db) { return read_command(db, id); });
}

Result<std::vector<CommandRow>> SqliteStore::device_commands(DeviceId device, const PageQuery& page) {
  return with_reader([&](Connection& db) { return read_device_commands(db, device, page); });
}

Result<CommandCounts> SqliteStore::command_counts() {
  return with_reader([](Connection& db) { return read_command_counts(db); });
}

Result<std::vector<AttendanceRow>> SqliteStore::attendance(const AttendanceQuery& query) {
  return with_reader([&](Connection& db) { return read_attendance(db, query); });
}

Result<int64_t> SqliteStore::attendance_count(DeviceId device, const std::string& from, const std::string& to) {
  return with_reader([&](Connection& db) { return read_attendance_count(db, device, from, to); });
}

Result<std::vector<UserRow>> SqliteStore::users(DeviceId device, const PageQuery& page) {
  return with_reader([&](Connection& db) { return read_users(db, device, page); });
}

Result<std::vector<TemplateRow>> SqliteStore::templates(DeviceId device, const PageQuery& page) {
  return with_reader([&](Connection& db) { return read_templates(db, device, page); });
}

Result<std::vector<OplogRow>> SqliteStore::oplog(DeviceId device, const PageQuery& page) {
  return with_reader([&](Connection& db) { return read_oplog(db, device, page); });
}

Result<std::vector<PhotoRow>> SqliteStore::photos(DeviceId device, const PageQuery& page) {
  return with_reader([&](Connection& db) { return read_photos(db, device, page); });
}

Result<std::optional<std::string>> SqliteStore::photo_bytes(int64_t photo_id) {
  return with_reader([&](Connection& db) { return read_photo_bytes(db, photo_id); });
}

Result<std::vector<ErrorlogRow>> SqliteStore::errorlog(DeviceId device, const PageQuery& page) {
  return with_reader([&](Connection& db) { return read_errorlog(db, device, page); });
}

Result<std::vector<GenericRow>> SqliteStore::generic_records(DeviceId device, const std::optional<std::string>& table,
                                                             const PageQuery& page) {
  return with_reader([&](Connection& db) { return read_generic(db, device, table, page); });
}

Result<std::vector<RejectedRow>> SqliteStore::rejected_lines(DeviceId device, const PageQuery& page) {
  return with_reader([&](Connection& db) { return read_rejected(db, device, page); });
}

Result<std::vector<TokenRow>> SqliteStore::tokens() {
  return with_reader([](Connection& db) { return read_tokens(db); });
}
Result<std::map<std::string, std::string>> SqliteStore::server_settings() {
  return with_reader([](Connection& db) { return read_server_settings(db); });
}
Result<std::vector<AuditRow>> SqliteStore::audit_log(const PageQuery& page) {
  return with_reader([&](Connection& db) { return read_audit_log(db, page); });
}
Result<std::vector<PersonRow>> SqliteStore::persons(const PersonQuery& query) {
  return with_reader([&](Connection& db) { return read_persons(db, query); });
}
Result<std::optional<PersonRow>> SqliteStore::person(const std::string& pin) {
  return with_reader([&](Connection& db) { return read_person_row(db, pin); });
}
Result<std::vector<BiometricRow>> SqliteStore::biometrics(int64_t person_id) {
  return with_reader([&](Connection& db) { return read_biometrics(db, person_id); });
}
Result<Assignments> SqliteStore::assignments(int64_t person_id) {
  return with_reader([&](Connection& db) { return read_assignments(db, person_id); });
}
Result<std::vector<GroupRow>> SqliteStore::groups() {
  return with_reader([](Connection& db) { return read_groups(db); });
}
Result<std::vector<PersonRow>> SqliteStore::assigned_persons(DeviceId device) {
  return with_reader([&](Connection& db) { return read_assigned_persons(db, device); });
}
Result<std::vector<SyncRow>> SqliteStore::synced_persons(DeviceId device) {
  return with_reader([&](Connection& db) { return read_synced_persons(db, device); });
}
Result<EventCursor> SqliteStore::event_end() {
  return with_reader([](Connection& db) { return read_event_end(db); });
}
Result<std::vector<EventRow>> SqliteStore::events_after(int64_t after, int limit) {
  return with_reader([&](Connection& db) { return read_events_after(db, after, limit); });
}
Result<std::vector<PhotoRow>> SqliteStore::attendance_photos_after(int64_t after, int limit) {
  return with_reader([&](Connection& db) { return read_attendance_photos_after(db, after, limit); });
}
Result<std::vector<WebhookRow>> SqliteStore::webhooks() {
  return with_reader([](Connection& db) { return read_webhooks(db); });
}
Result<std::vector<DeliveryRow>> SqliteStore::deliveries(int64_t webhook_id, const PageQuery& page) {
  return with_reader([&](Connection& db) { return read_deliveries(db, webhook_id, page); });
}

Result<std::vector<CanteenTerminalRow>> SqliteStore::load_canteen_terminals() {
  return with_reader([](Connection& db) { return read_canteen_terminals(db); });
}

Result<std::optional<CanteenCardRow>> SqliteStore::canteen_card(const std::string& card) {
  return with_reader([&](Connection& db) { return read_canteen_card(db, card); });
}

Result<std::vector<CanteenCardRow>> SqliteStore::canteen_cards(const PageQuery& page) {
  return with_reader([&](Connection& db) { return read_canteen_cards(db, page); });
}

Result<std::vector<LedgerRow>> SqliteStore::canteen_ledger(const std::string& card_no, const PageQuery& page) {
  return with_reader([&](Connection& db) { return read_canteen_ledger(db, card_no, page); });
}

Result<std::vector<CanteenCreditRow>> SqliteStore::canteen_credits(const std::string& card_no) {
  return with_reader([&](Connection& db) { return read_canteen_credits(db, card_no); });
}

Result<std::vector<PurchaseRow>> SqliteStore::canteen_purchases(const PurchaseQuery& query) {
  return with_reader([&](Connection& db) { return read_canteen_purchases(db, query); });
}

Result<std::vector<DayTotalRow>> SqliteStore::canteen_day_totals(const std::string& date) {
  return with_reader([&](Connection& db) { return read_canteen_day_totals(db, date); });
}

Result<std::vector<ReconciliationRow>> SqliteStore::canteen_reconciliation(std::optional<DeviceId> device) {
  return with_reader([&](Connection& db) { return read_canteen_reconciliation(db, device); });
}

Result<std::vector<CanteenMasterRow>> SqliteStore::canteen_master(const std::string& table) {
  return with_reader([&](Connection& db) { return read_canteen_master(db, table); });
}

namespace {

Result<std::unique_ptr<Connection>> open_writer(const std::string& path, bool durability_full) {
  Result<std::unique_ptr<Connection>> db =
      Connection::open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  if (!db) return db;
  if (Status s = configure_writer(**db, durability_full); !s) return s.error();
  if (Status s = migrate(**db); !s) return s.error();
  if (Status s = register_sql_functions(**db); !s) return s.error();
  return db;
}

}  // namespace

}  // namespace sqlite

Result<std::unique_ptr<Store>> open_sqlite_store(const StoreOptions& options) {
  namespace fs = std::filesystem;
  try {
    const fs::path dir = options.data_dir.empty() ? fs::path(".") : fs::path(options.data_dir);
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) {
      return Error::storage("cannot create data directory " + dir.string() + ": " + ec.message());
    }
    const std::string path = (dir / sqlite::kDatabaseFileName).string();
    Result<std::unique_ptr<sqlite::Connection>> writer_db =
        sqlite::open_writer(path, options.durability_full);
    if (!writer_db) return writer_db.error();
    return std::unique_ptr<Store>(new sqlite::SqliteStore(std::move(*writer_db), path));
  } catch (const std::exception& e) {
    return Error::storage(std::string("cannot open the store: ") + e.what());
  }
}

}  // namespace zkpush::store
