// modules/indicators/demo.hpp — the module's seeded demo observations.
#pragma once

#include "kit/module.hpp"
#include "modules/indicators/indicator_store.hpp"
#include "modules/indicators/observation_store.hpp"
#include "modules/indicators/service.hpp"

namespace wcp::indicators {

// Adds demo observations for every indicator that has none; returns how many.
// Entry goes through the module's service (the same rules as the API);
// approval through the store's two-person workflow.
Result<int> LoadDemoObservations(IndicatorStore& indicators, ObservationService& service,
                                 ObservationStore& observations, kit::DemoContext& demo);

}  // namespace wcp::indicators
