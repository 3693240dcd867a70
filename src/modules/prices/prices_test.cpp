// The prices store and service on SQLite and PostgreSQL: all-or-nothing
// batches naming each row, enterprise scope, plausibility asking for
// confirmation, corrections that keep the original, and the board's district
// price, changes and Qingdao level computed by hand.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <thread>

#include "modules/prices/prices_store.hpp"
#include "modules/prices/reserves.hpp"
#include "modules/prices/service.hpp"
#include "modules/prices/testing.hpp"
#include "store/testing/test_database.hpp"

namespace wcp::prices {
namespace {

using testing::Shipped;

Date D(const char* text) { return *ParseDate(text); }

class PricesTest : public ::testing::TestWithParam<store::Backend> {
 protected:
  void SetUp() override {
    store::MigrationSet set;
    AddMigrations(set);
    auto t = store::testing::TestDatabase::CreateMigrated(GetParam(), set);
    ASSERT_TRUE(t.ok()) << t.status().ToString();
    test_ = std::move(t).value();
    store_ = OpenPricesStore(test_->db());
    alerts_ = OpenAlertStore(test_->db());
    service_ = std::make_unique<PriceService>(*store_, *alerts_);
    ASSERT_TRUE(store_->UpsertCommodities(*ParseCommoditiesCsv(Shipped("commodities.csv"))).ok());
    ASSERT_TRUE(service_->ImportRules("fluctuation_rules", Shipped("fluctuation_rules.csv")).ok());
    std::vector<Point> points;
    for (const char* code : {"p1", "p2", "p3", "p4"}) {
      points.push_back({code, std::string("point ") + code, "farmers_market", "辛安街道", 120.1, 35.9,
                        std::string(code) == "p1" ? std::optional<std::string>("ent-a") : std::nullopt,
                        {"chinese_cabbage", "potato"}, false});
    }
    ASSERT_TRUE(store_->UpsertPoints(points).ok());
  }
  static Json Row(const char* point, const char* commodity, const char* date, int64_t fen) {
    return {{"point", point}, {"commodity", commodity}, {"date", date}, {"price_fen", fen}, {"unit", "元/公斤"}};
  }
  Result<Ingested> Send(const Json& rows, bool confirm = false, std::optional<std::string> enterprise = std::nullopt) {
    return service_->Ingest(rows, {"clerk", std::move(enterprise)}, confirm, D("2026-11-30"));
  }
  std::unique_ptr<store::testing::TestDatabase> test_;
  std::unique_ptr<PricesStore> store_;
  std::unique_ptr<AlertStore> alerts_;
  std::unique_ptr<PriceService> service_;
};

TEST_P(PricesTest, ABadRowStoresNothingAndEachProblemIsNamed) {
  const Json rows = {Row("p1", "chinese_cabbage", "2026-11-29", 240), Row("p2", "durian", "2026-11-29", 240),
                     Row("p3", "potato", "2026-12-01", 320), Row("p4", "potato", "2026-11-29", 0),
                     Row("p2", "potato", "2026-11-29", 300), Row("p2", "potato", "2026-11-29", 310)};
  auto result = Send(rows);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  ASSERT_EQ(result->refused.size(), 4u);
  EXPECT_EQ(result->refused[0].code, "unknown-commodity");
  EXPECT_EQ(result->refused[0].index, 1u);
  EXPECT_EQ(result->refused[1].code, "future-date");
  EXPECT_EQ(result->refused[2].code, "not-a-price");
  EXPECT_EQ(result->refused[3].code, "duplicate-row");
  EXPECT_TRUE(result->stored.empty());
  EXPECT_TRUE(store_->Current("2026-01-01", "2026-12-31")->empty());
  // Too far back (the bureau: a year; an enterprise: a month), or a commodity the point does not report.
  EXPECT_EQ(Send(Json::array({Row("p2", "potato", "2025-11-28", 300)}))->refused.front().code, "too-old");
  EXPECT_EQ(Send(Json::array({Row("p1", "potato", "2026-10-29", 300)}), false, "ent-a")->refused.front().code, "too-old");
  EXPECT_EQ(Send(Json::array({Row("p2", "tomato", "2026-11-29", 300)}))->refused.front().code, "not-reported-here");
  Json wrong_unit = Row("p1", "potato", "2026-11-29", 300);
  wrong_unit["unit"] = "元/斤";
  EXPECT_EQ(Send(Json::array({wrong_unit}))->refused.front().code, "wrong-unit");
}

TEST(PriceFileTest, SpreadsheetDatesPricesAndBlankRows) {
  // Excel's day serial 46356 is 2026-11-30 (days since 1899-12-30), 2026/1/5 a slashed date;
  // 8.2999999999999989 is Excel's rendering of 8.30, 3.105 a third decimal (refused: 0); a row
  // without a price is not reported, and each kept row keeps its line.
  auto table = CsvTable::Parse("point,commodity,date,price_yuan,unit\n"
                               "p1,potato,46356,8.2999999999999989,元/公斤\n"
                               "p1,tomato,2026-11-30,,元/公斤\n"
                               "p2,potato,2026/1/5,3.105,元/公斤\n",
                               "t.csv");
  ASSERT_TRUE(table.ok());
  std::vector<size_t> lines;
  auto rows = PriceService::RowsFromTable(*table, &lines);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0]["date"], "2026-11-30");
  EXPECT_EQ((*rows)[0]["price_fen"], 830);
  EXPECT_EQ((*rows)[1]["date"], "2026-01-05");
  EXPECT_EQ((*rows)[1]["price_fen"], 0);
  EXPECT_EQ(lines, (std::vector<size_t>{2, 4}));
  auto blank = CsvTable::Parse("point,commodity,date,price_yuan,unit\np1,potato,2026-11-30,,元/公斤\n", "b.csv");
  EXPECT_FALSE(PriceService::RowsFromTable(*blank).ok());
}

TEST_P(PricesTest, ARuleFileHasOneEditionPerDate) {
  auto table = CsvTable::Parse("effective_from,classes,weekly_rise,level,action,source\n"
                               "2026-02-01,A,0.30,IV,x,y\n2026-02-01,B,0.50,IV,x,y\n",
                               "e.csv");
  ASSERT_TRUE(table.ok());
  const Status s = service_->ImportRules("essential_rules", *table);
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.field(), "effective_from");
  EXPECT_TRUE(service_->EssentialRules()->empty());  // nothing stored
  auto header_only = CsvTable::Parse("effective_from,classes,weekly_rise,level,action,source\n", "h.csv");
  EXPECT_FALSE(service_->ImportRules("essential_rules", *header_only).ok());
}

TEST_P(PricesTest, AnEnterpriseReportsForItsOwnPointsOnly) {
  EXPECT_EQ(Send(Json::array({Row("p2", "potato", "2026-11-29", 300)}), false, "ent-a")->refused.front().code, "not-your-point");
  auto own = Send(Json::array({Row("p1", "potato", "2026-11-29", 300)}), false, "ent-a");
  ASSERT_TRUE(own.ok());
  EXPECT_EQ(own->stored.size(), 1u);
}

TEST_P(PricesTest, ImplausiblePricesWaitForConfirmationAndCorrectionsKeepTheOriginal) {
  Json history = Json::array();
  for (int day = 10; day <= 28; ++day) {
    const std::string date = "2026-11-" + std::to_string(day);
    history.push_back(Row("p1", "potato", date.c_str(), 300 + day % 3));
  }
  auto first = Send(history);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  ASSERT_EQ(first->refused.size(), 0u) << first->refused.front().message;
  ASSERT_EQ(first->stored.size(), history.size());
  // 6 yuan against a history of 3.00–3.02: far outside median ± 5·MAD.
  auto jump = Send(Json::array({Row("p1", "potato", "2026-11-29", 600)}));
  ASSERT_TRUE(jump.ok());
  ASSERT_EQ(jump->to_confirm.size(), 1u);
  EXPECT_EQ(jump->to_confirm.front().code, "implausible-history");
  EXPECT_TRUE(jump->stored.empty());
  EXPECT_EQ(store_->Current("2026-11-29", "2026-11-29")->size(), 0u);
  auto confirmed = Send(Json::array({Row("p1", "potato", "2026-11-29", 600)}), true);
  ASSERT_EQ(confirmed->stored.size(), 1u);
  EXPECT_EQ(confirmed->stored.front().flag, "history");
  // A correction: the later report is the day's value; both stay stored.
  ASSERT_EQ(Send(Json::array({Row("p1", "potato", "2026-11-29", 302)}))->stored.size(), 1u);
  auto day = store_->Current("2026-11-29", "2026-11-29");
  ASSERT_EQ(day->size(), 1u);
  EXPECT_EQ(day->front().price_fen, 302);
  EXPECT_GT(day->front().id, confirmed->stored.front().id);
}

TEST_P(PricesTest, TheBoardShowsTheDistrictPriceItsChangesAndTheLevel) {
  // Yesterday 2.00, 2.20, 2.40, 2.30 → median 2.25; today 3.00, 3.30, 3.10 → 3.10:
  // day on day 3.10 / 2.25 − 1 = 37.8 % > 30 % → level IV. p4 reported nothing today.
  ASSERT_EQ(Send({Row("p1", "chinese_cabbage", "2026-11-28", 200), Row("p2", "chinese_cabbage", "2026-11-28", 220),
                  Row("p3", "chinese_cabbage", "2026-11-28", 240), Row("p4", "chinese_cabbage", "2026-11-28", 230)},
                 true)->stored.size(), 4u);
  ASSERT_EQ(Send({Row("p1", "chinese_cabbage", "2026-11-29", 300), Row("p2", "chinese_cabbage", "2026-11-29", 330),
                  Row("p3", "chinese_cabbage", "2026-11-29", 310)},
                 true)->stored.size(), 3u);
  auto board = service_->Board("2026-11-29");
  ASSERT_TRUE(board.ok()) << board.status().ToString();
  const Json* cabbage = nullptr;
  for (const auto& c : (*board)["commodities"]) {
    if (c["code"] == "chinese_cabbage") cabbage = &c;
  }
  ASSERT_NE(cabbage, nullptr);
  EXPECT_DOUBLE_EQ((*cabbage)["price"].get<double>(), 3.10);
  EXPECT_EQ((*cabbage)["points"], 3);
  EXPECT_EQ((*cabbage)["expected_points"], 4);
  EXPECT_NEAR((*cabbage)["day_change"].get<double>(), 3.10 / 2.25 - 1, 1e-9);  // yesterday: 4 points, median 2.25
  EXPECT_TRUE((*cabbage)["week_change"].is_null());
  EXPECT_EQ((*cabbage)["level"], "IV");
  ASSERT_EQ((*board)["missing_points"].size(), 1u);
  EXPECT_EQ((*board)["missing_points"][0]["code"], "p4");
}

TEST_P(PricesTest, TheDistrictPriceIsKeptWithEveryBatchAndRecomputesTheSame) {
  // Four points: 2.20, 2.31, 2.40, 2.55 → the median (2.31 + 2.40) / 2 = 2.355 yuan, a half fen: kept exactly.
  ASSERT_EQ(Send({Row("p1", "potato", "2026-11-28", 220), Row("p2", "potato", "2026-11-28", 231),
                  Row("p3", "potato", "2026-11-28", 240), Row("p4", "potato", "2026-11-28", 255)},
                 true)->stored.size(), 4u);
  auto day = store_->Daily("2026-11-28", "2026-11-28", "potato");
  ASSERT_TRUE(day.ok() && day->size() == 1u);
  EXPECT_EQ((*day)[0].median_x2_fen, 471);
  EXPECT_EQ((*day)[0].points, 4);
  EXPECT_EQ((*day)[0].low_fen, 220);
  EXPECT_EQ((*day)[0].high_fen, 255);
  // A correction of p4 to 2.30 supersedes its report: 2.20 2.30 2.31 2.40 → (2.30 + 2.31) / 2 = 2.305.
  ASSERT_EQ(Send(Json::array({Row("p4", "potato", "2026-11-28", 230)}), true)->stored.size(), 1u);
  day = store_->Daily("2026-11-28", "2026-11-28", "potato");
  EXPECT_EQ((*day)[0].median_x2_fen, 461);
  EXPECT_EQ((*day)[0].high_fen, 240);
  // An odd count: three points 2.30, 2.40, 2.60 → 2.40 (twice: 480).
  ASSERT_EQ(Send({Row("p1", "potato", "2026-11-29", 230), Row("p2", "potato", "2026-11-29", 260),
                  Row("p3", "potato", "2026-11-29", 240)},
                 true)->stored.size(), 3u);
  EXPECT_EQ((*store_->Daily("2026-11-29", "2026-11-29", "potato"))[0].median_x2_fen, 480);
  // Recomputing everything from the reports gives the same rows.
  const auto kept = *store_->Daily("2026-01-01", "2026-12-31");
  ASSERT_TRUE(service_->Recompute("2026-11-29").ok());
  const auto recomputed = *store_->Daily("2026-01-01", "2026-12-31");
  ASSERT_EQ(recomputed.size(), kept.size());
  for (size_t i = 0; i < kept.size(); ++i) {
    EXPECT_EQ(recomputed[i].date, kept[i].date);
    EXPECT_EQ(recomputed[i].median_x2_fen, kept[i].median_x2_fen);
    EXPECT_EQ(recomputed[i].points, kept[i].points);
  }
}

TEST_P(PricesTest, OnePointsConfirmedOddPriceDoesNotMoveTheDistrictPrice) {
  // Three sound points at 2.00, 2.10, 2.20 and p4 confirming 9.00 (implausible, flagged): the district
  // price is the median of the three sound ones, 2.10 (unscreened it would be (2.10 + 2.20) / 2 = 2.15).
  ASSERT_EQ(Send({Row("p1", "potato", "2026-11-28", 200), Row("p2", "potato", "2026-11-28", 210),
                  Row("p3", "potato", "2026-11-28", 220)}, true)->stored.size(), 3u);
  auto odd = Send(Json::array({Row("p4", "potato", "2026-11-28", 900)}), true);
  ASSERT_EQ(odd->stored.size(), 1u);
  ASSERT_EQ(odd->stored[0].flag, "district");
  auto day = *store_->Daily("2026-11-28", "2026-11-28", "potato");
  EXPECT_EQ(day[0].median_x2_fen, 420);
  EXPECT_EQ(day[0].points, 3);
  // When the whole market jumps every point is flagged against its own history: all stay in.
  Json rows = Json::array();
  for (int back = 9; back >= 1; --back) {
    const std::string d = FormatDate(AddDays(D("2026-11-29"), -back - 1));
    for (const char* p : {"p1", "p2", "p3", "p4"}) rows.push_back(Row(p, "chinese_cabbage", d.c_str(), 200 + 5 * (back % 3)));
  }
  ASSERT_TRUE(Send(rows, true).ok());
  auto jump = Send({Row("p1", "chinese_cabbage", "2026-11-29", 400), Row("p2", "chinese_cabbage", "2026-11-29", 410),
                    Row("p3", "chinese_cabbage", "2026-11-29", 420), Row("p4", "chinese_cabbage", "2026-11-29", 430)},
                   true);
  ASSERT_EQ(jump->stored.size(), 4u);
  EXPECT_EQ(jump->stored[0].flag, "history");
  day = *store_->Daily("2026-11-29", "2026-11-29", "chinese_cabbage");
  EXPECT_EQ(day[0].median_x2_fen, 830);  // (4.10 + 4.20): all four count
  EXPECT_EQ(day[0].points, 4);
}

TEST_P(PricesTest, ForecastModelsAreKeptRerunAndRefittedAWeekLater) {
  // Eight weeks of prices at p1…p3 between 3.00 and 3.04 (a five-day cycle): the models fit, and
  // the page's forecast is the kept one.
  Json rows = Json::array();
  for (int back = 55; back >= 0; --back) {
    const std::string day = FormatDate(AddDays(D("2026-11-29"), -back));
    for (const char* p : {"p1", "p2", "p3"}) rows.push_back(Row(p, "potato", day.c_str(), 300 + back % 5));
  }
  ASSERT_EQ(Send(rows, true)->stored.size(), rows.size());
  ASSERT_TRUE(service_->Refresh("2026-11-29").ok());
  auto kept = store_->Model("potato", "daily");
  ASSERT_TRUE(kept.ok() && kept->has_value());
  EXPECT_EQ((*kept)->fitted_through, "2026-11-29");
  EXPECT_EQ((*kept)->as_of, "2026-11-29");
  auto page = service_->CommodityPage("potato", "2026-11-29", 60);
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  EXPECT_EQ((*page)["forecast"].dump(), (*kept)->forecast_json);
  const double next = (*page)["forecast"]["points"][0]["price"].get<double>();
  EXPECT_TRUE(next > 2.9 && next < 3.15) << next;
  // The next day: the kept model is re-run, not refitted; a batch first sets its forecast aside.
  ASSERT_EQ(Send(Json::array({Row("p1", "potato", "2026-11-30", 300)}), true)->stored.size(), 1u);
  EXPECT_EQ((*store_->Model("potato", "daily"))->as_of, "");
  ASSERT_TRUE(service_->Refresh("2026-11-30").ok());
  kept = store_->Model("potato", "daily");
  EXPECT_EQ((*kept)->fitted_through, "2026-11-29");
  EXPECT_EQ((*kept)->as_of, "2026-11-30");
  // Six days after the fit nothing is stale; on the seventh the daily model is, and it is refitted
  // off the reporting path (Refresh still re-runs the kept one), at most as many as asked for. Nine
  // weeks are too few to back-test an 8-week horizon: there is no weekly model to refit.
  EXPECT_EQ(*service_->RefitStale("2026-12-05", 10), 0);
  ASSERT_TRUE(service_->Refresh("2026-12-06").ok());
  EXPECT_EQ((*store_->Model("potato", "daily"))->fitted_through, "2026-11-29");
  EXPECT_FALSE(store_->Model("potato", "weekly")->has_value());
  EXPECT_EQ(*service_->RefitStale("2026-12-06", 0), 0);
  EXPECT_EQ(*service_->RefitStale("2026-12-06", 1), 1);
  EXPECT_EQ((*store_->Model("potato", "daily"))->fitted_through, "2026-12-06");
  EXPECT_EQ((*store_->Model("potato", "daily"))->as_of, "2026-12-06");
  EXPECT_EQ(*service_->RefitStale("2026-12-06", 10), 0);
}

TEST_P(PricesTest, TheNecessitiesWeeklyRuleFiresAtThirtyPercentOnWeeklyMeans) {
  ASSERT_TRUE(service_->ImportRules("essential_rules", Shipped("essential_rules.csv")).ok());
  // Potato (A class) at three points: 2.00 from 16 to 22 November, 2.59 from 23 to 29 November: +29.5 %
  // on the weekly means — below the rule; the same with 2.60: +30 % exactly, which the rule's "≥" counts.
  const auto fill = [&](int second_week_fen) {
    Json rows = Json::array();
    for (int back = 13; back >= 0; --back) {
      const std::string day = FormatDate(AddDays(D("2026-11-29"), -back));
      for (const char* p : {"p1", "p2", "p3"}) rows.push_back(Row(p, "potato", day.c_str(), back >= 7 ? 200 : second_week_fen));
    }
    return Send(rows, true);
  };
  ASSERT_TRUE(fill(259).ok());
  auto raised = service_->EvaluateAlerts("2026-11-29");
  ASSERT_TRUE(raised.ok()) << raised.status().ToString();
  EXPECT_TRUE(std::none_of(raised->begin(), raised->end(), [](const Alert& a) { return a.rule == "essential_weekly"; }));
  ASSERT_TRUE(fill(260).ok());  // corrections of the second week
  raised = service_->EvaluateAlerts("2026-11-29");
  ASSERT_TRUE(raised.ok());
  const auto essential = std::find_if(raised->begin(), raised->end(), [](const Alert& a) { return a.rule == "essential_weekly"; });
  ASSERT_NE(essential, raised->end());
  EXPECT_EQ(essential->commodity, "potato");
  EXPECT_EQ(essential->level, "IV");
  EXPECT_NEAR(essential->details["week_change"].get<double>(), 0.30, 1e-9);
  // Day on day +30 % on the 23rd is not above Qingdao's 30 %, and week on week by the 29th is 0: no Qingdao alert.
  EXPECT_TRUE(std::none_of(raised->begin(), raised->end(), [](const Alert& a) { return a.rule == "qingdao_fluctuation"; }));
}

TEST_P(PricesTest, AQingdaoAlertSaysWhetherThePlansFurtherConditionsAreMet) {
  // Cabbage 2.00 for a week, then 2.70 (+35 % day on day: IV) on 23–29 November: week on week +35 %
  // is not above 40 %, so from the 24th (day on day 0) the level lapses: the run is one day.
  Json rows = Json::array();
  for (int back = 13; back >= 0; --back) {
    const std::string day = FormatDate(AddDays(D("2026-11-29"), -back));
    for (const char* p : {"p1", "p2", "p3"}) rows.push_back(Row(p, "chinese_cabbage", day.c_str(), back >= 7 ? 200 : 270));
  }
  ASSERT_TRUE(Send(rows, true).ok());
  auto raised = service_->EvaluateAlerts("2026-11-23");
  ASSERT_TRUE(raised.ok()) << raised.status().ToString();
  ASSERT_EQ(raised->size(), 1u);
  const Json& d = (*raised)[0].details;
  EXPECT_EQ(d["days_at_level"], 1);
  EXPECT_EQ(d["kinds_at_level"], 1);
  EXPECT_EQ(d["min_days"], 5);   // the 2014 plan's Ⅳ: ≥ 5 days or ≥ 2 kinds of goods
  EXPECT_EQ(d["min_kinds"], 2);
  EXPECT_FALSE(d["conditions_met"].get<bool>());
}

TEST_P(PricesTest, AlertsAreDeduplicatedEscalatedAcknowledgedAndClosed) {
  // Cabbage: 2.00 on the 27th, 2.70 on the 28th (+35 %: IV), 4.70 on the 29th (+74 %: II).
  for (const auto& [date, fen] : {std::pair{"2026-11-27", 200}, std::pair{"2026-11-28", 270}, std::pair{"2026-11-29", 470}}) {
    ASSERT_EQ(Send(Json::array({Row("p1", "chinese_cabbage", date, fen)}), true)->stored.size(), 1u);
  }
  auto opened = service_->EvaluateAlerts("2026-11-28");
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  ASSERT_EQ(opened->size(), 1u);
  EXPECT_EQ((*opened)[0].level, "IV");
  EXPECT_EQ((*opened)[0].rule, "qingdao_fluctuation");
  EXPECT_TRUE(service_->EvaluateAlerts("2026-11-28")->empty());  // the same condition: no second alert
  auto escalated = service_->EvaluateAlerts("2026-11-29");
  ASSERT_EQ(escalated->size(), 1u);
  EXPECT_EQ((*escalated)[0].id, (*opened)[0].id);
  EXPECT_EQ((*escalated)[0].level, "II");
  EXPECT_EQ((*escalated)[0].last_date, "2026-11-29");
  EXPECT_EQ((*escalated)[0].steps.back().action, "escalated");
  const int64_t id = (*opened)[0].id;
  EXPECT_EQ(alerts_->Step(id, "acknowledge", "analyst", "checking with the market")->status, "acknowledged");
  EXPECT_EQ(alerts_->Step(id, "acknowledge", "analyst", "").status().message_code(), "alert-state");
  auto closed = alerts_->Step(id, "close", "analyst2", "supply restored");
  ASSERT_TRUE(closed.ok());
  EXPECT_EQ(closed->status, "closed");
  ASSERT_EQ(closed->steps.size(), 4u);  // opened, escalated, acknowledged, closed
  EXPECT_EQ(closed->steps[3].by, "analyst2");
  EXPECT_EQ(closed->steps[3].note, "supply restored");
  EXPECT_EQ(service_->EvaluateAlerts("2026-11-29")->size(), 1u);  // after closing, the persisting condition opens anew
  EXPECT_EQ(alerts_->List("open")->size(), 1u);
  EXPECT_EQ(alerts_->List("")->size(), 2u);
}

TEST_P(PricesTest, TheReserveNeverGoesNegativeEvenUnderConcurrentReleases) {
  auto reserves = OpenReserveStore(test_->db());
  ReserveOrder buy{0, "purchase", "lean_pork", "西海岸冷库", 60, std::nullopt, "", "analyst", ""};
  ASSERT_TRUE(reserves->Purchase(buy, "2026-01-10", "2026-12-10").ok());
  buy.quantity_kg = 40;
  ASSERT_TRUE(reserves->Purchase(buy, "2026-03-01", "2027-03-01").ok());  // 100 kg in two lots
  ReserveOrder too_much{0, "release", "lean_pork", "西海岸冷库", 101, std::nullopt, "", "analyst", ""};
  EXPECT_EQ(reserves->Release(too_much).status().message_code(), "insufficient-stock");
  // Two releases of 60 kg at once from 100: exactly one is carried out.
  std::vector<std::thread> threads;
  std::vector<Status> results(2);
  for (int i = 0; i < 2; ++i) {
    threads.emplace_back([&, i] {
      ReserveOrder release{0, "release", "lean_pork", "西海岸冷库", 60, std::nullopt, "", "analyst", ""};
      results[static_cast<size_t>(i)] = reserves->Release(release).status();
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_NE(results[0].ok(), results[1].ok()) << results[0].ToString() << " / " << results[1].ToString();
  auto lots = reserves->Lots();
  ASSERT_TRUE(lots.ok());
  int64_t left = 0;
  for (const auto& l : *lots) left += l.quantity_kg;
  EXPECT_EQ(left, 40);
  // The oldest lot (60 kg, stored in January) went first: what is left is March's.
  ASSERT_EQ(lots->size(), 1u);
  EXPECT_EQ(lots->front().stored_on, "2026-03-01");
  EXPECT_EQ(reserves->Orders()->size(), 3u);  // two purchases, one release
}

WCP_INSTANTIATE_BACKEND_SUITE(PricesTest);

}  // namespace
}  // namespace wcp::prices
