// platform/platform.hpp — wires core, store and every module into one running
// platform. This is the only place that lists the modules: adding a module
// means adding its migrations, reference data and routes here.
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>

#include "auth/user_store.hpp"
#include "core/calendar.hpp"
#include "core/config.hpp"
#include "auth/service.hpp"
#include "http/server.hpp"
#include "ledger/log.hpp"
#include "kit/module.hpp"
#include "store/database.hpp"

namespace wcp::platform {

// The business modules, in dependency order (platform/modules.cpp).
std::vector<std::unique_ptr<kit::Module>> MakeModules();

// Every migration: the ledger's, auth's, then each module's in list order.
store::MigrationSet AllMigrations();

struct Platform {
  Config config;
  std::unique_ptr<store::Database> db;
  std::string secret;  // for KeyedHash of personal data; the same in every instance of one database
  WorkingCalendar calendar;
  std::unique_ptr<auth::UserStore> users;
  std::unique_ptr<auth::AuthService> auth;
  std::unique_ptr<ledger::Log> ledger;
  std::vector<std::unique_ptr<kit::Module>> modules;  // MakeModules(), opened
  std::optional<ledger::AuditReport> last_audit;  // guarded by audit_mu
  std::mutex audit_mu;
};

// Every ledgered record kind and how to read its records, for the audit.
std::vector<ledger::RecordSource> LedgerSources(Platform& p);

// The ledger's settings (origin, key file: ledger.key_file or <var_dir>/ledger.key).
ledger::LogOptions LedgerOptions(const Config& config);
// The database named by config.db_url() with every migration applied.
Result<std::unique_ptr<store::Database>> OpenMigrated(const Config& config);

// Opens the database named by config.db_url(), applies migrations and loads
// the calendar. Refuses a database whose schema is newer than this build, and
// a ledger key or personal-data secret that is not the one the database
// recorded (one sentence naming the setting).
Result<std::unique_ptr<Platform>> Open(const Config& config);

// Loads data_dir/plan/*.csv into the database; idempotent.
Status LoadReferenceData(Platform& p);

// Creates the `admin` user with a generated password when no admin exists,
// writing the password to `password_file` (mode 0600). Returns true when created.
Result<bool> EnsureAdmin(Platform& p, const std::filesystem::path& password_file);

// Imports/exports one kind of reference data as CSV (each module names its
// kinds: "indicators", "centres", "streets", "crossborder-nodes" …). Import is
// all-or-nothing.
Status ImportCsv(Platform& p, std::string_view kind, const std::filesystem::path& file);
Result<std::string> ExportCsv(Platform& p, std::string_view kind);

// Routes of every module plus /healthz, /readyz, /metrics and the OpenAPI
// document; installs authentication and the audit trail.
void AddRoutes(Platform& p, http::Server& server);
void AddLedgerRoutes(Platform& p, http::Server& server);
// The OpenAPI 3.1 document describing every route of `router`.
Json OpenApiDocument(const http::Router& router);

}  // namespace wcp::platform
