// modules/prices/rules.hpp — the warning rules officials set, as data: each
// with the date it takes effect and the document it comes from. The shipped
// editions are in data/prices/*.csv (with their sources); `wcp import` adds
// later ones, and the rule in force on a day is the latest effective one.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/csv.hpp"
#include "core/status.hpp"

namespace wcp::prices {

// 《完善政府猪肉储备调节机制 做好猪肉市场保供稳价工作预案》(2021): the
// pig-grain price ratio's zones. Falling: below `falling_warn` level 3;
// within [falling_severe, falling_warn) for `falling_weeks` consecutive weeks
// level 2; below `falling_severe` level 1. Rising: above `rising_warn` level
// 3; within [rising_band, rising_severe] for `rising_weeks` consecutive weeks
// level 2; above `rising_severe` level 1.
struct PigGrainRule {
  std::string effective_from;  // YYYY-MM-DD
  double falling_warn = 0;
  double falling_severe = 0;
  int falling_weeks = 0;
  double rising_warn = 0;
  double rising_band = 0;
  double rising_severe = 0;
  int rising_weeks = 0;
  std::string source;
  // The plan's action per direction and level (e.g. 启动临时储备收储).
  std::string falling_action[4];  // index = level; [0] unused
  std::string rising_action[4];
};

// 《青岛市价格异常波动应急预案》: a rise above `day[i]` day on day or `week[i]`
// week on week reaches level kLevels[i] (IV, III, II), with the plan's
// further conditions: at least `min_days[i]` days, or `min_kinds[i]` kinds
// of goods at once.
struct FluctuationRule {
  static constexpr const char* kLevels[3] = {"IV", "III", "II"};
  std::string effective_from;
  double day[3] = {0, 0, 0};
  double week[3] = {0, 0, 0};
  int min_days[3] = {0, 0, 0};
  int min_kinds[3] = {0, 0, 0};
  std::string source;
};

// 《青岛市生活必需品市场供应突发事件应急预案》(2015): the weekly mean price of
// a necessity of one of `classes` ("A") rising by `weekly_rise` or more
// (≥) over the week before is a condition of level `level`.
struct EssentialRule {
  std::string effective_from;
  std::vector<std::string> classes;
  double weekly_rise = 0;
  std::string level;
  std::string action;
  std::string source;
};

Result<std::vector<PigGrainRule>> ParsePigGrainRules(const CsvTable& table);
Result<std::vector<EssentialRule>> ParseEssentialRules(const CsvTable& table);
Result<std::vector<FluctuationRule>> ParseFluctuationRules(const CsvTable& table);

// The rule in force on `day` (YYYY-MM-DD): the latest effective_from ≤ day.
template <typename Rule>
std::optional<Rule> InForce(const std::vector<Rule>& rules, const std::string& day) {
  std::optional<Rule> found;
  for (const auto& r : rules) {
    if (r.effective_from <= day && (!found || r.effective_from > found->effective_from)) found = r;
  }
  return found;
}

}  // namespace wcp::prices
