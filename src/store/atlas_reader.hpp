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

// Reads and decodes an atlas file (kIo when it cannot be read, with what to do about it).
Result<std::vector<CountryShape>> read_atlas_file(const std::string& path);

// The reference data of `data_dir` with the country land of `atlas_path`: what `entente
// init` loads, for tests and benchmarks that run from the repository root.
Result<Dataset> read_reference_dataset(const std::string& data_dir = "data",
                                       const std::string& atlas_path = kDefaultAtlas);

}  // namespace entente
