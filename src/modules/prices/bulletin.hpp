// modules/prices/bulletin.hpp — the weekly market bulletin (价格周报) as the
// bureau publishes it: per commodity the week's mean price against the week
// before and the same week a year earlier, how many rose, fell or held, the
// largest moves, the warnings of the week and the pig-grain ratio. Built as
// JSON (the print-ready page renders it) and as a workbook. Pure functions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/date.hpp"
#include "core/json.hpp"
#include "core/status.hpp"
#include "modules/prices/alerts.hpp"
#include "modules/prices/model.hpp"

namespace wcp::prices {

// What a bulletin is built from: the district prices of the week, the week
// before and the same ISO week a year earlier (any order).
struct BulletinInputs {
  Period week;
  Period last_year;
  std::vector<Commodity> commodities;
  std::vector<DailyPrice> days;
  std::vector<Alert> alerts;  // those whose days overlap the week
  Json pig_grain;             // the week's pig-grain entry (PigGrainSeries' last week), or null
  size_t points = 0;          // monitoring points that reported during the week
  std::string issued;         // YYYY-MM-DD
};

// A change whose magnitude is below this is "held" (it shows as 0.0 %).
constexpr double kHeld = 0.0005;

Json BuildBulletin(const BulletinInputs& in);

// The bulletin (BuildBulletin's JSON) as a workbook in Chinese or English:
// a sheet of prices by category with the summary above, a sheet of warnings;
// A4 landscape, header rows repeated, the issuer in the page header.
Result<std::string> BulletinWorkbook(const Json& bulletin, bool chinese, const std::string& issuer);

}  // namespace wcp::prices
