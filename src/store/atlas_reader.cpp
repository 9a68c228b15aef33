#include "store/atlas_reader.hpp"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "store/dataset_reader.hpp"

namespace entente {

namespace json = boost::json;

namespace {

Status bad(std::string_view name, const std::string& reason) {
  return Status(ErrorCode::kInvalidData, std::string(name) + ": " + reason);
}

bool number(const json::value& value, double& out) {
  if (value.is_double()) {
    out = value.get_double();
  } else if (value.is_int64()) {
    out = static_cast<double>(value.get_int64());
  } else if (value.is_uint64()) {
    out = static_cast<double>(value.get_uint64());
  } else {
    return false;
  }
  return true;
}

}  // namespace

Result<std::vector<CountryShape>> read_topojson(std::string_view text, std::string_view name) {
  boost::system::error_code error;
  const json::value topology = json::parse(text, error);
  if (error) return bad(name, "not JSON: " + error.message());
  const json::object* root = topology.if_object();
  if (root == nullptr || !root->contains("arcs") || !root->contains("objects")) {
    return bad(name, "not a TopoJSON topology (no arcs or objects)");
  }
  // Quantized topologies scale and translate the integer positions.
  double scale[2] = {1, 1};
  double translate[2] = {0, 0};
  bool quantized = false;
  if (const json::value* transform = root->if_contains("transform")) {
    const json::object* t = transform->if_object();
    const json::array* s = t ? t->if_contains("scale") ? t->at("scale").if_array() : nullptr : nullptr;
    const json::array* tr = t ? t->if_contains("translate") ? t->at("translate").if_array() : nullptr : nullptr;
    if (s == nullptr || tr == nullptr || s->size() != 2 || tr->size() != 2 || !number((*s)[0], scale[0]) ||
        !number((*s)[1], scale[1]) || !number((*tr)[0], translate[0]) || !number((*tr)[1], translate[1])) {
      return bad(name, "malformed transform");
    }
    quantized = true;
  }
  const json::array* raw_arcs = root->at("arcs").if_array();
  if (raw_arcs == nullptr) return bad(name, "arcs is not an array");
  std::vector<Ring> arcs;
  arcs.reserve(raw_arcs->size());
  for (const json::value& raw_arc : *raw_arcs) {
    const json::array* positions = raw_arc.if_array();
    if (positions == nullptr) return bad(name, "an arc is not an array");
    Ring arc;
    arc.reserve(positions->size());
    double x = 0;
    double y = 0;
    for (const json::value& raw : *positions) {
      const json::array* position = raw.if_array();
      double dx = 0;
      double dy = 0;
      if (position == nullptr || position->size() < 2 || !number((*position)[0], dx) || !number((*position)[1], dy)) {
        return bad(name, "an arc position is not [x, y]");
      }
      if (quantized) {
        x += dx;
        y += dy;
        arc.emplace_back(x * scale[0] + translate[0], y * scale[1] + translate[1]);
      } else {
        arc.emplace_back(dx, dy);
      }
    }
    arcs.push_back(std::move(arc));
  }

  const json::object* objects = root->at("objects").if_object();
  const json::value* countries = objects ? objects->if_contains("countries") : nullptr;
  const json::array* geometries = countries && countries->is_object() && countries->get_object().contains("geometries")
                                      ? countries->get_object().at("geometries").if_array()
                                      : nullptr;
  if (geometries == nullptr) return bad(name, "no objects.countries.geometries");

  // A ring is a list of arc indexes; a negative index ~i means arc i reversed. Consecutive
  // arcs share their joining point, which is kept once.
  const auto ring_of = [&](const json::value& value, Ring& ring) -> bool {
    const json::array* indexes = value.if_array();
    if (indexes == nullptr) return false;
    for (const json::value& raw : *indexes) {
      if (!raw.is_int64()) return false;
      const std::int64_t index = raw.get_int64();
      const std::int64_t arc_index = index >= 0 ? index : ~index;
      if (arc_index < 0 || arc_index >= static_cast<std::int64_t>(arcs.size())) return false;
      const Ring& arc = arcs[static_cast<std::size_t>(arc_index)];
      Ring piece(arc);
      if (index < 0) std::reverse(piece.begin(), piece.end());
      if (!ring.empty() && !piece.empty()) piece.erase(piece.begin());
      ring.insert(ring.end(), piece.begin(), piece.end());
    }
    return ring.size() >= 4;
  };
  const auto polygon_of = [&](const json::value& value, PolygonRings& polygon) -> bool {
    const json::array* rings = value.if_array();
    if (rings == nullptr) return false;
    for (const json::value& raw : *rings) {
      Ring ring;
      if (!ring_of(raw, ring)) return false;
      polygon.push_back(std::move(ring));
    }
    return !polygon.empty();
  };

  std::vector<CountryShape> shapes;
  for (const json::value& raw : *geometries) {
    const json::object* geometry = raw.if_object();
    if (geometry == nullptr || !geometry->contains("type")) return bad(name, "a geometry has no type");
    CountryShape shape;
    if (const json::value* properties = geometry->if_contains("properties");
        properties && properties->is_object() && properties->get_object().contains("name") &&
        properties->get_object().at("name").is_string()) {
      shape.name = std::string(properties->get_object().at("name").get_string());
    }
    if (const json::value* id = geometry->if_contains("id"); id && id->is_string()) {
      shape.id = std::string(id->get_string());
    } else {
      shape.id = shape.name;
    }
    const std::string_view type = geometry->at("type").as_string();
    const json::value* arcs_value = geometry->if_contains("arcs");
    if (type == "Polygon" && arcs_value) {
      PolygonRings polygon;
      if (!polygon_of(*arcs_value, polygon)) return bad(name, "malformed polygon for " + shape.name);
      shape.polygons.push_back(std::move(polygon));
    } else if (type == "MultiPolygon" && arcs_value && arcs_value->is_array()) {
      for (const json::value& part : arcs_value->get_array()) {
        PolygonRings polygon;
        if (!polygon_of(part, polygon)) return bad(name, "malformed multipolygon for " + shape.name);
        shape.polygons.push_back(std::move(polygon));
      }
    } else {
      continue;  // null geometries carry no land
    }
    // Some codes have several features (Australia and the Ashmore and Cartier Islands
    // share 036): their land is one shape.
    const auto same =
        std::find_if(shapes.begin(), shapes.end(), [&](const CountryShape& s) { return s.id == shape.id; });
    if (same != shapes.end()) {
      same->polygons.insert(same->polygons.end(), shape.polygons.begin(), shape.polygons.end());
      continue;
    }
    shapes.push_back(std::move(shape));
  }
  if (shapes.empty()) return bad(name, "no country polygons");
  return shapes;
}

Result<std::vector<CountryShape>> read_atlas_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Status(ErrorCode::kIo, "cannot read the atlas " + path + ": a reference data folder holds it as " +
                                      kAtlasFile + " (the repository's is " + kDefaultAtlas +
                                      "); pass --atlas FILE to read another, or --atlas '' to load no geography");
  }
  std::ostringstream text;
  text << in.rdbuf();
  return read_topojson(text.str(), path);
}

std::string atlas_in(const std::string& data_dir) { return (std::filesystem::path(data_dir) / kAtlasFile).string(); }

Result<Dataset> read_reference_dataset(const std::string& data_dir) {
  Result<Dataset> dataset = read_dataset(DirectoryDataFiles(data_dir));
  if (!dataset) return dataset.status();
  Result<std::vector<CountryShape>> shapes = read_atlas_file(atlas_in(data_dir));
  if (!shapes) return shapes.status();
  dataset->country_shapes = std::move(*shapes);
  return dataset;
}

}  // namespace entente
