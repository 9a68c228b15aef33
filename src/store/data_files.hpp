#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>

#include "core/status.hpp"

namespace entente {

// Where the reference data files come from. Injected so that tests run on in-memory files.
class DataFiles {
 public:
  virtual ~DataFiles() = default;
  // The contents of file `name` (e.g. "nations.csv"); kIo when it cannot be read.
  virtual Result<std::string> read(std::string_view name) const = 0;
  // How a file is named in messages, e.g. "data/nations.csv".
  virtual std::string display_name(std::string_view name) const = 0;
};

// Files in a directory on disk.
class DirectoryDataFiles final : public DataFiles {
 public:
  explicit DirectoryDataFiles(std::filesystem::path directory) : directory_(std::move(directory)) {}
  Result<std::string> read(std::string_view name) const override;
  std::string display_name(std::string_view name) const override;

 private:
  std::filesystem::path directory_;
};

// Files held in memory, for tests. A name not in the map is an I/O error.
class InMemoryDataFiles final : public DataFiles {
 public:
  explicit InMemoryDataFiles(std::map<std::string, std::string, std::less<>> files) : files_(std::move(files)) {}
  Result<std::string> read(std::string_view name) const override;
  std::string display_name(std::string_view name) const override { return std::string(name); }

 private:
  std::map<std::string, std::string, std::less<>> files_;
};

}  // namespace entente
