// store::Tx conformance: the same expectations on SQLite and PostgreSQL.
#include "store/tx.hpp"

#include <gtest/gtest.h>

#include <regex>

#include "store/testing/test_database.hpp"

namespace wcp::store {
namespace {

using testing::TestDatabase;

class TxConformance : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    MigrationSet set;
    set.Add({{"probe", 1, "typed table", R"SQL(
CREATE TABLE typed (id INTEGER PRIMARY KEY, label TEXT, n INTEGER, x REAL, raw BLOB, flag INTEGER NOT NULL DEFAULT 0,
                    at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))) STRICT;
)SQL"}},
            {{"probe", 1, "typed table", R"SQL(
CREATE TABLE typed (id BIGINT PRIMARY KEY, label TEXT, n BIGINT, x DOUBLE PRECISION, raw BYTEA,
                    flag BOOLEAN NOT NULL DEFAULT false, at TIMESTAMPTZ NOT NULL DEFAULT now());
)SQL"}});
    auto t = TestDatabase::CreateMigrated(GetParam(), set);
    ASSERT_TRUE(t.ok()) << t.status().ToString();
    test_ = std::move(t).value();
  }
  Database& db() { return test_->db(); }
  std::unique_ptr<TestDatabase> test_;
};

TEST_P(TxConformance, ParametersBindByNumberNotByAppearance) {
  // $2 appears before $1: on SQLite "$n" would bind by first appearance.
  ASSERT_TRUE(db().Write([](Tx& tx) -> Status {
    return tx.Execute("INSERT INTO typed (id, label, n) VALUES ($3, $2, $1)", 7, "seven", 1).status();
  }).ok());
  std::optional<Row> row;
  ASSERT_TRUE(db().Read([&](Tx& tx) -> Status {
    WCP_ASSIGN_OR_RETURN(row, tx.QueryOne("SELECT id, label, n FROM typed WHERE label = $1 AND id = $2", "seven", 1));
    return Status::Ok();
  }).ok());
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->Int(0), 1);
  EXPECT_EQ(row->Text(1), "seven");
  EXPECT_EQ(row->Int(2), 7);
}

TEST_P(TxConformance, CellsKeepTheirTypes) {
  const std::string bytes("\x00\x01\xfe\xff$1'", 7);
  ASSERT_TRUE(db().Write([&](Tx& tx) -> Status {
    WCP_ASSIGN_OR_RETURN(int64_t n, tx.Execute("INSERT INTO typed (id, label, n, x, raw, flag) VALUES ($1, $2, $3, $4, $5, $6)",
                                               1, std::optional<std::string>(), int64_t{-9007199254740993}, 1400.5,
                                               Bytes{bytes}, true));
    EXPECT_EQ(n, 1);
    return Status::Ok();
  }).ok());
  std::optional<Row> row;
  ASSERT_TRUE(db().Read([&](Tx& tx) -> Status {
    WCP_ASSIGN_OR_RETURN(row, tx.QueryOne("SELECT label, n, x, raw, flag, '$1 stays text', " + tx.UtcText("at") +
                                              " FROM typed WHERE id = $1",
                                          1));
    return Status::Ok();
  }).ok());
  ASSERT_TRUE(row.has_value());
  EXPECT_TRUE(row->IsNull(0));
  EXPECT_FALSE(row->OptionalText(0).has_value());
  EXPECT_EQ(row->Int(1), -9007199254740993);  // beyond a double's exact range
  EXPECT_EQ(row->Real(2), 1400.5);
  EXPECT_EQ(row->Blob(3), bytes);
  EXPECT_EQ(row->Int(4), 1);
  EXPECT_EQ(row->Text(5), "$1 stays text");
  EXPECT_TRUE(std::regex_match(row->Text(6), std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)"))) << row->Text(6);
}

TEST_P(TxConformance, AFailingJobStoresNothingAndCountsChanges) {
  const Status failed = db().Write([](Tx& tx) -> Status {
    WCP_RETURN_IF_ERROR(tx.Execute("INSERT INTO typed (id, label) VALUES ($1, $2)", 1, "kept?").status());
    return Status::Invalid("the second row is bad");
  });
  EXPECT_EQ(failed.code(), ErrorCode::kInvalid);
  const Status duplicate = db().Write([](Tx& tx) -> Status {
    WCP_RETURN_IF_ERROR(tx.Execute("INSERT INTO typed (id) VALUES ($1)", 2).status());
    return tx.Execute("INSERT INTO typed (id) VALUES ($1)", 2).status();
  });
  EXPECT_EQ(duplicate.code(), ErrorCode::kConflict);
  EXPECT_TRUE(duplicate.internal_detail().size() > 0);
  ASSERT_TRUE(db().Write([](Tx& tx) -> Status {
    for (int i = 10; i < 15; ++i) WCP_RETURN_IF_ERROR(tx.Execute("INSERT INTO typed (id, n) VALUES ($1, 0)", i).status());
    WCP_ASSIGN_OR_RETURN(int64_t changed, tx.Execute("UPDATE typed SET n = n + 1 WHERE id >= $1", 12));
    EXPECT_EQ(changed, 3);
    return Status::Ok();
  }).ok());
  Rows rows;
  ASSERT_TRUE(db().Read([&](Tx& tx) -> Status {
    WCP_ASSIGN_OR_RETURN(rows, tx.Query("SELECT id FROM typed ORDER BY id"));
    return Status::Ok();
  }).ok());
  ASSERT_EQ(rows.size(), 5u);  // neither the failed job's row nor the duplicate
  EXPECT_EQ(rows.front().Int(0), 10);
}

WCP_INSTANTIATE_BACKEND_SUITE(TxConformance);

TEST(NumberedSqliteParameters, RewritesOnlyParameters) {
  EXPECT_EQ(NumberedSqliteParameters("SELECT $2, $10 FROM t WHERE a = $1"), "SELECT ?2, ?10 FROM t WHERE a = ?1");
  EXPECT_EQ(NumberedSqliteParameters("SELECT '$1', \"$2\", 'it''s $3', $4"), "SELECT '$1', \"$2\", 'it''s $3', ?4");
  EXPECT_EQ(NumberedSqliteParameters("SELECT $ , $a, $0"), "SELECT $ , $a, $0");
}

}  // namespace
}  // namespace wcp::store
