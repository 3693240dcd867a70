// Both backends of IndicatorStore; dialect-neutral SQL text shared, binding per backend.
#include "modules/indicators/indicator_store.hpp"

#include <algorithm>
#include "modules/indicators/observation_store.hpp"

#include "store/postgres/database.hpp"
#include "store/sqlite/database.hpp"

namespace wcp::indicators {
namespace {

constexpr const char* kUpsert =
    "INSERT INTO indicators (code, parent_code, category_zh, category_en, name_zh, name_en, "
    "unit_zh, unit_en, kind, base_year, base_value, target_year, target_value, text_target_value, "
    "stated_growth_zh, stated_growth_op, stated_growth_pct, source, position) VALUES "
    "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, "
    "(SELECT COALESCE(MAX(position), 0) + 1 FROM indicators)) "
    "ON CONFLICT (code) DO UPDATE SET parent_code = excluded.parent_code, "
    "category_zh = excluded.category_zh, category_en = excluded.category_en, "
    "name_zh = excluded.name_zh, name_en = excluded.name_en, unit_zh = excluded.unit_zh, "
    "unit_en = excluded.unit_en, kind = excluded.kind, base_year = excluded.base_year, "
    "base_value = excluded.base_value, target_year = excluded.target_year, "
    "target_value = excluded.target_value, text_target_value = excluded.text_target_value, "
    "stated_growth_zh = excluded.stated_growth_zh, stated_growth_op = excluded.stated_growth_op, "
    "stated_growth_pct = excluded.stated_growth_pct, source = excluded.source";
constexpr const char* kList =
    "SELECT code, parent_code, category_zh, category_en, name_zh, name_en, unit_zh, unit_en, kind, "
    "base_year, base_value, target_year, target_value, text_target_value, stated_growth_zh, "
    "stated_growth_op, stated_growth_pct, source, formula, state, proposed_by, approved_by FROM indicators "
    "ORDER BY position";
constexpr const char* kPropose =
    "INSERT INTO indicators (code, parent_code, category_zh, category_en, name_zh, name_en, unit_zh, unit_en, kind, "
    "base_year, base_value, target_year, target_value, text_target_value, stated_growth_zh, stated_growth_op, "
    "stated_growth_pct, source, formula, state, proposed_by, position) VALUES ($1, NULL, $2, $3, $4, $5, $6, $7, $8, "
    "$9, $10, $11, $12, NULL, '', 'none', NULL, 'analyst', $13, 'proposed', $14, "
    "(SELECT COALESCE(MAX(position), 0) + 1 FROM indicators))";
constexpr const char* kApproveDefinition =
    "UPDATE indicators SET state = 'approved', approved_by = $1 WHERE code = $2 AND state = 'proposed'";

// Builds an Indicator from a row accessor (column index -> optional text), so
// both backends decode identically.
template <typename Cell>
Indicator Decode(const Cell& cell) {
  const auto text = [&](int i) { return cell(i).value_or(""); };
  const auto year = [&](int i) -> std::optional<int> {
    auto v = cell(i);
    return v ? std::optional<int>(std::stoi(*v)) : std::nullopt;
  };
  Indicator ind;
  ind.code = text(0);
  ind.parent_code = cell(1);
  ind.category_zh = text(2);
  ind.category_en = text(3);
  ind.name_zh = text(4);
  ind.name_en = text(5);
  ind.unit_zh = text(6);
  ind.unit_en = text(7);
  ind.kind = text(8) == "stock" ? Kind::kStock : text(8) == "ratio" ? Kind::kRatio : Kind::kFlow;
  ind.base_year = year(9);
  ind.base_value = cell(10);
  ind.target_year = year(11);
  ind.target_value = cell(12);
  ind.text_target_value = cell(13);
  ind.stated_growth_zh = text(14);
  const std::string op = text(15);
  ind.stated_growth_op = op == "about"      ? GrowthClaim::kAbout
                         : op == "at_least" ? GrowthClaim::kAtLeast
                         : op == "over"     ? GrowthClaim::kOver
                                            : GrowthClaim::kNone;
  ind.stated_growth_pct = cell(16);
  ind.source = text(17);
  ind.formula = cell(18);
  ind.state = text(19);
  ind.proposed_by = text(20);
  ind.approved_by = cell(21);
  return ind;
}

// Shared approval rules: the indicator exists, is proposed, and the approver
// is not its proposer.
Status CheckApproval(const std::vector<Indicator>& all, std::vector<Indicator>::const_iterator it,
                     const std::string& approver) {
  if (it == all.end()) return Status::NotFound("no indicator");
  if (it->state != "proposed") return Status::Conflict("indicator '" + it->code + "' is not awaiting approval");
  if (it->proposed_by == approver) return Status::Forbidden("an indicator must be approved by someone other than its proposer");
  return Status::Ok();
}

class SqliteIndicatorStore final : public IndicatorStore {
 public:
  explicit SqliteIndicatorStore(store::sqlite::Database& db) : db_(db) {}
  Status Upsert(const std::vector<Indicator>& list) override {
    return db_.Write([&](store::sqlite::Connection& c) -> Status {
      for (const auto& i : list) {
        WCP_ASSIGN_OR_RETURN(auto st, c.Prepare(kUpsert));
        st.Bind(i.code, i.parent_code, i.category_zh, i.category_en, i.name_zh, i.name_en,
                i.unit_zh, i.unit_en, KindName(i.kind), i.base_year, i.base_value, i.target_year,
                i.target_value, i.text_target_value, i.stated_growth_zh,
                GrowthClaimName(i.stated_growth_op), i.stated_growth_pct, i.source);
        WCP_RETURN_IF_ERROR(st.Run());
      }
      return Status::Ok();
    });
  }
  Status Propose(const Indicator& i) override {
    return db_.Write([&](store::sqlite::Connection& c) -> Status {
      WCP_ASSIGN_OR_RETURN(auto exists, c.Prepare("SELECT 1 FROM indicators WHERE code = $1"));
      exists.Bind(i.code);
      WCP_ASSIGN_OR_RETURN(bool row, exists.Step());
      if (row) return Status::Conflict("indicator '" + i.code + "' exists", "code");
      WCP_ASSIGN_OR_RETURN(auto st, c.Prepare(kPropose));
      st.Bind(i.code, i.category_zh, i.category_en, i.name_zh, i.name_en, i.unit_zh, i.unit_en, KindName(i.kind),
              i.base_year, i.base_value, i.target_year, i.target_value, i.formula, i.proposed_by);
      return st.Run();
    });
  }

  Result<Indicator> ApproveDefinition(const std::string& code, const std::string& approver) override {
    WCP_ASSIGN_OR_RETURN(auto all, List());
    const auto it = std::find_if(all.begin(), all.end(), [&](const Indicator& i) { return i.code == code; });
    WCP_RETURN_IF_ERROR(CheckApproval(all, it, approver));
    WCP_RETURN_IF_ERROR(db_.Write([&](store::sqlite::Connection& c) -> Status {
      WCP_ASSIGN_OR_RETURN(auto st, c.Prepare(kApproveDefinition));
      st.Bind(approver, code);
      WCP_RETURN_IF_ERROR(st.Run());
      return c.Changes() == 1 ? Status::Ok() : Status::Conflict("indicator '" + code + "' is not awaiting approval");
    }));
    it->state = "approved";
    it->approved_by = approver;
    return *it;
  }

  Result<std::vector<Indicator>> List() override {
    std::vector<Indicator> out;
    Status s = db_.Read([&](store::sqlite::Connection& c) -> Status {
      WCP_ASSIGN_OR_RETURN(auto st, c.Prepare(kList));
      while (true) {
        WCP_ASSIGN_OR_RETURN(bool row, st.Step());
        if (!row) return Status::Ok();
        out.push_back(Decode([&](int i) { return st.OptionalText(i); }));
      }
    });
    if (!s.ok()) return s;
    return out;
  }

 private:
  store::sqlite::Database& db_;
};

class PgIndicatorStore final : public IndicatorStore {
 public:
  explicit PgIndicatorStore(store::pg::Database& db) : db_(db) {}
  Status Upsert(const std::vector<Indicator>& list) override {
    return db_.Write([&](pqxx::work& w) -> Status {
      for (const auto& i : list) {
        w.exec_params0(kUpsert, i.code, i.parent_code, i.category_zh, i.category_en, i.name_zh,
                       i.name_en, i.unit_zh, i.unit_en, std::string(KindName(i.kind)), i.base_year,
                       i.base_value, i.target_year, i.target_value, i.text_target_value,
                       i.stated_growth_zh, std::string(GrowthClaimName(i.stated_growth_op)),
                       i.stated_growth_pct, i.source);
      }
      return Status::Ok();
    });
  }
  Status Propose(const Indicator& i) override {
    return db_.Write([&](pqxx::work& w) -> Status {
      if (!w.exec_params("SELECT 1 FROM indicators WHERE code = $1", i.code).empty()) {
        return Status::Conflict("indicator '" + i.code + "' exists", "code");
      }
      w.exec_params0(kPropose, i.code, i.category_zh, i.category_en, i.name_zh, i.name_en, i.unit_zh, i.unit_en,
                     std::string(KindName(i.kind)), i.base_year, i.base_value, i.target_year, i.target_value,
                     i.formula, i.proposed_by);
      return Status::Ok();
    });
  }

  Result<Indicator> ApproveDefinition(const std::string& code, const std::string& approver) override {
    WCP_ASSIGN_OR_RETURN(auto all, List());
    const auto it = std::find_if(all.begin(), all.end(), [&](const Indicator& i) { return i.code == code; });
    WCP_RETURN_IF_ERROR(CheckApproval(all, it, approver));
    WCP_RETURN_IF_ERROR(db_.Write([&](pqxx::work& w) -> Status {
      auto r = w.exec_params(kApproveDefinition, approver, code);
      return r.affected_rows() == 1 ? Status::Ok() : Status::Conflict("indicator '" + code + "' is not awaiting approval");
    }));
    it->state = "approved";
    it->approved_by = approver;
    return *it;
  }

  Result<std::vector<Indicator>> List() override {
    std::vector<Indicator> out;
    Status s = db_.Read([&](pqxx::read_transaction& r) -> Status {
      for (const auto& row : r.exec(kList)) {
        out.push_back(Decode([&](int i) -> std::optional<std::string> {
          return row[i].is_null() ? std::nullopt : std::optional<std::string>(row[i].c_str());
        }));
      }
      return Status::Ok();
    });
    if (!s.ok()) return s;
    return out;
  }

 private:
  store::pg::Database& db_;
};

constexpr const char* kTableSql = R"SQL(
CREATE TABLE indicators (
  code TEXT PRIMARY KEY,
  parent_code TEXT REFERENCES indicators(code) DEFERRABLE INITIALLY DEFERRED,
  category_zh TEXT NOT NULL, category_en TEXT NOT NULL,
  name_zh TEXT NOT NULL, name_en TEXT NOT NULL,
  unit_zh TEXT NOT NULL, unit_en TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('flow','stock','ratio')),
  base_year INTEGER, base_value TEXT,
  target_year INTEGER, target_value TEXT, text_target_value TEXT,
  stated_growth_zh TEXT NOT NULL,
  stated_growth_op TEXT NOT NULL CHECK (stated_growth_op IN ('none','about','at_least','over')),
  stated_growth_pct TEXT,
  source TEXT NOT NULL CHECK (source IN ('table','text','analyst')),
  position INTEGER NOT NULL
))SQL";

}  // namespace

std::unique_ptr<IndicatorStore> OpenIndicatorStore(store::Database& db) {
  if (auto* s = db.AsSqlite()) return std::make_unique<SqliteIndicatorStore>(*s);
  return std::make_unique<PgIndicatorStore>(*db.AsPostgres());
}

void AddMigrations(store::MigrationSet& set) {
  // Decimal values are TEXT on both backends: the published digits, exactly.
  std::vector<store::Migration> sqlite = {{"indicators", 1, "indicator definitions", std::string(kTableSql) + " STRICT;"}};
  std::vector<store::Migration> pg = {{"indicators", 1, "indicator definitions", std::string(kTableSql) + ";"}};
  for (auto& m : ObservationMigrationSqlite()) sqlite.push_back(m);
  for (auto& m : ObservationMigrationPg()) pg.push_back(m);
  constexpr const char* kProposals =
      "ALTER TABLE indicators ADD COLUMN formula TEXT;"
      "ALTER TABLE indicators ADD COLUMN state TEXT NOT NULL DEFAULT 'approved' CHECK (state IN ('proposed','approved'));"
      "ALTER TABLE indicators ADD COLUMN proposed_by TEXT NOT NULL DEFAULT 'plan';"
      "ALTER TABLE indicators ADD COLUMN approved_by TEXT;";
  sqlite.push_back({"indicators", 3, "indicators proposed by analysts, derived formulas", kProposals});
  pg.push_back({"indicators", 3, "indicators proposed by analysts, derived formulas", kProposals});
  set.Add(sqlite, pg);
}

}  // namespace wcp::indicators
