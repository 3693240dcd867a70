#include "core/config.hpp"

#include <array>
#include <charconv>
#include <cstring>
#include <toml++/toml.h>

namespace wcp {
namespace {

enum class Kind { kString, kInt, kBool };

struct KeySpec {
  std::string_view key;  // dotted TOML path
  Kind kind;
  std::string_view default_value;
  bool secret;
  std::string_view help;
};

// The single list of configuration keys. The environment variable of a key
// is WCP_ + the key upper-cased with '.' -> '_' (http.max_body_bytes ->
// WCP_HTTP_MAX_BODY_BYTES).
constexpr KeySpec kKeys[] = {
    {"db", Kind::kString, "sqlite:var/wcp.db", false, "database URL (sqlite:PATH or postgresql://…)"},
    {"listen", Kind::kString, "127.0.0.1:8080", false, "HOST:PORT to serve on"},
    {"data_dir", Kind::kString, "data", false, "reference data and calendars"},
    {"web_dir", Kind::kString, "web/dist", false, "built web UI"},
    {"var_dir", Kind::kString, "var", false, "state: keys, generated passwords"},
    {"log.format", Kind::kString, "text", false, "text or json"},
    {"log.level", Kind::kString, "info", false, "trace, debug, info, warn, error"},
    {"secret", Kind::kString, "", true, "key for hashing personal data (generated when empty)"},
    {"http.io_threads", Kind::kInt, "0", false, "network I/O threads (0: half the cores, at least 1)"},
    {"http.worker_threads", Kind::kInt, "4", false, "threads for database and CPU work"},
    {"http.max_body_bytes", Kind::kInt, "1048576", false, "default request body limit"},
    {"http.bulk_max_body_bytes", Kind::kInt, "67108864", false, "limit for bulk-ingest routes"},
    {"http.read_deadline_ms", Kind::kInt, "10000", false, "whole-request read deadline"},
    {"http.max_connections", Kind::kInt, "10000", false, "cap on open connections"},
    {"http.max_connections_per_address", Kind::kInt, "1000", false, "cap on open connections from one address"},
    {"http.max_body_bytes_in_flight", Kind::kInt, "268435456", false,
     "request body bytes being read or handled at once (503 beyond)"},
    {"auth.max_sessions_per_user", Kind::kInt, "10", false, "sessions one user may hold (the oldest ends)"},
    {"auth.argon2_concurrency", Kind::kInt, "2", false, "password hashes computed at once"},
    {"import.max_rows", Kind::kInt, "100000", false, "data rows one CSV/XLSX upload may hold"},
    {"prices.webhook_urls", Kind::kString, "", false,
     "where price alerts are posted when opened or raised (http:// or https:// URLs, comma separated)"},
    {"prices.webhook_secret", Kind::kString, "", true, "the HMAC-SHA256 key of the X-WCP-Signature header"},
    {"map.tile_url", Kind::kString, "", false,
     "a tile service for maps ({z}/{x}/{y} template, e.g. 天地图 with its key); empty: points on a plain "
     "background, no borders"},
    {"map.attribution", Kind::kString, "", false, "the tile service's attribution shown on maps"},
    {"map.review_number", Kind::kString, "", false, "the map's 审图号, shown on maps drawn on the tiles"},
    {"report.issuer_zh", Kind::kString, "青岛西海岸新区商务局", false, "the issuing body printed on reports (Chinese)"},
    {"report.issuer_en", Kind::kString, "Commerce Bureau of Qingdao West Coast New Area", false,
     "the issuing body printed on reports (English)"},
    {"tls.cert_file", Kind::kString, "", false, "PEM certificate; enables TLS"},
    {"tls.key_file", Kind::kString, "", true, "PEM private key"},
    {"ledger.origin", Kind::kString, "wcp.westcoast.local/ledger", false, "the log's origin line and key name"},
    {"ledger.key_file", Kind::kString, "", false, "Ed25519 signing key (default <var_dir>/ledger.key)"},
};

const KeySpec* FindKey(std::string_view key) {
  for (const auto& spec : kKeys) {
    if (spec.key == key) return &spec;
  }
  return nullptr;
}

std::string EnvName(std::string_view key) {
  std::string out = "WCP_";
  for (char c : key) out += c == '.' ? '_' : static_cast<char>(std::toupper(c));
  return out;
}

Status CheckType(const KeySpec& spec, std::string_view value, std::string_view origin) {
  const auto bad = [&](std::string_view what) {
    return Status::Invalid(std::string(origin) + ": '" + std::string(spec.key) + "' must be " +
                               std::string(what) + ", got '" + std::string(value) + "'",
                           std::string(spec.key));
  };
  if (spec.kind == Kind::kInt) {
    int64_t v;
    auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
    if (ec != std::errc() || p != value.data() + value.size()) return bad("an integer");
  } else if (spec.kind == Kind::kBool) {
    if (value != "true" && value != "false") return bad("true or false");
  }
  return Status::Ok();
}

}  // namespace

Config::Config() {
  for (const auto& spec : kKeys) {
    values_[std::string(spec.key)] = {std::string(spec.default_value), "default"};
  }
}

Status Config::Set(std::string_view key, std::string_view value, std::string_view origin) {
  const KeySpec* spec = FindKey(key);
  if (!spec) {
    return Status::Invalid(std::string(origin) + ": unknown configuration key '" + std::string(key) +
                               "'",
                           std::string(key));
  }
  WCP_RETURN_IF_ERROR(CheckType(*spec, value, origin));
  values_[std::string(key)] = {std::string(value), std::string(origin)};
  return Status::Ok();
}

Status Config::LoadFile(const std::filesystem::path& path) {
  toml::table table;
  try {
    table = toml::parse_file(path.string());
  } catch (const toml::parse_error& e) {
    return Status::Invalid(path.string() + ":" + std::to_string(e.source().begin.line) + ": " +
                           std::string(e.description()));
  }
  Status status;
  const std::string origin = path.string();
  const auto visit = [&](auto&& self, const toml::table& t, const std::string& prefix) -> void {
    for (const auto& [k, node] : t) {
      if (!status.ok()) return;
      const std::string key = prefix.empty() ? std::string(k.str()) : prefix + "." + std::string(k.str());
      const std::string where = origin + ":" + std::to_string(node.source().begin.line);
      if (const auto* sub = node.as_table()) {
        self(self, *sub, key);
      } else if (const auto* s = node.as_string()) {
        status = Set(key, s->get(), where);
      } else if (const auto* i = node.as_integer()) {
        status = Set(key, std::to_string(i->get()), where);
      } else if (const auto* b = node.as_boolean()) {
        status = Set(key, b->get() ? "true" : "false", where);
      } else {
        status = Status::Invalid(where + ": '" + key + "' has an unsupported type", key);
      }
    }
  };
  visit(visit, table, "");
  return status;
}

Status Config::LoadEnvironment(char** envp) {
  for (char** e = envp; e && *e; ++e) {
    std::string_view entry(*e);
    if (entry.substr(0, 4) != "WCP_") continue;
    const auto eq = entry.find('=');
    if (eq == std::string_view::npos) continue;
    const std::string_view name = entry.substr(0, eq);
    for (const auto& spec : kKeys) {
      if (EnvName(spec.key) == name) {
        WCP_RETURN_IF_ERROR(Set(spec.key, entry.substr(eq + 1), std::string(name)));
      }
    }
    // Unknown WCP_* variables are ignored: scripts and tests use the prefix too.
  }
  return Status::Ok();
}

const std::string& Config::GetString(std::string_view key) const {
  return values_.find(key)->second.text;
}

int64_t Config::GetInt(std::string_view key) const {
  const std::string& s = GetString(key);
  int64_t v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

bool Config::GetBool(std::string_view key) const { return GetString(key) == "true"; }

std::string Config::Print() const {
  std::string out;
  for (const auto& spec : kKeys) {
    const Value& v = values_.find(spec.key)->second;
    std::string shown = spec.secret && !v.text.empty() ? "********" : v.text;
    if (spec.kind == Kind::kString) shown = "\"" + shown + "\"";
    out += std::string(spec.key) + " = " + shown + "  # " + v.origin + "; " + std::string(spec.help) +
           "\n";
  }
  return out;
}

}  // namespace wcp
