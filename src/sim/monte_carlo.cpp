#include "sim/monte_carlo.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>

#include <fmt/format.h>

namespace entente::sim {

namespace {

constexpr double kDayResolution = 1e-6;  // times are counted in micro-days (0.0864 s)
constexpr double kDayBinsPerDay = 10;    // time histograms: 0.1-day bins
constexpr std::size_t kForceBins = 500;  // logarithmic: about 2.7% wide at 800,000 troops

Tally time_tally(double horizon) {
  return {kDayResolution, 0, horizon, static_cast<std::size_t>(std::ceil(horizon * kDayBinsPerDay))};
}

void add_time(Tally& tally, double time) {
  if (std::isnan(time)) {
    tally.add_missing();
  } else {
    tally.add(time);
  }
}

// A time not reached counts as the horizon in a difference.
double capped(double time, double horizon) { return std::isnan(time) ? horizon : time; }

std::string csv_time(double time) { return std::isnan(time) ? "" : fmt::format("{:.6f}", time); }

void write_csv_row(std::string& out, std::uint64_t replication, const Outcome& o, const CrisisModel& model) {
  const auto day = static_cast<std::size_t>(model.scenario().deterrence_day);
  out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{}\n", replication, csv_time(o.detected), csv_time(o.consulted),
                     csv_time(o.decided), o.rounds, o.first_round_objectors, o.article5 ? 1 : 0,
                     csv_time(o.first_forces), csv_time(o.deterred), o.warned_before_attack ? 1 : 0,
                     o.forces_by_day[std::min(day, o.forces_by_day.size() - 1)], o.forces_by_day.back());
}

// Runs the blocks of replications that belong to this rank on `options.threads`
// threads. `make_worker()` gives each thread a callable `(replication, accumulator,
// csv)` that runs one replication into its accumulator; the accumulators are then
// merged (exactly, so in any order).
Status check_options(const RunOptions& options) {
  if (options.runs == 0) return Status(ErrorCode::kInvalidArgument, "runs must be at least 1");
  if (options.ranks < 1 || options.rank < 0 || options.rank >= options.ranks) {
    return Status(ErrorCode::kInvalidArgument, "rank must be in [0, ranks)");
  }
  if (options.replications_csv != nullptr && options.ranks > 1) {
    return Status(ErrorCode::kInvalidArgument,
                  "the per-replication CSV is written by a single process; run without --mpi to write it");
  }
  return Status::ok();
}

template <typename Accumulator, typename MakeWorker>
Result<Accumulator> run_blocks(const RunOptions& options, const Accumulator& prototype, MakeWorker make_worker) {
  if (Status status = check_options(options); !status) return status;
  const std::uint64_t blocks = (options.runs + kBlockSize - 1) / kBlockSize;
  std::vector<std::uint64_t> mine;
  for (std::uint64_t block = static_cast<std::uint64_t>(options.rank); block < blocks;
       block += static_cast<std::uint64_t>(options.ranks)) {
    mine.push_back(block);
  }
  std::uint64_t total = 0;
  for (const std::uint64_t block : mine) total += std::min(kBlockSize, options.runs - block * kBlockSize);

  // Each thread holds a whole accumulator: more threads than blocks, or than kMaxThreads,
  // would only cost memory.
  const std::size_t wanted = options.threads == 0 ? std::thread::hardware_concurrency() : options.threads;
  const auto threads =
      static_cast<unsigned>(std::max<std::size_t>(1, std::min({wanted, std::size_t{kMaxThreads}, mine.size()})));
  std::vector<Accumulator> accumulators(threads, prototype);
  std::atomic<std::size_t> next{0};
  std::atomic<std::uint64_t> done{0};
  std::atomic<bool> stopped{false};
  std::mutex mutex;
  std::condition_variable finished;
  unsigned running = threads;
  std::map<std::uint64_t, std::string> csv_blocks;  // finished blocks not yet written, by block

  std::vector<std::thread> workers;
  workers.reserve(threads);
  for (unsigned t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      auto worker = make_worker();
      std::string csv;
      for (std::size_t i = next++; i < mine.size(); i = next++) {
        if (options.cancel != nullptr && options.cancel->load()) {
          stopped = true;
          break;
        }
        const std::uint64_t first = mine[i] * kBlockSize;
        const std::uint64_t last = std::min(first + kBlockSize, options.runs);
        csv.clear();
        for (std::uint64_t replication = first; replication < last; ++replication) {
          worker(replication, accumulators[t], options.replications_csv != nullptr ? &csv : nullptr);
        }
        done += last - first;
        if (options.replications_csv != nullptr) {
          const std::lock_guard lock(mutex);
          csv_blocks.emplace(mine[i], csv);
        }
      }
      const std::lock_guard lock(mutex);
      --running;
      finished.notify_all();
    });
  }

  // The calling thread reports progress and writes finished blocks in order.
  std::uint64_t next_csv_block = 0;
  const auto drain_csv = [&] {
    for (auto it = csv_blocks.begin(); it != csv_blocks.end() && it->first == next_csv_block;
         it = csv_blocks.erase(it)) {
      *options.replications_csv << it->second;
      ++next_csv_block;
    }
  };
  {
    std::unique_lock lock(mutex);
    // `running` is decremented by the workers under the mutex the wait releases.
    while (running > 0) {  // NOLINT(bugprone-infinite-loop)
      finished.wait_for(lock, std::chrono::milliseconds(100));
      if (options.replications_csv != nullptr) drain_csv();
      if (options.progress) {
        lock.unlock();
        options.progress(done.load(), total);
        lock.lock();
      }
    }
    if (options.replications_csv != nullptr) drain_csv();
  }
  for (std::thread& worker : workers) worker.join();
  if (stopped) return Status(ErrorCode::kCancelled, "the run was cancelled");
  if (options.progress) options.progress(total, total);
  Accumulator result = prototype;
  for (const Accumulator& accumulator : accumulators) result.merge(accumulator);
  return result;
}

}  // namespace

Summary Summary::for_model(const CrisisModel& model) {
  const double horizon = model.scenario().horizon_days;
  Summary summary;
  summary.detected = time_tally(horizon);
  summary.consulted = time_tally(horizon);
  summary.decided = time_tally(horizon);
  summary.first_forces = time_tally(horizon);
  summary.deterred = time_tally(horizon);
  summary.rounds = Tally(1, 0, 13, 13);
  summary.first_round_objectors = Tally(1, 0, 64, 64);
  summary.forces_by_day.assign(model.days() + 1, Tally(1, 0, model.max_forces(), kForceBins, true));
  summary.contributed.assign(model.contributors().size(), Tally(1, 0, 1, 0));
  return summary;
}

void Summary::add(const Outcome& outcome, const CrisisModel& model) {
  ++runs;
  add_time(detected, outcome.detected);
  add_time(consulted, outcome.consulted);
  add_time(decided, outcome.decided);
  add_time(first_forces, outcome.first_forces);
  add_time(deterred, outcome.deterred);
  if (outcome.rounds > 0) rounds.add(outcome.rounds);
  if (outcome.rounds > 0) first_round_objectors.add(outcome.first_round_objectors);
  warned_before_attack += outcome.warned_before_attack ? 1 : 0;
  article5 += outcome.article5 ? 1 : 0;
  deterred_by_day += !std::isnan(outcome.deterred) && outcome.deterred <= model.scenario().deterrence_day ? 1 : 0;
  for (std::size_t day = 0; day < forces_by_day.size(); ++day) {
    forces_by_day[day].add(static_cast<double>(outcome.forces_by_day[day]));
  }
  for (std::size_t c = 0; c < contributed.size(); ++c) contributed[c].add(static_cast<double>(outcome.contributed[c]));
}

void Summary::merge(const Summary& other) {
  runs += other.runs;
  for (auto [mine, theirs] : {std::pair{&detected, &other.detected},
                              {&consulted, &other.consulted},
                              {&decided, &other.decided},
                              {&first_forces, &other.first_forces},
                              {&deterred, &other.deterred},
                              {&rounds, &other.rounds},
                              {&first_round_objectors, &other.first_round_objectors}}) {
    mine->merge(*theirs);
  }
  warned_before_attack += other.warned_before_attack;
  article5 += other.article5;
  deterred_by_day += other.deterred_by_day;
  for (std::size_t i = 0; i < forces_by_day.size(); ++i) forces_by_day[i].merge(other.forces_by_day[i]);
  for (std::size_t i = 0; i < contributed.size(); ++i) contributed[i].merge(other.contributed[i]);
}

void Summary::write(std::vector<std::uint64_t>& out) const {
  out.push_back(runs);
  out.push_back(warned_before_attack);
  out.push_back(article5);
  out.push_back(deterred_by_day);
  for (const Tally* tally :
       {&detected, &consulted, &decided, &first_forces, &deterred, &rounds, &first_round_objectors}) {
    tally->write(out);
  }
  for (const Tally& tally : forces_by_day) tally.write(out);
  for (const Tally& tally : contributed) tally.write(out);
}

void Summary::merge_written(std::span<const std::uint64_t> in) {
  std::size_t position = 0;
  runs += in[position++];
  warned_before_attack += in[position++];
  article5 += in[position++];
  deterred_by_day += in[position++];
  for (Tally* tally : {&detected, &consulted, &decided, &first_forces, &deterred, &rounds, &first_round_objectors}) {
    tally->merge_written(in, position);
  }
  for (Tally& tally : forces_by_day) tally.merge_written(in, position);
  for (Tally& tally : contributed) tally.merge_written(in, position);
}

Comparison Comparison::for_models(const CrisisModel& a, const CrisisModel& b) {
  const double horizon = a.scenario().horizon_days;
  Comparison comparison;
  comparison.a = Summary::for_model(a);
  comparison.b = Summary::for_model(b);
  const auto bins = static_cast<std::size_t>(std::ceil(2 * horizon * kDayBinsPerDay));
  comparison.decided = Tally(kDayResolution, -horizon, horizon, bins);
  comparison.first_forces = Tally(kDayResolution, -horizon, horizon, bins);
  comparison.deterred = Tally(kDayResolution, -horizon, horizon, bins);
  const double forces = std::max(a.max_forces(), b.max_forces());
  comparison.forces_on_day = Tally(1, -forces, forces, 2 * kForceBins);
  comparison.deterred_by_day = Tally(1, -1, 2, 3);
  return comparison;
}

void Comparison::add(const Outcome& a_outcome, const Outcome& b_outcome, const CrisisModel& a_model,
                     const CrisisModel& b_model) {
  a.add(a_outcome, a_model);
  b.add(b_outcome, b_model);
  const double horizon = a_model.scenario().horizon_days;
  decided.add(capped(b_outcome.decided, horizon) - capped(a_outcome.decided, horizon));
  first_forces.add(capped(b_outcome.first_forces, horizon) - capped(a_outcome.first_forces, horizon));
  deterred.add(capped(b_outcome.deterred, horizon) - capped(a_outcome.deterred, horizon));
  const auto day = static_cast<std::size_t>(a_model.scenario().deterrence_day);
  forces_on_day.add(static_cast<double>(b_outcome.forces_by_day[day] - a_outcome.forces_by_day[day]));
  const auto deterred_by = [&](const Outcome& o) {
    return !std::isnan(o.deterred) && o.deterred <= a_model.scenario().deterrence_day ? 1.0 : 0.0;
  };
  deterred_by_day.add(deterred_by(b_outcome) - deterred_by(a_outcome));
}

void Comparison::merge(const Comparison& other) {
  a.merge(other.a);
  b.merge(other.b);
  decided.merge(other.decided);
  first_forces.merge(other.first_forces);
  deterred.merge(other.deterred);
  forces_on_day.merge(other.forces_on_day);
  deterred_by_day.merge(other.deterred_by_day);
}

void Comparison::write(std::vector<std::uint64_t>& out) const {
  std::vector<std::uint64_t> part;
  for (const Summary* summary : {&a, &b}) {
    part.clear();
    summary->write(part);
    out.push_back(part.size());
    out.insert(out.end(), part.begin(), part.end());
  }
  for (const Tally* tally : {&decided, &first_forces, &deterred, &forces_on_day, &deterred_by_day}) tally->write(out);
}

void Comparison::merge_written(std::span<const std::uint64_t> in) {
  std::size_t position = 0;
  for (Summary* summary : {&a, &b}) {
    const auto size = static_cast<std::size_t>(in[position++]);
    summary->merge_written(in.subspan(position, size));
    position += size;
  }
  for (Tally* tally : {&decided, &first_forces, &deterred, &forces_on_day, &deterred_by_day}) {
    tally->merge_written(in, position);
  }
}

std::string replication_csv_header() {
  return "replication,detected,consulted,decided,rounds,first_round_objectors,article5,first_forces,deterred,"
         "warned_before_attack,forces_on_deterrence_day,forces_at_horizon\n";
}

Status check_comparable(const CrisisModel& a, const CrisisModel& b) {
  if (a.scenario().horizon_days != b.scenario().horizon_days ||
      a.scenario().deterrence_day != b.scenario().deterrence_day) {
    return Status(ErrorCode::kInvalidArgument,
                  "the two scenarios must have the same horizon (scenario.horizon_days) and deterrence day "
                  "(outcome.deterrence_day) to be compared day by day");
  }
  return Status::ok();
}

Result<Summary> simulate(const CrisisModel& model, const RunOptions& options) {
  if (Status status = check_options(options); !status) return status;
  if (options.replications_csv != nullptr) *options.replications_csv << replication_csv_header();
  return run_blocks(options, Summary::for_model(model), [&] {
    return [&, workspace = Workspace{}, outcome = Outcome{}](std::uint64_t replication, Summary& summary,
                                                             std::string* csv) mutable {
      model.run(options.seed, replication, workspace, outcome);
      summary.add(outcome, model);
      if (csv != nullptr) write_csv_row(*csv, replication, outcome, model);
    };
  });
}

Result<Comparison> compare(const CrisisModel& a, const CrisisModel& b, const RunOptions& options) {
  if (Status status = check_comparable(a, b); !status) return status;
  RunOptions without_csv = options;
  without_csv.replications_csv = nullptr;
  return run_blocks(without_csv, Comparison::for_models(a, b), [&] {
    return [&, a_workspace = Workspace{}, b_workspace = Workspace{}, a_outcome = Outcome{}, b_outcome = Outcome{}](
               std::uint64_t replication, Comparison& comparison, std::string*) mutable {
      a.run(options.seed, replication, a_workspace, a_outcome);
      b.run(options.seed, replication, b_workspace, b_outcome);
      comparison.add(a_outcome, b_outcome, a, b);
    };
  });
}

}  // namespace entente::sim
