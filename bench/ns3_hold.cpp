// The peer of hold_bench: the same hold model on ns-3's own pending-event sets (the
// Scheduler subclasses Simulator::Run uses), driven directly, without a simulator. P
// pending events; each operation removes the earliest and inserts the next at
// now + Exp(mean 100 time units), random draw included, as in hold_bench.
//
// ns-3 keys events by an integer timestamp; here 1 time unit = 1e6 ticks, so holds keep
// six decimal digits. Each event gets a fresh m_uid, which breaks timestamp ties in
// insertion order, as the simulator does. Every event shares one no-op EventImpl:
// schedulers never call it.
//
// For each scheduler and P it warms up (P operations, at least 1e5), then times batches
// of P operations until at least 1 s has passed, and prints one line:
//
//   ns3-HeapScheduler P=1000 ops/s=12345678
//
//   build/release/bench/ns3_hold

#include <ns3/calendar-scheduler.h>
#include <ns3/heap-scheduler.h>
#include <ns3/list-scheduler.h>
#include <ns3/make-event.h>
#include <ns3/map-scheduler.h>
#include <ns3/object.h>
#include <ns3/priority-queue-scheduler.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <random>

namespace {

constexpr double kTicksPerUnit = 1e6;
constexpr double kMeanHold = 100.0;           // time units
constexpr std::uint64_t kMinWarmUp = 100000;  // operations
constexpr double kMinSeconds = 1.0;

void do_nothing() {}

template <typename SchedulerType>
void run(const char* name, std::uint32_t pending) {
  const ns3::Ptr<ns3::Scheduler> scheduler = ns3::CreateObject<SchedulerType>();
  const ns3::Ptr<ns3::EventImpl> no_op(ns3::MakeEvent(&do_nothing), false);
  std::mt19937_64 random(100);
  std::exponential_distribution<double> hold(1.0 / kMeanHold);
  std::uint32_t next_uid = 0;
  const auto schedule = [&](std::uint64_t now) {
    const auto ticks = static_cast<std::uint64_t>(hold(random) * kTicksPerUnit);
    scheduler->Insert({ns3::PeekPointer(no_op), {now + ticks, next_uid++, 0}});
  };
  const auto step = [&] { schedule(scheduler->RemoveNext().key.m_ts); };

  for (std::uint32_t i = 0; i < pending; ++i) schedule(0);
  for (std::uint64_t i = 0; i < std::max<std::uint64_t>(pending, kMinWarmUp); ++i) step();

  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  std::uint64_t operations = 0;
  double seconds = 0;
  while (seconds < kMinSeconds) {
    for (std::uint32_t i = 0; i < pending; ++i) step();
    operations += pending;
    seconds = std::chrono::duration<double>(Clock::now() - start).count();
  }
  std::printf("ns3-%s P=%u ops/s=%.0f\n", name, pending, static_cast<double>(operations) / seconds);
  std::fflush(stdout);
}

}  // namespace

int main() {
  for (const std::uint32_t pending : {1000U, 100000U}) {
    run<ns3::MapScheduler>("MapScheduler", pending);
    run<ns3::HeapScheduler>("HeapScheduler", pending);
    run<ns3::PriorityQueueScheduler>("PriorityQueueScheduler", pending);
    run<ns3::CalendarScheduler>("CalendarScheduler", pending);
    // Insertion walks a linked list, about P/2 nodes per operation here: P = 1,000 only.
    if (pending <= 1000) run<ns3::ListScheduler>("ListScheduler", pending);
  }
}
