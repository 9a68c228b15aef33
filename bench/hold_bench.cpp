// The event kernel on the classic hold model: P pending events; each step pops the
// earliest and schedules the next at now + Exp(mean 100). Reported as event operations
// (one pop and one schedule) per second, for P = 1,000 and 100,000.
//
//   build/release/bench/hold_bench

#include <benchmark/benchmark.h>

#include <random>

#include "sim/event_queue.hpp"

namespace entente::sim {
namespace {

void BM_HoldModel(benchmark::State& state) {
  const auto pending = static_cast<std::uint32_t>(state.range(0));
  std::mt19937_64 random(100);
  std::exponential_distribution<double> hold(1.0 / 100.0);
  EventQueue queue;
  queue.reserve(pending + 1);
  for (std::uint32_t i = 0; i < pending; ++i) {
    if (!queue.schedule(hold(random), 0, i)) state.SkipWithError("schedule refused");
  }
  for (auto _ : state) {
    const Event event = queue.pop();
    benchmark::DoNotOptimize(queue.schedule(event.time + hold(random), 0, event.subject));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_HoldModel)->Arg(1000)->Arg(100000);

}  // namespace
}  // namespace entente::sim

BENCHMARK_MAIN();
