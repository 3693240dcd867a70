// AlertStore over store::Tx: one class and one SQL text for both backends
// (the migration spells the auto-numbered key per backend).
#include "modules/prices/alerts.hpp"
#include "core/date.hpp"

#include <chrono>
#include <map>

#include <spdlog/spdlog.h>

#include "core/ids.hpp"
#include "http/client.hpp"

namespace wcp::prices {
namespace {

constexpr const char* kColumns =
    "id, rule, commodity, level, severity, status, first_date, last_date, recommended_action, source, details";

Alert Decode(const store::Row& r) {
  Alert a;
  a.id = r.Int(0);
  a.rule = r.Text(1);
  a.commodity = r.Text(2);
  a.level = r.Text(3);
  a.severity = static_cast<int>(r.Int(4));
  a.status = r.Text(5);
  a.first_date = r.Text(6);
  a.last_date = r.Text(7);
  a.recommended_action = r.Text(8);
  a.source = r.Text(9);
  a.details = Json::parse(r.Text(10), nullptr, /*allow_exceptions=*/false);
  if (a.details.is_discarded()) a.details = Json::object();
  return a;
}

Status AddStep(store::Tx& tx, int64_t id, const std::string& by, const std::string& action, const std::string& note) {
  return tx.Execute("INSERT INTO prices_alert_steps (alert_id, at, by_user, action, note) VALUES ($1, $2, $3, $4, $5)",
                    id, NowUtcText(), by, action, note)
      .status();
}

int64_t NowSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

class AlertStoreImpl final : public AlertStore {
 public:
  AlertStoreImpl(store::Database& db, Webhooks hooks) : db_(db), hooks_(std::move(hooks)) {}

  Result<std::vector<Alert>> Raise(const std::vector<Condition>& conditions, const std::string& date) override {
    std::vector<Alert> raised;
    WCP_RETURN_IF_ERROR(db_.Write([&](store::Tx& tx) -> Status {
      raised.clear();
      for (const auto& c : conditions) {
        WCP_ASSIGN_OR_RETURN(auto row, tx.QueryOne(std::string("SELECT ") + kColumns +
                                                       " FROM prices_alerts WHERE rule = $1 AND commodity = $2 AND "
                                                       "status <> 'closed'" + std::string(tx.ForUpdate()),
                                                   c.rule, c.commodity));
        if (!row) {
          WCP_ASSIGN_OR_RETURN(auto id, tx.QueryOne("INSERT INTO prices_alerts (rule, commodity, level, severity, status, "
                                                    "first_date, last_date, recommended_action, source, details) VALUES "
                                                    "($1, $2, $3, $4, 'open', $5, $5, $6, $7, $8) RETURNING id",
                                                    c.rule, c.commodity, c.level, c.severity, date,
                                                    c.recommended_action, c.source, DumpJson(c.details)));
          if (!id) return Status::Internal("the alert was not stored");
          WCP_RETURN_IF_ERROR(AddStep(tx, id->Int(0), "wcp", "opened", ""));
          WCP_ASSIGN_OR_RETURN(Alert a, Find(tx, id->Int(0)));
          WCP_RETURN_IF_ERROR(Queue(tx, a, "opened"));
          raised.push_back(std::move(a));
          continue;
        }
        Alert a = Decode(*row);
        const bool rises = c.severity > a.severity;
        WCP_RETURN_IF_ERROR(tx.Execute("UPDATE prices_alerts SET last_date = CASE WHEN last_date < $2 THEN $2 ELSE "
                                       "last_date END, level = $3, severity = $4, recommended_action = $5, details = $6 "
                                       "WHERE id = $1",
                                       a.id, date, rises ? c.level : a.level, rises ? c.severity : a.severity,
                                       rises ? c.recommended_action : a.recommended_action,
                                       rises ? DumpJson(c.details) : DumpJson(a.details))
                                .status());
        if (rises) {
          WCP_RETURN_IF_ERROR(AddStep(tx, a.id, "wcp", "escalated", a.level + " → " + c.level));
          WCP_ASSIGN_OR_RETURN(Alert updated, Find(tx, a.id));
          WCP_RETURN_IF_ERROR(Queue(tx, updated, "escalated"));
          raised.push_back(std::move(updated));
        }
      }
      return Status::Ok();
    }));
    return raised;
  }

  Result<std::vector<Alert>> List(const std::string& status) override {
    std::vector<Alert> out;
    WCP_RETURN_IF_ERROR(db_.Read([&](store::Tx& tx) -> Status {
      WCP_ASSIGN_OR_RETURN(store::Rows rows, tx.Query(std::string("SELECT ") + kColumns +
                                                          " FROM prices_alerts WHERE ($1 = '' OR status = $1) ORDER BY "
                                                          "id DESC LIMIT 500",
                                                      status));
      out.clear();
      std::map<int64_t, size_t> index;
      for (const auto& r : rows) {
        index[r.Int(0)] = out.size();
        out.push_back(Decode(r));
      }
      if (out.empty()) return Status::Ok();
      WCP_ASSIGN_OR_RETURN(store::Rows steps, tx.Query("SELECT alert_id, at, by_user, action, note FROM "
                                                       "prices_alert_steps WHERE alert_id >= $1 ORDER BY seq",
                                                       out.back().id));
      for (const auto& s : steps) {
        if (auto it = index.find(s.Int(0)); it != index.end()) {
          out[it->second].steps.push_back({s.Text(1), s.Text(2), s.Text(3), s.Text(4)});
        }
      }
      return Status::Ok();
    }));
    return out;
  }

  Result<Alert> Step(int64_t id, const std::string& action, const std::string& by, const std::string& note) override {
    Alert result;
    WCP_RETURN_IF_ERROR(db_.Write([&](store::Tx& tx) -> Status {
      WCP_ASSIGN_OR_RETURN(Alert a, Find(tx, id));
      std::string to = a.status;
      if (action == "acknowledge") {
        if (a.status != "open") return Refused(a.status, action);
        to = "acknowledged";
      } else if (action == "close") {
        if (a.status == "closed") return Refused(a.status, action);
        to = "closed";
      } else if (action != "note") {
        return Status::Invalid("unknown step '" + action + "'", "action");
      }
      WCP_RETURN_IF_ERROR(tx.Execute("UPDATE prices_alerts SET status = $2 WHERE id = $1", id, to).status());
      WCP_RETURN_IF_ERROR(AddStep(tx, id, by, action == "acknowledge" ? "acknowledged" : action == "close" ? "closed" : "note", note));
      WCP_ASSIGN_OR_RETURN(result, Find(tx, id));
      return Status::Ok();
    }));
    return result;
  }

 private:
  // The alert's delivery to every configured URL, signed.
  Status Queue(store::Tx& tx, const Alert& a, const std::string& event) {
    if (hooks_.urls.empty()) return Status::Ok();
    const std::string body = DumpJson({{"event", "price-alert." + event}, {"alert", AlertJson(a)}});
    const std::string signature = "sha256=" + KeyedHash(hooks_.secret, body);
    for (const auto& url : hooks_.urls) {
      WCP_RETURN_IF_ERROR(tx.Execute("INSERT INTO prices_webhook_outbox (alert_id, event, url, body, signature, "
                                     "attempts, next_try_at, delivered_at, last_error) VALUES ($1, $2, $3, $4, $5, 0, "
                                     "$6, '', '')",
                                     a.id, "price-alert." + event, url, body, signature, NowSeconds())
                              .status());
    }
    return Status::Ok();
  }

  static Status Refused(const std::string& status, const std::string& action) {
    return Status::Conflict("the alert is " + status + ": it cannot " + action)
        .WithCode("alert-state", {{"state", status}});
  }

  static Result<Alert> Find(store::Tx& tx, int64_t id) {
    WCP_ASSIGN_OR_RETURN(auto row, tx.QueryOne(std::string("SELECT ") + kColumns + " FROM prices_alerts WHERE id = $1" +
                                                   std::string(tx.ForUpdate()),
                                               id));
    if (!row) return Status::NotFound("no alert " + std::to_string(id));
    Alert a = Decode(*row);
    WCP_ASSIGN_OR_RETURN(store::Rows steps, tx.Query("SELECT at, by_user, action, note FROM prices_alert_steps WHERE "
                                                     "alert_id = $1 ORDER BY seq",
                                                     id));
    for (const auto& s : steps) a.steps.push_back({s.Text(0), s.Text(1), s.Text(2), s.Text(3)});
    return a;
  }

  store::Database& db_;
  const Webhooks hooks_;
};

}  // namespace

Status DeliverDueWebhooks(store::Database& db) {
  constexpr int kMaxAttempts = 10;
  store::Rows due;
  WCP_RETURN_IF_ERROR(db.Read([&](store::Tx& tx) -> Status {
    WCP_ASSIGN_OR_RETURN(due, tx.Query("SELECT id, event, url, body, signature, attempts FROM prices_webhook_outbox "
                                       "WHERE delivered_at = '' AND attempts < $1 AND next_try_at <= $2 ORDER BY id "
                                       "LIMIT 20",
                                       kMaxAttempts, NowSeconds()));
    return Status::Ok();
  }));
  for (const auto& d : due) {
    const Status sent = http::PostJson(d.Text(2), d.Text(3), {{"X-WCP-Event", d.Text(1)}, {"X-WCP-Signature", d.Text(4)}});
    const int64_t attempts = d.Int(5) + 1;
    WCP_RETURN_IF_ERROR(db.Write([&](store::Tx& tx) -> Status {
      return tx.Execute("UPDATE prices_webhook_outbox SET attempts = $2, delivered_at = $3, last_error = $4, "
                        "next_try_at = $5 WHERE id = $1",
                        d.Int(0), attempts, sent.ok() ? NowUtcText() : std::string(), sent.ok() ? "" : sent.ToString(),
                        NowSeconds() + (int64_t{30} << std::min<int64_t>(attempts - 1, 10)))
          .status();
    }));
  }
  return Status::Ok();
}

Json AlertJson(const Alert& a) {
  Json steps = Json::array();
  for (const auto& s : a.steps) steps.push_back({{"at", s.at}, {"by", s.by}, {"action", s.action}, {"note", s.note}});
  return {{"id", a.id},       {"rule", a.rule},         {"commodity", a.commodity},
          {"level", a.level}, {"status", a.status},     {"first_date", a.first_date},
          {"last_date", a.last_date}, {"recommended_action", a.recommended_action},
          {"source", a.source}, {"details", a.details}, {"steps", steps}};
}

std::unique_ptr<AlertStore> OpenAlertStore(store::Database& db, Webhooks hooks) {
  return std::make_unique<AlertStoreImpl>(db, std::move(hooks));
}

store::Migration WebhookMigration(bool postgres) {
  const std::string key = postgres ? "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY" : "INTEGER PRIMARY KEY";
  return {"prices", 4, "the signed deliveries of price alerts to webhooks", R"SQL(
CREATE TABLE prices_webhook_outbox (
  id )SQL" + key + R"SQL(,
  alert_id BIGINT NOT NULL REFERENCES prices_alerts(id),
  event TEXT NOT NULL,
  url TEXT NOT NULL,
  body TEXT NOT NULL,
  signature TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  next_try_at BIGINT NOT NULL,
  delivered_at TEXT NOT NULL,
  last_error TEXT NOT NULL
);
CREATE INDEX prices_webhook_outbox_due ON prices_webhook_outbox (delivered_at, next_try_at);
)SQL"};
}

store::Migration AlertMigration(bool postgres) {
  const std::string key = postgres ? "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY" : "INTEGER PRIMARY KEY";
  return {"prices", 2, "alerts with their lifecycle", R"SQL(
CREATE TABLE prices_alerts (
  id )SQL" + key + R"SQL(,
  rule TEXT NOT NULL,
  commodity TEXT NOT NULL,
  level TEXT NOT NULL,
  severity INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'acknowledged', 'closed')),
  first_date TEXT NOT NULL,
  last_date TEXT NOT NULL,
  recommended_action TEXT NOT NULL,
  source TEXT NOT NULL,
  details TEXT NOT NULL
);
CREATE UNIQUE INDEX prices_alerts_live ON prices_alerts (rule, commodity) WHERE status <> 'closed';
CREATE TABLE prices_alert_steps (
  seq )SQL" + key + R"SQL(,
  alert_id BIGINT NOT NULL REFERENCES prices_alerts(id),
  at TEXT NOT NULL,
  by_user TEXT NOT NULL,
  action TEXT NOT NULL,
  note TEXT NOT NULL
);
CREATE INDEX prices_alert_steps_alert ON prices_alert_steps (alert_id);
)SQL"};
}

}  // namespace wcp::prices
