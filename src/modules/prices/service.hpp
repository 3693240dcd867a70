// modules/prices/service.hpp — the prices module's rules, used by every entry
// point (API, import, demo): what a report must be, which reports are
// implausible, the district price and the board's warnings. Thread-safe.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/date.hpp"
#include "core/json.hpp"
#include "modules/prices/alerts.hpp"
#include "modules/prices/analytics.hpp"
#include "modules/prices/bulletin.hpp"
#include "modules/prices/forecast.hpp"
#include "modules/prices/prices_store.hpp"

namespace wcp::prices {

// Who sends reports: an enterprise reports for its own points only.
struct Reporter {
  std::string username;
  std::optional<std::string> enterprise_id;
};

// A row the service refused or asks to confirm, by its position in the batch.
struct RowProblem {
  size_t index = 0;
  std::string field;
  std::string code;  // unknown-point, unknown-commodity, wrong-unit, not-your-point, invalid-date, future-date,
                     // not-a-price, duplicate-row, implausible-history, implausible-district
  std::string message;  // English
  Status::Params params;
  std::optional<size_t> line;  // the row's line in an uploaded file (the header is line 1)
};

struct Ingested {
  std::vector<PriceReport> stored;     // empty when anything was refused or awaits confirmation
  std::vector<RowProblem> refused;     // errors: nothing stored
  std::vector<RowProblem> to_confirm;  // implausible rows: nothing stored unless confirmed
};

class PriceService {
 public:
  PriceService(PricesStore& store, AlertStore& alerts) : store_(store), alerts_(alerts) {}

  // A batch [{point, commodity, date, price_fen, unit}] (at most kMaxBatch
  // rows): all stored, or none. Implausible rows are stored only when
  // `confirm` (their flag kept); a bad row is never stored.
  static constexpr size_t kMaxBatch = 20000;
  Result<Ingested> Ingest(const Json& rows, const Reporter& who, bool confirm, const Date& today,
                          bool dry_run = false);
  // A CSV or XLSX table (columns point, commodity, date, price_yuan, unit;
  // price_yuan with at most two decimals, or a spreadsheet's binary rendering
  // of such; date also as Excel's day serial or 2026/11/30) as the rows
  // Ingest takes; a cell that is not a price becomes a price_fen the row
  // check refuses, so the problem is named with its row like any other. A
  // row with an empty price is skipped (not reported); `lines` receives each
  // kept row's line in the file.
  static Result<Json> RowsFromTable(const CsvTable& table, std::vector<size_t>* lines = nullptr);

  // Per commodity on `date`: the district price (median of the points' day
  // values) with its day, week and year changes and the Qingdao warning
  // level; how many points reported; which points reported nothing.
  Result<Json> Board(const std::string& date);

  // A commodity's page: its daily district series over the `days` up to `to`
  // (median of the points, with the points' lowest and highest), the
  // forecast of the next 14 days chosen by back-testing (with its accuracy
  // and an 80 % interval), weekly means with an 8-week forecast, and monthly
  // means with their IFPA.
  static constexpr int kMaxDays = 1830;
  Result<Json> CommodityPage(const std::string& code, const std::string& to, int days);
  // The weekly pig-grain ratio from the district prices of live hogs and corn
  // over the `weeks` up to `to`, with the 2021 plan's zones.
  Result<Json> PigGrainSeries(const std::string& to, int weeks);

  // The weekly bulletin of ISO week `week` ("2026-W48"; bulletin.hpp), issued `today`.
  Result<Json> Bulletin(const std::string& week, const Date& today);

  // After a batch is stored (the incremental path): the warnings of `date`
  // (EvaluateAlerts) and every commodity's forecasts as of `date`, the kept
  // models re-run over the new days (a commodity without one is fitted).
  // Returns the alerts opened or escalated.
  Result<std::vector<Alert>> Refresh(const std::string& date);
  // The same results recomputed from every report (`wcp prices recompute`;
  // after reports were loaded into the database directly): the district
  // prices of every day, the warnings of `date`, every model refitted.
  Result<std::vector<Alert>> Recompute(const std::string& date);
  // Refits at most `max_models` kept models fitted a week or more before
  // `date` (back-testing every method anew) and keeps their forecasts as of
  // `date`. Returns how many it refitted. The module's worker calls it.
  Result<int> RefitStale(const std::string& date, int max_models);

  // The warning conditions met on `date` (Qingdao levels on the board, the
  // pig-grain zone of the latest week) raised as alerts, deduplicated while
  // they persist. Returns the alerts opened or escalated.
  Result<std::vector<Alert>> EvaluateAlerts(const std::string& date);

  // The rule editions in force (loaded from the store).
  Result<std::vector<PigGrainRule>> PigGrainRules();
  Result<std::vector<FluctuationRule>> FluctuationRules();
  Result<std::vector<EssentialRule>> EssentialRules();
  // Stores each row of a rule table as an edition (kind: pig_grain_rules, fluctuation_rules, essential_rules).
  Status ImportRules(const std::string& kind, const CsvTable& table);

 private:
  // kReadOnly: the kept forecast when it is as of the day, else one made
  // without keeping it (a page view writes nothing); kUpdate: the kept model
  // re-run and the forecast kept; kRefit: refitted and kept.
  enum class ModelUse { kReadOnly, kUpdate, kRefit };
  // The forecast of `code`'s `frequency` (daily, weekly) series `y` ending on `to`;
  // unless kReadOnly, the model to keep is added to *keep (the caller writes them at once).
  Result<Json> Forecast(const std::string& code, const std::string& frequency, const std::vector<double>& y,
                        const Date& to, ModelUse use, std::vector<StoredModel>* keep = nullptr);
  Status RefreshForecasts(const std::string& date, ModelUse use);

  PricesStore& store_;
  AlertStore& alerts_;
};

// The median of day values in fen, as yuan (a half-fen median stays exact enough for display).
double MedianYuan(const std::vector<int64_t>& fen);

}  // namespace wcp::prices
