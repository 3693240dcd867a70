#include "modules/prices/bulletin.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "core/xlsx_writer.hpp"

namespace wcp::prices {
namespace {

// The mean of the district prices of `code` on the days of `period`, with how many days had one.
std::pair<std::optional<double>, int> MeanOver(const std::vector<DailyPrice>& days, const std::string& code,
                                               const Period& period) {
  double sum = 0;
  int n = 0;
  for (const auto& d : days) {
    if (d.commodity != code) continue;
    const auto date = ParseDate(d.date);
    if (date.ok() && period.Contains(*date)) {
      sum += d.MedianYuan();
      ++n;
    }
  }
  if (n == 0) return {std::nullopt, 0};
  return {sum / n, n};
}

Json Change(const std::optional<double>& now, const std::optional<double>& then) {
  if (!now || !then || *then <= 0) return nullptr;
  return *now / *then - 1;
}

Json Span(const Period& p) { return {{"period", p.ToString()}, {"from", FormatDate(p.Start())}, {"to", FormatDate(p.End())}}; }

}  // namespace

Json BuildBulletin(const BulletinInputs& in) {
  const Period previous = in.week.Previous();
  Json rows = Json::array();
  int up = 0, down = 0, held = 0;
  std::vector<std::pair<double, std::string>> moves;  // week change, code
  for (const auto& c : in.commodities) {
    if (c.category == "reference") continue;  // live hog and corn: the pig-grain ratio's inputs
    const auto [mean, days] = MeanOver(in.days, c.code, in.week);
    const auto [before, before_days] = MeanOver(in.days, c.code, previous);
    const auto [year_ago, year_days] = MeanOver(in.days, c.code, in.last_year);
    const Json week_change = Change(mean, before);
    if (week_change.is_number()) {
      const double v = week_change.get<double>();
      (v >= kHeld ? up : v <= -kHeld ? down : held) += 1;
      moves.emplace_back(v, c.code);
    }
    Json row = CommodityJson(c);
    row.update({{"mean", mean ? Json(*mean) : Json(nullptr)}, {"days", days},
                {"previous_mean", before ? Json(*before) : Json(nullptr)}, {"week_change", week_change},
                {"last_year_mean", year_ago ? Json(*year_ago) : Json(nullptr)}, {"year_change", Change(mean, year_ago)}});
    rows.push_back(std::move(row));
  }
  std::sort(moves.begin(), moves.end());
  Json risers = Json::array(), fallers = Json::array();
  for (auto it = moves.rbegin(); it != moves.rend() && risers.size() < 3 && it->first >= kHeld; ++it) risers.push_back(it->second);
  for (auto it = moves.begin(); it != moves.end() && fallers.size() < 3 && it->first <= -kHeld; ++it) fallers.push_back(it->second);
  Json alerts = Json::array();
  for (const auto& a : in.alerts) {
    Json j = AlertJson(a);
    const auto c = std::find_if(in.commodities.begin(), in.commodities.end(),
                                [&](const Commodity& x) { return x.code == a.commodity; });
    j["commodity_name"] = c == in.commodities.end() ? Json{{"zh", a.commodity}, {"en", a.commodity}}
                                                    : Json{{"zh", c->name_zh}, {"en", c->name_en}};
    alerts.push_back(std::move(j));
  }
  return {{"week", Span(in.week)}, {"previous", Span(previous)}, {"last_year", Span(in.last_year)},
          {"issued", in.issued}, {"partial", in.issued < FormatDate(in.week.End())}, {"points", in.points},
          {"summary", {{"up", up}, {"down", down}, {"held", held}, {"compared", up + down + held}}},
          {"risers", risers}, {"fallers", fallers},
          {"commodities", rows}, {"alerts", alerts}, {"pig_grain", in.pig_grain}};
}

namespace {

// The workbook's words in its two languages.
struct Words {
  const char* title;
  const char* sheet_prices;
  const char* sheet_alerts;
  const char* columns[7];
  const char* alert_columns[5];
  const char* categories[6][2];  // code, name
  const char* none;
};

const Words kZh = {"西海岸新区重要民生商品价格周报", "价格", "预警",
                   {"品种", "单位", "本周均价（元）", "上周均价（元）", "环比", "上年同周均价（元）", "同比"},
                   {"品种", "规则", "级别", "日期", "建议措施"},
                   {{"meat", "肉类"}, {"eggs", "蛋类"}, {"vegetables", "蔬菜"}, {"fruit", "水果"}, {"aquatic", "水产品"},
                    {"grain_oil", "粮油"}},
                   "本周无预警"};
const Words kEn = {"West Coast New Area: weekly prices of essential goods", "Prices", "Warnings",
                   {"Commodity", "Unit", "Week mean (CNY)", "Week before (CNY)", "Week on week", "Same week last year (CNY)",
                    "Year on year"},
                   {"Commodity", "Rule", "Level", "Days", "Recommended action"},
                   {{"meat", "Meat"}, {"eggs", "Eggs"}, {"vegetables", "Vegetables"}, {"fruit", "Fruit"},
                    {"aquatic", "Aquatic products"}, {"grain_oil", "Grain and oil"}},
                   "No warnings this week"};

std::optional<double> Opt(const Json& v) { return v.is_number() ? std::optional<double>(v.get<double>()) : std::nullopt; }

std::string Percent(const Json& v) {
  if (!v.is_number()) return "—";
  const double percent = v.get<double>() * 100;
  if (std::abs(percent) < 0.05) return "0.0%";  // not "-0.0%"
  char buf[32];
  std::snprintf(buf, sizeof buf, "%+.1f%%", percent);
  return buf;
}

std::string RuleName(const std::string& rule, bool zh) {
  if (rule == "qingdao_fluctuation") return zh ? "价格异常波动" : "Abnormal price fluctuation";
  if (rule == "essential_weekly") return zh ? "生活必需品周均价" : "Necessities' weekly mean";
  if (rule == "pig_grain") return zh ? "猪粮比价" : "Pig-grain price ratio";
  return rule;
}

// The recommended action in the workbook's language: the rule edition's own
// (Chinese) text, or in English the meaning of the plan's level.
std::string Action(const Json& a, bool zh) {
  if (zh) return a["recommended_action"].get<std::string>();
  const std::string rule = a["rule"].get<std::string>(), level = a["level"].get<std::string>();
  if (rule == "qingdao_fluctuation") {
    return "Judge whether to start the level " + level + " response of the Qingdao abnormal price fluctuation plan "
           "(when its further conditions are met): monitor closely, report daily, find the causes";
  }
  if (rule == "essential_weekly") {
    return "Judge whether to start the level " + level + " response of the Qingdao necessities supply plan (which "
           "also requires tight supply and queuing): organise supply, monitor closely";
  }
  if (rule == "pig_grain") {
    const bool falling = a["details"].value("direction", "") == "falling";
    if (level == "3") return falling ? "Warning; no temporary reserve purchase yet" : "Warning";
    if (level == "2") return falling ? "Temporary reserve purchase as the situation requires" : "Release reserves";
    if (level == "1") return falling ? "Temporary reserve purchase, central and local" : "Release more central and local reserves";
  }
  return a["recommended_action"].get<std::string>();
}

std::string SummaryLine(const Json& b, bool zh) {
  const Json& s = b["summary"];
  const std::string up = std::to_string(s["up"].get<int>()), down = std::to_string(s["down"].get<int>()),
                    held = std::to_string(s["held"].get<int>()), n = std::to_string(s["compared"].get<int>());
  if (zh) return "与上周相比，" + n + " 种商品中 " + up + " 种上涨、" + down + " 种下跌、" + held + " 种持平。";
  return "Against the week before, of " + n + " commodities " + up + " rose, " + down + " fell and " + held + " held.";
}

}  // namespace

Result<std::string> BulletinWorkbook(const Json& b, bool zh, const std::string& issuer) {
  const Words& w = zh ? kZh : kEn;
  const std::string lang = zh ? "zh" : "en";
  return WorkbookBytes("wcp-bulletin-", [&](lxw_workbook* wb) -> Status {
    lxw_format* title = workbook_add_format(wb);
    format_set_bold(title);
    format_set_font_size(title, 14);
    lxw_format* header = workbook_add_format(wb);
    format_set_bold(header);
    format_set_bg_color(header, 0xE8EEF5);
    format_set_border(header, LXW_BORDER_THIN);
    format_set_text_wrap(header);
    lxw_format* group = workbook_add_format(wb);
    format_set_bold(group);
    lxw_format* money = workbook_add_format(wb);
    format_set_num_format(money, "0.00");
    format_set_border(money, LXW_BORDER_THIN);
    lxw_format* cell = workbook_add_format(wb);
    format_set_border(cell, LXW_BORDER_THIN);
    format_set_text_wrap(cell);

    const std::string span = b["week"]["from"].get<std::string>() + (zh ? " 至 " : " to ") + b["week"]["to"].get<std::string>();
    const std::string page_header = "&L" + issuer + "&R" + b["week"]["period"].get<std::string>();
    const std::string page_footer = zh ? "&C第 &P 页，共 &N 页" : "&CPage &P of &N";

    lxw_worksheet* ws = workbook_add_worksheet(wb, w.sheet_prices);
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9);  // A4
    worksheet_set_header(ws, page_header.c_str());
    worksheet_set_footer(ws, page_footer.c_str());
    worksheet_fit_to_pages(ws, 1, 0);
    worksheet_set_column(ws, 0, 0, 16, nullptr);
    worksheet_set_column(ws, 1, 1, 10, nullptr);
    worksheet_set_column(ws, 2, 6, 15, nullptr);
    XlsxText(ws, 0, 0, std::string(w.title) + (zh ? "（" : " (") + b["week"]["period"].get<std::string>() + (zh ? "）" : ")"), title);
    XlsxText(ws, 1, 0, span + (zh ? "　发布：" : " · issued ") + b["issued"].get<std::string>() +
                           (issuer.empty() ? "" : (zh ? "　" : " · ") + issuer));
    XlsxText(ws, 2, 0, SummaryLine(b, zh));
    const int head = 4;
    for (int c = 0; c < 7; ++c) XlsxText(ws, head, c, w.columns[c], header);
    worksheet_repeat_rows(ws, head, head);
    int row = head + 1;
    for (const auto& [category, name] : w.categories) {
      bool any = false;
      for (const auto& c : b["commodities"]) {
        if (c["category"] != category) continue;
        if (!any) XlsxText(ws, row++, 0, name, group);
        any = true;
        XlsxText(ws, row, 0, c["name"][lang].get<std::string>(), cell);
        XlsxText(ws, row, 1, c["unit"][lang].get<std::string>(), cell);
        XlsxNumber(ws, row, 2, Opt(c["mean"]), money);
        XlsxNumber(ws, row, 3, Opt(c["previous_mean"]), money);
        XlsxText(ws, row, 4, Percent(c["week_change"]), cell);
        XlsxNumber(ws, row, 5, Opt(c["last_year_mean"]), money);
        XlsxText(ws, row, 6, Percent(c["year_change"]), cell);
        ++row;
      }
    }
    ++row;
    XlsxText(ws, row++, 0, zh ? "说明：本周均价为当周各日全区价格（各监测点当日价格的中位数）的平均值；涨跌幅绝对值小于 0.05% 记为持平。"
                              : "Notes: the week mean is the mean of the days' district prices (the median of the "
                                "points' prices each day); a change smaller than 0.05 % either way counts as held.");

    lxw_worksheet* alerts = workbook_add_worksheet(wb, w.sheet_alerts);
    worksheet_set_landscape(alerts);
    worksheet_set_paper(alerts, 9);
    worksheet_set_header(alerts, page_header.c_str());
    worksheet_set_footer(alerts, page_footer.c_str());
    worksheet_set_column(alerts, 0, 3, 16, nullptr);
    worksheet_set_column(alerts, 4, 4, 60, nullptr);
    for (int c = 0; c < 5; ++c) XlsxText(alerts, 0, c, w.alert_columns[c], header);
    worksheet_repeat_rows(alerts, 0, 0);
    int arow = 1;
    for (const auto& a : b["alerts"]) {
      XlsxText(alerts, arow, 0, a["commodity_name"][lang].get<std::string>(), cell);
      XlsxText(alerts, arow, 1, RuleName(a["rule"].get<std::string>(), zh), cell);
      XlsxText(alerts, arow, 2, a["level"].get<std::string>(), cell);
      XlsxText(alerts, arow, 3, a["first_date"].get<std::string>() + " – " + a["last_date"].get<std::string>(), cell);
      XlsxText(alerts, arow, 4, Action(a, zh), cell);
      ++arow;
    }
    if (arow == 1) XlsxText(alerts, 1, 0, w.none);
    return Status::Ok();
  });
}

}  // namespace wcp::prices
