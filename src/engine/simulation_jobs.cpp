#include "engine/simulation_jobs.hpp"

#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "engine/simulation.hpp"
#include "sim/monte_carlo.hpp"

namespace entente {

struct SimulationJobs::Job {
  std::string id;
  std::unique_ptr<sim::CrisisModel> model;
  std::unique_ptr<sim::CrisisModel> alternative;
  std::uint64_t runs = 0;
  std::uint64_t seed = 0;
  State state = State::kQueued;  // guarded by the Impl's mutex
  std::atomic<std::uint64_t> done{0};
  std::atomic<bool> cancel{false};
  std::chrono::steady_clock::time_point started;
  double elapsed_seconds = 0;  // when finished
  std::shared_ptr<const std::string> result;
  std::string error;
};

class SimulationJobs::Impl {
 public:
  Impl(const Engine& owner, unsigned worker_threads, std::size_t max_jobs)
      : engine(owner), threads(worker_threads), capacity(max_jobs) {}

  const Engine& engine;
  const unsigned threads;
  const std::size_t capacity;
  mutable std::mutex mutex;
  std::condition_variable wake;
  std::deque<std::shared_ptr<Job>> jobs;  // oldest first
  std::deque<std::shared_ptr<Job>> queue;
  std::uint64_t next_id = 1;
  bool stopping = false;
  std::thread worker;  // started on the first submission
};

std::string_view to_string(SimulationJobs::State state) {
  switch (state) {
    case SimulationJobs::State::kQueued: return "queued";
    case SimulationJobs::State::kRunning: return "running";
    case SimulationJobs::State::kDone: return "done";
    case SimulationJobs::State::kFailed: return "failed";
    case SimulationJobs::State::kCancelled: return "cancelled";
  }
  return "failed";
}

SimulationJobs::SimulationJobs(const Engine& engine, unsigned threads, std::size_t capacity)
    : impl_(std::make_unique<Impl>(engine, threads, capacity)) {}

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

Result<SimulationJobs::Snapshot> SimulationJobs::submit(std::unique_ptr<sim::CrisisModel> model,
                                                        std::unique_ptr<sim::CrisisModel> alternative,
                                                        std::uint64_t runs, std::uint64_t seed) {
  const std::lock_guard lock(impl_->mutex);
  if (impl_->queue.size() + 1 > impl_->capacity) {
    return Status(ErrorCode::kUnavailable, "too many simulations are queued; try again when one has finished");
  }
  // Forget the oldest finished jobs beyond the capacity.
  while (impl_->jobs.size() >= impl_->capacity) {
    auto finished = std::find_if(impl_->jobs.begin(), impl_->jobs.end(), [](const auto& job) {
      return job->state != State::kQueued && job->state != State::kRunning;
    });
    if (finished == impl_->jobs.end()) {
      return Status(ErrorCode::kUnavailable, "too many simulations are running; try again when one has finished");
    }
    impl_->jobs.erase(finished);
  }
  auto job = std::make_shared<Job>();
  job->id = std::to_string(impl_->next_id++);
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
      job = impl_->queue.front();
      impl_->queue.pop_front();
      if (job->cancel) continue;
      job->state = State::kRunning;
      job->started = std::chrono::steady_clock::now();
    }
    sim::RunOptions options;
    options.runs = job->runs;
    options.seed = job->seed;
    options.threads = impl_->threads;
    options.cancel = &job->cancel;
    options.progress = [&job](std::uint64_t done, std::uint64_t) { job->done = done; };
    const RunInfo info{job->runs, job->seed};
    const Registry& registry = impl_->engine.registry();
    std::string text;
    Status failure;
    if (job->alternative) {
      Result<sim::Comparison> comparison = sim::compare(*job->model, *job->alternative, options);
      if (comparison) {
        text = boost::json::serialize(comparison_json(*job->model, *job->alternative, *comparison, info, registry));
      } else {
        failure = comparison.status();
      }
    } else {
      Result<sim::Summary> summary = sim::simulate(*job->model, options);
      if (summary) {
        text = boost::json::serialize(simulation_json(*job->model, *summary, info, registry));
      } else {
        failure = summary.status();
      }
    }
    const std::lock_guard lock(impl_->mutex);
    job->elapsed_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - job->started).count();
    if (failure.is_ok()) {
      job->state = State::kDone;
      job->result = std::make_shared<const std::string>(std::move(text));
    } else {
      job->state = failure.code() == ErrorCode::kCancelled ? State::kCancelled : State::kFailed;
      job->error = failure.message();
    }
  }
}

Result<SimulationJobs::Snapshot> SimulationJobs::get(const std::string& id) const {
  const std::lock_guard lock(impl_->mutex);
  for (const auto& job : impl_->jobs) {
    if (job->id == id) return snapshot(*job);
  }
  return Status(ErrorCode::kNotFound, "no simulation job '" + id + "' (finished jobs are kept for a while only)");
}

std::vector<SimulationJobs::Snapshot> SimulationJobs::list() const {
  const std::lock_guard lock(impl_->mutex);
  std::vector<Snapshot> all;
  for (const auto& job : impl_->jobs) all.push_back(snapshot(*job));
  return all;
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
  return Status(ErrorCode::kNotFound, "no simulation job '" + id + "'");
}

}  // namespace entente
