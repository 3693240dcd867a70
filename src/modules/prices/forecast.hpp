// modules/prices/forecast.hpp — forecasts of a price series, implemented here
// (Debian packages no C++ library for them; research note §4): seasonal naive,
// damped Holt, and damped Holt-Winters (additive and multiplicative). Each
// method is fitted by Nelder–Mead on its in-sample one-step squared errors;
// the method of a series is chosen by rolling-origin back-testing on MASE
// (sMAPE breaks ties), exactly as analytics.hpp defines them. Pure functions.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace wcp::prices {

enum class Method { kSeasonalNaive, kDampedHolt, kHoltWintersAdditive, kHoltWintersMultiplicative };
std::string MethodName(Method m);  // seasonal_naive, damped_holt, holt_winters_additive, holt_winters_multiplicative

// Smoothing parameters (Hyndman & Athanasopoulos' ETS notation).
struct Smoothing {
  double alpha = 0.3, beta = 0.05, gamma = 0.1, phi = 0.95;
};

// The forecasts h = 1 … horizon after the series, with `params` (ignored by
// seasonal naive). None when the series is too short for the method (seasonal
// naive needs one season, Holt two points, Holt-Winters two seasons;
// multiplicative needs positive values).
std::optional<std::vector<double>> ForecastWith(Method method, const std::vector<double>& y, int season, int horizon,
                                                const Smoothing& params);
// The same with parameters fitted to `y` (the fitted ones in *fitted when given).
std::optional<std::vector<double>> Forecast(Method method, const std::vector<double>& y, int season, int horizon,
                                            Smoothing* fitted = nullptr);

struct Accuracy {
  Method method = Method::kSeasonalNaive;
  double mase = 0;   // mean over the origins
  double smape = 0;  // mean over the origins, percent
  int origins = 0;
};

// A method chosen for a series with its fitted parameters, kept so that the
// next days' forecasts re-run only the recursions (O(n)) until it is refitted.
struct FittedModel {
  Method method = Method::kSeasonalNaive;
  Smoothing params;
  int season = 1;
  int horizon = 1;
  // The 80 % interval at each horizon as offsets from the point forecast: the
  // 10th and 90th percentiles (nearest rank) of the back-test's errors there.
  std::vector<double> low_offset, high_offset;
  std::vector<Accuracy> accuracy;  // every method that could be tested, best first
};

struct SeriesForecast {
  Method method = Method::kSeasonalNaive;
  std::vector<double> point;  // h = 1 … horizon
  std::vector<double> low;    // the 80 % interval, holding the point, never below 0
  std::vector<double> high;
  std::vector<Accuracy> accuracy;
};

// Back-tests every method at `origins` rolling origins, `horizon` apart,
// the last ending at the series' end; chooses the lowest mean MASE (sMAPE
// breaks ties) and fits it to the whole series. None when no method can be tested.
std::optional<FittedModel> ChooseModel(const std::vector<double>& y, int season, int horizon, int origins = 4);
// The model's forecast after `y` (its parameters as fitted, the states run
// over `y`). None when `y` is too short for the model's method.
std::optional<SeriesForecast> ForecastFrom(const FittedModel& model, const std::vector<double>& y);
// ChooseModel, then ForecastFrom on the same series.
std::optional<SeriesForecast> ChooseAndForecast(const std::vector<double>& y, int season, int horizon, int origins = 4);

}  // namespace wcp::prices
