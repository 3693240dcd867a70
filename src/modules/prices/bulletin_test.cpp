// The weekly bulletin computed by hand: week means over the days that have a
// district price, changes against the week before and a year earlier, the
// counts of rises, falls and holds, and the largest moves.
#include <gtest/gtest.h>

#include "modules/prices/bulletin.hpp"

namespace wcp::prices {
namespace {

DailyPrice Day(const char* code, const char* date, int64_t median_fen) {
  return {code, date, 3, 2 * median_fen, median_fen, median_fen};
}

TEST(BulletinTest, WeekMeansChangesAndMoves) {
  const Period week = *Period::Parse("2026-W48", PeriodType::kWeek);  // 23–29 November 2026
  BulletinInputs in{week, week.SameLastYear()};                        // 2025-W48: 24–30 November 2025
  in.commodities = {{"potato", "土豆", "Potato", "vegetables", "元/公斤", "CNY/kg", "A"},
                    {"rice", "大米", "Rice", "grain_oil", "元/公斤", "CNY/kg", "A"},
                    {"apple", "苹果", "Apple", "fruit", "元/公斤", "CNY/kg", ""},
                    {"corn", "玉米", "Corn", "reference", "元/公斤", "CNY/kg", ""}};
  // Potato: the week before 2.00 every day of 16–22 Nov; this week 2.10 and 2.30 on two days → mean 2.20, +10 %.
  for (const char* d : {"2026-11-16", "2026-11-17", "2026-11-18", "2026-11-19", "2026-11-20", "2026-11-21", "2026-11-22"}) {
    in.days.push_back(Day("potato", d, 200));
  }
  in.days.push_back(Day("potato", "2026-11-23", 210));
  in.days.push_back(Day("potato", "2026-11-29", 230));
  // A year earlier 2.75 → year on year 2.20 / 2.75 − 1 = −20 %.
  in.days.push_back(Day("potato", "2025-11-26", 275));
  // Rice 6.00 then 6.00: held. Apple 10.00 then 9.00: −10 %. Corn: a reference series, not listed.
  in.days.push_back(Day("rice", "2026-11-20", 600));
  in.days.push_back(Day("rice", "2026-11-25", 600));
  in.days.push_back(Day("apple", "2026-11-20", 1000));
  in.days.push_back(Day("apple", "2026-11-25", 900));
  in.days.push_back(Day("corn", "2026-11-25", 250));
  in.issued = "2026-11-30";
  const Json b = BuildBulletin(in);
  EXPECT_EQ(b["week"]["from"], "2026-11-23");
  EXPECT_EQ(b["week"]["to"], "2026-11-29");
  EXPECT_EQ(b["previous"]["period"], "2026-W47");
  ASSERT_EQ(b["commodities"].size(), 3u);
  const Json& potato = b["commodities"][0];
  EXPECT_NEAR(potato["mean"].get<double>(), 2.20, 1e-12);
  EXPECT_EQ(potato["days"], 2);
  EXPECT_NEAR(potato["previous_mean"].get<double>(), 2.00, 1e-12);
  EXPECT_NEAR(potato["week_change"].get<double>(), 0.10, 1e-12);
  EXPECT_NEAR(potato["year_change"].get<double>(), -0.20, 1e-12);
  EXPECT_EQ(b["summary"]["up"], 1);
  EXPECT_EQ(b["summary"]["down"], 1);
  EXPECT_EQ(b["summary"]["held"], 1);
  EXPECT_EQ(b["risers"], Json::array({"potato"}));
  EXPECT_EQ(b["fallers"], Json::array({"apple"}));
  EXPECT_TRUE(b["commodities"][2]["last_year_mean"].is_null());  // apple: no prices a year earlier
  EXPECT_FALSE(b["partial"].get<bool>());  // issued the day after the week
}

TEST(BulletinTest, TheWorkbookIsWrittenInEitherLanguage) {
  const Period week = *Period::Parse("2026-W48", PeriodType::kWeek);
  BulletinInputs in{week, week.SameLastYear()};
  in.commodities = {{"potato", "土豆", "Potato", "vegetables", "元/公斤", "CNY/kg", "A"}};
  in.days = {Day("potato", "2026-11-20", 200), Day("potato", "2026-11-25", 220)};
  in.issued = "2026-11-30";
  const Json b = BuildBulletin(in);
  for (bool zh : {true, false}) {
    auto bytes = BulletinWorkbook(b, zh, zh ? "青岛西海岸新区商务局" : "Commerce Bureau");
    ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
    EXPECT_EQ(bytes->substr(0, 2), "PK");  // a zip container
  }
}

}  // namespace
}  // namespace wcp::prices
