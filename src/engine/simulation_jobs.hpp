#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/status.hpp"
#include "engine/engine.hpp"
#include "sim/model.hpp"

namespace entente {

// Simulation runs submitted over the API, run one at a time in the background (each on
// `threads` worker threads) while their submitters poll. Keeps the last `capacity` jobs;
// a submission when that many are still queued or running is refused (kUnavailable).
// Thread-safe; the destructor cancels what is left and waits for it.
class SimulationJobs {
 public:
  enum class State { kQueued, kRunning, kDone, kFailed, kCancelled };

  struct Snapshot {
    std::string id;
    State state = State::kQueued;
    std::string kind;  // "simulation" or "comparison"
    std::string name;  // the scenario's (or "A vs B")
    std::uint64_t runs = 0;
    std::uint64_t seed = 0;
    std::uint64_t done = 0;  // replications finished
    double elapsed_seconds = 0;
    std::shared_ptr<const std::string> result;  // JSON, when done
    std::string error;                          // when failed
  };

  SimulationJobs(const Engine& engine, unsigned threads, std::size_t capacity = 32);
  ~SimulationJobs();
  SimulationJobs(const SimulationJobs&) = delete;
  SimulationJobs& operator=(const SimulationJobs&) = delete;

  // Queues a run of `model`, or a comparison of `model` (A) with `alternative` (B).
  Result<Snapshot> submit(std::unique_ptr<sim::CrisisModel> model, std::unique_ptr<sim::CrisisModel> alternative,
                          std::uint64_t runs, std::uint64_t seed);
  Result<Snapshot> get(const std::string& id) const;
  std::vector<Snapshot> list() const;
  // Cancels a queued or running job; forgets a finished one. kNotFound for an unknown id.
  Result<Snapshot> cancel(const std::string& id);

 private:
  struct Job;
  void work();
  Snapshot snapshot(const Job& job) const;

  class Impl;
  std::unique_ptr<Impl> impl_;
};

std::string_view to_string(SimulationJobs::State state);

}  // namespace entente
