#include "core/text.hpp"

#include <algorithm>

namespace entente {

namespace {
char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
char upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }
}  // namespace

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), lower);
  return out;
}

std::string ascii_upper(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), upper);
  return out;
}

bool contains_ignoring_case(std::string_view haystack, std::string_view needle) {
  const auto it = std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(),
                              [](char a, char b) { return lower(a) == lower(b); });
  return it != haystack.end() || needle.empty();
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::size_t utf8_valid_prefix(std::string_view text) {
  const auto byte_at = [text](std::size_t at) { return static_cast<unsigned char>(text[at]); };
  std::size_t at = 0;
  while (at < text.size()) {
    const unsigned char lead = byte_at(at);
    if (lead < 0x80) {
      ++at;
      continue;
    }
    // The sequence's length and the range of its second byte; later bytes are 80..BF.
    std::size_t length = 0;
    unsigned char second_min = 0x80;
    unsigned char second_max = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
    } else if (lead == 0xE0) {
      length = 3;
      second_min = 0xA0;  // below: an overlong form of U+0000..U+07FF
    } else if (lead == 0xED) {
      length = 3;
      second_max = 0x9F;  // above: the surrogates U+D800..U+DFFF
    } else if (lead >= 0xE1 && lead <= 0xEF) {
      length = 3;
    } else if (lead == 0xF0) {
      length = 4;
      second_min = 0x90;  // below: an overlong form of U+0000..U+FFFF
    } else if (lead >= 0xF1 && lead <= 0xF3) {
      length = 4;
    } else if (lead == 0xF4) {
      length = 4;
      second_max = 0x8F;  // above: beyond U+10FFFF
    } else {
      return at;  // 80..BF continue a sequence, C0 and C1 start overlong ones, F5..FF never occur
    }
    if (text.size() - at < length) return at;
    if (byte_at(at + 1) < second_min || byte_at(at + 1) > second_max) return at;
    for (std::size_t k = 2; k < length; ++k) {
      if ((byte_at(at + k) & 0xC0) != 0x80) return at;
    }
    at += length;
  }
  return at;
}

bool is_valid_utf8(std::string_view text) { return utf8_valid_prefix(text) == text.size(); }

}  // namespace entente
