#include "protocol/canteen/upload.h"

#include <algorithm>
#include <initializer_list>
#include <limits>
#include <vector>

#include "protocol/record_time.h"
#include "protocol/text.h"
#include "util/clock.h"

namespace zkpush::protocol::canteen {
namespace {

constexpr std::size_t kBuylogSingle = 11, kBuylogDual = 14, kFulllogFields = 9, kAllowlogFields = 10,
                      kDetailFields = 4;

// A record line without its line ending and surrounding spaces; TABs stay,
// as a trailing TAB is an empty last field (a dual-wallet line without User_PIN).
std::string_view strip_line(std::string_view line) {
  constexpr std::string_view kBlank = " \r\n";
  const auto first = line.find_first_not_of(kBlank);
  if (first == std::string_view::npos) return {};
  return line.substr(first, line.find_last_not_of(kBlank) - first + 1);
}

std::vector<std::string_view> fields_of(std::string_view line) {
  auto fields = split(line, '\t');
  for (auto& f : fields) f = trim(f);
  return fields;
}

// Typed access to one line's fields; the first field that does not fit is
// remembered as the line's rejection reason.
class FieldReader {
 public:
  explicit FieldReader(const std::vector<std::string_view>& fields) : f_(fields) {}

  // Money and counters: whole numbers only. Non-money codes (State, MealType)
  // may be empty, read as 0.
  int64_t number(std::size_t i, std::string_view name, bool empty_is_zero = false) {
    if (empty_is_zero && f_[i].empty()) return 0;
    auto v = parse_amount(f_[i]);
    if (!v) fail(i, name, "is not a whole number");
    return v.value_or(0);
  }
  std::string time(std::size_t i, std::string_view name) {
    auto t = parse_record_time(f_[i]);
    if (!t) fail(i, name, "is not a time");
    return t.value_or(std::string());
  }
  std::string text(std::size_t i) const { return std::string(f_[i]); }
  bool ok() const { return reason_.empty(); }
  const std::string& reason() const { return reason_; }

 private:
  void fail(std::size_t i, std::string_view name, std::string_view why) {
    if (reason_.empty()) reason_ = std::string(name) + " '" + std::string(f_[i]) + "' " + std::string(why);
  }
  const std::vector<std::string_view>& f_;
  std::string reason_;
};

// Calls `parse(fields, reader, line)` for every non-blank line whose field
// count is one of `counts` (described by `expected` in the rejection), and
// keeps the line as rejected when the count is wrong or a field does not fit.
template <typename Parse>
void each_record(std::string_view body, std::string_view table, std::initializer_list<std::size_t> counts,
                 std::string_view expected, CanteenUpload& out, Parse&& parse) {
  for_each_line(body, [&](std::string_view raw) {
    std::string_view line = strip_line(raw);
    if (trim(line).empty()) return;
    ++out.lines;
    const auto fields = fields_of(line);
    FieldReader reader(fields);
    std::string reason;
    if (std::find(counts.begin(), counts.end(), fields.size()) == counts.end())
      reason = std::to_string(fields.size()) + " fields, expected " + std::string(expected);
    else
      parse(fields, reader, line);
    if (reason.empty()) reason = reader.reason();
    if (!reason.empty()) out.rejected.push_back({std::string(line), std::string(table) + ": " + reason});
  });
}

// The start every log layout shares: SysID, CardNo.
Transaction begin_record(Family family, std::string_view line, const FieldReader& r) {
  Transaction t;
  t.family = family;
  t.line = std::string(line);
  t.sys_id = r.text(0);
  t.card_no = r.text(1);
  return t;
}

}  // namespace

std::optional<int64_t> parse_amount(std::string_view text) {
  auto v = parse_int(text);
  if (!v) return std::nullopt;
  return static_cast<int64_t>(*v);
}

std::optional<std::string> parse_record_time(std::string_view text) {
  text = trim(text);
  if (text.size() >= 9 && text.find_first_not_of("0123456789") == std::string_view::npos) {
    auto seconds = parse_int(text);
    if (!seconds) return std::nullopt;
    return format_record_time(*seconds);
  }
  std::string spaced(text);
  if (spaced.size() > 10 && spaced[10] == 'T') spaced[10] = ' ';
  return normalize_record_time(spaced);
}

void parse_buylog(std::string_view body, CanteenUpload& out) {
  // A dual-wallet line whose User_PIN was dropped with its TAB has 13.
  each_record(body, "BUYLOG", {kBuylogSingle, kBuylogDual - 1, kBuylogDual}, "11 (single wallet) or 14 (dual wallet)",
              out, [&](const auto& f, FieldReader& r, std::string_view line) {
    Transaction t = begin_record(Family::kPos, line, r);
    t.time = r.time(2, "PosTime");
    t.money = r.number(3, "PosMoney");
    t.balance = r.number(4, "Balance");
    t.card_seq = r.number(5, "CardRecID");
    t.kind = static_cast<int>(r.number(6, "State", true));
    t.meal_type = static_cast<int>(r.number(7, "MealType", true));
    t.meal_date = r.text(8);
    t.rec_no = r.number(9, "RecNo");
    t.op_id = r.text(10);
    if (f.size() > kBuylogSingle)
      t.sub = SubWallet{r.number(11, "SubPosMoney"), r.number(12, "SubBalance"), f.size() == kBuylogDual ? r.text(13) : ""};
    if (r.ok()) out.transactions.push_back(std::move(t));
  });
}

void parse_fulllog(std::string_view body, FulllogOrder order, CanteenUpload& out) {
  const std::size_t rec_index = order == FulllogOrder::kOpidThenRecNo ? 8 : 7;
  const std::size_t op_index = rec_index == 8 ? 7 : 8;
  each_record(body, "FULLLOG", {kFulllogFields}, "9", out, [&](const auto&, FieldReader& r, std::string_view line) {
    Transaction t = begin_record(Family::kFull, line, r);
    t.card_seq = r.number(2, "CardRecNo");
    t.time = r.time(3, "Suptime");
    t.money = r.number(4, "Money");
    t.balance = r.number(5, "Balance");
    t.kind = static_cast<int>(r.number(6, "LogType"));
    t.rec_no = r.number(rec_index, "RecNo");
    t.op_id = r.text(op_index);
    if (r.ok()) out.transactions.push_back(std::move(t));
  });
}

void parse_allowlog(std::string_view body, CanteenUpload& out) {
  each_record(body, "ALLOWLOG", {kAllowlogFields}, "10", out, [&](const auto&, FieldReader& r, std::string_view line) {
    Transaction t = begin_record(Family::kAllow, line, r);
    t.card_seq = r.number(2, "CardRecID");
    t.batch = r.number(3, "Batch");
    t.time = r.time(4, "AllowTime");
    t.money = r.number(5, "AllowMoney");
    t.balance = r.number(6, "Balance");
    t.kind = static_cast<int>(r.number(7, "state", true));
    t.base_batch = r.number(8, "BaseBatch", true);
    t.rec_no = r.number(9, "RecNo");
    if (r.ok()) out.transactions.push_back(std::move(t));
  });
}

void parse_item_details(ItemDetail::Kind kind, std::string_view body, CanteenUpload& out) {
  const bool product = kind == ItemDetail::Kind::kProduct;
  each_record(body, product ? "storedetail" : "keydetail", {kDetailFields}, "4", out,
              [&](const auto&, FieldReader& r, std::string_view) {
                ItemDetail d{kind, r.number(0, "RecNo"), r.text(1), r.number(2, "Price"), r.text(3)};
                if (r.ok()) out.details.push_back(std::move(d));
              });
}

FulllogOrder detect_fulllog_order(std::string_view body, std::optional<int64_t> stamp_id,
                                  std::optional<int64_t> next_rec_no) {
  struct Column {
    bool all_int = true, any = false;
    int64_t min = std::numeric_limits<int64_t>::max(), max = std::numeric_limits<int64_t>::min();
    void add(std::string_view text) {
      auto v = parse_amount(text);
      if (!v) {
        all_int = false;
        return;
      }
      any = true;
      min = std::min(min, *v);
      max = std::max(max, *v);
    }
    bool peaks_at(std::optional<int64_t> v) const { return v && all_int && any && max == *v; }
    bool starts_at(std::optional<int64_t> v) const { return v && all_int && any && min == *v; }
  };
  Column eighth, ninth;  // RecNo in the first reading, OPID in the second
  for_each_line(body, [&](std::string_view line) {
    auto f = fields_of(strip_line(line));
    if (f.size() != kFulllogFields) return;
    eighth.add(f[7]);
    ninth.add(f[8]);
  });
  auto pick = [](bool first, bool second) {
    if (first == second) return FulllogOrder::kUnknown;
    return first ? FulllogOrder::kRecNoThenOpid : FulllogOrder::kOpidThenRecNo;
  };
  if (auto o = pick(eighth.peaks_at(stamp_id), ninth.peaks_at(stamp_id)); o != FulllogOrder::kUnknown) return o;
  if (auto o = pick(eighth.starts_at(next_rec_no), ninth.starts_at(next_rec_no)); o != FulllogOrder::kUnknown)
    return o;
  return pick(eighth.all_int && eighth.any, ninth.all_int && ninth.any);
}

}  // namespace zkpush::protocol::canteen
