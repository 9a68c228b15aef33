#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/status.hpp"
#include "engine/engine.hpp"
#include "model/vocabulary.hpp"
#include "sim/model.hpp"
#include "sim/monte_carlo.hpp"

namespace entente {

// Simulation runs submitted over the API, run one at a time in the background (each on
// `threads` worker threads) while their submitters poll. Clients take turns: the next job
// is the oldest of the client that has waited longest for a turn.
//
// A job's id is an unguessable capability (128 random bits): whoever holds it may read or
// cancel the job, and only its submitter is told it. Each client (the submitter's
// address) may have at most `per_client` jobs queued or running (kTooManyRequests beyond
// that), and at most `max_jobs` are queued or running in all (kUnavailable beyond that);
// retry_after_seconds() estimates when to try again. Finished jobs are kept, oldest
// forgotten first, up to `max_jobs` of them.
//
// The worker is an exception boundary: a job whose run throws fails with an incident id,
// the incident is reported to `incidents`, and the next job runs. Thread-safe; the
// destructor cancels what is left and waits for it.
class SimulationJobs {
 public:
  using State = JobState;

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

  // Runs one job to its JSON result. The default runs sim::simulate or sim::compare and
  // renders the result; tests inject their own.
  using Runner = std::function<Result<std::string>(const sim::CrisisModel& model, const sim::CrisisModel* alternative,
                                                   const sim::RunOptions& options)>;
  // Told "incident ID: what happened" for every exception a job's run threw.
  using IncidentSink = std::function<void(const std::string& incident, const std::string& what)>;

  struct Options {
    unsigned threads = 1;        // worker threads of one job
    std::size_t max_jobs = 32;   // queued or running, all clients together
    std::size_t per_client = 4;  // queued or running, one client
    Runner runner;               // empty: the default
    IncidentSink incidents;      // empty: incidents are only recorded in the job
  };

  SimulationJobs(const Engine& engine, Options options);
  ~SimulationJobs();
  SimulationJobs(const SimulationJobs&) = delete;
  SimulationJobs& operator=(const SimulationJobs&) = delete;

  // The most runs x days of horizon one job may ask for: each replication adds every
  // day's forces to the statistics, so this bounds a job's work.
  static constexpr std::uint64_t kMaxRunDays = 2'000'000'000;

  // Queues a run of `model`, or a comparison of `model` (A) with `alternative` (B), for
  // `client` (an opaque name of the submitter, e.g. its address). kInvalidArgument, naming
  // the field ("/runs", "/compare_with"), for runs beyond runs x days <= kMaxRunDays or two
  // models that cannot be compared day by day.
  Result<Snapshot> submit(std::shared_ptr<const sim::CrisisModel> model,
                          std::shared_ptr<const sim::CrisisModel> alternative, std::uint64_t runs, std::uint64_t seed,
                          const std::string& client);
  Result<Snapshot> get(const std::string& id) const;
  // The jobs `client` submitted that are still kept, oldest first.
  std::vector<Snapshot> list(const std::string& client) const;
  // Cancels a queued or running job; forgets a finished one. kNotFound for an unknown id.
  Result<Snapshot> cancel(const std::string& id);
  // Seconds until a refused submission is worth trying again: the running job's expected
  // time to finish, at least 1 and at most 3600.
  unsigned retry_after_seconds() const;

 private:
  struct Job;
  void work();
  Snapshot snapshot(const Job& job) const;

  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace entente
