#include "modules/prices/routes.hpp"

#include <fmt/format.h>

#include <charconv>
#include <map>
#include <memory>
#include <semaphore>
#include <tuple>

#include "core/date.hpp"
#include "core/encoding.hpp"
#include "core/xlsx.hpp"
#include "modules/prices/reserves.hpp"
#include "http/schema.hpp"

namespace wcp::prices {
namespace {

using http::Request;
using http::Response;
using http::Role;

Json ProblemRows(const std::vector<RowProblem>& problems) {
  Json out = Json::array();
  for (const auto& p : problems) {
    Json params = Json::object();
    for (const auto& [k, v] : p.params) params[k] = v;
    Json row = {{"index", p.index}, {"field", p.field}, {"code", p.code}, {"error", p.message}, {"params", params}};
    if (p.line) row["line"] = *p.line;
    out.push_back(std::move(row));
  }
  return out;
}

// The problems of an uploaded file's rows in the file's terms: its lines
// (`lines[i]`: the line of row i; the header is line 1) and its price column, in yuan.
void InFileTerms(std::vector<RowProblem>& problems, const std::vector<size_t>& lines) {
  const auto line_of = [&](size_t index) { return index < lines.size() ? lines[index] : index + 2; };
  for (auto& p : problems) {
    p.line = line_of(p.index);
    for (auto& [key, value] : p.params) {
      if (key == "line") value = std::to_string(line_of(std::stoul(value) - 1));  // a 1-based row of the batch
    }
    if (p.field == "price_fen") {
      p.field = "price_yuan";
      if (p.code == "not-a-price") p.message = "'price_yuan' must be yuan with at most two decimals, 0.01–10,000";
    }
  }
}

// An RFC 7807 problem carrying the rows (`errors`) as an extension member.
Response RowsProblem(const Status& status, const std::vector<RowProblem>& rows, const Request& req) {
  Response problem = http::Problem(status, req.request_id);
  Json body = Json::parse(problem.body);
  body["errors"] = ProblemRows(rows);
  problem.body = DumpJson(body);
  return problem;
}

class PriceRoutes {
 public:
  PriceRoutes(PricesStore& store, AlertStore& alerts, ReserveStore& reserves, PriceService& service, Issuer issuer)
      : store_(store), alerts_(alerts), reserves_(reserves), service_(service), issuer_(std::move(issuer)) {}

  // The weekly bulletin of ?week (default: the last complete ISO week).
  Result<Response> Bulletin(const Request& req) {
    WCP_ASSIGN_OR_RETURN(Json bulletin, BulletinOf(req));
    bulletin["issuer"] = {{"zh", issuer_.zh}, {"en", issuer_.en}};
    return Response::Json(bulletin);
  }

  // The same as a workbook, ?lang=zh (default) or en.
  Result<Response> BulletinXlsx(const Request& req) {
    const std::string lang = req.query.count("lang") ? req.query.at("lang") : "zh";
    if (lang != "zh" && lang != "en") return Status::Invalid("'lang' must be zh or en", "lang");
    WCP_ASSIGN_OR_RETURN(Json bulletin, BulletinOf(req));
    WCP_ASSIGN_OR_RETURN(std::string bytes,
                         BulletinWorkbook(bulletin, lang == "zh", lang == "zh" ? issuer_.zh : issuer_.en));
    Response r = Response::Text(std::move(bytes), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    r.headers.emplace_back("Content-Disposition", "attachment; filename=\"wcp-prices-" +
                                                      bulletin["week"]["period"].get<std::string>() + "-" + lang + ".xlsx\"");
    return r;
  }

  // The reserve: stock per commodity and warehouse, the lots, those due for
  // rotation within 30 days, and the latest orders.
  Result<Response> Reserves(const Request&) {
    WCP_ASSIGN_OR_RETURN(auto lots, reserves_.Lots());
    WCP_ASSIGN_OR_RETURN(auto orders, reserves_.Orders());
    const std::string soon = FormatDate(AddDays(TodayInChina(), 30));
    std::map<std::pair<std::string, std::string>, int64_t> stock;
    Json lot_list = Json::array(), due = Json::array(), order_list = Json::array(), stock_list = Json::array();
    for (const auto& l : lots) {
      stock[{l.commodity, l.warehouse}] += l.quantity_kg;
      lot_list.push_back(LotJson(l));
      if (l.rotate_by <= soon) due.push_back(LotJson(l));
    }
    for (const auto& [key, kg] : stock) stock_list.push_back({{"commodity", key.first}, {"warehouse", key.second}, {"quantity_kg", kg}});
    for (const auto& o : orders) order_list.push_back(OrderJson(o));
    return Response::Json({{"stock", stock_list}, {"lots", lot_list}, {"rotation_due", due}, {"orders", order_list}});
  }

  Result<Response> Purchase(const Request& req) {
    WCP_ASSIGN_OR_RETURN(Json body, req.JsonBody());
    WCP_ASSIGN_OR_RETURN(ReserveOrder order, ParseReserveOrder(body, "purchase"));
    WCP_RETURN_IF_ERROR(KnownCommodity(order.commodity));
    WCP_ASSIGN_OR_RETURN(const std::string stored_on, BodyDate(body, "stored_on"));
    WCP_ASSIGN_OR_RETURN(const std::string rotate_by, BodyDate(body, "rotate_by"));
    if (rotate_by < stored_on) return Status::Invalid("'rotate_by' must not be before 'stored_on'", "rotate_by");
    const Date today = TodayInChina();
    if (stored_on < FormatDate(AddDays(today, -3660)) || FormatDate(today) < stored_on) {
      return Status::Invalid("'stored_on' must be a day of the last ten years", "stored_on");
    }
    if (FormatDate(AddDays(today, 3660)) < rotate_by) {
      return Status::Invalid("'rotate_by' must be within ten years", "rotate_by");
    }
    order.ordered_by = req.principal->username;
    WCP_ASSIGN_OR_RETURN(ReserveOrder stored, reserves_.Purchase(order, stored_on, rotate_by));
    return Ordered(stored);
  }

  Result<Response> Release(const Request& req) {
    WCP_ASSIGN_OR_RETURN(Json body, req.JsonBody());
    WCP_ASSIGN_OR_RETURN(ReserveOrder order, ParseReserveOrder(body, "release"));
    WCP_RETURN_IF_ERROR(KnownCommodity(order.commodity));
    order.ordered_by = req.principal->username;
    WCP_ASSIGN_OR_RETURN(ReserveOrder stored, reserves_.Release(order));
    return Ordered(stored);
  }

  Result<Response> Alerts(const Request& req) {
    std::string status;
    if (auto it = req.query.find("status"); it != req.query.end()) {
      if (it->second != "open" && it->second != "acknowledged" && it->second != "closed") {
        return Status::Invalid("'status' must be open, acknowledged or closed", "status");
      }
      status = it->second;
    }
    WCP_ASSIGN_OR_RETURN(auto list, alerts_.List(status));
    Json out = Json::array();
    for (const auto& a : list) out.push_back(AlertJson(a));
    return Response::Json({{"alerts", out}, {"count", out.size()}});
  }

  Result<Response> Acknowledge(const Request& req) { return AlertStep(req, "acknowledge"); }
  Result<Response> Close(const Request& req) { return AlertStep(req, "close"); }
  Result<Response> Note(const Request& req) { return AlertStep(req, "note"); }

  Result<Response> Commodities(const Request&) {
    WCP_ASSIGN_OR_RETURN(auto list, store_.Commodities());
    Json out = Json::array();
    for (const auto& c : list) out.push_back(CommodityJson(c));
    return Response::Json({{"commodities", out}});
  }

  // One point's values of a day and of the day before (the daily form's
  // reference); an enterprise reads its own points only.
  Result<Response> PointDay(const Request& req) {
    WCP_ASSIGN_OR_RETURN(const std::string date, DateQuery(req, "date"));
    const std::string& code = req.params.at("code");
    WCP_ASSIGN_OR_RETURN(auto points, store_.Points(req.principal->enterprise_id));
    if (std::none_of(points.begin(), points.end(), [&](const Point& p) { return p.code == code; })) {
      return Status::NotFound("no monitoring point '" + code + "'");
    }
    const std::string yesterday = FormatDate(AddDays(*ParseDate(date), -1));
    WCP_ASSIGN_OR_RETURN(auto reports, store_.Current(yesterday, date));
    Json today_values = Json::object(), yesterday_values = Json::object();
    for (const auto& r : reports) {
      if (r.point != code) continue;
      (r.date == date ? today_values : yesterday_values)[r.commodity] = {{"price_fen", r.price_fen},
                                                                         {"submitted_at", r.submitted_at}};
    }
    return Response::Json({{"point", code}, {"date", date}, {"today", today_values}, {"yesterday", yesterday_values}});
  }

  // An enterprise sees the points it reports for; everyone else every point.
  Result<Response> Points(const Request& req) {
    WCP_ASSIGN_OR_RETURN(auto list, store_.Points(req.principal->enterprise_id));
    Json out = Json::array();
    for (const auto& p : list) out.push_back(PointJson(p));
    return Response::Json({{"points", out}});
  }

  // Checking a batch reads its series' last 28 days: two batches at a time.
  Result<Response> Report(const Request& req) {
    WCP_ASSIGN_OR_RETURN(Json body, req.JsonBody());
    return IngestRows(req, body, /*file_lines=*/nullptr);
  }

  // The same batch as a CSV or XLSX file (?dry_run=true previews every row's verdict).
  Result<Response> Import(const Request& req) {
    XlsxLimits limits;
    limits.max_rows = static_cast<int>(PriceService::kMaxBatch);
    CsvTable table;
    if (LooksLikeXlsx(req.body)) {
      WCP_ASSIGN_OR_RETURN(table, ReadXlsxFirstSheet(req.body, "upload", limits));
    } else {
      WCP_ASSIGN_OR_RETURN(DecodedText text, DecodeUpload(req.body, "upload"));
      WCP_ASSIGN_OR_RETURN(table, CsvTable::Parse(text.text, "upload", limits));
    }
    std::vector<size_t> lines;
    WCP_ASSIGN_OR_RETURN(Json rows, PriceService::RowsFromTable(table, &lines));
    return IngestRows(req, rows, &lines);
  }

  // ?dry_run=true answers the verdict and stores nothing (both routes).
  // `file_lines`: the rows came from an upload, these its lines (problems name them).
  Result<Response> IngestRows(const Request& req, const Json& body, const std::vector<size_t>* file_lines) {
    if (!report_slots_.try_acquire()) {
      return Status::Busy("two batches of prices are being checked already; send this one again in a moment");
    }
    const auto release = [](std::counting_semaphore<2>* slots) { slots->release(); };
    const std::unique_ptr<std::counting_semaphore<2>, decltype(release)> slot(&report_slots_, release);
    WCP_ASSIGN_OR_RETURN(const bool confirm, req.Flag("confirm"));
    WCP_ASSIGN_OR_RETURN(const bool dry_run, req.Flag("dry_run"));
    const Reporter who{req.principal->username, req.principal->enterprise_id};
    WCP_ASSIGN_OR_RETURN(Ingested result, service_.Ingest(body, who, confirm, TodayInChina(), dry_run));
    if (file_lines) {
      InFileTerms(result.refused, *file_lines);
      InFileTerms(result.to_confirm, *file_lines);
    }
    if (!result.refused.empty()) {
      const auto& first = result.refused.front();
      return RowsProblem(Status::Invalid(std::to_string(result.refused.size()) + " of " + std::to_string(body.size()) +
                                             " reports are invalid (first: row " + std::to_string(first.index + 1) +
                                             ", " + first.message + "); nothing was stored",
                                         "[" + std::to_string(first.index) + "]." + first.field)
                             .WithCode("rows-invalid", {{"n", std::to_string(result.refused.size())}}),
                         result.refused, req);
    }
    if (dry_run) {  // the verdict, nothing stored: not a write in the audit trail
      Response preview = Response::Json({{"valid", true}, {"rows", body.size()}, {"stored", 0},
                                         {"to_confirm", ProblemRows(result.to_confirm)}});
      preview.changed_nothing = true;
      return preview;
    }
    if (result.stored.empty()) {  // implausible rows, not confirmed
      return RowsProblem(Status::Conflict(std::to_string(result.to_confirm.size()) +
                                          " prices look implausible; send again with ?confirm=true to store them")
                             .WithCode("needs-confirmation", {{"n", std::to_string(result.to_confirm.size())}}),
                         result.to_confirm, req);
    }
    // The warnings and forecasts follow the newest day the batch reports,
    // when that is today or yesterday (a correction of older days raises
    // nothing; the forecasts it touched are made again when the page is read).
    std::string latest;
    for (const auto& r : result.stored) latest = std::max(latest, r.date);
    std::vector<Alert> raised;
    if (latest >= FormatDate(AddDays(TodayInChina(), -1))) {
      WCP_ASSIGN_OR_RETURN(raised, service_.Refresh(latest));
    }
    Json stored = Json::array();
    for (const auto& r : result.stored) stored.push_back(ReportJson(r));
    Json alerts = Json::array();  // the bureau's: enterprises do not see alerts, their steps or notes
    if (IsBureau(req)) {
      for (const auto& a : raised) alerts.push_back(AlertJson(a));
    }
    Response res = Response::Json({{"stored", result.stored.size()}, {"reports", stored},
                                   {"confirmed", ProblemRows(result.to_confirm)}, {"alerts", alerts}},
                                  201);
    const auto& first = result.stored.front();
    res.About("price_report", std::to_string(first.id),
              first.point + " " + first.date + (result.stored.size() > 1 ? " +" + std::to_string(result.stored.size() - 1) : ""));
    return res;
  }

  Result<Response> Board(const Request& req) {
    WCP_ASSIGN_OR_RETURN(const std::string date, DateQuery(req, "date"));
    WCP_ASSIGN_OR_RETURN(Json board, service_.Board(date));
    if (req.principal->enterprise_id) {  // other enterprises' points and who has not reported are the bureau's
      board["points"] = Json::array();
      board["missing_points"] = Json::array();
    }
    return Response::Json(board);
  }

  Result<Response> Commodity(const Request& req) {
    WCP_ASSIGN_OR_RETURN(const std::string to, DateQuery(req, "to"));
    int days = 400;
    if (auto it = req.query.find("days"); it != req.query.end()) {
      const auto [end, ec] = std::from_chars(it->second.data(), it->second.data() + it->second.size(), days);
      if (ec != std::errc() || end != it->second.data() + it->second.size() || days < 14 ||
          days > PriceService::kMaxDays) {
        return Status::Invalid("'days' must be 14–1,830", "days");
      }
    }
    WCP_ASSIGN_OR_RETURN(Json page, service_.CommodityPage(req.params.at("code"), to, days));
    return Response::Json(page);
  }

  Result<Response> PigGrainPage(const Request& req) {
    WCP_ASSIGN_OR_RETURN(const std::string to, DateQuery(req, "to"));
    WCP_ASSIGN_OR_RETURN(Json page, service_.PigGrainSeries(to, 26));
    return Response::Json(page);
  }

  // {"prices": [monthly prices…], "start": "YYYY-MM"} → one entry per month.
  Result<Response> IfpaAnalysis(const Request& req) {
    WCP_ASSIGN_OR_RETURN(Json body, req.JsonBody());
    WCP_RETURN_IF_ERROR(RejectUnknownFields(body, {"prices", "start"}));
    WCP_ASSIGN_OR_RETURN(std::string start, RequireString(body, "start"));
    auto month = Period::Parse(start, PeriodType::kMonth);
    if (!month.ok() || month->type() != PeriodType::kMonth) return Status::Invalid("'start' must be a month, YYYY-MM", "start");
    WCP_ASSIGN_OR_RETURN(auto prices, PositiveNumbers(body, "prices"));
    Json out = Json::array();
    int year = month->year(), m = month->index();
    for (const auto& point : Ifpa(prices)) {
      out.push_back({{"month", fmt::format("{}-{:02d}", year, m)},
                     {"ifpa", point.ifpa ? Json(*point.ifpa) : Json(nullptr)},
                     {"level", point.ifpa ? Json(point.level) : Json(nullptr)}});
      if (++m > 12) {
        m = 1;
        ++year;
      }
    }
    return Unchanged(Response::Json({{"series", out}}));
  }

  // {"weeks": [{"week": "YYYY-Www", "hog_price", "corn_price"}, …]} → each
  // week's ratio, direction, level and action under the rule in force on the
  // last week's Monday.
  Result<Response> PigGrainAnalysis(const Request& req) {
    WCP_ASSIGN_OR_RETURN(Json body, req.JsonBody());
    WCP_RETURN_IF_ERROR(RejectUnknownFields(body, {"weeks"}));
    if (!body.contains("weeks") || !body["weeks"].is_array() || body["weeks"].empty() || body["weeks"].size() > 2600) {
      return Status::Invalid("'weeks' must be a list of 1–2,600 weeks", "weeks");
    }
    std::vector<std::string> labels;
    std::vector<double> hog, corn;
    std::string last_monday;
    for (size_t i = 0; i < body["weeks"].size(); ++i) {
      const Json& w = body["weeks"][i];
      const std::string at = "weeks[" + std::to_string(i) + "]";
      if (!w.is_object()) return Status::Invalid("a week must be an object", at);
      WCP_RETURN_IF_ERROR(RejectUnknownFields(w, {"week", "hog_price", "corn_price"}));
      auto week = w.contains("week") && w["week"].is_string() ? Period::Parse(w["week"].get<std::string>(), PeriodType::kWeek)
                                                              : Result<Period>(Status::Invalid("no week"));
      if (!week.ok() || week->type() != PeriodType::kWeek) return Status::Invalid("'week' must be YYYY-Www", at + ".week");
      for (const char* key : {"hog_price", "corn_price"}) {
        if (!w.contains(key) || !w[key].is_number() || !(w[key].get<double>() > 0.001) || w[key].get<double>() > 10000) {
          return Status::Invalid(std::string("'") + key + "' must be a price of 0.001–10,000 yuan/kg", at + "." + key);
        }
      }
      labels.push_back(week->ToString());
      hog.push_back(w["hog_price"].get<double>());
      corn.push_back(w["corn_price"].get<double>());
      last_monday = std::max(last_monday, FormatDate(week->Start()));
    }
    WCP_ASSIGN_OR_RETURN(auto rules, service_.PigGrainRules());
    const auto rule = InForce(rules, last_monday);
    if (!rule) return Status::NotFound("no pig-grain rule was in force on " + last_monday);
    const auto weeks = PigGrain(hog, corn, *rule);
    Json out = Json::array();
    for (size_t i = 0; i < weeks.size(); ++i) {
      out.push_back({{"week", labels[i]},
                     {"ratio", weeks[i].ratio},
                     {"direction", weeks[i].direction.empty() ? Json(nullptr) : Json(weeks[i].direction)},
                     {"level", weeks[i].level},
                     {"action", weeks[i].action}});
    }
    return Unchanged(Response::Json({{"weeks", out}, {"rule", {{"effective_from", rule->effective_from},
                                                               {"source", rule->source}}}}));
  }

 private:
  Result<Json> BulletinOf(const Request& req) {
    const Date today = TodayInChina();
    const auto it = req.query.find("week");
    return service_.Bulletin(it != req.query.end() ? it->second : Period::WeekOf(AddDays(today, -7)).ToString(), today);
  }

  Status KnownCommodity(const std::string& code) {
    WCP_ASSIGN_OR_RETURN(auto list, store_.Commodities());
    const bool known = std::any_of(list.begin(), list.end(), [&](const auto& c) { return c.code == code; });
    return known ? Status::Ok()
                 : Status::Invalid("no commodity '" + code + "'", "commodity").WithCode("unknown-commodity", {{"value", code}});
  }
  static Result<std::string> BodyDate(const Json& body, const char* key) {
    WCP_ASSIGN_OR_RETURN(std::string text, RequireString(body, key));
    auto date = ParseDate(text);
    if (!date.ok()) return Status::Invalid(std::string("'") + key + "' must be YYYY-MM-DD", key);
    return FormatDate(*date);
  }
  static Result<Response> Ordered(const ReserveOrder& o) {
    Response res = Response::Json(OrderJson(o), 201);
    res.About("reserve_order", std::to_string(o.id), o.kind + " " + o.commodity + " " + std::to_string(o.quantity_kg) + " kg");
    return res;
  }

  Result<Response> AlertStep(const Request& req, const std::string& action) {
    int64_t id = 0;
    const std::string& text = req.params.at("id");
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (ec != std::errc() || end != text.data() + text.size()) return Status::NotFound("no alert '" + text + "'");
    std::string note;
    if (!req.body.empty()) {
      WCP_ASSIGN_OR_RETURN(Json body, req.JsonBody());
      WCP_RETURN_IF_ERROR(RejectUnknownFields(body, {"note"}));
      WCP_ASSIGN_OR_RETURN(note, StringOr(body, "note", ""));
      WCP_ASSIGN_OR_RETURN(note, PlainText(note, "note", 2000));
    }
    if (action == "note" && note.empty()) return Status::Invalid("a note needs its text", "note").WithCode("required");
    WCP_ASSIGN_OR_RETURN(Alert a, alerts_.Step(id, action, req.principal->username, note));
    Response res = Response::Json(AlertJson(a));
    res.About("price_alert", std::to_string(a.id), a.rule + " " + a.commodity + " " + a.level);
    return res;
  }

  // ?name=YYYY-MM-DD, today in China when absent.
  static Result<std::string> DateQuery(const Request& req, const char* name) {
    const auto it = req.query.find(name);
    if (it == req.query.end()) return FormatDate(TodayInChina());
    auto date = ParseDate(it->second);
    if (!date.ok()) return Status::Invalid(std::string("'") + name + "' must be YYYY-MM-DD", name);
    // Nothing is known of later days: a forecast "as of" next year would be today's, dressed up.
    if (TodayInChina() < *date) return Status::Invalid(std::string("'") + name + "' cannot be after today", name);
    return FormatDate(*date);
  }
  static Response Unchanged(Response r) {
    r.changed_nothing = true;  // an analysis stores nothing: not a write in the audit trail
    return r;
  }
  static Result<std::vector<double>> PositiveNumbers(const Json& body, const char* key) {
    if (!body.contains(key) || !body[key].is_array() || body[key].size() > 2400) {
      return Status::Invalid(std::string("'") + key + "' must be a list of at most 2,400 numbers", key);
    }
    std::vector<double> out;
    for (size_t i = 0; i < body[key].size(); ++i) {
      const Json& v = body[key][i];
      if (!v.is_number() || v.get<double>() <= 0) {
        return Status::Invalid("each price must be a number > 0", std::string(key) + "[" + std::to_string(i) + "]");
      }
      out.push_back(v.get<double>());
    }
    return out;
  }

  static bool IsBureau(const Request& req) {
    return req.principal->role == Role::kAdmin || req.principal->role == Role::kAnalyst;
  }

  PricesStore& store_;
  AlertStore& alerts_;
  ReserveStore& reserves_;
  PriceService& service_;
  Issuer issuer_;  // who issues the bulletin
  std::counting_semaphore<2> report_slots_{2};
};

}  // namespace

void AddRoutes(http::Router& router, PricesStore& store, AlertStore& alerts, ReserveStore& reserves,
               PriceService& service, const Issuer& issuer) {
  using namespace http::schema;
  router.DeclarePermission("prices:read", "read commodities, monitoring points, the price board and analyses");
  router.DeclarePermission("prices:report", "send the daily prices of the enterprise's monitoring points");
  router.DeclareSchema("PriceCommodity", Object({{"code", String()},
                                                 {"name", Object({{"zh", String()}, {"en", String()}})},
                                                 {"category", String()},
                                                 {"unit", Object({{"zh", String()}, {"en", String()}})},
                                                 {"essential", Enum({"", "A", "B"})}}));
  router.DeclareSchema("PricePoint", Object({{"code", String()}, {"name", String()},
                                             {"kind", Enum({"wholesale_market", "farmers_market", "supermarket"})},
                                             {"street", String()}, {"lon", Number()}, {"lat", Number()},
                                             {"commodities", ArrayOf(String())}, {"is_demo", Boolean()}}));
  router.DeclareSchema("PriceRowProblem", Object({{"index", Integer()}, {"field", String()}, {"code", String()},
                                                  {"error", String()}, {"params", AnyObject()},
                                                  Optional("line", Integer("the row's line in an uploaded file"))}));
  auto self = std::make_shared<PriceRoutes>(store, alerts, reserves, service, issuer);
  const auto route = [self](Result<Response> (PriceRoutes::*handler)(const Request&)) {
    return [self, handler](const Request& req) { return ((*self).*handler)(req); };
  };
  const std::vector<Role> reporters = {Role::kAdmin, Role::kAnalyst, Role::kInspector, Role::kEnterprise};
  router.Add({"GET", "/api/v1/prices/commodities", route(&PriceRoutes::Commodities), "The monitored commodities.", 0,
              http::Access::kAuthenticated, {}, "prices:read"},
             {.response = Object({{"commodities", ArrayOf(Ref("PriceCommodity"))}})});
  router.Add({"GET", "/api/v1/prices/points", route(&PriceRoutes::Points),
              "The monitoring points (wholesale markets, farmers' markets, supermarkets) and what each reports; an "
              "enterprise's own points only for its users and keys.", 0,
              http::Access::kAuthenticated, {}, "prices:read"},
             {.response = Object({{"points", ArrayOf(Ref("PricePoint"))}})});
  router.Add({"GET", "/api/v1/prices/points/{code}/day", route(&PriceRoutes::PointDay),
              "One point's values of ?date (default today) and the day before, by commodity: what the daily form "
              "shows and prefills. An enterprise reads its own points only.",
              0, http::Access::kAuthenticated, {}, "prices:read"},
             {.response = Object({{"point", String()}, {"date", String()},
                                  {"today", AnyObject("commodity → {price_fen, submitted_at}")},
                                  {"yesterday", AnyObject("commodity → {price_fen, submitted_at}")}}),
              .query = {{"date", "the day (YYYY-MM-DD)", String()}}});
  const Json report_in = Object({{"point", String()}, {"commodity", String()}, {"date", String("YYYY-MM-DD")},
                                 {"price_fen", Integer("the price in fen per the commodity's unit")},
                                 {"unit", String("the commodity's unit, 元/公斤 …")}});
  router.Add({"POST", "/api/v1/prices/reports", route(&PriceRoutes::Report),
              "Send a batch of daily prices (at most 20,000): all stored or none; errors name each row. Prices far "
              "from the point's last 28 days (median ± 5·MAD) or > 50 % from the district's that day are "
              "implausible: 409 needs-confirmation lists them and nothing is stored, unless ?confirm=true. An "
              "enterprise reports for its own points only. ?dry_run=true answers the verdict (200) and stores nothing.",
              8 << 20, http::Access::kAuthenticated, reporters, "prices:report"},
             {.request = ArrayOf(report_in),
              .response = Object({Optional("stored", Integer()), Optional("reports", ArrayOf(AnyObject("a stored report"))),
                                  Optional("confirmed", ArrayOf(Ref("PriceRowProblem"))),
                                  Optional("alerts", ArrayOf(Ref("PriceAlert"))), Optional("valid", Boolean()),
                                  Optional("rows", Integer()), Optional("to_confirm", ArrayOf(Ref("PriceRowProblem")))}),
              .status = 201, .other_status = 200,
              .query = {{"confirm", "true: store implausible prices (their flag kept)", Enum({"true", "false"})},
                        {"dry_run", "true: check only", Enum({"true", "false"})}}});
  router.Add({"POST", "/api/v1/prices/reports/import", route(&PriceRoutes::Import),
              "The same batch as a CSV (UTF-8 or GB18030) or XLSX file with columns point, commodity, date, "
              "price_yuan (at most two decimals), unit; ?dry_run=true answers every row's verdict and stores "
              "nothing; ?confirm=true as for the JSON batch.",
              8 << 20, http::Access::kAuthenticated, reporters, "prices:report"},
             {.request = Binary("CSV or XLSX bytes"), .request_type = "application/octet-stream",
              .response = Object({Optional("stored", Integer()), Optional("reports", ArrayOf(AnyObject())),
                                  Optional("confirmed", ArrayOf(Ref("PriceRowProblem"))),
                                  Optional("alerts", ArrayOf(Ref("PriceAlert"))), Optional("valid", Boolean()),
                                  Optional("rows", Integer()), Optional("to_confirm", ArrayOf(Ref("PriceRowProblem")))}),
              .status = 201, .other_status = 200,
              .query = {{"dry_run", "true: check only", Enum({"true", "false"})},
                        {"confirm", "true: store implausible prices", Enum({"true", "false"})}}});
  router.Add({"GET", "/api/v1/prices/board", route(&PriceRoutes::Board),
              "The price board of a day (default today, China time): per commodity the district price (median of "
              "the points), its day, week and year changes and the Qingdao warning level; the points that reported "
              "nothing.",
              0, http::Access::kAuthenticated, {}, "prices:read"},
             {.response = Object({{"date", String()}, {"commodities", ArrayOf(AnyObject("a commodity with price, "
                                                                                          "changes and level"))},
                                  {"missing_points", ArrayOf(Object({{"code", String()}, {"name", String()},
                                                                     {"kind", String()}}))},
                                  {"points", ArrayOf(Object({{"code", String()}, {"name", String()}, {"kind", String()},
                                                             {"street", String()}, {"lon", Number()}, {"lat", Number()},
                                                             {"deviation", Nullable(Number("the median of the point's "
                                                                                           "prices against the "
                                                                                           "district's, minus 1"))}}))},
                                  {"rule", Nullable(AnyObject("the fluctuation rule in force"))}}),
              .query = {{"date", "the day (YYYY-MM-DD)", String()}}});
  const Json forecast = Nullable(Object({{"method", String()},
                                         {"points", ArrayOf(Object({{"date", String()}, {"price", Number()},
                                                                    {"low", Number()}, {"high", Number()}}))},
                                         {"accuracy", ArrayOf(Object({{"method", String()}, {"mase", Number()},
                                                                      {"smape", Number()}, {"origins", Integer()}}))}}));
  router.Add({"GET", "/api/v1/prices/commodities/{code}", route(&PriceRoutes::Commodity),
              "A commodity's page: the daily district series up to ?to (default today) over ?days (default 400, "
              "14–1,830) with the points' lowest and highest, a 14-day forecast chosen by rolling-origin MASE "
              "(with every method's accuracy and an 80 % interval), weekly means with an 8-week forecast, "
              "monthly means with their IFPA and ALPS.",
              0, http::Access::kAuthenticated, {}, "prices:read"},
             {.response = Object({{"commodity", Ref("PriceCommodity")},
                                  {"daily", ArrayOf(Object({{"date", String()}, {"price", Number()}, {"low", Number()},
                                                            {"high", Number()}, {"points", Integer()}}))},
                                  {"forecast", forecast},
                                  {"weekly", ArrayOf(Object({{"end", String()}, {"price", Number()}}))},
                                  {"weekly_forecast", forecast},
                                  {"monthly", ArrayOf(Object({{"month", String()}, {"price", Number()},
                                                              {"ifpa", Nullable(Number())},
                                                              {"level", Nullable(String())},
                                                              {"alps", Nullable(Number())},
                                                              {"alps_level", Nullable(String())}}))}}),
              .query = {{"to", "the last day (YYYY-MM-DD)", String()}, {"days", "how many days (14–1,830)", Integer()}}});
  router.Add({"GET", "/api/v1/prices/pig-grain", route(&PriceRoutes::PigGrainPage),
              "The weekly pig-grain price ratio of the last 26 weeks up to ?to from the district prices of live "
              "hogs and corn, with the 2021 plan's zones, levels and actions.",
              0, http::Access::kAuthenticated, {}, "prices:read"},
             {.response = Object({{"weeks", ArrayOf(Object({{"end", String()}, {"hog_price", Number()},
                                                            {"corn_price", Number()}, {"ratio", Number()},
                                                            {"direction", Nullable(Enum({"falling", "rising"}))},
                                                            {"level", Integer()}, {"action", String()}}))},
                                  {"zones", AnyObject("the rule's thresholds")},
                                  {"rule", AnyObject("effective_from, source")}}),
              .query = {{"to", "the last day (YYYY-MM-DD)", String()}}});
  router.DeclareSchema("PriceAlert",
                       Object({{"id", Integer()},
                               {"rule", Enum({"qingdao_fluctuation", "essential_weekly", "pig_grain"})},
                               {"commodity", String()},
                               {"level", String("IV, III, II (Qingdao); 3, 2, 1 (pig-grain)")},
                               {"status", Enum({"open", "acknowledged", "closed"})},
                               {"first_date", String()}, {"last_date", String("the last day the condition held")},
                               {"recommended_action", String()}, {"source", String()},
                               {"details", AnyObject("the figures that met the rule")},
                               {"steps", ArrayOf(Object({{"at", String()}, {"by", String()},
                                                         {"action", Enum({"opened", "escalated", "acknowledged",
                                                                          "closed", "note"})},
                                                         {"note", String()}}))}}));
  const std::vector<Role> bureau = {Role::kAdmin, Role::kAnalyst};
  router.Add({"GET", "/api/v1/prices/alerts", route(&PriceRoutes::Alerts),
              "Price alerts, newest first (at most 500), by ?status: the rule, level, commodity, recommended action "
              "and every step with who and when.",
              0, http::Access::kAuthenticated, bureau},
             {.response = Object({{"alerts", ArrayOf(Ref("PriceAlert"))}, {"count", Integer()}}),
              .query = {{"status", "open, acknowledged or closed", Enum({"open", "acknowledged", "closed"})}}});
  for (const auto& [path, handler, summary] :
       {std::tuple{"acknowledge", &PriceRoutes::Acknowledge, "Acknowledge an open alert (optional note)."},
        std::tuple{"close", &PriceRoutes::Close, "Close an alert (optional note); a later condition opens a new one."},
        std::tuple{"note", &PriceRoutes::Note, "Add a note to an alert."}}) {
    router.Add({"POST", std::string("/api/v1/prices/alerts/{id}/") + path, route(handler), summary, 4096,
                http::Access::kAuthenticated, bureau},
               {.request = Object({Optional("note", String())}), .response = Ref("PriceAlert")});
  }
  router.DeclareSchema("ReserveLot", Object({{"id", Integer()}, {"commodity", String()}, {"warehouse", String()},
                                             {"quantity_kg", Integer()}, {"stored_on", String()}, {"rotate_by", String()}}));
  router.DeclareSchema("ReserveOrder", Object({{"id", Integer()}, {"kind", Enum({"purchase", "release"})},
                                               {"commodity", String()}, {"warehouse", String()},
                                               {"quantity_kg", Integer()}, {"alert_id", Nullable(Integer())},
                                               {"note", String()}, {"ordered_by", String()}, {"ordered_at", String()}}));
  const Json span = Object({{"period", String("YYYY-Www")}, {"from", String()}, {"to", String()}});
  router.Add({"GET", "/api/v1/prices/bulletin", route(&PriceRoutes::Bulletin),
              "The weekly market bulletin of ?week (default: the last complete ISO week): per commodity the week's "
              "mean of the daily district prices against the week before and the same week a year earlier; how many "
              "rose, fell or held (under 0.05 %); the largest moves; the warnings of the week; the pig-grain ratio.",
              0, http::Access::kAuthenticated, bureau},
             {.response = Object({{"week", span}, {"previous", span}, {"last_year", span}, {"issued", String()},
                                  {"partial", Boolean("the week is not over yet")}, {"points", Integer()},
                                  {"summary", Object({{"up", Integer()}, {"down", Integer()}, {"held", Integer()},
                                                      {"compared", Integer()}})},
                                  {"risers", ArrayOf(String())}, {"fallers", ArrayOf(String())},
                                  {"commodities", ArrayOf(AnyObject("a commodity with mean, days, previous_mean, "
                                                                    "week_change, last_year_mean, year_change"))},
                                  {"alerts", ArrayOf(AnyObject("a PriceAlert with commodity_name {zh, en}"))},
                                  {"pig_grain", Nullable(AnyObject("the week's pig-grain entry"))},
                                  {"issuer", Object({{"zh", String()}, {"en", String()}})}}),
              .query = {{"week", "an ISO week, YYYY-Www", String()}}});
  router.Add({"GET", "/api/v1/prices/bulletin.xlsx", route(&PriceRoutes::BulletinXlsx),
              "The weekly bulletin as a workbook (prices by category with the summary; the warnings), A4 landscape.",
              0, http::Access::kAuthenticated, bureau},
             {.response = Binary("XLSX"),
              .response_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
              .query = {{"week", "an ISO week, YYYY-Www", String()}, {"lang", "zh or en", Enum({"zh", "en"})}}});
  router.Add({"GET", "/api/v1/prices/reserves", route(&PriceRoutes::Reserves),
              "The reserve: stock per commodity and warehouse, the lots left, those to rotate within 30 days, the "
              "latest orders.",
              0, http::Access::kAuthenticated, bureau},
             {.response = Object({{"stock", ArrayOf(Object({{"commodity", String()}, {"warehouse", String()},
                                                            {"quantity_kg", Integer()}}))},
                                  {"lots", ArrayOf(Ref("ReserveLot"))}, {"rotation_due", ArrayOf(Ref("ReserveLot"))},
                                  {"orders", ArrayOf(Ref("ReserveOrder"))}})});
  const Json order_in = Object({{"commodity", String()}, {"warehouse", String()}, {"quantity_kg", Integer()},
                                Optional("alert_id", Nullable(Integer("the alert that triggered it"))),
                                Optional("note", String())});
  router.Add({"POST", "/api/v1/prices/reserves/purchases", route(&PriceRoutes::Purchase),
              "Purchase into the reserve (收储): a new lot with its storage and rotation dates.", 4096,
              http::Access::kAuthenticated, bureau},
             {.request = Object({{"commodity", String()}, {"warehouse", String()}, {"quantity_kg", Integer()},
                                 {"stored_on", String("YYYY-MM-DD")}, {"rotate_by", String("YYYY-MM-DD")},
                                 Optional("alert_id", Nullable(Integer())), Optional("note", String())}),
              .response = Ref("ReserveOrder"), .status = 201});
  router.Add({"POST", "/api/v1/prices/reserves/releases", route(&PriceRoutes::Release),
              "Release from the reserve (投放), the oldest lots first; 409 insufficient-stock and nothing changed when "
              "the warehouse holds less.",
              4096, http::Access::kAuthenticated, bureau},
             {.request = order_in, .response = Ref("ReserveOrder"), .status = 201});
  router.Add({"POST", "/api/v1/prices/analysis/ifpa", route(&PriceRoutes::IfpaAnalysis),
              "SDG 2.c.1 IFPA of a monthly series (0.4 quarterly + 0.6 annual z-scores, linear year weights): one "
              "entry per month, null while the history is too short.",
              256 * 1024, http::Access::kAuthenticated, {}, "prices:read"},
             {.request = Object({{"prices", ArrayOf(Number())}, {"start", String("YYYY-MM")}}),
              .response = Object({{"series", ArrayOf(Object({{"month", String()}, {"ifpa", Nullable(Number())},
                                                             {"level", Nullable(String())}}))}})});
  router.Add({"POST", "/api/v1/prices/analysis/pig-grain", route(&PriceRoutes::PigGrainAnalysis),
              "The pig-grain price ratio of weekly prices with the 2021 plan's zones (levels 3, 2, 1; 0 the "
              "reasonable band), consecutive weeks counted, and each level's action.",
              256 * 1024, http::Access::kAuthenticated, {}, "prices:read"},
             {.request = Object({{"weeks", ArrayOf(Object({{"week", String("YYYY-Www")}, {"hog_price", Number()},
                                                          {"corn_price", Number()}}))}}),
              .response = Object({{"weeks", ArrayOf(Object({{"week", String()}, {"ratio", Number()},
                                                            {"direction", Nullable(Enum({"falling", "rising"}))},
                                                            {"level", Integer()}, {"action", String()}}))},
                                  {"rule", AnyObject("the rule applied: effective_from, source")}})});
}

}  // namespace wcp::prices
