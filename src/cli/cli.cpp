#include "cli/cli.hpp"

#include <CLI/CLI.hpp>
#include <ostream>

#include "cli/command_table.hpp"
#include "core/text.hpp"

namespace entente {

namespace {

// The command table: every `entente` command is one row (name, one-line help, the
// function declaring its options, the function running it; see cli::Command), kept
// with its area's rows in commands_*.cpp. The areas are listed here in the order
// 'entente --help' shows them. To add a command, add its row and its two functions to
// its area; a new area is one more file and one more line here.
std::vector<cli::Command> command_table() {
  std::vector<cli::Command> table;
  for (std::vector<cli::Command> (*area)() :
       {cli::data_commands, cli::registry_commands, cli::rules_commands, cli::catalogue_commands,
        cli::simulation_commands, cli::admin_commands, cli::manage_commands, cli::analytics_commands}) {
    for (cli::Command& row : area()) table.push_back(std::move(row));
  }
  return table;
}

}  // namespace

int run_cli(int argc, const char* const* argv, std::ostream& out, std::ostream& err, std::unique_ptr<Clock> clock) {
  // An argument is echoed into JSON, CSV and messages: it must be text.
  for (int i = 1; i < argc; ++i) {
    if (!is_valid_utf8(argv[i])) {
      err << "entente: argument " << i << " is not valid UTF-8; pass text in UTF-8 (check the terminal's locale)\n";
      return cli::kExitUsage;
    }
  }
  CLI::App app{
      "Entente: who is a member or a partner of which alliance, as of any date, with sources.\n"
      "Create the database once with 'entente init', then query it or serve it over HTTP.",
      "entente"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "entente 0.1.0");

  cli::CommandContext context(out, err, std::move(clock));
  int exit_code = cli::kExitSuccess;
  // Each command's options, bound to its subcommand; they live until the commands have run.
  std::vector<std::unique_ptr<cli::BoundCommand>> commands;
  for (const cli::Command& row : command_table()) {
    CLI::App* subcommand = app.add_subcommand(std::string(row.name), std::string(row.help));
    const cli::BoundCommand& command = *commands.emplace_back(row.bind(*subcommand));
    subcommand->callback([&command, &context, &exit_code] { exit_code = command.run(context); });
  }

  // Set after the subcommands so that they do not inherit it.
  app.footer(
      "Queries answer as of a day: --as-of YYYY-MM-DD (default: today); output with\n"
      "--format table|json|csv. Run 'entente COMMAND --help' for the options of a command.");
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    out << app.help();
    return cli::kExitSuccess;
  } catch (const CLI::CallForAllHelp&) {
    out << app.help("", CLI::AppFormatMode::All);
    return cli::kExitSuccess;
  } catch (const CLI::CallForVersion&) {
    out << app.version() << '\n';
    return cli::kExitSuccess;
  } catch (const CLI::ParseError& error) {
    // Help requested on a subcommand arrives here too, as a success.
    if (error.get_exit_code() == 0) {
      const CLI::App* target = &app;
      for (const CLI::App* sub : app.get_subcommands()) target = sub;
      out << target->help();
      return cli::kExitSuccess;
    }
    err << "entente: " << error.what() << "\nRun 'entente --help' for usage.\n";
    return cli::kExitUsage;
  }
  return exit_code;
}

}  // namespace entente
