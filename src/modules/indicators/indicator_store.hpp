// modules/indicators/indicator_store.hpp — storage of indicator definitions.
// (Observations, vintages and the approval workflow are added by the
// indicator-monitoring issue on top of this table.)
// Thread-safety: safe from any thread.
#pragma once

#include <memory>
#include <vector>

#include "modules/indicators/model.hpp"
#include "store/database.hpp"
#include "store/migration.hpp"

namespace wcp::indicators {

class IndicatorStore {
 public:
  virtual ~IndicatorStore() = default;
  // Inserts or updates the definitions, keyed by code, in one transaction.
  virtual Status Upsert(const std::vector<Indicator>& indicators) = 0;
  // All definitions in plan order (the order they were first loaded).
  virtual Result<std::vector<Indicator>> List() = 0;
};

std::unique_ptr<IndicatorStore> OpenIndicatorStore(store::Database& db);
void AddMigrations(store::MigrationSet& set);

}  // namespace wcp::indicators
