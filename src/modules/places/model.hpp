// modules/places/model.hpp — the plan's places: commercial centres (专栏10),
// commercial streets (专栏11) and the 29 cities of the Yellow River 9+2
// cross-border e-commerce network (专栏5).
//
// All three share one shape: a kind, a stable code, Chinese and English
// names, and kind-specific attributes (level, focus, province, role…). Later
// modules (commercial layout, 15-minute circles) add coordinates the same way.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/csv.hpp"
#include "core/status.hpp"

namespace wcp::places {

enum class PlaceKind { kCommercialCentre, kCommercialStreet, kCrossborderNode };

// "centres", "streets", "crossborder-nodes": the names used by `wcp import`.
std::string_view PlaceKindName(PlaceKind k);
Result<PlaceKind> ParsePlaceKind(std::string_view name);

struct Place {
  PlaceKind kind = PlaceKind::kCommercialCentre;
  std::string code;
  std::string name_zh;
  std::string name_en;
  std::map<std::string, std::string> attributes;
  bool operator==(const Place&) const = default;
};

// Parses the plan's CSV for `kind` (data/plan/*.csv columns). All-or-nothing:
// the first bad row fails the whole file, naming the line and column.
Result<std::vector<Place>> ParsePlacesCsv(PlaceKind kind, const CsvTable& table);
// Inverse of ParsePlacesCsv: the same columns, for `wcp export`.
std::string PlacesToCsv(PlaceKind kind, const std::vector<Place>& places);
// The file under data/plan/ that holds `kind`.
std::string_view PlanFileName(PlaceKind kind);

}  // namespace wcp::places
