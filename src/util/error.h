// Error values returned across layer boundaries (ARCHITECTURE: "errors are values").
//
// A function that can fail returns `Result<T>` (or `Status` when it has no
// value). No layer lets an exception escape; bad network input in particular
// must never throw.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace zkpush {

struct Error {
  enum class Kind {
    kInvalidInput,   // the peer sent something we cannot interpret
    kNotFound,       // no such device / command / record
    kStorage,        // the store failed (disk full, I/O error, corruption)
    kUnavailable,    // shutting down or overloaded; the peer should retry
    kTooLarge,       // the peer sent more than a limit allows (docs/limits.md)
    kConflict,       // the store refused a duplicate of a unique key
    kMissingReference,  // the store refused a row naming one that does not exist
  };
  Kind kind = Kind::kInvalidInput;
  std::string message;

  static Error invalid(std::string m) { return {Kind::kInvalidInput, std::move(m)}; }
  static Error not_found(std::string m) { return {Kind::kNotFound, std::move(m)}; }
  static Error storage(std::string m) { return {Kind::kStorage, std::move(m)}; }
  static Error unavailable(std::string m) { return {Kind::kUnavailable, std::move(m)}; }
  static Error too_large(std::string m) { return {Kind::kTooLarge, std::move(m)}; }
  static Error conflict(std::string m) { return {Kind::kConflict, std::move(m)}; }
  static Error missing_reference(std::string m) { return {Kind::kMissingReference, std::move(m)}; }
};

// A value or an Error. Deliberately small: has_value / value / error.
template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}          // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}      // NOLINT: implicit by design

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() { return value(); }
  const T& operator*() const { return value(); }
  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

// Success or an Error, for operations without a value.
class Status {
 public:
  Status() = default;
  Status(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT: implicit by design
  static Status success() { return {}; }
  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const { return error_; }

 private:
  Error error_;
  bool ok_ = true;
};

}  // namespace zkpush
