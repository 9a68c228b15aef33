#include "core/random_id.hpp"

#include <random>

namespace entente {

namespace {

template <typename Generator>
std::string hex_of(Generator& generator, std::size_t bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  using Word = typename Generator::result_type;
  std::string id;
  id.reserve(bytes * 2);
  Word word = 0;
  for (std::size_t i = 0; i < bytes; ++i) {
    if (i % sizeof(Word) == 0) word = generator();
    const auto byte = static_cast<unsigned int>((word >> (8 * (i % sizeof(Word)))) & 0xFFU);
    id += kDigits[byte >> 4U];
    id += kDigits[byte & 0xFU];
  }
  return id;
}

}  // namespace

std::string random_hex_id(std::size_t bytes) {
  // One device per thread: constructing one costs far more than reading it (it probes
  // the processor), and libstdc++'s reads the kernel's generator or the processor's.
  thread_local std::random_device device;
  return hex_of(device, bytes);
}

std::string quick_hex_id(std::size_t bytes) {
  thread_local std::mt19937_64 generator = [] {
    std::random_device device;
    std::seed_seq seed{device(), device(), device(), device()};
    return std::mt19937_64(seed);
  }();
  return hex_of(generator, bytes);
}

}  // namespace entente
