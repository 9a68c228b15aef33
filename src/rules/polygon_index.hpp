#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "model/model.hpp"

namespace entente {

// Which of a fixed set of non-overlapping polygons contains a point (longitude,
// latitude in degrees, planar). Built once, then read-only and safe to query from many
// threads.
//
// Two answers, always equal on points off the boundaries:
//  - locate(): a grid of `cell_degrees` cells over the globe; each cell knows which
//    polygons contain its centre and the polygon edges that cross it, so a query counts
//    crossings of a short path from the centre to the point with those few edges.
//  - locate_exact(): Boost.Geometry's `within` on the candidates from an R-tree of the
//    polygons' bounding boxes; the reference the grid is tested against.
class PolygonIndex {
 public:
  // `polygons[i]` belongs to owner `owners[i]` (e.g. a country); owners are >= 0.
  PolygonIndex(const std::vector<PolygonRings>& polygons, const std::vector<int>& owners, double cell_degrees = 1.0);
  ~PolygonIndex();
  PolygonIndex(PolygonIndex&&) noexcept;
  PolygonIndex& operator=(PolygonIndex&&) noexcept;

  // The owner of the polygon containing the point, or -1.
  int locate(double lon, double lat) const;
  int locate_exact(double lon, double lat) const;

  std::size_t polygon_count() const;

  // The polygons as indexed (after the split at the antimeridian), as WKT with their
  // owners: what a peer implementation must be given to answer the same questions.
  std::vector<std::pair<int, std::string>> pieces_wkt() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace entente
