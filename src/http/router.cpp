#include "http/router.hpp"

#include <algorithm>
#include <stdexcept>

namespace wcp::http {
namespace {

std::vector<std::string_view> Segments(std::string_view path) {
  std::vector<std::string_view> out;
  size_t start = 1;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    out.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

std::string_view Title(int status) {
  switch (status) {
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 413: return "Content Too Large";
    case 415: return "Unsupported Media Type";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 503: return "Service Unavailable";
    default: return status >= 500 ? "Internal Server Error" : "Error";
  }
}

// True when `s` is well-formed UTF-8 (nlohmann's strict serialiser checks it).
bool ValidUtf8(std::string_view s) {
  try {
    (void)Json(std::string(s)).dump(-1, ' ', false, Json::error_handler_t::strict);
    return true;
  } catch (const Json::type_error&) {
    return false;
  }
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string Request::Header(std::string_view name) const {
  auto it = headers.find(std::string(name));
  return it == headers.end() ? std::string() : it->second;
}

Result<Json> Request::JsonBody() const { return ParseStrictJson(body); }

Result<bool> Request::Flag(const std::string& name) const {
  const auto it = query.find(name);
  if (it == query.end() || it->second == "false") return false;
  if (it->second == "true") return true;
  return Status::Invalid("'" + name + "' must be true or false", name);
}

Response Response::Json(const wcp::Json& j, int status) {
  Response r;
  r.status = status;
  r.body = DumpJson(j);
  return r;
}

Response Response::Text(std::string text, std::string content_type) {
  Response r;
  r.content_type = std::move(content_type);
  r.body = std::move(text);
  return r;
}

int HttpStatus(ErrorCode code) {
  switch (code) {
    case ErrorCode::kOk: return 200;
    case ErrorCode::kInvalid: return 400;
    case ErrorCode::kUnauthorized: return 401;
    case ErrorCode::kForbidden: return 403;
    case ErrorCode::kNotFound: return 404;
    case ErrorCode::kConflict: return 409;
    case ErrorCode::kTooLarge: return 413;
    case ErrorCode::kBusy: return 503;
    case ErrorCode::kRateLimited: return 429;
    case ErrorCode::kUnavailable: return 503;
    case ErrorCode::kInternal: return 500;
  }
  return 500;
}

namespace {

Response ProblemWith(int http_status, std::string_view type, std::string detail, std::string_view request_id,
                     std::string field, std::string_view code, const Status::Params& params) {
  wcp::Json j = {{"type", "https://wcp.example/problems/" + std::string(type)},
                 {"title", Title(http_status)},
                 {"status", http_status},
                 {"detail", std::move(detail)},
                 {"code", std::string(code.empty() ? type : code)}};
  if (!params.empty()) {
    wcp::Json p = wcp::Json::object();
    for (const auto& [name, value] : params) p[name] = value;
    j["params"] = std::move(p);
  }
  if (!field.empty()) j["field"] = std::move(field);
  if (!request_id.empty()) j["request_id"] = request_id;
  Response r = Response::Json(j, http_status);
  r.content_type = "application/problem+json";
  return r;
}

}  // namespace

Response Problem(int http_status, std::string_view type, std::string detail, std::string_view request_id,
                 std::string field) {
  return ProblemWith(http_status, type, std::move(detail), request_id, std::move(field), {}, {});
}

Response Problem(const Status& status, std::string_view request_id) {
  const int code = HttpStatus(status.code());
  // Internal errors keep their details in the log, not in the response.
  if (code == 500) {
    return ProblemWith(code, ErrorCodeName(status.code()), "internal error; quote the request id when reporting it",
                       request_id, "", "", {});
  }
  return ProblemWith(code, ErrorCodeName(status.code()), status.message(), request_id, status.field(),
                     status.message_code(), status.params());
}

namespace {
constexpr std::pair<Role, std::string_view> kRoles[] = {
    {Role::kAdmin, "admin"},
    {Role::kAnalyst, "analyst"},
    {Role::kInspector, "inspector"},
    {Role::kEnterprise, "enterprise"},
};
}  // namespace

std::string_view RoleName(Role r) {
  for (const auto& [role, name] : kRoles) {
    if (role == r) return name;
  }
  return "unknown";
}

Result<Role> ParseRole(std::string_view name) {
  for (const auto& [role, n] : kRoles) {
    if (n == name) return role;
  }
  return Status::Invalid("unknown role '" + std::string(name) + "' (admin, analyst, inspector, enterprise)", "role");
}

void Router::DeclarePermission(std::string name, std::string description) {
  permissions_[std::move(name)] = std::move(description);
}

void Router::Add(Route route, RouteDoc doc) {
  route.doc = std::move(doc);
  Add(std::move(route));
}

void Router::DeclareSchema(std::string name, Json schema) {
  auto [it, inserted] = schemas_.emplace(name, schema);
  if (!inserted && it->second != schema) throw std::logic_error("schema '" + name + "' declared twice differently");
}

void Router::Add(Route route) {
  if (!route.permission.empty() && !permissions_.count(route.permission)) {
    throw std::logic_error("route " + route.method + " " + route.pattern + " requires the undeclared permission '" +
                           route.permission + "'");
  }
  std::vector<std::string> segments;
  for (auto seg : Segments(route.pattern)) segments.emplace_back(seg);
  segments_.push_back(std::move(segments));
  routes_.push_back(std::move(route));
}

const Route* Router::Match(std::string_view method, std::string_view path,
                           std::map<std::string, std::string>* params, bool* path_known) const {
  const auto want = Segments(path);  // split once per match, patterns were split at Add()
  *path_known = false;
  // The most specific route wins: more literal segments beat parameters, so
  // /api/v1/indicators/review is not the indicator "review".
  const Route* best = nullptr;
  int best_literals = -1;
  std::map<std::string, std::string> best_params;
  for (size_t r = 0; r < routes_.size(); ++r) {
    const Route& route = routes_[r];
    const std::vector<std::string>& have = segments_[r];
    // A last segment "{name*}" captures the rest of the path (one or more segments).
    const bool rest = !have.empty() && have.back().size() > 3 && have.back().compare(have.back().size() - 2, 2, "*}") == 0;
    if (rest ? want.size() < have.size() : have.size() != want.size()) continue;
    std::map<std::string, std::string> found;
    bool match = true;
    int literals = 0;
    for (size_t i = 0; i < have.size() && match; ++i) {
      if (rest && i + 1 == have.size()) {
        const auto offset = static_cast<size_t>(want[i].data() - path.data());  // views into path
        const std::string tail(path.substr(offset));
        if (tail.empty()) match = false;
        found[std::string(have[i].substr(1, have[i].size() - 3))] = tail;
      } else if (have[i].size() > 2 && have[i].front() == '{' && have[i].back() == '}') {
        if (want[i].empty()) match = false;
        else found[std::string(have[i].substr(1, have[i].size() - 2))] = std::string(want[i]);
      } else {
        match = have[i] == want[i];
        ++literals;
      }
    }
    if (!match) continue;
    *path_known = true;
    const bool method_ok = route.method == method || (method == "HEAD" && route.method == "GET");
    if (method_ok && literals > best_literals) {
      best = &route;
      best_literals = literals;
      best_params = std::move(found);
    }
  }
  if (best) *params = std::move(best_params);
  return best;
}

Status Permit(const Route& route, const Principal& who, std::string_view method, std::string_view csrf_header) {
  const std::string what = std::string(method) + " " + route.pattern;
  if (!route.roles.empty() && std::find(route.roles.begin(), route.roles.end(), who.role) == route.roles.end()) {
    return Status::Forbidden("role '" + std::string(RoleName(who.role)) + "' may not " + what);
  }
  if (who.IsApiKey()) {
    if (route.permission.empty()) return Status::Forbidden(what + " is not available to API keys");
    if (std::find(who.permissions.begin(), who.permissions.end(), route.permission) == who.permissions.end()) {
      return Status::Forbidden("this API key lacks the permission '" + route.permission + "'");
    }
  }
  const bool safe = method == "GET" || method == "HEAD" || method == "OPTIONS";
  if (!safe && who.via_cookie && (csrf_header.empty() || csrf_header != who.csrf_token)) {
    return Status::Forbidden("missing or wrong X-CSRF-Token header for a cookie-authenticated write", "X-CSRF-Token");
  }
  return Status::Ok();
}

bool PercentDecode(std::string_view in, std::string* out) {
  out->clear();
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '%') {
      *out += in[i];
      continue;
    }
    if (i + 2 >= in.size()) return false;
    const int hi = HexValue(in[i + 1]), lo = HexValue(in[i + 2]);
    if (hi < 0 || lo < 0) return false;
    *out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return ValidUtf8(*out);
}

}  // namespace wcp::http
