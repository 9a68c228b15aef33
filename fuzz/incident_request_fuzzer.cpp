// libFuzzer target: the query of GET /api/v1/article5 (an armed attack's place, target
// and nation), through the router's parsing and the Article 6 engine, on the reference
// data and the atlas. Any input must give a verdict or a problem reply.

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "engine/engine.hpp"
#include "server/router.hpp"
#include "store/atlas_reader.hpp"
#include "store/dataset_reader.hpp"

namespace {

const entente::ApiRouter& router() {
  static const std::unique_ptr<entente::Engine> engine = [] {
    entente::Result<entente::Dataset> dataset = entente::read_dataset(entente::DirectoryDataFiles("data"));
    if (!dataset) __builtin_trap();  // run from the repository root
    std::ifstream in(entente::kDefaultAtlas, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    entente::Result<std::vector<entente::CountryShape>> shapes =
        entente::read_topojson(text.str(), entente::kDefaultAtlas);
    if (shapes) dataset->country_shapes = std::move(*shapes);
    return entente::Engine::from_dataset(std::move(*dataset),
                                         std::make_unique<entente::FixedClock>(entente::Date::from_ymd(2025, 1, 1)));
  }();
  static const entente::ApiRouter instance(*engine, 0);
  return instance;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string target = "/api/v1/article5?" + std::string(reinterpret_cast<const char*>(data), size);
  const entente::HttpReply reply = router().route("GET", target);
  if (reply.status != 200 && reply.status != 400 && reply.status != 404) __builtin_trap();
  return 0;
}
