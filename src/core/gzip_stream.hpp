#pragma once

// Gzip (RFC 1952) encoders that take their input in pieces, so that a body of any size can be
// compressed as it is produced, in bounded memory: GzipStream makes one member with zlib (what
// an HTTP reply needs), gzip_in_parallel many members on several threads with libdeflate (for
// files).

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace entente {

// Compresses what `source` yields, piece after piece until it returns false, into a gzip
// file that `sink` receives in order: blocks of input (whole pieces, at least `block_bytes`
// unless the source ends first), each compressed by libdeflate at `level` (1 fastest .. 12
// smallest) as a gzip member of its own, one after another as RFC 1952 allows (gzip, zcat,
// zlib's inflate with inflateReset between members, Python's gzip and pandas read them all as
// one stream; an empty source makes one empty member). The caller's thread reads the source
// and writes to the sink while up to `threads` threads compress; the output does not depend on
// `threads`. Memory: about 4 * threads blocks. False as soon as `sink` returns false, or if a
// block cannot be compressed.
inline constexpr std::size_t kGzipBlockBytes = std::size_t{1} << 20U;
bool gzip_in_parallel(const std::function<bool(std::string&)>& source,
                      const std::function<bool(std::string_view)>& sink, int level, unsigned threads,
                      std::size_t block_bytes = kGzipBlockBytes);

class GzipStream {
 public:
  // zlib's levels: 1 is fastest, 9 smallest. 6 is zlib's default; a streamed CSV body
  // gains little from more.
  static constexpr int kDefaultLevel = 6;

  // A stream compressing at `level` (clamped to 1..9). If zlib cannot allocate its state,
  // ok() is false and every call adds nothing.
  explicit GzipStream(int level = kDefaultLevel);
  ~GzipStream();
  GzipStream(GzipStream&&) noexcept;
  GzipStream& operator=(GzipStream&&) noexcept;
  GzipStream(const GzipStream&) = delete;
  GzipStream& operator=(const GzipStream&) = delete;

  bool ok() const;

  // Appends to `out` the compressed bytes zlib releases after taking `data`: often none
  // for small pieces, since zlib waits for a full block. Nothing after finish().
  void feed(std::string_view data, std::string& out);
  std::string feed(std::string_view data);

  // Appends what remains and the gzip trailer (CRC-32 and length). Once; later calls add nothing.
  void finish(std::string& out);
  std::string finish();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace entente
