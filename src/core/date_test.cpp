#include "core/date.hpp"

#include <gtest/gtest.h>

namespace wcp {
namespace {

Date D(const char* s) { return *ParseDate(s); }

TEST(DateTest, ParseAndFormat) {
  EXPECT_EQ(FormatDate(D("2024-02-29")), "2024-02-29");
  EXPECT_FALSE(ParseDate("2023-02-29").ok());
  EXPECT_FALSE(ParseDate("2024-2-29").ok());
  EXPECT_EQ(IsoWeekday(D("2024-02-04")), 7);  // a Sunday
  EXPECT_EQ(DaysBetween(D("2024-02-28"), D("2024-03-01")), 2);
}

TEST(PeriodTest, ParsesEveryForm) {
  EXPECT_EQ(Period::Parse("2024")->type(), PeriodType::kYear);
  EXPECT_EQ(Period::Parse("2024-Q3")->index(), 3);
  EXPECT_EQ(Period::Parse("2024-03")->type(), PeriodType::kMonth);
  EXPECT_EQ(Period::Parse("2024-01..02")->type(), PeriodType::kJanFeb);
  EXPECT_EQ(Period::Parse("2024-W05")->index(), 5);
  EXPECT_EQ(Period::Parse("2024-YTD03")->type(), PeriodType::kYearToDate);
  EXPECT_EQ(Period::Parse("2024-03-05")->type(), PeriodType::kDay);
  EXPECT_EQ(Period::Parse("2024-03", PeriodType::kYearToDate)->ToString(), "2024-YTD03");
  for (const char* bad : {"24", "2024-13", "2024-Q5", "2024-W54", "2024-YTD01", "2024/03", "x"}) {
    EXPECT_FALSE(Period::Parse(bad).ok()) << bad;
  }
  EXPECT_EQ(Period::Parse("2024-YTD01").status().field(), "period");
  EXPECT_FALSE(Period::Parse("2024-03", PeriodType::kQuarter).ok());
}

TEST(PeriodTest, IsoWeeks) {
  // 2020 has 53 ISO weeks (1 Jan 2020 was a Wednesday; 2020 is a leap year).
  EXPECT_TRUE(Period::Week(2020, 53).ok());
  EXPECT_FALSE(Period::Week(2021, 53).ok());
  // ISO week 1 of 2021 starts Monday 4 January 2021.
  EXPECT_EQ(FormatDate(Period::Week(2021, 1)->Start()), "2021-01-04");
  EXPECT_EQ(FormatDate(Period::Week(2020, 53)->End()), "2021-01-03");
  EXPECT_EQ(Period::Week(2021, 1)->Previous().ToString(), "2020-W53");
  EXPECT_EQ(Period::Week(2021, 53 - 1)->SameLastYear().ToString(), "2020-W52");
}

TEST(PeriodTest, Bounds) {
  EXPECT_EQ(FormatDate(Period::Parse("2024-02")->End()), "2024-02-29");
  EXPECT_EQ(FormatDate(Period::Parse("2024-Q2")->Start()), "2024-04-01");
  EXPECT_EQ(FormatDate(Period::Parse("2024-Q2")->End()), "2024-06-30");
  EXPECT_EQ(FormatDate(Period::Parse("2023-01..02")->End()), "2023-02-28");
  EXPECT_EQ(FormatDate(Period::Parse("2024-YTD05")->Start()), "2024-01-01");
  EXPECT_EQ(FormatDate(Period::Parse("2024-YTD05")->End()), "2024-05-31");
  EXPECT_TRUE(Period::Parse("2024-YTD05")->Contains(D("2024-03-01")));
  EXPECT_FALSE(Period::Parse("2024-YTD05")->Contains(D("2024-06-01")));
}

TEST(PeriodTest, JanFebCombinedRelease) {
  // The month before March is the combined 1–2月 release, and before that December.
  EXPECT_EQ(Period::Parse("2024-03")->Previous().ToString(), "2024-01..02");
  EXPECT_EQ(Period::Parse("2024-01..02")->Previous().ToString(), "2023-12");
  // Cumulative releases: 1–3月 follows 1–2月, which follows last year's 1–12月.
  EXPECT_EQ(Period::Parse("2024-YTD03")->Previous().ToString(), "2024-YTD02");
  EXPECT_EQ(Period::Parse("2024-YTD02")->Previous().ToString(), "2023-YTD12");
}

TEST(PeriodTest, SameLastYear) {
  EXPECT_EQ(Period::Parse("2024-YTD03")->SameLastYear().ToString(), "2023-YTD03");
  EXPECT_EQ(Period::Parse("2024-Q1")->SameLastYear().ToString(), "2023-Q1");
  EXPECT_EQ(Period::Parse("2024-02-29")->SameLastYear().ToString(), "2023-02-28");
  EXPECT_EQ(Period::Parse("2024-01")->Previous().ToString(), "2023-12");
  EXPECT_EQ(Period::Parse("2024-Q1")->Previous().ToString(), "2023-Q4");
  EXPECT_EQ(Period::Parse("2024-03-01")->Previous().ToString(), "2024-02-29");
}

TEST(PeriodTest, Labels) {
  EXPECT_EQ(Period::Parse("2024-YTD03")->Label(true), "2024年1–3月");
  EXPECT_EQ(Period::Parse("2024-YTD03")->Label(false), "Jan–Mar 2024");
  EXPECT_EQ(Period::Parse("2024-Q2")->Label(true), "2024年第2季度");
}

TEST(PeriodTest, TypeNames) {
  EXPECT_EQ(*ParsePeriodType("ytd"), PeriodType::kYearToDate);
  EXPECT_EQ(ParsePeriodType("decade").status().field(), "period_type");
}

TEST(PeriodTest, WeekOfADay) {
  // 2026-01-01 is a Thursday: week 1 of 2026; 2024-12-30 (Monday) belongs to 2025-W01;
  // 2021-01-03 (Sunday) to 2020-W53; 2026-11-30 (Monday) starts 2026-W49.
  EXPECT_EQ(Period::WeekOf(*ParseDate("2026-01-01")).ToString(), "2026-W01");
  EXPECT_EQ(Period::WeekOf(*ParseDate("2024-12-30")).ToString(), "2025-W01");
  EXPECT_EQ(Period::WeekOf(*ParseDate("2021-01-03")).ToString(), "2020-W53");
  EXPECT_EQ(Period::WeekOf(*ParseDate("2026-11-30")).ToString(), "2026-W49");
  EXPECT_EQ(Period::WeekOf(*ParseDate("2026-11-29")).ToString(), "2026-W48");
}

}  // namespace
}  // namespace wcp
