// The auth schema, side by side for the two backends (the one place where
// their SQL differs: STRICT tables with TEXT times and INTEGER flags on
// SQLite, TIMESTAMPTZ and BOOLEAN on PostgreSQL).
#include "auth/schema.hpp"

namespace wcp::auth {

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
)SQL"},
          {"auth", 4, "roles as a reference table (users.role references it)", R"SQL(
CREATE TABLE roles (
  name TEXT PRIMARY KEY,
  description TEXT NOT NULL
) STRICT;
INSERT INTO roles (name, description) VALUES
  ('admin', 'manages users, enterprises and keys; sees the audit trail'),
  ('analyst', 'bureau staff: enters and approves statistics, sees everything'),
  ('inspector', 'field inspections and market monitoring'),
  ('enterprise', 'staff of one enterprise: sees and writes only its data');
CREATE TABLE users_new (
  id TEXT PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL DEFAULT '',
  role TEXT NOT NULL REFERENCES roles(name),
  enterprise_id TEXT REFERENCES enterprises(id),
  password_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0,
  is_demo INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
  CHECK ((role = 'enterprise') = (enterprise_id IS NOT NULL))
) STRICT;
INSERT INTO users_new (id, username, display_name, role, enterprise_id, password_hash, disabled, is_demo, created_at)
  SELECT id, username, display_name, role, enterprise_id, password_hash, disabled, is_demo, created_at FROM users;
DROP TABLE users;
ALTER TABLE users_new RENAME TO users;
)SQL", /*rebuilds_tables=*/true},
          {"auth", 5, "the audit trail names the record a write touched (and the user a login attempted)", R"SQL(
ALTER TABLE audit_log ADD COLUMN record_kind TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN record_id TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN record_name TEXT NOT NULL DEFAULT '';
)SQL"}};
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
)SQL"},
          {"auth", 4, "roles as a reference table (users.role references it)", R"SQL(
CREATE TABLE roles (
  name TEXT PRIMARY KEY,
  description TEXT NOT NULL
);
INSERT INTO roles (name, description) VALUES
  ('admin', 'manages users, enterprises and keys; sees the audit trail'),
  ('analyst', 'bureau staff: enters and approves statistics, sees everything'),
  ('inspector', 'field inspections and market monitoring'),
  ('enterprise', 'staff of one enterprise: sees and writes only its data');
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_fkey FOREIGN KEY (role) REFERENCES roles(name);
)SQL"},
          {"auth", 5, "the audit trail names the record a write touched (and the user a login attempted)", R"SQL(
ALTER TABLE audit_log ADD COLUMN record_kind TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN record_id TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN record_name TEXT NOT NULL DEFAULT '';
)SQL"}};
}

}  // namespace wcp::auth
