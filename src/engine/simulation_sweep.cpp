#include "engine/simulation_sweep.hpp"

#include <chrono>
#include <fstream>
#include <utility>

#include "engine/simulation.hpp"
#include "sim/mpi_world.hpp"
#include "sim/scenario.hpp"

namespace entente {

namespace {

template <typename T>
Status status_of(const Result<T>& result) {
  return result ? Status::ok() : result.status();
}

Result<std::shared_ptr<const sim::CrisisModel>> load_model(const Engine& engine, const std::string& path) {
  Result<sim::Scenario> scenario = sim::load_scenario_file(path);
  if (!scenario) return scenario.status();
  Result<std::shared_ptr<const sim::CrisisModel>> model = engine.rules().crisis_model(std::move(scenario).value());
  if (!model) return Status(model.status().code(), path + ": " + model.status().message());
  return model;
}

// The processes sharing a run: this one alone, or the ranks of an MPI job. Every step
// that can fail on one rank goes through `agree`, a collective, so that no rank is left
// waiting for one that has given up.
class Processes {
 public:
  explicit Processes(std::unique_ptr<sim::MpiWorld> world) : world_(std::move(world)) {}

  bool lead() const { return world_ == nullptr || world_->rank() == 0; }
  int count() const { return world_ ? world_->size() : 1; }

  // Ok on every process when `status` is ok on every process; otherwise this process's
  // own failure, or the news that another rank failed.
  Status agree(Status status) const {
    const bool everyone = world_ ? world_->all_ok(status.is_ok()) : status.is_ok();
    if (everyone) return Status::ok();
    if (status.is_ok()) return Status(ErrorCode::kInternal, "another MPI rank failed (see its message)");
    return status;
  }

  // Runs this process's share of the replications and merges every rank's share at the
  // lead: the whole there, nullopt on the other ranks.
  template <typename Accumulator, typename Run>
  Result<std::optional<Accumulator>> run_shared(sim::RunOptions options, Run run) const {
    if (world_) {
      options.rank = world_->rank();
      options.ranks = world_->size();
    }
    Result<Accumulator> mine = run(options);
    if (Status agreed = agree(status_of(mine)); !agreed) return agreed;
    if (!world_) return std::optional<Accumulator>(std::move(mine).value());
    std::vector<std::uint64_t> flat;
    mine->write(flat);
    // Ranks built their models from their own databases: the layouts must agree.
    if (!world_->same_on_all(flat.size())) {
      return Status(ErrorCode::kInvalidArgument,
                    "the MPI ranks built different models (is the same database on every node?)");
    }
    const std::vector<std::vector<std::uint64_t>> all = world_->gather(flat);
    if (!lead()) return std::optional<Accumulator>();
    Accumulator merged = std::move(mine).value();
    for (std::size_t rank = 1; rank < all.size(); ++rank) merged.merge_written(all[rank]);
    return std::optional<Accumulator>(std::move(merged));
  }

 private:
  std::unique_ptr<sim::MpiWorld> world_;
};

}  // namespace

SweepOutcome run_sweep(const SweepRequest& request) {
  SweepOutcome outcome;
  const auto failed = [&outcome](Status status) {
    outcome.status = std::move(status);
    outcome.models.clear();
    return std::move(outcome);
  };
  // A rank other than the lead, once its share is gathered.
  const auto without_results = [&outcome] {
    outcome.models.clear();
    return std::move(outcome);
  };
  if (request.scenario_files.empty() || request.scenario_files.size() > 2) {
    return failed(Status(ErrorCode::kInvalidArgument, "a run takes one scenario file, or two to compare"));
  }
  const bool comparison = request.scenario_files.size() == 2;
  if (comparison && !request.replications_csv.empty()) {
    return failed(Status(ErrorCode::kInvalidArgument, "a CSV of replications is written for one scenario, not two"));
  }
  std::unique_ptr<sim::MpiWorld> world;
  if (request.mpi) {
    if (!request.replications_csv.empty()) {
      return failed(
          Status(ErrorCode::kInvalidArgument, "--csv writes one file from one process; run without --mpi to write it"));
    }
    Result<std::unique_ptr<sim::MpiWorld>> started = sim::MpiWorld::start();
    if (!started) return failed(started.status());
    world = std::move(started).value();
  }
  const Processes processes(std::move(world));
  outcome.lead = processes.lead();

  Result<std::unique_ptr<Engine>> engine = request.open_engine();
  if (Status agreed = processes.agree(status_of(engine)); !agreed) return failed(agreed);
  const std::shared_ptr<const Snapshot> snapshot = (*engine)->snapshot();
  for (const std::string& path : request.scenario_files) {
    Result<std::shared_ptr<const sim::CrisisModel>> model = load_model(**engine, path);
    if (Status agreed = processes.agree(status_of(model)); !agreed) return failed(agreed);
    outcome.models.push_back(std::move(model).value());
  }
  if (comparison) {
    if (Status agreed = processes.agree(sim::check_comparable(*outcome.models[0], *outcome.models[1])); !agreed) {
      return failed(agreed);
    }
  }

  sim::RunOptions run;
  run.runs = request.runs;
  run.seed = request.seed;
  run.threads = request.threads;
  const auto started = std::chrono::steady_clock::now();
  if (request.progress && processes.lead()) {
    run.progress = [&request, &processes, started](std::uint64_t done, std::uint64_t total) {
      const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - started;
      request.progress(SweepProgress{done, total, processes.count(), elapsed.count()});
    };
  }
  const RunInfo info{request.runs, request.seed};

  if (comparison) {
    const sim::CrisisModel& a = *outcome.models[0];
    const sim::CrisisModel& b = *outcome.models[1];
    Result<std::optional<sim::Comparison>> result = processes.run_shared<sim::Comparison>(
        run, [&](const sim::RunOptions& options) { return sim::compare(a, b, options); });
    if (!result) return failed(result.status());
    if (!*result) return without_results();
    outcome.json = comparison_json(a, b, **result, info, snapshot->registry());
    outcome.comparison = std::move(*result);
    return outcome;
  }

  const sim::CrisisModel& model = *outcome.models[0];
  std::ofstream csv;
  if (!request.replications_csv.empty()) {
    csv.open(request.replications_csv, std::ios::binary);
    if (!csv) return failed(Status(ErrorCode::kIo, "cannot write '" + request.replications_csv + "'"));
    run.replications_csv = &csv;
  }
  Result<std::optional<sim::Summary>> summary = processes.run_shared<sim::Summary>(
      run, [&](const sim::RunOptions& options) { return sim::simulate(model, options); });
  if (!summary) return failed(summary.status());
  if (!*summary) return without_results();
  if (csv.is_open() && !csv.flush()) {
    return failed(Status(ErrorCode::kIo, "cannot write '" + request.replications_csv + "'"));
  }
  outcome.json = simulation_json(model, **summary, info, snapshot->registry());
  outcome.summary = std::move(*summary);
  return outcome;
}

}  // namespace entente
