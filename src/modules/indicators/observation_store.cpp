// Both backends of ObservationStore; the SQL text is shared ($n placeholders).
// SQLite treats "$n" as a *named* parameter numbered by first appearance, so
// every shared statement must use $1, $2, … in order of appearance.
#include "modules/indicators/observation_store.hpp"

#include <chrono>

#include "core/ids.hpp"
#include "ledger/log_store.hpp"
#include "store/postgres/database.hpp"
#include "store/sqlite/database.hpp"

namespace wcp::indicators {
namespace {

constexpr const char* kColumns =
    "id, indicator, period, period_type, level, yoy_growth, source, release, state, submitted_by, "
    "submitted_at, decided_by, decided_at, reason, ledger_index";
constexpr const char* kInsert =
    "INSERT INTO indicator_observations (id, indicator, period, period_type, level, yoy_growth, source, "
    "release, state, submitted_by, submitted_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";
constexpr const char* kRecentGrowth =
    "SELECT yoy_growth FROM indicator_observations WHERE indicator = $1 AND period_type = $2 AND "
    "state = 'approved' AND yoy_growth IS NOT NULL ORDER BY period DESC, submitted_at DESC LIMIT $3";
constexpr const char* kSubmitDraft =
    "UPDATE indicator_observations SET state = 'submitted', submitted_at = $1 WHERE id = $2 AND state = 'draft'";
constexpr const char* kDecide =
    "UPDATE indicator_observations SET state = $1, decided_by = $2, decided_at = $3, reason = $4, "
    "ledger_index = $5 WHERE id = $6 AND state = 'submitted'";

std::string NowIso() {
  const auto t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

template <typename Cell>
Observation Decode(const Cell& cell) {
  Observation o;
  o.id = *cell(0);
  o.indicator = *cell(1);
  o.period = *cell(2);
  o.period_type = *cell(3);
  o.level = *cell(4);
  o.yoy_growth = cell(5);
  o.source = *cell(6);
  o.release = *cell(7);
  const std::string state = *cell(8);
  o.state = state == "approved"   ? ObservationState::kApproved
            : state == "rejected" ? ObservationState::kRejected
            : state == "draft"    ? ObservationState::kDraft
                                  : ObservationState::kSubmitted;
  o.submitted_by = *cell(9);
  o.submitted_at = *cell(10);
  o.decided_by = cell(11);
  o.decided_at = cell(12);
  o.reason = cell(13);
  if (auto idx = cell(14)) o.ledger_index = std::stoull(*idx);
  return o;
}

Status CheckSubmitDraft(const Observation& o, const std::string& author) {
  if (o.state != ObservationState::kDraft) return Status::Conflict("observation is not a draft");
  if (o.submitted_by != author) return Status::Forbidden("only the author submits a draft");
  return Status::Ok();
}

// Shared decision rules, applied inside the backend's transaction.
Status CheckDecision(const Observation& o, const std::string& decider, bool approving) {
  if (o.state != ObservationState::kSubmitted) {
    return Status::Conflict("observation is " + std::string(StateName(o.state)) +
                            "; only submitted observations are decided (approved values change only by a new vintage)");
  }
  if (approving && o.submitted_by == decider) {
    return Status::Forbidden("an observation must be approved by someone other than its submitter");
  }
  return Status::Ok();
}

std::optional<int64_t> OptIndex(const std::optional<uint64_t>& v) {
  return v ? std::optional<int64_t>(static_cast<int64_t>(*v)) : std::nullopt;
}

class SqliteObservationStore final : public ObservationStore {
 public:
  explicit SqliteObservationStore(store::sqlite::Database& db) : db_(db) {}
  using Conn = store::sqlite::Connection;

  Status Submit(std::vector<Observation>& list, bool as_draft) override {
    return db_.Write([&](Conn& c) -> Status {
      for (size_t i = 0; i < list.size(); ++i) {
        auto& o = list[i];
        WCP_RETURN_IF_ERROR(RequireIndicator(c, o.indicator));
        o.id = NewUuidV7();
        o.submitted_at = NowIso();
        WCP_ASSIGN_OR_RETURN(auto st, c.Prepare(kInsert));
        o.state = as_draft ? ObservationState::kDraft : ObservationState::kSubmitted;
        st.Bind(o.id, o.indicator, o.period, o.period_type, o.level, o.yoy_growth, o.source, o.release,
                StateName(o.state), o.submitted_by, o.submitted_at);
        WCP_RETURN_IF_ERROR(st.Run());
      }
      return Status::Ok();
    });
  }

  Result<std::vector<Observation>> List(const std::string& indicator) override {
    std::vector<Observation> out;
    Status s = db_.Read([&](Conn& c) -> Status {
      return Query(c, std::string("SELECT ") + kColumns +
                          " FROM indicator_observations WHERE indicator = $1 ORDER BY period, submitted_at, id",
                   indicator, &out);
    });
    if (!s.ok()) return s;
    return out;
  }

  Result<Observation> Get(const std::string& id) override {
    std::vector<Observation> out;
    Status s = db_.Read([&](Conn& c) { return Query(c, std::string("SELECT ") + kColumns + " FROM indicator_observations WHERE id = $1", id, &out); });
    if (!s.ok()) return s;
    if (out.empty()) return Status::NotFound("no observation '" + id + "'");
    return out[0];
  }

  Result<Observation> Approve(const std::string& id, const std::string& approver) override {
    WCP_ASSIGN_OR_RETURN(auto out, Decide({id}, approver, ObservationState::kApproved, std::nullopt));
    return out[0];
  }
  Result<std::vector<Observation>> ApproveMany(const std::vector<std::string>& ids, const std::string& approver) override {
    return Decide(ids, approver, ObservationState::kApproved, std::nullopt);
  }
  Result<Observation> Reject(const std::string& id, const std::string& decider, const std::string& reason) override {
    WCP_ASSIGN_OR_RETURN(auto out, Decide({id}, decider, ObservationState::kRejected, reason));
    return out[0];
  }

  Result<std::vector<double>> RecentApprovedGrowth(const std::string& indicator, const std::string& period_type,
                                                  int limit) override {
    std::vector<double> out;
    Status s = db_.Read([&](Conn& c) -> Status {
      WCP_ASSIGN_OR_RETURN(auto st, c.Prepare(kRecentGrowth));
      st.Bind(indicator, period_type, limit);
      while (true) {
        WCP_ASSIGN_OR_RETURN(bool row, st.Step());
        if (!row) return Status::Ok();
        out.push_back(std::stod(st.Text(0)));
      }
    });
    if (!s.ok()) return s;
    return out;
  }

  Result<Observation> SubmitDraft(const std::string& id, const std::string& author) override {
    Observation o;
    Status s = db_.Write([&](Conn& c) -> Status {
      std::vector<Observation> found;
      WCP_RETURN_IF_ERROR(Query(c, std::string("SELECT ") + kColumns + " FROM indicator_observations WHERE id = $1", id, &found));
      if (found.empty()) return Status::NotFound("no observation '" + id + "'");
      o = found[0];
      WCP_RETURN_IF_ERROR(CheckSubmitDraft(o, author));
      o.state = ObservationState::kSubmitted;
      o.submitted_at = NowIso();
      WCP_ASSIGN_OR_RETURN(auto st, c.Prepare(kSubmitDraft));
      st.Bind(o.submitted_at, id);
      return st.Run();
    });
    if (!s.ok()) return s;
    return o;
  }

  Result<std::map<std::string, std::string>> ApprovedCanonical() override {
    std::vector<Observation> out;
    Status s = db_.Read([&](Conn& c) {
      return Query(c, std::string("SELECT ") + kColumns + " FROM indicator_observations WHERE state = $1", "approved", &out);
    });
    if (!s.ok()) return s;
    std::map<std::string, std::string> m;
    for (const auto& o : out) m[o.id] = CanonicalBytes(o);
    return m;
  }

 private:
  static Status RequireIndicator(Conn& c, const std::string& code) {
    WCP_ASSIGN_OR_RETURN(auto st, c.Prepare("SELECT 1 FROM indicators WHERE code = $1"));
    st.Bind(code);
    WCP_ASSIGN_OR_RETURN(bool row, st.Step());
    return row ? Status::Ok() : Status::NotFound("no indicator '" + code + "'");
  }

  static Status Query(Conn& c, const std::string& sql, const std::string& arg, std::vector<Observation>* out) {
    WCP_ASSIGN_OR_RETURN(auto st, c.Prepare(sql));
    st.Bind(arg);
    while (true) {
      WCP_ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) return Status::Ok();
      out->push_back(Decode([&](int i) { return st.OptionalText(i); }));
    }
  }

  Result<std::vector<Observation>> Decide(const std::vector<std::string>& ids, const std::string& decider,
                                          ObservationState to, std::optional<std::string> reason) {
    std::vector<Observation> decided;
    Status s = db_.Write([&](Conn& c) -> Status {
      decided.clear();
      for (const auto& id : ids) {
        std::vector<Observation> found;
        WCP_RETURN_IF_ERROR(Query(c, std::string("SELECT ") + kColumns + " FROM indicator_observations WHERE id = $1", id, &found));
        if (found.empty()) return Status::NotFound("no observation '" + id + "'");
        Observation o = found[0];
        WCP_RETURN_IF_ERROR(CheckDecision(o, decider, to == ObservationState::kApproved));
        o.state = to;
        o.decided_by = decider;
        o.decided_at = NowIso();
        o.reason = reason;
        if (to == ObservationState::kApproved) {
          WCP_ASSIGN_OR_RETURN(o.ledger_index, ledger::AppendInTransaction(c, {kLedgerKind, o.id, CanonicalBytes(o)}));
        }
        WCP_ASSIGN_OR_RETURN(auto st, c.Prepare(kDecide));
        st.Bind(StateName(to), decider, *o.decided_at, o.reason, OptIndex(o.ledger_index), id);
        WCP_RETURN_IF_ERROR(st.Run());
        decided.push_back(std::move(o));
      }
      return Status::Ok();
    });
    if (!s.ok()) return s;
    return decided;
  }

  store::sqlite::Database& db_;
};

class PgObservationStore final : public ObservationStore {
 public:
  explicit PgObservationStore(store::pg::Database& db) : db_(db) {}

  Status Submit(std::vector<Observation>& list, bool as_draft) override {
    return db_.Write([&](pqxx::work& w) -> Status {
      for (auto& o : list) {
        if (w.exec_params("SELECT 1 FROM indicators WHERE code = $1", o.indicator).empty()) {
          return Status::NotFound("no indicator '" + o.indicator + "'");
        }
        o.id = NewUuidV7();
        o.submitted_at = NowIso();
        o.state = as_draft ? ObservationState::kDraft : ObservationState::kSubmitted;
        w.exec_params0(kInsert, o.id, o.indicator, o.period, o.period_type, o.level, o.yoy_growth, o.source,
                       o.release, std::string(StateName(o.state)), o.submitted_by, o.submitted_at);
      }
      return Status::Ok();
    });
  }

  Result<std::vector<Observation>> List(const std::string& indicator) override {
    return Query(std::string("SELECT ") + kColumns +
                     " FROM indicator_observations WHERE indicator = $1 ORDER BY period, submitted_at, id",
                 indicator);
  }

  Result<Observation> Get(const std::string& id) override {
    WCP_ASSIGN_OR_RETURN(auto out, Query(std::string("SELECT ") + kColumns + " FROM indicator_observations WHERE id = $1", id));
    if (out.empty()) return Status::NotFound("no observation '" + id + "'");
    return out[0];
  }

  Result<Observation> Approve(const std::string& id, const std::string& approver) override {
    WCP_ASSIGN_OR_RETURN(auto out, Decide({id}, approver, ObservationState::kApproved, std::nullopt));
    return out[0];
  }
  Result<std::vector<Observation>> ApproveMany(const std::vector<std::string>& ids, const std::string& approver) override {
    return Decide(ids, approver, ObservationState::kApproved, std::nullopt);
  }
  Result<Observation> Reject(const std::string& id, const std::string& decider, const std::string& reason) override {
    WCP_ASSIGN_OR_RETURN(auto out, Decide({id}, decider, ObservationState::kRejected, reason));
    return out[0];
  }

  Result<std::vector<double>> RecentApprovedGrowth(const std::string& indicator, const std::string& period_type,
                                                  int limit) override {
    std::vector<double> out;
    Status s = db_.Read([&](pqxx::read_transaction& r) {
      for (const auto& row : r.exec_params(kRecentGrowth, indicator, period_type, limit)) out.push_back(std::stod(row[0].c_str()));
      return Status::Ok();
    });
    if (!s.ok()) return s;
    return out;
  }

  Result<Observation> SubmitDraft(const std::string& id, const std::string& author) override {
    Observation o;
    Status s = db_.Write([&](pqxx::work& w) -> Status {
      auto found = Decode(w.exec_params(std::string("SELECT ") + kColumns +
                                            " FROM indicator_observations WHERE id = $1 FOR UPDATE", id));
      if (found.empty()) return Status::NotFound("no observation '" + id + "'");
      o = found[0];
      WCP_RETURN_IF_ERROR(CheckSubmitDraft(o, author));
      o.state = ObservationState::kSubmitted;
      o.submitted_at = NowIso();
      w.exec_params0(kSubmitDraft, o.submitted_at, id);
      return Status::Ok();
    });
    if (!s.ok()) return s;
    return o;
  }

  Result<std::map<std::string, std::string>> ApprovedCanonical() override {
    WCP_ASSIGN_OR_RETURN(auto out, Query(std::string("SELECT ") + kColumns + " FROM indicator_observations WHERE state = $1", "approved"));
    std::map<std::string, std::string> m;
    for (const auto& o : out) m[o.id] = CanonicalBytes(o);
    return m;
  }

 private:
  static std::vector<Observation> Decode(const pqxx::result& rows) {
    std::vector<Observation> out;
    for (const auto& row : rows) {
      out.push_back(indicators::Decode([&](int i) -> std::optional<std::string> {
        return row[i].is_null() ? std::nullopt : std::optional<std::string>(row[i].c_str());
      }));
    }
    return out;
  }

  Result<std::vector<Observation>> Query(const std::string& sql, const std::string& arg) {
    std::vector<Observation> out;
    Status s = db_.Read([&](pqxx::read_transaction& r) {
      out = Decode(r.exec_params(sql, arg));
      return Status::Ok();
    });
    if (!s.ok()) return s;
    return out;
  }

  Result<std::vector<Observation>> Decide(const std::vector<std::string>& ids, const std::string& decider,
                                          ObservationState to, std::optional<std::string> reason) {
    std::vector<Observation> decided;
    Status s = db_.Write([&](pqxx::work& w) -> Status {
      decided.clear();
      for (const auto& id : ids) {
        auto found = Decode(w.exec_params(std::string("SELECT ") + kColumns +
                                              " FROM indicator_observations WHERE id = $1 FOR UPDATE",
                                          id));
        if (found.empty()) return Status::NotFound("no observation '" + id + "'");
        Observation o = found[0];
        WCP_RETURN_IF_ERROR(CheckDecision(o, decider, to == ObservationState::kApproved));
        o.state = to;
        o.decided_by = decider;
        o.decided_at = NowIso();
        o.reason = reason;
        if (to == ObservationState::kApproved) {
          WCP_ASSIGN_OR_RETURN(o.ledger_index, ledger::AppendInTransaction(w, {kLedgerKind, o.id, CanonicalBytes(o)}));
        }
        w.exec_params0(kDecide, std::string(StateName(to)), decider, *o.decided_at, o.reason,
                       OptIndex(o.ledger_index), id);
        decided.push_back(std::move(o));
      }
      return Status::Ok();
    });
    if (!s.ok()) return s;
    return decided;
  }

  store::pg::Database& db_;
};

constexpr const char* kTable = R"SQL(
CREATE TABLE indicator_observations (
  id TEXT PRIMARY KEY,
  indicator TEXT NOT NULL REFERENCES indicators(code),
  period TEXT NOT NULL,
  period_type TEXT NOT NULL,
  level TEXT NOT NULL,
  yoy_growth TEXT,
  source TEXT NOT NULL,
  release TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('draft','submitted','approved','rejected')),
  submitted_by TEXT NOT NULL,
  submitted_at TEXT NOT NULL,
  decided_by TEXT,
  decided_at TEXT,
  reason TEXT,
  ledger_index BIGINT
);
CREATE INDEX indicator_observations_period ON indicator_observations (indicator, period);
)SQL";

}  // namespace

std::unique_ptr<ObservationStore> OpenObservationStore(store::Database& db) {
  if (auto* s = db.AsSqlite()) return std::make_unique<SqliteObservationStore>(*s);
  return std::make_unique<PgObservationStore>(*db.AsPostgres());
}

std::vector<store::Migration> ObservationMigrationSqlite() {
  return {{"indicators", 2, "observations with vintages and approval", kTable}};
}
std::vector<store::Migration> ObservationMigrationPg() {
  return {{"indicators", 2, "observations with vintages and approval", kTable}};
}

}  // namespace wcp::indicators
