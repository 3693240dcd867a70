// modules/indicators/routes.hpp — the indicators API (docs/modules/indicators.md;
// every route with its summary in GET /api/v1/openapi.json):
//   GET  /api/v1/indicators                      every indicator with its latest evaluation
//   GET  /api/v1/indicators/{code}               definition, all observations (vintages), evaluation
//   POST /api/v1/indicators/{code}/observations  one observation or a list (all or nothing)
//   POST /api/v1/indicators/observations/{id}/approve | /reject
//   POST /api/v1/indicators/observations/approve {"ids": [...]}   (one transaction)
#pragma once

#include "core/csv.hpp"
#include "http/router.hpp"
#include "modules/indicators/indicator_store.hpp"
#include "modules/indicators/observation_store.hpp"
#include "modules/indicators/report.hpp"
#include "modules/indicators/service.hpp"

namespace wcp::indicators {

// The issuing body printed on reports (config report.issuer_zh / _en).
struct ReportIssuer {
  std::string zh;
  std::string en;
};

// `import_limits` bounds every uploaded table (config import.max_rows).
// Every write of observations goes through `service` (the module's rules).
void AddRoutes(http::Router& router, IndicatorStore& indicators, ObservationStore& observations,
               ObservationService& service, const TableLimits& import_limits = {}, const ReportIssuer& issuer = {});

// Definition + evaluation as the API returns it (also used by reports).
Json IndicatorJson(const Indicator& ind);
Json EvaluationJson(const struct Evaluation& e, const Indicator& ind);
Json PlanPeriodJson(const PlanPeriod& plan);
// `as_of` text as a year of the plan period; kInvalid naming "as_of" otherwise.
Result<std::optional<int>> ParseAsOf(std::string_view text, const PlanPeriod& plan);
// The evaluation workbook as of `year` (the route and `wcp indicators report`).
Result<std::string> BuildWorkbook(IndicatorStore& indicators, ObservationStore& obs, const PlanPeriod& plan, int year,
                                  const ReportOptions& options);
// The module's schemas in the OpenAPI components (schemas.cpp).
void DeclareSchemas(http::Router& router);

}  // namespace wcp::indicators
