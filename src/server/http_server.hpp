#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "core/status.hpp"
#include "server/request_policy.hpp"
#include "server/router.hpp"

namespace spdlog {
class logger;
}

namespace entente {

// One request as the application sees it, once the transport has read and checked it.
struct HttpRequest {
  std::string_view method{};
  std::string_view target{};  // as sent, with the query
  std::string_view path{};    // without the query
  std::string_view body{};
  std::string client{};  // the peer's address (an IPv6 one by its /64)
  std::string_view if_none_match{};
  std::string_view if_match{};
  std::string_view cookie{};
  std::string_view authorization{};
  std::string_view csrf_token{};  // X-CSRF-Token
  std::string_view user_agent{};
  std::string_view accept{};           // the Accept header: text/csv asks a list route for CSV
  std::string_view request_id{};       // X-Request-Id of the reply
  std::string_view accept_encoding{};  // the codings the client reads (compression.hpp)
};

// Answers one request. May throw: the server turns an exception into a 500 with an
// incident id and goes on serving.
using HttpHandler = std::function<HttpReply(const HttpRequest&)>;

// The HTTP/1.1 transport (Boost.Beast): connections, limits, the request policy, and the
// one exception boundary around each request.
//
// Limits: at most `max_connections` open connections; at the limit a new connection
// closes the one that has waited longest for its next request, or, when none waits, is
// answered 503. A request's line, headers and trailers may take `max_header_bytes` (431
// beyond), its body `max_body_bytes` (413 beyond); reading a request and writing a
// response each have `idle_timeout`. Replies are written from shared immutable buffers, so
// a client that never reads costs its socket, not a copy of the reply. When accept() runs
// out of descriptors the listener backs off instead of spinning.
class HttpServer {
 public:
  struct Options {
    int threads = 1;
    std::size_t max_connections = 1024;
    std::size_t max_header_bytes = std::size_t{16} * 1024;
    std::size_t max_body_bytes = std::size_t{64} * 1024;
    std::chrono::seconds idle_timeout{30};
    std::chrono::seconds shutdown_grace{2};
    RequestPolicy policy;
  };

  // `access_log` may be null (no access log); `log` receives warnings and incidents.
  HttpServer(HttpHandler handler, Options options, std::shared_ptr<spdlog::logger> access_log,
             std::shared_ptr<spdlog::logger> log);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and listens. Fails when the address is not an IP address or cannot be bound.
  Status listen(const std::string& host, int port);
  // The bound address and port, once listening.
  std::string address() const;
  unsigned short port() const;

  // Serves on `threads` threads until stop() has drained the requests in flight.
  void run();
  // Stops accepting, lets requests in flight finish for up to the grace period, then
  // makes run() return. Safe from any thread, and more than once.
  void stop();
  // Makes SIGINT and SIGTERM call stop(), telling `log` which arrived.
  void stop_on_signals();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace entente
