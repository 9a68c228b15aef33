// The Monte Carlo driver: results are bit-identical on any number of threads and for any
// split among MPI ranks (merged through write/merge_written), a comparison of a scenario
// with itself differs by exactly nothing, cancellation, and the per-replication CSV.

#include "sim/monte_carlo.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <sstream>

#include "rules/reference_data_test.hpp"

namespace entente::sim {
namespace {

// A Baltic crisis with every draw random, hesitant allies (so that some runs need more
// rounds or never decide) and a partner's offer.
constexpr const char* kScenario = R"(
[scenario]
name = "Monte Carlo"
start = "2026-06-01"
horizon_days = 60

[crisis]
lat = 59.359
lon = 27.413
adversary = "RUS"
intensity = 0.6
attack_day = 10

[adversary]
initial_troops = 20000
troops_per_day = 2000
max_troops = 80000

[decision]
max_rounds = 3

[positions]
affinity = { HUN = 1, SVK = 0.8, TUR = 0.5 }

[forces]
forward_troops = 2000

[[partners.contribution]]
nation = "AUS"
troops = 800
tier = 1

[outcome]
deterrence_day = 20
)";

constexpr std::uint64_t kRuns = 2000;  // eight blocks, the last one short

template <typename Accumulator>
std::vector<std::uint64_t> written(const Accumulator& accumulator) {
  std::vector<std::uint64_t> out;
  accumulator.write(out);
  return out;
}

class MonteCarloTest : public ReferenceDataTest {
 protected:
  static Scenario scenario() {
    Result<Scenario> parsed = parse_scenario_toml(kScenario, "monte-carlo");
    EXPECT_TRUE(parsed.is_ok()) << parsed.status().to_string();
    return *parsed;
  }

  static std::unique_ptr<CrisisModel> build(Scenario s) {
    Result<std::unique_ptr<CrisisModel>> model = CrisisModel::build(*registry_, *area_, std::move(s));
    EXPECT_TRUE(model.is_ok()) << model.status().to_string();
    return model ? std::move(model).value() : nullptr;
  }

  static RunOptions options(unsigned threads, std::uint64_t runs = kRuns) {
    RunOptions run;
    run.runs = runs;
    run.seed = 2026;
    run.threads = threads;
    return run;
  }
};

TEST_F(MonteCarloTest, SummariesAreBitIdenticalOnAnyNumberOfThreads) {
  const auto model = build(scenario());
  ASSERT_NE(model, nullptr);
  const Result<Summary> one = simulate(*model, options(1));
  ASSERT_TRUE(one.is_ok()) << one.status().to_string();
  EXPECT_EQ(one->runs, kRuns);
  // The scenario exercises the paths worth comparing.
  EXPECT_GT(one->decided.missing(), 0U);
  EXPECT_GT(one->decided.count(), 0U);
  EXPECT_GT(one->rounds.max(), 1);
  EXPECT_GT(one->article5, 0U);
  EXPECT_GT(one->warned_before_attack, 0U);
  EXPECT_LT(one->warned_before_attack, kRuns);
  ASSERT_EQ(one->contributed.size(), model->contributors().size());
  EXPECT_GT(one->contributed.back().mean(), 0);  // Australia's offer arrives in some runs
  for (const unsigned threads : {2U, 3U}) {
    SCOPED_TRACE(threads);
    const Result<Summary> many = simulate(*model, options(threads));
    ASSERT_TRUE(many.is_ok()) << many.status().to_string();
    EXPECT_EQ(written(*many), written(*one));
  }
}

// Each rank runs the blocks b with b % ranks == rank; rank 0 merges what the others write.
TEST_F(MonteCarloTest, RanksMergedThroughWriteEqualOneProcess) {
  const auto model = build(scenario());
  ASSERT_NE(model, nullptr);
  const Result<Summary> whole = simulate(*model, options(2));
  ASSERT_TRUE(whole.is_ok());
  for (const int ranks : {2, 3}) {
    SCOPED_TRACE(ranks);
    std::vector<Summary> parts;
    std::uint64_t runs = 0;
    for (int rank = 0; rank < ranks; ++rank) {
      RunOptions run = options(rank % 2 == 0 ? 1 : 2);
      run.rank = rank;
      run.ranks = ranks;
      Result<Summary> part = simulate(*model, run);
      ASSERT_TRUE(part.is_ok()) << part.status().to_string();
      runs += part->runs;
      parts.push_back(std::move(part).value());
    }
    EXPECT_EQ(runs, kRuns);
    EXPECT_LT(parts[0].runs, kRuns);
    Summary merged = parts[0];
    for (std::size_t rank = 1; rank < parts.size(); ++rank) merged.merge_written(written(parts[rank]));
    EXPECT_EQ(written(merged), written(*whole));
  }
}

TEST_F(MonteCarloTest, ComparingAScenarioWithItselfDiffersByNothing) {
  const auto model = build(scenario());
  const auto twin = build(scenario());
  ASSERT_NE(model, nullptr);
  ASSERT_NE(twin, nullptr);
  const Result<Comparison> comparison = compare(*model, *twin, options(2, 1000));
  ASSERT_TRUE(comparison.is_ok()) << comparison.status().to_string();
  for (const Tally* difference : {&comparison->decided, &comparison->first_forces, &comparison->deterred,
                                  &comparison->forces_on_day, &comparison->deterred_by_day}) {
    EXPECT_EQ(difference->count(), 1000U);
    EXPECT_EQ(difference->missing(), 0U);
    EXPECT_EQ(difference->mean(), 0);
    EXPECT_EQ(difference->stddev(), 0);
    EXPECT_EQ(difference->min(), 0);
    EXPECT_EQ(difference->max(), 0);
  }
  EXPECT_EQ(written(comparison->a), written(comparison->b));
  // Each side is the summary simulate() gives.
  const Result<Summary> alone = simulate(*model, options(1, 1000));
  ASSERT_TRUE(alone.is_ok());
  EXPECT_EQ(written(comparison->a), written(*alone));

  // A comparison too is the same on any number of threads and through write.
  const Result<Comparison> single = compare(*model, *twin, options(1, 1000));
  ASSERT_TRUE(single.is_ok());
  EXPECT_EQ(written(*single), written(*comparison));
  Comparison merged = Comparison::for_models(*model, *twin);
  merged.merge_written(written(*single));
  EXPECT_EQ(written(merged), written(*single));
}

// Common random numbers: a policy change that acts after detection leaves detection as
// it was in every replication, and can only bring forces earlier.
TEST_F(MonteCarloTest, ComparisonsShareTheRandomNumbers) {
  Scenario authorised = scenario();
  authorised.pre_authorised = true;
  const auto a = build(scenario());
  const auto b = build(authorised);
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  const Result<Comparison> comparison = compare(*a, *b, options(2, 1000));
  ASSERT_TRUE(comparison.is_ok());
  EXPECT_EQ(written(comparison->a.detected), written(comparison->b.detected));
  EXPECT_EQ(written(comparison->a.decided), written(comparison->b.decided));
  EXPECT_LE(comparison->first_forces.max(), 0);
  EXPECT_LT(comparison->first_forces.mean(), 0);
}

TEST_F(MonteCarloTest, BadOptionsAndCancellationFail) {
  const auto model = build(scenario());
  ASSERT_NE(model, nullptr);
  RunOptions none = options(1, 0);
  EXPECT_EQ(simulate(*model, none).status().code(), ErrorCode::kInvalidArgument);
  RunOptions bad_rank = options(1);
  bad_rank.rank = 2;
  bad_rank.ranks = 2;
  EXPECT_EQ(simulate(*model, bad_rank).status().code(), ErrorCode::kInvalidArgument);
  std::ostringstream csv;
  RunOptions csv_on_ranks = options(1);
  csv_on_ranks.ranks = 2;
  csv_on_ranks.replications_csv = &csv;
  EXPECT_EQ(simulate(*model, csv_on_ranks).status().code(), ErrorCode::kInvalidArgument);

  Scenario longer = scenario();
  longer.horizon_days = 90;
  const auto other = build(longer);
  ASSERT_NE(other, nullptr);
  EXPECT_EQ(compare(*model, *other, options(1)).status().code(), ErrorCode::kInvalidArgument);

  const std::atomic<bool> cancel{true};
  RunOptions cancelled = options(2);
  cancelled.cancel = &cancel;
  const Result<Summary> stopped = simulate(*model, cancelled);
  ASSERT_FALSE(stopped.is_ok());
  EXPECT_EQ(stopped.status().code(), ErrorCode::kCancelled);
  EXPECT_EQ(compare(*model, *model, cancelled).status().code(), ErrorCode::kCancelled);
}

TEST_F(MonteCarloTest, ProgressEndsAtTheTotal) {
  const auto model = build(scenario());
  ASSERT_NE(model, nullptr);
  std::uint64_t last_done = 0;
  std::uint64_t last_total = 0;
  RunOptions run = options(2, 600);
  run.progress = [&](std::uint64_t done, std::uint64_t total) {
    EXPECT_LE(done, total);
    EXPECT_GE(done, last_done);
    last_done = done;
    last_total = total;
  };
  ASSERT_TRUE(simulate(*model, run).is_ok());
  EXPECT_EQ(last_done, 600U);
  EXPECT_EQ(last_total, 600U);
}

// One row per replication, in replication order, whatever the threads.
TEST_F(MonteCarloTest, ReplicationCsvIsInOrderAndTheSameOnAnyThreads) {
  const auto model = build(scenario());
  ASSERT_NE(model, nullptr);
  constexpr std::uint64_t kCsvRuns = 600;  // three blocks, the last one short
  std::ostringstream one;
  RunOptions run = options(1, kCsvRuns);
  run.replications_csv = &one;
  ASSERT_TRUE(simulate(*model, run).is_ok());
  std::ostringstream two;
  run = options(2, kCsvRuns);
  run.replications_csv = &two;
  ASSERT_TRUE(simulate(*model, run).is_ok());
  EXPECT_EQ(one.str(), two.str());

  std::istringstream lines(one.str());
  std::string line;
  ASSERT_TRUE(std::getline(lines, line));
  EXPECT_EQ(line + "\n", replication_csv_header());
  const std::size_t columns = static_cast<std::size_t>(std::count(line.begin(), line.end(), ',')) + 1;
  std::uint64_t expected = 0;
  while (std::getline(lines, line)) {
    EXPECT_EQ(line.substr(0, line.find(',')), std::to_string(expected)) << line;
    EXPECT_EQ(static_cast<std::size_t>(std::count(line.begin(), line.end(), ',')) + 1, columns) << line;
    ++expected;
  }
  EXPECT_EQ(expected, kCsvRuns);
}

}  // namespace
}  // namespace entente::sim
