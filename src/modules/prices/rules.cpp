#include "modules/prices/rules.hpp"

#include <charconv>
#include <cmath>

#include "core/date.hpp"

namespace wcp::prices {
namespace {

// A cell of row `row` as a number; errors name the file, line and column.
Result<double> Number(const CsvTable& table, const CsvRow& row, const std::string& column) {
  const std::string& text = table.Get(row, column);
  double v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  // from_chars reads "nan" and "inf" too: a threshold must be a finite number.
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v) || v < 0) {
    return Status::Invalid(table.source() + ": line " + std::to_string(row.line) + ": " + column +
                               " must be a number ≥ 0, got '" + text + "'",
                           column);
  }
  return v;
}

// An optional whole number (empty: 0, "no such condition").
Result<int> Count(const CsvTable& table, const CsvRow& row, const std::string& column) {
  if (table.Get(row, column).empty()) return 0;
  WCP_ASSIGN_OR_RETURN(double v, Number(table, row, column));
  if (v != static_cast<int>(v) || v > 366) {
    return Status::Invalid(table.source() + ": line " + std::to_string(row.line) + ": " + column +
                               " must be a whole number of days or kinds",
                           column);
  }
  return static_cast<int>(v);
}

Status Common(const CsvTable& table, const CsvRow& row, std::string& effective_from, std::string& source) {
  auto from = ParseDate(table.Get(row, "effective_from"));
  if (!from.ok()) {
    return Status::Invalid(table.source() + ": line " + std::to_string(row.line) + ": effective_from must be YYYY-MM-DD",
                           "effective_from");
  }
  effective_from = FormatDate(*from);
  source = table.Get(row, "source");
  if (source.empty()) {
    return Status::Invalid(table.source() + ": line " + std::to_string(row.line) + ": a rule needs its source document",
                           "source");
  }
  return Status::Ok();
}

}  // namespace

Result<std::vector<PigGrainRule>> ParsePigGrainRules(const CsvTable& table) {
  WCP_RETURN_IF_ERROR(table.RequireColumns({"effective_from", "falling_warn", "falling_severe", "falling_weeks",
                                            "rising_warn", "rising_band", "rising_severe", "rising_weeks",
                                            "falling_action_3", "falling_action_2", "falling_action_1",
                                            "rising_action_3", "rising_action_2", "rising_action_1", "source"}));
  std::vector<PigGrainRule> out;
  for (const auto& row : table.rows()) {
    PigGrainRule r;
    WCP_RETURN_IF_ERROR(Common(table, row, r.effective_from, r.source));
    WCP_ASSIGN_OR_RETURN(r.falling_warn, Number(table, row, "falling_warn"));
    WCP_ASSIGN_OR_RETURN(r.falling_severe, Number(table, row, "falling_severe"));
    WCP_ASSIGN_OR_RETURN(r.falling_weeks, Count(table, row, "falling_weeks"));
    WCP_ASSIGN_OR_RETURN(r.rising_warn, Number(table, row, "rising_warn"));
    WCP_ASSIGN_OR_RETURN(r.rising_band, Number(table, row, "rising_band"));
    WCP_ASSIGN_OR_RETURN(r.rising_severe, Number(table, row, "rising_severe"));
    WCP_ASSIGN_OR_RETURN(r.rising_weeks, Count(table, row, "rising_weeks"));
    if (!(r.falling_severe < r.falling_warn && r.falling_warn <= r.rising_warn && r.rising_warn <= r.rising_band &&
          r.rising_band <= r.rising_severe) ||
        r.falling_weeks < 1 || r.rising_weeks < 1) {
      return Status::Invalid(table.source() + ": line " + std::to_string(row.line) +
                                 ": the zones must be ordered (falling_severe < falling_warn ≤ rising_warn ≤ "
                                 "rising_band ≤ rising_severe) and the week counts ≥ 1",
                             "falling_warn");
    }
    for (int level = 1; level <= 3; ++level) {
      r.falling_action[level] = table.Get(row, "falling_action_" + std::to_string(level));
      r.rising_action[level] = table.Get(row, "rising_action_" + std::to_string(level));
    }
    out.push_back(std::move(r));
  }
  return out;
}

Result<std::vector<FluctuationRule>> ParseFluctuationRules(const CsvTable& table) {
  static const char* kSuffix[3] = {"iv", "iii", "ii"};
  std::vector<std::string> required = {"effective_from", "source"};
  for (const char* s : kSuffix) {
    for (const char* column : {"day_", "week_", "min_days_", "min_kinds_"}) required.push_back(column + std::string(s));
  }
  WCP_RETURN_IF_ERROR(table.RequireColumns(required));
  std::vector<FluctuationRule> out;
  for (const auto& row : table.rows()) {
    FluctuationRule r;
    WCP_RETURN_IF_ERROR(Common(table, row, r.effective_from, r.source));
    for (int i = 0; i < 3; ++i) {
      const std::string s = kSuffix[i];
      WCP_ASSIGN_OR_RETURN(r.day[i], Number(table, row, "day_" + s));
      WCP_ASSIGN_OR_RETURN(r.week[i], Number(table, row, "week_" + s));
      WCP_ASSIGN_OR_RETURN(r.min_days[i], Count(table, row, "min_days_" + s));
      WCP_ASSIGN_OR_RETURN(r.min_kinds[i], Count(table, row, "min_kinds_" + s));
      if (i > 0 && (r.day[i] <= r.day[i - 1] || r.week[i] <= r.week[i - 1])) {
        return Status::Invalid(table.source() + ": line " + std::to_string(row.line) +
                                   ": each level's thresholds must exceed the milder level's",
                               "day_" + s);
      }
    }
    out.push_back(std::move(r));
  }
  return out;
}

Result<std::vector<EssentialRule>> ParseEssentialRules(const CsvTable& table) {
  WCP_RETURN_IF_ERROR(table.RequireColumns({"effective_from", "classes", "weekly_rise", "level", "action", "source"}));
  std::vector<EssentialRule> out;
  for (const auto& row : table.rows()) {
    EssentialRule r;
    WCP_RETURN_IF_ERROR(Common(table, row, r.effective_from, r.source));
    const std::string& classes = table.Get(row, "classes");
    for (size_t start = 0; start < classes.size();) {
      const size_t end = std::min(classes.find(';', start), classes.size());
      const std::string c = classes.substr(start, end - start);
      if (c != "A" && c != "B") {
        return Status::Invalid(table.source() + ": line " + std::to_string(row.line) +
                                   ": classes are A and/or B separated by ';'",
                               "classes");
      }
      r.classes.push_back(c);
      start = end + 1;
    }
    if (r.classes.empty()) {
      return Status::Invalid(table.source() + ": line " + std::to_string(row.line) + ": classes is required", "classes");
    }
    WCP_ASSIGN_OR_RETURN(r.weekly_rise, Number(table, row, "weekly_rise"));
    if (r.weekly_rise <= 0 || r.weekly_rise > 10) {
      return Status::Invalid(table.source() + ": line " + std::to_string(row.line) +
                                 ": weekly_rise is a fraction above 0 and at most 10 (0.30 for 30 %)",
                             "weekly_rise");
    }
    r.level = table.Get(row, "level");
    if (r.level != "IV" && r.level != "III" && r.level != "II" && r.level != "I") {
      return Status::Invalid(table.source() + ": line " + std::to_string(row.line) + ": level must be IV, III, II or I",
                             "level");
    }
    r.action = table.Get(row, "action");
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace wcp::prices
