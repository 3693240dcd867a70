#include "modules/prices/module.hpp"

#include <chrono>

#include "core/files.hpp"
#include "kit/periodic.hpp"
#include "modules/prices/alerts.hpp"
#include "modules/prices/demo.hpp"
#include "modules/prices/prices_store.hpp"
#include "modules/prices/reserves.hpp"
#include "modules/prices/routes.hpp"
#include "modules/prices/service.hpp"

namespace wcp::prices {
namespace {

constexpr const char* kCommodities = "price_commodities";
constexpr const char* kPoints = "price_points";
constexpr const char* kPigGrain = "pig_grain_rules";
constexpr const char* kFluctuation = "fluctuation_rules";
constexpr const char* kEssential = "essential_rules";

// prices.webhook_urls (comma separated) and prices.webhook_secret.
Webhooks HooksOf(const Config& config) {
  Webhooks hooks;
  const std::string& list = config.GetString("prices.webhook_urls");
  for (size_t start = 0; start < list.size();) {
    const size_t end = std::min(list.find(',', start), list.size());
    if (end > start) hooks.urls.push_back(list.substr(start, end - start));
    start = end + 1;
  }
  hooks.secret = config.GetString("prices.webhook_secret");
  return hooks;
}

class PricesModule final : public kit::Module {
 public:
  std::string_view name() const override { return "prices"; }
  void AddMigrations(store::MigrationSet& set) const override { prices::AddMigrations(set); }

  Status Open(const kit::ModuleContext& ctx) override {
    store_ = OpenPricesStore(ctx.db);
    alerts_ = OpenAlertStore(ctx.db, HooksOf(ctx.config));
    issuer_ = {ctx.config.GetString("report.issuer_zh"), ctx.config.GetString("report.issuer_en")};
    deliver_webhooks_ = !ctx.config.GetString("prices.webhook_urls").empty();
    db_ = &ctx.db;
    reserves_ = OpenReserveStore(ctx.db);
    service_ = std::make_unique<PriceService>(*store_, *alerts_);
    return Status::Ok();
  }

  void AddRoutes(http::Router& router) override {
    prices::AddRoutes(router, *store_, *alerts_, *reserves_, *service_, issuer_);
  }

  std::vector<std::string> CsvKinds() const override { return {kCommodities, kPoints, kPigGrain, kFluctuation, kEssential}; }

  Status ImportCsv(std::string_view kind, const CsvTable& table) override {
    if (kind == kCommodities) {
      WCP_ASSIGN_OR_RETURN(auto list, ParseCommoditiesCsv(table));
      return store_->UpsertCommodities(list);
    }
    if (kind == kPoints) {
      WCP_ASSIGN_OR_RETURN(auto list, ParsePointsCsv(table));
      return store_->UpsertPoints(list);
    }
    if (kind == kPigGrain || kind == kFluctuation || kind == kEssential) return service_->ImportRules(std::string(kind), table);
    return kit::Module::ImportCsv(kind, table);
  }

  Status LoadReferenceData(const std::filesystem::path& data_dir) override {
    for (const char* kind : {kCommodities, kPigGrain, kFluctuation, kEssential}) {
      const std::string file_name = std::string(kind == std::string(kCommodities) ? "commodities" : kind) + ".csv";
      const auto file = data_dir / "prices" / file_name;
      WCP_ASSIGN_OR_RETURN(std::string text, ReadFile(file));
      WCP_ASSIGN_OR_RETURN(CsvTable table, CsvTable::Parse(text, file.string()));
      WCP_RETURN_IF_ERROR(ImportCsv(kind, table));
    }
    return Status::Ok();
  }

  Result<int> LoadDemo(kit::DemoContext& demo) override {
    WCP_ASSIGN_OR_RETURN(int added, LoadDemoPrices(*store_, *service_, demo, TodayInChina()));
    WCP_ASSIGN_OR_RETURN(int lots, LoadDemoReserves(*reserves_, demo, TodayInChina()));
    added += lots;
    WCP_RETURN_IF_ERROR(service_->Refresh(FormatDate(TodayInChina())).status());
    return added;
  }

  // Signed alert deliveries (when webhooks are configured) every 2 s; the
  // forecasting models a week old refitted a few at a time every minute, off
  // the reporting path (a batch re-runs the kept models only).
  void StartWorkers() override {
    using namespace std::chrono_literals;
    if (deliver_webhooks_) {
      webhooks_ = std::make_unique<kit::PeriodicWorker>("price alert webhooks", 2s,
                                                        [db = db_] { return DeliverDueWebhooks(*db); });
    }
    refits_ = std::make_unique<kit::PeriodicWorker>("price forecast refits", 60s, [service = service_.get()] {
      return service->RefitStale(FormatDate(TodayInChina()), kRefitsPerMinute).status();
    });
  }

  std::vector<kit::Command> Commands() override {
    return {{"recompute",
             "recompute every district price from the reports, the warnings of a day and every forecast model "
             "(after reports were loaded into the database directly)",
             {{"date", "the day whose warnings and forecasts to make (YYYY-MM-DD; default today)"}},
             [this](const std::map<std::string, std::string>& options, std::ostream& out) {
               return Recompute(options, out);
             }}};
  }

 private:
  // `wcp prices recompute [--date YYYY-MM-DD]`.
  Status Recompute(const std::map<std::string, std::string>& options, std::ostream& out) {
    std::string date = FormatDate(TodayInChina());
    if (auto it = options.find("date"); it != options.end()) {
      WCP_ASSIGN_OR_RETURN(Date d, ParseDate(it->second));
      if (TodayInChina() < d) return Status::Invalid("--date cannot be after today", "date");
      date = FormatDate(d);
    }
    WCP_ASSIGN_OR_RETURN(auto raised, service_->Recompute(date));
    out << "recomputed the district prices, the warnings of " << date << " (" << raised.size()
        << " alerts opened or escalated) and every forecast model\n";
    return Status::Ok();
  }

  std::unique_ptr<PricesStore> store_;
  std::unique_ptr<AlertStore> alerts_;
  std::unique_ptr<ReserveStore> reserves_;
  store::Database* db_ = nullptr;  // the platform's, outlives the module
  bool deliver_webhooks_ = false;
  std::unique_ptr<PriceService> service_;  // the rules every entry point uses
  Issuer issuer_;
  // Workers last: destroyed (joined) before what they use.
  static constexpr int kRefitsPerMinute = 4;
  std::unique_ptr<kit::PeriodicWorker> webhooks_;
  std::unique_ptr<kit::PeriodicWorker> refits_;
};

}  // namespace

std::unique_ptr<kit::Module> MakeModule() { return std::make_unique<PricesModule>(); }

}  // namespace wcp::prices
