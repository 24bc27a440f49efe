// Card business on the poll URL (spec 001 §8):
//   GET /iclock/posrequest?SN=..&RepType=2&Card=..&Pwd=..              report the card lost
//   GET /iclock/posrequest?SN=..&RepType=3&Card=..&Pwd=..              cancel the loss report
//   GET /iclock/posrequest?SN=..&RepType=4&Card=..&OldPwd=..&NewPwd=.. may the password change?
//   GET /iclock/posrequest?SN=..&RepType=5&Card=..&OldPwd=..&NewPwd=.. the password was changed
// answered OK or NO (options.h). The printed requests carry a stray
// placeholder after the RepType value: its leading digits are the type.
#pragma once

#include <string>

#include "protocol/query.h"
#include "util/error.h"

namespace zkpush::protocol::canteen {

struct CardRequest {
  enum class Type { kReportLost = 2, kCancelLoss = 3, kMayChangePassword = 4, kPasswordChanged = 5 };
  Type type = Type::kReportLost;
  std::string card;          // Card: the card number (or the system's card id)
  std::string password;      // Pwd (types 2, 3)
  std::string old_password;  // OldPwd (types 4, 5)
  std::string new_password;  // NewPwd (types 4, 5)
};

// Error for a RepType other than 2..5 or a request without Card.
Result<CardRequest> parse_card_request(const Query& query);

}  // namespace zkpush::protocol::canteen
