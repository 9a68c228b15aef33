#include "server/http_server.hpp"

#include <gtest/gtest.h>
#include <spdlog/logger.h>
#include <spdlog/sinks/ostream_sink.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <array>
#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "server/compression.hpp"

namespace entente {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

// A connected client socket that gives up reading after five seconds.
tcp::socket connect_to(asio::io_context& io, unsigned short port) {
  tcp::socket socket(io);
  socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  const timeval timeout{5, 0};
  setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  return socket;
}

struct Answer {
  unsigned status = 0;
  std::string body;
  http::response<http::string_body> response;
  bool closed_after = false;  // the server closed the connection after answering
};

// Sends `raw` as it is and reads one response.
Answer round_trip(tcp::socket& socket, const std::string& raw) {
  beast::error_code error;
  asio::write(socket, asio::buffer(raw), error);
  Answer answer;
  beast::flat_buffer buffer;
  http::read(socket, buffer, answer.response, error);
  if (error) return answer;
  answer.status = answer.response.result_int();
  answer.body = answer.response.body();
  char byte = 0;
  answer.closed_after = !answer.response.keep_alive() && (socket.read_some(asio::buffer(&byte, 1), error), error);
  return answer;
}

std::string code_of(const Answer& answer) {
  boost::system::error_code error;
  const boost::json::value body = boost::json::parse(answer.body, error);
  if (error || !body.is_object() || !body.as_object().contains("code")) return "(no problem body)";
  return std::string(body.at("code").as_string());
}

const std::string kGet = "GET /ok HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

// What /encoded answers, gzipped.
const std::string kText = [] {
  std::string text;
  for (int line = 0; line < 200; ++line) text += "line " + std::to_string(line) + " of a text worth compressing\n";
  return text;
}();

// A streamed body: `chunks` chunks of 64 KiB (endless when negative), each filled with its
// own number's letter; counts the chunks pulled; throws instead of its chunk `throw_at`.
class CountingStream final : public ReplyStream {
 public:
  static constexpr std::size_t kChunkBytes = std::size_t{64} * 1024;

  CountingStream(int chunks, std::shared_ptr<std::atomic<int>> pulled, int throw_at = -1)
      : chunks_(chunks), pulled_(std::move(pulled)), throw_at_(throw_at) {}

  static char letter(int chunk) { return static_cast<char>('a' + chunk % 26); }

  bool next(std::string& chunk) override {
    if (chunks_ >= 0 && sent_ >= chunks_) return false;
    if (sent_ == throw_at_) throw std::runtime_error("stream failure");
    pulled_->fetch_add(1);
    chunk.assign(kChunkBytes, letter(sent_++));
    return true;
  }

 private:
  int chunks_;
  std::shared_ptr<std::atomic<int>> pulled_;
  int throw_at_;
  int sent_ = 0;
};

// A server on an ephemeral loopback port whose handler answers "ok" and throws on /boom.
class HttpServerTest : public ::testing::Test {
 protected:
  void start(HttpServer::Options options = {}) {
    options.threads = 2;
    auto log = std::make_shared<spdlog::logger>("test", std::make_shared<spdlog::sinks::ostream_sink_mt>(log_, true));
    auto access =
        std::make_shared<spdlog::logger>("access", std::make_shared<spdlog::sinks::ostream_sink_mt>(access_, true));
    server_ = std::make_unique<HttpServer>(
        [this](const HttpRequest& request) -> HttpReply {
          if (request.path == "/boom") throw std::runtime_error("injected failure");
          if (request.path == "/codings") return HttpReply{200, "text/plain", std::string(request.accept_encoding)};
          if (request.path == "/encoded")
            return encode_reply(HttpReply{200, "text/plain", kText}, ContentCoding::kGzip);
          if (request.path.starts_with("/stream")) {
            HttpReply reply{200, "text/csv", std::string()};
            const int throw_at = request.path == "/stream/throws" ? 3 : -1;
            const int chunks = request.path == "/stream/endless" ? -1 : kStreamedChunks;
            reply.stream = std::make_shared<CountingStream>(chunks, pulled_, throw_at);
            return reply;
          }
          return HttpReply{200, "text/plain", "ok " + std::string(request.body)};
        },
        std::move(options), access, log);
    ASSERT_TRUE(server_->listen("127.0.0.1", 0));
    thread_ = std::thread([this] { server_->run(); });
  }

  ~HttpServerTest() override {
    if (!server_) return;
    server_->stop();
    thread_.join();
  }

  unsigned short port() const { return server_->port(); }

  // The status of a GET on a new connection at the connection limit, once the server has
  // made room. A connection counts as waiting only once the server has begun to wait on
  // it, so a first try may find none to close (and be answered 503): poll for the 200.
  unsigned admitted_status() {
    unsigned status = 0;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (status != 200 && std::chrono::steady_clock::now() < deadline) {
      tcp::socket fresh = connect_to(io_, port());
      const Answer answer = round_trip(fresh, kGet);
      status = answer.status;
      if (status == 503) {
        EXPECT_EQ(answer.response[http::field::retry_after], "1");
        std::this_thread::yield();
      }
    }
    return status;
  }
  std::string log() const { return log_.str(); }
  // The access log so far; its sink flushes every line.
  std::string access_log() const { return access_.str(); }

  static constexpr int kStreamedChunks = 100;  // 6.25 MiB

  asio::io_context io_;
  std::shared_ptr<std::atomic<int>> pulled_ = std::make_shared<std::atomic<int>>(0);
  std::ostringstream log_;
  std::ostringstream access_;
  std::unique_ptr<HttpServer> server_;
  std::thread thread_;
};

// Several Accept-Encoding fields reach the handler as one list (RFC 9110 5.3).
TEST_F(HttpServerTest, AcceptEncodingFieldsAreJoined) {
  start();
  tcp::socket socket = connect_to(io_, port());
  const Answer one = round_trip(socket, "GET /codings HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Encoding: br\r\n\r\n");
  EXPECT_EQ(one.body, "br");
  const Answer two = round_trip(socket,
                                "GET /codings HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Encoding: gzip\r\n"
                                "accept-encoding: br;q=0\r\n\r\n");
  EXPECT_EQ(two.body, "gzip, br;q=0");
  const Answer none = round_trip(socket, "GET /codings HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  EXPECT_EQ(none.status, 200U);
  EXPECT_EQ(none.body, "");
}

// An encoded body goes out with its own length; HEAD says the same and sends no body.
TEST_F(HttpServerTest, AnEncodedReplyHasItsEncodedLengthAndHeadSendsNoBody) {
  start();
  tcp::socket socket = connect_to(io_, port());
  const Answer got = round_trip(socket, "GET /encoded HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  ASSERT_EQ(got.status, 200U);
  EXPECT_EQ(got.response[http::field::content_encoding], "gzip");
  EXPECT_EQ(got.response[http::field::vary], "Accept-Encoding");
  EXPECT_EQ(got.response[http::field::content_length], std::to_string(got.body.size()));
  EXPECT_LT(got.body.size(), kText.size());
  EXPECT_EQ(decode(ContentCoding::kGzip, got.body, kText.size()), kText);

  asio::write(socket, asio::buffer(std::string("HEAD /encoded HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")));
  http::response_parser<http::string_body> head;
  head.skip(true);  // a reply to HEAD has no body, whatever its Content-Length
  beast::flat_buffer buffer;
  beast::error_code error;
  http::read(socket, buffer, head, error);
  ASSERT_FALSE(error) << error.message();
  EXPECT_EQ(head.get()[http::field::content_encoding], "gzip");
  EXPECT_EQ(head.get()[http::field::content_length], std::to_string(got.body.size()));
  EXPECT_TRUE(head.get().body().empty());
  // Nothing follows: the next reply on the connection is the next request's.
  const Answer next = round_trip(socket, kGet);
  EXPECT_EQ(next.body, "ok ");
}

// Regression: an exception from a handler reached io_context::run() and ended the process.
TEST_F(HttpServerTest, ThrowingHandlerAnswers500WithAnIncidentAndTheNextRequestIsServed) {
  start();
  tcp::socket socket = connect_to(io_, port());
  const Answer failed = round_trip(socket, "GET /boom HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  ASSERT_EQ(failed.status, 500U) << failed.body;
  EXPECT_EQ(code_of(failed), "internal-error");
  const std::string incident(boost::json::parse(failed.body).at("incident").as_string());
  EXPECT_EQ(incident.size(), 16U);
  EXPECT_NE(log().find("incident " + incident + ": request " + std::string(failed.response["X-Request-Id"])),
            std::string::npos)
      << log();
  EXPECT_NE(log().find("injected failure"), std::string::npos) << log();
  EXPECT_EQ(failed.body.find("injected failure"), std::string::npos) << "the reply must not leak internals";

  const Answer next = round_trip(socket, kGet);  // the same connection lives on
  EXPECT_EQ(next.status, 200U);
  tcp::socket fresh = connect_to(io_, port());
  EXPECT_EQ(round_trip(fresh, kGet).status, 200U);
}

// Regression: a chunked trailer field of 65,534+ bytes made Beast throw out of run().
TEST_F(HttpServerTest, HugeChunkedTrailerIs431) {
  start();
  tcp::socket socket = connect_to(io_, port());
  const std::string request =
      "POST /ok HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\nX-Pad: " +
      std::string(70'000, 'a') + "\r\n\r\n";
  const Answer answer = round_trip(socket, request);
  EXPECT_EQ(answer.status, 431U) << answer.body;
  EXPECT_EQ(code_of(answer), "header-too-large");
  tcp::socket fresh = connect_to(io_, port());
  EXPECT_EQ(round_trip(fresh, kGet).status, 200U);
}

TEST_F(HttpServerTest, SmallChunkedTrailerIsAccepted) {
  start();
  tcp::socket socket = connect_to(io_, port());
  const Answer answer = round_trip(
      socket,
      "POST /ok HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\nX-T: 1\r\n\r\n");
  EXPECT_EQ(answer.status, 200U);
  EXPECT_EQ(answer.body, "ok hi");
}

TEST_F(HttpServerTest, OversizedHeaderIs431AndOversizedBodyIs413) {
  HttpServer::Options options;
  options.max_header_bytes = 4096;
  options.max_body_bytes = 2048;
  start(options);
  tcp::socket first = connect_to(io_, port());
  const Answer header =
      round_trip(first, "GET /ok HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + std::string(5000, 'b') + "\r\n\r\n");
  EXPECT_EQ(header.status, 431U);
  EXPECT_EQ(code_of(header), "header-too-large");
  EXPECT_TRUE(header.closed_after);

  tcp::socket second = connect_to(io_, port());
  const Answer body = round_trip(
      second, "POST /ok HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 3000\r\n\r\n" + std::string(3000, 'x'));
  EXPECT_EQ(body.status, 413U);
  EXPECT_EQ(code_of(body), "body-too-large");

  tcp::socket third = connect_to(io_, port());
  const Answer chunked = round_trip(third,
                                    "POST /ok HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                                    "bb8\r\n" +
                                        std::string(3000, 'x') + "\r\n0\r\n\r\n");
  EXPECT_EQ(chunked.status, 413U);
}

// Regression: HTTP/1.1 without Host was answered; an unknown Transfer-Encoding beside
// Content-Length was read by the length.
TEST_F(HttpServerTest, ProtocolErrorsAre400AndClose) {
  start();
  tcp::socket first = connect_to(io_, port());
  const Answer no_host = round_trip(first, "GET /ok HTTP/1.1\r\n\r\n");
  EXPECT_EQ(no_host.status, 400U);
  EXPECT_TRUE(no_host.closed_after);
  tcp::socket second = connect_to(io_, port());
  const Answer gzip = round_trip(
      second, "POST /ok HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: gzip\r\nContent-Length: 5\r\n\r\nhello");
  EXPECT_EQ(gzip.status, 400U);
  EXPECT_TRUE(gzip.closed_after);
  tcp::socket third = connect_to(io_, port());
  EXPECT_EQ(round_trip(third, "GET /ok HTTP/1.0\r\n\r\n").status, 200U);
}

// Regression: with no connection cap, descriptors ran out and /healthz timed out.
TEST_F(HttpServerTest, AtTheConnectionLimitTheLongestIdleConnectionMakesRoom) {
  HttpServer::Options options;
  options.max_connections = 4;
  start(options);
  std::vector<tcp::socket> idle;
  for (int i = 0; i < 4; ++i) {
    idle.push_back(connect_to(io_, port()));
    ASSERT_EQ(round_trip(idle.back(), kGet).status, 200U);  // each now waits for its next request
  }
  EXPECT_EQ(admitted_status(), 200U);
  // The oldest idle connection was closed to make room.
  beast::error_code error;
  char byte = 0;
  idle.front().read_some(asio::buffer(&byte, 1), error);
  EXPECT_EQ(error, asio::error::eof);
}

// Regression: a connection reading a request body, or writing a reply to a client that
// does not read, could not be closed at the limit, so one client could hold every slot.
TEST_F(HttpServerTest, AtTheConnectionLimitAConnectionStuckInItsBodyMakesRoom) {
  HttpServer::Options options;
  options.max_connections = 4;
  start(options);
  std::vector<tcp::socket> stuck;
  for (int i = 0; i < 4; ++i) {
    stuck.push_back(connect_to(io_, port()));
    asio::write(stuck.back(),
                asio::buffer(std::string("POST /ok HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{")));
  }
  EXPECT_EQ(admitted_status(), 200U);
}

TEST_F(HttpServerTest, ExpectContinueIsAnsweredBeforeTheBody) {
  start();
  tcp::socket socket = connect_to(io_, port());
  asio::write(socket,
              asio::buffer(std::string(
                  "POST /ok HTTP/1.1\r\nHost: 127.0.0.1\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n")));
  const std::string expected = "HTTP/1.1 100 Continue\r\n\r\n";
  std::string interim(expected.size(), '\0');
  beast::error_code error;
  asio::read(socket, asio::buffer(interim), error);
  ASSERT_FALSE(error) << error.message();
  EXPECT_EQ(interim, expected);
  const Answer answer = round_trip(socket, "hi");
  EXPECT_EQ(answer.status, 200U);
  EXPECT_EQ(answer.body, "ok hi");
}

TEST_F(HttpServerTest, AbsoluteFormTargetsAreServedAndTheirHostChecked) {
  start();
  tcp::socket first = connect_to(io_, port());
  EXPECT_EQ(round_trip(first, "GET http://127.0.0.1/ok HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").status, 200U);
  tcp::socket second = connect_to(io_, port());
  const Answer foreign = round_trip(second, "GET http://evil.example/ok HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  EXPECT_EQ(foreign.status, 403U);
  EXPECT_EQ(code_of(foreign), "forbidden-host");
}

// Regression: refused requests were not logged, and targets were logged raw, so a client
// could forge a log field with a quote.
TEST_F(HttpServerTest, TheAccessLogHasEveryReplyAndEscapesTargets) {
  start();
  tcp::socket first = connect_to(io_, port());
  EXPECT_EQ(round_trip(first, "GET /ok HTTP/1.1\r\nHost: evil.example\r\n\r\n").status, 403U);
  tcp::socket second = connect_to(io_, port());
  EXPECT_EQ(round_trip(second, "GET /a\"b HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").status, 200U);
  const std::string log = access_log();
  EXPECT_NE(log.find("\"GET /ok HTTP/1.1\" 403"), std::string::npos) << log;
  EXPECT_NE(log.find("\"GET /a\\x22b HTTP/1.1\" 200"), std::string::npos) << log;
}

TEST_F(HttpServerTest, EveryResponseCarriesTheSecurityHeaders) {
  start();
  tcp::socket socket = connect_to(io_, port());
  const Answer answer = round_trip(socket, kGet);
  ASSERT_EQ(answer.status, 200U);
  EXPECT_EQ(answer.response["X-Frame-Options"], "DENY");
  EXPECT_EQ(answer.response["X-Content-Type-Options"], "nosniff");
  EXPECT_NE(std::string(answer.response["Content-Security-Policy"]).find("frame-ancestors 'none'"), std::string::npos);
  EXPECT_EQ(answer.response["Referrer-Policy"], "no-referrer");
  EXPECT_TRUE(std::string(answer.response[http::field::date]).ends_with(" GMT"));
  // Every reply names its request, as the access log does.
  const std::string request_id(answer.response["X-Request-Id"]);
  EXPECT_EQ(request_id.size(), 16U);
  EXPECT_NE(access_log().find(request_id), std::string::npos) << access_log();
}

// A streamed reply of several MiB arrives whole, chunked, without Content-Length; HEAD
// sends its header alone, and the connection serves the next request.
TEST_F(HttpServerTest, AStreamedReplyArrivesWholeAndChunked) {
  start();
  tcp::socket socket = connect_to(io_, port());
  asio::write(socket, asio::buffer(std::string("GET /stream HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")));
  http::response_parser<http::string_body> parser;
  parser.body_limit(std::size_t{64} * 1024 * 1024);
  std::size_t chunk_headers = 0;
  auto count_chunk = [&chunk_headers](std::uint64_t, std::string_view, beast::error_code&) { ++chunk_headers; };
  parser.on_chunk_header(count_chunk);
  beast::flat_buffer buffer;
  beast::error_code error;
  http::read(socket, buffer, parser, error);
  ASSERT_FALSE(error) << error.message();
  const auto& response = parser.get();
  EXPECT_EQ(response.result_int(), 200U);
  EXPECT_TRUE(response.chunked());
  EXPECT_EQ(response.count(http::field::content_length), 0U);
  EXPECT_EQ(response[http::field::content_type], "text/csv");
  EXPECT_EQ(response["X-Content-Type-Options"], "nosniff");
  EXPECT_GE(chunk_headers, static_cast<std::size_t>(kStreamedChunks));  // and the last, empty chunk
  const std::string& body = response.body();
  ASSERT_EQ(body.size(), kStreamedChunks * CountingStream::kChunkBytes);
  for (int chunk = 0; chunk < kStreamedChunks; ++chunk) {
    const std::size_t at = static_cast<std::size_t>(chunk) * CountingStream::kChunkBytes;
    ASSERT_EQ(body.find_first_not_of(CountingStream::letter(chunk), at),
              chunk + 1 == kStreamedChunks ? std::string::npos : at + CountingStream::kChunkBytes)
        << "chunk " << chunk;
  }

  asio::write(socket, asio::buffer(std::string("HEAD /stream HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")));
  http::response_parser<http::string_body> head;
  head.skip(true);
  http::read(socket, buffer, head, error);
  ASSERT_FALSE(error) << error.message();
  EXPECT_TRUE(head.get().chunked());
  const Answer next = round_trip(socket, kGet);
  EXPECT_EQ(next.body, "ok ");
  EXPECT_EQ(pulled_->load(), kStreamedChunks);  // HEAD pulled nothing
  EXPECT_NE(access_log().find("\"GET /stream HTTP/1.1\" 200 " + std::to_string(body.size())), std::string::npos)
      << access_log();
}

// HTTP/1.0 has no chunked coding: the body is the bytes up to the connection's close.
TEST_F(HttpServerTest, AStreamedReplyToHttp10EndsWithTheConnection) {
  start();
  tcp::socket socket = connect_to(io_, port());
  asio::write(socket, asio::buffer(std::string("GET /stream HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")));
  http::response_parser<http::string_body> parser;
  parser.body_limit(std::size_t{64} * 1024 * 1024);
  beast::flat_buffer buffer;
  beast::error_code error;
  http::read(socket, buffer, parser, error);
  ASSERT_FALSE(error) << error.message();
  EXPECT_FALSE(parser.get().chunked());
  EXPECT_FALSE(parser.get().keep_alive());
  EXPECT_EQ(parser.get().body().size(), kStreamedChunks * CountingStream::kChunkBytes);
}

// The stream is pulled only as the client reads: a client that stops reading holds the
// server to what the socket buffers take, not to the whole (endless) body.
TEST_F(HttpServerTest, AStreamIsPulledOnlyAsTheClientReads) {
  start();
  {
    tcp::socket socket = connect_to(io_, port());
    asio::write(socket, asio::buffer(std::string("GET /stream/endless HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    const int stalled = pulled_->load();
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    EXPECT_EQ(pulled_->load(), stalled) << "pulled while the client read nothing";
    EXPECT_LT(stalled, 512) << "more than 32 MiB pulled before the client read";
    std::array<char, 65536> sink{};
    for (int read = 0; read < 64; ++read) asio::read(socket, asio::buffer(sink));
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    EXPECT_GT(pulled_->load(), stalled);
  }
  // The client went away: the server stops pulling and serves others.
  tcp::socket fresh = connect_to(io_, port());
  EXPECT_EQ(round_trip(fresh, kGet).status, 200U);
}

// A stream that throws cuts the reply short (no last chunk), with an incident in the log.
TEST_F(HttpServerTest, AStreamThatThrowsCutsTheReplyShort) {
  start();
  tcp::socket socket = connect_to(io_, port());
  asio::write(socket, asio::buffer(std::string("GET /stream/throws HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")));
  http::response_parser<http::string_body> parser;
  parser.body_limit(std::size_t{64} * 1024 * 1024);
  beast::flat_buffer buffer;
  beast::error_code error;
  http::read(socket, buffer, parser, error);
  EXPECT_TRUE(error);
  EXPECT_FALSE(parser.is_done());
  EXPECT_NE(log().find("stream failure"), std::string::npos) << log();
}

}  // namespace
}  // namespace entente
