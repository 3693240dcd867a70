// The one list of business modules, in dependency order. Adding a module is
// its folder under src/modules/ plus one line here (docs/architecture.md).
#include "platform/platform.hpp"

#include "modules/indicators/module.hpp"
#include "modules/places/module.hpp"
#include "modules/prices/module.hpp"

namespace wcp::platform {

std::vector<std::unique_ptr<kit::Module>> MakeModules() {
  std::vector<std::unique_ptr<kit::Module>> modules;
  modules.push_back(places::MakeModule());
  modules.push_back(indicators::MakeModule());
  modules.push_back(prices::MakeModule());
  return modules;
}

}  // namespace wcp::platform
