#include "store/table_description.hpp"

namespace entente::table_detail {

std::string polygon_problem(std::string_view text, Vertices& vertices) {
  if (std::string problem = parse_polygon_text(text, vertices); !problem.empty()) return problem;
  if (vertices.size() < 4) return "needs at least 4 vertices, the last equal to the first";
  if (vertices.front() != vertices.back()) return "is not closed: the last vertex must equal the first";
  return {};
}

}  // namespace entente::table_detail
