#include "store/testing/test_database.hpp"

#include <cstdlib>
#include <filesystem>
#include <pqxx/pqxx>

#include "core/ids.hpp"

namespace wcp::store::testing {
namespace {

// Replaces the database name (the last path segment) of a libpq URL.
std::string WithDatabase(const std::string& url, const std::string& name) {
  const auto scheme = url.find("://");
  const auto slash = url.find('/', scheme + 3);
  const auto query = url.find('?', scheme + 3);
  std::string base = slash == std::string::npos ? url.substr(0, query) : url.substr(0, slash);
  std::string tail = query == std::string::npos ? "" : url.substr(query);
  return base + "/" + name + tail;
}

}  // namespace

std::string BackendName(Backend backend) {
  return backend == Backend::kSqlite ? "Sqlite" : "Postgres";
}

std::string MakeTempDir() {
  auto dir = std::filesystem::temp_directory_path() / ("wcp-test-" + NewUuidV7());
  std::filesystem::create_directories(dir);
  return dir.string();
}

Result<std::unique_ptr<TestDatabase>> TestDatabase::Create(Backend backend) {
  auto t = std::unique_ptr<TestDatabase>(new TestDatabase());
  t->backend_ = backend;
  if (backend == Backend::kSqlite) {
    t->cleanup_ = MakeTempDir();
    t->url_ = "sqlite:" + t->cleanup_ + "/test.db";
  } else {
    const char* admin = std::getenv("WCP_TEST_PG_URL");
    if (!admin || !*admin) {
      return Status::Unavailable(
          "WCP_TEST_PG_URL is not set: run the pg tests through `make test`, which starts a "
          "throw-away PostgreSQL cluster");
    }
    std::string name = "wcp_t_" + NewUuidV7().substr(24);
    try {
      pqxx::connection c(admin);
      pqxx::nontransaction n(c);
      n.exec0("CREATE DATABASE " + name);
    } catch (const std::exception& e) {
      return Status::Unavailable(std::string("cannot create a test database: ") + e.what());
    }
    t->cleanup_ = name;
    t->url_ = WithDatabase(admin, name);
  }
  WCP_ASSIGN_OR_RETURN(t->db_, OpenDatabase(t->url_));
  return t;
}

Result<std::unique_ptr<TestDatabase>> TestDatabase::CreateMigrated(Backend backend, const MigrationSet& migrations) {
  WCP_ASSIGN_OR_RETURN(auto t, Create(backend));
  WCP_RETURN_IF_ERROR(t->db().Migrate(migrations));
  return t;
}

TestDatabase::~TestDatabase() {
  db_.reset();
  if (backend_ == Backend::kSqlite) {
    std::error_code ec;
    std::filesystem::remove_all(cleanup_, ec);
    return;
  }
  try {
    pqxx::connection c(std::getenv("WCP_TEST_PG_URL"));
    pqxx::nontransaction n(c);
    n.exec0("DROP DATABASE IF EXISTS " + cleanup_ + " WITH (FORCE)");
  } catch (const std::exception&) {
    // The cluster is thrown away after the run anyway.
  }
}

}  // namespace wcp::store::testing
