#include "modules/indicators/service.hpp"

#include "modules/indicators/messages.hpp"

#include <charconv>
#include <map>

#include "modules/indicators/evaluation.hpp"

namespace wcp::indicators {
namespace {

constexpr int kHistory = 60;  // five years of monthly releases is enough to judge an outlier

// Decimal text validated on entry (ParseObservation); parsed without throwing.
}  // namespace

Result<std::map<std::string, Indicator>> ObservationService::ByCode() {
  WCP_ASSIGN_OR_RETURN(auto all, indicators_.List());
  std::map<std::string, Indicator> out;
  for (auto& i : all) out.emplace(i.code, std::move(i));
  return out;
}

Status ObservationService::CheckEntry(const Observation& o, const std::map<std::string, Indicator>& by_code) {
  const auto it = by_code.find(o.indicator);
  if (it == by_code.end()) return Status::Invalid("'" + o.indicator + "' is not an indicator", "indicator");
  if (it->second.formula) {
    return Status::Invalid("'" + o.indicator + "' is derived (" + *it->second.formula + "): its values are computed",
                           "formula");
  }
  return Status::Ok();
}

Status ObservationService::CheckRows(std::vector<ImportRow>& rows) {
  WCP_ASSIGN_OR_RETURN(auto by_code, ByCode());
  for (auto& r : rows) {
    if (!r.observation) continue;
    if (Status s = CheckEntry(*r.observation, by_code); !s.ok()) {
      r.Fail(s, "indicator");  // the row's column that names the indicator
    }
  }
  return Status::Ok();
}

Result<ObservationService::Submitted> ObservationService::Submit(std::vector<Observation> list,
                                                                 const std::string& submitter, bool draft) {
  WCP_ASSIGN_OR_RETURN(auto by_code, ByCode());
  for (size_t i = 0; i < list.size(); ++i) {
    if (Status s = CheckEntry(list[i], by_code); !s.ok()) {
      return list.size() == 1 ? s : Status::Invalid("[" + std::to_string(i) + "]: " + s.message(), s.field());
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
