#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace entente {

// The built browser UI, read into memory once at start-up so that serving it does no
// disk I/O. Paths are URL paths ("/", "/assets/index-3f2a.js").
class StaticFiles {
 public:
  struct File {
    std::string content_type;
    std::shared_ptr<const std::string> body;  // shared by every response that serves it
    bool immutable = false;                   // content-hashed asset: may be cached for a year
  };

  // Loads every regular file under `root` whose resolved path lies inside `root`: a
  // symbolic link out of the root is not served. A missing root gives an empty set.
  static StaticFiles load(const std::filesystem::path& root);

  // "/" maps to "/index.html". nullptr when there is no such file.
  const File* find(std::string_view path) const;
  std::size_t size() const { return files_.size(); }

 private:
  std::map<std::string, File, std::less<>> files_;
};

// The Content-Type for a file name, by extension.
std::string_view content_type_for(std::string_view filename);

}  // namespace entente
