// The platform's HTTP routes: health, readiness, reference data, OpenAPI.
#include "platform/platform.hpp"
#include "platform/version.hpp"

namespace wcp::platform {
namespace {

// RFC 7807 as wcp sends it (http/router.hpp).
Json ProblemSchema() {
  Json props = Json::object();
  for (const char* text : {"type", "title", "detail", "field", "request_id"}) props[text]["type"] = "string";
  props["status"]["type"] = "integer";
  Json schema = Json::object();
  schema["type"] = "object";
  schema["required"] = Json::array({"type", "title", "status"});
  schema["properties"] = std::move(props);
  return schema;
}

}  // namespace

Json OpenApiDocument(const http::Router& router) {
  Json paths = Json::object();
  for (const auto& r : router.routes()) {
    std::string method = r.method;
    for (char& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    // Built member by member: a braced initializer of three items would
    // silently become a JSON array instead of an object.
    Json problem = Json::object();
    problem["description"] = "RFC 7807 problem";
    problem["content"]["application/problem+json"]["schema"]["$ref"] = "#/components/schemas/Problem";
    Json op = Json::object();
    op["summary"] = r.summary;
    op["responses"]["200"]["description"] = "OK";
    op["responses"]["default"] = std::move(problem);
    Json params = Json::array();
    size_t pos = 0;
    while ((pos = r.pattern.find('{', pos)) != std::string::npos) {
      const size_t end = r.pattern.find('}', pos);
      params.push_back({{"name", r.pattern.substr(pos + 1, end - pos - 1)},
                        {"in", "path"},
                        {"required", true},
                        {"schema", {{"type", "string"}}}});
      pos = end;
    }
    if (!params.empty()) op["parameters"] = params;
    if (r.access == http::Access::kPublic) {
      op["security"] = Json::array();
    } else if (!r.roles.empty()) {
      Json roles = Json::array();
      for (auto role : r.roles) roles.push_back(http::RoleName(role));
      op["x-roles"] = std::move(roles);
    }
    if (r.access != http::Access::kPublic) {
      // What an API key must hold; null: not available to API keys.
      op["x-api-key-permission"] = r.permission.empty() ? Json(nullptr) : Json(r.permission);
    }
    paths[r.pattern][method] = op;
  }
  return {{"openapi", "3.1.0"},
          {"info", {{"title", "wcp — West Coast Commerce Platform API"}, {"version", kVersion}}},
          {"paths", paths},
          {"components",
           {{"schemas", {{"Problem", ProblemSchema()}}},
            {"securitySchemes",
             {{"bearer", {{"type", "http"}, {"scheme", "bearer"}}},
              {"cookie", {{"type", "apiKey"}, {"in", "cookie"}, {"name", "wcp_session"}}}}}}},
          {"security", Json::array({{{"bearer", Json::array()}}, {{"cookie", Json::array()}}})}};
}

void AddRoutes(Platform& p, http::Server& server) {
  p.auth->AddRoutes(server.router());
  server.SetAuthenticator([&p](const http::Request& req) { return p.auth->Authenticate(req); });
  server.SetAuditSink([&p](const http::Request& req, const http::Route& route, int status) {
    p.auth->Audit(req, route, status);
  });
  auto add = [&server](http::Route r) { server.AddRoute(std::move(r)); };
  AddLedgerRoutes(p, server);
  server.metrics().AddGauge("wcp_db_write_queue", "Write jobs waiting for the database writer.",
                            [&p] { return static_cast<double>(p.db->Stats().write_queue); });
  server.metrics().AddGauge("wcp_db_idle_connections", "Database connections free for reads.",
                            [&p] { return static_cast<double>(p.db->Stats().idle_connections); });
  add({"GET", "/healthz", [](const http::Request&) -> Result<http::Response> {
                return http::Response::Json({{"status", "up"}});
              }, "The process is up.", 0, http::Access::kPublic, {}, "", /*non_blocking=*/true});
  add({"GET", "/readyz", [&p](const http::Request&) -> Result<http::Response> {
                WCP_RETURN_IF_ERROR(p.db->Ping());
                WCP_RETURN_IF_ERROR(store::CheckSchemaCurrent(*p.db, AllMigrations()));
                for (auto& m : p.modules) WCP_RETURN_IF_ERROR(m->Ready().WithContext(std::string(m->name())));
                return http::Response::Json({{"status", "ready"}});
              }, "The database answers and its schema is current.", 0, http::Access::kPublic});
  add({"GET", "/api/v1/version", [](const http::Request&) -> Result<http::Response> {
                return http::Response::Json({{"version", kVersion}, {"commit", kCommit}});
              }, "Build version.", 0, http::Access::kPublic, {}, "", /*non_blocking=*/true});
  for (auto& m : p.modules) m->AddRoutes(server.router());
  add({"GET", "/api/v1/openapi.json", [&server](const http::Request&) -> Result<http::Response> {
                return http::Response::Json(OpenApiDocument(server.router()));
              }, "This document.", 0, http::Access::kPublic});
  add({"GET", "/metrics", [&server](const http::Request&) -> Result<http::Response> {
         return http::Response::Text(server.metrics().Render() +
                                         "# HELP wcp_build_info Build version.\n# TYPE wcp_build_info gauge\n"
                                         "wcp_build_info{version=\"" + std::string(kVersion) + "\"} 1\n",
                                     "text/plain; version=0.0.4; charset=utf-8");
       }, "Prometheus metrics.", 0, http::Access::kPublic});
}

}  // namespace wcp::platform
