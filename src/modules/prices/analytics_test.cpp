// Expected values: the research note's IFPA test vector (price-monitoring.md
// §1.5), the 2021 pork-reserve plan's zones and NDRC's announced weeks
// (§3.1), Qingdao's thresholds (§3.3) at their boundaries, and MASE/sMAPE
// computed by hand from the M4 definitions (§4.2).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "modules/prices/analytics.hpp"
#include "modules/prices/testing.hpp"

namespace wcp::prices {
namespace {

using testing::Shipped;

const PigGrainRule& Plan2021() {
  static const PigGrainRule rule = (*ParsePigGrainRules(Shipped("pig_grain_rules.csv"))).front();
  return rule;
}

const FluctuationRule& Qingdao2014() {
  static const FluctuationRule rule = (*ParseFluctuationRules(Shipped("fluctuation_rules.csv"))).front();
  return rule;
}

TEST(IfpaTest, TheResearchNotesVector) {
  const std::vector<double> p = {
      10.09, 10.15, 10.58, 10.31, 10.53, 10.35, 10.18, 9.81,  9.58,  9.6,   9.95,  9.77,
      10.12, 10.61, 10.91, 11.13, 10.96, 10.58, 10.38, 10.2,  9.8,   10.02, 10.12, 10.49,
      10.37, 10.73, 11.11, 11.23, 10.8,  10.53, 10.78, 10.07, 10.24, 9.97,  10.25, 10.44,
      10.65, 10.8,  11.32, 11.47, 11.14, 11.4,  11.06, 10.52, 10.54, 10.12, 10.51, 10.7,
      11.09, 11.53, 11.41, 11.8,  11.6,  11.01, 11.0,  10.57, 10.68, 10.5,  10.45, 11.1,
      10.91, 11.21, 11.51, 12.11, 11.8,  11.57, 11.24, 10.79, 10.84, 10.69, 10.83, 12.51};
  const auto series = Ifpa(p);
  ASSERT_EQ(series.size(), 72u);
  EXPECT_NEAR(*series[71].z_quarterly, 5.8285, 5e-5);
  EXPECT_NEAR(*series[71].z_annual, 3.8099, 5e-5);
  EXPECT_NEAR(*series[71].ifpa, 4.6173, 5e-5);
  EXPECT_EQ(series[71].level, "abnormally_high");
  EXPECT_NEAR(*series[70].z_quarterly, 0.3401, 5e-5);
  EXPECT_NEAR(*series[70].z_annual, 1.7300, 5e-5);
  EXPECT_NEAR(*series[70].ifpa, 1.1741, 5e-5);
  // The annual z-score needs four earlier same-month annual rates: the first at t = 60.
  EXPECT_FALSE(series[59].ifpa.has_value());
  EXPECT_EQ(series[59].level, "");
  EXPECT_TRUE(series[60].ifpa.has_value());
}

TEST(IfpaTest, LevelsFollowTheSdgBands) {
  EXPECT_EQ(IfpaLevel(1.0), "abnormally_high");
  EXPECT_EQ(IfpaLevel(0.5), "moderately_high");
  EXPECT_EQ(IfpaLevel(0.49), "normal");
  EXPECT_EQ(IfpaLevel(-0.5), "moderately_low");
  EXPECT_EQ(IfpaLevel(-1.0), "abnormally_low");
}

// A series whose residuals are orthogonal to every regressor (per month
// a, −2a, a over three years: zero sum per month and against the trend), so
// OLS recovers the trend and season exactly and the residuals are e:
// σ̂ = sqrt(Σe² / (36 − 13)).
std::vector<double> TrendSeasonAnd(const std::vector<double>& a) {
  std::vector<double> y;
  const double season[12] = {0.3, 0.5, 0.2, -0.1, -0.3, -0.4, -0.2, 0.0, 0.1, 0.2, 0.1, -0.4};
  for (int t = 0; t < 36; ++t) {
    const int year = t / 12, month = t % 12;
    const double e = (year == 1 ? -2 : 1) * a[static_cast<size_t>(month)];
    y.push_back(10 + 0.05 * t + season[month] + e);
  }
  return y;
}

TEST(AlpsTest, ResidualOverItsStandardDeviationByHand) {
  // a = 0.1 every month: Σe² = 12·(0.01 + 0.04 + 0.01) = 0.72, σ̂ = sqrt(0.72/23) = 0.1769303;
  // the last month's residual 0.1 → ALPS 0.565194 (stress).
  auto alps = Alps(TrendSeasonAnd(std::vector<double>(12, 0.1)));
  ASSERT_TRUE(alps[35].alps.has_value());
  EXPECT_NEAR(*alps[35].alps, 0.565194, 1e-5);
  EXPECT_EQ(alps[35].level, "stress");
  EXPECT_FALSE(alps[34].alps.has_value());  // three years are needed
  // December's a = 0.5: Σe² = 0.66 + 1.5 = 2.16, σ̂ = sqrt(2.16/23) = 0.3064523 → 0.5/σ̂ = 1.631576 (alert).
  std::vector<double> spike(12, 0.1);
  spike[11] = 0.5;
  EXPECT_NEAR(*Alps(TrendSeasonAnd(spike))[35].alps, 1.631576, 1e-5);
  EXPECT_EQ(AlpsLevel(2.0), "crisis");
  EXPECT_EQ(AlpsLevel(0.2499), "normal");
}

std::vector<int> Levels(const std::vector<double>& ratios) {
  const std::vector<double> corn(ratios.size(), 1.0);  // ratio = hog price when corn costs 1
  std::vector<int> out;
  for (const auto& w : PigGrain(ratios, corn, Plan2021())) out.push_back(w.level);
  return out;
}

TEST(PigGrainTest, FallingZonesCountConsecutiveWeeks) {
  // NDRC, January 2023: 5.93 (level 3), then two more weeks in 5–6, the third (5.48) level 2.
  EXPECT_EQ(Levels({5.93, 5.7, 5.48}), (std::vector<int>{3, 3, 2}));
  // Two weeks below 6:1, then a recovery: the run restarts, level 2 is not reached.
  EXPECT_EQ(Levels({5.5, 5.5, 6.5, 5.5, 5.5}), (std::vector<int>{3, 3, 0, 3, 3}));
  // June 2021: 4.90 → level 1 at once; a week below 5 breaks a 5–6 run.
  EXPECT_EQ(Levels({5.5, 5.5, 4.9, 5.5}), (std::vector<int>{3, 3, 1, 3}));
  // Boundaries: 6 itself is the reasonable band; 5 itself is in the 5–6 band.
  EXPECT_EQ(Levels({6.0, 5.0, 5.0, 5.0}), (std::vector<int>{0, 3, 3, 2}));
  const auto week = PigGrain({4.9}, {1.0}, Plan2021()).front();
  EXPECT_EQ(week.direction, "falling");
  EXPECT_EQ(week.action, "启动临时储备收储（中央和地方同步）");
}

TEST(PigGrainTest, RisingZones) {
  EXPECT_EQ(Levels({9.0, 9.5, 10.0, 12.0}), (std::vector<int>{0, 3, 3, 2}));  // 10–12 for two weeks
  EXPECT_EQ(Levels({12.01}), (std::vector<int>{1}));
  EXPECT_EQ(Levels({10.5, 9.5, 10.5}), (std::vector<int>{3, 3, 3}));  // 9.5 breaks the 10–12 run
  const auto week = PigGrain({10.5, 11.0}, {1.0, 1.0}, Plan2021()).back();
  EXPECT_EQ(week.level, 2);
  EXPECT_EQ(week.direction, "rising");
  EXPECT_EQ(week.action, "投放储备");
  EXPECT_NEAR(PigGrain({26.0}, {2.9}, Plan2021()).front().ratio, 8.9655, 5e-5);  // 26 / 2.9
}

TEST(FluctuationTest, DaysAtLevelCountsTheRunEndingToday) {
  const auto& rule = Qingdao2014();
  // 10 yuan for a week, then +35 % (IV, day on day), +10 % (week on week from 10: +48.5 %: IV),
  // +5 % (week +55.9 %: IV), flat (week +55.9 %: IV; day 0).
  std::vector<std::optional<double>> p(7, 10.0);
  for (double v : {13.5, 14.85, 15.5925, 15.5925}) p.push_back(v);
  EXPECT_EQ(DaysAtLevel(p, "IV", rule), 4);
  EXPECT_EQ(DaysAtLevel(p, "III", rule), 0);  // none above 50 % / 60 %
  p.push_back(std::nullopt);                  // a day without a price ends the run
  EXPECT_EQ(DaysAtLevel(p, "IV", rule), 0);
  EXPECT_EQ(LevelSeverity("II"), 3);
  EXPECT_EQ(LevelSeverity(""), 0);
}

TEST(EssentialRuleTest, WeeklyMeansRiseAtOrAboveThirtyPercent) {
  const auto rules = *ParseEssentialRules(Shipped("essential_rules.csv"));
  ASSERT_EQ(rules.size(), 1u);
  EXPECT_EQ(rules[0].weekly_rise, 0.30);
  EXPECT_EQ(rules[0].classes, std::vector<std::string>{"A"});
  // Week 1: 2.00 every day; week 2: 2.60 every day → exactly +30 %.
  std::vector<std::optional<double>> p(7, 2.0);
  p.insert(p.end(), 7, 2.6);
  EXPECT_NEAR(*WeeklyMeanChange(p), 0.30, 1e-12);
  // Week 2 with three days missing: 2.60 × 4 → the mean of the four: still +30 %; a fourth gap: none.
  for (int i : {7, 9, 11}) p[static_cast<size_t>(i)] = std::nullopt;
  EXPECT_NEAR(*WeeklyMeanChange(p), 0.30, 1e-12);
  p[13] = std::nullopt;
  EXPECT_FALSE(WeeklyMeanChange(p).has_value());
  EXPECT_FALSE(WeeklyMeanChange(std::vector<std::optional<double>>(13, 2.0)).has_value());
}

TEST(EssentialRuleTest, AThresholdMustBeAFiniteFraction) {
  // from_chars reads "nan" and "inf": a NaN threshold would never fail a comparison and fire for everything.
  for (const char* bad : {"NaN", "nan", "inf", "-1", "0", "11", "30%"}) {
    auto table = CsvTable::Parse(std::string("effective_from,classes,weekly_rise,level,action,source\n2026-03-01,A,") +
                                     bad + ",IV,x,y\n",
                                 "t.csv");
    ASSERT_TRUE(table.ok());
    EXPECT_FALSE(ParseEssentialRules(*table).ok()) << bad;
  }
}

TEST(FluctuationTest, QingdaoThresholdsAreStrictlyAbove) {
  const auto& rule = Qingdao2014();
  EXPECT_EQ(FluctuationLevel(0.30, std::nullopt, rule), "");  // "> 30 %": 30 % itself is not
  EXPECT_EQ(FluctuationLevel(0.3001, std::nullopt, rule), "IV");
  EXPECT_EQ(FluctuationLevel(std::nullopt, 0.40, rule), "");
  EXPECT_EQ(FluctuationLevel(std::nullopt, 0.41, rule), "IV");
  EXPECT_EQ(FluctuationLevel(0.51, 0.1, rule), "III");
  EXPECT_EQ(FluctuationLevel(0.2, 0.61, rule), "III");
  EXPECT_EQ(FluctuationLevel(0.71, 0.0, rule), "II");
  EXPECT_EQ(FluctuationLevel(0.0, 0.81, rule), "II");
  EXPECT_EQ(FluctuationLevel(-0.9, -0.9, rule), "");  // falls are not rises
  EXPECT_EQ(rule.min_days[0], 5);
  EXPECT_EQ(rule.min_kinds[1], 3);
  EXPECT_EQ(rule.min_days[2], 0);  // Ⅱ's further conditions were not retrieved: threshold only
}

TEST(RulesTest, TheRuleInForceIsTheLatestEffective) {
  PigGrainRule old = Plan2021(), revised = Plan2021();
  old.effective_from = "2015-01-01";
  revised.effective_from = "2030-01-01";
  const std::vector<PigGrainRule> rules = {old, Plan2021(), revised};
  EXPECT_EQ(InForce(rules, "2026-11-30")->effective_from, "2021-06-02");
  EXPECT_EQ(InForce(rules, "2020-01-01")->effective_from, "2015-01-01");
  EXPECT_FALSE(InForce(rules, "2010-01-01").has_value());
  auto bad = CsvTable::Parse(
      "effective_from,falling_warn,falling_severe,falling_weeks,rising_warn,rising_band,rising_severe,rising_weeks,"
      "falling_action_3,falling_action_2,falling_action_1,rising_action_3,rising_action_2,rising_action_1,source\n"
      "2021-06-02,5,6,3,9,10,12,2,a,b,c,d,e,f,src\n",
      "bad.csv");
  EXPECT_EQ(ParsePigGrainRules(*bad).status().field(), "falling_warn");  // severe above warn: refused
}

TEST(AccuracyTest, MaseAndSmapeByHand) {
  // In-sample 1..5: naive MAE 1. Forecast 5, 5 for 6, 7: MAE (1 + 2) / 2 = 1.5.
  EXPECT_DOUBLE_EQ(*Mase({1, 2, 3, 4, 5}, {6, 7}, {5, 5}, 1), 1.5);
  // Season 2 over 1 3 2 4 3 5: |2−1|, |4−3|, |3−2|, |5−4| → scale 1; errors 1 and 3 → 2.
  EXPECT_DOUBLE_EQ(*Mase({1, 3, 2, 4, 3, 5}, {4, 6}, {5, 3}, 2), 2.0);
  EXPECT_FALSE(Mase({2, 2, 2}, {2}, {3}, 1).has_value());  // no in-sample variation to scale by
  // (200/2)·(1/11 + 2/12) = 25.7575…
  EXPECT_NEAR(Smape({6, 7}, {5, 5}), 25.757576, 1e-6);
  EXPECT_DOUBLE_EQ(Smape({0, 4}, {0, 4}), 0.0);
}

TEST(QualityTest, ImplausiblePricesByHistoryAndDistrict) {
  EXPECT_EQ(*Median({3, 1, 2}), 2);
  EXPECT_EQ(*Median({4, 1, 3, 2}), 2.5);
  // History 10 11 9 10 12 8 10: median 10, MAD 1 → plausible within 10 ± 5.
  const std::vector<double> history = {10, 11, 9, 10, 12, 8, 10};
  EXPECT_EQ(Implausible(14.9, history, std::nullopt), "");
  EXPECT_EQ(Implausible(15.1, history, std::nullopt), "history");
  EXPECT_EQ(Implausible(14.9, history, 9.9), "district");  // |14.9 − 9.9| = 5 > 0.5 × 9.9
  EXPECT_EQ(Implausible(14.9, {10, 11}, 10.0), "");        // too little history; within 50 % of the district
}

}  // namespace
}  // namespace wcp::prices
