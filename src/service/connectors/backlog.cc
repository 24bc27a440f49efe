#include "service/connectors/backlog.h"

#include <algorithm>

namespace zkpush::service::connectors {

Result<int64_t> connector_backlog(store::Store& store, const CommonSettings& settings, int64_t after_attendance,
                                  const TerminalLookup& terminals) {
  store::AttendanceQuery query;
  query.after = after_attendance;
  if (settings.terminals.empty() && settings.groups.empty()) return store.attendance_total(query);
  int64_t total = 0;
  for (int64_t group : settings.groups) {
    store::AttendanceQuery of_group = query;
    of_group.group_id = group;
    auto n = store.attendance_total(of_group);
    if (!n) return n;
    total += *n;
  }
  for (const std::string& sn : settings.terminals) {
    // A terminal of a group in scope is counted with its group already.
    auto terminal = terminals ? terminals(sn) : std::nullopt;
    if (terminal && terminal->group &&
        std::find(settings.groups.begin(), settings.groups.end(), *terminal->group) != settings.groups.end())
      continue;
    store::AttendanceQuery of_terminal = query;
    of_terminal.sn = sn;
    auto n = store.attendance_total(of_terminal);
    if (!n) return n;
    total += *n;
  }
  return total;
}

}  // namespace zkpush::service::connectors
