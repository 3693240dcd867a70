#include "core/encoding.hpp"

#include <gtest/gtest.h>

namespace wcp {
namespace {

// GB18030 bytes of a CSV as Excel's "CSV" on Chinese Windows writes it; the
// bytes come from Python's gb18030 codec (社 = C9 E7 in GB2312/GBK).
constexpr std::string_view kGbCsv =
    "indicator,period,period_type,level\n"
    "\xC9\xE7\xBB\xE1\xCF\xFB\xB7\xD1\xC6\xB7\xC1\xE3\xCA\xDB\xB6\xEE,2024,year,1350.6\n";

TEST(EncodingTest, Gb18030IsConvertedToUtf8) {
  auto decoded = DecodeUpload(kGbCsv, "gbk.csv");
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(decoded->encoding, "GB18030");
  EXPECT_EQ(decoded->text, "indicator,period,period_type,level\n社会消费品零售额,2024,year,1350.6\n");
}

TEST(EncodingTest, Utf8PassesAndLosesItsBom) {
  auto decoded = DecodeUpload("\xEF\xBB\xBF" "名称,2024\n", "utf8.csv");
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded->encoding, "UTF-8");
  EXPECT_EQ(decoded->text, "名称,2024\n");
}

TEST(EncodingTest, NeitherIsRefusedNamingTheFile) {
  auto decoded = DecodeUpload("a,b\n\xFF\xFF\xFF\n", "junk.csv");  // 0xFF starts no GB18030 sequence
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.status().message_code(), "not-text");
  EXPECT_NE(decoded.status().message().find("junk.csv"), std::string::npos);
  // Big5 (國家統計局報告, bytes from Python's big5 codec) decodes as GB18030 into a private-use
  // character at its end: refused rather than stored as wrong characters.
  EXPECT_FALSE(DecodeUpload("a,\xB0\xEA\xAE\x61\xB2\xCE\xAD\x70\xA7\xBD\xB3\xF8\xA7\x69\n", "big5.csv").ok());
  // A GB18030 sequence cut short at the end is not guessed at either.
  EXPECT_FALSE(DecodeUpload("a,\xC9", "cut.csv").ok());
}

TEST(EncodingTest, PlainTextIsTrimmedAndControlsAreRefused) {
  EXPECT_EQ(*PlainText("  单位应为万元\n", "reason", 100), "单位应为万元");
  EXPECT_EQ(*PlainText("   ", "reason", 100), "");  // the caller decides whether empty is allowed
  EXPECT_EQ(PlainText("a\x1b[31mb", "reason", 100).status().message_code(), "not-plain-text");
  EXPECT_EQ(PlainText("a\r\nb", "reason", 100).status().field(), "reason");
  EXPECT_FALSE(PlainText("abc\xE2\x80\xAE" "zyx", "reason", 100).ok());  // U+202E RIGHT-TO-LEFT OVERRIDE
  EXPECT_FALSE(PlainText("x\xE2\x81\xA6y", "reason", 100).ok());       // U+2066 LEFT-TO-RIGHT ISOLATE
  EXPECT_FALSE(PlainText("x\xC2\x85y", "reason", 100).ok());            // U+0085 NEXT LINE
  EXPECT_FALSE(PlainText("x\xE2\x80\x8By", "reason", 100).ok());        // U+200B ZERO WIDTH SPACE
  EXPECT_FALSE(PlainText("x\xE2\x80\x8Fy", "reason", 100).ok());        // U+200F RIGHT-TO-LEFT MARK
  EXPECT_FALSE(PlainText("x\xEF\xBB\xBFy", "reason", 100).ok());        // U+FEFF
  EXPECT_FALSE(PlainText("x\xD8\x9Cy", "reason", 100).ok());            // U+061C ARABIC LETTER MARK
  EXPECT_TRUE(PlainText("“引号”—破折号", "reason", 100).ok());           // E2 80 9C/9D/94 are ordinary punctuation
  EXPECT_FALSE(PlainText(std::string(101, 'a'), "reason", 100).ok());
}

TEST(EncodingTest, ExcerptsCutBetweenCharacters) {
  EXPECT_EQ(Excerpt("short"), "short");
  EXPECT_EQ(Excerpt("中文字", 4), "中…");  // 中 is 3 bytes; the 4th byte starts 文
  EXPECT_EQ(Excerpt("abcdef", 3), "abc…");
}

}  // namespace
}  // namespace wcp
