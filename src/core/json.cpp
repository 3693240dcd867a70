#include "core/json.hpp"

#include <cmath>
#include <limits>
#include <set>
#include <string>
#include <vector>

namespace wcp {
namespace {

struct StrictnessViolation {
  std::string message;
  std::string field = "body";
};

// wcp stores integers as signed 64-bit and decimals as text; a number that
// cannot be kept exactly as sent is refused rather than wrapped or rounded
// to infinity.
constexpr uint64_t kMaxInteger = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());

}  // namespace

Result<Json> ParseStrictJson(std::string_view text, int max_depth) {
  std::vector<std::set<std::string>> keys_per_object;
  std::string last_key = "body";  // names the field of a number that is refused
  const auto callback = [&](int depth, Json::parse_event_t event, Json& parsed) {
    switch (event) {
      case Json::parse_event_t::object_start:
      case Json::parse_event_t::array_start:
        if (depth >= max_depth) {
          throw StrictnessViolation{"nesting deeper than " + std::to_string(max_depth) + " levels"};
        }
        if (event == Json::parse_event_t::object_start) keys_per_object.emplace_back();
        break;
      case Json::parse_event_t::object_end: keys_per_object.pop_back(); break;
      case Json::parse_event_t::key:
        if (!keys_per_object.back().insert(parsed.get<std::string>()).second) {
          throw StrictnessViolation{"duplicate key '" + parsed.get<std::string>() + "'"};
        }
        last_key = parsed.get<std::string>();
        if (last_key.find('\0') != std::string::npos) throw StrictnessViolation{"a key holds a NUL character"};
        break;
      case Json::parse_event_t::value:
        if (parsed.is_number_unsigned() && parsed.get<uint64_t>() > kMaxInteger) {
          throw StrictnessViolation{"the number of '" + last_key + "' is outside the 64-bit integer range",
                                    last_key};
        }
        // Text never holds U+0000 (PostgreSQL cannot store it; no form needs it).
        if (parsed.is_string() && parsed.get_ref<const std::string&>().find('\0') != std::string::npos) {
          throw StrictnessViolation{"the text of '" + last_key + "' holds a NUL character", last_key};
        }
        if (parsed.is_number_float() && !std::isfinite(parsed.get<double>())) {
          throw StrictnessViolation{"the number of '" + last_key + "' is out of range", last_key};
        }
        break;
      default: break;
    }
    return true;
  };
  try {
    return Json::parse(text.begin(), text.end(), callback);
  } catch (const StrictnessViolation& v) {
    return Status::Invalid("JSON rejected: " + v.message, v.field);
  } catch (const Json::out_of_range&) {  // e.g. 1e400: nlohmann refuses the overflow itself
    return Status::Invalid("JSON rejected: the number of '" + last_key + "' is out of range", last_key);
  } catch (const Json::parse_error& e) {
    return Status::Invalid("malformed JSON at byte " + std::to_string(e.byte) + ": " +
                               std::string(e.what()).substr(std::string(e.what()).find(':') + 2),
                           "body");
  }
}

Result<std::string> RequireString(const Json& obj, std::string_view field) {
  const std::string key(field);
  if (!obj.is_object() || !obj.contains(key)) return Status::Invalid("'" + key + "' is required", key).WithCode("required");
  if (!obj[key].is_string()) return Status::Invalid("'" + key + "' must be a string", key).WithCode("not-a-string");
  return obj[key].get<std::string>();
}

Result<std::optional<std::string>> OptionalString(const Json& obj, std::string_view field) {
  const std::string key(field);
  if (!obj.is_object() || !obj.contains(key) || obj[key].is_null()) return std::optional<std::string>();
  if (!obj[key].is_string()) return Status::Invalid("'" + key + "' must be a string", key).WithCode("not-a-string");
  return std::optional<std::string>(obj[key].get<std::string>());
}

Result<std::string> StringOr(const Json& obj, std::string_view field, std::string fallback) {
  WCP_ASSIGN_OR_RETURN(std::optional<std::string> value, OptionalString(obj, field));
  return value ? std::move(*value) : std::move(fallback);
}

Status RejectUnknownFields(const Json& obj, std::initializer_list<std::string_view> allowed) {
  if (!obj.is_object()) return Status::Invalid("the body must be a JSON object", "body");
  for (const auto& [k, v] : obj.items()) {
    bool known = false;
    for (auto a : allowed) known = known || a == k;
    if (!known) return Status::Invalid("unknown field '" + k + "'", k).WithCode("unknown-field");
  }
  return Status::Ok();
}

std::string DumpJson(const Json& j, int indent) {
  return j.dump(indent, ' ', false, Json::error_handler_t::replace);
}

}  // namespace wcp
