#include "cli/command_table.hpp"

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <ostream>

#include "core/text.hpp"

namespace entente::cli {

Result<std::unique_ptr<Engine>> CommandContext::open(const std::string& database, EngineOptions options) {
  return Engine::open(database, std::move(clock_), std::move(options));
}

Engine* CommandContext::open_engine(const std::string& database, EngineOptions options) {
  Result<std::unique_ptr<Engine>> opened = open(database, std::move(options));
  if (!opened) {
    fail(opened.status());
    return nullptr;
  }
  engine_ = std::move(opened).value();
  return engine_.get();
}

Principal operator_principal() {
  const char* login = std::getenv("USER");
  return Principal::local_operator(login != nullptr ? login : "");
}

Result<AccountSettings> account_settings(const std::string& common_passwords) {
  AccountSettings settings;
  if (common_passwords.empty()) return settings;
  Result<PasswordPolicy> policy = PasswordPolicy::from_file(common_passwords);
  if (!policy) return policy.status();
  settings.policy = std::move(*policy);
  return settings;
}

namespace {

// The bound subcommands of a group, and which of them the command line chose.
class BoundGroup final : public BoundCommand {
 public:
  void add(CLI::App* app, std::unique_ptr<BoundCommand> command) { children_.emplace_back(app, std::move(command)); }
  int run(CommandContext& context) const override {
    for (const auto& [app, command] : children_) {
      if (app->parsed()) return command->run(context);
    }
    return kExitUsage;
  }

 private:
  std::vector<std::pair<CLI::App*, std::unique_ptr<BoundCommand>>> children_;
};

}  // namespace

Command group(std::string_view name, std::string_view help, std::vector<Command> rows) {
  return {name, help, [rows = std::move(rows)](CLI::App& app) -> std::unique_ptr<BoundCommand> {
            auto bound = std::make_unique<BoundGroup>();
            for (const Command& row : rows) {
              CLI::App* sub = app.add_subcommand(std::string(row.name), std::string(row.help));
              bound->add(sub, row.bind(*sub));
            }
            app.require_subcommand(1);
            return bound;
          }};
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
