// modules/indicators/module.hpp — plan indicator monitoring: the plan's key
// indicators, observations with vintages and two-person approval (ledgered),
// evaluation against the 2025 targets, reports.
#pragma once

#include <memory>

#include "kit/module.hpp"

namespace wcp::indicators {

std::unique_ptr<kit::Module> MakeModule();

}  // namespace wcp::indicators
