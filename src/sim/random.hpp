#pragma once

#include <Random123/philox.h>
#include <Random123/boxmuller.hpp>
#include <Random123/uniform.hpp>

#include <cmath>
#include <cstdint>

namespace entente::sim {

// The parts of the model that draw random numbers. Each has its own streams, so a
// change of policy in one part (say, the silence procedure) leaves every other part's
// draws as they were: the common random numbers of a policy comparison.
enum class Subsystem : std::uint32_t {
  kWarning = 1,
  kConsultation = 2,
  kDecision = 3,
  kPositions = 4,
  kArticle5 = 5,
  kReadiness = 6,
  kDeployment = 7,
  kParticipation = 8,
};

// A counter-based random stream (Random123's Philox4x32-10): the numbers are a pure
// function of (seed, replication, subsystem, index, draw), so a replication gives the
// same draws on any thread, in any order, on any MPI rank. `index` tells apart the
// streams of one subsystem (a nation, a round).
class Stream {
 public:
  Stream(std::uint64_t seed, std::uint64_t replication, Subsystem subsystem, std::uint32_t index = 0)
      : key_{{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32U)}},
        counter_{{0, (static_cast<std::uint32_t>(subsystem) << 24U) ^ index, static_cast<std::uint32_t>(replication),
                  static_cast<std::uint32_t>(replication >> 32U)}} {}

  // Uniform on (0, 1], 53 bits; never 0, so logarithms are safe.
  double uniform() { return r123::u01<double>(next64()); }
  // Exponential with the given mean.
  double exponential(double mean) { return -mean * std::log(uniform()); }
  // Standard normal (Box-Muller on one 128-bit block; the second value is dropped so
  // that every draw uses exactly one counter).
  double normal() {
    const Philox::ctr_type block = generator_(next_counter(), key_);
    const std::uint64_t u0 = (std::uint64_t{block[1]} << 32U) | block[0];
    const std::uint64_t u1 = (std::uint64_t{block[3]} << 32U) | block[2];
    return r123::boxmuller(u0, u1).x;
  }
  bool bernoulli(double probability) { return uniform() <= probability; }

 private:
  using Philox = r123::Philox4x32;

  Philox::ctr_type next_counter() {
    Philox::ctr_type counter = counter_;
    ++counter_[0];
    return counter;
  }
  std::uint64_t next64() {
    const Philox::ctr_type block = generator_(next_counter(), key_);
    return (std::uint64_t{block[1]} << 32U) | block[0];
  }

  Philox generator_;
  Philox::key_type key_;
  Philox::ctr_type counter_;
};

}  // namespace entente::sim
