// The crisis simulation: simulate, compare. The runs, on threads or MPI ranks, are the
// engine's (engine/simulation_sweep.hpp); these commands render them.

#include <unistd.h>

#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <cmath>
#include <fstream>
#include <ostream>

#include "cli/command_table.hpp"
#include "cli/table.hpp"
#include "engine/render_json.hpp"
#include "engine/simulation.hpp"
#include "engine/simulation_sweep.hpp"
#include "sim/scenario.hpp"

namespace entente::cli {

namespace {

// The options of a run, shared by simulate and compare.
struct SweepOptions {
  std::string database = "entente.db";
  std::uint64_t runs = 10000;
  unsigned threads = 0;
  std::uint64_t seed = 1;
  std::string out_path;
  std::string format = "table";
  bool mpi = false;
  std::string progress = "auto";
};

void add_run_options(CLI::App& command, SweepOptions& options) {
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
  ProgressBar(std::ostream& err, bool mpi) : err_(err), mpi_(mpi) {}

  void update(const SweepProgress& progress) {
    const std::uint64_t done = progress.done;
    const std::uint64_t total = progress.total;
    if (total == 0) return;
    const double elapsed = progress.elapsed_seconds;
    const double share = static_cast<double>(done) / static_cast<double>(total);
    constexpr int kWidth = 30;
    const int filled = static_cast<int>(share * kWidth);
    const double rate = elapsed > 0 ? static_cast<double>(done) / elapsed : 0;
    const std::string eta = rate > 0 && done < total
                                ? fmt::format("ETA {:.0f} s", static_cast<double>(total - done) / rate)
                                : fmt::format("{:.1f} s", elapsed);
    const std::string label = mpi_ ? fmt::format("rank 0 of {} ", progress.processes) : std::string();
    err_ << fmt::format("\r{}[{}{}] {:3.0f}%  {}/{} runs  {:.0f} runs/s  {}   ", label, std::string(filled, '#'),
                        std::string(kWidth - filled, '.'), share * 100, done, total, rate, eta)
         << std::flush;
    if (done == total) err_ << '\n';
  }

 private:
  std::ostream& err_;
  bool mpi_;
};

bool progress_wanted(const SweepOptions& options) {
  if (options.progress == "always") return true;
  if (options.progress == "never") return false;
  return isatty(STDERR_FILENO) != 0;
}

// The run the options ask for, of these scenario files; progress goes to `bar`.
SweepRequest sweep_request(const SweepOptions& options, std::vector<std::string> scenario_files,
                           CommandContext& context, ProgressBar& bar) {
  SweepRequest request;
  request.open_engine = [&context, database = options.database] { return context.open(database); };
  request.scenario_files = std::move(scenario_files);
  request.runs = options.runs;
  request.seed = options.seed;
  request.threads = options.threads;
  request.mpi = options.mpi;
  if (progress_wanted(options)) request.progress = [&bar](const SweepProgress& progress) { bar.update(progress); };
  return request;
}

// Writes --out, then prints the JSON when --format json.
int emit_json(const SweepOptions& options, const boost::json::value& json, CommandContext& context) {
  const std::string text = to_pretty_json(json);
  if (!options.out_path.empty()) {
    std::ofstream file(options.out_path, std::ios::binary);
    file << text;
    if (!file.flush()) return context.fail(Status(ErrorCode::kIo, "cannot write '" + options.out_path + "'"));
  }
  if (options.format == "json") context.out() << text;
  return kExitSuccess;
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

void print_summary(const sim::CrisisModel& model, const sim::Summary& summary, const SweepOptions& options,
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
                      const std::string& a_path, const std::string& b_path, const SweepOptions& options,
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

// simulate

struct SimulateOptions {
  std::string scenario;
  SweepOptions run;
  std::string csv_path;
};

void add_simulate_options(CLI::App& command, SimulateOptions& options) {
  command.add_option("scenario", options.scenario, "Scenario file (TOML), e.g. scenarios/baltic-armed-attack.toml")
      ->required();
  add_run_options(command, options.run);
  command.add_option("--csv", options.csv_path, "Write one CSV row per replication to this file");
  command.footer(
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
}

int run_simulate(const SimulateOptions& options, CommandContext& context) {
  ProgressBar bar(context.err(), options.run.mpi);
  SweepRequest request = sweep_request(options.run, {options.scenario}, context, bar);
  request.replications_csv = options.csv_path;
  const SweepOutcome outcome = run_sweep(request);
  if (!outcome.status) return outcome.lead ? context.fail(outcome.status) : kExitFailure;
  if (!outcome.lead) return kExitSuccess;
  if (const int exit_code = emit_json(options.run, outcome.json, context); exit_code != kExitSuccess) return exit_code;
  if (options.run.format == "table") print_summary(*outcome.models[0], *outcome.summary, options.run, context.out());
  return kExitSuccess;
}

// compare

struct CompareOptions {
  std::string baseline;
  std::string alternative;
  SweepOptions run;
};

void add_compare_options(CLI::App& command, CompareOptions& options) {
  command.add_option("baseline", options.baseline, "Scenario A (TOML)")->required();
  command.add_option("alternative", options.alternative, "Scenario B (TOML), same horizon as A")->required();
  add_run_options(command, options.run);
}

int run_compare(const CompareOptions& options, CommandContext& context) {
  ProgressBar bar(context.err(), options.run.mpi);
  const SweepOutcome outcome =
      run_sweep(sweep_request(options.run, {options.baseline, options.alternative}, context, bar));
  if (!outcome.status) return outcome.lead ? context.fail(outcome.status) : kExitFailure;
  if (!outcome.lead) return kExitSuccess;
  if (const int exit_code = emit_json(options.run, outcome.json, context); exit_code != kExitSuccess) return exit_code;
  if (options.run.format == "table") {
    print_comparison(*outcome.models[0], *outcome.models[1], *outcome.comparison, options.baseline, options.alternative,
                     options.run, context.out());
  }
  return kExitSuccess;
}

}  // namespace

std::vector<Command> simulation_commands() {
  return {
      command("simulate",
              "Run a crisis scenario through warning, Article 4, the Council's decision, Article 5, force generation "
              "and deployment, many times, and summarise the outcomes",
              add_simulate_options, run_simulate),
      command("compare",
              "Run two scenarios (a baseline A and an alternative B) on the same random numbers and report the "
              "difference B - A of each outcome with its 95% confidence interval",
              add_compare_options, run_compare),
  };
}

}  // namespace entente::cli
