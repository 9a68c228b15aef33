#include "server/static_files.hpp"

#include <fstream>
#include <sstream>

namespace entente {

std::string_view content_type_for(std::string_view filename) {
  const auto ends = [filename](std::string_view suffix) { return filename.ends_with(suffix); };
  if (ends(".html")) return "text/html; charset=utf-8";
  if (ends(".js") || ends(".mjs")) return "text/javascript; charset=utf-8";
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".json")) return "application/json";
  if (ends(".svg")) return "image/svg+xml";
  if (ends(".png")) return "image/png";
  if (ends(".ico")) return "image/x-icon";
  if (ends(".woff2")) return "font/woff2";
  if (ends(".txt")) return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

StaticFiles StaticFiles::load(const std::filesystem::path& root) {
  StaticFiles files;
  std::error_code error;
  if (!std::filesystem::is_directory(root, error)) return files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root, error)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream body;
    body << in.rdbuf();
    const std::string relative = std::filesystem::relative(entry.path(), root).generic_string();
    const bool immutable = relative.starts_with("assets/");
    files.files_.emplace("/" + relative, File{std::string(content_type_for(relative)), body.str(), immutable});
  }
  return files;
}

const StaticFiles::File* StaticFiles::find(std::string_view path) const {
  if (path == "/" || path.empty()) path = "/index.html";
  const auto it = files_.find(path);
  return it == files_.end() ? nullptr : &it->second;
}

}  // namespace entente
