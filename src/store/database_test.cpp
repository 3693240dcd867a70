// Storage conformance for the backends themselves: the same expectations
// on SQLite and PostgreSQL (the Postgres/ instances carry the `pg` label).
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include "store/postgres/database.hpp"
#include "store/sqlite/database.hpp"
#include "store/testing/test_database.hpp"

namespace wcp::store {
namespace {

using testing::TestDatabase;

Migration M(int version, const std::string& name, const std::string& sql) {
  return {"probe", version, name, sql};
}

MigrationSet Set(std::vector<Migration> ms) {
  MigrationSet set;
  set.Add(ms, ms);  // the probe SQL is valid in both dialects
  return set;
}

class DatabaseConformance : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    auto t = TestDatabase::Create(GetParam());
    ASSERT_TRUE(t.ok()) << t.status().ToString();
    test_ = std::move(t).value();
  }
  Database& db() { return test_->db(); }
  std::unique_ptr<TestDatabase> test_;
};

TEST_P(DatabaseConformance, MigratesOnceAndRecords) {
  auto set = Set({M(1, "create", "CREATE TABLE probe (id INTEGER PRIMARY KEY, v TEXT)"),
                  M(2, "index", "CREATE INDEX probe_v ON probe (v)")});
  EXPECT_FALSE(CheckSchemaCurrent(db(), set).ok());
  ASSERT_TRUE(db().Migrate(set).ok()) << db().Migrate(set).ToString();
  ASSERT_TRUE(db().Migrate(set).ok());  // idempotent
  auto applied = db().AppliedMigrations();
  ASSERT_TRUE(applied.ok());
  ASSERT_EQ(applied->size(), 2u);
  EXPECT_EQ((*applied)[1].name, "index");
  EXPECT_FALSE((*applied)[0].applied_at.empty());
  EXPECT_TRUE(CheckSchemaCurrent(db(), set).ok());
  EXPECT_TRUE(db().Ping().ok());
}

TEST_P(DatabaseConformance, RefusesSchemaNewerThanBuild) {
  ASSERT_TRUE(db().Migrate(Set({M(1, "a", "CREATE TABLE probe (id INTEGER)"),
                                M(2, "b", "CREATE TABLE probe2 (id INTEGER)")}))
                  .ok());
  auto older = Set({M(1, "a", "CREATE TABLE probe (id INTEGER)")});
  Status s = db().Migrate(older);
  EXPECT_EQ(s.code(), ErrorCode::kConflict);
  EXPECT_FALSE(CheckSchemaCurrent(db(), older).ok());
}

TEST_P(DatabaseConformance, FailedMigrationLeavesDatabaseAsItWas) {
  auto first = M(1, "a", "CREATE TABLE probe (id INTEGER)");
  ASSERT_TRUE(db().Migrate(Set({first})).ok());
  // The second migration's first statement succeeds, its second fails.
  Status s = db().Migrate(
      Set({first, M(2, "half", "CREATE TABLE half_done (id INTEGER); CREATE TABLE probe (x INTEGER)")}));
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("probe/2"), std::string::npos);
  auto applied = db().AppliedMigrations();
  ASSERT_TRUE(applied.ok());
  EXPECT_EQ(applied->size(), 1u);
  // half_done must not exist: creating it again succeeds.
  EXPECT_TRUE(db().Migrate(Set({first, M(2, "fixed", "CREATE TABLE half_done (id INTEGER)")})).ok());
}

WCP_INSTANTIATE_BACKEND_SUITE(DatabaseConformance);

TEST(DatabaseUrlTest, ParsesAndRedacts) {
  EXPECT_EQ(DatabaseUrl::Parse("sqlite:var/wcp.db")->target, "var/wcp.db");
  EXPECT_EQ(DatabaseUrl::Parse("sqlite:///tmp/x.db")->target, "/tmp/x.db");
  EXPECT_EQ(DatabaseUrl::Parse("postgresql://u@h/db")->backend, Backend::kPostgres);
  EXPECT_EQ(DatabaseUrl::Parse("mysql://x").status().field(), "db");
  EXPECT_EQ(DatabaseUrl::Redact("postgresql://wcp:s3cret@127.0.0.1:5432/wcp"),
            "postgresql://wcp:****@127.0.0.1:5432/wcp");
  EXPECT_EQ(DatabaseUrl::Redact("postgresql://127.0.0.1/wcp"), "postgresql://127.0.0.1/wcp");
}

TEST(DatabaseOpenTest, UnreachablePostgresIsUnavailable) {
  auto r = OpenDatabase("postgresql://nobody:pw@127.0.0.1:1/nothing?connect_timeout=2");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kUnavailable);
  EXPECT_EQ(r.status().message().find("pw@"), std::string::npos);  // password redacted
}

// SQLite-specific: group commit keeps failing jobs isolated.
TEST(SqliteWriterTest, FailingJobRollsBackOnlyItself) {
  auto t = TestDatabase::Create(Backend::kSqlite);
  ASSERT_TRUE(t.ok());
  auto* db = (*t)->db().AsSqlite();
  ASSERT_TRUE(db->Write([](sqlite::Connection& c) {
                  return c.Exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)");
                }).ok());
  std::vector<std::future<Status>> futures;
  for (int i = 0; i < 100; ++i) {
    futures.push_back(db->WriteAsync([i](sqlite::Connection& c) -> Status {
      WCP_ASSIGN_OR_RETURN(auto st, c.Prepare("INSERT INTO t (id, v) VALUES (?, ?)"));
      st.Bind(i, std::string("row"));
      WCP_RETURN_IF_ERROR(st.Run());
      if (i % 10 == 3) return Status::Invalid("rejected on purpose");
      return Status::Ok();
    }));
  }
  int failed = 0;
  for (auto& f : futures) failed += f.get().ok() ? 0 : 1;
  EXPECT_EQ(failed, 10);
  int64_t count = -1;
  ASSERT_TRUE(db->Read([&](sqlite::Connection& c) -> Status {
                  WCP_ASSIGN_OR_RETURN(auto st, c.Prepare("SELECT count(*) FROM t WHERE id % 10 = 3"));
                  WCP_ASSIGN_OR_RETURN(bool row, st.Step());
                  count = row ? st.Int(0) : -1;
                  WCP_ASSIGN_OR_RETURN(auto all, c.Prepare("SELECT count(*) FROM t"));
                  WCP_ASSIGN_OR_RETURN(bool row2, all.Step());
                  EXPECT_TRUE(row2);
                  EXPECT_EQ(all.Int(0), 90);
                  return Status::Ok();
                }).ok());
  EXPECT_EQ(count, 0);
}

// Backup taken during continuous writes restores to a consistent database.
TEST(SqliteBackupTest, BackupDuringWritesRestoresConsistently) {
  auto t = TestDatabase::Create(Backend::kSqlite);
  ASSERT_TRUE(t.ok());
  auto* db = (*t)->db().AsSqlite();
  // Invariant checked after restore: every order has exactly its two lines.
  ASSERT_TRUE(db->Write([](sqlite::Connection& c) {
                  return c.Exec(
                      "CREATE TABLE orders (id INTEGER PRIMARY KEY);"
                      "CREATE TABLE lines (order_id INTEGER NOT NULL REFERENCES orders(id), n INTEGER)");
                }).ok());
  std::atomic<bool> stop{false};
  std::atomic<int> written{0};
  std::thread writer([&] {
    for (int i = 1; !stop; ++i) {
      Status s = db->Write([i](sqlite::Connection& c) -> Status {
        WCP_ASSIGN_OR_RETURN(auto o, c.Prepare("INSERT INTO orders (id) VALUES (?)"));
        o.Bind(i);
        WCP_RETURN_IF_ERROR(o.Run());
        for (int n = 0; n < 2; ++n) {
          WCP_ASSIGN_OR_RETURN(auto line, c.Prepare("INSERT INTO lines (order_id, n) VALUES (?, ?)"));
          line.Bind(i, n);
          WCP_RETURN_IF_ERROR(line.Run());
        }
        return Status::Ok();
      });
      if (s.ok()) ++written;
    }
  });
  while (written < 200) std::this_thread::yield();
  const std::string dir = testing::MakeTempDir();
  const std::string backup = dir + "/backup.db";
  ASSERT_TRUE(db->Backup(backup).ok());
  EXPECT_EQ(db->Backup(backup).code(), ErrorCode::kConflict);  // never overwrites
  stop = true;
  writer.join();

  const std::string restored = dir + "/restored.db";
  ASSERT_TRUE(sqlite::RestoreFrom(backup, restored).ok());
  auto r = sqlite::Database::Open({restored});
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE((*r)->Read([](sqlite::Connection& c) -> Status {
                    WCP_ASSIGN_OR_RETURN(auto ic, c.Prepare("PRAGMA integrity_check"));
                    WCP_ASSIGN_OR_RETURN(bool row, ic.Step());
                    EXPECT_TRUE(row);
                    EXPECT_EQ(ic.Text(0), "ok");
                    WCP_ASSIGN_OR_RETURN(auto fk, c.Prepare("PRAGMA foreign_key_check"));
                    WCP_ASSIGN_OR_RETURN(bool violation, fk.Step());
                    EXPECT_FALSE(violation);
                    WCP_ASSIGN_OR_RETURN(
                        auto bad, c.Prepare("SELECT count(*) FROM orders o WHERE (SELECT count(*) "
                                            "FROM lines l WHERE l.order_id = o.id) != 2"));
                    WCP_ASSIGN_OR_RETURN(bool r2, bad.Step());
                    EXPECT_TRUE(r2);
                    EXPECT_EQ(bad.Int(0), 0);
                    WCP_ASSIGN_OR_RETURN(auto n, c.Prepare("SELECT count(*) FROM orders"));
                    WCP_ASSIGN_OR_RETURN(bool r3, n.Step());
                    EXPECT_TRUE(r3);
                    EXPECT_GE(n.Int(0), 200);
                    return Status::Ok();
                  }).ok());
  r->reset();
  // Restoring over a database that a server holds open is refused.
  auto live = sqlite::Database::Open({restored});
  ASSERT_TRUE(live.ok());
  std::thread holder;
  std::atomic<bool> release{false};
  std::promise<void> locked;
  holder = std::thread([&] {
    (void)(*live)->Write([&](sqlite::Connection&) {
      locked.set_value();
      while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(5));
      return Status::Ok();
    });
  });
  locked.get_future().wait();
  EXPECT_EQ(sqlite::RestoreFrom(backup, restored).code(), ErrorCode::kBusy);
  release = true;
  holder.join();
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace wcp::store
