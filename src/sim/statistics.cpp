#include "sim/statistics.hpp"

#include <algorithm>
#include <cmath>

namespace entente::sim {

Tally::Tally(double resolution, double low, double high, std::size_t bins, bool logarithmic)
    : resolution_(resolution),
      low_(logarithmic ? 0 : low),
      high_(high > low ? high : low + 1),
      logarithmic_(logarithmic),
      bins_(bins, 0) {}

void Tally::add(double value) {
  const std::int64_t units = std::llround(value / resolution_);
  ++count_;
  min_ = std::min(min_, units);
  max_ = std::max(max_, units);
  sum_ += units;
  sum_squares_ += static_cast<Int128>(units) * units;
  if (!bins_.empty()) {
    const double position =
        (logarithmic_ ? std::log1p(std::max(value, 0.0)) / std::log1p(high_) : (value - low_) / (high_ - low_)) *
        static_cast<double>(bins_.size());
    const auto bin = static_cast<std::int64_t>(std::floor(position));
    ++bins_[static_cast<std::size_t>(std::clamp<std::int64_t>(bin, 0, static_cast<std::int64_t>(bins_.size()) - 1))];
  }
}

void Tally::merge(const Tally& other) {
  count_ += other.count_;
  missing_ += other.missing_;
  min_ = std::min(min_, other.min_);
  max_ = std::max(max_, other.max_);
  sum_ += other.sum_;
  sum_squares_ += other.sum_squares_;
  for (std::size_t i = 0; i < bins_.size() && i < other.bins_.size(); ++i) bins_[i] += other.bins_[i];
}

double Tally::observed_share() const {
  const std::uint64_t total = count_ + missing_;
  return total == 0 ? 0 : static_cast<double>(count_) / static_cast<double>(total);
}

double Tally::mean() const {
  if (count_ == 0) return std::nan("");
  return static_cast<double>(static_cast<long double>(sum_) / count_) * resolution_;
}

double Tally::stddev() const {
  if (count_ < 2) return 0;
  // n * sum(x^2) - sum(x)^2, exact in 128 bits, then divided by n (n - 1).
  const Int128 n = count_;
  const long double numerator = static_cast<long double>(n * sum_squares_ - sum_ * sum_);
  const long double variance = numerator / (static_cast<long double>(count_) * static_cast<long double>(count_ - 1));
  return static_cast<double>(std::sqrt(std::max<long double>(variance, 0))) * resolution_;
}

double Tally::min() const { return count_ == 0 ? std::nan("") : static_cast<double>(min_) * resolution_; }
double Tally::max() const { return count_ == 0 ? std::nan("") : static_cast<double>(max_) * resolution_; }

double Tally::bin_width() const { return bins_.empty() ? 0 : (high_ - low_) / static_cast<double>(bins_.size()); }

double Tally::quantile(double probability) const {
  if (count_ == 0 || bins_.empty()) return std::nan("");
  const double target = probability * static_cast<double>(count_);
  double before = 0;
  for (std::size_t bin = 0; bin < bins_.size(); ++bin) {
    const auto in_bin = static_cast<double>(bins_[bin]);
    if (in_bin > 0 && before + in_bin >= target) {
      const double position =
          (static_cast<double>(bin) + (target - before) / in_bin) / static_cast<double>(bins_.size());
      const double value = logarithmic_ ? std::expm1(position * std::log1p(high_)) : low_ + (high_ - low_) * position;
      return std::clamp(value, min(), max());
    }
    before += in_bin;
  }
  return max();
}

void Tally::write(std::vector<std::uint64_t>& out) const {
  out.push_back(count_);
  out.push_back(missing_);
  out.push_back(static_cast<std::uint64_t>(min_));
  out.push_back(static_cast<std::uint64_t>(max_));
  for (const Int128 value : {sum_, sum_squares_}) {
    const auto bits = static_cast<UInt128>(value);
    out.push_back(static_cast<std::uint64_t>(bits));
    out.push_back(static_cast<std::uint64_t>(bits >> 64U));
  }
  out.insert(out.end(), bins_.begin(), bins_.end());
}

void Tally::merge_written(std::span<const std::uint64_t> in, std::size_t& position) {
  Tally other = *this;
  other.count_ = in[position++];
  other.missing_ = in[position++];
  other.min_ = static_cast<std::int64_t>(in[position++]);
  other.max_ = static_cast<std::int64_t>(in[position++]);
  for (Int128* value : {&other.sum_, &other.sum_squares_}) {
    const UInt128 low = in[position++];
    const UInt128 high = in[position++];
    *value = static_cast<Int128>(low | (high << 64U));
  }
  for (std::uint64_t& bin : other.bins_) bin = in[position++];
  merge(other);
}

}  // namespace entente::sim
