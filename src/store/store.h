// The storage contract, in the protocol's own terms. No SQL and no database
// type crosses this interface. Two implementations keep it: SQLite (one
// process, the embedded default) and PostgreSQL (any number of nodes on one
// database); both are store/sql/ over their own connections, and one
// conformance suite (tests/store/) runs on both.
//
// Writes. Callers build a WriteBatch of domain operations and submit it;
// the store applies many concurrent batches in one transaction (group
// commit) and calls each batch's callback once its transaction is durable.
// - A batch is atomic: all of its operations are committed, or none and the
//   callback gets an error. A failing batch does not fail the other batches
//   that share its commit. Out fields are meaningful only when it succeeded.
// - Callbacks run on the store's callback thread, in submission order: post to
//   your own executor and return quickly.
// - Errors are kinds, never a database's message text: kConflict (a unique
//   key refused a duplicate; also a compare-and-set that lost, as
//   SetSynced's only_if), kMissingReference (a row names one that does not
//   exist), kNotFound, kInvalidInput, kUnavailable (the disk is full, the
//   database cannot be reached: the same write may succeed later, so a
//   terminal is answered 503 and sends again), kStorage (anything else).
// - Writer transactions never overlap, on either database: SQLite has one
//   writer per process; PostgreSQL's writers take one advisory lock for the
//   whole cluster from BEGIN to COMMIT. So row ids follow commit order: a
//   reader paging by id (API pages, event cursors, SSE's Last-Event-ID)
//   never skips a row that commits later with a smaller id. Ids need not be
//   dense (PostgreSQL spends one on an ignored duplicate).
// - Anything two nodes might both decide is decided by a conditional write
//   in the store (MarkCommandsSent claims only what is still queued,
//   SettleOverdueCommands, RecordCommandReply, ClaimLease, SetSynced's
//   only_if): exactly one node wins.
//
// Reads are synchronous, may be called from any thread concurrently, and
// each sees one snapshot. Text is UTF-8; a database that cannot store an
// invalid sequence (PostgreSQL) keeps the rest of the value and replaces the
// sequence with U+FFFD. Blobs are kept byte for byte.
//
// What a node keeps in memory is a cache: the change feed
// (watch_changes, changes.h) tells every node what any node committed.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "protocol/records.h"
#include "store/access_records.h"
#include "store/account_records.h"
#include "store/admission.h"
#include "store/canteen_records.h"
#include "store/door_records.h"
#include "store/event_records.h"
#include "store/file_records.h"
#include "store/ids.h"
#include "store/lease_records.h"
#include "store/person_records.h"
#include "util/error.h"

namespace zkpush::store {

struct Change;  // changes.h

// ---- rows read back -------------------------------------------------------

// What the server remembers about a terminal.
struct DeviceRow {
  DeviceId id = 0;
  std::string sn;
  TimeMs first_seen = 0;
  TimeMs last_seen = 0;
  std::string ip, user_agent, push_version, language, device_type, push_comm_key;
  bool registered = false;     // completed POST /iclock/registry (only PUSH 3.x devices need it)
  std::string registry_code, session_id;  // an access panel's session (door_records.h)
  TimeMs last_handshake = 0;  // 0: never sent options=all to this server, so its dialect is unknown
  std::map<std::string, std::string> properties;  // options, INFO and getrequest INFO fields
  std::map<std::string, std::string> settings;    // per-device overrides of handshake options
  std::map<std::string, std::string> stamps;      // table name (upper case) -> last stamp
  std::string name;                 // an operator's label
  std::optional<int64_t> group_id;  // its device group
  AdmissionState admission = AdmissionState::kApproved;
  std::optional<AdmissionPolicy> admission_policy;  // this device's override of the server's policy
  std::string punch_direction;  // what counts as IN and OUT (service/punch_direction.h); "": the default
};

struct AttendanceRow {
  int64_t id = 0;  // arrival order; the paging cursor
  std::string sn;
  protocol::AttlogRecord record;
  std::string time_zone;  // the device's TimeZone option when stored
  TimeMs received_at = 0;
  std::string person_name;  // from persons, when the PIN is one of theirs
  std::string direction;    // "in", "out" or "": fixed when the punch arrived
};

struct UserRow {
  int64_t id = 0;  // the paging cursor (PageQuery::after)
  std::string sn;
  protocol::UserRecord user;
  TimeMs updated_at = 0;
};

struct TemplateRow {
  int64_t id = 0;  // the paging cursor (PageQuery::after)
  std::string sn;
  protocol::TemplateRecord tmpl;
  TimeMs updated_at = 0;
};

struct OplogRow {
  int64_t id = 0;
  std::string sn;
  protocol::OplogRecord record;
  TimeMs received_at = 0;
};

struct PhotoRow {  // metadata only; bytes come from photo_bytes()
  int64_t id = 0;
  std::string sn;
  protocol::PhotoKind kind = protocol::PhotoKind::kAttendance;
  std::string pin, filename;
  int bio_type = 0;
  int64_t size = 0;
  TimeMs received_at = 0;
};

struct ErrorlogRow {
  int64_t id = 0;
  std::string sn;
  protocol::ErrorlogRecord record;
  TimeMs received_at = 0;
};

// IDCARD, WORKCODE, rtlog, tabledata, background verification... kept as sent.
struct GenericRow {
  int64_t id = 0;
  std::string sn;
  protocol::GenericRecord record;
  TimeMs received_at = 0;
};

// A line the codec could not understand, kept verbatim.
struct RejectedRow {
  int64_t id = 0;
  std::string sn;
  std::string table;
  std::string reason;
  std::string line;
  TimeMs received_at = 0;
};

enum class CommandStatus { kQueued, kSent, kDone, kFailed, kExpired };

struct CommandRow {
  std::string id;
  std::string sn;
  DeviceId device_id = 0;
  std::string command;  // protocol text without the "C:<id>:" prefix, UTF-8
  CommandStatus status = CommandStatus::kQueued;
  std::optional<int> return_code;
  std::string reply;                  // the reply's full text
  std::optional<std::string> content;  // Content= payload, may be binary
  TimeMs created_at = 0;
  std::optional<TimeMs> sent_at, completed_at;
  int deliveries = 0;  // times it went out in a getrequest reply
};

// When a terminal last sent punches and how far its clock was off then.
struct DeviceActivity {
  DeviceId device = 0;
  std::optional<TimeMs> last_data_at;
  std::optional<int64_t> clock_skew_s;
};

// Punches that arrived in one hour (attendance_hours).
struct HourCount {
  TimeMs hour = 0;  // the hour's start
  int64_t punches = 0;
};

// How many commands are in each state, over every device.
struct CommandCounts {
  int64_t queued = 0, sent = 0, done = 0, failed = 0, expired = 0;
};

// ---- write operations ------------------------------------------------------
// Output fields (marked "out") are filled in by the store before the batch's
// callback runs.

struct UpdateDeviceIdentity {  // fields seen on the handshake; empty = unchanged
  DeviceId device = 0;
  std::string ip, user_agent, push_version, language, device_type, push_comm_key;
  TimeMs handshake_at = 0;  // 0 = unchanged
};
struct CreateDevice {
  std::string sn;
  TimeMs now = 0;
  DeviceId id = 0;  // out
  AdmissionState admission = AdmissionState::kApproved;  // for a new row; an existing one keeps its own
  bool created = false;  // out: false when the serial number was on file
  // The handshake that made a terminal known, recorded with the new row (its
  // `device` is ignored): one write per new terminal instead of two. Not
  // applied to a row that was on file.
  std::optional<UpdateDeviceIdentity> identity = std::nullopt;
};
// The registry's periodic flush, for every device seen since the last one, in
// one op (an op is ~0.5 KB: one per device would cost a fleet megabytes).
struct LastSeen {
  DeviceId device = 0;
  TimeMs at = 0;
  std::string ip;  // empty = unchanged
};
struct SetLastSeen { std::vector<LastSeen> seen; };
struct SetDeviceProperties { DeviceId device = 0; std::map<std::string, std::string> values; };
struct SetDeviceSettings { DeviceId device = 0; std::map<std::string, std::string> values; };
// Server-wide handshake options (empty value: back to the built-in default).
struct SetServerSettings { std::map<std::string, std::string> values; };
struct SetStamp { DeviceId device = 0; std::string table; std::string stamp; };
struct ResetStamps { DeviceId device = 0; };  // CHECK: every stamp back to "0"
struct SetAdmissionState { DeviceId device = 0; AdmissionState state = AdmissionState::kApproved; };
// nullopt: the device follows the server's policy again.
struct SetAdmissionPolicy { DeviceId device = 0; std::optional<AdmissionPolicy> policy; };
// The pushcommkey a device is bound to (004 §5); "" unbinds it.
struct SetPushCommKey { DeviceId device = 0; std::string key; };

// Also records on the device when it last sent punches and, when known,
// how far its clock is from the server's (devices.last_data_at,
// clock_skew_s: device_activity()).
struct InsertAttendance {
  DeviceId device = 0;
  std::string time_zone;
  TimeMs received_at = 0;
  std::vector<protocol::AttlogRecord> records;
  std::vector<std::string> directions = {};  // of records[i]: "in", "out" or "" (service/punch_direction.h)
  int inserted = 0;  // out: records that were new (the rest were duplicates)
  std::optional<int64_t> clock_skew_s = std::nullopt;  // terminal's clock minus the server's; none: unchanged
};
struct AppendOplog { DeviceId device = 0; TimeMs received_at = 0; std::vector<protocol::OplogRecord> records; };
struct UpsertUsers { DeviceId device = 0; TimeMs now = 0; std::vector<protocol::UserRecord> users; };
struct UpsertTemplates { DeviceId device = 0; TimeMs now = 0; std::vector<protocol::TemplateRecord> templates; };
struct StorePhotos {
  DeviceId device = 0;
  TimeMs received_at = 0;
  std::vector<protocol::PhotoRecord> photos;
  std::vector<int64_t> ids;  // out
};
struct AppendErrorlog { DeviceId device = 0; TimeMs received_at = 0; std::vector<protocol::ErrorlogRecord> records; };
struct StoreGeneric { DeviceId device = 0; TimeMs received_at = 0; std::vector<protocol::GenericRecord> records; };
struct StoreRejected { DeviceId device = 0; TimeMs received_at = 0; std::string table; std::vector<protocol::RejectedLine> lines; };

struct EnqueueCommand {
  DeviceId device = 0;
  std::string command;
  TimeMs now = 0;
  std::string id;  // out: the server-assigned command ID (digits, at most 16)
};
// Claims queued commands for a delivery: marks them sent and counts the
// delivery, only where they are still queued (another node's poll may have
// taken some), so one delivery carries a command at most once.
struct MarkCommandsSent {
  std::vector<std::string> ids;
  TimeMs now = 0;
  std::vector<std::string> claimed;  // out: the ids this op marked, in the order of `ids`
};
// Commands sent before `sent_before` and still without a reply: those
// delivered at most `max_deliveries` times go back to `queued`, to be
// delivered again; the others expire. Conditional, so any node may run it
// at any time and each command is settled once.
struct SettleOverdueCommands {
  TimeMs now = 0;
  TimeMs sent_before = 0;
  int max_deliveries = 0;
  std::vector<DeviceId> requeued_for;  // out: the device of each command queued again
  int expired = 0;                     // out
};
// Applies a reply only to a command of this device that was delivered and is
// not yet complete (`sent`, `expired`, or re-queued after a delivery); a
// duplicate or unknown reply changes nothing.
struct RecordCommandReply {
  DeviceId device = 0;
  protocol::CommandReply reply;
  TimeMs now = 0;
  bool applied = false;  // out
};

using WriteOp = std::variant<CreateDevice, UpdateDeviceIdentity, SetLastSeen,
                             SetDeviceProperties, SetDeviceSettings, SetStamp, ResetStamps,
                             InsertAttendance, AppendOplog, UpsertUsers, UpsertTemplates, StorePhotos,
                             AppendErrorlog, StoreGeneric, StoreRejected, EnqueueCommand,
                             MarkCommandsSent, SettleOverdueCommands, RecordCommandReply,
                             // access_records.h, person_records.h, event_records.h
                             CreateToken, RevokeToken, AppendAudit, SavePerson, DeletePerson, SaveBiometric,
                             DeleteBiometric, SetAssignments, MergeEnrolment, SaveGroup, DeleteGroup,
                             SetDeviceLabel, SetSynced, ClearSynced, AppendEvent, CreateWebhook, DeleteWebhook,
                             RecordDelivery, AdvanceWebhook, SetServerSettings,
                             // admission.h
                             SetAdmissionState, SetAdmissionPolicy, SetPushCommKey,
                             // canteen (canteen_records.h)
                             UpsertCanteenTerminal, SetCanteenStamps, StoreCanteenRecords, StoreItemDetails,
                             RecordCanteenGap, SetCanteenGapSync, CreateCanteenCard, UpdateCanteenCard,
                             DeleteCanteenCard, IssueCanteenCredits, PutCanteenMaster, DeleteCanteenMaster,
                             // lease_records.h
                             ClaimLease, ReleaseLease,
                             // file_records.h
                             PutTerminalFile, DeleteTerminalFile,
                             // account_records.h
                             CreateAccount, UpdateAccount, CreateSession, ExtendSession, RevokeSessions,
                             RecordSignInFailure, ClearSignInFailures, AddSetupCode,
                             // door_records.h
                             SetAccessSession, InsertAccessEvents, SetDoorState, SaveTimeZone, DeleteTimeZone,
                             SaveHoliday, DeleteHoliday, SaveAccessLevel, DeleteAccessLevel, SetPersonAccessLevels,
                             SetAccessBlocked, SetDoorName, SyncPanelRows,
                             // account_records.h, event_records.h, added later
                             AddServerSecret, UpdateWebhookConfig>;

struct WriteBatch {
  std::vector<WriteOp> ops;
  template <typename Op>
  Op& add(Op op) {
    ops.emplace_back(std::move(op));
    return std::get<Op>(ops.back());
  }
};

// Called once the batch is durable (or failed). Runs on the store's writer
// thread: post to your own executor and return quickly.
using WriteCallback = std::function<void(Status, WriteBatch&)>;

// ---- read queries ------------------------------------------------------------

struct AttendanceQuery {
  std::optional<std::string> sn;
  std::optional<std::string> pin;
  std::optional<std::string> from, to;  // device-local "YYYY-MM-DD HH:MM:SS", inclusive
  std::optional<TimeMs> from_utc, to_utc;  // the punch's instant (its local time less its zone), inclusive
  std::optional<int> status, verify;
  std::optional<std::string> device_name;  // the terminal's label (BioTime's terminal_alias)
  std::optional<int64_t> group_id;         // terminals of this device group, 0: of none (BioTime's area)
  std::optional<TimeMs> received_from, received_to;  // when it arrived, inclusive
  int64_t after = 0;                     // cursor: rows with id > after
  int limit = 100;
  // Rows skipped before the page (BioTime's page numbers); read in arrival
  // order then (newest first when `descending`), whatever the filters.
  int64_t offset = 0;
  bool descending = false;
  // With a time range over every terminal: how many ids past `after` are
  // looked through in arrival order before the rest of the page is looked
  // for terminal by terminal (sparse ranges would scan everything). Any
  // value gives the same rows; tests make it small.
  int64_t arrival_window = 200'000;
};

// A person's assignments.
struct Assignments {
  std::vector<int64_t> group_ids;
  std::vector<DeviceId> device_ids;
};

// Commands of every device or of one, optionally of one status, newest
// first, with an id below `before` (0: from the newest).
struct CommandQuery {
  std::optional<CommandStatus> status;
  std::optional<DeviceId> device;
  int64_t before = 0;
  int limit = 100;
};

struct PageQuery {
  int64_t after = 0;
  int limit = 100;
};

class Store {
 public:
  virtual ~Store() = default;

  // Group-committed write; see the file comment.
  virtual void submit(WriteBatch batch, WriteCallback done) = 0;
  // Blocks until every batch submitted before the call is committed.
  virtual void flush() = 0;
  // Writes refused for want of space or by the disk (a failure of kind
  // kUnavailable) are an outage, not a per-request event: `observer` is called
  // once with that error when writes start failing, and once with success
  // when a write commits again, with the number of batches refused meanwhile.
  // It runs on the writer thread, before the callbacks of the batches
  // concerned. Set it once, before serving.
  using WriteHealthObserver = std::function<void(const Status& health, uint64_t refused_batches)>;
  virtual void watch_write_health(WriteHealthObserver observer) = 0;

  // The change feed (changes.h), for what nodes keep in memory: `listener`
  // hears of every change committed by this node or by any other sharing
  // the database, in commit order, a few commits' changes at a time, on a
  // store thread (the feed waits for it: return quickly; a read of what the
  // changes name is fine). Set it once, before serving. When the feed was
  // interrupted and is whole again (PostgreSQL's notification connection
  // dropped and is back), it hears kResync: anything may have changed
  // meanwhile.
  virtual void watch_changes(std::function<void(const std::vector<Change>&)> listener) = 0;
  // False while changes may be missed (the feed is interrupted): a cache must
  // then read the database instead of trusting itself. Always true on
  // SQLite, which no other process writes.
  virtual bool changes_complete() const = 0;

  // Everything the device registry keeps in memory, loaded at start-up.
  virtual Result<std::vector<DeviceRow>> load_devices() = 0;
  // When each device seen after `since` was last seen, by any node.
  virtual Result<std::vector<LastSeen>> seen_since(TimeMs since) = 0;
  // One device as load_devices() gives it, by id or by serial number.
  virtual Result<std::optional<DeviceRow>> device(DeviceId id) = 0;
  virtual Result<std::optional<DeviceRow>> device(const std::string& sn) = 0;
  // Commands that are `queued`, per device, for the in-memory "anything to
  // send?" check, and commands that are `sent`, for expiry.
  virtual Result<std::vector<CommandRow>> load_open_commands() = 0;

  virtual Result<std::vector<CommandRow>> queued_commands(DeviceId device, int limit) = 0;
  virtual Result<std::optional<CommandRow>> command(const std::string& id) = 0;
  virtual Result<std::vector<CommandRow>> device_commands(DeviceId device, const PageQuery& page) = 0;
  // Commands of every device counted by status (GET /api/v1/commands/summary).
  virtual Result<CommandCounts> command_counts() = 0;
  // Commands newest first (CommandQuery).
  virtual Result<std::vector<CommandRow>> recent_commands(const CommandQuery& query) = 0;
  // Queued commands per device, for devices that have any.
  virtual Result<std::map<DeviceId, int64_t>> queued_counts() = 0;

  virtual Result<std::vector<AttendanceRow>> attendance(const AttendanceQuery& query) = 0;
  // Records of one device with a device-local time in [from, to].
  virtual Result<int64_t> attendance_count(DeviceId device, const std::string& from, const std::string& to) = 0;
  // How many punches match the query's filters (its paging aside).
  virtual Result<int64_t> attendance_total(const AttendanceQuery& query) = 0;
  virtual Result<std::vector<UserRow>> users(DeviceId device, const PageQuery& page) = 0;
  virtual Result<std::vector<TemplateRow>> templates(DeviceId device, const PageQuery& page) = 0;
  virtual Result<std::vector<OplogRow>> oplog(DeviceId device, const PageQuery& page) = 0;
  virtual Result<std::vector<PhotoRow>> photos(DeviceId device, const PageQuery& page) = 0;
  virtual Result<std::optional<std::string>> photo_bytes(int64_t photo_id) = 0;

  virtual Result<std::vector<ErrorlogRow>> errorlog(DeviceId device, const PageQuery& page) = 0;
  // Optionally only one table (upper case, e.g. "RTLOG").
  virtual Result<std::vector<GenericRow>> generic_records(DeviceId device, const std::optional<std::string>& table,
                                                         const PageQuery& page) = 0;
  virtual Result<std::vector<RejectedRow>> rejected_lines(DeviceId device, const PageQuery& page) = 0;
  // Rejected lines of every device, newest first, with an id below `before` (0: from the newest).
  virtual Result<std::vector<RejectedRow>> recent_rejected(int64_t before, int limit) = 0;
  // Every device's last punches and clock skew (InsertAttendance).
  virtual Result<std::vector<DeviceActivity>> device_activity() = 0;
  // Punches per hour of arrival, from the hour holding `since` on.
  virtual Result<std::vector<HourCount>> punches_per_hour(TimeMs since) = 0;

  // ---- API access (access_records.h), persons (person_records.h), events (event_records.h) ----
  virtual Result<std::vector<TokenRow>> tokens() = 0;
  virtual Result<std::map<std::string, std::string>> server_settings() = 0;
  virtual Result<std::vector<AuditRow>> audit_log(const PageQuery& page) = 0;

  virtual Result<std::vector<PersonRow>> persons(const PersonQuery& query) = 0;
  // How many persons match the query's filters (its paging aside).
  virtual Result<int64_t> persons_total(const PersonQuery& query) = 0;
  virtual Result<std::optional<PersonRow>> person(const std::string& pin) = 0;
  virtual Result<std::vector<BiometricRow>> biometrics(int64_t person_id) = 0;
  virtual Result<Assignments> assignments(int64_t person_id) = 0;
  virtual Result<std::vector<GroupRow>> groups() = 0;
  // Everyone assigned to the device and what it was last sent.
  virtual Result<SyncState> sync_state(DeviceId device) = 0;

  // The id of the last row of each event source: a cursor at the end.
  virtual Result<EventCursor> event_end() = 0;
  virtual Result<std::vector<EventRow>> events_after(int64_t after, int limit) = 0;
  // Attendance photos only, metadata without bytes.
  virtual Result<std::vector<PhotoRow>> attendance_photos_after(int64_t after, int limit) = 0;
  virtual Result<std::vector<WebhookRow>> webhooks() = 0;
  virtual Result<std::vector<DeliveryRow>> deliveries(int64_t webhook_id, const PageQuery& page) = 0;
  virtual Result<DeliverySummary> delivery_summary(int64_t webhook_id) = 0;

  // ---- access control (Security PUSH; door_records.h) ----
  virtual Result<std::vector<AccessEventRow>> access_events(const AccessEventQuery& query) = 0;
  // The last door state of every device that sent one, or of `device`.
  virtual Result<std::vector<DoorStateRow>> door_states(std::optional<DeviceId> device) = 0;
  virtual Result<AccessRights> access_rights() = 0;
  virtual Result<PanelRows> panel_rows(DeviceId device) = 0;

  // ---- canteen (spec 001; canteen_records.h) ----
  // Every canteen terminal with its stamps and highest RecNo per family.
  virtual Result<std::vector<CanteenTerminalRow>> load_canteen_terminals() = 0;
  // A card by its number, else by its SysID, with its balances.
  virtual Result<std::optional<CanteenCardRow>> canteen_card(const std::string& card) = 0;
  virtual Result<std::vector<CanteenCardRow>> canteen_cards(const PageQuery& page) = 0;
  // A card's ledger in booking order (card transaction number, then arrival).
  virtual Result<std::vector<LedgerRow>> canteen_ledger(const std::string& card_no, const PageQuery& page) = 0;
  virtual Result<std::vector<CanteenCreditRow>> canteen_credits(const std::string& card_no) = 0;
  // Purchases (BUYLOG) with their item lines, in arrival order.
  virtual Result<std::vector<PurchaseRow>> canteen_purchases(const PurchaseQuery& query) = 0;
  // Purchases of one device-local day ("YYYY-MM-DD") per terminal and meal.
  virtual Result<std::vector<DayTotalRow>> canteen_day_totals(const std::string& date) = 0;
  // Per canteen terminal, or only `device`.
  virtual Result<std::vector<ReconciliationRow>> canteen_reconciliation(std::optional<DeviceId> device) = 0;
  // The rows of one master table (STOREINFO...), or of every table when empty.
  virtual Result<std::vector<CanteenMasterRow>> canteen_master(const std::string& table) = 0;

  // ---- files terminals download (file_records.h) ----
  // Every file by path, without its bytes.
  virtual Result<std::vector<TerminalFileRow>> terminal_files() = 0;
  // One file with its bytes, read whole into memory.
  virtual Result<std::optional<TerminalFileRow>> terminal_file(const std::string& path) = 0;

  // ---- the console's accounts (account_records.h) ----
  virtual Result<std::vector<AccountRow>> accounts() = 0;
  virtual Result<std::optional<AccountRow>> account(const std::string& name) = 0;
  // A session that is not revoked, of an account that is not disabled,
  // expired or not (the caller compares expires_at with its clock).
  virtual Result<std::optional<SessionRow>> session(const std::string& token_hash) = 0;
  virtual Result<std::optional<std::string>> server_secret(const std::string& name) = 0;
  virtual Result<SignInFailures> sign_in_failures(const std::string& account, const std::string& address,
                                                  TimeMs since) = 0;
};

struct StoreOptions {
  std::string data_dir;
  bool durability_full = false;  // SQLite: fsync every commit (synchronous=FULL)
  // A libpq connection string or URI (postgresql://USER:PASS@HOST:PORT/DB):
  // the store is that PostgreSQL database; empty: SQLite in data_dir.
  std::string database;
};

// Opens (creating and migrating as needed) the SQLite store in data_dir.
Result<std::unique_ptr<Store>> open_sqlite_store(const StoreOptions& options);
// Opens the PostgreSQL store at options.database, migrating its schema
// under an advisory lock (nodes starting together take turns).
Result<std::unique_ptr<Store>> open_postgres_store(const StoreOptions& options);
// PostgreSQL when options.database is set, else SQLite.
Result<std::unique_ptr<Store>> open_store(const StoreOptions& options);
// Where the store is, for logs, without a password: "SQLite in ./data",
// "PostgreSQL database zkpush on db1:5432".
std::string describe_store(const StoreOptions& options);

}  // namespace zkpush::store
