// store/tx.hpp — the backend-neutral transaction every store is written against.
//
// A store receives a Tx inside Database::Write or Database::Read and runs SQL
// with numbered parameters ($1 … $n, bound by number on both backends, so a
// statement may use $2 before $1). Cells come back typed (NULL, integer, real,
// text, blob). The few places where the dialects really differ are helpers
// here (timestamps as text, the current time, FOR UPDATE), so that one store
// class serves SQLite and PostgreSQL.
//
// Ownership: a Tx lives only for the job it is passed to; never keep it.
// Thread-safety: a Tx is used by one thread (the job's).
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/status.hpp"

namespace wcp::store {

enum class Backend { kSqlite, kPostgres };

// Raw bytes (BLOB / bytea), distinct from text.
struct Bytes {
  std::string bytes;
  bool operator==(const Bytes&) const = default;
};

// One parameter or cell. std::monostate is SQL NULL.
using Value = std::variant<std::monostate, int64_t, double, std::string, Bytes>;

// Parameter conversions (a bool is the integer 0 or 1, which both backends
// store in their boolean or integer columns).
inline Value ToValue(std::nullptr_t) { return std::monostate{}; }
inline Value ToValue(bool v) { return int64_t{v ? 1 : 0}; }
inline Value ToValue(int v) { return int64_t{v}; }
inline Value ToValue(int64_t v) { return v; }
inline Value ToValue(uint64_t v) { return static_cast<int64_t>(v); }
inline Value ToValue(double v) { return v; }
inline Value ToValue(std::string v) { return v; }
inline Value ToValue(std::string_view v) { return std::string(v); }
inline Value ToValue(const char* v) { return std::string(v); }
inline Value ToValue(Bytes v) { return v; }
inline Value ToValue(const Value& v) { return v; }
template <typename T>
Value ToValue(const std::optional<T>& v) {
  return v ? ToValue(*v) : Value(std::monostate{});
}

// One result row. Accessors convert where it is lossless (an integer cell
// read as text gives its decimal form); reading NULL as text gives "".
class Row {
 public:
  explicit Row(std::vector<Value> cells) : cells_(std::move(cells)) {}
  size_t size() const { return cells_.size(); }
  bool IsNull(size_t i) const { return std::holds_alternative<std::monostate>(cells_.at(i)); }
  std::string Text(size_t i) const;
  int64_t Int(size_t i) const;  // 0 for NULL; text is parsed (PostgreSQL numeric)
  double Real(size_t i) const;
  std::string Blob(size_t i) const;
  std::optional<std::string> OptionalText(size_t i) const;
  std::optional<int64_t> OptionalInt(size_t i) const;
  const Value& operator[](size_t i) const { return cells_.at(i); }

 private:
  std::vector<Value> cells_;
};

using Rows = std::vector<Row>;

class Tx {
 public:
  virtual ~Tx() = default;
  virtual Backend backend() const = 0;

  // Runs one statement and returns its rows.
  [[nodiscard]] virtual Result<Rows> QueryValues(std::string_view sql, std::span<const Value> params) = 0;
  // Runs one statement and returns how many rows it changed.
  [[nodiscard]] virtual Result<int64_t> ExecuteValues(std::string_view sql, std::span<const Value> params) = 0;

  template <typename... Args>
  [[nodiscard]] Result<Rows> Query(std::string_view sql, const Args&... args) {
    const std::array<Value, sizeof...(Args)> params{ToValue(args)...};
    return QueryValues(sql, params);
  }
  template <typename... Args>
  [[nodiscard]] Result<int64_t> Execute(std::string_view sql, const Args&... args) {
    const std::array<Value, sizeof...(Args)> params{ToValue(args)...};
    return ExecuteValues(sql, params);
  }
  // The first row, or nullopt when there is none.
  template <typename... Args>
  [[nodiscard]] Result<std::optional<Row>> QueryOne(std::string_view sql, const Args&... args) {
    WCP_ASSIGN_OR_RETURN(Rows rows, Query(sql, args...));
    if (rows.empty()) return std::optional<Row>();
    return std::optional<Row>(std::move(rows.front()));
  }

  // The rowid of the last row this transaction's connection inserted
  // (SQLite). kInternal on PostgreSQL: use INSERT … RETURNING there.
  [[nodiscard]] virtual Result<int64_t> LastInsertId() = 0;

  // Dialect helpers, each an SQL fragment.
  // A timestamp column read as "YYYY-MM-DDTHH:MM:SSZ" (UTC) on both backends.
  virtual std::string UtcText(std::string_view column) const = 0;
  // The current time as a value for a timestamp column.
  virtual std::string_view Now() const = 0;
  // The current time in whole Unix seconds.
  virtual std::string_view NowSeconds() const = 0;
  // A condition: `haystack` contains `needle` (both SQL expressions), as
  // plain text (no LIKE wildcards), case-sensitive.
  virtual std::string Contains(std::string_view haystack, std::string_view needle) const = 0;
  // " FOR UPDATE" on PostgreSQL; "" on SQLite, whose single writer already
  // serialises every write transaction.
  virtual std::string_view ForUpdate() const = 0;
};

using TxJob = std::function<Status(Tx&)>;

// "$1 … $n" → "?1 … ?n" outside string literals and quoted identifiers:
// SQLite numbers "$1" by first appearance, "?1" by its digits.
std::string NumberedSqliteParameters(std::string_view sql);

}  // namespace wcp::store
