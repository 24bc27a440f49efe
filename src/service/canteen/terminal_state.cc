#include "service/canteen/terminal_state.h"

#include <algorithm>

namespace zkpush::service::canteen {

CanteenTerminal::CanteenTerminal(store::CanteenTerminalRow row) : id_(row.device_id), row_(std::move(row)) {}

int CanteenTerminal::fun_type() const {
  std::lock_guard lock(mu_);
  return row_.fun_type;
}

FulllogOrder CanteenTerminal::fulllog_order() const {
  std::lock_guard lock(mu_);
  return row_.fulllog_order;
}

std::map<std::string, std::string> CanteenTerminal::stamps() const {
  std::lock_guard lock(mu_);
  return row_.stamps;
}

std::string CanteenTerminal::stamp(const std::string& key) const {
  std::lock_guard lock(mu_);
  auto it = row_.stamps.find(key);
  return it == row_.stamps.end() ? std::string("0") : it->second;
}

int64_t CanteenTerminal::highest(Family family) const {
  std::lock_guard lock(mu_);
  auto it = row_.highest_rec_no.find(family);
  return it == row_.highest_rec_no.end() ? 0 : it->second;
}

void CanteenTerminal::set_fun_type(int fun_type) {
  std::lock_guard lock(mu_);
  row_.fun_type = fun_type;
}

void CanteenTerminal::set_fulllog_order(FulllogOrder order) {
  std::lock_guard lock(mu_);
  row_.fulllog_order = order;
}

void CanteenTerminal::apply_stamps(const std::map<std::string, std::string>& values) {
  std::lock_guard lock(mu_);
  for (const auto& [k, v] : values) row_.stamps[k] = v;
}

void CanteenTerminal::note_highest(Family family, int64_t rec_no) {
  std::lock_guard lock(mu_);
  auto& highest = row_.highest_rec_no[family];
  highest = std::max(highest, rec_no);
}

std::optional<RecNoRange> CanteenTerminal::observe_poll(Family family, int64_t devno, int64_t now_ms,
                                                        int64_t patience_ms) {
  std::lock_guard lock(mu_);
  auto it = row_.highest_rec_no.find(family);
  const int64_t highest = it == row_.highest_rec_no.end() ? 0 : it->second;
  auto watch = watches_.find(family);
  if (devno <= highest) {
    if (watch != watches_.end()) watches_.erase(watch);
    return std::nullopt;
  }
  if (watch == watches_.end() || watch->second.highest != highest) {  // new, or records came meanwhile
    watches_[family] = Watch{devno, highest, now_ms};
    return std::nullopt;
  }
  if (now_ms - watch->second.since_ms < patience_ms) return std::nullopt;
  RecNoRange missing{highest + 1, watch->second.devno};
  watches_.erase(watch);
  return missing;
}

void CanteenTerminals::load(std::vector<store::CanteenTerminalRow> rows) {
  std::lock_guard lock(mu_);
  for (auto& row : rows) {
    const auto id = row.device_id;
    by_id_[id] = std::make_shared<CanteenTerminal>(std::move(row));
  }
}

std::shared_ptr<CanteenTerminal> CanteenTerminals::find(store::DeviceId id) const {
  std::lock_guard lock(mu_);
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : it->second;
}

std::shared_ptr<CanteenTerminal> CanteenTerminals::add(store::CanteenTerminalRow row) {
  std::lock_guard lock(mu_);
  auto& slot = by_id_[row.device_id];
  if (!slot) slot = std::make_shared<CanteenTerminal>(std::move(row));
  return slot;
}

std::vector<std::shared_ptr<CanteenTerminal>> CanteenTerminals::all() const {
  std::lock_guard lock(mu_);
  std::vector<std::shared_ptr<CanteenTerminal>> out;
  out.reserve(by_id_.size());
  for (const auto& [id, t] : by_id_) out.push_back(t);
  return out;
}

}  // namespace zkpush::service::canteen
