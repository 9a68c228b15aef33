#include "server/static_files.hpp"

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <sstream>

#include "server/compression.hpp"

namespace entente {

std::string_view content_type_for(std::string_view filename) {
  const auto ends = [filename](std::string_view suffix) { return filename.ends_with(suffix); };
  if (ends(".html")) return "text/html; charset=utf-8";
  if (ends(".js") || ends(".mjs")) return "text/javascript; charset=utf-8";
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".json") || ends(".topojson")) return "application/json";
  if (ends(".svg")) return "image/svg+xml";
  if (ends(".png")) return "image/png";
  if (ends(".ico")) return "image/x-icon";
  if (ends(".woff2")) return "font/woff2";
  if (ends(".txt")) return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

namespace {

// 64-bit FNV-1a: a file's ETag, stable across restarts and builds.
std::string content_hash(std::string_view bytes) {
  std::uint64_t hash = 14695981039346656037ULL;
  for (const char c : bytes) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ULL;
  }
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex(16, '0');
  for (std::size_t i = 16; i-- > 0; hash >>= 4U) hex[i] = kDigits[hash & 0xFU];
  return hex;
}

// `sibling` when it is a smaller encoding of `body` in `coding`, else nullptr.
std::shared_ptr<const std::string> usable_sibling(const std::string& body, std::string sibling, ContentCoding coding) {
  if (sibling.size() >= body.size()) return nullptr;
  const std::optional<std::string> decoded = decode(coding, sibling, body.size());
  if (!decoded || *decoded != body) return nullptr;
  return std::make_shared<const std::string>(std::move(sibling));
}

// `body` served at `path` as it is, in no coding but identity.
StaticFiles::File plain_file(std::string_view path, std::string body) {
  StaticFiles::File file;
  file.content_type = content_type_for(path);
  file.etag = "\"" + content_hash(body) + "\"";
  file.immutable = path.starts_with("/assets/");
  file.body = std::make_shared<const std::string>(std::move(body));
  return file;
}

}  // namespace

StaticFiles StaticFiles::load(const std::filesystem::path& root) {
  namespace fs = std::filesystem;
  StaticFiles files;
  std::error_code error;
  const fs::path base = fs::canonical(root, error);
  if (error || !fs::is_directory(base, error)) return files;
  const std::string prefix = base.generic_string() + "/";
  // Every file's bytes by URL path, precompressed siblings included.
  std::map<std::string, std::string, std::less<>> contents;
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
    contents.emplace("/" + it->path().lexically_relative(base).generic_string(), std::move(body).str());
  }
  const auto is_sibling = [&contents](std::string_view path) {
    return (path.ends_with(".br") || path.ends_with(".gz")) && contents.count(path.substr(0, path.size() - 3)) > 0;
  };
  for (auto& [path, body] : contents) {
    if (is_sibling(path)) continue;
    std::shared_ptr<const std::string> gzip;
    std::shared_ptr<const std::string> brotli;
    if (const auto gz = contents.find(path + ".gz"); gz != contents.end()) {
      gzip = usable_sibling(body, gz->second, ContentCoding::kGzip);
    }
    if (const auto br = contents.find(path + ".br"); br != contents.end()) {
      brotli = usable_sibling(body, br->second, ContentCoding::kBrotli);
    }
    File file = plain_file(path, std::move(body));
    file.gzip = std::move(gzip);
    file.brotli = std::move(brotli);
    files.files_.emplace(path, std::move(file));
  }
  // A sibling that is not in use (larger than its file, stale, corrupt) is served as it is.
  for (auto& [path, body] : contents) {
    if (!is_sibling(path)) continue;
    const auto of = files.files_.find(std::string_view(path).substr(0, path.size() - 3));
    if (of != files.files_.end() && (path.ends_with(".gz") ? of->second.gzip : of->second.brotli) != nullptr) continue;
    files.files_.emplace(path, plain_file(path, std::move(body)));
  }
  return files;
}

std::size_t StaticFiles::precompressed() const {
  return static_cast<std::size_t>(std::count_if(files_.begin(), files_.end(), [](const auto& entry) {
    return entry.second.gzip != nullptr || entry.second.brotli != nullptr;
  }));
}

HttpReply StaticFiles::File::reply(std::string_view accept_encoding, std::string_view if_none_match) const {
  const bool varies = gzip != nullptr || brotli != nullptr;
  const ContentCoding coding =
      varies ? negotiate_coding(accept_encoding, CodingsOnOffer{.gzip = gzip != nullptr, .brotli = brotli != nullptr})
             : ContentCoding::kIdentity;
  HttpReply reply{200, content_type, body, {{"ETag", etag_for(etag, coding)}}};
  if (coding == ContentCoding::kGzip) reply.body = gzip;
  if (coding == ContentCoding::kBrotli) reply.body = brotli;
  if (coding != ContentCoding::kIdentity) reply.headers.emplace_back("Content-Encoding", coding_name(coding));
  if (varies) reply.headers.emplace_back("Vary", "Accept-Encoding");
  if (immutable) reply.headers.emplace_back("Cache-Control", "public, max-age=31536000, immutable");
  return not_modified_or(std::move(reply), if_none_match);
}

const StaticFiles::File* StaticFiles::find(std::string_view path) const {
  if (path == "/" || path.empty()) path = "/index.html";
  const auto it = files_.find(path);
  return it == files_.end() ? nullptr : &it->second;
}

}  // namespace entente
