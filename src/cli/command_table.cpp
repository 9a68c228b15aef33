#include "cli/command_table.hpp"

#include <CLI/CLI.hpp>
#include <ostream>

#include "core/text.hpp"

namespace entente::cli {

Result<std::unique_ptr<Engine>> CommandContext::open(const std::string& database) {
  return Engine::open(database, std::move(clock_));
}

const Engine* CommandContext::open_engine(const std::string& database) {
  Result<std::unique_ptr<Engine>> opened = open(database);
  if (!opened) {
    fail(opened.status());
    return nullptr;
  }
  engine_ = std::move(opened).value();
  return engine_.get();
}

int CommandContext::fail(const Status& status) {
  err_ << "entente: " << status.message() << '\n';
  return kExitFailure;
}

void add_query_options(CLI::App& command, QueryOptions& options, bool with_as_of) {
  command.add_option("--db", options.database, "SQLite database created by 'entente init'")->capture_default_str();
  if (with_as_of) command.add_option("--as-of", options.as_of, "Answer as of this day, YYYY-MM-DD (default: today)");
  command
      .add_option_function<std::string>(
          "--format",
          [&options](const std::string& value) {
            const std::string format = ascii_lower(value);
            options.format = format == "json" ? Format::kJson : format == "csv" ? Format::kCsv : Format::kTable;
          },
          "Output: table for people, json or csv for programs (default: table)")
      ->check(CLI::IsMember({"table", "json", "csv"}, CLI::ignore_case));
}

}  // namespace entente::cli
