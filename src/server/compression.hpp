#pragma once

// Content codings: which one a request accepts, and gzip (zlib) and brotli themselves.
// compression.cpp is the one file that includes zlib's and brotli's headers.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "server/http_reply.hpp"

namespace entente {

// A content coding (RFC 9110 8.4.1) the server sends.
enum class ContentCoding { kIdentity, kGzip, kBrotli };

// The codings a representation is available in besides identity, which it always is.
struct CodingsOnOffer {
  bool gzip = true;
  bool brotli = true;
};

// The coding to send a representation in, for the request's Accept-Encoding (RFC 9110
// 12.5.3): of the codings on offer, the one the header weighs highest ("q"), br before
// gzip when they weigh the same; "*" weighs every coding the header does not name, and
// "x-gzip" is gzip. Identity when the header weighs it above both, when neither is
// acceptable, and when the header is empty or malformed (a coding that is not a token, a
// parameter other than q, a q that is not a qvalue): never an error, since identity is
// what every client can read. Linear in the header's length.
ContentCoding negotiate_coding(std::string_view accept_encoding, CodingsOnOffer offer = {});

// "br", "gzip" or "identity": the Content-Encoding value.
std::string_view coding_name(ContentCoding coding);

// How hard to compress: kFast for replies compressed as they are sent (gzip level 5,
// brotli quality 5: about 0.1 ms for the 18 KB relations document, 1.7 ms for the 185 KB
// OpenAPI document, on one core of the reference machine), kSmallest for what is
// compressed once (gzip level 9, brotli quality 11: a hundred times slower, 5 to 20% smaller).
enum class CompressionEffort { kFast, kSmallest };

// `data` in `coding` (identity: unchanged); nullopt when the library fails (out of memory).
std::optional<std::string> encode(ContentCoding coding, std::string_view data, CompressionEffort effort);

// `data` decoded from `coding`; nullopt when it is not a whole, valid stream of that coding
// or decodes to more than `max_bytes`.
std::optional<std::string> decode(ContentCoding coding, std::string_view data, std::size_t max_bytes);

// The smallest body the server compresses: below it, Content-Encoding and the CPU cost
// more than the bytes saved.
constexpr std::size_t kMinimumCompressedBytes = 1024;

// True for media types worth compressing: text/*, JSON, XML, SVG and JavaScript. False
// for those that are compressed already (PNG, WOFF2, ...) and for unknown ones.
bool is_compressible(std::string_view content_type);

// The ETag of the representation in `coding`: "\"v42\"" becomes "\"v42-br\"" or
// "\"v42-gz\"" (W/"v42" becomes W/"v42-br"); identity keeps it.
std::string etag_for(std::string_view etag, ContentCoding coding);

// `reply`, compressed in `coding` at kFast effort when that is worth it: a body of at least
// kMinimumCompressedBytes, of a compressible type, not encoded yet, in a reply that has a
// body (not 1xx, 204 or 304), whose encoding is smaller. Such a reply depends on
// Accept-Encoding whatever the coding, so it gains Vary: Accept-Encoding; the encoded one
// also gains Content-Encoding, and its ETag becomes etag_for(coding). A streamed reply
// (HttpReply::stream) is returned untouched.
HttpReply encode_reply(HttpReply reply, ContentCoding coding);

}  // namespace entente
