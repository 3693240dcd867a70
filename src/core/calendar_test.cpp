#include "core/calendar.hpp"

#include <gtest/gtest.h>

namespace wcp {
namespace {

class CalendarTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto cal = WorkingCalendar::LoadDirectory(std::string(WCP_SOURCE_DIR) + "/data/calendar");
    ASSERT_TRUE(cal.ok()) << cal.status().ToString();
    cal_ = std::move(cal).value();
  }
  static Date D(const char* s) { return *ParseDate(s); }
  WorkingCalendar cal_;
};

TEST_F(CalendarTest, LoadsEveryShippedYear) {
  for (int y = 2020; y <= 2026; ++y) EXPECT_TRUE(cal_.CoversYear(y)) << y;
}

TEST_F(CalendarTest, HolidaysAndMakeUpDays) {
  // 2024 notice: Spring Festival 10–17 Feb off; Sunday 4 Feb and Sunday 18 Feb are working days.
  EXPECT_FALSE(*cal_.IsWorkingDay(D("2024-02-12")));  // a Monday, but a holiday
  EXPECT_TRUE(*cal_.IsWorkingDay(D("2024-02-04")));   // a Sunday, but a make-up day
  EXPECT_TRUE(*cal_.IsWorkingDay(D("2024-02-18")));
  EXPECT_FALSE(*cal_.IsWorkingDay(D("2024-02-03")));  // an ordinary Saturday
  EXPECT_TRUE(*cal_.IsWorkingDay(D("2024-02-09")));   // Friday, 除夕, not a holiday in 2024
}

TEST_F(CalendarTest, AddWorkingDaysAcrossSpringFestival) {
  // From Friday 9 Feb 2024: next working day is the make-up Sunday 18 Feb, then Monday 19 Feb.
  EXPECT_EQ(FormatDate(*cal_.AddWorkingDays(D("2024-02-09"), 1)), "2024-02-18");
  EXPECT_EQ(FormatDate(*cal_.AddWorkingDays(D("2024-02-09"), 2)), "2024-02-19");
  EXPECT_EQ(FormatDate(*cal_.AddWorkingDays(D("2024-02-18"), -1)), "2024-02-09");
  EXPECT_EQ(FormatDate(*cal_.AddWorkingDays(D("2024-02-18"), 0)), "2024-02-18");
}

TEST_F(CalendarTest, NationalDay2024) {
  // 1–7 Oct off; Sunday 29 Sep and Saturday 12 Oct worked.
  EXPECT_EQ(FormatDate(*cal_.AddWorkingDays(D("2024-09-30"), 1)), "2024-10-08");
  // (Fri 27 Sep, Tue 8 Oct]: Sun 29 Sep, Mon 30 Sep, Tue 8 Oct = 3.
  EXPECT_EQ(*cal_.WorkingDaysBetween(D("2024-09-27"), D("2024-10-08")), 3);
  EXPECT_EQ(*cal_.WorkingDaysBetween(D("2024-10-08"), D("2024-09-27")), -3);
  EXPECT_EQ(*cal_.WorkingDaysBetween(D("2024-10-08"), D("2024-10-08")), 0);
  // Ten working days after Thursday 10 Oct 2024: 11, 12(Sat, make-up), 14–18, 21, 22, 23 -> 23 Oct.
  EXPECT_EQ(FormatDate(*cal_.AddWorkingDays(D("2024-10-10"), 10)), "2024-10-23");
}

TEST_F(CalendarTest, RefusesUnknownYears) {
  auto r = cal_.IsWorkingDay(D("2031-05-06"));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("2031"), std::string::npos);
  EXPECT_FALSE(cal_.AddWorkingDays(D("2026-12-30"), 5).ok());
}

TEST(CalendarDataTest, NewYearIsAData) {
  WorkingCalendar cal;
  ASSERT_TRUE(cal.AddYear(R"({"year":2027,"days":[{"name":"元旦","date":"2027-01-01","isOffDay":true}]})",
                          "2027.json")
                  .ok());
  EXPECT_FALSE(*cal.IsWorkingDay(*ParseDate("2027-01-01")));  // a Friday, off
  EXPECT_TRUE(*cal.IsWorkingDay(*ParseDate("2027-01-04")));
  auto bad = cal.AddYear(R"({"year":2028,"days":[{"date":"2028-02-30","isOffDay":true}]})", "2028.json");
  EXPECT_FALSE(bad.ok());
  EXPECT_NE(bad.message().find("2028.json"), std::string::npos);
}

}  // namespace
}  // namespace wcp
