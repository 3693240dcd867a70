#include "store/migration.hpp"

#include <gtest/gtest.h>

namespace wcp::store {
namespace {

std::vector<Migration> Known() {
  return {{"auth", 1, "users", ""}, {"auth", 2, "keys", ""}, {"places", 1, "centres", ""}};
}

TEST(PlanMigrationsTest, FreshDatabaseGetsAllInRegistrationOrder) {
  const auto known = Known();  // the plan points into it
  auto plan = PlanMigrations(known, {});
  ASSERT_TRUE(plan.ok());
  ASSERT_EQ(plan->size(), 3u);
  EXPECT_EQ((*plan)[0]->name, "users");
  EXPECT_EQ((*plan)[1]->name, "keys");
  EXPECT_EQ((*plan)[2]->name, "centres");
}

TEST(PlanMigrationsTest, OnlyMissingOnes) {
  const auto known = Known();
  auto plan = PlanMigrations(known, {{"auth", 1, "users", ""}});
  ASSERT_TRUE(plan.ok());
  ASSERT_EQ(plan->size(), 2u);
  EXPECT_EQ((*plan)[0]->name, "keys");
}

TEST(PlanMigrationsTest, RefusesNewerDatabase) {
  auto plan = PlanMigrations(Known(), {{"auth", 3, "future", ""}});
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.status().code(), ErrorCode::kConflict);
  EXPECT_NE(plan.status().message().find("newer than this wcp"), std::string::npos);
  EXPECT_FALSE(PlanMigrations(Known(), {{"crystal_ball", 1, "x", ""}}).ok());
}

TEST(PlanMigrationsTest, RejectsGapsAndDuplicates) {
  EXPECT_FALSE(PlanMigrations({{"m", 1, "a", ""}, {"m", 3, "c", ""}}, {}).ok());
  EXPECT_FALSE(PlanMigrations({{"m", 1, "a", ""}, {"m", 1, "b", ""}}, {}).ok());
}

}  // namespace
}  // namespace wcp::store
