// What an access panel must hold, worked out from the server's access rights
// and persons (push3_catalog §3.2): the table rows, by table and key, that
// the sync engine (access_sync.h) compares with what the panel was sent.
//
//   timezone       every time zone of a level with a door on the panel
//   holiday        every holiday
//   user           every person holding such a level, not blocked
//   userauthorize  per person and time zone: the bitmap of the panel's doors
//   biodata / templatev10  those persons' templates the panel can take
//
// A person needs all three of user, userauthorize and the timezone it names
// to pass (a user without userauthorize is refused with event 23).
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "protocol/records.h"
#include "service/device.h"
#include "store/store.h"

namespace zkpush::service::access {

// What the tables depend on about the panel.
struct PanelProfile {
  store::DeviceId device = 0;
  int doors = 1;
  // DateFmtFunOn=1 in its registration: validity in App.5 seconds, else YYYYMMDD (CN24 §12.1.1-1).
  bool seconds_validity = false;
  // The biometric types of its MultiBioDataSupport (CN24 App.18); empty: it
  // takes fingerprints as templatev10 only.
  std::set<int> bio_types;
};
PanelProfile panel_profile(const Device& device);

// A person who holds at least one level, with what the panel may need.
struct GrantedPerson {
  store::PersonRow person;
  std::vector<store::BiometricRow> biometrics;
};

using PanelTables = std::map<std::string, std::map<std::string, protocol::Fields>>;

PanelTables panel_tables(const PanelProfile& panel, const store::AccessRights& rights,
                         const std::vector<GrantedPerson>& persons);

// The tables in the order rows are sent (a userauthorize after the user and
// the timezone it names) and deleted (the reverse: CN24 §12.1.2 item 1).
const std::vector<std::string>& panel_table_order();

// The DATA DELETE condition of the row of `table` with this key (its key
// fields: a key is those fields' values joined by TAB). Not for userauthorize
// (deleted by Pin: access_sync.cc) and holiday (all at once).
protocol::Fields delete_condition(const std::string& table, const std::string& key);

}  // namespace zkpush::service::access
