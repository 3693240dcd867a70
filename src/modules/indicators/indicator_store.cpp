// IndicatorStore over store::Tx: one class and one SQL text for both backends.
#include "modules/indicators/indicator_store.hpp"

#include "modules/indicators/enterprise_report_store.hpp"

#include <algorithm>
#include "modules/indicators/observation_store.hpp"


namespace wcp::indicators {
namespace {

constexpr const char* kUpsert =
    "INSERT INTO indicators (code, parent_code, category_zh, category_en, name_zh, name_en, "
    "unit_zh, unit_en, kind, base_year, base_value, target_year, target_value, text_target_value, "
    "stated_growth_zh, stated_growth_op, stated_growth_pct, source, frequency, position) VALUES "
    "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, "
    "(SELECT COALESCE(MAX(position), 0) + 1 FROM indicators)) "
    "ON CONFLICT (code) DO UPDATE SET parent_code = excluded.parent_code, "
    "category_zh = excluded.category_zh, category_en = excluded.category_en, "
    "name_zh = excluded.name_zh, name_en = excluded.name_en, unit_zh = excluded.unit_zh, "
    "unit_en = excluded.unit_en, kind = excluded.kind, base_year = excluded.base_year, "
    "base_value = excluded.base_value, target_year = excluded.target_year, "
    "target_value = excluded.target_value, text_target_value = excluded.text_target_value, "
    "stated_growth_zh = excluded.stated_growth_zh, stated_growth_op = excluded.stated_growth_op, "
    "stated_growth_pct = excluded.stated_growth_pct, source = excluded.source, frequency = excluded.frequency";
constexpr const char* kList =
    "SELECT code, parent_code, category_zh, category_en, name_zh, name_en, unit_zh, unit_en, kind, "
    "base_year, base_value, target_year, target_value, text_target_value, stated_growth_zh, "
    "stated_growth_op, stated_growth_pct, source, formula, state, proposed_by, approved_by, frequency FROM indicators "
    "ORDER BY position";
constexpr const char* kPropose =
    "INSERT INTO indicators (code, parent_code, category_zh, category_en, name_zh, name_en, unit_zh, unit_en, kind, "
    "base_year, base_value, target_year, target_value, text_target_value, stated_growth_zh, stated_growth_op, "
    "stated_growth_pct, source, formula, state, proposed_by, position) VALUES ($1, NULL, $2, $3, $4, $5, $6, $7, $8, "
    "$9, $10, $11, $12, NULL, '', 'none', NULL, 'analyst', $13, 'proposed', $14, "
    "(SELECT COALESCE(MAX(position), 0) + 1 FROM indicators))";
constexpr const char* kApproveDefinition =
    "UPDATE indicators SET state = 'approved', approved_by = $1 WHERE code = $2 AND state = 'proposed'";

std::optional<int> Year(const store::Row& r, size_t i) {
  auto v = r.OptionalInt(i);
  return v ? std::optional<int>(static_cast<int>(*v)) : std::nullopt;
}

// An unknown stored value is a fault of the database, never a default.
template <typename T>
Result<T> Stored(Result<T> parsed, const std::string& code) {
  if (parsed.ok()) return parsed;
  return Status::Internal("indicator '" + code + "' in the database: " + parsed.status().message());
}

Result<Indicator> Decode(const store::Row& r) {
  Indicator ind;
  ind.code = r.Text(0);
  ind.parent_code = r.OptionalText(1);
  ind.category_zh = r.Text(2);
  ind.category_en = r.Text(3);
  ind.name_zh = r.Text(4);
  ind.name_en = r.Text(5);
  ind.unit_zh = r.Text(6);
  ind.unit_en = r.Text(7);
  WCP_ASSIGN_OR_RETURN(ind.kind, Stored(ParseKind(r.Text(8)), ind.code));
  ind.base_year = Year(r, 9);
  ind.base_value = r.OptionalText(10);
  ind.target_year = Year(r, 11);
  ind.target_value = r.OptionalText(12);
  ind.text_target_value = r.OptionalText(13);
  ind.stated_growth_zh = r.Text(14);
  WCP_ASSIGN_OR_RETURN(ind.stated_growth_op, Stored(ParseGrowthClaim(r.Text(15)), ind.code));
  ind.stated_growth_pct = r.OptionalText(16);
  ind.source = r.Text(17);
  ind.formula = r.OptionalText(18);
  ind.state = r.Text(19);
  ind.proposed_by = r.Text(20);
  ind.approved_by = r.OptionalText(21);
  WCP_ASSIGN_OR_RETURN(ind.frequency, Stored(ParseFrequency(r.Text(22)), ind.code));
  for (const auto* v : {&ind.base_value, &ind.target_value, &ind.text_target_value, &ind.stated_growth_pct}) {
    if (*v && !IsDecimalText(**v)) {
      return Status::Internal("indicator '" + ind.code + "' in the database: '" + **v + "' is not a decimal");
    }
  }
  return ind;
}

// The approval rules: the indicator exists, is proposed, and the approver
// is not its proposer.
Status CheckApproval(const std::vector<Indicator>& all, std::vector<Indicator>::const_iterator it,
                     const std::string& approver) {
  if (it == all.end()) return Status::NotFound("no indicator");
  if (it->state != "proposed") {
    return Status::Conflict("indicator '" + it->code + "' is not awaiting approval").WithCode("not-awaiting-approval");
  }
  if (it->proposed_by == approver) {
    return Status::Forbidden("an indicator must be approved by someone other than its proposer").WithCode("own-submission");
  }
  return Status::Ok();
}

}  // namespace

Status BumpVersion(store::Tx& tx) {
  return tx.Execute("UPDATE indicators_version SET n = n + 1 WHERE id = 1").status();
}

namespace {

// One class for both backends over store::Tx.
class IndicatorStoreImpl final : public IndicatorStore {
 public:
  explicit IndicatorStoreImpl(store::Database& db) : db_(db) {}

  Status Upsert(const std::vector<Indicator>& list) override {
    return db_.Write([&](store::Tx& tx) -> Status {
      for (const auto& i : list) {
        WCP_RETURN_IF_ERROR(tx.Execute(kUpsert, i.code, i.parent_code, i.category_zh, i.category_en, i.name_zh,
                                       i.name_en, i.unit_zh, i.unit_en, KindName(i.kind), i.base_year, i.base_value,
                                       i.target_year, i.target_value, i.text_target_value, i.stated_growth_zh,
                                       GrowthClaimName(i.stated_growth_op), i.stated_growth_pct, i.source,
                                       FrequencyName(i.frequency))
                                .status());
      }
      return BumpVersion(tx);
    });
  }

  Status Propose(const Indicator& i) override {
    return db_.Write([&](store::Tx& tx) -> Status {
      WCP_ASSIGN_OR_RETURN(auto exists, tx.QueryOne("SELECT 1 FROM indicators WHERE code = $1", i.code));
      if (exists) return Status::Conflict("indicator '" + i.code + "' exists", "code").WithCode("taken", {{"value", i.code}});
      WCP_RETURN_IF_ERROR(tx.Execute(kPropose, i.code, i.category_zh, i.category_en, i.name_zh, i.name_en, i.unit_zh,
                                     i.unit_en, KindName(i.kind), i.base_year, i.base_value, i.target_year,
                                     i.target_value, i.formula, i.proposed_by)
                              .status());
      return BumpVersion(tx);
    });
  }

  Result<Indicator> ApproveDefinition(const std::string& code, const std::string& approver) override {
    WCP_ASSIGN_OR_RETURN(auto all, List());
    const auto it = std::find_if(all.begin(), all.end(), [&](const Indicator& i) { return i.code == code; });
    WCP_RETURN_IF_ERROR(CheckApproval(all, it, approver));
    WCP_RETURN_IF_ERROR(db_.Write([&](store::Tx& tx) -> Status {
      WCP_ASSIGN_OR_RETURN(int64_t n, tx.Execute(kApproveDefinition, approver, code));
      if (n != 1) return Status::Conflict("indicator '" + code + "' is not awaiting approval");
      return BumpVersion(tx);
    }));
    it->state = "approved";
    it->approved_by = approver;
    return *it;
  }

  Result<int64_t> Version() override {
    int64_t version = 0;
    WCP_RETURN_IF_ERROR(db_.Read([&](store::Tx& tx) -> Status {
      WCP_ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT n FROM indicators_version WHERE id = 1"));
      if (!row) return Status::Internal("indicators_version row missing");
      version = row->Int(0);
      return Status::Ok();
    }));
    return version;
  }

  Result<std::vector<Indicator>> List() override {
    std::vector<Indicator> out;
    WCP_RETURN_IF_ERROR(db_.Read([&](store::Tx& tx) -> Status {
      WCP_ASSIGN_OR_RETURN(store::Rows rows, tx.Query(kList));
      for (const auto& r : rows) {
        WCP_ASSIGN_OR_RETURN(Indicator ind, Decode(r));
        out.push_back(std::move(ind));
      }
      return Status::Ok();
    }));
    return out;
  }

 private:
  store::Database& db_;
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
  return std::make_unique<IndicatorStoreImpl>(db);
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
  constexpr const char* kVersion =
      "CREATE TABLE indicators_version (id INTEGER PRIMARY KEY CHECK (id = 1), n BIGINT NOT NULL);"
      "INSERT INTO indicators_version (id, n) VALUES (1, 0);";
  sqlite.push_back({"indicators", 4, "data version (evaluations cached per version)", kVersion});
  pg.push_back({"indicators", 4, "data version (evaluations cached per version)", kVersion});
  constexpr const char* kFrequency =
      "ALTER TABLE indicators ADD COLUMN frequency TEXT NOT NULL DEFAULT 'annual' "
      "CHECK (frequency IN ('annual','quarterly','monthly'));";
  sqlite.push_back({"indicators", 5, "publication frequency (from indicators.csv)", kFrequency});
  pg.push_back({"indicators", 5, "publication frequency (from indicators.csv)", kFrequency});
  sqlite.push_back(EnterpriseReportMigration());
  pg.push_back(EnterpriseReportMigration());
  set.Add(sqlite, pg);
}

}  // namespace wcp::indicators
