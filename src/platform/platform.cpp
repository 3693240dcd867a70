#include "platform/platform.hpp"


#include <fstream>
#include <sstream>

#include "auth/password.hpp"
#include "core/files.hpp"
#include "ledger/log_store.hpp"
#include "core/ids.hpp"

namespace wcp::platform {
namespace {

constexpr const char* kSecretBinding = "secret.fingerprint";

// A stable, irreversible fingerprint of the secret, safe to store.
std::string SecretFingerprint(std::string_view secret) { return KeyedHash(secret, "wcp/secret-fingerprint/v1"); }

// The personal-data secret: the `secret` setting, else <var_dir>/secret,
// generated only for a database that has none recorded. The database
// records the secret's fingerprint on first use, so every instance hashes
// ID numbers alike (a buyer's quota cannot be spent twice under two hashes).
Result<std::string> LoadBoundSecret(store::Database& db, const Config& config) {
  WCP_ASSIGN_OR_RETURN(std::optional<std::string> bound, db.Binding(kSecretBinding));
  std::string secret = config.GetString("secret");
  const auto file = std::filesystem::path(config.GetString("var_dir")) / "secret";
  const std::string setting = "secret (WCP_SECRET, or the file " + file.string() + ")";
  if (secret.empty() && std::filesystem::exists(file)) {
    WCP_ASSIGN_OR_RETURN(secret, ReadFile(file));
    while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r')) secret.pop_back();
  }
  if (secret.empty()) {
    if (bound) {
      return Status::Unavailable("this database's personal-data hashes were made with a secret that is not "
                                 "configured here; set " + setting + " to it",
                                 "secret");
    }
    secret = HexEncode(RandomBytes(32));
    WCP_RETURN_IF_ERROR(WriteSecretFile(file, secret + "\n"));
  }
  WCP_ASSIGN_OR_RETURN(std::string recorded, db.BindOnce(kSecretBinding, SecretFingerprint(secret)));
  if (recorded != SecretFingerprint(secret)) {
    return Status::Conflict("the configured secret is not the one this database's personal-data hashes were made "
                            "with; set " + setting + " to the original",
                            "secret");
  }
  return secret;
}

}  // namespace

ledger::LogOptions LedgerOptions(const Config& config) {
  ledger::LogOptions o;
  o.origin = config.GetString("ledger.origin");
  o.key_file = config.GetString("ledger.key_file").empty()
                   ? std::filesystem::path(config.GetString("var_dir")) / "ledger.key"
                   : std::filesystem::path(config.GetString("ledger.key_file"));
  return o;
}

Result<std::unique_ptr<store::Database>> OpenMigrated(const Config& config) {
  WCP_ASSIGN_OR_RETURN(auto db, store::OpenDatabase(config.db_url()));
  WCP_RETURN_IF_ERROR(db->Migrate(AllMigrations()));
  return db;
}

store::MigrationSet AllMigrations() {
  store::MigrationSet set;
  ledger::AddMigrations(set);  // first: modules ledger records inside their own transactions
  auth::AddMigrations(set);
  for (const auto& m : MakeModules()) m->AddMigrations(set);
  return set;
}

Result<std::unique_ptr<Platform>> Open(const Config& config) {
  auto p = std::make_unique<Platform>();
  p->config = config;
  WCP_RETURN_IF_ERROR(auth::InitCrypto());
  WCP_ASSIGN_OR_RETURN(p->calendar,
                       WorkingCalendar::LoadDirectory(std::filesystem::path(config.data_dir()) / "calendar"));
  WCP_ASSIGN_OR_RETURN(p->db, OpenMigrated(config));
  WCP_ASSIGN_OR_RETURN(p->secret, LoadBoundSecret(*p->db, config));
  p->users = auth::OpenUserStore(*p->db);
  auth::AuthOptions auth_options;
  auth_options.secure_cookies = !config.GetString("tls.cert_file").empty();
  auth_options.max_sessions_per_user = static_cast<int>(config.GetInt("auth.max_sessions_per_user"));
  auth_options.argon2_concurrency = static_cast<int>(config.GetInt("auth.argon2_concurrency"));
  p->auth = std::make_unique<auth::AuthService>(*p->users, auth_options);
  WCP_ASSIGN_OR_RETURN(p->ledger, ledger::Log::Open(*p->db, LedgerOptions(config)));
  p->modules = MakeModules();
  const kit::ModuleContext context{p->config, *p->db, *p->ledger, p->calendar, p->secret};
  for (auto& m : p->modules) {
    WCP_RETURN_IF_ERROR(m->Open(context).WithContext("module " + std::string(m->name())));
  }
  return p;
}

std::vector<ledger::RecordSource> LedgerSources(Platform& p) {
  std::vector<ledger::RecordSource> out;
  for (auto& m : p.modules) {
    for (auto& source : m->LedgerSources()) out.push_back(std::move(source));
  }
  return out;
}

namespace {

// The module that imports and exports `kind`; kInvalid naming every kind.
Result<kit::Module*> ModuleForKind(Platform& p, std::string_view kind) {
  std::string known;
  for (auto& m : p.modules) {
    for (const auto& k : m->CsvKinds()) {
      if (k == kind) return m.get();
      known += (known.empty() ? "" : ", ") + k;
    }
  }
  return Status::Invalid("unknown kind '" + std::string(kind) + "' (" + known + ")", "kind");
}

}  // namespace

Status ImportCsv(Platform& p, std::string_view kind, const std::filesystem::path& file) {
  WCP_ASSIGN_OR_RETURN(kit::Module * module, ModuleForKind(p, kind));
  WCP_ASSIGN_OR_RETURN(std::string text, ReadFile(file));
  WCP_ASSIGN_OR_RETURN(CsvTable table, CsvTable::Parse(text, file.string()));
  return module->ImportCsv(kind, table);
}

Result<std::string> ExportCsv(Platform& p, std::string_view kind) {
  WCP_ASSIGN_OR_RETURN(kit::Module * module, ModuleForKind(p, kind));
  return module->ExportCsv(kind);
}

Status LoadReferenceData(Platform& p) {
  for (auto& m : p.modules) {
    WCP_RETURN_IF_ERROR(m->LoadReferenceData(p.config.data_dir()).WithContext("module " + std::string(m->name())));
  }
  return Status::Ok();
}

Result<bool> EnsureAdmin(Platform& p, const std::filesystem::path& password_file) {
  WCP_ASSIGN_OR_RETURN(auto users, p.users->ListUsers());
  for (const auto& u : users) {
    if (u.role == auth::Role::kAdmin) return false;
  }
  const std::string password = auth::GeneratePassword();
  WCP_ASSIGN_OR_RETURN(std::string hash, auth::HashPassword(password));
  auth::User admin;
  admin.id = NewUuidV7();
  admin.username = "admin";
  admin.display_name = "Administrator";
  admin.role = auth::Role::kAdmin;
  WCP_RETURN_IF_ERROR(WriteSecretFile(password_file, password + "\n"));
  WCP_RETURN_IF_ERROR(p.users->CreateUser(admin, hash));
  return true;
}

}  // namespace wcp::platform
