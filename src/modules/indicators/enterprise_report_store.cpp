// EnterpriseReportStore over store::Tx: one class and one SQL text for both backends.
#include "modules/indicators/enterprise_report_store.hpp"
#include "core/date.hpp"

#include <chrono>

#include "core/ids.hpp"

namespace wcp::indicators {
namespace {

// The filter's rows: $1 enterprise ('' any), $2 state ('' any), $3 first month ('' any).
constexpr const char* kMatching =
    " FROM indicator_enterprise_reports WHERE ($1 = '' OR enterprise_id = $1) AND ($2 = '' OR state = $2) "
    "AND ($3 = '' OR period >= $3)";
constexpr const char* kColumns =
    "id, enterprise_id, period, sales, sales_last_year, state, submitted_by, submitted_at, decided_by, decided_at, "
    "reason";

Status Exists(const std::string& period, const std::string& state) {
  return Status::Conflict("the report for " + period + " was sent already (" + state +
                              "); only a rejected report is sent again",
                          "period")
      .WithCode("report-exists", {{"period", period}, {"state", state}});
}

EnterpriseReport Decode(const store::Row& r) {
  EnterpriseReport e;
  e.id = r.Text(0);
  e.enterprise_id = r.Text(1);
  e.period = r.Text(2);
  e.sales = r.Text(3);
  e.sales_last_year = r.Text(4);
  e.state = r.Text(5);
  e.submitted_by = r.Text(6);
  e.submitted_at = r.Text(7);
  e.decided_by = r.OptionalText(8);
  e.decided_at = r.OptionalText(9);
  e.reason = r.OptionalText(10);
  return e;
}

class EnterpriseReportStoreImpl final : public EnterpriseReportStore {
 public:
  explicit EnterpriseReportStoreImpl(store::Database& db) : db_(db) {}

  Status Submit(EnterpriseReport& r) override {
    r.id = NewUuidV7();
    r.state = "submitted";
    r.submitted_at = NowUtcText();
    return db_.Write([&](store::Tx& tx) -> Status {
      WCP_ASSIGN_OR_RETURN(auto live, tx.QueryOne("SELECT state FROM indicator_enterprise_reports WHERE "
                                                  "enterprise_id = $1 AND period = $2 AND state <> 'rejected'",
                                                  r.enterprise_id, r.period));
      if (live) return Exists(r.period, live->Text(0));
      // A concurrent writer that passed the same check (PostgreSQL, read
      // committed) meets the partial unique index: nothing inserted, the same answer.
      WCP_ASSIGN_OR_RETURN(int64_t n, tx.Execute("INSERT INTO indicator_enterprise_reports (id, enterprise_id, period, "
                                                 "sales, sales_last_year, state, submitted_by, submitted_at) VALUES "
                                                 "($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (enterprise_id, period) "
                                                 "WHERE state <> 'rejected' DO NOTHING",
                                                 r.id, r.enterprise_id, r.period, r.sales, r.sales_last_year, r.state,
                                                 r.submitted_by, r.submitted_at));
      if (n == 0) return Exists(r.period, "submitted");
      return Status::Ok();
    });
  }

  Result<std::vector<EnterpriseReport>> List(const EnterpriseReportFilter& f) override {
    std::vector<EnterpriseReport> out;
    WCP_RETURN_IF_ERROR(db_.Read([&](store::Tx& tx) -> Status {
      WCP_ASSIGN_OR_RETURN(store::Rows rows, tx.Query(std::string("SELECT ") + kColumns + kMatching + " ORDER BY id LIMIT $4",
                                                      f.enterprise_id.value_or(""), f.state, f.since_period, f.limit));
      out.clear();
      for (const auto& r : rows) out.push_back(Decode(r));
      return Status::Ok();
    }));
    return out;
  }

  Result<int64_t> Count(const EnterpriseReportFilter& f) override {
    int64_t n = 0;
    WCP_RETURN_IF_ERROR(db_.Read([&](store::Tx& tx) -> Status {
      WCP_ASSIGN_OR_RETURN(auto row, tx.QueryOne(std::string("SELECT COUNT(*)") + kMatching,
                                                 f.enterprise_id.value_or(""), f.state, f.since_period));
      n = row ? row->Int(0) : 0;
      return Status::Ok();
    }));
    return n;
  }

  Result<EnterpriseReport> Decide(const std::string& id, const std::string& decider, bool approve,
                                  std::optional<std::string> reason) override {
    EnterpriseReport decided;
    WCP_RETURN_IF_ERROR(db_.Write([&](store::Tx& tx) -> Status {
      WCP_ASSIGN_OR_RETURN(auto row, tx.QueryOne(std::string("SELECT ") + kColumns +
                                                     " FROM indicator_enterprise_reports WHERE id = $1" +
                                                     std::string(tx.ForUpdate()),
                                                 id));
      if (!row) return Status::NotFound("no enterprise report '" + id + "'");
      decided = Decode(*row);
      if (decided.state != "submitted") {
        return Status::Conflict("the report is " + decided.state + "; only a submitted report is decided")
            .WithCode("already-decided", {{"state", decided.state}});
      }
      decided.state = approve ? "approved" : "rejected";
      decided.decided_by = decider;
      decided.decided_at = NowUtcText();
      decided.reason = std::move(reason);
      WCP_ASSIGN_OR_RETURN(int64_t n, tx.Execute("UPDATE indicator_enterprise_reports SET state = $1, decided_by = $2, "
                                                 "decided_at = $3, reason = $4 WHERE id = $5 AND state = 'submitted'",
                                                 decided.state, decider, *decided.decided_at, decided.reason, id));
      return n == 1 ? Status::Ok() : Status::Conflict("the report was decided concurrently").WithCode("decided-concurrently");
    }));
    return decided;
  }

  Result<std::vector<ReportingRule>> Rules() override {
    std::vector<ReportingRule> out;
    WCP_RETURN_IF_ERROR(db_.Read([&](store::Tx& tx) -> Status {
      WCP_ASSIGN_OR_RETURN(store::Rows rows, tx.Query("SELECT form, effective_from, due_working_days, source, is_demo "
                                                      "FROM indicator_reporting_rules ORDER BY form, effective_from"));
      out.clear();
      for (const auto& r : rows) {
        out.push_back({r.Text(0), r.Text(1), static_cast<int>(r.Int(2)), r.Text(3), r.Int(4) != 0});
      }
      return Status::Ok();
    }));
    return out;
  }

  Status UpsertRules(const std::vector<ReportingRule>& rules) override {
    return db_.Write([&](store::Tx& tx) -> Status {
      for (const auto& r : rules) {
        WCP_RETURN_IF_ERROR(tx.Execute("DELETE FROM indicator_reporting_rules WHERE form = $1 AND effective_from = $2",
                                       r.form, r.effective_from)
                                .status());
        WCP_RETURN_IF_ERROR(tx.Execute("INSERT INTO indicator_reporting_rules (form, effective_from, "
                                       "due_working_days, source, is_demo) VALUES ($1, $2, $3, $4, $5)",
                                       r.form, r.effective_from, static_cast<int64_t>(r.due_working_days), r.source,
                                       static_cast<int64_t>(r.is_demo ? 1 : 0))
                                .status());
      }
      return Status::Ok();
    });
  }

 private:
  store::Database& db_;
};

constexpr const char* kTables = R"SQL(
CREATE TABLE indicator_enterprise_reports (
  id TEXT PRIMARY KEY,
  enterprise_id TEXT NOT NULL,
  period TEXT NOT NULL,
  sales TEXT NOT NULL,
  sales_last_year TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('submitted','approved','rejected')),
  submitted_by TEXT NOT NULL,
  submitted_at TEXT NOT NULL,
  decided_by TEXT,
  decided_at TEXT,
  reason TEXT
);
CREATE UNIQUE INDEX indicator_enterprise_reports_live ON indicator_enterprise_reports (enterprise_id, period)
  WHERE state <> 'rejected';
CREATE INDEX indicator_enterprise_reports_state ON indicator_enterprise_reports (state);
CREATE TABLE indicator_reporting_rules (
  form TEXT NOT NULL,
  effective_from TEXT NOT NULL,
  due_working_days INTEGER NOT NULL CHECK (due_working_days BETWEEN 1 AND 60),
  source TEXT NOT NULL,
  is_demo INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (form, effective_from)
);
)SQL";

}  // namespace

std::unique_ptr<EnterpriseReportStore> OpenEnterpriseReportStore(store::Database& db) {
  return std::make_unique<EnterpriseReportStoreImpl>(db);
}

store::Migration EnterpriseReportMigration() {
  return {"indicators", 6, "enterprises' monthly reports and the rules of when they are due", kTables};
}

}  // namespace wcp::indicators
