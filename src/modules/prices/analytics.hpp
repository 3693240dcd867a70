// modules/prices/analytics.hpp — the 菜篮子 warning and accuracy methods, as
// pure functions (no I/O; thread-safe). Every rule officials set (the
// thresholds and week counts of the 2021 pork-reserve plan, Qingdao's
// abnormal-fluctuation levels) arrives as data (`rules.hpp`); the formulas
// are those of docs/modules/prices.md, from the research note
// (SDG 2.c.1 IFPA as ONS implements it; M4's MASE and sMAPE).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "modules/prices/rules.hpp"

namespace wcp::prices {

// ---- SDG 2.c.1 indicator of food price anomalies (IFPA), monthly ---------

// The method's constants (SDG 2.c.1 as ONS implements it): weights of the
// quarterly and annual z-scores, the fewest earlier same-month values a
// z-score needs, and the bands of the level.
struct IfpaMethod {
  double quarterly_weight = 0.4;
  double annual_weight = 0.6;
  int min_years = 4;
};

struct IfpaPoint {
  std::optional<double> z_quarterly;
  std::optional<double> z_annual;
  std::optional<double> ifpa;  // none while either z lacks history
  std::string level;           // abnormally_high, moderately_high, normal, moderately_low, abnormally_low; "" without ifpa
};

// One point per month of `prices` (consecutive months; index 0 is the first).
// Prices must be > 0. Uses only data up to each month (history frozen).
std::vector<IfpaPoint> Ifpa(const std::vector<double>& prices, const IfpaMethod& method = {});
std::string IfpaLevel(double ifpa);

// ---- WFP Alert for Price Spikes (ALPS), monthly ---------------------------

// ALPS_t = (P_t − P̂_t) / σ̂: P̂ from an OLS fit of the months up to t on a
// time trend and month dummies, σ̂ the residuals' standard deviation (n − p
// degrees of freedom). None before `min_months` (WFP: three years).
struct AlpsPoint {
  std::optional<double> alps;
  std::string level;  // normal, stress, alert, crisis; "" without alps
};
std::vector<AlpsPoint> Alps(const std::vector<double>& prices, size_t min_months = 36);
std::string AlpsLevel(double alps);  // < 0.25 normal, < 1 stress, < 2 alert, else crisis

// ---- 2021 pork-reserve plan: the pig-grain price ratio, weekly -----------

struct PigGrainWeek {
  double ratio = 0;
  std::string direction;  // "falling", "rising" or "" inside the reasonable band
  int level = 0;          // 0 (reasonable band), 3, 2, 1 — numbered as the plan numbers them
  std::string action;     // the plan's action for the level (PigGrainRule::Action…)
};

// The weeks in order; `hog` and `corn` prices per week (yuan/kg, > 0).
// Consecutive-week conditions count weeks whose ratio lies in the band.
std::vector<PigGrainWeek> PigGrain(const std::vector<double>& hog, const std::vector<double>& corn,
                                   const PigGrainRule& rule);

// ---- Qingdao abnormal price fluctuation (青政办字〔2014〕107号) ------------

// The level a rise reaches on its day-on-day and week-on-week change
// (fractions: 0.35 = +35 %): "IV", "III", "II" or "" below every threshold.
// The plan's further conditions (scope, duration, kinds of goods) are
// evaluated by the service, which knows the other commodities and days.
std::string FluctuationLevel(std::optional<double> day_change, std::optional<double> week_change,
                             const FluctuationRule& rule);

// The levels ordered: 0 for none, then IV 1, III 2, II 3, I 4.
int LevelSeverity(const std::string& level);
// How many days in a row, ending with the last entry of `prices` (one per
// calendar day; none where the day has no district price), the rule's level
// was at least `level`'s: the 2014 plan's duration condition.
int DaysAtLevel(const std::vector<std::optional<double>>& prices, const std::string& level,
                const FluctuationRule& rule);
// The mean of the last 7 entries of `prices` against the mean of the 7
// before (the week-on-week change of weekly mean prices); none when either
// week has fewer than 4 days with a price.
std::optional<double> WeeklyMeanChange(const std::vector<std::optional<double>>& prices);

// ---- Forecast accuracy (M4 definitions) -----------------------------------

// MASE: the out-of-sample MAE over the in-sample seasonal-naive MAE with
// season `m` (m = 1: naive). None when the in-sample series is shorter than
// m + 1 or constant at lag m.
std::optional<double> Mase(const std::vector<double>& insample, const std::vector<double>& actual,
                           const std::vector<double>& forecast, int m);
// sMAPE in percent (0–200): (200/h) Σ |y − ŷ| / (|y| + |ŷ|); a point where
// both are 0 adds 0.
double Smape(const std::vector<double>& actual, const std::vector<double>& forecast);

// ---- Quality control of reported prices -----------------------------------

// The median of `values` (none when empty).
std::optional<double> Median(std::vector<double> values);
// Why a reported price is implausible: "history" (outside median ± k·MAD of
// the point's recent prices; needs at least `min_history` of them),
// "district" (more than `max_district_gap` away from the day's district
// median, as a fraction of it), or "" when it is plausible.
struct PlausibilityRule {
  double mad_multiple = 5;
  size_t min_history = 7;
  double max_district_gap = 0.5;
};
std::string Implausible(double price, const std::vector<double>& point_history,
                        std::optional<double> district_median, const PlausibilityRule& rule = {});

}  // namespace wcp::prices
