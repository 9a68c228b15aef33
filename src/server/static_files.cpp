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
  namespace fs = std::filesystem;
  StaticFiles files;
  std::error_code error;
  const fs::path base = fs::canonical(root, error);
  if (error || !fs::is_directory(base, error)) return files;
  const std::string prefix = base.generic_string() + "/";
  fs::recursive_directory_iterator it(base, fs::directory_options::skip_permission_denied, error);
  for (; !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
    const fs::path resolved = fs::canonical(it->path(), error);
    if (error) {
      error.clear();  // a dangling link: nothing to serve
      continue;
    }
    if (!resolved.generic_string().starts_with(prefix) || !fs::is_regular_file(resolved, error)) continue;
    std::ifstream in(resolved, std::ios::binary);
    if (!in) continue;
    std::ostringstream body;
    body << in.rdbuf();
    // Lexically: fs::relative would resolve a link and name the file by its target.
    const std::string relative = it->path().lexically_relative(base).generic_string();
    const bool immutable = relative.starts_with("assets/");
    files.files_.emplace("/" + relative, File{std::string(content_type_for(relative)),
                                              std::make_shared<const std::string>(body.str()), immutable});
  }
  return files;
}

const StaticFiles::File* StaticFiles::find(std::string_view path) const {
  if (path == "/" || path.empty()) path = "/index.html";
  const auto it = files_.find(path);
  return it == files_.end() ? nullptr : &it->second;
}

}  // namespace entente
