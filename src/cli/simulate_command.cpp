#include "cli/simulate_command.hpp"

#include <unistd.h>

#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <chrono>
#include <cmath>
#include <fstream>
#include <ostream>

#include "cli/table.hpp"
#include "engine/render_json.hpp"
#include "engine/simulation.hpp"
#include "sim/mpi_world.hpp"
#include "sim/scenario.hpp"

namespace entente {

namespace {

constexpr int kExitFailure = 1;

struct SimulateOptions {
  std::string database = "entente.db";
  std::uint64_t runs = 10000;
  unsigned threads = 0;
  std::uint64_t seed = 1;
  std::string out_path;
  std::string csv_path;
  std::string format = "table";
  bool mpi = false;
  std::string progress = "auto";
};

void add_run_options(CLI::App& command, SimulateOptions& options) {
  command.add_option("--db", options.database, "SQLite database created by 'entente init'")->capture_default_str();
  command.add_option("--runs", options.runs, "Replications (Monte Carlo runs)")
      ->capture_default_str()
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{100'000'000}));
  command.add_option("--threads", options.threads, "Worker threads; 0: one per core")->capture_default_str();
  command
      .add_option("--seed", options.seed,
                  "Seed of the random streams: the same seed gives the same results on any number of threads "
                  "or MPI ranks")
      ->capture_default_str();
  command.add_option("--out", options.out_path, "Also write the full results as JSON to this file");
  command.add_option("--format", options.format, "Standard output: table or json")
      ->capture_default_str()
      ->check(CLI::IsMember({"table", "json"}));
  command.add_flag("--mpi", options.mpi,
                   "Share the replications among the ranks of an MPI job: mpirun -np K entente ... --mpi");
  command.add_option("--progress", options.progress, "Progress bar on stderr: auto (when a terminal), always, never")
      ->capture_default_str()
      ->check(CLI::IsMember({"auto", "always", "never"}));
}

// A progress bar with rate and time left, redrawn in place on stderr.
class ProgressBar {
 public:
  ProgressBar(std::ostream& err, bool enabled, std::string label)
      : err_(err), enabled_(enabled), label_(std::move(label)), started_(std::chrono::steady_clock::now()) {}

  void update(std::uint64_t done, std::uint64_t total) {
    if (!enabled_ || total == 0) return;
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    const double share = static_cast<double>(done) / static_cast<double>(total);
    constexpr int kWidth = 30;
    const int filled = static_cast<int>(share * kWidth);
    const double rate = elapsed > 0 ? static_cast<double>(done) / elapsed : 0;
    const std::string eta = rate > 0 && done < total
                                ? fmt::format("ETA {:.0f} s", static_cast<double>(total - done) / rate)
                                : fmt::format("{:.1f} s", elapsed);
    err_ << fmt::format("\r{}[{}{}] {:3.0f}%  {}/{} runs  {:.0f} runs/s  {}   ", label_, std::string(filled, '#'),
                        std::string(kWidth - filled, '.'), share * 100, done, total, rate, eta)
         << std::flush;
    if (done == total) err_ << '\n';
  }

 private:
  std::ostream& err_;
  bool enabled_;
  std::string label_;
  std::chrono::steady_clock::time_point started_;
};

bool progress_wanted(const SimulateOptions& options) {
  if (options.progress == "always") return true;
  if (options.progress == "never") return false;
  return isatty(STDERR_FILENO) != 0;
}

std::string days(double value) { return std::isnan(value) ? "-" : fmt::format("{:.1f}", value); }
std::string percent(double share) { return fmt::format("{:.1f}%", share * 100); }
std::string troops(double value) { return std::isnan(value) ? "-" : fmt::format("{:.0f}", value); }

void print_times(const sim::Summary& summary, std::ostream& out) {
  TextTable table({"Stage (days from onset)", "Reached", "Mean", "SD", "P5", "Median", "P95"});
  const auto row = [&](const char* name, const sim::Tally& tally) {
    table.add({name, percent(tally.observed_share()), days(tally.mean()), days(tally.stddev()),
               days(tally.quantile(0.05)), days(tally.quantile(0.5)), days(tally.quantile(0.95))});
  };
  row("Detection / warning", summary.detected);
  row("Article 4 consultations", summary.consulted);
  row("Council decision", summary.decided);
  row("First forces arrive", summary.first_forces);
  row("Deterrence reached", summary.deterred);
  table.print(out);
}

void print_summary(const sim::CrisisModel& model, const sim::Summary& summary, const SimulateOptions& options,
                   const Registry& registry, std::ostream& out) {
  const sim::Scenario& s = model.scenario();
  const sim::ModelFacts& facts = model.facts();
  const double runs = static_cast<double>(summary.runs);
  out << (s.name.empty() ? "Scenario" : s.name) << " — " << to_string(s.kind) << " at " << facts.place << " ("
      << fmt::format("{:.2f}, {:.2f}", facts.lat, facts.lon) << "), from " << s.start.to_string() << ", "
      << s.horizon_days << " days\n";
  out << "Article 6: " << to_string(facts.verdict.verdict) << " — " << facts.verdict.clause << '\n';
  out << "Council: " << facts.members.size() << " allies, " << s.procedure
      << (s.pre_authorised ? ", pre-authorised plans" : "")
      << "; partners: " << (model.contributors().size() - facts.members.size()) << " taking part\n";
  for (const std::string& note : facts.notes) out << "  note: " << note << '\n';
  out << fmt::format("{} runs, seed {}\n\n", summary.runs, options.seed);
  print_times(summary, out);
  out << '\n';
  out << fmt::format("Warned before the attack: {}   Article 5 invoked: {}   Decided: {}\n",
                     percent(static_cast<double>(summary.warned_before_attack) / runs),
                     percent(static_cast<double>(summary.article5) / runs), percent(summary.decided.observed_share()));
  out << fmt::format("Deterrence (allied forces >= {} x adversary) by day {}: {}\n\n", s.deterrence_ratio,
                     s.deterrence_day, percent(static_cast<double>(summary.deterred_by_day) / runs));
  TextTable forces({"Day", "Allied forces: mean", "P5", "Median", "P95", "Adversary"});
  for (const int day : {0, 3, 7, 10, 14, 30, 60, 90, 180, 365}) {
    if (day > model.days()) continue;
    const sim::Tally& tally = summary.forces_by_day[static_cast<std::size_t>(day)];
    forces.add({std::to_string(day), troops(tally.mean()), troops(tally.quantile(0.05)), troops(tally.quantile(0.5)),
                troops(tally.quantile(0.95)), troops(model.adversary_on(day))});
  }
  forces.print(out);
  out << '\n';
  std::vector<std::size_t> order(summary.contributed.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return summary.contributed[a].mean() > summary.contributed[b].mean();
  });
  TextTable contributors({"Contributor", "Standing", "Distance (km)", "Troops by the horizon: mean"});
  for (std::size_t rank = 0; rank < order.size() && rank < 10; ++rank) {
    const sim::Contributor& c = model.contributors()[order[rank]];
    contributors.add({c.nation->name + " (" + c.nation->iso3 + ")", c.ally ? "ally" : "partner",
                      fmt::format("{:.0f}", c.distance_km), troops(summary.contributed[order[rank]].mean())});
  }
  contributors.print(out);
  (void)registry;
}

Result<std::unique_ptr<sim::CrisisModel>> load_model(const Engine& engine, const std::string& path) {
  Result<sim::Scenario> scenario = sim::load_scenario_file(path);
  if (!scenario) return scenario.status();
  Result<std::unique_ptr<sim::CrisisModel>> model = engine.crisis_model(std::move(scenario).value());
  if (!model) return Status(model.status().code(), path + ": " + model.status().message());
  return model;
}

bool write_file(const std::string& path, const std::string& text, std::ostream& err) {
  std::ofstream file(path, std::ios::binary);
  file << text;
  if (!file) {
    err << "entente: cannot write '" << path << "'\n";
    return false;
  }
  return true;
}

// Runs on this process, or on every rank of the MPI job, and merges at rank 0.
// `run` runs this process's share; `Accumulator` has write/merge_written.
template <typename Accumulator, typename Run>
Result<std::optional<Accumulator>> run_here_or_everywhere(const SimulateOptions& options, sim::RunOptions run_options,
                                                          const sim::MpiWorld* world, Run run) {
  if (world == nullptr) {
    Result<Accumulator> result = run(run_options);
    if (!result) return result.status();
    return std::optional<Accumulator>(std::move(result).value());
  }
  run_options.rank = world->rank();
  run_options.ranks = world->size();
  Result<Accumulator> mine = run(run_options);
  if (!world->all_ok(mine.is_ok())) {
    return mine ? Status(ErrorCode::kInternal, "another MPI rank failed") : mine.status();
  }
  std::vector<std::uint64_t> flat;
  mine->write(flat);
  std::vector<std::vector<std::uint64_t>> all = world->gather(flat);
  if (world->rank() != 0) return std::optional<Accumulator>();
  Accumulator merged = std::move(mine).value();
  for (std::size_t r = 1; r < all.size(); ++r) merged.merge_written(all[r]);
  (void)options;
  return std::optional<Accumulator>(std::move(merged));
}

}  // namespace

struct SimulationCommands::State {
  SimulateOptions simulate_options;
  std::string scenario_path;
  SimulateOptions compare_options;
  std::string baseline_path;
  std::string alternative_path;
};

SimulationCommands::~SimulationCommands() = default;

SimulationCommands::SimulationCommands(CLI::App& app, CommandContext& context) : state_(std::make_unique<State>()) {
  SimulateOptions& simulate_options = state_->simulate_options;
  std::string& scenario_path = state_->scenario_path;
  CLI::App* simulate = app.add_subcommand(
      "simulate",
      "Run a crisis scenario through warning, Article 4, the Council's decision, Article 5, force generation and "
      "deployment, many times, and summarise the outcomes");
  simulate->add_option("scenario", scenario_path, "Scenario file (TOML), e.g. scenarios/baltic-armed-attack.toml")
      ->required();
  add_run_options(*simulate, simulate_options);
  simulate->add_option("--csv", simulate_options.csv_path, "Write one CSV row per replication to this file");
  simulate->footer(
      "Every scenario parameter, its default and its source: docs/simulation.md.\n"
      "Results depend only on the scenario, the data, --runs and --seed.");
  simulate->callback([&context, &simulate_options, &scenario_path] {
    SimulateOptions& options = simulate_options;
    std::unique_ptr<sim::MpiWorld> world;
    if (options.mpi) {
      Result<std::unique_ptr<sim::MpiWorld>> started = sim::MpiWorld::start();
      if (!started) {
        context.err << "entente: " << started.status().message() << '\n';
        context.exit_code = kExitFailure;
        return;
      }
      world = std::move(started).value();
    }
    const bool lead = world == nullptr || world->rank() == 0;
    std::ostream& err = context.err;
    const auto fail = [&](const Status& status) {
      if (lead) err << "entente: " << status.message() << '\n';
      context.exit_code = kExitFailure;
    };
    if (!context.open_engine(options.database)) {
      if (world) world->all_ok(false);
      return;
    }
    Result<std::unique_ptr<sim::CrisisModel>> model = load_model(*context.engine, scenario_path);
    if (world && !world->all_ok(model.is_ok())) {
      if (model) fail(Status(ErrorCode::kInternal, "another MPI rank could not load the scenario"));
    }
    if (!model) return fail(model.status());
    std::ofstream csv;
    sim::RunOptions run;
    run.runs = options.runs;
    run.seed = options.seed;
    run.threads = options.threads;
    if (!options.csv_path.empty()) {
      csv.open(options.csv_path, std::ios::binary);
      if (!csv) return fail(Status(ErrorCode::kIo, "cannot write '" + options.csv_path + "'"));
      run.replications_csv = &csv;
    }
    ProgressBar bar(err, lead && progress_wanted(options),
                    world ? fmt::format("rank 0 of {} ", world->size()) : std::string());
    run.progress = [&bar](std::uint64_t done, std::uint64_t total) { bar.update(done, total); };
    Result<std::optional<sim::Summary>> summary = run_here_or_everywhere<sim::Summary>(
        options, run, world.get(), [&](const sim::RunOptions& r) { return sim::simulate(**model, r); });
    if (!summary) return fail(summary.status());
    if (!summary->has_value()) return;  // not rank 0
    const sim::Summary& result = **summary;
    const boost::json::value json =
        simulation_json(**model, result, {options.runs, options.seed}, context.engine->registry());
    if (!options.out_path.empty() && !write_file(options.out_path, to_pretty_json(json), err)) {
      context.exit_code = kExitFailure;
      return;
    }
    if (options.format == "json") {
      context.out << to_pretty_json(json);
    } else {
      print_summary(**model, result, options, context.engine->registry(), context.out);
    }
  });

  SimulateOptions& compare_options = state_->compare_options;
  std::string& baseline_path = state_->baseline_path;
  std::string& alternative_path = state_->alternative_path;
  CLI::App* compare = app.add_subcommand(
      "compare",
      "Run two scenarios (a baseline A and an alternative B) on the same random numbers and report the difference "
      "B - A of each outcome with its 95% confidence interval");
  compare->add_option("baseline", baseline_path, "Scenario A (TOML)")->required();
  compare->add_option("alternative", alternative_path, "Scenario B (TOML), same horizon as A")->required();
  add_run_options(*compare, compare_options);
  compare->callback([&context, &compare_options, &baseline_path, &alternative_path] {
    SimulateOptions& options = compare_options;
    std::unique_ptr<sim::MpiWorld> world;
    if (options.mpi) {
      Result<std::unique_ptr<sim::MpiWorld>> started = sim::MpiWorld::start();
      if (!started) {
        context.err << "entente: " << started.status().message() << '\n';
        context.exit_code = kExitFailure;
        return;
      }
      world = std::move(started).value();
    }
    const bool lead = world == nullptr || world->rank() == 0;
    std::ostream& err = context.err;
    const auto fail = [&](const Status& status) {
      if (lead) err << "entente: " << status.message() << '\n';
      context.exit_code = kExitFailure;
    };
    if (!context.open_engine(options.database)) {
      if (world) world->all_ok(false);
      return;
    }
    Result<std::unique_ptr<sim::CrisisModel>> a = load_model(*context.engine, baseline_path);
    Result<std::unique_ptr<sim::CrisisModel>> b =
        a ? load_model(*context.engine, alternative_path) : Result<std::unique_ptr<sim::CrisisModel>>(a.status());
    if (world && !world->all_ok(b.is_ok())) {
      if (b) fail(Status(ErrorCode::kInternal, "another MPI rank could not load the scenarios"));
    }
    if (!a) return fail(a.status());
    if (!b) return fail(b.status());
    sim::RunOptions run;
    run.runs = options.runs;
    run.seed = options.seed;
    run.threads = options.threads;
    ProgressBar bar(err, lead && progress_wanted(options),
                    world ? fmt::format("rank 0 of {} ", world->size()) : std::string());
    run.progress = [&bar](std::uint64_t done, std::uint64_t total) { bar.update(done, total); };
    Result<std::optional<sim::Comparison>> comparison = run_here_or_everywhere<sim::Comparison>(
        options, run, world.get(), [&](const sim::RunOptions& r) { return sim::compare(**a, **b, r); });
    if (!comparison) return fail(comparison.status());
    if (!comparison->has_value()) return;
    const sim::Comparison& result = **comparison;
    const boost::json::value json =
        comparison_json(**a, **b, result, {options.runs, options.seed}, context.engine->registry());
    if (!options.out_path.empty() && !write_file(options.out_path, to_pretty_json(json), err)) {
      context.exit_code = kExitFailure;
      return;
    }
    if (options.format == "json") {
      context.out << to_pretty_json(json);
      return;
    }
    std::ostream& out = context.out;
    out << "A: " << baseline_path << " — " << (*a)->scenario().name << '\n';
    out << "B: " << alternative_path << " — " << (*b)->scenario().name << '\n';
    out << fmt::format("{} runs on common random numbers, seed {}\n\n", result.a.runs, options.seed);
    TextTable table({"Outcome", "A", "B", "B - A", "95% interval"});
    const auto row = [&](const std::string& name, double a_value, double b_value, const sim::Tally& difference,
                         const char* unit_format) {
      const Interval95 interval = interval95(difference);
      table.add({name, fmt::format(fmt::runtime(unit_format), a_value), fmt::format(fmt::runtime(unit_format), b_value),
                 fmt::format(fmt::runtime(unit_format), interval.mean),
                 "[" + fmt::format(fmt::runtime(unit_format), interval.low) + ", " +
                     fmt::format(fmt::runtime(unit_format), interval.high) + "]"});
    };
    const double horizon = (*a)->scenario().horizon_days;
    const auto capped_mean = [&](const sim::Tally& t) {
      // The mean with replications that never reached the stage counted at the horizon.
      const double observed = t.count() > 0 ? t.mean() * static_cast<double>(t.count()) : 0;
      return (observed + horizon * static_cast<double>(t.missing())) / static_cast<double>(t.count() + t.missing());
    };
    row("Council decision (days)", capped_mean(result.a.decided), capped_mean(result.b.decided), result.decided,
        "{:.2f}");
    row("First forces (days)", capped_mean(result.a.first_forces), capped_mean(result.b.first_forces),
        result.first_forces, "{:.2f}");
    row("Deterrence (days)", capped_mean(result.a.deterred), capped_mean(result.b.deterred), result.deterred, "{:.2f}");
    const auto day = static_cast<std::size_t>((*a)->scenario().deterrence_day);
    row(fmt::format("Forces on day {}", day), result.a.forces_by_day[day].mean(), result.b.forces_by_day[day].mean(),
        result.forces_on_day, "{:.0f}");
    const double runs = static_cast<double>(result.a.runs);
    row(fmt::format("P(deterrence by day {})", day), static_cast<double>(result.a.deterred_by_day) / runs,
        static_cast<double>(result.b.deterred_by_day) / runs, result.deterred_by_day, "{:.4f}");
    table.print(out);
    out << "\nTimes not reached within the horizon count as the horizon (" << horizon << " days).\n";
  });
}

}  // namespace entente
