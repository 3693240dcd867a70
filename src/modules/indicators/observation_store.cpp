// ObservationStore over store::Tx: one class and one SQL text for both
// backends ($n parameters bind by number on both).
#include "modules/indicators/observation_store.hpp"
#include "core/date.hpp"

#include "modules/indicators/indicator_store.hpp"

#include <charconv>
#include <chrono>

#include "core/ids.hpp"
#include "ledger/log_store.hpp"

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

// What every reader of an observation relies on (DecimalNumber, PeriodYear):
// a stored row that breaks it is a fault of the database, reported, never
// a thrown exception or a silent zero.
Status CheckStoredValues(const Observation& o) {
  const auto fault = [&](const std::string& what) {
    return Status::Internal("observation '" + o.id + "' in the database: " + what);
  };
  if (!IsDecimalText(o.level)) return fault("level '" + o.level + "' is not a decimal");
  if (o.yoy_growth && !IsDecimalText(*o.yoy_growth)) return fault("yoy_growth '" + *o.yoy_growth + "' is not a decimal");
  auto period = Period::Parse(o.period);
  if (!period.ok() || PeriodTypeName(period->type()) != o.period_type) {
    return fault("period '" + o.period + "' is not a canonical " + o.period_type + " period");
  }
  return Status::Ok();
}

// The row as stored, values unchecked (the ledger audit needs exactly what
// is there, to report an altered record rather than fail on it).
Result<Observation> DecodeAsStored(const store::Row& r) {
  Observation o;
  o.id = r.Text(0);
  o.indicator = r.Text(1);
  o.period = r.Text(2);
  o.period_type = r.Text(3);
  o.level = r.Text(4);
  o.yoy_growth = r.OptionalText(5);
  o.source = r.Text(6);
  o.release = r.Text(7);
  const std::string state = r.Text(8);
  if (state == "approved") o.state = ObservationState::kApproved;
  else if (state == "rejected") o.state = ObservationState::kRejected;
  else if (state == "draft") o.state = ObservationState::kDraft;
  else if (state == "submitted") o.state = ObservationState::kSubmitted;
  else return Status::Internal("observation '" + o.id + "' has the unknown state '" + state + "' in the database");
  o.submitted_by = r.Text(9);
  o.submitted_at = r.Text(10);
  o.decided_by = r.OptionalText(11);
  o.decided_at = r.OptionalText(12);
  o.reason = r.OptionalText(13);
  if (auto idx = r.OptionalInt(14)) o.ledger_index = static_cast<uint64_t>(*idx);
  return o;
}

// The row for every other reader: values checked (CheckStoredValues).
Result<Observation> Decode(const store::Row& r) {
  WCP_ASSIGN_OR_RETURN(Observation o, DecodeAsStored(r));
  WCP_RETURN_IF_ERROR(CheckStoredValues(o));
  return o;
}

Status CheckSubmitDraft(const Observation& o, const std::string& author) {
  if (o.state != ObservationState::kDraft) return Status::Conflict("observation is not a draft").WithCode("not-a-draft");
  if (o.submitted_by != author) return Status::Forbidden("only the author submits a draft").WithCode("not-the-author");
  return Status::Ok();
}

// Shared decision rules, applied inside the backend's transaction.
Status CheckDecision(const Observation& o, const std::string& decider, bool approving) {
  if (o.state != ObservationState::kSubmitted) {
    return Status::Conflict("observation is " + std::string(StateName(o.state)) +
                            "; only submitted observations are decided (approved values change only by a new vintage)");
  }
  if (approving && o.submitted_by == decider) {
    return Status::Forbidden("an observation must be approved by someone other than its submitter")
        .WithCode("own-submission");
  }
  return Status::Ok();
}

// A decimal stored as text, parsed with a checked function: a value that is
// not a number fails loudly instead of throwing past the boundary.
Result<double> StoredDecimal(const std::string& text, const std::string& what) {
  double v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size()) {
    return Status::Internal("the stored " + what + " '" + text + "' is not a decimal number");
  }
  return v;
}

std::optional<int64_t> OptIndex(const std::optional<uint64_t>& v) {
  return v ? std::optional<int64_t>(static_cast<int64_t>(*v)) : std::nullopt;
}

// One class for both backends over store::Tx.
class ObservationStoreImpl final : public ObservationStore {
 public:
  explicit ObservationStoreImpl(store::Database& db) : db_(db) {}

  Status Submit(std::vector<Observation>& list, bool as_draft) override {
    return db_.Write([&](store::Tx& tx) -> Status {
      for (auto& o : list) {
        WCP_ASSIGN_OR_RETURN(auto known, tx.QueryOne("SELECT 1 FROM indicators WHERE code = $1", o.indicator));
        if (!known) return Status::NotFound("no indicator '" + o.indicator + "'");
        o.id = NewUuidV7();
        o.submitted_at = NowUtcText();
        o.state = as_draft ? ObservationState::kDraft : ObservationState::kSubmitted;
        WCP_RETURN_IF_ERROR(tx.Execute(kInsert, o.id, o.indicator, o.period, o.period_type, o.level, o.yoy_growth,
                                       o.source, o.release, StateName(o.state), o.submitted_by, o.submitted_at)
                                .status());
      }
      return BumpVersion(tx);
    });
  }

  Result<std::vector<Observation>> List(const std::string& indicator) override {
    return Read(std::string("SELECT ") + kColumns +
                    " FROM indicator_observations WHERE indicator = $1 ORDER BY period, submitted_at, id",
                indicator);
  }

  Result<std::vector<Observation>> Submitted(int limit) override {
    return Read(std::string("SELECT ") + kColumns +
                    " FROM indicator_observations WHERE state = $1 ORDER BY submitted_at, id LIMIT " +
                    std::to_string(std::max(1, limit)),
                "submitted");
  }

  Result<Observation> Get(const std::string& id) override {
    WCP_ASSIGN_OR_RETURN(auto out, Read(std::string("SELECT ") + kColumns + " FROM indicator_observations WHERE id = $1", id));
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
    WCP_RETURN_IF_ERROR(db_.Read([&](store::Tx& tx) -> Status {
      WCP_ASSIGN_OR_RETURN(store::Rows rows, tx.Query(kRecentGrowth, indicator, period_type, limit));
      for (const auto& r : rows) {
        WCP_ASSIGN_OR_RETURN(double g, StoredDecimal(r.Text(0), "yoy_growth of " + indicator));
        out.push_back(g);
      }
      return Status::Ok();
    }));
    return out;
  }

  Result<Observation> SubmitDraft(const std::string& id, const std::string& author) override {
    Observation o;
    WCP_RETURN_IF_ERROR(db_.Write([&](store::Tx& tx) -> Status {
      WCP_ASSIGN_OR_RETURN(auto found, Find(tx, id));
      o = std::move(found);
      WCP_RETURN_IF_ERROR(CheckSubmitDraft(o, author));
      o.state = ObservationState::kSubmitted;
      o.submitted_at = NowUtcText();
      WCP_RETURN_IF_ERROR(tx.Execute(kSubmitDraft, o.submitted_at, id).status());
      return BumpVersion(tx);
    }));
    return o;
  }

  // As stored, unchecked: an altered value is the audit's finding, not an error.
  Result<std::map<std::string, std::string>> ApprovedCanonical(const std::optional<std::string>& only_id) override {
    std::map<std::string, std::string> m;
    WCP_RETURN_IF_ERROR(db_.Read([&](store::Tx& tx) -> Status {
      WCP_ASSIGN_OR_RETURN(store::Rows rows,
                           tx.Query(std::string("SELECT ") + kColumns +
                                        " FROM indicator_observations WHERE state = $1 AND ($2 = '' OR id = $2)",
                                    "approved", only_id.value_or("")));
      for (const auto& r : rows) {
        WCP_ASSIGN_OR_RETURN(Observation o, DecodeAsStored(r));
        m[o.id] = CanonicalBytes(o);
      }
      return Status::Ok();
    }));
    return m;
  }

 private:
  static Result<std::vector<Observation>> Decoded(const store::Rows& rows) {
    std::vector<Observation> out;
    out.reserve(rows.size());
    for (const auto& r : rows) {
      WCP_ASSIGN_OR_RETURN(Observation o, Decode(r));
      out.push_back(std::move(o));
    }
    return out;
  }

  Result<std::vector<Observation>> Read(const std::string& sql, const std::string& arg) {
    std::vector<Observation> out;
    WCP_RETURN_IF_ERROR(db_.Read([&](store::Tx& tx) -> Status {
      WCP_ASSIGN_OR_RETURN(store::Rows rows, tx.Query(sql, arg));
      WCP_ASSIGN_OR_RETURN(out, Decoded(rows));
      return Status::Ok();
    }));
    return out;
  }

  static Result<Observation> Find(store::Tx& tx, const std::string& id) {
    WCP_ASSIGN_OR_RETURN(store::Rows rows, tx.Query(std::string("SELECT ") + kColumns +
                                                        " FROM indicator_observations WHERE id = $1" + std::string(tx.ForUpdate()),
                                                    id));
    if (rows.empty()) return Status::NotFound("no observation '" + id + "'");
    return Decode(rows[0]);
  }

  Result<std::vector<Observation>> Decide(const std::vector<std::string>& ids, const std::string& decider,
                                          ObservationState to, std::optional<std::string> reason) {
    std::vector<Observation> decided;
    WCP_RETURN_IF_ERROR(db_.Write([&](store::Tx& tx) -> Status {
      decided.clear();
      for (const auto& id : ids) {
        WCP_ASSIGN_OR_RETURN(Observation o, Find(tx, id));
        WCP_RETURN_IF_ERROR(CheckDecision(o, decider, to == ObservationState::kApproved));
        o.state = to;
        o.decided_by = decider;
        o.decided_at = NowUtcText();
        o.reason = reason;
        if (to == ObservationState::kApproved) {
          WCP_ASSIGN_OR_RETURN(o.ledger_index, ledger::AppendInTransaction(tx, {kLedgerKind, o.id, CanonicalBytes(o)}));
        }
        WCP_ASSIGN_OR_RETURN(int64_t n, tx.Execute(kDecide, StateName(to), decider, *o.decided_at, o.reason,
                                                   OptIndex(o.ledger_index), id));
        if (n != 1) return Status::Conflict("observation '" + id + "' was decided concurrently").WithCode("decided-concurrently");
        decided.push_back(std::move(o));
      }
      return BumpVersion(tx);
    }));
    return decided;
  }

  store::Database& db_;
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
  return std::make_unique<ObservationStoreImpl>(db);
}

std::vector<store::Migration> ObservationMigrationSqlite() {
  return {{"indicators", 2, "observations with vintages and approval", kTable}};
}
std::vector<store::Migration> ObservationMigrationPg() {
  return {{"indicators", 2, "observations with vintages and approval", kTable}};
}

}  // namespace wcp::indicators
