#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.hpp"
#include "model/model.hpp"

namespace entente {

// The default atlas: Natural Earth 1:50m countries as TopoJSON, from the world-atlas npm
// package that scripts/setup installs for the browser UI.
inline constexpr const char* kDefaultAtlas = "web/node_modules/world-atlas/countries-50m.json";

// Decodes the `countries` object of a TopoJSON topology (quantized, delta-encoded arcs)
// into polygons of longitude/latitude rings. Fails with kInvalidData naming `name` when
// the text is not such a topology. Never throws.
Result<std::vector<CountryShape>> read_topojson(std::string_view text, std::string_view name);

}  // namespace entente
