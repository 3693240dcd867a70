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

}  // namespace
}  // namespace wcp::http
