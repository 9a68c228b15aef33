#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/engine.hpp"

namespace entente {

// A response before it meets the wire.
struct HttpReply {
  unsigned status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers, e.g. Allow
};

// Maps API requests to the engine: parse parameters, validate, call the engine, render
// JSON. Failures become RFC 9457 problem+json bodies with a stable `code`. Never throws.
//
// The registry is immutable, so a reply depends only on the request target and on
// "today" (the default as_of): replies are memoised under that key, up to
// `cache_entries` of them (0 turns the cache off). Safe to call from many threads.
// Where the simulation routes find the shipped scenarios, and how they run jobs.
struct SimulationSettings {
  std::string scenarios_dir = "scenarios";
  unsigned threads = 0;                 // per job; 0: one per core
  std::uint64_t max_runs = 10'000'000;  // the most replications one job may ask for
};

class SimulationRoutes;

class ApiRouter {
 public:
  explicit ApiRouter(const Engine& engine, std::size_t cache_entries = 4096, SimulationSettings simulation = {});
  ~ApiRouter();
  ApiRouter(ApiRouter&&) noexcept;
  ApiRouter& operator=(ApiRouter&&) = delete;

  // True when `path` (no query) belongs to the API: /api/... or /healthz.
  static bool handles(std::string_view path);

  // `target` is the request target as sent, e.g. "/api/v1/nations/FIN?as_of=2020-01-01".
  // `body` is the request body (POST /api/v1/decisions and /api/v1/simulations).
  HttpReply route(std::string_view method, std::string_view target, std::string_view body = {}) const;

 private:
  class Cache;
  HttpReply compute(std::string_view method, std::string_view target, std::string_view body) const;

  const Engine& engine_;
  std::unique_ptr<Cache> cache_;
  std::unique_ptr<SimulationRoutes> simulations_;  // jobs change over time: never cached
};

// A problem+json reply (RFC 9457) for `status`; `instance` is the request path.
HttpReply problem_reply(const Status& status, std::string_view instance);
HttpReply problem_reply(unsigned http_status, std::string_view code, std::string_view title, std::string_view detail,
                        std::string_view instance);

// The HTTP status an error code maps to.
unsigned http_status_for(ErrorCode code);

// The OpenAPI document served at /api/v1/openapi.json (docs/openapi.json, built in).
std::string_view openapi_document();

}  // namespace entente
