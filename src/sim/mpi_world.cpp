#include "sim/mpi_world.hpp"

#ifdef ENTENTE_HAVE_MPI
#include <mpi.h>
#endif

namespace entente::sim {

#ifdef ENTENTE_HAVE_MPI

Result<std::unique_ptr<MpiWorld>> MpiWorld::start() {
  int initialised = 0;
  MPI_Initialized(&initialised);
  if (initialised == 0 && MPI_Init(nullptr, nullptr) != MPI_SUCCESS) {
    return Status(ErrorCode::kUnavailable, "MPI could not be initialised; run under mpirun");
  }
  int rank = 0;
  int size = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  return std::unique_ptr<MpiWorld>(new MpiWorld(rank, size));
}

MpiWorld::~MpiWorld() { MPI_Finalize(); }

bool MpiWorld::all_ok(bool ok) const {
  int mine = ok ? 1 : 0;
  int all = 0;
  MPI_Allreduce(&mine, &all, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
  return all == 1;
}

bool MpiWorld::same_on_all(std::uint64_t value) const {
  std::uint64_t low = 0;
  std::uint64_t high = 0;
  MPI_Allreduce(&value, &low, 1, MPI_UINT64_T, MPI_MIN, MPI_COMM_WORLD);
  MPI_Allreduce(&value, &high, 1, MPI_UINT64_T, MPI_MAX, MPI_COMM_WORLD);
  return low == high;
}

std::vector<std::vector<std::uint64_t>> MpiWorld::gather(const std::vector<std::uint64_t>& mine) const {
  const int count = static_cast<int>(mine.size());
  std::vector<std::uint64_t> all(rank_ == 0 ? mine.size() * static_cast<std::size_t>(size_) : 0);
  MPI_Gather(mine.data(), count, MPI_UINT64_T, all.data(), count, MPI_UINT64_T, 0, MPI_COMM_WORLD);
  std::vector<std::vector<std::uint64_t>> result;
  if (rank_ != 0) return result;
  for (int r = 0; r < size_; ++r) {
    const auto begin = all.begin() + static_cast<std::ptrdiff_t>(mine.size()) * r;
    result.emplace_back(begin, begin + count);
  }
  return result;
}

#else

Result<std::unique_ptr<MpiWorld>> MpiWorld::start() {
  return Status(ErrorCode::kUnavailable, "this entente was built without MPI (install libopenmpi-dev and rebuild)");
}
MpiWorld::~MpiWorld() = default;
bool MpiWorld::all_ok(bool ok) const { return ok; }
bool MpiWorld::same_on_all(std::uint64_t) const { return true; }
std::vector<std::vector<std::uint64_t>> MpiWorld::gather(const std::vector<std::uint64_t>& mine) const {
  return {mine};
}

#endif

}  // namespace entente::sim
