// How BioTime's REST API answers (docs/biotime-api.md), which is how Django
// REST framework does: lists in the envelope {count, next, previous, msg,
// code, data} with page numbers, `next` and `previous` as absolute links
// built from the request's own host, and errors as {"detail": "..."} or,
// for a bad field, {"<field>": ["..."]}.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "api/route_table.h"
#include "http/message.h"

namespace zkpush::api {

// A query string or form body as BioTime's clients encode it: HTML form
// encoding, where '+' is a space (Python's requests writes "start_time=
// 2024-01-01+08:00:00"). zkpush's own query parsing keeps '+' for terminals.
protocol::Query form_query(std::string_view raw);

// BioTime's paths: anything outside /api/v1/ and /metrics.
bool is_biotime_path(std::string_view path);
bool is_biotime_route(const Route& route);

http::Response biotime_detail(int status, std::string detail);
http::Response biotime_field_error(int status, const std::string& field, std::string message);

// A page by number: ?page= (from 1) and ?page_size= or ?limit= (later
// versions' name); 10 rows by default, as BioTime.
struct BiotimePage {
  int64_t number = 1;
  int size = 10;
  int64_t offset() const { return (number - 1) * size; }
};
// Nullopt (and 404 "Invalid page." sent) for a page that is not a number
// from 1; a page size that is not a number gives the default, one too large
// the largest (BioTime's clients ask for up to 100,000,000 and expect rows).
std::optional<BiotimePage> biotime_page(const ApiCall& call);

// Sends one page of `count` rows in the envelope, or 404 "Invalid page."
// for a page past the end (page 1 of nothing is an empty page). `tls`: the
// listener has TLS (else X-Forwarded-Proto says the scheme).
void send_biotime_list(ApiCall& call, const BiotimePage& page, int64_t count, nlohmann::json data, bool tls);

// "YYYY-MM-DD HH:MM:SS" in the zone-less wall clock of `offset_minutes`
// east of UTC: how BioTime writes every time.
std::string biotime_time(int64_t utc_ms, int offset_minutes);

}  // namespace zkpush::api
