// core/config.hpp — layered configuration.
//
// Precedence, lowest to highest: built-in defaults, a TOML file, WCP_*
// environment variables, command-line flags. Every key is declared once in
// config.cpp with its type, default, environment variable and whether it is
// a secret (masked by Print). Unknown keys in a file are an error, so a typo
// never silently falls back to a default.
//
// Thread-safety: build on one thread, then read-only.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.hpp"

namespace wcp {

class Config {
 public:
  Config();  // defaults only

  // Merges a TOML file. kInvalid names the file, line and key.
  Status LoadFile(const std::filesystem::path& path);
  // Merges WCP_* variables from `environ`-style "NAME=value" entries.
  Status LoadEnvironment(char** envp);
  // Sets one key from a flag (dotted key, e.g. "http.max_body_bytes").
  Status Set(std::string_view key, std::string_view value, std::string_view origin = "flag");

  const std::string& GetString(std::string_view key) const;
  int64_t GetInt(std::string_view key) const;
  bool GetBool(std::string_view key) const;

  // Effective configuration as TOML-like text, secrets shown as "********",
  // each line annotated with where the value came from.
  std::string Print() const;

  // Convenience accessors for the keys every component uses.
  const std::string& db_url() const { return GetString("db"); }
  const std::string& listen() const { return GetString("listen"); }
  const std::string& data_dir() const { return GetString("data_dir"); }

 private:
  struct Value {
    std::string text;
    std::string origin;
  };
  std::map<std::string, Value, std::less<>> values_;
};

}  // namespace wcp
