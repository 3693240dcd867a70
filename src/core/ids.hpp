// core/ids.hpp — record identifiers and Chinese official identity codes.
//
// Records are keyed by UUIDv7 (RFC 9562): time-ordered, so B-tree inserts stay
// at the right edge, and unguessable enough for URLs.
//
// 统一社会信用代码 (unified social credit code, GB 32100-2015) identifies an
// enterprise; it is public and stored as is. 居民身份证号码 (citizen ID number,
// GB 11643-1999) is personal data: it is validated, then only ever stored as
// a keyed hash (for matching) or in masked form (for display), never logged.
#pragma once

#include <string>
#include <string_view>

#include "core/status.hpp"

namespace wcp {

// A new UUIDv7 in canonical lowercase 8-4-4-4-12 form. Monotonic within the
// process: ids generated in the same millisecond still sort in order.
// Thread-safe.
std::string NewUuidV7();
bool IsUuid(std::string_view text);
// A UUIDv7-shaped id for correlation (request ids): unique and time-ordered,
// but its random bits come from a per-thread PRNG seeded from the OS, so it
// is cheap and must not be used where unguessability matters.
std::string NewCorrelationId();

// The GB 32100 check character for the first 17 characters, or '\0' if they
// contain a character outside the code's alphabet.
char CreditCodeCheckChar(std::string_view first17);
// kInvalid (field `field`) with the reason when `code` is not a valid 18-character code.
Status ValidateCreditCode(std::string_view code, std::string field = "credit_code");

// The GB 11643 check character ('0'–'9' or 'X') for the first 17 digits.
char IdNumberCheckChar(std::string_view first17);
// kInvalid when not 18 characters, a bad birth date or a wrong check character.
// The message never echoes the number.
Status ValidateIdNumber(std::string_view id, std::string field = "id_number");
// "1101**********002X": first 4 and last 4 characters kept.
std::string MaskIdNumber(std::string_view id);
// "138****5678": first 3 and last 4 digits kept.
std::string MaskPhone(std::string_view phone);

// HMAC-SHA256(secret, value) as lowercase hex: a stable pseudonym for personal
// data that cannot be reversed or brute-forced without the secret.
std::string KeyedHash(std::string_view secret, std::string_view value);

// SHA-256 as lowercase hex, and hex encoding of bytes.
std::string Sha256Hex(std::string_view data);
std::string HexEncode(std::string_view bytes);
// Cryptographically random bytes (OpenSSL RAND_bytes).
std::string RandomBytes(size_t n);

}  // namespace wcp
