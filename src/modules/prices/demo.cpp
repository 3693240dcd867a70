#include "modules/prices/demo.hpp"

#include <cmath>
#include <map>
#include <numbers>

namespace wcp::prices {
namespace {

struct DemoPoint {
  const char* code;
  const char* name;
  const char* kind;
  const char* street;
  double lon, lat;
  double level;  // the point's price level against the district (wholesale below, supermarkets above)
};

constexpr DemoPoint kPoints[] = {
    {"demo-wm-1", "西海岸农副产品批发市场（演示）", "wholesale_market", "辛安街道", 120.1452, 36.0028, 0.86},
    {"demo-wm-2", "黄岛蔬菜水产批发市场（演示）", "wholesale_market", "薛家岛街道", 120.2291, 35.9776, 0.88},
    {"demo-fm-1", "长江路农贸市场（演示）", "farmers_market", "长江路街道", 120.1887, 35.9623, 1.00},
    {"demo-fm-2", "灵珠山农贸市场（演示）", "farmers_market", "灵珠山街道", 120.1466, 35.9328, 0.98},
    {"demo-fm-3", "珠海街道农贸市场（演示）", "farmers_market", "珠海街道", 120.2105, 35.9445, 1.01},
    {"demo-sm-1", "西海岸生活超市（演示）", "supermarket", "长江路街道", 120.1956, 35.9577, 1.08},
    {"demo-sm-2", "薛家岛便民超市（演示）", "supermarket", "薛家岛街道", 120.2343, 35.9712, 1.10},
    {"demo-sm-3", "辛安社区超市（演示）", "supermarket", "辛安街道", 120.1519, 36.0094, 1.06},
};

// A demo base price per commodity (yuan per unit) and how strongly it swings
// with the seasons (vegetables most). Synthetic, not observations.
const std::map<std::string, std::pair<double, double>>& BasePrices() {
  static const std::map<std::string, std::pair<double, double>> prices = {
      {"lean_pork", {28, 0.04}},      {"pork_belly", {26, 0.04}}, {"beef", {78, 0.02}},       {"mutton", {76, 0.05}},
      {"chicken", {18, 0.03}},        {"eggs", {10, 0.06}},       {"chinese_cabbage", {2.4, 0.25}},
      {"white_radish", {2.0, 0.2}},   {"cucumber", {5.0, 0.25}},  {"tomato", {6.0, 0.25}},    {"potato", {3.2, 0.1}},
      {"green_pepper", {6.0, 0.25}},  {"celery", {4.5, 0.2}},     {"spinach", {6.0, 0.3}},    {"hairtail", {40, 0.05}},
      {"carp", {16, 0.04}},           {"apple", {9, 0.1}},        {"banana", {7, 0.08}},      {"rice", {6.0, 0.01}},
      {"flour", {4.4, 0.01}},         {"cooking_oil", {14, 0.01}}, {"live_hog", {15, 0.05}},  {"corn", {2.5, 0.03}}};
  return prices;
}

// Days from 春节 (approximately, from the day of the year: the festival falls
// late January to mid February); meat and eggs rise in the two weeks before.
double SpringFestivalEffect(const Date& d, const std::string& commodity) {
  const bool festive = commodity == "lean_pork" || commodity == "pork_belly" || commodity == "beef" ||
                       commodity == "mutton" || commodity == "chicken" || commodity == "eggs";
  if (!festive) return 1.0;
  const int day_of_year = DaysBetween(Date{d.year(), std::chrono::January, std::chrono::day{1}}, d);
  return day_of_year >= 20 && day_of_year < 40 ? 1.08 : 1.0;
}

}  // namespace

Result<int> LoadDemoPrices(PricesStore& store, PriceService& service, kit::DemoContext& demo, const Date& today) {
  WCP_ASSIGN_OR_RETURN(auto commodities, store.Commodities());
  std::vector<Point> points;
  for (size_t i = 0; i < std::size(kPoints); ++i) {
    const auto& d = kPoints[i];
    Point p{d.code, d.name, d.kind, d.street, d.lon, d.lat, std::nullopt, {}, true};
    if (i < demo.enterprises.size() && i < 2) p.enterprise_id = demo.enterprises[i].id;  // their clerks report
    for (const auto& c : commodities) {
      const bool reference = c.category == "reference";
      if (!reference || p.kind == "wholesale_market") p.commodities.push_back(c.code);
    }
    points.push_back(std::move(p));
  }
  WCP_RETURN_IF_ERROR(store.UpsertPoints(points));
  WCP_ASSIGN_OR_RETURN(auto existing, store.Current("1900-01-01", FormatDate(today)));
  if (!existing.empty()) return 0;  // idempotent

  std::uniform_real_distribution<double> noise(-0.02, 0.02), chance(0, 1);
  constexpr int kDays = 366;  // a year and a day: the year-on-year change of today, within the daily form's reach
  int added = 0;
  Json batch = Json::array();
  const auto flush = [&]() -> Status {
    if (batch.empty()) return Status::Ok();
    WCP_ASSIGN_OR_RETURN(Ingested result, service.Ingest(batch, {demo.analyst, std::nullopt}, /*confirm=*/true, today));
    if (!result.refused.empty()) return Status::Internal("demo prices refused: " + result.refused.front().message);
    added += static_cast<int>(result.stored.size());
    batch = Json::array();
    return Status::Ok();
  };
  for (int back = kDays - 1; back >= 0; --back) {
    const Date day = AddDays(today, -back);
    const double season = std::cos(2 * std::numbers::pi * DaysBetween(Date{day.year(), std::chrono::January,
                                                                          std::chrono::day{1}}, day) / 365.0);
    for (const auto& p : kPoints) {
      const bool missing = (back == 0 && std::string(p.code) == "demo-fm-3") || chance(demo.rng) < 0.02;
      if (missing) continue;  // who has not reported
      for (const auto& c : commodities) {
        const bool reference = c.category == "reference";
        if (reference && std::string(p.kind) != "wholesale_market") continue;
        const auto& [base, swing] = BasePrices().at(c.code);
        double price = base * (1 + swing * season) * SpringFestivalEffect(day, c.code) * (1 + noise(demo.rng));
        if (!reference) price *= p.level;
        if (c.code == "live_hog") price *= 1 - 0.25 * std::max(0.0, (56.0 - back) / 56.0);  // hog prices slide: ratio < 6
        if (back == 0 && c.code == "chinese_cabbage") price *= 1.45;                           // today's shock
        // Potatoes up a third in the last week (+20 %, then +12 % and flat): the weekly mean +32 % fires the
        // necessities' weekly rule, while no day (+20 % at most) or week on week (+34 %) reaches Qingdao's.
        if (c.code == "potato" && back <= 6) price *= back == 6 ? 1.20 : 1.34;
        batch.push_back({{"point", p.code}, {"commodity", c.code}, {"date", FormatDate(day)},
                         {"price_fen", static_cast<int64_t>(std::llround(price * 100))}, {"unit", c.unit_zh}});
      }
    }
    if (batch.size() > 5000) WCP_RETURN_IF_ERROR(flush());
  }
  WCP_RETURN_IF_ERROR(flush());
  return added;
}

Result<int> LoadDemoReserves(ReserveStore& reserves, kit::DemoContext& demo, const Date& today) {
  WCP_ASSIGN_OR_RETURN(auto lots, reserves.Lots());
  if (!lots.empty()) return 0;  // idempotent
  struct DemoLot {
    const char* commodity;
    const char* warehouse;
    int64_t kg;
    int stored_days_ago, rotate_in_days;
  };
  constexpr DemoLot kLots[] = {{"lean_pork", "西海岸冷链物流中心（演示）", 80'000, 300, 20},
                               {"lean_pork", "西海岸冷链物流中心（演示）", 60'000, 90, 270},
                               {"chinese_cabbage", "黄岛蔬菜储备库（演示）", 500'000, 30, 60},
                               {"potato", "黄岛蔬菜储备库（演示）", 300'000, 45, 120}};
  int added = 0;
  for (const auto& l : kLots) {
    ReserveOrder order{0, "purchase", l.commodity, l.warehouse, l.kg, std::nullopt, "演示数据", demo.analyst, ""};
    WCP_RETURN_IF_ERROR(reserves
                            .Purchase(order, FormatDate(AddDays(today, -l.stored_days_ago)),
                                      FormatDate(AddDays(today, l.rotate_in_days)))
                            .status());
    ++added;
  }
  return added;
}

}  // namespace wcp::prices
