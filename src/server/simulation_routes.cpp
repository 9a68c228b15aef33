#include "server/simulation_routes.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <thread>

#include "sim/monte_carlo.hpp"
#include "sim/scenario.hpp"

namespace entente {

namespace json = boost::json;

namespace {

HttpReply json_body(unsigned status, const json::value& value) {
  return HttpReply{status, "application/json", json::serialize(value)};
}

HttpReply method_not_allowed(std::string_view allow, std::string_view path) {
  HttpReply reply = problem_reply(405, "method-not-allowed", "Method not allowed",
                                  "this route accepts " + std::string(allow) + " (see /api/v1/openapi.json)", path);
  reply.headers.emplace_back("Allow", allow);
  return reply;
}

json::object snapshot_json(const SimulationJobs::Snapshot& s, bool with_result) {
  json::object out{{"id", s.id},
                   {"state", to_string(s.state)},
                   {"kind", s.kind},
                   {"name", s.name},
                   {"runs", s.runs},
                   {"seed", s.seed},
                   {"done", s.done},
                   {"progress", s.runs == 0 ? 0.0 : static_cast<double>(s.done) / static_cast<double>(s.runs)},
                   {"elapsed_seconds", s.elapsed_seconds},
                   {"href", "/api/v1/simulations/" + s.id}};
  if (s.state == SimulationJobs::State::kRunning && s.done > 0) {
    const double rate = static_cast<double>(s.done) / std::max(s.elapsed_seconds, 1e-9);
    out["eta_seconds"] = static_cast<double>(s.runs - s.done) / rate;
  }
  if (!s.error.empty()) out["error"] = s.error;
  if (with_result && s.result) out["result"] = json::parse(*s.result);
  return out;
}

}  // namespace

SimulationRoutes::SimulationRoutes(const Engine& engine, SimulationSettings settings)
    : engine_(engine),
      catalogue_(ScenarioCatalogue::open(settings.scenarios_dir)),
      max_runs_(settings.max_runs),
      jobs_(engine, SimulationJobs::Options{
                        settings.threads == 0 ? std::max(1U, std::thread::hardware_concurrency()) : settings.threads,
                        settings.max_jobs,
                        settings.jobs_per_client,
                        {},
                        std::move(settings.incidents)}) {
  scenarios_reply_ = scenarios();
}

HttpReply SimulationRoutes::route(std::string_view method, std::string_view path, bool has_query, std::string_view body,
                                  const std::string& client) {
  if (has_query)
    return problem_reply(Status(ErrorCode::kInvalidArgument, "this route takes no query parameters"), path);
  if (path == "/api/v1/scenarios") {
    if (method != "GET" && method != "HEAD") return method_not_allowed("GET, HEAD", path);
    return scenarios_reply_;
  }
  if (path == "/api/v1/simulations") {
    if (method == "POST") return submit(body, client);
    if (method != "GET" && method != "HEAD") return method_not_allowed("GET, HEAD, POST", path);
    json::array jobs;
    // Without ids: an id is a capability told only to its submitter, and one address may
    // stand for many clients (a proxy, a shared machine).
    for (const auto& snapshot : jobs_.list(client)) {
      json::object item = snapshot_json(snapshot, false);
      item.erase("id");
      item.erase("href");
      jobs.push_back(std::move(item));
    }
    return json_body(200, json::object{{"simulations", std::move(jobs)}});
  }
  const std::string id(path.substr(std::string_view("/api/v1/simulations/").size()));
  if (method == "DELETE") {
    Result<SimulationJobs::Snapshot> cancelled = jobs_.cancel(id);
    if (!cancelled) return problem_reply(cancelled.status(), path);
    return json_body(200, snapshot_json(*cancelled, false));
  }
  if (method != "GET" && method != "HEAD") return method_not_allowed("GET, HEAD, DELETE", path);
  Result<SimulationJobs::Snapshot> job = jobs_.get(id);
  if (!job) return problem_reply(job.status(), path);
  return json_body(200, snapshot_json(*job, true));
}

HttpReply SimulationRoutes::scenarios() const {
  json::array list;
  for (const ScenarioCatalogue::Entry& entry : catalogue_.entries()) {
    json::object item{{"id", entry.id}, {"file", entry.file}};
    if (entry.scenario) {
      item["name"] = entry.scenario->name;
      item["kind"] = to_string(entry.scenario->kind);
      item["description"] = entry.scenario->description;
      item["scenario"] = json::parse(sim::scenario_to_json(*entry.scenario));
    } else {
      item["error"] = entry.scenario.status().message();
    }
    list.push_back(std::move(item));
  }
  return json_body(200, json::object{{"scenarios", std::move(list)}});
}

HttpReply SimulationRoutes::submit(std::string_view body, const std::string& client) {
  const std::string_view path = "/api/v1/simulations";
  // `field` is the JSON pointer of the offending field, if one is.
  const auto invalid = [&](const std::string& message, const std::string& field = "") {
    return problem_reply(Status(ErrorCode::kInvalidArgument, message, field), path);
  };
  boost::system::error_code code;
  const json::value parsed = json::parse(body, code);
  if (code || !parsed.is_object()) {
    return invalid(
        "the body must be a JSON object: {\"scenario_id\": \"...\"} or {\"scenario\": {...}}, with "
        "optional \"runs\", \"seed\" and \"compare_with\" / \"compare_with_id\"");
  }
  const json::object& request = parsed.get_object();
  for (const auto& [key, value] : request) {
    if (key != "scenario" && key != "scenario_id" && key != "compare_with" && key != "compare_with_id" &&
        key != "runs" && key != "seed") {
      return invalid("unknown field '" + std::string(key) +
                         "'; expected scenario or scenario_id, compare_with or compare_with_id, runs, seed",
                     "/" + json_pointer_token(key));
    }
  }
  const auto count = [&](const char* key, std::uint64_t fallback, std::uint64_t low,
                         std::uint64_t high) -> Result<std::uint64_t> {
    const json::value* value = request.if_contains(key);
    if (value == nullptr) return fallback;
    if (!value->is_int64() && !value->is_uint64())
      return Status(ErrorCode::kInvalidArgument, std::string(key) + " must be a whole number", std::string("/") + key);
    const std::uint64_t number = value->is_int64()
                                     ? static_cast<std::uint64_t>(std::max<std::int64_t>(value->get_int64(), 0))
                                     : value->get_uint64();
    if ((value->is_int64() && value->get_int64() < 0) || number < low || number > high) {
      return Status(ErrorCode::kInvalidArgument,
                    std::string(key) + " must be between " + std::to_string(low) + " and " + std::to_string(high),
                    std::string("/") + key);
    }
    return number;
  };
  Result<std::uint64_t> runs = count("runs", 10000, 1, max_runs_);
  if (!runs) return problem_reply(runs.status(), path);
  Result<std::uint64_t> seed = count("seed", 1, 0, UINT64_MAX);
  if (!seed) return problem_reply(seed.status(), path);

  // A scenario given inline or by the name of a shipped one, bound to the data.
  const auto bind = [&](const char* inline_key, const char* id_key,
                        bool required) -> Result<std::shared_ptr<const sim::CrisisModel>> {
    const json::value* given = request.if_contains(inline_key);
    const json::value* id = request.if_contains(id_key);
    if (given != nullptr && id != nullptr) {
      return Status(ErrorCode::kInvalidArgument, std::string("give ") + inline_key + " or " + id_key + ", not both");
    }
    Result<sim::Scenario> scenario =
        Status(ErrorCode::kInvalidArgument, std::string("a scenario is required: ") + inline_key + " (an object) or " +
                                                id_key + " (a name from GET /api/v1/scenarios)");
    if (given != nullptr) {
      if (!given->is_object())
        return Status(ErrorCode::kInvalidArgument, std::string(inline_key) + " must be an object");
      scenario = sim::parse_scenario_json(json::serialize(*given));
      if (!scenario) {
        return Status(scenario.status().code(), std::string(inline_key) + ": " + scenario.status().message());
      }
    } else if (id != nullptr) {
      if (!id->is_string()) return Status(ErrorCode::kInvalidArgument, std::string(id_key) + " must be a string");
      scenario = catalogue_.find(std::string_view(id->get_string()));
    } else if (!required) {
      return std::shared_ptr<const sim::CrisisModel>();
    }
    if (!scenario) return scenario.status();
    return engine_.rules().crisis_model(std::move(scenario).value());
  };
  // Failures name the field that gave the scenario.
  const auto model_from = [&](const char* inline_key, const char* id_key,
                              bool required) -> Result<std::shared_ptr<const sim::CrisisModel>> {
    Result<std::shared_ptr<const sim::CrisisModel>> bound = bind(inline_key, id_key, required);
    if (bound) return bound;
    return bound.status().at(std::string("/") + (request.contains(id_key) ? id_key : inline_key));
  };
  Result<std::shared_ptr<const sim::CrisisModel>> model = model_from("scenario", "scenario_id", true);
  if (!model) return problem_reply(model.status(), path);
  Result<std::shared_ptr<const sim::CrisisModel>> alternative = model_from("compare_with", "compare_with_id", false);
  if (!alternative) return problem_reply(alternative.status(), path);
  const std::string alternative_field = request.contains("compare_with_id") ? "/compare_with_id" : "/compare_with";
  Result<SimulationJobs::Snapshot> job =
      jobs_.submit(std::move(model).value(), std::move(alternative).value(), *runs, *seed, client);
  if (!job) {
    // The service names "/compare_with" for a comparison it refuses; say which key gave it.
    Status status = job.status();
    if (status.field() == "/compare_with") status = Status(status.code(), status.message(), alternative_field);
    HttpReply refused = problem_reply(status, path);
    if (refused.status == 429 || refused.status == 503) {
      refused.headers.emplace_back("Retry-After", std::to_string(jobs_.retry_after_seconds()));
    }
    return refused;
  }
  HttpReply reply = json_body(202, snapshot_json(*job, false));
  reply.headers.emplace_back("Location", "/api/v1/simulations/" + job->id);
  return reply;
}

}  // namespace entente
