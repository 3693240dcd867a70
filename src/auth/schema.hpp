// Private to auth: the migrations of each backend (user_store_schema.cpp).
#pragma once

#include <vector>

#include "store/migration.hpp"

namespace wcp::auth {

std::vector<store::Migration> SqliteMigrations();
std::vector<store::Migration> PgMigrations();

}  // namespace wcp::auth
