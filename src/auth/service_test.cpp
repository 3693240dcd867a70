// AuthService on a real store (both backends): who a request is, from a
// bearer token, the session cookie or an API key; and what fails.
#include "auth/service.hpp"

#include <gtest/gtest.h>

#include "auth/password.hpp"
#include "auth/schema.hpp"
#include "core/ids.hpp"
#include "store/testing/test_database.hpp"

namespace wcp::auth {
namespace {

class AuthServiceTest : public ::testing::TestWithParam<store::Backend> {
 protected:
  void SetUp() override {
    store::MigrationSet set;
    AddMigrations(set);
    auto t = store::testing::TestDatabase::CreateMigrated(GetParam(), set);
    ASSERT_TRUE(t.ok()) << t.status().ToString();
    test_ = std::move(t).value();
    users_ = OpenUserStore(test_->db());
    service_ = std::make_unique<AuthService>(*users_, AuthOptions{});
    // A module route open to keys, so that its permission may be granted.
    router_.DeclarePermission("indicators:write", "submit");
    router_.Add({"POST", "/api/v1/things", [](const http::Request&) { return http::Response::Text("ok"); }, "", 0,
                 http::Access::kAuthenticated, {Role::kEnterprise}, "indicators:write"});
    router_.DeclarePermission("things:approve", "bureau only");
    router_.Add({"POST", "/api/v1/things/approve", [](const http::Request&) { return http::Response::Text("ok"); },
                 "", 0, http::Access::kAuthenticated, {Role::kAnalyst}, "things:approve"});
    service_->AddRoutes(router_);
    enterprise_ = {NewUuidV7(), "青岛示例商贸有限公司", "91330100716105852F", "retail", "黄岛区", "长江路街道"};
    ASSERT_TRUE(users_->CreateEnterprise(enterprise_).ok());
    AddUser("li.analyst", Role::kAnalyst, std::nullopt);
    AddUser("admin", Role::kAdmin, std::nullopt);
  }
  void AddUser(const std::string& name, Role role, std::optional<std::string> enterprise) {
    User u;
    u.id = NewUuidV7();
    u.username = name;
    u.display_name = name;
    u.role = role;
    u.enterprise_id = std::move(enterprise);
    ASSERT_TRUE(users_->CreateUser(u, *HashPassword(kPassword)).ok());
  }
  static http::Request WithBearer(const std::string& token) {
    http::Request req;
    req.headers["authorization"] = "Bearer " + token;
    return req;
  }
  static constexpr const char* kPassword = "correct-horse-9";
  std::unique_ptr<store::testing::TestDatabase> test_;
  std::unique_ptr<UserStore> users_;
  std::unique_ptr<AuthService> service_;
  http::Router router_;
  Enterprise enterprise_;
};

TEST_P(AuthServiceTest, BearerTokenAndCookieNameTheSameSession) {
  auto login = service_->Login("li.analyst", kPassword, "10.0.0.1");
  ASSERT_TRUE(login.ok()) << login.status().ToString();
  auto bearer = service_->Authenticate(WithBearer(login->token));
  ASSERT_TRUE(bearer.ok()) << bearer.status().ToString();
  EXPECT_EQ(bearer->username, "li.analyst");
  EXPECT_EQ(bearer->role, Role::kAnalyst);
  EXPECT_FALSE(bearer->via_cookie);  // scripts: no CSRF token needed
  EXPECT_FALSE(bearer->IsApiKey());

  http::Request cookie;
  cookie.headers["cookie"] = "lang=zh; wcp_session=" + login->token + "; other=1";
  auto by_cookie = service_->Authenticate(cookie);
  ASSERT_TRUE(by_cookie.ok()) << by_cookie.status().ToString();
  EXPECT_TRUE(by_cookie->via_cookie);  // browsers: writes need the session's CSRF token
  EXPECT_EQ(by_cookie->csrf_token, login->csrf_token);

  // Capabilities: the routes the rule lets this analyst call — not the bureau-only route's
  // neighbour it may not, and none of the admin's.
  const Json can = service_->Capabilities(*bearer);
  const auto has = [&](const std::string& what) { return std::find(can.begin(), can.end(), what) != can.end(); };
  EXPECT_TRUE(has("POST /api/v1/things/approve"));  // analysts may
  EXPECT_FALSE(has("POST /api/v1/things"));         // enterprise only
  EXPECT_FALSE(has("GET /api/v1/admin/users"));     // admin only
  EXPECT_TRUE(has("GET /api/v1/auth/me"));
  ASSERT_TRUE(service_->Logout(WithBearer(login->token)).ok());
  EXPECT_EQ(service_->Authenticate(WithBearer(login->token)).status().code(), ErrorCode::kUnauthorized);
}

TEST_P(AuthServiceTest, MissingWrongAndUnknownCredentialsAreUnauthorized) {
  EXPECT_EQ(service_->Authenticate(http::Request{}).status().code(), ErrorCode::kUnauthorized);
  EXPECT_EQ(service_->Authenticate(WithBearer(std::string(64, 'a'))).status().code(), ErrorCode::kUnauthorized);
  http::Request basic;
  basic.headers["authorization"] = "Basic YWRtaW46YWRtaW4=";  // not a scheme wcp accepts
  EXPECT_EQ(service_->Authenticate(basic).status().code(), ErrorCode::kUnauthorized);
  // A wrong password and an unknown user fail with the same words.
  const Status wrong = service_->Login("li.analyst", "not-the-password-1", "10.0.0.2").status();
  const Status unknown = service_->Login("nobody", "not-the-password-1", "10.0.0.3").status();
  EXPECT_EQ(wrong.code(), ErrorCode::kUnauthorized);
  EXPECT_EQ(wrong.message(), unknown.message());
}

TEST_P(AuthServiceTest, ApiKeysAuthenticateAsTheirEnterpriseWithTheirPermissions) {
  http::Principal admin;
  admin.user_id = "u-admin";
  admin.username = "admin";
  admin.role = Role::kAdmin;
  const auto& declared = router_.permissions();
  auto key = service_->CreateApiKey(admin, enterprise_.id, "erp", {"indicators:write"}, declared);
  ASSERT_TRUE(key.ok()) << key.status().ToString();
  auto who = service_->Authenticate(WithBearer(*key));
  ASSERT_TRUE(who.ok()) << who.status().ToString();
  EXPECT_TRUE(who->IsApiKey());
  EXPECT_EQ(who->role, Role::kEnterprise);
  EXPECT_EQ(who->enterprise_id, enterprise_.id);
  EXPECT_EQ(who->permissions, std::vector<std::string>{"indicators:write"});
  // The same id with another secret, a malformed key, and the key once revoked.
  std::string forged = *key;
  forged.back() = forged.back() == 'a' ? 'b' : 'a';
  EXPECT_EQ(service_->Authenticate(WithBearer(forged)).status().code(), ErrorCode::kUnauthorized);
  EXPECT_EQ(service_->Authenticate(WithBearer("wcpk_nounderscore")).status().code(), ErrorCode::kUnauthorized);
  const std::string id = key->substr(5, key->find('_', 5) - 5);
  ASSERT_TRUE(users_->RevokeApiKey(id).ok());
  EXPECT_EQ(service_->Authenticate(WithBearer(*key)).status().code(), ErrorCode::kUnauthorized);
  // An undeclared permission is refused at creation, and so is one no key-open route uses.
  EXPECT_EQ(service_->CreateApiKey(admin, enterprise_.id, "erp2", {"everything"}, declared).status().field(),
            "permissions");
  EXPECT_EQ(service_->CreateApiKey(admin, enterprise_.id, "erp2", {"things:approve"}, declared).status().code(),
            ErrorCode::kInvalid);
}

TEST_P(AuthServiceTest, ADisabledAccountIsLockedOutAtOnceAndCanComeBack) {
  auto login = service_->Login("li.analyst", kPassword, "10.0.0.5");
  ASSERT_TRUE(login.ok()) << login.status().ToString();
  const std::string id = login->user.id;
  ASSERT_TRUE(users_->SetDisabled(id, true).ok());
  EXPECT_EQ(service_->Authenticate(WithBearer(login->token)).status().code(), ErrorCode::kUnauthorized);  // session ended
  EXPECT_EQ(service_->Login("li.analyst", kPassword, "10.0.0.5").status().code(), ErrorCode::kUnauthorized);
  EXPECT_TRUE(users_->FindUserById(id)->disabled);
  ASSERT_TRUE(users_->SetDisabled(id, false).ok());
  EXPECT_TRUE(service_->Login("li.analyst", kPassword, "10.0.0.5").ok());
  EXPECT_EQ(users_->SetDisabled("no-such-user", true).code(), ErrorCode::kNotFound);
}

WCP_INSTANTIATE_BACKEND_SUITE(AuthServiceTest);

}  // namespace
}  // namespace wcp::auth
