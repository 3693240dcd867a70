#include "store/tx.hpp"

#include <charconv>

#include <fmt/format.h>

namespace wcp::store {

std::string Row::Text(size_t i) const {
  const Value& v = cells_.at(i);
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* n = std::get_if<int64_t>(&v)) return std::to_string(*n);
  if (const auto* d = std::get_if<double>(&v)) return fmt::format("{}", *d);
  if (const auto* b = std::get_if<Bytes>(&v)) return b->bytes;
  return {};
}

int64_t Row::Int(size_t i) const {
  const Value& v = cells_.at(i);
  if (const auto* n = std::get_if<int64_t>(&v)) return *n;
  if (const auto* d = std::get_if<double>(&v)) return static_cast<int64_t>(*d);
  if (const auto* s = std::get_if<std::string>(&v)) {
    int64_t out = 0;
    std::from_chars(s->data(), s->data() + s->size(), out);
    return out;
  }
  return 0;
}

double Row::Real(size_t i) const {
  const Value& v = cells_.at(i);
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* n = std::get_if<int64_t>(&v)) return static_cast<double>(*n);
  if (const auto* s = std::get_if<std::string>(&v)) {
    double out = 0;
    std::from_chars(s->data(), s->data() + s->size(), out);
    return out;
  }
  return 0;
}

std::string Row::Blob(size_t i) const {
  const Value& v = cells_.at(i);
  if (const auto* b = std::get_if<Bytes>(&v)) return b->bytes;
  return Text(i);
}

std::optional<std::string> Row::OptionalText(size_t i) const {
  return IsNull(i) ? std::nullopt : std::optional<std::string>(Text(i));
}

std::optional<int64_t> Row::OptionalInt(size_t i) const {
  return IsNull(i) ? std::nullopt : std::optional<int64_t>(Int(i));
}

std::string NumberedSqliteParameters(std::string_view sql) {
  std::string out;
  out.reserve(sql.size());
  char quote = 0;  // inside '…' or "…"
  for (size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    if (quote) {
      if (c == quote) quote = 0;  // a doubled quote closes and reopens: same effect
      out += c;
      continue;
    }
    if (c == '\'' || c == '"') {
      quote = c;
      out += c;
      continue;
    }
    if (c == '$' && i + 1 < sql.size() && sql[i + 1] >= '1' && sql[i + 1] <= '9') {
      out += '?';
      continue;
    }
    out += c;
  }
  return out;
}

}  // namespace wcp::store
