// modules/prices/prices_store.hpp — commodities, monitoring points, price
// reports and the editions of the warning rules. One class over the
// backend-neutral transaction (SQLite and PostgreSQL). Thread-safe.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "modules/prices/model.hpp"
#include "store/database.hpp"
#include "store/migration.hpp"

namespace wcp::prices {

class PricesStore {
 public:
  virtual ~PricesStore() = default;

  [[nodiscard]] virtual Status UpsertCommodities(const std::vector<Commodity>& list) = 0;
  [[nodiscard]] virtual Result<std::vector<Commodity>> Commodities() = 0;
  [[nodiscard]] virtual Status UpsertPoints(const std::vector<Point>& list) = 0;
  // Every point, or an enterprise's own (`enterprise_id`; the scope is in the query).
  [[nodiscard]] virtual Result<std::vector<Point>> Points(const std::optional<std::string>& enterprise_id = std::nullopt) = 0;

  // Stores every report in one transaction (all or none); sets their ids.
  [[nodiscard]] virtual Status AddReports(std::vector<PriceReport>& reports) = 0;
  // The day's value of each point and commodity from `from` to `to`
  // (inclusive): the latest report of each; all commodities when `commodity` is empty.
  [[nodiscard]] virtual Result<std::vector<PriceReport>> Current(const std::string& from, const std::string& to,
                                                                 const std::string& commodity = "") = 0;

  // The same values without the reports' other fields (a covering index:
  // no table reads), ordered by date, commodity and point.
  [[nodiscard]] virtual Result<std::vector<DayValue>> DayValues(const std::string& from, const std::string& to) = 0;

  // The district prices from `from` to `to` (inclusive) by commodity and
  // date; all commodities when `commodity` is empty. AddReports keeps them
  // current; RebuildDaily recomputes them all from the reports.
  [[nodiscard]] virtual Result<std::vector<DailyPrice>> Daily(const std::string& from, const std::string& to,
                                                              const std::string& commodity = "") = 0;
  [[nodiscard]] virtual Status RebuildDaily() = 0;

  // Forecasting models, one per commodity and frequency (a put replaces), all
  // in one transaction (one sync for a day's 80 models, not 80).
  [[nodiscard]] virtual Status PutModels(const std::vector<StoredModel>& models) = 0;
  [[nodiscard]] virtual Result<std::optional<StoredModel>> Model(const std::string& commodity,
                                                                 const std::string& frequency) = 0;

  // Rule editions, each as CSV (its header and one row) by its effective
  // date, all in one transaction; a later put of the same kind and date replaces one.
  [[nodiscard]] virtual Status PutRuleEditions(const std::string& kind,
                                               const std::vector<std::pair<std::string, std::string>>& editions) = 0;
  [[nodiscard]] virtual Result<std::vector<std::string>> RuleEditions(const std::string& kind) = 0;
};

std::unique_ptr<PricesStore> OpenPricesStore(store::Database& db);
void AddMigrations(store::MigrationSet& set);

}  // namespace wcp::prices
