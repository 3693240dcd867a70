#include "core/csv.hpp"

#include <gtest/gtest.h>

namespace wcp {
namespace {

TEST(CsvTest, ParsesQuotedCellsAndCrlf) {
  auto t = CsvTable::Parse("\xEF\xBB\xBF" "a,b\r\n1,\"x, \"\"y\"\"\"\r\n\"multi\nline\",2\r\n", "t.csv");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  ASSERT_EQ(t->rows().size(), 2u);
  EXPECT_EQ(t->Get(t->rows()[0], "b"), "x, \"y\"");
  EXPECT_EQ(t->Get(t->rows()[1], "a"), "multi\nline");
  EXPECT_EQ(t->rows()[1].line, 3);
  EXPECT_EQ(t->Get(t->rows()[0], "nope"), "");
}

TEST(CsvTest, ErrorsNameFileLineAndColumn) {
  auto ragged = CsvTable::Parse("a,b\n1,2\n3\n", "r.csv");
  ASSERT_FALSE(ragged.ok());
  EXPECT_NE(ragged.status().message().find("r.csv: line 3"), std::string::npos);

  auto t = CsvTable::Parse("code,name,colour\n1,x,red\n", "c.csv");
  ASSERT_TRUE(t.ok());
  auto missing = t->RequireColumns({"code", "name", "kind"}, {"colour"});
  EXPECT_EQ(missing.field(), "kind");
  auto extra = t->RequireColumns({"code", "name"});
  EXPECT_EQ(extra.field(), "colour");
  EXPECT_NE(extra.message().find("unexpected column 'colour'"), std::string::npos);

  EXPECT_FALSE(CsvTable::Parse("a\n\"open\n", "q.csv").ok());
  EXPECT_FALSE(CsvTable::Parse("", "e.csv").ok());
  EXPECT_FALSE(CsvTable::Parse("a,a\n1,2\n", "d.csv").ok());
}

TEST(CsvTest, Escape) {
  EXPECT_EQ(CsvEscape("plain"), "plain");
  EXPECT_EQ(CsvEscape("a,b"), "\"a,b\"");
  EXPECT_EQ(CsvEscape("say \"hi\""), "\"say \"\"hi\"\"\"");
}

TEST(CsvTest, ExportedCellsNeverRunAsFormulas) {
  // OWASP CSV injection: = + - @ tab CR at the start of a text cell.
  EXPECT_EQ(CsvEscape("=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"");
  EXPECT_EQ(CsvEscape("+1+cmd|' /C calc'!A0"), "'+1+cmd|' /C calc'!A0");
  EXPECT_EQ(CsvEscape("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(CsvEscape("-2+3"), "'-2+3");
  EXPECT_EQ(CsvEscape("\tx"), "'\tx");
  EXPECT_EQ(CsvEscape("\rx"), "\"'\rx\"");
  // Plain signed numbers stay numbers.
  EXPECT_EQ(CsvEscape("-1.5"), "-1.5");
  EXPECT_EQ(CsvEscape("+12"), "+12");
  EXPECT_EQ(CsvEscape("-"), "'-");
}

TEST(CsvTest, TextThatIsNotUtf8IsRefusedNamingTheLine) {
  // "零售" in GBK is C1 E3 CA DB: not UTF-8.
  auto gbk = CsvTable::Parse("indicator,level\nretail,1\n\xC1\xE3\xCA\xDB,2\n", "gbk.csv");
  ASSERT_FALSE(gbk.ok());
  EXPECT_NE(gbk.status().message().find("line 3"), std::string::npos) << gbk.status().message();
  EXPECT_NE(gbk.status().message().find("UTF-8"), std::string::npos);
  EXPECT_TRUE(IsValidUtf8("零售 ok"));
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // a surrogate
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xE9\x9B"));          // truncated
}

TEST(CsvTest, NulIsNotText) {
  auto r = CsvTable::Parse(std::string("a,b\n1,t\0evil\n", 13), "n.csv");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("line 2"), std::string::npos) << r.status().message();
}

TEST(CsvTest, TablesAreBounded) {
  TableLimits limits;
  limits.max_rows = 3;
  EXPECT_TRUE(CsvTable::Parse("a\n1\n2\n3\n", "r.csv", limits).ok());
  auto rows = CsvTable::Parse("a\n1\n2\n3\n4\n", "r.csv", limits);
  ASSERT_FALSE(rows.ok());
  EXPECT_EQ(rows.status().code(), ErrorCode::kTooLarge);
  limits = TableLimits{};
  limits.max_cell_bytes = 10;
  EXPECT_FALSE(CsvTable::Parse("a\n\"" + std::string(50, 'x') + "\"\n", "c.csv", limits).ok());
  limits = TableLimits{};
  limits.max_columns = 4;
  EXPECT_TRUE(CsvTable::Parse("a,b,c,d\n1,2,3,4\n", "w.csv", limits).ok());
  EXPECT_FALSE(CsvTable::Parse("a,b,c,d,e\n1,2,3,4,5\n", "w.csv", limits).ok());
}

}  // namespace
}  // namespace wcp
