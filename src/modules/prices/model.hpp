// modules/prices/model.hpp — commodities, monitoring points and price reports.
//
// Prices are integer fen per the commodity's unit (元/公斤: fen per kg): money
// is exact. A report is never overwritten: a correction is a later report for
// the same point, commodity and day, and the latest one is the day's value;
// the earlier stays (the audit trail of what was reported).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/csv.hpp"
#include "core/json.hpp"
#include "core/status.hpp"

namespace wcp::prices {

struct Commodity {
  std::string code;
  std::string name_zh, name_en;
  std::string category;  // meat, eggs, vegetables, fruit, aquatic, grain_oil, reference
  std::string unit_zh, unit_en;
  std::string essential;  // "A" (Qingdao's A-class necessities) or ""
};

struct Point {
  std::string code;
  std::string name;
  std::string kind;  // wholesale_market, farmers_market, supermarket
  std::string street;
  double lon = 0, lat = 0;  // WGS-84 as surveyed
  std::optional<std::string> enterprise_id;  // the enterprise whose users report for it
  std::vector<std::string> commodities;      // what it reports
  bool is_demo = false;
};

struct PriceReport {
  int64_t id = 0;  // assigned by the store, increasing: a later report for the same key supersedes
  std::string point;
  std::string commodity;
  std::string date;  // YYYY-MM-DD
  int64_t price_fen = 0;
  std::string unit;  // the commodity's unit_zh, as sent (checked)
  std::string flag;  // "history" / "district" when confirmed although implausible; "" otherwise
  std::string submitted_by;
  std::string submitted_at;
};

// A point's value of a commodity on a day (its latest report), without the
// report's other fields: what the checks and the board read in bulk.
struct DayValue {
  std::string point;
  std::string commodity;
  std::string date;
  int64_t price_fen = 0;
};

// The district price of a commodity on a day, kept up to date with every
// batch (in its transaction): the median of the points' day values (the
// latest report of each), exact as twice the median in fen (an even count's
// median may fall on a half fen), with the lowest and highest.
struct DailyPrice {
  std::string commodity;
  std::string date;
  int64_t points = 0;
  int64_t median_x2_fen = 0;
  int64_t low_fen = 0, high_fen = 0;
  double MedianYuan() const { return static_cast<double>(median_x2_fen) / 200.0; }
};

// A commodity's forecasting model as JSON (method, parameters, interval
// offsets, accuracy; see forecast.hpp) fitted on the series up to
// `fitted_through`, and its latest forecast, made on the series up to `as_of`.
struct StoredModel {
  std::string commodity;
  std::string frequency;  // daily, weekly
  std::string fitted_through;
  std::string model_json;
  std::string as_of;
  std::string forecast_json;
};

Result<std::vector<Commodity>> ParseCommoditiesCsv(const CsvTable& table);
// Columns code,name,kind,street,lon,lat,commodities (codes separated by ';'), optional enterprise_id, is_demo.
Result<std::vector<Point>> ParsePointsCsv(const CsvTable& table);
Json CommodityJson(const Commodity& c);
Json PointJson(const Point& p);
Json ReportJson(const PriceReport& r);

}  // namespace wcp::prices
