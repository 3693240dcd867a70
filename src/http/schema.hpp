// http/schema.hpp — JSON Schema (2020-12, as OpenAPI 3.1 uses it) built in
// C++ for the OpenAPI document: a route states the shape of its body and
// answer next to its handler (http::RouteDoc), and the e2e check validates
// real answers against them (tests/e2e/openapi_check.mjs).
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.hpp"

namespace wcp::http::schema {

Json String(std::string_view description = {});
Json Integer(std::string_view description = {});
Json Number(std::string_view description = {});  // any JSON number (statistics, rates as fractions)
Json Boolean(std::string_view description = {});
// A decimal as the text it was published in ("1126.4"): exact, never a float.
Json DecimalText(std::string_view description = {});
Json Enum(std::initializer_list<std::string_view> values, std::string_view description = {});
// `schema` or null.
Json Nullable(Json schema);
// Any one of these (e.g. a decimal as text or as a JSON number).
Json AnyOf(std::initializer_list<Json> schemas, std::string_view description = {});
Json ArrayOf(Json items, std::string_view description = {});
// A reference to components/schemas/`name` (declared with Router::DeclareSchema).
Json Ref(std::string_view name);
// Any JSON object (free-form attributes, parameters of a message).
Json AnyObject(std::string_view description = {});
// Bytes of another media type (XLSX, CSV, text).
Json Binary(std::string_view description = {});

struct Field {
  std::string name;
  Json schema;
  bool required = true;
};
// An optional member.
Field Optional(std::string name, Json schema);
// An object with these members; further members are allowed (clients must
// ignore what they do not know, so adding a member is not a breaking change).
Json Object(std::initializer_list<Field> fields, std::string_view description = {});
Json Object(const std::vector<Field>& fields, std::string_view description = {});

}  // namespace wcp::http::schema
