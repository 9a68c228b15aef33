#include "server/request_policy.hpp"

#include <algorithm>
#include <array>
#include <boost/asio/ip/address.hpp>

#include "core/text.hpp"

namespace entente {

namespace {

bool is_state_changing(std::string_view method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

// "example.org:8080" -> "example.org"; "[::1]:8080" -> "::1".
std::string_view host_name(std::string_view host) {
  host = trim(host);
  if (host.starts_with('[')) {
    const std::size_t close = host.find(']');
    return close == std::string_view::npos ? host : host.substr(1, close - 1);
  }
  const std::size_t colon = host.rfind(':');
  return colon == std::string_view::npos ? host : host.substr(0, colon);
}

bool host_allowed(std::string_view host, const RequestPolicy& policy) {
  const std::string name = ascii_lower(host_name(host));
  if (name.empty()) return false;
  boost::system::error_code error;
  boost::asio::ip::make_address(name, error);
  if (!error || name == "localhost") return true;
  for (const std::string& allowed : policy.allowed_hosts) {
    if (ascii_lower(allowed) == name) return true;
  }
  return false;
}

bool origin_allowed(std::string_view origin, std::optional<std::string_view> host, const RequestPolicy& policy) {
  const std::string given = ascii_lower(trim(origin));
  if (host && given == "http://" + ascii_lower(trim(*host))) return true;
  for (const std::string& allowed : policy.allowed_origins) {
    if (ascii_lower(allowed) == given) return true;
  }
  return false;
}

bool is_json(std::string_view content_type) {
  const std::string media = ascii_lower(trim(content_type.substr(0, content_type.find(';'))));
  return media == "application/json";
}

HttpReply refused(unsigned status, std::string_view code, std::string_view title, std::string_view detail,
                  std::string_view path) {
  HttpReply reply = problem_reply(status, code, title, detail, path);
  reply.headers.emplace_back("Connection", "close");
  return reply;
}

}  // namespace

std::optional<HttpReply> check_request(const RequestHead& head, const RequestPolicy& policy) {
  if (head.version >= 11 && !head.host) {
    return refused(400, "bad-request", "Bad request", "an HTTP/1.1 request must carry a Host header", "");
  }
  if (head.host_count > 1) return refused(400, "bad-request", "Bad request", "send one Host header, not several", "");
  if (head.has_transfer_encoding && !head.chunked) {
    return refused(400, "bad-request", "Bad request",
                   "the only Transfer-Encoding accepted is chunked, as the final coding; or send Content-Length alone",
                   "");
  }
  if (head.has_transfer_encoding && ascii_lower(trim(head.transfer_encoding)) != "chunked") {
    return refused(501, "not-implemented", "Not implemented",
                   "the only transfer coding this server reads is chunked, alone", "");
  }
  static constexpr std::array<std::string_view, 7> kMethods{"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"};
  if (std::find(kMethods.begin(), kMethods.end(), head.method) == kMethods.end()) {
    return refused(501, "not-implemented", "Not implemented",
                   "this server knows the methods GET, HEAD, POST, PUT, PATCH, DELETE and OPTIONS", "");
  }
  if (!is_valid_utf8(head.target)) {
    return refused(400, "invalid-argument", "Invalid argument", "the request target is not valid UTF-8", "");
  }
  if (head.host && !host_allowed(*head.host, policy)) {
    return refused(403, "forbidden-host", "Forbidden host",
                   "this server does not answer to that Host name; use its address or localhost, or start it with "
                   "--allowed-host NAME",
                   "");
  }
  if (is_state_changing(head.method) && head.origin && !origin_allowed(*head.origin, head.host, policy)) {
    return refused(403, "forbidden-origin", "Forbidden origin",
                   "requests that change state are refused from pages of another origin; start the server with "
                   "--allowed-origin ORIGIN to allow one",
                   head.path);
  }
  if (ApiRouter::handles(head.path) && head.has_body &&
      (head.method == "POST" || head.method == "PUT" || head.method == "PATCH") &&
      !(head.content_type && is_json(*head.content_type))) {
    return refused(415, "unsupported-media-type", "Unsupported media type",
                   "send the body as JSON with 'Content-Type: application/json'", head.path);
  }
  return std::nullopt;
}

const HttpReply::Headers& security_headers() {
  static const HttpReply::Headers kHeaders{
      {"X-Content-Type-Options", "nosniff"},
      {"X-Frame-Options", "DENY"},
      {"Referrer-Policy", "no-referrer"},
      {"Content-Security-Policy",
       "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
       "font-src 'self'; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; "
       "form-action 'self'; frame-ancestors 'none'"},
  };
  return kHeaders;
}

}  // namespace entente
