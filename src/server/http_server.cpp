#include <spdlog/logger.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <ostream>
#include <thread>
#include <vector>

#include "engine/engine.hpp"
#include "server/router.hpp"
#include "server/server.hpp"
#include "server/static_files.hpp"

namespace entente {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr auto kIdleTimeout = std::chrono::seconds(30);
constexpr auto kShutdownGrace = std::chrono::seconds(2);
constexpr std::uint64_t kMaxRequestBodyBytes = std::uint64_t{64} * 1024;

// What every connection shares: the router, the UI files and the log.
struct ServerContext {
  ApiRouter router;
  StaticFiles files;
  std::shared_ptr<spdlog::logger> access_log;  // nullptr when off
  std::atomic<bool> stopping{false};
  std::atomic<int> in_flight{0};  // requests read whose response is not yet written
};

http::response<http::string_body> handle(const ServerContext& context,
                                         const http::request<http::string_body>& request) {
  const std::string_view target(request.target().data(), request.target().size());
  const std::string_view path = target.substr(0, target.find('?'));
  const std::string_view method(request.method_string().data(), request.method_string().size());
  HttpReply reply;
  std::string_view cache_control = "no-cache";

  if (ApiRouter::handles(path)) {
    reply = context.router.route(method, target, request.body());
  } else if (request.method() != http::verb::get && request.method() != http::verb::head) {  // static files
    reply = problem_reply(405, "method-not-allowed", "Method not allowed", "only GET and HEAD are supported", path);
    reply.headers.emplace_back("Allow", "GET, HEAD");
  } else if (const StaticFiles::File* file = context.files.find(path)) {
    reply = HttpReply{200, file->content_type, file->body, {}};
    if (file->immutable) cache_control = "public, max-age=31536000, immutable";
  } else if (context.files.size() == 0 && (path == "/" || path == "/index.html")) {
    reply = HttpReply{503,
                      "text/plain; charset=utf-8",
                      "The browser UI is not built. Run scripts/setup (or 'npm ci && npm run build' in web/), "
                      "or pass --web with the folder of the built UI. The API is at /api/v1/.\n",
                      {}};
  } else {
    reply = HttpReply{404, "text/plain; charset=utf-8", "Not found: " + std::string(path) + "\n", {}};
  }

  http::response<http::string_body> response{static_cast<http::status>(reply.status), request.version()};
  response.set(http::field::server, "entente");
  response.set(http::field::content_type, reply.content_type);
  response.set(http::field::cache_control, cache_control);
  response.set("X-Content-Type-Options", "nosniff");
  for (const auto& [name, value] : reply.headers) response.set(name, value);
  response.keep_alive(request.keep_alive() && !context.stopping.load(std::memory_order_relaxed));
  const std::size_t length = reply.body.size();
  if (request.method() != http::verb::head) response.body() = std::move(reply.body);
  response.content_length(length);
  return response;
}

// One TCP connection: read a request, answer it, repeat while keep-alive holds.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket&& socket, ServerContext& context) : stream_(std::move(socket)), context_(context) {}

  void start() {
    asio::dispatch(stream_.get_executor(), beast::bind_front_handler(&Session::read, shared_from_this()));
  }

 private:
  void read() {
    parser_.emplace();
    parser_->body_limit(kMaxRequestBodyBytes);
    stream_.expires_after(kIdleTimeout);
    http::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&Session::on_read, shared_from_this()));
  }

  void on_read(beast::error_code error, std::size_t /*bytes*/) {
    if (error == http::error::end_of_stream) return close();
    if (error) {
      if (error != beast::error::timeout && error != asio::error::operation_aborted &&
          error != asio::error::connection_reset) {
        reply_bad_request(error);
      }
      return;
    }
    const auto started = std::chrono::steady_clock::now();
    context_.in_flight.fetch_add(1, std::memory_order_relaxed);
    request_ = parser_->release();
    response_ = handle(context_, request_);
    if (context_.access_log) log(started);
    write();
  }

  void reply_bad_request(beast::error_code error) {
    const HttpReply reply =
        problem_reply(400, "bad-request", "Bad request", "malformed HTTP request: " + error.message(), "");
    bad_request_ = true;
    response_ = http::response<http::string_body>{http::status::bad_request, 11};
    response_.set(http::field::content_type, reply.content_type);
    response_.body() = reply.body;
    response_.keep_alive(false);
    response_.prepare_payload();
    write();
  }

  void write() {
    http::async_write(stream_, response_, beast::bind_front_handler(&Session::on_write, shared_from_this()));
  }

  void on_write(beast::error_code error, std::size_t /*bytes*/) {
    if (!bad_request_) context_.in_flight.fetch_sub(1, std::memory_order_relaxed);
    if (error) return;
    if (!response_.keep_alive()) return close();
    read();
  }

  void close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  }

  void log(std::chrono::steady_clock::time_point started) {
    const double millis = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    beast::error_code ignored;
    const auto remote = stream_.socket().remote_endpoint(ignored);
    context_.access_log->info("{} \"{} {} HTTP/{}.{}\" {} {} {:.3f}ms", remote.address().to_string(),
                              std::string_view(request_.method_string().data(), request_.method_string().size()),
                              std::string_view(request_.target().data(), request_.target().size()),
                              request_.version() / 10, request_.version() % 10, response_.result_int(),
                              response_.body().size(), millis);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http::request<http::string_body> request_;
  http::response<http::string_body> response_;
  ServerContext& context_;
  bool bad_request_ = false;
};

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(asio::io_context& io, ServerContext& context)
      : io_(io), acceptor_(asio::make_strand(io)), context_(context) {}

  Status bind(const std::string& host, int port) {
    beast::error_code error;
    const auto address = asio::ip::make_address(host, error);
    if (error) return Status(ErrorCode::kInvalidArgument, "'" + host + "' is not an IP address; use e.g. 127.0.0.1");
    const tcp::endpoint endpoint(address, static_cast<unsigned short>(port));
    acceptor_.open(endpoint.protocol(), error);
    if (!error) acceptor_.set_option(asio::socket_base::reuse_address(true), error);
    if (!error) acceptor_.bind(endpoint, error);
    if (!error) acceptor_.listen(asio::socket_base::max_listen_connections, error);
    if (error) {
      return Status(ErrorCode::kIo,
                    "cannot listen on " + host + ":" + std::to_string(port) + ": " + error.message() +
                        (error == asio::error::address_in_use ? "; is another server running? Try --port" : ""));
    }
    return Status::ok();
  }

  tcp::endpoint local_endpoint() const { return acceptor_.local_endpoint(); }

  void start() { accept(); }

  void stop() {
    asio::post(acceptor_.get_executor(), [self = shared_from_this()] {
      beast::error_code ignored;
      self->acceptor_.close(ignored);
    });
  }

 private:
  void accept() {
    acceptor_.async_accept(asio::make_strand(io_), beast::bind_front_handler(&Listener::on_accept, shared_from_this()));
  }

  void on_accept(beast::error_code error, tcp::socket socket) {
    if (error == asio::error::operation_aborted || !acceptor_.is_open()) return;
    if (!error) {
      beast::error_code ignored;
      socket.set_option(tcp::no_delay(true), ignored);
      std::make_shared<Session>(std::move(socket), context_)->start();
    }
    accept();
  }

  asio::io_context& io_;
  tcp::acceptor acceptor_;
  ServerContext& context_;
};

std::shared_ptr<spdlog::logger> make_access_log(const std::string& target) {
  if (target == "off") return nullptr;
  std::shared_ptr<spdlog::logger> logger;
  if (target == "-") {
    logger = std::make_shared<spdlog::logger>("access", std::make_shared<spdlog::sinks::stderr_sink_mt>());
  } else {
    logger = std::make_shared<spdlog::logger>("access", std::make_shared<spdlog::sinks::basic_file_sink_mt>(target));
  }
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %v");
  logger->flush_on(spdlog::level::info);
  return logger;
}

}  // namespace

Status run_server(const Engine& engine, const ServerOptions& options, std::ostream& out, std::ostream& err) {
  ServerContext context{ApiRouter(engine, static_cast<std::size_t>(options.reply_cache),
                                  {options.scenarios_dir, static_cast<unsigned>(options.simulation_threads)}),
                        StaticFiles::load(options.web_root),
                        nullptr,
                        {},
                        {}};
  try {
    context.access_log = make_access_log(options.access_log);
  } catch (const spdlog::spdlog_ex& error) {
    return Status(ErrorCode::kIo, "cannot open the access log " + options.access_log + ": " + error.what());
  }
  if (context.files.size() == 0) {
    err << "entente: warning: no browser UI in " << options.web_root
        << " (run scripts/setup to build it); serving the API only\n";
  }

  const int threads =
      options.threads > 0 ? options.threads : static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
  asio::io_context io(threads);
  auto listener = std::make_shared<Listener>(io, context);
  if (Status status = listener->bind(options.host, options.port); !status) return status;
  listener->start();

  // After a signal: poll until no request is in flight, or the grace period is over.
  asio::steady_timer grace(io);
  std::function<void(beast::error_code)> wait_for_requests;
  std::chrono::steady_clock::time_point stop_by;
  wait_for_requests = [&](beast::error_code) {
    if (context.in_flight.load() == 0 || std::chrono::steady_clock::now() >= stop_by) {
      io.stop();
      return;
    }
    grace.expires_after(std::chrono::milliseconds(20));
    grace.async_wait(wait_for_requests);
  };
  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](beast::error_code error, int signal) {
    if (error) return;
    err << "entente: received " << (signal == SIGINT ? "SIGINT" : "SIGTERM") << ", shutting down\n";
    context.stopping = true;
    listener->stop();
    stop_by = std::chrono::steady_clock::now() + kShutdownGrace;
    wait_for_requests({});
  });

  const tcp::endpoint endpoint = listener->local_endpoint();
  out << "listening on http://" << endpoint.address().to_string() << ":" << endpoint.port() << std::endl;

  std::vector<std::thread> pool;
  pool.reserve(static_cast<std::size_t>(threads - 1));
  for (int i = 1; i < threads; ++i) pool.emplace_back([&io] { io.run(); });
  io.run();
  for (std::thread& thread : pool) thread.join();
  err << "entente: stopped\n";
  return Status::ok();
}

}  // namespace entente
