// The INFO reply's key=value lines (004 §12.4.3; 000:L366-379; capture R27).
//
// R27 (Biopro SA40) sends 74 keys; we send the ones a server reads (counts,
// versions, identity, capacities) in R27's order, with R27's values as the
// defaults for what the emulated terminal does not model. Counts are never
// taken from options: they are what the database holds. Options set by SET
// OPTION or the emulator's configuration override the defaults and the rest
// of them follow, as 000:L366 says INFO carries "the device's information
// and its effective options".
#include <cstdint>
#include <string>
#include <vector>

#include "protocol/text.h"
#include "sim/record_lines.h"
#include "util/hex.h"

namespace zkpush::sim {
namespace {

using protocol::TemplateKind;

struct Counts {
  std::size_t fingers = 0, faces = 0, veins = 0;
};

// Fingerprints, faces and finger veins, in either storage form (legacy tag
// or BIODATA Type 1/2/7, 004 Appendix 10).
Counts count_templates(const TerminalDb& db) {
  Counts c;
  for (const auto& t : db.templates) {
    const bool bio = t.kind == TemplateKind::kBiodata;
    if (t.kind == TemplateKind::kFingerprint || (bio && t.bio_type == 1)) ++c.fingers;
    if (t.kind == TemplateKind::kFace || (bio && t.bio_type == 2)) ++c.faces;
    if (t.kind == TemplateKind::kFingerVein || (bio && t.bio_type == 7)) ++c.veins;
  }
  return c;
}

// A stable MAC for the serial number, in ZKTeco's OUI 00:17:61 (R27).
std::string mac_for(std::string_view sn) {
  uint32_t h = 2166136261u;  // FNV-1a
  for (char c : sn) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
  std::string mac = "00:17:61";
  for (int shift : {16, 8, 0}) {
    mac += ':';
    append_hex_byte(mac, static_cast<unsigned char>((h >> shift) & 0xff));
  }
  return mac;
}

class InfoLines {
 public:
  explicit InfoLines(const TerminalDb& db) : db_(db) {}
  // A key whose value is the option of that name, else `fallback`.
  void option(std::string_view key, std::string_view fallback) {
    auto it = db_.options.find(std::string(key));
    fixed(key, it != db_.options.end() ? std::string_view(it->second) : fallback);
  }
  void fixed(std::string_view key, std::string_view value) {
    out_.append(key).append("=").append(value).append("\n");
    listed_.emplace_back(key);
  }
  void count(std::string_view key, std::size_t n) { fixed(key, std::to_string(n)); }
  // Every option not listed yet, in the map's order.
  std::string finish() {
    for (const auto& [key, value] : db_.options) {
      bool seen = false;
      for (const auto& k : listed_) seen = seen || protocol::iequals(k, key);
      if (!seen && !key.empty()) out_.append(key).append("=").append(value).append("\n");
    }
    return std::move(out_);
  }

 private:
  const TerminalDb& db_;
  std::string out_;
  std::vector<std::string> listed_;
};

}  // namespace

std::string info_reply_lines(const TerminalDb& db, const TerminalIdentity& terminal) {
  const Counts n = count_templates(db);
  InfoLines info(db);
  info.option("~DeviceName", "zkpush-sim");
  info.option("MAC", mac_for(terminal.sn));
  info.count("TransactionCount", db.attlogs.size());
  info.option("~MaxAttLogCount", "3");
  info.count("UserCount", db.users.size());
  info.option("~MaxUserCount", "50");
  info.option("PhotoFunOn", "0");
  info.option("~MaxUserPhotoCount", "0");
  info.option("FingerFunOn", "1");
  info.option("FPVersion", "10");
  info.option("~MaxFingerCount", "30");
  info.count("FPCount", n.fingers);
  info.option("FaceFunOn", "0");
  info.option("FaceVersion", "7");
  info.option("~MaxFaceCount", "400");
  info.count("FaceCount", n.faces);
  info.option("FvFunOn", "0");
  info.option("FvVersion", "3");
  info.option("~MaxFvCount", "10");
  info.count("FvCount", n.veins);
  info.option("Language", "69");
  info.option("IPAddress", "192.168.1.201");
  info.option("~Platform", "ZLM60_TFT");
  info.option("~OEMVendor", "ZKTECO CO., LTD.");
  info.fixed("FWVersion", terminal.firmware);
  if (!terminal.push_version.empty()) info.fixed("PushVersion", terminal.push_version);
  info.count("UserPhotoCount", db.user_photos.size());
  info.count("ATTPhotoCount", db.attendance_photos.size());
  info.fixed("~SerialNumber", terminal.sn);
  return info.finish();
}

}  // namespace zkpush::sim
