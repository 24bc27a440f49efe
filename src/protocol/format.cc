// Everything the server writes to a terminal (see format.h).
//
// Line formats, each from the document that defines it:
//   handshake       "GET OPTION FROM: <SN>\n" + "Key=Value\n"...   (004 §5; 000:L44; B3)
//   TransFlag       Format II "TransData AttLog\tOpLog..."; Format I digits (004 §5, L508-556)
//   command line    "C:<id>:<command>\n"                           (004 §12; EMIT-06)
//   upload ack      "OK: <n>" / "OK"                               (004 §11.2; B1; AMB-18)
//   USERINFO        004 §12.1.1.1      FINGERTMP   004 §12.1.1.3
//   FACE            004 §12.1.1.4      FVEIN       004 §12.1.1.5
//   BIODATA         004 §12.1.1.6      remote att. 004 §14 (L4744-4748)
//   AUTH=Success    002:L1517-1523 (EMIT-11)
//
// Values go through RecordLine (record_line.h), which keeps TAB, CR, LF and
// NUL out of them.
#include "protocol/format.h"

#include <array>

#include "protocol/record_line.h"
#include "protocol/text.h"

namespace zkpush::protocol {
namespace {

// 004 §5 Format I: the 12 digit positions, in order (legacy_catalog §3.8).
constexpr std::array<std::string_view, 12> kTransFlagDigits = {
    "AttLog", "OpLog", "AttPhoto", "EnrollFP", "EnrollUser", "FPImag",
    "ChgUser", "ChgFP", "FACE", "UserPic", "WORKCODE", "BioPhoto"};
constexpr std::size_t kLegacyDigits = 10;  // 000:L72, 002:L269: ten digits

bool is_blank_free(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name)
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\0') return false;
  return true;
}

std::string tmp_text(const TemplateRecord& t) { return sanitize_value(t.tmp); }

}  // namespace

std::string format_handshake(std::string_view sn, const Fields& options) {
  // The first line must repeat the exact SN (B3). Values keep their TABs
  // (TransFlag Format II needs them); only line breaks are neutralised.
  std::string out = "GET OPTION FROM: ";
  out += single_line(sn);
  out += '\n';
  for (const auto& [key, value] : options) {
    out += single_line(key);
    out += '=';
    out += single_line(value);
    out += '\n';
  }
  return out;
}

std::string format_trans_flag(const std::vector<std::string>& names, bool legacy_digits) {
  if (!legacy_digits) {
    // Format II (004 L531-547; capture D01): names separated by TAB. Names
    // are passed through as given; a name with blanks cannot be one token.
    std::string out = "TransData";
    char separator = ' ';
    for (const std::string& name : names) {
      if (!is_blank_free(name)) continue;
      out += separator;
      out += name;
      separator = '\t';
    }
    return out;
  }
  // Format I. Caution (002:L269, 004:L552): all zeros does not mean "nothing"
  // but "attendance photos only"; the digit format cannot say "nothing".
  std::string digits(kTransFlagDigits.size(), '0');
  std::size_t width = kLegacyDigits;
  for (const std::string& name : names) {
    for (std::size_t i = 0; i < kTransFlagDigits.size(); ++i) {
      if (!iequals(name, kTransFlagDigits[i])) continue;
      digits[i] = '1';
      if (i >= kLegacyDigits) width = kTransFlagDigits.size();
    }
  }
  digits.resize(width);
  return digits;
}

void append_command_line(std::string& out, std::string_view id, std::string_view command) {
  // Keeps TABs (record separators) but a line break would end the command.
  auto append_one_line = [&out](std::string_view v) {
    for (char c : v) out.push_back(c == '\r' || c == '\n' || c == '\0' ? ' ' : c);
  };
  out += "C:";
  append_one_line(id);
  out += ':';
  append_one_line(command);
  out += '\n';
}

std::string format_upload_ack(int lines, bool with_count) {
  // B1: "OK: 0" made a Fabrixcel terminal re-post every 200 ms, so an
  // accepted POST is always acknowledged with at least 1.
  if (!with_count) return "OK";
  return "OK: " + std::to_string(lines < 1 ? 1 : lines);
}

std::string format_user_update(const UserRecord& u) {
  // 004 §12.1.1.1 key order; StartDatetime/EndDatetime only in 004's table
  // (L2500). `extra` keys (Expires, Phone...) are not sent: 004 v4.5 removed
  // Phone/Gender/Nation/IDNum and unknown keys may be rejected.
  return RecordLine("DATA UPDATE USERINFO ")
      .add("PIN", u.pin)
      .add("Name", u.name)
      .add("Pri", u.privilege)
      .add("Passwd", u.password)
      .add("Card", u.card)
      .add("Grp", u.group)
      .add("TZ", u.tz)
      .add("Verify", u.verify)
      .add("ViceCard", u.vice_card)
      .add("StartDatetime", u.start_datetime)
      .add("EndDatetime", u.end_datetime)
      .str();
}

std::string format_template_update(const TemplateRecord& t) {
  // Size is the length of the TMP actually sent, not the size declared at
  // upload: the device compares them and answers -9 on a mismatch (004
  // Appendix 1), and a stored declared size can disagree with the text
  // (R14's TMP carries a logging artefact).
  const std::string tmp = tmp_text(t);
  const long long size = static_cast<long long>(tmp.size());
  switch (t.kind) {
    case TemplateKind::kFingerprint:  // 004 §12.1.1.3
      return RecordLine("DATA UPDATE FINGERTMP ")
          .add("PIN", t.pin).add("FID", t.no).add("Size", size).add("Valid", t.valid)
          .add("TMP", tmp).str();
    case TemplateKind::kFace:  // 004 §12.1.1.4: Valid before Size (AMB-24)
      return RecordLine("DATA UPDATE FACE ")
          .add("PIN", t.pin).add("FID", t.no).add("Valid", t.valid).add("Size", size)
          .add("TMP", tmp).str();
    case TemplateKind::kFingerVein:  // 004 §12.1.1.5: "Pin", "Tmp"
      return RecordLine("DATA UPDATE FVEIN ")
          .add("Pin", t.pin).add("FID", t.no).add("Index", t.index).add("Valid", t.valid)
          .add("Size", size).add("Tmp", tmp).str();
    case TemplateKind::kBiodata:  // 004 §12.1.1.6 (no Size); Format 0 = ZK (§11.12)
      return RecordLine("DATA UPDATE BIODATA ")
          .add("Pin", t.pin).add("No", t.no).add("Index", t.index).add("Valid", t.valid)
          .add("Duress", t.duress).add("Type", t.bio_type).add("MajorVer", t.major_ver)
          .add("MinorVer", t.minor_ver).add("Format", t.format.empty() ? "0" : t.format)
          .add("Tmp", tmp).str();
  }
  return {};
}

std::string format_remote_attendance(const UserRecord& u,
                                     const std::vector<TemplateRecord>& templates) {
  // 004 §14 (L4744-4748): the USERINFO line in this order (Pri last), one
  // FINGERTMP line per fingerprint, then "OK"; "${LF} is used to connect"
  // the records, so the final OK has no line break. No "C:id:" prefix.
  // Only fingerprints: §14 asks for "basic information and fingerprint
  // information" and no document defines other kinds here.
  std::string out = RecordLine("DATA UPDATE USERINFO ")
                        .add("PIN", u.pin)
                        .add("Name", u.name)
                        .add("Passwd", u.password)
                        .add("Card", u.card)
                        .add("Grp", u.group)
                        .add("TZ", u.tz)
                        .add("Pri", u.privilege)
                        .str();
  out += '\n';
  for (const TemplateRecord& t : templates) {
    if (t.kind != TemplateKind::kFingerprint) continue;
    out += format_template_update(t);
    out += '\n';
  }
  out += "OK";
  return out;
}

std::string format_auth_success(const UserRecord& u) {
  // 002:L1517-1523. PhotoSize/Photo are omitted: the device does not keep the
  // photo and the document allows leaving them out when the server has none.
  std::string out = RecordLine("AUTH=Success\t")
                        .add("PIN", u.pin)
                        .add("Name", u.name)
                        .add("Pri", u.privilege)
                        .add("TZ", u.tz)
                        .str();
  out += '\n';
  return out;
}

}  // namespace zkpush::protocol
