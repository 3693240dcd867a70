// modules/indicators/model.hpp — the plan's key indicators (definitions).
//
// Values are kept as the decimal text the plan prints ("1126.4"), so what is
// stored is exactly what was published; evaluation converts them to numbers.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/csv.hpp"
#include "core/status.hpp"

namespace wcp::indicators {

enum class Kind { kFlow, kStock, kRatio };
enum class GrowthClaim { kNone, kAbout, kAtLeast, kOver };  // —, 左右, 以上, 超过

std::string_view KindName(Kind k);
std::string_view GrowthClaimName(GrowthClaim g);

struct Indicator {
  std::string code;
  std::optional<std::string> parent_code;  // for 其中 (of which) rows
  std::string category_zh, category_en;
  std::string name_zh, name_en;
  std::string unit_zh, unit_en;
  Kind kind = Kind::kFlow;
  std::optional<int> base_year;
  std::optional<std::string> base_value;  // decimal text
  std::optional<int> target_year;
  std::optional<std::string> target_value;
  std::optional<std::string> text_target_value;  // the target as the plan's text states it
  std::string stated_growth_zh;
  GrowthClaim stated_growth_op = GrowthClaim::kNone;
  std::optional<std::string> stated_growth_pct;
  std::string source;  // "table" or "text" (the plan), "analyst" (added later)
  // Indicators beyond the plan's: proposed by an analyst, approved by another.
  std::optional<std::string> formula;  // derived indicators: arithmetic over other codes
  std::string state = "approved";      // "proposed" until approved
  std::string proposed_by = "plan";
  std::optional<std::string> approved_by;
  bool operator==(const Indicator&) const = default;
};

// Field checks for an analyst-proposed indicator (code, names, kind…).
Status ValidateProposal(const Indicator& ind);

// True for plain decimal text: optional '-', digits, at most one '.'; no
// exponent, no grouping (what statistics tables print).
bool IsDecimalText(std::string_view s);

// Parses indicators.csv. All-or-nothing; errors name the line and column.
// Checks: known kind/claim/source, decimals are decimals, years are years,
// parents exist, codes are unique.
Result<std::vector<Indicator>> ParseIndicatorsCsv(const CsvTable& table);
std::string IndicatorsToCsv(const std::vector<Indicator>& indicators);

}  // namespace wcp::indicators
