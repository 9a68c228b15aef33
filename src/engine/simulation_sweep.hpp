#pragma once

#include <boost/json/value.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/status.hpp"
#include "engine/engine.hpp"
#include "sim/model.hpp"
#include "sim/monte_carlo.hpp"

namespace entente {

// How the lead's share of a run is going.
struct SweepProgress {
  std::uint64_t done = 0;      // replications finished
  std::uint64_t total = 0;     // replications in this process's share
  int processes = 1;           // processes sharing the run
  double elapsed_seconds = 0;  // since the replications started, after the scenarios were bound
};

// A run of scenario files: a simulation of one, or a comparison of two on common random
// numbers. It runs on this process's threads or, with `mpi`, shared among the ranks of the
// MPI job this process belongs to: each rank opens its own engine, binds the scenarios and
// runs its share of the blocks of replications, and rank 0 gathers and merges the shares.
// The results are the same however the run is shared (see sim::RunOptions).
struct SweepRequest {
  // Opens the engine the scenarios are bound to; called once, on every process of the run.
  std::function<Result<std::unique_ptr<Engine>>()> open_engine;
  // One file: a simulation. Two: a comparison of A (the first) with B (the second).
  std::vector<std::string> scenario_files;
  std::uint64_t runs = 10000;
  std::uint64_t seed = 1;
  unsigned threads = 0;  // worker threads of each process; 0: one per core
  bool mpi = false;
  // A file to write one CSV row per replication to; empty: none. A simulation on one
  // process only.
  std::string replications_csv;
  // Told about ten times a second how the lead's share of the run is going; at the lead only.
  std::function<void(const SweepProgress& progress)> progress;
};

// What one process of a run ends with. The lead (the only process, or rank 0 of an MPI
// job) holds the results and speaks for the run; the other ranks of an MPI job end with
// the status alone and report nothing.
struct SweepOutcome {
  bool lead = true;
  // Why the run failed, or ok. When one rank of an MPI job fails every rank fails, so
  // that none waits for another that has given up; the lead's status is the one to tell.
  Status status;
  // At the lead, when the run succeeded:
  std::vector<std::shared_ptr<const sim::CrisisModel>> models;  // in the order of scenario_files
  std::optional<sim::Summary> summary;                          // a simulation
  std::optional<sim::Comparison> comparison;                    // a comparison
  boost::json::value json;  // simulation_json or comparison_json (engine/simulation.hpp)
};

// Runs the request. Failures are values: a scenario that cannot be read or bound (its
// path in the message), two scenarios that cannot be compared, MPI unavailable, a CSV
// file that cannot be written, or replications_csv asked of an MPI run (kInvalidArgument).
// Under MPI this is a collective: every rank of the job must call it with the same request.
SweepOutcome run_sweep(const SweepRequest& request);

}  // namespace entente
