// Private to auth: backend factories and migrations, used by user_store.cpp.
#pragma once

#include <memory>
#include <vector>

#include "auth/user_store.hpp"

namespace wcp::store::sqlite {
class Database;
}
namespace wcp::store::pg {
class Database;
}

namespace wcp::auth {

std::unique_ptr<UserStore> MakeSqliteUserStore(store::sqlite::Database& db);
std::vector<store::Migration> SqliteMigrations();
std::unique_ptr<UserStore> MakePgUserStore(store::pg::Database& db);
std::vector<store::Migration> PgMigrations();

}  // namespace wcp::auth
