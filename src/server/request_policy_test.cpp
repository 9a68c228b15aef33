#include "server/request_policy.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace entente {
namespace {

RequestHead api_post() {
  RequestHead head;
  head.method = "POST";
  head.path = "/api/v1/simulations";
  head.host = "127.0.0.1:8080";
  head.content_type = "application/json";
  head.has_body = true;
  return head;
}

std::string code_of(const std::optional<HttpReply>& reply) {
  if (!reply) return "accepted";
  return std::string(boost::json::parse(reply->text()).at("code").as_string());
}

// Regression: state-changing routes accepted Content-Type: text/plain from any origin.
TEST(RequestPolicyTest, TextPlainPostIsUnsupportedMediaType) {
  RequestHead head = api_post();
  head.content_type = "text/plain";
  const std::optional<HttpReply> reply = check_request(head, {});
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 415U);
  EXPECT_EQ(code_of(reply), "unsupported-media-type");
  head.content_type.reset();
  EXPECT_EQ(code_of(check_request(head, {})), "unsupported-media-type");
  for (const char* json : {"application/json", "application/json; charset=utf-8", " Application/JSON "}) {
    head.content_type = json;
    EXPECT_EQ(code_of(check_request(head, {})), "accepted") << json;
  }
  head.content_type = "application/jsonx";
  EXPECT_EQ(code_of(check_request(head, {})), "unsupported-media-type");
  head.has_body = false;  // nothing to misread: the route says what it expects
  EXPECT_EQ(code_of(check_request(head, {})), "accepted");
}

TEST(RequestPolicyTest, ForeignOriginIsForbidden) {
  RequestHead head = api_post();
  head.origin = "http://evil.example";
  EXPECT_EQ(code_of(check_request(head, {})), "forbidden-origin");
  head.method = "DELETE";
  EXPECT_EQ(code_of(check_request(head, {})), "forbidden-origin");
  head.method = "GET";  // a read: the browser keeps the answer from the page (no CORS)
  EXPECT_EQ(code_of(check_request(head, {})), "accepted");
  head.method = "POST";
  head.origin = "null";
  EXPECT_EQ(code_of(check_request(head, {})), "forbidden-origin");
  head.origin = "http://127.0.0.1:8080";  // the server's own page
  EXPECT_EQ(code_of(check_request(head, {})), "accepted");
  head.origin = "https://ui.example";
  EXPECT_EQ(code_of(check_request(head, RequestPolicy{{}, {"https://ui.example"}})), "accepted");
}

// Regression: any Host was answered, so a DNS-rebinding page could reach a loopback server.
TEST(RequestPolicyTest, UnknownHostNameIsForbidden) {
  RequestHead head;
  head.method = "GET";
  head.path = "/api/v1/organisations";
  for (const char* host : {"evil.example:8080", "evil.example", "127.0.0.1.evil.example", "localhost.evil"}) {
    head.host = host;
    EXPECT_EQ(code_of(check_request(head, {})), "forbidden-host") << host;
  }
  for (const char* host : {"127.0.0.1:8080", "localhost:8080", "LOCALHOST", "[::1]:8080", "10.1.2.3", "[::1]"}) {
    head.host = host;
    EXPECT_EQ(code_of(check_request(head, {})), "accepted") << host;
  }
  head.host = "Entente.Example:443";
  EXPECT_EQ(code_of(check_request(head, RequestPolicy{{"entente.example"}, {}})), "accepted");
}

// Regression: HTTP/1.1 without Host, and an unknown Transfer-Encoding, were accepted.
TEST(RequestPolicyTest, ProtocolErrorsAreBadRequests) {
  RequestHead head;
  head.method = "GET";
  head.path = "/healthz";
  EXPECT_EQ(code_of(check_request(head, {})), "bad-request");
  head.version = 10;
  EXPECT_EQ(code_of(check_request(head, {})), "accepted");
  head = api_post();
  head.has_transfer_encoding = true;
  head.transfer_encoding = "gzip";
  EXPECT_EQ(code_of(check_request(head, {})), "bad-request");
  head.chunked = true;
  head.transfer_encoding = "Chunked";
  EXPECT_EQ(code_of(check_request(head, {})), "accepted");
  head.transfer_encoding = "gzip, chunked";  // a coding this server cannot undo
  EXPECT_EQ(code_of(check_request(head, {})), "not-implemented");
  head.transfer_encoding = "chunked";
  // A refusal closes the connection: the body was not read.
  head.chunked = false;
  const std::optional<HttpReply> reply = check_request(head, {});
  ASSERT_TRUE(reply);
  EXPECT_NE(std::find(reply->headers.begin(), reply->headers.end(),
                      std::pair<std::string, std::string>("Connection", "close")),
            reply->headers.end());
}

TEST(RequestPolicyTest, DuplicateHostUnknownMethodAndNonUtf8TargetAreRefused) {
  RequestHead head;
  head.method = "GET";
  head.path = "/healthz";
  head.target = "/healthz";
  head.host = "127.0.0.1";
  head.host_count = 2;
  EXPECT_EQ(code_of(check_request(head, {})), "bad-request");
  head.host_count = 1;
  EXPECT_EQ(code_of(check_request(head, {})), "accepted");
  head.method = "BREW";
  EXPECT_EQ(code_of(check_request(head, {})), "not-implemented");
  head.method = "GET";
  head.target = "/api/v1/nations/\xff\xfe";
  EXPECT_EQ(code_of(check_request(head, {})), "invalid-argument");
}

TEST(RequestPolicyTest, SecurityHeadersForbidFraming) {
  bool csp = false;
  bool frame = false;
  for (const auto& [name, value] : security_headers()) {
    if (name == "Content-Security-Policy") {
      csp = value.find("frame-ancestors 'none'") != std::string::npos &&
            value.find("default-src 'self'") != std::string::npos;
    }
    if (name == "X-Frame-Options") frame = value == "DENY";
  }
  EXPECT_TRUE(csp);
  EXPECT_TRUE(frame);
}

}  // namespace
}  // namespace entente
