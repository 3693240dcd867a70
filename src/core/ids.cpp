#include "core/ids.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <random>

#include "core/date.hpp"

namespace wcp {
namespace {

constexpr std::string_view kCreditAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
constexpr std::array<int, 17> kCreditWeights = {1,  3,  9,  27, 19, 26, 16, 17, 20,
                                                29, 25, 13, 8,  24, 10, 30, 28};
constexpr std::array<int, 17> kIdWeights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
constexpr std::string_view kIdCheck = "10X98765432";

}  // namespace

namespace {

std::string FormatUuid(const std::array<unsigned char, 16>& b) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += kHex[b[i] >> 4];
    out += kHex[b[i] & 0xF];
  }
  return out;
}

}  // namespace

std::string NewCorrelationId() {
  thread_local std::mt19937_64 rng = [] {
    uint64_t seed = 0;
    if (RAND_bytes(reinterpret_cast<unsigned char*>(&seed), sizeof seed) != 1) std::abort();
    return std::mt19937_64(seed);
  }();
  std::array<unsigned char, 16> b{};
  const uint64_t r1 = rng(), r2 = rng();
  const auto ms = static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                            std::chrono::system_clock::now().time_since_epoch())
                                            .count());
  for (int i = 0; i < 6; ++i) b[i] = static_cast<unsigned char>(ms >> (8 * (5 - i)));
  for (int i = 6; i < 16; ++i) b[i] = static_cast<unsigned char>((i < 14 ? r1 : r2) >> (8 * (i % 8)));
  b[6] = static_cast<unsigned char>(0x70 | (b[6] & 0x0F));
  b[8] = static_cast<unsigned char>(0x80 | (b[8] & 0x3F));
  return FormatUuid(b);
}

std::string NewUuidV7() {
  static std::mutex mu;
  static uint64_t last_ms = 0;
  static uint16_t counter = 0;
  std::array<unsigned char, 16> b{};
  if (RAND_bytes(b.data(), static_cast<int>(b.size())) != 1) std::abort();
  uint64_t ms = static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                          std::chrono::system_clock::now().time_since_epoch())
                                          .count());
  uint16_t seq;
  {
    // RFC 9562 §6.2 method 1: a 12-bit counter in rand_a keeps ids monotonic
    // within a millisecond; on overflow borrow the next millisecond.
    std::lock_guard<std::mutex> lock(mu);
    if (ms <= last_ms) {
      ms = last_ms;
      if (++counter > 0x0FFF) {
        ++ms;
        counter = 0;
      }
    } else {
      counter = static_cast<uint16_t>((b[6] << 4 | b[7] >> 4) & 0x07FF);  // random start, room to grow
    }
    last_ms = ms;
    seq = counter;
  }
  for (int i = 0; i < 6; ++i) b[i] = static_cast<unsigned char>(ms >> (8 * (5 - i)));
  b[6] = static_cast<unsigned char>(0x70 | (seq >> 8));
  b[7] = static_cast<unsigned char>(seq & 0xFF);
  b[8] = static_cast<unsigned char>(0x80 | (b[8] & 0x3F));
  return FormatUuid(b);
}

bool IsUuid(std::string_view t) {
  if (t.size() != 36) return false;
  for (size_t i = 0; i < t.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    const char c = t[i];
    if (dash != (c == '-')) return false;
    if (!dash && !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

char CreditCodeCheckChar(std::string_view first17) {
  if (first17.size() < 17) return '\0';
  int sum = 0;
  for (size_t i = 0; i < 17; ++i) {
    const auto pos = kCreditAlphabet.find(first17[i]);
    if (pos == std::string_view::npos) return '\0';
    sum += static_cast<int>(pos) * kCreditWeights[i];
  }
  const int check = (31 - sum % 31) % 31;
  return kCreditAlphabet[check];
}

Status ValidateCreditCode(std::string_view code, std::string field) {
  const auto invalid = [&](const std::string& why) {
    return Status::Invalid("统一社会信用代码 " + why, field).WithCode("invalid-credit-code");
  };
  if (code.size() != 18) return invalid("must have 18 characters, got " + std::to_string(code.size()));
  for (size_t i = 0; i < 18; ++i) {
    if (kCreditAlphabet.find(code[i]) == std::string_view::npos) {
      return invalid("has an invalid character at position " + std::to_string(i + 1) +
                     " (I, O, S, V, Z and lowercase are not used)");
    }
  }
  for (size_t i = 2; i < 8; ++i) {
    if (code[i] < '0' || code[i] > '9') return invalid("positions 3–8 must be the administrative division digits");
  }
  if (CreditCodeCheckChar(code.substr(0, 17)) != code[17]) return invalid("check character is wrong (GB 32100)");
  return Status::Ok();
}

char IdNumberCheckChar(std::string_view first17) {
  if (first17.size() < 17) return '\0';
  int sum = 0;
  for (size_t i = 0; i < 17; ++i) {
    if (first17[i] < '0' || first17[i] > '9') return '\0';
    sum += (first17[i] - '0') * kIdWeights[i];
  }
  return kIdCheck[sum % 11];
}

Status ValidateIdNumber(std::string_view id, std::string field) {
  if (id.size() != 18) return Status::Invalid("ID number must have 18 characters", std::move(field));
  for (size_t i = 0; i < 17; ++i) {
    if (id[i] < '0' || id[i] > '9') {
      return Status::Invalid("ID number must start with 17 digits", std::move(field));
    }
  }
  const std::string birth = std::string(id.substr(6, 4)) + "-" + std::string(id.substr(10, 2)) +
                            "-" + std::string(id.substr(12, 2));
  if (!ParseDate(birth).ok()) {
    return Status::Invalid("ID number has an impossible birth date", std::move(field));
  }
  const char last = id[17] == 'x' ? 'X' : id[17];
  if (IdNumberCheckChar(id.substr(0, 17)) != last) {
    return Status::Invalid("ID number check digit is wrong (GB 11643)", std::move(field));
  }
  return Status::Ok();
}

std::string MaskIdNumber(std::string_view id) {
  if (id.size() <= 8) return std::string(id.size(), '*');
  return std::string(id.substr(0, 4)) + std::string(id.size() - 8, '*') +
         std::string(id.substr(id.size() - 4));
}

std::string MaskPhone(std::string_view phone) {
  if (phone.size() <= 7) return std::string(phone.size(), '*');
  return std::string(phone.substr(0, 3)) + std::string(phone.size() - 7, '*') +
         std::string(phone.substr(phone.size() - 4));
}

std::string HexEncode(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out += kHex[c >> 4];
    out += kHex[c & 0xF];
  }
  return out;
}

std::string KeyedHash(std::string_view secret, std::string_view value) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(value.data()), value.size(), mac, &len);
  return HexEncode(std::string_view(reinterpret_cast<const char*>(mac), len));
}

std::string Sha256Hex(std::string_view data) {
  unsigned char md[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), md);
  return HexEncode(std::string_view(reinterpret_cast<const char*>(md), sizeof md));
}

std::string RandomBytes(size_t n) {
  std::string out(n, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n)) != 1) {
    std::abort();
  }
  return out;
}

}  // namespace wcp
