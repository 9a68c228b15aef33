#pragma once

#include <string>
#include <string_view>

#include "engine/engine.hpp"
#include "engine/scenario_catalogue.hpp"
#include "engine/simulation_jobs.hpp"
#include "server/router.hpp"

namespace entente {

// The simulation part of the API: the shipped scenarios and the jobs that run them.
//   GET    /api/v1/scenarios              the scenario files of `scenarios_dir` (read at start-up), as JSON
//   POST   /api/v1/simulations            submit a run or a comparison (202 + Location)
//   GET    /api/v1/simulations            the caller's jobs kept, without results
//   GET    /api/v1/simulations/{id}       progress; the results once done
//   DELETE /api/v1/simulations/{id}       cancel a queued or running job, or forget a finished one
// A job id is a capability, told only to the submitter (see SimulationJobs).
class SimulationRoutes {
 public:
  SimulationRoutes(const Engine& engine, SimulationSettings settings);

  // The routes served here, for the API's route table.
  static std::vector<RouteInfo> table() {
    return {{"GET", "/api/v1/scenarios"},
            {"POST", "/api/v1/simulations"},
            {"GET", "/api/v1/simulations"},
            {"GET", "/api/v1/simulations/{id}"},
            {"DELETE", "/api/v1/simulations/{id}"}};
  }
  static bool handles(std::string_view path) {
    return path == "/api/v1/scenarios" || path == "/api/v1/simulations" || path.starts_with("/api/v1/simulations/");
  }
  HttpReply route(std::string_view method, std::string_view path, bool has_query, std::string_view body,
                  const std::string& client);
  const std::string& startup_warning() const { return catalogue_.warning(); }

 private:
  HttpReply scenarios() const;
  HttpReply submit(std::string_view body, const std::string& client);

  const Engine& engine_;
  ScenarioCatalogue catalogue_;
  HttpReply scenarios_reply_;  // the catalogue never changes: rendered once
  std::uint64_t max_runs_;
  SimulationJobs jobs_;
};

}  // namespace entente
