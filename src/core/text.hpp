#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace entente {

// ASCII case folding; bytes outside A-Z are kept as they are (UTF-8 safe).
std::string ascii_lower(std::string_view text);
std::string ascii_upper(std::string_view text);

// `text` folded for matching names: ASCII lower-cased, the Latin-1 and Latin Extended-A
// letters with diacritics (U+00C0..U+017F) and their ligatures spelled in lower-case ASCII
// (é and É become e, ß ss, Æ ae, Ø o, Ł l), combining diacritical marks (U+0300..U+036F)
// dropped and typographic apostrophes (U+2018, U+2019) made ASCII ones. Every other byte,
// including those of other scripts and of malformed UTF-8, is kept as it is, so two texts
// fold equal when they differ only in case and accents.
std::string fold_case_and_accents(std::string_view text);

// True when `needle` occurs in `haystack`, ignoring ASCII case.
bool contains_ignoring_case(std::string_view haystack, std::string_view needle);

// `text` without leading and trailing spaces and tabs.
std::string_view trim(std::string_view text);

// The length in bytes of the longest prefix of `text` that is well-formed UTF-8 (RFC 3629,
// Unicode table 3-7): `text.size()` when all of it is. Overlong forms, surrogates
// (U+D800..U+DFFF), code points above U+10FFFF, stray continuation bytes and sequences cut
// short all end the prefix; the byte at the returned offset starts the first bad sequence.
std::size_t utf8_valid_prefix(std::string_view text);

// True when all of `text` is well-formed UTF-8 (see utf8_valid_prefix).
bool is_valid_utf8(std::string_view text);

}  // namespace entente
