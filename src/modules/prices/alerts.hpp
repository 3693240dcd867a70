// modules/prices/alerts.hpp — warnings as alerts with a lifecycle: open →
// acknowledged → closed, every step with who and when and an optional note.
// An alert is deduplicated while its condition persists: the same rule and
// commodity keep one open alert, whose last day (and level, when it rises)
// follow the condition; a rise in level is recorded as a step.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <optional>
#include <string>
#include <vector>

#include "core/json.hpp"
#include "core/status.hpp"
#include "store/database.hpp"

namespace wcp::prices {

// A condition found on a day, before deduplication.
struct Condition {
  std::string rule;       // qingdao_fluctuation, essential_weekly, pig_grain
  std::string commodity;  // a commodity code ("live_hog" for the pig-grain ratio)
  std::string level;      // IV/III/II; 3/2/1
  int severity = 0;       // higher is worse (orders levels within a rule)
  std::string recommended_action;
  std::string source;     // the rule's document
  Json details;           // the figures that met it
};

struct AlertStep {
  std::string at, by, action, note;  // action: opened, escalated, acknowledged, closed, note
};

struct Alert {
  int64_t id = 0;
  std::string rule, commodity, level;
  int severity = 0;
  std::string status = "open";  // open, acknowledged, closed
  std::string first_date, last_date;
  std::string recommended_action, source;
  Json details;
  std::vector<AlertStep> steps;
};

Json AlertJson(const Alert& a);

class AlertStore {
 public:
  virtual ~AlertStore() = default;
  // Opens an alert for each condition without one that is not closed, or
  // follows the existing one (last day; level when it rises). Returns the
  // alerts opened or escalated (what is delivered).
  // Each raised alert is queued, in the same transaction, for every URL of
  // `hooks` (signed with its secret; see WebhookWorker).
  [[nodiscard]] virtual Result<std::vector<Alert>> Raise(const std::vector<Condition>& conditions,
                                                         const std::string& date) = 0;
  // status: open, acknowledged, closed, or empty for all; newest first, at most 500.
  [[nodiscard]] virtual Result<std::vector<Alert>> List(const std::string& status) = 0;
  // acknowledge (open → acknowledged), close (open or acknowledged → closed),
  // note (any); kConflict (code alert-state) for a step its state refuses.
  [[nodiscard]] virtual Result<Alert> Step(int64_t id, const std::string& action, const std::string& by,
                                           const std::string& note) = 0;
};

// Where raised alerts go: URLs and the HMAC key of their signature header.
struct Webhooks {
  std::vector<std::string> urls;
  std::string secret;
};

std::unique_ptr<AlertStore> OpenAlertStore(store::Database& db, Webhooks hooks = {});

// Delivering queued alerts: posts each due delivery (the body as queued,
// headers X-WCP-Event and X-WCP-Signature: sha256=HMAC(secret, body)).
// Posts the queued deliveries that are due (at most 20 a call), each once:
// a failure is retried after 30 s, doubling, at most 10 times. The module
// runs it every 2 s on a kit::PeriodicWorker.
Status DeliverDueWebhooks(store::Database& db);

// The alert tables (prices migration 2), for both backends.
store::Migration AlertMigration(bool postgres);
store::Migration WebhookMigration(bool postgres);

}  // namespace wcp::prices
