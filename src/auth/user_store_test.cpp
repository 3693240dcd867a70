// Conformance suite for auth::UserStore on both backends.
#include "auth/user_store.hpp"

#include <gtest/gtest.h>

#include <chrono>

#include "auth/password.hpp"
#include "auth/schema.hpp"
#include "core/ids.hpp"
#include "store/testing/test_database.hpp"

namespace wcp::auth {
namespace {

class UserStoreTest : public ::testing::TestWithParam<store::Backend> {
 protected:
  void SetUp() override {
    store::MigrationSet set;
    AddMigrations(set);
    auto t = store::testing::TestDatabase::CreateMigrated(GetParam(), set);
    ASSERT_TRUE(t.ok()) << t.status().ToString();
    test_ = std::move(t).value();
    users_ = OpenUserStore(test_->db());
  }
  static User MakeUser(std::string username, std::string display, Role role,
                       std::optional<std::string> enterprise) {
    User u;
    u.id = NewUuidV7();
    u.username = std::move(username);
    u.display_name = std::move(display);
    u.role = role;
    u.enterprise_id = std::move(enterprise);
    return u;
  }
  static Enterprise Acme() {
    return {NewUuidV7(), "青岛示例商贸有限公司", "91330100716105852F", "retail", "黄岛区", "长江路街道"};
  }
  std::unique_ptr<store::testing::TestDatabase> test_;
  std::unique_ptr<UserStore> users_;
};

TEST_P(UserStoreTest, EnterprisesRoundTripAndCodesAreUnique) {
  Enterprise e = Acme();
  ASSERT_TRUE(users_->CreateEnterprise(e).ok());
  Enterprise dup = Acme();
  Status s = users_->CreateEnterprise(dup);
  EXPECT_EQ(s.code(), ErrorCode::kConflict);
  EXPECT_EQ(s.field(), "credit_code");
  Enterprise bad = Acme();
  bad.credit_code = "91330100716105852G";
  EXPECT_EQ(users_->CreateEnterprise(bad).field(), "credit_code");
  auto list = users_->ListEnterprises();
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].name, e.name);
  EXPECT_EQ((*list)[0].street, "长江路街道");
  // Scoped in the query: only the principal's own enterprise comes back.
  Enterprise other = Acme();
  other.credit_code = "914403001922038216";
  ASSERT_TRUE(users_->CreateEnterprise(other).ok());
  auto scoped = users_->ListEnterprises(e.id);
  ASSERT_TRUE(scoped.ok());
  ASSERT_EQ(scoped->size(), 1u);
  EXPECT_EQ((*scoped)[0].id, e.id);
  EXPECT_EQ(users_->ListEnterprises()->size(), 2u);
}

TEST_P(UserStoreTest, UsersWithRolesAndEnterpriseScope) {
  Enterprise e = Acme();
  ASSERT_TRUE(users_->CreateEnterprise(e).ok());
  User analyst = MakeUser("li.analyst", "李分析", Role::kAnalyst, std::nullopt);
  ASSERT_TRUE(users_->CreateUser(analyst, "hash-a").ok());
  User clerk = MakeUser("acme-clerk", "", Role::kEnterprise, e.id);
  ASSERT_TRUE(users_->CreateUser(clerk, "hash-b").ok());
  User orphan = MakeUser("orphan", "", Role::kEnterprise, std::nullopt);
  EXPECT_EQ(users_->CreateUser(orphan, "h").field(), "enterprise_id");
  User ghost = MakeUser("ghost", "", Role::kEnterprise, NewUuidV7());
  EXPECT_EQ(users_->CreateUser(ghost, "h").field(), "enterprise_id");
  User taken = MakeUser("li.analyst", "", Role::kAdmin, std::nullopt);
  EXPECT_EQ(users_->CreateUser(taken, "h").code(), ErrorCode::kConflict);

  auto found = users_->FindByUsername("acme-clerk");
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  EXPECT_EQ(found->user.role, Role::kEnterprise);
  EXPECT_EQ(found->user.enterprise_id, e.id);
  EXPECT_EQ(found->password_hash, "hash-b");
  EXPECT_EQ(found->user.created_at.size(), 20u);  // 2026-11-25T18:00:00Z
  EXPECT_EQ(users_->FindByUsername("nobody").status().code(), ErrorCode::kNotFound);
  auto all = users_->ListUsers();
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 2u);
  ASSERT_TRUE(users_->SetPasswordHash(analyst.id, "hash-new").ok());
  EXPECT_EQ(users_->FindByUsername("li.analyst")->password_hash, "hash-new");
}

TEST_P(UserStoreTest, DemoDataIsNoticed) {
  EXPECT_FALSE(*users_->HasDemoData());
  Enterprise e = Acme();
  e.is_demo = true;
  ASSERT_TRUE(users_->CreateEnterprise(e).ok());
  EXPECT_TRUE(*users_->HasDemoData());
}

TEST_P(UserStoreTest, SqlMetacharactersAreStoredVerbatim) {
  Enterprise e = Acme();
  e.name = "Robert'); DROP TABLE users;-- \"x\" \\ %_";
  ASSERT_TRUE(users_->CreateEnterprise(e).ok());
  EXPECT_EQ((*users_->ListEnterprises())[0].name, e.name);
}

TEST_P(UserStoreTest, SessionsArePrunedAndCappedPerUser) {
  User u = MakeUser("li.analyst", "", Role::kAnalyst, std::nullopt);
  ASSERT_TRUE(users_->CreateUser(u, "h").ok());
  const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::system_clock::now().time_since_epoch()).count();
  // An expired session of the same user is deleted by the next login.
  ASSERT_TRUE(users_->CreateSession({"expired", u.id, "c", now - 10, 1}, 10).ok());
  for (int i = 1; i <= 4; ++i) {
    ASSERT_TRUE(users_->CreateSession({"s" + std::to_string(i), u.id, "c", now + 3600, 100 + i}, 3).ok());
  }
  // Cap 3: s1 (the oldest) ended; s2–s4 remain.
  EXPECT_EQ(users_->FindSession("s1", now).status().code(), ErrorCode::kNotFound);
  for (const char* kept : {"s2", "s3", "s4"}) EXPECT_TRUE(users_->FindSession(kept, now).ok()) << kept;
  EXPECT_EQ(users_->FindSession("expired", now - 20).status().code(), ErrorCode::kNotFound);
  auto joined = users_->FindSessionUser("s4", now);
  ASSERT_TRUE(joined.ok()) << joined.status().ToString();
  EXPECT_EQ(joined->first.csrf_token, "c");
  EXPECT_EQ(joined->first.expires_at, now + 3600);
  EXPECT_EQ(joined->second.username, "li.analyst");
  EXPECT_EQ(joined->second.role, Role::kAnalyst);
  EXPECT_EQ(joined->second.created_at.size(), 20u);
  EXPECT_EQ(users_->FindSessionUser("s1", now).status().code(), ErrorCode::kNotFound);
}

TEST_P(UserStoreTest, AKeyIsUsedOnlyWithItsHash) {
  Enterprise e = Acme();
  ASSERT_TRUE(users_->CreateEnterprise(e).ok());
  ApiKey k;
  k.id = "k1";
  k.enterprise_id = e.id;
  k.name = "erp";
  k.permissions = {"indicators:read"};
  k.key_hash = "right-hash";
  ASSERT_TRUE(users_->CreateApiKey(k).ok());
  EXPECT_EQ(users_->UseApiKey("k1", "wrong-hash").status().code(), ErrorCode::kNotFound);
  EXPECT_FALSE((*users_->ListApiKeys(e.id))[0].last_used_at.has_value());
  auto used = users_->UseApiKey("k1", "right-hash");
  ASSERT_TRUE(used.ok()) << used.status().ToString();
  EXPECT_EQ(used->permissions, k.permissions);
  EXPECT_TRUE((*users_->ListApiKeys(e.id))[0].last_used_at.has_value());
  ASSERT_TRUE(users_->RevokeApiKey("k1").ok());
  EXPECT_EQ(users_->UseApiKey("k1", "right-hash").status().code(), ErrorCode::kNotFound);
}

TEST_P(UserStoreTest, AuditFiltersByActorAndActionTextNewestFirst) {
  const auto entry = [](std::string actor, std::string action, int status) {
    return AuditEntry{NewUuidV7(), "", std::move(actor), std::move(action), "/x", "rid", status};
  };
  ASSERT_TRUE(users_->RecordAudit(entry("li", "POST /api/v1/indicators/{code}/observations", 201)).ok());
  ASSERT_TRUE(users_->RecordAudit(entry("wang", "POST /api/v1/admin/users", 201)).ok());
  ASSERT_TRUE(users_->RecordAudit(entry("li", "DELETE /api/v1/admin/api-keys/{id}", 200)).ok());
  ASSERT_TRUE(users_->RecordAudit(entry("li", "POST /api/v1/admin/100%_sure", 201)).ok());
  AuditFilter by_li;
  by_li.actor = "li";
  auto li = users_->ListAudit(by_li);
  ASSERT_TRUE(li.ok()) << li.status().ToString();
  ASSERT_EQ(li->size(), 3u);
  EXPECT_EQ((*li)[0].action, "POST /api/v1/admin/100%_sure");  // newest first
  EXPECT_EQ((*li)[0].at.size(), 20u);                          // 2026-11-30T05:00:00Z on both backends
  AuditFilter admin;
  admin.action = "/admin/";
  EXPECT_EQ(users_->ListAudit(admin)->size(), 3u);
  AuditFilter literal;  // % and _ are plain text, not wildcards
  literal.action = "0%_s";
  EXPECT_EQ(users_->ListAudit(literal)->size(), 1u);
  AuditFilter none;
  none.action = "%";
  none.actor = "wang";
  EXPECT_EQ(users_->ListAudit(none)->size(), 0u);
  AuditFilter limited;
  limited.limit = 2;
  EXPECT_EQ(users_->ListAudit(limited)->size(), 2u);
}

TEST_P(UserStoreTest, EnterpriseScopeListsOnlyItsOwn) {
  Enterprise a = Acme();
  Enterprise b{NewUuidV7(), "青岛另一家公司", "914403001922038216", "", "", "", true};
  ASSERT_TRUE(users_->CreateEnterprise(a).ok());
  ASSERT_TRUE(users_->CreateEnterprise(b).ok()) << users_->CreateEnterprise(b).ToString();
  EXPECT_EQ(users_->ListEnterprises()->size(), 2u);
  auto own = users_->ListEnterprises(b.id);
  ASSERT_TRUE(own.ok());
  ASSERT_EQ(own->size(), 1u);
  EXPECT_EQ((*own)[0].id, b.id);
  EXPECT_TRUE((*own)[0].is_demo);
}

WCP_INSTANTIATE_BACKEND_SUITE(UserStoreTest);

// Every role of this build has its row, and a user's role must be one of them
// (a role is added by a migration inserting a row, never by a table rebuild).
TEST_P(UserStoreTest, RolesTableHoldsEveryRoleAndUsersReferenceIt) {
  std::vector<std::string> stored;
  ASSERT_TRUE(test_->db().Read([&](store::Tx& tx) -> Status {
                WCP_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT name FROM roles ORDER BY name"));
                for (const auto& r : rows) stored.push_back(r.Text(0));
                return Status::Ok();
              }).ok());
  std::vector<std::string> expected;
  for (Role r : http::kAllRoles) expected.emplace_back(RoleName(r));
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(stored, expected);
  Status unknown = test_->db().Write([&](store::Tx& tx) -> Status {
    return tx.Execute("INSERT INTO users (id, username, role, password_hash) VALUES ('u1', 'x', 'auditor', 'h')")
        .status();
  });
  EXPECT_FALSE(unknown.ok());
}

// Auth migration 4 rebuilds `users` on SQLite with foreign keys off: the rows
// and the sessions that reference them survive (with enforcement on, dropping
// the old table would have cascaded into sessions).
TEST_P(UserStoreTest, RolesMigrationKeepsUsersAndTheirSessions) {
  store::MigrationSet before;
  auto sqlite = SqliteMigrations();
  auto pg = PgMigrations();
  // The schema as it was before the roles migration (version 4).
  const auto from_roles_on = [](const store::Migration& m) { return m.version >= 4; };
  ASSERT_EQ(std::erase_if(sqlite, from_roles_on), std::erase_if(pg, from_roles_on));
  ASSERT_EQ(sqlite.back().version, 3);
  before.Add(sqlite, pg);
  auto t = store::testing::TestDatabase::CreateMigrated(GetParam(), before);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  auto old_users = OpenUserStore((*t)->db());
  Enterprise e = Acme();
  ASSERT_TRUE(old_users->CreateEnterprise(e).ok());
  User u = MakeUser("wang.clerk", "王", Role::kEnterprise, e.id);
  ASSERT_TRUE(old_users->CreateUser(u, "h").ok());
  const int64_t later = std::chrono::duration_cast<std::chrono::seconds>(
                            std::chrono::system_clock::now().time_since_epoch()).count() + 3600;
  ASSERT_TRUE(old_users->CreateSession({"tok", u.id, "c", later, 1}, 10).ok());

  store::MigrationSet all;
  AddMigrations(all);
  Status migrated = (*t)->db().Migrate(all);
  ASSERT_TRUE(migrated.ok()) << migrated.ToString();
  auto joined = old_users->FindSessionUser("tok", later - 3600);
  ASSERT_TRUE(joined.ok()) << joined.status().ToString();
  EXPECT_EQ(joined->second.username, "wang.clerk");
  EXPECT_EQ(joined->second.enterprise_id, e.id);
  // Enforcement is back on after the rebuild.
  Status orphan = (*t)->db().Write([&](store::Tx& tx) -> Status {
    return tx.Execute("INSERT INTO sessions (token_hash, user_id, csrf_token, expires_at) VALUES ('t2', 'nobody', 'c', 1)")
        .status();
  });
  EXPECT_FALSE(orphan.ok());
}

TEST(PasswordTest, Argon2idRoundTrip) {
  ASSERT_TRUE(InitCrypto().ok());
  auto h = HashPassword("correct horse battery");
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h->rfind("$argon2id$", 0), 0u);
  EXPECT_TRUE(VerifyPassword(*h, "correct horse battery"));
  EXPECT_FALSE(VerifyPassword(*h, "correct horse batterx"));
  EXPECT_EQ(GeneratePassword(24).size(), 24u);
}

TEST(PasswordTest, Policy) {
  EXPECT_FALSE(ValidatePasswordPolicy("short1").ok());
  EXPECT_FALSE(ValidatePasswordPolicy("aaaaaaaaaaaa").ok());
  EXPECT_TRUE(ValidatePasswordPolicy("abcdefghij1").ok());
  EXPECT_EQ(ValidatePasswordPolicy("x").field(), "password");
}

TEST(RoleTest, Names) {
  EXPECT_EQ(*ParseRole("inspector"), Role::kInspector);
  EXPECT_EQ(ParseRole("root").status().field(), "role");
  EXPECT_EQ(RoleName(Role::kEnterprise), "enterprise");
}

}  // namespace
}  // namespace wcp::auth
