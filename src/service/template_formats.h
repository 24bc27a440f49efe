// Which biometrics a terminal can take, and in which command (004 §3.1
// "hybrid identification", §12.1): a template goes to a terminal only if the
// terminal reported its algorithm version, as
//   - BIODATA when the terminal's MultiBioDataSupport has the type's bit and
//     its MultiBioVersion the same major version (fingerprint = type 1, NIR
//     face = 2, finger vein = 7, visible-light face = 9, ...);
//   - otherwise FINGERTMP / FACE / FVEIN for the three older kinds, when the
//     terminal's FPVersion / FaceVersion / FvVersion is that version (ZKFinger
//     10.0 and older terminals, which have no MultiBioDataSupport).
// A template no terminal format fits is left out: never sent to a terminal
// that cannot use it. User photos go to terminals with PhotoFunOn=1,
// comparison photos (BIOPHOTO) to those whose MultiBioPhotoSupport has the
// type's bit.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "store/store.h"

namespace zkpush::service {

class Device;

struct DeviceCapabilities {
  std::vector<bool> bio_data;            // MultiBioDataSupport, by BIODATA type
  std::vector<std::string> bio_version;  // MultiBioVersion major versions, by type ("" = none)
  std::vector<bool> bio_photo;           // MultiBioPhotoSupport, by type
  std::string fp_version, face_version, fv_version;  // majors; "" = unknown
  bool user_photo = false;               // PhotoFunOn=1
};

// From the device's properties (its table=options pushes and INFO).
DeviceCapabilities capabilities_of(const std::map<std::string, std::string>& properties);

// The capabilities as one string: equal strings, the same formats chosen.
std::string signature(const DeviceCapabilities& device);

// Whether storing `changed` over `properties` changes the capabilities (so
// the templates a terminal can take).
bool changes_capabilities(const std::map<std::string, std::string>& properties,
                          const std::map<std::string, std::string>& changed);
// The same over a device's cached properties: always true while they are
// behind another node's (Device::properties_stale), since they cannot tell.
bool changes_capabilities(const Device& device, const std::map<std::string, std::string>& changed);

// The major part of an algorithm version: "10.0" -> "10", " 12 " -> "12".
std::string major_version(std::string_view version);

// The commands that bring `person` and `biometrics` onto a terminal:
// DATA UPDATE USERINFO first, then every biometric the terminal can use.
std::vector<std::string> sync_commands(const store::PersonRow& person,
                                       const std::vector<store::BiometricRow>& biometrics,
                                       const DeviceCapabilities& device);

// The person as a USERINFO record (what DATA UPDATE USERINFO sends).
protocol::UserRecord user_record_of(const store::PersonRow& person);

// For remote attendance (004 §14), which carries FINGERTMP only: the
// person's fingerprints in a version the terminal reported (or any, when the
// terminal reported none).
std::vector<protocol::TemplateRecord> fingerprints_for(const store::PersonRow& person,
                                                       const std::vector<store::BiometricRow>& biometrics,
                                                       const DeviceCapabilities& device);

// The command that removes one biometric of a person from a terminal, in
// the form the terminal takes (004 §12.1.2: BIODATA by type and number, or
// FINGERTMP by FID, FACE, FVEIN, USERPIC, BIOPHOTO); "" when the terminal
// cannot hold that kind at all.
std::string delete_biometric_command(const std::string& pin, const store::BiometricRow& biometric,
                                     const DeviceCapabilities& device);

// DATA DELETE USERINFO PIN=<pin>: the person and their templates.
std::string delete_person_command(const std::string& pin);

}  // namespace zkpush::service
