// The command side of the access dialect's tables (CN24 §12.1.1-§12.1.2;
// push3_catalog §3.2-§3.3): each table's field names as the panels spell
// them, and the fields a DATA DELETE may name. Panels take a wrong spelling
// with Return=0 and do something else (push3_catalog §3.9: "pin=" makes a
// row with an empty PIN; "uid=" deleted every user), so the API checks
// every name against this table.
#pragma once

#include <span>
#include <string_view>

namespace zkpush::protocol::access {

struct TableSchema {
  std::string_view table;
  std::span<const std::string_view> fields;          // DATA UPDATE
  std::span<const std::string_view> delete_fields;   // DATA DELETE conditions (empty: only "*")
};

// Every table a panel takes, in the documents' order.
std::span<const TableSchema> table_schemas();
// nullptr for a table the documents do not define.
const TableSchema* table_schema(std::string_view table);

}  // namespace zkpush::protocol::access
