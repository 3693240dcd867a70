#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "ledger/log_store.hpp"
#include "modules/indicators/indicator_store.hpp"
#include "store/testing/test_database.hpp"

namespace wcp::indicators {
namespace {

CsvTable PlanCsv() {
  const std::string path = std::string(WCP_SOURCE_DIR) + "/data/plan/indicators.csv";
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return *CsvTable::Parse(ss.str(), path);
}

TEST(IndicatorsCsvTest, ShippedPlanData) {
  auto list = ParseIndicatorsCsv(PlanCsv());
  ASSERT_TRUE(list.ok()) << list.status().ToString();
  EXPECT_EQ(list->size(), 17u);  // 13 table rows + 4 text-only targets
  EXPECT_EQ(std::count_if(list->begin(), list->end(), [](auto& i) { return i.source == "table"; }), 13);
  const Indicator& retail = (*list)[0];
  EXPECT_EQ(retail.code, "retail_sales");
  EXPECT_EQ(retail.base_value, "1126.4");
  EXPECT_EQ(retail.target_value, "1650");
  EXPECT_EQ(retail.stated_growth_op, GrowthClaim::kAbout);
  EXPECT_EQ(retail.frequency, Frequency::kMonthly);  // year-to-date releases
  EXPECT_EQ(std::count_if(list->begin(), list->end(), [](auto& i) { return i.frequency == Frequency::kMonthly; }), 2);
  // The 14th five-year plan: base 2020, targets 2025 → evaluated 2021–2025, mid-term 2023.
  auto period = PlanPeriodOf(*list);
  ASSERT_TRUE(period.ok());
  EXPECT_EQ(period->first_year, 2021);
  EXPECT_EQ(period->last_year, 2025);
  EXPECT_EQ(period->MidTermYear(), 2023);
  EXPECT_EQ(PlanPeriodOf({}).status().code(), ErrorCode::kNotFound);
  const auto exports = std::find_if(list->begin(), list->end(), [](auto& i) { return i.code == "goods_exports"; });
  EXPECT_EQ(exports->parent_code, "goods_trade");
  auto again = ParseIndicatorsCsv(*CsvTable::Parse(IndicatorsToCsv(*list), "again.csv"));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, *list);
}

TEST(IndicatorsCsvTest, RejectsBadRowsNamingLineAndColumn) {
  std::string text = IndicatorsToCsv(*ParseIndicatorsCsv(PlanCsv()));
  const auto bad = [&](const std::string& from, const std::string& to) {
    std::string t = text;
    t.replace(t.find(from), from.size(), to);
    auto table = CsvTable::Parse(t, "bad.csv");
    return table.ok() ? ParseIndicatorsCsv(*table).status() : table.status();
  };
  Status kind = bad(",flow,2020,1126.4,", ",flown,2020,1126.4,");
  EXPECT_EQ(kind.field(), "kind");
  EXPECT_NE(kind.message().find("bad.csv: line 2"), std::string::npos);
  EXPECT_EQ(bad("1126.4", "1126,4").field(), "line 2");  // an extra cell: ragged row
  EXPECT_EQ(bad("1126.4", "about 1126").field(), "base_value");
  EXPECT_EQ(bad(",goods_trade,", ",goods_trad,").field(), "parent_code");
  EXPECT_EQ(bad("code,parent_code", "kode,parent_code").field(), "code");
  EXPECT_EQ(bad(",table,monthly", ",table,daily").field(), "frequency");
  // A file without the (newer) frequency column still loads: annual.
  std::string old = text;
  for (size_t at = old.find(",frequency"); at != std::string::npos; at = std::string::npos) old.erase(at, 10);
  for (const char* f : {",monthly\n", ",annual\n"}) {
    for (size_t at; (at = old.find(f)) != std::string::npos;) old.replace(at, std::string(f).size(), "\n");
  }
  auto without = ParseIndicatorsCsv(*CsvTable::Parse(old, "old.csv"));
  ASSERT_TRUE(without.ok()) << without.status().ToString();
  EXPECT_EQ((*without)[0].frequency, Frequency::kAnnual);
}

TEST(IndicatorsCsvTest, DecimalTextIsWhatStatisticsTablesPrint) {
  for (const char* ok : {"0", "1126.4", "-0.5", "2149.23", "100"}) EXPECT_TRUE(IsDecimalText(ok)) << ok;
  for (const char* bad : {"", ".5", "5.", "-.5", "-", "1e3", "1,330", "1.2.3", "+5", " 5", "０"}) {
    EXPECT_FALSE(IsDecimalText(bad)) << bad;
  }
  EXPECT_DOUBLE_EQ(DecimalNumber("1126.4"), 1126.4);
  EXPECT_EQ(PeriodYear("2025-YTD10"), 2025);
}

TEST(IndicatorsCsvTest, NamesParseBackOrNameTheField) {
  EXPECT_EQ(*ParseFrequency("quarterly"), Frequency::kQuarterly);
  EXPECT_EQ(*ParseGrowthClaim("at_least"), GrowthClaim::kAtLeast);
  const Status unknown = ParseKind("flown").status();
  EXPECT_EQ(unknown.field(), "kind");
  EXPECT_EQ(unknown.message(), "'kind' must be one of flow, stock, ratio, got 'flown'");
}

// A migrated database (ledger and indicators) and its indicator store.
class IndicatorStoreTest : public ::testing::TestWithParam<store::Backend> {
 protected:
  void SetUp() override {
    store::MigrationSet set;
    ledger::AddMigrations(set);
    AddMigrations(set);
    auto t = store::testing::TestDatabase::CreateMigrated(GetParam(), set);
    ASSERT_TRUE(t.ok()) << t.status().ToString();
    test_ = std::move(t).value();
    store_ = OpenIndicatorStore(test_->db());
  }
  std::unique_ptr<store::testing::TestDatabase> test_;
  std::unique_ptr<IndicatorStore> store_;
};

TEST_P(IndicatorStoreTest, LoadsPlanIdempotentlyInPlanOrder) {
  auto& s = store_;
  auto plan = *ParseIndicatorsCsv(PlanCsv());
  ASSERT_TRUE(s->Upsert(plan).ok());
  ASSERT_TRUE(s->Upsert(plan).ok());
  auto listed = s->List();
  ASSERT_TRUE(listed.ok()) << listed.status().ToString();
  EXPECT_EQ(*listed, plan);
}

TEST_P(IndicatorStoreTest, AnalystProposalsNeedAnotherApprover) {
  auto& s = store_;
  ASSERT_TRUE(s->Upsert(*ParseIndicatorsCsv(PlanCsv())).ok());
  Indicator share;
  share.code = "export_share";
  share.name_zh = "出口占进出口比重";
  share.name_en = "Exports' share of trade";
  share.unit_zh = "%";
  share.kind = Kind::kRatio;
  share.source = "analyst";
  share.state = "proposed";
  share.proposed_by = "li";
  share.formula = "goods_exports / goods_trade * 100";
  ASSERT_TRUE(s->Propose(share).ok());
  EXPECT_EQ(s->Propose(share).code(), ErrorCode::kConflict);
  EXPECT_EQ(s->ApproveDefinition("export_share", "li").status().code(), ErrorCode::kForbidden);
  auto approved = s->ApproveDefinition("export_share", "wang");
  ASSERT_TRUE(approved.ok()) << approved.status().ToString();
  EXPECT_EQ(approved->state, "approved");
  EXPECT_EQ(s->ApproveDefinition("export_share", "zhao").status().code(), ErrorCode::kConflict);
  EXPECT_EQ(s->ApproveDefinition("retail_sales", "zhao").status().code(), ErrorCode::kConflict);  // the plan's: approved
  auto all = s->List();
  ASSERT_EQ(all->size(), 18u);
  EXPECT_EQ(all->back().formula, "goods_exports / goods_trade * 100");
  EXPECT_EQ(all->back().approved_by, "wang");
  EXPECT_EQ(all->front().state, "approved");
}

// Coded columns hold only the codes this build knows (the decoder reads them
// strictly as well: ParseKind and friends above).
TEST_P(IndicatorStoreTest, TheSchemaRefusesUnknownCodes) {
  auto& s = store_;
  ASSERT_TRUE(s->Upsert(*ParseIndicatorsCsv(PlanCsv())).ok());
  for (const char* sql : {"UPDATE indicators SET frequency = 'daily' WHERE code = 'retail_sales'",
                          "UPDATE indicators SET kind = 'flown' WHERE code = 'retail_sales'",
                          "UPDATE indicators SET stated_growth_op = 'nearly' WHERE code = 'retail_sales'"}) {
    Status refused = test_->db().Write([&](store::Tx& tx) -> Status { return tx.Execute(sql).status(); });
    EXPECT_FALSE(refused.ok()) << sql;
  }
  EXPECT_EQ((*s->List())[0].frequency, Frequency::kMonthly);
}

WCP_INSTANTIATE_BACKEND_SUITE(IndicatorStoreTest);

}  // namespace
}  // namespace wcp::indicators
