// The platform's HTTP routes: health, readiness, reference data, OpenAPI.
#include "platform/platform.hpp"
#include "platform/version.hpp"

#include "http/schema.hpp"
#include <algorithm>

namespace wcp::platform {
namespace {

// RFC 7807 as wcp sends it (http/router.hpp).
Json ProblemSchema() {
  using namespace http::schema;
  return Object({{"type", String("https://wcp.example/problems/<code>")},
                 {"title", String()},
                 {"status", Integer()},
                 Optional("detail", String("English, for API users and logs")),
                 Optional("code", String("a stable message code; clients word it from their catalog")),
                 Optional("params", AnyObject("the message's parameters (text)")),
                 Optional("field", String("the request field (or header, query parameter) at fault")),
                 Optional("request_id", String())});
}

Json Content(const std::string& type, const Json& schema) {
  Json c = Json::object();
  c[type]["schema"] = schema;
  return c;
}

Json PathParameters(const std::string& pattern) {
  Json params = Json::array();
  size_t pos = 0;
  while ((pos = pattern.find('{', pos)) != std::string::npos) {
    const size_t end = pattern.find('}', pos);
    std::string name = pattern.substr(pos + 1, end - pos - 1);
    if (!name.empty() && name.back() == '*') name.pop_back();  // "{path*}": the rest of the path
    params.push_back({{"name", name}, {"in", "path"}, {"required", true}, {"schema", {{"type", "string"}}}});
    pos = end;
  }
  return params;
}

Json Operation(const http::Route& r) {
  // Built member by member: a braced initializer of three items would
  // silently become a JSON array instead of an object.
  Json op = Json::object();
  op["summary"] = r.summary;
  Json ok = Json::object();
  ok["description"] = "Success";
  if (!r.doc.response.is_null()) ok["content"] = Content(r.doc.response_type, r.doc.response);
  for (const auto& [type, schema] : r.doc.other_content) ok["content"][type]["schema"] = schema;
  if (r.doc.other_status) op["responses"][std::to_string(r.doc.other_status)] = ok;
  op["responses"][std::to_string(r.doc.status)] = std::move(ok);
  Json problem = Json::object();
  problem["description"] = "RFC 7807 problem";
  problem["content"] = Content("application/problem+json", http::schema::Ref("Problem"));
  op["responses"]["default"] = std::move(problem);
  if (!r.doc.request.is_null()) {
    op["requestBody"]["required"] = true;
    op["requestBody"]["content"] = Content(r.doc.request_type, r.doc.request);
  }
  Json params = PathParameters(r.pattern);
  for (const auto& q : r.doc.query) {
    Json param = Json::object();
    param["name"] = q.name;
    param["in"] = "query";
    param["required"] = q.required;
    param["description"] = q.description;
    param["schema"] = q.schema;
    params.push_back(std::move(param));
  }
  if (!params.empty()) op["parameters"] = std::move(params);
  if (r.access == http::Access::kPublic) {
    op["security"] = Json::array();
  } else {
    if (!r.roles.empty()) {
      Json roles = Json::array();
      for (auto role : r.roles) roles.push_back(http::RoleName(role));
      op["x-roles"] = std::move(roles);
    }
    // What an API key must hold; null: not available to API keys.
    op["x-api-key-permission"] = r.permission.empty() ? Json(nullptr) : Json(r.permission);
  }
  return op;
}

}  // namespace

Json OpenApiDocument(const http::Router& router) {
  Json paths = Json::object();
  for (const auto& r : router.routes()) {
    std::string method = r.method;
    for (char& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string path = r.pattern;
    if (const size_t star = path.find("*}"); star != std::string::npos) path.erase(star, 1);
    paths[path][method] = Operation(r);
  }
  Json schemas = Json::object();
  for (const auto& [name, schema] : router.schemas()) schemas[name] = schema;
  schemas["Problem"] = ProblemSchema();
  return {{"openapi", "3.1.0"},
          {"info", {{"title", "wcp — West Coast Commerce Platform API"}, {"version", kVersion}}},
          {"paths", paths},
          {"components",
           {{"schemas", schemas},
            {"securitySchemes",
             {{"bearer", {{"type", "http"}, {"scheme", "bearer"}}},
              {"cookie", {{"type", "apiKey"}, {"in", "cookie"}, {"name", "wcp_session"}}}}}}},
          {"security", Json::array({{{"bearer", Json::array()}}, {{"cookie", Json::array()}}})}};
}

namespace {

// Every module's tasks for the caller, open ones first, then by due date.
Result<http::Response> TasksRoute(Platform& p, const http::Request& req) {
  const Date today = TodayInChina();
  std::vector<kit::Task> tasks;
  for (auto& m : p.modules) {
    WCP_ASSIGN_OR_RETURN(auto some, m->TasksFor(*req.principal, today));
    tasks.insert(tasks.end(), some.begin(), some.end());
  }
  const auto open = [](const kit::Task& t) { return t.state == "overdue" || t.state == "to_do" || t.state == "rejected"; };
  std::stable_sort(tasks.begin(), tasks.end(), [&](const kit::Task& a, const kit::Task& b) {
    if (open(a) != open(b)) return open(a);
    if (a.due.empty() != b.due.empty()) return b.due.empty();  // an unknown due date (no calendar yet) last
    return a.due < b.due;
  });
  Json out = Json::array();
  for (const auto& t : tasks) {
    out.push_back({{"module", t.module}, {"form", t.form}, {"period", t.period}, {"due", t.due},
                   {"state", t.state}, {"link", t.link}, {"submission_id", t.submission_id}});
  }
  return http::Response::Json({{"tasks", out}, {"today", FormatDate(today)}});
}

}  // namespace

void AddRoutes(Platform& p, http::Server& server) {
  p.auth->AddRoutes(server.router());
  server.SetAuthenticator([&p](const http::Request& req) { return p.auth->Authenticate(req); });
  server.SetAuditSink([&p](const http::Request& req, const http::Route& route, const http::Response& res) {
    p.auth->Audit(req, route, res);
  });
  http::Router& router = server.router();
  using namespace http::schema;
  AddLedgerRoutes(p, server);
  server.metrics().AddGauge("wcp_db_write_queue", "Write jobs waiting for the database writer.",
                            [&p] { return static_cast<double>(p.db->Stats().write_queue); });
  server.metrics().AddGauge("wcp_db_idle_connections", "Database connections free for reads.",
                            [&p] { return static_cast<double>(p.db->Stats().idle_connections); });
  router.Add({"GET", "/healthz", [](const http::Request&) -> Result<http::Response> {
                return http::Response::Json({{"status", "up"}});
              }, "The process is up.", 0, http::Access::kPublic, {}, "", /*non_blocking=*/true},
             {.response = Object({{"status", Enum({"up"})}})});
  router.Add({"GET", "/readyz", [&p](const http::Request&) -> Result<http::Response> {
                WCP_RETURN_IF_ERROR(p.db->Ping());
                WCP_RETURN_IF_ERROR(store::CheckSchemaCurrent(*p.db, AllMigrations()));
                for (auto& m : p.modules) WCP_RETURN_IF_ERROR(m->Ready().WithContext(std::string(m->name())));
                return http::Response::Json({{"status", "ready"}});
              }, "The database answers and its schema is current.", 0, http::Access::kPublic},
             {.response = Object({{"status", Enum({"ready"})}})});
  router.Add({"GET", "/api/v1/version", [](const http::Request&) -> Result<http::Response> {
                return http::Response::Json({{"version", kVersion}, {"commit", kCommit}});
              }, "Build version.", 0, http::Access::kPublic, {}, "", /*non_blocking=*/true},
             {.response = Object({{"version", String()}, {"commit", String()}})});
  for (auto& m : p.modules) m->AddRoutes(router);
  router.Add({"GET", "/api/v1/map/config", [&p](const http::Request&) -> Result<http::Response> {
                return http::Response::Json({{"tile_url", p.config.GetString("map.tile_url")},
                                             {"attribution", p.config.GetString("map.attribution")},
                                             {"review_number", p.config.GetString("map.review_number")}});
              }, "How maps are drawn: the configured tile service (天地图 or another with a 审图号), or, when none, "
                 "points on a plain background without borders.",
              0, http::Access::kAuthenticated},
             {.response = Object({{"tile_url", String("empty: offline, no tiles")}, {"attribution", String()},
                                  {"review_number", String("审图号")}})});
  router.Add({"GET", "/api/v1/me/tasks", [&p](const http::Request& req) { return TasksRoute(p, req); },
              "What the caller's enterprise must report, from every module: the period, the due date on the "
              "working-day calendar and the state (to_do, overdue, submitted, approved, rejected), soonest first.",
              0, http::Access::kAuthenticated},
             {.response = Object({{"tasks", ArrayOf(Object({{"module", String()}, {"form", String()},
                                                            {"period", String()},
                                                            {"due", String("YYYY-MM-DD; empty beyond the calendar")},
                                                            {"state", Enum({"to_do", "overdue", "submitted",
                                                                            "approved", "rejected"})},
                                                            {"link", String("the UI page of the form")},
                                                            {"submission_id", String()}}))},
                                  {"today", String("YYYY-MM-DD, China Standard Time")}})});
  router.Add({"GET", "/api/v1/openapi.json", [&server](const http::Request&) -> Result<http::Response> {
                return http::Response::Json(OpenApiDocument(server.router()));
              }, "This document.", 0, http::Access::kPublic},
             {.response = Object({{"openapi", String()}, {"info", AnyObject()}, {"paths", AnyObject()},
                                  {"components", AnyObject()}}, "OpenAPI 3.1")});
  router.Add({"GET", "/metrics", [&server](const http::Request&) -> Result<http::Response> {
                return http::Response::Text(server.metrics().Render() +
                                                "# HELP wcp_build_info Build version.\n# TYPE wcp_build_info gauge\n"
                                                "wcp_build_info{version=\"" + std::string(kVersion) + "\"} 1\n",
                                            "text/plain; version=0.0.4; charset=utf-8");
              }, "Prometheus metrics.", 0, http::Access::kPublic},
             {.response = String("Prometheus text exposition format 0.0.4"), .response_type = "text/plain"});
}

}  // namespace wcp::platform
