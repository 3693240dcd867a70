// Expected values are hand calculations (formulas in the comments) and the
// research note's worked example (docs/modules/indicators.md §worked example).
#include "modules/indicators/evaluation.hpp"
#include "modules/indicators/messages.hpp"
#include "modules/indicators/report.hpp"
#include "core/xlsx.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

namespace wcp::indicators {
namespace {

std::vector<Indicator> Plan() {
  const std::string path = std::string(WCP_SOURCE_DIR) + "/data/plan/indicators.csv";
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return *ParseIndicatorsCsv(*CsvTable::Parse(ss.str(), path));
}

const Indicator& Find(const std::vector<Indicator>& all, const std::string& code) {
  return *std::find_if(all.begin(), all.end(), [&](const Indicator& i) { return i.code == code; });
}

TEST(EvaluationTest, RequiredCagrOfEveryTableRow) {
  // (target/base)^(1/5) − 1, base year 2020, target year 2025.
  const std::map<std::string, double> expected = {
      {"retail_sales", 0.07934},        // (1650/1126.4)^0.2
      {"wholesale_above_size", 0.09993},  // (3760/2335.4)^0.2
      {"retail_above_size", 0.08036},   // (224/152.2)^0.2
      {"catering_above_size", 0.09444},  // (19/12.1)^0.2
      {"goods_trade", 0.08286},         // (3200/2149.23)^0.2
      {"goods_exports", 0.08950},       // (1400/911.99)^0.2
      {"goods_imports", 0.07786},       // (1800/1237.24)^0.2
      {"services_trade", 0.08125},      // (30/20.3)^0.2
      {"services_exports", 0.07726},    // (28/19.3)^0.2
      {"services_imports", 0.14870},    // (2/1)^0.2
      {"fortune500_projects", 0.13397},  // (30/16)^0.2
      {"fdi_utilized", 0.06192},        // (18.5/13.7)^0.2
      {"outbound_investment", 1.05520},  // (11/0.3)^0.2
  };
  const auto plan = Plan();
  int table_rows = 0;
  for (const auto& ind : plan) {
    if (ind.source != "table") continue;
    ++table_rows;
    const Evaluation e = Evaluate(ind, {});
    ASSERT_TRUE(e.required_cagr.has_value()) << ind.code;
    EXPECT_NEAR(*e.required_cagr, expected.at(ind.code), 5e-5) << ind.code;
  }
  EXPECT_EQ(table_rows, 13);
}

TEST(EvaluationTest, ResearchNoteWorkedExample) {
  // Retail sales 1126.4 (2020) → 1650 (2025); published 2023 level 1330.
  const Evaluation e = Evaluate(Find(Plan(), "retail_sales"), {{2023, 1330, std::nullopt}});
  EXPECT_NEAR(*e.actual_cagr, 0.0569, 5e-4);                 // (1330/1126.4)^(1/3) − 1
  EXPECT_NEAR(*e.ratio, 0.72, 5e-3);                         // 0.0569 / 0.0793
  EXPECT_NEAR(*e.required_growth_remaining, 0.114, 5e-4);    // (1650/1330)^(1/2) − 1
  EXPECT_NEAR(*e.projection, 1485.8, 0.1);                   // 1330 · 1.0569^2
  EXPECT_NEAR(*e.log_progress, 0.435, 5e-4);                 // ln(1330/1126.4) / ln(1650/1126.4) = 0.1662/0.3818
  EXPECT_NEAR(*e.anticipated_progress, 0.69, 5e-3);          // (1485.8 − 1126.4) / (1650 − 1126.4)
  EXPECT_NEAR(*e.milestone, 1416.3, 0.1);                    // 1126.4 · 1.0793^3
  EXPECT_EQ(e.status, "acceleration_needed");                // 60 % ≤ R < 95 %
  EXPECT_EQ(e.review, "behind");                               // CR < 1 − τ
  const Indicator retail = Find(Plan(), "retail_sales");
  EXPECT_EQ(SummaryText(e, retail, true),
            "2023年社会消费品零售额1330亿元，年均增长5.7%，低于规划要求的7.9%，2024–2025年需年均增长11.4%方能实现目标");
  EXPECT_NE(SummaryText(e, retail, false).find("needs 11.4% a year"), std::string::npos);
  ASSERT_EQ(e.summary.size(), 3u);
  EXPECT_EQ(e.summary[2].type, "needs_remaining");
  EXPECT_EQ(e.summary[2].params["from"], 2024);
  EXPECT_EQ(e.summary[2].params["to"], 2025);
  EXPECT_NEAR(e.summary[2].params["required"].get<double>(), 0.114, 5e-4);  // (1650/1330)^(1/2) − 1
  EXPECT_EQ(ReviewText(e.review, true), "滞后预期");
}

TEST(EvaluationTest, ExactlyOnTheCompoundPathIsOnTrackNotLagging) {
  // On-target levels 1215.8, 1312.2, 1416.3 (research note §2.7): linear progress would say
  // 35.5 % after 40 % of the time; log progress is exactly the time share.
  const Evaluation e = Evaluate(Find(Plan(), "retail_sales"),
                                {{2021, 1126.4 * std::pow(1650 / 1126.4, 0.2), std::nullopt},
                                 {2022, 1126.4 * std::pow(1650 / 1126.4, 0.4), std::nullopt}});
  EXPECT_NEAR(*e.log_progress, 0.40, 1e-9);
  EXPECT_NEAR(*e.time_share, 0.40, 1e-12);
  EXPECT_NEAR(*e.ratio, 1.0, 1e-9);
  EXPECT_EQ(e.status, "on_track");
  EXPECT_EQ(e.review, "as_expected");
}

// Builds a series whose actual CAGR is exactly `r_ratio` times the required one.
Evaluation AtRatio(double r_ratio) {
  Indicator ind = Find(Plan(), "retail_sales");
  const double req = std::pow(1650 / 1126.4, 0.2) - 1;
  return Evaluate(ind, {{2022, 1126.4 * std::pow(1 + r_ratio * req, 2), std::nullopt}});
}

TEST(EvaluationTest, ClassificationBoundaries) {
  EXPECT_EQ(AtRatio(0.951).status, "on_track");
  EXPECT_EQ(AtRatio(0.949).status, "acceleration_needed");
  EXPECT_EQ(AtRatio(0.601).status, "acceleration_needed");
  EXPECT_EQ(AtRatio(0.599).status, "limited_progress");
  EXPECT_EQ(AtRatio(0.001).status, "limited_progress");
  EXPECT_EQ(AtRatio(-0.5).status, "deterioration");
  EXPECT_EQ(AtRatio(1.101).review, "faster");
  EXPECT_EQ(AtRatio(1.099).review, "as_expected");
  EXPECT_EQ(AtRatio(0.901).review, "as_expected");
  EXPECT_EQ(AtRatio(0.899).review, "behind");
  const Evaluation met = Evaluate(Find(Plan(), "retail_sales"), {{2024, 1650, std::nullopt}});
  EXPECT_EQ(met.status, "target_met");
  EXPECT_EQ(met.review, "target_met");
}

TEST(EvaluationTest, EdgeCases) {
  const auto plan = Plan();
  EXPECT_EQ(Evaluate(Find(plan, "retail_sales"), {}).status, "no_data");
  EXPECT_EQ(Evaluate(Find(plan, "trading_enterprises"), {{2023, 4000, std::nullopt}}).status, "no_base");
  EXPECT_EQ(Evaluate(Find(plan, "crossborder_ecommerce"), {{2023, 60, std::nullopt}}).status, "no_target");
  Indicator zero = Find(plan, "retail_sales");
  zero.base_value = "0";
  EXPECT_EQ(Evaluate(zero, {{2023, 10, std::nullopt}}).status, "not_assessable");
  Indicator flat = Find(plan, "retail_sales");
  flat.target_value = "1126.4";
  const Evaluation f = Evaluate(flat, {{2023, 1100, std::nullopt}});
  EXPECT_EQ(f.status, "limited_progress");
  EXPECT_FALSE(f.ratio.has_value());  // no exploding ratio when target = base
  // A band needs at least three growth observations.
  const Evaluation two = Evaluate(Find(plan, "retail_sales"), {{2021, 1200, 0.065}, {2022, 1250, 0.04}});
  EXPECT_FALSE(two.projection_low.has_value());
  const Evaluation three =
      Evaluate(Find(plan, "retail_sales"), {{2021, 1200, 0.065}, {2022, 1250, 0.04}, {2023, 1330, 0.064}});
  ASSERT_TRUE(three.projection_low.has_value());
  EXPECT_LT(*three.projection_low, *three.projection);
  EXPECT_GT(*three.projection_high, *three.projection);
}

TEST(EvaluationTest, PlanInconsistenciesAreFlaggedFromTheShippedData) {
  const auto plan = Plan();
  std::map<std::string, std::vector<std::string>> flagged;
  for (const auto& ind : plan) {
    for (const auto& f : DefinitionChecks(ind)) flagged[ind.code].push_back(f.type);
  }
  // "超过9%" for exports, but (1400/911.99)^0.2 − 1 = 8.95 % < 9 %.
  EXPECT_EQ(flagged["goods_exports"], std::vector<std::string>{"stated_growth_inconsistent"});
  // Outbound investment: table target 11, text target 5 (亿美元).
  EXPECT_EQ(flagged["outbound_investment"], std::vector<std::string>{"text_table_mismatch"});
  EXPECT_EQ(flagged.size(), 2u);
  // Children add up in the plan (911.99 + 1237.24 = 2149.23; 1400 + 1800 = 3200; 19.3 + 1 = 20.3; 28 + 2 = 30).
  EXPECT_TRUE(CrossChecks(plan).empty());
  auto broken = plan;
  for (auto& i : broken) {
    if (i.code == "goods_exports") i.target_value = "1500";
  }
  const auto cross = CrossChecks(broken);
  ASSERT_EQ(cross.size(), 1u);
  EXPECT_EQ(cross[0].first, "goods_trade");
  EXPECT_EQ(cross[0].second.type, "children_sum_mismatch");
  // 1500 + 1800 = 3300 against the plan's 3200, on the target.
  EXPECT_EQ(cross[0].second.params["part"], "target");
  EXPECT_DOUBLE_EQ(cross[0].second.params["sum"].get<double>(), 3300);
  EXPECT_DOUBLE_EQ(cross[0].second.params["total"].get<double>(), 3200);
  EXPECT_EQ(MessageText(cross[0].second, Find(plan, "goods_trade"), true), "目标值：分项之和3300与总额3200不一致");
}

TEST(EvaluationTest, EntryWarnings) {
  const Indicator retail = Find(Plan(), "retail_sales");
  const std::vector<double> history = {0.065, 0.04, 0.064, 0.05};
  // median of {0.065, 0.04, 0.064, 0.05, 0.30} is 0.064; |deviations| 0.001, 0.024, 0, 0.014, 0.236 → MAD 0.014;
  // z = 0.6745 · 0.236 / 0.014 = 11.4 > 3.5.
  auto w = EntryWarnings(retail, 1500, 0.30, history);
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].type, "outlier");
  EXPECT_NEAR(w[0].params["z"].get<double>(), 11.37, 0.01);  // 0.6745 · 0.236 / 0.014
  EXPECT_EQ(MessageText(w[0], retail, false),
            "YoY growth 30.0% departs from the history (modified z = 11.4); please check");
  EXPECT_TRUE(EntryWarnings(retail, 1500, 0.055, history).empty());
  EXPECT_EQ(EntryWarnings(retail, -1, std::nullopt, history)[0].type, "range");
  EXPECT_EQ(EntryWarnings(Find(Plan(), "community_coverage"), 101, std::nullopt, {})[0].type, "range");
  EXPECT_TRUE(EntryWarnings(retail, 1500, 0.30, {0.05, 0.06}).empty());  // too little history to judge
}

TEST(EvaluationTest, RestOfYearGrowthAndOutliers) {
  // Research note §4.3: last year 1400 (1000 through Sep); this year 1060 through Sep; target +8 %
  // → A° = 1512; g_rest = (1512 − 1060) / (1400 − 1000) − 1 = 452/400 − 1 = 13.0 %.
  EXPECT_NEAR(*RequiredRestOfYearGrowth(1512, 1060, 1400, 1000), 0.13, 1e-12);
  EXPECT_FALSE(RequiredRestOfYearGrowth(1512, 1060, 1000, 1000).has_value());
  // median 0.055, MAD 0.005: z(0.30) = 0.6745 · 0.245 / 0.005 = 33.05.
  const auto z = ModifiedZScores({0.05, 0.06, 0.055, 0.052, 0.30});
  ASSERT_EQ(z.size(), 5u);
  EXPECT_NEAR(z[4], 33.0505, 1e-4);
  EXPECT_LT(std::fabs(z[0]), 3.5);
  EXPECT_TRUE(ModifiedZScores({1, 1, 1}).empty());
}

// The mid-term workbook, read back with wcp's own XLSX reader: a cover with
// the issuer, date and contents; the title and headers follow the plan
// period; a row carries the research note's worked example (retail sales,
// 2023 level 1330) in the reader's language with its status in words; a part
// is named with its whole; the public edition has no internal appendix.
TEST(ReportTest, WorkbookCarriesTheEvaluationInTheReadersLanguage) {
  const auto plan = Plan();
  const PlanPeriod period = *PlanPeriodOf(plan);
  std::vector<ReportRow> rows;
  for (const auto& ind : plan) {
    std::vector<YearValue> series;
    if (ind.code == "retail_sales") series = {{2023, 1330, std::nullopt}};
    rows.push_back({ind, Evaluate(ind, series)});
  }
  for (const bool zh : {true, false}) {
    ReportOptions options{zh, false, zh ? "青岛西海岸新区商务局" : "Commerce Bureau", "2026-11-30"};
    auto bytes = BuildXlsxReport(rows, period, 2023, options);
    ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
    auto cover = ReadXlsxSheetCells(*bytes, "report.xlsx", 1);
    ASSERT_TRUE(cover.ok()) << cover.status().ToString();
    EXPECT_EQ((*cover)[3][1], options.issuer);
    EXPECT_EQ((*cover)[4][1], "2026-11-30");
    EXPECT_EQ((*cover)[9][0], zh ? "评估表" : "Evaluation");  // the contents, first entry
    EXPECT_EQ((*cover)[11][0], zh ? "数据质量说明（内部）" : "Data quality notes (internal)");
    auto cells = ReadXlsxSheetCells(*bytes, "report.xlsx", 2);
    ASSERT_TRUE(cells.ok()) << cells.status().ToString();
    auto& sheet = *cells;
    const std::string title = sheet[1][0];
    EXPECT_NE(title.find(zh ? "中期评估（数据截至2023年）" : "mid-term evaluation of the key indicators (data to 2023)"),
              std::string::npos) << title;
    EXPECT_EQ(sheet.size(), 3u + plan.size());  // title, issuer, headers (row 4), one row per indicator
    auto& headers = sheet[4];
    EXPECT_EQ(headers[2], zh ? "基期值(2020)" : "Base (2020)");
    EXPECT_EQ(headers[13], zh ? "按现有趋势预计2025年" : "Projected 2025");
    auto& retail = sheet[5];  // the plan's first indicator
    EXPECT_EQ(retail[0], zh ? "社会消费品零售额" : "Total retail sales of consumer goods");
    EXPECT_EQ(retail[4], "2023");
    EXPECT_EQ(retail[10], zh ? "需要加快" : "Acceleration needed");  // words, never the code
    EXPECT_EQ(retail[11], zh ? "滞后预期" : "behind expectations");
    if (zh) {
      EXPECT_EQ(retail[14],
                "2023年社会消费品零售额1330亿元，年均增长5.7%，低于规划要求的7.9%，2024–2025年需年均增长11.4%方能实现目标");
    }
    EXPECT_NEAR(std::stod(retail[6]), 0.0793, 5e-5);  // required growth, (1650/1126.4)^0.2 − 1
    bool exports_named_with_trade = false;
    for (auto& [n, row] : sheet) {
      if (row[0] == (zh ? "货物进出口总额 其中：出口额" : "Total imports and exports of goods: of which exports")) {
        exports_named_with_trade = true;
      }
      if (!zh) {  // the English workbook is wholly English
        for (auto& [c, text] : row) {
          EXPECT_EQ(std::count_if(text.begin(), text.end(), [](char ch) { return static_cast<unsigned char>(ch) >= 0xE4; }), 0)
              << "row " << n << " column " << c << ": " << text;
        }
      }
    }
    EXPECT_TRUE(exports_named_with_trade);
    options.public_variant = true;
    auto edition = BuildXlsxReport(rows, period, 2023, options);
    ASSERT_TRUE(edition.ok());
    EXPECT_TRUE(ReadXlsxSheetCells(*edition, "public.xlsx", 3).ok());    // the chart sheet
    EXPECT_FALSE(ReadXlsxSheetCells(*edition, "public.xlsx", 4).ok());   // no internal appendix
    EXPECT_TRUE(ReadXlsxSheetCells(*bytes, "internal.xlsx", 4).ok());
  }
}

TEST(ReportTest, PublishedDecimalsFollowThePlansFigures) {
  const auto plan = Plan();
  const auto find = [&](const char* code) {
    return *std::find_if(plan.begin(), plan.end(), [&](const Indicator& i) { return i.code == code; });
  };
  EXPECT_EQ(PublishedDecimals(find("goods_trade")), 2);          // 2149.23
  EXPECT_EQ(PublishedDecimals(find("retail_sales")), 1);         // 1126.4
  EXPECT_EQ(PublishedDecimals(find("fortune500_projects")), 0);  // 16 → 30 projects
  EXPECT_EQ(PublishedDecimals(find("crossborder_ecommerce")), 1);  // 37 亿元: amounts keep one
}

}  // namespace
}  // namespace wcp::indicators
