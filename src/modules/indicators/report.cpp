#include "modules/indicators/report.hpp"

#include <xlsxwriter.h>

#include <filesystem>
#include <fmt/format.h>

#include "core/files.hpp"
#include "core/ids.hpp"
#include "modules/indicators/messages.hpp"

namespace wcp::indicators {
namespace {

// Cell text: the workbook stores shared strings, so values are copied in.
void Text(lxw_worksheet* ws, int row, int col, const std::string& s, lxw_format* f = nullptr) {
  worksheet_write_string(ws, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(col), s.c_str(), f);
}

void Number(lxw_worksheet* ws, int row, int col, const std::optional<double>& v, lxw_format* f) {
  if (v) worksheet_write_number(ws, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(col), *v, f);
  else worksheet_write_string(ws, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(col), "—", nullptr);
}

}  // namespace

Result<std::string> BuildXlsxReport(const std::vector<ReportRow>& rows, const PlanPeriod& plan, int as_of, bool zh) {
  const auto path = std::filesystem::temp_directory_path() / ("wcp-report-" + NewUuidV7() + ".xlsx");
  lxw_workbook* wb = workbook_new(path.c_str());
  if (!wb) return Status::Internal("cannot create the workbook");
  lxw_worksheet* ws = workbook_add_worksheet(wb, zh ? "评估表" : "Evaluation");
  lxw_format* bold = workbook_add_format(wb);
  format_set_bold(bold);
  format_set_text_wrap(bold);
  format_set_bg_color(bold, 0xDDE7F3);
  lxw_format* pct = workbook_add_format(wb);
  format_set_num_format(pct, "0.0%");
  lxw_format* num = workbook_add_format(wb);
  format_set_num_format(num, "#,##0.0");
  lxw_format* title = workbook_add_format(wb);
  format_set_bold(title);
  format_set_font_size(title, 14);

  const bool final_check = as_of >= plan.last_year;
  const int base_year = plan.first_year - 1, target_year = plan.last_year;
  Text(ws, 0, 0,
       zh ? fmt::format("青岛西海岸新区商务发展“十四五”规划主要指标{}（数据截至{}年）", final_check ? "终期评估" : "中期评估", as_of)
          : fmt::format("West Coast New Area commerce plan {}–{}: {} of the key indicators (data to {})",
                        plan.first_year, plan.last_year, final_check ? "final check" : "mid-term evaluation", as_of),
       title);
  const std::vector<std::string> headers =
      zh ? std::vector<std::string>{"指标", "单位", fmt::format("基期值({})", base_year), fmt::format("目标值({})", target_year),
                                    "最新年份", "最新值", "规划要求年均增速", "实际年均增速", "增速比(R)", "复合路径进度",
                                    "评估(Eurostat)", "评估(中期评估口径)", "剩余年份需年均增长",
                                    fmt::format("按现有趋势预计{}年", target_year), "一致性提示", "结论"}
         : std::vector<std::string>{"Indicator", "Unit", fmt::format("Base ({})", base_year),
                                    fmt::format("Target ({})", target_year), "Latest year", "Latest level",
                                    "Required growth/yr", "Actual growth/yr", "Ratio R", "Compound-path progress",
                                    "Status (Eurostat)", "Status (national wording)", "Growth needed/yr",
                                    fmt::format("Projected {}", target_year), "Consistency flags", "Summary"};
  for (size_t c = 0; c < headers.size(); ++c) Text(ws, 2, static_cast<int>(c), headers[c], bold);
  worksheet_set_column(ws, 0, 0, 28, nullptr);
  worksheet_set_column(ws, 1, 14, 14, nullptr);
  worksheet_set_column(ws, 15, 15, 70, nullptr);
  int r = 3;
  for (const auto& row : rows) {
    const Indicator& i = row.indicator;
    const Evaluation& e = row.evaluation;
    Text(ws, r, 0, (i.parent_code ? "  " : "") + (zh ? i.name_zh : i.name_en));
    Text(ws, r, 1, zh ? i.unit_zh : i.unit_en);
    Number(ws, r, 2, i.base_value ? std::optional<double>(DecimalNumber(*i.base_value)) : std::nullopt, num);
    Number(ws, r, 3, i.target_value ? std::optional<double>(DecimalNumber(*i.target_value)) : std::nullopt, num);
    Number(ws, r, 4, e.latest_year ? std::optional<double>(*e.latest_year) : std::nullopt, nullptr);
    Number(ws, r, 5, e.latest_level, num);
    Number(ws, r, 6, e.required_cagr, pct);
    Number(ws, r, 7, e.actual_cagr, pct);
    Number(ws, r, 8, e.ratio, pct);
    Number(ws, r, 9, e.log_progress, pct);
    Text(ws, r, 10, e.status);
    Text(ws, r, 11, ReviewText(e.review, zh));
    Number(ws, r, 12, e.required_growth_remaining, pct);
    Number(ws, r, 13, e.projection, num);
    std::string flags;
    for (const auto& f : e.flags) flags += (flags.empty() ? "" : "; ") + MessageText(f, i, zh);
    Text(ws, r, 14, flags);
    Text(ws, r, 15, SummaryText(e, i, zh));
    ++r;
  }
  // Chart: actual against required growth per indicator (columns H and G).
  lxw_chart* chart = workbook_add_chart(wb, LXW_CHART_BAR);
  const std::string sheet = zh ? "评估表" : "Evaluation";
  const auto range = [&](char col) { return fmt::format("='{}'!${}${}:${}${}", sheet, col, 4, col, r); };
  lxw_chart_series* actual = chart_add_series(chart, range('A').c_str(), range('H').c_str());
  chart_series_set_name(actual, zh ? "实际年均增速" : "Actual growth/yr");
  lxw_chart_series* required = chart_add_series(chart, range('A').c_str(), range('G').c_str());
  chart_series_set_name(required, zh ? "规划要求年均增速" : "Required growth/yr");
  chart_title_set_name(chart, zh ? "实际与规划要求年均增速" : "Actual and required growth a year");
  chart_axis_set_num_format(chart->x_axis, "0%");
  lxw_worksheet* charts = workbook_add_worksheet(wb, zh ? "图表" : "Chart");
  lxw_chart_options options = {};
  options.x_scale = 2.0;
  options.y_scale = 2.5;
  worksheet_insert_chart_opt(charts, 1, 1, chart, &options);
  if (workbook_close(wb) != LXW_NO_ERROR) return Status::Internal("cannot write the workbook");
  auto bytes = ReadFile(path);
  std::error_code ec;
  std::filesystem::remove(path, ec);
  return bytes;
}

}  // namespace wcp::indicators
