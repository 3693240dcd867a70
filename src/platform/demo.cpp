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

// Annual observations 2021–2025 for every indicator with a base: each
// indicator gets a seeded pace (0.45–1.35 × the growth its target needs), so
// some are on track and some lag. Submitted by one demo analyst, approved
// (and thereby ledgered) by another.
Result<int> LoadDemoObservations(Platform& p, std::mt19937_64& rng) {
  WCP_ASSIGN_OR_RETURN(auto list, p.indicators->List());
  std::uniform_real_distribution<double> pace(0.45, 1.35), noise(-0.015, 0.015);
  int added = 0;
  for (const auto& ind : list) {
    if (!ind.base_value || !ind.base_year) continue;
    WCP_ASSIGN_OR_RETURN(auto existing, p.observations->List(ind.code));
    if (!existing.empty()) continue;  // idempotent
    const double base = std::stod(*ind.base_value);
    const double target = ind.target_value ? std::stod(*ind.target_value) : base * 1.5;
    const int years = ind.target_year ? *ind.target_year - *ind.base_year : 5;
    const double required = std::pow(target / base, 1.0 / years) - 1.0;
    const double factor = pace(rng);
    double level = base;
    std::vector<indicators::Observation> batch;
    for (int year = *ind.base_year + 1; year <= 2025; ++year) {
      const double growth = required * factor + noise(rng);
      level *= 1.0 + growth;
      Json j = {{"period", std::to_string(year)}, {"period_type", "year"},
                {"level", ind.kind == indicators::Kind::kStock ? fmt::format("{:.0f}", level) : fmt::format("{:.2f}", level)},
                {"yoy_growth", fmt::format("{:.3f}", growth)}, {"source", "区统计局（演示）"}, {"release", "年报"}};
      WCP_ASSIGN_OR_RETURN(indicators::Observation o, indicators::ParseObservation(j, ind.code));
      o.submitted_by = "demo-analyst";
      batch.push_back(std::move(o));
    }
    // Monthly year-to-date releases for the monthly indicators, consistent
    // with the annual totals above: 2024 complete, 2025 through 1–10月 (as the
    // bureau saw it in November 2025, when the rest-of-year need matters).
    if (ind.code == "retail_sales" || ind.code == "catering_above_size") {
      std::map<int, double> annual;
      for (const auto& o : batch) annual[std::stoi(o.period)] = std::stod(o.level);
      for (int year : {2024, 2025}) {
        for (int month = 2; month <= (year == 2025 ? 10 : 12); ++month) {
          // Cumulative share of the year: a little below month/12 early on (Spring Festival lull).
          const double share = month == 12 ? 1.0 : month / 12.0 * (0.96 + 0.003 * month);
          const double ytd = annual[year] * share, ytd_last = annual[year - 1] * share;
          Json j = {{"period", fmt::format("{}-{:02d}", year, month)}, {"period_type", "ytd"},
                    {"level", fmt::format("{:.2f}", ytd)}, {"yoy_growth", fmt::format("{:.3f}", ytd / ytd_last - 1)},
                    {"source", "区统计局（演示）"}, {"release", "月报"}};
          WCP_ASSIGN_OR_RETURN(indicators::Observation o, indicators::ParseObservation(j, ind.code));
          o.submitted_by = "demo-analyst";
          batch.push_back(std::move(o));
        }
      }
    }
    WCP_RETURN_IF_ERROR(p.observations->Submit(batch));
    for (const auto& o : batch) {
      WCP_RETURN_IF_ERROR(p.observations->Approve(o.id, "demo-analyst2").status());
      ++added;
    }
  }
  return added;
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
    const bool exists = std::any_of(existing.begin(), existing.end(),
                                    [&](const auth::Enterprise& x) { return x.name == e.name; });
    if (exists || codes.count(e.credit_code)) continue;
    WCP_RETURN_IF_ERROR(p.users->CreateEnterprise(e));
    ++summary.enterprises;
    WCP_RETURN_IF_ERROR(add_user("demo-ent" + std::to_string(i + 1), auth::Role::kEnterprise, e.id));
  }
  if (!passwords.empty()) WCP_RETURN_IF_ERROR(WriteSecretFile(password_file, passwords, /*append=*/true));
  WCP_ASSIGN_OR_RETURN(summary.observations, LoadDemoObservations(p, rng));
  WCP_RETURN_IF_ERROR(p.ledger->Flush());  // a fresh `make run` shows a non-empty, checkpointed log
  return summary;
}

}  // namespace wcp::platform
