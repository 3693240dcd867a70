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

}  // namespace
}  // namespace wcp
