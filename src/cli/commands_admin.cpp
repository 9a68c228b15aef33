// The commands of the people who run Entente: accounts (entente user ...), the audit log,
// recording and correcting the registry (entente membership|partnership|plan ...) and
// exporting it back to files. They act as the operator, who holds the database file
// itself: recorded in the audit log as "operator:<login>".

#include <CLI/CLI.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <ostream>

#include "cli/command_table.hpp"
#include "cli/table.hpp"
#include "engine/render_csv.hpp"
#include "engine/render_json.hpp"

namespace entente::cli {

namespace {

namespace json = boost::json;

// A request id for the audit log: which command did it.
std::string command_request(std::string_view name) { return "cli:" + std::string(name); }

// With --password-stdin, the first line of standard input without its line ending;
// otherwise empty (the service then makes a one-time password). A flag without a line is
// an error.
Result<std::string> password_from_stdin(bool wanted) {
  if (!wanted) return std::string();
  std::string line;
  if (std::getline(std::cin, line) && !line.empty() && line.back() == '\r') line.pop_back();
  if (line.empty()) {
    return Status(ErrorCode::kInvalidArgument,
                  "--password-stdin: no password on standard input; pipe one line in, or leave the flag out for a "
                  "one-time password");
  }
  return line;
}

struct AccountOptions {
  std::string database = "entente.db";
  std::string common_passwords;  // none: the shipped list only
};

void add_account_options(CLI::App& command, AccountOptions& options) {
  command.add_option("--db", options.database, "SQLite database created by 'entente init'")->capture_default_str();
  command.add_option("--common-passwords", options.common_passwords,
                     "More passwords to refuse, one per line, besides the shipped list");
}

Engine* open_for_accounts(const AccountOptions& options, CommandContext& context) {
  Result<AccountSettings> settings = account_settings(options.common_passwords);
  if (!settings) {
    context.fail(settings.status());
    return nullptr;
  }
  EngineOptions engine_options;
  engine_options.accounts = std::move(*settings);
  return context.open_engine(options.database, std::move(engine_options));
}

// user add

struct UserAddOptions {
  AccountOptions account;
  std::string name;
  std::string role;
  std::string nation;
  bool password_stdin = false;
};

void add_user_add_options(CLI::App& command, UserAddOptions& options) {
  command.add_option("name", options.name, "Account name: lower-case letters, digits, '.', '_', '-'")->required();
  command.add_option("--role", options.role, "viewer, nation-officer, alliance-staff or administrator")->required();
  command.add_option("--nation", options.nation, "ISO alpha-3 of the account's nation (nation officers)");
  command.add_flag("--password-stdin", options.password_stdin,
                   "Read the password from the first line of standard input (default: print a one-time password)");
  add_account_options(command, options.account);
}

int run_user_add(const UserAddOptions& options, CommandContext& context) {
  const Result<std::string> password = password_from_stdin(options.password_stdin);
  if (!password) return context.fail(password.status());
  Engine* engine = open_for_accounts(options.account, context);
  if (engine == nullptr) return kExitFailure;
  Result<CreatedAccount> created =
      engine->accounts().add(operator_principal(), NewAccount{options.name, options.role, options.nation, *password},
                             command_request("user add"));
  if (!created) return context.fail(created.status());
  context.out() << "added " << created->account.name << " (" << word_of(created->account.role)
                << (created->account.nation.empty() ? "" : ", " + created->account.nation) << ")\n";
  if (!created->one_time_password.empty()) {
    context.out() << "one-time password: " << created->one_time_password
                  << "\n(shown once; the user should change it after signing in)\n";
  }
  return kExitSuccess;
}

// user list

struct UserListOptions {
  AccountOptions account;
  Format format = Format::kTable;
};

void add_format_option(CLI::App& command, Format& format) {
  command
      .add_option_function<std::string>(
          "--format",
          [&format](const std::string& value) {
            format = value == "json" ? Format::kJson : value == "csv" ? Format::kCsv : Format::kTable;
          },
          "Output: table for people, json or csv for programs (default: table)")
      ->check(CLI::IsMember({"table", "json", "csv"}));
}

void add_user_list_options(CLI::App& command, UserListOptions& options) {
  add_account_options(command, options.account);
  add_format_option(command, options.format);
}

int run_user_list(const UserListOptions& options, CommandContext& context) {
  Engine* engine = open_for_accounts(options.account, context);
  if (engine == nullptr) return kExitFailure;
  Result<std::vector<AccountView>> users = engine->accounts().list(operator_principal());
  if (!users) return context.fail(users.status());
  if (options.format == Format::kJson) {
    json::array items;
    for (const AccountView& a : *users) items.push_back(to_json(a));
    context.out() << json::serialize(json::object{{"users", std::move(items)}}) << '\n';
    return kExitSuccess;
  }
  if (options.format == Format::kCsv) {
    context.out() << accounts_csv(*users).text();
    return kExitSuccess;
  }
  TextTable table({"name", "role", "nation", "state", "created"});
  for (const AccountView& a : *users) {
    table.add({a.name, std::string(word_of(a.role)), a.nation, a.disabled ? "disabled" : "active", a.created});
  }
  table.print(context.out());
  return kExitSuccess;
}

// user disable, user reset-password

struct UserNameOptions {
  AccountOptions account;
  std::string name;
  bool password_stdin = false;
};

void add_user_disable_options(CLI::App& command, UserNameOptions& options) {
  command.add_option("name", options.name, "The account")->required();
  add_account_options(command, options.account);
}

int run_user_disable(const UserNameOptions& options, CommandContext& context) {
  Engine* engine = open_for_accounts(options.account, context);
  if (engine == nullptr) return kExitFailure;
  if (Status status = engine->accounts().disable(operator_principal(), options.name, command_request("user disable"));
      !status) {
    return context.fail(status);
  }
  context.out() << "disabled " << options.name << "; its sessions and API tokens have ended\n";
  return kExitSuccess;
}

void add_user_reset_options(CLI::App& command, UserNameOptions& options) {
  command.add_option("name", options.name, "The account")->required();
  command.add_flag("--password-stdin", options.password_stdin,
                   "Read the new password from standard input (default: print a one-time password)");
  add_account_options(command, options.account);
}

int run_user_reset(const UserNameOptions& options, CommandContext& context) {
  const Result<std::string> password = password_from_stdin(options.password_stdin);
  if (!password) return context.fail(password.status());
  Engine* engine = open_for_accounts(options.account, context);
  if (engine == nullptr) return kExitFailure;
  Result<std::string> reset = engine->accounts().reset_password(operator_principal(), options.name, *password,
                                                                command_request("user reset-password"));
  if (!reset) return context.fail(reset.status());
  context.out() << "reset the password of " << options.name << "; its sessions have ended\n";
  if (!reset->empty()) context.out() << "one-time password: " << *reset << "\n(shown once)\n";
  return kExitSuccess;
}

// audit

struct AuditOptions {
  std::string database = "entente.db";
  std::string actor;
  std::string kind;
  std::int64_t record = 0;
  std::string from;
  std::string to;
  std::size_t limit = 100;
  Format format = Format::kTable;
};

void add_audit_options(CLI::App& command, AuditOptions& options) {
  command.add_option("--db", options.database, "SQLite database created by 'entente init'")->capture_default_str();
  command.add_option("--actor", options.actor, "Only changes by this account (or operator:LOGIN)");
  command.add_option("--kind", options.kind, "Only changes of this kind of record")
      ->check(CLI::IsMember(words_of<AuditKind>()));
  command.add_option("--record", options.record, "Only changes of the record with this id")
      ->check(CLI::Range(std::int64_t{1}, INT64_MAX));
  command.add_option("--from", options.from, "From this instant or day (UTC), inclusive");
  command.add_option("--to", options.to, "To this instant, or to the end of this day (UTC), inclusive");
  command.add_option("--limit", options.limit, "At most this many entries, newest first")
      ->capture_default_str()
      ->check(CLI::Range(1, 100000));
  add_format_option(command, options.format);
}

// "2026-12-05" or "2026-12-05T10:00:00Z" as the audit log's instants; a day `to` is the
// end of that day.
Result<std::string> instant_bound(const std::string& text, bool end_of_day, const char* option) {
  if (text.empty()) return std::string();
  if (Result<Date> day = Date::parse(text))
    return (end_of_day ? day->add_days(1) : *day).to_string() + "T00:00:00.000Z";
  if (const auto instant = parse_instant(text)) return format_instant(*instant);
  return Status(ErrorCode::kInvalidArgument,
                std::string(option) + " must be a day YYYY-MM-DD or an instant like 2026-12-05T10:00:00Z");
}

int run_audit(const AuditOptions& options, CommandContext& context) {
  AuditQuery query;
  query.actor = options.actor;
  query.kind = options.kind;
  query.record = options.record;
  query.limit = options.limit;
  Result<std::string> from = instant_bound(options.from, false, "--from");
  if (!from) return context.fail(from.status());
  Result<std::string> to = instant_bound(options.to, true, "--to");
  if (!to) return context.fail(to.status());
  query.from = *from;
  query.to = *to;
  Engine* engine = context.open_engine(options.database);
  if (engine == nullptr) return kExitFailure;
  Result<std::vector<AuditEntry>> entries = engine->edits().audit(operator_principal(), query);
  if (!entries) return context.fail(entries.status());
  if (options.format == Format::kJson) {
    json::array items;
    for (const AuditEntry& e : *entries) items.push_back(to_json(e));
    context.out() << json::serialize(json::object{{"entries", std::move(items)}}) << '\n';
    return kExitSuccess;
  }
  if (options.format == Format::kCsv) {
    context.out() << audit_csv(*entries).text();
    return kExitSuccess;
  }
  TextTable table({"id", "at", "actor", "action", "kind", "record", "reason"});
  for (const AuditEntry& e : *entries) {
    table.add({std::to_string(e.id), e.at, e.actor, e.action, e.kind, std::to_string(e.record), e.reason});
  }
  table.print(context.out());
  return kExitSuccess;
}

// export-data

struct ExportOptions {
  std::string database = "entente.db";
  std::string out;
  bool force = false;
};

void add_export_options(CLI::App& command, ExportOptions& options) {
  command.add_option("--db", options.database, "SQLite database created by 'entente init'")->capture_default_str();
  command.add_option("--out", options.out, "Folder to write the CSV files into (created if missing)")->required();
  command.add_flag("--force", options.force, "Replace files of the same names in --out");
}

int run_export(const ExportOptions& options, CommandContext& context) {
  Engine* engine = context.open_engine(options.database);
  if (engine == nullptr) return kExitFailure;
  if (Status status = engine->export_data(options.out, options.force); !status) return context.fail(status);
  context.out() << "wrote the registry of " << options.database << " to " << options.out << " (version "
                << engine->snapshot()->version() << "); load it with 'entente init --data " << options.out
                << " --atlas <atlas>'\n";
  return kExitSuccess;
}

// membership|partnership|plan add|correct|delete

struct EditOptions {
  std::string database = "entente.db";
  std::int64_t id = 0;
  std::int64_t version = 0;
  RecordFields fields;
  std::string reason;
};

template <RecordKind Kind>
void add_field_options(CLI::App& command, EditOptions& options) {
  RecordFields& f = options.fields;
  if constexpr (Kind == RecordKind::kPartnership) {
    command.add_option("--framework", f.framework, "Partnership framework id, e.g. PFP");
  } else {
    command.add_option("--organisation", f.organisation, "Organisation id, e.g. NATO");
  }
  command.add_option("--nation", f.nation, "ISO alpha-3 code, e.g. SWE");
  if constexpr (Kind == RecordKind::kPlan) command.add_option("--plan", f.plan, "ANP, IPAP, IPCP, ITPP or MAP");
  command.add_option("--from", f.from, "First day, YYYY-MM-DD");
  command.add_option("--to", f.to, "The day it ends (not included), YYYY-MM-DD; '' for open");
  if constexpr (Kind != RecordKind::kPlan) command.add_option("--status", f.status, "Status word");
  command.add_option("--source", f.source, "Where the fact comes from: a URL or a document citation");
  command.add_option("--note", f.note, "Choices and disagreements between sources");
  command.add_option("--reason", options.reason, "Why the change is made (kept in the audit log)");
  command.add_option("--db", options.database, "SQLite database created by 'entente init'")->capture_default_str();
}

template <RecordKind Kind>
void add_create_options(CLI::App& command, EditOptions& options) {
  add_field_options<Kind>(command, options);
}

template <RecordKind Kind>
void add_correct_options(CLI::App& command, EditOptions& options) {
  command.add_option("id", options.id, "The record's id")->required()->check(CLI::Range(std::int64_t{1}, INT64_MAX));
  command.add_option("--version", options.version, "The version you read (its ETag \"rN\" is version N)")
      ->required()
      ->check(CLI::Range(std::int64_t{1}, INT64_MAX));
  add_field_options<Kind>(command, options);
}

template <RecordKind Kind>
void add_delete_options(CLI::App& command, EditOptions& options) {
  command.add_option("id", options.id, "The record's id")->required()->check(CLI::Range(std::int64_t{1}, INT64_MAX));
  command.add_option("--version", options.version, "The version you read")
      ->required()
      ->check(CLI::Range(std::int64_t{1}, INT64_MAX));
  command.add_option("--reason", options.reason, "Why the record goes (kept in the audit log)");
  command.add_option("--source", options.fields.source, "The source that shows the record was wrong");
  command.add_option("--db", options.database, "SQLite database created by 'entente init'")->capture_default_str();
}

template <RecordKind Kind, EditCommand::Action Action>
int run_edit(const EditOptions& options, CommandContext& context) {
  Engine* engine = context.open_engine(options.database);
  if (engine == nullptr) return kExitFailure;
  EditCommand command;
  command.action = Action;
  command.kind = Kind;
  command.id = options.id;
  if (Action != EditCommand::Action::kCreate) command.expected_version = options.version;
  command.fields = options.fields;
  command.reason = options.reason;
  command.request_id = command_request(std::string(word_of(Kind)));
  EditFailure failure;
  Result<EditOutcome> outcome = engine->edits().apply(operator_principal(), command, &failure);
  if (!outcome) {
    const int code = context.fail(failure.status);
    for (const FieldError& error : failure.status.errors()) {
      if (error.message != failure.status.message())
        context.err() << "  " << error.field << ": " << error.message << '\n';
    }
    if (failure.current) context.err() << "the record now reads: " << record_json(*failure.current) << '\n';
    return code;
  }
  if (!outcome->record) {
    context.out() << "deleted " << word_of(Kind) << ' ' << options.id << '\n';
  } else {
    context.out() << record_json(*outcome->record) << '\n';
  }
  return kExitSuccess;
}

template <RecordKind Kind>
Command edit_group(std::string_view name, std::string_view help) {
  using Action = EditCommand::Action;
  return group(
      name, help,
      {command("add", "Record one (a source is required)", add_create_options<Kind>, run_edit<Kind, Action::kCreate>),
       command("correct", "Correct one: give its id, the version you read, the new values and a source",
               add_correct_options<Kind>, run_edit<Kind, Action::kUpdate>),
       command("delete", "Delete one recorded in error: its id, the version you read and a reason",
               add_delete_options<Kind>, run_edit<Kind, Action::kDelete>)});
}

}  // namespace

std::vector<Command> admin_commands() {
  return {
      group("user", "Accounts: add, list, disable, reset-password",
            {command("add", "Add an account; prints a one-time password unless --password-stdin", add_user_add_options,
                     run_user_add),
             command("list", "List the accounts", add_user_list_options, run_user_list),
             command("disable", "Disable an account and end its sessions and tokens", add_user_disable_options,
                     run_user_disable),
             command("reset-password", "Set a new password and end the account's sessions", add_user_reset_options,
                     run_user_reset)}),
      command("audit", "The audit log of changes, newest first", add_audit_options, run_audit),
      edit_group<RecordKind::kMembership>("membership", "Record, correct or delete a membership (audited)"),
      edit_group<RecordKind::kPartnership>("partnership", "Record, correct or delete a partnership (audited)"),
      edit_group<RecordKind::kPlan>("plan", "Record, correct or delete a partnership plan (audited)"),
      command("export-data", "Write the registry back as data/-format CSV files", add_export_options, run_export),
  };
}

}  // namespace entente::cli
