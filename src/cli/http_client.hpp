// cli/http_client.hpp — a minimal synchronous HTTP/1.1 GET for the CLI
// (`wcp ledger monitor`). Plain http:// only; no redirects.
#pragma once

#include <string>

#include "core/status.hpp"

namespace wcp::cli {

struct HttpResult {
  int status = 0;
  std::string body;
};

// kUnavailable when the server cannot be reached; kInvalid for a bad URL.
Result<HttpResult> HttpGet(const std::string& url);

}  // namespace wcp::cli
