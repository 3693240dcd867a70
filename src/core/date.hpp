// core/date.hpp — civil dates and statistical periods.
//
// Dates are proleptic Gregorian calendar days (std::chrono::year_month_day).
// Periods are the reporting periods of Chinese statistics: day, ISO week,
// month, quarter, year, and year-to-date (1–N月累计). The National Bureau of
// Statistics publishes January and February together (1–2月): a year-to-date
// period never ends in January, and the single-month form "2024-01..02"
// (PeriodType::kJanFeb) stands for the combined release.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "core/status.hpp"

namespace wcp {

using Date = std::chrono::year_month_day;

// Parses "YYYY-MM-DD"; kInvalid (field "date") for anything else or an impossible day.
Result<Date> ParseDate(std::string_view text);
std::string FormatDate(const Date& d);
Date AddDays(const Date& d, int days);
// ISO weekday: 1 = Monday … 7 = Sunday.
int IsoWeekday(const Date& d);
// Days from a to b (b - a).
int DaysBetween(const Date& a, const Date& b);
// Now in UTC as "YYYY-MM-DDTHH:MM:SSZ" (the timestamps stores keep as text).
std::string NowUtcText();
// Today in China Standard Time (UTC+8, no daylight saving): the day on
// which the bureau's deadlines fall.
Date TodayInChina();

enum class PeriodType { kDay, kWeek, kMonth, kJanFeb, kQuarter, kYear, kYearToDate };

std::string_view PeriodTypeName(PeriodType t);  // "day", "week", "month", "jan_feb", ...
Result<PeriodType> ParsePeriodType(std::string_view name);

class Period {
 public:
  static Period Day(const Date& d);
  static Result<Period> Week(int iso_year, int week);
  // The ISO week `d` falls in (its year is the year of the week's Thursday).
  static Period WeekOf(const Date& d);
  static Result<Period> Month(int year, int month);
  static Result<Period> JanFeb(int year);
  static Result<Period> Quarter(int year, int quarter);
  static Result<Period> Year(int year);
  // 1–N月累计; N in 2..12 (January alone is never published, see above).
  static Result<Period> YearToDate(int year, int through_month);

  // Canonical text: "2024-03-05", "2024-W05", "2024-03", "2024-01..02",
  // "2024-Q1", "2024", "2024-YTD03".
  static Result<Period> Parse(std::string_view text);
  // Parses `text` as the given type; for kYearToDate "2024-03" means 1–3月.
  static Result<Period> Parse(std::string_view text, PeriodType type);

  PeriodType type() const { return type_; }
  int year() const { return year_; }
  // Day of year, ISO week, month, quarter, or the last month of a year-to-date.
  int index() const { return index_; }

  Date Start() const;
  Date End() const;  // inclusive
  bool Contains(const Date& d) const;
  std::string ToString() const;
  // Human label: "2024年1–3月" / "Jan–Mar 2024".
  std::string Label(bool chinese) const;

  // The same period one year earlier (同比). For ISO weeks, week 53 maps to 52
  // when the earlier year has none.
  Period SameLastYear() const;
  // The period immediately before (环比). The month before March is the
  // combined January–February release; a year-to-date's predecessor is the
  // previous cumulative release (1–2月 follows last year's 1–12月).
  Period Previous() const;

  bool operator==(const Period&) const = default;
  auto operator<=>(const Period&) const = default;

 private:
  Period(PeriodType type, int year, int index) : type_(type), year_(year), index_(index) {}
  PeriodType type_ = PeriodType::kYear;
  int year_ = 0;
  int index_ = 0;
};

}  // namespace wcp
