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

  Result<std::vector<Enterprise>> ListEnterprises() override {
    std::vector<Enterprise> out;
    Status s = db_.Read([&](pqxx::read_transaction& r) -> Status {
      for (const auto& row : r.exec("SELECT id, name, credit_code, type, district, street, is_demo "
                                    "FROM enterprises ORDER BY name, id")) {
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

  Status SetPasswordHash(const std::string& user_id, const std::string& hash) override {
    return db_.Write([&](pqxx::work& w) -> Status {
      auto r = w.exec_params("UPDATE users SET password_hash = $1 WHERE id = $2", hash, user_id);
      return r.affected_rows() == 1 ? Status::Ok() : Status::NotFound("no such user");
    });
  }

 private:
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
)SQL"}};
}

}  // namespace wcp::auth
