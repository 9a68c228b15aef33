#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.hpp"
#include "sim/scenario.hpp"

namespace entente {

// The shipped scenarios of one folder, read once when the catalogue is opened. A
// scenario's id is its file name without ".toml". Requests name a scenario by id and the
// id is looked up among the entries read: it is never turned into a path.
class ScenarioCatalogue {
 public:
  struct Entry {
    std::string id;                  // "baltic-armed-attack"
    std::string file;                // "baltic-armed-attack.toml"
    Result<sim::Scenario> scenario;  // or why the file could not be read
  };

  // At most this many files are read, each of at most kMaxFileBytes.
  static constexpr std::size_t kMaxFiles = 1000;
  static constexpr std::uintmax_t kMaxFileBytes = 1U << 20U;

  // Reads every "*.toml" regular file directly in `folder`. A missing or unreadable
  // folder gives an empty catalogue whose warning() says so; it is not an error.
  static ScenarioCatalogue open(const std::string& folder);

  // Sorted by id.
  const std::vector<Entry>& entries() const { return entries_; }
  // The scenario `id` names; kNotFound when no readable shipped scenario has that id.
  Result<sim::Scenario> find(std::string_view id) const;
  // Empty, or what a server operator should be told at start-up.
  const std::string& warning() const { return warning_; }

 private:
  std::vector<Entry> entries_;
  std::string warning_;
};

}  // namespace entente
