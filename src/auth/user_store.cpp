// auth::UserStore over store::Tx: one class, the same SQL on both backends
// (dialect differences through the Tx helpers); the schema, which does
// differ (STRICT tables and TEXT times on SQLite, BOOLEAN and TIMESTAMPTZ on
// PostgreSQL), is in user_store_schema.cpp.
#include "auth/user_store.hpp"

#include "auth/schema.hpp"

namespace wcp::auth {
namespace {

using store::Row;
using store::Rows;
using store::Tx;

std::string UserColumns(const Tx& tx) {
  return "id, username, display_name, role, enterprise_id, " + tx.UtcText("created_at") +
         ", disabled, is_demo, password_hash";
}

Result<Credentials> ReadUser(const Row& r) {
  Credentials c;
  c.user.id = r.Text(0);
  c.user.username = r.Text(1);
  c.user.display_name = r.Text(2);
  WCP_ASSIGN_OR_RETURN(c.user.role, ParseRole(r.Text(3)));
  c.user.enterprise_id = r.OptionalText(4);
  c.user.created_at = r.Text(5);
  c.user.disabled = r.Int(6) != 0;
  c.user.is_demo = r.Int(7) != 0;
  c.password_hash = r.Text(8);
  return c;
}

std::string KeyColumns(const Tx& tx) {
  return "id, enterprise_id, name, permissions, key_hash, " + tx.UtcText("created_at") + ", " +
         tx.UtcText("revoked_at") + ", " + tx.UtcText("last_used_at");
}

ApiKey ReadKey(const Row& r) {
  return {r.Text(0), r.Text(1), r.Text(2), SplitPermissions(r.Text(3)), r.Text(4), r.Text(5),
          r.OptionalText(6), r.OptionalText(7)};
}

Result<bool> Exists(Tx& tx, std::string_view sql, const std::string& value) {
  WCP_ASSIGN_OR_RETURN(auto row, tx.QueryOne(sql, value));
  return row.has_value();
}

class UserStoreImpl final : public UserStore {
 public:
  explicit UserStoreImpl(store::Database& db) : db_(db) {}

  Status CreateEnterprise(const Enterprise& e) override {
    WCP_RETURN_IF_ERROR(ValidateEnterprise(e));
    return db_.Write([&](Tx& tx) -> Status {
      WCP_ASSIGN_OR_RETURN(bool taken, Exists(tx, "SELECT 1 FROM enterprises WHERE credit_code = $1", e.credit_code));
      if (taken) {
        return Status::Conflict("统一社会信用代码 is already registered", "credit_code")
            .WithCode("taken", {{"value", e.credit_code}});
      }
      return tx.Execute("INSERT INTO enterprises (id, name, credit_code, type, district, street, is_demo) "
                        "VALUES ($1, $2, $3, $4, $5, $6, $7)",
                        e.id, e.name, e.credit_code, e.type, e.district, e.street, e.is_demo)
          .status();
    });
  }

  Result<std::vector<Enterprise>> ListEnterprises(const std::optional<std::string>& scope) override {
    std::vector<Enterprise> out;
    WCP_RETURN_IF_ERROR(db_.Read([&](Tx& tx) -> Status {
      WCP_ASSIGN_OR_RETURN(Rows rows, tx.Query("SELECT id, name, credit_code, type, district, street, is_demo "
                                               "FROM enterprises WHERE (CAST($1 AS TEXT) IS NULL OR id = $1) "
                                               "ORDER BY name, id",
                                               scope));
      for (const auto& r : rows) {
        out.push_back({r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4), r.Text(5), r.Int(6) != 0});
      }
      return Status::Ok();
    }));
    return out;
  }

  Status CreateUser(const User& u, const std::string& password_hash) override {
    WCP_RETURN_IF_ERROR(ValidateUser(u));
    return db_.Write([&](Tx& tx) -> Status {
      WCP_ASSIGN_OR_RETURN(bool taken, Exists(tx, "SELECT 1 FROM users WHERE username = $1", u.username));
      if (taken) {
        return Status::Conflict("username '" + u.username + "' is taken", "username")
            .WithCode("taken", {{"value", u.username}});
      }
      if (u.enterprise_id) {
        WCP_ASSIGN_OR_RETURN(bool known, Exists(tx, "SELECT 1 FROM enterprises WHERE id = $1", *u.enterprise_id));
        if (!known) return Status::Invalid("unknown enterprise", "enterprise_id");
      }
      return tx.Execute("INSERT INTO users (id, username, display_name, role, enterprise_id, password_hash, is_demo) "
                        "VALUES ($1, $2, $3, $4, $5, $6, $7)",
                        u.id, u.username, u.display_name, RoleName(u.role), u.enterprise_id, password_hash, u.is_demo)
          .status();
    });
  }

  Result<Credentials> FindByUsername(const std::string& username) override {
    WCP_ASSIGN_OR_RETURN(auto found, FindUser("username", username));
    if (!found) return Status::NotFound("no user '" + username + "'");
    return *found;
  }

  Result<User> FindUserById(const std::string& user_id) override {
    WCP_ASSIGN_OR_RETURN(auto found, FindUser("id", user_id));
    if (!found) return Status::NotFound("no such user");
    return found->user;
  }

  Result<bool> HasDemoData() override {
    bool demo = false;
    WCP_RETURN_IF_ERROR(db_.Read([&](Tx& tx) -> Status {
      WCP_ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT 1 WHERE EXISTS (SELECT 1 FROM users WHERE is_demo = $1) "
                                                 "OR EXISTS (SELECT 1 FROM enterprises WHERE is_demo = $1)",
                                                 true));
      demo = row.has_value();
      return Status::Ok();
    }));
    return demo;
  }

  Result<std::vector<User>> ListUsers() override {
    std::vector<User> out;
    WCP_RETURN_IF_ERROR(db_.Read([&](Tx& tx) -> Status {
      WCP_ASSIGN_OR_RETURN(Rows rows, tx.Query("SELECT " + UserColumns(tx) + " FROM users ORDER BY username"));
      for (const auto& r : rows) {
        WCP_ASSIGN_OR_RETURN(Credentials c, ReadUser(r));
        out.push_back(std::move(c.user));
      }
      return Status::Ok();
    }));
    return out;
  }

  Status SetPasswordHash(const std::string& user_id, const std::string& hash) override {
    return db_.Write([&](Tx& tx) -> Status {
      WCP_ASSIGN_OR_RETURN(int64_t n, tx.Execute("UPDATE users SET password_hash = $1 WHERE id = $2", hash, user_id));
      return n == 1 ? Status::Ok() : Status::NotFound("no such user");
    });
  }

  Status SetDisabled(const std::string& user_id, bool disabled) override {
    return db_.Write([&](Tx& tx) -> Status {
      WCP_ASSIGN_OR_RETURN(int64_t n, tx.Execute("UPDATE users SET disabled = $1 WHERE id = $2", disabled, user_id));
      if (n != 1) return Status::NotFound("no such user");
      if (disabled) WCP_RETURN_IF_ERROR(tx.Execute("DELETE FROM sessions WHERE user_id = $1", user_id).status());
      return Status::Ok();
    });
  }

  Status CreateSession(const Session& s, int max_per_user) override {
    return db_.Write([&](Tx& tx) -> Status {
      WCP_RETURN_IF_ERROR(tx.Execute("INSERT INTO sessions (token_hash, user_id, csrf_token, expires_at, created_us) "
                                     "VALUES ($1, $2, $3, $4, $5)",
                                     s.token_hash, s.user_id, s.csrf_token, s.expires_at, s.created_us)
                              .status());
      WCP_RETURN_IF_ERROR(
          tx.Execute("DELETE FROM sessions WHERE expires_at <= " + std::string(tx.NowSeconds())).status());
      return tx.Execute("DELETE FROM sessions WHERE user_id = $1 AND token_hash NOT IN (SELECT token_hash FROM "
                        "sessions WHERE user_id = $1 ORDER BY created_us DESC, token_hash LIMIT $2)",
                        s.user_id, max_per_user)
          .status();
    });
  }

  Result<Session> FindSession(const std::string& token_hash, int64_t now) override {
    std::optional<Row> row;
    WCP_RETURN_IF_ERROR(db_.Read([&](Tx& tx) -> Status {
      WCP_ASSIGN_OR_RETURN(row, tx.QueryOne("SELECT token_hash, user_id, csrf_token, expires_at, created_us "
                                            "FROM sessions WHERE token_hash = $1 AND expires_at > $2",
                                            token_hash, now));
      return Status::Ok();
    }));
    if (!row) return Status::NotFound("session unknown or expired");
    return Session{row->Text(0), row->Text(1), row->Text(2), row->Int(3), row->Int(4)};
  }

  Result<std::pair<Session, User>> FindSessionUser(const std::string& token_hash, int64_t now) override {
    std::optional<Row> row;
    WCP_RETURN_IF_ERROR(db_.Read([&](Tx& tx) -> Status {
      std::string columns;
      for (std::string_view c : {"id", "username", "display_name", "role", "enterprise_id"}) {
        columns += "u." + std::string(c) + ", ";
      }
      columns += tx.UtcText("u.created_at") + ", u.disabled, u.is_demo, u.password_hash";
      WCP_ASSIGN_OR_RETURN(row, tx.QueryOne("SELECT " + columns + ", s.token_hash, s.csrf_token, s.expires_at, "
                                                "s.created_us FROM sessions s JOIN users u ON u.id = s.user_id "
                                                "WHERE s.token_hash = $1 AND s.expires_at > $2",
                                            token_hash, now));
      return Status::Ok();
    }));
    if (!row) return Status::NotFound("session unknown or expired");
    WCP_ASSIGN_OR_RETURN(Credentials c, ReadUser(*row));
    Session session{row->Text(9), c.user.id, row->Text(10), row->Int(11), row->Int(12)};
    return std::make_pair(std::move(session), std::move(c.user));
  }

  Status DeleteSession(const std::string& token_hash) override {
    return Execute("DELETE FROM sessions WHERE token_hash = $1", token_hash);
  }
  Status DeleteSessionsOf(const std::string& user_id) override {
    return Execute("DELETE FROM sessions WHERE user_id = $1", user_id);
  }

  Status CreateApiKey(const ApiKey& k) override {
    return Execute("INSERT INTO api_keys (id, enterprise_id, name, permissions, key_hash) VALUES ($1, $2, $3, $4, $5)",
                   k.id, k.enterprise_id, k.name, JoinPermissions(k.permissions), k.key_hash);
  }

  Result<ApiKey> UseApiKey(const std::string& id, const std::string& key_hash) override {
    std::optional<Row> row;
    WCP_RETURN_IF_ERROR(db_.Write([&](Tx& tx) -> Status {
      WCP_ASSIGN_OR_RETURN(row, tx.QueryOne("UPDATE api_keys SET last_used_at = " + std::string(tx.Now()) +
                                                " WHERE id = $1 AND key_hash = $2 AND revoked_at IS NULL RETURNING " +
                                                KeyColumns(tx),
                                            id, key_hash));
      return Status::Ok();
    }));
    if (!row) return Status::NotFound("API key unknown or revoked");
    return ReadKey(*row);
  }

  Result<std::vector<ApiKey>> ListApiKeys(const std::string& enterprise_id) override {
    std::vector<ApiKey> out;
    WCP_RETURN_IF_ERROR(db_.Read([&](Tx& tx) -> Status {
      WCP_ASSIGN_OR_RETURN(Rows rows, tx.Query("SELECT " + KeyColumns(tx) + " FROM api_keys WHERE ($1 = '' OR "
                                               "enterprise_id = $1) ORDER BY created_at DESC, id",
                                               enterprise_id));
      for (const auto& r : rows) out.push_back(ReadKey(r));
      return Status::Ok();
    }));
    return out;
  }

  Status RevokeApiKey(const std::string& id) override {
    return db_.Write([&](Tx& tx) -> Status {
      WCP_ASSIGN_OR_RETURN(int64_t n, tx.Execute("UPDATE api_keys SET revoked_at = " + std::string(tx.Now()) +
                                                     " WHERE id = $1 AND revoked_at IS NULL",
                                                 id));
      return n == 1 ? Status::Ok() : Status::NotFound("no active API key '" + id + "'");
    });
  }

  Status RecordAudit(const AuditEntry& e) override {
    return Execute("INSERT INTO audit_log (id, actor, action, target, request_id, status, record_kind, record_id, "
                   "record_name) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                   e.id, e.actor, e.action, e.target, e.request_id, e.status, e.record_kind, e.record_id,
                   e.record_name);
  }

  Result<std::vector<AuditEntry>> ListAudit(const AuditFilter& f) override {
    std::vector<AuditEntry> out;
    WCP_RETURN_IF_ERROR(db_.Read([&](Tx& tx) -> Status {
      WCP_ASSIGN_OR_RETURN(Rows rows, tx.Query("SELECT id, " + tx.UtcText("at") +
                                                   ", actor, action, target, request_id, status, record_kind, record_id, "
                                                   "record_name FROM audit_log "
                                                   "WHERE ($1 = '' OR actor = $1) AND ($2 = '' OR " +
                                                   tx.Contains("action", "$2") + ") ORDER BY seq DESC LIMIT $3",
                                               f.actor, f.action, f.limit));
      for (const auto& r : rows) {
        out.push_back({r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4), r.Text(5), static_cast<int>(r.Int(6)),
                       r.Text(7), r.Text(8), r.Text(9)});
      }
      return Status::Ok();
    }));
    return out;
  }

 private:
  Result<std::optional<Credentials>> FindUser(std::string_view column, const std::string& value) {
    std::optional<Credentials> found;
    WCP_RETURN_IF_ERROR(db_.Read([&](Tx& tx) -> Status {
      WCP_ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT " + UserColumns(tx) + " FROM users WHERE " +
                                                     std::string(column) + " = $1",
                                                 value));
      if (!row) return Status::Ok();
      WCP_ASSIGN_OR_RETURN(found, ReadUser(*row));
      return Status::Ok();
    }));
    return found;
  }

  template <typename... Args>
  Status Execute(std::string_view sql, const Args&... args) {
    return db_.Write([&](Tx& tx) -> Status { return tx.Execute(sql, args...).status(); });
  }

  store::Database& db_;
};

}  // namespace

std::unique_ptr<UserStore> OpenUserStore(store::Database& db) { return std::make_unique<UserStoreImpl>(db); }

void AddMigrations(store::MigrationSet& set) { set.Add(SqliteMigrations(), PgMigrations()); }

}  // namespace wcp::auth
