// auth/service.hpp — login, sessions, bearer tokens, API keys, the audit sink,
// and the HTTP routes of identity administration.
//
// Tokens: 32 random bytes, hex; only their SHA-256 is stored. The same token
// works as the `wcp_session` cookie (HttpOnly, SameSite=Strict, Secure under
// TLS; writes then need the session's X-CSRF-Token) and as
// `Authorization: Bearer …` for scripts. API keys ("wcpk_<id>_<secret>") are
// shown once, stored hashed, scoped to one enterprise and a permission set.
// Thread-safety: safe from any thread.
#pragma once

#include <memory>
#include <semaphore>

#include "auth/throttle.hpp"
#include "auth/user_store.hpp"
#include "http/router.hpp"

namespace wcp::auth {

struct LoginResult {
  std::string token;
  std::string csrf_token;
  User user;
  int64_t expires_at = 0;
};

struct AuthOptions {
  bool secure_cookies = false;    // Secure cookies (under TLS)
  int max_sessions_per_user = 10;  // beyond: the oldest session ends
  int argon2_concurrency = 2;     // password hashes computed at once
};

// Permission every key-management route requires of an API key; only an
// administrator's own session may grant it.
inline constexpr const char* kKeysManage = "keys:manage";

class AuthService {
 public:
  AuthService(UserStore& users, AuthOptions options);

  // Seconds until this address may try a password for this account again
  // (0: now). `purpose` separates login from password change.
  int PasswordRetryAfter(std::string_view purpose, const std::string& account, const std::string& address);

  // kUnauthorized for a wrong name or password (the same message for both),
  // kRateLimited when throttled (PasswordRetryAfter tells how long).
  Result<LoginResult> Login(const std::string& username, const std::string& password,
                            const std::string& client_address);
  Result<http::Principal> Authenticate(const http::Request& req);
  Status Logout(const http::Request& req);
  Status ChangePassword(const http::Principal& who, const std::string& old_password,
                        const std::string& new_password, const std::string& client_address);
  // Creates a key for `enterprise_id` on behalf of `who` and returns it in
  // full (shown once; only its hash is stored). Rules: permissions must be
  // declared (`declared`); keys:manage only from an administrator's session;
  // a key creating keys grants at most its own permissions, never keys:manage;
  // an enterprise principal only for itself; only permissions some route
  // open to keys requires (so after AddRoutes and the modules' routes).
  Result<std::string> CreateApiKey(const http::Principal& who, std::string enterprise_id, const std::string& name,
                                   const std::vector<std::string>& permissions,
                                   const std::map<std::string, std::string>& declared);
  // Records a successful write (the server's audit sink), naming the record
  // the response says it touched.
  void Audit(const http::Request& req, const http::Route& route, const http::Response& res);
  // "METHOD /pattern" of every non-public route `who` may call (http::Permit
  // over the router's routes): what the UI may show. Empty before AddRoutes.
  Json Capabilities(const http::Principal& who) const;

  // POST /api/v1/auth/login, /logout, /password; GET /api/v1/auth/me; the
  // admin routes for users, enterprises, API keys and the audit trail.
  void AddRoutes(http::Router& router);

  static constexpr int64_t kSessionSeconds = 12 * 3600;

 private:
  http::AuditedRecord AttemptedLogin(const std::string& username, const User* user);
  void RecordAuditOf(const http::Request& req, const std::string& action, int status,
                     const std::optional<http::AuditedRecord>& record);
  static std::string TokenFromRequest(const http::Request& req, bool* via_cookie);
  // Runs an argon2 computation in one of the bounded slots; kBusy when none
  // frees up in time (so password guessing cannot occupy every worker).
  template <typename F>
  auto WithArgon2Slot(F&& f) -> Result<decltype(f())>;
  void RecordPasswordFailure(std::string_view purpose, const std::string& account, const std::string& address);
  void ResetPasswordFailures(std::string_view purpose, const std::string& account, const std::string& address);

  // Whether some route open to API keys (role enterprise) requires it.
  bool UsableByKeys(const std::string& permission) const;
  void DeclareSchemas(http::Router& router);
  Result<http::Response> LoginRoute(const http::Request& req);
  Result<http::Response> LogoutRoute(const http::Request& req);
  Result<http::Response> MeRoute(const http::Request& req);
  Result<http::Response> SessionRoute(const http::Request& req);
  Result<http::Response> ListUsersRoute(const http::Request& req);
  Result<http::Response> CreateUserRoute(const http::Request& req);
  Result<http::Response> ListEnterprisesRoute(const http::Request& req);
  Result<http::Response> SetDisabledRoute(const http::Request& req, bool disabled);
  Result<http::Response> ResetPasswordRoute(const http::Request& req);
  Result<http::Response> CreateEnterpriseRoute(const http::Request& req);
  Result<http::Response> ListKeysRoute(const http::Request& req);
  Result<http::Response> PermissionsRoute(const http::Request& req);
  Result<http::Response> PasswordRoute(const http::Request& req);
  Result<http::Response> CreateKeyRoute(const http::Request& req);
  Result<http::Response> RevokeKeyRoute(const http::Request& req);
  Result<http::Response> AuditRoute(const http::Request& req);

  UserStore& users_;
  AuthOptions options_;
  const http::Router* router_ = nullptr;  // for the declared permissions; set by AddRoutes
  // Keys: "purpose|address|account", "purpose|account", "purpose|address".
  Throttle per_pair_{{3, std::chrono::seconds(1), std::chrono::minutes(15), std::chrono::hours(1)}};
  Throttle per_account_{{10, std::chrono::seconds(1), std::chrono::seconds(30), std::chrono::hours(1)}};
  Throttle per_address_{{30, std::chrono::seconds(1), std::chrono::minutes(15), std::chrono::hours(1)}};
  std::counting_semaphore<256> argon2_slots_;
};

}  // namespace wcp::auth
