#include "store/value_encoding.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace entente {
namespace {

// Doubles whose bits a lossy encoding would change: signed zero, the smallest subnormal,
// the largest double, a NaN with a payload, a sum with no short decimal form.
std::vector<double> awkward_numbers() {
  return {-0.0,
          std::numeric_limits<double>::denorm_min(),
          std::numeric_limits<double>::max(),
          std::bit_cast<double>(std::uint64_t{0x7FF8000000000123}),
          0.1 + 0.2,
          -180.0,
          89.99999999999999};
}

// Two polygons: a square with a hole of awkward numbers, and a triangle.
std::vector<PolygonRings> awkward_polygons() {
  Ring hole;
  const std::vector<double> numbers = awkward_numbers();
  for (std::size_t i = 0; i + 1 < numbers.size(); ++i) hole.emplace_back(numbers[i], numbers[i + 1]);
  hole.push_back(hole.front());
  const Ring square{{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}};
  const Ring triangle{{-5.5, 1.25}, {-4.5, 1.25}, {-5, 2}, {-5.5, 1.25}};
  return {{square, hole}, {triangle}};
}

// Every double of `polygons` as its bits, so that -0.0 and NaN compare exactly.
std::vector<std::uint64_t> bits_of(const std::vector<PolygonRings>& polygons) {
  std::vector<std::uint64_t> bits;
  for (const PolygonRings& polygon : polygons) {
    bits.push_back(polygon.size());
    for (const Ring& ring : polygon) {
      bits.push_back(ring.size());
      for (const auto& [lon, lat] : ring) {
        bits.push_back(std::bit_cast<std::uint64_t>(lon));
        bits.push_back(std::bit_cast<std::uint64_t>(lat));
      }
    }
  }
  return bits;
}

std::string bytes(std::initializer_list<int> values) {
  std::string text;
  for (int value : values) text.push_back(static_cast<char>(value));
  return text;
}

TEST(WkbTest, WritesAMultiPolygonLittleEndianWhateverTheMachine) {
  const std::vector<PolygonRings> unit_square{{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}}};
  const std::string wkb = encode_wkb(unit_square);
  ASSERT_EQ(wkb.size(), 1 + 4 + 4 + (1 + 4 + 4) + 4 + 4 * 16U);
  EXPECT_EQ(wkb.substr(0, 9), bytes({1, 6, 0, 0, 0, 1, 0, 0, 0}));               // NDR, MultiPolygon, 1 polygon
  EXPECT_EQ(wkb.substr(9, 13), bytes({1, 3, 0, 0, 0, 1, 0, 0, 0, 4, 0, 0, 0}));  // NDR, Polygon, 1 ring, 4 points
  // The second vertex's x, 1.0: 0x3FF0000000000000 with its least significant byte first.
  EXPECT_EQ(wkb.substr(22 + 16, 8), bytes({0, 0, 0, 0, 0, 0, 0xF0, 0x3F}));
}

TEST(WkbTest, ReadsBackEveryDoubleBitForBit) {
  const std::vector<PolygonRings> polygons = awkward_polygons();
  const std::optional<std::vector<PolygonRings>> decoded = decode_wkb(encode_wkb(polygons));
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(bits_of(*decoded), bits_of(polygons));
}

TEST(WkbTest, ReadsNoPolygonsAsAnEmptyMultiPolygon) {
  const std::optional<std::vector<PolygonRings>> decoded = decode_wkb(encode_wkb({}));
  ASSERT_TRUE(decoded.has_value());
  EXPECT_TRUE(decoded->empty());
}

TEST(WkbTest, ReadsBigEndianGeometryToo) {
  // One polygon, one ring of one vertex (2, -0.5), every number most significant byte first.
  const std::string big_endian = bytes({0, 0, 0, 0,    6, 0, 0, 0, 1, 0, 0, 0,    0,    3, 0, 0, 0, 1, 0,
                                        0, 0, 1, 0x40, 0, 0, 0, 0, 0, 0, 0, 0xBF, 0xE0, 0, 0, 0, 0, 0, 0});
  const std::optional<std::vector<PolygonRings>> decoded = decode_wkb(big_endian);
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(*decoded, (std::vector<PolygonRings>{{{{2.0, -0.5}}}}));
}

TEST(WkbTest, RefusesWhatIsNotOneWholeMultiPolygon) {
  const std::string wkb = encode_wkb(awkward_polygons());
  EXPECT_FALSE(decode_wkb("").has_value());
  EXPECT_FALSE(decode_wkb(wkb.substr(0, wkb.size() - 1)).has_value()) << "cut short";
  EXPECT_FALSE(decode_wkb(wkb + '\0').has_value()) << "bytes after its end";
  EXPECT_FALSE(decode_wkb(bytes({1, 3, 0, 0, 0, 0, 0, 0, 0})).has_value()) << "a Polygon, not a MultiPolygon";
  EXPECT_FALSE(decode_wkb(bytes({2, 6, 0, 0, 0, 0, 0, 0, 0})).has_value()) << "no such byte order";
  // A count far beyond the bytes there are is refused before anything is allocated for it.
  EXPECT_FALSE(decode_wkb(bytes({1, 6, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0x7F})).has_value());
}

TEST(PolygonTextTest, ReadsBackEveryVertexExactly) {
  const Vertices vertices{{0.1 + 0.2, -33.333333333333336}, {179.99999999999997, 1e-7}, {-180, 90}};
  Vertices back;
  EXPECT_EQ(parse_polygon_text(polygon_text(vertices), back), "");
  EXPECT_EQ(back, vertices);
  EXPECT_EQ(polygon_text({{-6.03, 36.18}, {11, 47.5}}), "-6.03 36.18, 11 47.5");
}

TEST(ListTest, JoinsAndSplitsOnSemicolons) {
  EXPECT_EQ(join_list({"816", "836"}), "816;836");
  EXPECT_EQ(split_list("816;;836;"), (std::vector<std::string>{"816", "836"}));
  EXPECT_TRUE(split_list("").empty());
}

}  // namespace
}  // namespace entente
