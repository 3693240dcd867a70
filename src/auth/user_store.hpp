// auth/user_store.hpp — storage of enterprises and users.
//
// One interface, one implementation per backend (user_store_sqlite.cpp,
// user_store_pg.cpp), one conformance suite (user_store_test.cpp).
// Thread-safety: implementations are safe to call from any thread.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "auth/model.hpp"
#include "store/database.hpp"
#include "store/migration.hpp"

namespace wcp::auth {

struct Credentials {
  User user;
  std::string password_hash;
};

struct Session {
  std::string token_hash;  // SHA-256 of the bearer token; the token itself is never stored
  std::string user_id;
  std::string csrf_token;
  int64_t expires_at = 0;  // Unix seconds
  int64_t created_us = 0;  // creation time in µs: orders a user's sessions for the cap
};

struct ApiKey {
  std::string id;          // public part of the key ("wcpk_<id>_<secret>")
  std::string enterprise_id;
  std::string name;
  std::vector<std::string> permissions;
  std::string key_hash;    // SHA-256 of the whole key
  std::string created_at;
  std::optional<std::string> revoked_at;
  std::optional<std::string> last_used_at;
};

struct AuditEntry {
  std::string id;
  std::string at;          // filled by the store
  std::string actor;       // username or key:<name>
  std::string action;      // "POST /api/v1/admin/users"
  std::string target;      // the path written to
  std::string request_id;
  int status = 0;
  // The record touched (kind "observation", its id, a recognisable name);
  // for a login, kind "login" and the username attempted. Empty when none.
  std::string record_kind;
  std::string record_id;
  std::string record_name;
};

struct AuditFilter {
  std::string actor;   // exact; empty: any
  std::string action;  // substring; empty: any
  int limit = 200;
};

class UserStore {
 public:
  virtual ~UserStore() = default;

  // kConflict (field credit_code) when the code is already registered.
  virtual Status CreateEnterprise(const Enterprise& e) = 0;
  // Every enterprise, or only `scope` when given (an enterprise principal's
  // own id): the scope is applied in the query itself.
  virtual Result<std::vector<Enterprise>> ListEnterprises(const std::optional<std::string>& scope = std::nullopt) = 0;
  // kConflict (field username) when taken; kInvalid when the enterprise is unknown.
  virtual Status CreateUser(const User& u, const std::string& password_hash) = 0;
  virtual Result<Credentials> FindByUsername(const std::string& username) = 0;
  virtual Result<std::vector<User>> ListUsers() = 0;
  // Whether any enterprise or user is marked demo (`wcp demo` loaded them).
  virtual Result<bool> HasDemoData() = 0;
  virtual Status SetPasswordHash(const std::string& user_id, const std::string& hash) = 0;
  // Disables (or enables again) an account and, when disabling, ends its
  // sessions in the same transaction. kNotFound for an unknown id.
  virtual Status SetDisabled(const std::string& user_id, bool disabled) = 0;
  virtual Result<User> FindUserById(const std::string& user_id) = 0;

  // Stores `s`, deletes every expired session and, beyond the user's
  // `max_per_user` newest sessions, the oldest ones (they end).
  virtual Status CreateSession(const Session& s, int max_per_user) = 0;
  // kNotFound when unknown or expired (relative to `now`, Unix seconds).
  virtual Result<Session> FindSession(const std::string& token_hash, int64_t now) = 0;
  // The unexpired session and its user in one query (every authenticated
  // request asks this); kNotFound when the session is unknown or expired.
  virtual Result<std::pair<Session, User>> FindSessionUser(const std::string& token_hash, int64_t now) = 0;
  virtual Status DeleteSession(const std::string& token_hash) = 0;
  virtual Status DeleteSessionsOf(const std::string& user_id) = 0;

  virtual Status CreateApiKey(const ApiKey& key) = 0;
  // The active (not revoked) key with this id and hash, recording the use
  // time; kNotFound (and nothing written) when the hash does not match.
  virtual Result<ApiKey> UseApiKey(const std::string& id, const std::string& key_hash) = 0;
  // Keys of one enterprise, or of all when `enterprise_id` is empty.
  virtual Result<std::vector<ApiKey>> ListApiKeys(const std::string& enterprise_id) = 0;
  virtual Status RevokeApiKey(const std::string& id) = 0;

  virtual Status RecordAudit(const AuditEntry& e) = 0;
  // Newest first.
  virtual Result<std::vector<AuditEntry>> ListAudit(const AuditFilter& f) = 0;
};

// The store for `db`'s backend. `db` must outlive the store.
std::unique_ptr<UserStore> OpenUserStore(store::Database& db);

// This module's schema, for both backends.
void AddMigrations(store::MigrationSet& set);

}  // namespace wcp::auth
