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

class AuthService {
 public:
  AuthService(UserStore& users, bool secure_cookies);

  // kUnauthorized for a wrong name or password (the same message for both),
  // kBusy with the retry delay when throttled.
  Result<LoginResult> Login(const std::string& username, const std::string& password,
                            const std::string& client_address);
  Result<http::Principal> Authenticate(const http::Request& req);
  Status Logout(const http::Request& req);
  Status ChangePassword(const http::Principal& who, const std::string& old_password,
                        const std::string& new_password);
  // Returns the full key (shown once) and stores its hash.
  Result<std::string> CreateApiKey(const std::string& enterprise_id, const std::string& name,
                                   const std::vector<std::string>& permissions);
  void Audit(const http::Request& req, const http::Route& route, int status);

  // POST /api/v1/auth/login, /logout, /password; GET /api/v1/auth/me; the
  // admin routes for users, enterprises, API keys and the audit trail.
  void AddRoutes(http::Router& router);

  static constexpr int64_t kSessionSeconds = 12 * 3600;

 private:
  static std::string TokenFromRequest(const http::Request& req, bool* via_cookie);
  UserStore& users_;
  bool secure_cookies_;
  Throttle per_account_{5, std::chrono::minutes(15)};
  Throttle per_address_{30, std::chrono::minutes(15)};
};

}  // namespace wcp::auth
