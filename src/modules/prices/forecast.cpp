#include "modules/prices/forecast.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <limits>
#include <numeric>

#include "modules/prices/analytics.hpp"

namespace wcp::prices {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

bool Seasonal(Method m) { return m == Method::kHoltWintersAdditive || m == Method::kHoltWintersMultiplicative; }

// The fewest observations each method needs.
size_t MinLength(Method m, int season) {
  switch (m) {
    case Method::kSeasonalNaive: return static_cast<size_t>(season);
    case Method::kDampedHolt: return 2;
    default: return static_cast<size_t>(2 * season);
  }
}

// Runs the ETS recursions over y from classical initial states, returning
// the in-sample sum of squared one-step errors and the forecasts.
double Recurse(Method method, const std::vector<double>& y, int m, int horizon, const Smoothing& p,
               std::vector<double>* forecasts) {
  const bool seasonal = Seasonal(method), mult = method == Method::kHoltWintersMultiplicative;
  const size_t n = y.size();
  const size_t ms = static_cast<size_t>(m);
  double level = 0, trend = 0;
  std::vector<double> season(seasonal ? ms : 0, mult ? 1.0 : 0.0);
  size_t start = 1;
  if (seasonal) {
    // Level and trend from the means of the first two seasons; each season
    // term from the first season around that level.
    const double first = std::accumulate(y.begin(), y.begin() + m, 0.0) / m;
    const double second = std::accumulate(y.begin() + m, y.begin() + 2 * m, 0.0) / m;
    trend = (second - first) / m;
    level = first - trend * (m - 1) / 2.0;  // the level at the start of the first season
    for (size_t i = 0; i < ms; ++i) {
      const double base = level + trend * static_cast<double>(i);
      season[i] = mult ? y[i] / base : y[i] - base;
    }
    level += trend * static_cast<double>(ms - 1);
    start = ms;
  } else {
    level = y[0];
    trend = y[1] - y[0];
  }
  double sse = 0;
  for (size_t t = start; t < n; ++t) {
    const double s = seasonal ? season[t % ms] : (mult ? 1.0 : 0.0);
    const double damped = level + p.phi * trend;
    const double fit = seasonal ? (mult ? damped * s : damped + s) : damped;
    sse += (y[t] - fit) * (y[t] - fit);
    const double deseasoned = seasonal ? (mult ? y[t] / s : y[t] - s) : y[t];
    const double new_level = p.alpha * deseasoned + (1 - p.alpha) * damped;
    trend = p.beta * (new_level - level) + (1 - p.beta) * p.phi * trend;
    if (seasonal) season[t % ms] = p.gamma * (mult ? y[t] / damped : y[t] - damped) + (1 - p.gamma) * s;
    level = new_level;
    if (!std::isfinite(level) || !std::isfinite(trend)) return kInf;
  }
  if (forecasts) {
    forecasts->clear();
    double phi_sum = 0;
    for (int h = 1; h <= horizon; ++h) {
      phi_sum += std::pow(p.phi, h);
      const double base = level + phi_sum * trend;
      const double s = seasonal ? season[(n + static_cast<size_t>(h) - 1) % ms] : 0;
      forecasts->push_back(seasonal ? (mult ? base * s : base + s) : base);
    }
  }
  return sse;
}

// Parameters inside their bounds: 0 < α < 1, 0 < β < α, 0 < γ < 1 − α,
// 0.8 ≤ φ ≤ 0.98 (research note §4.1), from unbounded coordinates.
Smoothing Bounded(const std::array<double, 4>& x) {
  const auto unit = [](double v) { return 1 / (1 + std::exp(-v)); };
  Smoothing p;
  p.alpha = 0.01 + 0.98 * unit(x[0]);
  p.beta = p.alpha * (0.01 + 0.98 * unit(x[1]));
  p.gamma = (1 - p.alpha) * (0.01 + 0.98 * unit(x[2]));
  p.phi = 0.8 + 0.18 * unit(x[3]);
  return p;
}

// Nelder–Mead over four unbounded coordinates (a fixed number of steps: the
// same answer every time).
Smoothing Fit(Method method, const std::vector<double>& y, int m) {
  const auto cost = [&](const std::array<double, 4>& x) { return Recurse(method, y, m, 0, Bounded(x), nullptr); };
  std::array<std::array<double, 4>, 5> simplex{};
  for (size_t i = 1; i < 5; ++i) simplex[i][i - 1] = 1.0;
  std::array<double, 5> value{};
  for (size_t i = 0; i < 5; ++i) value[i] = cost(simplex[i]);
  for (int step = 0; step < 200; ++step) {
    std::array<size_t, 5> order{0, 1, 2, 3, 4};
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return value[a] < value[b]; });
    const size_t worst = order[4];
    std::array<double, 4> centroid{};
    for (size_t k = 0; k < 4; ++k) {
      for (size_t j = 0; j < 4; ++j) centroid[j] += simplex[order[k]][j] / 4;
    }
    const auto along = [&](double t) {
      std::array<double, 4> x{};
      for (size_t j = 0; j < 4; ++j) x[j] = centroid[j] + t * (simplex[worst][j] - centroid[j]);
      return x;
    };
    const auto reflected = along(-1);
    const double fr = cost(reflected);
    if (fr < value[order[0]]) {
      const auto expanded = along(-2);
      const double fe = cost(expanded);
      simplex[worst] = fe < fr ? expanded : reflected;
      value[worst] = std::min(fe, fr);
    } else if (fr < value[order[3]]) {
      simplex[worst] = reflected;
      value[worst] = fr;
    } else {
      const auto contracted = along(0.5);
      const double fc = cost(contracted);
      if (fc < value[worst]) {
        simplex[worst] = contracted;
        value[worst] = fc;
      } else {  // shrink towards the best
        for (size_t k = 1; k < 5; ++k) {
          for (size_t j = 0; j < 4; ++j) simplex[order[k]][j] = (simplex[order[k]][j] + simplex[order[0]][j]) / 2;
          value[order[k]] = cost(simplex[order[k]]);
        }
      }
    }
  }
  const size_t best = static_cast<size_t>(std::min_element(value.begin(), value.end()) - value.begin());
  return Bounded(simplex[best]);
}

}  // namespace

std::string MethodName(Method m) {
  switch (m) {
    case Method::kSeasonalNaive: return "seasonal_naive";
    case Method::kDampedHolt: return "damped_holt";
    case Method::kHoltWintersAdditive: return "holt_winters_additive";
    case Method::kHoltWintersMultiplicative: return "holt_winters_multiplicative";
  }
  return "seasonal_naive";
}

std::optional<std::vector<double>> ForecastWith(Method method, const std::vector<double>& y, int season, int horizon,
                                                const Smoothing& params) {
  if (season < 1 || horizon < 1 || y.size() < MinLength(method, season)) return std::nullopt;
  if (method == Method::kHoltWintersMultiplicative &&
      std::any_of(y.begin(), y.end(), [](double v) { return v <= 0; })) {
    return std::nullopt;
  }
  std::vector<double> out;
  if (method == Method::kSeasonalNaive) {
    // ŷ_{T+h} = y_{T+h−m(k+1)}, k = ⌊(h−1)/m⌋.
    const size_t n = y.size();
    for (int h = 1; h <= horizon; ++h) {
      const int k = (h - 1) / season;
      out.push_back(y[n - 1 + static_cast<size_t>(h) - static_cast<size_t>(season * (k + 1))]);
    }
    return out;
  }
  if (!std::isfinite(Recurse(method, y, season, horizon, params, &out))) return std::nullopt;
  return out;
}

std::optional<std::vector<double>> Forecast(Method method, const std::vector<double>& y, int season, int horizon,
                                            Smoothing* fitted) {
  if (season < 1 || y.size() < MinLength(method, season)) return std::nullopt;
  const Smoothing params = method == Method::kSeasonalNaive ? Smoothing{} : Fit(method, y, season);
  if (fitted) *fitted = params;
  return ForecastWith(method, y, season, horizon, params);
}

std::optional<FittedModel> ChooseModel(const std::vector<double>& y, int season, int horizon, int origins) {
  constexpr Method kMethods[] = {Method::kSeasonalNaive, Method::kDampedHolt, Method::kHoltWintersAdditive,
                                 Method::kHoltWintersMultiplicative};
  FittedModel best;
  best.season = season;
  best.horizon = horizon;
  std::vector<std::vector<double>> best_errors;  // per origin, per horizon: actual − forecast
  double best_mase = kInf, best_smape = kInf;
  for (Method method : kMethods) {
    Accuracy acc{method, 0, 0, 0};
    std::vector<std::vector<double>> errors;
    for (int o = origins; o >= 1; --o) {
      const long cut = static_cast<long>(y.size()) - static_cast<long>(o) * horizon;
      if (cut < 1) continue;
      const std::vector<double> train(y.begin(), y.begin() + cut);
      const std::vector<double> test(y.begin() + cut, y.begin() + cut + horizon);
      auto forecast = Forecast(method, train, season, horizon);
      auto mase = forecast ? Mase(train, test, *forecast, season) : std::nullopt;
      if (!mase) continue;
      acc.mase += *mase;
      acc.smape += Smape(test, *forecast);
      ++acc.origins;
      std::vector<double> e;
      for (int h = 0; h < horizon; ++h) e.push_back(test[static_cast<size_t>(h)] - (*forecast)[static_cast<size_t>(h)]);
      errors.push_back(std::move(e));
    }
    if (acc.origins == 0) continue;
    acc.mase /= acc.origins;
    acc.smape /= acc.origins;
    best.accuracy.push_back(acc);
    if (acc.mase < best_mase || (acc.mase == best_mase && acc.smape < best_smape)) {
      best_mase = acc.mase;
      best_smape = acc.smape;
      best.method = method;
      best_errors = std::move(errors);
    }
  }
  if (best.accuracy.empty()) return std::nullopt;
  std::sort(best.accuracy.begin(), best.accuracy.end(), [](const Accuracy& a, const Accuracy& b) {
    return a.mase != b.mase ? a.mase < b.mase : a.smape < b.smape;
  });
  if (!Forecast(best.method, y, season, horizon, &best.params)) return std::nullopt;
  for (int h = 0; h < horizon; ++h) {
    std::vector<double> e;
    for (const auto& origin : best_errors) e.push_back(origin[static_cast<size_t>(h)]);
    std::sort(e.begin(), e.end());
    const auto rank = [&](double q) { return e[static_cast<size_t>(std::floor(q * static_cast<double>(e.size() - 1) + 0.5))]; };
    best.low_offset.push_back(rank(0.1));
    best.high_offset.push_back(rank(0.9));
  }
  return best;
}

std::optional<SeriesForecast> ForecastFrom(const FittedModel& model, const std::vector<double>& y) {
  auto point = ForecastWith(model.method, y, model.season, model.horizon, model.params);
  if (!point || model.low_offset.size() != point->size() || model.high_offset.size() != point->size()) {
    return std::nullopt;
  }
  SeriesForecast out{model.method, std::move(*point), {}, {}, model.accuracy};
  // The interval always holds the forecast (a method that erred one way in
  // every back-test would otherwise place it beside), and a price is never
  // below zero.
  for (size_t h = 0; h < out.point.size(); ++h) {
    const double p = out.point[h];
    out.low.push_back(std::max(0.0, std::min(p, p + model.low_offset[h])));
    out.high.push_back(std::max(p, p + model.high_offset[h]));
  }
  return out;
}

std::optional<SeriesForecast> ChooseAndForecast(const std::vector<double>& y, int season, int horizon, int origins) {
  const auto model = ChooseModel(y, season, horizon, origins);
  if (!model) return std::nullopt;
  return ForecastFrom(*model, y);
}

}  // namespace wcp::prices
