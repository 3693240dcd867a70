// Both backends of LogStore, and the in-transaction append.
#include "ledger/log_store.hpp"

#include <chrono>

#include <sodium.h>

#include "core/ids.hpp"
#include "store/postgres/database.hpp"
#include "store/sqlite/database.hpp"

namespace wcp::ledger {
namespace {

using store::sqlite::Blob;
using store::sqlite::Connection;
using store::sqlite::Statement;

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

// ---- SQLite ---------------------------------------------------------------

Result<std::vector<Entry>> SqliteEntries(Connection& c, const char* sql, auto... args) {
  WCP_ASSIGN_OR_RETURN(Statement st, c.Prepare(sql));
  st.Bind(args...);
  std::vector<Entry> out;
  while (true) {
    WCP_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) return out;
    out.push_back({static_cast<uint64_t>(st.Int(0)), st.Text(1), st.Text(2), st.Text(3)});
  }
}

class SqliteLogStore final : public LogStore {
 public:
  explicit SqliteLogStore(store::sqlite::Database& db) : db_(db) {}

  Result<LogState> State() override {
    LogState s;
    Status st = db_.Read([&](Connection& c) -> Status {
      // SQLite has one writer: the next index is derived from the entries
      // themselves (no counter row to update on every append).
      WCP_ASSIGN_OR_RETURN(Statement q, c.Prepare("SELECT (SELECT COALESCE(MAX(idx) + 1, 0) FROM ledger_entries), "
                                                  "integrated_size, root FROM ledger_state WHERE id = 1"));
      WCP_ASSIGN_OR_RETURN(bool row, q.Step());
      if (!row) return Status::Internal("ledger_state row missing");
      s.next_index = static_cast<uint64_t>(q.Int(0));
      s.integrated_size = static_cast<uint64_t>(q.Int(1));
      WCP_ASSIGN_OR_RETURN(s.root, HashFromBytes(q.Text(2), "root"));
      return Status::Ok();
    });
    if (!st.ok()) return st;
    return s;
  }

  Result<std::string> ReadTile(int level, uint64_t index) override {
    std::string out;
    Status st = db_.Read([&](Connection& c) -> Status {
      WCP_ASSIGN_OR_RETURN(Statement q, c.Prepare("SELECT hashes FROM ledger_tiles WHERE level = ? AND idx = ?"));
      q.Bind(level, static_cast<int64_t>(index));
      WCP_ASSIGN_OR_RETURN(bool row, q.Step());
      if (!row) return Status::NotFound("no tile " + std::to_string(level) + "/" + std::to_string(index));
      out = q.Text(0);
      return Status::Ok();
    });
    if (!st.ok()) return st;
    return out;
  }

  Result<std::vector<Entry>> ReadEntries(uint64_t from, uint64_t to) override {
    std::vector<Entry> out;
    Status st = db_.Read([&](Connection& c) -> Status {
      WCP_ASSIGN_OR_RETURN(out, SqliteEntries(c, "SELECT idx, kind, record_id, entry FROM ledger_entries "
                                                 "WHERE idx >= ? AND idx < ? ORDER BY idx",
                                              static_cast<int64_t>(from), static_cast<int64_t>(to)));
      return Status::Ok();
    });
    if (!st.ok()) return st;
    return out;
  }

  Status CommitIntegration(uint64_t old_size, uint64_t new_size, const Hash& root,
                           const TileWrites& tiles) override {
    return db_.Write([&](Connection& c) -> Status {
      WCP_ASSIGN_OR_RETURN(Statement u, c.Prepare("UPDATE ledger_state SET integrated_size = ?, root = ? "
                                                  "WHERE id = 1 AND integrated_size = ?"));
      u.Bind(static_cast<int64_t>(new_size), Blob{AsBytes(root)}, static_cast<int64_t>(old_size));
      WCP_RETURN_IF_ERROR(u.Run());
      if (c.Changes() != 1) return Status::Conflict("another sequencer integrated first");
      for (const auto& [key, bytes] : tiles) {
        WCP_ASSIGN_OR_RETURN(Statement t, c.Prepare("INSERT INTO ledger_tiles (level, idx, hashes) VALUES (?, ?, ?) "
                                                    "ON CONFLICT (level, idx) DO UPDATE SET hashes = excluded.hashes"));
        t.Bind(key.first, static_cast<int64_t>(key.second), Blob{bytes});
        WCP_RETURN_IF_ERROR(t.Run());
      }
      return Status::Ok();
    });
  }

  Status AddCheckpoint(uint64_t size, const std::string& note) override {
    return db_.Write([&](Connection& c) -> Status {
      WCP_ASSIGN_OR_RETURN(Statement q, c.Prepare("INSERT INTO ledger_checkpoints (size, note) VALUES (?, ?) "
                                                  "ON CONFLICT (size) DO NOTHING"));
      q.Bind(static_cast<int64_t>(size), note);
      return q.Run();
    });
  }

  Status ReplaceCheckpoint(uint64_t size, const std::string& note) override {
    return db_.Write([&](Connection& c) -> Status {
      WCP_ASSIGN_OR_RETURN(Statement q, c.Prepare("INSERT INTO ledger_checkpoints (size, note) VALUES (?, ?) "
                                                  "ON CONFLICT (size) DO UPDATE SET note = excluded.note"));
      q.Bind(static_cast<int64_t>(size), note);
      return q.Run();
    });
  }

  Result<std::vector<StoredCheckpoint>> Checkpoints(int limit) override {
    std::vector<StoredCheckpoint> out;
    Status st = db_.Read([&](Connection& c) -> Status {
      WCP_ASSIGN_OR_RETURN(Statement q, c.Prepare("SELECT size, note, created_at FROM ledger_checkpoints "
                                                  "ORDER BY size DESC LIMIT ?"));
      q.Bind(limit);
      while (true) {
        WCP_ASSIGN_OR_RETURN(bool row, q.Step());
        if (!row) return Status::Ok();
        out.push_back({static_cast<uint64_t>(q.Int(0)), q.Text(1), q.Text(2)});
      }
    });
    if (!st.ok()) return st;
    return out;
  }

  Result<std::vector<Entry>> EntriesFor(const std::string& kind, const std::string& record_id) override {
    std::vector<Entry> out;
    Status st = db_.Read([&](Connection& c) -> Status {
      WCP_ASSIGN_OR_RETURN(out, SqliteEntries(c, "SELECT idx, kind, record_id, entry FROM ledger_entries "
                                                 "WHERE kind = ? AND record_id = ? ORDER BY idx",
                                              kind, record_id));
      return Status::Ok();
    });
    if (!st.ok()) return st;
    return out;
  }

  Result<std::string> Salt(uint64_t index) override {
    std::string out;
    Status st = db_.Read([&](Connection& c) -> Status {
      WCP_ASSIGN_OR_RETURN(Statement q, c.Prepare("SELECT salt FROM ledger_entries WHERE idx = ? AND salt IS NOT NULL"));
      q.Bind(static_cast<int64_t>(index));
      WCP_ASSIGN_OR_RETURN(bool row, q.Step());
      if (!row) return Status::NotFound("salt erased");
      out = q.Text(0);
      return Status::Ok();
    });
    if (!st.ok()) return st;
    return out;
  }

  Status EraseSalts(const std::string& kind, const std::string& record_id) override {
    return db_.Write([&](Connection& c) -> Status {
      WCP_ASSIGN_OR_RETURN(Statement q, c.Prepare("UPDATE ledger_entries SET salt = NULL WHERE kind = ? AND record_id = ?"));
      q.Bind(kind, record_id);
      return q.Run();
    });
  }

 private:
  store::sqlite::Database& db_;
};

// ---- PostgreSQL -------------------------------------------------------------

std::string Bytes(const pqxx::field& f) {
  const pqxx::binarystring b(f);
  return b.str();
}

std::vector<Entry> PgEntries(const pqxx::result& rows) {
  std::vector<Entry> out;
  for (const auto& r : rows) {
    out.push_back({r[0].as<uint64_t>(), r[1].c_str(), r[2].c_str(), Bytes(r[3])});
  }
  return out;
}

class PgLogStore final : public LogStore {
 public:
  explicit PgLogStore(store::pg::Database& db) : db_(db) {}

  Result<LogState> State() override {
    LogState s;
    Status st = db_.Read([&](pqxx::read_transaction& r) -> Status {
      auto row = r.exec1("SELECT next_index, integrated_size, root FROM ledger_state WHERE id = 1");
      s.next_index = row[0].as<uint64_t>();
      s.integrated_size = row[1].as<uint64_t>();
      WCP_ASSIGN_OR_RETURN(s.root, HashFromBytes(Bytes(row[2]), "root"));
      return Status::Ok();
    });
    if (!st.ok()) return st;
    return s;
  }

  Result<std::string> ReadTile(int level, uint64_t index) override {
    std::string out;
    Status st = db_.Read([&](pqxx::read_transaction& r) -> Status {
      auto rows = r.exec_params("SELECT hashes FROM ledger_tiles WHERE level = $1 AND idx = $2", level, index);
      if (rows.empty()) return Status::NotFound("no tile " + std::to_string(level) + "/" + std::to_string(index));
      out = Bytes(rows[0][0]);
      return Status::Ok();
    });
    if (!st.ok()) return st;
    return out;
  }

  Result<std::vector<Entry>> ReadEntries(uint64_t from, uint64_t to) override {
    std::vector<Entry> out;
    Status st = db_.Read([&](pqxx::read_transaction& r) -> Status {
      out = PgEntries(r.exec_params("SELECT idx, kind, record_id, entry FROM ledger_entries "
                                    "WHERE idx >= $1 AND idx < $2 ORDER BY idx",
                                    from, to));
      return Status::Ok();
    });
    if (!st.ok()) return st;
    return out;
  }

  Status CommitIntegration(uint64_t old_size, uint64_t new_size, const Hash& root,
                           const TileWrites& tiles) override {
    return db_.Write([&](pqxx::work& w) -> Status {
      const pqxx::binarystring root_bytes(AsBytes(root).data(), 32);
      auto r = w.exec_params("UPDATE ledger_state SET integrated_size = $1, root = $2 "
                             "WHERE id = 1 AND integrated_size = $3",
                             new_size, root_bytes, old_size);
      if (r.affected_rows() != 1) return Status::Conflict("another sequencer integrated first");
      for (const auto& [key, bytes] : tiles) {
        const pqxx::binarystring b(bytes.data(), bytes.size());
        w.exec_params0("INSERT INTO ledger_tiles (level, idx, hashes) VALUES ($1, $2, $3) "
                       "ON CONFLICT (level, idx) DO UPDATE SET hashes = excluded.hashes",
                       key.first, key.second, b);
      }
      return Status::Ok();
    });
  }

  Status AddCheckpoint(uint64_t size, const std::string& note) override {
    return db_.Write([&](pqxx::work& w) -> Status {
      w.exec_params0("INSERT INTO ledger_checkpoints (size, note) VALUES ($1, $2) ON CONFLICT (size) DO NOTHING",
                     size, note);
      return Status::Ok();
    });
  }

  Status ReplaceCheckpoint(uint64_t size, const std::string& note) override {
    return db_.Write([&](pqxx::work& w) -> Status {
      w.exec_params0("INSERT INTO ledger_checkpoints (size, note) VALUES ($1, $2) "
                     "ON CONFLICT (size) DO UPDATE SET note = excluded.note",
                     size, note);
      return Status::Ok();
    });
  }

  Result<std::vector<StoredCheckpoint>> Checkpoints(int limit) override {
    std::vector<StoredCheckpoint> out;
    Status st = db_.Read([&](pqxx::read_transaction& r) -> Status {
      for (const auto& row : r.exec_params("SELECT size, note, to_char(created_at AT TIME ZONE 'UTC', "
                                           "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM ledger_checkpoints "
                                           "ORDER BY size DESC LIMIT $1",
                                           limit)) {
        out.push_back({row[0].as<uint64_t>(), row[1].c_str(), row[2].c_str()});
      }
      return Status::Ok();
    });
    if (!st.ok()) return st;
    return out;
  }

  Result<std::vector<Entry>> EntriesFor(const std::string& kind, const std::string& record_id) override {
    std::vector<Entry> out;
    Status st = db_.Read([&](pqxx::read_transaction& r) -> Status {
      out = PgEntries(r.exec_params("SELECT idx, kind, record_id, entry FROM ledger_entries "
                                    "WHERE kind = $1 AND record_id = $2 ORDER BY idx",
                                    kind, record_id));
      return Status::Ok();
    });
    if (!st.ok()) return st;
    return out;
  }

  Result<std::string> Salt(uint64_t index) override {
    std::string out;
    Status st = db_.Read([&](pqxx::read_transaction& r) -> Status {
      auto rows = r.exec_params("SELECT salt FROM ledger_entries WHERE idx = $1 AND salt IS NOT NULL", index);
      if (rows.empty()) return Status::NotFound("salt erased");
      out = Bytes(rows[0][0]);
      return Status::Ok();
    });
    if (!st.ok()) return st;
    return out;
  }

  Status EraseSalts(const std::string& kind, const std::string& record_id) override {
    return db_.Write([&](pqxx::work& w) -> Status {
      w.exec_params0("UPDATE ledger_entries SET salt = NULL WHERE kind = $1 AND record_id = $2", kind, record_id);
      return Status::Ok();
    });
  }

 private:
  store::pg::Database& db_;
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

std::unique_ptr<LogStore> OpenLogStore(store::Database& db) {
  if (auto* s = db.AsSqlite()) return std::make_unique<SqliteLogStore>(*s);
  return std::make_unique<PgLogStore>(*db.AsPostgres());
}

void AddMigrations(store::MigrationSet& set) {
  set.Add({{"ledger", 1, "verifiable log", Schema(true)}}, {{"ledger", 1, "verifiable log", Schema(false)}});
}

Result<uint64_t> AppendInTransaction(Connection& c, const RecordToLedger& r) {
  WCP_ASSIGN_OR_RETURN(PreparedLeaf leaf, Prepare(r));
  // One statement: the single writer makes MAX(idx) + 1 race-free, and a
  // rolled-back job takes its index with it. idx is the rowid, so the index
  // is the last insert rowid (no RETURNING materialisation).
  WCP_ASSIGN_OR_RETURN(Statement e, c.Prepare("INSERT INTO ledger_entries (idx, kind, record_id, entry, salt) VALUES "
                                              "((SELECT COALESCE(MAX(idx) + 1, 0) FROM ledger_entries), ?, ?, ?, ?)"));
  e.Bind(r.kind, r.record_id, Blob{leaf.bytes}, Blob{leaf.salt});
  WCP_RETURN_IF_ERROR(e.Run());
  return static_cast<uint64_t>(sqlite3_last_insert_rowid(c.handle()));
}

Result<uint64_t> AppendInTransaction(pqxx::work& w, const RecordToLedger& r) {
  WCP_ASSIGN_OR_RETURN(PreparedLeaf leaf, Prepare(r));
  const uint64_t index = w.exec1(kNextIndex)[0].as<uint64_t>();
  w.exec_params0("INSERT INTO ledger_entries (idx, kind, record_id, entry, salt) VALUES ($1, $2, $3, $4, $5)", index,
                 r.kind, r.record_id, pqxx::binarystring(leaf.bytes.data(), leaf.bytes.size()),
                 pqxx::binarystring(leaf.salt.data(), leaf.salt.size()));
  return index;
}

}  // namespace wcp::ledger
