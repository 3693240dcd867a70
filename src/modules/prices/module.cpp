#include "modules/prices/module.hpp"

#include "core/files.hpp"
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

class PricesModule final : public kit::Module {
 public:
  std::string_view name() const override { return "prices"; }
  void AddMigrations(store::MigrationSet& set) const override { prices::AddMigrations(set); }

  Status Open(const kit::ModuleContext& ctx) override {
    store_ = OpenPricesStore(ctx.db);
    alerts_ = OpenAlertStore(ctx.db);
    reserves_ = OpenReserveStore(ctx.db);
    service_ = std::make_unique<PriceService>(*store_, *alerts_);
    return Status::Ok();
  }

  void AddRoutes(http::Router& router) override { prices::AddRoutes(router, *store_, *alerts_, *reserves_, *service_); }

  std::vector<std::string> CsvKinds() const override { return {kCommodities, kPoints, kPigGrain, kFluctuation}; }

  Status ImportCsv(std::string_view kind, const CsvTable& table) override {
    if (kind == kCommodities) {
      WCP_ASSIGN_OR_RETURN(auto list, ParseCommoditiesCsv(table));
      return store_->UpsertCommodities(list);
    }
    if (kind == kPoints) {
      WCP_ASSIGN_OR_RETURN(auto list, ParsePointsCsv(table));
      return store_->UpsertPoints(list);
    }
    if (kind == kPigGrain || kind == kFluctuation) return service_->ImportRules(std::string(kind), table);
    return kit::Module::ImportCsv(kind, table);
  }

  Status LoadReferenceData(const std::filesystem::path& data_dir) override {
    for (const char* kind : {kCommodities, kPigGrain, kFluctuation}) {
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
    WCP_RETURN_IF_ERROR(service_->EvaluateAlerts(FormatDate(TodayInChina())).status());
    return added;
  }

 private:
  std::unique_ptr<PricesStore> store_;
  std::unique_ptr<AlertStore> alerts_;
  std::unique_ptr<ReserveStore> reserves_;
  std::unique_ptr<PriceService> service_;  // the rules every entry point uses
};

}  // namespace

std::unique_ptr<kit::Module> MakeModule() { return std::make_unique<PricesModule>(); }

}  // namespace wcp::prices
