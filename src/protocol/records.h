// Typed values for what terminals upload and reply: the vocabulary shared by
// the codec (which produces them from bytes), the store (which persists them)
// and the service (which decides what to do with them).
//
// Every record keeps what the terminal sent: text fields stay text, exactly as
// received after charset conversion to UTF-8 (the service converts; the codec
// never guesses an encoding). Optional fields distinguish "absent" from
// "empty": a USER line without Card= must not erase a stored card.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace zkpush::protocol {

// Ordered key=value pairs as they appeared on the wire (keys keep their case).
using Fields = std::vector<std::pair<std::string, std::string>>;

// One attendance record (004 §11.2, §11.7; 000/002 4..7 fields; captures
// R02-R31: 7, 8, 9 and 11 fields). Fields beyond the seventh are kept in
// `extra` in order: MaskFlag/Temperature/ConvTemperature on thermal firmware,
// IDNum/Type on ID-card firmware, a sequence number on MB10-VL (R09).
struct AttlogRecord {
  std::string pin;
  std::string time;  // device-local "YYYY-MM-DD HH:MM:SS", normalised
  int status = 0;    // raw integer; 255 = no state key pressed (R19)
  int verify = 0;    // raw integer (15 = face, 1 = finger, ...)
  std::string workcode;
  std::string reserved1;
  std::string reserved2;
  std::vector<std::string> extra;
};

// OPLOG line (004 §11.4): OpType, operator, time, three values, reserved.
struct OplogRecord {
  int op_type = 0;
  std::string op_who;
  std::string time;
  std::string value1, value2, value3, reserved;
};

// USER line (004 §11.5; 000 without Pri; 003 `table=USERINFO`).
struct UserRecord {
  std::string pin;
  std::optional<std::string> name, privilege, password, card, group, tz, verify,
      vice_card, start_datetime, end_datetime;
  Fields extra;  // any other keys (Expires, Phone, ...), kept verbatim
};

// Biometric template in any of its upload forms. The natural key on a
// device is (pin, kind, bio_type, no, index).
enum class TemplateKind { kFingerprint, kFace, kFingerVein, kBiodata };

struct TemplateRecord {
  TemplateKind kind = TemplateKind::kFingerprint;
  std::string pin;
  int bio_type = 1;  // BIODATA Type (004 §11.12): 1 finger, 2 face, 7 vein, 9 VL face...
  int no = 0;        // FID for FP/FACE/FVEIN, No for BIODATA
  int index = 0;     // FVEIN/BIODATA Index
  int valid = 1;
  int duress = 0;
  std::string major_ver, minor_ver, format;  // BIODATA only
  std::optional<int> size;  // declared base64 length, when sent
  std::string tmp;          // base64 as sent
};

// Photo or image of any kind, already decoded to raw bytes.
enum class PhotoKind { kAttendance, kUser, kBiometric, kFingerprintImage };

struct PhotoRecord {
  PhotoKind kind = PhotoKind::kAttendance;
  std::string pin;       // the person, when known
  std::string filename;  // ATTPHOTO: the PIN= header ("20150731103012-123.jpg")
  int bio_type = 0;      // BIOPHOTO Type
  std::optional<int64_t> declared_size;
  std::string bytes;     // raw image bytes
};

// ERRORLOG line (004 §11.16).
struct ErrorlogRecord {
  std::string err_code, err_msg, data_origin, cmd_id, additional;
};

// Any other tagged key=value line we keep but do not interpret yet
// (IDCARD, WORKCODE, rtlog rows, PUSH 3.x tabledata, unknown OPERLOG tags).
struct GenericRecord {
  std::string table;  // upper-case tag or table name, e.g. "IDCARD"
  Fields fields;
};

// A line that could not be parsed. It is counted as consumed (so the terminal
// does not resend it forever) and stored verbatim so nothing is lost.
struct RejectedLine {
  std::string line;
  std::string reason;
};

// Everything one upload body contained, in the order received.
struct ParsedUpload {
  std::vector<AttlogRecord> attlogs;
  std::vector<OplogRecord> oplogs;
  std::vector<UserRecord> users;
  std::vector<TemplateRecord> templates;
  std::vector<PhotoRecord> photos;
  std::vector<ErrorlogRecord> errorlogs;
  std::vector<GenericRecord> generic;
  std::vector<RejectedLine> rejected;
  int lines = 0;  // non-blank lines consumed, rejected ones included
};

// One reply record from POST /iclock/devicecmd (004 §13; captures R27-R35).
struct CommandReply {
  std::string id;                    // echoed exactly (may be alphanumeric)
  std::optional<int> return_code;    // absent when the reply has no Return=
  std::string cmd;                   // as sent by the device; unreliable (ACC-35)
  Fields fields;                     // every other key (SN, FILENAME, INFO keys...)
  std::optional<std::string> content;  // Content= to the end of the reply, may be binary
  std::string raw;                   // the reply's full text as received
};

}  // namespace zkpush::protocol
