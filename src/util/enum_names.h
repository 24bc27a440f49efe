// An enum's names as one table of (value, name) pairs, looked up both ways:
// each enum's spelling is written down once.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>
#include <utility>

namespace zkpush {

template <typename Enum, std::size_t N>
using EnumNames = std::array<std::pair<Enum, std::string_view>, N>;

// The name of `value`, or "" when the table lacks it.
template <typename Enum, std::size_t N>
std::string_view name_of(const EnumNames<Enum, N>& table, Enum value) {
  for (const auto& [v, name] : table)
    if (v == value) return name;
  return {};
}

// The value named exactly `name`.
template <typename Enum, std::size_t N>
std::optional<Enum> value_named(const EnumNames<Enum, N>& table, std::string_view name) {
  for (const auto& [v, n] : table)
    if (n == name) return v;
  return std::nullopt;
}

}  // namespace zkpush
