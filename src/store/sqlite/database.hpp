// store/sqlite/database.hpp — the embedded backend: one writer, many readers.
//
// All writes go through a single writer thread that owns the only read-write
// connection. It takes queued write jobs in batches (up to max_batch), runs
// each inside its own SAVEPOINT of one IMMEDIATE transaction, and commits the
// batch once: a failing job rolls back only itself. Write() returns after the
// commit, so an acknowledged write is durable (synchronous=FULL, WAL).
// Reads use a pool of read-only connections, each read in one transaction (a
// consistent snapshot).
//
// Thread-safety: Write and Read may be called from any thread except the
// writer thread itself (a job must not call Write: it would wait on itself).
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "store/database.hpp"
#include "store/sqlite/connection.hpp"

namespace wcp::store::sqlite {

struct Options {
  std::string path;
  int readers = 4;
  int max_batch = 256;
};

class Database final : public store::Database {
 public:
  using Job = std::function<Status(Connection&)>;

  static Result<std::unique_ptr<Database>> Open(const Options& options);
  ~Database() override;  // drains the queue, then closes every connection

  Backend backend() const override { return Backend::kSqlite; }
  Database* AsSqlite() override { return this; }

  // Runs `job` in the writer's transaction; blocks until its batch committed.
  // Returns the job's own error (its changes rolled back), or the commit's.
  Status Write(Job job);
  Status Write(const TxJob& job) override;
  Status Read(const TxJob& job) override;
  // Queues `job` and returns a future of the same Status (for callers that
  // batch many writes, e.g. bulk import and the ledger sequencer).
  std::future<Status> WriteAsync(Job job);
  // Runs `job` on a read-only connection inside one read transaction.
  Status Read(const Job& job);

  Status Migrate(const MigrationSet& migrations) override;
  Result<std::vector<AppliedMigration>> AppliedMigrations() override;
  Status Ping() override;
  Result<std::optional<std::string>> Binding(std::string_view name) override;
  Result<std::string> BindOnce(std::string_view name, std::string_view value) override;
  Status Rebind(std::string_view name, std::string_view value) override;
  Status Backup(const std::string& file) override;
  PoolStats Stats() override;

  const std::string& path() const { return options_.path; }

 private:
  struct Pending {
    Job job;
    std::promise<Status> done;
    bool foreign_keys_off = false;  // runs alone, enforcement off (Migration::rebuilds_tables)
  };
  explicit Database(Options options) : options_(std::move(options)) {}
  void WriterLoop();
  std::future<Status> Enqueue(Pending p);
  void RunBatch(std::vector<Pending>& batch);
  void RunTransaction(std::vector<Pending>& batch);

  Options options_;
  std::unique_ptr<Connection> writer_;

  std::mutex queue_mu_;
  std::condition_variable queue_cv_;
  std::deque<Pending> queue_;  // guarded by queue_mu_
  bool stopping_ = false;      // guarded by queue_mu_
  std::thread writer_thread_;

  std::mutex readers_mu_;
  std::condition_variable readers_cv_;
  std::vector<std::unique_ptr<Connection>> idle_readers_;  // guarded by readers_mu_
};

// Copies the SQLite database `file` (a backup) over `target_path`, which must
// not be in use. Verifies the backup's integrity first; leaves the target as
// it was on any failure.
Status RestoreFrom(const std::string& file, const std::string& target_path);

}  // namespace wcp::store::sqlite
