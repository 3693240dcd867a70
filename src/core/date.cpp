#include "core/date.hpp"

#include "core/encoding.hpp"

#include <charconv>
#include <cstdio>
#include <ctime>

namespace wcp {
namespace {

using std::chrono::day;
using std::chrono::month;
using std::chrono::sys_days;
using std::chrono::year;

bool ParseInt(std::string_view s, int* out) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && ptr == s.data() + s.size();
}

Date MakeDate(int y, int m, int d) {
  return Date{year{y}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}};
}

Date LastOfMonth(int y, int m) {
  return Date{std::chrono::year_month_day_last{
      year{y}, std::chrono::month_day_last{month{static_cast<unsigned>(m)}}}};
}

int YearOf(const Date& d) { return static_cast<int>(d.year()); }

// Monday of ISO week 1 of iso_year (the week containing 4 January).
Date IsoWeekOneMonday(int iso_year) {
  const Date jan4 = MakeDate(iso_year, 1, 4);
  return AddDays(jan4, 1 - IsoWeekday(jan4));
}

int IsoWeeksInYear(int iso_year) {
  return DaysBetween(IsoWeekOneMonday(iso_year), IsoWeekOneMonday(iso_year + 1)) / 7;
}

Status BadPeriod(std::string_view text, std::string_view why) {
  const std::string shown = Excerpt(text);  // a client's text, echoed bounded
  return Status::Invalid("'" + shown + "' is not a valid period: " + std::string(why), "period")
      .WithCode("invalid-period", {{"value", shown}});
}

std::string Pad2(int v) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d", v);
  return buf;
}

constexpr const char* kMonthsEn[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

}  // namespace

Result<Date> ParseDate(std::string_view text) {
  int y, m, d;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !ParseInt(text.substr(0, 4), &y) ||
      !ParseInt(text.substr(5, 2), &m) || !ParseInt(text.substr(8, 2), &d)) {
    return Status::Invalid("'" + std::string(text) + "' is not a date (YYYY-MM-DD)", "date");
  }
  const Date date = MakeDate(y, m, d);
  if (!date.ok()) return Status::Invalid("'" + std::string(text) + "' is not a real day", "date");
  return date;
}

std::string FormatDate(const Date& d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", YearOf(d), static_cast<unsigned>(d.month()),
                static_cast<unsigned>(d.day()));
  return buf;
}

Date AddDays(const Date& d, int days) {
  return Date{sys_days{d} + std::chrono::days{days}};
}

int IsoWeekday(const Date& d) {
  return static_cast<int>(std::chrono::weekday{sys_days{d}}.iso_encoding());
}

std::string NowUtcText() {
  const auto t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

Date TodayInChina() {
  const auto now = std::chrono::system_clock::now() + std::chrono::hours(8);
  return Date(std::chrono::floor<std::chrono::days>(now));
}

int DaysBetween(const Date& a, const Date& b) {
  return static_cast<int>((sys_days{b} - sys_days{a}).count());
}

std::string_view PeriodTypeName(PeriodType t) {
  switch (t) {
    case PeriodType::kDay: return "day";
    case PeriodType::kWeek: return "week";
    case PeriodType::kMonth: return "month";
    case PeriodType::kJanFeb: return "jan_feb";
    case PeriodType::kQuarter: return "quarter";
    case PeriodType::kYear: return "year";
    case PeriodType::kYearToDate: return "ytd";
  }
  return "year";
}

Result<PeriodType> ParsePeriodType(std::string_view name) {
  for (auto t : {PeriodType::kDay, PeriodType::kWeek, PeriodType::kMonth, PeriodType::kJanFeb,
                 PeriodType::kQuarter, PeriodType::kYear, PeriodType::kYearToDate}) {
    if (PeriodTypeName(t) == name) return t;
  }
  return Status::Invalid("unknown period type '" + std::string(name) +
                             "' (day, week, month, jan_feb, quarter, year, ytd)",
                         "period_type");
}

Period Period::Day(const Date& d) {
  return Period(PeriodType::kDay, YearOf(d), DaysBetween(MakeDate(YearOf(d), 1, 1), d) + 1);
}

namespace {

// Statistics periods live in 1900–2999, whatever their type (a year
// printed with four digits; nothing older is reported).
Status CheckYear(int y) {
  if (y < 1900 || y > 2999) return BadPeriod(std::to_string(y), "year out of range (1900–2999)");
  return Status::Ok();
}

}  // namespace

Period Period::WeekOf(const Date& d) {
  const int iso_year = YearOf(AddDays(d, 4 - IsoWeekday(d)));
  return Period(PeriodType::kWeek, iso_year, DaysBetween(IsoWeekOneMonday(iso_year), d) / 7 + 1);
}

Result<Period> Period::Week(int iso_year, int week) {
  WCP_RETURN_IF_ERROR(CheckYear(iso_year));
  if (week < 1 || week > IsoWeeksInYear(iso_year)) {
    return BadPeriod(std::to_string(iso_year) + "-W" + Pad2(week), "no such ISO week");
  }
  return Period(PeriodType::kWeek, iso_year, week);
}

Result<Period> Period::Month(int y, int m) {
  WCP_RETURN_IF_ERROR(CheckYear(y));
  if (m < 1 || m > 12) return BadPeriod(std::to_string(y) + "-" + Pad2(m), "month out of range");
  return Period(PeriodType::kMonth, y, m);
}

Result<Period> Period::JanFeb(int y) {
  WCP_RETURN_IF_ERROR(CheckYear(y));
  return Period(PeriodType::kJanFeb, y, 2);
}

Result<Period> Period::Quarter(int y, int q) {
  WCP_RETURN_IF_ERROR(CheckYear(y));
  if (q < 1 || q > 4) return BadPeriod(std::to_string(y) + "-Q" + std::to_string(q), "quarter");
  return Period(PeriodType::kQuarter, y, q);
}

Result<Period> Period::Year(int y) {
  WCP_RETURN_IF_ERROR(CheckYear(y));
  return Period(PeriodType::kYear, y, 1);
}

Result<Period> Period::YearToDate(int y, int through_month) {
  WCP_RETURN_IF_ERROR(CheckYear(y));
  if (through_month == 1) {
    return BadPeriod(std::to_string(y) + "-YTD01",
                     "January is published together with February (1–2月)");
  }
  if (through_month < 2 || through_month > 12) {
    return BadPeriod(std::to_string(y) + "-YTD" + Pad2(through_month), "month out of range");
  }
  return Period(PeriodType::kYearToDate, y, through_month);
}

Result<Period> Period::Parse(std::string_view text) {
  int y;
  if (text.size() < 4 || !ParseInt(text.substr(0, 4), &y)) return BadPeriod(text, "no year");
  if (text.size() == 4) return Year(y);
  if (text[4] != '-') return BadPeriod(text, "expected '-' after the year");
  const std::string_view rest = text.substr(5);
  int n;
  if (rest.size() == 2 && ParseInt(rest, &n)) return Month(y, n);
  if (rest == "01..02") return JanFeb(y);
  if (rest.size() == 2 && rest[0] == 'Q' && ParseInt(rest.substr(1), &n)) return Quarter(y, n);
  if (rest.size() == 3 && rest[0] == 'W' && ParseInt(rest.substr(1), &n)) return Week(y, n);
  if (rest.size() == 5 && rest.substr(0, 3) == "YTD" && ParseInt(rest.substr(3), &n)) {
    return YearToDate(y, n);
  }
  if (text.size() == 10) {
    auto d = ParseDate(text);
    if (!d.ok()) return BadPeriod(text, "not a real day");
    return Day(*d);
  }
  return BadPeriod(text, "expected 2024, 2024-Q1, 2024-03, 2024-01..02, 2024-W05, 2024-YTD03 or "
                         "2024-03-05");
}

Result<Period> Period::Parse(std::string_view text, PeriodType type) {
  if (type == PeriodType::kYearToDate && text.size() == 7 && text[4] == '-') {
    int y, m;
    if (ParseInt(text.substr(0, 4), &y) && ParseInt(text.substr(5, 2), &m)) {
      return YearToDate(y, m);
    }
  }
  WCP_ASSIGN_OR_RETURN(Period p, Parse(text));
  if (p.type() != type) {
    return BadPeriod(text, "does not match period_type '" + std::string(PeriodTypeName(type)) + "'");
  }
  return p;
}

Date Period::Start() const {
  switch (type_) {
    case PeriodType::kDay: return AddDays(MakeDate(year_, 1, 1), index_ - 1);
    case PeriodType::kWeek: return AddDays(IsoWeekOneMonday(year_), 7 * (index_ - 1));
    case PeriodType::kMonth: return MakeDate(year_, index_, 1);
    case PeriodType::kQuarter: return MakeDate(year_, 3 * index_ - 2, 1);
    case PeriodType::kJanFeb:
    case PeriodType::kYear:
    case PeriodType::kYearToDate: return MakeDate(year_, 1, 1);
  }
  return MakeDate(year_, 1, 1);
}

Date Period::End() const {
  const auto last_of_month = [this](int m) { return LastOfMonth(year_, m); };
  switch (type_) {
    case PeriodType::kDay: return Start();
    case PeriodType::kWeek: return AddDays(Start(), 6);
    case PeriodType::kMonth: return last_of_month(index_);
    case PeriodType::kJanFeb: return last_of_month(2);
    case PeriodType::kQuarter: return last_of_month(3 * index_);
    case PeriodType::kYear: return MakeDate(year_, 12, 31);
    case PeriodType::kYearToDate: return last_of_month(index_);
  }
  return Start();
}

bool Period::Contains(const Date& d) const {
  return sys_days{d} >= sys_days{Start()} && sys_days{d} <= sys_days{End()};
}

std::string Period::ToString() const {
  const std::string y = std::to_string(year_);
  switch (type_) {
    case PeriodType::kDay: return FormatDate(Start());
    case PeriodType::kWeek: return y + "-W" + Pad2(index_);
    case PeriodType::kMonth: return y + "-" + Pad2(index_);
    case PeriodType::kJanFeb: return y + "-01..02";
    case PeriodType::kQuarter: return y + "-Q" + std::to_string(index_);
    case PeriodType::kYear: return y;
    case PeriodType::kYearToDate: return y + "-YTD" + Pad2(index_);
  }
  return y;
}

std::string Period::Label(bool chinese) const {
  const std::string y = std::to_string(year_);
  const std::string n = std::to_string(index_);
  if (chinese) {
    switch (type_) {
      case PeriodType::kDay: return y + "年" + std::to_string(static_cast<unsigned>(Start().month())) +
                                    "月" + std::to_string(static_cast<unsigned>(Start().day())) + "日";
      case PeriodType::kWeek: return y + "年第" + n + "周";
      case PeriodType::kMonth: return y + "年" + n + "月";
      case PeriodType::kJanFeb: return y + "年1–2月";
      case PeriodType::kQuarter: return y + "年第" + n + "季度";
      case PeriodType::kYear: return y + "年";
      case PeriodType::kYearToDate: return y + "年1–" + n + "月";
    }
  }
  switch (type_) {
    case PeriodType::kDay: return FormatDate(Start());
    case PeriodType::kWeek: return "Week " + n + " " + y;
    case PeriodType::kMonth: return std::string(kMonthsEn[index_ - 1]) + " " + y;
    case PeriodType::kJanFeb: return "Jan–Feb " + y;
    case PeriodType::kQuarter: return "Q" + n + " " + y;
    case PeriodType::kYear: return y;
    case PeriodType::kYearToDate: return std::string("Jan–") + kMonthsEn[index_ - 1] + " " + y;
  }
  return y;
}

Period Period::SameLastYear() const {
  switch (type_) {
    case PeriodType::kDay: {
      Date d = Start();
      Date earlier{d.year() - std::chrono::years{1}, d.month(), d.day()};
      if (!earlier.ok()) earlier = Date{earlier.year(), earlier.month(), std::chrono::day{28}};
      return Day(earlier);
    }
    case PeriodType::kWeek:
      return Period(type_, year_ - 1, std::min(index_, IsoWeeksInYear(year_ - 1)));
    default: return Period(type_, year_ - 1, index_);
  }
}

Period Period::Previous() const {
  switch (type_) {
    case PeriodType::kDay: return Day(AddDays(Start(), -1));
    case PeriodType::kWeek:
      return index_ > 1 ? Period(type_, year_, index_ - 1)
                        : Period(type_, year_ - 1, IsoWeeksInYear(year_ - 1));
    case PeriodType::kMonth:
      if (index_ == 3) return Period(PeriodType::kJanFeb, year_, 2);
      return index_ > 1 ? Period(type_, year_, index_ - 1) : Period(type_, year_ - 1, 12);
    case PeriodType::kJanFeb: return Period(PeriodType::kMonth, year_ - 1, 12);
    case PeriodType::kQuarter:
      return index_ > 1 ? Period(type_, year_, index_ - 1) : Period(type_, year_ - 1, 4);
    case PeriodType::kYear: return Period(type_, year_ - 1, 1);
    case PeriodType::kYearToDate:
      return index_ > 2 ? Period(type_, year_, index_ - 1) : Period(type_, year_ - 1, 12);
  }
  return *this;
}

}  // namespace wcp
