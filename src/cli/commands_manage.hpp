#pragma once

// What the partnership management commands share (commands_manage.cpp: programmes, council
// rounds, the inbox, the history, deadlines; commands_cooperation.cpp: the menu, DCB
// packages, PARP, units, events): who acts, how a failure and a view are shown, and the
// groups that take a workflow's steps as words read from the workflow table.

#include <CLI/App.hpp>
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/command_table.hpp"
#include "manage/manage_service.hpp"

namespace entente::cli {

// The options every partnership management command takes.
struct ManageOptions {
  std::string database = "entente.db";
  std::string as;  // an account's name; empty: the operator
  Format format = Format::kTable;
};

// Which --format a command offers: none (it prints a line), table or json (a view), or
// table, json or csv (a list).
enum class Formats { kNone, kView, kList };

// Declares --db, --as and, as `formats` says, --format.
void add_manage_options(CLI::App& command, ManageOptions& options, Formats formats);

// Who acts, on which engine: the operator (an administrator, recorded as
// "operator:<login>"), or with --as the account of that name, recorded under its own name
// with its role and nation, so that partner officers' and Allies' steps can be taken from
// the command line.
struct Actor {
  Engine* engine = nullptr;
  Principal principal;
  std::string request_id;  // "cli:<command>", and the operator's name when acting --as
};

// Opens the database and finds the account of --as; nullopt once the failure is reported.
std::optional<Actor> open_actor(const ManageOptions& options, std::string_view command, CommandContext& context);

// Reports a failed request on stderr: the message, then each invalid field when there are
// several. Returns the exit code.
int fail_request(const Status& status, CommandContext& context);

// A positive id from the command line.
CLI::Option* add_id(CLI::App& command, const std::string& name, std::int64_t& id, const std::string& help);
// --version N, the version read: required.
void add_version(CLI::App& command, std::int64_t& version, const std::string& what);

// A workflow step asked on the command line: `entente programme submit 3 --version 2`.
struct StepOptions {
  std::string group;                  // programme, parp, event
  std::string workflow;               // its workflow in the workflow table
  std::vector<std::string> commands;  // the group's own words (list, show...)
  ManageOptions manage;
  std::string action;
  std::int64_t id = 0;
  std::int64_t version = 0;
  std::string comment;
  std::vector<std::string> attachments;  // documents the step refers to (URLs)
  std::string procedure;                 // a step that opens a council round
  std::string deadline;
};

// A group whose words are `rows` (list, show, ...) and which also takes `ACTION ID
// --version N [--comment]` for the steps of `workflow`: the actions are read from the
// workflow table when the command runs, so a step added to data/workflows.csv needs no
// new command. `run_step` runs such a step; `council` adds --procedure and --deadline.
Command workflow_group(std::string_view name, std::string_view help, std::string_view workflow,
                       std::vector<Command> rows, bool council, int (*run_step)(const StepOptions&, CommandContext&));

// Whether the step's action is one of its workflow's that a person may take (those the
// system alone takes are left out), as the workflow table says; kInvalidArgument listing
// them, and the group's own commands, when it is none of them.
Status check_action(const Engine& engine, const StepOptions& options);

// The request a step sends, from its options.
StepRequest step_request(const StepOptions& options, const Actor& actor);

// Text for people.
std::string yes_no(bool value);
std::string or_none(const std::string& text);  // "-" for empty
// "Next steps": what the caller may do with a subject now, and why not when not.
void print_actions(const std::vector<ActionOption>& actions, std::ostream& out);
// "History": a subject's transitions, oldest first.
void print_history(const std::vector<TransitionEntry>& history, std::ostream& out);
// After a step: the subject's state and version, and the approvals an N-of-M step gathered.
void print_step_outcome(std::string_view what, std::int64_t id, const std::string& state, std::int64_t version,
                        const std::string& action, const std::vector<ActionOption>& actions, std::ostream& out);

std::vector<Command> cooperation_commands();  // menu, dcb-packages, parp, unit, event (commands_cooperation.cpp)

}  // namespace entente::cli
