// Ledger benchmarks, each against a baseline in the same run:
//  - BM_LedgerAppend: records + their leaves committed through the single
//    writer in batches, then integrated into tiles (what `wcp serve` does),
//    vs BM_RawSqliteInsert: the same rows (the record, and the entry row with
//    its 76-byte leaf and 32-byte salt) inserted with the bare SQLite C API in
//    transactions of the same size, with the same indexes.
//  - BM_InclusionProof / BM_ConsistencyProof at 10 million leaves through
//    Log's API (tiles in SQLite, full-tile cache), without HTTP.
// Durability is the same for both sides: WAL with synchronous=FULL.
#include <benchmark/benchmark.h>
#include <sqlite3.h>

#include <filesystem>
#include <random>

#include "core/ids.hpp"
#include "ledger/log.hpp"
#include "store/sqlite/database.hpp"

namespace wcp {
namespace {

constexpr int kBatch = 256;

std::string TempDir() {
  auto d = std::filesystem::temp_directory_path() / ("wcp-bench-" + NewUuidV7());
  std::filesystem::create_directories(d);
  return d.string();
}

std::string Body(int i) { return R"({"indicator":"retail_sales","period":"2024","level":")" + std::to_string(1000 + i) + R"(.5"})"; }

void BM_LedgerAppend(benchmark::State& state) {
  const std::string dir = TempDir();
  auto db = std::move(store::sqlite::Database::Open({dir + "/wcp.db"})).value();
  store::MigrationSet set;
  ledger::AddMigrations(set);
  set.sqlite.push_back({"bench", 1, "records", "CREATE TABLE records (id TEXT PRIMARY KEY, body TEXT NOT NULL)"});
  if (!db->Migrate(set).ok()) state.SkipWithError("migrate");
  ledger::LogOptions options;
  options.origin = "bench.local/ledger";
  options.key_file = dir + "/key";
  auto log = std::move(ledger::Log::Open(*db, options)).value();
  int n = 0;
  for (auto _ : state) {
    // One batch: kBatch records, each with its leaf, in one write job.
    Status s = db->Write([&](store::Tx& tx) -> Status {
      for (int i = 0; i < kBatch; ++i, ++n) {
        const std::string id = NewUuidV7(), body = Body(n);
        WCP_RETURN_IF_ERROR(tx.Execute("INSERT INTO records (id, body) VALUES ($1, $2)", id, body).status());
        WCP_RETURN_IF_ERROR(ledger::AppendInTransaction(tx, {"bench_record", id, body}).status());
      }
      return Status::Ok();
    });
    if (!s.ok()) state.SkipWithError(s.ToString().c_str());
    const int every = static_cast<int>(state.range(0));
    if (every > 0 && n % (kBatch * every) == 0 && !log->Flush().ok()) state.SkipWithError("integrate");
  }
  if (!log->Flush().ok()) state.SkipWithError("integrate");
  state.SetItemsProcessed(state.iterations() * kBatch);
  log.reset();
  db.reset();
  std::filesystem::remove_all(dir);
}
// Argument: integrate (and publish a checkpoint) every N batches; 16 is what
// the 250 ms sequencer does under this load, 0 integrates once at the end.
BENCHMARK(BM_LedgerAppend)->Arg(16)->Arg(0)->UseRealTime()->MinTime(3);

void BM_RawSqliteInsert(benchmark::State& state) {
  const std::string dir = TempDir();
  sqlite3* db = nullptr;
  sqlite3_open((dir + "/raw.db").c_str(), &db);
  sqlite3_exec(db,
               "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
               "CREATE TABLE records (id TEXT PRIMARY KEY, body TEXT NOT NULL);"
               "CREATE TABLE entries (idx INTEGER PRIMARY KEY, kind TEXT, record_id TEXT, entry BLOB, salt BLOB);"
               "CREATE INDEX entries_record ON entries (kind, record_id);",
               nullptr, nullptr, nullptr);
  sqlite3_stmt *rec, *ent;
  sqlite3_prepare_v2(db, "INSERT INTO records (id, body) VALUES (?, ?)", -1, &rec, nullptr);
  sqlite3_prepare_v2(db, "INSERT INTO entries (idx, kind, record_id, entry, salt) VALUES (?, ?, ?, ?, ?)", -1, &ent,
                     nullptr);
  const std::string entry(76, 'e'), salt_bytes(32, 's');  // the size of a real leaf entry and salt
  int n = 0;
  for (auto _ : state) {
    sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
    for (int i = 0; i < kBatch; ++i, ++n) {
      const std::string id = NewUuidV7(), body = Body(n);
      sqlite3_bind_text(rec, 1, id.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(rec, 2, body.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_step(rec);
      sqlite3_reset(rec);
      sqlite3_bind_int64(ent, 1, n);
      sqlite3_bind_text(ent, 2, "bench_record", -1, SQLITE_STATIC);
      sqlite3_bind_text(ent, 3, id.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_blob(ent, 4, entry.data(), static_cast<int>(entry.size()), SQLITE_STATIC);
      sqlite3_bind_blob(ent, 5, salt_bytes.data(), 32, SQLITE_STATIC);
      sqlite3_step(ent);
      sqlite3_reset(ent);
    }
    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  }
  state.SetItemsProcessed(state.iterations() * kBatch);
  sqlite3_finalize(rec);
  sqlite3_finalize(ent);
  sqlite3_close(db);
  std::filesystem::remove_all(dir);
}
BENCHMARK(BM_RawSqliteInsert)->UseRealTime()->MinTime(3);

// A log of `leaves` leaves, tiles written directly (entries are not needed
// for proofs), built once per process.
struct BigLog {
  std::string dir;
  std::unique_ptr<store::sqlite::Database> db;
  std::unique_ptr<ledger::Log> log;
  uint64_t size = 0;
};

BigLog& TenMillion() {
  static BigLog big = [] {
    BigLog b;
    b.size = 10'000'000;
    b.dir = TempDir();
    b.db = std::move(store::sqlite::Database::Open({b.dir + "/big.db"})).value();
    store::MigrationSet set;
    ledger::AddMigrations(set);
    (void)b.db->Migrate(set);
    ledger::CompactRange range;
    ledger::TileWrites tiles;
    auto flush = [&](bool all) {
      ledger::TileWrites full;
      for (auto it = tiles.begin(); it != tiles.end();) {
        if (all || it->second.size() == ledger::kTileWidth * 32) {
          full.insert(*it);
          it = tiles.erase(it);
        } else {
          ++it;
        }
      }
      (void)b.db->Write([&](store::sqlite::Connection& c) -> Status {
        for (const auto& [key, bytes] : full) {
          WCP_ASSIGN_OR_RETURN(auto st, c.Prepare("INSERT OR REPLACE INTO ledger_tiles (level, idx, hashes) VALUES (?, ?, ?)"));
          st.Bind(key.first, static_cast<int64_t>(key.second), store::sqlite::Blob{bytes});
          WCP_RETURN_IF_ERROR(st.Run());
        }
        return Status::Ok();
      });
    };
    for (uint64_t i = 0; i < b.size; ++i) {
      const std::string entry = "leaf " + std::to_string(i);
      range.Append(ledger::LeafHash(entry), [&](int level, uint64_t index, const ledger::Hash& h) {
        if (level % ledger::kTileHeight == 0) tiles[{level / ledger::kTileHeight, index / ledger::kTileWidth}] += std::string(ledger::AsBytes(h));
      });
      if (i % 1'000'000 == 999'999) flush(false);
    }
    flush(true);
    const ledger::Hash root = range.Root();
    (void)b.db->Write([&](store::sqlite::Connection& c) -> Status {
      WCP_ASSIGN_OR_RETURN(auto st, c.Prepare("UPDATE ledger_state SET next_index = ?, integrated_size = ?, root = ?"));
      st.Bind(static_cast<int64_t>(b.size), static_cast<int64_t>(b.size), store::sqlite::Blob{ledger::AsBytes(root)});
      return st.Run();
    });
    ledger::LogOptions options;
    options.origin = "bench.local/ledger";
    options.key_file = b.dir + "/key";
    b.log = std::move(ledger::Log::Open(*b.db, options)).value();
    return b;
  }();
  return big;
}

// Per-call latency percentiles as counters (p50_us, p99_us): the target is
// about single proofs, so each call is timed, not only the mean.
template <typename Fn>
void TimedProofs(benchmark::State& state, Fn&& one_proof) {
  std::vector<double> micros;
  size_t proof_len = 0;
  for (auto _ : state) {
    const auto t0 = std::chrono::steady_clock::now();
    auto proof = one_proof();
    micros.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count());
    if (!proof.ok()) state.SkipWithError(proof.status().ToString().c_str());
    proof_len = proof->size();
    benchmark::DoNotOptimize(proof);
  }
  std::sort(micros.begin(), micros.end());
  state.counters["p50_us"] = micros[micros.size() / 2];
  state.counters["p99_us"] = micros[static_cast<size_t>(0.99 * static_cast<double>(micros.size() - 1))];
  state.counters["proof_hashes"] = static_cast<double>(proof_len);
}

void BM_InclusionProof10M(benchmark::State& state) {
  BigLog& big = TenMillion();
  std::mt19937_64 rng(42);
  TimedProofs(state, [&] { return big.log->InclusionProof(rng() % big.size, big.size); });
}
BENCHMARK(BM_InclusionProof10M)->MinTime(2);

void BM_ConsistencyProof10M(benchmark::State& state) {
  BigLog& big = TenMillion();
  std::mt19937_64 rng(7);
  TimedProofs(state, [&] { return big.log->ConsistencyProof(1 + rng() % (big.size - 1), big.size); });
}
BENCHMARK(BM_ConsistencyProof10M)->MinTime(2);

}  // namespace
}  // namespace wcp

BENCHMARK_MAIN();
