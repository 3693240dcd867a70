// http/server.hpp — the asynchronous HTTP/1.1 server (Boost.Beast).
//
// Threads: `io_threads` run the io_context (accept, read, write; a strand per
// connection); handlers run on a separate pool of `worker_threads`, so a slow
// database call never stalls network I/O. Limits: header size (431), body
// size per route (413), a whole-request read deadline (slow-drip clients are
// cut off), an idle keep-alive timeout and a cap on open connections.
// Shutdown (SIGINT/SIGTERM or Stop()): stop accepting, let in-flight requests
// finish and be answered, close idle connections, then return from Run().
#pragma once

#include <atomic>
#include <chrono>
#include <filesystem>
#include <memory>
#include <string>

#include "core/status.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"

namespace wcp::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  unsigned short port = 8080;
  int io_threads = 2;
  int worker_threads = 4;
  size_t header_limit = 16 * 1024;
  size_t max_body = 1 << 20;
  std::chrono::milliseconds read_deadline{10000};
  std::chrono::milliseconds idle_timeout{60000};
  size_t max_connections = 10000;
  size_t max_connections_per_address = 1000;  // one client cannot take every slot
  size_t max_body_bytes_in_flight = 256u << 20;  // all request bodies being read or handled
  std::filesystem::path web_root;  // built UI (index.html, assets/); empty: no UI
  std::string tls_cert_file;        // PEM chain; TLS is on when set
  std::string tls_key_file;         // PEM private key
};

class Server {
 public:
  Server(ServerOptions options, Router router);
  ~Server();

  // Adds a route; only before Run().
  // Installs the authenticator and the audit sink; only before Run().
  void SetAuthenticator(Authenticator authenticator);
  void SetAuditSink(AuditSink sink);
  // The routes served (for the OpenAPI document and its completeness test).
  const Router& router() const;
  Router& router();  // for registering routes before Run()
  // Binds the listening socket. kConflict when the address is in use.
  Status Listen();
  unsigned short port() const;
  // Serves until Stop() or a termination signal; returns after a graceful drain.
  Status Run();
  void Stop();
  Metrics& metrics();

  struct Impl;  // defined in server.cpp; public only so its sessions can name it

 private:
  std::unique_ptr<Impl> impl_;
};

// Security headers added to every response.
void AddSecurityHeaders(Response& r);

}  // namespace wcp::http
