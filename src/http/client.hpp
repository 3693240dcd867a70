// http/client.hpp — a small outgoing HTTP client for webhooks: one POST of a
// JSON body to an http:// or https:// URL (TLS verified against the system's
// certificates), with a deadline. Blocking; call it from a worker thread.
// Thread-safe (each call has its own connection).
#pragma once

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "core/status.hpp"

namespace wcp::http {

// kUnavailable for a connection, TLS or timeout failure or a non-2xx
// answer (the status named); kInvalid for a URL it cannot use.
Status PostJson(const std::string& url, const std::string& body,
                const std::vector<std::pair<std::string, std::string>>& headers,
                std::chrono::milliseconds deadline = std::chrono::seconds(10));

}  // namespace wcp::http
