// libFuzzer target: the JSON body of POST /api/v1/decisions, parsed and decided against
// the reference data. Any input must give a decision or a Status, never a crash, a
// sanitizer report or an exception.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "engine/engine.hpp"
#include "store/dataset_reader.hpp"

namespace {

const entente::Engine& engine() {
  static const std::unique_ptr<entente::Engine> instance = [] {
    entente::Result<entente::Dataset> dataset = entente::read_dataset(entente::DirectoryDataFiles("data"));
    if (!dataset) __builtin_trap();  // run from the repository root
    return entente::Engine::from_dataset(std::move(*dataset),
                                         std::make_unique<entente::FixedClock>(entente::Date::from_ymd(2025, 1, 1)));
  }();
  return *instance;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  entente::Result<entente::DecisionRequest> request = entente::parse_decision_request(text);
  if (request) {
    const auto decision = engine().rules().decide(*request);
    if (decision && decision->positions.empty()) __builtin_trap();  // a decision always has voters
  }
  return 0;
}
