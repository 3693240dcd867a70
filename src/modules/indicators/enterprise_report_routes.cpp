// The enterprises' monthly report routes:
//   GET  /api/v1/indicators/enterprise-reports            own reports (an enterprise), every report (the bureau)
//   POST /api/v1/indicators/enterprise-reports            send a month's report (an enterprise or its key)
//   POST /api/v1/indicators/enterprise-reports/{id}/approve | /reject
//   GET  /api/v1/indicators/reporting-rules               when reports are due, with their source
#include "modules/indicators/enterprise_report_routes.hpp"

#include <charconv>

#include "core/encoding.hpp"
#include "http/schema.hpp"

namespace wcp::indicators {
namespace {

using http::Request;
using http::Response;
using http::Role;

bool IsBureau(const Request& req) {
  return req.principal && (req.principal->role == Role::kAdmin || req.principal->role == Role::kAnalyst);
}

class EnterpriseReportRoutes {
 public:
  explicit EnterpriseReportRoutes(EnterpriseReportStore& reports) : reports_(reports) {}

  // An enterprise sees its own reports only (the scope is in the query); the
  // bureau sees every enterprise's, optionally by ?state.
  Result<Response> List(const Request& req) {
    EnterpriseReportFilter f;
    f.enterprise_id = req.principal->enterprise_id;
    if (!IsBureau(req) && !f.enterprise_id) return Status::Forbidden("only enterprises and the bureau see reports");
    if (auto it = req.query.find("state"); it != req.query.end()) {
      if (it->second != "submitted" && it->second != "approved" && it->second != "rejected") {
        return Status::Invalid("'state' must be submitted, approved or rejected", "state");
      }
      f.state = it->second;
    }
    WCP_ASSIGN_OR_RETURN(auto list, reports_.List(f));
    WCP_ASSIGN_OR_RETURN(int64_t total, reports_.Count(f));
    Json out = Json::array();
    for (const auto& r : list) out.push_back(EnterpriseReportJson(r, IsBureau(req)));
    return Response::Json({{"reports", out}, {"count", total}});
  }

  Result<Response> Submit(const Request& req) {
    if (!req.principal->enterprise_id) return Status::Forbidden("reports are sent by an enterprise's user or key");
    WCP_ASSIGN_OR_RETURN(Json body, req.JsonBody());
    WCP_ASSIGN_OR_RETURN(EnterpriseReport r, ParseEnterpriseReport(body, TodayInChina()));
    WCP_ASSIGN_OR_RETURN(auto rules, reports_.Rules());
    WCP_RETURN_IF_ERROR(CheckDuty(rules, r.period));
    r.enterprise_id = *req.principal->enterprise_id;
    r.submitted_by = req.principal->username;
    WCP_RETURN_IF_ERROR(reports_.Submit(r));
    Response res = Response::Json(EnterpriseReportJson(r, false), 201);
    res.About("enterprise_report", r.id, r.period);
    return res;
  }

  Result<Response> Approve(const Request& req) {
    WCP_ASSIGN_OR_RETURN(EnterpriseReport r, reports_.Decide(req.params.at("id"), req.principal->username, true, {}));
    return Decided(r);
  }

  Result<Response> Reject(const Request& req) {
    WCP_ASSIGN_OR_RETURN(Json body, req.JsonBody());
    WCP_RETURN_IF_ERROR(RejectUnknownFields(body, {"reason"}));
    WCP_ASSIGN_OR_RETURN(std::string reason, RequireString(body, "reason"));
    WCP_ASSIGN_OR_RETURN(reason, PlainText(reason, "reason", 1000));
    if (reason.empty()) return Status::Invalid("a rejection needs a reason", "reason").WithCode("required");
    WCP_ASSIGN_OR_RETURN(EnterpriseReport r,
                         reports_.Decide(req.params.at("id"), req.principal->username, false, reason));
    return Decided(r);
  }

  Result<Response> Rules(const Request&) {
    WCP_ASSIGN_OR_RETURN(auto rules, reports_.Rules());
    Json out = Json::array();
    for (const auto& r : rules) {
      out.push_back({{"form", r.form}, {"effective_from", r.effective_from},
                     {"due_working_days", r.due_working_days}, {"source", r.source}, {"is_demo", r.is_demo}});
    }
    return Response::Json({{"rules", out}});
  }

 private:
  static Result<Response> Decided(const EnterpriseReport& r) {
    Response res = Response::Json(EnterpriseReportJson(r, true));
    res.About("enterprise_report", r.id, r.period);
    return res;
  }

  EnterpriseReportStore& reports_;
};

}  // namespace

void AddEnterpriseReportRoutes(http::Router& router, EnterpriseReportStore& reports) {
  using namespace http::schema;
  router.DeclarePermission("indicators:report", "send the enterprise's monthly report and read its own reports");
  router.DeclareSchema("EnterpriseReport",
                       Object({{"id", String()},
                               {"enterprise_id", String()},
                               {"period", String("the month, YYYY-MM")},
                               {"sales", DecimalText("sales (turnover) of the month, 10,000 yuan")},
                               {"sales_last_year", DecimalText("the same month of last year, 10,000 yuan")},
                               {"state", Enum({"submitted", "approved", "rejected"})},
                               {"submitted_at", String()},
                               {"decided_at", Nullable(String())},
                               {"reason", Nullable(String("why it was rejected"))},
                               Optional("submitted_by", String("the bureau's view only")),
                               Optional("decided_by", Nullable(String("the bureau's view only")))}));
  auto self = std::make_shared<EnterpriseReportRoutes>(reports);
  const auto route = [self](Result<Response> (EnterpriseReportRoutes::*handler)(const Request&)) {
    return [self, handler](const Request& req) { return ((*self).*handler)(req); };
  };
  const std::vector<Role> bureau = {Role::kAdmin, Role::kAnalyst};
  const std::vector<Role> readers = {Role::kAdmin, Role::kAnalyst, Role::kEnterprise};
  router.Add({"GET", "/api/v1/indicators/enterprise-reports", route(&EnterpriseReportRoutes::List),
              "Enterprises' monthly reports, oldest first (at most 1,000): an enterprise sees its own; the bureau "
              "every enterprise's (?state=submitted is its review inbox).",
              0, http::Access::kAuthenticated, readers, "indicators:report"},
             {.response = Object({{"reports", ArrayOf(Ref("EnterpriseReport"))},
                                  {"count", Integer("how many match, beyond the 1,000 listed too")}}),
              .query = {{"state", "only reports in this state", Enum({"submitted", "approved", "rejected"})}}});
  router.Add({"POST", "/api/v1/indicators/enterprise-reports", route(&EnterpriseReportRoutes::Submit),
              "Send the enterprise's report for a month that has ended and that a reporting rule covers; 409 when "
              "that month's report was sent already (a rejected one may be sent again).",
              4096, http::Access::kAuthenticated, {Role::kEnterprise}, "indicators:report"},
             {.request = Object({{"period", String("YYYY-MM")},
                                 {"sales", AnyOf({DecimalText(), Number()}, "10,000 yuan")},
                                 {"sales_last_year", AnyOf({DecimalText(), Number()}, "10,000 yuan")}}),
              .response = Ref("EnterpriseReport"), .status = 201});
  router.Add({"POST", "/api/v1/indicators/enterprise-reports/{id}/approve", route(&EnterpriseReportRoutes::Approve),
              "Accept a submitted report.", 0, http::Access::kAuthenticated, bureau},
             {.response = Ref("EnterpriseReport")});
  router.Add({"POST", "/api/v1/indicators/enterprise-reports/{id}/reject", route(&EnterpriseReportRoutes::Reject),
              "Return a submitted report with a reason (the enterprise sees the reason and sends it again).", 4096,
              http::Access::kAuthenticated, bureau},
             {.request = Object({{"reason", String()}}), .response = Ref("EnterpriseReport")});
  router.Add({"GET", "/api/v1/indicators/reporting-rules", route(&EnterpriseReportRoutes::Rules),
              "When reports are due: working days after the month ends, from an effective date, with the source "
              "document (demo rules are marked).",
              0, http::Access::kAuthenticated, readers, "indicators:report"},
             {.response = Object({{"rules", ArrayOf(Object({{"form", String()}, {"effective_from", String()},
                                                            {"due_working_days", Integer()}, {"source", String()},
                                                            {"is_demo", Boolean()}}))}})});
}

}  // namespace wcp::indicators
