#include "http/message.h"

#include "protocol/text.h"

namespace zkpush::http {
namespace {

using protocol::iequals;

}  // namespace

std::string_view Request::header(std::string_view name) const {
  for (const auto& [key, value] : headers)
    if (iequals(key, name)) return value;
  return {};
}

}  // namespace zkpush::http
