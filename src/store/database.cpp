#include "store/database.hpp"

#include "store/postgres/database.hpp"
#include "store/sqlite/database.hpp"

namespace wcp::store {

Result<DatabaseUrl> DatabaseUrl::Parse(std::string_view url) {
  if (url.substr(0, 7) == "sqlite:") {
    std::string path(url.substr(7));
    if (path.substr(0, 2) == "//") path = path.substr(2);  // sqlite:///abs/path
    if (path.empty()) return Status::Invalid("sqlite: URL needs a file path (sqlite:var/wcp.db)", "db");
    return DatabaseUrl{Backend::kSqlite, path};
  }
  if (url.substr(0, 13) == "postgresql://" || url.substr(0, 11) == "postgres://") {
    return DatabaseUrl{Backend::kPostgres, std::string(url)};
  }
  return Status::Invalid("database URL '" + Redact(url) +
                             "' must start with sqlite: or postgresql://",
                         "db");
}

std::string DatabaseUrl::Redact(std::string_view url) {
  // scheme://user:password@host → scheme://user:****@host
  const auto scheme = url.find("://");
  const auto at = url.rfind('@');
  if (scheme == std::string_view::npos || at == std::string_view::npos || at < scheme) {
    return std::string(url);
  }
  const auto colon = url.find(':', scheme + 3);
  if (colon == std::string_view::npos || colon > at) return std::string(url);
  return std::string(url.substr(0, colon + 1)) + "****" + std::string(url.substr(at));
}

Result<std::unique_ptr<Database>> OpenDatabase(std::string_view url) {
  WCP_ASSIGN_OR_RETURN(DatabaseUrl parsed, DatabaseUrl::Parse(url));
  if (parsed.backend == Backend::kSqlite) {
    WCP_ASSIGN_OR_RETURN(auto db, sqlite::Database::Open({parsed.target}));
    return std::unique_ptr<Database>(std::move(db));
  }
  WCP_ASSIGN_OR_RETURN(auto db, pg::Database::Open(parsed.target));
  return std::unique_ptr<Database>(std::move(db));
}

Status RestoreDatabase(std::string_view url, const std::string& file) {
  WCP_ASSIGN_OR_RETURN(DatabaseUrl parsed, DatabaseUrl::Parse(url));
  if (parsed.backend != Backend::kSqlite) {
    return Status::Invalid("for PostgreSQL use pg_restore (see docs/operations.md)", "db");
  }
  return sqlite::RestoreFrom(file, parsed.target);
}

Status CheckSchemaCurrent(Database& db, const MigrationSet& migrations) {
  WCP_ASSIGN_OR_RETURN(auto applied, db.AppliedMigrations());
  const auto& known = db.backend() == Backend::kSqlite ? migrations.sqlite : migrations.postgres;
  WCP_ASSIGN_OR_RETURN(auto plan, PlanMigrations(known, applied));
  if (!plan.empty()) {
    return Status::Unavailable(std::to_string(plan.size()) +
                               " migration(s) not applied yet; run wcp migrate");
  }
  return Status::Ok();
}

}  // namespace wcp::store
