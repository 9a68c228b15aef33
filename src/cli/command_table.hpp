#pragma once

#include <CLI/App.hpp>
#include <functional>
#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.hpp"
#include "core/status.hpp"
#include "engine/engine.hpp"

namespace entente::cli {

// Exit codes of the `entente` command.
inline constexpr int kExitSuccess = 0;
inline constexpr int kExitFailure = 1;  // the request failed: unknown id, invalid data, storage error
inline constexpr int kExitUsage = 2;    // the command line is malformed

// What a command's run function has to work with: where to write, and the engine.
class CommandContext {
 public:
  CommandContext(std::ostream& out, std::ostream& err, std::unique_ptr<Clock> clock)
      : out_(out), err_(err), clock_(std::move(clock)) {}

  std::ostream& out() { return out_; }
  std::ostream& err() { return err_; }

  // Opens the database created by 'entente init', with the command line's clock. Once per
  // command: the clock goes to the engine.
  Result<std::unique_ptr<Engine>> open(const std::string& database, EngineOptions options = {});
  // The same, keeping the engine for as long as the context; nullptr once the failure
  // has been reported.
  Engine* open_engine(const std::string& database, EngineOptions options = {});

  // Reports a failed request on stderr and returns its exit code.
  int fail(const Status& status);

 private:
  std::ostream& out_;
  std::ostream& err_;
  std::unique_ptr<Clock> clock_;
  std::unique_ptr<Engine> engine_;
};

// A command with its options declared and bound; run after the command line is parsed.
class BoundCommand {
 public:
  virtual ~BoundCommand() = default;
  // Returns the exit code.
  virtual int run(CommandContext& context) const = 0;
};

// One row of the command table. A command parses its options, asks the engine one
// question, and renders the answer:
//
//   struct MembersOptions { QueryOptions query; std::string organisation; };
//   void add_members_options(CLI::App& command, MembersOptions& options);  // CLI11 options
//   int run_members(const MembersOptions& options, CommandContext& context);  // exit code
//
//   command("members", "Members of an organisation as of a date", add_members_options, run_members)
//
// The options struct holds what the command line gives; each command gets its own, built
// before its options are declared and kept until it has run. Rows are grouped by area in
// commands_*.cpp; cli.cpp puts the areas together in the order 'entente --help' lists them.
struct Command {
  std::string_view name;  // one word: entente NAME ...
  std::string_view help;  // one line, listed by 'entente --help'
  // Declares the command's options on its CLI11 subcommand, bound to options the result owns.
  std::function<std::unique_ptr<BoundCommand>(CLI::App& command)> bind;
};

namespace detail {

template <typename Options>
class BoundCommandOf final : public BoundCommand {
 public:
  using Run = int (*)(const Options&, CommandContext&);
  explicit BoundCommandOf(Run function) : run_(function) {}
  int run(CommandContext& context) const override { return run_(options_, context); }
  Options& options() { return options_; }

 private:
  Run run_;
  Options options_{};
};

}  // namespace detail

// A row of the table from its four columns; Options is the command's options struct.
template <typename Options>
Command command(std::string_view name, std::string_view help, void (*add_options)(CLI::App&, Options&),
                int (*run)(const Options&, CommandContext&)) {
  return {name, help, [add_options, run](CLI::App& app) -> std::unique_ptr<BoundCommand> {
            auto bound = std::make_unique<detail::BoundCommandOf<Options>>(run);
            add_options(app, bound->options());
            return bound;
          }};
}

// A command with commands of its own (entente user add ...): `rows` become its
// subcommands, one of which must be given.
Command group(std::string_view name, std::string_view help, std::vector<Command> rows);

// The rows of the command table, by area.
std::vector<Command> data_commands();        // init, check-data, serve (commands_data.cpp)
std::vector<Command> registry_commands();    // members ... search (commands_registry.cpp)
std::vector<Command> rules_commands();       // decide ... eligible (commands_rules.cpp)
std::vector<Command> catalogue_commands();   // organisations, frameworks (commands_registry.cpp)
std::vector<Command> simulation_commands();  // simulate, compare (commands_simulation.cpp)
std::vector<Command> admin_commands();       // user, audit, export-data, edits (commands_admin.cpp)
std::vector<Command> manage_commands();
std::vector<Command> analytics_commands();  // exercises ... panel: the analytics (commands_analytics.cpp)      //
                                            // programme ... event: partnership management (commands_manage.cpp)

// The account settings of the command line and the server: the shipped list of common
// passwords, and those of the file `common_passwords` when one is named.
Result<AccountSettings> account_settings(const std::string& common_passwords);

// Who the command line acts as: the operator, named after $USER (operator:NAME in the audit
// log), who holds the database file and so may do anything.
Principal operator_principal();

// Output of the query commands: table for people, JSON or CSV for programs.
enum class Format { kTable, kJson, kCsv };

// The options every query command takes.
struct QueryOptions {
  std::string database = "entente.db";
  std::string as_of;
  Format format = Format::kTable;
};

// Declares --db, --as-of (unless the query has no date) and --format.
void add_query_options(CLI::App& command, QueryOptions& options, bool with_as_of = true);

}  // namespace entente::cli
