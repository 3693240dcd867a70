// modules/indicators/report.hpp — the mid-term evaluation / final check
// workbook (XLSX via libxlsxwriter): one table of every indicator's
// evaluation as of a year, and a chart of actual against required growth.
#pragma once

#include <string>
#include <vector>

#include "core/status.hpp"
#include "modules/indicators/evaluation.hpp"

namespace wcp::indicators {

struct ReportRow {
  Indicator indicator;
  Evaluation evaluation;
};

struct ReportOptions {
  bool chinese = true;          // the language of labels and names
  bool public_variant = false;  // without the internal appendix of data-quality notes
  std::string issuer;           // the issuing body, in the report's language
  std::string issued_on;        // YYYY-MM-DD
};

// The workbook's bytes: a cover with the contents, the evaluation table (A4
// landscape, one page wide, page numbers, the header row repeated), a chart,
// and for the internal variant an appendix of data-quality notes. As of the
// plan's last year it is the final check, before it the mid-term evaluation.
Result<std::string> BuildXlsxReport(const std::vector<ReportRow>& rows, const PlanPeriod& plan, int as_of_year,
                                    const ReportOptions& options);

// The import template: one row per indicator that takes values (not
// derived), with its code and name, as CSV (UTF-8 with a byte-order mark, so
// that Excel opens it right) or XLSX. The importer reads the same columns
// and ignores `name`.
Result<std::string> BuildImportTemplate(const std::vector<Indicator>& indicators, bool xlsx, bool chinese);

}  // namespace wcp::indicators
