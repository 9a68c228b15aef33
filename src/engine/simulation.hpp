#pragma once

#include <boost/json/value.hpp>
#include <string>

#include "sim/model.hpp"
#include "sim/monte_carlo.hpp"

namespace entente {

// How a run was made; rendered with its results. Nothing here depends on the number of
// threads or ranks, so that the rendered results of a run are identical however it ran.
struct RunInfo {
  std::uint64_t runs = 0;
  std::uint64_t seed = 0;
};

// The results of a simulation run as the API, `--out` and the UI read them: the
// scenario with its defaults, what the model found in the data (Article 6, the Council,
// the contributors), the outcome distributions and forces over time.
boost::json::value simulation_json(const sim::CrisisModel& model, const sim::Summary& summary, const RunInfo& run,
                                   const Registry& registry);
// The results of a comparison: both runs, and the differences B - A with 95% intervals.
boost::json::value comparison_json(const sim::CrisisModel& a, const sim::CrisisModel& b,
                                   const sim::Comparison& comparison, const RunInfo& run, const Registry& registry);

// A difference of means with its 95% confidence interval (normal approximation; the
// replications are independent and many).
struct Interval95 {
  double mean = 0;
  double low = 0;
  double high = 0;
};
Interval95 interval95(const sim::Tally& differences);

// The mean of a time with the replications that never reached it counted at the horizon
// (as differences count them).
double capped_mean(const sim::Tally& times, double horizon);

// The contributors' indexes, largest mean contribution first (stable for ties).
std::vector<std::size_t> contribution_order(const sim::Summary& summary);

}  // namespace entente
