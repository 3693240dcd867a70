#include "store/sqlite/database.hpp"

#include <cstdlib>
#include <filesystem>

#include <spdlog/spdlog.h>

namespace wcp::store::sqlite {
namespace {

constexpr std::string_view kMigrationsTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " module TEXT NOT NULL, version INTEGER NOT NULL, name TEXT NOT NULL,"
    " applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),"
    " PRIMARY KEY (module, version)) STRICT";

constexpr std::string_view kBindingsTable =
    "CREATE TABLE IF NOT EXISTS instance_bindings ("
    " name TEXT PRIMARY KEY, value TEXT NOT NULL,"
    " recorded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))) STRICT";

// store::Tx over one SQLite connection (the writer's, or a reader's).
class SqliteTx final : public Tx {
 public:
  explicit SqliteTx(Connection& c) : c_(c) {}
  Backend backend() const override { return Backend::kSqlite; }

  Result<Rows> QueryValues(std::string_view sql, std::span<const Value> params) override {
    WCP_ASSIGN_OR_RETURN(Statement st, Bound(sql, params));
    Rows rows;
    while (true) {
      WCP_ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) return rows;
      std::vector<Value> cells;
      cells.reserve(static_cast<size_t>(st.Columns()));
      for (int i = 0; i < st.Columns(); ++i) cells.push_back(Cell(st, i));
      rows.emplace_back(std::move(cells));
    }
  }

  Result<int64_t> ExecuteValues(std::string_view sql, std::span<const Value> params) override {
    WCP_ASSIGN_OR_RETURN(Statement st, Bound(sql, params));
    WCP_RETURN_IF_ERROR(st.Run());
    return c_.Changes();
  }

  Result<int64_t> LastInsertId() override { return sqlite3_last_insert_rowid(c_.handle()); }

  std::string UtcText(std::string_view column) const override { return std::string(column); }
  std::string_view Now() const override { return "strftime('%Y-%m-%dT%H:%M:%SZ','now')"; }
  std::string_view NowSeconds() const override { return "CAST(strftime('%s','now') AS INTEGER)"; }
  std::string_view ForUpdate() const override { return ""; }
  std::string Contains(std::string_view haystack, std::string_view needle) const override {
    return "instr(" + std::string(haystack) + ", " + std::string(needle) + ") > 0";
  }

 private:
  Result<Statement> Bound(std::string_view sql, std::span<const Value> params) {
    WCP_ASSIGN_OR_RETURN(Statement st, c_.PrepareNumbered(sql));
    for (size_t i = 0; i < params.size(); ++i) {
      const int n = static_cast<int>(i + 1);
      std::visit(
          [&](const auto& v) {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::monostate>) st.BindOne(n, nullptr);
            else if constexpr (std::is_same_v<T, Bytes>) st.BindOne(n, Blob{v.bytes});
            else st.BindOne(n, v);
          },
          params[i]);
    }
    return st;
  }

  static Value Cell(const Statement& st, int i) {
    switch (st.Type(i)) {
      case SQLITE_INTEGER: return st.Int(i);
      case SQLITE_FLOAT: return st.Double(i);
      case SQLITE_BLOB: return Bytes{st.Text(i)};
      case SQLITE_NULL: return std::monostate{};
      default: return st.Text(i);
    }
  }

  Connection& c_;
};

Status IntegrityCheck(Connection& conn, std::string_view what) {
  WCP_ASSIGN_OR_RETURN(Statement st, conn.Prepare("PRAGMA integrity_check"));
  WCP_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row || st.Text(0) != "ok") {
    return Status::Invalid(std::string(what) + " fails SQLite's integrity check: " +
                           (row ? st.Text(0) : std::string("no result")));
  }
  return Status::Ok();
}

// After a rebuild with enforcement off: every reference must still resolve.
Status ForeignKeysHold(Connection& conn) {
  WCP_ASSIGN_OR_RETURN(Statement st, conn.Prepare("PRAGMA foreign_key_check"));
  WCP_ASSIGN_OR_RETURN(bool row, st.Step());
  if (row) return Status::Invalid("a row of table " + st.Text(0) + " references a missing " + st.Text(2));
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<Database>> Database::Open(const Options& options) {
  auto db = std::unique_ptr<Database>(new Database(options));
  const bool memory = options.path == ":memory:";
  if (!memory) {
    const auto dir = std::filesystem::path(options.path).parent_path();
    std::error_code ec;
    if (!dir.empty()) std::filesystem::create_directories(dir, ec);
  }
  WCP_ASSIGN_OR_RETURN(db->writer_, Connection::Open(options.path, Connection::Mode::kReadWrite));
  // An in-memory database is private to its connection: readers share the writer
  // by going through the same queue (tests only).
  if (!memory) {
    for (int i = 0; i < std::max(1, options.readers); ++i) {
      WCP_ASSIGN_OR_RETURN(auto reader, Connection::Open(options.path, Connection::Mode::kReadOnly));
      db->idle_readers_.push_back(std::move(reader));
    }
  }
  db->writer_thread_ = std::thread([raw = db.get()] { raw->WriterLoop(); });
  return db;
}

Database::~Database() {
  {
    std::lock_guard<std::mutex> lock(queue_mu_);
    stopping_ = true;
  }
  queue_cv_.notify_all();
  if (writer_thread_.joinable()) writer_thread_.join();
  if (writer_) (void)writer_->Exec("PRAGMA optimize");  // best effort: statistics for the next start
}

std::future<Status> Database::WriteAsync(Job job) { return Enqueue(Pending{std::move(job), {}}); }

std::future<Status> Database::Enqueue(Pending p) {
  auto fut = p.done.get_future();
  {
    std::lock_guard<std::mutex> lock(queue_mu_);
    if (stopping_) {
      p.done.set_value(Status::Unavailable("the database is shutting down"));
      return fut;
    }
    queue_.push_back(std::move(p));
  }
  queue_cv_.notify_one();
  return fut;
}

Status Database::Write(Job job) { return WriteAsync(std::move(job)).get(); }

void Database::WriterLoop() {
  std::vector<Pending> batch;
  while (true) {
    {
      std::unique_lock<std::mutex> lock(queue_mu_);
      queue_cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping and drained
      // A job that needs foreign keys off runs in a batch of its own.
      while (!queue_.empty() && static_cast<int>(batch.size()) < options_.max_batch) {
        const bool alone = queue_.front().foreign_keys_off;
        if (alone && !batch.empty()) break;
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
        if (alone) break;
      }
    }
    RunBatch(batch);
    batch.clear();
  }
}

void Database::RunBatch(std::vector<Pending>& batch) {
  // The pragma is a no-op inside a transaction, so it is set around it.
  const bool fk_off = batch.front().foreign_keys_off;
  if (fk_off) {
    if (Status off = writer_->Exec("PRAGMA foreign_keys=OFF"); !off.ok()) {
      batch.front().done.set_value(off);
      return;
    }
  }
  RunTransaction(batch);
  if (fk_off) {
    if (Status on = writer_->Exec("PRAGMA foreign_keys=ON"); !on.ok()) {
      spdlog::critical("sqlite: cannot re-enable foreign keys: {}", on.ToString());
      std::abort();  // continuing would silently drop referential integrity
    }
  }
}

void Database::RunTransaction(std::vector<Pending>& batch) {
  std::vector<Status> results(batch.size());
  Status begin = writer_->Exec("BEGIN IMMEDIATE");
  if (!begin.ok()) {
    for (auto& p : batch) p.done.set_value(begin);
    return;
  }
  // A batch of one needs no savepoint: its failure rolls back the whole
  // transaction, which is the same thing (and savepoints cost a sub-journal
  // copy of every page the job touches).
  const bool isolate = batch.size() > 1;
  Status poisoned;  // set when a failed job could not be undone
  for (size_t i = 0; i < batch.size(); ++i) {
    Status s = isolate ? writer_->Exec("SAVEPOINT job") : Status::Ok();
    if (s.ok()) {
      try {
        s = batch[i].job(*writer_);
      } catch (const std::exception& e) {
        s = Status::Internal(std::string("write job threw: ") + e.what());
      }
      if (isolate && s.ok()) {
        s = writer_->Exec("RELEASE job");
      } else if (isolate) {
        Status undo = writer_->Exec("ROLLBACK TO job");
        if (undo.ok()) undo = writer_->Exec("RELEASE job");
        // A job that cannot be undone leaves the batch untrustworthy: it is
        // rolled back as a whole below and every job in it fails.
        if (!undo.ok() && poisoned.ok()) poisoned = undo.WithContext("cannot undo a failed job");
      }
    }
    results[i] = std::move(s);
  }
  if (!poisoned.ok()) {
    (void)writer_->Exec("ROLLBACK");  // the transaction is abandoned either way
    for (size_t i = 0; i < batch.size(); ++i) batch[i].done.set_value(poisoned);
    return;
  }
  if (!isolate && !results[0].ok()) {
    (void)writer_->Exec("ROLLBACK");  // the transaction is abandoned either way
    batch[0].done.set_value(std::move(results[0]));
    return;
  }
  Status commit = writer_->Exec("COMMIT");
  if (!commit.ok()) {
    (void)writer_->Exec("ROLLBACK");  // the transaction is abandoned either way
    for (auto& r : results) {
      if (r.ok()) r = commit.WithContext("commit failed");
    }
  }
  for (size_t i = 0; i < batch.size(); ++i) batch[i].done.set_value(std::move(results[i]));
}

Status Database::Read(const Job& job) {
  if (idle_readers_.empty() && options_.path == ":memory:") return Write(job);
  std::unique_ptr<Connection> conn;
  {
    std::unique_lock<std::mutex> lock(readers_mu_);
    readers_cv_.wait(lock, [this] { return !idle_readers_.empty(); });
    conn = std::move(idle_readers_.back());
    idle_readers_.pop_back();
  }
  Status s = conn->Exec("BEGIN");
  if (s.ok()) {
    try {
      s = job(*conn);
    } catch (const std::exception& e) {
      s = Status::Internal(std::string("read job threw: ") + e.what());
    }
    if (Status end = conn->Exec("COMMIT"); s.ok() && !end.ok()) s = end;
  }
  {
    std::lock_guard<std::mutex> lock(readers_mu_);
    idle_readers_.push_back(std::move(conn));
  }
  readers_cv_.notify_one();
  return s;
}

Result<std::vector<AppliedMigration>> Database::AppliedMigrations() {
  std::vector<AppliedMigration> out;
  Status s = Write([&](Connection& c) -> Status {
    WCP_RETURN_IF_ERROR(c.Exec(kMigrationsTable));
    WCP_RETURN_IF_ERROR(c.Exec(kBindingsTable));
    WCP_ASSIGN_OR_RETURN(
        Statement st,
        c.Prepare("SELECT module, version, name, applied_at FROM schema_migrations ORDER BY rowid"));
    while (true) {
      WCP_ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) break;
      out.push_back({st.Text(0), static_cast<int>(st.Int(1)), st.Text(2), st.Text(3)});
    }
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return out;
}

Status Database::Migrate(const MigrationSet& migrations) {
  WCP_ASSIGN_OR_RETURN(auto applied, AppliedMigrations());
  WCP_ASSIGN_OR_RETURN(auto plan, PlanMigrations(migrations.sqlite, applied));
  for (const Migration* m : plan) {
    // One migration per write job: each commits on its own, and a failing
    // one rolls back completely (its SAVEPOINT) and stops the run.
    Pending job{[m](Connection& c) -> Status {
                  WCP_RETURN_IF_ERROR(c.Exec(m->sql));
                  if (m->rebuilds_tables) WCP_RETURN_IF_ERROR(ForeignKeysHold(c));
                  WCP_ASSIGN_OR_RETURN(
                      Statement st,
                      c.Prepare("INSERT INTO schema_migrations (module, version, name) VALUES (?, ?, ?)"));
                  st.Bind(m->module, m->version, m->name);
                  return st.Run();
                },
                {},
                m->rebuilds_tables};
    Status s = Enqueue(std::move(job)).get();
    if (!s.ok()) {
      return s.WithContext("migration " + m->module + "/" + std::to_string(m->version) + " (" +
                           m->name + ") failed; the database was left at the previous version");
    }
  }
  return Status::Ok();
}

store::Database::PoolStats Database::Stats() {
  PoolStats stats;
  {
    std::lock_guard<std::mutex> lock(queue_mu_);
    stats.write_queue = queue_.size();
  }
  std::lock_guard<std::mutex> lock(readers_mu_);
  stats.idle_connections = idle_readers_.size();
  return stats;
}

Result<std::optional<std::string>> Database::Binding(std::string_view name) {
  std::optional<std::string> out;
  Status s = Write([&](Connection& c) -> Status {
    WCP_RETURN_IF_ERROR(c.Exec(kBindingsTable));
    WCP_ASSIGN_OR_RETURN(Statement q, c.Prepare("SELECT value FROM instance_bindings WHERE name = ?"));
    q.Bind(name);
    WCP_ASSIGN_OR_RETURN(bool row, q.Step());
    if (row) out = q.Text(0);
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return out;
}

Result<std::string> Database::BindOnce(std::string_view name, std::string_view value) {
  std::string out;
  Status s = Write([&](Connection& c) -> Status {
    WCP_RETURN_IF_ERROR(c.Exec(kBindingsTable));
    WCP_ASSIGN_OR_RETURN(Statement ins, c.Prepare("INSERT INTO instance_bindings (name, value) VALUES (?, ?) "
                                                  "ON CONFLICT (name) DO NOTHING"));
    ins.Bind(name, value);
    WCP_RETURN_IF_ERROR(ins.Run());
    WCP_ASSIGN_OR_RETURN(Statement q, c.Prepare("SELECT value FROM instance_bindings WHERE name = ?"));
    q.Bind(name);
    WCP_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) return Status::Internal("instance binding vanished");
    out = q.Text(0);
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return out;
}

Status Database::Rebind(std::string_view name, std::string_view value) {
  return Write([&](Connection& c) -> Status {
    WCP_RETURN_IF_ERROR(c.Exec(kBindingsTable));
    WCP_ASSIGN_OR_RETURN(Statement q, c.Prepare(
        "INSERT INTO instance_bindings (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET "
        "value = excluded.value, recorded_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')"));
    q.Bind(name, value);
    return q.Run();
  });
}

Status Database::Write(const TxJob& job) {
  return Write(Job([&job](Connection& c) {
    SqliteTx tx(c);
    return job(tx);
  }));
}

Status Database::Read(const TxJob& job) {
  return Read(Job([&job](Connection& c) {
    SqliteTx tx(c);
    return job(tx);
  }));
}

Status Database::Ping() {
  return Read([](Connection& c) { return c.Exec("SELECT 1"); });
}

Status Database::Backup(const std::string& file) {
  std::error_code ec;
  if (std::filesystem::exists(file, ec)) {
    return Status::Conflict("backup file '" + file + "' already exists; choose a new name");
  }
  // VACUUM INTO reads one consistent snapshot in a single read transaction,
  // so concurrent writers neither block it nor restart it (unlike stepwise
  // sqlite3_backup), and the copy is compacted. It cannot run inside a
  // transaction, so it gets its own short-lived read-only connection.
  WCP_ASSIGN_OR_RETURN(auto conn, Connection::Open(options_.path, Connection::Mode::kReadOnly));
  WCP_ASSIGN_OR_RETURN(Statement st, conn->Prepare("VACUUM INTO ?"));
  st.Bind(file);
  return st.Run().WithContext("backup to '" + file + "'");
}

Status RestoreFrom(const std::string& file, const std::string& target_path) {
  if (!std::filesystem::exists(file)) return Status::NotFound("backup file '" + file + "' not found");
  WCP_ASSIGN_OR_RETURN(auto source, Connection::Open(file, Connection::Mode::kReadOnly));
  WCP_RETURN_IF_ERROR(IntegrityCheck(*source, "backup '" + file + "'"));
  WCP_ASSIGN_OR_RETURN(auto target, Connection::Open(target_path, Connection::Mode::kReadWrite));
  // Refuse while a server holds the database: take the write lock without waiting.
  sqlite3_busy_timeout(target->handle(), 0);
  Status lock = target->Exec("BEGIN IMMEDIATE");
  if (!lock.ok()) {
    return Status::Busy("database '" + target_path + "' is in use; stop wcp serve before restoring");
  }
  (void)target->Exec("ROLLBACK");  // only probed the lock; a failure shows in the backup below
  sqlite3_busy_timeout(target->handle(), 5000);
  sqlite3_backup* b = sqlite3_backup_init(target->handle(), "main", source->handle(), "main");
  if (!b) return FromSqlite(sqlite3_errcode(target->handle()), target->handle(), "restore");
  const int rc = sqlite3_backup_step(b, -1);
  sqlite3_backup_finish(b);
  if (rc != SQLITE_DONE) return FromSqlite(rc, target->handle(), "restore");
  return IntegrityCheck(*target, "restored database");
}

}  // namespace wcp::store::sqlite
