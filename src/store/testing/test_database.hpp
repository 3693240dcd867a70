// store/testing/test_database.hpp — fresh databases for storage conformance tests.
//
// A suite is written once as a value-parameterised test over Backend and
// instantiated for both backends with WCP_INSTANTIATE_BACKEND_SUITE(Suite),
// giving test names Sqlite/Suite.Test/db and Postgres/Suite.Test/db.
// The Postgres instances run against a throw-away database created on the
// server named by WCP_TEST_PG_URL (make test starts one); when the variable
// is missing they fail, so a broken setup cannot pass silently.
#pragma once

#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "store/database.hpp"

namespace wcp::store::testing {

// A new empty database that is deleted (file or PostgreSQL database) when
// the returned object is destroyed.
class TestDatabase {
 public:
  static Result<std::unique_ptr<TestDatabase>> Create(Backend backend);
  // Create() and then apply `migrations` (for module store suites).
  static Result<std::unique_ptr<TestDatabase>> CreateMigrated(Backend backend, const MigrationSet& migrations);
  ~TestDatabase();
  Database& db() { return *db_; }
  const std::string& url() const { return url_; }

 private:
  TestDatabase() = default;
  std::unique_ptr<Database> db_;
  std::string url_;
  std::string cleanup_;  // SQLite file or PostgreSQL database name
  Backend backend_ = Backend::kSqlite;
};

// "Sqlite" / "Postgres", for test names.
std::string BackendName(Backend backend);
// A fresh temporary directory (removed by the caller, or left for inspection).
std::string MakeTempDir();

inline std::string DbParamName(const ::testing::TestParamInfo<Backend>&) { return "db"; }

}  // namespace wcp::store::testing

#define WCP_INSTANTIATE_BACKEND_SUITE(suite)                                                  \
  INSTANTIATE_TEST_SUITE_P(Sqlite, suite, ::testing::Values(::wcp::store::Backend::kSqlite),  \
                           ::wcp::store::testing::DbParamName);                               \
  INSTANTIATE_TEST_SUITE_P(Postgres, suite,                                                   \
                           ::testing::Values(::wcp::store::Backend::kPostgres),               \
                           ::wcp::store::testing::DbParamName)
