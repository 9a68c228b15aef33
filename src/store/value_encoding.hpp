#pragma once

// Portable encodings of the values a column holds that a database has no common type for:
// lists, polygons of the data files and country geometry. Any backend may use them.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/model.hpp"

namespace entente {

// (longitude, latitude) vertices, as TerritorialUnit::polygon and SeaArea::polygon.
using Vertices = std::vector<std::pair<double, double>>;

// A list as ";"-separated text, and back (empty items are dropped).
std::string join_list(const std::vector<std::string>& items);
std::vector<std::string> split_list(std::string_view text);

// A polygon as the data files write it, "lon lat, lon lat, ...", each number in the
// shortest form that reads back to the same double.
std::string polygon_text(const Vertices& vertices);

// Parses polygon_text's form into `vertices` up to the first vertex that is not two numbers
// within [-180, 180] x [-90, 90]; returns that problem ("vertex '...' is out of range"),
// or an empty string when every vertex was read.
std::string parse_polygon_text(std::string_view text, Vertices& vertices);

// Polygons as OGC well-known binary (ISO 19125): one MultiPolygon, two dimensions
// (x longitude, y latitude), every number little-endian (NDR) whatever the machine, so
// the bytes are the same everywhere and a double reads back bit for bit.
std::string encode_wkb(const std::vector<PolygonRings>& polygons);

// Decodes a two-dimensional MultiPolygon in either byte order; nullopt when `bytes` is
// anything else, is cut short or runs on past its end.
std::optional<std::vector<PolygonRings>> decode_wkb(std::string_view bytes);

}  // namespace entente
