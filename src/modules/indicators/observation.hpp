// modules/indicators/observation.hpp — published statistics for an indicator.
//
// Observations keep what the statistics bureau publishes and are never
// overwritten: a revision is a new observation (a later vintage) of the same
// indicator and period; the earlier one stays queryable. Workflow:
// draft → submitted → approved (locked, ledgered) or rejected (with a reason).
// Approval is by another user than the submitter.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/csv.hpp"
#include "core/date.hpp"
#include "core/json.hpp"
#include "core/status.hpp"

namespace wcp::indicators {

enum class ObservationState { kDraft, kSubmitted, kApproved, kRejected };
std::string_view StateName(ObservationState s);

struct Observation {
  std::string id;             // UUIDv7
  std::string indicator;      // indicator code
  std::string period;         // canonical period text, e.g. "2024", "2024-YTD03"
  std::string period_type;    // year, quarter, month, ytd …
  std::string level;          // decimal text as published
  std::optional<std::string> yoy_growth;  // fraction as published (0.052), comparable basis
  std::string source;         // e.g. 区统计局
  std::string release;        // 快报, 年报, revision …
  ObservationState state = ObservationState::kSubmitted;
  std::string submitted_by;
  std::string submitted_at;
  std::optional<std::string> decided_by;
  std::optional<std::string> decided_at;
  std::optional<std::string> reason;      // for rejections
  std::optional<uint64_t> ledger_index;   // set when approved
};

// A JSON number or decimal string at j[key], kept as the decimal text the
// caller sent; kInvalid (code not-a-decimal) naming `field` otherwise.
Result<std::string> DecimalField(const Json& j, const std::string& key, const std::string& field);

// Parses one observation from a request object; errors name the field
// (prefixed with "[i]." when `position` is given).
Result<Observation> ParseObservation(const Json& j, const std::string& indicator,
                                     std::optional<size_t> position = std::nullopt);
Json ObservationJson(const Observation& o);
// One row of an uploaded observations CSV (columns: indicator, period,
// period_type, level, yoy_growth, source, release) with its error, if any.
struct ImportRow {
  int line = 0;
  std::optional<Observation> observation;
  std::string error;  // English, as the problem's detail
  std::string field;
  std::string code;  // the message code and its parameters (Status::WithCode), for the UI's words
  Status::Params params;
  void Fail(const Status& s, std::string at_field) {
    error = s.message();
    field = std::move(at_field);
    code = s.message_code();
    params = s.params();
    observation.reset();
  }
};
// Parses every row, collecting row-level errors instead of stopping at the
// first (for the preview). A header error fails the whole file.
Result<std::vector<ImportRow>> ParseObservationsTable(const CsvTable& table);
// The upload as CSV text (UTF-8, or GB18030 converted) or an .xlsx workbook
// (first sheet), by its content; *encoding (when given) says which it was:
// "UTF-8", "GB18030" or "XLSX".
Result<std::vector<ImportRow>> ParseObservationsUpload(std::string_view bytes, std::string_view source,
                                                      const TableLimits& limits = {}, std::string* encoding = nullptr);

// The bytes committed to the ledger on approval: sorted-key JSON of the
// published facts and the approval (no workflow timestamps).
std::string CanonicalBytes(const Observation& o);

}  // namespace wcp::indicators
