#include "http/server.hpp"

#include <spdlog/spdlog.h>
#include <sys/resource.h>

#include <algorithm>
#include <fstream>
#include <limits>
#include <list>
#include <optional>
#include <type_traits>
#include <mutex>
#include <sstream>
#include <thread>

#include "core/ids.hpp"
#include "http/net.hpp"

namespace wcp::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

constexpr std::chrono::seconds kWriteDeadline{30};
// Longest request line accepted (method, target, version): 414 beyond.
constexpr size_t kMaxTarget = 8192;
constexpr size_t kMaxRequestLine = kMaxTarget + 64;  // + method, version and spaces
constexpr size_t kPeekChunk = 4096;
// What one connection buffers at most: the header limit plus room for a
// chunk-size line or trailers (which Beast does not bound itself).
constexpr size_t kMaxBufferedBytes = 64 * 1024;
// After refusing a request whose body is still arriving, read and discard at
// most this much (for at most kLingerTime) so the client sees the answer
// instead of a reset.
constexpr size_t kLingerBytes = 1 << 20;
constexpr std::chrono::seconds kLingerTime{2};
constexpr std::chrono::milliseconds kShutdownGrace{500};
constexpr const char* kCsp =
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

std::string SaneRequestId(std::string_view given) {
  if (given.empty() || given.size() > 128) return NewCorrelationId();
  for (char c : given) {
    const bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
    if (!ok) return NewCorrelationId();
  }
  return std::string(given);
}

std::string MimeType(const std::filesystem::path& p) {
  static const std::map<std::string, std::string> kTypes = {
      {".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},   {".svg", "image/svg+xml"},
      {".png", "image/png"},                 {".ico", "image/x-icon"},
      {".json", "application/json"},         {".woff2", "font/woff2"},
      {".woff", "font/woff"},                {".txt", "text/plain; charset=utf-8"},
      {".map", "application/json"},          {".webmanifest", "application/manifest+json"}};
  auto it = kTypes.find(p.extension().string());
  return it == kTypes.end() ? "application/octet-stream" : it->second;
}

// Whether Accept-Encoding `header` accepts `coding` (RFC 9110 §12.5.3): named
// (or "*") without q=0. Tokens are case-insensitive.
bool AcceptsEncoding(std::string_view header, std::string_view coding) {
  size_t pos = 0;
  while (pos < header.size()) {
    size_t end = header.find(',', pos);
    if (end == std::string_view::npos) end = header.size();
    std::string item(header.substr(pos, end - pos));
    pos = end + 1;
    for (char& c : item) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    item.erase(std::remove_if(item.begin(), item.end(), [](char c) { return c == ' ' || c == '\t'; }), item.end());
    const size_t semi = item.find(';');
    const std::string name = item.substr(0, semi);
    if (name != coding && name != "*") continue;
    const std::string params = semi == std::string::npos ? "" : item.substr(semi + 1);
    const bool refused = params.rfind("q=0", 0) == 0 && params.find_first_not_of("q=0.", 0) == std::string::npos;
    return !refused;
  }
  return false;
}

// Control characters in a logged value (a decoded path may hold %0a) would
// forge log lines: they are written as \xNN.
std::string EscapeForLog(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s) {
    if (c < 0x20 || c == 0x7f || c == '\\') {
      out += fmt::format("\\x{:02x}", c);
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::string_view Trim(std::string_view v) {
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
  return v;
}

// Framing that a front-end proxy and wcp could read differently (request
// smuggling, RFC 9112 §6.1 and §3.2): only "chunked" is implemented, once;
// HTTP/1.1 needs exactly one Host. nullopt when the header is acceptable.
std::optional<std::string> FramingProblem(const bhttp::request_parser<bhttp::string_body>::value_type& h) {
  int codings = 0;
  std::string_view coding;
  for (const auto& field : h) {
    if (field.name() == bhttp::field::transfer_encoding) {
      ++codings;
      coding = Trim(std::string_view(field.value().data(), field.value().size()));
    }
  }
  if (codings > 1) return "more than one Transfer-Encoding field";
  if (codings == 1) {
    if (h.version() < 11) return "Transfer-Encoding is not allowed in an HTTP/1.0 request";
    if (!beast::iequals(beast::string_view(coding.data(), coding.size()), "chunked")) {
      return "Transfer-Encoding '" + std::string(coding) + "' is not supported (only chunked)";
    }
  }
  const size_t hosts = h.count(bhttp::field::host);
  if (hosts > 1) return "more than one Host field";
  if (hosts == 0 && h.version() >= 11) return "an HTTP/1.1 request needs a Host field";
  if (hosts == 1) {
    // uri-host [ ":" port ] (RFC 3986): unreserved, pct-encoded, sub-delims, ":" and IP-literal brackets.
    static constexpr std::string_view kAllowed = "-._~%!$&'()*+,;=:[]";
    for (char c : h[bhttp::field::host]) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && kAllowed.find(c) == std::string_view::npos) {
        return "the Host field is not a valid host";
      }
    }
  }
  return std::nullopt;
}

void ParseQuery(std::string_view q, std::map<std::string, std::string>* out) {
  while (!q.empty()) {
    const size_t amp = q.find('&');
    const std::string_view pair = q.substr(0, amp);
    const size_t eq = pair.find('=');
    std::string k, v;
    std::string raw_v(eq == std::string_view::npos ? "" : pair.substr(eq + 1));
    for (char& c : raw_v) c = c == '+' ? ' ' : c;
    if (PercentDecode(pair.substr(0, eq), &k) && PercentDecode(raw_v, &v) && !k.empty()) {
      (*out)[k] = v;
    }
    if (amp == std::string_view::npos) break;
    q.remove_prefix(amp + 1);
  }
}

}  // namespace

void AddSecurityHeaders(Response& r) {
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  r.headers.emplace_back("X-Frame-Options", "DENY");
  r.headers.emplace_back("Referrer-Policy", "no-referrer");
  r.headers.emplace_back("Content-Security-Policy", kCsp);
}

// The outcome of matching one request against the router.
struct Dispatch {
  bool path_ok = true;          // the path is valid percent-encoded UTF-8 starting with '/'
  const Route* route = nullptr;  // nullptr: no route for this method and path
  bool path_known = false;       // some route has this path with another method (405)
};

// What the server needs of any session, plain or TLS.
class SessionBase {
 public:
  virtual ~SessionBase() = default;
  virtual void CloseIfIdle() = 0;
};

struct Server::Impl {
  ServerOptions options;
  Router router;
  Authenticator authenticator;
  AuditSink audit;
  Metrics metrics;
  asio::io_context ioc;
  tcp::acceptor acceptor{ioc};
  asio::thread_pool workers;
  asio::signal_set signals{ioc, SIGINT, SIGTERM};
  std::atomic<bool> stopping{false};
  std::atomic<size_t> open_connections{0};
  std::atomic<size_t> in_flight{0};
  std::atomic<size_t> body_bytes_in_flight{0};  // reserved by requests whose body is read or held
  std::mutex per_address_mu;
  std::map<std::string, size_t> per_address;  // open connections by client address; guarded
  std::mutex sessions_mu;
  std::list<std::weak_ptr<SessionBase>> sessions;  // guarded by sessions_mu
  std::optional<asio::ssl::context> tls;          // set when a certificate is configured

  Impl(ServerOptions o, Router r)
      : options(std::move(o)), router(std::move(r)), workers(std::max(1, options.worker_threads)) {}

  // Runs the io_context; an exception escaping a completion handler (a
  // library throwing on hostile input) is logged and costs only the
  // connection whose handler threw, never the process.
  void RunLoop();
  void Accept();
  void StartSession(tcp::socket socket);
  void BeginStop();
  // Decodes the path and query and finds the route, once per request.
  Dispatch Resolve(Request& req) const;
  // `authorized`: the principal was established from the headers before the
  // body was read (Authorize already ran).
  Response Handle(Request& req, const Dispatch& dispatch, bool authorized);
  Response Respond(Request& req, const Dispatch& dispatch, bool authorized, std::string* route_label);
  std::optional<Response> Authorize(const Route& route, Request& req);
  std::optional<Response> ServeStatic(const Request& req);
  bool AdmitAddress(const std::string& address);
  void ReleaseAddress(const std::string& address);
};

// One connection. Stream is beast::tcp_stream (plain HTTP) or
// beast::ssl_stream<beast::tcp_stream> (TLS); everything else is shared.
template <typename Stream>
class Session : public SessionBase, public std::enable_shared_from_this<Session<Stream>> {
 public:
  static constexpr bool kTls = !std::is_same_v<Stream, beast::tcp_stream>;

  // `client` has been admitted (Server::Impl::AdmitAddress); released here.
  template <typename... Args>
  Session(tcp::socket socket, std::string client, Server::Impl& srv, Args&... tls)
      : stream_(std::move(socket), tls...), srv_(srv), client_(std::move(client)) {
    ++srv_.open_connections;
  }
  ~Session() override {
    ReleaseBody();
    srv_.ReleaseAddress(client_);
    --srv_.open_connections;
  }

  void Start() {
    asio::dispatch(stream_.get_executor(), [self = this->shared_from_this()] {
      if constexpr (kTls) {
        self->Lowest().expires_after(self->srv_.options.read_deadline);
        self->stream_.async_handshake(asio::ssl::stream_base::server, [self](beast::error_code ec) {
          if (ec) return self->Lowest().close();  // not TLS, or a bad handshake: nothing to answer
          self->ReadHeader();
        });
      } else {
        self->ReadHeader();
      }
    });
  }

  // Called on shutdown. A connection waiting for its next request gets a
  // short grace period: a request already on the wire is still read and
  // answered (with Connection: close); a silent one is closed after it.
  void CloseIfIdle() override {
    asio::post(stream_.get_executor(), [self = this->shared_from_this()] {
      if (self->idle_) self->Lowest().expires_after(kShutdownGrace);
    });
  }

 private:
  void ReadHeader() {
    idle_ = true;
    ReleaseBody();
    authorized_ = false;
    head_ = false;
    req_.reset();
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(srv_.options.header_limit));
    // The route's limit is set (and a Content-Length checked against it) once
    // the header names the route; until then Beast must not judge the length.
    parser_->body_limit(std::numeric_limits<std::uint64_t>::max());
    // One deadline for the whole request, from the first wait to the last
    // body byte: a client dripping a byte a second is cut off (slowloris).
    Lowest().expires_after(srv_.options.read_deadline);
    PeekHeader();
  }

  // Reads until the buffer holds a whole header, checking what Beast would
  // accept silently: an over-long request line (414) and obs-fold (400,
  // RFC 9112 §5.2). Then Beast parses the buffered header without more I/O.
  void PeekHeader() {
    const auto data = buffer_.data();
    const std::string_view view(static_cast<const char*>(data.data()), data.size());
    size_t start = 0;
    while (view.substr(start, 2) == "\r\n") start += 2;  // empty lines before a request are ignored
    const size_t line_end = view.find("\r\n", start);
    const size_t line = (line_end == std::string_view::npos ? view.size() : line_end) - start;
    // The target is what lies between the request line's first and last
    // space; an unfinished line longer than any acceptable one is refused too.
    const std::string_view request_line = view.substr(start, line);
    const size_t sp1 = request_line.find(' '), sp2 = request_line.rfind(' ');
    const bool complete = line_end != std::string_view::npos && sp1 != std::string_view::npos && sp2 > sp1;
    const size_t target = complete ? sp2 - sp1 - 1 : line;
    if (target > kMaxTarget || line > kMaxRequestLine) {
      return WriteAndClose(Problem(414, "uri-too-long", "the request target exceeds " + std::to_string(kMaxTarget) +
                                                            " bytes"));
    }
    const size_t end = view.find("\r\n\r\n", start);
    if (end == std::string_view::npos) {
      if (view.size() > srv_.options.header_limit) return OnReadError(bhttp::error::header_limit);
      return stream_.async_read_some(buffer_.prepare(kPeekChunk),
                                     [self = this->shared_from_this()](beast::error_code ec, std::size_t n) {
                                       if (ec) return self->OnReadError(ec);
                                       self->buffer_.commit(n);
                                       self->PeekHeader();
                                     });
    }
    const std::string_view header = view.substr(start, end - start + 2);
    if (header.find("\r\n ") != std::string_view::npos || header.find("\r\n\t") != std::string_view::npos) {
      return WriteAndClose(Problem(400, "malformed-request", "obs-fold (a header line continued on the next "
                                                             "line) is not accepted"));
    }
    bhttp::async_read_header(stream_, buffer_, *parser_,
                             beast::bind_front_handler(&Session::OnHeader, this->shared_from_this()));
  }

  void OnHeader(beast::error_code ec, std::size_t) {
    idle_ = false;
    if (ec) return OnReadError(ec);
    const auto& h = parser_->get();
    head_ = h.method() == bhttp::verb::head;
    if (auto problem = FramingProblem(h)) return WriteAndClose(Problem(400, "malformed-request", *problem));
    req_ = std::make_shared<Request>(RequestFromHeader(h));
    dispatch_ = srv_.Resolve(*req_);
    const Route* route = dispatch_.route;
    const size_t limit = route && route->max_body ? route->max_body : srv_.options.max_body;
    parser_->body_limit(limit);
    if (parser_->is_done()) return ReadBody();
    // A Content-Length is checked here: Beast checked it against the default
    // limit while parsing, before the route's own limit was known.
    const auto declared = parser_->content_length();
    if (declared && *declared > limit) return OnReadError(bhttp::error::body_limit);
    if (!ReserveBody(declared.value_or(limit))) {
      Response busy = Problem(503, "busy", "too many request bodies in flight; retry shortly");
      busy.headers.emplace_back("Retry-After", "1");
      return WriteAndClose(std::move(busy));
    }
    if (!route || route->access == Access::kPublic) return ReadBody();
    // Authenticate and authorise on the headers, on the worker pool (it may
    // touch the database), before reading a byte of the body.
    asio::post(srv_.workers, [self = this->shared_from_this(), req = req_, route,
                              work = asio::make_work_guard(srv_.ioc)]() mutable {
      auto denied = self->srv_.Authorize(*route, *req);
      asio::post(self->stream_.get_executor(), [self, denied = std::move(denied)]() mutable {
        if (denied) return self->WriteAndClose(std::move(*denied));
        self->authorized_ = true;
        self->ReadBody();
      });
      work.reset();
    });
  }

  void ReadBody() {
    bhttp::async_read(stream_, buffer_, *parser_,
                      beast::bind_front_handler(&Session::OnRead, this->shared_from_this()));
  }

  Request RequestFromHeader(const bhttp::request_parser<bhttp::string_body>::value_type& msg) const {
    Request req;
    req.method = std::string(msg.method_string());
    req.target = std::string(msg.target());
    for (const auto& field : msg) {
      std::string name(field.name_string());
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      req.headers[name] = std::string(field.value());
    }
    req.client_address = client_;
    req.request_id = SaneRequestId(req.Header("x-request-id"));
    return req;
  }

  bool ReserveBody(size_t bytes) {
    const size_t budget = srv_.options.max_body_bytes_in_flight;
    size_t now = srv_.body_bytes_in_flight.load();
    do {
      if (now + bytes > budget) return false;
    } while (!srv_.body_bytes_in_flight.compare_exchange_weak(now, now + bytes));
    reserved_ = bytes;
    return true;
  }

  void ReleaseBody() {
    srv_.body_bytes_in_flight -= reserved_;
    reserved_ = 0;
  }

  void OnReadError(beast::error_code ec) {
    if (ec == bhttp::error::header_limit) {
      return WriteAndClose(Problem(431, "header-too-large", "request headers exceed " +
                                                                std::to_string(srv_.options.header_limit) +
                                                                " bytes"));
    }
    if (ec == bhttp::error::buffer_overflow || ec == bhttp::error::bad_chunk_extension ||
        ec == bhttp::error::bad_obs_fold) {
      return WriteAndClose(Problem(400, "malformed-request",
                                   "a chunk-size line or the trailers exceed " + std::to_string(kMaxBufferedBytes) +
                                       " bytes"));
    }
    if (ec == bhttp::error::body_limit) {
      return WriteAndClose(Problem(413, "too-large", "request body exceeds this route's limit", "",
                                   "body"));
    }
    if (ec == bhttp::error::end_of_stream || ec == beast::error::timeout ||
        ec == asio::error::operation_aborted || ec == asio::error::eof ||
        ec == asio::error::connection_reset || ec == asio::error::bad_descriptor ||
        ec == asio::ssl::error::stream_truncated) {
      return Close();
    }
    return WriteAndClose(Problem(400, "malformed-request", "malformed HTTP request: " + ec.message()));
  }

  void OnRead(beast::error_code ec, std::size_t) {
    if (ec) return OnReadError(ec);
    Lowest().expires_never();
    auto msg = parser_->release();
    keep_alive_ = msg.keep_alive();
    head_ = msg.method() == bhttp::verb::head;
    auto req = std::move(req_);
    req->body = std::move(msg.body());
    const Dispatch dispatch = dispatch_;
    const bool authorized = authorized_;
    ++srv_.in_flight;
    if (dispatch.route && dispatch.route->non_blocking) {
      Response res = srv_.Handle(*req, dispatch, authorized);
      res.headers.emplace_back("X-Request-Id", req->request_id);
      return Write(std::move(res), false);
    }
    // The work guard keeps the io_context running while the handler is on
    // the worker pool, so a response is never lost during shutdown.
    asio::post(srv_.workers, [self = this->shared_from_this(), req, dispatch, authorized,
                              work = asio::make_work_guard(srv_.ioc)]() mutable {
      auto res = std::make_shared<Response>(self->srv_.Handle(*req, dispatch, authorized));
      res->headers.emplace_back("X-Request-Id", req->request_id);
      asio::post(self->stream_.get_executor(), [self, res] { self->Write(std::move(*res), false); });
      work.reset();
    });
  }

  void Write(Response r, bool close) {
    auto res = std::make_shared<bhttp::response<bhttp::string_body>>(
        static_cast<bhttp::status>(r.status), 11);
    res->set(bhttp::field::server, "wcp");
    res->set(bhttp::field::content_type, r.content_type);
    AddSecurityHeaders(r);
    for (const auto& [k, v] : r.headers) res->set(k, v);
    const bool keep = keep_alive_ && !close && !srv_.stopping;
    res->keep_alive(keep);
    const size_t length = r.body.size();
    if (!head_) res->body() = std::move(r.body);
    res->prepare_payload();
    if (head_) res->content_length(length);
    Lowest().expires_after(kWriteDeadline);
    bhttp::async_write(stream_, *res,
                       [self = this->shared_from_this(), res, keep, counted = !close](beast::error_code ec, std::size_t) {
                         if (counted) --self->srv_.in_flight;
                         if (ec || !keep) return self->Close();
                         self->ReadHeader();
                       });
  }

  void WriteAndClose(Response r) {
    keep_alive_ = false;  // head_ stays as the request line said (no body in an answer to HEAD)
    lingering_ = true;
    r.headers.emplace_back("X-Request-Id", NewCorrelationId());
    Write(std::move(r), true);
  }

  void Close() {
    if constexpr (kTls) {
      Lowest().expires_after(std::chrono::seconds(2));
      stream_.async_shutdown([self = this->shared_from_this()](beast::error_code) { self->Lowest().close(); });
    } else {
      beast::error_code ec;
      stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
      if (lingering_) return Linger();
      stream_.close();
    }
  }

  // Discards what the client still sends (a refused request's body) for a
  // short while, so that closing does not reset the connection before the
  // client has read the answer.
  void Linger() {
    Lowest().expires_after(kLingerTime);
    auto sink = std::make_shared<std::array<char, 16384>>();
    Lowest().async_read_some(asio::buffer(*sink), [self = this->shared_from_this(), sink](beast::error_code ec,
                                                                                          std::size_t n) {
      self->lingered_ += n;
      if (ec || self->lingered_ >= kLingerBytes) return self->Lowest().close();
      self->Linger();
    });
  }

  beast::tcp_stream& Lowest() { return beast::get_lowest_layer(stream_); }

  Stream stream_;
  // Bounded: a chunk-size line (with its extensions) or a trailer section
  // longer than this is refused instead of buffered without end.
  beast::flat_buffer buffer_{kMaxBufferedBytes};
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  Server::Impl& srv_;
  std::string client_;
  std::shared_ptr<Request> req_;  // the request being read: built from its header
  Dispatch dispatch_;             // its route, resolved once
  bool authorized_ = false;       // its principal was established from the headers, before the body
  size_t reserved_ = 0;                  // bytes of srv_.body_bytes_in_flight held by this request
  bool lingering_ = false;
  size_t lingered_ = 0;
  bool keep_alive_ = true;
  bool head_ = false;
  bool idle_ = true;
};

Dispatch Server::Impl::Resolve(Request& req) const {
  Dispatch d;
  const std::string_view target = req.target;
  const std::string_view raw_path = target.substr(0, target.find('?'));
  if (!PercentDecode(raw_path, &req.path) || req.path.empty() || req.path[0] != '/') {
    d.path_ok = false;
    return d;
  }
  if (auto q = target.find('?'); q != std::string_view::npos) ParseQuery(target.substr(q + 1), &req.query);
  d.route = router.Match(req.method, req.path, &req.params, &d.path_known);
  return d;
}

bool Server::Impl::AdmitAddress(const std::string& address) {
  std::lock_guard<std::mutex> lock(per_address_mu);
  size_t& n = per_address[address];
  if (n >= options.max_connections_per_address) {
    if (n == 0) per_address.erase(address);
    return false;
  }
  ++n;
  return true;
}

void Server::Impl::ReleaseAddress(const std::string& address) {
  std::lock_guard<std::mutex> lock(per_address_mu);
  auto it = per_address.find(address);
  if (it != per_address.end() && --it->second == 0) per_address.erase(it);
}

void Server::Impl::RunLoop() {
  while (true) {
    try {
      ioc.run();
      return;
    } catch (const std::exception& e) {
      spdlog::error("a connection handler threw and was dropped: {}", EscapeForLog(e.what()));
    }
  }
}

void Server::Impl::Accept() {
  acceptor.async_accept(asio::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
    if (ec) {
      if (!stopping && ec != asio::error::operation_aborted) Accept();
      return;
    }
    StartSession(std::move(socket));
    if (!stopping) Accept();
  });
}

void Server::Impl::StartSession(tcp::socket socket) {
  beast::error_code ignored;
  const auto peer = socket.remote_endpoint(ignored);
  std::string client = ignored ? "unknown" : peer.address().to_string();
  if (open_connections >= options.max_connections || !AdmitAddress(client)) {
    socket.close(ignored);  // over a cap: refuse cheaply
    return;
  }
  socket.set_option(tcp::no_delay(true), ignored);
  const auto track = [this](const std::shared_ptr<SessionBase>& session) {
    std::lock_guard<std::mutex> lock(sessions_mu);
    sessions.remove_if([](const std::weak_ptr<SessionBase>& w) { return w.expired(); });
    sessions.push_back(session);
  };
  if (tls) {
    auto session = std::make_shared<Session<beast::ssl_stream<beast::tcp_stream>>>(std::move(socket), std::move(client),
                                                                                  *this, *tls);
    track(session);
    session->Start();
    if (stopping) session->CloseIfIdle();
  } else {
    auto session = std::make_shared<Session<beast::tcp_stream>>(std::move(socket), std::move(client), *this);
    track(session);
    session->Start();
    if (stopping) session->CloseIfIdle();
  }
}

void Server::Impl::BeginStop() {
  if (stopping.exchange(true)) return;
  spdlog::info("shutting down: no new connections; finishing {} in-flight request(s)", in_flight.load());
  asio::post(ioc, [this] {
    beast::error_code ec;
    // Connections the kernel already completed sit in the listen backlog: take
    // them too, so that closing the acceptor resets no client that connected.
    acceptor.non_blocking(true, ec);
    while (!ec) {
      tcp::socket socket(asio::make_strand(ioc));
      acceptor.accept(socket, ec);
      if (!ec) StartSession(std::move(socket));
    }
    acceptor.close(ec);
    signals.cancel();
    std::lock_guard<std::mutex> lock(sessions_mu);
    for (auto& w : sessions) {
      if (auto s = w.lock()) s->CloseIfIdle();
    }
  });
}

std::optional<Response> Server::Impl::ServeStatic(const Request& req) {
  if (options.web_root.empty() || (req.method != "GET" && req.method != "HEAD")) return std::nullopt;
  std::error_code ec;
  const auto root = std::filesystem::weakly_canonical(options.web_root, ec);
  auto candidate = std::filesystem::weakly_canonical(root / req.path.substr(1), ec);
  const auto rel = candidate.lexically_relative(root).string();
  const bool inside = !ec && !rel.empty() && rel.rfind("..", 0) != 0;
  const bool is_file = inside && std::filesystem::is_regular_file(candidate, ec);
  const bool spa_route = std::filesystem::path(req.path).extension().empty();
  if (!is_file && !spa_route) return std::nullopt;
  if (!is_file) candidate = root / "index.html";  // client-side route: history-mode fallback
  // A precompressed copy (scripts/build-web.sh writes .br and .gz) when the
  // client accepts it: brotli first, then gzip, else the file itself.
  const std::string accepted = req.Header("accept-encoding");
  std::filesystem::path chosen = candidate;
  std::string encoding;
  for (const char* coding : {"br", "gzip"}) {
    std::filesystem::path copy = candidate;
    copy += std::string(".") + (std::string_view(coding) == "br" ? "br" : "gz");
    if (AcceptsEncoding(accepted, coding) && std::filesystem::is_regular_file(copy, ec)) {
      chosen = copy;
      encoding = coding;
      break;
    }
  }
  std::ifstream in(chosen, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  Response r = Response::Text(ss.str(), MimeType(candidate));
  const bool hashed = rel.rfind("assets/", 0) == 0 && is_file;
  r.headers.emplace_back("Cache-Control", hashed ? "public, max-age=31536000, immutable" : "no-cache");
  r.headers.emplace_back("Vary", "Accept-Encoding");
  if (!encoding.empty()) r.headers.emplace_back("Content-Encoding", encoding);
  return r;
}

Response Server::Impl::Respond(Request& req, const Dispatch& d, bool authorized, std::string* route_label) {
  if (!d.path_ok) {
    return Problem(400, "invalid", "the request path is not valid percent-encoded UTF-8", req.request_id, "path");
  }
  if (!d.route) {
    *route_label = "unmatched";
    if (d.path_known) {
      return Problem(405, "method-not-allowed", req.method + " is not allowed on " + req.path, req.request_id);
    }
    if (auto file = req.path.rfind("/api/", 0) == 0 ? std::nullopt : ServeStatic(req)) {
      *route_label = "static";
      return std::move(*file);
    }
    return Problem(404, "not-found", "no resource at " + req.path, req.request_id, "path");
  }
  const Route& route = *d.route;
  *route_label = route.pattern;
  try {
    if (!authorized) {
      if (auto denied = Authorize(route, req)) return std::move(*denied);
    }
    Result<Response> r = route.handler(req);
    if (!r.ok() && (r.status().code() == ErrorCode::kInternal || !r.status().internal_detail().empty())) {
      const auto level = r.status().code() == ErrorCode::kInternal ? spdlog::level::err : spdlog::level::warn;
      spdlog::log(level, "rid={} {} {}: {}", req.request_id, req.method, route.pattern,
                  EscapeForLog(r.status().ToString()));
    }
    Response res = r.ok() ? std::move(r).value() : Problem(r.status(), req.request_id);
    const bool write = req.method != "GET" && req.method != "HEAD";
    if (write && res.status < 400 && !res.changed_nothing && audit) audit(req, route, res);
    return res;
  } catch (const std::exception& e) {
    spdlog::error("rid={} {} {} threw: {}", req.request_id, req.method, route.pattern, EscapeForLog(e.what()));
    return Problem(Status::Internal(e.what()), req.request_id);
  }
}

Response Server::Impl::Handle(Request& req, const Dispatch& dispatch, bool authorized) {
  const auto start = std::chrono::steady_clock::now();
  std::string route_label;
  Response res = Respond(req, dispatch, authorized, &route_label);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  metrics.Observe(req.method, route_label, res.status, seconds);
  // Access log: no query string and no body (they may carry personal data).
  spdlog::info("{} {} {} {} {:.2f}ms rid={}", req.client_address, EscapeForLog(req.method), EscapeForLog(req.path),
               res.status, seconds * 1000, req.request_id);
  return res;
}

std::optional<Response> Server::Impl::Authorize(const Route& route, Request& req) {
  if (route.access == Access::kPublic) return std::nullopt;
  if (!authenticator) return Problem(401, "unauthorized", "authentication required", req.request_id);
  Result<Principal> who = authenticator(req);
  if (!who.ok()) {
    Response r = Problem(401, "unauthorized", who.status().message(), req.request_id);
    r.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"wcp\"");
    return r;
  }
  if (Status denied = Permit(route, *who, req.method, req.Header("x-csrf-token")); !denied.ok()) {
    const bool csrf = denied.field() == "X-CSRF-Token";
    return Problem(403, csrf ? "csrf" : "forbidden", denied.message(), req.request_id, denied.field());
  }
  req.principal = std::move(who).value();
  return std::nullopt;
}

Server::Server(ServerOptions options, Router router)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(router))) {
  impl_->metrics.AddGauge("wcp_http_open_connections", "Open client connections.",
                          [this] { return static_cast<double>(impl_->open_connections.load()); });
  impl_->metrics.AddGauge("wcp_http_in_flight_requests", "Requests read and not yet answered.",
                          [this] { return static_cast<double>(impl_->in_flight.load()); });
}

Server::~Server() = default;

Metrics& Server::metrics() { return impl_->metrics; }

void Server::SetAuthenticator(Authenticator a) { impl_->authenticator = std::move(a); }
void Server::SetAuditSink(AuditSink sink) { impl_->audit = std::move(sink); }
const Router& Server::router() const { return impl_->router; }
Router& Server::router() { return impl_->router; }

Status Server::Listen() {
  if (!impl_->options.tls_cert_file.empty()) {
    // TLS 1.2+ only; the certificate file may hold the whole chain.
    auto& ctx = impl_->tls.emplace(asio::ssl::context::tls_server);
    ctx.set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                    asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                    asio::ssl::context::no_tlsv1_1 | asio::ssl::context::single_dh_use);
    beast::error_code ec;
    ctx.use_certificate_chain_file(impl_->options.tls_cert_file, ec);
    if (ec) {
      return Status::Invalid("cannot load the TLS certificate '" + impl_->options.tls_cert_file + "': " + ec.message(),
                             "tls.cert_file");
    }
    ctx.use_private_key_file(impl_->options.tls_key_file, asio::ssl::context::pem, ec);
    if (ec) {
      return Status::Invalid("cannot load the TLS key '" + impl_->options.tls_key_file + "': " + ec.message(),
                             "tls.key_file");
    }
  }
  // Each connection is a file descriptor: lift the soft limit to the hard one
  // so that max_connections, not the default 1024, is the effective cap.
  if (rlimit lim{}; getrlimit(RLIMIT_NOFILE, &lim) == 0 && lim.rlim_cur < lim.rlim_max) {
    lim.rlim_cur = lim.rlim_max;
    setrlimit(RLIMIT_NOFILE, &lim);
  }
  beast::error_code ec;
  const auto address = asio::ip::make_address(impl_->options.host, ec);
  if (ec) return Status::Invalid("'" + impl_->options.host + "' is not an IP address", "listen");
  const tcp::endpoint endpoint(address, impl_->options.port);
  auto& acc = impl_->acceptor;
  acc.open(endpoint.protocol(), ec);
  if (!ec) acc.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acc.bind(endpoint, ec);
  if (ec == asio::error::address_in_use) {
    return Status::Conflict(impl_->options.host + ":" + std::to_string(impl_->options.port) +
                                " is already in use; stop the other process or choose --listen",
                            "listen");
  }
  if (!ec) acc.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return Status::Unavailable("cannot listen on " + impl_->options.host + ": " + ec.message());
  return Status::Ok();
}

unsigned short Server::port() const { return impl_->acceptor.local_endpoint().port(); }

Status Server::Run() {
  impl_->signals.async_wait([this](beast::error_code ec, int) {
    if (!ec) impl_->BeginStop();
  });
  impl_->Accept();
  std::vector<std::thread> threads;
  for (int i = 1; i < std::max(1, impl_->options.io_threads); ++i) {
    threads.emplace_back([this] { impl_->RunLoop(); });
  }
  impl_->RunLoop();
  for (auto& t : threads) t.join();
  impl_->workers.join();
  spdlog::info("server stopped");
  return Status::Ok();
}

void Server::Stop() { impl_->BeginStop(); }

}  // namespace wcp::http
