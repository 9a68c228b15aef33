#include "server/http_server.hpp"

#include <spdlog/logger.h>

#include <array>
#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/url/parse.hpp>
#include <ctime>
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
// A streamed reply (HttpReply::stream): one chunk of the stream at a time.
using StreamedBody = http::buffer_body;
using StreamedResponse = http::response<StreamedBody>;

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

  // Connections waiting on their client — for a request, for the rest of its body, or
  // for the client to read a reply — in the order they began to wait: the first is closed
  // when the connection limit is reached. Only a connection whose request is in the
  // handler is not here. Each session knows its own node (guarded by the mutex).
  std::mutex waiting_mutex;
  std::list<std::weak_ptr<Session>> waiting;

  // Takes the connection that has waited longest and marks it for closing; nullptr when
  // every connection is in the handler.
  std::shared_ptr<Session> take_longest_waiting();
};

namespace {

// "Tue, 15 Nov 1994 08:12:31 GMT" (RFC 9110 5.6.7), formatted at most once a second per thread.
std::string_view http_date() {
  thread_local std::time_t formatted_at = 0;
  thread_local std::array<char, 32> text{};
  const std::time_t now = std::time(nullptr);
  if (now != formatted_at) {
    std::tm utc{};
    gmtime_r(&now, &utc);
    std::strftime(text.data(), text.size(), "%a, %d %b %Y %H:%M:%S GMT", &utc);
    formatted_at = now;
  }
  return {text.data()};
}

// A request target as the access log writes it: quotes, backslashes, control bytes and
// bytes that are not UTF-8 become \xNN, so that a client cannot forge a log field.
std::string loggable(std::string_view text) {
  static constexpr char kDigits[] = "0123456789abcdef";
  const bool utf8 = is_valid_utf8(text);
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7F || c == '"' || c == '\\' || (byte >= 0x80 && !utf8)) {
      out += "\\x";
      out += kDigits[byte >> 4U];
      out += kDigits[byte & 0xFU];
    } else {
      out += c;
    }
  }
  return out;
}

// The client a request counts against for shared resources: its IPv4 address, or the /64
// of its IPv6 address (one subscriber's network).
std::string client_key(const asio::ip::address& address) {
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    return asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6()).to_string();
  }
  if (!address.is_v6()) return address.to_string();
  asio::ip::address_v6::bytes_type bytes = address.to_v6().to_bytes();
  std::fill(bytes.begin() + 8, bytes.end(), 0);
  return asio::ip::address_v6(bytes).to_string() + "/64";
}

bool is_absolute_form(std::string_view target) {
  const auto starts = [&](std::string_view scheme) {
    return target.size() > scheme.size() && beast::iequals(target.substr(0, scheme.size()), scheme);
  };
  return starts("http://") || starts("https://");
}

// After a reply that closes the connection, what the client still sends is read and
// dropped for this long, up to this much, so that closing does not reset the connection
// and discard the reply before the client has read it.
constexpr auto kLingerTime = std::chrono::seconds(2);
constexpr std::size_t kLingerBytes = std::size_t{256} * 1024;

}  // namespace

// One TCP connection: read a request, answer it, repeat while keep-alive holds.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket&& socket, ServerShared& shared) : stream_(std::move(socket)), shared_(shared) {
    shared_.open.fetch_add(1, std::memory_order_relaxed);
    beast::error_code ignored;
    const auto remote = stream_.socket().remote_endpoint(ignored);
    address_ = remote.address().to_string();
    client_ = client_key(remote.address());
  }

  ~Session() {
    const std::lock_guard lock(shared_.waiting_mutex);
    if (waiting_) shared_.waiting.erase(waiting_node_);
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
      self->respond(std::move(reply), 11, false, false);
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

  // Puts this connection at the end of the waiting list. False when it has been taken
  // for closing (the caller then stops).
  bool mark_waiting() {
    const std::lock_guard lock(shared_.waiting_mutex);
    if (evicted_) return false;
    if (waiting_) shared_.waiting.erase(waiting_node_);
    waiting_node_ = shared_.waiting.insert(shared_.waiting.end(), weak_from_this());
    waiting_ = true;
    return true;
  }

  // Takes this connection off the waiting list. False when it has been taken for
  // closing: a request is then not run, since its reply could not be delivered.
  bool mark_busy() {
    const std::lock_guard lock(shared_.waiting_mutex);
    if (waiting_) shared_.waiting.erase(waiting_node_);
    waiting_ = false;
    return !evicted_;
  }

  void read_header() {
    if (shared_.stopping.load(std::memory_order_relaxed) || !mark_waiting()) return close();
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(shared_.options.max_header_bytes));
    parser_->body_limit(shared_.options.max_body_bytes);
    method_ = "-";
    target_ = "-";
    request_id_ = quick_hex_id(8);
    stream_.expires_after(shared_.options.idle_timeout);
    http::async_read_header(stream_, buffer_, *parser_,
                            beast::bind_front_handler(&Session::on_header, shared_from_this()));
  }

  void on_header(beast::error_code error, std::size_t /*bytes*/) {
    started_ = std::chrono::steady_clock::now();
    if (error) return on_read_error(error);
    const auto& request = parser_->get();
    const auto field = [&](http::field name) -> std::optional<std::string_view> {
      const auto it = request.find(name);
      if (it == request.end()) return std::nullopt;
      return std::string_view(it->value().data(), it->value().size());
    };
    method_.assign(request.method_string().data(), request.method_string().size());
    target_.assign(request.target().data(), request.target().size());
    RequestHead head;
    head.method = method_;
    head.target = target_;
    head.version = request.version();
    head.host = field(http::field::host);
    head.host_count = request.count(http::field::host);
    // An absolute-form target names its host (RFC 9112 3.2.2): the rest is routed as usual.
    if (is_absolute_form(target_)) {
      const auto absolute = boost::urls::parse_absolute_uri(target_);
      if (absolute) {
        authority_.assign(absolute->encoded_authority().data(), absolute->encoded_authority().size());
        std::string origin_form(absolute->encoded_path().data(), absolute->encoded_path().size());
        if (origin_form.empty()) origin_form = "/";
        if (absolute->has_query()) origin_form += "?" + std::string(absolute->encoded_query());
        target_ = std::move(origin_form);
        head.target = target_;
        head.host = authority_;
        head.host_count = 1;
      }
    }
    head.path = std::string_view(target_).substr(0, target_.find('?'));
    head.origin = field(http::field::origin);
    head.content_type = field(http::field::content_type);
    std::string codings;
    const auto [first_coding, end_codings] = request.equal_range(http::field::transfer_encoding);
    for (auto coding = first_coding; coding != end_codings; ++coding) {
      codings += (codings.empty() ? "" : ", ") + std::string(coding->value());
    }
    head.transfer_encoding = codings;
    head.has_transfer_encoding = request.find(http::field::transfer_encoding) != request.end();
    head.chunked = parser_->chunked();
    head.has_body = parser_->chunked() || parser_->content_length().value_or(0) > 0;
    if (std::optional<HttpReply> refused = check_request(head, shared_.options.policy)) {
      return respond(std::move(*refused), request.version(), false, false);
    }
    if (parser_->is_done()) return dispatch();
    const auto expect = field(http::field::expect);
    if (expect && beast::iequals(trim(*expect), "100-continue")) {
      // The client waits to be told to send its body (RFC 9110 10.1.1).
      interim_.emplace(http::status::continue_, request.version());
      stream_.expires_after(shared_.options.idle_timeout);
      return http::async_write(stream_, *interim_, [self = shared_from_this()](beast::error_code sent, std::size_t) {
        if (sent) return;
        self->read_body();
      });
    }
    read_body();
  }

  void read_body() {
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
    respond(std::move(reply), 11, false, false);
  }

  // Runs the handler inside the request's exception boundary.
  void dispatch() {
    if (!mark_busy()) return close();
    shared_.in_flight.fetch_add(1, std::memory_order_relaxed);
    counted_ = true;
    const auto& request = parser_->get();
    const std::string_view target = target_;
    const std::string_view path = target.substr(0, target.find('?'));
    HttpReply reply;
    try {
      const auto header = [&request](const auto& name) {
        const auto found = request.find(name);
        return found == request.end() ? std::string_view()
                                      : std::string_view(found->value().data(), found->value().size());
      };
      HttpRequest context;
      context.method = method_;
      context.target = target;
      context.path = path;
      context.body = request.body();
      context.client = client_;
      context.if_none_match = header(http::field::if_none_match);
      context.if_match = header(http::field::if_match);
      context.cookie = header(http::field::cookie);
      context.authorization = header(http::field::authorization);
      context.csrf_token = header("X-CSRF-Token");
      context.user_agent = header(http::field::user_agent);
      context.accept = header(http::field::accept);
      // Several Accept-Encoding fields make one list (RFC 9110 5.3).
      accept_encoding_.clear();
      const auto [first_coding, end_codings] = request.equal_range(http::field::accept_encoding);
      for (auto coding = first_coding; coding != end_codings; ++coding) {
        if (!accept_encoding_.empty()) accept_encoding_ += ", ";
        accept_encoding_.append(coding->value().data(), coding->value().size());
      }
      context.accept_encoding = accept_encoding_;
      context.request_id = request_id_;
      reply = shared_.handler(context);
    } catch (const std::exception& failure) {
      reply = incident(failure.what());
    } catch (...) {
      reply = incident("an exception of unknown type");
    }
    respond(std::move(reply), request.version(), request.keep_alive(), request.method() == http::verb::head);
  }

  HttpReply incident(std::string_view what) {
    const std::string id = quick_hex_id(8);
    shared_.log->error("incident {}: request {}: {} \"{}\" from {} failed: {}", id, request_id_, method_,
                       loggable(target_), address_, what);
    return incident_reply(id, "");
  }

  void respond(HttpReply reply, unsigned version, bool keep_alive, bool head_only) {
    response_ = Response{static_cast<http::status>(reply.status), version};
    try {
      response_.set(http::field::server, "entente");
      response_.set(http::field::date, http_date());
      response_.set("X-Request-Id", request_id_);
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
      const HttpReply fallback = incident(failure.what());
      response_.set(http::field::content_type, fallback.content_type);
      response_.keep_alive(false);
      reply.body = fallback.body;
      reply.stream.reset();
    }
    if (reply.stream) return respond_streamed(std::move(reply.stream), version, head_only);
    body_ = reply.body;
    const std::size_t length = body_ ? body_->size() : 0;
    if (!head_only && body_) response_.body() = Body::value_type(body_->data(), body_->size());
    response_.content_length(length);
    if (shared_.access_log) log_access(version, length);
    if (!mark_waiting()) return close();  // waiting for the client to read the reply
    stream_.expires_after(shared_.options.idle_timeout);
    http::async_write(stream_, response_, beast::bind_front_handler(&Session::on_write, shared_from_this()));
  }

  // Sends the header of a streamed reply, then its chunks as the socket takes them: one
  // chunk is held at a time, and the next is pulled only once the last has been written.
  // Each write has the idle timeout. HTTP/1.1 gets chunked transfer coding; HTTP/1.0 the
  // raw bytes and the connection's close as the body's end. HEAD sends the header alone.
  void respond_streamed(std::shared_ptr<ReplyStream> stream, unsigned version, bool head_only) {
    if (version < 11) response_.keep_alive(false);
    streamed_.emplace(response_.base());
    if (version >= 11) streamed_->chunked(true);
    streamed_->body().data = nullptr;
    streamed_->body().size = 0;
    streamed_->body().more = !head_only;
    reply_stream_ = head_only ? nullptr : std::move(stream);
    streamed_bytes_ = 0;
    streamed_version_ = version;
    streamed_serializer_.emplace(*streamed_);
    if (!mark_waiting()) return close();  // waiting for the client to read the reply
    stream_.expires_after(shared_.options.idle_timeout);
    http::async_write_header(stream_, *streamed_serializer_,
                             beast::bind_front_handler(&Session::on_streamed_write, shared_from_this()));
  }

  void on_streamed_write(beast::error_code error, std::size_t /*bytes*/) {
    if (error == http::error::need_buffer) error = {};  // the chunk is written: pull the next
    if (error || !reply_stream_ || streamed_serializer_->is_done()) return finish_streamed(error);
    StreamedBody::value_type& body = streamed_->body();
    bool more = false;
    try {
      do {
        more = reply_stream_->next(streamed_chunk_);
      } while (more && streamed_chunk_.empty());
    } catch (const std::exception& failure) {
      incident(failure.what());
      return finish_streamed(asio::error::operation_aborted);
    } catch (...) {
      incident("an exception of unknown type");
      return finish_streamed(asio::error::operation_aborted);
    }
    if (more) {
      body.data = streamed_chunk_.data();
      body.size = streamed_chunk_.size();
      streamed_bytes_ += streamed_chunk_.size();
    } else {
      body.data = nullptr;
      body.size = 0;
    }
    body.more = more;
    stream_.expires_after(shared_.options.idle_timeout);
    http::async_write(stream_, *streamed_serializer_,
                      beast::bind_front_handler(&Session::on_streamed_write, shared_from_this()));
  }

  // The end of a streamed reply. After an error the connection closes without the last
  // chunk, so that the client sees the body cut short.
  void finish_streamed(beast::error_code error) {
    if (shared_.access_log) log_access(streamed_version_, streamed_bytes_);
    reply_stream_.reset();
    streamed_serializer_.reset();
    streamed_.reset();
    streamed_chunk_ = std::string();
    if (error) {
      beast::error_code ignored;
      stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    }
    on_write(error, 0);
  }

  void on_write(beast::error_code error, std::size_t /*bytes*/) {
    if (counted_) shared_.in_flight.fetch_sub(1, std::memory_order_relaxed);
    counted_ = false;
    body_.reset();
    if (error) return;
    if (!response_.keep_alive()) return linger();
    read_header();
  }

  // Half-closes, then reads and drops what the client still sends until it closes too, or
  // for kLingerTime at most (RFC 9112 9.6).
  void linger() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.expires_after(kLingerTime);
    drain({}, 0);
  }

  void drain(beast::error_code error, std::size_t bytes) {
    lingered_ += bytes;
    if (error || lingered_ > kLingerBytes) return;  // the session ends and the socket closes
    stream_.async_read_some(asio::buffer(drain_buffer_),
                            beast::bind_front_handler(&Session::drain, shared_from_this()));
  }

  void close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  }

  void log_access(unsigned version, std::size_t length) {
    const double millis =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started_).count();
    shared_.access_log->info("{} \"{} {} HTTP/{}.{}\" {} {} {:.3f}ms {}", address_, loggable(method_),
                             loggable(target_), version / 10, version % 10, response_.result_int(), length, millis,
                             request_id_);
  }

  beast::tcp_stream stream_;
  ServerShared& shared_;
  std::string address_;  // the peer's address, for the logs
  std::string client_;   // what it counts against (client_key)
  // Holds one parse unit (the header, a chunk header, the trailers) at a time: the body
  // goes to the parser's string as it arrives, so the buffer never needs more than this.
  beast::flat_buffer buffer_{shared_.options.max_header_bytes + 1024};
  std::optional<http::request_parser<http::string_body>> parser_;
  std::optional<http::response<http::empty_body>> interim_;  // 100 Continue
  std::string request_id_ = quick_hex_id(8);                 // in the reply, the access log and incidents
  std::string method_ = "-";
  std::string target_ = "-";     // in origin form
  std::string authority_;        // of an absolute-form target
  std::string accept_encoding_;  // the request's Accept-Encoding fields, joined
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  Response response_;
  std::shared_ptr<const std::string> body_;  // what response_ points into, until written
  // A streamed reply being written: its header (copied from response_), its serializer,
  // the stream and the chunk being written.
  std::optional<StreamedResponse> streamed_;
  std::optional<http::response_serializer<StreamedBody>> streamed_serializer_;
  std::shared_ptr<ReplyStream> reply_stream_;
  std::string streamed_chunk_;
  std::size_t streamed_bytes_ = 0;
  unsigned streamed_version_ = 11;
  std::array<char, 4096> drain_buffer_{};
  std::size_t lingered_ = 0;
  bool counted_ = false;  // counted in in_flight
  bool waiting_ = false;  // guarded by shared_.waiting_mutex
  bool evicted_ = false;  // guarded by shared_.waiting_mutex
  std::list<std::weak_ptr<Session>>::iterator waiting_node_;
};

std::shared_ptr<Session> ServerShared::take_longest_waiting() {
  const std::lock_guard lock(waiting_mutex);
  for (auto it = waiting.begin(); it != waiting.end(); ++it) {
    // An expired entry belongs to a session being destroyed: it removes itself.
    if (std::shared_ptr<Session> session = it->lock()) {
      session->waiting_ = false;
      session->evicted_ = true;
      waiting.erase(it);
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
      if (std::shared_ptr<Session> oldest = shared.take_longest_waiting()) {
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
        impl_->shared.log->error("incident {}: the I/O loop caught: {}", quick_hex_id(8), failure.what());
      } catch (...) {
        impl_->shared.log->error("incident {}: the I/O loop caught an exception of unknown type", quick_hex_id(8));
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
