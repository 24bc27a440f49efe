// Upload bodies -> typed records. Pure functions; never throw; every
// non-blank line is counted in `ParsedUpload::lines`, and a line that cannot
// be understood lands in `rejected` with a reason. One exception: a line that
// continues the base64 TMP of the template line above it (a line break inside
// a template, capture R14) is joined to that template and not counted.
//
// Tolerated everywhere: CR, LF, CRLF and mixed line ends; blank lines;
// trailing tabs; keys in any case (`VALID`/`Valid`, `PIN`/`Pin`); a space
// instead of a tab before `TMP=` (R32); fields separated by spaces where the
// documents' examples show them (AMB-01, ACC-13).
#pragma once

#include <string>
#include <string_view>

#include "protocol/records.h"
#include "util/error.h"

namespace zkpush::protocol {

// table=ATTLOG (and legacy Stamp= posts): one punch per line (§11.2, ACC-12/13).
void parse_attlog(std::string_view body, ParsedUpload& out);

// table=OPERLOG: lines tagged OPLOG, USER, FP, FACE, FVEIN, BIODATA, USERPIC,
// BIOPHOTO, IDCARD, WORKCODE, ERRORLOG; 003's prefix-less OPLOG form; unknown
// tags become GenericRecord.
void parse_operlog(std::string_view body, ParsedUpload& out);

// Any other cdata table: BIODATA, IDCARD, ERRORLOG, USERINFO (003), FINGERTMP
// (003), and tables we do not interpret (rtlog, tabledata...), which become
// GenericRecord rows. `table` is the canonical upper-case name.
void parse_table(std::string_view table, std::string_view body, ParsedUpload& out);

// ATTPHOTO body: "PIN=..\nSN=..\nsize=..\nCMD=uploadphoto|realupload\0<jpeg>"
// (ATTPHOTOBase64: the bytes after NUL are base64), or a raw JPEG (003) with
// the name taken from `pin_param`. Fails only on an empty body.
Result<PhotoRecord> parse_attphoto(std::string_view body, std::string_view pin_param);

// table=options / registry bodies: "k=v,k=v" where a value may itself contain
// commas ("~OEMVendor=ZKTECO CO., LTD."): a comma starts a new pair only when
// followed by a key and '='.
Fields parse_options_body(std::string_view body);

// getrequest INFO=: positional comma list (§9; 000 sends 5 values, 004 10,
// R26 13) -> named fields: FWVersion, UserCount, FPCount, TransactionCount,
// IPAddress, FPVersion, FaceVersion, FaceEnrollCount, FaceCount, FunctionFlags,
// then INFO11, INFO12...
Fields parse_getrequest_info(std::string_view info);

// Most bytes a tgz packet may expand to, and most files in it (a zip bomb is
// refused, not expanded).
inline constexpr std::size_t kMaxExtractedBytes = 64u << 20;
inline constexpr std::size_t kMaxTgzEntries = 10000;

// A tgz data packet (§11.14): the concatenated text of every regular file.
// Error kTooLarge when the text would exceed `max_bytes`.
Result<std::string> extract_tgz(std::string_view packet, std::size_t max_bytes = kMaxExtractedBytes);

// What one upload body may hold, whatever its table: lines, and bytes in one
// line (a USERPIC or BIOPHOTO line carries a base64 photo of up to ~200 KB,
// field-lessons §5.16). Real batches have up to a few thousand lines.
inline constexpr std::size_t kMaxUploadLines = 200000;
inline constexpr std::size_t kMaxLineBytes = 1u << 20;

// Checked before a text upload is parsed: error kTooLarge naming the limit
// when the body has more lines or a longer line (line ends as for_each_line).
Status check_upload_shape(std::string_view body);

// Base64 decoding that skips whitespace and tolerates missing padding.
// Fails on characters outside the alphabet.
Result<std::string> decode_base64(std::string_view text);
std::string encode_base64(std::string_view bytes);

}  // namespace zkpush::protocol
