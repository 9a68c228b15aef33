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
  command.add_option("--threads", options.threads, "Worker threads; 0: one per core")
      ->capture_default_str()
      ->check(CLI::Range(0U, sim::kMaxThreads));
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
                   std::ostream& out) {
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
  std::vector<int> checkpoints;
  for (const int day : {0, 3, 7, 10, 14, 30, 60, 90, 180, 365}) {
    if (day < model.days()) checkpoints.push_back(day);
  }
  checkpoints.push_back(model.days());  // and the horizon
  for (const int day : checkpoints) {
    const sim::Tally& tally = summary.forces_by_day[static_cast<std::size_t>(day)];
    forces.add({std::to_string(day), troops(tally.mean()), troops(tally.quantile(0.05)), troops(tally.quantile(0.5)),
                troops(tally.quantile(0.95)), troops(model.adversary_on(day))});
  }
  forces.print(out);
  out << '\n';
  const std::vector<std::size_t> order = contribution_order(summary);
  TextTable contributors({"Contributor", "Standing", "Distance (km)", "Troops by the horizon: mean"});
  for (std::size_t rank = 0; rank < order.size() && rank < 10; ++rank) {
    const sim::Contributor& c = model.contributors()[order[rank]];
    contributors.add({c.nation->name + " (" + c.nation->iso3 + ")", c.ally ? "ally" : "partner",
                      fmt::format("{:.0f}", c.distance_km), troops(summary.contributed[order[rank]].mean())});
  }
  contributors.print(out);
}

void print_comparison(const sim::CrisisModel& a, const sim::CrisisModel& b, const sim::Comparison& result,
                      const std::string& a_path, const std::string& b_path, const SimulateOptions& options,
                      std::ostream& out) {
  out << "A: " << a_path << " — " << a.scenario().name << '\n';
  out << "B: " << b_path << " — " << b.scenario().name << '\n';
  out << fmt::format("{} runs on common random numbers, seed {}\n\n", result.a.runs, options.seed);
  TextTable table({"Outcome", "A", "B", "B - A", "95% interval"});
  const auto row = [&](const std::string& name, double a_value, double b_value, const sim::Tally& difference,
                       int decimals) {
    const auto number = [decimals](double value) { return fmt::format("{:.{}f}", value, decimals); };
    const Interval95 interval = interval95(difference);
    table.add({name, number(a_value), number(b_value), number(interval.mean),
               "[" + number(interval.low) + ", " + number(interval.high) + "]"});
  };
  const double horizon = a.scenario().horizon_days;
  row("Council decision (days)", capped_mean(result.a.decided, horizon), capped_mean(result.b.decided, horizon),
      result.decided, 2);
  row("First forces (days)", capped_mean(result.a.first_forces, horizon), capped_mean(result.b.first_forces, horizon),
      result.first_forces, 2);
  row("Deterrence (days)", capped_mean(result.a.deterred, horizon), capped_mean(result.b.deterred, horizon),
      result.deterred, 2);
  const auto day = static_cast<std::size_t>(a.scenario().deterrence_day);
  row(fmt::format("Forces on day {}", day), result.a.forces_by_day[day].mean(), result.b.forces_by_day[day].mean(),
      result.forces_on_day, 0);
  const double runs = static_cast<double>(result.a.runs);
  row(fmt::format("P(deterrence by day {})", day), static_cast<double>(result.a.deterred_by_day) / runs,
      static_cast<double>(result.b.deterred_by_day) / runs, result.deterred_by_day, 4);
  table.print(out);
  out << "\nTimes not reached within the horizon count as the horizon (" << horizon << " days).\n";
}

Result<std::shared_ptr<const sim::CrisisModel>> load_model(const Engine& engine, const std::string& path) {
  Result<sim::Scenario> scenario = sim::load_scenario_file(path);
  if (!scenario) return scenario.status();
  Result<std::shared_ptr<const sim::CrisisModel>> model = engine.crisis_model(std::move(scenario).value());
  if (!model) return Status(model.status().code(), path + ": " + model.status().message());
  return model;
}

// One run of `simulate` or `compare`: the MPI world when --mpi, and failure reporting
// that only rank 0 prints. Every step that can fail on one rank goes through `agree`, a
// collective, so that no rank is left waiting for one that has given up.
class Session {
 public:
  Session(CommandContext& context, const SimulateOptions& options) : context_(context), options_(options) {}

  // Starts MPI when asked; false (reported) when it cannot.
  bool start() {
    if (!options_.mpi) return true;
    if (!options_.csv_path.empty()) {
      return fail(
          Status(ErrorCode::kInvalidArgument, "--csv writes one file from one process; run without --mpi to write it"));
    }
    Result<std::unique_ptr<sim::MpiWorld>> started = sim::MpiWorld::start();
    if (!started) return fail(started.status());
    world_ = std::move(started).value();
    return true;
  }

  // True on every rank when `ok` on every rank. A failure here was reported already.
  bool agree(bool ok) {
    const bool everyone = world_ ? world_->all_ok(ok) : ok;
    if (everyone) return true;
    if (ok) fail(Status(ErrorCode::kInternal, "another MPI rank failed (see its message)"));
    context_.exit_code = kExitFailure;
    return false;
  }

  // True on every rank when `status` is ok on every rank; reports the failure otherwise.
  bool agree(const Status& status) {
    const bool everyone = world_ ? world_->all_ok(status.is_ok()) : status.is_ok();
    if (everyone) return true;
    return fail(status.is_ok() ? Status(ErrorCode::kInternal, "another MPI rank failed (see its message)") : status);
  }

  bool fail(const Status& status) {
    if (lead()) context_.err << "entente: " << status.message() << '\n';
    context_.exit_code = kExitFailure;
    return false;
  }

  bool lead() const { return world_ == nullptr || world_->rank() == 0; }

  sim::RunOptions run_options(ProgressBar& bar) const {
    sim::RunOptions run;
    run.runs = options_.runs;
    run.seed = options_.seed;
    run.threads = options_.threads;
    run.progress = [&bar](std::uint64_t done, std::uint64_t total) { bar.update(done, total); };
    return run;
  }

  std::string progress_label() const { return world_ ? fmt::format("rank 0 of {} ", world_->size()) : std::string(); }

  // Runs this process's share and merges every rank's at rank 0: the merged result there,
  // nullopt on the other ranks and on failure (reported).
  template <typename Accumulator, typename Run>
  std::optional<Accumulator> run_everywhere(sim::RunOptions run_options, Run run) {
    if (world_) {
      run_options.rank = world_->rank();
      run_options.ranks = world_->size();
    }
    Result<Accumulator> mine = run(run_options);
    if (!agree(mine.is_ok() ? Status::ok() : mine.status())) return std::nullopt;
    if (!world_) return std::move(mine).value();
    std::vector<std::uint64_t> flat;
    mine->write(flat);
    // Ranks built their models from their own databases: the layouts must agree.
    if (!world_->same_on_all(flat.size())) {
      fail(Status(ErrorCode::kInvalidArgument,
                  "the MPI ranks built different models (is the same database on every node?)"));
      return std::nullopt;
    }
    std::vector<std::vector<std::uint64_t>> all = world_->gather(flat);
    if (world_->rank() != 0) return std::nullopt;
    Accumulator merged = std::move(mine).value();
    for (std::size_t r = 1; r < all.size(); ++r) merged.merge_written(all[r]);
    return merged;
  }

  // Writes --out, then prints the JSON when --format json; false (reported) on failure.
  bool emit_json(const boost::json::value& json) {
    const std::string text = to_pretty_json(json);
    if (!options_.out_path.empty()) {
      std::ofstream file(options_.out_path, std::ios::binary);
      file << text;
      if (!file.flush()) return fail(Status(ErrorCode::kIo, "cannot write '" + options_.out_path + "'"));
    }
    if (options_.format == "json") context_.out << text;
    return true;
  }

 private:
  CommandContext& context_;
  const SimulateOptions& options_;
  std::unique_ptr<sim::MpiWorld> world_;
};

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
  State& state = *state_;
  CLI::App* simulate = app.add_subcommand(
      "simulate",
      "Run a crisis scenario through warning, Article 4, the Council's decision, Article 5, force generation and "
      "deployment, many times, and summarise the outcomes");
  simulate->add_option("scenario", state.scenario_path, "Scenario file (TOML), e.g. scenarios/baltic-armed-attack.toml")
      ->required();
  add_run_options(*simulate, state.simulate_options);
  simulate->add_option("--csv", state.simulate_options.csv_path, "Write one CSV row per replication to this file");
  simulate->footer(
      "Scenario file keys (defaults in brackets; delays are days: a number, {mean}, {median, sigma} or {min, max}):\n"
      "  [scenario]     name, description, kind [armed-attack|hybrid|cyber|terrorist|piracy], start (required),\n"
      "                 horizon_days [180]\n"
      "  [crisis]       lat and lon, or territory (nation or territorial unit); target [territory|forces|vessel|\n"
      "                 aircraft]; target_nation; adversary; intensity 0-1 [0.5]; attack_day [0]\n"
      "  [adversary]    initial_troops [10000], troops_per_day [1000], max_troops [50000]\n"
      "  [warning]      probability [0.7], delay_days [median 3], after_attack_days [median 0.25]\n"
      "  [consultation] request_days, meeting_days (Article 4) [median 0.5 each]\n"
      "  [decision]     procedure [consensus|silence], drafting_days, deliberation_days [median 1 each],\n"
      "                 silence_days [1], retry_days [median 3], max_rounds [4], pre_authorised [false]\n"
      "  [positions]    base [3], threat_weight [2], distance_weight [-0.3 per 1000 km], affinity_weight [-4],\n"
      "                 round_shift [1], affinity {ALLY = 0-1}, support {ALLY = probability}\n"
      "  [article5]     armed_attack_probability [by kind], contested_probability [0.5]\n"
      "  [forces]       forward_troops [0], article5_share [1], crisis_share [0.1],\n"
      "                 [[forces.tier]] name, troops, ready_days, mode [air|surface] (default: NATO Force Model)\n"
      "  [deployment]   air_km_per_day [4000], surface_km_per_day [500], detour [1.3], loading_days [median 1]\n"
      "  [partners]     contribute [true], [[partners.contribution]] nation, troops, tier [2]\n"
      "  [outcome]      deterrence_ratio [1], deterrence_day [30]\n"
      "What each means and its source: docs/simulation.md. Results depend only on the scenario, the data,\n"
      "--runs and --seed.");
  simulate->callback([&context, &state] {
    const SimulateOptions& options = state.simulate_options;
    Session session(context, options);
    if (!session.start()) return;
    if (!session.agree(context.open_engine(options.database))) return;
    Result<std::shared_ptr<const sim::CrisisModel>> model = load_model(*context.engine, state.scenario_path);
    if (!session.agree(model.is_ok() ? Status::ok() : model.status())) return;
    std::ofstream csv;
    ProgressBar bar(context.err, session.lead() && progress_wanted(options), session.progress_label());
    sim::RunOptions run = session.run_options(bar);
    if (!options.csv_path.empty()) {
      csv.open(options.csv_path, std::ios::binary);
      if (!csv) return (void)session.fail(Status(ErrorCode::kIo, "cannot write '" + options.csv_path + "'"));
      run.replications_csv = &csv;
    }
    std::optional<sim::Summary> summary =
        session.run_everywhere<sim::Summary>(run, [&](const sim::RunOptions& r) { return sim::simulate(**model, r); });
    if (!summary) return;
    if (csv.is_open() && !csv.flush()) {
      return (void)session.fail(Status(ErrorCode::kIo, "cannot write '" + options.csv_path + "'"));
    }
    const boost::json::value json =
        simulation_json(**model, *summary, {options.runs, options.seed}, context.engine->snapshot()->registry());
    if (!session.emit_json(json)) return;
    if (options.format == "table") print_summary(**model, *summary, options, context.out);
  });

  CLI::App* compare = app.add_subcommand(
      "compare",
      "Run two scenarios (a baseline A and an alternative B) on the same random numbers and report the difference "
      "B - A of each outcome with its 95% confidence interval");
  compare->add_option("baseline", state.baseline_path, "Scenario A (TOML)")->required();
  compare->add_option("alternative", state.alternative_path, "Scenario B (TOML), same horizon as A")->required();
  add_run_options(*compare, state.compare_options);
  compare->callback([&context, &state] {
    const SimulateOptions& options = state.compare_options;
    Session session(context, options);
    if (!session.start()) return;
    if (!session.agree(context.open_engine(options.database))) return;
    Result<std::shared_ptr<const sim::CrisisModel>> a = load_model(*context.engine, state.baseline_path);
    if (!session.agree(a.is_ok() ? Status::ok() : a.status())) return;
    Result<std::shared_ptr<const sim::CrisisModel>> b = load_model(*context.engine, state.alternative_path);
    if (!session.agree(b.is_ok() ? Status::ok() : b.status())) return;
    if (!session.agree(sim::check_comparable(**a, **b))) return;
    ProgressBar bar(context.err, session.lead() && progress_wanted(options), session.progress_label());
    std::optional<sim::Comparison> result = session.run_everywhere<sim::Comparison>(
        session.run_options(bar), [&](const sim::RunOptions& r) { return sim::compare(**a, **b, r); });
    if (!result) return;
    const boost::json::value json =
        comparison_json(**a, **b, *result, {options.runs, options.seed}, context.engine->snapshot()->registry());
    if (!session.emit_json(json)) return;
    if (options.format == "table") {
      print_comparison(**a, **b, *result, state.baseline_path, state.alternative_path, options, context.out);
    }
  });
}

}  // namespace entente
