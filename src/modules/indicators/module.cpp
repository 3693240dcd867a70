#include "modules/indicators/module.hpp"

#include "core/files.hpp"
#include "modules/indicators/demo.hpp"
#include "modules/indicators/enterprise_report_routes.hpp"
#include "modules/indicators/enterprise_report_store.hpp"
#include "modules/indicators/indicator_store.hpp"
#include "modules/indicators/model.hpp"
#include "modules/indicators/observation_store.hpp"
#include "modules/indicators/routes.hpp"
#include "modules/indicators/service.hpp"

namespace wcp::indicators {
namespace {

constexpr const char* kCsvKind = "indicators";
constexpr const char* kRulesCsvKind = "reporting_rules";

class IndicatorsModule final : public kit::Module {
 public:
  std::string_view name() const override { return "indicators"; }
  void AddMigrations(store::MigrationSet& set) const override { indicators::AddMigrations(set); }

  Status Open(const kit::ModuleContext& ctx) override {
    indicators_ = OpenIndicatorStore(ctx.db);
    observations_ = OpenObservationStore(ctx.db);
    service_ = std::make_unique<ObservationService>(*indicators_, *observations_);
    reports_ = OpenEnterpriseReportStore(ctx.db);
    calendar_ = &ctx.calendar;
    import_limits_.max_rows = static_cast<int>(ctx.config.GetInt("import.max_rows"));
    issuer_ = {ctx.config.GetString("report.issuer_zh"), ctx.config.GetString("report.issuer_en")};
    return Status::Ok();
  }

  void AddRoutes(http::Router& router) override {
    indicators::AddRoutes(router, *indicators_, *observations_, *service_, import_limits_, issuer_);
    AddEnterpriseReportRoutes(router, *reports_);
  }

  std::vector<ledger::RecordSource> LedgerSources() override {
    return {{kLedgerKind, [this] { return observations_->ApprovedCanonical(); },
             [this](const std::string& id) -> Result<std::optional<std::string>> {
               if (id.empty()) return std::optional<std::string>();  // '' would match every row
               WCP_ASSIGN_OR_RETURN(auto one, observations_->ApprovedCanonical(id));
               if (one.empty()) return std::optional<std::string>();
               return std::optional<std::string>(one.begin()->second);
             },
             {"approved_by"}}};
  }

  std::vector<std::string> CsvKinds() const override { return {kCsvKind, kRulesCsvKind}; }

  Status ImportCsv(std::string_view kind, const CsvTable& table) override {
    if (kind == kRulesCsvKind) {
      WCP_ASSIGN_OR_RETURN(auto rules, ParseReportingRules(table));
      return reports_->UpsertRules(rules);
    }
    if (kind != kCsvKind) return kit::Module::ImportCsv(kind, table);
    WCP_ASSIGN_OR_RETURN(auto list, ParseIndicatorsCsv(table));
    return indicators_->Upsert(list);
  }

  Result<std::string> ExportCsv(std::string_view kind) override {
    if (kind == kRulesCsvKind) {
      WCP_ASSIGN_OR_RETURN(auto rules, reports_->Rules());
      return ReportingRulesToCsv(rules);
    }
    if (kind != kCsvKind) return kit::Module::ExportCsv(kind);
    WCP_ASSIGN_OR_RETURN(auto list, indicators_->List());
    return IndicatorsToCsv(list);
  }

  Status LoadReferenceData(const std::filesystem::path& data_dir) override {
    const auto file = data_dir / "plan" / "indicators.csv";
    WCP_ASSIGN_OR_RETURN(std::string text, ReadFile(file));
    WCP_ASSIGN_OR_RETURN(CsvTable table, CsvTable::Parse(text, file.string()));
    return ImportCsv(kCsvKind, table);
  }

  Result<int> LoadDemo(kit::DemoContext& demo) override {
    WCP_ASSIGN_OR_RETURN(int observations, LoadDemoObservations(*indicators_, *service_, *observations_, demo));
    WCP_ASSIGN_OR_RETURN(int reports, LoadDemoEnterpriseReports(*reports_, demo, TodayInChina()));
    return observations + reports;
  }

  Result<std::vector<kit::Task>> TasksFor(const http::Principal& who, const Date& today) override {
    if (!who.enterprise_id) return std::vector<kit::Task>{};
    WCP_ASSIGN_OR_RETURN(auto rules, reports_->Rules());
    EnterpriseReportFilter own;
    own.enterprise_id = who.enterprise_id;
    own.since_period = FirstTaskMonth(today);  // the months the tasks show, whatever else was sent
    WCP_ASSIGN_OR_RETURN(auto reports, reports_->List(own));
    return MonthlyTasks(rules, reports, *calendar_, today);
  }

  std::vector<kit::Command> Commands() override {
    return {{"report",
             "write the evaluation workbook (XLSX) as of a year of the plan period",
             {{"output", "the .xlsx file to write", true},
              {"as-of", "a year of the plan period (default its last: the final check)"},
              {"lang", "zh (default) or en"},
              {"variant", "internal (default, with the data-quality appendix) or public"}},
             [this](const std::map<std::string, std::string>& options, std::ostream& out) {
               return WriteReport(options, out);
             }}};
  }

 private:
  // `wcp indicators report --output FILE [--as-of YEAR] [--lang zh|en]`.
  Status WriteReport(const std::map<std::string, std::string>& options, std::ostream& out) {
    WCP_ASSIGN_OR_RETURN(auto all, indicators_->List());
    WCP_ASSIGN_OR_RETURN(PlanPeriod plan, PlanPeriodOf(all));
    int year = plan.last_year;
    if (auto it = options.find("as-of"); it != options.end()) {
      WCP_ASSIGN_OR_RETURN(auto as_of, ParseAsOf(it->second, plan));
      year = *as_of;
    }
    const std::string lang = options.count("lang") ? options.at("lang") : "zh";
    if (lang != "zh" && lang != "en") return Status::Invalid("--lang must be zh or en", "lang");
    const std::string variant = options.count("variant") ? options.at("variant") : "internal";
    if (variant != "internal" && variant != "public") return Status::Invalid("--variant must be internal or public", "variant");
    ReportOptions report{lang == "zh", variant == "public", lang == "zh" ? issuer_.zh : issuer_.en,
                         FormatDate(TodayInChina())};
    WCP_ASSIGN_OR_RETURN(std::string bytes, BuildWorkbook(*indicators_, *observations_, plan, year, report));
    const std::string& file = options.at("output");
    WCP_RETURN_IF_ERROR(WriteFileAtomically(file, bytes));
    out << "wrote " << file << " (" << bytes.size() << " bytes): evaluation as of " << year << "\n";
    return Status::Ok();
  }

  std::unique_ptr<IndicatorStore> indicators_;
  std::unique_ptr<ObservationStore> observations_;
  std::unique_ptr<ObservationService> service_;  // the rules every entry point uses
  std::unique_ptr<EnterpriseReportStore> reports_;
  const WorkingCalendar* calendar_ = nullptr;  // the platform's, outlives the module
  TableLimits import_limits_;
  ReportIssuer issuer_;
};

}  // namespace

std::unique_ptr<kit::Module> MakeModule() { return std::make_unique<IndicatorsModule>(); }

}  // namespace wcp::indicators
