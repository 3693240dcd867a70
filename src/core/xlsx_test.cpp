// Reads back workbooks written with libxlsxwriter: the expected cells are
// exactly what the test wrote.
#include "core/xlsx.hpp"

#include <gtest/gtest.h>
#include <xlsxwriter.h>
#include <zip.h>

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

// A workbook whose parts are exactly the given XML (an attacker's upload).
std::string Zipped(const std::string& sheet_xml, const std::string& shared_xml = "") {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* out = zip_source_buffer_create(nullptr, 0, 0, &error);
  zip_source_keep(out);
  zip_t* z = zip_open_from_source(out, ZIP_TRUNCATE, &error);
  const auto add = [&](const char* name, const std::string& text) {
    zip_source_t* s = zip_source_buffer(z, text.data(), text.size(), 0);
    zip_file_add(z, name, s, ZIP_FL_OVERWRITE);
  };
  add("xl/worksheets/sheet1.xml", sheet_xml);
  if (!shared_xml.empty()) add("xl/sharedStrings.xml", shared_xml);
  zip_close(z);
  zip_source_open(out);
  zip_source_seek(out, 0, SEEK_END);
  const zip_int64_t size = zip_source_tell(out);
  zip_source_seek(out, 0, SEEK_SET);
  std::string bytes(static_cast<size_t>(size), '\0');
  zip_source_read(out, bytes.data(), size);
  zip_source_close(out);
  zip_source_free(out);
  return bytes;
}

std::string Sheet(const std::string& cells) {
  return "<?xml version=\"1.0\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
         "<sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>h</t></is></c></row>" + cells +
         "</sheetData></worksheet>";
}

TEST(XlsxTest, CellReferencesFollowTheFormat) {
  // Hand-computed: XFD = 24·26² + 6·26 + 4 = 16,384 (the last column).
  EXPECT_EQ(ParseCellRef("A1")->column, 0);
  EXPECT_EQ(ParseCellRef("Z1")->column, 25);
  EXPECT_EQ(ParseCellRef("AA7")->column, 26);
  EXPECT_EQ(ParseCellRef("AA7")->row, 7);
  EXPECT_EQ(ParseCellRef("XFD1048576")->column, 16383);
  EXPECT_EQ(ParseCellRef("XFD1048576")->row, 1048576);
  for (const char* bad : {"", "1", "a1", "A", "A0", "A01", "XFE1", "ZZZZ1", "AAAAAAAAAAAAAAAAAAAAAAAAAAAA1",
                          "A1048577", "A99999999999999999999", "A-1", "A1 ", "Ａ1"}) {
    EXPECT_FALSE(ParseCellRef(bad).ok()) << bad;
  }
}

TEST(XlsxTest, HostileReferencesAreRejectedNamingTheCell) {
  for (const char* ref : {"1", "a1", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA1", "ZZZZ1", "A1048577"}) {
    const std::string bytes = Zipped(Sheet(std::string("<row r=\"2\"><c r=\"") + ref + "\"><v>1</v></c></row>"));
    auto r = ReadXlsxFirstSheet(bytes, "evil.xlsx");
    ASSERT_FALSE(r.ok()) << ref;
    EXPECT_EQ(r.status().code(), ErrorCode::kInvalid) << ref;
    EXPECT_NE(r.status().message().find(ref), std::string::npos) << r.status().message();
  }
}

TEST(XlsxTest, SheetDimensionsAreCapped) {
  // A valid but far column (XFD) is beyond what an import reads.
  auto wide = ReadXlsxFirstSheet(Zipped(Sheet("<row r=\"2\"><c r=\"XFD2\"><v>1</v></c></row>")), "w.xlsx");
  ASSERT_FALSE(wide.ok());
  EXPECT_NE(wide.status().message().find("XFD2"), std::string::npos);
  std::string rows;
  for (int i = 2; i <= 12; ++i) rows += "<row r=\"" + std::to_string(i) + "\"><c r=\"A" + std::to_string(i) + "\"><v>1</v></c></row>";
  XlsxLimits limits;
  limits.max_rows = 10;
  auto tall = ReadXlsxFirstSheet(Zipped(Sheet(rows)), "t.xlsx", limits);
  ASSERT_FALSE(tall.ok());
  EXPECT_EQ(tall.status().code(), ErrorCode::kTooLarge);
  limits.max_rows = 11;
  EXPECT_TRUE(ReadXlsxFirstSheet(Zipped(Sheet(rows)), "t.xlsx", limits).ok());
}

// A value right of the header's last column would be lost: it is refused
// naming the cell (CSV refuses the same ragged row).
TEST(XlsxTest, ACellRightOfTheHeaderIsRefusedNotDropped) {
  auto r = ReadXlsxFirstSheet(Zipped(Sheet("<row r=\"2\"><c r=\"A2\"><v>1</v></c><c r=\"C2\"><v>9</v></c></row>")),
                              "wide.xlsx");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("cell C2 lies right of the header's last column A"), std::string::npos)
      << r.status().message();
  auto cells = ReadXlsxFirstSheetCells(Zipped(Sheet("<row r=\"2\"><c r=\"C2\"><v>9</v></c></row>")), "wide.xlsx");
  ASSERT_TRUE(cells.ok());
  EXPECT_EQ((*cells)[2][2], "9");  // the raw cells keep it: row 2, column C
}

TEST(XlsxTest, SharedStringIndexMustExist) {
  const std::string shared = "<sst><si><t>only</t></si></sst>";
  for (const char* index : {"1", "-1", "x", "99999999999999999999"}) {
    auto r = ReadXlsxFirstSheet(
        Zipped(Sheet(std::string("<row r=\"2\"><c r=\"A2\" t=\"s\"><v>") + index + "</v></c></row>"), shared),
        "s.xlsx");
    ASSERT_FALSE(r.ok()) << index;
    EXPECT_NE(r.status().message().find("A2"), std::string::npos);
  }
  auto ok = ReadXlsxFirstSheet(Zipped(Sheet("<row r=\"2\"><c r=\"A2\" t=\"s\"><v>0</v></c></row>"), shared), "s.xlsx");
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->rows()[0].cells[0], "only");
}

TEST(XlsxTest, MalformedXmlAndEntitiesAreRefused) {
  EXPECT_FALSE(ReadXlsxFirstSheet(Zipped("<worksheet><sheetData><row><c r=\"A1\">"), "m.xlsx").ok());
  EXPECT_FALSE(ReadXlsxFirstSheet(Zipped("\xff\xfe<worksheet/>"), "m.xlsx").ok());
  // An entity bomb and an external entity: never expanded or fetched.
  const std::string bomb =
      "<?xml version=\"1.0\"?><!DOCTYPE w [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
      "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
      "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&c;&x;</t></is></c></row></sheetData></worksheet>";
  auto r = ReadXlsxFirstSheet(Zipped(bomb), "e.xlsx");
  if (r.ok()) {
    ASSERT_FALSE(r->header().empty());
    EXPECT_EQ(r->header()[0].find("root:"), std::string::npos);
    EXPECT_LT(r->header()[0].size(), 1000u);
  }
}

TEST(XlsxTest, CellsWithoutReferencesFollowThePreviousOne) {
  auto r = ReadXlsxFirstSheet(
      Zipped("<worksheet><sheetData><row><c t=\"inlineStr\"><is><t>a</t></is></c><c t=\"inlineStr\"><is><t>b</t></is></c></row>"
             "<row><c><v>1</v></c><c><v>2</v></c></row></sheetData></worksheet>"),
      "n.xlsx");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->header(), (std::vector<std::string>{"a", "b"}));
  ASSERT_EQ(r->rows().size(), 1u);
  EXPECT_EQ(r->rows()[0].line, 2);
  EXPECT_EQ(r->rows()[0].cells, (std::vector<std::string>{"1", "2"}));
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
