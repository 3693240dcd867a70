// http/router.hpp — requests, responses, routes and the problem+json errors.
//
// Handlers are plain functions from Request to Response; they run on the
// worker pool (never on an I/O thread), so they may block on the database.
// Errors leave handlers as Status values and become RFC 7807 bodies here.
#pragma once

#include <functional>
#include <optional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.hpp"
#include "core/status.hpp"

namespace wcp::http {

// The closed set of roles. A route's declared roles are the only place its
// access is stated. The database holds the same names in its `roles`
// reference table (auth migration 4; users.role references it): adding a
// role is a value here, in kAllRoles and RoleName, and a migration
// inserting its row (a conformance test checks the two agree).
enum class Role {
  kAdmin,      // manages users, enterprises, keys; sees the audit trail
  kAnalyst,    // bureau staff: enters and approves statistics, sees everything
  kInspector,  // field inspections, market monitoring
  kEnterprise, // staff of one enterprise (or its API key): sees and writes only its data
};
inline constexpr Role kAllRoles[] = {Role::kAdmin, Role::kAnalyst, Role::kInspector, Role::kEnterprise};
std::string_view RoleName(Role r);  // "admin", "analyst", "inspector", "enterprise"
Result<Role> ParseRole(std::string_view name);

// Who is calling, as established by the authenticator (auth component).
struct Principal {
  std::string user_id;
  std::string username;
  std::string display_name;
  Role role = Role::kEnterprise;
  std::optional<std::string> enterprise_id;  // the only enterprise whose data it may touch
  std::vector<std::string> permissions;      // API keys: the scopes granted; users: empty
  bool via_cookie = false;                   // cookie sessions need a CSRF token on writes
  std::string csrf_token;
  bool IsApiKey() const { return user_id.rfind("apikey:", 0) == 0; }
};

struct Request {
  std::string method;
  std::string target;  // raw path + query
  std::string path;    // decoded path, no query
  std::map<std::string, std::string> query;
  std::map<std::string, std::string> params;  // from {name} segments of the route
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  std::string request_id;
  std::string client_address;
  std::optional<Principal> principal;  // set for non-public routes

  std::string Header(std::string_view name) const;
  // The body parsed with the strict JSON rules (duplicate keys, depth).
  Result<Json> JsonBody() const;
  // A true/false query parameter: false when absent; any value but "true" or
  // "false" is kInvalid naming it (a preview asked as ?dry_run=yes must not store).
  Result<bool> Flag(const std::string& name) const;
};

// The record a write touched, for the audit trail ("observation", its id,
// a name a person recognises: the indicator and period).
struct AuditedRecord {
  std::string kind;
  std::string id;
  std::string name;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  std::optional<AuditedRecord> record;  // what the write touched, when it names one
  bool changed_nothing = false;         // a write-method request that stored nothing (a preview): not audited

  // Names the touched record for the audit trail; returns *this for chaining.
  Response& About(std::string kind, std::string id, std::string name = "") {
    record = AuditedRecord{std::move(kind), std::move(id), std::move(name)};
    return *this;
  }

  static Response Json(const wcp::Json& j, int status = 200);
  static Response Text(std::string text, std::string content_type = "text/plain; charset=utf-8");
};

// HTTP status for an error code (Invalid→400, Unauthorized→401, Forbidden→403,
// NotFound→404, Conflict→409, TooLarge→413, Busy→503 …).
int HttpStatus(ErrorCode code);
// An RFC 7807 application/problem+json response for `status`:
// {"type": "https://wcp.example/problems/<code>", "title", "status", "detail",
//  "code", "params", "field" (when known), "request_id"}. `code` is the
// status's message code (Status::WithCode) or else the error kind; a client
// words it from its catalog with `params` and `field`; `detail` is English.
Response Problem(const Status& status, std::string_view request_id = "");
Response Problem(int http_status, std::string_view type, std::string detail,
                 std::string_view request_id = "", std::string field = "");

using Handler = std::function<Result<Response>(const Request&)>;

enum class Access {
  kAuthenticated,  // the default: a session, bearer token or API key is required
  kPublic,         // explicitly public (health, trace lookup, complaint submission…)
};

// What the OpenAPI document says of a route beyond its summary (schemas
// built with http/schema.hpp). Every route has one: a test walks them all.
struct QueryParam {
  std::string name;
  std::string description;
  Json schema;
  bool required = false;
};
struct RouteDoc {
  Json request;  // the body's schema; null: the route takes no body
  std::string request_type = "application/json";
  Json response;  // the success answer's schema
  std::string response_type = "application/json";
  // More media types of the same answer, chosen by a query parameter
  // (?format=csv, ?format=json): media type → schema.
  std::map<std::string, Json> other_content;
  int status = 200;        // the success status (201 for creations)
  int other_status = 0;    // a second success status with the same body (200 for a dry run), 0: none
  std::vector<QueryParam> query;
};

struct Route {
  std::string method;   // GET, POST, …
  std::string pattern;  // "/api/v1/indicators/{code}"; a last "{name*}" takes the rest
  Handler handler;
  std::string summary;         // for the OpenAPI document
  size_t max_body = 0;         // 0: the server default
  Access access = Access::kAuthenticated;
  std::vector<Role> roles;  // empty: any authenticated principal
  // What an API key needs to call this route ("indicators:write"); it must be
  // declared with Router::DeclarePermission. Empty: no API key may call it
  // (a key may do only what its permissions name).
  std::string permission;
  // The handler never blocks (no database, no file, no lock held long): it
  // may run on the connection's I/O strand instead of the worker pool.
  bool non_blocking = false;
  RouteDoc doc;  // set through Router::Add(route, doc)
};

// The authorization rule, pure: may `who` call `route` with `method`,
// sending `csrf_header` (the X-CSRF-Token value)? kForbidden naming why
// otherwise: a role the route does not list; an API key on a route without
// a permission or lacking it; a cookie-authenticated write without the
// session's CSRF token (field "X-CSRF-Token"). Safe methods (GET, HEAD,
// OPTIONS) need no CSRF token.
Status Permit(const Route& route, const Principal& who, std::string_view method, std::string_view csrf_header);

// Establishes the principal from a request's credentials; kUnauthorized
// when there are none or they are invalid.
using Authenticator = std::function<Result<Principal>(const Request&)>;
// Records a successful write (who, what, request id) in the audit trail.
using AuditSink = std::function<void(const Request&, const Route&, const Response&)>;

class Router {
 public:
  // Declares a permission that routes may require and keys may be granted.
  void DeclarePermission(std::string name, std::string description);
  // Adds a route. Throws std::logic_error (a programming error, found at
  // start-up) when its permission was not declared.
  void Add(Route route);
  // Adds a route with its documentation (the usual way).
  void Add(Route route, RouteDoc doc);
  // A named schema for the OpenAPI components, referred to by schema::Ref.
  // Throws std::logic_error when the name is declared twice differently.
  void DeclareSchema(std::string name, Json schema);
  const std::map<std::string, Json>& schemas() const { return schemas_; }
  // The declared permissions: name → description.
  const std::map<std::string, std::string>& permissions() const { return permissions_; }
  // The route for method + path with params filled, or nullptr; of several
  // that match, the one with the most literal segments. Sets *path_known
  // when some route matches the path (with another method: → 405).
  const Route* Match(std::string_view method, std::string_view path,
                     std::map<std::string, std::string>* params, bool* path_known) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
  std::map<std::string, std::string> permissions_;
  std::map<std::string, Json> schemas_;
  std::vector<std::vector<std::string>> segments_;  // each route's pattern, split once at Add()
};

// Percent-decodes a path or query component; false on malformed escapes or
// invalid UTF-8.
bool PercentDecode(std::string_view in, std::string* out);

}  // namespace wcp::http
