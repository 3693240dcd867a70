// modules/indicators/demo.hpp — the module's seeded demo observations.
#pragma once

#include "kit/module.hpp"
#include "modules/indicators/enterprise_report_store.hpp"
#include "modules/indicators/indicator_store.hpp"
#include "modules/indicators/observation_store.hpp"
#include "modules/indicators/service.hpp"

namespace wcp::indicators {

// Adds demo observations for every indicator that has none; returns how many.
// Entry goes through the module's service (the same rules as the API);
// approval through the store's two-person workflow.
Result<int> LoadDemoObservations(IndicatorStore& indicators, ObservationService& service,
                                 ObservationStore& observations, kit::DemoContext& demo);

// Adds a demo reporting rule (marked demo: the bureau's notice replaces it)
// and, for each demo enterprise without reports, its monthly reports of the
// last months as of `today`: most approved, the latest one awaiting review,
// and for every third enterprise the latest month missing (overdue).
Result<int> LoadDemoEnterpriseReports(EnterpriseReportStore& reports, kit::DemoContext& demo, const Date& today);

}  // namespace wcp::indicators
