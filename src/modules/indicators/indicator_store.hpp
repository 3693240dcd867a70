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
  // All definitions in plan order (the order they were first loaded),
  // proposed ones included (state "proposed").
  virtual Result<std::vector<Indicator>> List() = 0;
  // An analyst's new indicator, stored as proposed. kConflict when the code exists.
  virtual Status Propose(const Indicator& indicator) = 0;
  // kForbidden when `approver` proposed it; kConflict unless it is proposed.
  virtual Result<Indicator> ApproveDefinition(const std::string& code, const std::string& approver) = 0;
  // The module's data version: it grows with every write of definitions or
  // observations (in the writing transaction, on every instance sharing the
  // database), so a derived result computed at version v stays valid while
  // Version() == v.
  virtual Result<int64_t> Version() = 0;
};

// Inside a write transaction of the indicators module: marks its data changed.
Status BumpVersion(store::Tx& tx);

std::unique_ptr<IndicatorStore> OpenIndicatorStore(store::Database& db);
void AddMigrations(store::MigrationSet& set);

}  // namespace wcp::indicators
