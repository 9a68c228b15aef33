#include "store/data_files.hpp"

#include <fstream>
#include <sstream>

namespace entente {

Result<std::string> DirectoryDataFiles::read(std::string_view name) const {
  const std::filesystem::path path = directory_ / name;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Status(ErrorCode::kIo, "cannot read " + path.string() + "; is --data the folder that holds the CSV files?");
  }
  std::ostringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

std::string DirectoryDataFiles::display_name(std::string_view name) const { return (directory_ / name).string(); }

Result<std::string> InMemoryDataFiles::read(std::string_view name) const {
  const auto it = files_.find(name);
  if (it == files_.end()) return Status(ErrorCode::kIo, "cannot read " + std::string(name));
  return it->second;
}

}  // namespace entente
