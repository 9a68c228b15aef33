#include "server/compression.hpp"

#include <brotli/decode.h>
#include <brotli/encode.h>
// zlib then declares its input as const.
#define ZLIB_CONST
#include <zlib.h>

#include <algorithm>
#include <array>
#include <climits>
#include <cstdint>

#include "core/text.hpp"

namespace entente {

namespace {

// gzip's header and trailer around a deflate stream (RFC 1952), as zlib's windowBits
// asks for it: 15 (a 32 KiB window) plus 16.
constexpr int kGzipWindowBits = 15 + 16;
constexpr int kGzipMemoryLevel = 8;  // zlib's default

int gzip_level(CompressionEffort effort) { return effort == CompressionEffort::kFast ? 5 : Z_BEST_COMPRESSION; }
int brotli_quality(CompressionEffort effort) { return effort == CompressionEffort::kFast ? 5 : BROTLI_MAX_QUALITY; }

// A q of 0 to 1 in thousandths, or nullopt when `text` is not a qvalue (RFC 9110 12.4.2):
// "0", "0.5", "1", "1.000"; at most three decimals.
std::optional<int> parse_qvalue(std::string_view text) {
  if (text.empty() || text.size() > 5 || (text[0] != '0' && text[0] != '1')) return std::nullopt;
  int thousandths = (text[0] - '0') * 1000;
  if (text.size() == 1) return thousandths;
  if (text[1] != '.') return std::nullopt;
  int scale = 100;
  for (const char digit : text.substr(2)) {
    if (digit < '0' || digit > '9') return std::nullopt;
    thousandths += (digit - '0') * scale;
    scale /= 10;
  }
  if (thousandths > 1000) return std::nullopt;
  return thousandths;
}

// A token character (RFC 9110 5.6.2).
bool is_tchar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool is_token(std::string_view text) { return !text.empty() && std::all_of(text.begin(), text.end(), is_tchar); }

// What an Accept-Encoding header says of the codings the server knows, in thousandths;
// kUnnamed for one it does not name.
struct Weights {
  static constexpr int kUnnamed = -1;
  int identity = kUnnamed;
  int gzip = kUnnamed;
  int brotli = kUnnamed;
  int any = kUnnamed;  // "*"
};

std::optional<Weights> parse_accept_encoding(std::string_view header) {
  Weights weights;
  while (!header.empty()) {
    const std::size_t comma = header.find(',');
    const std::string_view element = trim(header.substr(0, comma));
    header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
    if (element.empty()) continue;  // "gzip, , br": empty list elements are allowed (RFC 9110 5.6.1)
    const std::size_t semicolon = element.find(';');
    const std::string_view coding = trim(element.substr(0, semicolon));
    if (!is_token(coding)) return std::nullopt;
    int weight = 1000;
    if (semicolon != std::string_view::npos) {
      const std::string_view parameter = trim(element.substr(semicolon + 1));
      if (parameter.size() < 2 || (parameter[0] != 'q' && parameter[0] != 'Q') || parameter[1] != '=') {
        return std::nullopt;
      }
      const std::optional<int> q = parse_qvalue(parameter.substr(2));
      if (!q) return std::nullopt;
      weight = *q;
    }
    const std::string name = ascii_lower(coding);
    int* slot = nullptr;
    if (name == "br") {
      slot = &weights.brotli;
    } else if (name == "gzip" || name == "x-gzip") {
      slot = &weights.gzip;
    } else if (name == "identity") {
      slot = &weights.identity;
    } else if (name == "*") {
      slot = &weights.any;
    }
    // A coding named twice weighs the lesser of its two weights.
    if (slot != nullptr) *slot = *slot == Weights::kUnnamed ? weight : std::min(*slot, weight);
  }
  return weights;
}

std::optional<std::string> gzip_encode(std::string_view data, int level) {
  if (data.size() > UINT_MAX / 2) return std::nullopt;
  z_stream stream{};
  if (deflateInit2(&stream, level, Z_DEFLATED, kGzipWindowBits, kGzipMemoryLevel, Z_DEFAULT_STRATEGY) != Z_OK) {
    return std::nullopt;
  }
  std::string out(deflateBound(&stream, static_cast<uLong>(data.size())), '\0');
  stream.next_in = reinterpret_cast<const Bytef*>(data.data());
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  const int result = deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  if (result != Z_STREAM_END) return std::nullopt;
  return out;
}

std::optional<std::string> gzip_decode(std::string_view data, std::size_t max_bytes) {
  if (data.size() > UINT_MAX) return std::nullopt;
  z_stream stream{};
  if (inflateInit2(&stream, kGzipWindowBits) != Z_OK) return std::nullopt;
  stream.next_in = reinterpret_cast<const Bytef*>(data.data());
  stream.avail_in = static_cast<uInt>(data.size());
  std::string out;
  std::array<char, 16384> chunk{};
  int result = Z_OK;
  while (result == Z_OK) {
    stream.next_out = reinterpret_cast<Bytef*>(chunk.data());
    stream.avail_out = static_cast<uInt>(chunk.size());
    result = inflate(&stream, Z_NO_FLUSH);
    if (result != Z_OK && result != Z_STREAM_END) break;
    out.append(chunk.data(), chunk.size() - stream.avail_out);
    if (out.size() > max_bytes) break;
    // Out of input before the end of the stream: it was cut short.
    if (result == Z_OK && stream.avail_in == 0 && stream.avail_out != 0) break;
  }
  // One gzip member, with nothing after it.
  const bool whole = result == Z_STREAM_END && stream.avail_in == 0 && out.size() <= max_bytes;
  inflateEnd(&stream);
  if (!whole) return std::nullopt;
  return out;
}

std::optional<std::string> brotli_encode(std::string_view data, int quality) {
  std::size_t size = BrotliEncoderMaxCompressedSize(data.size());
  if (size == 0) return std::nullopt;  // too large for one call
  std::string out(size, '\0');
  if (BrotliEncoderCompress(quality, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT, data.size(),
                            reinterpret_cast<const std::uint8_t*>(data.data()), &size,
                            reinterpret_cast<std::uint8_t*>(out.data())) != BROTLI_TRUE) {
    return std::nullopt;
  }
  out.resize(size);
  return out;
}

std::optional<std::string> brotli_decode(std::string_view data, std::size_t max_bytes) {
  BrotliDecoderState* state = BrotliDecoderCreateInstance(nullptr, nullptr, nullptr);
  if (state == nullptr) return std::nullopt;
  std::size_t available_in = data.size();
  const auto* next_in = reinterpret_cast<const std::uint8_t*>(data.data());
  std::string out;
  std::array<char, 16384> chunk{};
  BrotliDecoderResult result = BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT;
  while (result == BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT && out.size() <= max_bytes) {
    std::size_t available_out = chunk.size();
    auto* next_out = reinterpret_cast<std::uint8_t*>(chunk.data());
    result = BrotliDecoderDecompressStream(state, &available_in, &next_in, &available_out, &next_out, nullptr);
    out.append(chunk.data(), chunk.size() - available_out);
  }
  BrotliDecoderDestroyInstance(state);
  if (result != BROTLI_DECODER_RESULT_SUCCESS || available_in != 0 || out.size() > max_bytes) return std::nullopt;
  return out;
}

}  // namespace

ContentCoding negotiate_coding(std::string_view accept_encoding, CodingsOnOffer offer) {
  const std::optional<Weights> weights = parse_accept_encoding(accept_encoding);
  if (!weights) return ContentCoding::kIdentity;
  const auto weight_of = [&](int named) { return named != Weights::kUnnamed ? named : std::max(weights->any, 0); };
  ContentCoding chosen = ContentCoding::kIdentity;
  int chosen_weight = 0;  // a coding of weight 0 is "not acceptable"
  if (offer.brotli && weight_of(weights->brotli) > chosen_weight) {
    chosen = ContentCoding::kBrotli;
    chosen_weight = weight_of(weights->brotli);
  }
  if (offer.gzip && weight_of(weights->gzip) > chosen_weight) {
    chosen = ContentCoding::kGzip;
    chosen_weight = weight_of(weights->gzip);
  }
  // Identity not named (nor by "*") is acceptable but preferred least.
  const int identity = weights->identity != Weights::kUnnamed ? weights->identity : weights->any;
  if (identity > chosen_weight) return ContentCoding::kIdentity;
  return chosen;
}

std::string_view coding_name(ContentCoding coding) {
  switch (coding) {
    case ContentCoding::kGzip: return "gzip";
    case ContentCoding::kBrotli: return "br";
    case ContentCoding::kIdentity: return "identity";
  }
  return "identity";
}

std::optional<std::string> encode(ContentCoding coding, std::string_view data, CompressionEffort effort) {
  switch (coding) {
    case ContentCoding::kGzip: return gzip_encode(data, gzip_level(effort));
    case ContentCoding::kBrotli: return brotli_encode(data, brotli_quality(effort));
    case ContentCoding::kIdentity: return std::string(data);
  }
  return std::nullopt;
}

std::optional<std::string> decode(ContentCoding coding, std::string_view data, std::size_t max_bytes) {
  switch (coding) {
    case ContentCoding::kGzip: return gzip_decode(data, max_bytes);
    case ContentCoding::kBrotli: return brotli_decode(data, max_bytes);
    case ContentCoding::kIdentity:
      if (data.size() > max_bytes) return std::nullopt;
      return std::string(data);
  }
  return std::nullopt;
}

bool is_compressible(std::string_view content_type) {
  const std::string media = ascii_lower(trim(content_type.substr(0, content_type.find(';'))));
  const std::size_t slash = media.find('/');
  if (slash == std::string::npos) return false;
  const std::string_view type = std::string_view(media).substr(0, slash);
  const std::string_view subtype = std::string_view(media).substr(slash + 1);
  return type == "text" || subtype == "json" || subtype.ends_with("+json") || subtype == "xml" ||
         subtype.ends_with("+xml") || subtype == "javascript";
}

std::string etag_for(std::string_view etag, ContentCoding coding) {
  std::string tagged(etag);
  if (coding == ContentCoding::kIdentity) return tagged;
  const std::string_view suffix = coding == ContentCoding::kBrotli ? "-br" : "-gz";
  const bool quoted = tagged.size() >= 2 && tagged.back() == '"';
  tagged.insert(quoted ? tagged.size() - 1 : tagged.size(), suffix);
  return tagged;
}

HttpReply encode_reply(HttpReply reply, ContentCoding coding) {
  if (reply.stream) return reply;  // a streamed body is encoded by its stream, if at all
  const bool has_body = reply.status >= 200 && reply.status != 204 && reply.status != 304;
  if (!has_body || reply.text().size() < kMinimumCompressedBytes || !is_compressible(reply.content_type) ||
      !reply.header("Content-Encoding").empty()) {
    return reply;
  }
  add_vary(reply, "Accept-Encoding");
  if (coding == ContentCoding::kIdentity) return reply;
  std::optional<std::string> encoded = encode(coding, reply.text(), CompressionEffort::kFast);
  if (!encoded || encoded->size() >= reply.text().size()) return reply;
  reply.body = std::make_shared<const std::string>(std::move(*encoded));
  for (auto& [name, value] : reply.headers) {
    if (name == "ETag") value = etag_for(value, coding);
  }
  reply.headers.emplace_back("Content-Encoding", std::string(coding_name(coding)));
  return reply;
}

}  // namespace entente
