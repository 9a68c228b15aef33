#pragma once

#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include "core/status.hpp"

namespace entente {

class Engine;

// Everything `entente serve` can be told. The limits are documented in docs/security.md.
struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;  // 0 picks a free port
  std::string web_root = "web/dist";
  int threads = 0;                                        // I/O threads; 0 means one per core
  std::string access_log = "-";                           // a file path, "-" for stderr, or "off"
  std::size_t access_log_max_mb = 100;                    // a log file is rotated at this size (files only)
  std::size_t access_log_files = 5;                       // rotated files kept beside the current one
  std::size_t reply_cache_mb = 64;                        // API replies memoised, in MiB; 0 renders every request anew
  std::string scenarios_dir = "scenarios";                // the scenarios GET /api/v1/scenarios lists
  int simulation_threads = 0;                             // worker threads of a simulation job; 0: one per core
  std::size_t max_jobs = 32;                              // simulation jobs queued or running, all clients together
  std::size_t jobs_per_client = 4;                        // simulation jobs queued or running, one client address
  std::size_t max_connections = 0;                        // open connections; 0: derived from the descriptor limit
  std::size_t max_header_bytes = std::size_t{16} * 1024;  // request line, headers and chunked trailers
  std::size_t max_body_bytes = std::size_t{64} * 1024;    // request body
  int idle_timeout_seconds = 30;                          // to read a request, or to write a response
  std::vector<std::string> allowed_hosts;                 // Host names accepted besides IP literals and localhost
  std::vector<std::string> allowed_origins;               // Origins that may POST or DELETE besides the server's own
  bool secure_cookies = false;                            // behind TLS: the session cookie is __Host- and Secure
  int refresh_ms = 1000;                                  // how often to look for writes by other processes; 0: never
};

// The connection limit used when none is given: three quarters of the descriptors left
// after a reserve of 64 for the database, logs and simulation threads, between 16 and
// 4,096 (at the default header and body limits, at most about 320 MiB of requests).
std::size_t default_max_connections();

// Serves the API and the browser UI until SIGINT or SIGTERM. Every `refresh_ms` it looks
// for writes committed by other processes (the command line, another instance) and
// publishes them (Engine::refresh). It then stops accepting,
// lets requests in flight finish (for up to two seconds) and returns. Prints
// "listening on http://HOST:PORT" to `out` once the socket is bound, so that callers
// using port 0 learn the port; warnings and incidents go to `err`. Fails when the
// address cannot be bound or an option is out of range.
Status run_server(Engine& engine, const ServerOptions& options, std::ostream& out, std::ostream& err);

}  // namespace entente
