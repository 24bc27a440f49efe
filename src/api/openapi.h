// The API's OpenAPI 3 document: docs/openapi.yaml, compiled into the binary
// and served as JSON at GET /api/v1/openapi.json.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

namespace zkpush::api {

// docs/openapi.yaml as the build saw it (openapi_document.cc, generated).
extern const char* const kOpenApiYaml;

// YAML text as JSON (plain scalars that read as booleans, integers or null
// become those; quoted scalars stay strings). Throws on a YAML syntax error.
nlohmann::json yaml_to_json(std::string_view yaml);

// kOpenApiYaml as JSON, parsed once.
const nlohmann::json& openapi_document();

}  // namespace zkpush::api
