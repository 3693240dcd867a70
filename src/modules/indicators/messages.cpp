#include "modules/indicators/messages.hpp"

#include <algorithm>

#include <fmt/format.h>

#include <cmath>

namespace wcp::indicators {
namespace {

std::string Pct(double fraction, int digits = 1) { return fmt::format("{:.{}f}%", fraction * 100, digits); }

std::string Level(double v) {
  return std::fabs(v - std::round(v)) < 1e-9 ? fmt::format("{:.0f}", v) : fmt::format("{:.1f}", v);
}

double Num(const Json& p, const char* key) { return p.value(key, 0.0); }
std::string Str(const Json& p, const char* key) { return p.value(key, std::string()); }

std::string FlagText(const Message& m, const Indicator& ind, bool zh) {
  const Json& p = m.params;
  if (m.type == "stated_growth_inconsistent") {
    return zh ? fmt::format("规划表述年均增长“{}”，但基期值{}与目标值{}对应的年均增长为{}", Str(p, "stated_text"),
                            Str(p, "base"), Str(p, "target"), Pct(Num(p, "implied"), 2))
              : fmt::format("the plan states growth of {}% ({}), but base {} and target {} imply {} a year",
                            Level(Num(p, "stated_pct")), Str(p, "op"), Str(p, "base"), Str(p, "target"),
                            Pct(Num(p, "implied"), 2));
  }
  if (m.type == "text_table_mismatch") {
    return zh ? fmt::format("正文目标{}{}与指标表目标{}{}不一致", Str(p, "text_target"), ind.unit_zh,
                            Str(p, "table_target"), ind.unit_zh)
              : fmt::format("the plan's text gives a target of {} but its table gives {}", Str(p, "text_target"),
                            Str(p, "table_target"));
  }
  if (m.type == "children_sum_mismatch") {
    const bool base = Str(p, "part") == "base";
    return zh ? fmt::format("{}：分项之和{}与总额{}不一致", base ? "基期值" : "目标值", Level(Num(p, "sum")),
                            Level(Num(p, "total")))
              : fmt::format("{}: the parts add up to {}, the total is {}", base ? "base" : "target",
                            Level(Num(p, "sum")), Level(Num(p, "total")));
  }
  if (m.type == "range") {
    return zh ? fmt::format("数值{}超出合理范围", Level(Num(p, "level")))
              : fmt::format("level {} is outside the plausible range", Level(Num(p, "level")));
  }
  if (m.type == "outlier") {
    return zh ? fmt::format("同比增速{}明显偏离历史（修正z值{:.1f}），请核实", Pct(Num(p, "yoy")), Num(p, "z"))
              : fmt::format("YoY growth {} departs from the history (modified z = {:.1f}); please check",
                            Pct(Num(p, "yoy")), Num(p, "z"));
  }
  return m.type;
}

// A value with its English unit as a reader expects it: "1350.6 (CNY 100
// million)", "95%", "19 projects" (the UI's quantity() in format.js).
std::string QuantityEn(const std::string& level, const std::string& unit) {
  if (unit.empty()) return level;
  if (unit == "%") return level + "%";
  return unit.find(' ') != std::string::npos ? level + " (" + unit + ")" : level + " " + unit;
}

std::string SummaryPartText(const Message& m, const Indicator& ind, bool zh) {
  const Json& p = m.params;
  if (m.type == "latest") {
    const int year = p.value("year", 0);
    return zh ? fmt::format("{}年{}{}{}，年均增长{}", year, ind.name_zh, Level(Num(p, "level")), ind.unit_zh,
                            Pct(Num(p, "actual_cagr")))
              : fmt::format("{} {}: {}, average growth {} a year", ind.name_en, year,
                            QuantityEn(Level(Num(p, "level")), ind.unit_en), Pct(Num(p, "actual_cagr")));
  }
  if (m.type == "target_met") {
    const int year = p.value("target_year", 0);
    return zh ? fmt::format("，已提前实现{}年目标{}{}", year, Str(p, "target"), ind.unit_zh)
              : fmt::format(", already above the {} target of {}", year, Str(p, "target"));
  }
  if (m.type == "vs_required") {
    const bool behind = p.value("behind", false);
    return zh ? fmt::format("，{}规划要求的{}", behind ? "低于" : "不低于", Pct(Num(p, "required_cagr")))
              : fmt::format(", {} the {} the plan requires", behind ? "below" : "at or above",
                            Pct(Num(p, "required_cagr")));
  }
  if (m.type == "needs_remaining") {
    const int from = p.value("from", 0), to = p.value("to", 0);
    const std::string span = from == to ? std::to_string(to) : fmt::format("{}–{}", from, to);
    return zh ? fmt::format("，{}年需年均增长{}方能实现目标", span, Pct(Num(p, "required")))
              : fmt::format("; {} needs {} a year to reach the target", span, Pct(Num(p, "required")));
  }
  return FlagText(m, ind, zh);  // every other type is a flag
}

}  // namespace

std::string MessageText(const Message& m, const Indicator& ind, bool zh) { return SummaryPartText(m, ind, zh); }

std::string SummaryText(const Evaluation& e, const Indicator& ind, bool zh) {
  std::string out;
  for (const auto& part : e.summary) out += SummaryPartText(part, ind, zh);
  return out;
}

std::string ReviewText(std::string_view review, bool zh) {
  struct Words {
    std::string_view code, zh, en;
  };
  static constexpr Words kWords[] = {{"target_met", "提前实现", "target met early"},
                                     {"faster", "快于预期", "faster than expected"},
                                     {"as_expected", "基本符合预期", "broadly as expected"},
                                     {"behind", "滞后预期", "behind expectations"},
                                     {"not_assessable", "无法评估", "cannot be assessed"}};
  for (const auto& w : kWords) {
    if (w.code == review) return std::string(zh ? w.zh : w.en);
  }
  return std::string(review);
}

std::string StatusText(std::string_view status, bool zh) {
  struct Words {
    std::string_view code, zh, en;
  };
  static constexpr Words kWords[] = {{"target_met", "已实现目标", "Target met"},
                                     {"on_track", "进展顺利", "On track"},
                                     {"acceleration_needed", "需要加快", "Acceleration needed"},
                                     {"limited_progress", "进展有限", "Limited progress"},
                                     {"deterioration", "倒退", "Deterioration"},
                                     {"no_data", "暂无数据", "No data"},
                                     {"no_base", "无基期值", "No base value"},
                                     {"no_target", "无目标值", "No target"},
                                     {"not_assessable", "无法评估", "Not assessable"}};
  for (const auto& w : kWords) {
    if (w.code == status) return std::string(zh ? w.zh : w.en);
  }
  return std::string(status);
}

std::string DisplayName(const Indicator& ind, const Indicator* parent, bool zh) {
  if (!parent) return zh ? ind.name_zh : ind.name_en;
  if (zh) {
    constexpr std::string_view kOfWhich = "其中";
    std::string part = ind.name_zh;
    if (part.starts_with(kOfWhich)) part.erase(0, kOfWhich.size());
    if (part.starts_with("：")) part.erase(0, std::string_view("：").size());
    return parent->name_zh + " 其中：" + part;
  }
  return parent->name_en + ": " + ind.name_en;
}

int PublishedDecimals(const Indicator& ind) {
  int decimals = 0;
  for (const auto& v : {ind.base_value, ind.target_value}) {
    if (!v) continue;
    const size_t point = v->find('.');
    if (point != std::string::npos) decimals = std::max(decimals, static_cast<int>(v->size() - point - 1));
  }
  const bool count = ind.unit_zh == "个" || ind.unit_zh == "家" || ind.unit_zh == "处";
  return count ? decimals : std::max(decimals, 1);
}

}  // namespace wcp::indicators
