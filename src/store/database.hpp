// store/database.hpp — what every storage backend offers, independent of SQL.
//
// Modules do not talk SQL through this interface. Each module defines its own
// domain-level store interface (e.g. auth::UserStore) with one implementation
// per backend that owns its SQL text; this file only covers what the platform
// needs of any backend: opening by URL, migrations, health, backup.
#pragma once

#include <optional>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.hpp"
#include "store/migration.hpp"
#include "store/tx.hpp"

namespace wcp::store {

// "sqlite:var/wcp.db", "sqlite::memory:" or "postgresql://user@host:port/db"
// (also "postgres://"). kInvalid names the field "db".
struct DatabaseUrl {
  Backend backend = Backend::kSqlite;
  std::string target;  // the SQLite path, or the full libpq URL
  static Result<DatabaseUrl> Parse(std::string_view url);
  // The URL with any password replaced by "****", for logs and --print-config.
  static std::string Redact(std::string_view url);
};

namespace sqlite {
class Database;
}
namespace pg {
class Database;
}

// Thread-safety: all methods may be called from any thread.
class Database {
 public:
  virtual ~Database() = default;
  virtual Backend backend() const = 0;

  // Runs `job` in one write transaction: committed (durably) when it returns
  // OK, rolled back completely otherwise; returns the job's status or the
  // commit's. On SQLite the job runs on the single writer thread, so it must
  // not call Write itself.
  [[nodiscard]] virtual Status Write(const TxJob& job) = 0;
  // Runs `job` in one read-only transaction (a consistent snapshot).
  [[nodiscard]] virtual Status Read(const TxJob& job) = 0;

  // Applies every migration not yet applied, each in its own transaction:
  // modules in the order they were added to `migrations` (dependency order),
  // versions ascending within a module (migration.hpp). kConflict when the
  // database holds a migration newer than this build knows (never downgrade
  // silently).
  virtual Status Migrate(const MigrationSet& migrations) = 0;
  // The migrations applied so far, in the order they were applied.
  virtual Result<std::vector<AppliedMigration>> AppliedMigrations() = 0;
  // A cheap round trip (SELECT 1) to prove the database answers.
  virtual Status Ping() = 0;
  // Writes a consistent snapshot to `file` while writers keep going.
  virtual Status Backup(const std::string& file) = 0;

  // Instance bindings: values that every process sharing this database must
  // agree on (the ledger's public key, the personal-data secret's
  // fingerprint). Kept in the backend's own table `instance_bindings`.
  // The recorded value of `name`, or nullopt when none was recorded yet.
  virtual Result<std::optional<std::string>> Binding(std::string_view name) = 0;
  // Records `value` unless `name` already has one, in one statement, and
  // returns the value now recorded: the first process to record wins.
  virtual Result<std::string> BindOnce(std::string_view name, std::string_view value) = 0;
  // Replaces the recorded value (an explicit rotation).
  virtual Status Rebind(std::string_view name, std::string_view value) = 0;

  // Pool figures for /metrics: "write_queue" (jobs waiting for the writer),
  // "idle_connections" (read or pooled connections free now).
  struct PoolStats {
    size_t write_queue = 0;
    size_t idle_connections = 0;
  };
  virtual PoolStats Stats() = 0;

  // Downcasts for module store factories; nullptr for the other backend.
  virtual sqlite::Database* AsSqlite() { return nullptr; }
  virtual pg::Database* AsPostgres() { return nullptr; }
};

// Opens (creating an SQLite file and its directory if needed) the database
// named by `url`. kUnavailable with the redacted URL when it cannot be reached.
Result<std::unique_ptr<Database>> OpenDatabase(std::string_view url);

// Replaces the database named by `url` with the backup `file` (written by
// Database::Backup). SQLite: the file must not be in use; the backup's
// integrity is checked first and the target left as it was on any failure.
// PostgreSQL: kInvalid naming "db" — restore with pg_restore instead.
Status RestoreDatabase(std::string_view url, const std::string& file);

// Checks that every migration known to this build is applied and none newer
// exists: used by /readyz and by `wcp serve` before it accepts traffic.
Status CheckSchemaCurrent(Database& db, const MigrationSet& migrations);

}  // namespace wcp::store
