#include "modules/indicators/observation.hpp"

#include "core/encoding.hpp"
#include "core/xlsx.hpp"
#include "modules/indicators/model.hpp"

#include <charconv>
#include <tuple>

namespace wcp::indicators {
namespace {

// `s` naming `field` (its position in a list: "[3].period"), code kept.
Status AtField(const Status& s, std::string field) {
  return Status(s.code(), s.message(), std::move(field)).WithCode(s.message_code(), s.params());
}

}  // namespace

// A JSON number or decimal string, kept as the decimal text the caller sent.
Result<std::string> DecimalField(const Json& j, const std::string& key, const std::string& field) {
  const Json& v = j[key];
  std::string text;
  if (v.is_string()) {
    text = v.get<std::string>();
  } else if (v.is_number_integer()) {
    text = std::to_string(v.get<int64_t>());
  } else if (v.is_number_float()) {
    text = v.dump();  // shortest round-trip form of what was sent, e.g. 1400.5
  } else {
    return Status::Invalid("'" + key + "' must be a number", field)
        .WithCode("not-a-decimal", {{"value", Excerpt(v.dump())}});
  }
  if (!IsDecimalText(text)) {
    return Status::Invalid("'" + key + "' must be a decimal number, got '" + Excerpt(text) + "'", field)
        .WithCode("not-a-decimal", {{"value", Excerpt(text)}});
  }
  return text;
}

std::string_view StateName(ObservationState s) {
  switch (s) {
    case ObservationState::kDraft: return "draft";
    case ObservationState::kSubmitted: return "submitted";
    case ObservationState::kApproved: return "approved";
    case ObservationState::kRejected: return "rejected";
  }
  return "submitted";
}

Result<Observation> ParseObservation(const Json& j, const std::string& indicator,
                                     std::optional<size_t> position) {
  const std::string prefix = position ? "[" + std::to_string(*position) + "]." : "";
  const auto field = [&](const char* name) { return prefix + name; };
  if (!j.is_object()) return Status::Invalid("an observation must be a JSON object", prefix.empty() ? "body" : prefix);
  for (const auto& [k, v] : j.items()) {
    static const std::vector<std::string> kAllowed = {"period", "period_type", "level", "yoy_growth", "source", "release"};
    if (std::find(kAllowed.begin(), kAllowed.end(), k) == kAllowed.end()) {
      return Status::Invalid("unknown field '" + k + "'", prefix + k);
    }
  }
  Observation o;
  o.indicator = indicator;
  if (!j.contains("period") || !j["period"].is_string()) return Status::Invalid("'period' is required", field("period"));
  if (!j.contains("period_type") || !j["period_type"].is_string()) {
    return Status::Invalid("'period_type' is required", field("period_type"));
  }
  auto type = ParsePeriodType(j["period_type"].get<std::string>());
  if (!type.ok()) return AtField(type.status(), field("period_type"));
  auto period = Period::Parse(j["period"].get<std::string>(), *type);
  if (!period.ok()) return AtField(period.status(), field("period"));
  o.period = period->ToString();
  o.period_type = std::string(PeriodTypeName(*type));
  if (!j.contains("level")) return Status::Invalid("'level' is required", field("level"));
  WCP_ASSIGN_OR_RETURN(o.level, DecimalField(j, "level", field("level")));
  if (j.contains("yoy_growth") && !j["yoy_growth"].is_null()) {
    WCP_ASSIGN_OR_RETURN(std::string g, DecimalField(j, "yoy_growth", field("yoy_growth")));
    o.yoy_growth = g;
  }
  for (auto [key, out, max] : {std::tuple{"source", &o.source, size_t{200}}, std::tuple{"release", &o.release, size_t{100}}}) {
    auto text = StringOr(j, key, "");
    if (!text.ok()) return Status::Invalid(text.status().message(), field(key));  // "[3].source"
    auto plain = PlainText(*text, key, max);
    if (!plain.ok()) return AtField(plain.status(), field(key));
    *out = std::move(*plain);
  }
  return o;
}

Json ObservationJson(const Observation& o) {
  const auto opt = [](const auto& v) -> Json { return v ? Json(*v) : Json(nullptr); };
  return {{"id", o.id},
          {"indicator", o.indicator},
          {"period", o.period},
          {"period_type", o.period_type},
          {"level", o.level},
          {"yoy_growth", opt(o.yoy_growth)},
          {"source", o.source},
          {"release", o.release},
          {"state", StateName(o.state)},
          {"submitted_by", o.submitted_by},
          {"submitted_at", o.submitted_at},
          {"decided_by", opt(o.decided_by)},
          {"decided_at", opt(o.decided_at)},
          {"reason", opt(o.reason)},
          {"ledger_index", opt(o.ledger_index)}};
}

Result<std::vector<ImportRow>> ParseObservationsUpload(std::string_view bytes, std::string_view source,
                                                      const TableLimits& limits, std::string* encoding) {
  XlsxLimits xlsx;
  static_cast<TableLimits&>(xlsx) = limits;
  if (LooksLikeXlsx(bytes)) {
    if (encoding) *encoding = "XLSX";
    WCP_ASSIGN_OR_RETURN(CsvTable table, ReadXlsxFirstSheet(bytes, source, xlsx));
    return ParseObservationsTable(table);
  }
  // Excel's "CSV" on Chinese Windows is GB18030: converted, never stored garbled.
  WCP_ASSIGN_OR_RETURN(DecodedText text, DecodeUpload(bytes, source));
  if (encoding) *encoding = text.encoding;
  WCP_ASSIGN_OR_RETURN(CsvTable table, CsvTable::Parse(text.text, source, limits));
  return ParseObservationsTable(table);
}

Result<std::vector<ImportRow>> ParseObservationsTable(const CsvTable& table) {
  // `name` (the template's indicator name, for people) is read by no one.
  WCP_RETURN_IF_ERROR(table.RequireColumns({"indicator", "period", "period_type", "level"},
                                           {"name", "yoy_growth", "source", "release"}));
  std::vector<ImportRow> rows;
  for (const auto& row : table.rows()) {
    ImportRow r;
    r.line = row.line;
    Json j = Json::object();
    for (const char* col : {"period", "period_type", "level", "yoy_growth", "source", "release"}) {
      const std::string& v = table.Get(row, col);
      if (!v.empty()) j[col] = v;
    }
    const std::string& indicator = table.Get(row, "indicator");
    if (indicator.empty()) {
      r.Fail(Status::Invalid("'indicator' is empty").WithCode("required"), "indicator");
    } else if (auto o = ParseObservation(j, indicator); o.ok()) {
      r.observation = std::move(o).value();
    } else {
      r.Fail(o.status(), o.status().field());
    }
    rows.push_back(std::move(r));
  }
  if (rows.empty()) return Status::Invalid(table.source() + ": no data rows");
  return rows;
}

std::string CanonicalBytes(const Observation& o) {
  Json j = {{"id", o.id},         {"indicator", o.indicator}, {"period", o.period},
            {"period_type", o.period_type}, {"level", o.level},
            {"yoy_growth", o.yoy_growth ? Json(*o.yoy_growth) : Json(nullptr)},
            {"source", o.source}, {"release", o.release},
            {"approved_by", o.decided_by ? Json(*o.decided_by) : Json(nullptr)}};
  return DumpJson(j);  // nlohmann objects are key-sorted: one canonical form
}

}  // namespace wcp::indicators
