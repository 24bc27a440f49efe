// The read queries, each on a leased reader connection (read_pool.h). Paged
// reads return rows with id > page.after in ascending id order, at most
// page.limit of them (none when limit <= 0); the last row's id is the next
// cursor.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "store/sql/connection.h"
#include "store/store.h"

namespace zkpush::store::sql {

// reads_devices.cc
// Every device, or the one with this id or serial number.
struct DeviceFilter {
  std::optional<DeviceId> id;
  std::optional<std::string> sn;
  void bind(Statement& st) const;
};
Result<std::vector<DeviceRow>> read_devices(Connection& db, const DeviceFilter& filter = {});
Result<std::map<std::string, std::string>> read_server_settings(Connection& db);
Result<std::vector<LastSeen>> read_seen_since(Connection& db, TimeMs since);

// reads_commands.cc
Result<std::vector<CommandRow>> read_open_commands(Connection& db);
Result<std::vector<CommandRow>> read_queued_commands(Connection& db, DeviceId device, int limit);
Result<std::optional<CommandRow>> read_command(Connection& db, const std::string& id);
// Oldest first (ascending id), like every other page.
Result<std::vector<CommandRow>> read_device_commands(Connection& db, DeviceId device,
                                                     const PageQuery& page);
Result<CommandCounts> read_command_counts(Connection& db);
Result<std::map<DeviceId, int64_t>> read_queued_counts(Connection& db);

// reads_records.cc
Result<std::vector<AttendanceRow>> read_attendance(Connection& db, const AttendanceQuery& query);
Result<int64_t> read_attendance_total(Connection& db, const AttendanceQuery& q);
Result<int64_t> read_attendance_count(Connection& db, DeviceId device, const std::string& from, const std::string& to);
Result<std::vector<OplogRow>> read_oplog(Connection& db, DeviceId device, const PageQuery& page);
Result<std::vector<PhotoRow>> read_photos(Connection& db, DeviceId device, const PageQuery& page);
Result<std::optional<std::string>> read_photo_bytes(Connection& db, int64_t photo_id);
Result<std::vector<ErrorlogRow>> read_errorlog(Connection& db, DeviceId device, const PageQuery& page);
Result<std::vector<GenericRow>> read_generic(Connection& db, DeviceId device,
                                            const std::optional<std::string>& table, const PageQuery& page);
Result<std::vector<RejectedRow>> read_rejected(Connection& db, DeviceId device, const PageQuery& page);
Result<std::vector<PhotoRow>> read_attendance_photos_after(Connection& db, int64_t after, int limit);

// reads_terminal_users.cc
Result<std::vector<UserRow>> read_users(Connection& db, DeviceId device, const PageQuery& page);
Result<std::vector<TemplateRow>> read_templates(Connection& db, DeviceId device,
                                                const PageQuery& page);

// reads_access.cc
Result<std::vector<TokenRow>> read_tokens(Connection& db);
Result<std::vector<AuditRow>> read_audit_log(Connection& db, const PageQuery& page);

// reads_events.cc
Result<EventCursor> read_event_end(Connection& db);
Result<std::vector<EventRow>> read_events_after(Connection& db, int64_t after, int limit);
Result<std::vector<WebhookRow>> read_webhooks(Connection& db);
Result<std::vector<DeliveryRow>> read_deliveries(Connection& db, int64_t webhook_id, const PageQuery& page);
Result<DeliverySummary> read_delivery_summary(Connection& db, int64_t webhook_id);

// reads_persons.cc
Result<std::vector<PersonRow>> read_persons(Connection& db, const PersonQuery& query);
Result<std::optional<PersonRow>> read_person_row(Connection& db, const std::string& pin);
Result<std::vector<BiometricRow>> read_biometrics(Connection& db, int64_t person_id);
Result<Assignments> read_assignments(Connection& db, int64_t person_id);
Result<std::vector<GroupRow>> read_groups(Connection& db);
Result<SyncState> read_sync_state(Connection& db, DeviceId device);

// reads_canteen.cc
Result<std::vector<CanteenTerminalRow>> read_canteen_terminals(Connection& db);
Result<std::vector<PurchaseRow>> read_canteen_purchases(Connection& db, const PurchaseQuery& query);
Result<std::vector<DayTotalRow>> read_canteen_day_totals(Connection& db, const std::string& date);
Result<std::vector<ReconciliationRow>> read_canteen_reconciliation(Connection& db, std::optional<DeviceId> device);
Result<std::vector<CanteenMasterRow>> read_canteen_master(Connection& db, const std::string& table);

// reads_canteen_cards.cc
Result<std::optional<CanteenCardRow>> read_canteen_card(Connection& db, const std::string& card);
Result<std::vector<CanteenCardRow>> read_canteen_cards(Connection& db, const PageQuery& page);
Result<std::vector<LedgerRow>> read_canteen_ledger(Connection& db, const std::string& card_no, const PageQuery& page);
Result<std::vector<CanteenCreditRow>> read_canteen_credits(Connection& db, const std::string& card_no);

// reads_files.cc
Result<std::vector<TerminalFileRow>> read_terminal_files(Connection& db);
Result<std::optional<TerminalFileRow>> read_terminal_file(Connection& db, const std::string& path);

// Across every device, for the console (reads_commands.cc, reads_records.cc).
Result<std::vector<CommandRow>> read_recent_commands(Connection& db, const CommandQuery& query);
Result<std::vector<RejectedRow>> read_recent_rejected(Connection& db, int64_t before, int limit);
Result<std::vector<HourCount>> read_punches_per_hour(Connection& db, TimeMs since);
Result<std::vector<DeviceActivity>> read_device_activity(Connection& db);

// reads_doors.cc
Result<std::vector<AccessEventRow>> read_access_events(Connection& db, const AccessEventQuery& query);
Result<std::vector<DoorStateRow>> read_door_states(Connection& db, std::optional<DeviceId> device);
Result<AccessRights> read_access_rights(Connection& db);
Result<PanelRows> read_panel_rows(Connection& db, DeviceId device);

// reads_accounts.cc
Result<std::vector<AccountRow>> read_accounts(Connection& db);
Result<std::optional<AccountRow>> read_account(Connection& db, const std::string& name);
Result<std::optional<SessionRow>> read_session(Connection& db, const std::string& token_hash);
Result<int64_t> read_persons_total(Connection& db, const PersonQuery& q);
Result<std::optional<std::string>> read_server_secret(Connection& db, const std::string& name);
Result<SignInFailures> read_sign_in_failures(Connection& db, const std::string& account, const std::string& address,
                                             TimeMs since);

}  // namespace zkpush::store::sql
