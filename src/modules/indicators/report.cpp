#include "modules/indicators/report.hpp"

#include <xlsxwriter.h>

#include <filesystem>
#include <functional>
#include <map>
#include <fmt/format.h>

#include "core/csv.hpp"
#include "core/xlsx_writer.hpp"
#include "core/files.hpp"
#include "core/ids.hpp"
#include "modules/indicators/messages.hpp"

namespace wcp::indicators {
namespace {

// The workbook's formats, made once each.
struct Formats {
  lxw_format* header = nullptr;
  lxw_format* title = nullptr;
  lxw_format* pct = nullptr;
  lxw_format* wrap = nullptr;
  std::map<int, lxw_format*> by_decimals;  // "#,##0.0" … per published precision

  explicit Formats(lxw_workbook* wb) : wb_(wb) {
    header = workbook_add_format(wb);
    format_set_bold(header);
    format_set_text_wrap(header);
    format_set_bg_color(header, 0xDDE7F3);
    format_set_border(header, LXW_BORDER_THIN);
    title = workbook_add_format(wb);
    format_set_bold(title);
    format_set_font_size(title, 14);
    pct = workbook_add_format(wb);
    format_set_num_format(pct, "0.0%");
    wrap = workbook_add_format(wb);
    format_set_text_wrap(wrap);
    format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);
  }
  lxw_format* Decimals(int n) {
    auto& f = by_decimals[n];
    if (!f) {
      f = workbook_add_format(wb_);
      format_set_num_format(f, (n == 0 ? std::string("#,##0") : "#,##0." + std::string(static_cast<size_t>(n), '0')).c_str());
    }
    return f;
  }

 private:
  lxw_workbook* wb_;
};

// A4 landscape, one page wide, the header rows repeated, page numbers and
// the issuer in the footer.
void SetUpPrinting(lxw_worksheet* ws, const ReportOptions& o, int header_rows) {
  worksheet_set_landscape(ws);
  worksheet_set_paper(ws, 9);  // A4
  worksheet_fit_to_pages(ws, 1, 0);
  if (header_rows > 0) worksheet_repeat_rows(ws, 0, static_cast<lxw_row_t>(header_rows - 1));
  std::string issuer;  // '&' starts a footer code: a literal one is written '&&'
  for (char c : o.issuer) issuer += c == '&' ? std::string("&&") : std::string(1, c);
  const std::string footer = fmt::format("&L{}&R{}", issuer, o.chinese ? "第 &P 页，共 &N 页" : "Page &P of &N");
  worksheet_set_footer(ws, footer.c_str());
}

struct Titles {
  std::string report, evaluation, chart, appendix, contents;
};

Titles TitlesOf(const PlanPeriod& plan, int as_of, bool zh) {
  const bool final_check = as_of >= plan.last_year;
  if (zh) {
    return {fmt::format("青岛西海岸新区商务发展“十四五”规划主要指标{}（数据截至{}年）",
                        final_check ? "终期评估" : "中期评估", as_of),
            "评估表", "图表", "数据质量说明（内部）", "目录"};
  }
  return {fmt::format("West Coast New Area commerce plan {}–{}: {} of the key indicators (data to {})", plan.first_year,
                      plan.last_year, final_check ? "final check" : "mid-term evaluation", as_of),
          "Evaluation", "Chart", "Data quality notes (internal)", "Contents"};
}

void WriteCover(lxw_worksheet* ws, Formats& f, const Titles& t, const ReportOptions& o, size_t indicators) {
  const bool zh = o.chinese;
  worksheet_set_column(ws, 0, 0, 30, nullptr);
  worksheet_set_column(ws, 1, 1, 70, nullptr);
  XlsxText(ws, 0, 0, t.report, f.title);
  XlsxText(ws, 2, 0, zh ? "编制单位" : "Issued by");
  XlsxText(ws, 2, 1, o.issuer);
  XlsxText(ws, 3, 0, zh ? "编制日期" : "Date");
  XlsxText(ws, 3, 1, o.issued_on);
  XlsxText(ws, 4, 0, zh ? "指标数" : "Indicators");
  XlsxText(ws, 4, 1, std::to_string(indicators));
  XlsxText(ws, 5, 0, zh ? "版本" : "Edition");
  XlsxText(ws, 5, 1, o.public_variant ? (zh ? "公开版" : "Public edition")
                                  : (zh ? "内部版（含数据质量说明）" : "Internal edition (with data-quality notes)"));
  XlsxText(ws, 7, 0, t.contents, f.header);
  XlsxText(ws, 7, 1, "", f.header);
  int row = 8;
  const auto entry = [&](const std::string& sheet, const std::string& what) {
    const std::string link = "internal:'" + sheet + "'!A1";
    worksheet_write_url_opt(ws, static_cast<lxw_row_t>(row), 0, link.c_str(), nullptr, sheet.c_str(), nullptr);
    XlsxText(ws, row++, 1, what, f.wrap);
  };
  entry(t.evaluation, zh ? "各指标基期值、目标值、最新值、年均增速与评估结论" : "Each indicator's base, target, latest "
                                                                                "level, growth a year and conclusion");
  entry(t.chart, zh ? "实际与规划要求年均增速对比" : "Actual against required growth a year");
  if (!o.public_variant) entry(t.appendix, zh ? "一致性与数据质量提示，仅供内部核查" : "Consistency and data-quality notes, "
                                                                                       "for internal checking only");
  XlsxText(ws, row + 1, 0, zh ? "说明" : "Note");
  XlsxText(ws, row + 1, 1,
       zh ? "评估状态采用欧盟统计局可持续发展指标评估方法；“中期评估口径”为国家中期评估表述。"
          : "Statuses follow Eurostat's method for SDG indicators; the national wording is that of China's "
            "mid-term reviews.",
       f.wrap);
  SetUpPrinting(ws, o, 0);
}

Status FillReport(lxw_workbook* wb, const std::vector<ReportRow>& rows, const PlanPeriod& plan, int as_of,
                  const ReportOptions& o) {
  const bool zh = o.chinese;
  Formats f(wb);
  const Titles titles = TitlesOf(plan, as_of, zh);
  WriteCover(workbook_add_worksheet(wb, titles.contents.c_str()), f, titles, o, rows.size());

  lxw_worksheet* ws = workbook_add_worksheet(wb, titles.evaluation.c_str());
  const int base_year = plan.first_year - 1, target_year = plan.last_year;
  XlsxText(ws, 0, 0, titles.report, f.title);
  XlsxText(ws, 1, 0, o.issuer + "  " + o.issued_on);
  const std::vector<std::string> headers =
      zh ? std::vector<std::string>{"指标", "单位", fmt::format("基期值({})", base_year), fmt::format("目标值({})", target_year),
                                    "最新年份", "最新值", "规划要求年均增速", "实际年均增速", "增速比(R)", "复合路径进度",
                                    "评估", "中期评估口径", "剩余年份需年均增长",
                                    fmt::format("按现有趋势预计{}年", target_year), "结论"}
         : std::vector<std::string>{"Indicator", "Unit", fmt::format("Base ({})", base_year),
                                    fmt::format("Target ({})", target_year), "Latest year", "Latest level",
                                    "Required growth a year", "Actual growth a year", "Ratio R", "Compound-path progress",
                                    "Status", "National wording", "Growth needed a year",
                                    fmt::format("Projected {}", target_year), "Conclusion"};
  constexpr int kHeaderRow = 3;
  for (size_t c = 0; c < headers.size(); ++c) XlsxText(ws, kHeaderRow, static_cast<int>(c), headers[c], f.header);
  worksheet_set_column(ws, 0, 0, 34, f.wrap);
  worksheet_set_column(ws, 1, 13, 13, nullptr);
  worksheet_set_column(ws, 14, 14, 60, f.wrap);
  std::map<std::string, const Indicator*> by_code;
  for (const auto& row : rows) by_code[row.indicator.code] = &row.indicator;
  int r = kHeaderRow + 1;
  for (const auto& row : rows) {
    const Indicator& i = row.indicator;
    const Evaluation& e = row.evaluation;
    const Indicator* parent = i.parent_code && by_code.count(*i.parent_code) ? by_code.at(*i.parent_code) : nullptr;
    lxw_format* level = f.Decimals(PublishedDecimals(i));
    XlsxText(ws, r, 0, DisplayName(i, parent, zh), f.wrap);
    XlsxText(ws, r, 1, zh ? i.unit_zh : i.unit_en);
    XlsxNumber(ws, r, 2, i.base_value ? std::optional<double>(DecimalNumber(*i.base_value)) : std::nullopt, level);
    XlsxNumber(ws, r, 3, i.target_value ? std::optional<double>(DecimalNumber(*i.target_value)) : std::nullopt, level);
    XlsxNumber(ws, r, 4, e.latest_year ? std::optional<double>(*e.latest_year) : std::nullopt, nullptr);
    XlsxNumber(ws, r, 5, e.latest_level, level);
    XlsxNumber(ws, r, 6, e.required_cagr, f.pct);
    XlsxNumber(ws, r, 7, e.actual_cagr, f.pct);
    XlsxNumber(ws, r, 8, e.ratio, f.pct);
    XlsxNumber(ws, r, 9, e.log_progress, f.pct);
    XlsxText(ws, r, 10, StatusText(e.status, zh));
    XlsxText(ws, r, 11, ReviewText(e.review, zh));
    XlsxNumber(ws, r, 12, e.required_growth_remaining, f.pct);
    XlsxNumber(ws, r, 13, e.projection, level);
    Indicator named = i;  // the conclusion names a part with its whole too
    (zh ? named.name_zh : named.name_en) = DisplayName(i, parent, zh);
    XlsxText(ws, r, 14, SummaryText(e, named, zh), f.wrap);
    ++r;
  }
  SetUpPrinting(ws, o, kHeaderRow + 1);

  // Chart: actual against required growth per indicator (columns H and G).
  lxw_chart* chart = workbook_add_chart(wb, LXW_CHART_BAR);
  const auto range = [&](char col) {
    return fmt::format("='{}'!${}${}:${}${}", titles.evaluation, col, kHeaderRow + 2, col, r);
  };
  lxw_chart_series* actual = chart_add_series(chart, range('A').c_str(), range('H').c_str());
  chart_series_set_name(actual, zh ? "实际年均增速" : "Actual growth a year");
  lxw_chart_series* required = chart_add_series(chart, range('A').c_str(), range('G').c_str());
  chart_series_set_name(required, zh ? "规划要求年均增速" : "Required growth a year");
  chart_title_set_name(chart, zh ? "实际与规划要求年均增速" : "Actual and required growth a year");
  chart_axis_set_num_format(chart->x_axis, "0%");
  lxw_worksheet* charts = workbook_add_worksheet(wb, titles.chart.c_str());
  lxw_chart_options options = {};
  options.x_scale = 2.0;
  options.y_scale = 2.5;
  worksheet_insert_chart_opt(charts, 1, 1, chart, &options);
  SetUpPrinting(charts, o, 0);

  // The internal appendix: every consistency and data-quality note.
  if (!o.public_variant) {
    lxw_worksheet* notes = workbook_add_worksheet(wb, titles.appendix.c_str());
    XlsxText(notes, 0, 0, titles.appendix, f.title);
    XlsxText(notes, 2, 0, zh ? "指标" : "Indicator", f.header);
    XlsxText(notes, 2, 1, zh ? "提示" : "Note", f.header);
    worksheet_set_column(notes, 0, 0, 34, f.wrap);
    worksheet_set_column(notes, 1, 1, 90, f.wrap);
    int n = 3;
    for (const auto& row : rows) {
      const Indicator& i = row.indicator;
      const Indicator* parent = i.parent_code && by_code.count(*i.parent_code) ? by_code.at(*i.parent_code) : nullptr;
      for (const auto& flag : row.evaluation.flags) {
        XlsxText(notes, n, 0, DisplayName(i, parent, zh), f.wrap);
        XlsxText(notes, n++, 1, MessageText(flag, i, zh), f.wrap);
      }
    }
    if (n == 3) XlsxText(notes, n, 0, zh ? "无" : "None");
    SetUpPrinting(notes, o, 3);
  }
  return Status::Ok();
}

}  // namespace

Result<std::string> BuildXlsxReport(const std::vector<ReportRow>& rows, const PlanPeriod& plan, int as_of,
                                    const ReportOptions& o) {
  return WorkbookBytes("wcp-report-", [&](lxw_workbook* wb) { return FillReport(wb, rows, plan, as_of, o); });
}

Result<std::string> BuildImportTemplate(const std::vector<Indicator>& indicators, bool xlsx, bool zh) {
  const std::vector<std::string> columns = {"indicator", "name", "period", "period_type", "level", "yoy_growth",
                                            "source", "release"};
  std::map<std::string, const Indicator*> by_code;
  for (const auto& i : indicators) by_code[i.code] = &i;
  std::vector<std::pair<std::string, std::string>> rows;  // code, name
  for (const auto& i : indicators) {
    if (i.formula || i.state != "approved") continue;
    const Indicator* parent = i.parent_code && by_code.count(*i.parent_code) ? by_code.at(*i.parent_code) : nullptr;
    rows.emplace_back(i.code, DisplayName(i, parent, zh));
  }
  if (!xlsx) {
    std::string csv = "\xEF\xBB\xBF";
    for (size_t c = 0; c < columns.size(); ++c) csv += (c ? "," : "") + columns[c];
    csv += "\n";
    for (const auto& [code, name] : rows) csv += CsvEscape(code) + "," + CsvEscape(name) + ",,year,,,,\n";
    return csv;
  }
  return WorkbookBytes("wcp-template-", [&](lxw_workbook* wb) {
  lxw_worksheet* ws = workbook_add_worksheet(wb, zh ? "导入模板" : "Template");
  Formats f(wb);
  for (size_t c = 0; c < columns.size(); ++c) XlsxText(ws, 0, static_cast<int>(c), columns[c], f.header);
  worksheet_set_column(ws, 0, 0, 24, nullptr);
  worksheet_set_column(ws, 1, 1, 36, nullptr);
  worksheet_set_column(ws, 2, 7, 14, nullptr);
  int r = 1;
  for (const auto& [code, name] : rows) {
    XlsxText(ws, r, 0, code);
    XlsxText(ws, r, 1, name);
    XlsxText(ws, r++, 3, "year");
  }
  worksheet_freeze_panes(ws, 1, 2);
  return Status::Ok();
  });
}

}  // namespace wcp::indicators
