// modules/indicators/enterprise_report_store.hpp — the enterprises' monthly
// reports and the rules that say when they are due. One class over the
// backend-neutral transaction (SQLite and PostgreSQL). Thread-safe.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "modules/indicators/enterprise_report.hpp"
#include "store/database.hpp"
#include "store/migration.hpp"

namespace wcp::indicators {

struct EnterpriseReportFilter {
  std::optional<std::string> enterprise_id;  // the scope, applied in the query; none: every enterprise (bureau)
  std::string state;                         // submitted, approved, rejected; empty: any
  std::string since_period;                  // only months from this one ("2026-05"); empty: all
  int limit = 1000;
};

class EnterpriseReportStore {
 public:
  virtual ~EnterpriseReportStore() = default;
  // Stores `r` (id and submitted_at set here). kConflict (code
  // report-exists) when the enterprise has a submitted or approved report
  // for the month: a rejected one may be sent again. The enterprise id comes
  // from the authenticated principal (the module does not read the platform's
  // enterprise table).
  [[nodiscard]] virtual Status Submit(EnterpriseReport& r) = 0;
  // Oldest first (submission order), at most f.limit.
  [[nodiscard]] virtual Result<std::vector<EnterpriseReport>> List(const EnterpriseReportFilter& f) = 0;
  // How many match (the limit aside).
  [[nodiscard]] virtual Result<int64_t> Count(const EnterpriseReportFilter& f) = 0;
  // Approves or rejects a submitted report; kConflict when it is not
  // submitted, kNotFound when there is none.
  [[nodiscard]] virtual Result<EnterpriseReport> Decide(const std::string& id, const std::string& decider, bool approve,
                                                        std::optional<std::string> reason) = 0;

  [[nodiscard]] virtual Result<std::vector<ReportingRule>> Rules() = 0;
  // Adds the rules, replacing any with the same form and effective date.
  [[nodiscard]] virtual Status UpsertRules(const std::vector<ReportingRule>& rules) = 0;
};

std::unique_ptr<EnterpriseReportStore> OpenEnterpriseReportStore(store::Database& db);
// The migration that creates the tables (indicators version 6), the same
// SQL text on both backends.
store::Migration EnterpriseReportMigration();

}  // namespace wcp::indicators
