// core/json.hpp — strict JSON input.
//
// nlohmann/json accepts duplicate keys (last wins) and parses arbitrarily
// deep documents whose copy or dump() then recurse and crash. Every document
// that enters wcp from outside goes through ParseStrictJson instead:
// duplicates and excessive nesting are rejected with the byte position.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "core/status.hpp"

namespace wcp {

using Json = nlohmann::json;

inline constexpr int kDefaultMaxJsonDepth = 64;

// kInvalid with a message naming the byte offset (field "body") for malformed
// JSON, invalid UTF-8, duplicate object keys, or nesting deeper than max_depth.
Result<Json> ParseStrictJson(std::string_view text, int max_depth = kDefaultMaxJsonDepth);

// Serialises without throwing on invalid UTF-8 held in strings (replaced by U+FFFD).
std::string DumpJson(const Json& j, int indent = -1);

}  // namespace wcp
