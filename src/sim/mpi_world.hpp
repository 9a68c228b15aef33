#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "core/status.hpp"

namespace entente::sim {

// The processes of an MPI job (OpenMPI under mpirun), for sweeps across machines: each
// rank runs its share of the blocks of replications and rank 0 gathers the summaries.
class MpiWorld {
 public:
  // Initialises MPI (once per process). kUnavailable when built without MPI.
  static Result<std::unique_ptr<MpiWorld>> start();
  ~MpiWorld();  // finalises MPI
  MpiWorld(const MpiWorld&) = delete;
  MpiWorld& operator=(const MpiWorld&) = delete;

  int rank() const { return rank_; }
  int size() const { return size_; }
  // True on every rank when `ok` is true on every rank: a collective, so that one rank's
  // failure stops them all rather than leaving the others waiting.
  bool all_ok(bool ok) const;
  // True on every rank when `value` is the same on every rank (a collective).
  bool same_on_all(std::uint64_t value) const;
  // Every rank's vector, at rank 0 (in rank order); empty elsewhere. The vectors must
  // have the same length on every rank.
  std::vector<std::vector<std::uint64_t>> gather(const std::vector<std::uint64_t>& mine) const;

 private:
  MpiWorld(int rank, int size) : rank_(rank), size_(size) {}
  int rank_ = 0;
  int size_ = 1;
};

}  // namespace entente::sim
