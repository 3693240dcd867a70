#include "core/money.hpp"

#include <gtest/gtest.h>

#include <limits>

namespace wcp {
namespace {

TEST(MoneyTest, ParsesToFen) {
  EXPECT_EQ(Money::Parse("12.34")->minor(), 1234);
  EXPECT_EQ(Money::Parse("12")->minor(), 1200);
  EXPECT_EQ(Money::Parse("0.5")->minor(), 50);
  EXPECT_EQ(Money::Parse("-3.07")->minor(), -307);
  EXPECT_EQ(Money::Parse("1,234,567.89")->minor(), 123456789);
}

TEST(MoneyTest, RoundsHalfUpAwayFromZero) {
  EXPECT_EQ(Money::Parse("0.005")->minor(), 1);
  EXPECT_EQ(Money::Parse("0.0049")->minor(), 0);
  EXPECT_EQ(Money::Parse("-0.005")->minor(), -1);
  EXPECT_EQ(Money::Parse("2.675")->minor(), 268);  // 2.675 is not exact in binary; here it is
}

TEST(MoneyTest, OtherRoundingModes) {
  EXPECT_EQ(Money::Parse("0.125", Currency::kCNY, Rounding::kHalfEven)->minor(), 12);
  EXPECT_EQ(Money::Parse("0.135", Currency::kCNY, Rounding::kHalfEven)->minor(), 14);
  EXPECT_EQ(Money::Parse("0.129", Currency::kCNY, Rounding::kDown)->minor(), 12);
  EXPECT_EQ(Money::Parse("0.121", Currency::kCNY, Rounding::kUp)->minor(), 13);
  EXPECT_EQ(DivideRounded(-7, 2, Rounding::kHalfUp), -4);
  EXPECT_EQ(DivideRounded(7, -2, Rounding::kDown), -3);
}

TEST(MoneyTest, CurrencyExponent) {
  EXPECT_EQ(Money::Parse("100.5", Currency::kJPY)->minor(), 101);
  EXPECT_EQ(Money::Parse("100.5", Currency::kJPY)->ToString(), "101");
  EXPECT_EQ(*ParseCurrency("USD"), Currency::kUSD);
  EXPECT_FALSE(ParseCurrency("XXX").ok());
}

TEST(MoneyTest, RejectsGarbage) {
  for (const char* bad : {"", "-", ".", "1.2.3", "12a", "1e5", "NaN", " 1"}) {
    auto r = Money::Parse(bad);
    EXPECT_FALSE(r.ok()) << bad;
    if (!r.ok()) {
      EXPECT_EQ(r.status().field(), "amount");
    }
  }
}

TEST(MoneyTest, ArithmeticIsOverflowChecked) {
  const Money max = Money::FromMinor(std::numeric_limits<int64_t>::max());
  EXPECT_FALSE(max.Add(Money::FromMinor(1)).ok());
  EXPECT_FALSE(Money::FromMinor(std::numeric_limits<int64_t>::min()).Subtract(Money::FromMinor(1)).ok());
  EXPECT_FALSE(max.MultiplyRatio(2, 1).ok());
  EXPECT_FALSE(Money::Parse("99999999999999999999").ok());
  EXPECT_EQ(Money::FromMinor(150).Add(Money::FromMinor(275))->minor(), 425);
}

TEST(MoneyTest, CurrenciesDoNotMix) {
  EXPECT_FALSE(Money::FromMinor(1, Currency::kCNY).Add(Money::FromMinor(1, Currency::kUSD)).ok());
}

TEST(MoneyTest, TaxStyleRatio) {
  // Cross-border retail import tax: 70% of (13% VAT) = 9.1%. On 199.99 yuan:
  // 19999 fen * 91 / 1000 = 1819.909 fen -> 1820 fen.
  EXPECT_EQ(Money::FromMinor(19999).MultiplyRatio(91, 1000)->minor(), 1820);
  // 0.5 fen exactly rounds up: 5 fen * 1/10 = 0.5 -> 1.
  EXPECT_EQ(Money::FromMinor(5).MultiplyRatio(1, 10)->minor(), 1);
}

TEST(MoneyTest, Formats) {
  EXPECT_EQ(Money::FromMinor(123456).ToString(), "1234.56");
  EXPECT_EQ(Money::FromMinor(-5).ToString(), "-0.05");
  EXPECT_EQ(Money::FromMinor(0).ToString(), "0.00");
  EXPECT_EQ(Money::FromMinor(std::numeric_limits<int64_t>::min()).ToString(),
            "-92233720368547758.08");
}

}  // namespace
}  // namespace wcp
