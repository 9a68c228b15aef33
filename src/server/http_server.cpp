#include "server/http_server.hpp"

#include <spdlog/logger.h>

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <exception>
#include <list>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "core/random_id.hpp"
#include "core/text.hpp"

namespace entente {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

// Connections beyond the limit that are still answered 503 rather than dropped at once.
constexpr std::size_t kRefusalHeadroom = 64;
// How long the listener waits after accept() ran out of descriptors.
constexpr auto kAcceptBackoff = std::chrono::milliseconds(100);

using Body = http::span_body<const char>;
using Response = http::response<Body>;

}  // namespace

class Session;

// What every connection shares.
struct ServerShared {
  HttpHandler handler;
  HttpServer::Options options;
  std::shared_ptr<spdlog::logger> access_log;  // nullptr when off
  std::shared_ptr<spdlog::logger> log;
  std::atomic<bool> stopping{false};
  std::atomic<int> in_flight{0};  // requests read whose response is not yet written
  std::atomic<std::size_t> open{0};

  // Connections waiting for their next request, oldest first: the ones closed first when
  // the connection limit is reached. Each session knows its own node (guarded by the mutex).
  std::mutex idle_mutex;
  std::list<std::weak_ptr<Session>> idle;

  std::shared_ptr<Session> take_oldest_idle();
};

// One TCP connection: read a request, answer it, repeat while keep-alive holds.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket&& socket, ServerShared& shared) : stream_(std::move(socket)), shared_(shared) {
    shared_.open.fetch_add(1, std::memory_order_relaxed);
    beast::error_code ignored;
    const auto remote = stream_.socket().remote_endpoint(ignored);
    client_ = remote.address().to_string();
  }

  ~Session() {
    mark_busy();
    shared_.open.fetch_sub(1, std::memory_order_relaxed);
  }

  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void start() {
    asio::dispatch(stream_.get_executor(), beast::bind_front_handler(&Session::read_header, shared_from_this()));
  }

  // Answers 503 at once and closes: the server is at its connection limit.
  void refuse() {
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] {
      HttpReply reply = problem_reply(503, "unavailable", "Service unavailable",
                                      "the server is at its connection limit; try again shortly", "");
      reply.headers.emplace_back("Retry-After", "1");
      self->respond(std::move(reply), "-", 11, false, false);
    });
  }

  // Closes the connection from another thread (it waited longest at the limit).
  void evict() {
    asio::post(stream_.get_executor(), [self = shared_from_this()] {
      beast::error_code ignored;
      self->stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
      self->stream_.close();
    });
  }

 private:
  friend struct ServerShared;

  void mark_idle() {
    const std::lock_guard lock(shared_.idle_mutex);
    idle_node_ = shared_.idle.insert(shared_.idle.end(), weak_from_this());
    idle_ = true;
  }

  void mark_busy() {
    const std::lock_guard lock(shared_.idle_mutex);
    if (!idle_) return;
    shared_.idle.erase(idle_node_);
    idle_ = false;
  }

  void read_header() {
    if (shared_.stopping.load(std::memory_order_relaxed)) return close();
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(shared_.options.max_header_bytes));
    parser_->body_limit(shared_.options.max_body_bytes);
    mark_idle();
    stream_.expires_after(shared_.options.idle_timeout);
    http::async_read_header(stream_, buffer_, *parser_,
                            beast::bind_front_handler(&Session::on_header, shared_from_this()));
  }

  void on_header(beast::error_code error, std::size_t /*bytes*/) {
    mark_busy();
    if (error) return on_read_error(error);
    const auto& request = parser_->get();
    const auto field = [&](http::field name) -> std::optional<std::string_view> {
      const auto it = request.find(name);
      if (it == request.end()) return std::nullopt;
      return std::string_view(it->value().data(), it->value().size());
    };
    const std::string_view target(request.target().data(), request.target().size());
    std::string_view path = target.substr(0, target.find('?'));
    if (!is_valid_utf8(path)) path = {};
    RequestHead head;
    head.method = std::string_view(request.method_string().data(), request.method_string().size());
    head.path = path;
    head.version = request.version();
    head.host = field(http::field::host);
    head.origin = field(http::field::origin);
    head.content_type = field(http::field::content_type);
    head.has_transfer_encoding = request.find(http::field::transfer_encoding) != request.end();
    head.chunked = parser_->chunked();
    head.has_body = parser_->chunked() || parser_->content_length().value_or(0) > 0;
    if (std::optional<HttpReply> refused = check_request(head, shared_.options.policy)) {
      return respond(std::move(*refused), target, request.version(), false, false);
    }
    if (parser_->is_done()) return dispatch();
    stream_.expires_after(shared_.options.idle_timeout);
    http::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&Session::on_body, shared_from_this()));
  }

  void on_body(beast::error_code error, std::size_t /*bytes*/) {
    if (error) return on_read_error(error);
    dispatch();
  }

  void on_read_error(beast::error_code error) {
    if (error == http::error::end_of_stream || error == beast::error::timeout ||
        error == asio::error::operation_aborted || error == asio::error::connection_reset ||
        error == asio::error::eof || error == asio::error::bad_descriptor) {
      return close();
    }
    HttpReply reply;
    if (error == http::error::header_limit || error == http::error::buffer_overflow) {
      reply = problem_reply(431, "header-too-large", "Request header fields too large",
                            "the request line, headers and trailers may take at most " +
                                std::to_string(shared_.options.max_header_bytes) + " bytes",
                            "");
    } else if (error == http::error::body_limit) {
      reply = problem_reply(
          413, "body-too-large", "Content too large",
          "the request body may take at most " + std::to_string(shared_.options.max_body_bytes) + " bytes", "");
    } else {
      reply = problem_reply(400, "bad-request", "Bad request", "malformed HTTP request: " + error.message(), "");
    }
    respond(std::move(reply), "-", 11, false, false);
  }

  // Runs the handler inside the request's exception boundary.
  void dispatch() {
    const auto started = std::chrono::steady_clock::now();
    shared_.in_flight.fetch_add(1, std::memory_order_relaxed);
    counted_ = true;
    const auto& request = parser_->get();
    const std::string_view target(request.target().data(), request.target().size());
    const std::string_view method(request.method_string().data(), request.method_string().size());
    std::string_view path = target.substr(0, target.find('?'));
    if (!is_valid_utf8(path)) path = {};
    HttpReply reply;
    try {
      reply = shared_.handler(HttpRequest{method, target, path, request.body(), client_});
    } catch (const std::exception& failure) {
      reply = incident(method, target, failure.what());
    } catch (...) {
      reply = incident(method, target, "an exception of unknown type");
    }
    respond(std::move(reply), target, request.version(), request.keep_alive(), request.method() == http::verb::head);
    if (shared_.access_log) log_access(method, target, request.version(), started);
  }

  HttpReply incident(std::string_view method, std::string_view target, std::string_view what) {
    const std::string id = random_hex_id(8);
    shared_.log->error("incident {}: {} {} from {} failed: {}", id, method, target, client_, what);
    return incident_reply(id, "");
  }

  void respond(HttpReply reply, std::string_view /*target*/, unsigned version, bool keep_alive, bool head_only) {
    response_ = Response{static_cast<http::status>(reply.status), version};
    try {
      response_.set(http::field::server, "entente");
      response_.set(http::field::content_type, reply.content_type);
      response_.set(http::field::cache_control, "no-cache");
      for (const auto& [name, value] : security_headers()) response_.set(name, value);
      bool close_after = false;
      for (const auto& [name, value] : reply.headers) {
        if (beast::iequals(name, "Connection") && beast::iequals(value, "close")) {
          close_after = true;
          continue;
        }
        response_.set(name, value);
      }
      response_.keep_alive(keep_alive && !close_after && !shared_.stopping.load(std::memory_order_relaxed));
    } catch (const std::exception& failure) {
      // A header the handler built could not be set: answer the incident instead.
      response_ = Response{http::status::internal_server_error, version};
      const HttpReply fallback = incident("-", "-", failure.what());
      response_.set(http::field::content_type, fallback.content_type);
      response_.keep_alive(false);
      reply.body = fallback.body;
    }
    body_ = reply.body;
    const std::size_t length = body_ ? body_->size() : 0;
    if (!head_only && body_) response_.body() = Body::value_type(body_->data(), body_->size());
    response_.content_length(length);
    stream_.expires_after(shared_.options.idle_timeout);
    http::async_write(stream_, response_, beast::bind_front_handler(&Session::on_write, shared_from_this()));
  }

  void on_write(beast::error_code error, std::size_t /*bytes*/) {
    if (counted_) shared_.in_flight.fetch_sub(1, std::memory_order_relaxed);
    counted_ = false;
    body_.reset();
    if (error) return;
    if (!response_.keep_alive()) return close();
    read_header();
  }

  void close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  }

  void log_access(std::string_view method, std::string_view target, unsigned version,
                  std::chrono::steady_clock::time_point started) {
    const double millis = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    shared_.access_log->info("{} \"{} {} HTTP/{}.{}\" {} {} {:.3f}ms", client_, method, target, version / 10,
                             version % 10, response_.result_int(), body_ ? body_->size() : 0, millis);
  }

  beast::tcp_stream stream_;
  ServerShared& shared_;
  std::string client_;
  // Holds one parse unit (the header, a chunk header, the trailers) at a time: the body
  // goes to the parser's string as it arrives, so the buffer never needs more than this.
  beast::flat_buffer buffer_{shared_.options.max_header_bytes + 1024};
  std::optional<http::request_parser<http::string_body>> parser_;
  Response response_;
  std::shared_ptr<const std::string> body_;  // what response_ points into, until written
  bool counted_ = false;                     // counted in in_flight
  bool idle_ = false;                        // guarded by shared_.idle_mutex
  std::list<std::weak_ptr<Session>>::iterator idle_node_;
};

std::shared_ptr<Session> ServerShared::take_oldest_idle() {
  const std::lock_guard lock(idle_mutex);
  for (auto it = idle.begin(); it != idle.end(); ++it) {
    // An expired entry belongs to a session being destroyed: it removes itself.
    if (std::shared_ptr<Session> session = it->lock()) {
      session->idle_ = false;
      idle.erase(it);
      return session;
    }
  }
  return nullptr;
}

class HttpServer::Impl {
 public:
  Impl(HttpHandler handler, Options options, std::shared_ptr<spdlog::logger> access_log,
       std::shared_ptr<spdlog::logger> log)
      : io(std::max(1, options.threads)),
        acceptor(asio::make_strand(io)),
        backoff(acceptor.get_executor()),
        grace(io),
        signals(io) {
    shared.handler = std::move(handler);
    shared.options = std::move(options);
    shared.access_log = std::move(access_log);
    shared.log = std::move(log);
  }

  void accept() {
    acceptor.async_accept(asio::make_strand(io),
                          [this](beast::error_code error, tcp::socket socket) { on_accept(error, std::move(socket)); });
  }

  void on_accept(beast::error_code error, tcp::socket socket) {
    if (error == asio::error::operation_aborted || !acceptor.is_open()) return;
    if (error == asio::error::no_descriptors || error.value() == ENFILE || error == asio::error::no_buffer_space ||
        error == asio::error::no_memory) {
      // Out of descriptors: accept() would fail again at once. Wait for some to be freed.
      const auto now = std::chrono::steady_clock::now();
      if (now - last_backoff_warning > std::chrono::seconds(10)) {
        shared.log->warn("warning: accept failed ({}); pausing {} ms. Lower --max-connections or raise 'ulimit -n'",
                         error.message(), kAcceptBackoff.count());
        last_backoff_warning = now;
      }
      backoff.expires_after(kAcceptBackoff);
      backoff.async_wait([this](beast::error_code waited) {
        if (!waited) accept();
      });
      return;
    }
    if (!error) admit(std::move(socket));
    accept();
  }

  void admit(tcp::socket socket) {
    beast::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    const std::size_t limit = shared.options.max_connections;
    const std::size_t open = shared.open.load(std::memory_order_relaxed);
    if (open >= limit + kRefusalHeadroom) return;  // the socket closes as it goes out of scope
    auto session = std::make_shared<Session>(std::move(socket), shared);
    if (open >= limit) {
      if (std::shared_ptr<Session> oldest = shared.take_oldest_idle()) {
        oldest->evict();
      } else {
        session->refuse();
        return;
      }
    }
    session->start();
  }

  void begin_stop() {
    if (shared.stopping.exchange(true)) return;
    asio::post(acceptor.get_executor(), [this] {
      beast::error_code ignored;
      acceptor.close(ignored);
      backoff.cancel();
    });
    stop_by = std::chrono::steady_clock::now() + shared.options.shutdown_grace;
    asio::post(io, [this] { wait_for_requests({}); });
  }

  // After stop(): poll until no request is in flight, or the grace period is over.
  void wait_for_requests(beast::error_code) {
    if (shared.in_flight.load() == 0 || std::chrono::steady_clock::now() >= stop_by) {
      io.stop();
      return;
    }
    grace.expires_after(std::chrono::milliseconds(20));
    grace.async_wait([this](beast::error_code error) { wait_for_requests(error); });
  }

  ServerShared shared;
  asio::io_context io;
  tcp::acceptor acceptor;
  asio::steady_timer backoff;
  asio::steady_timer grace;
  asio::signal_set signals;
  std::chrono::steady_clock::time_point stop_by;
  std::chrono::steady_clock::time_point last_backoff_warning;
};

HttpServer::HttpServer(HttpHandler handler, Options options, std::shared_ptr<spdlog::logger> access_log,
                       std::shared_ptr<spdlog::logger> log)
    : impl_(std::make_unique<Impl>(std::move(handler), std::move(options), std::move(access_log), std::move(log))) {}

HttpServer::~HttpServer() = default;

Status HttpServer::listen(const std::string& host, int port) {
  beast::error_code error;
  const auto address = asio::ip::make_address(host, error);
  if (error) return Status(ErrorCode::kInvalidArgument, "'" + host + "' is not an IP address; use e.g. 127.0.0.1");
  if (port < 0 || port > 65535) return Status(ErrorCode::kInvalidArgument, "the port must be between 0 and 65535");
  const tcp::endpoint endpoint(address, static_cast<unsigned short>(port));
  tcp::acceptor& acceptor = impl_->acceptor;
  acceptor.open(endpoint.protocol(), error);
  if (!error) acceptor.set_option(asio::socket_base::reuse_address(true), error);
  if (!error) acceptor.bind(endpoint, error);
  if (!error) acceptor.listen(asio::socket_base::max_listen_connections, error);
  if (error) {
    return Status(ErrorCode::kIo,
                  "cannot listen on " + host + ":" + std::to_string(port) + ": " + error.message() +
                      (error == asio::error::address_in_use ? "; is another server running? Try --port" : ""));
  }
  impl_->accept();
  return Status::ok();
}

std::string HttpServer::address() const {
  beast::error_code ignored;
  return impl_->acceptor.local_endpoint(ignored).address().to_string();
}

unsigned short HttpServer::port() const {
  beast::error_code ignored;
  return impl_->acceptor.local_endpoint(ignored).port();
}

void HttpServer::run() {
  const int threads = std::max(1, impl_->shared.options.threads);
  // Each thread's run() is an exception boundary of last resort: the handlers catch what
  // a request throws, so anything arriving here escaped Beast or Asio themselves.
  const auto serve = [this] {
    for (;;) {
      try {
        impl_->io.run();
        return;
      } catch (const std::exception& failure) {
        impl_->shared.log->error("incident {}: the I/O loop caught: {}", random_hex_id(8), failure.what());
      } catch (...) {
        impl_->shared.log->error("incident {}: the I/O loop caught an exception of unknown type", random_hex_id(8));
      }
    }
  };
  std::vector<std::thread> pool;
  pool.reserve(static_cast<std::size_t>(threads - 1));
  for (int i = 1; i < threads; ++i) pool.emplace_back(serve);
  serve();
  for (std::thread& thread : pool) thread.join();
}

void HttpServer::stop() { impl_->begin_stop(); }

void HttpServer::stop_on_signals() {
  impl_->signals.add(SIGINT);
  impl_->signals.add(SIGTERM);
  impl_->signals.async_wait([this](beast::error_code error, int signal) {
    if (error) return;
    impl_->shared.log->info("received {}, shutting down", signal == SIGINT ? "SIGINT" : "SIGTERM");
    stop();
  });
}

}  // namespace entente
