// cli/common.hpp — what every `wcp` subcommand shares: error reporting and
// the layered configuration (defaults < --config file < WCP_* < flags).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/config.hpp"
#include "core/status.hpp"

namespace wcp::cli {

// Prints "wcp: <message> (field: f)" to stderr; returns `code` or the code for the status.
int Fail(const Status& s, int code = -1);

// Builds the configuration and initialises logging. `overrides` are
// (key, value) pairs from flags; empty values are skipped.
Result<Config> BuildConfig(const std::string& config_file,
                           const std::vector<std::pair<std::string, std::string>>& overrides);

}  // namespace wcp::cli
