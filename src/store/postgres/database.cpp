#include "store/postgres/database.hpp"

#include <spawn.h>
#include <sys/wait.h>

#include <filesystem>

#include <fmt/format.h>

#include "core/ids.hpp"

extern char** environ;

namespace wcp::store::pg {
namespace {

constexpr const char* kMigrationsTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " module TEXT NOT NULL, version INTEGER NOT NULL, name TEXT NOT NULL,"
    " applied_at TIMESTAMPTZ NOT NULL DEFAULT now(),"
    " seq BIGINT GENERATED ALWAYS AS IDENTITY,"
    " PRIMARY KEY (module, version))";

constexpr const char* kBindingsTable =
    "CREATE TABLE IF NOT EXISTS instance_bindings ("
    " name TEXT PRIMARY KEY, value TEXT NOT NULL, recorded_at TIMESTAMPTZ NOT NULL DEFAULT now())";

// Arbitrary constant identifying "wcp migrations" among advisory locks.
constexpr int64_t kMigrationLockId = 0x77637001;

// PostgreSQL type OIDs (pg_type.dat) of the cells converted to typed values.
constexpr pqxx::oid kBool = 16, kBytea = 17, kInt8 = 20, kInt2 = 21, kInt4 = 23, kFloat4 = 700, kFloat8 = 701;

// store::Tx over one libpqxx transaction. Parameters travel as text (NULL as
// a null pointer, bytes in bytea's hex form) and PostgreSQL infers their
// types from the statement.
class PgTx final : public Tx {
 public:
  explicit PgTx(pqxx::transaction_base& t) : t_(t) {}
  Backend backend() const override { return Backend::kPostgres; }

  Result<Rows> QueryValues(std::string_view sql, std::span<const Value> params) override {
    const pqxx::result r = Run(sql, params);
    Rows rows;
    rows.reserve(r.size());
    for (const auto& row : r) {
      std::vector<Value> cells;
      cells.reserve(row.size());
      for (const auto& f : row) cells.push_back(Cell(f));
      rows.emplace_back(std::move(cells));
    }
    return rows;
  }

  Result<int64_t> ExecuteValues(std::string_view sql, std::span<const Value> params) override {
    return static_cast<int64_t>(Run(sql, params).affected_rows());
  }

  Result<int64_t> LastInsertId() override {
    return Status::Internal("LastInsertId is SQLite's; on PostgreSQL use INSERT ... RETURNING");
  }

  std::string UtcText(std::string_view column) const override {
    return "to_char(" + std::string(column) + " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')";
  }
  std::string_view Now() const override { return "now()"; }
  std::string_view NowSeconds() const override { return "extract(epoch from now())::bigint"; }
  std::string_view ForUpdate() const override { return " FOR UPDATE"; }
  std::string Contains(std::string_view haystack, std::string_view needle) const override {
    return "strpos(" + std::string(haystack) + ", " + std::string(needle) + ") > 0";
  }

 private:
  // Throws pqxx exceptions; Database::Run maps them to a Status.
  pqxx::result Run(std::string_view sql, std::span<const Value> params) {
    std::vector<std::string> text(params.size());
    std::vector<const char*> args(params.size());
    for (size_t i = 0; i < params.size(); ++i) {
      const bool null = std::visit(
          [&](const auto& v) {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::monostate>) return true;
            else if constexpr (std::is_same_v<T, std::string>) text[i] = v;
            else if constexpr (std::is_same_v<T, Bytes>) text[i] = "\\x" + HexEncode(v.bytes);
            else if constexpr (std::is_same_v<T, double>) text[i] = fmt::format("{}", v);
            else text[i] = std::to_string(v);
            return false;
          },
          params[i]);
      args[i] = null ? nullptr : text[i].c_str();
    }
    // A named prepared statement per SQL text and connection: parsed and
    // planned once, not on every call. (libpqxx registers it with the server
    // on first use; declaring the same definition again is a map lookup.)
    // Migrations run at start, before any statement is prepared; a schema
    // changed under running servers needs them restarted.
    const std::string name = "wcp_" + std::to_string(std::hash<std::string_view>{}(sql));
    t_.conn().prepare(name, std::string(sql));
    return t_.exec_prepared(name, pqxx::prepare::make_dynamic_params(args));
  }

  static Value Cell(const pqxx::field& f) {
    if (f.is_null()) return std::monostate{};
    switch (f.type()) {
      case kBool: return int64_t{f.c_str()[0] == 't' ? 1 : 0};
      case kInt2:
      case kInt4:
      case kInt8: return f.as<int64_t>();
      case kFloat4:
      case kFloat8: return f.as<double>();
      case kBytea: return Bytes{pqxx::binarystring(f).str()};
      default: return std::string(f.c_str(), f.size());
    }
  }

  pqxx::transaction_base& t_;
};

}  // namespace

Status FromException(const std::exception& e, std::string_view context) {
  std::string msg = std::string(context) + ": " + e.what();
  while (!msg.empty() && msg.back() == '\n') msg.pop_back();
  if (dynamic_cast<const pqxx::unique_violation*>(&e) ||
      dynamic_cast<const pqxx::foreign_key_violation*>(&e)) {
    return Status::Conflict(std::string(context) + ": the change conflicts with stored data (a duplicate, or a "
                                                   "reference to something that does not exist)")
        .WithInternalDetail(std::move(msg));
  }
  if (dynamic_cast<const pqxx::serialization_failure*>(&e) ||
      dynamic_cast<const pqxx::deadlock_detected*>(&e)) {
    return Status::Busy(std::move(msg));
  }
  if (dynamic_cast<const pqxx::broken_connection*>(&e)) return Status::Unavailable(std::move(msg));
  if (dynamic_cast<const pqxx::data_exception*>(&e) ||
      dynamic_cast<const pqxx::integrity_constraint_violation*>(&e)) {
    return Status::Invalid(std::string(context) + ": the database refused a value").WithInternalDetail(std::move(msg));
  }
  return Status::Internal(std::move(msg));
}

Result<std::unique_ptr<Database>> Database::Open(const std::string& url, int pool_size) {
  auto db = std::unique_ptr<Database>(new Database(url));
  try {
    for (int i = 0; i < std::max(1, pool_size); ++i) {
      auto conn = std::make_unique<pqxx::connection>(url);
      db->idle_.push_back(std::move(conn));
    }
  } catch (const std::exception& e) {
    return Status::Unavailable("cannot connect to PostgreSQL at " + DatabaseUrl::Redact(url) + ": " +
                               FromException(e, "connect").message());
  }
  return db;
}

std::unique_ptr<pqxx::connection> Database::Acquire() {
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait(lock, [this] { return !idle_.empty(); });
  auto conn = std::move(idle_.back());
  idle_.pop_back();
  return conn;
}

void Database::Release(std::unique_ptr<pqxx::connection> conn) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    idle_.push_back(std::move(conn));
  }
  cv_.notify_one();
}

template <typename Txn, typename Fn>
Status Database::Run(const Fn& job, std::string_view what) {
  auto conn = Acquire();
  Status s;
  try {
    if (!conn->is_open()) conn = std::make_unique<pqxx::connection>(url_);  // reconnect once
    Txn txn(*conn);
    s = job(txn);
    if (s.ok()) txn.commit();
  } catch (const std::exception& e) {
    s = FromException(e, what);
    if (s.code() == ErrorCode::kUnavailable) {
      try {
        conn = std::make_unique<pqxx::connection>(url_);
      } catch (const std::exception&) {
        // Keep the broken one; the next call retries the reconnect.
      }
    }
  }
  Release(std::move(conn));
  return s;
}

Status Database::Write(const WriteJob& job) { return Run<pqxx::work>(job, "write failed"); }
Status Database::Read(const ReadJob& job) { return Run<pqxx::read_transaction>(job, "read failed"); }

Result<std::vector<AppliedMigration>> Database::AppliedMigrations() {
  std::vector<AppliedMigration> out;
  Status s = Write([&](pqxx::work& w) -> Status {
    w.exec1("SELECT pg_advisory_xact_lock(" + std::to_string(kMigrationLockId) + ")");
    w.exec0(kMigrationsTable);
    w.exec0(kBindingsTable);
    for (const auto& row : w.exec("SELECT module, version, name, applied_at::text "
                                  "FROM schema_migrations ORDER BY seq")) {
      out.push_back({row[0].c_str(), row[1].as<int>(), row[2].c_str(), row[3].c_str()});
    }
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return out;
}

Status Database::Migrate(const MigrationSet& migrations) {
  // Plan and apply under one advisory lock so two processes never both apply.
  return Write([&](pqxx::work& w) -> Status {
    w.exec1("SELECT pg_advisory_xact_lock(" + std::to_string(kMigrationLockId) + ")");
    w.exec0(kMigrationsTable);
    w.exec0(kBindingsTable);
    std::vector<AppliedMigration> applied;
    for (const auto& row : w.exec("SELECT module, version, name FROM schema_migrations")) {
      applied.push_back({row[0].c_str(), row[1].as<int>(), row[2].c_str(), ""});
    }
    WCP_ASSIGN_OR_RETURN(auto plan, PlanMigrations(migrations.postgres, applied));
    for (const Migration* m : plan) {
      try {
        pqxx::subtransaction sub(w, "migration");
        sub.exec0(m->sql);
        sub.exec_params0("INSERT INTO schema_migrations (module, version, name) VALUES ($1, $2, $3)",
                         m->module, m->version, m->name);
        sub.commit();
      } catch (const std::exception& e) {
        return FromException(e, "migration " + m->module + "/" + std::to_string(m->version) + " (" +
                                    m->name + ") failed; the database was left as it was");
      }
    }
    return Status::Ok();
  });
}

store::Database::PoolStats Database::Stats() {
  std::lock_guard<std::mutex> lock(mu_);
  return {0, idle_.size()};
}

Status Database::Write(const TxJob& job) {
  return Write(WriteJob([&job](pqxx::work& w) {
    PgTx tx(w);
    return job(tx);
  }));
}

// Reads run without BEGIN/COMMIT: at PostgreSQL's READ COMMITTED every
// statement of a read transaction takes its own snapshot anyway, so the two
// extra round trips bought nothing (measured: auth/me 3,838 → see
// docs/benchmarks.md). Writes keep their transaction.
Status Database::Read(const TxJob& job) {
  return Run<pqxx::nontransaction>(
      [&job](pqxx::nontransaction& n) {
        PgTx tx(n);
        return job(tx);
      },
      "read failed");
}

Result<std::optional<std::string>> Database::Binding(std::string_view name) {
  std::optional<std::string> out;
  Status s = Read([&](pqxx::read_transaction& r) -> Status {
    auto rows = r.exec_params("SELECT value FROM instance_bindings WHERE name = $1", std::string(name));
    if (!rows.empty()) out = rows[0][0].c_str();
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return out;
}

Result<std::string> Database::BindOnce(std::string_view name, std::string_view value) {
  std::string out;
  Status s = Write([&](pqxx::work& w) -> Status {
    w.exec_params0("INSERT INTO instance_bindings (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
                   std::string(name), std::string(value));
    out = w.exec_params1("SELECT value FROM instance_bindings WHERE name = $1", std::string(name))[0].c_str();
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return out;
}

Status Database::Rebind(std::string_view name, std::string_view value) {
  return Write([&](pqxx::work& w) -> Status {
    w.exec_params0("INSERT INTO instance_bindings (name, value) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET "
                   "value = excluded.value, recorded_at = now()",
                   std::string(name), std::string(value));
    return Status::Ok();
  });
}

Status Database::Ping() {
  return Read([](pqxx::read_transaction& r) {
    r.exec1("SELECT 1");
    return Status::Ok();
  });
}

Status Database::Backup(const std::string& file) {
  if (std::filesystem::exists(file)) {
    return Status::Conflict("backup file '" + file + "' already exists; choose a new name");
  }
  std::string arg_file = "--file=" + file;
  std::string arg_db = "--dbname=" + url_;
  char* argv[] = {const_cast<char*>("pg_dump"), const_cast<char*>("--format=custom"),
                  arg_file.data(), arg_db.data(), nullptr};
  pid_t pid;
  if (posix_spawnp(&pid, "pg_dump", nullptr, nullptr, argv, environ) != 0) {
    return Status::Unavailable("pg_dump is not installed (Debian package postgresql-client-15)");
  }
  int wstatus = 0;
  waitpid(pid, &wstatus, 0);
  if (!WIFEXITED(wstatus) || WEXITSTATUS(wstatus) != 0) {
    return Status::Internal("pg_dump failed; see its message above");
  }
  return Status::Ok();
}

}  // namespace wcp::store::pg
