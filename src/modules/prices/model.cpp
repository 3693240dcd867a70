#include "modules/prices/model.hpp"

#include <charconv>

namespace wcp::prices {
namespace {

Status LineError(const CsvTable& table, const CsvRow& row, const std::string& what, const std::string& field) {
  return Status::Invalid(table.source() + ": line " + std::to_string(row.line) + ": " + what, field);
}

Result<double> Coordinate(const CsvTable& table, const CsvRow& row, const char* column, double low, double high) {
  const std::string& text = table.Get(row, column);
  double v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || v < low || v > high) {
    return LineError(table, row, std::string(column) + " must be a number in " + std::to_string(low) + "–" +
                                     std::to_string(high),
                     column);
  }
  return v;
}

}  // namespace

Result<std::vector<Commodity>> ParseCommoditiesCsv(const CsvTable& table) {
  WCP_RETURN_IF_ERROR(table.RequireColumns({"code", "name_zh", "name_en", "category", "unit_zh", "unit_en", "essential"}));
  std::vector<Commodity> out;
  for (const auto& row : table.rows()) {
    Commodity c{table.Get(row, "code"),    table.Get(row, "name_zh"), table.Get(row, "name_en"),
                table.Get(row, "category"), table.Get(row, "unit_zh"), table.Get(row, "unit_en"),
                table.Get(row, "essential")};
    if (c.code.empty() || c.name_zh.empty() || c.unit_zh.empty()) {
      return LineError(table, row, "code, name_zh and unit_zh are required", "code");
    }
    if (c.essential != "" && c.essential != "A" && c.essential != "B") {
      return LineError(table, row, "essential must be A, B or empty", "essential");
    }
    out.push_back(std::move(c));
  }
  return out;
}

Result<std::vector<Point>> ParsePointsCsv(const CsvTable& table) {
  WCP_RETURN_IF_ERROR(table.RequireColumns({"code", "name", "kind", "street", "lon", "lat", "commodities"},
                                           {"enterprise_id", "is_demo"}));
  std::vector<Point> out;
  for (const auto& row : table.rows()) {
    Point p;
    p.code = table.Get(row, "code");
    p.name = table.Get(row, "name");
    p.kind = table.Get(row, "kind");
    p.street = table.Get(row, "street");
    if (p.code.empty() || p.name.empty()) return LineError(table, row, "code and name are required", "code");
    if (p.kind != "wholesale_market" && p.kind != "farmers_market" && p.kind != "supermarket") {
      return LineError(table, row, "kind must be wholesale_market, farmers_market or supermarket", "kind");
    }
    WCP_ASSIGN_OR_RETURN(p.lon, Coordinate(table, row, "lon", 73, 136));  // China's extent
    WCP_ASSIGN_OR_RETURN(p.lat, Coordinate(table, row, "lat", 3, 54));
    const std::string& list = table.Get(row, "commodities");
    for (size_t start = 0; start < list.size();) {
      const size_t end = std::min(list.find(';', start), list.size());
      if (end > start) p.commodities.push_back(list.substr(start, end - start));
      start = end + 1;
    }
    if (!table.Get(row, "enterprise_id").empty()) p.enterprise_id = table.Get(row, "enterprise_id");
    p.is_demo = table.Get(row, "is_demo") == "1";
    out.push_back(std::move(p));
  }
  return out;
}

Json CommodityJson(const Commodity& c) {
  return {{"code", c.code},
          {"name", {{"zh", c.name_zh}, {"en", c.name_en}}},
          {"category", c.category},
          {"unit", {{"zh", c.unit_zh}, {"en", c.unit_en}}},
          {"essential", c.essential}};
}

Json PointJson(const Point& p) {
  return {{"code", p.code},       {"name", p.name},
          {"kind", p.kind},       {"street", p.street},
          {"lon", p.lon},         {"lat", p.lat},
          {"commodities", p.commodities}, {"is_demo", p.is_demo}};
}

Json ReportJson(const PriceReport& r) {
  return {{"id", r.id},         {"point", r.point},     {"commodity", r.commodity},
          {"date", r.date},     {"price_fen", r.price_fen}, {"unit", r.unit},
          {"flag", r.flag},     {"submitted_at", r.submitted_at}};
}

}  // namespace wcp::prices
