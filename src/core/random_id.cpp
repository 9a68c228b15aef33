#include "core/random_id.hpp"

#include <random>

namespace entente {

std::string random_hex_id(std::size_t bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  // std::random_device reads the kernel's generator (getrandom) on Linux with libstdc++.
  std::random_device device;
  std::string id;
  id.reserve(bytes * 2);
  unsigned int word = 0;
  for (std::size_t i = 0; i < bytes; ++i) {
    if (i % sizeof(word) == 0) word = device();
    const unsigned int byte = (word >> (8 * (i % sizeof(word)))) & 0xFFU;
    id += kDigits[byte >> 4U];
    id += kDigits[byte & 0xFU];
  }
  return id;
}

}  // namespace entente
