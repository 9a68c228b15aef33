// Replications per second of the crisis-response simulator, for each shipped scenario, on
// one thread and on two (the whole Monte Carlo: model, decision engine, statistics).
// The model is built once per scenario; each iteration runs `kRuns` replications.
//
//   build/release/bench/sim_bench            (from the repository root; reads data/ and the atlas)

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "rules/article6.hpp"
#include "sim/model.hpp"
#include "sim/monte_carlo.hpp"
#include "store/atlas_reader.hpp"
#include "store/dataset_reader.hpp"

namespace entente {
namespace {

constexpr std::uint64_t kRuns = 20000;

[[noreturn]] void fail(const std::string& message) {
  std::fprintf(stderr, "sim_bench: %s (run from the repository root)\n", message.c_str());
  std::exit(1);
}

const Registry& registry() {
  static const Registry instance = [] {
    Result<Dataset> dataset = read_reference_dataset();
    if (!dataset) fail(dataset.status().message());
    return Registry(std::move(*dataset));
  }();
  return instance;
}

std::vector<std::string> scenario_files() {
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator("scenarios")) {
    if (entry.path().extension() == ".toml") files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

void BM_Simulate(benchmark::State& state, const std::string& path) {
  static const TreatyArea area(registry());
  Result<sim::Scenario> scenario = sim::load_scenario_file(path);
  if (!scenario) fail(scenario.status().message());
  Result<std::unique_ptr<sim::CrisisModel>> model =
      sim::CrisisModel::build(registry(), area, std::move(scenario).value());
  if (!model) fail(model.status().message());
  sim::RunOptions options;
  options.runs = kRuns;
  options.threads = static_cast<unsigned>(state.range(0));
  std::uint64_t seed = 1;
  for (auto _ : state) {
    options.seed = seed++;
    Result<sim::Summary> summary = sim::simulate(**model, options);
    if (!summary) state.SkipWithError(summary.status().message().c_str());
    benchmark::DoNotOptimize(summary);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kRuns));
  state.counters["per_core"] =
      benchmark::Counter(static_cast<double>(state.iterations() * kRuns) / static_cast<double>(state.range(0)),
                         benchmark::Counter::kIsRate);
}

}  // namespace
}  // namespace entente

int main(int argc, char** argv) {
  for (const std::string& path : entente::scenario_files()) {
    const std::string name = std::filesystem::path(path).stem().string();
    benchmark::RegisterBenchmark(("simulate/" + name).c_str(), entente::BM_Simulate, path)
        ->Arg(1)
        ->Arg(2)
        ->ArgName("threads")
        ->UseRealTime()
        ->Unit(benchmark::kMillisecond);
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
