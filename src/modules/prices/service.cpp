#include "modules/prices/service.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <set>
#include <unordered_map>

#include "core/csv.hpp"

namespace wcp::prices {
namespace {

// The largest price a report may carry: 10,000 yuan per unit.
constexpr int64_t kMaxPriceFen = 1'000'000;
constexpr int kHistoryDays = 28;

std::string DateText(const Date& d) { return FormatDate(d); }

Result<Date> DateOf(const std::string& text) { return ParseDate(text); }

RowProblem Problem(size_t index, std::string field, std::string code, std::string message,
                   Status::Params params = {}) {
  return {index, std::move(field), std::move(code), std::move(message), std::move(params)};
}

// Fen as yuan text, exactly: 401 → "4.01".
std::string YuanText(int64_t fen) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%lld.%02lld", static_cast<long long>(fen / 100), static_cast<long long>(fen % 100));
  return buf;
}

std::string Key(const std::string& point, const std::string& commodity, const std::string& date) {
  return point + '\n' + commodity + '\n' + date;
}

// One row's fields, checked against the catalogue and the reporter; a
// problem names the first field that is wrong.
std::optional<RowProblem> ParseRow(size_t i, const Json& j, const std::map<std::string, Commodity>& commodities,
                                   const std::map<std::string, Point>& points, const Reporter& who,
                                   const Date& today, PriceReport& out) {
  if (!j.is_object()) return Problem(i, "", "not-an-object", "a report must be an object");
  for (const auto& [key, value] : j.items()) {
    if (key != "point" && key != "commodity" && key != "date" && key != "price_fen" && key != "unit") {
      return Problem(i, key, "unknown-field", "unknown field '" + key + "'");
    }
  }
  for (const char* key : {"point", "commodity", "date", "unit"}) {
    if (!j.contains(key) || !j[key].is_string()) return Problem(i, key, "required", std::string("'") + key + "' is required (text)");
  }
  out.point = j["point"].get<std::string>();
  out.commodity = j["commodity"].get<std::string>();
  out.date = j["date"].get<std::string>();
  out.unit = j["unit"].get<std::string>();
  const auto point = points.find(out.point);
  if (point == points.end()) return Problem(i, "point", "unknown-point", "no monitoring point '" + out.point + "'", {{"value", out.point}});
  if (who.enterprise_id && point->second.enterprise_id != who.enterprise_id) {
    return Problem(i, "point", "not-your-point", "point '" + out.point + "' is not one of your enterprise's", {{"value", out.point}});
  }
  const auto commodity = commodities.find(out.commodity);
  if (commodity == commodities.end()) {
    return Problem(i, "commodity", "unknown-commodity", "no commodity '" + out.commodity + "'", {{"value", out.commodity}});
  }
  if (out.unit != commodity->second.unit_zh && out.unit != commodity->second.unit_en) {
    return Problem(i, "unit", "wrong-unit", "the unit of " + out.commodity + " is " + commodity->second.unit_zh,
                   {{"value", out.unit}, {"expected", commodity->second.unit_zh}});
  }
  out.unit = commodity->second.unit_zh;
  auto date = DateOf(out.date);
  if (!date.ok()) return Problem(i, "date", "invalid-date", "'date' must be YYYY-MM-DD");
  if (today < *date) return Problem(i, "date", "future-date", "a price cannot be reported for a later day", {{"value", out.date}});
  // How far back a report may go: an enterprise corrects its last month; the
  // bureau its last year (older series come by import, not daily reports).
  const int max_back = who.enterprise_id ? 31 : 366;
  if (*date < AddDays(today, -max_back)) {
    return Problem(i, "date", "too-old", "a daily report may go back " + std::to_string(max_back) + " days at most",
                   {{"value", out.date}, {"days", std::to_string(max_back)}});
  }
  if (std::find(point->second.commodities.begin(), point->second.commodities.end(), out.commodity) ==
      point->second.commodities.end()) {
    return Problem(i, "commodity", "not-reported-here", "point '" + out.point + "' does not report " + out.commodity,
                   {{"value", out.commodity}});
  }
  out.date = DateText(*date);
  if (!j.contains("price_fen") || !j["price_fen"].is_number_integer() || j["price_fen"].get<int64_t>() <= 0 ||
      j["price_fen"].get<int64_t>() > kMaxPriceFen) {
    return Problem(i, "price_fen", "not-a-price", "'price_fen' must be a whole number of fen, 1–1,000,000");
  }
  out.price_fen = j["price_fen"].get<int64_t>();
  return std::nullopt;
}

}  // namespace

double MedianYuan(const std::vector<int64_t>& fen) {
  std::vector<double> yuan;
  yuan.reserve(fen.size());
  for (int64_t f : fen) yuan.push_back(static_cast<double>(f) / 100.0);
  return Median(yuan).value_or(0);
}

namespace {

// A spreadsheet's way of writing a day as YYYY-MM-DD: Excel's day serial
// (a date-formatted cell is stored as days since 1899-12-30; 2000–2099
// only) and 2026/11/30; anything else is left for the row check to refuse.
std::string DayText(const std::string& cell) {
  if (!cell.empty() && cell.size() <= 5 && std::all_of(cell.begin(), cell.end(), ::isdigit)) {
    const int serial = std::stoi(cell);
    if (serial >= 36526 && serial <= 73050) {
      return FormatDate(AddDays(Date{std::chrono::year{1899}, std::chrono::December, std::chrono::day{30}}, serial));
    }
  }
  int y = 0, m = 0, d = 0;
  char tail = 0;
  if (cell.find('/') != std::string::npos && std::sscanf(cell.c_str(), "%4d/%2d/%2d%c", &y, &m, &d, &tail) == 3) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
    return buf;
  }
  return cell;
}

// Yuan as exact fen from the cell's text: at most two decimals, or a
// spreadsheet's binary rendering of one (8.2999999999999989 is 8.30);
// 0 (refused by the row check) for anything else.
int64_t FenOf(const std::string& yuan) {
  const size_t point = yuan.find('.');
  const std::string whole = yuan.substr(0, point), fraction = point == std::string::npos ? "" : yuan.substr(point + 1);
  const bool digits = !whole.empty() && whole.size() <= 7 && fraction.size() <= 20 &&
                      std::all_of(whole.begin(), whole.end(), ::isdigit) &&
                      std::all_of(fraction.begin(), fraction.end(), ::isdigit);
  if (!digits) return 0;
  if (fraction.size() <= 2) {
    return std::stoll(whole) * 100 + (fraction.empty() ? 0 : std::stoll(fraction + std::string(2 - fraction.size(), '0')));
  }
  // More decimals: only a float's rendering of a two-decimal value, within a millionth of a fen.
  const double fen = std::stod(yuan) * 100;
  const double rounded = std::round(fen);
  return std::abs(fen - rounded) < 1e-6 ? static_cast<int64_t>(rounded) : 0;
}

}  // namespace

Result<Json> PriceService::RowsFromTable(const CsvTable& table, std::vector<size_t>* lines) {
  WCP_RETURN_IF_ERROR(table.RequireColumns({"point", "commodity", "date", "price_yuan", "unit"}));
  if (table.rows().size() > kMaxBatch) return Status::TooLarge("at most 20,000 reports in one file");
  Json rows = Json::array();
  for (const auto& row : table.rows()) {
    // A row without a price is not reported (as a blank field of the daily form; the template lists them all).
    if (table.Get(row, "price_yuan").empty()) continue;
    if (lines) lines->push_back(static_cast<size_t>(row.line));
    rows.push_back({{"point", table.Get(row, "point")}, {"commodity", table.Get(row, "commodity")},
                    {"date", DayText(table.Get(row, "date"))}, {"price_fen", FenOf(table.Get(row, "price_yuan"))},
                    {"unit", table.Get(row, "unit")}});
  }
  if (rows.empty()) return Status::Invalid(table.source() + ": no prices in the file", "file").WithCode("no-prices");
  return rows;
}

Result<Ingested> PriceService::Ingest(const Json& rows, const Reporter& who, bool confirm, const Date& today,
                                      bool dry_run) {
  if (!rows.is_array() || rows.empty()) return Status::Invalid("the body must be a non-empty list of reports", "body");
  if (rows.size() > kMaxBatch) return Status::TooLarge("at most 20,000 reports in one batch");
  WCP_ASSIGN_OR_RETURN(auto commodity_list, store_.Commodities());
  WCP_ASSIGN_OR_RETURN(auto point_list, store_.Points());
  std::map<std::string, Commodity> commodities;
  for (auto& c : commodity_list) commodities.emplace(c.code, std::move(c));
  std::map<std::string, Point> points;
  for (auto& p : point_list) points.emplace(p.code, std::move(p));

  Ingested result;
  std::vector<PriceReport> reports(rows.size());
  std::map<std::string, size_t> seen;
  std::string first_date = "9999-12-31", last_date;
  for (size_t i = 0; i < rows.size(); ++i) {
    if (auto problem = ParseRow(i, rows[i], commodities, points, who, today, reports[i])) {
      result.refused.push_back(std::move(*problem));
      continue;
    }
    reports[i].submitted_by = who.username;
    const auto [it, fresh] = seen.emplace(Key(reports[i].point, reports[i].commodity, reports[i].date), i);
    if (!fresh) {
      result.refused.push_back(Problem(i, "date", "duplicate-row", "the same point, commodity and day as row " +
                                                                      std::to_string(it->second + 1),
                                       {{"line", std::to_string(it->second + 1)}}));
      continue;
    }
    first_date = std::min(first_date, reports[i].date);
    last_date = std::max(last_date, reports[i].date);
  }
  if (!result.refused.empty()) return result;
  // Plausibility against each point's last 28 days and the day's district
  // median (the stored day values of other points and this batch's own).
  WCP_ASSIGN_OR_RETURN(Date first, DateOf(first_date));
  WCP_ASSIGN_OR_RETURN(auto stored, store_.DayValues(DateText(AddDays(first, -kHistoryDays)), last_date));
  std::unordered_map<std::string, std::vector<std::pair<std::string, int64_t>>> by_series;  // point+commodity → (date, fen)
  std::unordered_map<std::string, std::map<std::string, int64_t>> by_day;  // commodity+date → point → fen
  std::set<std::string> batch_days;
  for (const auto& r : reports) batch_days.insert(r.date);
  for (const auto& v : stored) {
    by_series[v.point + '\n' + v.commodity].emplace_back(v.date, v.price_fen);
    if (batch_days.count(v.date)) by_day[v.commodity + '\n' + v.date][v.point] = v.price_fen;
  }
  for (const auto& r : reports) by_day[r.commodity + '\n' + r.date][r.point] = r.price_fen;
  // The district price a report is judged against: the day's median over
  // every point, or, on a day fewer than three points report (one point
  // alone would be its own yardstick), the commodity's median over the window.
  std::unordered_map<std::string, std::vector<double>> window;  // commodity → every value in the window
  for (const auto& v : stored) window[v.commodity].push_back(static_cast<double>(v.price_fen));
  std::unordered_map<std::string, std::optional<double>> district;  // commodity+date → the yardstick
  for (const auto& [key, prices] : by_day) {
    std::vector<double> values;
    values.reserve(prices.size());
    for (const auto& [point, fen] : prices) values.push_back(static_cast<double>(fen));
    district[key] = values.size() >= 3 ? Median(std::move(values)) : Median(window[key.substr(0, key.find('\n'))]);
  }
  for (size_t i = 0; i < reports.size(); ++i) {
    PriceReport& r = reports[i];
    const std::string window_start = DateText(AddDays(*DateOf(r.date), -kHistoryDays));
    std::vector<double> history;
    for (const auto& [date, fen] : by_series[r.point + '\n' + r.commodity]) {
      if (date < r.date && date >= window_start) history.push_back(static_cast<double>(fen));
    }
    r.flag = Implausible(static_cast<double>(r.price_fen), history, district[r.commodity + '\n' + r.date]);
    if (!r.flag.empty()) {
      result.to_confirm.push_back(Problem(i, "price_fen", "implausible-" + r.flag,
                                          r.flag == "history" ? "far outside this point's prices of the last 28 days"
                                                              : "more than 50 % away from the district's price that day",
                                          {{"value", YuanText(r.price_fen)}}));
    }
  }
  if ((!result.to_confirm.empty() && !confirm) || dry_run) return result;
  WCP_RETURN_IF_ERROR(store_.AddReports(reports));
  result.stored = std::move(reports);
  return result;
}

Result<Json> PriceService::Board(const std::string& date_text) {
  WCP_ASSIGN_OR_RETURN(Date date, DateOf(date_text));
  WCP_ASSIGN_OR_RETURN(auto commodities, store_.Commodities());
  WCP_ASSIGN_OR_RETURN(auto points, store_.Points());
  WCP_ASSIGN_OR_RETURN(auto rules, FluctuationRules());
  const auto rule = InForce(rules, date_text);
  // The district price of each commodity on a day.
  const auto district = [&](const Date& day) -> Result<std::map<std::string, std::pair<double, size_t>>> {
    WCP_ASSIGN_OR_RETURN(auto prices, store_.Daily(DateText(day), DateText(day)));
    std::map<std::string, std::pair<double, size_t>> out;
    for (const auto& d : prices) out[d.commodity] = {d.MedianYuan(), static_cast<size_t>(d.points)};
    return out;
  };
  WCP_ASSIGN_OR_RETURN(auto today, district(date));
  WCP_ASSIGN_OR_RETURN(auto yesterday, district(AddDays(date, -1)));
  WCP_ASSIGN_OR_RETURN(auto week_ago, district(AddDays(date, -7)));
  WCP_ASSIGN_OR_RETURN(auto year_ago, district(AddDays(date, -365)));
  const auto change = [](const std::map<std::string, std::pair<double, size_t>>& then, const std::string& code,
                         double now) -> std::optional<double> {
    const auto it = then.find(code);
    if (it == then.end() || it->second.first <= 0) return std::nullopt;
    return now / it->second.first - 1;
  };
  const auto opt = [](const std::optional<double>& v) { return v ? Json(*v) : Json(nullptr); };
  Json rows = Json::array();
  std::set<std::string> reported_points;
  WCP_ASSIGN_OR_RETURN(auto day_reports, store_.DayValues(date_text, date_text));
  for (const auto& r : day_reports) reported_points.insert(r.point);
  for (const auto& c : commodities) {
    size_t expected = 0;
    for (const auto& p : points) expected += std::count(p.commodities.begin(), p.commodities.end(), c.code);
    Json row = CommodityJson(c);
    row["expected_points"] = expected;
    const auto it = today.find(c.code);
    if (it == today.end()) {
      row.update({{"price", nullptr}, {"points", 0}, {"day_change", nullptr}, {"week_change", nullptr},
                  {"year_change", nullptr}, {"level", ""}});
    } else {
      const double now = it->second.first;
      const auto day = change(yesterday, c.code, now), week = change(week_ago, c.code, now);
      row.update({{"price", now}, {"points", it->second.second}, {"day_change", opt(day)},
                  {"week_change", opt(week)}, {"year_change", opt(change(year_ago, c.code, now))},
                  {"level", rule ? FluctuationLevel(day, week, *rule) : ""}});
    }
    rows.push_back(std::move(row));
  }
  Json missing = Json::array();
  for (const auto& p : points) {
    if (!reported_points.count(p.code)) missing.push_back({{"code", p.code}, {"name", p.name}, {"kind", p.kind}});
  }
  // Each point's deviation that day: the median over its commodities of its
  // price against the district's (for the map).
  std::map<std::string, std::vector<double>> ratios;
  for (const auto& r : day_reports) {
    const auto it = today.find(r.commodity);
    if (it != today.end() && it->second.first > 0) {
      ratios[r.point].push_back(static_cast<double>(r.price_fen) / 100.0 / it->second.first - 1);
    }
  }
  Json point_list = Json::array();
  for (const auto& p : points) {
    const auto deviation = ratios.count(p.code) ? Median(ratios[p.code]) : std::nullopt;
    point_list.push_back({{"code", p.code}, {"name", p.name}, {"kind", p.kind}, {"street", p.street},
                          {"lon", p.lon}, {"lat", p.lat},
                          {"deviation", deviation ? Json(*deviation) : Json(nullptr)}});
  }
  return Json{{"date", date_text},
              {"commodities", rows},
              {"missing_points", missing},
              {"points", point_list},
              {"rule", rule ? Json{{"effective_from", rule->effective_from}, {"source", rule->source}} : Json(nullptr)}};
}

namespace {

// The series on every day from the first to `to`, a missing day carrying the
// day before (forecasting needs a regular series).
std::vector<double> Regular(const std::vector<DailyPrice>& days, const Date& to) {
  std::vector<double> out;
  if (days.empty()) return out;
  size_t k = 0;
  double last = days.front().MedianYuan();
  for (Date d = *ParseDate(days.front().date); !(to < d); d = AddDays(d, 1)) {
    if (k < days.size() && days[k].date == FormatDate(d)) last = days[k++].MedianYuan();
    out.push_back(last);
  }
  return out;
}

Json ForecastJson(const std::optional<SeriesForecast>& f, const Date& last, int step_days) {
  if (!f) return nullptr;
  Json points = Json::array();
  for (size_t h = 0; h < f->point.size(); ++h) {
    points.push_back({{"date", FormatDate(AddDays(last, step_days * static_cast<int>(h + 1)))},
                      {"price", f->point[h]}, {"low", f->low[h]}, {"high", f->high[h]}});
  }
  Json accuracy = Json::array();
  for (const auto& a : f->accuracy) {
    accuracy.push_back({{"method", MethodName(a.method)}, {"mase", a.mase}, {"smape", a.smape}, {"origins", a.origins}});
  }
  return {{"method", MethodName(f->method)}, {"points", points}, {"accuracy", accuracy}};
}

// A fitted model as kept in the store (docs/modules/prices.md, "Forecasts").
Json ModelJson(const FittedModel& m) {
  Json accuracy = Json::array();
  for (const auto& a : m.accuracy) {
    accuracy.push_back({{"method", MethodName(a.method)}, {"mase", a.mase}, {"smape", a.smape}, {"origins", a.origins}});
  }
  return {{"method", MethodName(m.method)},
          {"alpha", m.params.alpha}, {"beta", m.params.beta}, {"gamma", m.params.gamma}, {"phi", m.params.phi},
          {"season", m.season}, {"horizon", m.horizon},
          {"low_offset", m.low_offset}, {"high_offset", m.high_offset}, {"accuracy", accuracy}};
}

std::optional<Method> MethodNamed(const std::string& name) {
  for (Method m : {Method::kSeasonalNaive, Method::kDampedHolt, Method::kHoltWintersAdditive,
                   Method::kHoltWintersMultiplicative}) {
    if (MethodName(m) == name) return m;
  }
  return std::nullopt;
}

// The kept model, or none when its text is not one ModelJson wrote (it is
// then fitted anew rather than trusted).
std::optional<FittedModel> ModelFromJson(const std::string& text) {
  const Json j = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return std::nullopt;
  try {
    FittedModel m;
    const auto method = MethodNamed(j.at("method").get<std::string>());
    if (!method) return std::nullopt;
    m.method = *method;
    m.params = {j.at("alpha").get<double>(), j.at("beta").get<double>(), j.at("gamma").get<double>(),
                j.at("phi").get<double>()};
    m.season = j.at("season").get<int>();
    m.horizon = j.at("horizon").get<int>();
    m.low_offset = j.at("low_offset").get<std::vector<double>>();
    m.high_offset = j.at("high_offset").get<std::vector<double>>();
    for (const auto& a : j.at("accuracy")) {
      const auto am = MethodNamed(a.at("method").get<std::string>());
      if (!am) return std::nullopt;
      m.accuracy.push_back({*am, a.at("mase").get<double>(), a.at("smape").get<double>(), a.at("origins").get<int>()});
    }
    return m;
  } catch (const Json::exception&) {
    return std::nullopt;
  }
}

// Means of consecutive blocks of `size` values, ending at the series' end.
std::vector<double> BlockMeans(const std::vector<double>& y, size_t size) {
  std::vector<double> out;
  for (size_t end = y.size() % size; end + size <= y.size(); end += size) {
    out.push_back(std::accumulate(y.begin() + static_cast<long>(end), y.begin() + static_cast<long>(end + size), 0.0) /
                  static_cast<double>(size));
  }
  return out;
}

// The days the models see: two years of days for the daily model (its
// season is the week), five years of weeks for the weekly one.
constexpr int kDailyModelDays = 730;
constexpr int kWeeklyModelDays = PriceService::kMaxDays;
// A kept model is refitted (RefitStale) once it is this many days older than the series.
constexpr int kRefitDays = 7;

// The two series a commodity is forecast on, up to `to`.
struct ModelSeries {
  std::vector<double> daily, weekly;
};

ModelSeries SeriesForModels(const std::vector<DailyPrice>& days, const Date& to) {
  ModelSeries out;
  const auto regular = Regular(days, to);
  out.weekly = BlockMeans(regular, 7);
  const size_t keep = std::min(regular.size(), static_cast<size_t>(kDailyModelDays));
  out.daily.assign(regular.end() - static_cast<long>(keep), regular.end());
  return out;
}

}  // namespace

Result<Json> PriceService::Forecast(const std::string& code, const std::string& frequency,
                                    const std::vector<double>& y, const Date& to, ModelUse use,
                                    std::vector<StoredModel>* keep) {
  const bool weekly = frequency == "weekly";
  const std::string to_text = DateText(to);
  WCP_ASSIGN_OR_RETURN(auto kept, store_.Model(code, frequency));
  if (kept && kept->as_of == to_text && use == ModelUse::kReadOnly) {
    Json forecast = Json::parse(kept->forecast_json, nullptr, /*allow_exceptions=*/false);
    if (!forecast.is_discarded()) return forecast;
  }
  // A kept model serves any later day (RefitStale renews it); a day before
  // its fit, or a commodity without one, is fitted here.
  std::optional<FittedModel> model;
  std::string fitted_through = to_text;
  if (kept && use != ModelUse::kRefit && kept->fitted_through <= to_text) {
    model = ModelFromJson(kept->model_json);
    if (model) fitted_through = kept->fitted_through;
  }
  // A yearly season needs three years of weeks to back-test; before that, non-seasonal scaling.
  if (!model) model = ChooseModel(y, weekly ? (y.size() >= 3 * 52 ? 52 : 1) : 7, weekly ? 8 : 14);
  const Json forecast = ForecastJson(model ? ForecastFrom(*model, y) : std::nullopt, to, weekly ? 7 : 1);
  if (model && use != ModelUse::kReadOnly && keep) {
    keep->push_back({code, frequency, fitted_through, ModelJson(*model).dump(), to_text, forecast.dump()});
  }
  return forecast;
}

Result<int> PriceService::RefitStale(const std::string& date, int max_models) {
  WCP_ASSIGN_OR_RETURN(Date to, DateOf(date));
  WCP_ASSIGN_OR_RETURN(auto commodities, store_.Commodities());
  int refitted = 0;
  std::vector<StoredModel> keep;
  for (const auto& c : commodities) {
    for (const char* frequency : {"daily", "weekly"}) {
      if (refitted >= max_models) break;
      WCP_ASSIGN_OR_RETURN(auto kept, store_.Model(c.code, frequency));
      if (!kept || AddDays(*DateOf(kept->fitted_through), kRefitDays) > to) continue;
      WCP_ASSIGN_OR_RETURN(auto days, store_.Daily(DateText(AddDays(to, -(kWeeklyModelDays - 1))), date, c.code));
      const ModelSeries series = SeriesForModels(days, to);
      WCP_RETURN_IF_ERROR(
          Forecast(c.code, frequency, frequency == std::string("daily") ? series.daily : series.weekly, to,
                   ModelUse::kRefit, &keep)
              .status());
      ++refitted;
    }
  }
  WCP_RETURN_IF_ERROR(store_.PutModels(keep));
  return refitted;
}

Result<Json> PriceService::CommodityPage(const std::string& code, const std::string& to_text, int days) {
  WCP_ASSIGN_OR_RETURN(Date to, DateOf(to_text));
  WCP_ASSIGN_OR_RETURN(auto commodities, store_.Commodities());
  const auto c = std::find_if(commodities.begin(), commodities.end(), [&](const Commodity& x) { return x.code == code; });
  if (c == commodities.end()) return Status::NotFound("no commodity '" + code + "'");
  // The models' window (the forecast does not change with the days shown).
  WCP_ASSIGN_OR_RETURN(auto all_days, store_.Daily(DateText(AddDays(to, -(kWeeklyModelDays - 1))), to_text, code));
  const std::string first_shown = DateText(AddDays(to, -(days - 1)));
  std::vector<DailyPrice> daily;
  for (const auto& d : all_days) {
    if (d.date >= first_shown) daily.push_back(d);
  }
  Json series = Json::array();
  for (const auto& d : daily) {
    series.push_back({{"date", d.date}, {"price", d.MedianYuan()}, {"low", static_cast<double>(d.low_fen) / 100},
                      {"high", static_cast<double>(d.high_fen) / 100}, {"points", d.points}});
  }
  const auto weekly = BlockMeans(Regular(daily, to), 7);
  Json monthly = Json::array();
  {
    std::map<std::string, std::pair<double, int>> months;  // YYYY-MM → sum, days
    for (const auto& d : daily) {
      auto& m = months[d.date.substr(0, 7)];
      m.first += d.MedianYuan();
      ++m.second;
    }
    std::vector<double> means;
    for (const auto& [month, m] : months) means.push_back(m.first / m.second);
    const auto ifpa = Ifpa(means);
    const auto alps = Alps(means);
    size_t i = 0;
    for (const auto& [month, m] : months) {
      monthly.push_back({{"month", month}, {"price", means[i]},
                         {"ifpa", ifpa[i].ifpa ? Json(*ifpa[i].ifpa) : Json(nullptr)},
                         {"level", ifpa[i].ifpa ? Json(ifpa[i].level) : Json(nullptr)},
                         {"alps", alps[i].alps ? Json(*alps[i].alps) : Json(nullptr)},
                         {"alps_level", alps[i].alps ? Json(alps[i].level) : Json(nullptr)}});
      ++i;
    }
  }
  Json weeks = Json::array();
  for (size_t w = 0; w < weekly.size(); ++w) {
    weeks.push_back({{"end", DateText(AddDays(to, -7 * static_cast<int>(weekly.size() - 1 - w)))}, {"price", weekly[w]}});
  }
  const ModelSeries model_series = SeriesForModels(all_days, to);
  WCP_ASSIGN_OR_RETURN(Json forecast, Forecast(code, "daily", model_series.daily, to, ModelUse::kReadOnly));
  WCP_ASSIGN_OR_RETURN(Json weekly_forecast, Forecast(code, "weekly", model_series.weekly, to, ModelUse::kReadOnly));
  return Json{{"commodity", CommodityJson(*c)},
              {"daily", series},
              {"forecast", forecast},
              {"weekly", weeks},
              {"weekly_forecast", weekly_forecast},
              {"monthly", monthly}};
}

Status PriceService::RefreshForecasts(const std::string& date, ModelUse use) {
  WCP_ASSIGN_OR_RETURN(Date to, DateOf(date));
  WCP_ASSIGN_OR_RETURN(auto commodities, store_.Commodities());
  WCP_ASSIGN_OR_RETURN(auto days, store_.Daily(DateText(AddDays(to, -(kWeeklyModelDays - 1))), date));
  std::map<std::string, std::vector<DailyPrice>> by_commodity;
  for (auto& d : days) by_commodity[d.commodity].push_back(std::move(d));
  std::vector<StoredModel> keep;
  for (const auto& c : commodities) {
    const auto it = by_commodity.find(c.code);
    if (it == by_commodity.end()) continue;
    const ModelSeries series = SeriesForModels(it->second, to);
    WCP_RETURN_IF_ERROR(Forecast(c.code, "daily", series.daily, to, use, &keep).status());
    WCP_RETURN_IF_ERROR(Forecast(c.code, "weekly", series.weekly, to, use, &keep).status());
  }
  return store_.PutModels(keep);
}

Result<std::vector<Alert>> PriceService::Refresh(const std::string& date) {
  WCP_ASSIGN_OR_RETURN(auto raised, EvaluateAlerts(date));
  WCP_RETURN_IF_ERROR(RefreshForecasts(date, ModelUse::kUpdate));
  return raised;
}

Result<std::vector<Alert>> PriceService::Recompute(const std::string& date) {
  WCP_RETURN_IF_ERROR(store_.RebuildDaily());
  WCP_ASSIGN_OR_RETURN(auto raised, EvaluateAlerts(date));
  WCP_RETURN_IF_ERROR(RefreshForecasts(date, ModelUse::kRefit));
  return raised;
}

Result<Json> PriceService::Bulletin(const std::string& week_text, const Date& today) {
  auto parsed = Period::Parse(week_text, PeriodType::kWeek);
  if (!parsed.ok()) return Status::Invalid("'week' must be an ISO week, YYYY-Www", "week");
  const Period week = *parsed;
  if (today < week.Start()) return Status::Invalid("the week has not begun", "week");
  BulletinInputs in{week, week.SameLastYear(), {}, {}, {}, nullptr, 0, DateText(today)};
  WCP_ASSIGN_OR_RETURN(in.commodities, store_.Commodities());
  WCP_ASSIGN_OR_RETURN(in.days, store_.Daily(DateText(week.Previous().Start()), DateText(week.End())));
  WCP_ASSIGN_OR_RETURN(auto year_ago, store_.Daily(DateText(in.last_year.Start()), DateText(in.last_year.End())));
  in.days.insert(in.days.end(), year_ago.begin(), year_ago.end());
  WCP_ASSIGN_OR_RETURN(auto week_values, store_.DayValues(DateText(week.Start()), DateText(week.End())));
  std::set<std::string> points;
  for (const auto& v : week_values) points.insert(v.point);
  in.points = points.size();
  WCP_ASSIGN_OR_RETURN(auto alerts, alerts_.List(""));
  for (auto& a : alerts) {
    if (a.last_date >= DateText(week.Start()) && a.first_date <= DateText(week.End())) in.alerts.push_back(std::move(a));
  }
  auto pig = PigGrainSeries(DateText(std::min(week.End(), today)), 1);
  if (pig.ok() && !(*pig)["weeks"].empty()) in.pig_grain = (*pig)["weeks"].back();
  return BuildBulletin(in);
}

Result<Json> PriceService::PigGrainSeries(const std::string& to_text, int weeks) {
  WCP_ASSIGN_OR_RETURN(Date to, DateOf(to_text));
  const std::string from = DateText(AddDays(to, -(7 * weeks - 1)));
  WCP_ASSIGN_OR_RETURN(auto hog_days, store_.Daily(from, to_text, "live_hog"));
  WCP_ASSIGN_OR_RETURN(auto corn_days, store_.Daily(from, to_text, "corn"));
  const auto hog = BlockMeans(Regular(hog_days, to), 7);
  const auto corn = BlockMeans(Regular(corn_days, to), 7);
  WCP_ASSIGN_OR_RETURN(auto rules, PigGrainRules());
  const auto rule = InForce(rules, to_text);
  if (!rule) return Status::NotFound("no pig-grain rule is in force on " + to_text);
  const size_t n = std::min(hog.size(), corn.size());
  const std::vector<double> h(hog.end() - static_cast<long>(n), hog.end()), c(corn.end() - static_cast<long>(n), corn.end());
  const auto zones = PigGrain(h, c, *rule);
  Json out = Json::array();
  for (size_t w = 0; w < zones.size(); ++w) {
    out.push_back({{"end", DateText(AddDays(to, -7 * static_cast<int>(n - 1 - w)))},
                   {"hog_price", h[w]}, {"corn_price", c[w]}, {"ratio", zones[w].ratio},
                   {"direction", zones[w].direction.empty() ? Json(nullptr) : Json(zones[w].direction)},
                   {"level", zones[w].level}, {"action", zones[w].action}});
  }
  return Json{{"weeks", out},
              {"zones", {{"falling_warn", rule->falling_warn}, {"falling_severe", rule->falling_severe},
                         {"rising_warn", rule->rising_warn}, {"rising_band", rule->rising_band},
                         {"rising_severe", rule->rising_severe}}},
              {"rule", {{"effective_from", rule->effective_from}, {"source", rule->source}}}};
}

namespace {

// A commodity's district prices of the `days` calendar days ending `to`,
// one entry per day (none where it has no price).
std::map<std::string, std::vector<std::optional<double>>> PricesByDay(const std::vector<DailyPrice>& daily,
                                                                      const Date& to, int days) {
  std::map<std::string, std::vector<std::optional<double>>> out;
  const Date first = AddDays(to, -(days - 1));
  for (const auto& d : daily) {
    auto& series = out[d.commodity];
    series.resize(static_cast<size_t>(days));
    const long index = DaysBetween(first, *ParseDate(d.date));
    if (index >= 0 && index < days) series[static_cast<size_t>(index)] = d.MedianYuan();
  }
  return out;
}

// A weekly mean change at the threshold counts as reaching it, whatever the
// last bits of the division (means of fen as yuan).
constexpr double kAtThreshold = 1e-9;
// How far back a Qingdao level's run of days is counted.
constexpr int kRunDays = 31;

}  // namespace

Result<std::vector<Alert>> PriceService::EvaluateAlerts(const std::string& date) {
  std::vector<Condition> conditions;
  WCP_ASSIGN_OR_RETURN(Date day, DateOf(date));
  WCP_ASSIGN_OR_RETURN(Json board, Board(date));
  WCP_ASSIGN_OR_RETURN(auto recent, store_.Daily(DateText(AddDays(day, -(kRunDays + 6))), date));
  const auto by_day = PricesByDay(recent, day, kRunDays + 7);
  // Qingdao's levels, with the plan's further conditions: how many days in a
  // row the commodity has been at that level or worse, and how many kinds of
  // goods are at that level or worse the same day. The threshold alone
  // raises the alert; whether the conditions are met is in its details.
  WCP_ASSIGN_OR_RETURN(auto fluctuation_rules, FluctuationRules());
  const auto fluctuation = InForce(fluctuation_rules, date);
  for (const auto& c : board["commodities"]) {
    const std::string level = c["level"].get<std::string>();
    if (level.empty() || !fluctuation) continue;
    int kinds = 0;
    for (const auto& other : board["commodities"]) {
      if (LevelSeverity(other["level"].get<std::string>()) >= LevelSeverity(level)) ++kinds;
    }
    const std::string code = c["code"].get<std::string>();
    const auto series = by_day.find(code);
    const int days = series == by_day.end() ? 0 : DaysAtLevel(series->second, level, *fluctuation);
    const int i = LevelSeverity(level) - 1;  // IV, III, II as the rule's index
    const int min_days = fluctuation->min_days[i], min_kinds = fluctuation->min_kinds[i];
    conditions.push_back({"qingdao_fluctuation", code, level, LevelSeverity(level),
                          "研判是否启动《青岛市价格异常波动应急预案》" + level +
                              "级响应（达到预案附加条件时启动）：加强监测、每日报告、核查原因",
                          fluctuation->source,
                          {{"day_change", c["day_change"]}, {"week_change", c["week_change"]}, {"price", c["price"]},
                           {"kinds_at_level", kinds}, {"days_at_level", days},
                           {"min_days", min_days ? Json(min_days) : Json(nullptr)},
                           {"min_kinds", min_kinds ? Json(min_kinds) : Json(nullptr)},
                           {"conditions_met", (min_days && days >= min_days) || (min_kinds && kinds >= min_kinds)}}});
  }
  // The 2015 necessities plan: the week's mean price against the week before.
  WCP_ASSIGN_OR_RETURN(auto essential_rules, EssentialRules());
  if (const auto essential = InForce(essential_rules, date)) {
    for (const auto& c : board["commodities"]) {
      const std::string cls = c["essential"].is_string() ? c["essential"].get<std::string>() : "";
      const auto series = by_day.find(c["code"].get<std::string>());
      if (cls.empty() || series == by_day.end() ||
          std::find(essential->classes.begin(), essential->classes.end(), cls) == essential->classes.end()) {
        continue;
      }
      const auto change = WeeklyMeanChange(series->second);
      if (!change || *change < essential->weekly_rise - kAtThreshold) continue;
      conditions.push_back({"essential_weekly", series->first, essential->level, LevelSeverity(essential->level),
                            essential->action, essential->source,
                            {{"week_change", *change}, {"class", cls}, {"threshold", essential->weekly_rise}}});
    }
  }
  auto pig = PigGrainSeries(date, 26);
  if (pig.ok() && !(*pig)["weeks"].empty()) {
    const Json& week = (*pig)["weeks"].back();
    const int level = week["level"].get<int>();
    if (level > 0) {
      conditions.push_back({"pig_grain", "live_hog", std::to_string(level), 4 - level, week["action"].get<std::string>(),
                            (*pig)["rule"]["source"].get<std::string>(),
                            {{"ratio", week["ratio"]}, {"direction", week["direction"]}, {"week_end", week["end"]}}});
    }
  }
  return alerts_.Raise(conditions, date);
}

namespace {

// Every stored edition of a rule kind, parsed.
template <typename Rule>
Result<std::vector<Rule>> Editions(PricesStore& store, const std::string& kind,
                                   Result<std::vector<Rule>> (*parse)(const CsvTable&)) {
  WCP_ASSIGN_OR_RETURN(auto editions, store.RuleEditions(kind));
  std::vector<Rule> out;
  for (const auto& csv : editions) {
    WCP_ASSIGN_OR_RETURN(CsvTable table, CsvTable::Parse(csv, kind + " (stored)"));
    WCP_ASSIGN_OR_RETURN(auto rules, parse(table));
    out.insert(out.end(), rules.begin(), rules.end());
  }
  return out;
}

}  // namespace

Result<std::vector<PigGrainRule>> PriceService::PigGrainRules() {
  return Editions(store_, "pig_grain_rules", &ParsePigGrainRules);
}

Result<std::vector<FluctuationRule>> PriceService::FluctuationRules() {
  return Editions(store_, "fluctuation_rules", &ParseFluctuationRules);
}

Result<std::vector<EssentialRule>> PriceService::EssentialRules() {
  return Editions(store_, "essential_rules", &ParseEssentialRules);
}

Status PriceService::ImportRules(const std::string& kind, const CsvTable& table) {
  // Checked as a whole first: a bad edition stores nothing.
  if (kind == "pig_grain_rules") {
    WCP_RETURN_IF_ERROR(ParsePigGrainRules(table).status());
  } else if (kind == "fluctuation_rules") {
    WCP_RETURN_IF_ERROR(ParseFluctuationRules(table).status());
  } else if (kind == "essential_rules") {
    WCP_RETURN_IF_ERROR(ParseEssentialRules(table).status());
  } else {
    return Status::Invalid("unknown rule kind '" + kind + "'");
  }
  if (table.rows().empty()) return Status::Invalid(table.source() + ": no rules in the file", "file");
  // One edition per effective date: the rule in force on a day is one row.
  std::map<std::string, size_t> dates;
  std::string header;
  for (const auto& h : table.header()) header += (header.empty() ? "" : ",") + CsvEscape(h);
  std::vector<std::pair<std::string, std::string>> editions;
  for (const auto& row : table.rows()) {
    const std::string from = FormatDate(*ParseDate(table.Get(row, "effective_from")));  // checked by the parse above
    if (const auto [it, fresh] = dates.emplace(from, row.line); !fresh) {
      return Status::Invalid(table.source() + ": line " + std::to_string(row.line) + ": a second rule effective from " +
                                 from + " (line " + std::to_string(it->second) + "): one edition per date",
                             "effective_from");
    }
    std::string line;
    for (size_t c = 0; c < row.cells.size(); ++c) line += (c ? "," : "") + CsvEscape(row.cells[c]);
    editions.emplace_back(from, header + "\n" + line + "\n");
  }
  return store_.PutRuleEditions(kind, editions);
}

}  // namespace wcp::prices
