// `table=tabledata&tablename=<t>` uploads and `querydata?type=tabledata`
// answers of the access-control dialect (push3_catalog §2.4-2.7, §2.9) -> the same
// typed records the attendance dialect produces, so a person enrolled at a
// door is the person of the attendance and canteen terminals.
//
//   user         -> UserRecord (lower-case keys: pin, name, privilege,
//                   password, cardno, group; the rest in `extra`)
//   templatev10  -> fingerprint TemplateRecord (fingerid + 16 = duress)
//   biodata      -> TemplateRecord kBiodata (the attendance BIODATA keys)
//   biophoto, userpic, ATTPHOTO -> PhotoRecord
//   errorlog     -> ErrorlogRecord
//   anything else (identitycard, APList, ...) -> GenericRecord{table}
//
// The record prefix ("user ", "biodata\t") is optional (REP firmware sends a
// TAB after it, push3_catalog §4). Answers to DATA QUERY transaction are events:
// parse them with parse_realtime (realtime.h).
#pragma once

#include <string_view>

#include "protocol/records.h"

namespace zkpush::protocol::access {

void parse_tabledata(std::string_view table_name, std::string_view body, ParsedUpload& out);

// The result of ENROLL_BIO (CN24 §12.6.2), `POST cdata?type=BioData`: one
// template a line, "TYPE=\tPIN=\tNO=\tINDEX=\tMAJOR_VER=\tMINOR_VER=\tTMP=
// [\tBIOPHOTO=]" -> TemplateRecord kBiodata (the photo is not kept).
void parse_enrolled_biodata(std::string_view body, ParsedUpload& out);

// The acknowledgement of a tabledata upload: "<tablename>=<rows>" (CN24
// §10.5-10.12; a plain OK makes terminals send the same rows again, catalog
// §2.1).
std::string format_tabledata_reply(std::string_view table_name, int rows);

}  // namespace zkpush::protocol::access
