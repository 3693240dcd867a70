// LogStore over store::Tx (one class for both backends), and the
// in-transaction append.
#include "ledger/log_store.hpp"

#include <chrono>

#include <sodium.h>

#include "core/ids.hpp"

namespace wcp::ledger {
namespace {

struct PreparedLeaf {
  std::string salt;
  std::string bytes;
};

Result<PreparedLeaf> Prepare(const RecordToLedger& r) {
  PreparedLeaf p;
  p.salt = RandomBytes(32);  // OpenSSL's userspace DRBG: no system call per record
  Leaf leaf{r.kind, r.record_id, Commitment(p.salt, r.canonical),
            static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                      std::chrono::system_clock::now().time_since_epoch())
                                      .count())};
  WCP_ASSIGN_OR_RETURN(p.bytes, EncodeLeaf(leaf));
  return p;
}

// PostgreSQL: the counter row serialises appenders across processes.
constexpr const char* kNextIndex =
    "UPDATE ledger_state SET next_index = next_index + 1 WHERE id = 1 RETURNING next_index - 1";
constexpr const char* kEntryColumns = "SELECT idx, kind, record_id, entry FROM ledger_entries ";

std::vector<Entry> Entries(const store::Rows& rows) {
  std::vector<Entry> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back({static_cast<uint64_t>(r.Int(0)), r.Text(1), r.Text(2), r.Blob(3)});
  return out;
}

// One class for both backends over store::Tx. The dialects differ only in
// where the next index comes from (see log_store.hpp).
class LogStoreImpl final : public LogStore {
 public:
  explicit LogStoreImpl(store::Database& db) : db_(db) {}

  Result<LogState> State() override {
    std::optional<store::Row> row;
    WCP_RETURN_IF_ERROR(db_.Read([&](store::Tx& tx) -> Status {
      // SQLite has one writer: the next index is derived from the entries
      // themselves (no counter row to update on every append).
      const char* next = tx.backend() == store::Backend::kSqlite
                             ? "(SELECT COALESCE(MAX(idx) + 1, 0) FROM ledger_entries)"
                             : "next_index";
      WCP_ASSIGN_OR_RETURN(row, tx.QueryOne(std::string("SELECT ") + next +
                                            ", integrated_size, root FROM ledger_state WHERE id = 1"));
      return Status::Ok();
    }));
    if (!row) return Status::Internal("ledger_state row missing");
    LogState s;
    s.next_index = static_cast<uint64_t>(row->Int(0));
    s.integrated_size = static_cast<uint64_t>(row->Int(1));
    WCP_ASSIGN_OR_RETURN(s.root, HashFromBytes(row->Blob(2), "root"));
    return s;
  }

  Result<std::string> ReadTile(int level, uint64_t index) override {
    std::optional<store::Row> row;
    WCP_RETURN_IF_ERROR(db_.Read([&](store::Tx& tx) -> Status {
      WCP_ASSIGN_OR_RETURN(row, tx.QueryOne("SELECT hashes FROM ledger_tiles WHERE level = $1 AND idx = $2", level, index));
      return Status::Ok();
    }));
    if (!row) return Status::NotFound("no tile " + std::to_string(level) + "/" + std::to_string(index));
    return row->Blob(0);
  }

  Result<std::vector<Entry>> ReadEntries(uint64_t from, uint64_t to) override {
    return QueryEntries(std::string(kEntryColumns) + "WHERE idx >= $1 AND idx < $2 ORDER BY idx", from, to);
  }

  Result<std::vector<Entry>> EntriesFor(const std::string& kind, const std::string& record_id) override {
    return QueryEntries(std::string(kEntryColumns) + "WHERE kind = $1 AND record_id = $2 ORDER BY idx", kind, record_id);
  }

  Status CommitIntegration(uint64_t old_size, uint64_t new_size, const Hash& root, const TileWrites& tiles) override {
    return db_.Write([&](store::Tx& tx) -> Status {
      WCP_ASSIGN_OR_RETURN(int64_t won, tx.Execute("UPDATE ledger_state SET integrated_size = $1, root = $2 "
                                                   "WHERE id = 1 AND integrated_size = $3",
                                                   new_size, store::Bytes{std::string(AsBytes(root))}, old_size));
      if (won != 1) return Status::Conflict("another sequencer integrated first");
      for (const auto& [key, bytes] : tiles) {
        WCP_RETURN_IF_ERROR(tx.Execute("INSERT INTO ledger_tiles (level, idx, hashes) VALUES ($1, $2, $3) "
                                       "ON CONFLICT (level, idx) DO UPDATE SET hashes = excluded.hashes",
                                       key.first, key.second, store::Bytes{bytes})
                                .status());
      }
      return Status::Ok();
    });
  }

  Status AddCheckpoint(uint64_t size, const std::string& note) override {
    return Write("INSERT INTO ledger_checkpoints (size, note) VALUES ($1, $2) ON CONFLICT (size) DO NOTHING", size, note);
  }

  Status ReplaceCheckpoint(uint64_t size, const std::string& note) override {
    return Write("INSERT INTO ledger_checkpoints (size, note) VALUES ($1, $2) "
                 "ON CONFLICT (size) DO UPDATE SET note = excluded.note",
                 size, note);
  }

  Result<std::vector<StoredCheckpoint>> Checkpoints(int limit) override {
    std::vector<StoredCheckpoint> out;
    WCP_RETURN_IF_ERROR(db_.Read([&](store::Tx& tx) -> Status {
      WCP_ASSIGN_OR_RETURN(store::Rows rows, tx.Query("SELECT size, note, " + tx.UtcText("created_at") +
                                                          " FROM ledger_checkpoints ORDER BY size DESC LIMIT $1",
                                                      limit));
      for (const auto& r : rows) out.push_back({static_cast<uint64_t>(r.Int(0)), r.Text(1), r.Text(2)});
      return Status::Ok();
    }));
    return out;
  }

  Result<std::string> Salt(uint64_t index) override {
    std::optional<store::Row> row;
    WCP_RETURN_IF_ERROR(db_.Read([&](store::Tx& tx) -> Status {
      WCP_ASSIGN_OR_RETURN(row, tx.QueryOne("SELECT salt FROM ledger_entries WHERE idx = $1 AND salt IS NOT NULL", index));
      return Status::Ok();
    }));
    if (!row) return Status::NotFound("salt erased");
    return row->Blob(0);
  }

  Status EraseSalts(const std::string& kind, const std::string& record_id) override {
    return Write("UPDATE ledger_entries SET salt = NULL WHERE kind = $1 AND record_id = $2", kind, record_id);
  }

 private:
  template <typename... Args>
  Result<std::vector<Entry>> QueryEntries(const std::string& sql, const Args&... args) {
    std::vector<Entry> out;
    WCP_RETURN_IF_ERROR(db_.Read([&](store::Tx& tx) -> Status {
      WCP_ASSIGN_OR_RETURN(store::Rows rows, tx.Query(sql, args...));
      out = Entries(rows);
      return Status::Ok();
    }));
    return out;
  }

  template <typename... Args>
  Status Write(std::string_view sql, const Args&... args) {
    return db_.Write([&](store::Tx& tx) -> Status { return tx.Execute(sql, args...).status(); });
  }

  store::Database& db_;
};


std::string Schema(bool sqlite) {
  const std::string blob = sqlite ? "BLOB" : "BYTEA";
  const std::string ts = sqlite ? "TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))"
                                : "TIMESTAMPTZ NOT NULL DEFAULT now()";
  const std::string empty_root = sqlite ? "x'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'"
                                        : "'\\xe3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'";
  return "CREATE TABLE ledger_state (id INTEGER PRIMARY KEY CHECK (id = 1), next_index BIGINT NOT NULL, "
         "integrated_size BIGINT NOT NULL, root " + blob + " NOT NULL);"
         "INSERT INTO ledger_state (id, next_index, integrated_size, root) VALUES (1, 0, 0, " + empty_root + ");"
         // salt is NULL once erased (the commitment becomes unlinkable).
         // SQLite: exactly "INTEGER PRIMARY KEY" makes idx the rowid (one B-tree, not two).
         "CREATE TABLE ledger_entries (idx " + std::string(sqlite ? "INTEGER" : "BIGINT") +
         " PRIMARY KEY, kind TEXT NOT NULL, record_id TEXT NOT NULL, "
         "entry " + blob + " NOT NULL, salt " + blob + ");"  // the append time is inside the entry
         "CREATE INDEX ledger_entries_record ON ledger_entries (kind, record_id);"
         "CREATE TABLE ledger_tiles (level INTEGER NOT NULL, idx BIGINT NOT NULL, hashes " + blob +
         " NOT NULL, PRIMARY KEY (level, idx));"
         "CREATE TABLE ledger_checkpoints (size BIGINT PRIMARY KEY, note TEXT NOT NULL, created_at " + ts + ");";
}

}  // namespace

std::unique_ptr<LogStore> OpenLogStore(store::Database& db) { return std::make_unique<LogStoreImpl>(db); }

void AddMigrations(store::MigrationSet& set) {
  set.Add({{"ledger", 1, "verifiable log", Schema(true)}}, {{"ledger", 1, "verifiable log", Schema(false)}});
}

Result<uint64_t> AppendInTransaction(store::Tx& tx, const RecordToLedger& r) {
  WCP_ASSIGN_OR_RETURN(PreparedLeaf leaf, Prepare(r));
  if (tx.backend() == store::Backend::kSqlite) {
    // One statement: the single writer makes MAX(idx) + 1 race-free, and a
    // rolled-back job takes its index with it. idx is the rowid, so the index
    // is the last insert rowid (no RETURNING materialisation).
    WCP_RETURN_IF_ERROR(tx.Execute("INSERT INTO ledger_entries (idx, kind, record_id, entry, salt) VALUES "
                                   "((SELECT COALESCE(MAX(idx) + 1, 0) FROM ledger_entries), $1, $2, $3, $4)",
                                   r.kind, r.record_id, store::Bytes{std::move(leaf.bytes)},
                                   store::Bytes{std::move(leaf.salt)})
                            .status());
    WCP_ASSIGN_OR_RETURN(int64_t index, tx.LastInsertId());
    return static_cast<uint64_t>(index);
  }
  WCP_ASSIGN_OR_RETURN(auto next, tx.QueryOne(kNextIndex));
  if (!next) return Status::Internal("ledger_state row missing");
  const uint64_t index = static_cast<uint64_t>(next->Int(0));
  WCP_RETURN_IF_ERROR(tx.Execute("INSERT INTO ledger_entries (idx, kind, record_id, entry, salt) VALUES ($1, $2, $3, $4, $5)",
                                 index, r.kind, r.record_id, store::Bytes{std::move(leaf.bytes)},
                                 store::Bytes{std::move(leaf.salt)})
                          .status());
  return index;
}

}  // namespace wcp::ledger
