#include "store/migration.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace wcp::store {

void MigrationSet::Add(const std::vector<Migration>& for_sqlite,
                       const std::vector<Migration>& for_postgres) {
  sqlite.insert(sqlite.end(), for_sqlite.begin(), for_sqlite.end());
  postgres.insert(postgres.end(), for_postgres.begin(), for_postgres.end());
}

Result<std::vector<const Migration*>> PlanMigrations(const std::vector<Migration>& known,
                                                     const std::vector<AppliedMigration>& applied) {
  // Modules are applied in the order they were registered (dependency order);
  // within a module, by version.
  std::map<std::string, std::vector<const Migration*>> by_module;
  std::vector<std::string> module_order;
  for (const auto& m : known) {
    if (!by_module.count(m.module)) module_order.push_back(m.module);
    by_module[m.module].push_back(&m);
  }
  for (auto& [module, list] : by_module) {
    std::sort(list.begin(), list.end(),
              [](const Migration* a, const Migration* b) { return a->version < b->version; });
    for (size_t i = 0; i < list.size(); ++i) {
      if (list[i]->version != static_cast<int>(i) + 1) {
        return Status::Invalid("migrations of module '" + module + "' must be numbered 1, 2, 3… " +
                               "without gaps or duplicates");
      }
    }
  }
  std::set<std::pair<std::string, int>> done;
  for (const auto& a : applied) {
    auto it = by_module.find(a.module);
    const int known_max = it == by_module.end() ? 0 : static_cast<int>(it->second.size());
    if (a.version > known_max) {
      return Status::Conflict("the database schema is newer than this wcp: module '" + a.module +
                              "' is at version " + std::to_string(a.version) +
                              ", this build knows up to " + std::to_string(known_max) +
                              "; upgrade wcp or restore an older backup");
    }
    done.insert({a.module, a.version});
  }
  std::vector<const Migration*> plan;
  for (const auto& module : module_order) {
    for (const Migration* m : by_module[module]) {
      if (!done.count({module, m->version})) plan.push_back(m);
    }
  }
  return plan;
}

}  // namespace wcp::store
