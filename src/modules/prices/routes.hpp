// modules/prices/routes.hpp — the prices API (docs/modules/prices.md; every
// route with its schema in GET /api/v1/openapi.json):
//   GET  /api/v1/prices/commodities | /points
//   POST /api/v1/prices/reports                a batch, all or nothing (?confirm=true stores implausible rows)
//   GET  /api/v1/prices/board?date=YYYY-MM-DD  district prices, changes, warning levels, missing points
//   POST /api/v1/prices/analysis/ifpa | /pig-grain
//   GET  /api/v1/prices/alerts?status=open     POST …/alerts/{id}/acknowledge | close | note
//   GET  /api/v1/prices/reserves               POST …/reserves/purchases | releases
//   GET  /api/v1/prices/bulletin?week=YYYY-Www  the weekly bulletin (JSON; bulletin.xlsx: the workbook)
#pragma once

#include "http/router.hpp"
#include "modules/prices/reserves.hpp"
#include "modules/prices/service.hpp"

namespace wcp::prices {

// Who issues the bulletin, in each language (config report.issuer_zh / _en).
struct Issuer {
  std::string zh;
  std::string en;
};

void AddRoutes(http::Router& router, PricesStore& store, AlertStore& alerts, ReserveStore& reserves,
               PriceService& service, const Issuer& issuer);

}  // namespace wcp::prices
