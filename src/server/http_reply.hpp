#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace entente {

// A body produced while it is sent, for replies too large to hold (the dyad-year panel).
// The transport calls next() on one thread at a time, as the socket drains, and never
// again once it has returned false or thrown; an exception cuts the reply short.
class ReplyStream {
 public:
  virtual ~ReplyStream() = default;
  // Replaces `chunk` with the next bytes of the body (any size; empty chunks are skipped).
  // False at the end of the body.
  virtual bool next(std::string& chunk) = 0;
};

// A response before it meets the wire. The body is shared and immutable, so that a cached
// reply or a static file is never copied per request or per connection. The transport
// sets Content-Length from the body as it is (encoded, when Content-Encoding says so).
// A reply with a `stream` has no Content-Length: the transport sends the stream's chunks
// with chunked transfer coding (HTTP/1.0: until it closes the connection), as they come,
// and ignores `body`. Such a reply is used once: it is never cached, and a stream carries
// its own Content-Encoding when it is encoded.
struct HttpReply {
  using Headers = std::vector<std::pair<std::string, std::string>>;

  HttpReply() = default;
  HttpReply(unsigned status_code, std::string type, std::string text, Headers extra = {})
      : status(status_code),
        content_type(std::move(type)),
        body(std::make_shared<const std::string>(std::move(text))),
        headers(std::move(extra)) {}
  HttpReply(unsigned status_code, std::string type, std::shared_ptr<const std::string> shared, Headers extra = {})
      : status(status_code), content_type(std::move(type)), body(std::move(shared)), headers(std::move(extra)) {}

  std::string_view text() const { return body ? std::string_view(*body) : std::string_view(); }
  // The value of header `name` (ASCII case ignored); empty when it is absent.
  std::string_view header(std::string_view name) const;

  unsigned status = 200;
  std::string content_type = "application/json";
  std::shared_ptr<const std::string> body;
  Headers headers;                      // extra headers, e.g. Allow, Retry-After, ETag, Vary
  std::shared_ptr<ReplyStream> stream;  // when set, the body, pulled as the client reads
};

// Adds `field` to the reply's one Vary header (RFC 9110 12.5.5), creating it when there is
// none; a field already listed is not listed twice.
void add_vary(HttpReply& reply, std::string_view field);

// True when If-None-Match `header` lists `etag` or is "*" (RFC 9110 13.1.2), comparing
// weakly: W/"x" matches "x".
bool if_none_match_matches(std::string_view header, std::string_view etag);

// `reply`, or 304 Not Modified when the client already holds it: the reply is a 200 with
// an ETag that `if_none_match` names. The 304 keeps the ETag, Vary and Cache-Control and
// has no body.
HttpReply not_modified_or(HttpReply reply, std::string_view if_none_match);

}  // namespace entente
