#include "auth/user_store.hpp"

#include "auth/backends.hpp"

namespace wcp::auth {

std::unique_ptr<UserStore> OpenUserStore(store::Database& db) {
  if (auto* s = db.AsSqlite()) return MakeSqliteUserStore(*s);
  return MakePgUserStore(*db.AsPostgres());
}

void AddMigrations(store::MigrationSet& set) { set.Add(SqliteMigrations(), PgMigrations()); }

}  // namespace wcp::auth
