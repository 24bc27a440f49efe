#include "protocol/canteen/card_request.h"

#include "protocol/text.h"

namespace zkpush::protocol::canteen {

Result<CardRequest> parse_card_request(const Query& query) {
  const std::string rep_type_value = query.value_or("RepType", "");
  const std::string_view rep_type = trim(rep_type_value);
  const auto digits = rep_type.substr(0, rep_type.find_first_not_of("0123456789"));
  const auto type = parse_int(digits);
  if (!type || *type < 2 || *type > 5) return Error::invalid("RepType '" + std::string(rep_type) + "' is not 2 to 5");
  CardRequest request;
  request.type = static_cast<CardRequest::Type>(*type);
  request.card = std::string(trim(query.value_or("Card", "")));
  if (request.card.empty()) return Error::invalid("card request without Card");
  request.password = std::string(trim(query.value_or("Pwd", "")));
  request.old_password = std::string(trim(query.value_or("OldPwd", "")));
  request.new_password = std::string(trim(query.value_or("NewPwd", "")));
  return request;
}

}  // namespace zkpush::protocol::canteen
