// Rows, write operations and queries of the server's persons: their fields
// and biometrics, what terminals uploaded about them (merged in), device
// groups and assignments, and what each terminal was last sent. store.h
// includes this file; the Store interface there reads and writes them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/records.h"
#include "store/ids.h"

namespace zkpush::store {

// What the server keeps about a person besides the PIN.
struct PersonFields {
  std::string name;
  int privilege = 0;  // 0 user, 2 registrar, 6 admin, 14 super admin (004 §12.1.1.1)
  std::string password, card, vice_card;
  std::string access_group;         // USERINFO Grp
  std::string time_zones;           // USERINFO TZ
  std::optional<int> verify_mode;   // USERINFO Verify, appendix 7; none: the terminal's default
  std::string valid_from, valid_to; // "YYYY-MM-DD HH:MM:SS" or empty
  std::string phone, gender, id_number;
  bool operator==(const PersonFields&) const = default;
};

struct PersonRow {
  int64_t id = 0;
  std::string pin;
  PersonFields fields;
  int64_t revision = 0;  // grows on every change, biometrics included
  TimeMs created_at = 0, updated_at = 0;
  std::string updated_by;  // "user:<account>", "api:<token name>" or "device:<SN>"
};

enum class BiometricKind { kFingerprint, kFace, kFingerVein, kBiodata, kUserPhoto, kBioPhoto };

struct BiometricRow {
  int64_t id = 0;
  int64_t person_id = 0;
  BiometricKind kind = BiometricKind::kFingerprint;
  int bio_type = 0;  // BIODATA/BIOPHOTO Type (appendix 10); 0 for the older kinds
  int no = 0;        // FID, BIODATA No
  int index = 0;     // FVEIN/BIODATA Index
  int valid = 1, duress = 0;
  std::string algorithm;  // major algorithm version ("10", "12"...); empty for photos
  std::string minor_ver, format;
  std::string source;     // "user:<account>", "api:<token>" or "device:<SN>"
  TimeMs updated_at = 0;
  std::string data;       // base64, as the protocol carries it
};

struct PersonQuery {
  std::optional<std::string> search;  // in PIN, name or card
  std::optional<std::string> pin;     // this PIN only
  std::optional<int64_t> group;       // only persons assigned to this device group
  int64_t after = 0;                  // cursor: persons with id > after
  int limit = 100;
  int64_t offset = 0;                 // rows skipped first (BioTime's page numbers)
};

// Creates the person or replaces every field of an existing one; bumps the
// revision.
struct SavePerson {
  std::string pin;
  PersonFields fields;
  std::string by;
  TimeMs now = 0;
  bool must_be_new = false;  // fail (invalid input) when the PIN exists
  int64_t id = 0;            // out
  int64_t revision = 0;      // out
  bool created = false;      // out
};
// Its biometrics and assignments go with it; what terminals were sent stays
// (device_person_sync) so the sync engine can delete it from them.
struct DeletePerson {
  std::string pin;
  int64_t id = 0;        // out: 0 when there was no such person
};
// Upserts one biometric (natural key: kind, bio_type, no, index) and bumps
// the person's revision.
struct SaveBiometric {
  std::string pin;
  BiometricRow biometric;
  TimeMs now = 0;
  bool found = false;  // out: false when the person does not exist
};
struct DeleteBiometric {
  std::string pin;
  BiometricKind kind = BiometricKind::kFingerprint;
  int bio_type = 0, no = 0, index = 0;
  TimeMs now = 0;
  bool deleted = false;  // out
};
// Replaces the person's assignments (the person found by PIN).
struct SetAssignments {
  std::string pin;
  std::vector<int64_t> group_ids;
  std::vector<DeviceId> device_ids;
};

// What a terminal uploaded about its people (USER, FP, FACE, FVEIN, BIODATA,
// USERPIC, BIOPHOTO), merged into persons. The rule: a terminal's upload
// changes a person unless the server changed that person after it last sent
// them to this terminal (the server's newer change wins, and the sync engine
// will overwrite the terminal's copy). Accepted changes mark the terminal as
// holding the new revision, assign the person to the terminal itself and to
// the terminal's device group
// when that group propagates enrolments, and append a person.enrolled event.
struct MergeEnrolment {
  DeviceId device = 0;
  std::string sn;
  std::vector<protocol::UserRecord> users;
  std::vector<BiometricRow> biometrics;  // person_id unused: matched by `pins`
  std::vector<std::string> pins;         // biometrics[i] belongs to pins[i]
  TimeMs now = 0;
  std::vector<int64_t> changed_persons;  // out
};

// ---- device groups and sync state ----

struct GroupRow {
  int64_t id = 0;
  std::string name;
  bool propagate_enrolments = true;
  TimeMs created_at = 0;
};

struct SaveGroup {
  int64_t id = 0;  // 0: create; out: the id
  std::string name;
  bool propagate_enrolments = true;
  TimeMs now = 0;
  bool found = true;  // out: false when updating a group that does not exist
};
struct DeleteGroup {
  int64_t id = 0;
  bool deleted = false;  // out
};
// An operator's label and group for a device (nullopt: unchanged).
struct SetDeviceLabel {
  DeviceId device = 0;
  std::optional<std::string> name;
  std::optional<std::optional<int64_t>> group_id;  // inner nullopt: no group
  std::optional<std::string> punch_direction = std::nullopt;  // service/punch_direction.h
};

// SyncRow::formats of a person the terminal uploaded itself: its copy is
// current in any format.
inline constexpr std::string_view kFormatsAsEnrolled = "enrolled";

// One terminal's copy of one person, as last sent (or uploaded by it).
struct SyncRow {
  int64_t person_id = 0;
  std::string pin;
  int64_t revision = 0;
  std::string formats;  // the terminal's capabilities when sent (template_formats.h signature)
};
// What the sync engine compares for one terminal, read in one snapshot.
struct SyncState {
  std::vector<PersonRow> assigned;  // everyone assigned, directly or through its group (no biometrics)
  std::vector<SyncRow> sent;        // what the terminal was last sent, by person id
};
// Records what a terminal was last sent of a person. With `only_if`, only
// while what is on file is still that (an empty inner value: nothing on
// file): a sync that lost the race against another node's fails its batch
// with kConflict, so nothing it queued is stored twice.
struct SetSynced {
  DeviceId device = 0;
  SyncRow row;
  std::optional<std::optional<SyncRow>> only_if;
};
// Forgets what a terminal was sent of a person; with `only_if_revision`,
// only while that revision is on file (kConflict otherwise, as above).
struct ClearSynced {
  DeviceId device = 0;
  int64_t person_id = 0;
  std::optional<int64_t> only_if_revision;
};

// A person as the sync engine needs it for one terminal.
struct AssignedPerson {
  PersonRow person;
  std::vector<BiometricRow> biometrics;
};

}  // namespace zkpush::store
