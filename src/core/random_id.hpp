#pragma once

#include <cstddef>
#include <string>

namespace entente {

// `bytes` bytes from the operating system's random source, as lower-case hex. Used for
// identifiers that must not be guessed (capabilities such as simulation job ids) and for
// incident ids that tie an error reply to its log line.
std::string random_hex_id(std::size_t bytes = 16);

}  // namespace entente
