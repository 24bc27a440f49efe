#include "protocol/canteen/master_tables.h"

#include <array>

#include "protocol/text.h"

namespace zkpush::protocol::canteen {
namespace {

using T = FieldType;

constexpr FieldSpec kPresskey[] = {{"KeyID", T::kInteger}, {"Price", T::kAmount}};
constexpr FieldSpec kStoreinfo[] = {
    {"StoreNo", T::kInteger}, {"Name", T::kText}, {"Bc", T::kText}, {"Price", T::kAmount}, {"agio", T::kInteger}};
constexpr FieldSpec kMealtype[] = {{"Mlid", T::kInteger}, {"Name", T::kText}, {"Start", T::kClock}, {"End", T::kClock}};
constexpr FieldSpec kTimeseg[] = {
    {"SegID", T::kInteger}, {"TsID", T::kInteger}, {"Start", T::kClock}, {"End", T::kClock}};
constexpr FieldSpec kFixed[] = {{"TsID", T::kInteger}, {"Start", T::kClock}, {"End", T::kClock}, {"Price", T::kAmount}};
constexpr FieldSpec kCardtype[] = {
    {"SortID", T::kInteger},      {"Name", T::kText},          {"rebate", T::kInteger},
    {"Timemaxmoney", T::kAmount}, {"Daymaxmoney", T::kAmount}, {"Mealmaxmoney", T::kAmount},
    {"Daymaxtimes", T::kInteger}, {"Mealmaxtimes", T::kInteger}, {"Lowlimit", T::kAmount},
    {"Maxlimit", T::kAmount},     {"MealType", T::kInteger},   {"Enable", T::kInteger},
    {"limit", T::kText},          {"BatchNo", T::kInteger},    {"UseFinger", T::kInteger}};

constexpr std::string_view kKeyId[] = {"KeyID"};
constexpr std::string_view kStoreNo[] = {"StoreNo"};
constexpr std::string_view kMlid[] = {"Mlid"};
constexpr std::string_view kSegTs[] = {"SegID", "TsID"};
constexpr std::string_view kTsId[] = {"TsID"};
constexpr std::string_view kSortId[] = {"SortID"};

constexpr std::array<MasterTable, 6> kTables = {{
    {"STOREINFO", kStoreinfo, kStoreNo, false},
    {"PRESSKEY", kPresskey, kKeyId, false},
    {"MEALTYPE", kMealtype, kMlid, false},
    {"TIMESEG", kTimeseg, kSegTs, true},
    {"FIXED", kFixed, kTsId, true},
    {"CARDTYPE", kCardtype, kSortId, false},
}};

// "1130" or "11:30" -> "1130"; nullopt for anything else.
std::optional<std::string> clock_value(std::string_view text) {
  std::string digits;
  for (char c : trim(text))
    if (c != ':') digits.push_back(c);
  if (digits.size() == 3) digits.insert(digits.begin(), '0');
  if (digits.size() != 4 || digits.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  const int hours = (digits[0] - '0') * 10 + (digits[1] - '0');
  const int minutes = (digits[2] - '0') * 10 + (digits[3] - '0');
  if (hours > 24 || minutes > 59 || (hours == 24 && minutes != 0)) return std::nullopt;
  return digits;
}

Result<std::string> checked(const FieldSpec& spec, std::string_view value) {
  value = trim(value);
  switch (spec.type) {
    case FieldType::kText:
      return std::string(value);
    case FieldType::kInteger:
    case FieldType::kAmount:
      if (value.empty()) return std::string("0");
      if (!parse_int(value))
        return Error::invalid(std::string(spec.key) + ": '" + std::string(value) + "' is not a whole number" +
                              (spec.type == FieldType::kAmount ? " (amounts are in the terminal's unit, e.g. cents)" : ""));
      return std::to_string(*parse_int(value));
    case FieldType::kClock:
      if (value.empty()) return std::string("0000");
      if (auto c = clock_value(value)) return *c;
      return Error::invalid(std::string(spec.key) + ": '" + std::string(value) + "' is not a time of day (HHMM)");
  }
  return Error::invalid("unknown field type");
}

}  // namespace

std::span<const MasterTable> master_tables() { return kTables; }

const MasterTable* master_table(std::string_view name) {
  for (const auto& t : kTables)
    if (iequals(trim(name), t.name)) return &t;
  return nullptr;
}

Result<Fields> master_row(const MasterTable& table, const Fields& given) {
  for (const auto& [key, value] : given) {
    bool known = false;
    for (const auto& spec : table.fields) known = known || iequals(key, spec.key);
    if (!known) return Error::invalid(std::string(table.name) + " has no field " + key);
  }
  Fields row;
  for (const auto& spec : table.fields) {
    std::string_view value;
    for (const auto& [key, v] : given)
      if (iequals(key, spec.key)) value = v;
    for (std::string_view key : table.key_fields)
      if (key == spec.key && trim(value).empty())
        return Error::invalid(std::string(table.name) + ": " + std::string(key) + " is required");
    auto checked_value = checked(spec, value);
    if (!checked_value) return checked_value.error();
    row.emplace_back(std::string(spec.key), std::move(*checked_value));
  }
  return row;
}

std::string row_key(const MasterTable& table, const Fields& row) {
  std::string key;
  for (std::string_view field : table.key_fields) {
    if (!key.empty()) key += '-';
    for (const auto& [k, v] : row)
      if (k == field) key += v;
  }
  return key;
}

}  // namespace zkpush::protocol::canteen
