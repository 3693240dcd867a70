// modules/places/module.hpp — the places module: the plan's commercial
// centres, streets and the 9+2 cross-border network nodes, as reference data
// for every other module (maps, enterprises' locations).
#pragma once

#include <memory>

#include "kit/module.hpp"

namespace wcp::places {

std::unique_ptr<kit::Module> MakeModule();

}  // namespace wcp::places
