#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "server/http_reply.hpp"

namespace entente {

// The built browser UI, read into memory once at start-up so that serving it does no
// disk I/O. Paths are URL paths ("/", "/assets/index-3f2a.js").
//
// A file may come precompressed: "x.js.br" (brotli) and "x.js.gz" (gzip) beside "x.js",
// made when the UI is built (web/scripts/precompress.mjs), are kept with it and sent to
// clients that accept them; they are not files of their own. A sibling is used only when
// it is smaller than the file and decodes to exactly its bytes, so a stale or corrupt one
// is ignored rather than served.
class StaticFiles {
 public:
  struct File {
    std::string content_type;
    std::shared_ptr<const std::string> body;    // shared by every response that serves it
    std::shared_ptr<const std::string> gzip;    // the .gz sibling, or nullptr
    std::shared_ptr<const std::string> brotli;  // the .br sibling, or nullptr
    std::string etag;                           // "\"<hash of body>\"", the same across restarts
    bool immutable = false;                     // content-hashed asset: may be cached for a year

    // The reply to a GET or HEAD of this file: in the coding `accept_encoding` prefers
    // among those it comes in, with that coding's ETag (etag_for) and, when it comes in
    // more than one, Vary: Accept-Encoding; 304 when `if_none_match` names that ETag.
    HttpReply reply(std::string_view accept_encoding, std::string_view if_none_match) const;
  };

  // Loads every regular file under `root` whose resolved path lies inside `root`: a
  // symbolic link out of the root is not served. A missing root gives an empty set.
  static StaticFiles load(const std::filesystem::path& root);

  // "/" maps to "/index.html". nullptr when there is no such file.
  const File* find(std::string_view path) const;
  std::size_t size() const { return files_.size(); }
  // How many files come precompressed (with a .br or a .gz sibling in use).
  std::size_t precompressed() const;

 private:
  std::map<std::string, File, std::less<>> files_;
};

// The Content-Type for a file name, by extension.
std::string_view content_type_for(std::string_view filename);

}  // namespace entente
