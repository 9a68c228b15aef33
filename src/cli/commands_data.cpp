// The commands that load, check and serve the data: init, check-data, serve.

#include <CLI/CLI.hpp>
#include <optional>
#include <ostream>

#include "cli/command_table.hpp"
#include "server/server.hpp"
#include "store/atlas_reader.hpp"

namespace entente::cli {

namespace {

void print_summary(const DatasetSummary& s, std::ostream& out) {
  out << s.nations << " nations, " << s.organisations << " organisations, " << s.memberships << " memberships, "
      << s.frameworks << " frameworks, " << s.partnerships << " partnerships, " << s.plans << " plans, "
      << s.territory_changes << " territory changes, " << s.rule_rows << " rows of rule tables"
      << (s.country_shapes > 0 ? ", " + std::to_string(s.country_shapes) + " country shapes" : "") << '\n';
}

// init

struct InitOptions {
  std::string database = "entente.db";
  std::string data = "data";
  std::optional<std::string> atlas;  // not given: the atlas in the data folder
  bool force = false;
};

void add_init_options(CLI::App& command, InitOptions& options) {
  command.add_option("--db", options.database, "SQLite database to create or replace")->capture_default_str();
  command.add_option("--data", options.data, "Folder holding the reference CSV files")->capture_default_str();
  command.add_option("--atlas", options.atlas,
                     "TopoJSON of country land for Article 6 (default: " + std::string(kAtlasFile) +
                         " in the --data folder; '' for none)");
  command.add_flag("--force", options.force,
                   "Replace the data even where users edited the registry (accounts and the audit log are kept)");
}

int run_init(const InitOptions& options, CommandContext& context) {
  const std::string atlas = options.atlas ? *options.atlas : atlas_in(options.data);
  Result<DatasetSummary> summary =
      Engine::init_database(options.database, DirectoryDataFiles(options.data), atlas, options.force);
  if (!summary) {
    const int exit_code = context.fail(summary.status());
    context.err() << "entente: nothing was written to " << options.database << "\n";
    return exit_code;
  }
  context.out() << "Loaded " << options.data << " into " << options.database << ": ";
  print_summary(*summary, context.out());
  return kExitSuccess;
}

// check-data

struct CheckDataOptions {
  std::string data = "data";
};

void add_check_data_options(CLI::App& command, CheckDataOptions& options) {
  command.add_option("--data", options.data, "Folder holding the reference CSV files")->capture_default_str();
}

int run_check_data(const CheckDataOptions& options, CommandContext& context) {
  Result<DatasetSummary> summary = Engine::check_data(DirectoryDataFiles(options.data));
  if (!summary) return context.fail(summary.status());
  context.out() << options.data << " is valid: ";
  print_summary(*summary, context.out());
  return kExitSuccess;
}

// serve

struct ServeOptions {
  std::string database = "entente.db";
  ServerOptions server;
  bool private_reference = false;
  std::string common_passwords;  // none: the shipped list only
  long long shortest_deadline_seconds = 24LL * 3600;
};

void add_serve_options(CLI::App& command, ServeOptions& options) {
  ServerOptions& server = options.server;
  command.add_option("--db", options.database, "SQLite database created by 'entente init'")->capture_default_str();
  command.add_option("--host", server.host, "Address to listen on")->capture_default_str();
  command.add_option("--port", server.port, "Port to listen on; 0 picks a free one")
      ->capture_default_str()
      ->check(CLI::Range(0, 65535));
  command.add_option("--web", server.web_root, "Folder of the built browser UI served at /")->capture_default_str();
  command.add_option("--threads", server.threads, "I/O threads (default: one per core)")->check(CLI::Range(1, 256));
  command.add_option("--access-log", server.access_log, "Access log: a file, '-' for stderr, or 'off'")
      ->capture_default_str();
  command.add_option("--access-log-max-mb", server.access_log_max_mb, "Rotate the access log file at this size")
      ->capture_default_str()
      ->check(CLI::Range(1, 1048576));
  command.add_option("--access-log-files", server.access_log_files, "Rotated access log files kept")
      ->capture_default_str()
      ->check(CLI::Range(0, 1000));
  command
      .add_option("--reply-cache-mb", server.reply_cache_mb, "MiB of API replies kept in memory; 0 turns the cache off")
      ->capture_default_str()
      ->check(CLI::Range(0, 1048576));
  command.add_option("--scenarios", server.scenarios_dir, "Folder of scenario files listed by the API")
      ->capture_default_str();
  command
      .add_option("--simulation-threads", server.simulation_threads,
                  "Worker threads of a simulation job (default: one per core)")
      ->check(CLI::Range(0, 256));
  command.add_option("--max-jobs", server.max_jobs, "Simulation jobs queued or running, all clients together")
      ->capture_default_str()
      ->check(CLI::Range(1, 10000));
  command.add_option("--jobs-per-client", server.jobs_per_client, "Simulation jobs queued or running per client")
      ->capture_default_str()
      ->check(CLI::Range(1, 10000));
  command
      .add_option("--max-connections", server.max_connections,
                  "Open connections (default: three quarters of the descriptor limit less 64, at most 4096)")
      ->check(CLI::Range(1, 1000000));
  command.add_option("--max-header-bytes", server.max_header_bytes, "Request line, headers and trailers")
      ->capture_default_str()
      ->check(CLI::Range(1024, 61440));
  command.add_option("--max-body-bytes", server.max_body_bytes, "Request body")
      ->capture_default_str()
      ->check(CLI::Range(1024, 67108864));
  command.add_option("--idle-timeout", server.idle_timeout_seconds, "Seconds to read a request or write a reply")
      ->capture_default_str()
      ->check(CLI::Range(1, 3600));
  command.add_option("--allowed-host", server.allowed_hosts,
                     "A Host name the server answers to besides IP addresses and localhost (repeatable)");
  command.add_option("--allowed-origin", server.allowed_origins,
                     "An origin, e.g. https://ui.example.org, whose pages may POST and DELETE (repeatable)");
  command.add_flag("--private", options.private_reference,
                   "The reference data too needs a signed-in user (default: readable by anyone)");
  command.add_flag("--secure-cookies", server.secure_cookies,
                   "Behind TLS: name the session cookie __Host-entente-session and mark it Secure");
  command.add_option("--common-passwords", options.common_passwords,
                     "More passwords to refuse, one per line, besides the shipped list (e.g. the NCSC's 100,000)");
  command
      .add_option("--shortest-deadline", options.shortest_deadline_seconds,
                  "The shortest deadline, in seconds, staff may give a council round (default: a day)")
      ->capture_default_str()
      ->check(CLI::Range(0, 30 * 24 * 3600));
  command
      .add_option("--refresh-ms", server.refresh_ms,
                  "How often to look for changes written by other processes; 0: never")
      ->capture_default_str()
      ->check(CLI::Range(0, 3600000));
}

int run_serve(const ServeOptions& options, CommandContext& context) {
  Result<AccountSettings> accounts = account_settings(options.common_passwords);
  if (!accounts) return context.fail(accounts.status());
  EngineOptions engine_options;
  engine_options.accounts = std::move(*accounts);
  engine_options.access.private_reference = options.private_reference;
  engine_options.manage.shortest_deadline = std::chrono::seconds(options.shortest_deadline_seconds);
  Engine* engine = context.open_engine(options.database, std::move(engine_options));
  if (engine == nullptr) return kExitFailure;
  if (Status status = run_server(*engine, options.server, context.out(), context.err()); !status) {
    return context.fail(status);
  }
  return kExitSuccess;
}

}  // namespace

std::vector<Command> data_commands() {
  return {
      command("init", "Create or replace the database from the reference data in one transaction", add_init_options,
              run_init),
      command("check-data", "Validate the reference data without writing anything", add_check_data_options,
              run_check_data),
      command("serve", "Serve the HTTP/JSON API and the browser UI", add_serve_options, run_serve),
  };
}

}  // namespace entente::cli
