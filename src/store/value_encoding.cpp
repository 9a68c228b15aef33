#include "store/value_encoding.hpp"

#include <algorithm>
#include <bit>
#include <charconv>
#include <cstdint>

#include "core/text.hpp"

namespace entente {

namespace {

constexpr std::uint8_t kLittleEndian = 1;
constexpr std::uint8_t kBigEndian = 0;
constexpr std::uint32_t kWkbPolygon = 3;
constexpr std::uint32_t kWkbMultiPolygon = 6;

std::string shortest(double value) {
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

class WkbWriter {
 public:
  // Each geometry, nested ones too, starts with its byte order and type.
  void header(std::uint32_t type) {
    bytes_.push_back(static_cast<char>(kLittleEndian));
    little_endian(type, 4);
  }
  void count(std::size_t value) { little_endian(static_cast<std::uint32_t>(value), 4); }
  void number(double value) { little_endian(std::bit_cast<std::uint64_t>(value), 8); }
  std::string take() { return std::move(bytes_); }

 private:
  void little_endian(std::uint64_t value, int size) {
    for (int i = 0; i < size; ++i) bytes_.push_back(static_cast<char>((value >> (8 * i)) & 0xFFU));
  }
  std::string bytes_;
};

// Reads WKB; every read past the end, or a byte order other than 0 or 1, makes it fail.
class WkbReader {
 public:
  explicit WkbReader(std::string_view bytes) : bytes_(bytes) {}

  bool ok() const { return ok_; }
  bool at_end() const { return at_ == bytes_.size(); }

  // True when the next geometry is of `expected_type`; its byte order holds until the next header.
  bool header(std::uint32_t expected_type) {
    if (!has(1)) return false;
    const auto order = static_cast<std::uint8_t>(bytes_[at_++]);
    if (order != kLittleEndian && order != kBigEndian) {
      ok_ = false;
      return false;
    }
    little_ = order == kLittleEndian;
    return unsigned_value(4) == expected_type && ok_;
  }
  // A count of items of at least `item_size` bytes each, no more than the bytes left hold.
  std::size_t count(std::size_t item_size) {
    const auto value = static_cast<std::size_t>(unsigned_value(4));
    if (ok_ && value > (bytes_.size() - at_) / item_size) ok_ = false;
    return ok_ ? value : 0;
  }
  double number() { return std::bit_cast<double>(unsigned_value(8)); }

 private:
  bool has(std::size_t size) {
    if (bytes_.size() - at_ < size) ok_ = false;
    return ok_;
  }
  std::uint64_t unsigned_value(int size) {
    if (!has(static_cast<std::size_t>(size))) return 0;
    std::uint64_t value = 0;
    for (int i = 0; i < size; ++i) {
      const auto byte = static_cast<std::uint8_t>(bytes_[at_ + static_cast<std::size_t>(i)]);
      const int shift = 8 * (little_ ? i : size - 1 - i);
      value |= static_cast<std::uint64_t>(byte) << shift;
    }
    at_ += static_cast<std::size_t>(size);
    return value;
  }

  std::string_view bytes_;
  std::size_t at_ = 0;
  bool little_ = true;
  bool ok_ = true;
};

}  // namespace

std::string join_list(const std::vector<std::string>& items) {
  std::string text;
  for (const std::string& item : items) text += (text.empty() ? "" : ";") + item;
  return text;
}

std::vector<std::string> split_list(std::string_view text) {
  std::vector<std::string> items;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = std::min(text.find(';', start), text.size());
    if (end > start) items.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return items;
}

std::string polygon_text(const Vertices& vertices) {
  std::string text;
  for (const auto& [lon, lat] : vertices) text += (text.empty() ? "" : ", ") + shortest(lon) + " " + shortest(lat);
  return text;
}

std::string parse_polygon_text(std::string_view text, Vertices& vertices) {
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = std::min(text.find(',', start), text.size());
    const std::string_view pair = trim(text.substr(start, end - start));
    const std::size_t space = pair.find(' ');
    double lon = 0;
    double lat = 0;
    const std::string_view lon_text = space == std::string_view::npos ? pair : pair.substr(0, space);
    const std::string_view lat_text =
        space == std::string_view::npos ? std::string_view() : trim(pair.substr(space + 1));
    const auto lon_ok = std::from_chars(lon_text.data(), lon_text.data() + lon_text.size(), lon);
    const auto lat_ok = std::from_chars(lat_text.data(), lat_text.data() + lat_text.size(), lat);
    if (lon_ok.ec != std::errc() || lat_ok.ec != std::errc() || lon_ok.ptr != lon_text.data() + lon_text.size() ||
        lat_ok.ptr != lat_text.data() + lat_text.size()) {
      return "vertex '" + std::string(pair) + "' is not 'longitude latitude'";
    }
    if (lon < -180 || lon > 180 || lat < -90 || lat > 90) return "vertex '" + std::string(pair) + "' is out of range";
    vertices.emplace_back(lon, lat);
    start = end + 1;
  }
  return {};
}

std::string encode_wkb(const std::vector<PolygonRings>& polygons) {
  WkbWriter out;
  out.header(kWkbMultiPolygon);
  out.count(polygons.size());
  for (const PolygonRings& polygon : polygons) {
    out.header(kWkbPolygon);
    out.count(polygon.size());
    for (const Ring& ring : polygon) {
      out.count(ring.size());
      for (const auto& [lon, lat] : ring) {
        out.number(lon);
        out.number(lat);
      }
    }
  }
  return out.take();
}

std::optional<std::vector<PolygonRings>> decode_wkb(std::string_view bytes) {
  constexpr std::size_t kPolygonHeader = 9;  // byte order, type, ring count
  constexpr std::size_t kRingHeader = 4;     // vertex count
  constexpr std::size_t kVertex = 16;        // two doubles
  WkbReader in(bytes);
  if (!in.header(kWkbMultiPolygon)) return std::nullopt;
  std::vector<PolygonRings> polygons(in.count(kPolygonHeader));
  for (PolygonRings& polygon : polygons) {
    if (!in.header(kWkbPolygon)) return std::nullopt;
    polygon.resize(in.count(kRingHeader));
    for (Ring& ring : polygon) {
      ring.resize(in.count(kVertex));
      for (auto& [lon, lat] : ring) {
        lon = in.number();
        lat = in.number();
      }
    }
  }
  if (!in.ok() || !in.at_end()) return std::nullopt;
  return polygons;
}

}  // namespace entente
