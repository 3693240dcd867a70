// modules/indicators/enterprise_report.hpp — the key enterprises' monthly
// report (重点企业月报): each reporting enterprise sends its month's sales and
// the same month of last year; the bureau reviews them.
//
// When a month's report is due is a rule the bureau sets by notice: data with
// an effective date and its source (ReportingRule), never a constant. The due
// date counts working days after the month ends on the State Council's
// calendar (make-up working weekends included).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/calendar.hpp"
#include "core/csv.hpp"
#include "core/date.hpp"
#include "core/json.hpp"
#include "core/status.hpp"
#include "kit/module.hpp"

namespace wcp::indicators {

inline constexpr const char* kMonthlyForm = "enterprise_monthly";

struct EnterpriseReport {
  std::string id;  // UUIDv7
  std::string enterprise_id;
  std::string period;           // the month reported, "2026-10"
  std::string sales;            // 销售额（营业额）, 万元, decimal text as entered
  std::string sales_last_year;  // the same month of last year, 万元
  std::string state = "submitted";  // submitted, approved, rejected
  std::string submitted_by;
  std::string submitted_at;
  std::optional<std::string> decided_by;
  std::optional<std::string> decided_at;
  std::optional<std::string> reason;  // a rejection's reason, shown to the enterprise
};

// From `effective_from` on, a month's report is due `due_working_days`
// working days after the month's last day.
struct ReportingRule {
  std::string form = kMonthlyForm;
  std::string effective_from;  // YYYY-MM-DD
  int due_working_days = 0;
  std::string source;  // the notice that sets it
  bool is_demo = false;
};

// Parses {period, sales, sales_last_year}; errors name the field. `today`
// bounds the period: only a month that has ended can be reported.
Result<EnterpriseReport> ParseEnterpriseReport(const Json& body, const Date& today);
// The enterprise's view leaves out who decided (staff names); the bureau's
// keeps everything.
Json EnterpriseReportJson(const EnterpriseReport& r, bool bureau);

// Rules from CSV (columns form, effective_from, due_working_days, source,
// is_demo); errors name the line.
Result<std::vector<ReportingRule>> ParseReportingRules(const CsvTable& table);
std::string ReportingRulesToCsv(const std::vector<ReportingRule>& rules);
// The rule in force for `form` on `day`: the latest effective_from ≤ day.
std::optional<ReportingRule> RuleInForce(const std::vector<ReportingRule>& rules, const std::string& form,
                                         const Date& day);

// kInvalid (code no-duty, field period) when no rule was in force when
// month `period` ended: there is nothing to report for it.
Status CheckDuty(const std::vector<ReportingRule>& rules, const std::string& period);
// The first of the `months` most recent ended months as of `today`
// ("2026-05" on 30 November 2026 for six): what the tasks look back to.
std::string FirstTaskMonth(const Date& today, int months = 6);

// The due date of month `period`'s report under `rule`; kInvalid when the
// calendar does not cover the days it needs.
Result<Date> DueDate(const std::string& period, const ReportingRule& rule, const WorkingCalendar& calendar);

// The enterprise's monthly tasks as of `today`: the `months` most recent
// ended months under a rule in force when each ended, with the state of the
// latest submission for each (`reports`: the enterprise's own).
std::vector<kit::Task> MonthlyTasks(const std::vector<ReportingRule>& rules, const std::vector<EnterpriseReport>& reports,
                                    const WorkingCalendar& calendar, const Date& today, int months = 6);

}  // namespace wcp::indicators
