// The enterprises' monthly report: its rules (due dates on the working-day
// calendar, tasks and their states, input checks) and its store on both
// backends. Expected dates are counted by hand on the State Council's 2026
// notice (data/calendar/2026.json): 国庆/中秋 1–7 October off, Saturday
// 10 October a make-up working day.
#include <gtest/gtest.h>

#include <fstream>
#include <thread>
#include <sstream>

#include "ledger/log_store.hpp"
#include "modules/indicators/enterprise_report_store.hpp"
#include "modules/indicators/indicator_store.hpp"
#include "store/testing/test_database.hpp"

namespace wcp::indicators {
namespace {

Date D(const char* text) { return *ParseDate(text); }

// The 2025 and 2026 notices only: what the calendar does not cover stays
// uncovered when later years' notices are added to data/calendar/.
const WorkingCalendar& Calendar() {
  static const WorkingCalendar calendar = [] {
    WorkingCalendar c;
    for (const char* year : {"2025", "2026"}) {
      const std::string file = std::string(WCP_SOURCE_DIR) + "/data/calendar/" + year + ".json";
      std::ifstream in(file);
      std::stringstream text;
      text << in.rdbuf();
      EXPECT_TRUE(c.AddYear(text.str(), file).ok()) << file;
    }
    return c;
  }();
  return calendar;
}

ReportingRule Rule(const char* from, int days) { return {kMonthlyForm, from, days, "test notice", false}; }

TEST(EnterpriseReportRulesTest, DueDatesCountWorkingDaysAfterTheMonthOnTheHolidayCalendar) {
  // 30 Sep (Wed) + 5 working days: 8 Oct (Thu), 9 (Fri), 10 (Sat, make-up), 12 (Mon), 13 (Tue).
  EXPECT_EQ(FormatDate(*DueDate("2026-09", Rule("2025-01-01", 5), Calendar())), "2026-10-13");
  // 31 Oct (Sat) + 5: 2, 3, 4, 5, 6 November.
  EXPECT_EQ(FormatDate(*DueDate("2026-10", Rule("2025-01-01", 5), Calendar())), "2026-11-06");
  // December 2026's report falls in 2027, which this calendar does not hold: no guess.
  EXPECT_FALSE(DueDate("2026-12", Rule("2025-01-01", 5), Calendar()).ok());
}

TEST(EnterpriseReportRulesTest, TheRuleInForceIsTheLatestEffectiveOne) {
  const std::vector<ReportingRule> rules = {Rule("2025-01-01", 5), Rule("2026-10-01", 3)};
  EXPECT_EQ(RuleInForce(rules, kMonthlyForm, D("2026-09-30"))->due_working_days, 5);
  EXPECT_EQ(RuleInForce(rules, kMonthlyForm, D("2026-10-31"))->due_working_days, 3);
  EXPECT_FALSE(RuleInForce(rules, kMonthlyForm, D("2024-12-31")).has_value());
  // 31 Oct (Sat) + 3: 2, 3, 4 November.
  EXPECT_EQ(FormatDate(*DueDate("2026-10", *RuleInForce(rules, kMonthlyForm, D("2026-10-31")), Calendar())),
            "2026-11-04");
}

TEST(EnterpriseReportRulesTest, TasksShowEachEndedMonthWithItsState) {
  const std::vector<ReportingRule> rules = {Rule("2026-08-01", 5)};
  EnterpriseReport sep, aug;
  sep.id = "r-sep";
  sep.period = "2026-09";
  sep.state = "approved";
  aug.id = "r-aug";
  aug.period = "2026-08";
  aug.state = "rejected";
  const auto tasks = MonthlyTasks(rules, {aug, sep}, Calendar(), D("2026-11-30"));
  ASSERT_EQ(tasks.size(), 3u);  // October, September, August; July is before the rule
  EXPECT_EQ(tasks[0].period, "2026-10");
  EXPECT_EQ(tasks[0].due, "2026-11-06");
  EXPECT_EQ(tasks[0].state, "overdue");
  EXPECT_EQ(tasks[0].link, "/enterprise-report?period=2026-10");
  EXPECT_EQ(tasks[1].state, "approved");
  EXPECT_EQ(tasks[1].submission_id, "r-sep");
  EXPECT_EQ(tasks[2].period, "2026-08");
  EXPECT_EQ(tasks[2].due, "2026-09-07");  // 31 Aug (Mon) + 5: 1–4 Sep, 7 Sep
  EXPECT_EQ(tasks[2].state, "rejected");
  // Before the due date nothing is overdue yet: October as of 6 November.
  EXPECT_EQ(MonthlyTasks(rules, {}, Calendar(), D("2026-11-06"))[0].state, "to_do");
  // January's predecessor is December of last year, not a combined release.
  const auto january = MonthlyTasks({Rule("2025-01-01", 5)}, {}, Calendar(), D("2026-02-15"), 2);
  EXPECT_EQ(january[0].period, "2026-01");
  EXPECT_EQ(january[1].period, "2025-12");
}

TEST(EnterpriseReportParseTest, ChecksTheMonthAndTheAmounts) {
  const Date today = D("2026-11-30");
  const auto code = [&](const char* body) {
    return ParseEnterpriseReport(Json::parse(body), today).status().message_code();
  };
  auto ok = ParseEnterpriseReport(Json::parse(R"({"period":"2026-10","sales":"1234.5","sales_last_year":1100})"), today);
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->sales, "1234.5");
  EXPECT_EQ(ok->sales_last_year, "1100");
  EXPECT_EQ(code(R"({"period":"2026-11","sales":1,"sales_last_year":1})"), "month-not-ended");
  EXPECT_EQ(code(R"({"period":"2026-13","sales":1,"sales_last_year":1})"), "invalid-period");
  EXPECT_EQ(code(R"({"period":"2026-10","sales":"-1","sales_last_year":1})"), "not-an-amount");
  EXPECT_EQ(code(R"({"period":"2026-10","sales":"1.23456","sales_last_year":1})"), "not-an-amount");
  EXPECT_EQ(code(R"({"period":"2026-10","sales":"12万","sales_last_year":1})"), "not-a-decimal");
  EXPECT_EQ(code(R"({"period":"2026-10","sales_last_year":1})"), "required");
  EXPECT_EQ(ParseEnterpriseReport(Json::parse(R"({"period":"2026-10","sales":1,"sales_last_year":1,"x":1})"), today)
                .status()
                .field(),
            "x");
}

class EnterpriseReportStoreTest : public ::testing::TestWithParam<store::Backend> {
 protected:
  void SetUp() override {
    store::MigrationSet set;
    ledger::AddMigrations(set);
    AddMigrations(set);
    auto t = store::testing::TestDatabase::CreateMigrated(GetParam(), set);
    ASSERT_TRUE(t.ok()) << t.status().ToString();
    test_ = std::move(t).value();
    reports_ = OpenEnterpriseReportStore(test_->db());
  }
  EnterpriseReport Make(const std::string& enterprise, const std::string& period) {
    EnterpriseReport r;
    r.enterprise_id = enterprise;
    r.period = period;
    r.sales = "100.5";
    r.sales_last_year = "90";
    r.submitted_by = "clerk-" + enterprise;
    return r;
  }
  std::unique_ptr<store::testing::TestDatabase> test_;
  std::unique_ptr<EnterpriseReportStore> reports_;
};

TEST_P(EnterpriseReportStoreTest, OneLiveReportPerMonthAndARejectedOneMaySendAgain) {
  EnterpriseReport first = Make("ent-a", "2026-10");
  ASSERT_TRUE(reports_->Submit(first).ok());
  EnterpriseReport again = Make("ent-a", "2026-10");
  const Status dup = reports_->Submit(again);
  EXPECT_EQ(dup.code(), ErrorCode::kConflict);
  EXPECT_EQ(dup.message_code(), "report-exists");
  EnterpriseReport other = Make("ent-b", "2026-10");
  EXPECT_TRUE(reports_->Submit(other).ok());  // another enterprise, the same month
  auto rejected = reports_->Decide(first.id, "analyst", false, "figures in yuan, not 10,000 yuan");
  ASSERT_TRUE(rejected.ok()) << rejected.status().ToString();
  EXPECT_EQ(rejected->state, "rejected");
  EXPECT_EQ(reports_->Decide(first.id, "analyst", true, {}).status().code(), ErrorCode::kConflict);
  EXPECT_TRUE(reports_->Submit(again).ok());  // sent again after the rejection
}

TEST_P(EnterpriseReportStoreTest, ConcurrentReportsForOneMonthStoreExactlyOne) {
  constexpr int kWriters = 8;
  std::vector<std::thread> threads;
  std::vector<Status> results(kWriters);
  for (int i = 0; i < kWriters; ++i) {
    threads.emplace_back([&, i] {
      EnterpriseReport r = Make("ent-a", "2026-10");
      results[static_cast<size_t>(i)] = reports_->Submit(r);
    });
  }
  for (auto& t : threads) t.join();
  int stored = 0;
  for (const auto& s : results) {
    if (s.ok()) {
      ++stored;
    } else {
      EXPECT_EQ(s.message_code(), "report-exists") << s.ToString();  // never a generic conflict or an error
    }
  }
  EXPECT_EQ(stored, 1);
  EnterpriseReportFilter own;
  own.enterprise_id = "ent-a";
  EXPECT_EQ(reports_->List(own)->size(), 1u);
}

TEST_P(EnterpriseReportStoreTest, AnEnterpriseListsOnlyItsOwnReports) {
  EnterpriseReport a = Make("ent-a", "2026-09"), b = Make("ent-b", "2026-09"), a2 = Make("ent-a", "2026-10");
  ASSERT_TRUE(reports_->Submit(a).ok());
  ASSERT_TRUE(reports_->Submit(b).ok());
  ASSERT_TRUE(reports_->Submit(a2).ok());
  ASSERT_TRUE(reports_->Decide(a.id, "analyst", true, {}).ok());
  EnterpriseReportFilter own;
  own.enterprise_id = "ent-a";
  auto list = reports_->List(own);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].period, "2026-09");  // submission order
  EXPECT_EQ((*list)[0].state, "approved");
  EXPECT_EQ((*list)[1].period, "2026-10");
  EnterpriseReportFilter inbox;
  inbox.state = "submitted";
  EXPECT_EQ(reports_->List(inbox)->size(), 2u);  // b and a2, every enterprise
  EXPECT_EQ(reports_->Decide("nope", "analyst", true, {}).status().code(), ErrorCode::kNotFound);
}

TEST_P(EnterpriseReportStoreTest, RulesAreReplacedByFormAndDate) {
  ASSERT_TRUE(reports_->UpsertRules({Rule("2025-01-01", 5), Rule("2026-10-01", 3)}).ok());
  ASSERT_TRUE(reports_->UpsertRules({Rule("2026-10-01", 4)}).ok());
  auto rules = reports_->Rules();
  ASSERT_TRUE(rules.ok());
  ASSERT_EQ(rules->size(), 2u);
  EXPECT_EQ((*rules)[1].due_working_days, 4);
  EXPECT_EQ((*rules)[1].source, "test notice");
}

WCP_INSTANTIATE_BACKEND_SUITE(EnterpriseReportStoreTest);

}  // namespace
}  // namespace wcp::indicators
