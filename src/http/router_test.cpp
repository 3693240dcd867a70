#include "http/router.hpp"

#include <gtest/gtest.h>

namespace wcp::http {
namespace {

Router MakeRouter() {
  Router r;
  r.Add({"GET", "/api/v1/indicators", [](const Request&) { return Response::Text("list"); }, "", 0});
  r.Add({"GET", "/api/v1/indicators/{code}", [](const Request&) { return Response::Text("one"); }, "", 0});
  r.Add({"POST", "/api/v1/indicators/{code}/observations",
         [](const Request&) { return Response::Text("post"); }, "", 0});
  return r;
}

TEST(RouterTest, MatchesWithParams) {
  Router r = MakeRouter();
  std::map<std::string, std::string> params;
  bool known = false;
  const Route* route = r.Match("GET", "/api/v1/indicators/retail_sales", &params, &known);
  ASSERT_NE(route, nullptr);
  EXPECT_EQ(route->pattern, "/api/v1/indicators/{code}");
  EXPECT_EQ(params["code"], "retail_sales");
  EXPECT_NE(r.Match("HEAD", "/api/v1/indicators", &params, &known), nullptr);
}

TEST(RouterTest, DistinguishesNotFoundFromMethodNotAllowed) {
  Router r = MakeRouter();
  std::map<std::string, std::string> params;
  bool known = true;
  EXPECT_EQ(r.Match("GET", "/api/v1/nothing", &params, &known), nullptr);
  EXPECT_FALSE(known);
  EXPECT_EQ(r.Match("DELETE", "/api/v1/indicators/x", &params, &known), nullptr);
  EXPECT_TRUE(known);
  EXPECT_EQ(r.Match("GET", "/api/v1/indicators/", &params, &known), nullptr);  // empty param
}

TEST(RouterTest, LiteralSegmentsBeatParameters) {
  Router r;
  r.Add({"GET", "/api/v1/indicators/{code}", [](const Request&) { return Response::Text("one"); }, "", 0});
  r.Add({"GET", "/api/v1/indicators/review", [](const Request&) { return Response::Text("inbox"); }, "", 0});
  std::map<std::string, std::string> params;
  bool known = false;
  const Route* inbox = r.Match("GET", "/api/v1/indicators/review", &params, &known);
  ASSERT_NE(inbox, nullptr);
  EXPECT_EQ(inbox->pattern, "/api/v1/indicators/review");  // though {code} was added first
  EXPECT_TRUE(params.empty());
  const Route* one = r.Match("GET", "/api/v1/indicators/retail_sales", &params, &known);
  ASSERT_NE(one, nullptr);
  EXPECT_EQ(params.at("code"), "retail_sales");
}

TEST(RouterTest, RestOfPathParameter) {
  Router r;
  r.Add({"GET", "/ledger/tile/{path*}", [](const Request&) { return Response::Text("tile"); }, "", 0});
  std::map<std::string, std::string> params;
  bool known = false;
  ASSERT_NE(r.Match("GET", "/ledger/tile/0/x001/234.p/5", &params, &known), nullptr);
  EXPECT_EQ(params["path"], "0/x001/234.p/5");
  EXPECT_EQ(r.Match("GET", "/ledger/tile/", &params, &known), nullptr);
  EXPECT_EQ(r.Match("GET", "/ledger/tile", &params, &known), nullptr);
}

TEST(ProblemTest, Rfc7807Body) {
  Response p = Problem(Status::Invalid("level must be a number", "level"), "rid-1");
  EXPECT_EQ(p.status, 400);
  EXPECT_EQ(p.content_type, "application/problem+json");
  auto j = Json::parse(p.body);
  EXPECT_EQ(j["type"], "https://wcp.example/problems/invalid");
  EXPECT_EQ(j["title"], "Bad Request");
  EXPECT_EQ(j["status"], 400);
  EXPECT_EQ(j["detail"], "level must be a number");
  EXPECT_EQ(j["field"], "level");
  EXPECT_EQ(j["request_id"], "rid-1");
  // Internal details are not leaked.
  auto internal = Json::parse(Problem(Status::Internal("SQL: secret table"), "r").body);
  EXPECT_EQ(internal["detail"].get<std::string>().find("secret"), std::string::npos);
  EXPECT_EQ(HttpStatus(ErrorCode::kTooLarge), 413);
  EXPECT_EQ(HttpStatus(ErrorCode::kForbidden), 403);
}

TEST(PercentDecodeTest, DecodesAndRejects) {
  std::string out;
  EXPECT_TRUE(PercentDecode("/a%20b/%E6%B0%B4", &out));
  EXPECT_EQ(out, "/a b/水");
  EXPECT_FALSE(PercentDecode("/bad%2", &out));
  EXPECT_FALSE(PercentDecode("/bad%zz", &out));
  EXPECT_FALSE(PercentDecode("/bad%C0%AF", &out));  // overlong UTF-8
}

// The authorization rule (Permit) on its own: roles, API-key permissions, CSRF.
Route Guarded(std::vector<Role> roles, std::string permission = "") {
  Route r;
  r.method = "POST";
  r.pattern = "/api/v1/things";
  r.roles = std::move(roles);
  r.permission = std::move(permission);
  return r;
}

Principal User(Role role, bool cookie = false) {
  Principal p;
  p.user_id = "u1";
  p.username = "li";
  p.role = role;
  p.via_cookie = cookie;
  p.csrf_token = cookie ? "c0ffee" : "";
  return p;
}

Principal Key(std::vector<std::string> permissions) {
  Principal p;
  p.user_id = "apikey:k1";
  p.username = "key:erp";
  p.role = Role::kEnterprise;
  p.enterprise_id = "e1";
  p.permissions = std::move(permissions);
  return p;
}

TEST(PermitTest, RolesListedByTheRouteOnly) {
  const Route writers = Guarded({Role::kAdmin, Role::kAnalyst});
  EXPECT_TRUE(Permit(writers, User(Role::kAnalyst), "POST", "").ok());
  const Status inspector = Permit(writers, User(Role::kInspector), "POST", "");
  EXPECT_EQ(inspector.code(), ErrorCode::kForbidden);
  EXPECT_EQ(inspector.message(), "role 'inspector' may not POST /api/v1/things");
  EXPECT_TRUE(Permit(Guarded({}), User(Role::kEnterprise), "POST", "").ok());  // no roles: anyone signed in
}

TEST(PermitTest, ApiKeysNeedTheRoutesPermission) {
  EXPECT_EQ(Permit(Guarded({}), Key({"things:write"}), "POST", "").message(),
            "POST /api/v1/things is not available to API keys");  // the route names no permission
  const Route open_to_keys = Guarded({Role::kAdmin, Role::kEnterprise}, "things:write");
  EXPECT_EQ(Permit(open_to_keys, Key({"things:read"}), "POST", "").message(),
            "this API key lacks the permission 'things:write'");
  EXPECT_TRUE(Permit(open_to_keys, Key({"things:read", "things:write"}), "POST", "").ok());
  // A key is an enterprise principal: a bureau-only route stays closed whatever it holds.
  EXPECT_EQ(Permit(Guarded({Role::kAnalyst}, "things:write"), Key({"things:write"}), "POST", "").code(),
            ErrorCode::kForbidden);
}

TEST(PermitTest, CookieWritesNeedTheSessionsCsrfToken) {
  const Route r = Guarded({});
  const Status missing = Permit(r, User(Role::kAnalyst, /*cookie=*/true), "POST", "");
  EXPECT_EQ(missing.code(), ErrorCode::kForbidden);
  EXPECT_EQ(missing.field(), "X-CSRF-Token");
  EXPECT_EQ(Permit(r, User(Role::kAnalyst, true), "DELETE", "bad").field(), "X-CSRF-Token");
  EXPECT_TRUE(Permit(r, User(Role::kAnalyst, true), "POST", "c0ffee").ok());
  EXPECT_TRUE(Permit(r, User(Role::kAnalyst, true), "GET", "").ok());     // reads need none
  EXPECT_TRUE(Permit(r, User(Role::kAnalyst, false), "POST", "").ok());   // bearer tokens need none
  Principal empty = User(Role::kAnalyst, true);
  empty.csrf_token.clear();
  EXPECT_FALSE(Permit(r, empty, "POST", "").ok());  // an empty token never matches an empty header
}

}  // namespace
}  // namespace wcp::http
