// The log on both backends: append in the caller's transaction, integrate,
// checkpoints, proofs, tiles, receipts, tampering and audit.
#include "ledger/log.hpp"

#include <gtest/gtest.h>

#include <set>
#include <sys/stat.h>

#include "store/testing/test_database.hpp"

namespace wcp::ledger {
namespace {

class LogTest : public ::testing::TestWithParam<store::Backend> {
 protected:
  void SetUp() override {
    store::MigrationSet set;
    AddMigrations(set);
    auto t = store::testing::TestDatabase::CreateMigrated(GetParam(), set);
    ASSERT_TRUE(t.ok()) << t.status().ToString();
    test_ = std::move(t).value();
    // A stand-in business table: the record and its leaf commit together.
    ASSERT_TRUE(Exec("CREATE TABLE records (id TEXT PRIMARY KEY, body TEXT NOT NULL)").ok());
    dir_ = store::testing::MakeTempDir();
    options_.origin = "wcp.test/ledger";
    options_.key_file = dir_ + "/ledger.key";
    auto log = Log::Open(db(), options_);
    ASSERT_TRUE(log.ok()) << log.status().ToString();
    log_ = std::move(log).value();
  }
  void TearDown() override {
    log_.reset();
    std::filesystem::remove_all(dir_);
  }
  store::Database& db() { return test_->db(); }

  Status Exec(const std::string& sql) {
    return db().Write([&](store::Tx& tx) { return tx.Execute(sql).status(); });
  }

  // Inserts a record and ledgers it in one transaction; `fail_after` makes
  // the job fail after both writes, to test atomicity.
  Status Put(const std::string& id, const std::string& body, bool fail_after = false) {
    RecordToLedger r{"test_record", id, body};
    return db().Write([&](store::Tx& tx) -> Status {
      WCP_RETURN_IF_ERROR(tx.Execute("INSERT INTO records (id, body) VALUES ($1, $2) "
                                     "ON CONFLICT (id) DO UPDATE SET body = excluded.body",
                                     id, body)
                              .status());
      WCP_RETURN_IF_ERROR(AppendInTransaction(tx, r).status());
      return fail_after ? Status::Invalid("rejected on purpose") : Status::Ok();
    });
  }

  RecordSource Source() {
    return {"test_record", [this]() -> Result<std::map<std::string, std::string>> {
              std::map<std::string, std::string> out;
              WCP_RETURN_IF_ERROR(db().Read([&](store::Tx& tx) -> Status {
                WCP_ASSIGN_OR_RETURN(store::Rows rows, tx.Query("SELECT id, body FROM records"));
                for (const auto& row : rows) out[row.Text(0)] = row.Text(1);
                return Status::Ok();
              }));
              return out;
            }};
  }

  Checkpoint Latest() {
    auto note = log_->LatestCheckpoint();
    EXPECT_TRUE(note.ok());
    return *Checkpoint::Parse(*OpenNote(*note, log_->verifier()));
  }

  std::unique_ptr<store::testing::TestDatabase> test_;
  std::string dir_;
  LogOptions options_;
  std::unique_ptr<Log> log_;
};

TEST_P(LogTest, StartsWithASignedEmptyCheckpoint) {
  Checkpoint cp = Latest();
  EXPECT_EQ(cp.size, 0u);
  EXPECT_EQ(cp.root, EmptyRoot());
  EXPECT_EQ(cp.origin, "wcp.test/ledger");
  struct stat st{};
  ASSERT_EQ(stat(options_.key_file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  // Reopening keeps the same key.
  const std::string vkey = log_->verifier().ToString();
  log_.reset();
  log_ = std::move(Log::Open(db(), options_)).value();
  EXPECT_EQ(log_->verifier().ToString(), vkey);
}

TEST_P(LogTest, AppendIntegrateProveAndReceipt) {
  for (int i = 0; i < 600; ++i) ASSERT_TRUE(Put("r" + std::to_string(i), "body " + std::to_string(i)).ok());
  ASSERT_TRUE(log_->Flush().ok());
  const Checkpoint cp600 = Latest();
  EXPECT_EQ(cp600.size, 600u);
  // The level-0 tiles are the leaf hashes of the entries, in order.
  auto entries = log_->store().ReadEntries(0, 256);
  ASSERT_TRUE(entries.ok());
  std::string expected;
  for (const auto& e : *entries) expected += AsBytes(LeafHash(e.bytes));
  EXPECT_EQ(*log_->Tile({0, 0, 256}), expected);
  for (const auto& t : TilesForSize(600)) EXPECT_TRUE(log_->Tile(t).ok()) << TilePath(t);
  EXPECT_FALSE(log_->Tile({0, 3, 256}).ok());  // beyond the checkpoint
  // A receipt verifies offline with only the public key.
  auto receipt = log_->ReceiptFor("test_record", "r123");
  ASSERT_TRUE(receipt.ok()) << receipt.status().ToString();
  auto parsed = Receipt::Parse(receipt->Format());
  ASSERT_TRUE(parsed.ok());
  auto verifier = NoteVerifier::Parse(log_->verifier().ToString());
  auto leaf = VerifyReceipt(*parsed, *verifier);
  ASSERT_TRUE(leaf.ok()) << leaf.status().ToString();
  EXPECT_EQ(leaf->record_id, "r123");
  EXPECT_EQ(parsed->index, 123u);
  // A receipt altered in one proof byte fails.
  Receipt bad = *parsed;
  bad.proof[0][0] ^= 1;
  EXPECT_FALSE(VerifyReceipt(bad, *verifier).ok());
  // Growth: the new checkpoint is consistent with the old one.
  for (int i = 600; i < 1000; ++i) ASSERT_TRUE(Put("r" + std::to_string(i), "b").ok());
  ASSERT_TRUE(log_->Flush().ok());
  const Checkpoint cp1000 = Latest();
  EXPECT_EQ(cp1000.size, 1000u);
  auto proof = log_->ConsistencyProof(600, 1000);
  ASSERT_TRUE(proof.ok());
  std::vector<std::string> raw;
  for (const auto& h : *proof) raw.emplace_back(AsBytes(h));
  EXPECT_TRUE(VerifyConsistency(600, 1000, raw, AsBytes(cp600.root), AsBytes(cp1000.root)).ok());
  auto checkpoints = log_->Checkpoints(10);
  ASSERT_TRUE(checkpoints.ok());
  EXPECT_EQ(checkpoints->size(), 3u);  // 0, 600, 1000: every one is kept
}

// A LogStore whose tile reads fail after `allowed` successful ones (a
// database that goes away mid-integration); everything else is the real store.
class FlakyTileReads final : public LogStore {
 public:
  explicit FlakyTileReads(std::unique_ptr<LogStore> real) : real_(std::move(real)) {}
  void FailAfter(int allowed) { allowed_ = allowed; }
  void Heal() { allowed_ = -1; }

  Result<std::string> ReadTile(int level, uint64_t index) override {
    if (allowed_ == 0) return Status::Unavailable("injected: the database went away");
    if (allowed_ > 0) --allowed_;
    return real_->ReadTile(level, index);
  }
  Result<LogState> State() override { return real_->State(); }
  Result<std::vector<Entry>> ReadEntries(uint64_t from, uint64_t to) override { return real_->ReadEntries(from, to); }
  Status CommitIntegration(uint64_t old_size, uint64_t new_size, const Hash& root, const TileWrites& tiles) override {
    return real_->CommitIntegration(old_size, new_size, root, tiles);
  }
  Status AddCheckpoint(uint64_t size, const std::string& note) override { return real_->AddCheckpoint(size, note); }
  Status ReplaceCheckpoint(uint64_t size, const std::string& note) override {
    return real_->ReplaceCheckpoint(size, note);
  }
  Result<std::vector<StoredCheckpoint>> Checkpoints(int limit) override { return real_->Checkpoints(limit); }
  Result<std::vector<Entry>> EntriesFor(const std::string& kind, const std::string& record_id) override {
    return real_->EntriesFor(kind, record_id);
  }
  Result<std::string> Salt(uint64_t index) override { return real_->Salt(index); }
  Status EraseSalts(const std::string& kind, const std::string& record_id) override {
    return real_->EraseSalts(kind, record_id);
  }

 private:
  std::unique_ptr<LogStore> real_;
  int allowed_ = -1;  // -1: never fail
};

TEST_P(LogTest, AFailedTileReadLeavesTheLogUnchangedAndVerifiable) {
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(Put("r" + std::to_string(i), "x").ok());
  ASSERT_TRUE(log_->Flush().ok());
  const Checkpoint before = Latest();  // a partial level-0 tile of 10 hashes
  for (int i = 10; i < 15; ++i) ASSERT_TRUE(Put("r" + std::to_string(i), "y").ok());
  auto flaky_store = std::make_unique<FlakyTileReads>(OpenLogStore(db()));
  FlakyTileReads* flaky = flaky_store.get();
  auto log = Log::OpenWithStore(db(), options_, std::move(flaky_store));
  ASSERT_TRUE(log.ok()) << log.status().ToString();
  // Fail the first, second, … tile read of an integration: whichever read
  // fails (loading the tree's frontier or extending the partial tile), the
  // round must fail and commit nothing.
  for (int allowed = 0; allowed < 6; ++allowed) {
    flaky->FailAfter(allowed);
    const Status s = (*log)->Flush();
    auto state = OpenLogStore(db())->State();
    ASSERT_TRUE(state.ok());
    if (!s.ok()) {
      EXPECT_EQ(state->integrated_size, 10u) << "after " << allowed << " reads: " << s.ToString();
    }
  }
  flaky->Heal();
  ASSERT_TRUE((*log)->Flush().ok());
  const Checkpoint after = Latest();
  ASSERT_EQ(after.size, 15u);
  auto proof = log_->ConsistencyProof(10, 15);
  ASSERT_TRUE(proof.ok());
  std::vector<std::string> raw;
  for (const auto& h : *proof) raw.emplace_back(AsBytes(h));
  EXPECT_TRUE(VerifyConsistency(10, 15, raw, AsBytes(before.root), AsBytes(after.root)).ok());
  auto report = log_->Audit({Source()});
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok) << (report->problems.empty() ? "" : report->problems[0].message);
}

TEST_P(LogTest, RecordAndLeafCommitTogetherOrNotAtAll) {
  ASSERT_TRUE(Put("a", "1").ok());
  ASSERT_FALSE(Put("b", "2", /*fail_after=*/true).ok());
  ASSERT_TRUE(Put("c", "3").ok());
  auto state = log_->store().State();
  ASSERT_TRUE(state.ok());
  EXPECT_EQ(state->next_index, 2u);  // b's index was given back: no gap
  EXPECT_TRUE(log_->store().EntriesFor("test_record", "b")->empty());
  EXPECT_EQ(log_->store().EntriesFor("test_record", "c")->at(0).index, 1u);
  ASSERT_TRUE(log_->Flush().ok());
  auto report = log_->Audit({Source()});
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok) << report->problems.front().message;
}

TEST_P(LogTest, AuditNamesTamperedRecords) {
  for (const char* id : {"a", "b", "c", "d"}) ASSERT_TRUE(Put(id, std::string("body-") + id).ok());
  ASSERT_TRUE(log_->Flush().ok());
  ASSERT_TRUE(Exec("UPDATE records SET body = 'forged' WHERE id = 'b'").ok());
  ASSERT_TRUE(Exec("DELETE FROM records WHERE id = 'c'").ok());
  ASSERT_TRUE(Exec("INSERT INTO records (id, body) VALUES ('smuggled', 'x')").ok());
  auto report = log_->Audit({Source()});
  ASSERT_TRUE(report.ok());
  EXPECT_FALSE(report->ok);
  std::string all;
  for (const auto& p : report->problems) all += p.message + "\n";
  EXPECT_NE(all.find("test_record/b was altered"), std::string::npos) << all;
  EXPECT_NE(all.find("test_record/c was removed"), std::string::npos) << all;
  EXPECT_NE(all.find("test_record/smuggled was added without a ledger entry"), std::string::npos) << all;
  EXPECT_EQ(all.find("test_record/a"), std::string::npos) << all;
  EXPECT_EQ(report->problems.size(), 3u) << all;
  std::set<std::pair<std::string, std::string>> found;
  for (const auto& p : report->problems) found.insert({p.type, p.record_id});
  EXPECT_EQ(found, (std::set<std::pair<std::string, std::string>>{
                       {"record_altered", "b"}, {"record_removed", "c"}, {"record_added", "smuggled"}}));
}

TEST_P(LogTest, AuditDetectsAlteredAndTruncatedEntries) {
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(Put("r" + std::to_string(i), "x").ok());
  ASSERT_TRUE(log_->Flush().ok());
  const Checkpoint cp = Latest();
  // Rewrite an entry's bytes: its leaf no longer matches the tiles.
  ASSERT_TRUE(Exec(db().backend() == store::Backend::kSqlite ? "UPDATE ledger_entries SET entry = x'01' || substr(entry, 2) || x'00' WHERE idx = 4"
                                   : "UPDATE ledger_entries SET entry = entry || '\\x00'::bytea WHERE idx = 4").ok());
  auto report = log_->Audit({});
  ASSERT_TRUE(report.ok());
  EXPECT_FALSE(report->ok);
  EXPECT_NE(report->problems[0].message.find("entry 4"), std::string::npos) << report->problems[0].message;
  EXPECT_EQ(report->problems[0].type, "entry_altered");
  EXPECT_EQ(report->problems[0].index, 4u);
  // Truncate the tail: the checkpoint covers more than the log holds.
  ASSERT_TRUE(Exec("DELETE FROM ledger_entries WHERE idx >= 8").ok());
  report = log_->Audit({});
  ASSERT_TRUE(report.ok());
  bool truncated = false;
  for (const auto& p : report->problems) truncated |= p.type == "log_truncated" && p.count == 8u;
  EXPECT_TRUE(truncated);
  EXPECT_EQ(cp.size, 10u);
}

TEST_P(LogTest, ErasedRecordLeavesAnUnlinkableCommitment) {
  ASSERT_TRUE(Put("person-1", "张三 11010519491231002X").ok());
  ASSERT_TRUE(log_->Flush().ok());
  ASSERT_TRUE(log_->store().EraseSalts("test_record", "person-1").ok());
  ASSERT_TRUE(Exec("DELETE FROM records WHERE id = 'person-1'").ok());
  auto report = log_->Audit({Source()});
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok);
  // The leaf holds no personal data: only kind, id, commitment, time.
  auto e = log_->store().EntriesFor("test_record", "person-1");
  ASSERT_EQ(e->size(), 1u);
  EXPECT_EQ(e->at(0).bytes.find("张三"), std::string::npos);
  EXPECT_EQ(e->at(0).bytes.find("11010519491231002X"), std::string::npos);
}

WCP_INSTANTIATE_BACKEND_SUITE(LogTest);

TEST(LeafTest, EncodingIsCanonical) {
  Leaf leaf{"indicator_observation", "0190", Sha256("x"), 0x0102030405060708ULL};
  auto bytes = EncodeLeaf(leaf);
  ASSERT_TRUE(bytes.ok());
  // 1 version + 1+21 kind + 1+4 id + 32 commitment + 8 time = 68 bytes.
  EXPECT_EQ(bytes->size(), 68u);
  EXPECT_EQ((*bytes)[0], '\x01');
  EXPECT_EQ(bytes->substr(60), std::string("\x01\x02\x03\x04\x05\x06\x07\x08", 8));
  auto back = DecodeLeaf(*bytes);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->kind, leaf.kind);
  EXPECT_EQ(back->time_ms, leaf.time_ms);
  EXPECT_FALSE(DecodeLeaf(bytes->substr(0, 67)).ok());
  EXPECT_FALSE(EncodeLeaf({"", "id", {}, 0}).ok());
}

}  // namespace
}  // namespace wcp::ledger
