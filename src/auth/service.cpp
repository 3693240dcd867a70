#include "auth/service.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <chrono>

#include "auth/password.hpp"
#include "core/csv.hpp"
#include "core/ids.hpp"
#include "http/schema.hpp"

namespace wcp::auth {
namespace {

using http::Request;
using http::Response;
using http::Route;

constexpr const char* kCookie = "wcp_session";

int64_t NowSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Json UserJson(const User& u) {
  return {{"id", u.id},
          {"username", u.username},
          {"display_name", u.display_name},
          {"role", RoleName(u.role)},
          {"enterprise_id", u.enterprise_id ? Json(*u.enterprise_id) : Json(nullptr)},
          {"created_at", u.created_at},
          {"disabled", u.disabled},
          {"is_demo", u.is_demo}};
}

Json EnterpriseJson(const Enterprise& e) {
  return {{"id", e.id},         {"name", e.name},     {"credit_code", e.credit_code},
          {"type", e.type},     {"district", e.district}, {"street", e.street},
          {"is_demo", e.is_demo}};
}

Json KeyJson(const ApiKey& k) {
  const auto opt = [](const std::optional<std::string>& v) { return v ? Json(*v) : Json(nullptr); };
  return {{"id", k.id},
          {"enterprise_id", k.enterprise_id},
          {"name", k.name},
          {"permissions", k.permissions},
          {"created_at", k.created_at},
          {"revoked_at", opt(k.revoked_at)},
          {"last_used_at", opt(k.last_used_at)}};
}

std::string CookieValue(const std::string& header, std::string_view name) {
  size_t pos = 0;
  while (pos < header.size()) {
    while (pos < header.size() && (header[pos] == ' ' || header[pos] == ';')) ++pos;
    const size_t end = std::min(header.find(';', pos), header.size());
    const std::string pair = header.substr(pos, end - pos);
    const size_t eq = pair.find('=');
    if (eq != std::string::npos && pair.substr(0, eq) == name) return pair.substr(eq + 1);
    pos = end + 1;
  }
  return {};
}


// A login must be a JSON request from this site (or a script without an
// Origin): a form on another site cannot log a victim into an attacker's
// account (login CSRF).
Status CheckLoginRequest(const Request& req) {
  const std::string type = req.Header("content-type");
  if (type.rfind("application/json", 0) != 0) {
    return Status::Invalid("the login body must be application/json", "Content-Type");
  }
  const std::string origin = req.Header("origin");
  if (origin.empty()) return Status::Ok();
  const size_t scheme = origin.find("://");
  const std::string host = scheme == std::string::npos ? "" : origin.substr(scheme + 3);
  if (host.empty() || host != req.Header("host")) {
    return Status::Forbidden("a login from another origin ('" + origin + "') is refused");
  }
  return Status::Ok();
}

Response TooManyAttempts(int wait, const std::string& request_id) {
  Response r = http::Problem(
      Status::RateLimited("too many failed password attempts; try again in " + std::to_string(wait) + " s")
          .WithCode("too-many-attempts", {{"seconds", std::to_string(wait)}}),
      request_id);
  r.headers.emplace_back("Retry-After", std::to_string(wait));
  return r;
}

Result<std::vector<std::string>> PermissionList(const Json& body) {
  std::vector<std::string> perms;
  if (!body.contains("permissions")) return perms;
  if (!body["permissions"].is_array()) return Status::Invalid("'permissions' must be an array of strings", "permissions");
  for (const auto& p : body["permissions"]) {
    if (!p.is_string()) return Status::Invalid("'permissions' must be strings", "permissions");
    perms.push_back(p.get<std::string>());
  }
  return perms;
}

}  // namespace

AuthService::AuthService(UserStore& users, AuthOptions options)
    : users_(users), options_(options), argon2_slots_(std::clamp(options.argon2_concurrency, 1, 256)) {}

template <typename F>
auto AuthService::WithArgon2Slot(F&& f) -> Result<decltype(f())> {
  if (!argon2_slots_.try_acquire_for(std::chrono::seconds(5))) {
    return Status::Busy("the server is busy checking passwords; try again in a moment");
  }
  auto release = [this](void*) { argon2_slots_.release(); };
  std::unique_ptr<void, decltype(release)> guard(this, release);
  return f();
}

int AuthService::PasswordRetryAfter(std::string_view purpose, const std::string& account, const std::string& address) {
  const auto now = Throttle::Clock::now();
  const std::string p(purpose);
  return std::max({per_pair_.RetryAfter(p + "|" + address + "|" + account, now),
                   per_account_.RetryAfter(p + "|" + account, now),
                   per_address_.RetryAfter(p + "|" + address, now)});
}

void AuthService::RecordPasswordFailure(std::string_view purpose, const std::string& account,
                                        const std::string& address) {
  const auto now = Throttle::Clock::now();
  const std::string p(purpose);
  per_pair_.RecordFailure(p + "|" + address + "|" + account, now);
  per_account_.RecordFailure(p + "|" + account, now);
  per_address_.RecordFailure(p + "|" + address, now);
}

void AuthService::ResetPasswordFailures(std::string_view purpose, const std::string& account,
                                        const std::string& address) {
  const std::string p(purpose);
  per_pair_.Reset(p + "|" + address + "|" + account);
  per_account_.Reset(p + "|" + account);
}

Result<LoginResult> AuthService::Login(const std::string& username, const std::string& password,
                                       const std::string& client_address) {
  if (const int wait = PasswordRetryAfter("login", username, client_address); wait > 0) {
    return Status::RateLimited("too many failed logins; try again in " + std::to_string(wait) + " s");
  }
  auto creds = users_.FindByUsername(username);
  // Verify against a dummy hash for unknown users, so timing does not reveal them.
  static const std::string kDummy = *HashPassword("not-a-real-password-0");
  const bool known = creds.ok() && !creds->user.disabled;
  WCP_ASSIGN_OR_RETURN(bool matches, WithArgon2Slot([&] {
                         return VerifyPassword(known ? creds->password_hash : kDummy, password);
                       }));
  if (!matches || !known) {
    RecordPasswordFailure("login", username, client_address);
    return Status::Unauthorized("wrong username or password").WithCode("wrong-credentials");
  }
  ResetPasswordFailures("login", username, client_address);
  LoginResult r;
  r.token = HexEncode(RandomBytes(32));
  r.csrf_token = HexEncode(RandomBytes(16));
  r.user = creds->user;
  r.expires_at = NowSeconds() + kSessionSeconds;
  const int64_t created_us = std::chrono::duration_cast<std::chrono::microseconds>(
                                 std::chrono::system_clock::now().time_since_epoch())
                                 .count();
  WCP_RETURN_IF_ERROR(users_.CreateSession({Sha256Hex(r.token), r.user.id, r.csrf_token, r.expires_at, created_us},
                                           options_.max_sessions_per_user));
  return r;
}

std::string AuthService::TokenFromRequest(const Request& req, bool* via_cookie) {
  const std::string auth = req.Header("authorization");
  *via_cookie = false;
  if (auth.rfind("Bearer ", 0) == 0) return auth.substr(7);
  *via_cookie = true;
  return CookieValue(req.Header("cookie"), kCookie);
}

Result<http::Principal> AuthService::Authenticate(const Request& req) {
  bool via_cookie = false;
  const std::string token = TokenFromRequest(req, &via_cookie);
  if (token.empty()) return Status::Unauthorized("authentication required: log in or send a bearer token");
  http::Principal p;
  if (token.rfind("wcpk_", 0) == 0) {
    const size_t sep = token.find('_', 5);
    if (sep == std::string::npos) return Status::Unauthorized("malformed API key");
    // The store matches id and hash together, so a wrong secret writes nothing.
    auto key = users_.UseApiKey(token.substr(5, sep - 5), Sha256Hex(token));
    if (!key.ok()) return Status::Unauthorized("unknown or revoked API key");
    p.user_id = "apikey:" + key->id;
    p.username = "key:" + key->name;
    p.role = Role::kEnterprise;
    p.enterprise_id = key->enterprise_id;
    p.permissions = key->permissions;
    return p;
  }
  auto found = users_.FindSessionUser(Sha256Hex(token), NowSeconds());
  if (!found.ok()) return Status::Unauthorized("session expired or unknown; log in again");
  const Session* session = &found->first;
  const User* user = &found->second;
  if (user->disabled) return Status::Unauthorized("account disabled");
  p.user_id = user->id;
  p.username = user->username;
  p.display_name = user->display_name;
  p.role = user->role;
  p.enterprise_id = user->enterprise_id;
  p.via_cookie = via_cookie;
  p.csrf_token = session->csrf_token;
  return p;
}

Status AuthService::Logout(const Request& req) {
  bool via_cookie = false;
  return users_.DeleteSession(Sha256Hex(TokenFromRequest(req, &via_cookie)));
}

Status AuthService::ChangePassword(const http::Principal& who, const std::string& old_password,
                                   const std::string& new_password, const std::string& client_address) {
  if (const int wait = PasswordRetryAfter("password", who.user_id, client_address); wait > 0) {
    return Status::RateLimited("too many wrong passwords; try again in " + std::to_string(wait) + " s");
  }
  WCP_ASSIGN_OR_RETURN(Credentials creds, users_.FindByUsername(who.username));
  WCP_ASSIGN_OR_RETURN(bool matches, WithArgon2Slot([&] { return VerifyPassword(creds.password_hash, old_password); }));
  if (!matches) {
    RecordPasswordFailure("password", who.user_id, client_address);
    return Status::Invalid("the current password is wrong", "old_password");
  }
  ResetPasswordFailures("password", who.user_id, client_address);
  if (Status policy = ValidatePasswordPolicy(new_password); !policy.ok()) {
    return Status::Invalid(policy.message(), "new_password").WithCode(policy.message_code(), policy.params());
  }
  WCP_ASSIGN_OR_RETURN(Result<std::string> hash, WithArgon2Slot([&] { return HashPassword(new_password); }));
  WCP_RETURN_IF_ERROR(hash.status());
  WCP_RETURN_IF_ERROR(users_.SetPasswordHash(creds.user.id, *hash));
  return users_.DeleteSessionsOf(creds.user.id);  // every other session ends too
}

bool AuthService::UsableByKeys(const std::string& permission) const {
  if (!router_) return false;  // before AddRoutes no route exists, so none is open to keys
  for (const auto& r : router_->routes()) {
    const bool open_to_keys = r.roles.empty() || std::find(r.roles.begin(), r.roles.end(), Role::kEnterprise) != r.roles.end();
    if (r.permission == permission && open_to_keys) return true;
  }
  return false;
}

Result<std::string> AuthService::CreateApiKey(const http::Principal& who, std::string enterprise_id,
                                              const std::string& name, const std::vector<std::string>& permissions,
                                              const std::map<std::string, std::string>& declared) {
  if (name.empty() || name.size() > 100) return Status::Invalid("name must have 1–100 bytes", "name");
  if (who.enterprise_id) {
    if (!enterprise_id.empty() && enterprise_id != *who.enterprise_id) {
      return Status::Forbidden("an enterprise may create keys only for itself");
    }
    enterprise_id = *who.enterprise_id;
  }
  if (enterprise_id.empty()) return Status::Invalid("'enterprise_id' is required", "enterprise_id");
  WCP_ASSIGN_OR_RETURN(auto enterprise, users_.ListEnterprises(enterprise_id));
  if (enterprise.empty()) return Status::Invalid("no enterprise '" + enterprise_id + "'", "enterprise_id");
  const bool admin_session = !who.IsApiKey() && who.role == Role::kAdmin;
  for (const auto& perm : permissions) {
    if (!declared.count(perm)) return Status::Invalid("unknown permission '" + perm + "'", "permissions");
    if (!UsableByKeys(perm)) {
      return Status::Invalid("no route open to API keys uses '" + perm + "' (keys act with the enterprise role)",
                             "permissions");
    }
    if (perm == kKeysManage && !admin_session) {
      return Status::Forbidden("only an administrator's session may grant '" + std::string(kKeysManage) + "'");
    }
    const bool held = std::find(who.permissions.begin(), who.permissions.end(), perm) != who.permissions.end();
    if (who.IsApiKey() && !held) {
      return Status::Forbidden("a key may grant only permissions it holds itself ('" + perm + "')");
    }
  }
  ApiKey key;
  key.id = HexEncode(RandomBytes(8));
  const std::string full = "wcpk_" + key.id + "_" + HexEncode(RandomBytes(24));
  key.enterprise_id = enterprise_id;
  key.name = name;
  key.permissions = permissions;
  key.key_hash = Sha256Hex(full);
  WCP_RETURN_IF_ERROR(users_.CreateApiKey(key));
  return full;
}

// Who a login attempt named, for the audit trail: a known account by its
// name; any other text is not recorded (people type passwords into the
// username field), only that the account is unknown.
http::AuditedRecord AuthService::AttemptedLogin(const std::string& username, const User* user) {
  if (user) return {"login", user->id, user->username};
  auto known = users_.FindByUsername(username);
  if (known.ok()) return {"login", known->user.id, known->user.username};
  return {"login", "", "(unknown account)"};
}

void AuthService::Audit(const Request& req, const Route& route, const Response& res) {
  RecordAuditOf(req, req.method + " " + route.pattern, res.status, res.record);
}

void AuthService::RecordAuditOf(const Request& req, const std::string& action, int status,
                                const std::optional<http::AuditedRecord>& record) {
  AuditEntry e;
  e.id = NewUuidV7();
  e.actor = req.principal ? req.principal->username : "anonymous";
  e.action = action;
  e.target = req.path;
  e.request_id = req.request_id;
  e.status = status;
  if (record) {
    e.record_kind = record->kind;
    e.record_id = record->id;
    e.record_name = record->name;
  }
  // The write itself has committed; a lost audit record must not pass
  // silently: it is logged loudly for the operators.
  if (Status recorded = users_.RecordAudit(e); !recorded.ok()) {
    spdlog::error("rid={} audit record for {} lost: {}", req.request_id, action, recorded.ToString());
  }
}

Result<Response> AuthService::LoginRoute(const Request& req) {
  WCP_RETURN_IF_ERROR(CheckLoginRequest(req));
  WCP_ASSIGN_OR_RETURN(Json body, req.JsonBody());
  WCP_RETURN_IF_ERROR(RejectUnknownFields(body, {"username", "password"}));
  WCP_ASSIGN_OR_RETURN(std::string username, RequireString(body, "username"));
  WCP_ASSIGN_OR_RETURN(std::string password, RequireString(body, "password"));
  auto r = Login(username, password, req.client_address);
  // Throttled attempts are refused before any check: not recorded (the
  // throttle bounds how many failures reach the trail).
  if (!r.ok() && r.status().code() == ErrorCode::kRateLimited) {
    return TooManyAttempts(PasswordRetryAfter("login", username, req.client_address), req.request_id);
  }
  const http::AuditedRecord attempted = AttemptedLogin(username, r.ok() ? &r->user : nullptr);
  if (!r.ok()) {
    RecordAuditOf(req, "POST /api/v1/auth/login", http::HttpStatus(r.status().code()), attempted);
    return r.status();
  }
  Response res = Response::Json(
      {{"token", r->token}, {"csrf_token", r->csrf_token}, {"expires_at", r->expires_at}, {"user", UserJson(r->user)}});
  res.headers.emplace_back("Set-Cookie", std::string(kCookie) + "=" + r->token +
                                             "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" +
                                             std::to_string(kSessionSeconds) +
                                             (options_.secure_cookies ? "; Secure" : ""));
  res.headers.emplace_back("Cache-Control", "no-store");
  res.record = attempted;
  return res;
}

Result<Response> AuthService::PasswordRoute(const Request& req) {
  WCP_ASSIGN_OR_RETURN(Json body, req.JsonBody());
  WCP_RETURN_IF_ERROR(RejectUnknownFields(body, {"old_password", "new_password"}));
  WCP_ASSIGN_OR_RETURN(std::string old_pw, RequireString(body, "old_password"));
  WCP_ASSIGN_OR_RETURN(std::string new_pw, RequireString(body, "new_password"));
  const Status changed = ChangePassword(*req.principal, old_pw, new_pw, req.client_address);
  if (changed.code() == ErrorCode::kRateLimited) {
    return TooManyAttempts(PasswordRetryAfter("password", req.principal->user_id, req.client_address),
                           req.request_id);
  }
  WCP_RETURN_IF_ERROR(changed);
  Response res = Response::Json({{"changed", true}});
  res.About("user", req.principal->user_id, req.principal->username);
  return res;
}

Result<Response> AuthService::CreateKeyRoute(const Request& req) {
  WCP_ASSIGN_OR_RETURN(Json body, req.JsonBody());
  WCP_RETURN_IF_ERROR(RejectUnknownFields(body, {"enterprise_id", "name", "permissions"}));
  WCP_ASSIGN_OR_RETURN(std::string name, RequireString(body, "name"));
  WCP_ASSIGN_OR_RETURN(std::vector<std::string> perms, PermissionList(body));
  WCP_ASSIGN_OR_RETURN(std::string enterprise_id, StringOr(body, "enterprise_id", ""));
  WCP_ASSIGN_OR_RETURN(std::string key, CreateApiKey(*req.principal, enterprise_id,
                                                     name, perms, router_->permissions()));
  Response r = Response::Json(
      {{"id", key.substr(5, 16)}, {"key", key}, {"note", "store this key now: it is shown only once"}}, 201);
  r.headers.emplace_back("Cache-Control", "no-store");
  r.About("api_key", key.substr(5, 16), name);
  return r;
}

Result<Response> AuthService::RevokeKeyRoute(const Request& req) {
  const std::string& id = req.params.at("id");
  if (req.principal->enterprise_id) {
    WCP_ASSIGN_OR_RETURN(auto own, users_.ListApiKeys(*req.principal->enterprise_id));
    const bool mine = std::any_of(own.begin(), own.end(), [&](const ApiKey& k) { return k.id == id; });
    if (!mine) return Status::NotFound("no active API key '" + id + "'");
  }
  WCP_RETURN_IF_ERROR(users_.RevokeApiKey(id));
  Response res = Response::Json({{"revoked", id}});
  res.About("api_key", id);
  return res;
}

Result<Response> AuthService::AuditRoute(const Request& req) {
  AuditFilter f;
  if (auto it = req.query.find("actor"); it != req.query.end()) f.actor = it->second;
  if (auto it = req.query.find("action"); it != req.query.end()) f.action = it->second;
  if (auto it = req.query.find("limit"); it != req.query.end()) {
    int limit = 0;
    const std::string& text = it->second;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), limit);
    if (ec != std::errc() || end != text.data() + text.size() || limit < 1 || limit > 10000) {
      return Status::Invalid("'limit' must be a number 1–10,000", "limit");
    }
    f.limit = limit;
  }
  WCP_ASSIGN_OR_RETURN(auto entries, users_.ListAudit(f));
  if (req.query.count("format") && req.query.at("format") == "csv") {
    std::string csv = "id,at,actor,action,target,request_id,status,record_kind,record_id,record_name\n";
    for (const auto& e : entries) {
      csv += CsvEscape(e.id) + "," + CsvEscape(e.at) + "," + CsvEscape(e.actor) + "," + CsvEscape(e.action) + "," +
             CsvEscape(e.target) + "," + CsvEscape(e.request_id) + "," + std::to_string(e.status) + "," +
             CsvEscape(e.record_kind) + "," + CsvEscape(e.record_id) + "," + CsvEscape(e.record_name) + "\n";
    }
    Response r = Response::Text(csv, "text/csv; charset=utf-8");
    r.headers.emplace_back("Content-Disposition", "attachment; filename=\"wcp-audit.csv\"");
    return r;
  }
  Json out = Json::array();
  for (const auto& e : entries) {
    out.push_back({{"id", e.id}, {"at", e.at}, {"actor", e.actor}, {"action", e.action},
                   {"target", e.target}, {"request_id", e.request_id}, {"status", e.status},
                   {"record", {{"kind", e.record_kind}, {"id", e.record_id}, {"name", e.record_name}}}});
  }
  return Response::Json({{"entries", out}});
}

Result<Response> AuthService::LogoutRoute(const Request& req) {
  WCP_RETURN_IF_ERROR(Logout(req));
  Response res = Response::Json({{"logged_out", true}});
  res.headers.emplace_back("Set-Cookie", std::string(kCookie) + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
  return res;
}

namespace {

// The caller as authenticated: no second query (the session lookup already
// joined the user).
Json PrincipalJson(const http::Principal& p) {
  if (p.IsApiKey()) {
    return {{"username", p.username}, {"role", RoleName(p.role)}, {"enterprise_id", *p.enterprise_id},
            {"permissions", p.permissions}};
  }
  return {{"id", p.user_id},
          {"username", p.username},
          {"display_name", p.display_name},
          {"role", RoleName(p.role)},
          {"enterprise_id", p.enterprise_id ? Json(*p.enterprise_id) : Json(nullptr)},
          {"csrf_token", p.csrf_token}};
}

}  // namespace

// What `who` may call: "METHOD /pattern" of every non-public route the
// authorization rule (http::Permit) lets it through, so that the UI shows
// only what will not end in a 403 and access is stated only on the routes.
Json AuthService::Capabilities(const http::Principal& who) const {
  Json out = Json::array();
  if (!router_) return out;
  for (const auto& r : router_->routes()) {
    if (r.access == http::Access::kPublic) continue;
    if (http::Permit(r, who, r.method, who.csrf_token).ok()) out.push_back(r.method + " " + r.pattern);
  }
  return out;
}

Result<Response> AuthService::MeRoute(const Request& req) {
  Json j = PrincipalJson(*req.principal);
  j["capabilities"] = Capabilities(*req.principal);
  return Response::Json(j);
}

// Never 401: the UI asks it on start to know whether to show the login, and
// what to show (capabilities; demo: whether this instance holds demo data,
// for the banner).
Result<Response> AuthService::SessionRoute(const Request& req) {
  auto who = Authenticate(req);
  if (!who.ok()) return Response::Json({{"authenticated", false}});
  Json j = PrincipalJson(*who);
  j["authenticated"] = true;
  j["capabilities"] = Capabilities(*who);
  WCP_ASSIGN_OR_RETURN(j["demo"], users_.HasDemoData());
  return Response::Json(j);
}

Result<Response> AuthService::ListUsersRoute(const Request&) {
  WCP_ASSIGN_OR_RETURN(auto users, users_.ListUsers());
  Json out = Json::array();
  for (const auto& u : users) out.push_back(UserJson(u));
  return Response::Json({{"users", out}});
}

Result<Response> AuthService::CreateUserRoute(const Request& req) {
  WCP_ASSIGN_OR_RETURN(Json body, req.JsonBody());
  WCP_RETURN_IF_ERROR(RejectUnknownFields(body, {"username", "display_name", "role", "password", "enterprise_id"}));
  User u;
  u.id = NewUuidV7();
  WCP_ASSIGN_OR_RETURN(u.username, RequireString(body, "username"));
  WCP_ASSIGN_OR_RETURN(u.display_name, StringOr(body, "display_name", u.username));
  WCP_ASSIGN_OR_RETURN(std::string role, RequireString(body, "role"));
  WCP_ASSIGN_OR_RETURN(u.role, ParseRole(role));
  WCP_ASSIGN_OR_RETURN(u.enterprise_id, OptionalString(body, "enterprise_id"));
  WCP_ASSIGN_OR_RETURN(std::string password, RequireString(body, "password"));
  WCP_RETURN_IF_ERROR(ValidatePasswordPolicy(password));
  WCP_RETURN_IF_ERROR(ValidateUser(u));
  WCP_ASSIGN_OR_RETURN(std::string hash, HashPassword(password));
  WCP_RETURN_IF_ERROR(users_.CreateUser(u, hash));
  WCP_ASSIGN_OR_RETURN(Credentials c, users_.FindByUsername(u.username));
  Response res = Response::Json(UserJson(c.user), 201);
  res.About("user", c.user.id, c.user.username);
  return res;
}

// Disables or enables an account (not one's own: an administrator must not
// lock themself out). Disabling ends the account's sessions at once.
Result<Response> AuthService::SetDisabledRoute(const Request& req, bool disabled) {
  const std::string& id = req.params.at("id");
  if (disabled && id == req.principal->user_id) {
    return Status::Conflict("you cannot disable your own account").WithCode("own-account");
  }
  WCP_RETURN_IF_ERROR(users_.SetDisabled(id, disabled));
  WCP_ASSIGN_OR_RETURN(User u, users_.FindUserById(id));
  Response res = Response::Json(UserJson(u));
  res.About("user", u.id, u.username);
  return res;
}

// An administrator sets a new password (policy checked) for a user who lost
// theirs; every session of that user ends.
Result<Response> AuthService::ResetPasswordRoute(const Request& req) {
  WCP_ASSIGN_OR_RETURN(Json body, req.JsonBody());
  WCP_RETURN_IF_ERROR(RejectUnknownFields(body, {"password"}));
  WCP_ASSIGN_OR_RETURN(std::string password, RequireString(body, "password"));
  WCP_RETURN_IF_ERROR(ValidatePasswordPolicy(password));
  const std::string& id = req.params.at("id");
  WCP_ASSIGN_OR_RETURN(User u, users_.FindUserById(id));
  WCP_ASSIGN_OR_RETURN(Result<std::string> hash, WithArgon2Slot([&] { return HashPassword(password); }));
  WCP_RETURN_IF_ERROR(hash.status());
  WCP_RETURN_IF_ERROR(users_.SetPasswordHash(id, *hash));
  WCP_RETURN_IF_ERROR(users_.DeleteSessionsOf(id));
  Response res = Response::Json(UserJson(u));
  res.About("user", u.id, u.username);
  return res;
}

// An enterprise user (or key) sees only its own enterprise.
Result<Response> AuthService::ListEnterprisesRoute(const Request& req) {
  WCP_ASSIGN_OR_RETURN(auto list, users_.ListEnterprises(req.principal->enterprise_id));
  Json out = Json::array();
  for (const auto& e : list) out.push_back(EnterpriseJson(e));
  return Response::Json({{"enterprises", out}});
}

Result<Response> AuthService::CreateEnterpriseRoute(const Request& req) {
  WCP_ASSIGN_OR_RETURN(Json body, req.JsonBody());
  WCP_RETURN_IF_ERROR(RejectUnknownFields(body, {"name", "credit_code", "type", "district", "street"}));
  Enterprise e;
  e.id = NewUuidV7();
  WCP_ASSIGN_OR_RETURN(e.name, RequireString(body, "name"));
  WCP_ASSIGN_OR_RETURN(e.credit_code, RequireString(body, "credit_code"));
  WCP_ASSIGN_OR_RETURN(e.type, StringOr(body, "type", ""));
  WCP_ASSIGN_OR_RETURN(e.district, StringOr(body, "district", ""));
  WCP_ASSIGN_OR_RETURN(e.street, StringOr(body, "street", ""));
  WCP_RETURN_IF_ERROR(users_.CreateEnterprise(e));
  Response res = Response::Json(EnterpriseJson(e), 201);
  res.About("enterprise", e.id, e.name);
  return res;
}

// An enterprise user sees its own keys only.
Result<Response> AuthService::ListKeysRoute(const Request& req) {
  WCP_ASSIGN_OR_RETURN(auto keys, users_.ListApiKeys(req.principal->enterprise_id.value_or("")));
  Json out = Json::array();
  for (const auto& k : keys) out.push_back(KeyJson(k));
  return Response::Json({{"api_keys", out}});
}

Result<Response> AuthService::PermissionsRoute(const Request&) {
  Json out = Json::array();
  for (const auto& [name, description] : router_->permissions()) {
    if (UsableByKeys(name)) out.push_back({{"name", name}, {"description", description}});
  }
  return Response::Json({{"permissions", out}});
}

void AuthService::DeclareSchemas(http::Router& router) {
  using namespace http::schema;
  const Json role = Enum({"admin", "analyst", "inspector", "enterprise"});
  router.DeclareSchema("Role", role);
  router.DeclareSchema("User", Object({{"id", String()},
                                       {"username", String()},
                                       {"display_name", String()},
                                       {"role", Ref("Role")},
                                       {"enterprise_id", Nullable(String("the only enterprise an enterprise user sees"))},
                                       {"created_at", String()},
                                       {"disabled", Boolean()},
                                       {"is_demo", Boolean()}}));
  router.DeclareSchema("Enterprise", Object({{"id", String()},
                                             {"name", String()},
                                             {"credit_code", String("统一社会信用代码 (GB 32100-2015)")},
                                             {"type", String()},
                                             {"district", String()},
                                             {"street", String()},
                                             {"is_demo", Boolean()}}));
  router.DeclareSchema("ApiKey", Object({{"id", String()},
                                         {"enterprise_id", String()},
                                         {"name", String()},
                                         {"permissions", ArrayOf(String())},
                                         {"created_at", String()},
                                         {"revoked_at", Nullable(String())},
                                         {"last_used_at", Nullable(String())}}));
  router.DeclareSchema("AuditEntry", Object({{"id", String()},
                                             {"at", String()},
                                             {"actor", String()},
                                             {"action", String("METHOD /route/pattern")},
                                             {"target", String("the request path")},
                                             {"request_id", String()},
                                             {"status", Integer("the HTTP status answered")},
                                             {"record", Object({{"kind", String("observation, user, login …; "
                                                                               "empty when none")},
                                                                {"id", String()},
                                                                {"name", String("a name a person recognises")}})}}));
}

void AuthService::AddRoutes(http::Router& router) {
  using namespace http::schema;
  router_ = &router;
  DeclareSchemas(router);
  router.DeclarePermission(kKeysManage, "list, create and revoke the enterprise's API keys (granted only by an "
                                        "administrator's session)");
  router.DeclarePermission("enterprises:read", "read the enterprise's own registration");
  const auto route = [this](Result<Response> (AuthService::*handler)(const Request&)) {
    return [this, handler](const Request& req) { return (this->*handler)(req); };
  };
  const std::vector<Role> admin = {Role::kAdmin}, key_managers = {Role::kAdmin, Role::kEnterprise};

  router.Add({"POST", "/api/v1/auth/login", route(&AuthService::LoginRoute),
              "Log in (application/json, same origin); sets the session cookie and returns a bearer token. "
              "429 with Retry-After after repeated failures.",
              4096, http::Access::kPublic},
             {.request = Object({{"username", String()}, {"password", String()}}),
              .response = Object({{"token", String("bearer token (also set as the session cookie)")},
                                  {"csrf_token", String("send as X-CSRF-Token on cookie-authenticated writes")},
                                  {"expires_at", Integer("Unix seconds")},
                                  {"user", Ref("User")}})});
  router.Add({"POST", "/api/v1/auth/logout", route(&AuthService::LogoutRoute), "End the session.", 0},
             {.response = Object({{"logged_out", Boolean()}})});
  router.Add({"GET", "/api/v1/auth/me", route(&AuthService::MeRoute), "The caller's identity and CSRF token.", 0},
             {.response = Object({{"username", String()}, {"role", Ref("Role")},
                                  Optional("id", String()), Optional("display_name", String()),
                                  Optional("enterprise_id", Nullable(String())), Optional("csrf_token", String()),
                                  Optional("permissions", ArrayOf(String("an API key's permissions"))),
                                  {"capabilities", ArrayOf(String("METHOD /route/pattern the caller may call"))}})});
  router.Add({"GET", "/api/v1/auth/session", route(&AuthService::SessionRoute),
              "Whether the caller is logged in (never 401), with its identity and CSRF token.", 0,
              http::Access::kPublic},
             {.response = Object({{"authenticated", Boolean()}, Optional("username", String()),
                                  Optional("role", Ref("Role")), Optional("csrf_token", String()),
                                  Optional("capabilities", ArrayOf(String("METHOD /route/pattern the caller may call"))),
                                  Optional("demo", Boolean("this instance holds demo data"))})});
  router.Add({"POST", "/api/v1/auth/password", route(&AuthService::PasswordRoute),
              "Change the caller's password (ends all its sessions); throttled like login.", 4096},
             {.request = Object({{"old_password", String()}, {"new_password", String("at least 10 characters")}}),
              .response = Object({{"changed", Boolean()}})});
  router.Add({"GET", "/api/v1/admin/users", route(&AuthService::ListUsersRoute), "List users.", 0,
              http::Access::kAuthenticated, admin},
             {.response = Object({{"users", ArrayOf(Ref("User"))}})});
  router.Add({"POST", "/api/v1/admin/users", route(&AuthService::CreateUserRoute), "Create a user.", 4096,
              http::Access::kAuthenticated, admin},
             {.request = Object({{"username", String()}, {"role", Ref("Role")}, {"password", String()},
                                 Optional("display_name", String()),
                                 Optional("enterprise_id", String("required exactly for the enterprise role"))}),
              .response = Ref("User"), .status = 201});
  router.Add({"POST", "/api/v1/admin/users/{id}/disable",
              [this](const Request& req) { return SetDisabledRoute(req, true); },
              "Disable an account (not one's own); its sessions end.", 0, http::Access::kAuthenticated, admin},
             {.response = Ref("User")});
  router.Add({"POST", "/api/v1/admin/users/{id}/enable",
              [this](const Request& req) { return SetDisabledRoute(req, false); }, "Enable an account again.", 0,
              http::Access::kAuthenticated, admin},
             {.response = Ref("User")});
  router.Add({"POST", "/api/v1/admin/users/{id}/password", route(&AuthService::ResetPasswordRoute),
              "Set a new password for a user (the password policy applies); its sessions end.", 4096,
              http::Access::kAuthenticated, admin},
             {.request = Object({{"password", String("at least 10 characters")}}), .response = Ref("User")});
  router.Add({"GET", "/api/v1/admin/enterprises", route(&AuthService::ListEnterprisesRoute),
              "List enterprises (an enterprise user sees its own).", 0, http::Access::kAuthenticated, {},
              "enterprises:read"},
             {.response = Object({{"enterprises", ArrayOf(Ref("Enterprise"))}})});
  router.Add({"POST", "/api/v1/admin/enterprises", route(&AuthService::CreateEnterpriseRoute),
              "Register an enterprise (统一社会信用代码 validated).", 4096, http::Access::kAuthenticated, admin},
             {.request = Object({{"name", String()}, {"credit_code", String()}, Optional("type", String()),
                                 Optional("district", String()), Optional("street", String())}),
              .response = Ref("Enterprise"), .status = 201});
  router.Add({"GET", "/api/v1/admin/api-keys", route(&AuthService::ListKeysRoute),
              "List API keys (an enterprise user sees its own).", 0, http::Access::kAuthenticated, key_managers,
              kKeysManage},
             {.response = Object({{"api_keys", ArrayOf(Ref("ApiKey"))}})});
  router.Add({"POST", "/api/v1/admin/api-keys", route(&AuthService::CreateKeyRoute),
              "Create an API key for an enterprise (shown once). Permissions must be declared ones; keys:manage "
              "only from an administrator's session.",
              4096, http::Access::kAuthenticated, key_managers, kKeysManage},
             {.request = Object({{"name", String()}, {"permissions", ArrayOf(String())},
                                 Optional("enterprise_id", String("an administrator names the enterprise"))}),
              .response = Object({{"id", String()}, {"key", String("shown only once")}, {"note", String()}}),
              .status = 201});
  router.Add({"DELETE", "/api/v1/admin/api-keys/{id}", route(&AuthService::RevokeKeyRoute), "Revoke an API key.", 0,
              http::Access::kAuthenticated, key_managers, kKeysManage},
             {.response = Object({{"revoked", String()}})});
  router.Add({"GET", "/api/v1/auth/permissions", route(&AuthService::PermissionsRoute),
              "The permissions an API key may be granted (those some route open to keys requires).", 0,
              http::Access::kAuthenticated, key_managers},
             {.response = Object({{"permissions", ArrayOf(Object({{"name", String()}, {"description", String()}}))}})});
  router.Add({"GET", "/api/v1/admin/audit", route(&AuthService::AuditRoute),
              "The audit trail of writes and login attempts, naming the record touched (filter: actor, action; "
              "format=csv).", 0, http::Access::kAuthenticated,
              admin},
             {.response = Object({{"entries", ArrayOf(Ref("AuditEntry"))}}),
              .other_content = {{"text/csv", String("id,at,actor,action,target,request_id,status,record_kind,record_id,record_name")}},
              .query = {{"actor", "entries by this actor", String()},
                        {"action", "entries whose action contains this text", String()},
                        {"limit", "at most this many (1–10,000)", Integer()},
                        {"format", "csv: the same entries as a CSV download", Enum({"json", "csv"})}}});
}

}  // namespace wcp::auth
