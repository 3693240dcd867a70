// modules/prices/module.hpp — the 菜篮子 market monitoring and early warning
// module: commodities, monitoring points, daily price reports with quality
// control, the price board with Qingdao's fluctuation levels, the pig-grain
// ratio and IFPA analyses (issue 11; forecasts, alerts and reserves follow).
#pragma once

#include <memory>

#include "kit/module.hpp"

namespace wcp::prices {

std::unique_ptr<kit::Module> MakeModule();

}  // namespace wcp::prices
