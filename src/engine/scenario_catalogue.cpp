#include "engine/scenario_catalogue.hpp"

#include <algorithm>
#include <filesystem>

namespace entente {

ScenarioCatalogue ScenarioCatalogue::open(const std::string& folder) {
  namespace fs = std::filesystem;
  ScenarioCatalogue catalogue;
  std::error_code error;
  if (!fs::is_directory(folder, error)) {
    catalogue.warning_ = "no scenarios folder '" + folder + "'" + (error ? " (" + error.message() + ")" : "") +
                         "; GET /api/v1/scenarios lists none (pass --scenarios with the folder of scenario files)";
    return catalogue;
  }
  fs::directory_iterator it(folder, error);
  for (; !error && it != fs::directory_iterator(); it.increment(error)) {
    const fs::directory_entry& entry = *it;
    if (entry.path().extension() != ".toml" || !entry.is_regular_file(error)) continue;
    if (catalogue.entries_.size() == kMaxFiles) {
      catalogue.warning_ = "more than " + std::to_string(kMaxFiles) + " scenario files in '" + folder +
                           "'; only the first ones read are offered";
      break;
    }
    const std::string file = entry.path().filename().string();
    const std::uintmax_t size = entry.file_size(error);
    if (error || size > kMaxFileBytes) {
      catalogue.entries_.push_back(Entry{entry.path().stem().string(), file,
                                         Status(ErrorCode::kIo, file + ": unreadable or larger than 1 MiB")});
      error.clear();
      continue;
    }
    // Errors name the file as a client knows it, not by the server's path.
    catalogue.entries_.push_back(
        Entry{entry.path().stem().string(), file, sim::load_scenario_file(entry.path().string(), file)});
  }
  if (error) catalogue.warning_ = "cannot read the scenarios folder '" + folder + "': " + error.message();
  std::sort(catalogue.entries_.begin(), catalogue.entries_.end(),
            [](const Entry& a, const Entry& b) { return a.id < b.id; });
  return catalogue;
}

Result<sim::Scenario> ScenarioCatalogue::find(std::string_view id) const {
  const auto it = std::lower_bound(entries_.begin(), entries_.end(), id,
                                   [](const Entry& entry, std::string_view key) { return entry.id < key; });
  if (it == entries_.end() || it->id != id) {
    // A short id is named back to the client; a long one is not worth echoing.
    const std::string named = id.size() <= 64 ? " '" + std::string(id) + "'" : " with that id";
    return Status(ErrorCode::kNotFound, "no shipped scenario" + named + " (see GET /api/v1/scenarios)");
  }
  return it->scenario;
}

}  // namespace entente
