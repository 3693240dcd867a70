// kit/module.hpp — what a business module gives the platform, and what the
// platform gives it.
//
// A module is a folder under src/modules/ with one class implementing
// Module; platform/modules.cpp lists every module, one line each, and the
// platform does the rest: migrations (in list order, after the ledger and
// auth), opening stores and services, routes, ledger record sources for the
// audit, CSV import/export kinds, reference data, demo data and readiness.
// Modules never use each other's internals; they talk through published read
// interfaces or services.
//
// Lifecycle: AddMigrations (before the database is migrated), Open (once,
// after), then the rest from any thread.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <ostream>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "core/calendar.hpp"
#include "core/config.hpp"
#include "core/csv.hpp"
#include "http/router.hpp"
#include "ledger/log.hpp"
#include "store/database.hpp"
#include "store/migration.hpp"

namespace wcp::kit {

// The platform's shared services, valid for the module's lifetime.
struct ModuleContext {
  const Config& config;
  store::Database& db;
  ledger::Log& ledger;
  const WorkingCalendar& calendar;
  const std::string& secret;  // for KeyedHash of personal data
};

// What a module's demo generator may use.
struct DemoEnterprise {
  std::string id;
  std::string username;  // its demo user
};
struct DemoContext {
  std::mt19937_64& rng;           // seeded: the same seed gives the same data
  std::string analyst = "demo-analyst";    // enters data
  std::string approver = "demo-analyst2";  // approves it (two-person rule)
  std::vector<DemoEnterprise> enterprises;  // the demo enterprises and their users
};

// Something an enterprise must report, for one period, by a deadline on the
// working-day calendar; the enterprise's home lists these from every module.
struct Task {
  std::string module;  // "indicators"
  std::string form;    // what to report, worded by the UI's catalog: tasks.<module>.<form>
  std::string period;  // canonical period text, "2026-10"
  std::string due;     // YYYY-MM-DD; empty when the calendar does not cover it yet
  // to_do, overdue (past due, nothing accepted), submitted (awaiting review),
  // approved, rejected (to correct and send again)
  std::string state;
  std::string link;          // the UI route that opens the form for this period
  std::string submission_id;  // the latest submission, when there is one
};

// A module's own command line, `wcp <module> <command> [--option VALUE …]`
// (e.g. `wcp indicators report --as-of 2023 --output r.xlsx`). The CLI lists
// the commands of unopened modules for its help and parsing, then runs the
// command of the opened module with the options given.
struct CommandOption {
  std::string name;  // "as-of": given as --as-of VALUE
  std::string help;
  bool required = false;
};
struct Command {
  std::string name;
  std::string help;
  std::vector<CommandOption> options;
  // Runs on the opened module with the options given (name → value);
  // writes what it reports to `out`. Errors are values: exit codes follow them.
  std::function<Status(const std::map<std::string, std::string>& options, std::ostream& out)> run;
};

class Module {
 public:
  virtual ~Module() = default;
  virtual std::string_view name() const = 0;

  virtual void AddMigrations(store::MigrationSet& set) const = 0;
  // Opens the module's stores and services.
  [[nodiscard]] virtual Status Open(const ModuleContext& ctx) = 0;
  // Declares the module's permissions and adds its routes.
  virtual void AddRoutes(http::Router& router) = 0;

  // Every ledgered record kind and how to read its records (for the audit).
  virtual std::vector<ledger::RecordSource> LedgerSources() { return {}; }

  // Reference data the module imports and exports as CSV (`wcp import KIND`).
  virtual std::vector<std::string> CsvKinds() const { return {}; }
  [[nodiscard]] virtual Status ImportCsv(std::string_view kind, const CsvTable& table);
  [[nodiscard]] virtual Result<std::string> ExportCsv(std::string_view kind);
  // Loads the module's shipped reference data from `data_dir`; idempotent.
  [[nodiscard]] virtual Status LoadReferenceData(const std::filesystem::path& /*data_dir*/) { return Status::Ok(); }
  // Adds the module's demo records (marked demo); idempotent. Returns how
  // many records it added.
  [[nodiscard]] virtual Result<int> LoadDemo(DemoContext& /*demo*/) { return 0; }
  // /readyz: whether the module can serve.
  [[nodiscard]] virtual Status Ready() { return Status::Ok(); }
  // What `who` must report as of `today` (enterprises; none for the bureau).
  [[nodiscard]] virtual Result<std::vector<Task>> TasksFor(const http::Principal& /*who*/, const Date& /*today*/) {
    return std::vector<Task>{};
  }
  // Starts the module's background jobs (kit/periodic.hpp). Called by
  // `wcp serve` only, after Open: commands and imports run without them.
  virtual void StartWorkers() {}
  // Its `wcp <name> …` commands; none by default. Descriptions must not
  // depend on Open (they are read before it); `run` is called only after.
  virtual std::vector<Command> Commands() { return {}; }
};

}  // namespace wcp::kit
