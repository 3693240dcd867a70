// core/money.hpp — exact money in integer minor units (fen for CNY).
//
// No binary floating point anywhere: amounts are parsed from decimal text,
// stored as int64 minor units, and every operation is overflow-checked.
// Rounding is explicit; the default is half-up (half away from zero) to the
// currency's minor unit, the convention of Chinese tax and price rules.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.hpp"

namespace wcp {

enum class Currency { kCNY, kUSD, kEUR, kHKD, kJPY, kKRW };

// ISO 4217 code ("CNY") and the number of minor-unit digits (2 for CNY, 0 for JPY).
std::string_view CurrencyCode(Currency c);
int CurrencyExponent(Currency c);
Result<Currency> ParseCurrency(std::string_view code);

enum class Rounding {
  kHalfUp,    // 0.005 -> 0.01, -0.005 -> -0.01 (half away from zero)
  kHalfEven,  // banker's rounding, for rules that ask for it
  kDown,      // truncate toward zero
  kUp,        // away from zero
};

// Divides n by d (d != 0) rounding the quotient as asked. Exact on int64.
int64_t DivideRounded(int64_t n, int64_t d, Rounding mode);

class Money {
 public:
  Money() = default;
  static Money FromMinor(int64_t minor, Currency currency = Currency::kCNY) {
    return Money(minor, currency);
  }
  // Parses "12", "12.3", "-0.005", "1,234.50" (grouping commas allowed).
  // Digits beyond the currency's exponent are rounded with `mode`.
  static Result<Money> Parse(std::string_view text, Currency currency = Currency::kCNY,
                             Rounding mode = Rounding::kHalfUp);

  int64_t minor() const { return minor_; }
  Currency currency() const { return currency_; }

  // Same-currency arithmetic; kInvalid on currency mismatch, kInvalid on overflow.
  Result<Money> Add(const Money& other) const;
  Result<Money> Subtract(const Money& other) const;
  // this * numerator / denominator, rounded once at the end (e.g. a tax rate
  // of 9.1% is MultiplyRatio(91, 1000)). Uses 128-bit intermediates.
  Result<Money> MultiplyRatio(int64_t numerator, int64_t denominator,
                              Rounding mode = Rounding::kHalfUp) const;

  // "1234.50" (always the full number of minor digits; no grouping).
  std::string ToString() const;

  bool operator==(const Money&) const = default;

 private:
  Money(int64_t minor, Currency currency) : minor_(minor), currency_(currency) {}
  int64_t minor_ = 0;
  Currency currency_ = Currency::kCNY;
};

}  // namespace wcp
