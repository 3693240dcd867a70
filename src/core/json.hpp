// core/json.hpp — strict JSON input.
//
// nlohmann/json accepts duplicate keys (last wins) and parses arbitrarily
// deep documents whose copy or dump() then recurse and crash. Every document
// that enters wcp from outside goes through ParseStrictJson instead:
// duplicates and excessive nesting are rejected with the byte position.
#pragma once

#include <nlohmann/json.hpp>
#include <initializer_list>
#include <optional>
#include <string_view>

#include "core/status.hpp"

namespace wcp {

using Json = nlohmann::json;

inline constexpr int kDefaultMaxJsonDepth = 64;

// kInvalid with a message naming the byte offset (field "body") for malformed
// JSON, invalid UTF-8, duplicate object keys, or nesting deeper than max_depth.
Result<Json> ParseStrictJson(std::string_view text, int max_depth = kDefaultMaxJsonDepth);

// Field accessors for request bodies: kInvalid naming the field when it is
// missing (and required) or of the wrong type. An optional member that is
// absent or null yields nullopt (or the fallback); one of another type is an
// error, never silently the default.
Result<std::string> RequireString(const Json& obj, std::string_view field);
Result<std::optional<std::string>> OptionalString(const Json& obj, std::string_view field);
Result<std::string> StringOr(const Json& obj, std::string_view field, std::string fallback);
// kInvalid when `obj` is not an object or has a key outside `allowed`.
Status RejectUnknownFields(const Json& obj, std::initializer_list<std::string_view> allowed);

// Serialises without throwing on invalid UTF-8 held in strings (replaced by U+FFFD).
std::string DumpJson(const Json& j, int indent = -1);

}  // namespace wcp
