// core/calendar.hpp — the mainland China working-day calendar.
//
// Holidays and make-up working weekends (调休) come from data files, one per
// year (data/calendar/YYYY.json, the State Council's annual notice in the
// holiday-cn format). A new year is added by dropping in its file; no code
// changes. Outside the loaded years the calendar refuses to guess: rules
// with legal deadlines must not silently ignore an unknown holiday.
//
// Thread-safety: immutable after loading; share freely across threads.
#pragma once

#include <filesystem>
#include <map>
#include <set>
#include <string_view>

#include "core/date.hpp"
#include "core/status.hpp"

namespace wcp {

class WorkingCalendar {
 public:
  // Loads every YYYY.json in `dir`. kInvalid names the file and the entry on bad data.
  static Result<WorkingCalendar> LoadDirectory(const std::filesystem::path& dir);
  // Adds one year's notice (holiday-cn JSON text). `source` names it in errors.
  Status AddYear(std::string_view json_text, std::string_view source);

  bool CoversYear(int year) const { return years_.count(year) > 0; }
  const std::set<int>& years() const { return years_; }

  // kInvalid (field "date") when the date's year has no loaded notice.
  Result<bool> IsWorkingDay(const Date& d) const;
  // The date `n` working days after `from` (n > 0) or before it (n < 0);
  // `from` itself is not counted. n = 0 returns `from`.
  Result<Date> AddWorkingDays(const Date& from, int n) const;
  // Working days d with from < d <= to (negative when to < from).
  Result<int> WorkingDaysBetween(const Date& from, const Date& to) const;

 private:
  std::set<int> years_;
  std::map<int, bool> overrides_;  // days since epoch -> is a working day
};

}  // namespace wcp
