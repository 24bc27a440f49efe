// The canteen part of the storage contract (spec 001): rows read back and
// write operations, in the canteen's own terms. Included by store.h, whose
// WriteOp variant and Store interface carry them.
//
// Money is int64 in the terminal's unit (cents unless configured), never
// floating point. The ledger is append-only: every purchase, top-up, refund,
// discount, subsidy and opening balance is one immutable entry per wallet,
// and a card's balance is the sum of its entries.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/canteen/records.h"
#include "store/ids.h"

namespace zkpush::store {

using protocol::canteen::Family;

enum class Wallet { kMain, kSub };
enum class LedgerKind { kOpening, kPurchase, kTopup, kRefund, kDiscount, kSubsidy };
enum class CardStatus { kActive, kLost, kBlacklisted };

// The words for these values, in the database and in the API (canteen_names.cc):
// "main"/"sub"; "opening", "purchase", "topup", "refund", "discount",
// "subsidy"; "active", "lost", "blacklisted"; FULLLOG orders "unknown",
// "recno_opid", "opid_recno". Parsing is exact; nullopt for other words.
std::string_view name_of(Wallet wallet);
std::string_view name_of(LedgerKind kind);
std::string_view name_of(CardStatus status);
std::string_view name_of(protocol::canteen::FulllogOrder order);
std::optional<Wallet> wallet_by_name(std::string_view name);
std::optional<LedgerKind> ledger_kind_by_name(std::string_view name);
std::optional<CardStatus> card_status_by_name(std::string_view name);
std::optional<protocol::canteen::FulllogOrder> fulllog_order_by_name(std::string_view name);

// ---- rows read back -------------------------------------------------------

// A canteen terminal as the canteen service keeps it in memory.
struct CanteenTerminalRow {
  DeviceId device_id = 0;
  std::string sn;
  int fun_type = 0;  // IsConsumeFunType: bit0 consumption + subsidy, bit1 dual wallet (§3.1)
  protocol::canteen::FulllogOrder fulllog_order = protocol::canteen::FulllogOrder::kUnknown;
  std::map<std::string, std::string> stamps;  // handshake option key (PosLogStamp...) -> value
  std::map<Family, int64_t> highest_rec_no;   // per family, the highest RecNo stored
};

struct CanteenCard {
  std::string card_no;
  std::string sys_id;  // the system's id of the card (SysID); assigned when empty
  std::string holder;  // the holder's name
  std::string pin;     // the holder's personnel number, linking to a person when known
  std::string password;  // the card password the terminals check (§8), as the terminal sends it
  int card_type = 0;     // CARDTYPE SortID
  CardStatus status = CardStatus::kActive;
};

struct CanteenCardRow {
  int64_t id = 0;  // the paging cursor
  CanteenCard card;
  bool from_terminal = false;  // first seen in a terminal record, not created through the API
  int64_t balance_main = 0, balance_sub = 0;  // ledger sums
  // The balances the card itself reported last (its highest transaction number).
  std::optional<int64_t> reported_main, reported_sub;
  int64_t pending_credit = 0;  // issued top-ups/refunds/subsidies the card has not collected yet
  int mismatches = 0;          // ledger entries whose reported balance disagrees with the ledger
  TimeMs created_at = 0, updated_at = 0;
};

struct LedgerRow {
  int64_t id = 0;
  std::string card_no;
  Wallet wallet = Wallet::kMain;
  LedgerKind kind = LedgerKind::kPurchase;
  int64_t amount = 0;         // the effect on the card's balance: a purchase is negative
  int64_t card_seq = 0;       // the card's transaction number (-1 for an opening balance)
  int64_t ledger_balance = 0;  // sum of the card's entries on this wallet up to this one
  std::optional<int64_t> reported_balance;  // what the card said it held after this entry
  std::string sn;                            // the terminal, for terminal records
  std::optional<Family> family;
  std::optional<int64_t> rec_no;
  std::optional<int64_t> batch;  // the credit batch it collected
  TimeMs created_at = 0;
  bool mismatch() const { return reported_balance && *reported_balance != ledger_balance; }
};

struct PurchaseRow {
  int64_t id = 0;  // the paging cursor
  std::string sn;
  protocol::canteen::Transaction record;  // family kPos
  std::string time_zone;
  bool backup = false;
  std::vector<protocol::canteen::ItemDetail> items;
  TimeMs received_at = 0;
};

struct PurchaseQuery {
  std::optional<std::string> sn, card_no;
  std::optional<std::string> from, to;  // device-local "YYYY-MM-DD HH:MM:SS", inclusive
  int64_t after = 0;
  int limit = 100;
};

// One day's purchases at one terminal for one meal.
struct DayTotalRow {
  std::string sn;
  int meal_type = 0;
  int64_t purchases = 0;
  int64_t money = 0, sub_money = 0;
};

struct CanteenGapRow {
  int64_t id = 0;
  Family family = Family::kPos;
  int64_t first_rec_no = 0, last_rec_no = 0;
  int64_t still_missing = 0;  // RecNos of the range not stored yet
  std::string source;         // "upload" (a jump in RecNo) or "poll" (devno ahead of the records)
  TimeMs detected_at = 0;
  std::optional<std::string> sync_command;  // the SYNC queued for it
  std::optional<TimeMs> healed_at;
};

struct CanteenFamilyCount {
  Family family = Family::kPos;
  int64_t records = 0;
  std::optional<int64_t> first_rec_no, highest_rec_no;
  int64_t money = 0;  // sum of the records' amounts
};

// A terminal's reconciliation: what it sent, where its sequence has holes,
// and which of its records disagree with the ledger.
struct ReconciliationRow {
  std::string sn;
  std::vector<CanteenFamilyCount> families;
  int64_t rejected_lines = 0;  // lines kept verbatim (unreadable, or a RecNo reused with other content)
  std::vector<CanteenGapRow> gaps;
  std::vector<LedgerRow> mismatches;
};

struct CanteenMasterRow {
  std::string table;  // STOREINFO, PRESSKEY, ...
  std::string key;    // protocol::canteen::row_key
  protocol::Fields fields;  // the UPDATE row, in the table's order
  TimeMs updated_at = 0;
};

struct CanteenCreditRow {
  int64_t batch = 0;
  std::string card_no;
  LedgerKind kind = LedgerKind::kTopup;
  Wallet wallet = Wallet::kMain;
  int64_t amount = 0;
  TimeMs issued_at = 0;
  bool collected = false;
};

// ---- write operations ------------------------------------------------------

// The terminal's first canteen handshake creates it (out `created`); later
// ones update what changed. Absent fields are left as stored.
struct UpsertCanteenTerminal {
  DeviceId device = 0;
  std::optional<int> fun_type;
  std::optional<protocol::canteen::FulllogOrder> fulllog_order;
  TimeMs now = 0;
  bool created = false;  // out
};

struct SetCanteenStamps {
  DeviceId device = 0;
  std::map<std::string, std::string> values;
};

// The effect of one terminal record on one wallet of its card.
struct LedgerEffect {
  Wallet wallet = Wallet::kMain;
  LedgerKind kind = LedgerKind::kPurchase;
  int64_t amount = 0;
  std::optional<int64_t> reported_balance;
};

struct CanteenTransaction {
  protocol::canteen::Transaction record;
  std::vector<LedgerEffect> effects;
};

// A hole in a terminal's RecNo sequence that needs a SYNC.
struct SequenceGap {
  int64_t id = 0;
  Family family = Family::kPos;
  int64_t first = 0, last = 0;
};

// Stores a terminal's records of one family, deduplicated by (terminal,
// family, RecNo), each new one with its ledger entries, in one transaction:
//  - a RecNo already stored with the same card, time, amount, balance and
//    card transaction number is a resend: counted, not stored again;
//  - a RecNo already stored with other content is kept in rejected_lines
//    (never booked) and counted as a conflict;
//  - the card is found by CardNo, else SysID, else created (status active);
//  - an ALLOWLOG record collects the issued credit of its Batch for its card:
//    the credit's kind and wallet replace the effects' and it is marked collected;
//  - then the family's sequence is checked: holes between its first and
//    highest RecNo become gaps (canteen_gaps); gaps now complete are healed.
// Out: counts, the family's highest RecNo, and the open gaps for which no
// SYNC was requested yet (they are marked requested now).
struct StoreCanteenRecords {
  DeviceId device = 0;
  Family family = Family::kPos;
  bool backup = false;
  std::string table;  // as uploaded, for rejected lines
  std::string time_zone;
  TimeMs received_at = 0;
  std::vector<CanteenTransaction> transactions;
  int inserted = 0, duplicates = 0, conflicts = 0;  // out
  int64_t highest_rec_no = 0;                       // out
  std::vector<SequenceGap> needs_sync;              // out
};

// storedetail/keydetail lines, deduplicated by their content and their
// occurrence among identical lines of the same upload.
struct StoreItemDetails {
  DeviceId device = 0;
  TimeMs received_at = 0;
  std::vector<protocol::canteen::ItemDetail> details;
  int inserted = 0;  // out
};

// A hole seen from a poll (devno ahead of the stored records): opens gaps
// for the parts of first..last no open gap covers. Out: the open gaps without
// a SYNC yet (marked requested now), as for StoreCanteenRecords.
struct RecordCanteenGap {
  DeviceId device = 0;
  Family family = Family::kPos;
  int64_t first = 0, last = 0;
  TimeMs now = 0;
  std::vector<SequenceGap> needs_sync;  // out
};

struct SetCanteenGapSync {
  int64_t gap_id = 0;
  std::string command_id;
};

// Fails with kInvalidInput when the card number or the SysID is taken.
// Opening balances become kOpening ledger entries.
struct CreateCanteenCard {
  CanteenCard card;
  int64_t opening_main = 0, opening_sub = 0;
  TimeMs now = 0;
  int64_t id = 0;  // out
  std::string sys_id;  // out: as given, or the card's id
};

// Changes the given fields of a card; out `found`, `before` (the card as it was)
// and `after`.
struct UpdateCanteenCard {
  std::string card_no;
  std::optional<std::string> holder, pin, password;
  std::optional<int> card_type;
  std::optional<CardStatus> status;
  TimeMs now = 0;
  bool found = false;  // out
  CanteenCard before, after;  // out
};

// The card with the fields `change` gives replaced.
CanteenCard changed_card(const CanteenCard& card, const UpdateCanteenCard& change);

// Removes a card that has no ledger entries, records or credits; out
// `deleted` false with `refused` true when it has.
struct DeleteCanteenCard {
  std::string card_no;
  bool deleted = false, refused = false;  // out
  std::string sys_id;                     // out
};

// Issues one credit batch: the same amount of one kind onto each card, to be
// written onto the cards by terminals (SUBSIDYLOG) and booked when a terminal
// reports it collected (ALLOWLOG). Out: the batch number and the cards.
struct IssueCanteenCredits {
  LedgerKind kind = LedgerKind::kSubsidy;
  Wallet wallet = Wallet::kMain;
  int64_t amount = 0;
  std::vector<std::string> card_nos;
  std::string note;
  TimeMs now = 0;
  int64_t batch = 0;                // out
  std::vector<CanteenCard> cards;   // out, in the order given
};

struct PutCanteenMaster {
  CanteenMasterRow row;
};
struct DeleteCanteenMaster {
  std::string table, key;
  bool found = false;  // out
  protocol::Fields fields;  // out: the row that was deleted
};

}  // namespace zkpush::store
