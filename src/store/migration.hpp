// store/migration.hpp — versioned schema migrations, per module and backend.
//
// A module contributes, for each backend, an ordered list of migrations
// numbered 1, 2, 3…; the SQL text is the backend's own dialect. Applied
// migrations are recorded in the table `schema_migrations(module, version,
// name, applied_at)`; the format is documented in docs/formats/storage.md.
#pragma once

#include <string>
#include <vector>

#include "core/status.hpp"

namespace wcp::store {

struct Migration {
  std::string module;
  int version = 0;
  std::string name;
  std::string sql;  // one or more statements; run inside one transaction
  // SQLite only: the migration rebuilds a table that others reference (the
  // documented "12-step" procedure: create new, copy, drop, rename), so it
  // runs with foreign-key enforcement off — otherwise dropping the old table
  // would cascade into its children — and commits only when
  // `PRAGMA foreign_key_check` finds nothing. PostgreSQL alters in place.
  bool rebuilds_tables = false;
};

// Migrations of all modules for one backend.
struct MigrationSet {
  std::vector<Migration> sqlite;
  std::vector<Migration> postgres;
  void Add(const std::vector<Migration>& for_sqlite, const std::vector<Migration>& for_postgres);
};

struct AppliedMigration {
  std::string module;
  int version = 0;
  std::string name;
  std::string applied_at;
};

// Pure planning step shared by both backends: the migrations of `known` not
// in `applied`, modules in registration order, versions ascending. The
// returned pointers point into `known`, which must outlive them. kConflict when `applied` has a version this build
// does not know (the database is newer), kInvalid when `known` has gaps or
// duplicates (a programming error caught by tests).
Result<std::vector<const Migration*>> PlanMigrations(const std::vector<Migration>& known,
                                                     const std::vector<AppliedMigration>& applied);

}  // namespace wcp::store
