// Building a typed command (typed_commands.h): parse the body, check every
// field against the kind's table row, apply the rules between fields, then
// hand the values to the kind's formatter.
#include "api/typed_commands.h"

#include <nlohmann/json.hpp>

#include "api/typed_field.h"

namespace zkpush::api {

std::optional<std::string_view> TypedValues::get(std::string_view name) const {
  for (const auto& [n, value] : values_)
    if (n == name) return std::string_view(value);
  return std::nullopt;
}

protocol::Fields TypedValues::pairs(const TypedCommandKind& kind) const {
  protocol::Fields out;
  for (const TypedField& f : kind.fields) {
    if (f.key.empty()) continue;
    if (f.type == FieldType::kLengthOf) {
      if (auto source = get(f.source)) out.emplace_back(f.key, std::to_string(source->size()));
    } else if (auto value = get(f.name)) {
      out.emplace_back(f.key, *value);
    }
  }
  return out;
}

const TypedCommandKind* find_typed_command_kind(std::string_view name) {
  for (const TypedCommandKind& kind : typed_command_kinds())
    if (kind.name == name) return &kind;
  return nullptr;
}

bool requires_admin(std::string_view kind) {
  const TypedCommandKind* k = find_typed_command_kind(kind);
  return k && k->admin;
}

namespace {

// The body as a JSON object; no body at all is an empty object.
Result<nlohmann::json> body_object(std::string_view body) {
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) return nlohmann::json::object();
  nlohmann::json parsed = nlohmann::json::parse(body, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object()) return Error::invalid("body: must be a JSON object");
  return parsed;
}

Result<TypedValues> read_values(const TypedCommandKind& kind, const nlohmann::json& body) {
  for (const auto& [name, value] : body.items()) {
    bool known = false;
    for (const TypedField& f : kind.fields) known = known || (!f.name.empty() && f.name == name);
    if (!known) return Error::invalid(name + ": unknown field for " + std::string(kind.name));
  }
  TypedValues values;
  for (const TypedField& f : kind.fields) {
    if (f.name.empty()) continue;  // computed
    auto it = body.find(std::string(f.name));
    if (it == body.end() || it->is_null()) {
      if (f.required) return Error::invalid(std::string(f.name) + ": required");
      if (!f.fallback.empty()) values.set(f.name, std::string(f.fallback));
      continue;
    }
    auto value = read_typed_field(f, *it);
    if (!value) return value.error();
    values.set(f.name, std::move(*value));
  }
  return values;
}

}  // namespace

Result<std::string> build_typed_command(std::string_view kind_name, std::string_view body) {
  const TypedCommandKind* kind = find_typed_command_kind(kind_name);
  if (!kind) return Error::not_found("no command kind '" + std::string(kind_name) + "' (see docs/commands.md)");
  auto object = body_object(body);
  if (!object) return object.error();
  auto values = read_values(*kind, *object);
  if (!values) return values.error();
  if (kind->check)
    if (Status rules = kind->check(*values); !rules) return rules.error();
  return kind->format(*kind, *values);
}

}  // namespace zkpush::api
