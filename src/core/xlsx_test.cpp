// Reads back workbooks written with libxlsxwriter: the expected cells are
// exactly what the test wrote.
#include "core/xlsx.hpp"

#include <gtest/gtest.h>
#include <xlsxwriter.h>

#include <filesystem>
#include <functional>
#include <fstream>
#include <sstream>

#include "core/ids.hpp"

namespace wcp {
namespace {

std::string Written(const std::function<void(lxw_workbook*)>& fill) {
  const auto path = std::filesystem::temp_directory_path() / ("wcp-xlsx-" + NewUuidV7() + ".xlsx");
  lxw_workbook* wb = workbook_new(path.c_str());
  fill(wb);
  workbook_close(wb);
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  std::filesystem::remove(path);
  return ss.str();
}

TEST(XlsxTest, FirstSheetStringsNumbersAndGaps) {
  const std::string bytes = Written([](lxw_workbook* wb) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, "数据");
    worksheet_write_string(ws, 0, 0, "indicator", nullptr);
    worksheet_write_string(ws, 0, 1, "period", nullptr);
    worksheet_write_string(ws, 0, 2, "level", nullptr);
    worksheet_write_string(ws, 0, 3, "source", nullptr);
    worksheet_write_string(ws, 1, 0, "retail_sales", nullptr);
    worksheet_write_string(ws, 1, 1, "2024", nullptr);
    worksheet_write_number(ws, 1, 2, 1400.5, nullptr);
    worksheet_write_string(ws, 1, 3, "区统计局 <年报> & \"复核\"", nullptr);
    // Row 3 left empty on purpose; row 4 has a gap in column B.
    worksheet_write_string(ws, 3, 0, "catering_above_size", nullptr);
    worksheet_write_number(ws, 3, 2, 19, nullptr);
    lxw_worksheet* other = workbook_add_worksheet(wb, "说明");
    worksheet_write_string(other, 0, 0, "ignored", nullptr);
  });
  ASSERT_TRUE(LooksLikeXlsx(bytes));
  auto t = ReadXlsxFirstSheet(bytes, "upload.xlsx");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->header(), (std::vector<std::string>{"indicator", "period", "level", "source"}));
  ASSERT_EQ(t->rows().size(), 2u);
  const auto& r1 = t->rows()[0];
  EXPECT_EQ(r1.line, 2);
  EXPECT_EQ(t->Get(r1, "level"), "1400.5");
  EXPECT_EQ(t->Get(r1, "source"), "区统计局 <年报> & \"复核\"");
  const auto& r2 = t->rows()[1];
  EXPECT_EQ(r2.line, 4);  // the sheet's row number, for error messages
  EXPECT_EQ(t->Get(r2, "period"), "");
  EXPECT_EQ(t->Get(r2, "level"), "19");
}

TEST(XlsxTest, RejectsWhatIsNotAWorkbook) {
  EXPECT_FALSE(LooksLikeXlsx("indicator,period\n"));
  auto r = ReadXlsxFirstSheet("PK\x03\x04garbage", "bad.xlsx");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("bad.xlsx"), std::string::npos);
  EXPECT_EQ(r.status().field(), "file");
}

}  // namespace
}  // namespace wcp
