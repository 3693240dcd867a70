// The indicators API's shapes for the OpenAPI document (components/schemas),
// written next to the JSON they describe (routes.cpp: IndicatorJson,
// EvaluationJson; observation.cpp: ObservationJson). The e2e OpenAPI check
// validates real answers against them.
#include "modules/indicators/routes.hpp"

#include "http/schema.hpp"

namespace wcp::indicators {

void DeclareSchemas(http::Router& router) {
  using namespace http::schema;
  const Json bilingual = Object({{"zh", String()}, {"en", String()}});
  const Json fraction = Nullable(Number("a growth rate as a fraction: 0.0793 is 7.93 %"));
  router.DeclareSchema("Message", Object({{"type", String("a stable code; the UI words it from its catalog")},
                                          {"params", AnyObject("numbers as numbers, rates as fractions")},
                                          Optional("message", String("English, for API users and logs"))}));
  router.DeclareSchema(
      "Indicator",
      Object({{"code", String()},
              {"parent_code", Nullable(String("the total an 其中 (of which) row belongs to"))},
              {"category", bilingual},
              {"name", bilingual},
              {"unit", bilingual},
              {"kind", Enum({"flow", "stock", "ratio"})},
              {"frequency", Enum({"annual", "quarterly", "monthly"})},
              {"base", Object({{"year", Nullable(Integer())}, {"value", Nullable(DecimalText())}})},
              {"target", Object({{"year", Nullable(Integer())}, {"value", Nullable(DecimalText())},
                                 {"text_value", Nullable(DecimalText("the target as the plan's text states it"))}})},
              {"stated_growth", Object({{"zh", String("the plan's words")},
                                        {"op", Enum({"none", "about", "at_least", "over"})},
                                        {"pct", Nullable(DecimalText())}})},
              {"source", Enum({"table", "text", "analyst"})},
              {"formula", Nullable(String("derived indicators: arithmetic over other codes"))},
              {"state", Enum({"proposed", "approved"})},
              {"proposed_by", String()},
              {"approved_by", Nullable(String())}}));
  router.DeclareSchema(
      "Evaluation",
      Object({{"required_cagr", fraction},
              {"actual_cagr", fraction},
              {"ratio", Nullable(Number("R = actual / required"))},
              {"log_progress", Nullable(Number())},
              {"time_share", Nullable(Number())},
              {"milestone", Nullable(Number())},
              {"projection", Nullable(Number())},
              {"projection_band", ArrayOf(Nullable(Number()), "[low, high] of the 80 % band")},
              {"anticipated_progress", Nullable(Number())},
              {"required_growth_remaining", fraction},
              {"latest_year", Nullable(Integer())},
              {"latest_level", Nullable(Number())},
              {"status", Enum({"target_met", "on_track", "acceleration_needed", "limited_progress", "deterioration",
                               "no_data", "no_base", "no_target", "not_assessable"})},
              {"review", Enum({"target_met", "faster", "as_expected", "behind", "not_assessable"})},
              {"flags", ArrayOf(Ref("Message"))},
              {"summary", ArrayOf(Ref("Message"), "the conclusion's parts: latest, target_met | vs_required, "
                                                  "needs_remaining")},
              {"summary_text", String("the conclusion in English")}}));
  router.DeclareSchema(
      "Observation",
      Object({{"id", String()},
              {"indicator", String()},
              {"period", String("2024, 2024-Q3, 2024-09, 2024-YTD09")},
              {"period_type", Enum({"day", "week", "month", "jan_feb", "quarter", "year", "ytd"})},
              {"level", DecimalText()},
              {"yoy_growth", Nullable(DecimalText("a fraction as published: 0.056"))},
              {"source", String()},
              {"release", String()},
              {"state", Enum({"draft", "submitted", "approved", "rejected"})},
              Optional("submitted_by", String("bureau only")),
              {"submitted_at", String()},
              Optional("decided_by", Nullable(String("bureau only"))),
              {"decided_at", Nullable(String())},
              Optional("reason", Nullable(String("bureau only"))),
              {"ledger_index", Nullable(Integer("the approval's leaf in the ledger"))}}));
  router.DeclareSchema("Warning", Object({{"index", Integer("the observation's position in the request")},
                                          {"indicator", String()},
                                          {"type", Enum({"range", "outlier"})},
                                          {"params", AnyObject()},
                                          {"message", String("English")}}));
  router.DeclareSchema("ImportRow", Object({{"line", Integer()},
                                            Optional("observation", Ref("Observation")),
                                            Optional("error", String("English")),
                                            Optional("field", String()),
                                            Optional("code", String("message code for the UI's words")),
                                            Optional("params", AnyObject())}));
  router.DeclareSchema("PlanPeriod", Object({{"first_year", Integer()}, {"last_year", Integer()},
                                             {"mid_term_year", Integer()}}));
}

}  // namespace wcp::indicators
