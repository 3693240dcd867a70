#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "modules/places/places_store.hpp"
#include "store/testing/test_database.hpp"

namespace wcp::places {
namespace {

CsvTable PlanCsv(PlaceKind kind) {
  const std::string path = std::string(WCP_SOURCE_DIR) + "/data/plan/" + std::string(PlanFileName(kind));
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return *CsvTable::Parse(ss.str(), path);
}

TEST(PlacesCsvTest, ShippedPlanData) {
  // The plan: 12 centres (专栏10), 11 streets (专栏11), 3 centres + 26 sub-warehouses (专栏5).
  auto centres = ParsePlacesCsv(PlaceKind::kCommercialCentre, PlanCsv(PlaceKind::kCommercialCentre));
  ASSERT_TRUE(centres.ok()) << centres.status().ToString();
  EXPECT_EQ(centres->size(), 12u);
  EXPECT_EQ((*centres)[0].code, "tangdaowan");
  EXPECT_EQ((*centres)[0].attributes.at("level_en"), "city");
  auto streets = ParsePlacesCsv(PlaceKind::kCommercialStreet, PlanCsv(PlaceKind::kCommercialStreet));
  ASSERT_TRUE(streets.ok());
  EXPECT_EQ(streets->size(), 11u);
  auto nodes = ParsePlacesCsv(PlaceKind::kCrossborderNode, PlanCsv(PlaceKind::kCrossborderNode));
  ASSERT_TRUE(nodes.ok());
  EXPECT_EQ(nodes->size(), 29u);
  int hubs = 0;
  for (const auto& n : *nodes) hubs += n.attributes.at("role") == "centre";
  EXPECT_EQ(hubs, 3);
  EXPECT_EQ((*nodes)[0].code, "qingdao");
  // Round trip through export.
  auto again = ParsePlacesCsv(PlaceKind::kCommercialCentre,
                              *CsvTable::Parse(PlacesToCsv(PlaceKind::kCommercialCentre, *centres), "x"));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, *centres);
}

TEST(PlacesCsvTest, BadFilesNameLineAndColumn) {
  auto wrong_col = ParsePlacesCsv(PlaceKind::kCommercialStreet,
                                  *CsvTable::Parse("code,name_zh,name_en,location,function_zh\n", "s.csv"));
  EXPECT_EQ(wrong_col.status().field(), "location_zh");
  auto bad_role = ParsePlacesCsv(
      PlaceKind::kCrossborderNode,
      *CsvTable::Parse("province_zh,province_en,city_zh,city_en,role\n山东省,Shandong,青岛市,Qingdao,hub\n",
                       "n.csv"));
  ASSERT_FALSE(bad_role.ok());
  EXPECT_NE(bad_role.status().message().find("n.csv: line 2"), std::string::npos);
  EXPECT_EQ(bad_role.status().field(), "role");
}

class PlacesStoreTest : public ::testing::TestWithParam<store::Backend> {};

TEST_P(PlacesStoreTest, UpsertIsIdempotentAndListsByKind) {
  auto t = store::testing::TestDatabase::Create(GetParam());
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  store::MigrationSet set;
  AddMigrations(set);
  ASSERT_TRUE((*t)->db().Migrate(set).ok());
  auto places = OpenPlacesStore((*t)->db());
  auto centres = *ParsePlacesCsv(PlaceKind::kCommercialCentre, PlanCsv(PlaceKind::kCommercialCentre));
  ASSERT_TRUE(places->Upsert(centres).ok());
  ASSERT_TRUE(places->Upsert(centres).ok());
  auto listed = places->List(PlaceKind::kCommercialCentre);
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(listed->size(), 12u);
  EXPECT_TRUE(places->List(PlaceKind::kCommercialStreet)->empty());
  auto found = std::find_if(listed->begin(), listed->end(), [](const Place& p) { return p.code == "tangdaowan"; });
  ASSERT_NE(found, listed->end());
  EXPECT_EQ(found->name_zh, "唐岛湾市级商业中心");
  EXPECT_EQ(found->attributes.at("focus_zh"), centres[0].attributes.at("focus_zh"));
}

WCP_INSTANTIATE_BACKEND_SUITE(PlacesStoreTest);

}  // namespace
}  // namespace wcp::places
