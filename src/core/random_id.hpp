#pragma once

#include <cstddef>
#include <string>

namespace entente {

// `bytes` bytes from the operating system's random source, as lower-case hex: for
// identifiers that must not be guessed (capabilities such as simulation job ids).
std::string random_hex_id(std::size_t bytes = 16);

// `bytes` bytes of a fast generator seeded once per thread from the operating system, as
// lower-case hex: distinct with overwhelming probability but not a secret. For ids that
// tie a reply to its log lines (request and incident ids), made on every request.
std::string quick_hex_id(std::size_t bytes = 8);

}  // namespace entente
