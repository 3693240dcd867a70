#include "http/schema.hpp"

namespace wcp::http::schema {
namespace {

Json Typed(const char* type, std::string_view description) {
  Json j = Json::object();
  j["type"] = type;
  if (!description.empty()) j["description"] = std::string(description);
  return j;
}

}  // namespace

Json String(std::string_view description) { return Typed("string", description); }
Json Integer(std::string_view description) { return Typed("integer", description); }
Json Number(std::string_view description) { return Typed("number", description); }
Json Boolean(std::string_view description) { return Typed("boolean", description); }

Json DecimalText(std::string_view description) {
  Json j = Typed("string", description);
  j["pattern"] = "^-?[0-9]+(\\.[0-9]+)?$";
  return j;
}

Json Enum(std::initializer_list<std::string_view> values, std::string_view description) {
  Json j = Typed("string", description);
  Json list = Json::array();
  for (auto v : values) list.push_back(std::string(v));
  j["enum"] = std::move(list);
  return j;
}

Json Nullable(Json schema) {
  if (schema.contains("type") && schema["type"].is_string()) {
    schema["type"] = Json::array({schema["type"], "null"});
    if (schema.contains("enum")) schema["enum"].push_back(nullptr);
    return schema;
  }
  Json j = Json::object();
  j["anyOf"] = Json::array({std::move(schema), Typed("null", {})});
  return j;
}

Json AnyOf(std::initializer_list<Json> schemas, std::string_view description) {
  Json j = Json::object();
  j["anyOf"] = Json::array();
  for (const auto& s : schemas) j["anyOf"].push_back(s);
  if (!description.empty()) j["description"] = std::string(description);
  return j;
}

Json ArrayOf(Json items, std::string_view description) {
  Json j = Typed("array", description);
  j["items"] = std::move(items);
  return j;
}

Json Ref(std::string_view name) {
  Json j = Json::object();
  j["$ref"] = "#/components/schemas/" + std::string(name);
  return j;
}

Json AnyObject(std::string_view description) { return Typed("object", description); }

Json Binary(std::string_view description) {
  Json j = Typed("string", description);
  j["format"] = "binary";
  return j;
}

Field Optional(std::string name, Json schema) { return {std::move(name), std::move(schema), false}; }

Json Object(const std::vector<Field>& fields, std::string_view description) {
  Json j = Typed("object", description);
  Json properties = Json::object(), required = Json::array();
  for (const auto& f : fields) {
    properties[f.name] = f.schema;
    if (f.required) required.push_back(f.name);
  }
  j["properties"] = std::move(properties);
  if (!required.empty()) j["required"] = std::move(required);
  return j;
}

Json Object(std::initializer_list<Field> fields, std::string_view description) {
  return Object(std::vector<Field>(fields), description);
}

}  // namespace wcp::http::schema
