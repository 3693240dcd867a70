// auth/user_store.hpp — storage of enterprises and users.
//
// One interface, one implementation per backend (user_store_sqlite.cpp,
// user_store_pg.cpp), one conformance suite (user_store_test.cpp).
// Thread-safety: implementations are safe to call from any thread.
#pragma once

#include <memory>
#include <vector>

#include "auth/model.hpp"
#include "store/database.hpp"
#include "store/migration.hpp"

namespace wcp::auth {

struct Credentials {
  User user;
  std::string password_hash;
};

class UserStore {
 public:
  virtual ~UserStore() = default;

  // kConflict (field credit_code) when the code is already registered.
  virtual Status CreateEnterprise(const Enterprise& e) = 0;
  virtual Result<std::vector<Enterprise>> ListEnterprises() = 0;
  // kConflict (field username) when taken; kInvalid when the enterprise is unknown.
  virtual Status CreateUser(const User& u, const std::string& password_hash) = 0;
  virtual Result<Credentials> FindByUsername(const std::string& username) = 0;
  virtual Result<std::vector<User>> ListUsers() = 0;
  virtual Status SetPasswordHash(const std::string& user_id, const std::string& hash) = 0;
};

// The store for `db`'s backend. `db` must outlive the store.
std::unique_ptr<UserStore> OpenUserStore(store::Database& db);

// This module's schema, for both backends.
void AddMigrations(store::MigrationSet& set);

}  // namespace wcp::auth
