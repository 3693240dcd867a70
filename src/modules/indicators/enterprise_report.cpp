#include "modules/indicators/enterprise_report.hpp"

#include <algorithm>
#include <charconv>

#include <fmt/format.h>

#include "modules/indicators/model.hpp"
#include "modules/indicators/observation.hpp"

namespace wcp::indicators {
namespace {

// 万元 figures of one enterprise for one month: non-negative, at most 12
// digits before the point (a trillion yuan) and 4 after.
Result<std::string> SalesField(const Json& body, const std::string& key) {
  if (!body.contains(key)) return Status::Invalid("'" + key + "' is required", key).WithCode("required");
  WCP_ASSIGN_OR_RETURN(std::string text, DecimalField(body, key, key));
  const size_t point = text.find('.');
  const size_t whole = point == std::string::npos ? text.size() : point;
  const size_t fraction = point == std::string::npos ? 0 : text.size() - point - 1;
  if (text.front() == '-' || whole > 12 || fraction > 4) {
    return Status::Invalid("'" + key + "' must be an amount in 10,000 yuan: 0 or more, at most 4 decimals", key)
        .WithCode("not-an-amount", {{"value", text}});
  }
  return text;
}

}  // namespace

Result<EnterpriseReport> ParseEnterpriseReport(const Json& body, const Date& today) {
  if (!body.is_object()) return Status::Invalid("the report must be a JSON object", "body");
  WCP_RETURN_IF_ERROR(RejectUnknownFields(body, {"period", "sales", "sales_last_year"}));
  EnterpriseReport r;
  WCP_ASSIGN_OR_RETURN(std::string period_text, RequireString(body, "period"));
  auto period = Period::Parse(period_text, PeriodType::kMonth);
  if (!period.ok() || period->type() != PeriodType::kMonth) {
    return Status::Invalid("'period' must be a month, YYYY-MM", "period")
        .WithCode("invalid-period", {{"value", period_text}});
  }
  if (!(period->End() < today)) {
    return Status::Invalid("month " + period->ToString() + " has not ended yet", "period")
        .WithCode("month-not-ended", {{"value", period->ToString()}});
  }
  r.period = period->ToString();
  WCP_ASSIGN_OR_RETURN(r.sales, SalesField(body, "sales"));
  WCP_ASSIGN_OR_RETURN(r.sales_last_year, SalesField(body, "sales_last_year"));
  return r;
}

Json EnterpriseReportJson(const EnterpriseReport& r, bool bureau) {
  const auto opt = [](const std::optional<std::string>& v) { return v ? Json(*v) : Json(nullptr); };
  Json j = {{"id", r.id},
            {"enterprise_id", r.enterprise_id},
            {"period", r.period},
            {"sales", r.sales},
            {"sales_last_year", r.sales_last_year},
            {"state", r.state},
            {"submitted_at", r.submitted_at},
            {"decided_at", opt(r.decided_at)},
            {"reason", opt(r.reason)}};
  if (bureau) {
    j["submitted_by"] = r.submitted_by;
    j["decided_by"] = opt(r.decided_by);
  }
  return j;
}

Result<std::vector<ReportingRule>> ParseReportingRules(const CsvTable& table) {
  WCP_RETURN_IF_ERROR(table.RequireColumns({"form", "effective_from", "due_working_days", "source"}, {"is_demo"}));
  std::vector<ReportingRule> out;
  for (const auto& row : table.rows()) {
    const std::string at = table.source() + ": line " + std::to_string(row.line);
    ReportingRule rule;
    rule.form = table.Get(row, "form");
    if (rule.form != kMonthlyForm) return Status::Invalid(at + ": unknown form '" + rule.form + "'", "form");
    auto from = ParseDate(table.Get(row, "effective_from"));
    if (!from.ok()) return Status::Invalid(at + ": effective_from must be YYYY-MM-DD", "effective_from");
    rule.effective_from = FormatDate(*from);
    const std::string& days = table.Get(row, "due_working_days");
    const auto [end, ec] = std::from_chars(days.data(), days.data() + days.size(), rule.due_working_days);
    if (ec != std::errc() || end != days.data() + days.size() || rule.due_working_days < 1 ||
        rule.due_working_days > 60) {
      return Status::Invalid(at + ": due_working_days must be 1–60", "due_working_days");
    }
    rule.source = table.Get(row, "source");
    if (rule.source.empty()) return Status::Invalid(at + ": a rule needs its source document", "source");
    const std::string& demo = table.Get(row, "is_demo");
    rule.is_demo = demo == "1" || demo == "true";
    out.push_back(std::move(rule));
  }
  return out;
}

std::string ReportingRulesToCsv(const std::vector<ReportingRule>& rules) {
  std::string csv = "form,effective_from,due_working_days,source,is_demo\n";
  for (const auto& r : rules) {
    csv += CsvEscape(r.form) + "," + r.effective_from + "," + std::to_string(r.due_working_days) + "," +
           CsvEscape(r.source) + "," + (r.is_demo ? "1" : "0") + "\n";
  }
  return csv;
}

std::optional<ReportingRule> RuleInForce(const std::vector<ReportingRule>& rules, const std::string& form,
                                         const Date& day) {
  std::optional<ReportingRule> found;
  const std::string text = FormatDate(day);
  for (const auto& r : rules) {
    if (r.form != form || r.effective_from > text) continue;
    if (!found || r.effective_from > found->effective_from) found = r;
  }
  return found;
}

Status CheckDuty(const std::vector<ReportingRule>& rules, const std::string& period) {
  WCP_ASSIGN_OR_RETURN(Period month, Period::Parse(period, PeriodType::kMonth));
  if (!RuleInForce(rules, kMonthlyForm, month.End())) {
    return Status::Invalid("no reporting rule was in force for " + period + ": nothing is due for it", "period")
        .WithCode("no-duty", {{"period", period}});
  }
  return Status::Ok();
}

std::string FirstTaskMonth(const Date& today, int months) {
  int year = static_cast<int>(today.year()), month = static_cast<int>(static_cast<unsigned>(today.month())) - months;
  while (month < 1) {
    month += 12;
    --year;
  }
  return fmt::format("{}-{:02d}", year, month);
}

Result<Date> DueDate(const std::string& period, const ReportingRule& rule, const WorkingCalendar& calendar) {
  WCP_ASSIGN_OR_RETURN(Period month, Period::Parse(period, PeriodType::kMonth));
  return calendar.AddWorkingDays(month.End(), rule.due_working_days);
}

std::vector<kit::Task> MonthlyTasks(const std::vector<ReportingRule>& rules, const std::vector<EnterpriseReport>& reports,
                                    const WorkingCalendar& calendar, const Date& today, int months) {
  std::vector<kit::Task> out;
  // Single months back from the latest that has ended (not Period::Previous,
  // which goes from March to the statistics' combined January–February).
  int year = static_cast<int>(today.year()), index = static_cast<int>(static_cast<unsigned>(today.month()));
  for (int n = 0; n < months; ++n) {
    if (--index == 0) {
      index = 12;
      --year;
    }
    auto month = Period::Month(year, index);
    if (!month.ok()) break;
    const Period& p = *month;
    const auto rule = RuleInForce(rules, kMonthlyForm, p.End());
    if (!rule) break;  // no duty before the first rule took effect
    kit::Task task{"indicators", kMonthlyForm, p.ToString(), "", "to_do", "/enterprise-report?period=" + p.ToString(), ""};
    const auto due = DueDate(p.ToString(), *rule, calendar);
    if (due.ok()) task.due = FormatDate(*due);
    const EnterpriseReport* latest = nullptr;  // reports are ordered by submission
    for (const auto& r : reports) {
      if (r.period == task.period) latest = &r;
    }
    if (latest) {
      task.state = latest->state;
      task.submission_id = latest->id;
    } else if (due.ok() && *due < today) {
      task.state = "overdue";
    }
    out.push_back(std::move(task));
  }
  return out;
}

}  // namespace wcp::indicators
