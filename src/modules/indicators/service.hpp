// modules/indicators/service.hpp — the rules of observation entry, enforced
// once for every entry point (the JSON route, the CSV/XLSX import with its
// preview, the demo generator): the indicator exists and is not derived (a
// derived indicator's values are computed from its formula), and every entry
// gets its range and outlier warnings.
// Thread-safety: safe from any thread (the stores are).
#pragma once

#include <string>
#include <vector>

#include "core/json.hpp"
#include "modules/indicators/indicator_store.hpp"
#include "modules/indicators/observation.hpp"
#include "modules/indicators/observation_store.hpp"

namespace wcp::indicators {

class ObservationService {
 public:
  ObservationService(IndicatorStore& indicators, ObservationStore& observations)
      : indicators_(indicators), observations_(observations) {}

  // Marks every parsed row the entry rules refuse with an error naming the
  // field, so that an import's preview gives the same verdict as its commit.
  // Rows naming an indicator by its Chinese name get its code; a second row
  // for the same indicator, period and release is an error naming the first.
  Status CheckRows(std::vector<ImportRow>& rows);

  struct Submitted {
    std::vector<Observation> observations;  // as stored (ids, state)
    Json warnings = Json::array();          // {index, indicator, type, params, message} per flagged entry
  };
  // Checks every observation (all or nothing), stores them in one
  // transaction as submitted (or drafts) by `submitter`, and returns the
  // entry warnings (they ask for a second look; they do not refuse).
  Result<Submitted> Submit(std::vector<Observation> list, const std::string& submitter, bool draft);

 private:
  static Status ResolveName(Observation& o, const std::map<std::string, Indicator>& by_code);
  Result<std::map<std::string, Indicator>> ByCode();
  static Status CheckEntry(const Observation& o, const std::map<std::string, Indicator>& by_code);
  Result<Json> Warnings(const std::vector<Observation>& list, const std::map<std::string, Indicator>& by_code);

  IndicatorStore& indicators_;
  ObservationStore& observations_;
};

}  // namespace wcp::indicators
