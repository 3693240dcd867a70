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

// The workbook's bytes. `chinese` selects the language of labels and names;
// as of the plan's last year it is the final check, before it the mid-term
// evaluation.
Result<std::string> BuildXlsxReport(const std::vector<ReportRow>& rows, const PlanPeriod& plan, int as_of_year,
                                    bool chinese);

}  // namespace wcp::indicators
