#include "store/changes.h"

#include <algorithm>
#include <charconv>
#include <type_traits>

namespace zkpush::store {

namespace {

void add(std::vector<Change>& out, Change::Kind kind, DeviceId device = 0) {
  const Change change{kind, device};
  if (std::find(out.begin(), out.end(), change) == out.end()) out.push_back(change);
}

// Rows for the event sources (event_feed.h): attendance, attendance photos,
// and the events table, which these ops append to in their transaction.
bool appends_events(const WriteOp& op) {
  if (const auto* a = std::get_if<InsertAttendance>(&op)) return a->inserted > 0;
  if (const auto* r = std::get_if<RecordCommandReply>(&op)) return r->applied;
  if (const auto* s = std::get_if<SettleOverdueCommands>(&op)) return s->expired > 0;
  if (const auto* a = std::get_if<InsertAccessEvents>(&op)) return a->inserted > 0;
  if (const auto* d = std::get_if<SetDoorState>(&op)) return !d->event_payload.empty();
  return std::holds_alternative<StorePhotos>(op) || std::holds_alternative<AppendEvent>(op) ||
         std::holds_alternative<CreateDevice>(op) || std::holds_alternative<MergeEnrolment>(op);
}

// A serial number fits in a notification's word: no space, nothing unprintable.
bool encodable(std::string_view sn) {
  return !sn.empty() && std::all_of(sn.begin(), sn.end(), [](char c) { return c > ' ' && c < 127; });
}

}  // namespace

void add_changes(const WriteOp& op, std::vector<Change>& out) {
  if (appends_events(op)) add(out, Change::Kind::kEvents);
  std::visit(
      [&out](const auto& o) {
        using Op = std::decay_t<decltype(o)>;
        if constexpr (std::is_same_v<Op, CreateDevice>) {
          add(out, Change::Kind::kDevice, o.id);
          // Whoever meets an unknown serial number can then tell a new
          // terminal from one registered elsewhere without reading.
          if (o.created && encodable(o.sn)) out.push_back(Change{Change::Kind::kCreated, o.id, false, o.sn});
        } else if constexpr (std::is_same_v<Op, SetDeviceSettings> ||
                      std::is_same_v<Op, SetAdmissionState> || std::is_same_v<Op, SetAdmissionPolicy> ||
                      std::is_same_v<Op, SetPushCommKey> || std::is_same_v<Op, SetDeviceLabel> ||
                      std::is_same_v<Op, SetAccessSession> ||
                      std::is_same_v<Op, ResetStamps> || std::is_same_v<Op, UpdateDeviceIdentity>) {
          add(out, Change::Kind::kDevice, o.device);
        } else if constexpr (std::is_same_v<Op, SetDoorState>) {
          add(out, Change::Kind::kDoorState, o.device);
        } else if constexpr (std::is_same_v<Op, SetDeviceProperties>) {
          add(out, Change::Kind::kProperties, o.device);
        } else if constexpr (std::is_same_v<Op, EnqueueCommand>) {
          add(out, Change::Kind::kCommands, o.device);
        } else if constexpr (std::is_same_v<Op, SettleOverdueCommands>) {
          for (DeviceId device : o.requeued_for) add(out, Change::Kind::kCommands, device);
        } else if constexpr (std::is_same_v<Op, SetServerSettings>) {
          add(out, Change::Kind::kServerSettings);
        } else if constexpr (std::is_same_v<Op, CreateWebhook> || std::is_same_v<Op, DeleteWebhook> ||
                             std::is_same_v<Op, UpdateWebhookConfig>) {
          add(out, Change::Kind::kWebhooks);
        } else if constexpr (std::is_same_v<Op, UpdateAccount> || std::is_same_v<Op, RevokeSessions>) {
          add(out, Change::Kind::kAccounts);
        } else if constexpr (std::is_same_v<Op, DeleteGroup>) {
          add(out, Change::Kind::kResync);  // its devices lose their group
        }
      },
      op);
}

bool any_of_kinds(const std::vector<Change>& changes, std::initializer_list<Change::Kind> kinds) {
  return std::any_of(changes.begin(), changes.end(), [&kinds](const Change& c) {
    return std::find(kinds.begin(), kinds.end(), c.kind) != kinds.end();
  });
}

std::string encode_changes(const std::vector<Change>& changes) {
  std::string text;
  for (const Change& c : changes) {
    if (!text.empty()) text += ' ';
    text += static_cast<char>(c.kind);
    if (c.kind == Change::Kind::kDevice || c.kind == Change::Kind::kProperties || c.kind == Change::Kind::kCommands ||
        c.kind == Change::Kind::kDoorState)
      text += std::to_string(c.device);
    if (c.kind == Change::Kind::kCreated) text += std::to_string(c.device) + ':' + c.sn;
  }
  return text;
}

std::vector<Change> decode_changes(std::string_view text) {
  std::vector<Change> changes;
  while (!text.empty()) {
    const std::size_t end = std::min(text.find(' '), text.size());
    const std::string_view word = text.substr(0, end);
    text.remove_prefix(std::min(end + 1, text.size()));
    if (word.empty()) continue;
    const auto kind = static_cast<Change::Kind>(word[0]);
    switch (kind) {
      case Change::Kind::kDevice:
      case Change::Kind::kProperties:
      case Change::Kind::kCommands:
      case Change::Kind::kDoorState: {
        DeviceId device = 0;
        auto [ptr, ec] = std::from_chars(word.data() + 1, word.data() + word.size(), device);
        if (ec == std::errc() && ptr == word.data() + word.size() && word.size() > 1) changes.push_back({kind, device});
        break;
      }
      case Change::Kind::kCreated: {  // n<id>:<sn> (a serial number may hold ':' itself)
        const std::size_t colon = word.find(':');
        DeviceId device = 0;
        auto [ptr, ec] = std::from_chars(word.data() + 1, word.data() + std::min(colon, word.size()), device);
        if (ec == std::errc() && colon != std::string_view::npos && ptr == word.data() + colon && colon > 1 &&
            colon + 1 < word.size())
          changes.push_back({kind, device, false, std::string(word.substr(colon + 1))});
        break;
      }
      case Change::Kind::kServerSettings:
      case Change::Kind::kEvents:
      case Change::Kind::kWebhooks:
      case Change::Kind::kAccounts:
      case Change::Kind::kResync:
        if (word.size() == 1) changes.push_back({kind, 0});
        break;
    }
  }
  return changes;
}

}  // namespace zkpush::store
