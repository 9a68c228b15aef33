#include "rules/polygon_index.hpp"

#include <algorithm>
#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>
#include <cmath>
#include <limits>
#include <sstream>

namespace entente {

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;

namespace {

using Point = bg::model::d2::point_xy<double>;
using Polygon = bg::model::polygon<Point>;
using Box = bg::model::box<Point>;
using BoxEntry = std::pair<Box, std::uint32_t>;

struct Edge {
  double ax, ay, bx, by;
  std::uint32_t part;  // index of the polygon the edge's ring belongs to
};

// Does the edge cross the horizontal segment at `y` between x1 < x2, the crossing point
// lying in [x1, x2)? Half-open in y too, so a vertex on the line counts once.
bool crosses_horizontal(const Edge& e, double y, double x1, double x2) {
  if ((e.ay > y) == (e.by > y)) return false;
  const double x = e.ax + (y - e.ay) * (e.bx - e.ax) / (e.by - e.ay);
  return x >= x1 && x < x2;
}

// Does the edge cross the vertical segment at `x` between y1 < y2, the crossing point
// lying in (y1, y2]? The paths locate() follows start at a cell's centre, which the
// horizontal rule above counts as lying just above its latitude: an edge along that
// latitude is below the start, crossed on the way down and not on the way up.
bool crosses_vertical(const Edge& e, double x, double y1, double y2) {
  if ((e.ax > x) == (e.bx > x)) return false;
  const double y = e.ay + (x - e.ax) * (e.by - e.ay) / (e.bx - e.ax);
  return y > y1 && y <= y2;
}

void toggle(std::vector<std::uint32_t>& inside, std::uint32_t part) {
  const auto it = std::find(inside.begin(), inside.end(), part);
  if (it == inside.end()) {
    inside.push_back(part);
  } else {
    *it = inside.back();
    inside.pop_back();
  }
}

// Rings that cross the antimeridian jump from +179.9 to -180 between two vertices, an
// edge that would span the whole globe in the plane. Unwrap such rings so that
// consecutive vertices stay within 180 degrees, then cut the polygon into its pieces in
// [-180, 180], shifting by 360 degrees the parts that lie beyond.
std::vector<Polygon> planar_pieces(const PolygonRings& rings) {
  Polygon polygon;
  for (std::size_t r = 0; r < rings.size(); ++r) {
    auto& ring = r == 0 ? polygon.outer() : polygon.inners().emplace_back();
    double offset = 0;
    double previous = 0;
    for (std::size_t v = 0; v < rings[r].size(); ++v) {
      const double lon = rings[r][v].first;
      if (v > 0) {
        if (lon + offset - previous > 180.0) offset -= 360.0;
        if (lon + offset - previous < -180.0) offset += 360.0;
      }
      previous = lon + offset;
      ring.emplace_back(previous, rings[r][v].second);
    }
    // A ring that winds around a pole (Antarctica) does not close once unwrapped: keep it
    // as it is; its jump runs along the pole, where it crosses nothing.
    if (offset != 0.0) {
      ring.clear();
      for (const auto& [lon, lat] : rings[r]) ring.emplace_back(lon, lat);
    }
  }
  bg::correct(polygon);
  const Box envelope = bg::return_envelope<Box>(polygon);
  if (envelope.min_corner().x() >= -180.0 && envelope.max_corner().x() <= 180.0) return {polygon};
  std::vector<Polygon> pieces;
  for (double shift : {-360.0, 0.0, 360.0}) {
    const Box window(Point(-180.0 - shift, -90.0), Point(180.0 - shift, 90.0));
    bg::model::multi_polygon<Polygon> clipped;
    bg::intersection(polygon, window, clipped);
    for (Polygon& piece : clipped) {
      bg::for_each_point(piece, [shift](Point& point) { point.x(point.x() + shift); });
      if (bg::area(piece) != 0.0) pieces.push_back(std::move(piece));
    }
  }
  return pieces;
}

}  // namespace

struct PolygonIndex::Impl {
  double cell = 1.0;
  int columns = 0;
  int rows = 0;
  std::vector<Polygon> parts;
  std::vector<int> owners;  // by part
  bgi::rtree<BoxEntry, bgi::quadratic<16>> boxes;
  std::vector<Edge> edges;
  // Compressed rows: the edges of cell c are edge_ids[edge_start[c] .. edge_start[c + 1]).
  std::vector<std::uint32_t> edge_start;
  std::vector<std::uint32_t> edge_ids;
  // The parts containing each cell's centre, compressed the same way.
  std::vector<std::uint32_t> inside_start;
  std::vector<std::uint32_t> inside_parts;

  int column_of(double lon) const {
    return std::clamp(static_cast<int>(std::floor((lon + 180.0) / cell)), 0, columns - 1);
  }
  int row_of(double lat) const { return std::clamp(static_cast<int>(std::floor((lat + 90.0) / cell)), 0, rows - 1); }
  double centre_lon(int column) const { return -180.0 + (column + 0.5) * cell; }
  double centre_lat(int row) const { return -90.0 + (row + 0.5) * cell; }

  int exact(double lon, double lat) const {
    const Point point(lon, lat);
    for (auto it = boxes.qbegin(bgi::contains(point)); it != boxes.qend(); ++it) {
      if (bg::within(point, parts[it->second])) return owners[it->second];
    }
    return -1;
  }
};

PolygonIndex::PolygonIndex(const std::vector<PolygonRings>& polygons, const std::vector<int>& owners,
                           double cell_degrees)
    : impl_(std::make_unique<Impl>()) {
  Impl& m = *impl_;
  m.cell = cell_degrees;
  m.columns = static_cast<int>(std::ceil(360.0 / cell_degrees));
  m.rows = static_cast<int>(std::ceil(180.0 / cell_degrees));
  std::vector<BoxEntry> entries;
  std::vector<std::pair<Polygon, int>> pieces;
  for (std::size_t i = 0; i < polygons.size(); ++i) {
    for (Polygon& piece : planar_pieces(polygons[i])) pieces.emplace_back(std::move(piece), owners[i]);
  }
  for (auto& [polygon, owner] : pieces) {
    const auto part = static_cast<std::uint32_t>(m.parts.size());
    entries.emplace_back(bg::return_envelope<Box>(polygon), part);
    // Edges of the rings as Boost.Geometry corrected them (closed, oriented), so that the
    // grid and the exact answer see the same boundary.
    const auto add_ring = [&m, part](const auto& ring) {
      for (std::size_t v = 0; v + 1 < ring.size(); ++v) {
        m.edges.push_back({ring[v].x(), ring[v].y(), ring[v + 1].x(), ring[v + 1].y(), part});
      }
    };
    add_ring(polygon.outer());
    for (const auto& inner : polygon.inners()) add_ring(inner);
    m.parts.push_back(std::move(polygon));
    m.owners.push_back(owner);
  }
  m.boxes = bgi::rtree<BoxEntry, bgi::quadratic<16>>(entries.begin(), entries.end());

  // Edges by cell: every cell the edge's bounding box touches.
  const std::size_t cells = static_cast<std::size_t>(m.columns) * static_cast<std::size_t>(m.rows);
  std::vector<std::uint32_t> counts(cells + 1, 0);
  const auto for_cells = [&m](const Edge& e, const auto& visit) {
    const int c0 = m.column_of(std::min(e.ax, e.bx));
    const int c1 = m.column_of(std::max(e.ax, e.bx));
    const int r0 = m.row_of(std::min(e.ay, e.by));
    const int r1 = m.row_of(std::max(e.ay, e.by));
    for (int r = r0; r <= r1; ++r) {
      for (int c = c0; c <= c1; ++c) visit(static_cast<std::size_t>(r) * m.columns + c);
    }
  };
  for (const Edge& e : m.edges) for_cells(e, [&counts](std::size_t c) { ++counts[c + 1]; });
  for (std::size_t c = 0; c < cells; ++c) counts[c + 1] += counts[c];
  m.edge_start = counts;
  m.edge_ids.resize(counts[cells]);
  std::vector<std::uint32_t> fill(counts.begin(), counts.end() - 1);
  for (std::uint32_t id = 0; id < m.edges.size(); ++id) {
    for_cells(m.edges[id], [&](std::size_t c) { m.edge_ids[fill[c]++] = id; });
  }

  // The parts holding each row's first centre, by the crossings of a ray from it eastwards
  // out of the plane: the rule the walk below counts by, so that a first centre on a
  // boundary (an edge along the row's latitude) is counted as the walk counts the rest of
  // the row, and the row is never inverted.
  std::vector<std::vector<std::uint32_t>> first_inside(static_cast<std::size_t>(m.rows));
  for (const Edge& e : m.edges) {
    for (int r = m.row_of(std::min(e.ay, e.by)); r <= m.row_of(std::max(e.ay, e.by)); ++r) {
      if (crosses_horizontal(e, m.centre_lat(r), m.centre_lon(0), std::numeric_limits<double>::infinity())) {
        toggle(first_inside[static_cast<std::size_t>(r)], e.part);
      }
    }
  }

  // Centre statuses, walking each row eastwards from its first centre: the path between
  // two neighbouring centres crosses only edges of those two cells, each counted in the
  // cell that holds the crossing point.
  m.inside_start.assign(cells + 1, 0);
  for (int r = 0; r < m.rows; ++r) {
    const double y = m.centre_lat(r);
    std::vector<std::uint32_t> inside = std::move(first_inside[static_cast<std::size_t>(r)]);
    for (int c = 0; c < m.columns; ++c) {
      if (c > 0) {
        const double x_previous = m.centre_lon(c - 1);
        const double x_border = -180.0 + c * m.cell;
        const double x_here = m.centre_lon(c);
        for (int side = 0; side < 2; ++side) {
          const std::size_t cell = static_cast<std::size_t>(r) * m.columns + (c - 1 + side);
          const double x1 = side == 0 ? x_previous : x_border;
          const double x2 = side == 0 ? x_border : x_here;
          for (std::uint32_t k = m.edge_start[cell]; k < m.edge_start[cell + 1]; ++k) {
            const Edge& e = m.edges[m.edge_ids[k]];
            if (crosses_horizontal(e, y, x1, x2)) toggle(inside, e.part);
          }
        }
      }
      const std::size_t cell = static_cast<std::size_t>(r) * m.columns + c;
      m.inside_start[cell + 1] = m.inside_start[cell] + static_cast<std::uint32_t>(inside.size());
      m.inside_parts.insert(m.inside_parts.end(), inside.begin(), inside.end());
    }
  }
}

PolygonIndex::~PolygonIndex() = default;
PolygonIndex::PolygonIndex(PolygonIndex&&) noexcept = default;
PolygonIndex& PolygonIndex::operator=(PolygonIndex&&) noexcept = default;

std::size_t PolygonIndex::polygon_count() const { return impl_->parts.size(); }

std::vector<std::pair<int, std::string>> PolygonIndex::pieces_wkt() const {
  std::vector<std::pair<int, std::string>> result;
  for (std::size_t i = 0; i < impl_->parts.size(); ++i) {
    std::ostringstream text;
    text.precision(17);
    text << bg::wkt(impl_->parts[i]);
    result.emplace_back(impl_->owners[i], text.str());
  }
  return result;
}

int PolygonIndex::locate_exact(double lon, double lat) const { return impl_->exact(lon, lat); }

int PolygonIndex::locate(double lon, double lat) const {
  const Impl& m = *impl_;
  const int c = m.column_of(lon);
  const int r = m.row_of(lat);
  const std::size_t cell = static_cast<std::size_t>(r) * m.columns + c;
  const std::uint32_t first_edge = m.edge_start[cell];
  const std::uint32_t last_edge = m.edge_start[cell + 1];
  const std::uint32_t first_inside = m.inside_start[cell];
  const std::uint32_t last_inside = m.inside_start[cell + 1];
  if (first_edge == last_edge) return first_inside == last_inside ? -1 : m.owners[m.inside_parts[first_inside]];

  // From the centre, east or west to the point's longitude, then north or south to it.
  std::uint32_t inside[8];
  std::size_t count = 0;
  for (std::uint32_t k = first_inside; k < last_inside && count < 8; ++k) inside[count++] = m.inside_parts[k];
  const auto flip = [&](std::uint32_t part) {
    for (std::size_t i = 0; i < count; ++i) {
      if (inside[i] == part) {
        inside[i] = inside[--count];
        return;
      }
    }
    if (count < 8) inside[count++] = part;
  };
  const double cx = m.centre_lon(c);
  const double cy = m.centre_lat(r);
  const double x1 = std::min(cx, lon);
  const double x2 = std::max(cx, lon);
  const double y1 = std::min(cy, lat);
  const double y2 = std::max(cy, lat);
  for (std::uint32_t k = first_edge; k < last_edge; ++k) {
    const Edge& e = m.edges[m.edge_ids[k]];
    if (crosses_horizontal(e, cy, x1, x2)) flip(e.part);
    if (crosses_vertical(e, lon, y1, y2)) flip(e.part);
  }
  return count == 0 ? -1 : m.owners[inside[0]];
}

}  // namespace entente
