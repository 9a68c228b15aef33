#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <ostream>
#include <vector>

#include "core/status.hpp"
#include "sim/model.hpp"
#include "sim/statistics.hpp"

namespace entente::sim {

// What many replications of one model add up to. Built by `for_model`, filled by `add`,
// combined by `merge` (exact: any split of the replications gives the same summary).
struct Summary {
  std::uint64_t runs = 0;
  Tally detected;  // days from onset; missing when not before the horizon
  Tally consulted;
  Tally decided;
  Tally first_forces;
  Tally deterred;
  Tally rounds;  // decision rounds held
  Tally first_round_objectors;
  std::uint64_t warned_before_attack = 0;
  std::uint64_t article5 = 0;
  std::uint64_t deterred_by_day = 0;  // deterred on or before the scenario's deterrence day
  std::vector<Tally> forces_by_day;   // allied troops in theatre, days 0..horizon
  std::vector<Tally> contributed;     // troops in theatre by the horizon, by contributor

  static Summary for_model(const CrisisModel& model);
  void add(const Outcome& outcome, const CrisisModel& model);
  void merge(const Summary& other);
  void write(std::vector<std::uint64_t>& out) const;
  void merge_written(std::span<const std::uint64_t> in);
};

// The replication-by-replication differences B - A of two models run on the same random
// numbers (common random numbers). Times not reached count as the horizon.
struct Comparison {
  Summary a;
  Summary b;
  Tally decided;          // days
  Tally first_forces;     // days
  Tally deterred;         // days
  Tally forces_on_day;    // troops in theatre on the deterrence day
  Tally deterred_by_day;  // 0 or 1 per replication: the difference of probabilities

  static Comparison for_models(const CrisisModel& a, const CrisisModel& b);
  void add(const Outcome& a_outcome, const Outcome& b_outcome, const CrisisModel& a_model, const CrisisModel& b_model);
  void merge(const Comparison& other);
  void write(std::vector<std::uint64_t>& out) const;
  void merge_written(std::span<const std::uint64_t> in);
};

struct RunOptions {
  std::uint64_t runs = 10000;
  std::uint64_t seed = 1;
  unsigned threads = 1;
  // The MPI world: this process runs the blocks of replications b with b % ranks == rank.
  int rank = 0;
  int ranks = 1;
  // Called on the calling thread about ten times a second with this process's progress.
  std::function<void(std::uint64_t done, std::uint64_t total)> progress;
  // Set from another thread to stop early (the run then fails with kCancelled).
  const std::atomic<bool>* cancel = nullptr;
  // One CSV row per replication, in replication order (single process only).
  std::ostream* replications_csv = nullptr;
};

// Replications are run in blocks of this many, the unit of work of threads and ranks.
inline constexpr std::uint64_t kBlockSize = 256;
// The most worker threads a run uses, whatever it asks for.
inline constexpr unsigned kMaxThreads = 256;

// Runs `options.runs` replications of the model. With several ranks, each returns the
// summary of its own share; merge them (merge_written) for the whole.
Result<Summary> simulate(const CrisisModel& model, const RunOptions& options);
// kInvalidArgument unless the two models can be compared day by day (same horizon and
// deterrence day).
Status check_comparable(const CrisisModel& a, const CrisisModel& b);
// Runs both models on the same random numbers. They must be comparable.
Result<Comparison> compare(const CrisisModel& a, const CrisisModel& b, const RunOptions& options);

// The header of the per-replication CSV.
std::string replication_csv_header();

}  // namespace entente::sim
