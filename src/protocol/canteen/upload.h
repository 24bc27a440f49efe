// Upload bodies -> canteen records (spec 001 §6). One record per line, fields
// separated by TAB only (the printed templates' stray '&' and missing
// separators are OCR damage, A-14); blank lines are skipped; a line that does
// not fit its layout becomes a RejectedLine with the reason, the rest of the
// body is still read.
//
//   BUYLOG    11 fields (single wallet) or 14 (dual wallet), by count (§6.1);
//             13 is a dual-wallet line without User_PIN
//             SysID CardNo PosTime PosMoney Balance CardRecID State MealType MealDate RecNo OPID
//             [SubPosMoney SubBalance User_PIN]
//   FULLLOG   9 fields (§6.4): SysID CardNo CardRecNo Suptime Money Balance LogType, then
//             RecNo OPID or OPID RecNo (A-13: see detect_fulllog_order)
//   ALLOWLOG  10 fields (§6.5): SysID CardNo CardRecID Batch AllowTime AllowMoney Balance state
//             BaseBatch RecNo
//   storedetail / keydetail  4 fields (§6.2, §6.3): RecNo StoreNo|KeyID Price RecSum
//
// The BAK tables carry the same layouts.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "protocol/canteen/records.h"

namespace zkpush::protocol::canteen {

void parse_buylog(std::string_view body, CanteenUpload& out);
// kUnknown reads the description's order (RecNo, then OPID).
void parse_fulllog(std::string_view body, FulllogOrder order, CanteenUpload& out);
void parse_allowlog(std::string_view body, CanteenUpload& out);
void parse_item_details(ItemDetail::Kind kind, std::string_view body, CanteenUpload& out);

// which of FULLLOG's fields 8 and 9 is RecNo. The upload's StampId is
// "the largest RecNo of the batch" (§6.1, by analogy §6.4): the order whose
// RecNo column peaks at StampId wins. When both or neither do, the order whose
// smallest RecNo continues the device's sequence (`next_rec_no`) wins; then a
// column that is not all integers cannot be RecNo. kUnknown when still
// undecided (e.g. one record whose OPID equals its RecNo).
FulllogOrder detect_fulllog_order(std::string_view body, std::optional<int64_t> stamp_id,
                                  std::optional<int64_t> next_rec_no);

// Amounts: a whole number with an optional sign; nullopt for "12.50" or text.
std::optional<int64_t> parse_amount(std::string_view text);

// PosTime and the other record times: "YYYY-MM-DD hh:mm:ss" (a 'T' between
// date and time tolerated), or whole seconds since 1970 read as device-local
// wall-clock time (§6.1 L713 declares PosTime an int of seconds, A-12).
std::optional<std::string> parse_record_time(std::string_view text);

}  // namespace zkpush::protocol::canteen
