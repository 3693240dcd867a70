#include "core/json.hpp"

#include <gtest/gtest.h>

namespace wcp {
namespace {

TEST(StrictJsonTest, AcceptsOrdinaryDocuments) {
  auto r = ParseStrictJson(R"({"a":[1,2,{"b":"水"}],"c":null})");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)["a"][2]["b"], "水");
}

TEST(StrictJsonTest, RejectsDuplicateKeysAtAnyLevel) {
  auto r = ParseStrictJson(R"({"a":1,"a":2})");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("duplicate key 'a'"), std::string::npos);
  EXPECT_FALSE(ParseStrictJson(R"({"x":{"k":1,"k":1}})").ok());
  // Same key in sibling objects is fine.
  EXPECT_TRUE(ParseStrictJson(R"([{"k":1},{"k":2}])").ok());
}

TEST(StrictJsonTest, RejectsDeepNestingWithoutCrashing) {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  auto r = ParseStrictJson(deep);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("nesting"), std::string::npos);
  EXPECT_TRUE(ParseStrictJson(std::string(10, '[') + std::string(10, ']')).ok());
}

TEST(StrictJsonTest, MalformedAndInvalidUtf8NameTheByte) {
  auto r = ParseStrictJson(R"({"a":1,})");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("byte 8"), std::string::npos);
  EXPECT_EQ(r.status().field(), "body");
  EXPECT_FALSE(ParseStrictJson("\"\xC0\xAF\"").ok());  // overlong UTF-8
  EXPECT_FALSE(ParseStrictJson("[1] x").ok());
}

}  // namespace
}  // namespace wcp

namespace wcp {
namespace {

TEST(StrictJsonTest, NumbersOutOfRangeAreRefusedNamingTheField) {
  // 2^64 − 1 would wrap to −1 as int64; 1e400 overflows a double.
  auto wrap = ParseStrictJson(R"({"period":"2024","level":18446744073709551615})");
  ASSERT_FALSE(wrap.ok());
  EXPECT_EQ(wrap.status().field(), "level");
  auto inf = ParseStrictJson(R"({"username":"a","password":1e400})");
  ASSERT_FALSE(inf.ok());
  EXPECT_EQ(inf.status().code(), ErrorCode::kInvalid);
  EXPECT_EQ(inf.status().field(), "password");
  EXPECT_FALSE(ParseStrictJson("[-1e999]").ok());
  // The largest int64 and an ordinary float stay exactly as sent.
  auto max = ParseStrictJson(R"({"n":9223372036854775807,"f":1400.5})");
  ASSERT_TRUE(max.ok());
  EXPECT_EQ((*max)["n"].get<int64_t>(), 9223372036854775807LL);
  EXPECT_EQ((*max)["f"].dump(), "1400.5");
  EXPECT_TRUE(ParseStrictJson(R"({"n":-9223372036854775808})").ok());
}

TEST(StrictJsonTest, TextWithNulIsRefused) {
  auto r = ParseStrictJson(R"({"name":"a\u0000b"})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().field(), "name");
  EXPECT_FALSE(ParseStrictJson(R"({"a\u0000":1})").ok());
  EXPECT_FALSE(ParseStrictJson(R"(["\u0000"])").ok());
  EXPECT_TRUE(ParseStrictJson(R"({"name":"\u4e2d"})").ok());
}

// The request-body accessors: a member of the wrong type is an error naming
// it, never silently the default.
TEST(BodyFieldsTest, WrongTypesAreErrorsNotDefaults) {
  const Json body = Json::parse(R"({"name": "li", "display_name": 5, "street": null, "extra": true})");
  EXPECT_EQ(*RequireString(body, "name"), "li");
  EXPECT_EQ(RequireString(body, "missing").status().message(), "'missing' is required");
  EXPECT_EQ(RequireString(body, "display_name").status().field(), "display_name");
  EXPECT_EQ(OptionalString(body, "display_name").status().field(), "display_name");
  EXPECT_EQ(StringOr(body, "display_name", "li").status().code(), ErrorCode::kInvalid);
  EXPECT_FALSE(OptionalString(body, "street")->has_value());  // null is absent
  EXPECT_EQ(*StringOr(body, "missing", "fallback"), "fallback");
  EXPECT_EQ(*OptionalString(body, "name"), std::optional<std::string>("li"));
  EXPECT_EQ(RejectUnknownFields(body, {"name", "display_name", "street"}).field(), "extra");
  EXPECT_TRUE(RejectUnknownFields(body, {"name", "display_name", "street", "extra"}).ok());
  EXPECT_EQ(RejectUnknownFields(Json::array(), {}).field(), "body");
}

}  // namespace
}  // namespace wcp
