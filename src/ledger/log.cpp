#include "ledger/log.hpp"

#include <algorithm>
#include <charconv>

#include <sodium.h>
#include <spdlog/spdlog.h>

#include "core/files.hpp"

namespace wcp::ledger {
namespace {

constexpr size_t kMaxCachedTiles = 8192;  // 64 MiB of immutable full tiles

// Where the database records its log's public key (store instance bindings).
constexpr const char* kKeyBinding = "ledger.vkey";

std::string KeySetting(const LogOptions& o) {
  return "ledger.key_file (WCP_LEDGER_KEY_FILE, now " + o.key_file.string() + ")";
}

Result<NoteSigner> LoadKeyFile(const LogOptions& o) {
  WCP_ASSIGN_OR_RETURN(std::string text, ReadFile(o.key_file));
  WCP_ASSIGN_OR_RETURN(NoteSigner s, NoteSigner::FromPrivateKey(text));
  if (s.verifier().name != o.origin) {
    return Status::Invalid("the ledger key in " + o.key_file.string() + " is for origin '" + s.verifier().name +
                               "', configured origin is '" + o.origin + "'",
                           "ledger.origin");
  }
  return s;
}

// The log's latest checkpoint must verify under a key adopted for it.
Status CheckSignsLatest(LogStore& store, const NoteSigner& signer, const LogOptions& o) {
  WCP_ASSIGN_OR_RETURN(auto latest, store.Checkpoints(1));
  if (latest.empty() || OpenNote(latest[0].note, signer.verifier()).ok()) return Status::Ok();
  return Status::Conflict("the key in " + o.key_file.string() + " did not sign this database's log; set " +
                              KeySetting(o) + " to the log's key",
                          "ledger.key_file");
}

// The signing key of this database's log. The database records the log's
// public key on first use; a key file that does not match it, or a missing
// file once a key is recorded, refuses to start (a second instance with
// another var_dir must not publish checkpoints under a key of its own).
// A key is generated only for a database whose log is still empty.
Result<NoteSigner> LoadBoundKey(store::Database& db, const LogOptions& o) {
  WCP_ASSIGN_OR_RETURN(std::optional<std::string> bound, db.Binding(kKeyBinding));
  auto store = OpenLogStore(db);
  const bool have_file = std::filesystem::exists(o.key_file);
  std::optional<NoteSigner> signer;
  if (have_file) {
    WCP_ASSIGN_OR_RETURN(signer, LoadKeyFile(o));
    if (bound && signer->verifier().ToString() != *bound) {
      return Status::Conflict("the ledger key in " + o.key_file.string() + " is not the key of this database's log (" +
                                  *bound + "); set " + KeySetting(o) + " to the log's key file",
                              "ledger.key_file");
    }
    if (!bound) WCP_RETURN_IF_ERROR(CheckSignsLatest(*store, *signer, o));
  } else {
    if (bound) {
      return Status::Unavailable("this database's log is signed by " + *bound + ", but " + o.key_file.string() +
                                     " does not exist; copy the log's key file there or set " + KeySetting(o),
                                 "ledger.key_file");
    }
    WCP_ASSIGN_OR_RETURN(LogState state, store->State());
    if (state.integrated_size > 0) {
      return Status::Unavailable("this database's log has " + std::to_string(state.integrated_size) +
                                     " entries but no recorded key, and " + o.key_file.string() +
                                     " does not exist; set " + KeySetting(o) + " to the log's key file",
                                 "ledger.key_file");
    }
    signer = NoteSigner::Generate(o.origin);
    WCP_RETURN_IF_ERROR(WriteSecretFile(o.key_file, signer->PrivateKeyString() + "\n"));
    spdlog::info("generated the ledger signing key {} ({})", o.key_file.string(), signer->verifier().ToString());
  }
  WCP_ASSIGN_OR_RETURN(std::string recorded, db.BindOnce(kKeyBinding, signer->verifier().ToString()));
  if (recorded != signer->verifier().ToString()) {
    return Status::Conflict("another instance recorded the ledger key " + recorded +
                                " for this database at the same time; set " + KeySetting(o) + " to its key file",
                            "ledger.key_file");
  }
  return std::move(*signer);
}

std::string Bundle(const std::vector<Entry>& entries) {
  std::string out;
  for (const auto& e : entries) {
    out += static_cast<char>(e.bytes.size() >> 8);
    out += static_cast<char>(e.bytes.size() & 0xFF);
    out += e.bytes;
  }
  return out;
}

}  // namespace

Log::Log(LogOptions options, NoteSigner signer, std::unique_ptr<LogStore> store)
    : options_(std::move(options)), signer_(std::move(signer)), store_(std::move(store)) {}

Log::~Log() { StopSequencer(); }

Result<std::unique_ptr<Log>> Log::Open(store::Database& db, LogOptions options) {
  return OpenWithStore(db, std::move(options), OpenLogStore(db));
}

Result<std::unique_ptr<Log>> Log::OpenWithStore(store::Database& db, LogOptions options,
                                                std::unique_ptr<LogStore> store) {
  if (sodium_init() < 0) return Status::Internal("libsodium failed to initialise");
  WCP_ASSIGN_OR_RETURN(NoteSigner signer, LoadBoundKey(db, options));
  auto log = std::unique_ptr<Log>(new Log(std::move(options), std::move(signer), std::move(store)));
  WCP_ASSIGN_OR_RETURN(auto cps, log->store_->Checkpoints(1));
  if (cps.empty()) WCP_RETURN_IF_ERROR(log->Integrate(/*force_checkpoint=*/true));
  return log;
}

Result<std::string> Log::InitKey(store::Database& db, const LogOptions& options) {
  if (sodium_init() < 0) return Status::Internal("libsodium failed to initialise");
  WCP_ASSIGN_OR_RETURN(std::optional<std::string> bound, db.Binding(kKeyBinding));
  if (bound) {
    return Status::Conflict("this database's log already has the key " + *bound +
                                "; to replace it, stop every server and run `wcp ledger rotate-key`",
                            "ledger.key_file");
  }
  WCP_ASSIGN_OR_RETURN(NoteSigner signer, LoadBoundKey(db, options));
  return signer.verifier().ToString();
}

Result<std::string> Log::RotateKey(store::Database& db, const LogOptions& options) {
  WCP_ASSIGN_OR_RETURN(auto log, Open(db, options));
  WCP_RETURN_IF_ERROR(log->Flush());
  WCP_ASSIGN_OR_RETURN(LogState state, log->store_->State());
  const NoteSigner next = NoteSigner::Generate(options.origin);
  // The transition checkpoint carries both signatures: a verifier that knows
  // only the old key accepts it, and learns the new key from /ledger/public-key.
  const std::string text = Checkpoint{options.origin, state.integrated_size, state.root}.Text();
  WCP_ASSIGN_OR_RETURN(std::string by_next, next.Sign(text));
  WCP_ASSIGN_OR_RETURN(std::string by_old, log->signer_.Sign(text));
  const std::string both = by_next + by_old.substr(text.size() + 1);
  const auto staged = std::filesystem::path(options.key_file.string() + ".next");
  WCP_RETURN_IF_ERROR(WriteSecretFile(staged, next.PrivateKeyString() + "\n"));
  WCP_RETURN_IF_ERROR(log->store_->ReplaceCheckpoint(state.integrated_size, both));
  WCP_RETURN_IF_ERROR(db.Rebind(kKeyBinding, next.verifier().ToString()));
  std::error_code ec;
  const auto retired = std::filesystem::path(options.key_file.string() + ".retired-" +
                                             std::to_string(log->signer_.verifier().id));
  std::filesystem::rename(options.key_file, retired, ec);
  if (!ec) std::filesystem::rename(staged, options.key_file, ec);
  if (ec) {
    return Status::Unavailable("the log now uses the key in " + staged.string() + " but it could not be moved to " +
                               options.key_file.string() + ": " + ec.message() + "; move it by hand");
  }
  spdlog::info("rotated the ledger key: {} → {} (old key kept in {})", log->signer_.verifier().ToString(),
               next.verifier().ToString(), retired.string());
  return next.verifier().ToString();
}

void Log::StartSequencer() {
  std::lock_guard<std::mutex> lock(run_mu_);
  if (running_) return;
  running_ = true;
  sequencer_ = std::thread([this] {
    std::unique_lock<std::mutex> lock(run_mu_);
    while (running_) {
      lock.unlock();
      if (Status s = Integrate(false); !s.ok()) spdlog::warn("ledger sequencer: {}", s.ToString());
      lock.lock();
      run_cv_.wait_for(lock, options_.integrate_interval, [this] { return !running_; });
    }
  });
}

void Log::StopSequencer() {
  {
    std::lock_guard<std::mutex> lock(run_mu_);
    if (!running_) return;
    running_ = false;
  }
  run_cv_.notify_all();
  if (sequencer_.joinable()) sequencer_.join();
  if (Status s = Flush(); !s.ok()) spdlog::warn("ledger flush at shutdown: {}", s.ToString());
}

Status Log::Flush() { return Integrate(true); }

Result<std::string> Log::CachedTile(int level, uint64_t index) {
  {
    std::lock_guard<std::mutex> lock(cache_mu_);
    if (auto it = full_tiles_.find({level, index}); it != full_tiles_.end()) return it->second;
  }
  WCP_ASSIGN_OR_RETURN(std::string bytes, store_->ReadTile(level, index));
  if (bytes.size() == kTileWidth * 32) {
    std::lock_guard<std::mutex> lock(cache_mu_);
    if (full_tiles_.size() >= kMaxCachedTiles) full_tiles_.clear();
    full_tiles_[{level, index}] = bytes;
  }
  return bytes;
}

Result<Hash> Log::ReadNode(int level, uint64_t index) {
  return NodeFromTiles(level, index, [this](int l, uint64_t n) { return CachedTile(l, n); });
}

Status Log::Integrate(bool force_checkpoint) {
  std::lock_guard<std::mutex> lock(integrate_mu_);
  while (true) {
    WCP_ASSIGN_OR_RETURN(bool more, IntegrateBatch());
    if (!more) break;
  }
  return PublishCheckpoint(force_checkpoint);
}

// One round: read the next batch of committed entries, build their nodes on
// the integrated tree, commit tiles and state together. False when there is
// nothing (visible) to integrate.
Result<bool> Log::IntegrateBatch() {
  WCP_ASSIGN_OR_RETURN(LogState state, store_->State());
  if (state.integrated_size >= state.next_index) return false;
  const uint64_t from = state.integrated_size;
  const uint64_t to = std::min(state.next_index, from + options_.max_batch);
  WCP_ASSIGN_OR_RETURN(std::vector<Entry> entries, store_->ReadEntries(from, to));
  if (entries.empty()) return false;  // committed indices not yet visible: next round
  WCP_ASSIGN_OR_RETURN(CompactRange range, CompactRange::Load(from, Reader()));
  WCP_ASSIGN_OR_RETURN(TileWrites writes, BuildTiles(from, entries, range));
  Status commit = store_->CommitIntegration(from, range.size(), range.Root(), writes);
  if (commit.code() == ErrorCode::kConflict) return true;  // another process integrated: re-read
  WCP_RETURN_IF_ERROR(commit);
  return true;
}

// Appends `entries` (starting at index `from`) to `range` and returns the
// tiles they change: each existing partial tile read back and extended. Any
// read error other than "no such tile yet" fails the round, so a transient
// failure can never commit a tile with zeroed earlier slots.
Result<TileWrites> Log::BuildTiles(uint64_t from, const std::vector<Entry>& entries, CompactRange& range) {
  TileWrites writes;
  Status tile_status;
  const auto on_node = [&](int level, uint64_t index, const Hash& h) {
    if (level % kTileHeight != 0 || !tile_status.ok()) return;
    const std::pair<int, uint64_t> key{level / kTileHeight, index / kTileWidth};
    auto it = writes.find(key);
    if (it == writes.end()) {
      auto existing = store_->ReadTile(key.first, key.second);
      if (!existing.ok() && existing.status().code() != ErrorCode::kNotFound) {
        tile_status = existing.status().WithContext("reading tile " + std::to_string(key.first) + "/" +
                                                    std::to_string(key.second));
        return;
      }
      it = writes.emplace(key, existing.ok() ? *existing : std::string()).first;
    }
    it->second.resize((index % kTileWidth) * 32);  // the node's slot; earlier slots are immutable
    it->second += AsBytes(h);
  };
  uint64_t expected = from;
  for (const auto& e : entries) {
    if (e.index != expected++) return Status::Internal("ledger entries are not contiguous at " + std::to_string(e.index));
    range.Append(LeafHash(e.bytes), on_node);
  }
  WCP_RETURN_IF_ERROR(tile_status);
  return writes;
}

// Signs and stores a checkpoint when the tree grew (at most every
// checkpoint_interval unless forced).
Status Log::PublishCheckpoint(bool force) {
  WCP_ASSIGN_OR_RETURN(LogState state, store_->State());
  WCP_ASSIGN_OR_RETURN(auto latest, store_->Checkpoints(1));
  const bool grew = latest.empty() || state.integrated_size > latest[0].size;
  const auto now = std::chrono::steady_clock::now();
  if (!grew || (!force && now - last_checkpoint_ < options_.checkpoint_interval)) return Status::Ok();
  Checkpoint cp{options_.origin, state.integrated_size, state.root};
  WCP_ASSIGN_OR_RETURN(std::string note, signer_.Sign(cp.Text()));
  WCP_RETURN_IF_ERROR(store_->AddCheckpoint(cp.size, note));
  last_checkpoint_ = now;
  std::lock_guard<std::mutex> lock(cache_mu_);
  served_note_ = note;
  served_at_ = now;
  return Status::Ok();
}

namespace {

// The tree size a checkpoint note states (its second line); 0 when unreadable.
uint64_t NoteTreeSize(std::string_view note) {
  const size_t first = note.find('\n');
  if (first == std::string_view::npos) return 0;
  const size_t second = note.find('\n', first + 1);
  const std::string_view line = note.substr(first + 1, second - first - 1);
  uint64_t size = 0;
  std::from_chars(line.data(), line.data() + line.size(), size);
  return size;
}

}  // namespace

Result<std::string> Log::ServedCheckpoint() {
  const auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard<std::mutex> lock(cache_mu_);
    if (!served_note_.empty() && now - served_at_ < kServedCheckpointAge) return served_note_;
  }
  WCP_ASSIGN_OR_RETURN(std::string note, LatestCheckpoint());
  std::lock_guard<std::mutex> lock(cache_mu_);
  // A publish may have landed while we read: never replace a larger tree.
  if (NoteTreeSize(note) >= NoteTreeSize(served_note_)) served_note_ = note;
  served_at_ = now;
  return served_note_;
}

Result<std::string> Log::LatestCheckpoint() {
  WCP_ASSIGN_OR_RETURN(auto cps, store_->Checkpoints(1));
  if (cps.empty()) return Status::Unavailable("no checkpoint published yet");
  return cps[0].note;
}

Result<std::vector<StoredCheckpoint>> Log::Checkpoints(int limit) { return store_->Checkpoints(limit); }

Result<Checkpoint> Log::LatestParsed() {
  WCP_ASSIGN_OR_RETURN(std::string note, LatestCheckpoint());
  WCP_ASSIGN_OR_RETURN(std::string text, OpenNote(note, verifier()));
  return Checkpoint::Parse(text);
}

Status Log::CheckWithinLog(uint64_t size, const char* field) {
  WCP_ASSIGN_OR_RETURN(LogState state, store_->State());
  if (size > state.integrated_size) {
    return Status::Invalid(std::string(field) + " " + std::to_string(size) + " exceeds the log size " +
                               std::to_string(state.integrated_size),
                           field);
  }
  return Status::Ok();
}

NodeReader Log::Reader() {
  return [this](int l, uint64_t i) { return ReadNode(l, i); };
}

Result<std::vector<Hash>> Log::InclusionProof(uint64_t index, uint64_t size) {
  WCP_RETURN_IF_ERROR(CheckWithinLog(size, "size"));
  return ledger::InclusionProof(index, size, Reader());
}

Result<std::vector<Hash>> Log::ConsistencyProof(uint64_t from, uint64_t to) {
  WCP_RETURN_IF_ERROR(CheckWithinLog(to, "to"));
  return ledger::ConsistencyProof(from, to, Reader());
}

Result<std::string> Log::Tile(const TileId& id) {
  WCP_ASSIGN_OR_RETURN(Checkpoint cp, LatestParsed());
  const int shift = id.level < 0 ? 0 : kTileHeight * id.level;
  const uint64_t count = shift >= 64 ? 0 : cp.size >> shift;  // nodes at this level in the checkpoint
  const uint64_t first = id.index * kTileWidth;
  if (first + static_cast<uint64_t>(id.width) > count ||
      (id.width < kTileWidth && count - first >= static_cast<uint64_t>(kTileWidth))) {
    return Status::NotFound(TilePath(id) + " is not part of the latest checkpoint");
  }
  if (id.level < 0) {
    WCP_ASSIGN_OR_RETURN(auto entries, store_->ReadEntries(first, first + id.width));
    return Bundle(entries);
  }
  WCP_ASSIGN_OR_RETURN(std::string bytes, CachedTile(id.level, id.index));
  if (bytes.size() < static_cast<size_t>(id.width) * 32) return Status::NotFound(TilePath(id) + " not stored");
  return bytes.substr(0, static_cast<size_t>(id.width) * 32);
}

Result<Receipt> Log::ReceiptFor(const std::string& kind, const std::string& record_id) {
  WCP_ASSIGN_OR_RETURN(auto entries, store_->EntriesFor(kind, record_id));
  if (entries.empty()) return Status::NotFound("no ledger entry for " + kind + "/" + record_id);
  const Entry& e = entries.back();
  WCP_ASSIGN_OR_RETURN(std::string note, LatestCheckpoint());
  WCP_ASSIGN_OR_RETURN(Checkpoint cp, LatestParsed());
  if (e.index >= cp.size) {
    return Status::Busy("the entry is not in a checkpoint yet; retry in a few seconds");
  }
  Receipt r;
  r.extra = e.bytes;
  r.index = e.index;
  WCP_ASSIGN_OR_RETURN(r.proof, InclusionProof(e.index, cp.size));
  r.checkpoint_note = note;
  return r;
}

Result<CertifiedRecord> Log::Certified(uint64_t index, const Leaf& leaf, const std::vector<RecordSource>& sources) {
  CertifiedRecord out;
  const auto source = std::find_if(sources.begin(), sources.end(), [&](const RecordSource& s) {
    return s.kind == leaf.kind && s.record;
  });
  if (source == sources.end() || leaf.record_id.empty()) return out;
  auto salt = store_->Salt(index);
  if (!salt.ok() && salt.status().code() == ErrorCode::kNotFound) return out;  // erased on purpose
  WCP_RETURN_IF_ERROR(salt.status());
  WCP_ASSIGN_OR_RETURN(std::optional<std::string> bytes, source->record(leaf.record_id));
  if (!bytes) return out;
  out.found = true;
  out.matches = leaf.commitment == Commitment(*salt, *bytes);
  out.staff_fields = source->staff_fields;
  out.canonical = std::move(*bytes);
  return out;
}

Result<AuditReport> Log::Audit(const std::vector<RecordSource>& sources) {
  AuditReport report;
  WCP_ASSIGN_OR_RETURN(Checkpoint cp, LatestParsed());
  report.checked_size = cp.size;
  report.checkpoint_root_b64 = Base64Encode(AsBytes(cp.root));
  const auto problem = [&](AuditProblem p) {
    report.ok = false;
    report.problems.push_back(std::move(p));
  };
  // 1. Rebuild the tree from the stored entries and compare with the checkpoint.
  std::map<std::pair<std::string, std::string>, Entry> latest;  // (kind, id) -> newest entry
  CompactRange rebuilt;
  uint64_t next = 0;
  for (uint64_t from = 0; from < cp.size; from += options_.max_batch) {
    WCP_ASSIGN_OR_RETURN(auto entries, store_->ReadEntries(from, std::min(cp.size, from + options_.max_batch)));
    for (const auto& e : entries) {
      if (e.index != next) {
        problem({"entries_missing", "", "", next, e.index - next,
                 "entries " + std::to_string(next) + "–" + std::to_string(e.index - 1) +
                     " are missing from the log (deleted behind its back)"});
        next = e.index;
      }
      const Hash leaf = LeafHash(e.bytes);
      auto stored = ReadNode(0, e.index);
      if (stored.ok() && *stored != leaf) {
        problem({"entry_altered", e.kind, e.record_id, e.index, std::nullopt,
                 "entry " + std::to_string(e.index) + " (" + e.kind + "/" + e.record_id +
                     ") differs from the leaf hash in the tiles: it was altered"});
      }
      rebuilt.Append(leaf, [](int, uint64_t, const Hash&) {});
      latest[{e.kind, e.record_id}] = e;
      ++next;
    }
  }
  if (next < cp.size) {
    problem({"log_truncated", "", "", cp.size, next,
             "the log holds " + std::to_string(next) + " entries but checkpoint " + std::to_string(cp.size) +
                 " covers " + std::to_string(cp.size) + ": the tail was truncated"});
  } else if (rebuilt.Root() != cp.root) {
    problem({"root_mismatch", "", "", cp.size, std::nullopt,
             "the stored entries do not reproduce the root of checkpoint " + std::to_string(cp.size)});
  }
  // 2. Recompute every record's commitment.
  for (const auto& source : sources) {
    WCP_ASSIGN_OR_RETURN(auto records, source.records());
    for (const auto& [key, entry] : latest) {
      if (key.first != source.kind) continue;
      auto salt = store_->Salt(entry.index);
      if (!salt.ok()) continue;  // erased on purpose: the commitment is unlinkable by design
      auto it = records.find(key.second);
      if (it == records.end()) {
        problem({"record_removed", key.first, key.second, entry.index, std::nullopt,
                 "record " + key.first + "/" + key.second + " was removed (its leaf is entry " +
                     std::to_string(entry.index) + ")"});
        continue;
      }
      WCP_ASSIGN_OR_RETURN(Leaf leaf, DecodeLeaf(entry.bytes));
      if (leaf.commitment != Commitment(*salt, it->second)) {
        problem({"record_altered", key.first, key.second, entry.index, std::nullopt,
                 "record " + key.first + "/" + key.second + " was altered after it was ledgered (entry " +
                     std::to_string(entry.index) + ")"});
      }
    }
    for (const auto& [id, bytes] : records) {
      if (!latest.count({source.kind, id})) {
        problem({"record_added", source.kind, id, std::nullopt, std::nullopt,
                 "record " + source.kind + "/" + id + " was added without a ledger entry"});
      }
    }
  }
  return report;
}

Result<Leaf> VerifyReceipt(const Receipt& receipt, const NoteVerifier& verifier) {
  WCP_ASSIGN_OR_RETURN(std::string text, OpenNote(receipt.checkpoint_note, verifier));
  WCP_ASSIGN_OR_RETURN(Checkpoint cp, Checkpoint::Parse(text));
  if (cp.origin != verifier.name) return Status::Invalid("the checkpoint is for another log", "origin");
  if (receipt.extra.empty()) return Status::Invalid("the receipt carries no leaf entry", "extra");
  std::vector<std::string> proof;
  for (const auto& h : receipt.proof) proof.emplace_back(AsBytes(h));
  WCP_RETURN_IF_ERROR(VerifyInclusion(receipt.index, cp.size, AsBytes(LeafHash(receipt.extra)), proof,
                                      AsBytes(cp.root))
                          .WithContext("inclusion proof"));
  return DecodeLeaf(receipt.extra);
}

}  // namespace wcp::ledger
