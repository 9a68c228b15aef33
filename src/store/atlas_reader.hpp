#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.hpp"
#include "model/model.hpp"

namespace entente {

// The atlas within a reference data folder: Natural Earth 1:50m countries as TopoJSON
// (world-atlas 2.0.2); data/atlas/README.md gives its source and licence.
inline constexpr const char* kAtlasFile = "atlas/countries-50m.json";

// The atlas of the shipped reference data, for tests and benchmarks that run from the
// repository root.
inline constexpr const char* kDefaultAtlas = "data/atlas/countries-50m.json";

// The atlas of the reference data folder `data_dir`: `data_dir`/kAtlasFile.
std::string atlas_in(const std::string& data_dir);

// Decodes the `countries` object of a TopoJSON topology (quantized, delta-encoded arcs)
// into polygons of longitude/latitude rings. Fails with kInvalidData naming `name` when
// the text is not such a topology. Never throws.
Result<std::vector<CountryShape>> read_topojson(std::string_view text, std::string_view name);

// Reads and decodes an atlas file (kIo when it cannot be read, with what to do about it).
Result<std::vector<CountryShape>> read_atlas_file(const std::string& path);

// The reference data of `data_dir` with the country land of its atlas: what `entente
// init` loads, for tests and benchmarks that run from the repository root.
Result<Dataset> read_reference_dataset(const std::string& data_dir = "data");

}  // namespace entente
