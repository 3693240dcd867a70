// PostgreSQL implementation of auth::UserStore.
#include "auth/backends.hpp"
#include "store/postgres/database.hpp"

namespace wcp::auth {
namespace {

constexpr const char* kUserColumns =
    "id, username, display_name, role, enterprise_id, "
    "to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), disabled, is_demo, "
    "password_hash";

Result<Credentials> ReadUser(const pqxx::row& r) {
  Credentials c;
  c.user.id = r[0].c_str();
  c.user.username = r[1].c_str();
  c.user.display_name = r[2].c_str();
  WCP_ASSIGN_OR_RETURN(c.user.role, ParseRole(r[3].c_str()));
  if (!r[4].is_null()) c.user.enterprise_id = r[4].c_str();
  c.user.created_at = r[5].c_str();
  c.user.disabled = r[6].as<bool>();
  c.user.is_demo = r[7].as<bool>();
  c.password_hash = r[8].c_str();
  return c;
}

constexpr const char* kKeyColumns =
    "id, enterprise_id, name, permissions, key_hash, "
    "to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
    "to_char(revoked_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
    "to_char(last_used_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')";

std::optional<std::string> Opt(const pqxx::field& f) {
  return f.is_null() ? std::nullopt : std::optional<std::string>(f.c_str());
}

ApiKey ReadKey(const pqxx::row& r) {
  return {r[0].c_str(), r[1].c_str(), r[2].c_str(), SplitPermissions(r[3].c_str()), r[4].c_str(),
          r[5].c_str(), Opt(r[6]), Opt(r[7])};
}

class PgUserStore final : public UserStore {
 public:
  explicit PgUserStore(store::pg::Database& db) : db_(db) {}

  Status CreateEnterprise(const Enterprise& e) override {
    WCP_RETURN_IF_ERROR(ValidateEnterprise(e));
    return db_.Write([&](pqxx::work& w) -> Status {
      if (!w.exec_params("SELECT 1 FROM enterprises WHERE credit_code = $1", e.credit_code).empty()) {
        return Status::Conflict("统一社会信用代码 is already registered", "credit_code");
      }
      w.exec_params0("INSERT INTO enterprises (id, name, credit_code, type, district, street, is_demo) "
                     "VALUES ($1, $2, $3, $4, $5, $6, $7)",
                     e.id, e.name, e.credit_code, e.type, e.district, e.street, e.is_demo);
      return Status::Ok();
    });
  }

  Result<std::vector<Enterprise>> ListEnterprises(const std::optional<std::string>& scope) override {
    std::vector<Enterprise> out;
    Status s = db_.Read([&](pqxx::read_transaction& r) -> Status {
      for (const auto& row : r.exec_params("SELECT id, name, credit_code, type, district, street, is_demo "
                                           "FROM enterprises WHERE ($1::text IS NULL OR id = $1) ORDER BY name, id",
                                           scope)) {
        out.push_back({row[0].c_str(), row[1].c_str(), row[2].c_str(), row[3].c_str(),
                       row[4].c_str(), row[5].c_str(), row[6].as<bool>()});
      }
      return Status::Ok();
    });
    if (!s.ok()) return s;
    return out;
  }

  Status CreateUser(const User& u, const std::string& password_hash) override {
    WCP_RETURN_IF_ERROR(ValidateUser(u));
    return db_.Write([&](pqxx::work& w) -> Status {
      if (!w.exec_params("SELECT 1 FROM users WHERE username = $1", u.username).empty()) {
        return Status::Conflict("username '" + u.username + "' is taken", "username");
      }
      if (u.enterprise_id &&
          w.exec_params("SELECT 1 FROM enterprises WHERE id = $1", *u.enterprise_id).empty()) {
        return Status::Invalid("unknown enterprise", "enterprise_id");
      }
      w.exec_params0("INSERT INTO users (id, username, display_name, role, enterprise_id, "
                     "password_hash, is_demo) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                     u.id, u.username, u.display_name, std::string(RoleName(u.role)),
                     u.enterprise_id, password_hash, u.is_demo);
      return Status::Ok();
    });
  }

  Result<Credentials> FindByUsername(const std::string& username) override {
    std::optional<Credentials> found;
    Status s = db_.Read([&](pqxx::read_transaction& r) -> Status {
      auto rows = r.exec_params(std::string("SELECT ") + kUserColumns +
                                    " FROM users WHERE username = $1",
                                username);
      if (rows.empty()) return Status::NotFound("no user '" + username + "'");
      WCP_ASSIGN_OR_RETURN(found, ReadUser(rows[0]));
      return Status::Ok();
    });
    if (!s.ok()) return s;
    return *found;
  }

  Result<std::vector<User>> ListUsers() override {
    std::vector<User> out;
    Status s = db_.Read([&](pqxx::read_transaction& r) -> Status {
      for (const auto& row :
           r.exec(std::string("SELECT ") + kUserColumns + " FROM users ORDER BY username")) {
        WCP_ASSIGN_OR_RETURN(Credentials c, ReadUser(row));
        out.push_back(std::move(c.user));
      }
      return Status::Ok();
    });
    if (!s.ok()) return s;
    return out;
  }

  Result<User> FindUserById(const std::string& user_id) override {
    std::optional<Credentials> found;
    Status s = db_.Read([&](pqxx::read_transaction& r) -> Status {
      auto rows = r.exec_params(std::string("SELECT ") + kUserColumns + " FROM users WHERE id = $1", user_id);
      if (rows.empty()) return Status::NotFound("no such user");
      WCP_ASSIGN_OR_RETURN(found, ReadUser(rows[0]));
      return Status::Ok();
    });
    if (!s.ok()) return s;
    return found->user;
  }

  Status CreateSession(const Session& s, int max_per_user) override {
    return db_.Write([&](pqxx::work& w) -> Status {
      w.exec_params("INSERT INTO sessions (token_hash, user_id, csrf_token, expires_at, created_us) "
                    "VALUES ($1, $2, $3, $4, $5)",
                    s.token_hash, s.user_id, s.csrf_token, s.expires_at, s.created_us);
      w.exec("DELETE FROM sessions WHERE expires_at <= extract(epoch from now())::bigint");
      w.exec_params("DELETE FROM sessions WHERE user_id = $1 AND token_hash NOT IN "
                    "(SELECT token_hash FROM sessions WHERE user_id = $1 ORDER BY created_us DESC, token_hash LIMIT $2)",
                    s.user_id, max_per_user);
      return Status::Ok();
    });
  }

  Result<Session> FindSession(const std::string& token_hash, int64_t now) override {
    std::optional<Session> found;
    Status st = db_.Read([&](pqxx::read_transaction& r) -> Status {
      auto rows = r.exec_params("SELECT token_hash, user_id, csrf_token, expires_at FROM sessions "
                                "WHERE token_hash = $1 AND expires_at > $2",
                                token_hash, now);
      if (rows.empty()) return Status::NotFound("session unknown or expired");
      found = Session{rows[0][0].c_str(), rows[0][1].c_str(), rows[0][2].c_str(), rows[0][3].as<int64_t>()};
      return Status::Ok();
    });
    if (!st.ok()) return st;
    return *found;
  }

  Status DeleteSession(const std::string& token_hash) override {
    return Run("DELETE FROM sessions WHERE token_hash = $1", token_hash);
  }
  Status DeleteSessionsOf(const std::string& user_id) override {
    return Run("DELETE FROM sessions WHERE user_id = $1", user_id);
  }

  Status CreateApiKey(const ApiKey& k) override {
    return Run("INSERT INTO api_keys (id, enterprise_id, name, permissions, key_hash) VALUES ($1, $2, $3, $4, $5)",
               k.id, k.enterprise_id, k.name, JoinPermissions(k.permissions), k.key_hash);
  }

  Result<ApiKey> UseApiKey(const std::string& id, const std::string& key_hash) override {
    std::optional<ApiKey> found;
    Status st = db_.Write([&](pqxx::work& w) -> Status {
      auto rows = w.exec_params(std::string("UPDATE api_keys SET last_used_at = now() WHERE id = $1 AND key_hash = $2 "
                                            "AND revoked_at IS NULL RETURNING ") + kKeyColumns, id, key_hash);
      if (rows.empty()) return Status::NotFound("API key unknown or revoked");
      found = ReadKey(rows[0]);
      return Status::Ok();
    });
    if (!st.ok()) return st;
    return *found;
  }

  Result<std::vector<ApiKey>> ListApiKeys(const std::string& enterprise_id) override {
    std::vector<ApiKey> out;
    Status st = db_.Read([&](pqxx::read_transaction& r) -> Status {
      for (const auto& row : r.exec_params(std::string("SELECT ") + kKeyColumns +
                                               " FROM api_keys WHERE ($1 = '' OR enterprise_id = $1) "
                                               "ORDER BY created_at DESC, id",
                                           enterprise_id)) {
        out.push_back(ReadKey(row));
      }
      return Status::Ok();
    });
    if (!st.ok()) return st;
    return out;
  }

  Status RevokeApiKey(const std::string& id) override {
    return db_.Write([&](pqxx::work& w) -> Status {
      auto r = w.exec_params("UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL", id);
      return r.affected_rows() == 1 ? Status::Ok() : Status::NotFound("no active API key '" + id + "'");
    });
  }

  Status RecordAudit(const AuditEntry& e) override {
    return Run("INSERT INTO audit_log (id, actor, action, target, request_id, status) VALUES ($1, $2, $3, $4, $5, $6)",
               e.id, e.actor, e.action, e.target, e.request_id, e.status);
  }

  Result<std::vector<AuditEntry>> ListAudit(const AuditFilter& f) override {
    std::vector<AuditEntry> out;
    Status st = db_.Read([&](pqxx::read_transaction& r) -> Status {
      for (const auto& row : r.exec_params(
               "SELECT id, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), actor, action, "
               "target, request_id, status FROM audit_log WHERE ($1 = '' OR actor = $1) AND "
               "($2 = '' OR strpos(action, $2) > 0) ORDER BY seq DESC LIMIT $3",
               f.actor, f.action, f.limit)) {
        out.push_back({row[0].c_str(), row[1].c_str(), row[2].c_str(), row[3].c_str(), row[4].c_str(),
                       row[5].c_str(), row[6].as<int>()});
      }
      return Status::Ok();
    });
    if (!st.ok()) return st;
    return out;
  }

  Status SetPasswordHash(const std::string& user_id, const std::string& hash) override {
    return db_.Write([&](pqxx::work& w) -> Status {
      auto r = w.exec_params("UPDATE users SET password_hash = $1 WHERE id = $2", hash, user_id);
      return r.affected_rows() == 1 ? Status::Ok() : Status::NotFound("no such user");
    });
  }

 private:
  template <typename... Args>
  Status Run(const char* sql, const Args&... args) {
    return db_.Write([&](pqxx::work& w) -> Status {
      w.exec_params0(sql, args...);
      return Status::Ok();
    });
  }
  store::pg::Database& db_;
};

}  // namespace

std::unique_ptr<UserStore> MakePgUserStore(store::pg::Database& db) {
  return std::make_unique<PgUserStore>(db);
}

std::vector<store::Migration> PgMigrations() {
  return {{"auth", 1, "enterprises and users", R"SQL(
CREATE TABLE enterprises (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  credit_code TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL DEFAULT '',
  district TEXT NOT NULL DEFAULT '',
  street TEXT NOT NULL DEFAULT '',
  is_demo BOOLEAN NOT NULL DEFAULT false,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE TABLE users (
  id TEXT PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL DEFAULT '',
  role TEXT NOT NULL CHECK (role IN ('admin','analyst','inspector','enterprise')),
  enterprise_id TEXT REFERENCES enterprises(id),
  password_hash TEXT NOT NULL,
  disabled BOOLEAN NOT NULL DEFAULT false,
  is_demo BOOLEAN NOT NULL DEFAULT false,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  CHECK ((role = 'enterprise') = (enterprise_id IS NOT NULL))
);
)SQL"},
          {"auth", 2, "sessions, API keys, audit trail", R"SQL(
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE TABLE api_keys (
  id TEXT PRIMARY KEY,
  enterprise_id TEXT NOT NULL REFERENCES enterprises(id),
  name TEXT NOT NULL,
  permissions TEXT NOT NULL,
  key_hash TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  revoked_at TIMESTAMPTZ,
  last_used_at TIMESTAMPTZ
);
CREATE TABLE audit_log (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  at TIMESTAMPTZ NOT NULL DEFAULT now(),
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  request_id TEXT NOT NULL,
  status INTEGER NOT NULL
);
)SQL"},
          {"auth", 3, "session creation order (for the per-user cap), expiry index", R"SQL(
ALTER TABLE sessions ADD COLUMN created_us BIGINT NOT NULL DEFAULT 0;
CREATE INDEX sessions_expiry ON sessions (expires_at);
)SQL"}};
}

}  // namespace wcp::auth
