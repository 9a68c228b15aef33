#pragma once

#include <string>
#include <string_view>

#include "engine/engine.hpp"
#include "engine/simulation_jobs.hpp"
#include "server/router.hpp"

namespace entente {

// The simulation part of the API: the shipped scenarios and the jobs that run them.
//   GET    /api/v1/scenarios              the scenario files of `scenarios_dir`, as JSON
//   POST   /api/v1/simulations            submit a run or a comparison (202 + Location)
//   GET    /api/v1/simulations            the jobs kept, without results
//   GET    /api/v1/simulations/{id}       progress; the results once done
//   DELETE /api/v1/simulations/{id}       cancel a queued or running job, or forget a finished one
class SimulationRoutes {
 public:
  SimulationRoutes(const Engine& engine, std::string scenarios_dir, unsigned threads, std::uint64_t max_runs);

  static bool handles(std::string_view path) {
    return path == "/api/v1/scenarios" || path == "/api/v1/simulations" || path.starts_with("/api/v1/simulations/");
  }
  HttpReply route(std::string_view method, std::string_view path, bool has_query, std::string_view body);

 private:
  HttpReply scenarios() const;
  HttpReply submit(std::string_view body);

  const Engine& engine_;
  std::string scenarios_dir_;
  std::uint64_t max_runs_;
  SimulationJobs jobs_;
};

}  // namespace entente
