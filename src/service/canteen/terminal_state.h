// The canteen terminals the server knows, in memory: what their handshake
// said (IsConsumeFunType), their stamps, the FULLLOG field order they use,
// the highest RecNo stored per family, and what their polls said (devno).
// A poll is answered from here, without touching the disk.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "store/store.h"

namespace zkpush::service::canteen {

using protocol::canteen::Family;
using protocol::canteen::FulllogOrder;

struct RecNoRange {
  int64_t first = 0, last = 0;
};

class CanteenTerminal {
 public:
  explicit CanteenTerminal(store::CanteenTerminalRow row);

  store::DeviceId id() const { return id_; }
  int fun_type() const;
  bool dual_wallet() const { return (fun_type() & 2) != 0; }     // IsConsumeFunType bit1 (§3.1)
  bool hands_out_credits() const { return (fun_type() & 1) != 0; }  // bit0: consumption + subsidy
  FulllogOrder fulllog_order() const;
  std::map<std::string, std::string> stamps() const;
  std::string stamp(const std::string& key) const;  // "0" when none
  int64_t highest(Family family) const;             // 0 when none

  void set_fun_type(int fun_type);
  void set_fulllog_order(FulllogOrder order);
  void apply_stamps(const std::map<std::string, std::string>& values);
  void note_highest(Family family, int64_t rec_no);

  // A poll said the terminal's highest RecNo of `family` is `devno`. Records
  // above the highest stored may still be on their way (realtime uploads,
  // TransInterval), so a hole is only reported when the same devno stayed
  // ahead for `patience_ms` without any new record of the family arriving:
  // then the range highest+1..devno (as first seen) is returned, once.
  std::optional<RecNoRange> observe_poll(Family family, int64_t devno, int64_t now_ms, int64_t patience_ms);

 private:
  struct Watch {
    int64_t devno = 0, highest = 0, since_ms = 0;
  };
  const store::DeviceId id_;
  mutable std::mutex mu_;
  store::CanteenTerminalRow row_;        // guarded by mu_
  std::map<Family, Watch> watches_;      // guarded by mu_
};

class CanteenTerminals {
 public:
  void load(std::vector<store::CanteenTerminalRow> rows);
  std::shared_ptr<CanteenTerminal> find(store::DeviceId id) const;
  // The terminal, added with `row` if new.
  std::shared_ptr<CanteenTerminal> add(store::CanteenTerminalRow row);
  std::vector<std::shared_ptr<CanteenTerminal>> all() const;

 private:
  mutable std::mutex mu_;
  std::unordered_map<store::DeviceId, std::shared_ptr<CanteenTerminal>> by_id_;
};

}  // namespace zkpush::service::canteen
