#include "engine/simulation_jobs.hpp"

#include <algorithm>
#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <exception>
#include <map>
#include <mutex>
#include <thread>

#include "core/random_id.hpp"
#include "engine/simulation.hpp"

namespace entente {

struct SimulationJobs::Job {
  std::string id;
  std::string client;
  std::shared_ptr<const sim::CrisisModel> model;
  std::shared_ptr<const sim::CrisisModel> alternative;
  std::uint64_t runs = 0;
  std::uint64_t seed = 0;
  State state = State::kQueued;  // guarded by the Impl's mutex
  std::atomic<std::uint64_t> done{0};
  std::atomic<bool> cancel{false};
  std::chrono::steady_clock::time_point started;
  double elapsed_seconds = 0;  // when finished
  std::shared_ptr<const std::string> result;
  std::string error;

  bool active() const { return state == State::kQueued || state == State::kRunning; }
};

class SimulationJobs::Impl {
 public:
  Impl(const Engine& owner, Options settings) : engine(owner), options(std::move(settings)) {}

  const Engine& engine;
  const Options options;
  mutable std::mutex mutex;
  std::condition_variable wake;
  std::deque<std::shared_ptr<Job>> jobs;  // oldest first
  std::deque<std::shared_ptr<Job>> queue;
  // The turn at which each client with queued jobs last had a job started: the worker
  // takes the oldest job of the client whose last turn is longest ago, so that one
  // client's queue does not hold the others back.
  std::map<std::string, std::uint64_t> last_turn;
  std::uint64_t turn = 0;
  bool stopping = false;

  // The next job to run, taken off the queue; the queue must not be empty.
  std::shared_ptr<Job> take_next() {
    auto chosen = queue.begin();
    std::uint64_t chosen_turn = UINT64_MAX;
    for (auto it = queue.begin(); it != queue.end(); ++it) {
      const auto last = last_turn.find((*it)->client);
      const std::uint64_t client_turn = last == last_turn.end() ? 0 : last->second;
      if (client_turn < chosen_turn) {
        chosen = it;
        chosen_turn = client_turn;
      }
    }
    std::shared_ptr<Job> job = *chosen;
    queue.erase(chosen);
    last_turn[job->client] = ++turn;
    // Forget clients none of whose jobs is kept any more (at most `max_jobs` remain).
    std::erase_if(last_turn, [&](const auto& entry) {
      return std::none_of(jobs.begin(), jobs.end(), [&](const auto& kept) { return kept->client == entry.first; });
    });
    return job;
  }
  std::thread worker;  // started on the first submission
};

namespace {

Result<std::string> run_default(const Registry& registry, const sim::CrisisModel& model,
                                const sim::CrisisModel* alternative, const sim::RunOptions& options) {
  const RunInfo info{options.runs, options.seed};
  if (alternative != nullptr) {
    Result<sim::Comparison> comparison = sim::compare(model, *alternative, options);
    if (!comparison) return comparison.status();
    return boost::json::serialize(comparison_json(model, *alternative, *comparison, info, registry));
  }
  Result<sim::Summary> summary = sim::simulate(model, options);
  if (!summary) return summary.status();
  return boost::json::serialize(simulation_json(model, *summary, info, registry));
}

}  // namespace

SimulationJobs::SimulationJobs(const Engine& engine, Options options)
    : impl_(std::make_unique<Impl>(engine, std::move(options))) {}

SimulationJobs::~SimulationJobs() {
  {
    const std::lock_guard lock(impl_->mutex);
    impl_->stopping = true;
    for (const auto& job : impl_->jobs) job->cancel = true;
  }
  impl_->wake.notify_all();
  if (impl_->worker.joinable()) impl_->worker.join();
}

SimulationJobs::Snapshot SimulationJobs::snapshot(const Job& job) const {
  Snapshot s;
  s.id = job.id;
  s.state = job.state;
  s.kind = job.alternative ? "comparison" : "simulation";
  s.name = job.model->scenario().name;
  if (job.alternative) s.name += " vs " + job.alternative->scenario().name;
  s.runs = job.runs;
  s.seed = job.seed;
  s.done = job.done.load();
  s.elapsed_seconds = job.state == State::kRunning
                          ? std::chrono::duration<double>(std::chrono::steady_clock::now() - job.started).count()
                          : job.elapsed_seconds;
  s.result = job.result;
  s.error = job.error;
  return s;
}

Result<SimulationJobs::Snapshot> SimulationJobs::submit(std::shared_ptr<const sim::CrisisModel> model,
                                                        std::shared_ptr<const sim::CrisisModel> alternative,
                                                        std::uint64_t runs, std::uint64_t seed,
                                                        const std::string& client) {
  const auto days = static_cast<std::uint64_t>(model->days()) + 1;
  if (runs == 0) return Status(ErrorCode::kInvalidArgument, "runs must be at least 1", "/runs");
  if (runs > kMaxRunDays / days) {
    return Status(ErrorCode::kInvalidArgument,
                  "runs x days of horizon is at most " + std::to_string(kMaxRunDays) + " per job; at a horizon of " +
                      std::to_string(days - 1) + " days, ask for at most " + std::to_string(kMaxRunDays / days) +
                      " runs (or run it with `entente simulate`)",
                  "/runs");
  }
  if (alternative) {
    if (Status comparable = sim::check_comparable(*model, *alternative); !comparable) {
      return Status(ErrorCode::kInvalidArgument, "compare_with: " + comparable.message(), "/compare_with");
    }
  }
  const std::lock_guard lock(impl_->mutex);
  const Options& options = impl_->options;
  const auto active_of_client = static_cast<std::size_t>(std::count_if(
      impl_->jobs.begin(), impl_->jobs.end(), [&](const auto& job) { return job->active() && job->client == client; }));
  if (active_of_client >= options.per_client) {
    return Status(ErrorCode::kTooManyRequests, "you have " + std::to_string(active_of_client) +
                                                   " simulations queued or running, the most one client may have; "
                                                   "try again when one has finished, or cancel one");
  }
  const auto active = static_cast<std::size_t>(
      std::count_if(impl_->jobs.begin(), impl_->jobs.end(), [](const auto& job) { return job->active(); }));
  if (active >= options.max_jobs) {
    return Status(ErrorCode::kUnavailable, "the server is running as many simulations as it takes (" +
                                               std::to_string(options.max_jobs) + "); try again when one has finished");
  }
  // Forget the oldest finished jobs beyond the capacity.
  while (impl_->jobs.size() >= options.max_jobs) {
    auto finished =
        std::find_if(impl_->jobs.begin(), impl_->jobs.end(), [](const auto& job) { return !job->active(); });
    if (finished == impl_->jobs.end()) break;
    impl_->jobs.erase(finished);
  }
  auto job = std::make_shared<Job>();
  job->id = random_hex_id(16);
  job->client = client;
  job->model = std::move(model);
  job->alternative = std::move(alternative);
  job->runs = runs;
  job->seed = seed;
  impl_->jobs.push_back(job);
  impl_->queue.push_back(job);
  if (!impl_->worker.joinable()) impl_->worker = std::thread([this] { work(); });
  impl_->wake.notify_all();
  return snapshot(*job);
}

void SimulationJobs::work() {
  for (;;) {
    std::shared_ptr<Job> job;
    {
      std::unique_lock lock(impl_->mutex);
      impl_->wake.wait(lock, [&] { return impl_->stopping || !impl_->queue.empty(); });
      if (impl_->stopping) return;
      job = impl_->take_next();
      if (job->cancel) continue;
      job->state = State::kRunning;
      job->started = std::chrono::steady_clock::now();
    }
    sim::RunOptions options;
    options.runs = job->runs;
    options.seed = job->seed;
    options.threads = impl_->options.threads;
    options.cancel = &job->cancel;
    options.progress = [&job](std::uint64_t done, std::uint64_t) { job->done = done; };
    Result<std::string> outcome = Status(ErrorCode::kInternal, "the run did not finish");
    // The worker's exception boundary: whatever one run throws, the next job runs.
    try {
      outcome = impl_->options.runner
                    ? impl_->options.runner(*job->model, job->alternative.get(), options)
                    : run_default(impl_->engine.snapshot()->registry(), *job->model, job->alternative.get(), options);
    } catch (const std::exception& error) {
      const std::string incident = quick_hex_id(8);
      if (impl_->options.incidents) impl_->options.incidents(incident, error.what());
      outcome = Status(ErrorCode::kInternal, "the run failed unexpectedly; incident " + incident);
    } catch (...) {
      const std::string incident = quick_hex_id(8);
      if (impl_->options.incidents) impl_->options.incidents(incident, "unknown exception");
      outcome = Status(ErrorCode::kInternal, "the run failed unexpectedly; incident " + incident);
    }
    const std::lock_guard lock(impl_->mutex);
    job->elapsed_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - job->started).count();
    if (outcome) {
      job->state = State::kDone;
      job->result = std::make_shared<const std::string>(std::move(outcome).value());
    } else {
      job->state = outcome.status().code() == ErrorCode::kCancelled ? State::kCancelled : State::kFailed;
      job->error = outcome.status().message();
    }
  }
}

Result<SimulationJobs::Snapshot> SimulationJobs::get(const std::string& id) const {
  const std::lock_guard lock(impl_->mutex);
  for (const auto& job : impl_->jobs) {
    if (job->id == id) return snapshot(*job);
  }
  return Status(ErrorCode::kNotFound, "no simulation job with that id (finished jobs are kept for a while only)");
}

std::vector<SimulationJobs::Snapshot> SimulationJobs::list(const std::string& client) const {
  const std::lock_guard lock(impl_->mutex);
  std::vector<Snapshot> mine;
  for (const auto& job : impl_->jobs) {
    if (job->client == client) mine.push_back(snapshot(*job));
  }
  return mine;
}

Result<SimulationJobs::Snapshot> SimulationJobs::cancel(const std::string& id) {
  const std::lock_guard lock(impl_->mutex);
  for (auto it = impl_->jobs.begin(); it != impl_->jobs.end(); ++it) {
    Job& job = **it;
    if (job.id != id) continue;
    if (job.state == State::kQueued) {
      job.cancel = true;
      job.state = State::kCancelled;
      std::erase_if(impl_->queue, [&](const auto& queued) { return queued.get() == &job; });
    } else if (job.state == State::kRunning) {
      job.cancel = true;  // the worker marks it cancelled when the run stops
    } else {
      Snapshot gone = snapshot(job);
      impl_->jobs.erase(it);
      return gone;
    }
    return snapshot(job);
  }
  return Status(ErrorCode::kNotFound, "no simulation job with that id");
}

unsigned SimulationJobs::retry_after_seconds() const {
  const std::lock_guard lock(impl_->mutex);
  double seconds = 1;
  for (const auto& job : impl_->jobs) {
    if (job->state != State::kRunning) continue;
    const std::uint64_t done = job->done.load();
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - job->started).count();
    // Without progress yet, guess that the run takes as long again as it has taken.
    seconds = done == 0 ? elapsed + 1 : elapsed * static_cast<double>(job->runs - done) / static_cast<double>(done);
  }
  return static_cast<unsigned>(std::clamp(seconds, 1.0, 3600.0));
}

}  // namespace entente
