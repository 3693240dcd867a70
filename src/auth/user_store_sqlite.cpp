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

  Result<std::vector<Enterprise>> ListEnterprises() override {
    std::vector<Enterprise> out;
    Status s = db_.Read([&](Connection& c) -> Status {
      WCP_ASSIGN_OR_RETURN(Statement st,
                           c.Prepare("SELECT id, name, credit_code, type, district, street, is_demo "
                                     "FROM enterprises ORDER BY name, id"));
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

  Status SetPasswordHash(const std::string& user_id, const std::string& hash) override {
    return db_.Write([&](Connection& c) -> Status {
      WCP_ASSIGN_OR_RETURN(Statement st, c.Prepare("UPDATE users SET password_hash = ? WHERE id = ?"));
      st.Bind(hash, user_id);
      WCP_RETURN_IF_ERROR(st.Run());
      return c.Changes() == 1 ? Status::Ok() : Status::NotFound("no such user");
    });
  }

 private:
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
)SQL"}};
}

}  // namespace wcp::auth
