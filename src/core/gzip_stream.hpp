#pragma once

// A gzip (RFC 1952) encoder that takes its input in pieces, so that a body of any size can
// be compressed as it is produced, in memory bounded by zlib's window and one piece.

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace entente {

// Compresses what `source` yields, piece after piece until it returns false, into one gzip
// member that `sink` receives in order, in pieces of about `block_bytes`. Up to `threads`
// threads (the caller's among them) compress consecutive blocks of `block_bytes` at once,
// each on its own as pigz does, so the output is slightly larger than GzipStream's.
// Memory: about 2 * threads blocks. False as soon as `sink` returns false.
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
