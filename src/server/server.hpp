#pragma once

#include <iosfwd>
#include <string>

#include "core/status.hpp"

namespace entente {

class Engine;

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;  // 0 picks a free port
  std::string web_root = "web/dist";
  int threads = 0;                          // I/O threads; 0 means one per core
  std::string access_log = "-";             // a file path, "-" for stderr, or "off"
  int reply_cache = 4096;                   // API replies memoised; 0 renders every request anew
  std::string scenarios_dir = "scenarios";  // the scenarios GET /api/v1/scenarios lists
  int simulation_threads = 0;               // worker threads of a simulation job; 0: one per core
};

// Serves the API and the browser UI until SIGINT or SIGTERM, then stops accepting,
// lets requests in flight finish (for up to two seconds) and returns. Prints
// "listening on http://HOST:PORT" to `out` once the socket is bound, so that callers
// using port 0 learn the port. Fails when the address cannot be bound.
Status run_server(const Engine& engine, const ServerOptions& options, std::ostream& out, std::ostream& err);

}  // namespace entente
