#include "protocol/canteen/record_lines.h"

#include <initializer_list>

#include "protocol/record_line.h"

namespace zkpush::protocol::canteen {
namespace {

std::string tab_joined(std::initializer_list<std::string> fields) {
  std::string line;
  for (const std::string& f : fields) {
    if (!line.empty()) line.push_back('\t');
    line += sanitize_value(f);
  }
  return line;
}

std::string n(int64_t v) { return std::to_string(v); }

}  // namespace

std::string format_buylog_line(const Transaction& t) {
  std::string line = tab_joined({t.sys_id, t.card_no, t.time, n(t.money), n(t.balance), n(t.card_seq), n(t.kind),
                                 n(t.meal_type), t.meal_date, n(t.rec_no), t.op_id});
  if (t.sub) {
    line.push_back('\t');
    line += tab_joined({n(t.sub->money), n(t.sub->balance), t.sub->user_pin});
  }
  return line;
}

std::string format_fulllog_line(const Transaction& t, FulllogOrder order) {
  const bool opid_first = order == FulllogOrder::kOpidThenRecNo;
  return tab_joined({t.sys_id, t.card_no, n(t.card_seq), t.time, n(t.money), n(t.balance), n(t.kind),
                     opid_first ? t.op_id : n(t.rec_no), opid_first ? n(t.rec_no) : t.op_id});
}

std::string format_allowlog_line(const Transaction& t) {
  return tab_joined({t.sys_id, t.card_no, n(t.card_seq), n(t.batch), t.time, n(t.money), n(t.balance), n(t.kind),
                     n(t.base_batch), n(t.rec_no)});
}

std::string format_item_line(const ItemDetail& d) { return tab_joined({n(d.rec_no), d.item, n(d.price), d.rec_sum}); }

}  // namespace zkpush::protocol::canteen
