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
  // A GB18030 sequence cut short at the end is not guessed at either.
  EXPECT_FALSE(DecodeUpload("a,\xC9", "cut.csv").ok());
}

}  // namespace
}  // namespace wcp
