// modules/indicators/evaluation.hpp — the plan-indicator evaluation engine.
// Pure functions, no I/O. Methods and thresholds: docs/modules/indicators.md (after
// the research note on Eurostat/Open SDG progress methods and the national
// mid-term review vocabulary). Rates are fractions (0.0793), not percentages.
// Statistics are not money: levels are doubles here, parsed from the stored
// decimal text.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/json.hpp"
#include "modules/indicators/model.hpp"

namespace wcp::indicators {

struct YearValue {
  int year = 0;
  double level = 0;
  std::optional<double> yoy;  // published comparable growth, when given
};

struct Bands {
  double on_track = 0.95;      // Eurostat: R >= 95 % on track
  double acceleration = 0.60;  // 60 % <= R < 95 % acceleration needed; 0 <= R < 60 % limited
  double tau = 0.10;           // 快于预期: CR >= 1+τ; 基本符合预期: 1−τ <= CR < 1+τ; 滞后: CR < 1−τ
  double about_tolerance = 0.005;  // "X%左右" is consistent within ±0.5 percentage points
  double projection_z = 1.2816;    // 80 % band
  double cross_check_tolerance = 0.001;  // children against their parent, relative
  double outlier_z = 3.5;                // entry warning: |modified z| above it (Iglewicz–Hoaglin)
  size_t outlier_min_history = 3;        // growth values needed before judging an outlier
};

// A finding as data: a stable type and its parameters (numbers stay numbers,
// growth rates stay fractions). The UI words it in the reader's language
// from its message catalog; prose is made on the server only for reports
// and for API users (messages.hpp).
struct Message {
  std::string type;
  Json params = Json::object();
};
// Flags: stated_growth_inconsistent, text_table_mismatch, children_sum_mismatch
// (definitions); range, outlier (entry warnings).
using Flag = Message;

struct Evaluation {
  std::optional<double> required_cagr;   // base → target
  std::optional<double> actual_cagr;     // base → latest
  std::optional<double> ratio;           // R = actual / required
  std::optional<double> log_progress;    // ln(L_t/L_b) / ln(L*/L_b)
  std::optional<double> time_share;      // (t−b)/(T−b)
  std::optional<double> milestone;       // L_b·(1+required)^(t−b): the on-path level for year t
  std::optional<double> projection;      // L_t·(1+actual)^(T−t)
  std::optional<double> anticipated_progress;  // (projection − L_b)/(L* − L_b), ESCAP-style P
  std::optional<double> projection_low, projection_high;
  std::optional<double> required_growth_remaining;  // per year, t → T
  std::optional<int> latest_year;
  std::optional<double> latest_level;
  // target_met, on_track, acceleration_needed, limited_progress, deterioration,
  // no_data, no_base, no_target, not_assessable
  std::string status;
  // The national mid-term review's wording (τ bands on the growth ratio):
  // target_met 提前实现, faster 快于预期, as_expected 基本符合预期, behind 滞后预期,
  // not_assessable 无法评估.
  std::string review;
  std::vector<Flag> flags;
  // The one-sentence conclusion, as parts: latest {year, level, actual_cagr},
  // then target_met {target_year, target} or vs_required {behind,
  // required_cagr} and needs_remaining {from, to, required}. Empty when
  // there is nothing to say.
  std::vector<Message> summary;
};

// Compound annual growth from `from` to `to` over `years`; nullopt unless both > 0 and years > 0.
std::optional<double> Cagr(double from, double to, int years);

// Evaluates one indicator from its approved annual series (any order; one
// value per year — the latest vintage).
Evaluation Evaluate(const Indicator& ind, std::vector<YearValue> series, const Bands& bands = {});

// Consistency flags that compare indicators with each other: children
// against their parent (base and target), within bands.cross_check_tolerance.
std::vector<std::pair<std::string, Flag>> CrossChecks(const std::vector<Indicator>& all, const Bands& bands = {});

// The stated-growth and text-vs-table checks of one indicator's definition.
std::vector<Flag> DefinitionChecks(const Indicator& ind, const Bands& bands = {});

// YoY growth needed in the rest of the year to reach `annual_target`, given
// this year's cumulative value and last year's total and cumulative value
// at the same month: (A° − YTD_y) / (A_{y−1} − YTD_{y−1}) − 1.
std::optional<double> RequiredRestOfYearGrowth(double annual_target, double ytd_this_year,
                                               double last_year_total, double ytd_last_year);

// Entry checks of a new value against the indicator's history, as warnings
// (the analyst may still submit: a real shock is not an error):
//  - "range": a negative level for a flow or stock, a ratio outside 0–100;
//  - "outlier": |modified z| > bands.outlier_z of its YoY growth against the
//    history's (at least bands.outlier_min_history values).
std::vector<Flag> EntryWarnings(const Indicator& ind, double level, std::optional<double> yoy,
                                const std::vector<double>& history_yoy, const Bands& bands = {});

// Modified z-scores 0.6745·(x − median)/MAD (Iglewicz–Hoaglin); empty when MAD = 0.
std::vector<double> ModifiedZScores(const std::vector<double>& values);

}  // namespace wcp::indicators
