#include <spdlog/logger.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <sys/resource.h>

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <ostream>
#include <stop_token>
#include <thread>

#include "engine/engine.hpp"
#include "server/http_server.hpp"
#include "server/router.hpp"
#include "server/server.hpp"
#include "server/static_files.hpp"

namespace entente {

namespace {

constexpr std::size_t kMebibyte = std::size_t{1} << 20U;  // also the most MiB a size option takes

Result<std::shared_ptr<spdlog::logger>> make_access_log(const ServerOptions& options) {
  if (options.access_log == "off") return std::shared_ptr<spdlog::logger>();
  std::shared_ptr<spdlog::logger> logger;
  try {
    if (options.access_log == "-") {
      logger = std::make_shared<spdlog::logger>("access", std::make_shared<spdlog::sinks::stderr_sink_mt>());
    } else {
      logger = std::make_shared<spdlog::logger>(
          "access", std::make_shared<spdlog::sinks::rotating_file_sink_mt>(
                        options.access_log, options.access_log_max_mb * kMebibyte, options.access_log_files));
    }
  } catch (const spdlog::spdlog_ex& error) {
    return Status(ErrorCode::kIo, "cannot open the access log " + options.access_log + ": " + error.what());
  }
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %v");
  logger->flush_on(spdlog::level::info);
  return logger;
}

Status check_options(const ServerOptions& options) {
  const auto out_of_range = [](const std::string& what) { return Status(ErrorCode::kInvalidArgument, what); };
  if (options.access_log_max_mb < 1 || options.access_log_max_mb > kMebibyte) {
    return out_of_range("--access-log-max-mb must be between 1 and 1048576");
  }
  if (options.access_log_files > 1000) return out_of_range("--access-log-files must be at most 1000");
  if (options.reply_cache_mb > kMebibyte) return out_of_range("--reply-cache-mb must be at most 1048576");
  if (options.max_header_bytes < 1024 || options.max_header_bytes > std::size_t{60} * 1024) {
    return out_of_range("--max-header-bytes must be between 1024 and 61440");
  }
  if (options.max_body_bytes < 1024 || options.max_body_bytes > 64 * kMebibyte) {
    return out_of_range("--max-body-bytes must be between 1024 and 67108864");
  }
  if (options.idle_timeout_seconds < 1 || options.idle_timeout_seconds > 3600) {
    return out_of_range("--idle-timeout must be between 1 and 3600 seconds");
  }
  if (options.max_jobs < 1 || options.max_jobs > 10'000) return out_of_range("--max-jobs must be between 1 and 10000");
  if (options.jobs_per_client < 1 || options.jobs_per_client > options.max_jobs) {
    return out_of_range("--jobs-per-client must be between 1 and --max-jobs");
  }
  if (options.max_connections > 1'000'000) return out_of_range("--max-connections must be at most 1000000");
  if (options.threads < 0 || options.threads > 1024) return out_of_range("--threads must be between 0 and 1024");
  if (options.refresh_ms < 0 || options.refresh_ms > 3'600'000) {
    return out_of_range("--refresh-ms must be between 0 and 3600000");
  }
  return Status::ok();
}

}  // namespace

std::size_t default_max_connections() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return 4096;
  const auto descriptors = static_cast<std::size_t>(limit.rlim_cur);
  const std::size_t spare = descriptors > 64 ? descriptors - 64 : 0;
  return std::clamp<std::size_t>(spare * 3 / 4, 16, 4096);
}

Status run_server(Engine& engine, const ServerOptions& options, std::ostream& out, std::ostream& err) {
  if (Status valid = check_options(options); !valid) return valid;
  auto log = std::make_shared<spdlog::logger>("entente", std::make_shared<spdlog::sinks::ostream_sink_mt>(err, true));
  log->set_pattern("entente: %v");
  Result<std::shared_ptr<spdlog::logger>> access_log = make_access_log(options);
  if (!access_log) return access_log.status();

  SimulationSettings simulation;
  simulation.scenarios_dir = options.scenarios_dir;
  simulation.threads = static_cast<unsigned>(std::max(0, options.simulation_threads));
  simulation.max_jobs = options.max_jobs;
  simulation.jobs_per_client = options.jobs_per_client;
  simulation.incidents = [log](const std::string& incident, const std::string& what) {
    log->error("incident {}: a simulation job failed: {}", incident, what);
  };
  const ApiRouter router(engine, options.reply_cache_mb * kMebibyte, std::move(simulation),
                         SessionCookie{options.secure_cookies},
                         [log](const std::string& line) { log->info("security: {}", line); });
  const StaticFiles files = StaticFiles::load(options.web_root);
  if (files.size() == 0) {
    log->warn("warning: no browser UI in {} (run scripts/setup to build it); serving the API only", options.web_root);
  } else if (files.precompressed() == 0) {
    log->warn(
        "warning: the browser UI in {} has no precompressed .br or .gz files; rebuild it ('npm run build' in "
        "web/) to serve it compressed",
        options.web_root);
  }
  if (const std::string warning = router.startup_warning(); !warning.empty()) log->warn("warning: {}", warning);

  const auto handler = [&](const HttpRequest& request) -> HttpReply {
    if (ApiRouter::handles(request.path)) {
      ApiRequest api;
      api.method = request.method;
      api.target = request.target;
      api.body = request.body;
      api.client = request.client;
      api.if_none_match = request.if_none_match;
      api.if_match = request.if_match;
      api.cookie = request.cookie;
      api.authorization = request.authorization;
      api.csrf_token = request.csrf_token;
      api.user_agent = request.user_agent;
      api.accept = request.accept;
      api.request_id = request.request_id;
      api.accept_encoding = request.accept_encoding;
      return router.route(api);
    }
    if (request.method != "GET" && request.method != "HEAD") {
      HttpReply reply = problem_reply(405, "method-not-allowed", "Method not allowed",
                                      "only GET and HEAD are supported", request.path);
      reply.headers.emplace_back("Allow", "GET, HEAD");
      return reply;
    }
    if (const StaticFiles::File* file = files.find(request.path)) {
      return file->reply(request.accept_encoding, request.if_none_match);
    }
    if (files.size() == 0 && (request.path == "/" || request.path == "/index.html")) {
      return HttpReply{503, "text/plain; charset=utf-8",
                       "The browser UI is not built. Run scripts/setup (or 'npm ci && npm run build' in web/), "
                       "or pass --web with the folder of the built UI. The API is at /api/v1/.\n"};
    }
    return HttpReply{404, "text/plain; charset=utf-8", "Not found. The browser UI is at /, the API at /api/v1/.\n"};
  };

  HttpServer::Options transport;
  transport.threads =
      options.threads > 0 ? options.threads : static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
  transport.max_connections = options.max_connections > 0 ? options.max_connections : default_max_connections();
  transport.max_header_bytes = options.max_header_bytes;
  transport.max_body_bytes = options.max_body_bytes;
  transport.idle_timeout = std::chrono::seconds(options.idle_timeout_seconds);
  transport.policy = RequestPolicy{options.allowed_hosts, options.allowed_origins};
  // Deadlines (a council round's silence procedure) that passed while no server ran close
  // now, before the first request; later ones close on time below.
  const auto fire_timers = [&engine, &log] {
    if (Result<int> fired = engine.manage().fire_due_timers(); !fired) {
      log->warn("warning: cannot close the deadlines that passed: {}", fired.status().message());
    } else if (*fired > 0) {
      log->info("closed {} deadline(s) that passed", *fired);
    }
  };
  fire_timers();
  HttpServer server(handler, std::move(transport), *access_log, log);
  if (Status status = server.listen(options.host, options.port); !status) return status;
  server.stop_on_signals();
  out << "listening on http://" << server.address() << ":" << server.port() << std::endl;
  // Catches up with writes by other processes until the server stops.
  std::jthread refresher;
  if (options.refresh_ms > 0) {
    refresher = std::jthread(
        [&engine, &log, period = std::chrono::milliseconds(options.refresh_ms)](const std::stop_token& stop) {
          std::mutex mutex;
          std::condition_variable_any wake;
          while (!stop.stop_requested()) {
            {
              std::unique_lock lock(mutex);
              wake.wait_for(lock, stop, period, [] { return false; });
            }
            if (stop.stop_requested()) break;
            if (Result<bool> refreshed = engine.refresh(); !refreshed) {
              log->warn("warning: cannot look for changes in the database: {}", refreshed.status().message());
            } else if (*refreshed) {
              log->info("published version {} written by another process", engine.snapshot()->version());
            }
          }
        });
  }
  // Closes each deadline when it passes: wakes at the earliest pending one, and at least
  // every second, since another process may have set an earlier one.
  std::jthread timekeeper([&engine, &fire_timers](const std::stop_token& stop) {
    std::mutex mutex;
    std::condition_variable_any wake;
    while (!stop.stop_requested()) {
      std::chrono::milliseconds pause{1000};
      if (Result<std::string> next = engine.manage().next_timer(); next && !next->empty()) {
        if (const std::optional<Clock::Instant> due = parse_instant(*next)) {
          const auto until =
              std::chrono::duration_cast<std::chrono::milliseconds>(*due - std::chrono::system_clock::now());
          pause = std::clamp(until + std::chrono::milliseconds(5), std::chrono::milliseconds(0), pause);
        }
      }
      {
        std::unique_lock lock(mutex);
        wake.wait_for(lock, stop, pause, [] { return false; });
      }
      if (stop.stop_requested()) break;
      fire_timers();
    }
  });
  server.run();
  timekeeper = {};
  refresher = {};
  log->info("stopped");
  return Status::ok();
}

}  // namespace entente
