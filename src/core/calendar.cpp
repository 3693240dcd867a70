#include "core/calendar.hpp"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace wcp {
namespace {

int Serial(const Date& d) {
  return static_cast<int>(std::chrono::sys_days{d}.time_since_epoch().count());
}

}  // namespace

Result<WorkingCalendar> WorkingCalendar::LoadDirectory(const std::filesystem::path& dir) {
  WorkingCalendar cal;
  std::error_code ec;
  std::filesystem::directory_iterator it(dir, ec);
  if (ec) return Status::Unavailable("cannot read calendar directory " + dir.string());
  for (const auto& entry : it) {
    const auto name = entry.path().filename().string();
    if (name.size() != 9 || name.substr(4) != ".json") continue;
    std::ifstream in(entry.path());
    std::stringstream ss;
    ss << in.rdbuf();
    WCP_RETURN_IF_ERROR(cal.AddYear(ss.str(), entry.path().string()));
  }
  if (cal.years_.empty()) return Status::Invalid("no calendar files (YYYY.json) in " + dir.string());
  return cal;
}

Status WorkingCalendar::AddYear(std::string_view json_text, std::string_view source) {
  const auto doc = nlohmann::json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  const std::string src(source);
  if (doc.is_discarded() || !doc.is_object()) return Status::Invalid(src + ": not valid JSON");
  if (!doc.contains("year") || !doc["year"].is_number_integer()) {
    return Status::Invalid(src + ": missing integer 'year'", "year");
  }
  const int year = doc["year"].get<int>();
  if (!doc.contains("days") || !doc["days"].is_array()) {
    return Status::Invalid(src + ": missing array 'days'", "days");
  }
  std::map<int, bool> parsed;
  for (size_t i = 0; i < doc["days"].size(); ++i) {
    const auto& day = doc["days"][i];
    const std::string where = "days[" + std::to_string(i) + "]";
    if (!day.is_object() || !day.contains("date") || !day["date"].is_string() ||
        !day.contains("isOffDay") || !day["isOffDay"].is_boolean()) {
      return Status::Invalid(src + ": " + where + " needs 'date' and 'isOffDay'", where);
    }
    auto date = ParseDate(day["date"].get<std::string>());
    if (!date.ok()) return date.status().WithContext(src + ": " + where);
    // A notice may list days of the next year's first week (e.g. 2024's file
    // holds no 2025 days, but others do); accept them, they are authoritative.
    parsed[Serial(*date)] = !day["isOffDay"].get<bool>();
  }
  for (const auto& [serial, working] : parsed) overrides_[serial] = working;
  years_.insert(year);
  return Status::Ok();
}

Result<bool> WorkingCalendar::IsWorkingDay(const Date& d) const {
  const int y = static_cast<int>(d.year());
  if (!CoversYear(y)) {
    return Status::Invalid("no holiday notice loaded for " + std::to_string(y) +
                               "; add data/calendar/" + std::to_string(y) + ".json",
                           "date");
  }
  if (auto it = overrides_.find(Serial(d)); it != overrides_.end()) return it->second;
  return IsoWeekday(d) <= 5;
}

Result<Date> WorkingCalendar::AddWorkingDays(const Date& from, int n) const {
  const int step = n >= 0 ? 1 : -1;
  Date d = from;
  for (int remaining = n >= 0 ? n : -n; remaining > 0;) {
    d = AddDays(d, step);
    WCP_ASSIGN_OR_RETURN(bool working, IsWorkingDay(d));
    if (working) --remaining;
  }
  return d;
}

Result<int> WorkingCalendar::WorkingDaysBetween(const Date& from, const Date& to) const {
  const int span = DaysBetween(from, to);
  const int step = span >= 0 ? 1 : -1;
  int count = 0;
  Date d = from;
  for (int i = 0; i != span; i += step) {
    // Forward: count (from, to]; backward: count (to, from] with a minus sign.
    const Date probe = step > 0 ? AddDays(d, 1) : d;
    WCP_ASSIGN_OR_RETURN(bool working, IsWorkingDay(probe));
    if (working) count += step;
    d = AddDays(d, step);
  }
  return count;
}

}  // namespace wcp
