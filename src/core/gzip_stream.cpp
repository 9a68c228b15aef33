#include "core/gzip_stream.hpp"

#include <libdeflate.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <condition_variable>
#include <deque>
#include <mutex>
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

// libdeflate's levels: 1 is fastest, 12 smallest.
constexpr int kLibdeflateMaxLevel = 12;

// The blocks in flight: each is read, compressed and written in turn through one slot of a
// ring, so that memory stays bounded whatever the size of the source.
struct Slot {
  enum class State { kFree, kQueued, kDone, kFailed };
  std::string input;
  std::string output;
  State state = State::kFree;
};

// Compresses `input` into `output` as one whole gzip member; false if the compressor is missing.
bool compress_member(libdeflate_compressor* compressor, const std::string& input, std::string& output) {
  if (compressor == nullptr) return false;
  output.resize(libdeflate_gzip_compress_bound(compressor, input.size()));
  const std::size_t written =
      libdeflate_gzip_compress(compressor, input.data(), input.size(), output.data(), output.size());
  output.resize(written);
  return written != 0;
}

struct CompressorDeleter {
  void operator()(libdeflate_compressor* compressor) const { libdeflate_free_compressor(compressor); }
};
using Compressor = std::unique_ptr<libdeflate_compressor, CompressorDeleter>;

// The workers that compress queued slots, each with its own compressor. The caller fills
// slots and writes them out in order; the destructor stops and joins the workers, so that
// an early return (or an exception) never leaves a thread running over freed slots.
class Workers {
 public:
  Workers(std::vector<Slot>& slots, int level, unsigned count) : slots_(slots), level_(level) {
    for (unsigned w = 0; w < count; ++w) {
      try {
        threads_.emplace_back([this] { work(); });
      } catch (const std::system_error&) {
        break;  // fewer threads than asked: those there are do the work
      }
    }
  }
  ~Workers() {
    {
      const std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    queued_cv_.notify_all();
    for (std::thread& thread : threads_) thread.join();
  }
  Workers(const Workers&) = delete;
  Workers& operator=(const Workers&) = delete;
  Workers(Workers&&) = delete;
  Workers& operator=(Workers&&) = delete;

  bool any() const { return !threads_.empty(); }

  void queue(std::size_t slot) {
    {
      const std::lock_guard lock(mutex_);
      slots_[slot].state = Slot::State::kQueued;
      queue_.push_back(slot);
    }
    queued_cv_.notify_one();
  }

  // Waits until `slot` is compressed; false if it could not be.
  bool wait(std::size_t slot) {
    std::unique_lock lock(mutex_);
    done_cv_.wait(lock, [&] { return slots_[slot].state != Slot::State::kQueued; });
    return slots_[slot].state == Slot::State::kDone;
  }

 private:
  void work() {
    const Compressor compressor(libdeflate_alloc_compressor(level_));
    std::unique_lock lock(mutex_);
    for (;;) {
      queued_cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      const std::size_t slot = queue_.front();
      queue_.pop_front();
      lock.unlock();
      const bool compressed = compress_member(compressor.get(), slots_[slot].input, slots_[slot].output);
      lock.lock();
      slots_[slot].state = compressed ? Slot::State::kDone : Slot::State::kFailed;
      done_cv_.notify_all();
    }
  }

  std::vector<Slot>& slots_;
  const int level_;
  std::mutex mutex_;
  std::condition_variable queued_cv_;
  std::condition_variable done_cv_;
  std::deque<std::size_t> queue_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace

bool gzip_in_parallel(const std::function<bool(std::string&)>& source,
                      const std::function<bool(std::string_view)>& sink, int level, unsigned threads,
                      std::size_t block_bytes) {
  threads = std::max(1U, threads);
  block_bytes = std::max<std::size_t>(block_bytes, 1024);
  level = std::clamp(level, 1, kLibdeflateMaxLevel);
  // Two slots a worker: one being compressed while the caller fills or writes the other.
  std::vector<Slot> slots(std::size_t{2} * threads);
  Workers workers(slots, level, threads);
  // Without a thread to be had, the caller compresses each block itself.
  const Compressor own(workers.any() ? nullptr : libdeflate_alloc_compressor(level));
  std::size_t read = 0;     // blocks taken from the source
  std::size_t written = 0;  // blocks given to the sink
  std::string piece;
  bool more = true;
  for (;;) {
    // Fill every free slot while the source lasts; the first block is sent even if empty,
    // so that an empty source still makes a gzip file.
    while (more && read - written < slots.size()) {
      Slot& slot = slots[read % slots.size()];
      slot.input.clear();
      while (slot.input.size() < block_bytes) {
        if (!source(piece)) {
          more = false;
          break;
        }
        if (slot.input.empty() && piece.size() >= block_bytes) {
          slot.input.swap(piece);  // a piece as large as a block is taken as it is
        } else {
          slot.input.reserve(block_bytes + piece.size());
          slot.input += piece;
        }
      }
      if (slot.input.empty() && read > 0) break;
      if (workers.any()) {
        workers.queue(read % slots.size());
      } else {
        slot.state = compress_member(own.get(), slot.input, slot.output) ? Slot::State::kDone : Slot::State::kFailed;
      }
      ++read;
    }
    if (written == read) return true;
    // Write the oldest block, in the order read.
    const std::size_t oldest = written % slots.size();
    if (workers.any() ? !workers.wait(oldest) : slots[oldest].state != Slot::State::kDone) return false;
    slots[oldest].state = Slot::State::kFree;
    if (!sink(slots[oldest].output)) return false;
    ++written;
  }
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
