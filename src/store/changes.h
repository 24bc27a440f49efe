// What a commit changed that a node may hold in memory: the change feed that
// keeps several nodes' caches true to one database (Store::watch_changes).
//
// Not every write is a change: an upload's stamps, last_seen and the rows of
// uploads are read from the database where they are needed; what a node
// caches and must hear about is the device's configuration (admission,
// pushcommkey, settings, identity and properties, label), whether commands
// wait for a device, the server's settings, that events were appended, and
// that accounts or sessions changed (the session cache drops what it holds).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "store/store.h"

namespace zkpush::store {

struct Change {
  enum class Kind : char {
    kDevice = 'd',          // the device's row or settings changed (or it was created)
    kProperties = 'p',      // what the terminal reported about itself (its properties) changed
    kCreated = 'n',         // a device was registered (with kDevice): its serial number is `sn`
    kCommands = 'c',        // commands were queued (or queued again) for the device
    kServerSettings = 's',  // the server-wide handshake options changed
    kEvents = 'e',          // rows were appended to the event sources
    kWebhooks = 'w',        // a webhook was created, reconfigured or deleted
    kAccounts = 'a',        // an account changed (role, password, disabled) or sessions were revoked
    kDoorState = 'o',       // a device's doors changed state (door_states)
    kResync = 'r',          // the feed was interrupted: anything may have changed
  };
  Kind kind = Kind::kEvents;
  DeviceId device = 0;  // kDevice, kProperties, kCreated, kCommands, kDoorState
  // This node committed it. Its caches already hold the change: every write of
  // a device's configuration updates the cached device in its own callback.
  bool here = false;
  std::string sn = {};  // kCreated
  bool operator==(const Change&) const = default;
};

// Appends the changes `op` makes once committed (none for most ops), without
// repeating one already in `out`.
void add_changes(const WriteOp& op, std::vector<Change>& out);

// The changes as one line of text ("e d12 c12 s"), for a PostgreSQL
// notification, and back; unreadable words are skipped.
std::string encode_changes(const std::vector<Change>& changes);
std::vector<Change> decode_changes(std::string_view text);

// Whether any of `changes` is of one of `kinds`.
bool any_of_kinds(const std::vector<Change>& changes, std::initializer_list<Change::Kind> kinds);

}  // namespace zkpush::store
