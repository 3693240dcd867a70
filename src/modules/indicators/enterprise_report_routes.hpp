// modules/indicators/enterprise_report_routes.hpp — the enterprises' monthly
// report API (listed in enterprise_report_routes.cpp and the OpenAPI document).
#pragma once

#include "http/router.hpp"
#include "modules/indicators/enterprise_report_store.hpp"

namespace wcp::indicators {

void AddEnterpriseReportRoutes(http::Router& router, EnterpriseReportStore& reports);

}  // namespace wcp::indicators
