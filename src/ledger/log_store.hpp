// ledger/log_store.hpp — persistence of the log: entries, tiles, state and
// checkpoints, on SQLite and PostgreSQL (log_store.cpp), plus the one call a
// module makes inside its own write transaction to ledger a record.
//
// Concurrency: on PostgreSQL appends take the next index from the single
// `ledger_state` row inside the caller's transaction (the row lock
// serialises appenders across processes); on SQLite the single writer takes
// MAX(idx) + 1. Either way a rolled-back transaction gives its index back,
// so committed indices have no gap and no duplicate. Integration is optimistic:
// CommitIntegration succeeds only if the integrated size is still the one the
// integrator started from, so exactly one of two racing integrators wins.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "ledger/leaf.hpp"
#include "store/database.hpp"
#include "store/migration.hpp"

namespace wcp::ledger {

struct LogState {
  uint64_t next_index = 0;       // entries [0, next_index) are committed
  uint64_t integrated_size = 0;  // entries [0, integrated_size) are in the tiles
  Hash root{};                   // root of the integrated tree
};

struct Entry {
  uint64_t index = 0;
  std::string kind;
  std::string record_id;
  std::string bytes;  // the encoded leaf (leaf.hpp)
};

struct StoredCheckpoint {
  uint64_t size = 0;
  std::string note;
  std::string created_at;
};

// What a module passes to ledger a record.
struct RecordToLedger {
  std::string kind;
  std::string record_id;
  std::string canonical;  // the record's canonical bytes (never stored in the log)
};

using TileWrites = std::map<std::pair<int, uint64_t>, std::string>;

class LogStore {
 public:
  virtual ~LogStore() = default;
  virtual Result<LogState> State() = 0;
  // The stored bytes of hash tile (level, index); kNotFound when absent.
  virtual Result<std::string> ReadTile(int level, uint64_t index) = 0;
  virtual Result<std::vector<Entry>> ReadEntries(uint64_t from, uint64_t to) = 0;
  // Writes tiles and the new state atomically; kConflict if the integrated
  // size is no longer `old_size`.
  virtual Status CommitIntegration(uint64_t old_size, uint64_t new_size, const Hash& root,
                                   const TileWrites& tiles) = 0;
  virtual Status AddCheckpoint(uint64_t size, const std::string& note) = 0;
  // Stores `note` as the checkpoint of `size`, replacing one of that size
  // (a key rotation re-signs the latest checkpoint with both keys).
  virtual Status ReplaceCheckpoint(uint64_t size, const std::string& note) = 0;
  // Newest first.
  virtual Result<std::vector<StoredCheckpoint>> Checkpoints(int limit) = 0;
  // Every entry of one record, oldest first.
  virtual Result<std::vector<Entry>> EntriesFor(const std::string& kind, const std::string& record_id) = 0;
  // The salt of entry `index` (kNotFound once erased).
  virtual Result<std::string> Salt(uint64_t index) = 0;
  // Erases a record's salts: its commitments become unlinkable (right to erasure).
  virtual Status EraseSalts(const std::string& kind, const std::string& record_id) = 0;
};

std::unique_ptr<LogStore> OpenLogStore(store::Database& db);
void AddMigrations(store::MigrationSet& set);

// Ledgers a record inside the caller's write transaction: the record and its
// leaf commit together or not at all. Returns the leaf index.
Result<uint64_t> AppendInTransaction(store::Tx& tx, const RecordToLedger& r);

}  // namespace wcp::ledger
