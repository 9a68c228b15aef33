#include "core/text.hpp"

#include <gtest/gtest.h>

#include <string>

namespace entente {
namespace {

TEST(TextTest, FoldsAsciiCaseOnly) {
  EXPECT_EQ(ascii_lower("SWE Türkiye"), "swe türkiye");
  EXPECT_EQ(ascii_upper("fin"), "FIN");
  EXPECT_TRUE(contains_ignoring_case("Sweden", "swe"));
  EXPECT_TRUE(contains_ignoring_case("North Macedonia", "MACED"));
  EXPECT_FALSE(contains_ignoring_case("Finland", "swe"));
  EXPECT_EQ(trim("  x y \t"), "x y");
}

// Each text with its fold: what a search compares.
TEST(TextTest, FoldsCaseAndAccentsToAscii) {
  const struct {
    const char* text;
    const char* folded;
  } cases[] = {
      {"", ""},
      {"Sweden", "sweden"},
      {"Côte d'Ivoire", "cote d'ivoire"},
      {"Côte d’Ivoire", "cote d'ivoire"},  // U+2019
      {"Türkiye", "turkiye"},
      {"São Tomé and Príncipe", "sao tome and principe"},
      {"ÉIRE", "eire"},
      {"Curaçao", "curacao"},
      {"España", "espana"},
      {"Føroyar", "foroyar"},
      {"Åland", "aland"},
      {"Straße", "strasse"},
      {"Æsir", "aesir"},
      {"Łódź", "lodz"},
      {"İstanbul", "istanbul"},
      {"Œuvre", "oeuvre"},
      {"Žilina", "zilina"},
      {"Cafe\xCC\x81", "cafe"},          // e and a combining acute accent (U+0301)
      {"2 × 3 ÷ 4", "2 × 3 ÷ 4"},        // signs, not letters
      {"Москва", "Москва"},              // other scripts are kept
      {"A\xC3", "a\xC3"},                // a sequence cut short is kept
      {"\xE0\x83\x89", "\xE0\x83\x89"},  // an overlong É is kept
  };
  for (const auto& c : cases) EXPECT_EQ(fold_case_and_accents(c.text), c.folded) << c.text;
}

// Each text with the length of its well-formed prefix (its size when all of it is valid).
TEST(TextTest, Utf8ValidPrefixFollowsRfc3629) {
  const struct {
    std::string text;
    std::size_t valid;
    const char* what;
  } cases[] = {
      {"", 0, "empty"},
      {"plain ASCII, with a tab\t", 24, "ASCII"},
      {std::string("nul\0inside", 10), 10, "U+0000 is a character"},
      {"T\xC3\xBCrkiye", 8, "two bytes (U+00FC)"},
      {"\xC2\x80", 2, "smallest two-byte (U+0080)"},
      {"\xDF\xBF", 2, "largest two-byte (U+07FF)"},
      {"\xE0\xA0\x80", 3, "smallest three-byte (U+0800)"},
      {"\xE2\x82\xAC", 3, "euro sign (U+20AC)"},
      {"\xED\x9F\xBF", 3, "just below the surrogates (U+D7FF)"},
      {"\xEE\x80\x80", 3, "just above the surrogates (U+E000)"},
      {"\xEF\xBB\xBF", 3, "byte order mark (U+FEFF)"},
      {"\xEF\xBF\xBF", 3, "U+FFFF"},
      {"\xF0\x90\x80\x80", 4, "smallest four-byte (U+10000)"},
      {"\xF0\x9F\x8C\x8D", 4, "globe (U+1F30D)"},
      {"\xF4\x8F\xBF\xBF", 4, "largest code point (U+10FFFF)"},
      {"ab\x80", 2, "stray continuation byte"},
      {"\xBF", 0, "stray last continuation byte"},
      {"\xC0\xAF", 0, "overlong '/' in two bytes"},
      {"\xC1\xBF", 0, "overlong U+007F"},
      {"\xE0\x80\xAF", 0, "overlong '/' in three bytes"},
      {"\xE0\x9F\xBF", 0, "overlong U+07FF"},
      {"\xF0\x80\x80\xAF", 0, "overlong '/' in four bytes"},
      {"\xF0\x8F\xBF\xBF", 0, "overlong U+FFFF"},
      {"a\xED\xA0\x80", 1, "high surrogate U+D800"},
      {"\xED\xBF\xBF", 0, "low surrogate U+DFFF"},
      {"\xED\xA0\xBD\xED\xB8\x80", 0, "surrogate pair (CESU-8)"},
      {"\xF4\x90\x80\x80", 0, "U+110000, beyond the last code point"},
      {"\xF5\x80\x80\x80", 0, "lead byte F5"},
      {"\xFE", 0, "byte FE"},
      {"\xFF", 0, "byte FF"},
      {"caf\xE9", 3, "Latin-1 e-acute at the end"},
      {"caf\xE9s", 3, "Latin-1 e-acute before ASCII"},
      {"\xC3", 0, "two-byte sequence cut short at the end"},
      {"\xE2\x82", 0, "three-byte sequence cut short at the end"},
      {"\xF0\x9F\x8C", 0, "four-byte sequence cut short at the end"},
      {"\xE2\x82x", 0, "three-byte sequence cut short by ASCII"},
      {"\xC3\xC3\xBC", 0, "lead byte followed by a lead byte"},
      {"ok \xC3\xBC then \xF0\x9F\x8C x", 11, "first bad sequence after valid ones"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    EXPECT_EQ(utf8_valid_prefix(c.text), c.valid);
    EXPECT_EQ(is_valid_utf8(c.text), c.valid == c.text.size());
  }
}

}  // namespace
}  // namespace entente
