// core/log.hpp — process-wide logging through spdlog.
//
// Contract: callers never pass secrets or personal data (passwords, tokens,
// ID numbers, phone numbers) to the logger; mask them first (core/ids.hpp).
#pragma once

#include <spdlog/spdlog.h>

#include <string_view>

#include "core/status.hpp"

namespace wcp {

// format: "text" (human lines) or "json" (one JSON object per line, for log
// shippers). level: trace|debug|info|warn|error. Logs go to stderr, buffered:
// info lines within a second, warnings and errors at once.
Status InitLogging(std::string_view format, std::string_view level);
// Flushes and stops the asynchronous logger; call before the process exits.
void ShutdownLogging();

}  // namespace wcp
