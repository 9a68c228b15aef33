#include "core/gzip_stream.hpp"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <system_error>
#include <thread>
#include <vector>

namespace entente {

namespace {

// deflateInit2's windowBits for a gzip wrapper: the largest window (15) plus 16.
constexpr int kGzipWindowBits = 15 + 16;
constexpr int kMemoryLevel = 8;
// Output is produced through a buffer of this size and appended to the caller's string.
constexpr std::size_t kOutputBlock = std::size_t{64} * 1024;

}  // namespace

struct GzipStream::State {
  z_stream zs{};
  bool initialised = false;
  bool finished = false;
  std::array<unsigned char, kOutputBlock> block{};

  explicit State(int level) {
    initialised = deflateInit2(&zs, std::clamp(level, 1, 9), Z_DEFLATED, kGzipWindowBits, kMemoryLevel,
                               Z_DEFAULT_STRATEGY) == Z_OK;
  }
  ~State() {
    if (initialised) deflateEnd(&zs);
  }
  State(const State&) = delete;
  State& operator=(const State&) = delete;
  State(State&&) = delete;
  State& operator=(State&&) = delete;

  // Runs deflate over `data` with `flush` until zlib has taken all of it (and, for
  // Z_FINISH, written the trailer), appending its output to `out`.
  void run(std::string_view data, int flush, std::string& out) {
    if (!initialised || finished) return;
    // zlib's next_in is not const-qualified but is only read.
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));  // NOLINT
    zs.avail_in = static_cast<uInt>(data.size());
    for (;;) {
      zs.next_out = block.data();
      zs.avail_out = static_cast<uInt>(block.size());
      const int status = deflate(&zs, flush);
      const std::size_t produced = block.size() - zs.avail_out;
      out.append(reinterpret_cast<const char*>(block.data()), produced);  // NOLINT
      if (status == Z_STREAM_END) {
        finished = true;
        return;
      }
      if (status != Z_OK && status != Z_BUF_ERROR) return;  // the state is broken: nothing more
      if (flush != Z_FINISH && zs.avail_in == 0 && zs.avail_out != 0) return;
    }
  }
};

namespace {

// One block of a gzip member made of independently compressed blocks: raw deflate, ended
// by a sync flush (an empty stored block, byte-aligned) so that the next block may follow,
// or by the final block.
struct CompressedBlock {
  std::string bytes;
  uLong crc = 0;
  std::size_t length = 0;
  bool ok = false;
};

CompressedBlock deflate_block(std::string_view data, int level, bool last) {
  CompressedBlock block;
  block.length = data.size();
  block.crc = crc32_z(crc32_z(0, nullptr, 0), reinterpret_cast<const Bytef*>(data.data()), data.size());  // NOLINT
  z_stream zs{};
  if (deflateInit2(&zs, std::clamp(level, 1, 9), Z_DEFLATED, -15, kMemoryLevel, Z_DEFAULT_STRATEGY) != Z_OK) {
    return block;
  }
  block.bytes.resize(deflateBound(&zs, static_cast<uLong>(data.size())) + 64);
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));  // NOLINT
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(block.bytes.data());  // NOLINT
  zs.avail_out = static_cast<uInt>(block.bytes.size());
  const int status = deflate(&zs, last ? Z_FINISH : Z_SYNC_FLUSH);
  block.ok = (last ? status == Z_STREAM_END : status == Z_OK) && zs.avail_in == 0;
  block.bytes.resize(block.bytes.size() - zs.avail_out);
  deflateEnd(&zs);
  return block;
}

}  // namespace

bool gzip_in_parallel(const std::function<bool(std::string&)>& source,
                      const std::function<bool(std::string_view)>& sink, int level, unsigned threads,
                      std::size_t block_bytes) {
  threads = std::max(1U, threads);
  block_bytes = std::max<std::size_t>(block_bytes, 1024);
  // The member header: magic, deflate, no flags, no time, no extra flags, OS unknown.
  static constexpr std::array<unsigned char, 10> kHeader{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff};
  if (!sink(std::string_view(reinterpret_cast<const char*>(kHeader.data()), kHeader.size()))) return false;  // NOLINT
  uLong crc = crc32_z(0, nullptr, 0);
  std::size_t total = 0;
  std::vector<std::string> inputs(threads);
  std::vector<CompressedBlock> outputs(threads);
  std::string piece;
  bool more = true;
  while (more) {
    // Fill up to `threads` blocks from the source (at least one: the source may end with an
    // empty one), then compress them at once.
    std::size_t filled = 0;
    for (; filled < threads && more; ++filled) {
      std::string& input = inputs[filled];
      input.clear();
      while (input.size() < block_bytes) {
        if (!source(piece)) {
          more = false;
          break;
        }
        input += piece;
      }
    }
    // The last block of the source (possibly empty) ends the deflate stream.
    const auto compress = [&](std::size_t b) {
      outputs[b] = deflate_block(inputs[b], level, !more && b + 1 == filled);
    };
    std::vector<std::thread> helpers;
    for (std::size_t b = 1; b < filled; ++b) {
      try {
        helpers.emplace_back(compress, b);
      } catch (const std::system_error&) {
        compress(b);  // no thread to be had: compress it here
      }
    }
    compress(0);
    for (std::thread& helper : helpers) helper.join();
    for (std::size_t b = 0; b < filled; ++b) {
      if (!outputs[b].ok) return false;
      crc = crc32_combine(crc, outputs[b].crc, static_cast<z_off_t>(outputs[b].length));
      total += outputs[b].length;
      if (!sink(outputs[b].bytes)) return false;
    }
  }
  // The trailer: CRC-32 and length modulo 2^32, little-endian.
  std::array<char, 8> trailer{};
  for (unsigned i = 0; i < 4; ++i) {
    trailer[i] = static_cast<char>((crc >> (8U * i)) & 0xFFU);
    trailer[4 + i] = static_cast<char>((total >> (8U * i)) & 0xFFU);
  }
  return sink(std::string_view(trailer.data(), trailer.size()));
}

GzipStream::GzipStream(int level) : state_(std::make_unique<State>(level)) {}
GzipStream::~GzipStream() = default;
GzipStream::GzipStream(GzipStream&&) noexcept = default;
GzipStream& GzipStream::operator=(GzipStream&&) noexcept = default;

bool GzipStream::ok() const { return state_ && state_->initialised; }

void GzipStream::feed(std::string_view data, std::string& out) {
  if (!state_) return;
  // avail_in is 32 bits wide: larger inputs go in slices.
  constexpr std::size_t kSlice = std::size_t{1} << 30U;
  while (data.size() > kSlice) {
    state_->run(data.substr(0, kSlice), Z_NO_FLUSH, out);
    data.remove_prefix(kSlice);
  }
  state_->run(data, Z_NO_FLUSH, out);
}

std::string GzipStream::feed(std::string_view data) {
  std::string out;
  feed(data, out);
  return out;
}

void GzipStream::finish(std::string& out) {
  if (state_) state_->run({}, Z_FINISH, out);
}

std::string GzipStream::finish() {
  std::string out;
  finish(out);
  return out;
}

}  // namespace entente
