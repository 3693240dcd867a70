#include "store/sqlite/connection.hpp"

#include "store/tx.hpp"

namespace wcp::store::sqlite {

Status FromSqlite(int rc, sqlite3* db, std::string_view context) {
  if (rc == SQLITE_OK || rc == SQLITE_DONE || rc == SQLITE_ROW) return Status::Ok();
  std::string msg = std::string(context) + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  switch (rc & 0xFF) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return Status::Busy(std::move(msg));
    case SQLITE_CONSTRAINT:
      return Status::Conflict(std::string(context) + ": the change conflicts with stored data (a duplicate, or a "
                                                     "reference to something that does not exist)")
          .WithInternalDetail(std::move(msg));
    case SQLITE_CANTOPEN:
    case SQLITE_NOTADB:
    case SQLITE_IOERR: return Status::Unavailable(std::move(msg));
    case SQLITE_TOOBIG: return Status::TooLarge(std::move(msg));
    default: return Status::Internal(std::move(msg));
  }
}

Statement::~Statement() {
  if (stmt_) {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
}

void Statement::BindOne(int i, int64_t v) { sqlite3_bind_int64(stmt_, i, v); }
void Statement::BindOne(int i, double v) { sqlite3_bind_double(stmt_, i, v); }
void Statement::BindOne(int i, std::string_view v) {
  sqlite3_bind_text64(stmt_, i, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
}
void Statement::BindOne(int i, std::nullptr_t) { sqlite3_bind_null(stmt_, i); }
void Statement::BindOne(int i, Blob v) {
  sqlite3_bind_blob64(stmt_, i, v.bytes.data(), v.bytes.size(), SQLITE_TRANSIENT);
}

Result<bool> Statement::Step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return FromSqlite(rc, db_, "query failed");
}

Status Statement::Run() {
  while (true) {
    auto r = Step();
    if (!r.ok()) return r.status();
    if (!*r) return Status::Ok();
  }
}

std::string Statement::Text(int col) const {
  const auto* p = sqlite3_column_blob(stmt_, col);
  const int n = sqlite3_column_bytes(stmt_, col);
  return p ? std::string(static_cast<const char*>(p), n) : std::string();
}

Result<std::unique_ptr<Connection>> Connection::Open(const std::string& path, Mode mode) {
  // Process-wide, once, before the library initialises: memory statistics
  // take a global mutex on every allocation; wcp does not use them.
  static const int kConfigured = [] {
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    return sqlite3_initialize();
  }();
  (void)kConfigured;
  sqlite3* db = nullptr;
  const int flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI |
                    (mode == Mode::kReadOnly ? SQLITE_OPEN_READONLY
                                             : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    Status s = Status::Unavailable("cannot open SQLite database '" + path + "': " +
                                   (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)));
    sqlite3_close_v2(db);
    return s;
  }
  auto conn = std::unique_ptr<Connection>(new Connection(db));
  sqlite3_busy_timeout(db, 5000);
  sqlite3_extended_result_codes(db, 1);
  // synchronous=FULL: in WAL mode the WAL is fsynced at every commit, so an
  // acknowledged write survives power loss and OS crashes, not only a crash
  // of the process (NORMAL would only guarantee the latter).
  std::string pragmas =
      "PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL; PRAGMA temp_store=MEMORY;"
      "PRAGMA cache_size=-65536;";
  if (mode == Mode::kReadWrite) pragmas = "PRAGMA journal_mode=WAL; " + pragmas;
  WCP_RETURN_IF_ERROR(conn->Exec(pragmas).WithContext("configuring '" + path + "'"));
  return conn;
}

Connection::~Connection() {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);  // numbered_cache_ shares these handles
  sqlite3_close_v2(db_);
}

Status Connection::Exec(std::string_view sql) {
  char* err = nullptr;
  const std::string text(sql);
  const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    Status s = FromSqlite(rc, db_, "SQL failed");
    sqlite3_free(err);
    return s;
  }
  return Status::Ok();
}

Result<Statement> Connection::PrepareNumbered(std::string_view sql) {
  auto it = numbered_cache_.find(sql);
  if (it == numbered_cache_.end()) {
    WCP_ASSIGN_OR_RETURN(Statement st, Prepare(store::NumberedSqliteParameters(sql)));
    it = numbered_cache_.emplace(std::string(sql), st.handle()).first;
  }
  return Statement(it->second, db_);
}

Result<Statement> Connection::Prepare(std::string_view sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) {
    sqlite3_stmt* stmt = nullptr;
    const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                      SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) return FromSqlite(rc, db_, "cannot prepare SQL");
    it = cache_.emplace(std::string(sql), stmt).first;
  }
  return Statement(it->second, db_);
}

}  // namespace wcp::store::sqlite
