#include "modules/indicators/evaluation.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace wcp::indicators {
namespace {

std::optional<double> DecimalValue(const std::optional<std::string>& s) {
  if (!s || s->empty()) return std::nullopt;
  return DecimalNumber(*s);
}

double StdDev(const std::vector<double>& xs) {
  if (xs.size() < 2) return 0;
  double mean = 0;
  for (double x : xs) mean += x;
  mean /= static_cast<double>(xs.size());
  double ss = 0;
  for (double x : xs) ss += (x - mean) * (x - mean);
  return std::sqrt(ss / static_cast<double>(xs.size() - 1));
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

void Classify(Evaluation& e, const Bands& b) {
  const double r = *e.ratio;
  if (r >= b.on_track) e.status = "on_track";
  else if (r >= b.acceleration) e.status = "acceleration_needed";
  else if (r >= 0) e.status = "limited_progress";
  else e.status = "deterioration";
  if (r >= 1 + b.tau) e.review = "faster";
  else if (r >= 1 - b.tau) e.review = "as_expected";
  else e.review = "behind";
}

void Summarise(const Indicator& ind, Evaluation& e) {
  if (!e.latest_year || !e.actual_cagr || !e.required_cagr) return;
  const int t = *e.latest_year;
  e.summary.push_back({"latest", {{"year", t}, {"level", *e.latest_level}, {"actual_cagr", *e.actual_cagr}}});
  if (e.status == "target_met") {
    e.summary.push_back({"target_met", {{"target_year", *ind.target_year}, {"target", *ind.target_value}}});
    return;
  }
  e.summary.push_back({"vs_required", {{"behind", *e.actual_cagr < *e.required_cagr},
                                       {"required_cagr", *e.required_cagr}}});
  if (e.required_growth_remaining) {
    e.summary.push_back({"needs_remaining", {{"from", t + 1}, {"to", *ind.target_year},
                                             {"required", *e.required_growth_remaining}}});
  }
}

}  // namespace

std::optional<double> Cagr(double from, double to, int years) {
  if (from <= 0 || to <= 0 || years <= 0) return std::nullopt;
  return std::pow(to / from, 1.0 / years) - 1.0;
}

std::vector<Flag> DefinitionChecks(const Indicator& ind, const Bands& bands) {
  std::vector<Flag> flags;
  const auto base = DecimalValue(ind.base_value), target = DecimalValue(ind.target_value);
  const auto stated = DecimalValue(ind.stated_growth_pct);
  if (base && target && ind.base_year && ind.target_year && stated) {
    const auto implied = Cagr(*base, *target, *ind.target_year - *ind.base_year);
    const double s = *stated / 100.0;
    bool inconsistent = false;
    switch (ind.stated_growth_op) {
      case GrowthClaim::kAbout: inconsistent = implied && std::fabs(*implied - s) > bands.about_tolerance; break;
      case GrowthClaim::kAtLeast: inconsistent = implied && *implied < s; break;
      case GrowthClaim::kOver: inconsistent = implied && *implied <= s; break;
      case GrowthClaim::kNone: break;
    }
    if (inconsistent) {
      flags.push_back({"stated_growth_inconsistent",
                       {{"stated_text", ind.stated_growth_zh},
                        {"stated_pct", *stated},
                        {"op", GrowthClaimName(ind.stated_growth_op)},
                        {"base", *ind.base_value},
                        {"target", *ind.target_value},
                        {"implied", *implied}}});
    }
  }
  if (ind.text_target_value && ind.target_value) {
    const auto text = DecimalValue(ind.text_target_value);
    if (text && target && std::fabs(*text - *target) > 1e-9) {
      flags.push_back({"text_table_mismatch",
                       {{"text_target", *ind.text_target_value}, {"table_target", *ind.target_value}}});
    }
  }
  return flags;
}

std::vector<std::pair<std::string, Flag>> CrossChecks(const std::vector<Indicator>& all, const Bands& bands) {
  const double tolerance = bands.cross_check_tolerance;
  std::vector<std::pair<std::string, Flag>> out;
  std::map<std::string, std::vector<const Indicator*>> children;
  for (const auto& i : all) {
    if (i.parent_code) children[*i.parent_code].push_back(&i);
  }
  for (const auto& parent : all) {
    auto it = children.find(parent.code);
    if (it == children.end()) continue;
    for (auto [part, field] : {std::pair{"base", &Indicator::base_value}, std::pair{"target", &Indicator::target_value}}) {
      const auto total = DecimalValue(parent.*field);
      if (!total) continue;
      double sum = 0;
      bool complete = true;
      for (const auto* c : it->second) {
        const auto v = DecimalValue(c->*field);
        complete = complete && v.has_value();
        sum += v.value_or(0);
      }
      if (complete && std::fabs(sum - *total) > tolerance * std::fabs(*total)) {
        out.push_back({parent.code, {"children_sum_mismatch", {{"part", part}, {"sum", sum}, {"total", *total}}}});
      }
    }
  }
  return out;
}

Evaluation Evaluate(const Indicator& ind, std::vector<YearValue> series, const Bands& bands) {
  Evaluation e;
  e.flags = DefinitionChecks(ind, bands);
  std::sort(series.begin(), series.end(), [](const YearValue& a, const YearValue& b) { return a.year < b.year; });
  const auto base = DecimalValue(ind.base_value), target = DecimalValue(ind.target_value);
  if (!series.empty()) {
    e.latest_year = series.back().year;
    e.latest_level = series.back().level;
  }
  if (!base || !ind.base_year) {
    e.status = series.empty() ? "no_data" : "no_base";
    e.review = "not_assessable";
    return e;
  }
  if (target && ind.target_year) e.required_cagr = Cagr(*base, *target, *ind.target_year - *ind.base_year);
  if (series.empty() || *e.latest_year <= *ind.base_year) {
    e.status = "no_data";
    e.review = "not_assessable";
    return e;
  }
  const int b = *ind.base_year, t = *e.latest_year;
  const double latest = *e.latest_level;
  e.actual_cagr = Cagr(*base, latest, t - b);
  if (!target || !ind.target_year) {
    e.status = "no_target";
    e.review = "not_assessable";
    return e;
  }
  const int T = *ind.target_year;
  e.time_share = static_cast<double>(t - b) / (T - b);
  if (!e.actual_cagr || !e.required_cagr) {  // zero or negative values: CAGR undefined
    e.status = "not_assessable";
    e.review = "not_assessable";
    return e;
  }
  e.milestone = *base * std::pow(1 + *e.required_cagr, t - b);
  if (*target != *base) e.log_progress = std::log(latest / *base) / std::log(*target / *base);
  if (t < T) {
    e.projection = latest * std::pow(1 + *e.actual_cagr, T - t);
    if (*target != *base) e.anticipated_progress = (*e.projection - *base) / (*target - *base);
    e.required_growth_remaining = Cagr(latest, *target, T - t);
    std::vector<double> growth;
    for (size_t i = 0; i < series.size(); ++i) {
      const double prev = i == 0 ? (series[0].year == b + 1 ? *base : 0) : series[i - 1].level;
      if (series[i].yoy) growth.push_back(*series[i].yoy);
      else if (prev > 0 && series[i].level > 0) growth.push_back(series[i].level / prev - 1);
    }
    const double sigma = StdDev(growth);
    if (growth.size() >= 3 && sigma > 0) {
      const double spread = bands.projection_z * sigma * std::sqrt(static_cast<double>(T - t));
      e.projection_low = *e.projection * std::exp(-spread);
      e.projection_high = *e.projection * std::exp(spread);
    }
  }
  if (latest >= *target) {
    e.status = "target_met";
    e.review = "target_met";
  } else if (std::fabs(*e.required_cagr) < 1e-3) {
    // Target ≈ base: a ratio of growth rates explodes; the level, below the
    // target (else target_met above), is what counts.
    e.status = "limited_progress";
    e.review = "behind";
  } else {
    e.ratio = *e.actual_cagr / *e.required_cagr;
    Classify(e, bands);
  }
  Summarise(ind, e);
  return e;
}

std::optional<double> RequiredRestOfYearGrowth(double annual_target, double ytd_this_year,
                                               double last_year_total, double ytd_last_year) {
  const double rest_last_year = last_year_total - ytd_last_year;
  if (rest_last_year <= 0) return std::nullopt;
  return (annual_target - ytd_this_year) / rest_last_year - 1.0;
}

std::vector<Flag> EntryWarnings(const Indicator& ind, double level, std::optional<double> yoy,
                                const std::vector<double>& history_yoy, const Bands& bands) {
  std::vector<Flag> out;
  if (ind.kind == Kind::kRatio ? (level < 0 || level > 100) : level < 0) {
    out.push_back({"range", {{"level", level}}});
  }
  if (yoy && history_yoy.size() >= bands.outlier_min_history) {
    std::vector<double> all = history_yoy;
    all.push_back(*yoy);
    const auto z = ModifiedZScores(all);
    if (!z.empty() && std::fabs(z.back()) > bands.outlier_z) {
      out.push_back({"outlier", {{"yoy", *yoy}, {"z", z.back()}}});
    }
  }
  return out;
}

std::vector<double> ModifiedZScores(const std::vector<double>& values) {
  if (values.size() < 3) return {};
  const double median = Median(values);
  std::vector<double> dev;
  for (double v : values) dev.push_back(std::fabs(v - median));
  const double mad = Median(dev);
  if (mad == 0) return {};
  std::vector<double> z;
  for (double v : values) z.push_back(0.6745 * (v - median) / mad);
  return z;
}

}  // namespace wcp::indicators
