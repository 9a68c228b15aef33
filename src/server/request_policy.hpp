#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/router.hpp"

namespace entente {

// What the transport knows of a request once its header is read.
struct RequestHead {
  std::string_view method;
  std::string_view target;               // in origin form: path and query
  std::string_view path;                 // without the query
  unsigned version = 11;                 // 10 or 11
  std::optional<std::string_view> host;  // or the authority of an absolute-form target
  std::size_t host_count = 0;            // Host fields sent
  std::optional<std::string_view> origin;
  std::optional<std::string_view> content_type;
  std::string_view transfer_encoding;  // every Transfer-Encoding field, joined with ", "
  bool has_transfer_encoding = false;
  bool chunked = false;   // chunked is the final transfer coding
  bool has_body = false;  // chunked, or a Content-Length above 0
};

// Who may reach the server, beyond its own addresses.
struct RequestPolicy {
  std::vector<std::string> allowed_hosts;    // Host names, e.g. "entente.example.org"
  std::vector<std::string> allowed_origins;  // e.g. "https://ui.example.org"
};

// The protocol and cross-site checks every request passes before it is routed, in order:
//   400  HTTP/1.1 without Host, or more than one Host (RFC 9112 3.2); a Transfer-Encoding
//        whose final coding is not chunked (RFC 9112 6.1)
//   501  not-implemented: a transfer coding other than chunked; a method this server
//        does not know (RFC 9110 9.1)
//   400  invalid-argument: a target that is not UTF-8
//   403  forbidden-host: a Host that is neither an IP literal, localhost nor allowed
//        (a DNS-rebinding page reaches a loopback server under its own name)
//   403  forbidden-origin: a POST, PUT, PATCH or DELETE from a browser page of another
//        origin (Origin is neither the server's own, http://HOST, nor allowed)
//   415  unsupported-media-type: an API POST, PUT or PATCH with a body that is not
//        application/json (an empty body goes on, to be told what the route expects)
// nullopt when the request may go on. A refused request is answered and its connection
// closed, since its body is left unread.
std::optional<HttpReply> check_request(const RequestHead& head, const RequestPolicy& policy);

// The headers every response carries: no sniffing, no framing, no referrer, and a content
// security policy that lets the UI load only its own scripts and data.
const HttpReply::Headers& security_headers();

}  // namespace entente
