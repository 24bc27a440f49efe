// What the service answers a terminal, before the HTTP layer frames it.
#pragma once

#include <functional>
#include <string>
#include <utility>

namespace zkpush::service {

struct DeviceReply {
  enum class Kind {
    kOk,           // 200 with `body`
    kBadRequest,   // 400: the request cannot be understood (e.g. no SN)
    kUnauthorized, // 401: an access panel without its session's token (it registers again)
    kForbidden,    // 403: this terminal may not use the server (admission)
    kNotFound,     // 404
    kUnavailable,  // 503: not stored; the terminal must keep its data and resend
    kNotImplemented,  // 501: a protocol feature this server refuses (canteen key exchange)
    kTooLarge,     // 413: over a limit (docs/limits.md); nothing stored
  };
  Kind kind = Kind::kOk;
  std::string body;

  static DeviceReply ok(std::string body) { return {Kind::kOk, std::move(body)}; }
  static DeviceReply bad_request(std::string message) { return {Kind::kBadRequest, std::move(message)}; }
  static DeviceReply unauthorized(std::string message) { return {Kind::kUnauthorized, std::move(message)}; }
  static DeviceReply forbidden(std::string message) { return {Kind::kForbidden, std::move(message)}; }
  static DeviceReply not_found(std::string message) { return {Kind::kNotFound, std::move(message)}; }
  static DeviceReply unavailable(std::string message) { return {Kind::kUnavailable, std::move(message)}; }
  static DeviceReply not_implemented(std::string message) { return {Kind::kNotImplemented, std::move(message)}; }
  static DeviceReply too_large(std::string message) { return {Kind::kTooLarge, std::move(message)}; }
};

using ReplyFn = std::function<void(DeviceReply)>;

}  // namespace zkpush::service
