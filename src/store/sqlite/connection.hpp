// store/sqlite/connection.hpp — a thin RAII layer over one sqlite3 handle.
//
// Thread-safety: a Connection is used by one thread at a time (the database
// is opened with SQLITE_OPEN_NOMUTEX); sqlite::Database hands connections out.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.hpp"

namespace wcp::store::sqlite {

// Maps an SQLite result code to the platform's error enum.
Status FromSqlite(int rc, sqlite3* db, std::string_view context);

struct Blob {
  std::string_view bytes;
};

// A prepared statement borrowed from a Connection's cache. Resets itself and
// clears its bindings when it goes out of scope, on every path.
class Statement {
 public:
  Statement(sqlite3_stmt* stmt, sqlite3* db) : stmt_(stmt), db_(db) {}
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  Statement(Statement&& other) noexcept : stmt_(other.stmt_), db_(other.db_) {
    other.stmt_ = nullptr;
  }
  ~Statement();

  // Binds parameters 1..n in order.
  template <typename... Args>
  Statement& Bind(const Args&... args) {
    int i = 0;
    (BindOne(++i, args), ...);
    return *this;
  }
  void BindOne(int i, int64_t v);
  void BindOne(int i, int v) { BindOne(i, static_cast<int64_t>(v)); }
  void BindOne(int i, double v);
  void BindOne(int i, std::string_view v);
  void BindOne(int i, const std::string& v) { BindOne(i, std::string_view(v)); }
  void BindOne(int i, const char* v) { BindOne(i, std::string_view(v)); }
  void BindOne(int i, std::nullptr_t);
  void BindOne(int i, Blob v);
  template <typename T>
  void BindOne(int i, const std::optional<T>& v) {
    if (v) BindOne(i, *v); else BindOne(i, nullptr);
  }

  // Advances: true when a row is available, false when done.
  Result<bool> Step();
  // Steps to completion (for INSERT/UPDATE/DELETE).
  Status Run();

  int64_t Int(int col) const { return sqlite3_column_int64(stmt_, col); }
  int Columns() const { return sqlite3_column_count(stmt_); }
  sqlite3_stmt* handle() const { return stmt_; }
  int Type(int col) const { return sqlite3_column_type(stmt_, col); }
  double Double(int col) const { return sqlite3_column_double(stmt_, col); }
  std::string Text(int col) const;
  bool IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  std::optional<std::string> OptionalText(int col) const {
    return IsNull(col) ? std::nullopt : std::optional<std::string>(Text(col));
  }

 private:
  sqlite3_stmt* stmt_;
  sqlite3* db_;
};

class Connection {
 public:
  enum class Mode { kReadWrite, kReadOnly };
  // Opens `path` with WAL, foreign keys, a busy timeout and the synchronous
  // level given (see docs/operations.md for why the writer uses FULL).
  static Result<std::unique_ptr<Connection>> Open(const std::string& path, Mode mode);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Executes one or more statements without results.
  Status Exec(std::string_view sql);
  // A cached prepared statement for `sql` (prepared once per connection).
  Result<Statement> Prepare(std::string_view sql);
  // The same for SQL written with $1 … $n, bound by number (store::Tx).
  Result<Statement> PrepareNumbered(std::string_view sql);
  int64_t Changes() const { return sqlite3_changes64(db_); }
  sqlite3* handle() const { return db_; }

 private:
  explicit Connection(sqlite3* db) : db_(db) {}
  sqlite3* db_;
  std::map<std::string, sqlite3_stmt*, std::less<>> cache_;
  std::map<std::string, sqlite3_stmt*, std::less<>> numbered_cache_;  // keyed by the $n text
};

}  // namespace wcp::store::sqlite
