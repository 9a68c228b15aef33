#include "core/text.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace entente {

namespace {
char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
char upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

// Code points first..last, each spelled `ascii` once folded.
struct Fold {
  char32_t first;
  char32_t last;
  std::string_view ascii;
};

// Sorted and disjoint. × (U+00D7) and ÷ (U+00F7) are signs, not letters: they are kept.
constexpr auto kFolds = std::to_array<Fold>({
    // Latin-1 Supplement
    {0x00C0, 0x00C5, "a"},  // À Á Â Ã Ä Å
    {0x00C6, 0x00C6, "ae"},
    {0x00C7, 0x00C7, "c"},
    {0x00C8, 0x00CB, "e"},
    {0x00CC, 0x00CF, "i"},
    {0x00D0, 0x00D0, "d"},  // Ð
    {0x00D1, 0x00D1, "n"},
    {0x00D2, 0x00D6, "o"},
    {0x00D8, 0x00D8, "o"},  // Ø
    {0x00D9, 0x00DC, "u"},
    {0x00DD, 0x00DD, "y"},
    {0x00DE, 0x00DE, "th"},  // Þ
    {0x00DF, 0x00DF, "ss"},
    {0x00E0, 0x00E5, "a"},
    {0x00E6, 0x00E6, "ae"},
    {0x00E7, 0x00E7, "c"},
    {0x00E8, 0x00EB, "e"},
    {0x00EC, 0x00EF, "i"},
    {0x00F0, 0x00F0, "d"},  // ð
    {0x00F1, 0x00F1, "n"},
    {0x00F2, 0x00F6, "o"},
    {0x00F8, 0x00F8, "o"},  // ø
    {0x00F9, 0x00FC, "u"},
    {0x00FD, 0x00FD, "y"},
    {0x00FE, 0x00FE, "th"},  // þ
    {0x00FF, 0x00FF, "y"},
    // Latin Extended-A: mostly upper- and lower-case pairs
    {0x0100, 0x0105, "a"},  // Ā ā Ă ă Ą ą
    {0x0106, 0x010D, "c"},  // Ć ć Ĉ ĉ Ċ ċ Č č
    {0x010E, 0x0111, "d"},  // Ď ď Đ đ
    {0x0112, 0x011B, "e"},  // Ē ē Ĕ ĕ Ė ė Ę ę Ě ě
    {0x011C, 0x0123, "g"},  // Ĝ ĝ Ğ ğ Ġ ġ Ģ ģ
    {0x0124, 0x0127, "h"},  // Ĥ ĥ Ħ ħ
    {0x0128, 0x0131, "i"},  // Ĩ ĩ Ī ī Ĭ ĭ Į į İ ı
    {0x0132, 0x0133, "ij"},
    {0x0134, 0x0135, "j"},
    {0x0136, 0x0138, "k"},  // Ķ ķ ĸ
    {0x0139, 0x0142, "l"},  // Ĺ ĺ Ļ ļ Ľ ľ Ŀ ŀ Ł ł
    {0x0143, 0x014B, "n"},  // Ń ń Ņ ņ Ň ň ŉ Ŋ ŋ
    {0x014C, 0x0151, "o"},  // Ō ō Ŏ ŏ Ő ő
    {0x0152, 0x0153, "oe"},
    {0x0154, 0x0159, "r"},  // Ŕ ŕ Ŗ ŗ Ř ř
    {0x015A, 0x0161, "s"},  // Ś ś Ŝ ŝ Ş ş Š š
    {0x0162, 0x0167, "t"},  // Ţ ţ Ť ť Ŧ ŧ
    {0x0168, 0x0173, "u"},  // Ũ ũ Ū ū Ŭ ŭ Ů ů Ű ű Ų ų
    {0x0174, 0x0175, "w"},
    {0x0176, 0x0178, "y"},  // Ŷ ŷ Ÿ
    {0x0179, 0x017E, "z"},  // Ź ź Ż ż Ž ž
    {0x017F, 0x017F, "s"},  // ſ
    // Combining diacritical marks, as in text decomposed (NFD): e + U+0301 is é
    {0x0300, 0x036F, ""},
    // Typographic apostrophes: Côte d’Ivoire
    {0x2018, 0x2019, "'"},
});

constexpr bool is_sorted_and_disjoint(const auto& folds) {
  for (std::size_t i = 0; i < folds.size(); ++i) {
    if (folds[i].last < folds[i].first) return false;
    if (i > 0 && folds[i].first <= folds[i - 1].last) return false;
  }
  return true;
}
static_assert(is_sorted_and_disjoint(kFolds));

// The fold of code point `c`; nullptr when it has none.
const std::string_view* fold_of(char32_t c) {
  const auto it = std::lower_bound(kFolds.begin(), kFolds.end(), c,
                                   [](const Fold& fold, char32_t code) { return fold.last < code; });
  return it != kFolds.end() && it->first <= c ? &it->ascii : nullptr;
}

bool is_continuation(unsigned char byte) { return (byte & 0xC0) == 0x80; }

// The code point of the two- or three-byte sequence at `at` of `text` and its length in
// bytes, when it is one in shortest form; {0, 0} otherwise (the fold table has nothing
// beyond U+FFFF).
std::pair<char32_t, std::size_t> decode_at(std::string_view text, std::size_t at) {
  const auto byte = [text](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(at);
  if (lead >= 0xC2 && lead <= 0xDF && text.size() - at >= 2 && is_continuation(byte(at + 1))) {
    return {static_cast<char32_t>(((lead & 0x1Fu) << 6) | (byte(at + 1) & 0x3Fu)), 2};
  }
  if (lead >= 0xE0 && lead <= 0xEF && text.size() - at >= 3 && is_continuation(byte(at + 1)) &&
      is_continuation(byte(at + 2))) {
    const auto code =
        static_cast<char32_t>(((lead & 0x0Fu) << 12) | ((byte(at + 1) & 0x3Fu) << 6) | (byte(at + 2) & 0x3Fu));
    if (code >= 0x800) return {code, 3};
  }
  return {0, 0};
}
}  // namespace

std::string fold_case_and_accents(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t at = 0;
  while (at < text.size()) {
    if (static_cast<unsigned char>(text[at]) < 0x80) {
      out += lower(text[at++]);
      continue;
    }
    const auto [code, length] = decode_at(text, at);
    const std::string_view* ascii = length > 0 ? fold_of(code) : nullptr;
    if (ascii == nullptr) {
      // Another character, or a malformed byte: kept, one byte at a time.
      out += text[at++];
      continue;
    }
    out += *ascii;
    at += length;
  }
  return out;
}

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
