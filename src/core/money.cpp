#include "core/money.hpp"

#include <array>
#include <limits>

namespace wcp {
namespace {

struct CurrencyInfo {
  Currency currency;
  std::string_view code;
  int exponent;
};

constexpr std::array<CurrencyInfo, 6> kCurrencies{{
    {Currency::kCNY, "CNY", 2},
    {Currency::kUSD, "USD", 2},
    {Currency::kEUR, "EUR", 2},
    {Currency::kHKD, "HKD", 2},
    {Currency::kJPY, "JPY", 0},
    {Currency::kKRW, "KRW", 0},
}};

const CurrencyInfo& Info(Currency c) {
  for (const auto& info : kCurrencies) {
    if (info.currency == c) return info;
  }
  return kCurrencies[0];
}

int64_t Pow10(int e) {
  int64_t p = 1;
  while (e-- > 0) p *= 10;
  return p;
}

// Rounds the 128-bit quotient n/d; the single place where rounding happens.
__int128 DivideRounded128(__int128 n, __int128 d, Rounding mode) {
  if (d < 0) {
    n = -n;
    d = -d;
  }
  __int128 q = n / d;
  __int128 r = n % d;  // same sign as n
  if (r == 0) return q;
  const bool negative = n < 0;
  const __int128 abs_r2 = (r < 0 ? -r : r) * 2;
  bool away = false;
  switch (mode) {
    case Rounding::kDown: away = false; break;
    case Rounding::kUp: away = true; break;
    case Rounding::kHalfUp: away = abs_r2 >= d; break;
    case Rounding::kHalfEven: away = abs_r2 > d || (abs_r2 == d && (q % 2 != 0)); break;
  }
  if (away) q += negative ? -1 : 1;
  return q;
}

bool FitsInt64(__int128 v) {
  return v >= std::numeric_limits<int64_t>::min() && v <= std::numeric_limits<int64_t>::max();
}

}  // namespace

std::string_view CurrencyCode(Currency c) { return Info(c).code; }
int CurrencyExponent(Currency c) { return Info(c).exponent; }

Result<Currency> ParseCurrency(std::string_view code) {
  for (const auto& info : kCurrencies) {
    if (info.code == code) return info.currency;
  }
  return Status::Invalid("unknown currency '" + std::string(code) + "'", "currency");
}

int64_t DivideRounded(int64_t n, int64_t d, Rounding mode) {
  return static_cast<int64_t>(DivideRounded128(n, d, mode));
}

Result<Money> Money::Parse(std::string_view text, Currency currency, Rounding mode) {
  const auto bad = [&] {
    return Status::Invalid("'" + std::string(text) + "' is not a decimal amount", "amount");
  };
  std::string_view s = text;
  bool negative = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s.empty()) return bad();
  __int128 digits = 0;
  int fraction_digits = 0;
  bool seen_point = false, seen_digit = false;
  for (char ch : s) {
    if (ch == ',' && !seen_point) continue;
    if (ch == '.' && !seen_point) {
      seen_point = true;
      continue;
    }
    if (ch < '0' || ch > '9') return bad();
    seen_digit = true;
    digits = digits * 10 + (ch - '0');
    if (seen_point) ++fraction_digits;
    if (digits > (static_cast<__int128>(1) << 100) || fraction_digits > 18) {
      return Status::Invalid("amount '" + std::string(text) + "' is out of range", "amount");
    }
  }
  if (!seen_digit) return bad();
  if (negative) digits = -digits;
  const int exponent = CurrencyExponent(currency);
  __int128 minor;
  if (fraction_digits <= exponent) {
    minor = digits * Pow10(exponent - fraction_digits);
  } else {
    minor = DivideRounded128(digits, Pow10(fraction_digits - exponent), mode);
  }
  if (!FitsInt64(minor)) {
    return Status::Invalid("amount '" + std::string(text) + "' is out of range", "amount");
  }
  return Money(static_cast<int64_t>(minor), currency);
}

Result<Money> Money::Add(const Money& other) const {
  if (other.currency_ != currency_) return Status::Invalid("cannot add different currencies");
  int64_t out;
  if (__builtin_add_overflow(minor_, other.minor_, &out)) return Status::Invalid("money overflow");
  return Money(out, currency_);
}

Result<Money> Money::Subtract(const Money& other) const {
  if (other.currency_ != currency_) {
    return Status::Invalid("cannot subtract different currencies");
  }
  int64_t out;
  if (__builtin_sub_overflow(minor_, other.minor_, &out)) return Status::Invalid("money overflow");
  return Money(out, currency_);
}

Result<Money> Money::MultiplyRatio(int64_t numerator, int64_t denominator, Rounding mode) const {
  if (denominator == 0) return Status::Invalid("division by zero");
  const __int128 product = static_cast<__int128>(minor_) * numerator;
  const __int128 q = DivideRounded128(product, denominator, mode);
  if (!FitsInt64(q)) return Status::Invalid("money overflow");
  return Money(static_cast<int64_t>(q), currency_);
}

std::string Money::ToString() const {
  const int exponent = CurrencyExponent(currency_);
  // Work on the unsigned magnitude so INT64_MIN prints correctly.
  const bool negative = minor_ < 0;
  const uint64_t magnitude = negative ? 0 - static_cast<uint64_t>(minor_) : minor_;
  const uint64_t scale = static_cast<uint64_t>(Pow10(exponent));
  std::string out = negative ? "-" : "";
  out += std::to_string(magnitude / scale);
  if (exponent > 0) {
    std::string frac = std::to_string(magnitude % scale);
    out += '.';
    out.append(exponent - frac.size(), '0');
    out += frac;
  }
  return out;
}

}  // namespace wcp
