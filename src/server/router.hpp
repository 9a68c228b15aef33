#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/engine.hpp"
#include "engine/principal.hpp"
#include "server/http_reply.hpp"

namespace entente {

// One API request as the transport hands it over.
struct ApiRequest {
  std::string_view method{};
  std::string_view target{};         // as sent, e.g. "/api/v1/nations/FIN?as_of=2020-01-01"
  std::string_view body{};           // JSON, for POST routes
  std::string client{};              // who asks (the peer's address): simulation jobs are shared out per client
  std::string_view if_none_match{};  // the If-None-Match header, if any
  std::string_view if_match{};       // If-Match: the version a write changes
  std::string_view cookie{};         // the Cookie header: the session
  std::string_view authorization{};  // "Bearer ent_...": an API token
  std::string_view csrf_token{};     // X-CSRF-Token: required with a session on a write
  std::string_view user_agent{};
  std::string_view accept{};           // Accept: text/csv asks a list route for CSV
  std::string_view request_id{};       // the reply's X-Request-Id, kept in the audit log
  std::string_view accept_encoding{};  // Accept-Encoding: whether the reply may be compressed
};

// How the router names and marks the session cookie.
struct SessionCookie {
  // Over TLS (or behind a proxy that terminates it): "__Host-entente-session" with
  // Secure. Otherwise "entente-session" without it (a __Host- cookie must be Secure).
  bool secure = false;
  std::string_view name() const { return secure ? "__Host-entente-session" : "entente-session"; }
};

// What the router tells the security log: sign-ins, failures, refusals.
using SecurityLog = std::function<void(const std::string&)>;

// Where the simulation routes find the shipped scenarios, and how they run jobs.
struct SimulationSettings {
  std::string scenarios_dir = "scenarios";
  unsigned threads = 0;                 // per job; 0: one per core
  std::uint64_t max_runs = 10'000'000;  // the most replications one job may ask for
  std::size_t max_jobs = 32;            // queued or running, all clients together
  std::size_t jobs_per_client = 4;      // queued or running, one client
  // Told about every exception a simulation run threw (incident id, what).
  std::function<void(const std::string&, const std::string&)> incidents;
};

class SimulationRoutes;

// A row of the API's route table as tests and documentation see it.
struct RouteInfo {
  std::string_view method;  // GET routes answer HEAD too
  std::string_view path;    // a template: "/api/v1/nations/{iso3}"
  // What a caller needs; none: anyone, even with --private (health, the API's
  // description, signing in).
  std::optional<Capability> capability = Capability::kReadReference;
};

// Maps API requests to the engine: parse parameters, validate, call the engine, render
// JSON. Failures become RFC 9457 problem+json bodies with a stable `code`. Never throws
// for any input; an exception from below is a bug, caught by the server's boundary.
//
// A reply depends only on the snapshot's version, the request target and "today" (the
// default as_of): replies are memoised under that key, up to `cache_bytes` of keys and
// bodies in all (0 turns the cache off), so the first read after a new snapshot is
// published computes afresh. /healthz is never cached. Every answer carries its
// snapshot's version as its ETag; a GET whose If-None-Match names it is answered 304.
//
// A GET reply of a compressible type and at least kMinimumCompressedBytes is compressed
// (br or gzip, by Accept-Encoding; compression.hpp) with its ETag suffixed per coding, and
// the reply cache keeps it compressed, keyed by coding too, so a hot route is compressed
// once per snapshot. Not compressed: HEAD (its headers are those of the identity reply),
// replies to writes and about the caller's own account, which may carry a secret (a CSRF
// token, a new API token, a one-time password) beside what the client sent (BREACH).
// Safe to call from many threads.
class ApiRouter {
 public:
  static constexpr std::size_t kDefaultCacheBytes = std::size_t{64} << 20U;

  explicit ApiRouter(const Engine& engine, std::size_t cache_bytes = kDefaultCacheBytes,
                     SimulationSettings simulation = {}, SessionCookie cookie = {}, SecurityLog security_log = {});
  ~ApiRouter();
  ApiRouter(ApiRouter&&) noexcept;
  ApiRouter& operator=(ApiRouter&&) = delete;

  // True when `path` (no query) belongs to the API: /api/... or /healthz.
  static bool handles(std::string_view path);
  // Every route the API serves, one row each; tests check it against docs/openapi.json.
  static std::vector<RouteInfo> route_table();

  HttpReply route(const ApiRequest& request) const;
  // The same for a local client; for tests and tools.
  HttpReply route(std::string_view method, std::string_view target, std::string_view body = {}) const {
    ApiRequest request;
    request.method = method;
    request.target = target;
    request.body = body;
    request.client = "local";
    return route(request);
  }

  // Empty, or what the operator should be told at start-up (e.g. no scenarios folder).
  std::string startup_warning() const;
  // What the reply cache holds now, in the bytes it counts against its bound.
  std::size_t cached_bytes() const;

 private:
  class Cache;
  // The principal the request's credentials stand for, or the 401 that refuses them.
  Result<Principal> authenticate(const ApiRequest& request) const;
  HttpReply dispatch(const ApiRequest& request, const Principal& principal) const;
  void tell(const std::string& line) const {
    if (security_log_) security_log_(line);
  }

  const Engine& engine_;
  SessionCookie cookie_;
  SecurityLog security_log_;
  std::unique_ptr<Cache> cache_;
  std::unique_ptr<SimulationRoutes> simulations_;  // jobs change over time: never cached
};

// A problem+json reply (RFC 9457) for `status`; `instance` is the request path.
HttpReply problem_reply(const Status& status, std::string_view instance);
HttpReply problem_reply(unsigned http_status, std::string_view code, std::string_view title, std::string_view detail,
                        std::string_view instance);
// The 500 reply for an unexpected failure, naming the incident id that the log also has.
HttpReply incident_reply(std::string_view incident, std::string_view instance);

// The HTTP status an error code maps to.
unsigned http_status_for(ErrorCode code);

// The OpenAPI document served at /api/v1/openapi.json (docs/openapi.json, built in).
std::string_view openapi_document();

}  // namespace entente
