#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace entente::sim {

// NOLINTBEGIN(modernize-use-using): __extension__ silences -Wpedantic on 128-bit integers
__extension__ typedef __int128 Int128;
__extension__ typedef unsigned __int128 UInt128;
// NOLINTEND(modernize-use-using)

// Streaming statistics of one quantity that are exact, hence independent of the order in
// which values and partial tallies are combined: values are counted in whole multiples
// of a resolution (1e-6 day for times, one troop for forces), their sum and sum of
// squares kept in 128-bit integers, and their distribution in a fixed histogram. Merging
// the tallies of any split of the replications (threads, MPI ranks) gives bit-identical
// results. Quantiles are read from the histogram, interpolated within a bin.
class Tally {
 public:
  Tally() = default;
  // A histogram of `bins` bins over [low, high); values outside fall in the end bins.
  // `bins` may be 0 (no quantiles). With `logarithmic`, the bins are equal in
  // log(1 + value) (for counts spanning orders of magnitude; `low` must be 0).
  Tally(double resolution, double low, double high, std::size_t bins, bool logarithmic = false);

  void add(double value);
  // The quantity was not observed in a replication (the event did not happen).
  void add_missing() { ++missing_; }
  void merge(const Tally& other);

  std::uint64_t count() const { return count_; }
  std::uint64_t missing() const { return missing_; }
  // Share of replications in which the quantity was observed.
  double observed_share() const;
  double mean() const;
  double stddev() const;  // sample standard deviation; 0 below two values
  double min() const;
  double max() const;
  double quantile(double probability) const;

  double low() const { return low_; }
  double high() const { return high_; }
  double bin_width() const;  // linear bins only
  bool logarithmic() const { return logarithmic_; }
  const std::vector<std::uint64_t>& bins() const { return bins_; }

  // A flat form for MPI: the same model gives the same layout on every rank.
  void write(std::vector<std::uint64_t>& out) const;
  // Merges a tally written by `write` starting at `position`; advances it.
  void merge_written(std::span<const std::uint64_t> in, std::size_t& position);

 private:
  double resolution_ = 1;
  double low_ = 0;
  double high_ = 1;
  bool logarithmic_ = false;
  std::uint64_t count_ = 0;
  std::uint64_t missing_ = 0;
  std::int64_t min_ = INT64_MAX;
  std::int64_t max_ = INT64_MIN;
  Int128 sum_ = 0;
  Int128 sum_squares_ = 0;
  std::vector<std::uint64_t> bins_;
};

}  // namespace entente::sim
