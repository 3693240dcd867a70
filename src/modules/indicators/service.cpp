#include "modules/indicators/service.hpp"

#include "modules/indicators/messages.hpp"

#include <charconv>
#include <map>

#include "modules/indicators/evaluation.hpp"

namespace wcp::indicators {
namespace {

constexpr int kHistory = 60;

// One batch holds one value per indicator, period and release (two releases
// of a period — a flash estimate and the annual figure — are two vintages).
std::string SameReleaseKey(const Observation& o) {
  return o.indicator + '\n' + o.period_type + '\n' + o.period + '\n' + o.release;
}  // five years of monthly releases is enough to judge an outlier

}  // namespace

Result<std::map<std::string, Indicator>> ObservationService::ByCode() {
  WCP_ASSIGN_OR_RETURN(auto all, indicators_.List());
  std::map<std::string, Indicator> out;
  for (auto& i : all) out.emplace(i.code, std::move(i));
  return out;
}

Status ObservationService::CheckEntry(const Observation& o, const std::map<std::string, Indicator>& by_code) {
  const auto it = by_code.find(o.indicator);
  if (it == by_code.end()) {
    return Status::Invalid("'" + o.indicator + "' is not an indicator", "indicator")
        .WithCode("unknown-indicator", {{"value", o.indicator}});
  }
  if (it->second.formula) {
    return Status::Invalid("'" + o.indicator + "' is derived (" + *it->second.formula + "): its values are computed",
                           "formula");
  }
  return Status::Ok();
}

// An upload may name an indicator by its code or by its Chinese name (the
// plain name, or a part named with its whole as reports and the template
// do: "货物进出口总额 其中：出口额"); a name two indicators share is ambiguous.
Status ObservationService::ResolveName(Observation& o, const std::map<std::string, Indicator>& by_code) {
  if (by_code.count(o.indicator)) return Status::Ok();
  std::vector<std::string> matches;
  for (const auto& [code, ind] : by_code) {
    const Indicator* parent = ind.parent_code && by_code.count(*ind.parent_code) ? &by_code.at(*ind.parent_code) : nullptr;
    if (ind.name_zh == o.indicator || (parent && DisplayName(ind, parent, true) == o.indicator)) matches.push_back(code);
  }
  if (matches.size() > 1) {
    return Status::Invalid("'" + o.indicator + "' names " + std::to_string(matches.size()) +
                               " indicators; use the code or the full name", "indicator")
        .WithCode("ambiguous-indicator", {{"value", o.indicator}});
  }
  if (matches.size() == 1) o.indicator = matches.front();
  return Status::Ok();
}

Status ObservationService::CheckRows(std::vector<ImportRow>& rows) {
  WCP_ASSIGN_OR_RETURN(auto by_code, ByCode());
  std::map<std::string, int> first_line;  // indicator, type, period → the line that has it
  for (auto& r : rows) {
    if (!r.observation) continue;
    Status s = ResolveName(*r.observation, by_code);
    if (s.ok()) s = CheckEntry(*r.observation, by_code);
    if (!s.ok()) {
      r.Fail(s, "indicator");  // the row's column that names the indicator
      continue;
    }
    const auto [it, fresh] = first_line.emplace(SameReleaseKey(*r.observation), r.line);
    if (!fresh) {
      r.Fail(Status::Invalid("the same indicator, period and release as line " + std::to_string(it->second), "period")
                 .WithCode("duplicate-row", {{"line", std::to_string(it->second)}}),
             "period");
    }
  }
  return Status::Ok();
}

Result<ObservationService::Submitted> ObservationService::Submit(std::vector<Observation> list,
                                                                 const std::string& submitter, bool draft) {
  WCP_ASSIGN_OR_RETURN(auto by_code, ByCode());
  std::map<std::string, size_t> first;  // SameReleaseKey → position
  for (size_t i = 0; i < list.size(); ++i) {
    if (Status s = CheckEntry(list[i], by_code); !s.ok()) {
      return list.size() == 1 ? s : Status::Invalid("[" + std::to_string(i) + "]: " + s.message(), s.field());
    }
    if (const auto [it, fresh] = first.emplace(SameReleaseKey(list[i]), i); !fresh) {
      return Status::Invalid("[" + std::to_string(i) + "]: the same indicator, period and release as [" +
                                 std::to_string(it->second) + "]",
                             "[" + std::to_string(i) + "].period")
          .WithCode("duplicate-row", {{"line", std::to_string(it->second + 1)}});
    }
    list[i].submitted_by = submitter;
  }
  WCP_RETURN_IF_ERROR(observations_.Submit(list, draft));  // one transaction: all or none
  Submitted out;
  WCP_ASSIGN_OR_RETURN(out.warnings, Warnings(list, by_code));
  out.observations = std::move(list);
  return out;
}

// Range and outlier warnings, each naming the observation's position in
// the list; each indicator's history is fetched once per period type.
Result<Json> ObservationService::Warnings(const std::vector<Observation>& list,
                                          const std::map<std::string, Indicator>& by_code) {
  std::map<std::pair<std::string, std::string>, std::vector<double>> history;
  Json out = Json::array();
  for (size_t i = 0; i < list.size(); ++i) {
    const auto& o = list[i];
    const auto key = std::make_pair(o.indicator, o.period_type);
    auto h = history.find(key);
    if (h == history.end()) {
      WCP_ASSIGN_OR_RETURN(auto past, observations_.RecentApprovedGrowth(o.indicator, o.period_type, kHistory));
      h = history.emplace(key, std::move(past)).first;
    }
    const auto yoy = o.yoy_growth ? std::optional<double>(DecimalNumber(*o.yoy_growth)) : std::nullopt;
    const Indicator& ind = by_code.at(o.indicator);
    for (const auto& f : EntryWarnings(ind, DecimalNumber(o.level), yoy, h->second)) {
      out.push_back({{"index", i}, {"indicator", o.indicator}, {"type", f.type}, {"params", f.params},
                     {"message", MessageText(f, ind, /*zh=*/false)}});
    }
  }
  return out;
}

}  // namespace wcp::indicators
