#include "modules/indicators/formula.hpp"

#include <gtest/gtest.h>

namespace wcp::indicators {
namespace {

TEST(FormulaTest, ShareOfATotal) {
  // Exports' share of goods trade in 2020: 911.99 / 2149.23 · 100 = 42.4333…
  auto f = Formula::Parse("goods_exports / goods_trade * 100");
  ASSERT_TRUE(f.ok()) << f.status().ToString();
  EXPECT_EQ(f->codes(), (std::set<std::string>{"goods_exports", "goods_trade"}));
  EXPECT_NEAR(*f->Evaluate({{"goods_exports", 911.99}, {"goods_trade", 2149.23}}), 42.4333, 1e-4);
}

TEST(FormulaTest, PrecedenceParenthesesAndUnaryMinus) {
  auto f = Formula::Parse("(a + b) * 2 - c / 4 + -1");
  ASSERT_TRUE(f.ok());
  // (3 + 5) · 2 − 8 / 4 − 1 = 16 − 2 − 1 = 13.
  EXPECT_DOUBLE_EQ(*f->Evaluate({{"a", 3}, {"b", 5}, {"c", 8}}), 13.0);
}

TEST(FormulaTest, MissingValuesAndDivisionByZeroGiveNoValue) {
  auto f = Formula::Parse("a / b");
  ASSERT_TRUE(f.ok());
  EXPECT_FALSE(f->Evaluate({{"a", 1}}).has_value());
  EXPECT_FALSE(f->Evaluate({{"a", 1}, {"b", 0}}).has_value());
}

TEST(FormulaTest, ErrorsNameThePosition) {
  auto r = Formula::Parse("a + * b");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().field(), "formula");
  EXPECT_NE(r.status().message().find("position 5"), std::string::npos);
  EXPECT_FALSE(Formula::Parse("(a + b").ok());
  EXPECT_FALSE(Formula::Parse("12 * 3").ok());  // no indicator
  EXPECT_FALSE(Formula::Parse("a + B").ok());   // codes are lower case
}

}  // namespace
}  // namespace wcp::indicators

namespace wcp::indicators {
namespace {

TEST(FormulaTest, HostileTextIsRefusedNotRecursedOrMisread) {
  EXPECT_FALSE(Formula::Parse("a + 1.2.3").ok());  // not silently 1.2
  EXPECT_FALSE(Formula::Parse(std::string(200, '(') + "a" + std::string(200, ')')).ok());
  EXPECT_TRUE(Formula::Parse(std::string(32, '(') + "a" + std::string(32, ')')).ok());
  EXPECT_FALSE(Formula::Parse(std::string(600, '-') + "a").ok());  // over the length cap
}

}  // namespace
}  // namespace wcp::indicators
