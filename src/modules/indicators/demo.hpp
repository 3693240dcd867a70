// modules/indicators/demo.hpp — the module's seeded demo observations.
#pragma once

#include "kit/module.hpp"
#include "modules/indicators/indicator_store.hpp"
#include "modules/indicators/observation_store.hpp"

namespace wcp::indicators {

// Adds demo observations for every indicator that has none; returns how many.
Result<int> LoadDemoObservations(IndicatorStore& indicators, ObservationStore& observations, kit::DemoContext& demo);

}  // namespace wcp::indicators
