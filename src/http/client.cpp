#include "http/client.hpp"

#include "http/net.hpp"

namespace wcp::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

struct Url {
  bool tls = false;
  std::string host, port, target;
};

Result<Url> ParseUrl(const std::string& url) {
  Url u;
  std::string rest;
  if (url.rfind("https://", 0) == 0) {
    u.tls = true;
    rest = url.substr(8);
  } else if (url.rfind("http://", 0) == 0) {
    rest = url.substr(7);
  } else {
    return Status::Invalid("a webhook URL starts with http:// or https://, got '" + url + "'", "url");
  }
  const size_t slash = rest.find('/');
  const std::string authority = rest.substr(0, slash);
  u.target = slash == std::string::npos ? "/" : rest.substr(slash);
  const size_t colon = authority.rfind(':');
  u.host = colon == std::string::npos ? authority : authority.substr(0, colon);
  u.port = colon == std::string::npos ? (u.tls ? "443" : "80") : authority.substr(colon + 1);
  if (u.host.empty()) return Status::Invalid("no host in '" + url + "'", "url");
  return u;
}

template <typename Stream>
Status Exchange(Stream& stream, const Url& u, const std::string& body,
                const std::vector<std::pair<std::string, std::string>>& headers) {
  bhttp::request<bhttp::string_body> req{bhttp::verb::post, u.target, 11};
  req.set(bhttp::field::host, u.host);
  req.set(bhttp::field::user_agent, "wcp-webhook");
  req.set(bhttp::field::content_type, "application/json");
  for (const auto& [name, value] : headers) req.set(name, value);
  req.body() = body;
  req.prepare_payload();
  bhttp::write(stream, req);
  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(64 * 1024);  // what the receiver says is not kept beyond this
  bhttp::read(stream, buffer, parser);
  const unsigned status = parser.get().result_int();
  if (status < 200 || status >= 300) return Status::Unavailable("the webhook answered " + std::to_string(status));
  return Status::Ok();
}

}  // namespace

Status PostJson(const std::string& url, const std::string& body,
                const std::vector<std::pair<std::string, std::string>>& headers, std::chrono::milliseconds deadline) {
  auto parsed = ParseUrl(url);
  if (!parsed.ok()) return parsed.status();
  const Url u = *parsed;
  try {
    asio::io_context io;
    asio::ip::tcp::resolver resolver(io);
    const auto endpoints = resolver.resolve(u.host, u.port);
    if (!u.tls) {
      beast::tcp_stream stream(io);
      stream.expires_after(deadline);
      stream.connect(endpoints);
      Status s = Exchange(stream, u, body, headers);
      beast::error_code ec;
      stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ec);
      return s;
    }
    asio::ssl::context ctx(asio::ssl::context::tls_client);
    ctx.set_default_verify_paths();
    ctx.set_verify_mode(asio::ssl::verify_peer);
    beast::ssl_stream<beast::tcp_stream> stream(io, ctx);
    if (!SSL_set_tlsext_host_name(stream.native_handle(), u.host.c_str())) {
      return Status::Unavailable("cannot set the TLS server name for " + u.host);
    }
    stream.set_verify_callback(asio::ssl::host_name_verification(u.host));
    beast::get_lowest_layer(stream).expires_after(deadline);
    beast::get_lowest_layer(stream).connect(endpoints);
    stream.handshake(asio::ssl::stream_base::client);
    Status s = Exchange(stream, u, body, headers);
    beast::error_code ec;
    stream.shutdown(ec);  // a peer that closes without notify is common: not an error of the delivery
    return s;
  } catch (const std::exception& e) {
    return Status::Unavailable(std::string("webhook delivery to ") + u.host + " failed: " + e.what());
  }
}

}  // namespace wcp::http
