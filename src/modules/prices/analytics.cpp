#include "modules/prices/analytics.hpp"

#include <algorithm>
#include <cmath>

#include <Eigen/Dense>

namespace wcp::prices {
namespace {

// Per-month compound growth over `k` months: (P_t / P_{t−k})^{1/k} − 1.
std::optional<double> CompoundGrowth(const std::vector<double>& p, size_t t, size_t k) {
  if (t < k || p[t - k] <= 0 || p[t] <= 0) return std::nullopt;
  return std::pow(p[t] / p[t - k], 1.0 / static_cast<double>(k)) - 1;
}

// The z-score of month t's k-month growth against the same calendar month of
// earlier years, weighted linearly (oldest 1 … latest γ):
// mean_W = Σw·x/Σw, sd_W = sqrt(Σw(x − mean_W)² / (Σw·(γ−1)/γ)).
std::optional<double> SameMonthZ(const std::vector<double>& p, size_t t, size_t k, int min_years) {
  const auto now = CompoundGrowth(p, t, k);
  if (!now) return std::nullopt;
  std::vector<double> earlier;  // oldest first
  for (size_t s = t % 12; s < t; s += 12) {
    if (auto g = CompoundGrowth(p, s, k)) earlier.push_back(*g);
  }
  const size_t years = earlier.size();
  if (years < static_cast<size_t>(std::max(min_years, 2))) return std::nullopt;
  double sum_w = 0, mean = 0;
  for (size_t y = 0; y < years; ++y) {
    sum_w += static_cast<double>(y + 1);
    mean += static_cast<double>(y + 1) * earlier[y];
  }
  mean /= sum_w;
  double ss = 0;
  for (size_t y = 0; y < years; ++y) ss += static_cast<double>(y + 1) * (earlier[y] - mean) * (earlier[y] - mean);
  const double sd = std::sqrt(ss / (sum_w * static_cast<double>(years - 1) / static_cast<double>(years)));
  if (sd == 0) return std::nullopt;  // no variation to measure an anomaly against
  return (*now - mean) / sd;
}

}  // namespace

std::string IfpaLevel(double ifpa) {
  if (ifpa >= 1) return "abnormally_high";
  if (ifpa >= 0.5) return "moderately_high";
  if (ifpa > -0.5) return "normal";
  if (ifpa > -1) return "moderately_low";
  return "abnormally_low";
}

std::vector<IfpaPoint> Ifpa(const std::vector<double>& prices, const IfpaMethod& method) {
  std::vector<IfpaPoint> out(prices.size());
  for (size_t t = 0; t < prices.size(); ++t) {
    IfpaPoint& point = out[t];
    point.z_quarterly = SameMonthZ(prices, t, 3, method.min_years);
    point.z_annual = SameMonthZ(prices, t, 12, method.min_years);
    if (point.z_quarterly && point.z_annual) {
      point.ifpa = method.quarterly_weight * *point.z_quarterly + method.annual_weight * *point.z_annual;
      point.level = IfpaLevel(*point.ifpa);
    }
  }
  return out;
}

std::string AlpsLevel(double alps) {
  if (alps < 0.25) return "normal";
  if (alps < 1) return "stress";
  if (alps < 2) return "alert";
  return "crisis";
}

std::vector<AlpsPoint> Alps(const std::vector<double>& prices, size_t min_months) {
  constexpr Eigen::Index kParams = 13;  // intercept, trend, 11 month dummies
  std::vector<AlpsPoint> out(prices.size());
  for (size_t t = std::max<size_t>(min_months, kParams + 1) - 1; t < prices.size(); ++t) {
    const Eigen::Index n = static_cast<Eigen::Index>(t + 1);
    Eigen::MatrixXd x = Eigen::MatrixXd::Zero(n, kParams);
    Eigen::VectorXd y(n);
    for (Eigen::Index i = 0; i < n; ++i) {
      x(i, 0) = 1;
      x(i, 1) = static_cast<double>(i);
      if (const Eigen::Index month = i % 12; month > 0) x(i, 1 + month) = 1;
      y(i) = prices[static_cast<size_t>(i)];
    }
    const Eigen::VectorXd beta = x.colPivHouseholderQr().solve(y);
    const Eigen::VectorXd residuals = y - x * beta;
    const double sigma = std::sqrt(residuals.squaredNorm() / static_cast<double>(n - kParams));
    if (!(sigma > 1e-12)) continue;  // a series the model fits exactly has no spike to measure
    out[t].alps = residuals(n - 1) / sigma;
    out[t].level = AlpsLevel(*out[t].alps);
  }
  return out;
}

std::vector<PigGrainWeek> PigGrain(const std::vector<double>& hog, const std::vector<double>& corn,
                                   const PigGrainRule& rule) {
  std::vector<PigGrainWeek> out;
  int falling_run = 0, rising_run = 0;  // consecutive weeks inside each level-2 band
  for (size_t i = 0; i < hog.size() && i < corn.size(); ++i) {
    PigGrainWeek w;
    w.ratio = corn[i] > 0 ? hog[i] / corn[i] : 0;
    const bool falling_band = w.ratio >= rule.falling_severe && w.ratio < rule.falling_warn;
    const bool rising_band = w.ratio >= rule.rising_band && w.ratio <= rule.rising_severe;
    falling_run = falling_band ? falling_run + 1 : 0;
    rising_run = rising_band ? rising_run + 1 : 0;
    if (w.ratio < rule.falling_warn) {
      w.direction = "falling";
      w.level = w.ratio < rule.falling_severe ? 1 : falling_run >= rule.falling_weeks ? 2 : 3;
      w.action = rule.falling_action[w.level];
    } else if (w.ratio > rule.rising_warn) {
      w.direction = "rising";
      w.level = w.ratio > rule.rising_severe ? 1 : rising_run >= rule.rising_weeks ? 2 : 3;
      w.action = rule.rising_action[w.level];
    }
    out.push_back(std::move(w));
  }
  return out;
}

std::string FluctuationLevel(std::optional<double> day_change, std::optional<double> week_change,
                             const FluctuationRule& rule) {
  std::string level;
  for (int i = 0; i < 3; ++i) {
    const bool day = day_change && *day_change > rule.day[i];
    const bool week = week_change && *week_change > rule.week[i];
    if (day || week) level = FluctuationRule::kLevels[i];
  }
  return level;
}

int LevelSeverity(const std::string& level) {
  static const char* kOrder[] = {"IV", "III", "II", "I"};
  for (int i = 0; i < 4; ++i) {
    if (level == kOrder[i]) return i + 1;
  }
  return 0;
}

int DaysAtLevel(const std::vector<std::optional<double>>& prices, const std::string& level,
                const FluctuationRule& rule) {
  const int wanted = LevelSeverity(level);
  const auto change = [&](size_t i, size_t back) -> std::optional<double> {
    if (i < back || !prices[i] || !prices[i - back] || *prices[i - back] <= 0) return std::nullopt;
    return *prices[i] / *prices[i - back] - 1;
  };
  int days = 0;
  for (size_t i = prices.size(); i-- > 0;) {
    if (wanted == 0 || LevelSeverity(FluctuationLevel(change(i, 1), change(i, 7), rule)) < wanted) break;
    ++days;
  }
  return days;
}

std::optional<double> WeeklyMeanChange(const std::vector<std::optional<double>>& prices) {
  if (prices.size() < 14) return std::nullopt;
  const auto mean = [&](size_t from) -> std::optional<double> {
    double sum = 0;
    int n = 0;
    for (size_t i = from; i < from + 7; ++i) {
      if (prices[i]) {
        sum += *prices[i];
        ++n;
      }
    }
    if (n < 4) return std::nullopt;
    return sum / n;
  };
  const auto now = mean(prices.size() - 7), before = mean(prices.size() - 14);
  if (!now || !before || *before <= 0) return std::nullopt;
  return *now / *before - 1;
}

std::optional<double> Mase(const std::vector<double>& insample, const std::vector<double>& actual,
                           const std::vector<double>& forecast, int m) {
  if (m < 1 || insample.size() <= static_cast<size_t>(m) || actual.empty() || actual.size() != forecast.size()) {
    return std::nullopt;
  }
  double scale = 0;
  for (size_t t = static_cast<size_t>(m); t < insample.size(); ++t) scale += std::fabs(insample[t] - insample[t - m]);
  scale /= static_cast<double>(insample.size() - static_cast<size_t>(m));
  if (scale == 0) return std::nullopt;
  double mae = 0;
  for (size_t j = 0; j < actual.size(); ++j) mae += std::fabs(actual[j] - forecast[j]);
  mae /= static_cast<double>(actual.size());
  return mae / scale;
}

double Smape(const std::vector<double>& actual, const std::vector<double>& forecast) {
  const size_t h = std::min(actual.size(), forecast.size());
  if (h == 0) return 0;
  double sum = 0;
  for (size_t j = 0; j < h; ++j) {
    const double denominator = std::fabs(actual[j]) + std::fabs(forecast[j]);
    if (denominator > 0) sum += std::fabs(actual[j] - forecast[j]) / denominator;
  }
  return 200.0 / static_cast<double>(h) * sum;
}

std::optional<double> Median(std::vector<double> values) {
  if (values.empty()) return std::nullopt;
  const size_t mid = values.size() / 2;
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(mid), values.end());
  const double upper = values[mid];
  if (values.size() % 2 == 1) return upper;
  const double lower = *std::max_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(mid));
  return (lower + upper) / 2;
}

std::string Implausible(double price, const std::vector<double>& point_history,
                        std::optional<double> district_median, const PlausibilityRule& rule) {
  if (point_history.size() >= rule.min_history) {
    const double median = *Median(point_history);
    std::vector<double> deviations;
    deviations.reserve(point_history.size());
    for (double v : point_history) deviations.push_back(std::fabs(v - median));
    const double mad = *Median(deviations);
    if (std::fabs(price - median) > rule.mad_multiple * mad && mad > 0) return "history";
  }
  if (district_median && *district_median > 0 &&
      std::fabs(price - *district_median) > rule.max_district_gap * *district_median) {
    return "district";
  }
  return "";
}

}  // namespace wcp::prices
