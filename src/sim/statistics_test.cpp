// Tally: mean and standard deviation against a direct computation, quantiles within one
// bin of the exact order statistics (linear and logarithmic bins), merges of any split
// bit-identical to one tally (directly and through write/merge_written), missing values.

#include "sim/statistics.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "sim/random.hpp"

namespace entente::sim {
namespace {

std::vector<std::uint64_t> written(const Tally& tally) {
  std::vector<std::uint64_t> out;
  tally.write(out);
  return out;
}

// Values uniform on [0, 100), from a fixed stream.
std::vector<double> uniform_values(std::size_t count, std::uint64_t seed) {
  Stream stream(seed, 0, Subsystem::kWarning);
  std::vector<double> values(count);
  for (double& value : values) value = 100 * (1 - stream.uniform());
  return values;
}

// Whole troop counts spread evenly in log(1 + x) over [0, 1e6], as forces are.
std::vector<double> log_uniform_counts(std::size_t count, std::uint64_t seed) {
  Stream stream(seed, 0, Subsystem::kDeployment);
  std::vector<double> values(count);
  for (double& value : values) value = std::round(std::expm1(stream.uniform() * std::log1p(1e6)));
  return values;
}

// The exact p-quantile of a sample: the smallest value with at least p of the sample at
// or below it.
double exact_quantile(std::vector<double> values, double probability) {
  std::sort(values.begin(), values.end());
  const auto rank = static_cast<std::size_t>(std::ceil(probability * static_cast<double>(values.size())));
  return values[std::max<std::size_t>(rank, 1) - 1];
}

constexpr double kProbabilities[] = {0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 1.0};

TEST(Tally, WholeValuesGiveExactMeanAndSd) {
  Tally tally(1, 0, 100, 100);
  for (int value = 1; value <= 100; ++value) tally.add(value);
  EXPECT_EQ(tally.count(), 100U);
  EXPECT_EQ(tally.mean(), 50.5);
  // Sample variance of 1..n is n (n + 1) / 12.
  EXPECT_DOUBLE_EQ(tally.stddev(), std::sqrt(100.0 * 101.0 / 12.0));
  EXPECT_EQ(tally.min(), 1);
  EXPECT_EQ(tally.max(), 100);
}

TEST(Tally, MeanAndSdMatchADirectComputation) {
  const std::vector<double> values = uniform_values(20000, 3);
  Tally tally(1e-6, 0, 100, 1000);
  for (const double value : values) tally.add(value);
  const double n = static_cast<double>(values.size());
  const double mean = std::accumulate(values.begin(), values.end(), 0.0) / n;
  double squares = 0;
  for (const double value : values) squares += (value - mean) * (value - mean);
  const double sd = std::sqrt(squares / (n - 1));
  // Each value is counted to the nearest micro-unit, so the mean is off by at most half one.
  EXPECT_NEAR(tally.mean(), mean, 0.5e-6 + 1e-12);
  EXPECT_NEAR(tally.stddev(), sd, 1e-6);
  EXPECT_NEAR(tally.min(), *std::min_element(values.begin(), values.end()), 0.5e-6 + 1e-12);
  EXPECT_NEAR(tally.max(), *std::max_element(values.begin(), values.end()), 0.5e-6 + 1e-12);
  EXPECT_NEAR(tally.mean(), 50, 1);  // and the stream is uniform
  EXPECT_NEAR(tally.stddev(), 100 / std::sqrt(12.0), 1);
}

TEST(Tally, NegativeValuesCountToo) {
  Tally tally(1e-6, -10, 10, 20);
  for (const double value : {-3.5, -1.25, 0.0, 2.75}) tally.add(value);
  EXPECT_DOUBLE_EQ(tally.mean(), -0.5);
  EXPECT_DOUBLE_EQ(tally.min(), -3.5);
  EXPECT_DOUBLE_EQ(tally.max(), 2.75);
}

TEST(Tally, QuantilesOfLinearBinsAreWithinOneBinOfExact) {
  const std::vector<double> values = uniform_values(50000, 5);
  Tally tally(1e-6, 0, 100, 1000);
  for (const double value : values) tally.add(value);
  ASSERT_DOUBLE_EQ(tally.bin_width(), 0.1);
  for (const double p : kProbabilities) {
    SCOPED_TRACE(p);
    EXPECT_NEAR(tally.quantile(p), exact_quantile(values, p), tally.bin_width());
  }
}

TEST(Tally, QuantilesOfLogarithmicBinsAreWithinOneBinOfExact) {
  std::vector<double> values = log_uniform_counts(50000, 7);
  values.insert(values.end(), 500, 0.0);  // no troops at all in some runs
  Tally tally(1, 0, 1e6, 500, true);
  for (const double value : values) tally.add(value);
  EXPECT_TRUE(tally.logarithmic());
  const double bin = std::log1p(1e6) / 500;  // one bin, in log(1 + x)
  for (const double p : kProbabilities) {
    SCOPED_TRACE(p);
    const double estimate = tally.quantile(p);
    const double exact = exact_quantile(values, p);
    EXPECT_NEAR(std::log1p(estimate), std::log1p(exact), bin) << estimate << " vs " << exact;
  }
  // Below 1% every run sent nothing: the quantile is read within the first bin, [0, 0.028).
  EXPECT_LT(tally.quantile(0.005), std::expm1(bin));
}

// Values outside the histogram's range count in its end bins; quantiles read there are
// approximate but never outside the smallest and largest values seen.
TEST(Tally, QuantilesStayWithinTheValuesSeen) {
  Tally tally(1, 0, 10, 10);
  for (const double value : {-5.0, 3.0, 15.0}) tally.add(value);
  EXPECT_EQ(tally.bins().front(), 1U);  // outside the range: in the end bins
  EXPECT_EQ(tally.bins().back(), 1U);
  for (const double p : kProbabilities) {
    EXPECT_GE(tally.quantile(p), tally.min());
    EXPECT_LE(tally.quantile(p), tally.max());
  }
}

TEST(Tally, MissingValuesAreCountedApart) {
  Tally tally(1e-6, 0, 10, 100);
  EXPECT_EQ(tally.observed_share(), 0);
  EXPECT_TRUE(std::isnan(tally.mean()));
  EXPECT_TRUE(std::isnan(tally.quantile(0.5)));
  EXPECT_TRUE(std::isnan(tally.min()));
  EXPECT_TRUE(std::isnan(tally.max()));
  EXPECT_EQ(tally.stddev(), 0);
  for (int i = 0; i < 3; ++i) tally.add_missing();
  EXPECT_EQ(tally.count(), 0U);
  EXPECT_EQ(tally.missing(), 3U);
  EXPECT_EQ(tally.observed_share(), 0);
  EXPECT_TRUE(std::isnan(tally.mean()));
  tally.add(2);
  EXPECT_EQ(tally.stddev(), 0);  // one value
  tally.add(4);
  EXPECT_EQ(tally.count(), 2U);
  EXPECT_EQ(tally.missing(), 3U);
  EXPECT_DOUBLE_EQ(tally.observed_share(), 0.4);
  EXPECT_DOUBLE_EQ(tally.mean(), 3);  // the missing ones are not zeros
  EXPECT_DOUBLE_EQ(tally.stddev(), std::sqrt(2.0));

  Tally other(1e-6, 0, 10, 100);
  other.add_missing();
  other.add(6);
  tally.merge(other);
  EXPECT_EQ(tally.count(), 3U);
  EXPECT_EQ(tally.missing(), 4U);
  EXPECT_DOUBLE_EQ(tally.mean(), 4);

  Tally no_bins(1, 0, 1, 0);
  no_bins.add(1);
  EXPECT_EQ(no_bins.bin_width(), 0);
  EXPECT_TRUE(std::isnan(no_bins.quantile(0.5)));
  EXPECT_EQ(no_bins.mean(), 1);
}

// Splits of one sequence of values: every value alone, halves, round robin, uneven
// runs; each part merged in forward or reverse order, directly or through write.
TEST(Tally, MergeOfAnySplitIsBitIdenticalToOneTally) {
  std::vector<double> values = uniform_values(1200, 9);
  for (std::size_t i = 0; i < values.size(); i += 7) values[i] = -values[i];  // some below the range
  const auto make = [] { return Tally(1e-6, 0, 100, 1000); };
  Tally single = make();
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i % 11 == 0) {
      single.add_missing();
    } else {
      single.add(values[i]);
    }
  }
  const std::vector<std::uint64_t> expected = written(single);

  const auto part_of = [&](std::size_t parts, auto assign) {
    std::vector<Tally> tallies(parts, make());
    for (std::size_t i = 0; i < values.size(); ++i) {
      Tally& tally = tallies[assign(i)];
      if (i % 11 == 0) {
        tally.add_missing();
      } else {
        tally.add(values[i]);
      }
    }
    return tallies;
  };
  const std::size_t n = values.size();
  const std::vector<std::pair<const char*, std::vector<Tally>>> splits = {
      {"halves", part_of(2, [&](std::size_t i) { return i < n / 2 ? 0 : 1; })},
      {"round robin of 7", part_of(7, [](std::size_t i) { return i % 7; })},
      {"uneven runs", part_of(4, [](std::size_t i) { return i < 5     ? 0
                                                            : i < 600 ? 1
                                                            : i < 601 ? 2
                                                                      : 3; })},
      {"every value alone", part_of(n, [](std::size_t i) { return i; })},
      {"one part and an empty one", part_of(2, [](std::size_t) { return 0; })},
  };
  for (const auto& [name, parts] : splits) {
    SCOPED_TRACE(name);
    Tally forward = make();
    for (const Tally& part : parts) forward.merge(part);
    EXPECT_EQ(written(forward), expected);
    Tally backward = make();
    for (auto it = parts.rbegin(); it != parts.rend(); ++it) backward.merge(*it);
    EXPECT_EQ(written(backward), expected);
    Tally through_write = make();
    for (const Tally& part : parts) {
      const std::vector<std::uint64_t> flat = written(part);
      std::size_t position = 0;
      through_write.merge_written(flat, position);
      EXPECT_EQ(position, flat.size());
    }
    EXPECT_EQ(written(through_write), expected);
    EXPECT_EQ(through_write.mean(), single.mean());
    EXPECT_EQ(through_write.stddev(), single.stddev());
    EXPECT_EQ(through_write.quantile(0.5), single.quantile(0.5));
  }
}

TEST(Tally, WrittenTalliesFollowOneAnother) {
  Tally first(1, 0, 10, 5);
  Tally second(1e-6, -1, 1, 3);
  first.add(4);
  second.add(-0.5);
  second.add_missing();
  std::vector<std::uint64_t> flat;
  first.write(flat);
  second.write(flat);
  Tally first_copy(1, 0, 10, 5);
  Tally second_copy(1e-6, -1, 1, 3);
  std::size_t position = 0;
  first_copy.merge_written(flat, position);
  second_copy.merge_written(flat, position);
  EXPECT_EQ(position, flat.size());
  EXPECT_EQ(written(first_copy), written(first));
  EXPECT_EQ(written(second_copy), written(second));
  EXPECT_EQ(second_copy.missing(), 1U);
  EXPECT_DOUBLE_EQ(second_copy.mean(), -0.5);
}

}  // namespace
}  // namespace entente::sim
