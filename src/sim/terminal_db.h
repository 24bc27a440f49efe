// What one emulated terminal stores, as firmware does: users, templates,
// attendance records and photos, operation log, options. In memory; the
// emulator never touches disk.
//
// Records carry an "uploaded" mark so the terminal can upload what is new,
// resume after a failed post, and re-upload everything after CHECK or a
// reboot with --replay-history.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "protocol/records.h"

namespace zkpush::sim {

struct StoredAttlog {
  protocol::AttlogRecord record;
  bool uploaded = false;
};

struct StoredOplog {
  protocol::OplogRecord record;
  bool uploaded = false;
};

struct StoredPhoto {
  protocol::PhotoRecord photo;  // kAttendance: filename "YYYYMMDDHHMMSS-PIN.jpg"
  bool uploaded = false;
};

struct TerminalDb {
  std::map<std::string, protocol::UserRecord> users;     // by PIN
  std::vector<protocol::TemplateRecord> templates;       // natural key: pin, kind, bio_type, no, index
  std::vector<StoredAttlog> attlogs;                      // in time order
  std::vector<StoredOplog> oplogs;
  std::vector<StoredPhoto> attendance_photos;
  std::map<std::string, std::string> user_photos;        // PIN -> JPEG bytes
  std::map<std::string, std::string> options;            // SET OPTION / device options (FingerFunOn=1...)
  // Tables the terminal keeps but does not interpret (SMS, USER_SMS, WORKCODE,
  // ShortcutKey, AccGroup, AccTimeZone, AccHoliday, AccUnLockComb, IDCARD,
  // BLACKLIST, WHITELIST, ADPIC, BIOPHOTO): table name -> rows of key=value.
  std::map<std::string, std::vector<protocol::Fields>> tables;
  // Files on the terminal, for GetFile/PutFile/UPGRADE: path -> bytes.
  std::map<std::string, std::string> files;
};

}  // namespace zkpush::sim
