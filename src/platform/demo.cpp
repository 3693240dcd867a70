#include "platform/demo.hpp"

#include <cmath>
#include <map>
#include <random>

#include <fmt/format.h>
#include <set>

#include "auth/password.hpp"
#include "core/files.hpp"
#include "core/ids.hpp"

namespace wcp::platform {
namespace {

constexpr const char* kPrefixes[] = {"海岸", "琅琊", "唐岛", "灵山", "珠山", "金沙", "凤凰", "银沙"};
constexpr const char* kTrades[][2] = {{"商贸", "retail"},   {"餐饮", "catering"},
                                      {"供应链", "wholesale"}, {"跨境电商", "crossborder"},
                                      {"冷链物流", "logistics"}, {"水产", "wholesale"}};
constexpr const char* kStreets[] = {"长江路街道", "辛安街道", "薛家岛街道", "灵珠山街道", "珠海街道"};

// A valid 统一社会信用代码 for demo use: 91 (enterprise) + 370211 (黄岛区)
// + 9 random organisation-code characters + the GB 32100 check character.
std::string DemoCreditCode(std::mt19937_64& rng) {
  static constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  std::string code = "91370211";
  for (int i = 0; i < 9; ++i) code += kAlphabet[rng() % kAlphabet.size()];
  code += CreditCodeCheckChar(code);
  return code;
}

}  // namespace

Result<DemoSummary> LoadDemo(Platform& p, uint64_t seed, const std::filesystem::path& password_file) {
  std::mt19937_64 rng(seed);
  DemoSummary summary;
  WCP_ASSIGN_OR_RETURN(auto existing, p.users->ListEnterprises());
  std::set<std::string> codes;
  for (const auto& e : existing) codes.insert(e.credit_code);
  std::string passwords;
  const auto add_user = [&](const std::string& username, auth::Role role,
                            std::optional<std::string> enterprise) -> Status {
    if (p.users->FindByUsername(username).ok()) return Status::Ok();
    auth::User u;
    u.id = NewUuidV7();
    u.username = username;
    u.display_name = username;
    u.role = role;
    u.enterprise_id = std::move(enterprise);
    u.is_demo = true;
    const std::string password = auth::GeneratePassword(16);
    WCP_ASSIGN_OR_RETURN(std::string hash, auth::HashPassword(password));
    WCP_RETURN_IF_ERROR(p.users->CreateUser(u, hash));
    passwords += username + " " + password + "\n";
    ++summary.users;
    return Status::Ok();
  };
  WCP_RETURN_IF_ERROR(add_user("demo-analyst", auth::Role::kAnalyst, std::nullopt));
  WCP_RETURN_IF_ERROR(add_user("demo-analyst2", auth::Role::kAnalyst, std::nullopt));
  WCP_RETURN_IF_ERROR(add_user("demo-inspector", auth::Role::kInspector, std::nullopt));
  kit::DemoContext demo{rng};
  for (int i = 0; i < 8; ++i) {
    const auto& trade = kTrades[rng() % std::size(kTrades)];
    auth::Enterprise e;
    e.id = NewUuidV7();
    e.name = std::string("青岛") + kPrefixes[i] + trade[0] + "有限公司（演示）";
    e.credit_code = DemoCreditCode(rng);
    e.type = trade[1];
    e.district = "黄岛区";
    e.street = kStreets[rng() % std::size(kStreets)];
    e.is_demo = true;
    const std::string username = "demo-ent" + std::to_string(i + 1);
    const auto same = std::find_if(existing.begin(), existing.end(),
                                   [&](const auth::Enterprise& x) { return x.name == e.name; });
    if (same != existing.end()) {
      demo.enterprises.push_back({same->id, username});
      continue;
    }
    if (codes.count(e.credit_code)) continue;
    WCP_RETURN_IF_ERROR(p.users->CreateEnterprise(e));
    ++summary.enterprises;
    WCP_RETURN_IF_ERROR(add_user(username, auth::Role::kEnterprise, e.id));
    demo.enterprises.push_back({e.id, username});
  }
  if (!passwords.empty()) WCP_RETURN_IF_ERROR(WriteSecretFile(password_file, passwords, /*append=*/true));
  for (auto& m : p.modules) {
    WCP_ASSIGN_OR_RETURN(int added, m->LoadDemo(demo));
    summary.records += added;
  }
  WCP_RETURN_IF_ERROR(p.ledger->Flush());  // a fresh `make run` shows a non-empty, checkpointed log
  return summary;
}

}  // namespace wcp::platform
