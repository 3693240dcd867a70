#include "modules/places/model.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace wcp::places {
namespace {

struct KindSpec {
  PlaceKind kind;
  std::string_view name;
  std::string_view file;
  std::vector<std::string> columns;
  std::string_view code_column;     // the column used as the code
  std::string_view name_zh_column;
  std::string_view name_en_column;
};

const std::array<KindSpec, 3>& Specs() {
  static const std::array<KindSpec, 3> kSpecs{{
      {PlaceKind::kCommercialCentre, "centres", "commercial_centers.csv",
       {"code", "name_zh", "name_en", "level_zh", "level_en", "focus_zh"}, "code", "name_zh",
       "name_en"},
      {PlaceKind::kCommercialStreet, "streets", "commercial_streets.csv",
       {"code", "name_zh", "name_en", "location_zh", "function_zh"}, "code", "name_zh", "name_en"},
      {PlaceKind::kCrossborderNode, "crossborder-nodes", "crossborder_nodes.csv",
       {"province_zh", "province_en", "city_zh", "city_en", "role"}, "city_en", "city_zh",
       "city_en"},
  }};
  return kSpecs;
}

const KindSpec& Spec(PlaceKind k) {
  for (const auto& s : Specs()) {
    if (s.kind == k) return s;
  }
  return Specs()[0];
}

std::string Slug(std::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c)) out += static_cast<char>(std::tolower(c));
    else if (!out.empty() && out.back() != '_') out += '_';
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out;
}

}  // namespace

std::string_view PlaceKindName(PlaceKind k) { return Spec(k).name; }
std::string_view PlanFileName(PlaceKind k) { return Spec(k).file; }

Result<PlaceKind> ParsePlaceKind(std::string_view name) {
  for (const auto& s : Specs()) {
    if (s.name == name) return s.kind;
  }
  return Status::Invalid("unknown place kind '" + std::string(name) +
                             "' (centres, streets, crossborder-nodes)",
                         "kind");
}

Result<std::vector<Place>> ParsePlacesCsv(PlaceKind kind, const CsvTable& table) {
  const KindSpec& spec = Spec(kind);
  WCP_RETURN_IF_ERROR(table.RequireColumns(spec.columns));
  std::vector<Place> out;
  for (const auto& row : table.rows()) {
    const std::string where = table.source() + ": line " + std::to_string(row.line);
    Place p;
    p.kind = kind;
    for (const auto& col : spec.columns) {
      const std::string& v = table.Get(row, col);
      if (v.empty()) return Status::Invalid(where + ": '" + col + "' is empty", col);
      if (col != spec.name_zh_column && col != spec.name_en_column && col != spec.code_column) {
        p.attributes[col] = v;
      }
    }
    if (kind == PlaceKind::kCrossborderNode) {
      const std::string& role = table.Get(row, "role");
      if (role != "centre" && role != "sub_warehouse") {
        return Status::Invalid(where + ": role must be centre or sub_warehouse", "role");
      }
    }
    p.code = kind == PlaceKind::kCrossborderNode ? Slug(table.Get(row, spec.code_column))
                                                 : table.Get(row, spec.code_column);
    p.name_zh = table.Get(row, spec.name_zh_column);
    p.name_en = table.Get(row, spec.name_en_column);
    const bool dup = std::any_of(out.begin(), out.end(), [&](const Place& q) { return q.code == p.code; });
    if (dup) return Status::Invalid(where + ": code '" + p.code + "' appears twice", std::string(spec.code_column));
    out.push_back(std::move(p));
  }
  return out;
}

std::string PlacesToCsv(PlaceKind kind, const std::vector<Place>& places) {
  const KindSpec& spec = Spec(kind);
  std::string out;
  for (size_t i = 0; i < spec.columns.size(); ++i) out += (i ? "," : "") + spec.columns[i];
  out += "\n";
  for (const auto& p : places) {
    for (size_t i = 0; i < spec.columns.size(); ++i) {
      const std::string& col = spec.columns[i];
      std::string v;
      if (col == spec.name_zh_column) v = p.name_zh;
      else if (col == spec.name_en_column) v = p.name_en;
      else if (col == spec.code_column) v = p.code;
      else if (auto it = p.attributes.find(col); it != p.attributes.end()) v = it->second;
      out += (i ? "," : "") + CsvEscape(v);
    }
    out += "\n";
  }
  return out;
}

}  // namespace wcp::places
