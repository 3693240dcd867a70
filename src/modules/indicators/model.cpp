#include "modules/indicators/model.hpp"

#include <array>
#include <charconv>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace wcp::indicators {
namespace {

const std::vector<std::string> kColumns = {
    "code",          "parent_code",       "category_zh",      "category_en",       "name_zh",
    "name_en",       "unit_zh",           "unit_en",          "kind",              "base_year",
    "base_value",    "target_year",       "target_value",     "text_target_value", "stated_growth_zh",
    "stated_growth_op", "stated_growth_pct", "source", "frequency"};
const std::vector<std::string> kOptionalColumns = {"frequency"};

constexpr std::array<std::pair<Kind, std::string_view>, 3> kKinds{
    {{Kind::kFlow, "flow"}, {Kind::kStock, "stock"}, {Kind::kRatio, "ratio"}}};
constexpr std::array<std::pair<GrowthClaim, std::string_view>, 4> kClaims{
    {{GrowthClaim::kNone, "none"}, {GrowthClaim::kAbout, "about"},
     {GrowthClaim::kAtLeast, "at_least"}, {GrowthClaim::kOver, "over"}}};
constexpr std::array<std::pair<Frequency, std::string_view>, 3> kFrequencies{
    {{Frequency::kAnnual, "annual"}, {Frequency::kQuarterly, "quarterly"}, {Frequency::kMonthly, "monthly"}}};

template <typename E, size_t N>
std::optional<E> Lookup(const std::array<std::pair<E, std::string_view>, N>& table,
                        std::string_view name) {
  for (const auto& [e, n] : table) {
    if (n == name) return e;
  }
  return std::nullopt;
}

template <typename E, size_t N>
Result<E> Parse(const std::array<std::pair<E, std::string_view>, N>& table, std::string_view name,
                std::string_view field) {
  if (auto e = Lookup(table, name)) return *e;
  std::vector<std::string_view> names;
  for (const auto& [e, n] : table) names.push_back(n);
  return Status::Invalid(fmt::format("'{}' must be one of {}, got '{}'", field, fmt::join(names, ", "), name),
                         std::string(field));
}

std::optional<std::string> Optional(const std::string& v) {
  return v.empty() ? std::nullopt : std::optional<std::string>(v);
}

}  // namespace

bool IsDecimalText(std::string_view s) {
  if (s.empty() || s.size() > 40) return false;
  size_t i = s[0] == '-' ? 1 : 0;
  size_t before = 0, after = 0;  // digits before and after the point
  bool point = false;
  for (; i < s.size(); ++i) {
    if (s[i] >= '0' && s[i] <= '9') ++(point ? after : before);
    else if (s[i] == '.' && !point) point = true;
    else return false;
  }
  return before > 0 && (!point || after > 0);  // "5", "5.25"; never ".5" or "5."
}

Status ValidateProposal(const Indicator& ind) {
  if (ind.code.empty() || ind.code.size() > 64 || !(ind.code[0] >= 'a' && ind.code[0] <= 'z')) {
    return Status::Invalid("code must start with a–z and have at most 64 characters", "code");
  }
  for (char c : ind.code) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
      return Status::Invalid("code may contain only a–z, 0–9 and '_'", "code");
    }
  }
  if (ind.name_zh.empty()) return Status::Invalid("'name_zh' is required", "name_zh");
  if (ind.name_en.empty()) return Status::Invalid("'name_en' is required", "name_en");
  for (const auto* v : {&ind.base_value, &ind.target_value}) {
    if (*v && !IsDecimalText(**v)) return Status::Invalid("values must be decimal numbers", v == &ind.base_value ? "base_value" : "target_value");
  }
  if (ind.base_year.has_value() != ind.base_value.has_value()) {
    return Status::Invalid("base_value and base_year go together", "base_value");
  }
  if (ind.target_year.has_value() != ind.target_value.has_value()) {
    return Status::Invalid("target_value and target_year go together", "target_value");
  }
  return Status::Ok();
}

double DecimalNumber(std::string_view text) {
  double v = 0;
  std::from_chars(text.data(), text.data() + text.size(), v);
  return v;
}

int PeriodYear(std::string_view period) {
  int year = 0;
  std::from_chars(period.data(), period.data() + std::min<size_t>(4, period.size()), year);
  return year;
}

std::string_view KindName(Kind k) {
  for (const auto& [e, n] : kKinds) {
    if (e == k) return n;
  }
  return "flow";
}

std::string_view GrowthClaimName(GrowthClaim g) {
  for (const auto& [e, n] : kClaims) {
    if (e == g) return n;
  }
  return "none";
}

std::string_view FrequencyName(Frequency f) {
  for (const auto& [e, n] : kFrequencies) {
    if (e == f) return n;
  }
  return "annual";
}

Result<Kind> ParseKind(std::string_view name, std::string_view field) { return Parse(kKinds, name, field); }
Result<GrowthClaim> ParseGrowthClaim(std::string_view name, std::string_view field) {
  return Parse(kClaims, name, field);
}
Result<Frequency> ParseFrequency(std::string_view name, std::string_view field) {
  return Parse(kFrequencies, name, field);
}

Result<PlanPeriod> PlanPeriodOf(const std::vector<Indicator>& indicators) {
  std::optional<int> base, target;
  for (const auto& i : indicators) {
    if (i.source == "analyst" || !i.base_year || !i.target_year) continue;
    base = std::min(base.value_or(*i.base_year), *i.base_year);
    target = std::max(target.value_or(*i.target_year), *i.target_year);
  }
  if (!base || !target || *target <= *base) return Status::NotFound("no plan indicator has a base and a target year");
  return PlanPeriod{*base + 1, *target};
}

Result<std::vector<Indicator>> ParseIndicatorsCsv(const CsvTable& table) {
  WCP_RETURN_IF_ERROR(table.RequireColumns(
      std::vector<std::string>(kColumns.begin(), kColumns.end() - static_cast<long>(kOptionalColumns.size())),
      kOptionalColumns));
  std::vector<Indicator> out;
  std::set<std::string> codes;
  for (const auto& row : table.rows()) {
    const std::string where = table.source() + ": line " + std::to_string(row.line) + ": ";
    const auto get = [&](const char* col) -> const std::string& { return table.Get(row, col); };
    const auto fail = [&](const std::string& col, const std::string& why) {
      return Status::Invalid(where + "'" + col + "' " + why, col);
    };
    Indicator ind;
    ind.code = get("code");
    if (ind.code.empty()) return fail("code", "is empty");
    if (!codes.insert(ind.code).second) return fail("code", "'" + ind.code + "' appears twice");
    ind.parent_code = Optional(get("parent_code"));
    ind.category_zh = get("category_zh");
    ind.category_en = get("category_en");
    ind.name_zh = get("name_zh");
    ind.name_en = get("name_en");
    if (ind.name_zh.empty()) return fail("name_zh", "is empty");
    ind.unit_zh = get("unit_zh");
    ind.unit_en = get("unit_en");
    auto kind = Lookup(kKinds, get("kind"));
    if (!kind) return fail("kind", "must be flow, stock or ratio");
    ind.kind = *kind;
    for (const char* col : {"base_year", "target_year"}) {
      const std::string& v = get(col);
      if (v.empty()) continue;
      int year = 0;
      auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), year);
      if (ec != std::errc() || p != v.data() + v.size() || year < 1949 || year > 2100) {
        return fail(col, "must be a year");
      }
      (std::string_view(col) == "base_year" ? ind.base_year : ind.target_year) = year;
    }
    for (const char* col : {"base_value", "target_value", "text_target_value", "stated_growth_pct"}) {
      if (!get(col).empty() && !IsDecimalText(get(col))) return fail(col, "must be a decimal number");
    }
    ind.base_value = Optional(get("base_value"));
    ind.target_value = Optional(get("target_value"));
    ind.text_target_value = Optional(get("text_target_value"));
    ind.stated_growth_pct = Optional(get("stated_growth_pct"));
    if (ind.base_year.has_value() != ind.base_value.has_value()) {
      return fail("base_value", "and base_year must be given together");
    }
    ind.stated_growth_zh = get("stated_growth_zh");
    auto claim = Lookup(kClaims, get("stated_growth_op"));
    if (!claim) return fail("stated_growth_op", "must be none, about, at_least or over");
    ind.stated_growth_op = *claim;
    if ((ind.stated_growth_op != GrowthClaim::kNone) != ind.stated_growth_pct.has_value()) {
      return fail("stated_growth_pct", "is required exactly when stated_growth_op is not none");
    }
    if (!get("frequency").empty()) {
      auto frequency = Lookup(kFrequencies, get("frequency"));
      if (!frequency) return fail("frequency", "must be annual, quarterly or monthly");
      ind.frequency = *frequency;
    }
    ind.source = get("source");
    if (ind.source != "table" && ind.source != "text" && ind.source != "analyst") {
      return fail("source", "must be table, text or analyst");
    }
    out.push_back(std::move(ind));
  }
  for (const auto& ind : out) {
    if (ind.parent_code && !codes.count(*ind.parent_code)) {
      return Status::Invalid(table.source() + ": parent_code '" + *ind.parent_code + "' of '" +
                                 ind.code + "' is not an indicator",
                             "parent_code");
    }
  }
  return out;
}

std::string IndicatorsToCsv(const std::vector<Indicator>& indicators) {
  std::string out;
  for (size_t i = 0; i < kColumns.size(); ++i) out += (i ? "," : "") + kColumns[i];
  out += "\n";
  const auto opt = [](const auto& v) -> std::string {
    if constexpr (std::is_same_v<std::decay_t<decltype(v)>, std::optional<int>>) {
      return v ? std::to_string(*v) : "";
    } else {
      return v ? *v : "";
    }
  };
  for (const auto& ind : indicators) {
    const std::vector<std::string> cells = {
        ind.code,        opt(ind.parent_code), ind.category_zh, ind.category_en,
        ind.name_zh,     ind.name_en,          ind.unit_zh,     ind.unit_en,
        std::string(KindName(ind.kind)),       opt(ind.base_year), opt(ind.base_value),
        opt(ind.target_year), opt(ind.target_value), opt(ind.text_target_value),
        ind.stated_growth_zh, std::string(GrowthClaimName(ind.stated_growth_op)),
        opt(ind.stated_growth_pct), ind.source, std::string(FrequencyName(ind.frequency))};
    for (size_t i = 0; i < cells.size(); ++i) out += (i ? "," : "") + CsvEscape(cells[i]);
    out += "\n";
  }
  return out;
}

}  // namespace wcp::indicators
