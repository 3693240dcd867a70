// The indicators module's demo data: seeded annual and monthly year-to-date
// observations, submitted by one demo analyst and approved (so ledgered) by
// another. Figures are marked as demo in their source.
#include "modules/indicators/demo.hpp"

#include <fmt/format.h>

#include <cmath>
#include <map>

#include "modules/indicators/observation.hpp"

namespace wcp::indicators {

// Annual observations over the plan period for every indicator with a base: each
// indicator gets a seeded pace (0.45–1.35 × the growth its target needs), so
// some are on track and some lag. Submitted by one demo analyst, approved
// (and thereby ledgered) by another.
Result<int> LoadDemoObservations(IndicatorStore& indicators, ObservationService& service,
                                 ObservationStore& observations, kit::DemoContext& demo) {
  std::mt19937_64& rng = demo.rng;
  WCP_ASSIGN_OR_RETURN(auto list, indicators.List());
  WCP_ASSIGN_OR_RETURN(PlanPeriod plan, PlanPeriodOf(list));
  std::uniform_real_distribution<double> pace(0.45, 1.35), noise(-0.015, 0.015);
  int added = 0;
  for (const auto& ind : list) {
    if (!ind.base_value || !ind.base_year) continue;
    WCP_ASSIGN_OR_RETURN(auto existing, observations.List(ind.code));
    if (!existing.empty()) continue;  // idempotent
    const double base = DecimalNumber(*ind.base_value);
    const double target = ind.target_value ? DecimalNumber(*ind.target_value) : base * 1.5;
    const int years = ind.target_year ? *ind.target_year - *ind.base_year : 5;
    const double required = std::pow(target / base, 1.0 / years) - 1.0;
    const double factor = pace(rng);
    double level = base;
    std::vector<Observation> batch;
    for (int year = *ind.base_year + 1; year <= plan.last_year; ++year) {
      const double growth = required * factor + noise(rng);
      level *= 1.0 + growth;
      Json j = {{"period", std::to_string(year)}, {"period_type", "year"},
                {"level", ind.kind == Kind::kStock ? fmt::format("{:.0f}", level) : fmt::format("{:.2f}", level)},
                {"yoy_growth", fmt::format("{:.3f}", growth)}, {"source", "区统计局（演示）"}, {"release", "年报"}};
      WCP_ASSIGN_OR_RETURN(Observation o, ParseObservation(j, ind.code));
      o.submitted_by = demo.analyst;
      batch.push_back(std::move(o));
    }
    // Year-to-date releases for the monthly indicators, consistent with the
    // annual totals above: the plan's second-last year complete, its last
    // through 1–10月 (as the bureau saw it in November, when the
    // rest-of-year need matters).
    if (ind.frequency == Frequency::kMonthly) {
      std::map<int, double> annual;
      for (const auto& o : batch) annual[PeriodYear(o.period)] = DecimalNumber(o.level);
      for (int year : {plan.last_year - 1, plan.last_year}) {
        for (int month = 2; month <= (year == plan.last_year ? 10 : 12); ++month) {
          // Cumulative share of the year: a little below month/12 early on (Spring Festival lull).
          const double share = month == 12 ? 1.0 : month / 12.0 * (0.96 + 0.003 * month);
          const double ytd = annual[year] * share, ytd_last = annual[year - 1] * share;
          Json j = {{"period", fmt::format("{}-{:02d}", year, month)}, {"period_type", "ytd"},
                    {"level", fmt::format("{:.2f}", ytd)}, {"yoy_growth", fmt::format("{:.3f}", ytd / ytd_last - 1)},
                    {"source", "区统计局（演示）"}, {"release", "月报"}};
          WCP_ASSIGN_OR_RETURN(Observation o, ParseObservation(j, ind.code));
          o.submitted_by = demo.analyst;
          batch.push_back(std::move(o));
        }
      }
      // In November the last year's annual total is not published yet.
      std::erase_if(batch, [&](const Observation& o) {
        return o.period_type == "year" && PeriodYear(o.period) == plan.last_year;
      });
    }
    WCP_ASSIGN_OR_RETURN(auto submitted, service.Submit(std::move(batch), demo.analyst, false));
    for (const auto& o : submitted.observations) {
      WCP_RETURN_IF_ERROR(observations.Approve(o.id, demo.approver).status());
      ++added;
    }
  }
  return added;
}

Result<int> LoadDemoEnterpriseReports(EnterpriseReportStore& reports, kit::DemoContext& demo, const Date& today) {
  WCP_ASSIGN_OR_RETURN(auto rules, reports.Rules());
  if (rules.empty()) {
    WCP_RETURN_IF_ERROR(reports.UpsertRules({{kMonthlyForm, "2025-01-01", 5,
                                             "演示规则（示例，非正式文件）：报送期限以区商务局通知为准", true}}));
    WCP_ASSIGN_OR_RETURN(rules, reports.Rules());
  }
  std::uniform_int_distribution<int64_t> tenths(8000, 50000);  // 800.0–5,000.0 万元
  std::uniform_int_distribution<int> growth_permille(-50, 120);
  int added = 0, n = 0;
  for (const auto& e : demo.enterprises) {
    ++n;
    EnterpriseReportFilter own;
    own.enterprise_id = e.id;
    WCP_ASSIGN_OR_RETURN(auto existing, reports.List(own));
    if (!existing.empty()) continue;  // idempotent
    int year = static_cast<int>(today.year()), month = static_cast<int>(static_cast<unsigned>(today.month()));
    std::vector<std::string> months;  // the six ended months the home's tasks show, oldest first
    for (int k = 0; k < 6; ++k) {
      if (--month == 0) {
        month = 12;
        --year;
      }
      months.insert(months.begin(), fmt::format("{}-{:02d}", year, month));
    }
    if (n % 3 == 0) months.pop_back();  // the latest month not reported yet: overdue
    for (size_t k = 0; k < months.size(); ++k) {
      // Exact decimal text from integers: sales and last year's, in tenths of 10,000 yuan.
      const int64_t sales = tenths(demo.rng);
      const int64_t last = sales * 1000 / (1000 + growth_permille(demo.rng));
      const Json body = {{"period", months[k]},
                         {"sales", fmt::format("{}.{}", sales / 10, sales % 10)},
                         {"sales_last_year", fmt::format("{}.{}", last / 10, last % 10)}};
      WCP_ASSIGN_OR_RETURN(EnterpriseReport r, ParseEnterpriseReport(body, today));
      WCP_RETURN_IF_ERROR(CheckDuty(rules, r.period));
      r.enterprise_id = e.id;
      r.submitted_by = e.username;
      WCP_RETURN_IF_ERROR(reports.Submit(r));
      ++added;
      if (k + 1 < months.size()) WCP_RETURN_IF_ERROR(reports.Decide(r.id, demo.approver, true, {}).status());
    }
  }
  return added;
}

}  // namespace wcp::indicators
