// The canteen master data the server pushes to terminals with UPDATE/DELETE
// (§7.6.1, table at L1279-L1285): each table's fields in the order UPDATE
// sends them, their types and the fields that identify a row. The printed
// defects are resolved here (catalog §10): the table printed `FIXD` is
// FIXED; CARDTYPE's `\Mealmaxmoney`, `Lowlimit=t=` and `BatchNo=XX`
// are Mealmaxmoney, Lowlimit and BatchNo.
//
// USERINFO (the card list) and SUBSIDYLOG are not master data: the server
// builds them from its cards and issued credits (commands.h).
#pragma once

#include <span>
#include <string_view>

#include "protocol/records.h"
#include "util/error.h"

namespace zkpush::protocol::canteen {

enum class FieldType {
  kText,     // names (sent in the terminal's charset), barcodes, validity text
  kInteger,  // ids, counts, flags, bitmasks
  kAmount,   // money in the terminal's unit: a whole number
  kClock,    // time of day "HHMM" (legacy server; "HH:MM" is accepted and sent as HHMM)
};

struct FieldSpec {
  std::string_view key;
  FieldType type;
};

struct MasterTable {
  std::string_view name;  // STOREINFO, PRESSKEY, MEALTYPE, TIMESEG, FIXED, CARDTYPE
  std::span<const FieldSpec> fields;
  std::span<const std::string_view> key_fields;
  // DELETE names the row by its key fields, except TIMESEG and FIXED which
  // the legacy server deletes with the full row (catalog §7.6.2, [EXT]).
  bool delete_with_full_row = false;
};

std::span<const MasterTable> master_tables();
// By table name, any case; nullptr if not master data.
const MasterTable* master_table(std::string_view name);

// The row UPDATE sends: every field of the layout in order, taken from
// `given` (keys matched ignoring case). Absent numbers are 0 and absent
// text is empty. Errors: an unknown key, an empty key field, a number that
// is not whole, a clock that is not a time of day.
Result<Fields> master_row(const MasterTable& table, const Fields& given);

// The identity of a row: its key field values joined by '-', e.g. "3" or "1-2".
std::string row_key(const MasterTable& table, const Fields& row);

}  // namespace zkpush::protocol::canteen
