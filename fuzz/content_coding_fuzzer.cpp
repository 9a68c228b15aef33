// libFuzzer target: the Accept-Encoding header of any request, and brotli and gzip streams
// to decode. Any header must give a coding, never a crash or a sanitizer report; a stream
// decodes to at most the bound given, or is refused; what is decoded encodes and decodes
// back to itself.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "server/compression.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using entente::ContentCoding;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const ContentCoding chosen = entente::negotiate_coding(text);
  const ContentCoding gzip_only = entente::negotiate_coding(text, {.gzip = true, .brotli = false});
  if (gzip_only == ContentCoding::kBrotli) __builtin_trap();  // a coding not on offer
  if (entente::coding_name(chosen).empty()) __builtin_trap();

  constexpr std::size_t kBound = std::size_t{1} << 20U;
  for (const ContentCoding coding : {ContentCoding::kGzip, ContentCoding::kBrotli}) {
    const std::optional<std::string> decoded = entente::decode(coding, text, kBound);
    if (!decoded) continue;
    if (decoded->size() > kBound) __builtin_trap();
    const std::optional<std::string> again = entente::encode(coding, *decoded, entente::CompressionEffort::kFast);
    if (!again) __builtin_trap();
    const std::optional<std::string> back = entente::decode(coding, *again, kBound);
    if (!back || *back != *decoded) __builtin_trap();
  }
  return 0;
}
