// ledger/log.hpp — the verifiable log service: sequencer, checkpoints,
// proofs, tiles, receipts and audit.
//
// A background sequencer integrates committed entries into the tiles in
// batches (every `integrate_interval`, up to `max_batch` entries per
// transaction) and publishes a signed checkpoint when the tree has grown,
// at most every `checkpoint_interval`. Every published checkpoint is kept.
// Proofs are computed from tiles; full tiles are cached (they never change).
// Thread-safety: all public methods are safe from any thread.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <mutex>
#include <thread>

#include "ledger/log_store.hpp"
#include "ledger/note.hpp"
#include "ledger/tiles.hpp"

namespace wcp::ledger {

struct LogOptions {
  std::string origin = "wcp.example/ledger";
  std::filesystem::path key_file = "var/ledger.key";  // PRIVATE+KEY string, mode 0600
  std::chrono::milliseconds integrate_interval{250};
  std::chrono::milliseconds checkpoint_interval{1000};
  uint64_t max_batch = 4096;
};

// The current canonical bytes of every record of one kind, for the audit.
struct RecordSource {
  std::string kind;
  std::function<Result<std::map<std::string, std::string>>()> records;  // record id -> canonical bytes
  // The canonical bytes of one record (absent when there is none), for a
  // receipt check that names what it certifies.
  std::function<Result<std::optional<std::string>>(const std::string& id)> record;
  // Fields of the record that name the bureau's staff (approved_by): shown
  // by a receipt check to the bureau only.
  std::vector<std::string> staff_fields;
};

// What a verified receipt certifies: the record as stored now, and whether
// its bytes still match the commitment in the log.
struct CertifiedRecord {
  bool found = false;       // the record exists (and its salt was not erased)
  bool matches = false;     // its canonical bytes give the leaf's commitment
  std::string canonical;    // its canonical bytes (JSON for every kind today)
  std::vector<std::string> staff_fields;  // its source's (RecordSource::staff_fields)
};

// One finding of the audit, structured so that the CLI, the API and the UI
// can each render it (the UI in the user's language from `type`).
struct AuditProblem {
  // entries_missing, entry_altered, log_truncated, root_mismatch,
  // record_removed, record_altered, record_added
  std::string type;
  std::string kind;              // the record kind, when one is concerned
  std::string record_id;
  std::optional<uint64_t> index;  // the log entry concerned (first missing one for entries_missing)
  std::optional<uint64_t> count;  // entries_missing: how many; log_truncated: entries present
  std::string message;            // one English sentence naming the record or index
};

struct AuditReport {
  bool ok = true;
  uint64_t checked_size = 0;
  std::string checkpoint_root_b64;
  std::vector<AuditProblem> problems;
};

class Log {
 public:
  // Loads the signing key from `key_file` and checks it against the key the
  // database recorded for its log (recording it on first use). A key is
  // generated (0600) only when the database has no log yet. kConflict or
  // kUnavailable, naming ledger.key_file, when the key does not match.
  static Result<std::unique_ptr<Log>> Open(store::Database& db, LogOptions options);
  // The same over a given LogStore (tests wrap the real one to inject faults).
  static Result<std::unique_ptr<Log>> OpenWithStore(store::Database& db, LogOptions options,
                                                    std::unique_ptr<LogStore> store);
  // `wcp ledger init-key`: creates (or adopts) the key of a database whose
  // log has no key recorded; kConflict when one is. Returns the verifier key.
  static Result<std::string> InitKey(store::Database& db, const LogOptions& options);
  // `wcp ledger rotate-key` (every server stopped): a new key signs from now
  // on; the latest checkpoint is re-signed by both keys; the old key file is
  // kept as <key_file>.retired-<key id>. Returns the new verifier key.
  static Result<std::string> RotateKey(store::Database& db, const LogOptions& options);
  ~Log();

  void StartSequencer();
  void StopSequencer();
  // Integrates everything committed and publishes a checkpoint if the tree
  // grew (ignoring checkpoint_interval). Used by tests, the CLI and shutdown.
  Status Flush();

  const NoteVerifier& verifier() const { return signer_.verifier(); }
  const std::string& origin() const { return options_.origin; }

  // The newest signed checkpoint (a checkpoint of size 0 before any append).
  Result<std::string> LatestCheckpoint();
  // The same as this process last read or published it, at most
  // kServedCheckpointAge old (what GET /ledger/checkpoint serves; a monitor
  // polls every few seconds), so a busy server does not ask the database on
  // every request. What this process publishes is served at once, and a
  // smaller tree never replaces a larger one.
  Result<std::string> ServedCheckpoint();
  static constexpr std::chrono::milliseconds kServedCheckpointAge{1000};
  Result<std::vector<StoredCheckpoint>> Checkpoints(int limit);
  Result<std::vector<Hash>> InclusionProof(uint64_t index, uint64_t size);
  Result<std::vector<Hash>> ConsistencyProof(uint64_t from, uint64_t to);
  // The bytes of a tile or entry bundle, within the latest checkpoint.
  Result<std::string> Tile(const TileId& id);
  // A tlog-proof receipt for the latest entry of a record, against the latest checkpoint.
  Result<Receipt> ReceiptFor(const std::string& kind, const std::string& record_id);
  LogStore& store() { return *store_; }

  // Recomputes every leaf from the records, rebuilds the tree from the stored
  // entries and compares with the latest checkpoint; names every record that
  // was altered, removed or added behind the log's back.
  Result<AuditReport> Audit(const std::vector<RecordSource>& sources);
  // The record behind entry `index` (whose leaf is `leaf`), read from the
  // source of its kind and checked against the leaf's commitment.
  Result<CertifiedRecord> Certified(uint64_t index, const Leaf& leaf, const std::vector<RecordSource>& sources);

 private:
  Log(LogOptions options, NoteSigner signer, std::unique_ptr<LogStore> store);
  Status Integrate(bool force_checkpoint);
  Result<bool> IntegrateBatch();
  Result<TileWrites> BuildTiles(uint64_t from, const std::vector<Entry>& entries, CompactRange& range);
  Status PublishCheckpoint(bool force);
  Result<Hash> ReadNode(int level, uint64_t index);
  NodeReader Reader();  // ReadNode as a NodeReader for the proof functions
  // kInvalid (naming `field`) when `size` exceeds the integrated log.
  Status CheckWithinLog(uint64_t size, const char* field);
  Result<std::string> CachedTile(int level, uint64_t index);
  Result<Checkpoint> LatestParsed();

  LogOptions options_;
  NoteSigner signer_;
  std::unique_ptr<LogStore> store_;

  std::mutex integrate_mu_;  // one integration at a time in this process
  std::chrono::steady_clock::time_point last_checkpoint_{};

  std::mutex cache_mu_;
  std::map<std::pair<int, uint64_t>, std::string> full_tiles_;  // guarded by cache_mu_
  std::string served_note_;                                     // guarded by cache_mu_
  std::chrono::steady_clock::time_point served_at_{};           // guarded by cache_mu_

  std::mutex run_mu_;
  std::condition_variable run_cv_;
  bool running_ = false;  // guarded by run_mu_
  std::thread sequencer_;
};

// Verifies a receipt offline: the checkpoint's signature by `verifier`, then
// the inclusion of the receipt's leaf entry. Returns the decoded leaf.
Result<Leaf> VerifyReceipt(const Receipt& receipt, const NoteVerifier& verifier);

}  // namespace wcp::ledger
