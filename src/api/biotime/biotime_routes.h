// BioTime's REST API (docs/biotime-api.md), registered beside zkpush's own:
//
//   biotime_auth_routes.cc       POST /api-token-auth/, /jwt-api-token-auth/
//   biotime_iclock_routes.cc     /iclock/api/transactions/, /iclock/api/terminals/
//   biotime_personnel_routes.cc  /personnel/api/employees|departments|areas|positions/
#pragma once

#include "api/api_context.h"
#include "api/route_table.h"

namespace zkpush::api {

void add_biotime_auth_routes(RouteTable& routes, ApiContext& context);
void add_biotime_iclock_routes(RouteTable& routes, ApiContext& context);
void add_biotime_personnel_routes(RouteTable& routes, ApiContext& context);

}  // namespace zkpush::api
