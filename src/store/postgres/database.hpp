// store/postgres/database.hpp — the scale-out backend on libpqxx.
//
// A fixed pool of connections; each Write runs in its own transaction and
// returns after COMMIT (synchronous_commit stays on, so it is durable).
// Several wcp processes may share one PostgreSQL database; migrations take
// an advisory lock so that only one process migrates at a time.
//
// Thread-safety: every method may be called from any thread.
#pragma once

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <pqxx/pqxx>
#include <vector>

#include "store/database.hpp"

namespace wcp::store::pg {

// Maps a libpqxx exception to the platform's error enum (call inside catch).
Status FromException(const std::exception& e, std::string_view context);

class Database final : public store::Database {
 public:
  using WriteJob = std::function<Status(pqxx::work&)>;
  using ReadJob = std::function<Status(pqxx::read_transaction&)>;

  static Result<std::unique_ptr<Database>> Open(const std::string& url, int pool_size = 4);

  Backend backend() const override { return Backend::kPostgres; }
  Database* AsPostgres() override { return this; }

  // Runs `job` in a transaction; commits when it returns OK, rolls back otherwise.
  Status Write(const WriteJob& job);
  Status Read(const ReadJob& job);
  Status Write(const TxJob& job) override;
  Status Read(const TxJob& job) override;

  Status Migrate(const MigrationSet& migrations) override;
  Result<std::vector<AppliedMigration>> AppliedMigrations() override;
  Status Ping() override;
  Result<std::optional<std::string>> Binding(std::string_view name) override;
  Result<std::string> BindOnce(std::string_view name, std::string_view value) override;
  Status Rebind(std::string_view name, std::string_view value) override;
  // Runs pg_dump --format=custom (documented in docs/operations.md).
  Status Backup(const std::string& file) override;
  PoolStats Stats() override;

  const std::string& url() const { return url_; }

 private:
  explicit Database(std::string url) : url_(std::move(url)) {}
  std::unique_ptr<pqxx::connection> Acquire();
  void Release(std::unique_ptr<pqxx::connection> conn);
  template <typename Txn, typename Fn>
  Status Run(const Fn& job, std::string_view what);

  std::string url_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<pqxx::connection>> idle_;  // guarded by mu_
};

}  // namespace wcp::store::pg
