#include "service/template_formats.h"

#include "protocol/format.h"
#include "protocol/text.h"
#include "service/device.h"
#include "store/record_names.h"

namespace zkpush::service {

namespace {

using store::BiometricKind;

// BIODATA types of the three older template kinds (004 appendix 10).
constexpr int kFingerprintType = 1;
constexpr int kFaceType = 2;
constexpr int kFingerVeinType = 7;

std::vector<std::string> colon_list(const std::map<std::string, std::string>& p, const char* key) {
  std::vector<std::string> out;
  auto it = p.find(key);
  if (it == p.end()) return out;
  for (auto part : protocol::split(it->second, ':')) out.emplace_back(protocol::trim(part));
  return out;
}

std::vector<bool> bits(const std::vector<std::string>& values) {
  std::vector<bool> out;
  for (const auto& v : values) out.push_back(v == "1");
  return out;
}

bool has_bit(const std::vector<bool>& bits, int type) {
  return type >= 0 && static_cast<std::size_t>(type) < bits.size() && bits[static_cast<std::size_t>(type)];
}

std::string version_at(const std::vector<std::string>& versions, int type) {
  return type >= 0 && static_cast<std::size_t>(type) < versions.size() ? versions[static_cast<std::size_t>(type)]
                                                                       : std::string();
}

std::string property(const std::map<std::string, std::string>& p, const char* key) {
  auto it = p.find(key);
  return it == p.end() ? std::string() : major_version(it->second);
}

// The BIODATA type of a template.
int bio_type_of(const store::BiometricRow& b) {
  switch (b.kind) {
    case BiometricKind::kFingerprint: return kFingerprintType;
    case BiometricKind::kFace: return kFaceType;
    case BiometricKind::kFingerVein: return kFingerVeinType;
    default: return b.bio_type;
  }
}

protocol::TemplateRecord template_record(const std::string& pin, const store::BiometricRow& b,
                                         protocol::TemplateKind kind) {
  protocol::TemplateRecord t;
  t.kind = kind;
  t.pin = pin;
  t.bio_type = bio_type_of(b);
  t.no = b.no;
  t.index = b.index;
  t.valid = b.valid;
  t.duress = b.duress;
  t.major_ver = b.algorithm;
  t.minor_ver = b.minor_ver.empty() ? "0" : b.minor_ver;
  t.format = b.format;
  t.tmp = b.data;
  return t;
}

// The command for one template on this device, or "" when it cannot take it.
std::string template_command(const std::string& pin, const store::BiometricRow& b, const DeviceCapabilities& d) {
  const int type = bio_type_of(b);
  const std::string version = major_version(b.algorithm);
  if (version.empty()) return {};
  if (has_bit(d.bio_data, type) && major_version(version_at(d.bio_version, type)) == version)
    return protocol::format_template_update(template_record(pin, b, protocol::TemplateKind::kBiodata));
  if (type == kFingerprintType && d.fp_version == version)
    return protocol::format_template_update(template_record(pin, b, protocol::TemplateKind::kFingerprint));
  if (type == kFaceType && d.face_version == version)
    return protocol::format_template_update(template_record(pin, b, protocol::TemplateKind::kFace));
  if (type == kFingerVeinType && d.fv_version == version)
    return protocol::format_template_update(template_record(pin, b, protocol::TemplateKind::kFingerVein));
  return {};
}

}  // namespace

protocol::UserRecord user_record_of(const store::PersonRow& p) {
  const store::PersonFields& f = p.fields;
  protocol::UserRecord u;
  u.pin = p.pin;
  u.name = f.name;
  u.privilege = std::to_string(f.privilege);
  u.password = f.password;
  u.card = f.card;
  if (!f.access_group.empty()) u.group = f.access_group;
  if (!f.time_zones.empty()) u.tz = f.time_zones;
  if (f.verify_mode) u.verify = std::to_string(*f.verify_mode);
  if (!f.vice_card.empty()) u.vice_card = f.vice_card;
  if (!f.valid_from.empty()) u.start_datetime = f.valid_from;
  if (!f.valid_to.empty()) u.end_datetime = f.valid_to;
  return u;
}

std::vector<protocol::TemplateRecord> fingerprints_for(const store::PersonRow& person,
                                                       const std::vector<store::BiometricRow>& biometrics,
                                                       const DeviceCapabilities& device) {
  std::vector<protocol::TemplateRecord> out;
  for (const auto& b : biometrics) {
    if (!is_template(b.kind) || bio_type_of(b) != kFingerprintType) continue;
    const std::string version = major_version(b.algorithm);
    if (!device.fp_version.empty() && !version.empty() && version != device.fp_version) continue;
    out.push_back(template_record(person.pin, b, protocol::TemplateKind::kFingerprint));
  }
  return out;
}

std::string major_version(std::string_view version) {
  version = protocol::trim(version);
  const std::size_t dot = version.find('.');
  std::string major(version.substr(0, dot));
  return major == "0" ? std::string() : major;
}

DeviceCapabilities capabilities_of(const std::map<std::string, std::string>& p) {
  DeviceCapabilities d;
  d.bio_data = bits(colon_list(p, "MultiBioDataSupport"));
  d.bio_version = colon_list(p, "MultiBioVersion");
  d.bio_photo = bits(colon_list(p, "MultiBioPhotoSupport"));
  d.fp_version = property(p, "FPVersion");
  if (d.fp_version.empty()) d.fp_version = property(p, "~ZKFPVersion");
  d.face_version = property(p, "FaceVersion");
  d.fv_version = property(p, "FvVersion");
  auto photo = p.find("PhotoFunOn");
  d.user_photo = photo != p.end() && protocol::trim(photo->second) == "1";
  return d;
}

std::string signature(const DeviceCapabilities& d) {
  auto flags = [](const std::vector<bool>& bits) {
    std::string out;
    for (bool b : bits) out += b ? '1' : '0';
    return out;
  };
  std::string versions;
  for (const auto& v : d.bio_version) versions += major_version(v) + ":";
  return "bd=" + flags(d.bio_data) + ";bv=" + versions + ";bp=" + flags(d.bio_photo) + ";fp=" + d.fp_version +
         ";face=" + d.face_version + ";fv=" + d.fv_version + ";photo=" + (d.user_photo ? "1" : "0");
}

std::vector<std::string> sync_commands(const store::PersonRow& person,
                                       const std::vector<store::BiometricRow>& biometrics,
                                       const DeviceCapabilities& device) {
  std::vector<std::string> commands{protocol::format_user_update(user_record_of(person))};
  for (const store::BiometricRow& b : biometrics) {
    std::string command;
    if (b.kind == BiometricKind::kUserPhoto) {
      if (device.user_photo)  // 004 §12.1.1.7
        command = "DATA UPDATE USERPIC PIN=" + person.pin + "\tSize=" + std::to_string(b.data.size()) +
                  "\tContent=" + b.data;
    } else if (b.kind == BiometricKind::kBioPhoto) {
      if (has_bit(device.bio_photo, b.bio_type))  // 004 §12.1.1.8
        command = "DATA UPDATE BIOPHOTO PIN=" + person.pin + "\tType=" + std::to_string(b.bio_type) +
                  "\tSize=" + std::to_string(b.data.size()) + "\tContent=" + b.data + "\tFormat=0";
    } else {
      command = template_command(person.pin, b, device);
    }
    if (!command.empty()) commands.push_back(std::move(command));
  }
  return commands;
}

std::string delete_biometric_command(const std::string& pin, const store::BiometricRow& b,
                                     const DeviceCapabilities& device) {
  switch (b.kind) {
    case BiometricKind::kUserPhoto: return device.user_photo ? "DATA DELETE USERPIC PIN=" + pin : "";
    case BiometricKind::kBioPhoto: return has_bit(device.bio_photo, b.bio_type) ? "DATA DELETE BIOPHOTO PIN=" + pin : "";
    default: break;
  }
  const int type = bio_type_of(b);
  if (has_bit(device.bio_data, type))
    return "DATA DELETE BIODATA Pin=" + pin + "\tType=" + std::to_string(type) + "\tNo=" + std::to_string(b.no);
  if (type == kFingerprintType && !device.fp_version.empty())
    return "DATA DELETE FINGERTMP PIN=" + pin + "\tFID=" + std::to_string(b.no);
  if (type == kFaceType && !device.face_version.empty()) return "DATA DELETE FACE PIN=" + pin;
  if (type == kFingerVeinType && !device.fv_version.empty())
    return "DATA DELETE FVEIN Pin=" + pin + "\tFID=" + std::to_string(b.no);
  return {};
}

std::string delete_person_command(const std::string& pin) { return "DATA DELETE USERINFO PIN=" + pin; }

bool changes_capabilities(const std::map<std::string, std::string>& properties,
                          const std::map<std::string, std::string>& changed) {
  std::map<std::string, std::string> after = properties;
  for (const auto& [key, value] : changed) after[key] = value;
  return signature(capabilities_of(after)) != signature(capabilities_of(properties));
}

bool changes_capabilities(const Device& device, const std::map<std::string, std::string>& changed) {
  return device.properties_stale() || changes_capabilities(device.snapshot().properties, changed);
}

}  // namespace zkpush::service
