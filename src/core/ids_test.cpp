#include "core/ids.hpp"

#include <gtest/gtest.h>

#include <set>

namespace wcp {
namespace {

TEST(UuidTest, V7FormatAndOrder) {
  std::string prev;
  std::set<std::string> seen;
  for (int i = 0; i < 5000; ++i) {
    const std::string id = NewUuidV7();
    ASSERT_TRUE(IsUuid(id)) << id;
    EXPECT_EQ(id[14], '7');                              // version
    EXPECT_NE(std::string("89ab").find(id[19]), std::string::npos);  // RFC 9562 variant
    EXPECT_LT(prev, id);
    prev = id;
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 5000u);
  EXPECT_FALSE(IsUuid("0190c1a4-2f00-7000-8000-00000000000G"));
}

TEST(CreditCodeTest, PublishedCodesValidate) {
  // Codes printed on business licences of large listed companies.
  EXPECT_TRUE(ValidateCreditCode("91330100716105852F").ok());
  EXPECT_TRUE(ValidateCreditCode("914403001922038216").ok());
  EXPECT_TRUE(ValidateCreditCode("9144030071526726XG").ok());
}

TEST(CreditCodeTest, HandComputedCheckCharacter) {
  // Digits 9,1,3,3,0,1,0,0,7,1,6,1,0,5,8,5,2 times weights 1,3,9,27,19,26,16,17,20,29,25,
  // 13,8,24,10,30,28 sum to 884; 884 mod 31 = 16; 31 - 16 = 15; alphabet[15] = 'F'.
  EXPECT_EQ(CreditCodeCheckChar("91330100716105852"), 'F');
}

TEST(CreditCodeTest, RejectsWithReason) {
  auto wrong_check = ValidateCreditCode("91330100716105852G");
  EXPECT_FALSE(wrong_check.ok());
  EXPECT_NE(wrong_check.message().find("check"), std::string::npos);
  EXPECT_EQ(wrong_check.field(), "credit_code");
  EXPECT_FALSE(ValidateCreditCode("9133010071610585").ok());            // short
  EXPECT_FALSE(ValidateCreditCode("91330100716105852I").ok());          // I not in alphabet
  EXPECT_FALSE(ValidateCreditCode("91AB0100716105852F").ok());          // division not digits
}

TEST(IdNumberTest, StandardExample) {
  // GB 11643-1999 appendix example: 11010519491231002X.
  EXPECT_EQ(IdNumberCheckChar("11010519491231002"), 'X');
  EXPECT_TRUE(ValidateIdNumber("11010519491231002X").ok());
  EXPECT_TRUE(ValidateIdNumber("11010519491231002x").ok());
  EXPECT_TRUE(ValidateIdNumber("440524188001010014").ok());
}

TEST(IdNumberTest, RejectsWithoutEchoingTheNumber) {
  auto r = ValidateIdNumber("110105194912310021");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.message().find("110105"), std::string::npos);
  EXPECT_FALSE(ValidateIdNumber("110105194902300025").ok());  // 30 February
  EXPECT_FALSE(ValidateIdNumber("11010519491231002").ok());
}

TEST(MaskTest, MasksPersonalData) {
  EXPECT_EQ(MaskIdNumber("11010519491231002X"), "1101**********002X");
  EXPECT_EQ(MaskPhone("13812345678"), "138****5678");
  EXPECT_EQ(MaskPhone("123"), "***");
}

TEST(HashTest, KnownVectors) {
  // FIPS 180-2 "abc".
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
  EXPECT_EQ(KeyedHash("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_EQ(RandomBytes(16).size(), 16u);
}

}  // namespace
}  // namespace wcp
