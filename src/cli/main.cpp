// wcp — the platform's single binary: serve, migrate, import/export, backup,
// restore, users, demo data. Errors: one sentence on stderr, exit codes in
// cli/exit_codes.hpp.
#include <CLI/CLI.hpp>
#include <charconv>
#include <iostream>
#include <sstream>
#include <thread>

#include "auth/password.hpp"
#include "cli/common.hpp"
#include "cli/exit_codes.hpp"
#include "cli/ledger_commands.hpp"
#include "cli/module_commands.hpp"
#include "core/ids.hpp"
#include "core/log.hpp"
#include "http/server.hpp"
#include "platform/demo.hpp"
#include "platform/platform.hpp"
#include "platform/version.hpp"
#include "store/database.hpp"


namespace wcp::cli {
namespace {

struct Flags {
  std::string config_file;
  std::string db;
  std::string listen;
  std::string data_dir;
  std::string web_dir;
  std::string log_format;
  bool print_config = false;
  // subcommand arguments
  std::string kind, file, output, name, role, enterprise;
  bool password_stdin = false;
  uint64_t seed = 1;
};

Result<Config> BuildConfig(const Flags& f) {
  return cli::BuildConfig(f.config_file, {{"db", f.db},
                                          {"listen", f.listen},
                                          {"data_dir", f.data_dir},
                                          {"web_dir", f.web_dir},
                                          {"log.format", f.log_format}});
}

Result<std::unique_ptr<platform::Platform>> OpenPlatform(const Flags& f) {
  WCP_ASSIGN_OR_RETURN(Config c, BuildConfig(f));
  return platform::Open(c);
}

Result<std::pair<std::string, unsigned short>> ParseListen(const std::string& listen) {
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos) return Status::Invalid("--listen must be HOST:PORT", "listen");
  const std::string_view digits = std::string_view(listen).substr(colon + 1);
  unsigned port = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
  if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size() || port > 65535) {
    return Status::Invalid("--listen port must be a number 0–65535", "listen");
  }
  return std::make_pair(listen.substr(0, colon), static_cast<unsigned short>(port));
}

int Serve(const Flags& f) {
  auto config = BuildConfig(f);
  if (!config.ok()) return Fail(config.status());
  if (f.print_config) {
    std::cout << config->Print();
    return kExitOk;
  }
  auto listen = ParseListen(config->listen());
  if (!listen.ok()) return Fail(listen.status());
  auto p = platform::Open(*config);
  if (!p.ok()) return Fail(p.status());
  platform::Platform& plat = **p;
  if (Status s = platform::LoadReferenceData(plat); !s.ok()) return Fail(s);
  const auto var_dir = std::filesystem::path(config->GetString("var_dir"));
  auto created = platform::EnsureAdmin(plat, var_dir / "admin-password");
  if (!created.ok()) return Fail(created.status());

  http::ServerOptions opts;
  opts.host = listen->first;
  opts.port = listen->second;
  opts.io_threads = static_cast<int>(config->GetInt("http.io_threads"));
  if (opts.io_threads <= 0) opts.io_threads = std::max(1, static_cast<int>(std::thread::hardware_concurrency() / 2));
  opts.worker_threads = static_cast<int>(config->GetInt("http.worker_threads"));
  opts.max_body = static_cast<size_t>(config->GetInt("http.max_body_bytes"));
  opts.read_deadline = std::chrono::milliseconds(config->GetInt("http.read_deadline_ms"));
  opts.max_connections = static_cast<size_t>(config->GetInt("http.max_connections"));
  opts.max_connections_per_address = static_cast<size_t>(config->GetInt("http.max_connections_per_address"));
  opts.max_body_bytes_in_flight = static_cast<size_t>(config->GetInt("http.max_body_bytes_in_flight"));
  opts.web_root = config->GetString("web_dir");
  opts.tls_cert_file = config->GetString("tls.cert_file");
  opts.tls_key_file = config->GetString("tls.key_file");
  http::Server server(opts, http::Router());
  platform::AddRoutes(plat, server);
  if (Status s = server.Listen(); !s.ok()) return Fail(s);
  std::cout << "wcp " << platform::kVersion << " serving on " << (opts.tls_cert_file.empty() ? "http" : "https")
            << "://" << opts.host << ":"
            << server.port() << "/ (database " << store::DatabaseUrl::Redact(config->db_url()) << ")\n";
  if (*created) {
    std::cout << "created user 'admin'; its password is in " << (var_dir / "admin-password").string()
              << " (readable only by you)\n";
  } else if (std::filesystem::exists(var_dir / "admin-password")) {
    std::cout << "log in as 'admin' with the password in " << (var_dir / "admin-password").string() << "\n";
  }
  std::cout.flush();
  plat.ledger->StartSequencer();
  for (auto& m : plat.modules) m->StartWorkers();
  Status s = server.Run();
  plat.ledger->StopSequencer();  // integrates what was appended and publishes a last checkpoint
  return s.ok() ? kExitOk : Fail(s);
}

int Migrate(const Flags& f) {
  auto p = OpenPlatform(f);
  if (!p.ok()) return Fail(p.status());
  if (Status s = platform::LoadReferenceData(**p); !s.ok()) return Fail(s);
  auto applied = (*p)->db->AppliedMigrations();
  if (!applied.ok()) return Fail(applied.status());
  std::cout << "schema current: " << applied->size() << " migration(s) applied; reference data loaded\n";
  return kExitOk;
}

int Import(const Flags& f) {
  auto p = OpenPlatform(f);
  if (!p.ok()) return Fail(p.status());
  if (Status s = platform::ImportCsv(**p, f.kind, f.file); !s.ok()) return Fail(s);
  std::cout << "imported " << f.kind << " from " << f.file << "\n";
  return kExitOk;
}

int Export(const Flags& f) {
  auto p = OpenPlatform(f);
  if (!p.ok()) return Fail(p.status());
  auto csv = platform::ExportCsv(**p, f.kind);
  if (!csv.ok()) return Fail(csv.status());
  if (f.output.empty()) {
    std::cout << *csv;
  } else {
    std::ofstream(f.output) << *csv;
  }
  return kExitOk;
}

int Backup(const Flags& f) {
  auto config = BuildConfig(f);
  if (!config.ok()) return Fail(config.status());
  auto db = store::OpenDatabase(config->db_url());
  if (!db.ok()) return Fail(db.status());
  if (Status s = (*db)->Backup(f.file); !s.ok()) return Fail(s);
  std::cout << "backup written to " << f.file << "\n";
  return kExitOk;
}

int Restore(const Flags& f) {
  auto config = BuildConfig(f);
  if (!config.ok()) return Fail(config.status());
  if (Status s = store::RestoreDatabase(config->db_url(), f.file); !s.ok()) return Fail(s);
  // The restored schema must be one this build can serve.
  auto p = platform::Open(*config);
  if (!p.ok()) return Fail(p.status().WithContext("restored, but"));
  std::cout << "restored " << store::DatabaseUrl::Redact(config->db_url()) << " from " << f.file << "\n";
  return kExitOk;
}

int UserAdd(const Flags& f) {
  auto role = auth::ParseRole(f.role);
  if (!role.ok()) return Fail(role.status());
  if (!f.password_stdin) {
    return Fail(Status::Invalid("pass the password on standard input with --password-stdin", "password"));
  }
  std::string password;
  std::getline(std::cin, password);
  if (Status s = auth::ValidatePasswordPolicy(password); !s.ok()) return Fail(s);
  auto p = OpenPlatform(f);
  if (!p.ok()) return Fail(p.status());
  auth::User u;
  u.id = NewUuidV7();
  u.username = f.name;
  u.display_name = f.name;
  u.role = *role;
  if (!f.enterprise.empty()) {
    auto list = (*p)->users->ListEnterprises();
    if (!list.ok()) return Fail(list.status());
    for (const auto& e : *list) {
      if (e.credit_code == f.enterprise) u.enterprise_id = e.id;
    }
    if (!u.enterprise_id) {
      return Fail(Status::Invalid("no enterprise with 统一社会信用代码 " + f.enterprise, "enterprise"));
    }
  }
  auto hash = auth::HashPassword(password);
  if (!hash.ok()) return Fail(hash.status());
  if (Status s = (*p)->users->CreateUser(u, *hash); !s.ok()) return Fail(s);
  std::cout << "created user '" << u.username << "' with role " << f.role << "\n";
  return kExitOk;
}

int UserList(const Flags& f) {
  auto p = OpenPlatform(f);
  if (!p.ok()) return Fail(p.status());
  auto users = (*p)->users->ListUsers();
  if (!users.ok()) return Fail(users.status());
  for (const auto& u : *users) {
    std::cout << u.username << "\t" << auth::RoleName(u.role) << (u.is_demo ? "\tdemo" : "") << "\n";
  }
  return kExitOk;
}

int Demo(const Flags& f) {
  auto p = OpenPlatform(f);
  if (!p.ok()) return Fail(p.status());
  if (Status s = platform::LoadReferenceData(**p); !s.ok()) return Fail(s);
  const auto file = std::filesystem::path((*p)->config.GetString("var_dir")) / "demo-passwords";
  auto summary = platform::LoadDemo(**p, f.seed, file);
  if (!summary.ok()) return Fail(summary.status());
  std::cout << "demo data (seed " << f.seed << "): " << summary->enterprises << " enterprise(s), "
            << summary->users << " user(s), " << summary->records
            << " module record(s) added (indicator observations approved and ledgered, enterprise reports, daily prices); demo passwords in "
            << file.string() << "\n";
  return kExitOk;
}

}  // namespace
}  // namespace wcp::cli

int main(int argc, char** argv) {
  using namespace wcp::cli;
  CLI::App app{"wcp — West Coast Commerce Platform (西海岸新区商务发展数字平台)"};
  app.require_subcommand(1);
  Flags f;
  app.add_option("--config", f.config_file, "TOML configuration file")->check(CLI::ExistingFile);
  const auto add_db = [&](CLI::App* cmd) {
    cmd->add_option("--db", f.db, "database URL: sqlite:PATH or postgresql://… (env WCP_DB)");
  };
  int rc = kExitOk;
  const auto on = [&](CLI::App* cmd, int (*fn)(const Flags&)) {
    cmd->callback([&rc, &f, fn] { rc = fn(f); });
  };

  auto* serve = app.add_subcommand("serve", "run the platform: API and web UI");
  add_db(serve);
  serve->add_option("--listen", f.listen, "HOST:PORT (default 127.0.0.1:8080; env WCP_LISTEN)");
  serve->add_option("--data-dir", f.data_dir, "reference data directory (default data)");
  serve->add_option("--web-dir", f.web_dir, "built web UI (default web/dist)");
  serve->add_option("--log-format", f.log_format, "text or json");
  serve->add_flag("--print-config", f.print_config, "print the effective configuration and exit");
  on(serve, Serve);

  auto* migrate = app.add_subcommand("migrate", "apply database migrations and load reference data");
  add_db(migrate);
  migrate->add_option("--data-dir", f.data_dir, "reference data directory");
  on(migrate, Migrate);

  auto* import = app.add_subcommand("import", "import CSV: indicators, centres, streets, crossborder-nodes");
  add_db(import);
  import->add_option("kind", f.kind, "what the file holds")->required();
  import->add_option("file", f.file, "CSV file")->required()->check(CLI::ExistingFile);
  on(import, Import);

  auto* exp = app.add_subcommand("export", "export CSV: indicators, centres, streets, crossborder-nodes");
  add_db(exp);
  exp->add_option("kind", f.kind, "what to export")->required();
  exp->add_option("-o,--output", f.output, "file (default: standard output)");
  on(exp, Export);

  auto* backup = app.add_subcommand("backup", "write a consistent snapshot while the server runs");
  add_db(backup);
  backup->add_option("file", f.file, "new backup file")->required();
  on(backup, Backup);

  auto* restore = app.add_subcommand("restore", "replace the (stopped) database with a backup");
  add_db(restore);
  restore->add_option("file", f.file, "backup file")->required()->check(CLI::ExistingFile);
  on(restore, Restore);

  auto* user = app.add_subcommand("user", "manage users");
  user->require_subcommand(1);
  auto* user_add = user->add_subcommand("add", "create a user");
  add_db(user_add);
  user_add->add_option("--name", f.name, "username")->required();
  user_add->add_option("--role", f.role, "admin, analyst, inspector or enterprise")->required();
  user_add->add_option("--enterprise", f.enterprise, "统一社会信用代码 (role enterprise)");
  user_add->add_flag("--password-stdin", f.password_stdin, "read the password from standard input");
  on(user_add, UserAdd);
  auto* user_list = user->add_subcommand("list", "list users");
  add_db(user_list);
  on(user_list, UserList);

  auto* demo = app.add_subcommand("demo", "load the seeded demo data set");
  add_db(demo);
  demo->add_option("--seed", f.seed, "random seed (same seed, same data)");
  on(demo, Demo);

  LedgerFlags ledger_flags;
  AddLedgerCommands(app, ledger_flags, rc);
  ModuleCommandFlags module_flags;
  module_flags.config_file = &f.config_file;
  AddModuleCommands(app, module_flags, rc);

  auto* version = app.add_subcommand("version", "print the version");
  version->callback([] { std::cout << "wcp " << wcp::platform::kVersion << " (" << wcp::platform::kCommit << ")\n"; });

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "wcp: " << e.what() << " (see wcp --help)\n";
    return kExitUsage;
  }
  wcp::ShutdownLogging();
  return rc;
}
