// modules/indicators/observation_store.hpp — observations and their workflow.
// Thread-safety: safe from any thread.
#pragma once

#include <map>
#include <memory>
#include <vector>

#include "modules/indicators/observation.hpp"
#include "store/database.hpp"
#include "store/migration.hpp"

namespace wcp::indicators {

inline constexpr const char* kLedgerKind = "indicator_observation";

class ObservationStore {
 public:
  virtual ~ObservationStore() = default;
  // Stores every observation as submitted, in one transaction: all or
  // nothing. Fills id and submitted_at. kInvalid when the indicator is unknown.
  virtual Status Submit(std::vector<Observation>& observations, bool as_draft = false) = 0;
  // draft → submitted, by the draft's author only (kForbidden otherwise).
  virtual Result<Observation> SubmitDraft(const std::string& id, const std::string& author) = 0;
  // Every observation (all vintages, every state) of an indicator, by period then time.
  virtual Result<std::vector<Observation>> List(const std::string& indicator) = 0;
  virtual Result<Observation> Get(const std::string& id) = 0;
  // Every observation awaiting approval (state submitted), oldest first, at
  // most `limit`: the review inbox.
  virtual Result<std::vector<Observation>> Submitted(int limit) = 0;
  // Approves and ledgers the observation in one transaction. kForbidden when
  // `approver` submitted it; kConflict unless it is in state submitted.
  virtual Result<Observation> Approve(const std::string& id, const std::string& approver) = 0;
  // Approves several in one transaction: all or none.
  virtual Result<std::vector<Observation>> ApproveMany(const std::vector<std::string>& ids,
                                                       const std::string& approver) = 0;
  virtual Result<Observation> Reject(const std::string& id, const std::string& decider,
                                     const std::string& reason) = 0;
  // The published YoY growth of the latest `limit` approved observations of
  // one indicator and period type (newest first): the history entry checks use.
  virtual Result<std::vector<double>> RecentApprovedGrowth(const std::string& indicator,
                                                          const std::string& period_type, int limit) = 0;
  // id -> CanonicalBytes of every approved observation (for the ledger
  // audit), or of the one `only_id` names (for a receipt check).
  virtual Result<std::map<std::string, std::string>> ApprovedCanonical(
      const std::optional<std::string>& only_id = std::nullopt) = 0;
};

std::unique_ptr<ObservationStore> OpenObservationStore(store::Database& db);
// Version 2 of the indicators module: the observations table.
std::vector<store::Migration> ObservationMigrationSqlite();
std::vector<store::Migration> ObservationMigrationPg();

}  // namespace wcp::indicators
