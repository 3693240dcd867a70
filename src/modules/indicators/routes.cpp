#include "modules/indicators/routes.hpp"

#include <charconv>
#include <cmath>
#include <map>
#include <mutex>
#include <semaphore>

#include "modules/indicators/evaluation.hpp"
#include "core/encoding.hpp"
#include "http/schema.hpp"
#include "modules/indicators/formula.hpp"
#include "modules/indicators/messages.hpp"
#include "modules/indicators/report.hpp"
#include "modules/indicators/service.hpp"

namespace wcp::indicators {
namespace {

using http::Access;
using http::Request;
using http::Response;

const std::vector<http::Role> kWriters = {http::Role::kAdmin, http::Role::kAnalyst};

// The latest approved vintage per year of the annual series.
std::vector<YearValue> ApprovedAnnualSeries(const std::vector<Observation>& all) {
  std::map<int, YearValue> by_year;
  for (const auto& o : all) {  // ordered by period, then submission time: later vintages win
    if (o.state != ObservationState::kApproved || o.period_type != "year") continue;
    const int year = PeriodYear(o.period);
    by_year[year] = {year, DecimalNumber(o.level),
                     o.yoy_growth ? std::optional<double>(DecimalNumber(*o.yoy_growth)) : std::nullopt};
  }
  std::vector<YearValue> out;
  for (const auto& [y, v] : by_year) out.push_back(v);
  return out;
}

Json OrNull(const std::optional<double>& v) { return v ? Json(*v) : Json(nullptr); }

// A derived indicator's annual series: the formula over the approved annual
// series of the indicators it names, for every year all of them have.
Result<std::vector<YearValue>> DerivedSeries(const std::string& text, ObservationStore& obs) {
  WCP_ASSIGN_OR_RETURN(Formula formula, Formula::Parse(text));
  std::map<int, std::map<std::string, double>> by_year;
  for (const auto& code : formula.codes()) {
    WCP_ASSIGN_OR_RETURN(auto observations, obs.List(code));
    for (const auto& v : ApprovedAnnualSeries(observations)) by_year[v.year][code] = v.level;
  }
  std::vector<YearValue> out;
  for (const auto& [year, values] : by_year) {
    if (auto v = formula.Evaluate(values)) out.push_back({year, *v, std::nullopt});
  }
  return out;
}

// `as_of`: evaluate with the annual data up to that year only (mid-term
// evaluation as of 2023, final check as of 2025).
Result<std::pair<Evaluation, std::vector<YearValue>>> EvaluateAsOf(const Indicator& ind, const std::vector<Indicator>& all,
                                                                    ObservationStore& obs, std::optional<int> as_of,
                                                                    std::vector<Observation>* observations_out = nullptr) {
  WCP_ASSIGN_OR_RETURN(auto observations, obs.List(ind.code));
  std::vector<YearValue> series;
  if (ind.formula) {
    WCP_ASSIGN_OR_RETURN(series, DerivedSeries(*ind.formula, obs));
  } else {
    series = ApprovedAnnualSeries(observations);
  }
  if (as_of) std::erase_if(series, [&](const YearValue& v) { return v.year > *as_of; });
  Evaluation e = Evaluate(ind, series);
  for (auto& [code, flag] : CrossChecks(all)) {
    if (code == ind.code) e.flags.push_back(flag);
  }
  if (observations_out) *observations_out = std::move(observations);
  return std::make_pair(std::move(e), std::move(series));
}

// The latest approved year-to-date release of a year whose annual total is
// not out yet, and the YoY growth the remaining months need for that year's
// milestone on the target path: (A° − YTD_y) / (A_{y−1} − YTD_{y−1}) − 1.
Json YearToDateView(const Indicator& ind, const Evaluation& e, const std::vector<Observation>& all,
                    std::optional<int> as_of) {
  std::map<std::string, const Observation*> latest;  // period -> latest approved vintage
  for (const auto& o : all) {
    if (o.state == ObservationState::kApproved) latest[o.period_type + "/" + o.period] = &o;
  }
  const Observation* ytd = nullptr;
  for (const auto& [key, o] : latest) {
    if (o->period_type != "ytd" || (as_of && PeriodYear(o->period) > *as_of)) continue;
    if (!ytd || o->period > ytd->period) ytd = o;
  }
  if (!ytd) return nullptr;
  const int year = PeriodYear(ytd->period);
  // Once the year's annual total is out, the headline is that total: a
  // year-to-date line (and the growth the rest of the year needs) would
  // contradict it.
  if (e.latest_year && year <= *e.latest_year) return nullptr;
  const std::string month = ytd->period.substr(8);  // "2025-YTD10" -> "10"
  Json j = {{"period", ytd->period}, {"level", DecimalNumber(ytd->level)},
            {"yoy_growth", ytd->yoy_growth ? Json(DecimalNumber(*ytd->yoy_growth)) : Json(nullptr)},
            {"required_rest_of_year_growth", nullptr}, {"annual_milestone", nullptr}};
  const auto last_total = latest.find("year/" + std::to_string(year - 1));
  const auto last_ytd = latest.find("ytd/" + std::to_string(year - 1) + "-YTD" + month);
  if (e.required_cagr && ind.base_year && ind.base_value && last_total != latest.end() && last_ytd != latest.end() &&
      month != "12") {
    const double milestone = DecimalNumber(*ind.base_value) * std::pow(1 + *e.required_cagr, year - *ind.base_year);
    j["annual_milestone"] = milestone;
    j["required_rest_of_year_growth"] = OrNull(RequiredRestOfYearGrowth(
        milestone, DecimalNumber(ytd->level), DecimalNumber(last_total->second->level),
        DecimalNumber(last_ytd->second->level)));
  }
  return j;
}

// ?as_of of a request.
// Without plan indicators there is no period to evaluate "as of".
Result<std::optional<int>> AsOf(const Request& req, const std::optional<PlanPeriod>& plan) {
  auto it = req.query.find("as_of");
  if (it == req.query.end()) return std::optional<int>();
  if (!plan) return Status::Invalid("'as_of' needs the plan's indicators (none with a base and target year)", "as_of");
  return ParseAsOf(it->second, *plan);
}

Result<Json> EvaluateOne(const Indicator& ind, const std::vector<Indicator>& all, ObservationStore& obs,
                         std::optional<int> as_of, std::vector<Observation>* observations_out = nullptr) {
  std::vector<Observation> observations;
  WCP_ASSIGN_OR_RETURN(auto evaluated, EvaluateAsOf(ind, all, obs, as_of, &observations));
  const auto& [e, series] = evaluated;
  Json j = IndicatorJson(ind);
  j["evaluation"] = EvaluationJson(e, ind);
  Json points = Json::array();
  for (const auto& p : series) points.push_back({{"year", p.year}, {"level", p.level}, {"yoy_growth", OrNull(p.yoy)}});
  j["series"] = points;
  j["ytd"] = YearToDateView(ind, e, observations, as_of);
  if (observations_out) *observations_out = std::move(observations);
  return j;
}

Result<Indicator> ParseProposal(const Request& req, const std::vector<Indicator>& existing) {
  WCP_ASSIGN_OR_RETURN(Json b, req.JsonBody());
  WCP_RETURN_IF_ERROR(RejectUnknownFields(b, {"code", "name_zh", "name_en", "category_zh", "category_en", "unit_zh",
                                              "unit_en", "kind", "base_year", "base_value", "target_year",
                                              "target_value", "formula"}));
  Indicator ind;
  ind.source = "analyst";
  ind.state = "proposed";
  ind.proposed_by = req.principal->username;
  WCP_ASSIGN_OR_RETURN(ind.code, RequireString(b, "code"));
  WCP_ASSIGN_OR_RETURN(ind.name_zh, RequireString(b, "name_zh"));
  WCP_ASSIGN_OR_RETURN(ind.name_en, RequireString(b, "name_en"));
  WCP_ASSIGN_OR_RETURN(ind.category_zh, StringOr(b, "category_zh", "分析员新增"));
  WCP_ASSIGN_OR_RETURN(ind.category_en, StringOr(b, "category_en", "Added by analysts"));
  WCP_ASSIGN_OR_RETURN(ind.unit_zh, StringOr(b, "unit_zh", ""));
  WCP_ASSIGN_OR_RETURN(ind.unit_en, StringOr(b, "unit_en", ""));
  WCP_ASSIGN_OR_RETURN(const std::string kind, StringOr(b, "kind", "flow"));
  if (kind != "flow" && kind != "stock" && kind != "ratio") return Status::Invalid("kind must be flow, stock or ratio", "kind");
  ind.kind = kind == "stock" ? Kind::kStock : kind == "ratio" ? Kind::kRatio : Kind::kFlow;
  for (auto [key, year] : {std::pair{"base_year", &ind.base_year}, std::pair{"target_year", &ind.target_year}}) {
    if (!b.contains(key)) continue;
    if (!b[key].is_number_integer() || b[key].get<int64_t>() < 1900 || b[key].get<int64_t>() > 2100) {
      return Status::Invalid(std::string("'") + key + "' must be a year (1900–2100)", key);
    }
    *year = static_cast<int>(b[key].get<int64_t>());
  }
  for (auto [key, value] : {std::pair{"base_value", &ind.base_value}, std::pair{"target_value", &ind.target_value}}) {
    if (!b.contains(key)) continue;
    if (b[key].is_number()) *value = b[key].dump();
    else if (b[key].is_string()) *value = b[key].get<std::string>();
    else return Status::Invalid(std::string("'") + key + "' must be a number", key);
  }
  WCP_ASSIGN_OR_RETURN(ind.formula, OptionalString(b, "formula"));
  WCP_RETURN_IF_ERROR(ValidateProposal(ind));
  if (ind.formula) {
    WCP_ASSIGN_OR_RETURN(Formula f, Formula::Parse(*ind.formula));
    for (const auto& code : f.codes()) {
      const bool known = std::any_of(existing.begin(), existing.end(), [&](const Indicator& i) { return i.code == code; });
      if (!known) return Status::Invalid("formula: no indicator '" + code + "'", "formula");
    }
  }
  return ind;
}

Result<std::vector<Observation>> ParseBody(const Request& req, const std::string& code) {
  WCP_ASSIGN_OR_RETURN(Json body, req.JsonBody());
  std::vector<Observation> out;
  if (body.is_array()) {
    if (body.empty()) return Status::Invalid("the list of observations is empty", "body");
    for (size_t i = 0; i < body.size(); ++i) {
      WCP_ASSIGN_OR_RETURN(Observation o, ParseObservation(body[i], code, i));
      out.push_back(std::move(o));
    }
  } else {
    WCP_ASSIGN_OR_RETURN(Observation o, ParseObservation(body, code));
    out.push_back(std::move(o));
  }
  return out;
}

Json List(const std::vector<Observation>& list) {
  Json out = Json::array();
  for (const auto& o : list) out.push_back(ObservationJson(o));
  return out;
}

}  // namespace

Result<std::optional<int>> ParseAsOf(std::string_view text, const PlanPeriod& plan) {
  int year = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), year);
  if (ec != std::errc() || end != text.data() + text.size() || year < plan.first_year || year > plan.last_year) {
    return Status::Invalid("'as_of' must be a year of the plan period " + std::to_string(plan.first_year) + "–" +
                               std::to_string(plan.last_year),
                           "as_of");
  }
  return std::optional<int>(year);
}

Result<std::string> BuildWorkbook(IndicatorStore& indicators, ObservationStore& obs, const PlanPeriod& plan, int year,
                                  const ReportOptions& options) {
  WCP_ASSIGN_OR_RETURN(auto all, indicators.List());
  std::vector<ReportRow> rows;
  for (const auto& ind : all) {
    WCP_ASSIGN_OR_RETURN(auto evaluated, EvaluateAsOf(ind, all, obs, year));
    rows.push_back({ind, std::move(evaluated.first)});
  }
  return BuildXlsxReport(rows, plan, year, options);
}

Json IndicatorJson(const Indicator& i) {
  const auto opt = [](const auto& v) -> Json { return v ? Json(*v) : Json(nullptr); };
  return {{"code", i.code},
          {"parent_code", opt(i.parent_code)},
          {"category", {{"zh", i.category_zh}, {"en", i.category_en}}},
          {"name", {{"zh", i.name_zh}, {"en", i.name_en}}},
          {"unit", {{"zh", i.unit_zh}, {"en", i.unit_en}}},
          {"kind", KindName(i.kind)},
          {"frequency", FrequencyName(i.frequency)},
          {"base", {{"year", opt(i.base_year)}, {"value", opt(i.base_value)}}},
          {"target", {{"year", opt(i.target_year)}, {"value", opt(i.target_value)}, {"text_value", opt(i.text_target_value)}}},
          {"stated_growth", {{"zh", i.stated_growth_zh}, {"op", GrowthClaimName(i.stated_growth_op)}, {"pct", opt(i.stated_growth_pct)}}},
          {"source", i.source},
          {"formula", opt(i.formula)},
          {"state", i.state},
          {"proposed_by", i.proposed_by},
          {"approved_by", opt(i.approved_by)}};
}

Json MessageJson(const Message& m, const Indicator& ind) {
  return {{"type", m.type}, {"params", m.params}, {"message", MessageText(m, ind, /*zh=*/false)}};
}

Json PlanPeriodJson(const PlanPeriod& p) {
  return {{"first_year", p.first_year}, {"last_year", p.last_year}, {"mid_term_year", p.MidTermYear()}};
}

Json EvaluationJson(const Evaluation& e, const Indicator& ind) {
  Json flags = Json::array(), summary = Json::array();
  for (const auto& f : e.flags) flags.push_back(MessageJson(f, ind));
  for (const auto& part : e.summary) summary.push_back({{"type", part.type}, {"params", part.params}});
  return {{"required_cagr", OrNull(e.required_cagr)},
          {"actual_cagr", OrNull(e.actual_cagr)},
          {"ratio", OrNull(e.ratio)},
          {"log_progress", OrNull(e.log_progress)},
          {"time_share", OrNull(e.time_share)},
          {"milestone", OrNull(e.milestone)},
          {"projection", OrNull(e.projection)},
          {"projection_band", {OrNull(e.projection_low), OrNull(e.projection_high)}},
          {"anticipated_progress", OrNull(e.anticipated_progress)},
          {"required_growth_remaining", OrNull(e.required_growth_remaining)},
          {"latest_year", e.latest_year ? Json(*e.latest_year) : Json(nullptr)},
          {"latest_level", OrNull(e.latest_level)},
          {"status", e.status},
          {"review", e.review},
          {"flags", flags},
          {"summary", summary},
          {"summary_text", SummaryText(e, ind, /*zh=*/false)}};
}

// Rows of an upload preview in one response: a page, not the whole file
// (an 8 MB file must not become a 95 MB answer).
constexpr size_t kDefaultPreviewRows = 200, kMaxPreviewRows = 1000, kMaxListedErrors = 1000;

size_t QueryCount(const Request& req, const char* name, size_t fallback, size_t max) {
  auto it = req.query.find(name);
  if (it == req.query.end()) return fallback;
  size_t n = 0;
  const auto [end, ec] = std::from_chars(it->second.data(), it->second.data() + it->second.size(), n);
  if (ec != std::errc() || end != it->second.data() + it->second.size()) return fallback;
  return std::min(n, max);
}

Json ImportRowJson(const ImportRow& r) {
  Json j = {{"line", r.line}};
  if (r.observation) {
    j["observation"] = ObservationJson(*r.observation);
  } else {
    j["error"] = r.error;
    j["field"] = r.field;
    if (!r.code.empty()) {
      j["code"] = r.code;
      Json params = Json::object();
      for (const auto& [name, value] : r.params) params[name] = value;
      j["params"] = std::move(params);
    }
  }
  return j;
}

// The upload's summary: counts, one page of rows and the invalid rows.
Json ImportPreview(const Request& req, const std::vector<ImportRow>& rows) {
  const size_t offset = QueryCount(req, "preview_offset", 0, rows.size());
  const size_t limit = QueryCount(req, "preview_limit", kDefaultPreviewRows, kMaxPreviewRows);
  Json page = Json::array(), errors = Json::array();
  for (size_t i = offset; i < rows.size() && i < offset + limit; ++i) page.push_back(ImportRowJson(rows[i]));
  size_t invalid = 0;
  for (const auto& r : rows) {
    if (r.observation) continue;
    if (++invalid <= kMaxListedErrors) errors.push_back(ImportRowJson(r));
  }
  return {{"total_rows", rows.size()}, {"invalid_rows", invalid}, {"preview_offset", offset},
          {"rows", page}, {"errors", errors}};
}

// Names the observations a write touched for the audit trail: the one
// observation ("retail_sales 2024 (year)"), or the first and how many.
Response AboutObservations(Response res, const std::vector<Observation>& touched) {
  if (touched.empty()) return res;
  const Observation& o = touched.front();
  std::string name = o.indicator + " " + o.period + " (" + o.period_type + ")";
  if (touched.size() > 1) name += " +" + std::to_string(touched.size() - 1) + " more";
  res.About("observation", o.id, std::move(name));
  return res;
}

Result<Response> ImportObservations(const Request& req, ObservationService& service, const TableLimits& limits) {
  std::string encoding;
  WCP_ASSIGN_OR_RETURN(auto rows, ParseObservationsUpload(req.body, "upload", limits, &encoding));
  WCP_RETURN_IF_ERROR(service.CheckRows(rows));  // the preview's verdict is the commit's
  WCP_ASSIGN_OR_RETURN(const bool dry_run, req.Flag("dry_run"));
  std::vector<Observation> valid;
  for (auto& r : rows) {
    if (!r.observation) continue;
    r.observation->submitted_by = req.principal->username;
    valid.push_back(*r.observation);
  }
  Json out = ImportPreview(req, rows);
  out["encoding"] = encoding;
  if (valid.size() != rows.size()) {
    // An RFC 7807 problem with the row-level errors as extension members.
    const auto bad = std::find_if(rows.begin(), rows.end(), [](const ImportRow& r) { return !r.observation; });
    Response problem = http::Problem(
        Status::Invalid(std::to_string(rows.size() - valid.size()) + " of " + std::to_string(rows.size()) +
                            " rows are invalid (first: line " + std::to_string(bad->line) + ", " + bad->error +
                            "); nothing was stored",
                        bad->field),
        req.request_id);
    Json body = Json::parse(problem.body);
    body.update(out);
    problem.body = DumpJson(body);
    return problem;
  }
  out["valid"] = true;
  out["stored"] = 0;
  if (dry_run) {
    Response preview = Response::Json(out, 200);
    preview.changed_nothing = true;  // a preview is not a write in the audit trail
    return preview;
  }
  WCP_ASSIGN_OR_RETURN(auto submitted, service.Submit(std::move(valid), req.principal->username, false));
  out["stored"] = submitted.observations.size();
  out["warnings"] = std::move(submitted.warnings);
  return AboutObservations(Response::Json(out, 201), submitted.observations);
}

constexpr size_t kDefaultObservationPage = 1000, kMaxObservationPage = 5000;

// The bureau (admin, analyst) sees every vintage with its workflow; anyone
// else sees approved values only, without the names and reasons of the
// bureau's internal review.
bool SeesWorkflow(const Request& req) {
  return req.principal && (req.principal->role == http::Role::kAdmin || req.principal->role == http::Role::kAnalyst);
}

// Detail responses, computed once per data version for each indicator,
// ?as_of, audience (bureau or not) and page. Bounded: emptied beyond
// kMaxEntries (varied pages must not grow it without end). Thread-safe.
struct DetailCache {
  static constexpr size_t kMaxEntries = 512;
  struct Entry {
    int64_t version = -1;
    std::string body;
  };
  std::mutex mu;
  std::map<std::string, Entry> entries;  // guarded by mu
};

Result<std::string> IndicatorDetailBody(const Request& req, IndicatorStore& indicators, ObservationStore& obs,
                                        std::optional<int> as_of, bool workflow) {
  WCP_ASSIGN_OR_RETURN(auto all, indicators.List());
  const auto it = std::find_if(all.begin(), all.end(), [&](const Indicator& i) { return i.code == req.params.at("code"); });
  if (it == all.end()) return Status::NotFound("no indicator '" + req.params.at("code") + "'");
  std::vector<Observation> observations;
  WCP_ASSIGN_OR_RETURN(Json j, EvaluateOne(*it, all, obs, as_of, &observations));
  if (!workflow) {
    std::erase_if(observations, [](const Observation& o) { return o.state != ObservationState::kApproved; });
  }
  const size_t offset = QueryCount(req, "offset", 0, observations.size());
  const size_t limit = QueryCount(req, "limit", kDefaultObservationPage, kMaxObservationPage);
  Json page = Json::array();
  for (size_t i = offset; i < observations.size() && i < offset + limit; ++i) {
    Json o = ObservationJson(observations[i]);
    if (!workflow) {
      for (const char* internal : {"submitted_by", "decided_by", "reason"}) o.erase(internal);
    }
    page.push_back(std::move(o));
  }
  j["observations"] = std::move(page);
  j["observations_page"] = {{"offset", offset}, {"limit", limit}, {"total", observations.size()}};
  return DumpJson(j);
}

// The evaluated list, computed once per data version and ?as_of (the same
// for every role: evaluations use approved values only). Thread-safe.
struct EvaluationCache {
  struct Entry {
    int64_t version = -1;
    std::string body;
  };
  std::mutex mu;
  std::map<int, Entry> by_as_of;  // as_of, 0 for none; guarded by mu
};

// What the read routes compute once per data version. Thread-safe.
struct ReadCaches {
  EvaluationCache list;
  DetailCache details;
  std::mutex plan_mu;
  int64_t plan_version = -1;  // guarded by plan_mu
  std::optional<PlanPeriod> plan;  // guarded by plan_mu
};

// The plan period of the stored indicators at `version`; none before the
// plan's indicators are loaded.
Result<std::optional<PlanPeriod>> CurrentPlan(IndicatorStore& indicators, ReadCaches& caches, int64_t version) {
  {
    std::lock_guard<std::mutex> lock(caches.plan_mu);
    if (caches.plan_version == version) return caches.plan;
  }
  WCP_ASSIGN_OR_RETURN(auto all, indicators.List());
  auto period = PlanPeriodOf(all);
  if (!period.ok() && period.status().code() != ErrorCode::kNotFound) return period.status();
  const std::optional<PlanPeriod> plan = period.ok() ? std::optional<PlanPeriod>(*period) : std::nullopt;
  std::lock_guard<std::mutex> lock(caches.plan_mu);
  if (version >= caches.plan_version) {
    caches.plan_version = version;
    caches.plan = plan;
  }
  return plan;
}

// What a read is computed against: the data version, the plan period at
// that version, and the request's ?as_of within it.
struct ReadPoint {
  int64_t version = 0;
  std::optional<PlanPeriod> plan;
  std::optional<int> as_of;
};

Result<ReadPoint> ReadPointOf(const Request& req, IndicatorStore& indicators, ReadCaches& caches) {
  ReadPoint at;
  WCP_ASSIGN_OR_RETURN(at.version, indicators.Version());
  WCP_ASSIGN_OR_RETURN(at.plan, CurrentPlan(indicators, caches, at.version));
  WCP_ASSIGN_OR_RETURN(at.as_of, AsOf(req, at.plan));
  return at;
}

Result<Response> IndicatorDetail(const Request& req, IndicatorStore& indicators, ObservationStore& obs,
                                 ReadCaches& caches) {
  DetailCache& cache = caches.details;
  WCP_ASSIGN_OR_RETURN(const ReadPoint at, ReadPointOf(req, indicators, caches));
  const int64_t version = at.version;
  const std::optional<int>& as_of = at.as_of;
  const bool workflow = SeesWorkflow(req);
  const auto query = [&](const char* name) { return req.query.count(name) ? req.query.at(name) : std::string(); };
  const std::string key = req.params.at("code") + '\n' + std::to_string(as_of.value_or(0)) + '\n' +
                          (workflow ? "bureau" : "public") + '\n' + query("offset") + '\n' + query("limit");
  {
    std::lock_guard<std::mutex> lock(cache.mu);
    auto it = cache.entries.find(key);
    if (it != cache.entries.end() && it->second.version == version) return Response::Text(it->second.body, "application/json");
  }
  WCP_ASSIGN_OR_RETURN(std::string body, IndicatorDetailBody(req, indicators, obs, as_of, workflow));
  std::lock_guard<std::mutex> lock(cache.mu);
  if (cache.entries.size() >= DetailCache::kMaxEntries) cache.entries.clear();
  auto& entry = cache.entries[key];
  if (version >= entry.version) entry = {version, body};
  return Response::Text(std::move(body), "application/json");
}

Result<Response> ListIndicators(const Request& req, IndicatorStore& indicators, ObservationStore& obs,
                                ReadCaches& caches, const ReportIssuer& issuer) {
  EvaluationCache& cache = caches.list;
  WCP_ASSIGN_OR_RETURN(const ReadPoint at, ReadPointOf(req, indicators, caches));
  const int64_t version = at.version;
  const std::optional<int>& as_of = at.as_of;
  const std::optional<PlanPeriod>& plan = at.plan;
  const int key = as_of.value_or(0);
  {
    std::lock_guard<std::mutex> lock(cache.mu);
    auto it = cache.by_as_of.find(key);
    if (it != cache.by_as_of.end() && it->second.version == version) return Response::Text(it->second.body, "application/json");
  }
  WCP_ASSIGN_OR_RETURN(auto all, indicators.List());
  Json out = Json::array();
  for (const auto& ind : all) {
    WCP_ASSIGN_OR_RETURN(Json j, EvaluateOne(ind, all, obs, as_of));
    out.push_back(std::move(j));
  }
  std::string body = DumpJson({{"indicators", out},
                               {"as_of", as_of ? Json(*as_of) : Json(nullptr)},
                               {"plan_period", plan ? PlanPeriodJson(*plan) : Json(nullptr)},
                               {"issuer", {{"zh", issuer.zh}, {"en", issuer.en}}}});
  std::lock_guard<std::mutex> lock(cache.mu);
  auto& entry = cache.by_as_of[key];
  if (version >= entry.version) entry = {version, body};  // a slower, older computation never overwrites a newer one
  return Response::Text(std::move(body), "application/json");
}

namespace {

// The module's route handlers over its stores and service. Owned by the
// router's handlers (shared), so it lives as long as the routes. Thread-safe:
// the caches lock, the stores and service are thread-safe.
class IndicatorRoutes {
 public:
  IndicatorRoutes(IndicatorStore& indicators, ObservationStore& obs, ObservationService& service,
                  const TableLimits& import_limits, ReportIssuer issuer)
      : indicators_(indicators), obs_(obs), service_(service), import_limits_(import_limits), issuer_(std::move(issuer)) {}

  Result<Response> List(const Request& req) { return ListIndicators(req, indicators_, obs_, caches_, issuer_); }
  Result<Response> Detail(const Request& req) { return IndicatorDetail(req, indicators_, obs_, caches_); }

  Result<Response> Workbook(const Request& req) {
    WCP_ASSIGN_OR_RETURN(const ReadPoint at, ReadPointOf(req, indicators_, caches_));
    if (!at.plan) return Status::NotFound("no plan indicators (with a base and a target year) to report on");
    const PlanPeriod& plan = *at.plan;
    const int year = at.as_of.value_or(plan.last_year);
    ReportOptions options;
    options.chinese = !(req.query.count("lang") && req.query.at("lang") == "en");
    // The internal edition's data-quality appendix is the bureau's: others get the public one.
    options.public_variant = !SeesWorkflow(req) || (req.query.count("variant") && req.query.at("variant") == "public");
    options.issuer = options.chinese ? issuer_.zh : issuer_.en;
    options.issued_on = FormatDate(TodayInChina());
    WCP_ASSIGN_OR_RETURN(std::string bytes, BuildWorkbook(indicators_, obs_, plan, year, options));
    Response r = Response::Text(std::move(bytes), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    r.headers.emplace_back("Content-Disposition", "attachment; filename=\"wcp-indicators-" + std::to_string(year) +
                                                      (options.public_variant ? "-public" : "") + ".xlsx\"");
    return r;
  }

  Result<Response> Template(const Request& req) {
    const auto choice = [&](const char* name, std::initializer_list<std::string_view> allowed) -> Result<std::string> {
      const auto it = req.query.find(name);
      if (it == req.query.end()) return std::string(*allowed.begin());
      if (std::find(allowed.begin(), allowed.end(), it->second) == allowed.end()) {
        return Status::Invalid(std::string("'") + name + "' must be " + std::string(*allowed.begin()) + " or " +
                                   std::string(*(allowed.begin() + 1)),
                               name);
      }
      return it->second;
    };
    WCP_ASSIGN_OR_RETURN(const std::string format, choice("format", {"csv", "xlsx"}));
    WCP_ASSIGN_OR_RETURN(const std::string lang, choice("lang", {"zh", "en"}));
    const bool xlsx = format == "xlsx";
    const bool zh = lang == "zh";
    WCP_ASSIGN_OR_RETURN(auto all, indicators_.List());
    WCP_ASSIGN_OR_RETURN(std::string bytes, BuildImportTemplate(all, xlsx, zh));
    Response r = Response::Text(std::move(bytes), xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                                                       : "text/csv; charset=utf-8");
    r.headers.emplace_back("Content-Disposition", std::string("attachment; filename=\"wcp-indicators-template.") +
                                                      (xlsx ? "xlsx" : "csv") + "\"");
    return r;
  }

  Result<Response> Propose(const Request& req) {
    WCP_ASSIGN_OR_RETURN(auto all, indicators_.List());
    WCP_ASSIGN_OR_RETURN(Indicator ind, ParseProposal(req, all));
    WCP_RETURN_IF_ERROR(indicators_.Propose(ind));
    Response res = Response::Json(IndicatorJson(ind), 201);
    res.About("indicator", ind.code, ind.name_zh);
    return res;
  }

  Result<Response> ApproveDefinition(const Request& req) {
    WCP_ASSIGN_OR_RETURN(Indicator ind, indicators_.ApproveDefinition(req.params.at("code"), req.principal->username));
    Response res = Response::Json(IndicatorJson(ind));
    res.About("indicator", ind.code, ind.name_zh);
    return res;
  }

  Result<Response> Submit(const Request& req) {
    WCP_ASSIGN_OR_RETURN(auto list, ParseBody(req, req.params.at("code")));
    const bool draft = req.query.count("draft") && req.query.at("draft") != "false";
    WCP_ASSIGN_OR_RETURN(auto submitted, service_.Submit(std::move(list), req.principal->username, draft));
    Response res = Response::Json(
        {{"observations", indicators::List(submitted.observations)}, {"warnings", submitted.warnings}}, 201);
    return AboutObservations(std::move(res), submitted.observations);
  }

  Result<Response> SubmitDraft(const Request& req) {
    WCP_ASSIGN_OR_RETURN(Observation o, obs_.SubmitDraft(req.params.at("id"), req.principal->username));
    Response res = Response::Json(ObservationJson(o));
    return AboutObservations(std::move(res), {o});
  }

  Result<Response> Approve(const Request& req) {
    WCP_ASSIGN_OR_RETURN(Observation o, obs_.Approve(req.params.at("id"), req.principal->username));
    Response res = Response::Json(ObservationJson(o));
    return AboutObservations(std::move(res), {o});
  }

  Result<Response> Reject(const Request& req) {
    WCP_ASSIGN_OR_RETURN(Json body, req.JsonBody());
    WCP_RETURN_IF_ERROR(RejectUnknownFields(body, {"reason"}));
    WCP_ASSIGN_OR_RETURN(std::string reason, RequireString(body, "reason"));
    WCP_ASSIGN_OR_RETURN(reason, PlainText(reason, "reason", 1000));
    if (reason.empty()) return Status::Invalid("a rejection needs a reason", "reason").WithCode("required");
    WCP_ASSIGN_OR_RETURN(Observation o, obs_.Reject(req.params.at("id"), req.principal->username, reason));
    Response res = Response::Json(ObservationJson(o));
    return AboutObservations(std::move(res), {o});
  }

  // Checking an upload holds its whole table in memory: two at a time.
  Result<Response> Import(const Request& req) {
    if (!import_slots_.try_acquire()) {
      return Status::Busy("two uploads are being checked already; send this one again in a moment");
    }
    const auto release = [](std::counting_semaphore<2>* slots) { slots->release(); };
    const std::unique_ptr<std::counting_semaphore<2>, decltype(release)> slot(&import_slots_, release);
    return ImportObservations(req, service_, import_limits_);
  }

  // The review inbox: what awaits approval, without what the caller submitted
  // itself (two-person rule), with each indicator's name for display.
  Result<Response> Review(const Request& req) {
    WCP_ASSIGN_OR_RETURN(auto pending, obs_.Submitted(kMaxReviewItems));
    WCP_ASSIGN_OR_RETURN(auto all, indicators_.List());
    std::map<std::string, const Indicator*> by_code;
    for (const auto& i : all) by_code[i.code] = &i;
    Json out = Json::array();
    for (const auto& o : pending) {
      if (o.submitted_by == req.principal->username) continue;
      Json j = ObservationJson(o);
      const Indicator* ind = by_code.count(o.indicator) ? by_code.at(o.indicator) : nullptr;
      j["indicator_name"] = {{"zh", ind ? ind->name_zh : o.indicator}, {"en", ind ? ind->name_en : o.indicator}};
      j["unit"] = {{"zh", ind ? ind->unit_zh : ""}, {"en", ind ? ind->unit_en : ""}};
      out.push_back(std::move(j));
    }
    return Response::Json({{"observations", out}, {"count", out.size()}});
  }

  Result<Response> ApproveMany(const Request& req) {
    WCP_ASSIGN_OR_RETURN(Json body, req.JsonBody());
    WCP_RETURN_IF_ERROR(RejectUnknownFields(body, {"ids"}));
    if (!body.contains("ids") || !body["ids"].is_array() || body["ids"].empty()) {
      return Status::Invalid("'ids' must be a non-empty array of observation ids", "ids");
    }
    std::vector<std::string> ids;
    for (const auto& id : body["ids"]) {
      if (!id.is_string()) return Status::Invalid("'ids' must be strings", "ids");
      ids.push_back(id.get<std::string>());
    }
    WCP_ASSIGN_OR_RETURN(auto approved, obs_.ApproveMany(ids, req.principal->username));
    Response res = Response::Json({{"observations", indicators::List(approved)}});
    return AboutObservations(std::move(res), approved);
  }

 private:
  IndicatorStore& indicators_;
  ObservationStore& obs_;
  ObservationService& service_;
  const TableLimits import_limits_;
  const ReportIssuer issuer_;
  ReadCaches caches_;
  std::counting_semaphore<2> import_slots_{2};
  static constexpr int kMaxReviewItems = 1000;
};

}  // namespace

void AddRoutes(http::Router& router, IndicatorStore& indicators, ObservationStore& obs, ObservationService& service,
               const TableLimits& import_limits, const ReportIssuer& issuer) {
  using namespace http::schema;
  router.DeclarePermission("indicators:read", "read plan indicators, their approved observations and evaluations");
  router.DeclarePermission("indicators:write", "submit indicator observations");
  DeclareSchemas(router);
  auto self = std::make_shared<IndicatorRoutes>(indicators, obs, service, import_limits, issuer);
  const auto route = [self](Result<Response> (IndicatorRoutes::*handler)(const Request&)) {
    return [self, handler](const Request& req) { return ((*self).*handler)(req); };
  };
  const http::QueryParam as_of{"as_of", "evaluate with the annual data up to this year of the plan period", Integer()};
  const Json evaluated = Object({{"evaluation", Ref("Evaluation")},
                                 {"series", ArrayOf(Object({{"year", Integer()}, {"level", Number()},
                                                            {"yoy_growth", Nullable(Number())}}))},
                                 {"ytd", Nullable(AnyObject("the latest year-to-date release and the growth the rest "
                                                            "of the year needs"))}});
  Json detail = Json::object();
  detail["allOf"] = Json::array(
      {Ref("Indicator"), evaluated,
       Object({{"observations", ArrayOf(Ref("Observation"))},
               {"observations_page", Object({{"offset", Integer()}, {"limit", Integer()}, {"total", Integer()}})}})});
  Json listed = Json::object();
  listed["allOf"] = Json::array({Ref("Indicator"), evaluated});
  const Json decimal = AnyOf({DecimalText(), Number()}, "a decimal number, as text (exact) or a JSON number");
  const Json observation_in = Object({{"period", String()}, {"period_type", String()},
                                      {"level", decimal},
                                      Optional("yoy_growth", Nullable(AnyOf({DecimalText(), Number()}, "a fraction: 0.056"))),
                                      Optional("source", String()), Optional("release", String())});
  Json one_or_many = Json::object();
  one_or_many["oneOf"] = Json::array({observation_in, ArrayOf(observation_in)});
  const Json preview = Object({{"total_rows", Integer()}, {"invalid_rows", Integer()}, {"preview_offset", Integer()},
                               {"encoding", Enum({"UTF-8", "GB18030", "XLSX"}, "what the upload was (GB18030 is "
                                                                              "converted)")},
                               {"rows", ArrayOf(Ref("ImportRow"))}, {"errors", ArrayOf(Ref("ImportRow"))},
                               {"valid", Boolean()}, {"stored", Integer()},
                               Optional("warnings", ArrayOf(Ref("Warning")))});
  const Json one_observation = Ref("Observation");

  router.Add({"GET", "/api/v1/indicators", route(&IndicatorRoutes::List),
              "Every indicator with its latest evaluation (?as_of=YEAR evaluates with data to that year).", 0,
              Access::kAuthenticated, {}, "indicators:read"},
             {.response = Object({{"indicators", ArrayOf(listed)},
                                  {"as_of", Nullable(Integer())},
                                  {"plan_period", Nullable(Ref("PlanPeriod"))},
                                  {"issuer", Object({{"zh", String()}, {"en", String()}})}}),
              .query = {as_of}});
  router.Add({"GET", "/api/v1/reports/indicators.xlsx", route(&IndicatorRoutes::Workbook),
              "The evaluation workbook (XLSX: cover with contents, table, chart and, unless ?variant=public, an "
              "internal appendix of data-quality notes) as of a year of the plan period (?as_of=2023 mid-term; "
              "default the last year, the final check; ?lang=en).",
              0, Access::kAuthenticated, {}, "indicators:read"},
             {.response = Binary(),
              .response_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
              .query = {as_of, {"lang", "the workbook's language (default zh)", Enum({"zh", "en"})},
                        {"variant", "public: without the internal appendix (default internal)",
                         Enum({"public", "internal"})}}});
  router.Add({"GET", "/api/v1/indicators/{code}", route(&IndicatorRoutes::Detail),
              "One indicator: definition, its observations (all vintages for the bureau; approved values only for "
              "enterprises and inspectors), paginated by ?offset and ?limit (default 1,000, at most 5,000), and the "
              "evaluation.",
              0, Access::kAuthenticated, {}, "indicators:read"},
             {.response = detail,
              .query = {as_of, {"offset", "the first observation to list", Integer()},
                        {"limit", "how many observations (default 1,000, at most 5,000)", Integer()}}});
  router.Add({"POST", "/api/v1/indicators", route(&IndicatorRoutes::Propose),
              "Propose an indicator beyond the plan's (optionally derived: a formula over other codes); "
              "another analyst approves it.",
              16384, Access::kAuthenticated, kWriters},
             {.request = Object({{"code", String()}, {"name_zh", String()}, {"name_en", String()},
                                 Optional("category_zh", String()), Optional("category_en", String()),
                                 Optional("unit_zh", String()), Optional("unit_en", String()),
                                 Optional("kind", Enum({"flow", "stock", "ratio"})),
                                 Optional("base_year", Integer()), Optional("base_value", decimal),
                                 Optional("target_year", Integer()), Optional("target_value", decimal),
                                 Optional("formula", String("e.g. goods_exports / goods_trade * 100"))}),
              .response = Ref("Indicator"), .status = 201});
  router.Add({"POST", "/api/v1/indicators/{code}/definition/approve", route(&IndicatorRoutes::ApproveDefinition),
              "Approve a proposed indicator (not by its proposer).", 0, Access::kAuthenticated, kWriters},
             {.response = Ref("Indicator")});
  router.Add({"POST", "/api/v1/indicators/{code}/observations", route(&IndicatorRoutes::Submit),
              "Submit one observation or a list (all or nothing); they await approval (?draft=true keeps them "
              "as drafts).",
              4 << 20, Access::kAuthenticated, kWriters, "indicators:write"},
             {.request = one_or_many,
              .response = Object({{"observations", ArrayOf(Ref("Observation"))}, {"warnings", ArrayOf(Ref("Warning"))}}),
              .status = 201,
              .query = {{"draft", "true: keep them as drafts", Enum({"true", "false"})}}});
  router.Add({"POST", "/api/v1/indicators/observations/{id}/submit", route(&IndicatorRoutes::SubmitDraft),
              "Submit a draft for approval (its author only).", 0, Access::kAuthenticated, kWriters},
             {.response = one_observation});
  router.Add({"POST", "/api/v1/indicators/observations/{id}/approve", route(&IndicatorRoutes::Approve),
              "Approve (lock and ledger) an observation; not by its submitter.", 0, Access::kAuthenticated, kWriters},
             {.response = one_observation});
  router.Add({"POST", "/api/v1/indicators/observations/{id}/reject", route(&IndicatorRoutes::Reject),
              "Reject an observation with a reason.", 4096, Access::kAuthenticated, kWriters},
             {.request = Object({{"reason", String()}}), .response = one_observation});
  router.Add({"POST", "/api/v1/indicators/import", route(&IndicatorRoutes::Import),
              "Upload observations as CSV (UTF-8, or GB18030/GBK converted) or XLSX (first sheet; columns "
              "indicator (code or Chinese name), period, period_type, level, yoy_growth, source, release; `name` "
              "is ignored: see /import-template); ?dry_run=true previews with the commit's verdict. A file with any "
              "bad row stores nothing. "
              "The preview lists rows preview_offset … +preview_limit (default 0, 200; at most 1,000) and every "
              "invalid row (at most 1,000) under `errors`.",
              8 << 20, Access::kAuthenticated, kWriters, "indicators:write"},
             {.request = Binary("CSV (UTF-8) or XLSX bytes"), .request_type = "application/octet-stream",
              .response = preview, .status = 201, .other_status = 200,
              .query = {{"dry_run", "true: check and preview only (answers 200)", Enum({"true", "false"})},
                        {"preview_offset", "the first row of the preview", Integer()},
                        {"preview_limit", "rows in the preview (default 200, at most 1,000)", Integer()}}});
  router.Add({"GET", "/api/v1/indicators/import-template", route(&IndicatorRoutes::Template),
              "The import template: one row per indicator that takes values, with its code and name (CSV, UTF-8 "
              "with a byte-order mark, or ?format=xlsx; ?lang=en names them in English).",
              0, Access::kAuthenticated, {}, "indicators:read"},
             {.response = String("CSV text"), .response_type = "text/csv",
              .other_content = {{"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Binary()}},
              .query = {{"format", "csv (default) or xlsx", Enum({"csv", "xlsx"})},
                        {"lang", "the names' language (default zh)", Enum({"zh", "en"})}}});
  Json inbox_item = Json::object();
  inbox_item["allOf"] = Json::array(
      {Ref("Observation"), Object({{"indicator_name", Object({{"zh", String()}, {"en", String()}})},
                                   {"unit", Object({{"zh", String()}, {"en", String()}})}})});
  router.Add({"GET", "/api/v1/indicators/review", route(&IndicatorRoutes::Review),
              "The review inbox (待我审核): observations awaiting approval that the caller did not submit, oldest "
              "first (at most 1,000).",
              0, Access::kAuthenticated, kWriters},
             {.response = Object({{"observations", ArrayOf(inbox_item)}, {"count", Integer()}})});
  router.Add({"POST", "/api/v1/indicators/observations/approve", route(&IndicatorRoutes::ApproveMany),
              "Approve several observations in one transaction (all or none).", 4 << 20, Access::kAuthenticated,
              kWriters},
             {.request = Object({{"ids", ArrayOf(String())}}),
              .response = Object({{"observations", ArrayOf(Ref("Observation"))}})});
}

}  // namespace wcp::indicators
