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
// How often the bureau receives a release of the indicator: monthly ones
// come as year-to-date releases (1–2月, 1–3月 …) besides the annual total.
enum class Frequency { kAnnual, kQuarterly, kMonthly };

std::string_view KindName(Kind k);
std::string_view GrowthClaimName(GrowthClaim g);
std::string_view FrequencyName(Frequency f);  // annual, quarterly, monthly
// Names back to values; kInvalid naming `field` for anything else (stored
// text included: an unknown value fails loudly instead of becoming a default).
Result<Kind> ParseKind(std::string_view name, std::string_view field = "kind");
Result<GrowthClaim> ParseGrowthClaim(std::string_view name, std::string_view field = "stated_growth_op");
Result<Frequency> ParseFrequency(std::string_view name, std::string_view field = "frequency");

struct Indicator {
  std::string code;
  std::optional<std::string> parent_code;  // for 其中 (of which) rows
  std::string category_zh, category_en;
  std::string name_zh, name_en;
  std::string unit_zh, unit_en;
  Kind kind = Kind::kFlow;
  Frequency frequency = Frequency::kAnnual;
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

// True for plain decimal text: optional '-', digits, and optionally '.' with
// digits after it; no exponent, no grouping, no bare ".5" or "5." (what
// statistics tables print; the same as the API's DecimalText schema).
bool IsDecimalText(std::string_view s);
// The number a decimal text stands for. Precondition: IsDecimalText(text),
// checked wherever text enters (request and file parsing, and decoding from
// the database, which fails loudly), so this never fails or throws.
// Statistics, not money: a double serves evaluation.
double DecimalNumber(std::string_view decimal_text);
// The year of a canonical period text ("2024", "2024-03", "2024-YTD10"):
// its first four digits. Precondition as above (Period::Parse at entry).
int PeriodYear(std::string_view canonical_period);

// Parses indicators.csv. All-or-nothing; errors name the line and column.
// Checks: known kind/claim/source, decimals are decimals, years are years,
// parents exist, codes are unique.
// `frequency` may be absent (files exported before it existed): annual.
Result<std::vector<Indicator>> ParseIndicatorsCsv(const CsvTable& table);
std::string IndicatorsToCsv(const std::vector<Indicator>& indicators);

// The plan's period, from its own indicators (sources table and text): the
// year after the earliest base year to the latest target year — 2021–2025
// for the 14th five-year plan. Evaluations are asked "as of" a year in it;
// the final check is as of its last year. kNotFound when no plan indicator
// has both years.
struct PlanPeriod {
  int first_year = 0;
  int last_year = 0;
  int MidTermYear() const { return first_year + (last_year - first_year) / 2; }  // 2023
};
Result<PlanPeriod> PlanPeriodOf(const std::vector<Indicator>& indicators);

}  // namespace wcp::indicators
