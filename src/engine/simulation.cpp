#include "engine/simulation.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>

#include "engine/render_json.hpp"

namespace entente {

namespace json = boost::json;

namespace {

// NaN is not JSON: a statistic of nothing observed is null.
json::value number(double value) {
  if (std::isnan(value)) return nullptr;
  return value;
}

json::object tally_json(const sim::Tally& tally, bool with_histogram) {
  json::object out{{"observed", tally.count()},
                   {"missing", tally.missing()},
                   {"share", tally.observed_share()},
                   {"mean", number(tally.mean())},
                   {"sd", tally.count() > 0 ? number(tally.stddev()) : nullptr},
                   {"min", number(tally.min())},
                   {"p5", number(tally.quantile(0.05))},
                   {"p50", number(tally.quantile(0.5))},
                   {"p95", number(tally.quantile(0.95))},
                   {"max", number(tally.max())}};
  if (with_histogram && !tally.bins().empty()) {
    // Trailing empty bins are left out.
    const auto& bins = tally.bins();
    std::size_t used = bins.size();
    while (used > 0 && bins[used - 1] == 0) --used;
    json::array counts(bins.begin(), bins.begin() + static_cast<std::ptrdiff_t>(used));
    out["histogram"] = json::object{{"low", tally.low()}, {"width", tally.bin_width()}, {"counts", std::move(counts)}};
  }
  return out;
}

// A difference B - A with the two sides' own means (times capped at the horizon).
json::object interval_json(const sim::Tally& differences, double a_mean, double b_mean) {
  const Interval95 interval = interval95(differences);
  return {{"a", number(a_mean)},
          {"b", number(b_mean)},
          {"mean", interval.mean},
          {"low", interval.low},
          {"high", interval.high},
          {"sd", differences.stddev()},
          {"p5", number(differences.quantile(0.05))},
          {"p95", number(differences.quantile(0.95))}};
}

json::object model_json(const sim::CrisisModel& model, const Registry& registry) {
  const sim::ModelFacts& facts = model.facts();
  json::array contributors;
  for (const sim::Contributor& c : model.contributors()) {
    contributors.push_back({{"nation", c.nation->iso3},
                            {"name", c.nation->name},
                            {"ally", c.ally},
                            {"lat", c.nation->capital_lat},
                            {"lon", c.nation->capital_lon},
                            {"distance_km", std::round(c.distance_km)},
                            {"key", c.key}});
  }
  return {{"lat", facts.lat},
          {"lon", facts.lon},
          {"place", facts.place},
          {"article6", to_json(facts.verdict, registry)},
          {"council", json::value_from(facts.members)},
          {"contributors", std::move(contributors)},
          {"notes", json::value_from(facts.notes)}};
}

json::object summary_json(const sim::CrisisModel& model, const sim::Summary& summary) {
  const double runs = std::max<double>(1, static_cast<double>(summary.runs));
  json::object outcomes{{"detected", tally_json(summary.detected, true)},
                        {"consulted", tally_json(summary.consulted, true)},
                        {"decided", tally_json(summary.decided, true)},
                        {"first_forces", tally_json(summary.first_forces, true)},
                        {"deterred", tally_json(summary.deterred, true)},
                        {"rounds", tally_json(summary.rounds, true)},
                        {"first_round_objectors", tally_json(summary.first_round_objectors, true)}};
  json::array days;
  json::array mean;
  json::array p5;
  json::array p50;
  json::array p95;
  json::array adversary;
  for (std::size_t day = 0; day < summary.forces_by_day.size(); ++day) {
    const sim::Tally& forces = summary.forces_by_day[day];
    days.push_back(day);
    mean.push_back(number(std::round(forces.mean())));
    p5.push_back(number(std::round(forces.quantile(0.05))));
    p50.push_back(number(std::round(forces.quantile(0.5))));
    p95.push_back(number(std::round(forces.quantile(0.95))));
    adversary.push_back(std::round(model.adversary_on(static_cast<double>(day))));
  }
  json::array contributions;
  for (const std::size_t i : contribution_order(summary)) {
    const sim::Tally& troops = summary.contributed[i];
    contributions.push_back({{"nation", model.contributors()[i].nation->iso3},
                             {"ally", model.contributors()[i].ally},
                             {"mean_troops", number(std::round(troops.mean()))},
                             {"sd", std::round(troops.stddev())}});
  }
  return {{"runs", summary.runs},
          {"probabilities",
           {{"warned_before_attack", static_cast<double>(summary.warned_before_attack) / runs},
            {"decided", summary.decided.observed_share()},
            {"article5", static_cast<double>(summary.article5) / runs},
            {"deterred_by_day", static_cast<double>(summary.deterred_by_day) / runs},
            {"deterrence_day", model.scenario().deterrence_day}}},
          {"outcomes", std::move(outcomes)},
          {"forces",
           {{"days", std::move(days)},
            {"mean", std::move(mean)},
            {"p5", std::move(p5)},
            {"p50", std::move(p50)},
            {"p95", std::move(p95)},
            {"adversary", std::move(adversary)}}},
          {"contributions", std::move(contributions)}};
}

}  // namespace

double capped_mean(const sim::Tally& times, double horizon) {
  const std::uint64_t total = times.count() + times.missing();
  if (total == 0) return std::nan("");
  const double reached = times.count() > 0 ? times.mean() * static_cast<double>(times.count()) : 0;
  return (reached + horizon * static_cast<double>(times.missing())) / static_cast<double>(total);
}

std::vector<std::size_t> contribution_order(const sim::Summary& summary) {
  std::vector<std::size_t> order(summary.contributed.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return summary.contributed[a].mean() > summary.contributed[b].mean();
  });
  return order;
}

Interval95 interval95(const sim::Tally& differences) {
  const double mean = differences.mean();
  const double half = differences.count() > 1 ? 1.959963984540054 * differences.stddev() /
                                                    std::sqrt(static_cast<double>(differences.count()))
                                              : 0;
  return {mean, mean - half, mean + half};
}

// One scenario's results: the scenario, what the model found, the outcomes.
json::object side_json(const sim::CrisisModel& model, const sim::Summary& summary, const Registry& registry) {
  json::object out{{"scenario", json::parse(sim::scenario_to_json(model.scenario()))},
                   {"model", model_json(model, registry)}};
  for (auto& [key, value] : summary_json(model, summary)) out[key] = std::move(value);
  return out;
}

json::value simulation_json(const sim::CrisisModel& model, const sim::Summary& summary, const RunInfo& run,
                            const Registry& registry) {
  json::object out = side_json(model, summary, registry);
  out["run"] = {{"runs", run.runs}, {"seed", run.seed}};
  return out;
}

json::value comparison_json(const sim::CrisisModel& a, const sim::CrisisModel& b, const sim::Comparison& comparison,
                            const RunInfo& run, const Registry& registry) {
  const double horizon = a.scenario().horizon_days;
  const sim::Summary& sa = comparison.a;
  const sim::Summary& sb = comparison.b;
  const auto day = static_cast<std::size_t>(a.scenario().deterrence_day);
  const double runs = std::max<double>(1, static_cast<double>(sa.runs));
  return {{"run", {{"runs", run.runs}, {"seed", run.seed}, {"common_random_numbers", true}}},
          {"a", side_json(a, sa, registry)},
          {"b", side_json(b, sb, registry)},
          {"difference",
           {{"meaning",
             "B - A per replication on the same random numbers, with each side's mean (a, b); times not reached "
             "count as the horizon"},
            {"decided_days",
             interval_json(comparison.decided, capped_mean(sa.decided, horizon), capped_mean(sb.decided, horizon))},
            {"first_forces_days", interval_json(comparison.first_forces, capped_mean(sa.first_forces, horizon),
                                                capped_mean(sb.first_forces, horizon))},
            {"deterred_days",
             interval_json(comparison.deterred, capped_mean(sa.deterred, horizon), capped_mean(sb.deterred, horizon))},
            {"forces_on_deterrence_day",
             interval_json(comparison.forces_on_day, sa.forces_by_day[day].mean(), sb.forces_by_day[day].mean())},
            {"deterred_by_day_probability",
             interval_json(comparison.deterred_by_day, static_cast<double>(sa.deterred_by_day) / runs,
                           static_cast<double>(sb.deterred_by_day) / runs)}}}};
}

}  // namespace entente
