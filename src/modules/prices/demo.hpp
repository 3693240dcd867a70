// modules/prices/demo.hpp — the prices module's seeded demo data.
#pragma once

#include "core/date.hpp"
#include "kit/module.hpp"
#include "modules/prices/reserves.hpp"
#include "modules/prices/service.hpp"

namespace wcp::prices {

// Adds demo monitoring points (marked demo) and, when no reports exist,
// 366 days of daily prices up to `today` through the service's rules:
// seasonality, a Spring Festival rise for meat, point spreads, noise,
// missing reports (one point has not reported today), and a shock on the
// last day (Chinese cabbage up 45 % day on day: Qingdao level IV). Two
// points belong to the first demo enterprises, whose users report for them.
Result<int> LoadDemoPrices(PricesStore& store, PriceService& service, kit::DemoContext& demo, const Date& today);

// When the reserve is empty: demo lots (warehouses marked 演示) of pork and
// vegetables, one due for rotation within the month.
Result<int> LoadDemoReserves(ReserveStore& reserves, kit::DemoContext& demo, const Date& today);

}  // namespace wcp::prices
