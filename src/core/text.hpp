#pragma once

#include <string>
#include <string_view>

namespace entente {

// ASCII case folding; bytes outside A-Z are kept as they are (UTF-8 safe).
std::string ascii_lower(std::string_view text);
std::string ascii_upper(std::string_view text);

// True when `needle` occurs in `haystack`, ignoring ASCII case.
bool contains_ignoring_case(std::string_view haystack, std::string_view needle);

// `text` without leading and trailing spaces and tabs.
std::string_view trim(std::string_view text);

}  // namespace entente
