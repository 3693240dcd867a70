// SQLite implementation of auth::UserStore.
#include "auth/backends.hpp"

#include "store/sqlite/database.hpp"

namespace wcp::auth {
namespace {

using store::sqlite::Connection;
using store::sqlite::Statement;

constexpr const char* kUserColumns =
    "id, username, display_name, role, enterprise_id, created_at, disabled, is_demo, password_hash";

Result<Credentials> ReadUser(const Statement& st) {
  Credentials c;
  c.user.id = st.Text(0);
  c.user.username = st.Text(1);
  c.user.display_name = st.Text(2);
  WCP_ASSIGN_OR_RETURN(c.user.role, ParseRole(st.Text(3)));
  c.user.enterprise_id = st.OptionalText(4);
  c.user.created_at = st.Text(5);
  c.user.disabled = st.Int(6) != 0;
  c.user.is_demo = st.Int(7) != 0;
  c.password_hash = st.Text(8);
  return c;
}

constexpr const char* kKeyColumns =
    "id, enterprise_id, name, permissions, key_hash, created_at, revoked_at, last_used_at";

ApiKey ReadKey(const Statement& q) {
  return {q.Text(0), q.Text(1), q.Text(2), SplitPermissions(q.Text(3)), q.Text(4), q.Text(5),
          q.OptionalText(6), q.OptionalText(7)};
}

Result<bool> Exists(Connection& c, const char* sql, const std::string& value) {
  WCP_ASSIGN_OR_RETURN(Statement st, c.Prepare(sql));
  st.Bind(value);
  return st.Step();
}

class SqliteUserStore final : public UserStore {
 public:
  explicit SqliteUserStore(store::sqlite::Database& db) : db_(db) {}

  Status CreateEnterprise(const Enterprise& e) override {
    WCP_RETURN_IF_ERROR(ValidateEnterprise(e));
    return db_.Write([&](Connection& c) -> Status {
      WCP_ASSIGN_OR_RETURN(bool taken,
                           Exists(c, "SELECT 1 FROM enterprises WHERE credit_code = ?", e.credit_code));
      if (taken) return Status::Conflict("统一社会信用代码 is already registered", "credit_code");
      WCP_ASSIGN_OR_RETURN(Statement st,
                           c.Prepare("INSERT INTO enterprises (id, name, credit_code, type, district, "
                                     "street, is_demo) VALUES (?, ?, ?, ?, ?, ?, ?)"));
      st.Bind(e.id, e.name, e.credit_code, e.type, e.district, e.street, e.is_demo ? 1 : 0);
      return st.Run();
    });
  }

  Result<std::vector<Enterprise>> ListEnterprises(const std::optional<std::string>& scope) override {
    std::vector<Enterprise> out;
    Status s = db_.Read([&](Connection& c) -> Status {
      WCP_ASSIGN_OR_RETURN(Statement st,
                           c.Prepare("SELECT id, name, credit_code, type, district, street, is_demo "
                                     "FROM enterprises WHERE (?1 IS NULL OR id = ?1) ORDER BY name, id"));
      st.Bind(scope);
      while (true) {
        WCP_ASSIGN_OR_RETURN(bool row, st.Step());
        if (!row) return Status::Ok();
        out.push_back({st.Text(0), st.Text(1), st.Text(2), st.Text(3), st.Text(4), st.Text(5),
                       st.Int(6) != 0});
      }
    });
    if (!s.ok()) return s;
    return out;
  }

  Status CreateUser(const User& u, const std::string& password_hash) override {
    WCP_RETURN_IF_ERROR(ValidateUser(u));
    return db_.Write([&](Connection& c) -> Status {
      WCP_ASSIGN_OR_RETURN(bool taken, Exists(c, "SELECT 1 FROM users WHERE username = ?", u.username));
      if (taken) return Status::Conflict("username '" + u.username + "' is taken", "username");
      if (u.enterprise_id) {
        WCP_ASSIGN_OR_RETURN(bool known,
                             Exists(c, "SELECT 1 FROM enterprises WHERE id = ?", *u.enterprise_id));
        if (!known) return Status::Invalid("unknown enterprise", "enterprise_id");
      }
      WCP_ASSIGN_OR_RETURN(Statement st,
                           c.Prepare("INSERT INTO users (id, username, display_name, role, "
                                     "enterprise_id, password_hash, is_demo) "
                                     "VALUES (?, ?, ?, ?, ?, ?, ?)"));
      st.Bind(u.id, u.username, u.display_name, RoleName(u.role), u.enterprise_id, password_hash,
              u.is_demo ? 1 : 0);
      return st.Run();
    });
  }

  Result<Credentials> FindByUsername(const std::string& username) override {
    std::optional<Credentials> found;
    Status s = db_.Read([&](Connection& c) -> Status {
      WCP_ASSIGN_OR_RETURN(Statement st, c.Prepare(std::string("SELECT ") + kUserColumns +
                                                   " FROM users WHERE username = ?"));
      st.Bind(username);
      WCP_ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) return Status::NotFound("no user '" + username + "'");
      WCP_ASSIGN_OR_RETURN(found, ReadUser(st));
      return Status::Ok();
    });
    if (!s.ok()) return s;
    return *found;
  }

  Result<std::vector<User>> ListUsers() override {
    std::vector<User> out;
    Status s = db_.Read([&](Connection& c) -> Status {
      WCP_ASSIGN_OR_RETURN(Statement st, c.Prepare(std::string("SELECT ") + kUserColumns +
                                                   " FROM users ORDER BY username"));
      while (true) {
        WCP_ASSIGN_OR_RETURN(bool row, st.Step());
        if (!row) return Status::Ok();
        WCP_ASSIGN_OR_RETURN(Credentials cred, ReadUser(st));
        out.push_back(std::move(cred.user));
      }
    });
    if (!s.ok()) return s;
    return out;
  }

  Result<User> FindUserById(const std::string& user_id) override {
    std::optional<Credentials> found;
    Status s = db_.Read([&](Connection& c) -> Status {
      WCP_ASSIGN_OR_RETURN(Statement st, c.Prepare(std::string("SELECT ") + kUserColumns +
                                                   " FROM users WHERE id = ?"));
      st.Bind(user_id);
      WCP_ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) return Status::NotFound("no such user");
      WCP_ASSIGN_OR_RETURN(found, ReadUser(st));
      return Status::Ok();
    });
    if (!s.ok()) return s;
    return found->user;
  }

  Status CreateSession(const Session& s, int max_per_user) override {
    return db_.Write([&](Connection& c) -> Status {
      WCP_ASSIGN_OR_RETURN(Statement ins, c.Prepare("INSERT INTO sessions (token_hash, user_id, csrf_token, expires_at, "
                                                    "created_us) VALUES (?, ?, ?, ?, ?)"));
      ins.Bind(s.token_hash, s.user_id, s.csrf_token, s.expires_at, s.created_us);
      WCP_RETURN_IF_ERROR(ins.Run());
      WCP_ASSIGN_OR_RETURN(Statement expired, c.Prepare("DELETE FROM sessions WHERE expires_at <= strftime('%s','now')"));
      WCP_RETURN_IF_ERROR(expired.Run());
      WCP_ASSIGN_OR_RETURN(Statement oldest, c.Prepare(
          "DELETE FROM sessions WHERE user_id = ?1 AND token_hash NOT IN "
          "(SELECT token_hash FROM sessions WHERE user_id = ?1 ORDER BY created_us DESC, token_hash LIMIT ?2)"));
      oldest.Bind(s.user_id, static_cast<int64_t>(max_per_user));
      return oldest.Run();
    });
  }

  Result<Session> FindSession(const std::string& token_hash, int64_t now) override {
    std::optional<Session> found;
    Status st = db_.Read([&](Connection& c) -> Status {
      WCP_ASSIGN_OR_RETURN(Statement q, c.Prepare("SELECT token_hash, user_id, csrf_token, expires_at "
                                                  "FROM sessions WHERE token_hash = ? AND expires_at > ?"));
      q.Bind(token_hash, now);
      WCP_ASSIGN_OR_RETURN(bool row, q.Step());
      if (!row) return Status::NotFound("session unknown or expired");
      found = Session{q.Text(0), q.Text(1), q.Text(2), q.Int(3)};
      return Status::Ok();
    });
    if (!st.ok()) return st;
    return *found;
  }

  Status DeleteSession(const std::string& token_hash) override {
    return Run("DELETE FROM sessions WHERE token_hash = ?", token_hash);
  }
  Status DeleteSessionsOf(const std::string& user_id) override {
    return Run("DELETE FROM sessions WHERE user_id = ?", user_id);
  }

  Status CreateApiKey(const ApiKey& k) override {
    return Run("INSERT INTO api_keys (id, enterprise_id, name, permissions, key_hash) VALUES (?, ?, ?, ?, ?)",
               k.id, k.enterprise_id, k.name, JoinPermissions(k.permissions), k.key_hash);
  }

  Result<ApiKey> UseApiKey(const std::string& id, const std::string& key_hash) override {
    std::optional<ApiKey> found;
    Status st = db_.Write([&](Connection& c) -> Status {
      WCP_ASSIGN_OR_RETURN(Statement q, c.Prepare(std::string("SELECT ") + kKeyColumns +
                                                  " FROM api_keys WHERE id = ? AND key_hash = ? AND revoked_at IS NULL"));
      q.Bind(id, key_hash);
      WCP_ASSIGN_OR_RETURN(bool row, q.Step());
      if (!row) return Status::NotFound("API key unknown or revoked");
      found = ReadKey(q);
      WCP_ASSIGN_OR_RETURN(Statement u, c.Prepare("UPDATE api_keys SET last_used_at = "
                                                  "strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id = ?"));
      u.Bind(id);
      return u.Run();
    });
    if (!st.ok()) return st;
    return *found;
  }

  Result<std::vector<ApiKey>> ListApiKeys(const std::string& enterprise_id) override {
    std::vector<ApiKey> out;
    Status st = db_.Read([&](Connection& c) -> Status {
      WCP_ASSIGN_OR_RETURN(Statement q, c.Prepare(std::string("SELECT ") + kKeyColumns +
                                                  " FROM api_keys WHERE (? = '' OR enterprise_id = ?) "
                                                  "ORDER BY created_at DESC, id"));
      q.Bind(enterprise_id, enterprise_id);
      while (true) {
        WCP_ASSIGN_OR_RETURN(bool row, q.Step());
        if (!row) return Status::Ok();
        out.push_back(ReadKey(q));
      }
    });
    if (!st.ok()) return st;
    return out;
  }

  Status RevokeApiKey(const std::string& id) override {
    return db_.Write([&](Connection& c) -> Status {
      WCP_ASSIGN_OR_RETURN(Statement q, c.Prepare("UPDATE api_keys SET revoked_at = "
                                                  "strftime('%Y-%m-%dT%H:%M:%SZ','now') "
                                                  "WHERE id = ? AND revoked_at IS NULL"));
      q.Bind(id);
      WCP_RETURN_IF_ERROR(q.Run());
      return c.Changes() == 1 ? Status::Ok() : Status::NotFound("no active API key '" + id + "'");
    });
  }

  Status RecordAudit(const AuditEntry& e) override {
    return Run("INSERT INTO audit_log (id, actor, action, target, request_id, status) VALUES (?, ?, ?, ?, ?, ?)",
               e.id, e.actor, e.action, e.target, e.request_id, e.status);
  }

  Result<std::vector<AuditEntry>> ListAudit(const AuditFilter& f) override {
    std::vector<AuditEntry> out;
    Status st = db_.Read([&](Connection& c) -> Status {
      WCP_ASSIGN_OR_RETURN(Statement q,
                           c.Prepare("SELECT id, at, actor, action, target, request_id, status FROM audit_log "
                                     "WHERE (?1 = '' OR actor = ?1) AND (?2 = '' OR instr(action, ?2) > 0) "
                                     "ORDER BY seq DESC LIMIT ?3"));
      q.Bind(f.actor, f.action, f.limit);
      while (true) {
        WCP_ASSIGN_OR_RETURN(bool row, q.Step());
        if (!row) return Status::Ok();
        out.push_back({q.Text(0), q.Text(1), q.Text(2), q.Text(3), q.Text(4), q.Text(5),
                       static_cast<int>(q.Int(6))});
      }
    });
    if (!st.ok()) return st;
    return out;
  }

  Status SetPasswordHash(const std::string& user_id, const std::string& hash) override {
    return db_.Write([&](Connection& c) -> Status {
      WCP_ASSIGN_OR_RETURN(Statement st, c.Prepare("UPDATE users SET password_hash = ? WHERE id = ?"));
      st.Bind(hash, user_id);
      WCP_RETURN_IF_ERROR(st.Run());
      return c.Changes() == 1 ? Status::Ok() : Status::NotFound("no such user");
    });
  }

 private:
  template <typename... Args>
  Status Run(const char* sql, const Args&... args) {
    return db_.Write([&](Connection& c) -> Status {
      WCP_ASSIGN_OR_RETURN(Statement st, c.Prepare(sql));
      st.Bind(args...);
      return st.Run();
    });
  }
  store::sqlite::Database& db_;
};

}  // namespace

std::unique_ptr<UserStore> MakeSqliteUserStore(store::sqlite::Database& db) {
  return std::make_unique<SqliteUserStore>(db);
}

std::vector<store::Migration> SqliteMigrations() {
  return {{"auth", 1, "enterprises and users", R"SQL(
CREATE TABLE enterprises (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  credit_code TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL DEFAULT '',
  district TEXT NOT NULL DEFAULT '',
  street TEXT NOT NULL DEFAULT '',
  is_demo INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
) STRICT;
CREATE TABLE users (
  id TEXT PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL DEFAULT '',
  role TEXT NOT NULL CHECK (role IN ('admin','analyst','inspector','enterprise')),
  enterprise_id TEXT REFERENCES enterprises(id),
  password_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0,
  is_demo INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
  CHECK ((role = 'enterprise') = (enterprise_id IS NOT NULL))
) STRICT;
)SQL"},
          {"auth", 2, "sessions, API keys, audit trail", R"SQL(
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  expires_at INTEGER NOT NULL
) STRICT;
CREATE INDEX sessions_user ON sessions (user_id);
CREATE TABLE api_keys (
  id TEXT PRIMARY KEY,
  enterprise_id TEXT NOT NULL REFERENCES enterprises(id),
  name TEXT NOT NULL,
  permissions TEXT NOT NULL,
  key_hash TEXT NOT NULL,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
  revoked_at TEXT,
  last_used_at TEXT
) STRICT;
CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  request_id TEXT NOT NULL,
  status INTEGER NOT NULL
) STRICT;
)SQL"},
          {"auth", 3, "session creation order (for the per-user cap), expiry index", R"SQL(
ALTER TABLE sessions ADD COLUMN created_us INTEGER NOT NULL DEFAULT 0;
CREATE INDEX sessions_expiry ON sessions (expires_at);
)SQL"}};
}

}  // namespace wcp::auth
