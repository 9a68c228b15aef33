#include "core/text.hpp"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace entente
