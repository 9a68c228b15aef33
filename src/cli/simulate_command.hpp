#pragma once

#include <CLI/App.hpp>
#include <functional>
#include <iosfwd>
#include <memory>
#include <string>

#include "engine/engine.hpp"

namespace entente {

// What the simulation commands need from the command line around them.
struct CommandContext {
  std::ostream& out;
  std::ostream& err;
  int& exit_code;
  // Opens the database into `engine`; on failure reports, sets exit_code, returns false.
  std::function<bool(const std::string& database)> open_engine;
  std::unique_ptr<Engine>& engine;
};

// `entente simulate` and `entente compare`, added to `app`; their options live here, so
// this must outlive the parse.
class SimulationCommands {
 public:
  SimulationCommands(CLI::App& app, CommandContext& context);
  ~SimulationCommands();
  SimulationCommands(const SimulationCommands&) = delete;
  SimulationCommands& operator=(const SimulationCommands&) = delete;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace entente
