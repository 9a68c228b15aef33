// Partnership management from the command line: programmes (ITPP) with their parts and
// steps, their export and import as CSV, council rounds, the inbox, the history of every
// workflow and the council deadlines; the menu, PARP, units and events are in
// commands_cooperation.cpp. Each command parses, calls one ManageService method (or a few,
// for an import), and renders the answer with manage_json.hpp's JSON and CSV, so that the
// command line and the API say the same. The service authorises and validates.

#include <CLI/CLI.hpp>
#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <map>
#include <ostream>
#include <set>
#include <sstream>

#include "cli/commands_manage.hpp"
#include "cli/output.hpp"
#include "cli/table.hpp"
#include "core/csv.hpp"
#include "core/text.hpp"
#include "engine/render_json.hpp"
#include "manage/manage_json.hpp"
#include "model/vocabulary.hpp"

namespace entente::cli {

namespace json = boost::json;

// --- What the partnership management commands share ---

namespace {

// The principal of the account `name`, as the command line acts for it: its id, role and
// nation, and its name for the history and the audit log.
Result<Principal> account_principal(Engine& engine, const Principal& operator_actor, const std::string& name) {
  Result<std::vector<AccountView>> accounts = engine.accounts().list(operator_actor);
  if (!accounts) return accounts.status();
  const auto account =
      std::find_if(accounts->begin(), accounts->end(), [&](const AccountView& a) { return a.name == name; });
  if (account == accounts->end()) {
    return Status(ErrorCode::kNotFound,
                  "--as: no account '" + name.substr(0, 60) + "'; 'entente user list' lists the accounts", "--as");
  }
  if (account->disabled) {
    return Status(ErrorCode::kForbidden, "--as: the account " + name + " is disabled", "--as");
  }
  Principal principal;
  principal.via = Principal::Via::kOperator;
  principal.account = account->id;
  principal.name = account->name;
  principal.role = account->role;
  principal.nation = account->nation;
  return principal;
}

std::string field_name(const std::string& field) { return field.starts_with("/") ? field.substr(1) : field; }

// A workflow group once bound: the subcommand the command line chose, or else the step its
// own positionals (ACTION ID) and options ask for.
class BoundWorkflowGroup final : public BoundCommand {
 public:
  using RunStep = int (*)(const StepOptions&, CommandContext&);
  BoundWorkflowGroup(std::string group, RunStep run_step) : group_(std::move(group)), run_step_(run_step) {}

  void add(CLI::App* app, std::unique_ptr<BoundCommand> command) { children_.emplace_back(app, std::move(command)); }
  StepOptions& step() { return step_; }

  int run(CommandContext& context) const override {
    for (const auto& [app, command] : children_) {
      if (app->parsed()) return command->run(context);
    }
    if (step_.action.empty()) {
      context.err() << "entente " << group_ << ": name a command or a step; run 'entente " << group_
                    << " --help' for them\n";
      return kExitUsage;
    }
    if (step_.id == 0 || step_.version == 0) {
      context.err() << "entente " << group_ << " " << step_.action << ": give the ID and the version you read, e.g. '"
                    << "entente " << group_ << " " << step_.action << " 3 --version 2'\n";
      return kExitUsage;
    }
    return run_step_(step_, context);
  }

 private:
  std::string group_;
  RunStep run_step_;
  StepOptions step_;
  std::vector<std::pair<CLI::App*, std::unique_ptr<BoundCommand>>> children_;
};

}  // namespace

void add_manage_options(CLI::App& command, ManageOptions& options, Formats formats) {
  command.add_option("--db", options.database, "SQLite database created by 'entente init'")->capture_default_str();
  command.add_option("--as", options.as,
                     "Act as this account (its role and nation; the audit log names it) instead of the operator");
  if (formats == Formats::kNone) return;
  const bool csv = formats == Formats::kList;
  command
      .add_option_function<std::string>(
          "--format",
          [&options](const std::string& value) {
            const std::string format = ascii_lower(value);
            options.format = format == "json" ? Format::kJson : format == "csv" ? Format::kCsv : Format::kTable;
          },
          csv ? "Output: table for people, json or csv for programs (default: table)"
              : "Output: table for people, json for programs (default: table)")
      ->check(csv ? CLI::IsMember({"table", "json", "csv"}, CLI::ignore_case)
                  : CLI::IsMember({"table", "json"}, CLI::ignore_case));
}

std::optional<Actor> open_actor(const ManageOptions& options, std::string_view command, CommandContext& context) {
  // The command line holds the database file: it sets deadlines as it needs (no shortest one).
  EngineOptions engine_options;
  engine_options.manage.shortest_deadline = std::chrono::seconds(0);
  Engine* engine = context.open_engine(options.database, std::move(engine_options));
  if (engine == nullptr) return std::nullopt;
  const Principal operator_actor = operator_principal();
  Actor actor{engine, operator_actor, "cli:" + std::string(command)};
  if (options.as.empty()) return actor;
  Result<Principal> account = account_principal(*engine, operator_actor, options.as);
  if (!account) {
    fail_request(account.status(), context);
    return std::nullopt;
  }
  actor.principal = std::move(*account);
  actor.request_id += " by " + operator_actor.name;
  return actor;
}

int fail_request(const Status& status, CommandContext& context) {
  const int code = context.fail(status);
  for (const FieldError& error : status.errors()) {
    if (error.message != status.message())
      context.err() << "  " << field_name(error.field) << ": " << error.message << '\n';
  }
  return code;
}

CLI::Option* add_id(CLI::App& command, const std::string& name, std::int64_t& id, const std::string& help) {
  return command.add_option(name, id, help)->required()->check(CLI::Range(std::int64_t{1}, INT64_MAX));
}

void add_version(CLI::App& command, std::int64_t& version, const std::string& what) {
  command.add_option("--version", version, "The version of the " + what + " you read (a stale one changes nothing)")
      ->required()
      ->check(CLI::Range(std::int64_t{1}, INT64_MAX));
}

Command workflow_group(std::string_view name, std::string_view help, std::string_view workflow,
                       std::vector<Command> rows, bool council, int (*run_step)(const StepOptions&, CommandContext&)) {
  return {name, help,
          [name = std::string(name), workflow = std::string(workflow), rows = std::move(rows), council,
           run_step](CLI::App& app) -> std::unique_ptr<BoundCommand> {
            auto bound = std::make_unique<BoundWorkflowGroup>(name, run_step);
            for (const Command& row : rows) {
              CLI::App* sub = app.add_subcommand(std::string(row.name), std::string(row.help));
              bound->add(sub, row.bind(*sub));
            }
            app.require_subcommand(0, 1);
            StepOptions& step = bound->step();
            step.group = name;
            step.workflow = workflow;
            for (const Command& row : rows) step.commands.emplace_back(row.name);
            app.add_option("action", step.action,
                           "A step of the " + workflow +
                               " workflow, as data/workflows.csv names it ('show ID' lists those open now)");
            app.add_option("id", step.id, "The " + name + "'s id")->check(CLI::Range(std::int64_t{1}, INT64_MAX));
            app.add_option("--version", step.version, "The version you read (a stale one changes nothing)")
                ->check(CLI::Range(std::int64_t{1}, INT64_MAX));
            app.add_option("--comment", step.comment, "Why: some steps need it (return, withdraw, assess, close...)");
            app.add_option("--attach", step.attachments,
                           "The http(s) URL of a document the step refers to, kept in the history (repeatable, "
                           "up to 10)");
            if (council) {
              app.add_option("--procedure", step.procedure,
                             "A step that goes to the council: consensus or silence (default: the council's usual)");
              app.add_option("--deadline", step.deadline,
                             "A step that goes to the council: when the round closes, e.g. 2026-12-08T12:00:00Z "
                             "(default: in 72 hours)");
            }
            add_manage_options(app, step.manage, Formats::kView);
            return bound;
          }};
}

Status check_action(const Engine& engine, const StepOptions& options) {
  const std::string& action = options.action;
  const Result<ReferenceRows> reference = engine.manage().reference(operator_principal());
  if (!reference) return reference.status();
  std::vector<std::string> actions;
  for (const WorkflowRule* rule : reference->workflow_rules) {
    if (rule->workflow != options.workflow) continue;
    if (rule->actors.size() == 1 && rule->actors.front() == "system") continue;
    if (std::find(actions.begin(), actions.end(), rule->action) == actions.end()) actions.push_back(rule->action);
  }
  if (std::find(actions.begin(), actions.end(), action) != actions.end()) return Status::ok();
  return Status(ErrorCode::kInvalidArgument, "'" + action.substr(0, 40) + "' is neither a command of 'entente " +
                                                 options.group + "' (" + join(options.commands, ", ") +
                                                 ") nor a step of the " + options.workflow + " workflow (" +
                                                 join(actions, ", ") + ")");
}

StepRequest step_request(const StepOptions& options, const Actor& actor) {
  StepRequest request;
  request.action = options.action;
  request.expected_version = options.version;
  request.comment = options.comment;
  request.attachments = options.attachments;
  request.procedure = options.procedure;
  request.deadline = options.deadline;
  request.request_id = actor.request_id;
  return request;
}

std::string yes_no(bool value) { return value ? "yes" : "no"; }
std::string or_none(const std::string& text) { return text.empty() ? "-" : text; }

void print_actions(const std::vector<ActionOption>& actions, std::ostream& out) {
  out << "\nNext steps\n\n";
  if (actions.empty()) {
    out << "(none: no step leads on from here)\n";
    return;
  }
  TextTable table({"action", "to", "you may", "why not"});
  for (const ActionOption& option : actions) {
    std::string may = yes_no(option.allowed);
    if (option.approvals > 1) {
      may += " (" + std::to_string(option.approved_by.size()) + " of " + std::to_string(option.approvals) +
             " approvals" + (option.approved_by.empty() ? "" : ": " + join(option.approved_by, ", ")) + ")";
    }
    table.add({option.action + (option.comment ? " (comment)" : ""), option.to, may, or_none(option.reason)});
  }
  table.print(out);
}

void print_history(const std::vector<TransitionEntry>& history, std::ostream& out) {
  TextTable table({"at", "actor", "action", "from", "to", "comment"});
  for (const TransitionEntry& entry : history) {
    table.add({entry.at, entry.actor, entry.action + (entry.effective ? "" : " (approval)"), entry.from_state,
               entry.to_state, or_none(entry.comment)});
  }
  table.print(out);
}

void print_step_outcome(std::string_view what, std::int64_t id, const std::string& state, std::int64_t version,
                        const std::string& action, const std::vector<ActionOption>& actions, std::ostream& out) {
  out << what << ' ' << id << " is " << state << " (version " << version << ")";
  for (const ActionOption& option : actions) {
    if (option.action == action && !option.approved_by.empty()) {
      out << "; '" << action << "' has " << option.approved_by.size() << " of " << option.approvals << " approvals ("
          << join(option.approved_by, ", ") << ")";
    }
  }
  out << '\n';
}

// --- Programmes ---

namespace {

void print_programme(const ProgrammeView& view, std::ostream& out) {
  const Programme& p = view.programme;
  out << "Programme " << p.stamp.id << ": " << view.nation_name << " (" << p.nation << "), " << p.title << '\n';
  out << "  state     " << p.state << " (version " << p.stamp.version << ")" << (view.editable ? ", editable" : "")
      << '\n';
  out << "  period    " << p.period_from.to_string() << " to " << p.period_to.to_string()
      << (p.review_on ? ", review on " + p.review_on->to_string() : std::string()) << '\n';
  out << "  created   " << p.created_at << " by " << p.created_by << '\n';
  for (std::size_t i = 0; i < view.dcb_packages.size(); ++i) {
    const DcbPackage& package = *view.dcb_packages[i];
    const std::optional<Date> review = i < view.dcb_reviews.size() ? view.dcb_reviews[i] : std::nullopt;
    out << "  DCB       package from " << package.period.from.to_string() << " to " << or_dash(package.period.to)
        << (review ? ", next review " + review->to_string() : std::string()) << ": "
        << first_source(package.provenance.source) << '\n';
  }
  if (!view.objectives.empty()) {
    out << "\nObjectives\n\n";
    TextTable table({"id", "title", "description"});
    for (const Objective& o : view.objectives) table.add({std::to_string(o.stamp.id), o.title, or_none(o.description)});
    table.print(out);
  }
  if (!view.goals.empty()) {
    out << "\nPartnership goals\n\n";
    TextTable table({"id", "objective", "code", "title", "indicator"});
    for (const PartnershipGoal& g : view.goals) {
      table.add({std::to_string(g.stamp.id), g.objective ? std::to_string(g.objective) : "-", or_none(g.code), g.title,
                 or_none(g.indicator)});
    }
    table.print(out);
  }
  if (!view.activities.empty()) {
    out << "\nActivities\n\n";
    TextTable table({"id", "goal", "menu item", "title", "from", "to", "state"});
    for (const ProgrammeActivity& a : view.activities) {
      table.add({std::to_string(a.stamp.id), a.goal ? std::to_string(a.goal) : "-", or_none(a.menu_item), a.title,
                 or_dash(a.from), or_dash(a.to), a.state});
    }
    table.print(out);
  }
  if (!view.rounds.empty()) {
    out << "\nCouncil rounds\n\n";
    TextTable table({"id", "procedure", "state", "deadline", "outcome"});
    for (const RoundView& r : view.rounds) {
      table.add({std::to_string(r.round.stamp.id), r.round.procedure, r.round.state, r.round.deadline,
                 or_none(r.round.outcome)});
    }
    table.print(out);
  }
  if (!view.history.empty()) {
    out << "\nHistory\n\n";
    print_history(view.history, out);
  }
  print_actions(view.actions, out);
}

// The view as the format asks: JSON, or the table for people.
int show_programme(const ProgrammeView& view, Format format, CommandContext& context) {
  if (format == Format::kJson) {
    context.out() << to_pretty_json(to_json(view));
  } else {
    print_programme(view, context.out());
  }
  return kExitSuccess;
}

// programme list

struct ProgrammeListOptions {
  ManageOptions manage;
  std::string nation;
  std::string state;
  std::string q;
  std::size_t limit = 100;
  std::size_t offset = 0;
};

void add_programme_list_options(CLI::App& command, ProgrammeListOptions& options) {
  command.add_option("--nation", options.nation, "Only this partner's programmes (ISO alpha-3)");
  command.add_option("--state", options.state, "Only programmes in this state of the itpp workflow (draft, active...)");
  command.add_option("--q", options.q, "Words of the title or the nation's name, case and accents ignored");
  command.add_option("--limit", options.limit, "At most this many")
      ->capture_default_str()
      ->check(CLI::Range(1, 100000));
  command.add_option("--offset", options.offset, "Skip this many first")->check(CLI::Range(0, 100000000));
  add_manage_options(command, options.manage, Formats::kList);
}

// A nation code given to filter by: one the registry knows.
Status known_nation(const Engine& engine, const std::string& nation, const char* option) {
  if (nation.empty() || engine.snapshot()->registry().find_nation(nation) != nullptr) return Status::ok();
  return Status(
      ErrorCode::kUnknownNation,
      std::string(option) + ": no nation with code " + nation.substr(0, 8) + "; codes are ISO alpha-3, e.g. AUT",
      option);
}

// A state given to filter by: one the workflow table names.
Status known_state(const Engine& engine, std::string_view workflow, const std::string& state) {
  if (state.empty()) return Status::ok();
  std::vector<std::string> states;
  for (const WorkflowRule& rule : engine.snapshot()->registry().dataset().workflow_rules) {
    if (rule.workflow != workflow) continue;
    for (const std::string* word : {&rule.from, &rule.to}) {
      if (std::find(states.begin(), states.end(), *word) == states.end()) states.push_back(*word);
    }
  }
  if (std::find(states.begin(), states.end(), state) != states.end()) return Status::ok();
  return Status(ErrorCode::kInvalidArgument,
                "--state: the " + std::string(workflow) + " workflow has no state '" + state.substr(0, 40) +
                    "'; its states are " + join(states, ", "),
                "--state");
}

int run_programme_list(const ProgrammeListOptions& options, CommandContext& context) {
  std::optional<Actor> actor = open_actor(options.manage, "programme list", context);
  if (!actor) return kExitFailure;
  for (const Status& status :
       {known_nation(*actor->engine, options.nation, "--nation"), known_state(*actor->engine, "itpp", options.state)}) {
    if (!status) return fail_request(status, context);
  }
  const ProgrammeFilter filter{options.nation, options.state, options.q, options.limit, options.offset};
  const Result<ProgrammeList> list = actor->engine->manage().programmes(actor->principal, filter);
  if (!list) return fail_request(list.status(), context);
  if (options.manage.format == Format::kJson) {
    context.out() << to_pretty_json(to_json(*list));
    return kExitSuccess;
  }
  if (options.manage.format == Format::kCsv) {
    context.out() << rows_csv(programmes_table(), list->programmes).text();
    return kExitSuccess;
  }
  const Registry& registry = actor->engine->snapshot()->registry();
  context.out() << list->total << (list->total == 1 ? " programme" : " programmes");
  if (static_cast<std::int64_t>(list->programmes.size()) < list->total) {
    context.out() << ", " << list->programmes.size() << " shown from " << options.offset + 1;
  }
  context.out() << "\n\n";
  TextTable table({"id", "nation", "title", "from", "to", "state", "version"});
  for (const Programme& p : list->programmes) {
    table.add({std::to_string(p.stamp.id), p.nation + " " + name_of(registry, p.nation), p.title,
               p.period_from.to_string(), p.period_to.to_string(), p.state, std::to_string(p.stamp.version)});
  }
  table.print(context.out());
  return kExitSuccess;
}

// programme show, programme history

struct ProgrammeIdOptions {
  ManageOptions manage;
  std::int64_t id = 0;
};

void add_programme_show_options(CLI::App& command, ProgrammeIdOptions& options) {
  add_id(command, "id", options.id, "The programme's id");
  add_manage_options(command, options.manage, Formats::kView);
}

int run_programme_show(const ProgrammeIdOptions& options, CommandContext& context) {
  std::optional<Actor> actor = open_actor(options.manage, "programme show", context);
  if (!actor) return kExitFailure;
  const Result<ProgrammeView> view = actor->engine->manage().programme(actor->principal, options.id);
  if (!view) return fail_request(view.status(), context);
  return show_programme(*view, options.manage.format, context);
}

void add_programme_history_options(CLI::App& command, ProgrammeIdOptions& options) {
  add_id(command, "id", options.id, "The programme's id");
  add_manage_options(command, options.manage, Formats::kList);
}

int run_programme_history(const ProgrammeIdOptions& options, CommandContext& context) {
  std::optional<Actor> actor = open_actor(options.manage, "programme history", context);
  if (!actor) return kExitFailure;
  const Result<ProgrammeView> view = actor->engine->manage().programme(actor->principal, options.id);
  if (!view) return fail_request(view.status(), context);
  if (options.manage.format == Format::kJson) {
    context.out() << to_pretty_json(json::object{{"transitions", rows_json(transitions_table(), view->history)}});
  } else if (options.manage.format == Format::kCsv) {
    context.out() << rows_csv(transitions_table(), view->history).text();
  } else {
    print_history(view->history, context.out());
  }
  return kExitSuccess;
}

// An option that sets `slot` only when given ('' is given: it clears what may be cleared).
void add_text(CLI::App& command, const std::string& name, std::optional<std::string>& slot, const std::string& help) {
  command.add_option_function<std::string>(
      name, [&slot](const std::string& value) { slot = value; }, help);
}

void add_number(CLI::App& command, const std::string& name, std::optional<std::int64_t>& slot,
                const std::string& help) {
  command
      .add_option_function<std::int64_t>(
          name, [&slot](const std::int64_t& value) { slot = value; }, help)
      ->check(CLI::Range(std::int64_t{1}, INT64_MAX));
}

// programme create, programme update

struct ProgrammeWriteOptions {
  ManageOptions manage;
  std::int64_t id = 0;
  std::int64_t version = 0;
  ProgrammeFields fields;
};

void add_programme_fields(CLI::App& command, ProgrammeFields& fields, bool creating) {
  if (creating) add_text(command, "--nation", fields.nation, "The partner, ISO alpha-3 (e.g. AUT)");
  add_text(command, "--title", fields.title, "The programme's title");
  add_text(command, "--from", fields.period_from, "First day of its period, YYYY-MM-DD");
  add_text(command, "--to", fields.period_to, "Last day of its period, YYYY-MM-DD (at most six years on)");
  add_text(command, "--review", fields.review_on, "Day of its periodic review, within the period ('' for none)");
}

void add_programme_create_options(CLI::App& command, ProgrammeWriteOptions& options) {
  add_programme_fields(command, options.fields, true);
  add_manage_options(command, options.manage, Formats::kView);
}

int run_programme_create(const ProgrammeWriteOptions& options, CommandContext& context) {
  std::optional<Actor> actor = open_actor(options.manage, "programme create", context);
  if (!actor) return kExitFailure;
  const Result<ProgrammeView> view =
      actor->engine->manage().create_programme(actor->principal, options.fields, actor->request_id);
  if (!view) return fail_request(view.status(), context);
  if (options.manage.format == Format::kJson) return show_programme(*view, Format::kJson, context);
  context.out() << "created programme " << view->programme.stamp.id << " of " << view->nation_name << " as a "
                << view->programme.state << " (version " << view->programme.stamp.version << ")\n";
  return kExitSuccess;
}

void add_programme_update_options(CLI::App& command, ProgrammeWriteOptions& options) {
  add_id(command, "id", options.id, "The programme's id");
  add_version(command, options.version, "programme");
  add_programme_fields(command, options.fields, false);
  add_manage_options(command, options.manage, Formats::kView);
}

int run_programme_update(const ProgrammeWriteOptions& options, CommandContext& context) {
  std::optional<Actor> actor = open_actor(options.manage, "programme update", context);
  if (!actor) return kExitFailure;
  const Result<ProgrammeView> view = actor->engine->manage().update_programme(
      actor->principal, options.id, options.version, options.fields, actor->request_id);
  if (!view) return fail_request(view.status(), context);
  if (options.manage.format == Format::kJson) return show_programme(*view, Format::kJson, context);
  context.out() << "updated programme " << view->programme.stamp.id << " (version " << view->programme.stamp.version
                << ")\n";
  return kExitSuccess;
}

// programme add-objective, add-goal, add-activity

struct PartOptions {
  ManageOptions manage;
  std::int64_t id = 0;
  PartFields fields;
};

template <PartKind Kind>
void add_part_options(CLI::App& command, PartOptions& options) {
  add_id(command, "id", options.id, "The programme's id");
  PartFields& f = options.fields;
  if constexpr (Kind == PartKind::kObjective) {
    add_text(command, "--title", f.title, "The objective: an end the programme serves");
    add_text(command, "--description", f.description, "What reaching it means");
  } else if constexpr (Kind == PartKind::kGoal) {
    add_text(command, "--title", f.title, "The partnership goal: a way to the objective");
    add_number(command, "--objective", f.objective, "The id of the objective it serves");
    add_text(command, "--code", f.code, "The partner's numbering, e.g. 'G 0001'");
    add_text(command, "--indicator", f.indicator, "How progress is measured");
  } else {
    add_text(command, "--title", f.title, "The activity (default: the menu item's title)");
    add_text(command, "--menu-item", f.menu_item,
             "An id of the cooperation menu ('entente menu list'); none: bilateral");
    add_number(command, "--goal", f.goal, "The id of the partnership goal it serves");
    add_text(command, "--from", f.from, "First day, YYYY-MM-DD, within the programme's period");
    add_text(command, "--to", f.to, "Last day, YYYY-MM-DD");
    add_text(command, "--state", f.state, "planned (default), done or cancelled");
  }
  add_manage_options(command, options.manage, Formats::kView);
}

template <PartKind Kind>
int run_add_part(const PartOptions& options, CommandContext& context) {
  constexpr const char* kWhat = Kind == PartKind::kObjective ? "objective"
                                : Kind == PartKind::kGoal    ? "goal"
                                                             : "activity";
  std::optional<Actor> actor = open_actor(options.manage, std::string("programme add-") + kWhat, context);
  if (!actor) return kExitFailure;
  const Result<ProgrammeView> view =
      actor->engine->manage().add_part(actor->principal, options.id, Kind, options.fields, actor->request_id);
  if (!view) return fail_request(view.status(), context);
  if (options.manage.format == Format::kJson) return show_programme(*view, Format::kJson, context);
  std::int64_t part = 0;
  if constexpr (Kind == PartKind::kObjective) {
    for (const Objective& o : view->objectives) part = std::max(part, o.stamp.id);
  } else if constexpr (Kind == PartKind::kGoal) {
    for (const PartnershipGoal& g : view->goals) part = std::max(part, g.stamp.id);
  } else {
    for (const ProgrammeActivity& a : view->activities) part = std::max(part, a.stamp.id);
  }
  context.out() << "added " << kWhat << ' ' << part << " to programme " << options.id << " (version "
                << view->programme.stamp.version << ")\n";
  return kExitSuccess;
}

// programme ACTION ID --version N

int run_programme_step(const StepOptions& options, CommandContext& context) {
  std::optional<Actor> actor = open_actor(options.manage, "programme " + options.action, context);
  if (!actor) return kExitFailure;
  if (Status known = check_action(*actor->engine, options); !known) {
    return fail_request(known, context);
  }
  const Result<ProgrammeView> view =
      actor->engine->manage().step_programme(actor->principal, options.id, step_request(options, *actor));
  if (!view) return fail_request(view.status(), context);
  if (options.manage.format == Format::kJson) return show_programme(*view, Format::kJson, context);
  print_step_outcome("programme", options.id, view->programme.state, view->programme.stamp.version, options.action,
                     view->actions, context.out());
  for (const RoundView& round : view->rounds) {
    if (round.round.state == "open") {
      context.out() << "council round " << round.round.stamp.id << " is open (" << round.round.procedure << ") until "
                    << round.round.deadline << "\n";
    }
  }
  return kExitSuccess;
}

// --- programme export, programme import: one CSV row per activity ---

// The columns of the programmes' CSV. programme, objective and goal are keys: ids on
// export, any text on import, where rows with the same key are one programme (objective,
// goal) and repeat its columns. state and activity are written for the reader and not read.
constexpr std::array<std::string_view, 20> kProgrammeColumns{
    "programme",      "nation",    "title",         "period_from",     "period_to",
    "review_on",      "state",     "objective",     "objective_title", "objective_description",
    "goal",           "goal_code", "goal_title",    "goal_indicator",  "activity",
    "activity_title", "menu_item", "activity_from", "activity_to",     "activity_state"};

enum class Field : std::size_t {
  kProgramme,
  kNation,
  kTitle,
  kPeriodFrom,
  kPeriodTo,
  kReviewOn,
  kState,
  kObjective,
  kObjectiveTitle,
  kObjectiveDescription,
  kGoal,
  kGoalCode,
  kGoalTitle,
  kGoalIndicator,
  kActivity,
  kActivityTitle,
  kMenuItem,
  kActivityFrom,
  kActivityTo,
  kActivityState,
};
constexpr std::size_t kFieldCount = kProgrammeColumns.size();

// One row of the file, a cell per field.
class Cells {
 public:
  Cells() : cells_(kFieldCount) {}
  std::string& operator[](Field field) { return cells_[static_cast<std::size_t>(field)]; }
  const std::string& operator[](Field field) const { return cells_[static_cast<std::size_t>(field)]; }
  std::vector<std::string> take() && { return std::move(cells_); }

 private:
  std::vector<std::string> cells_;
};

std::string optional_day(const std::optional<Date>& day) { return day ? day->to_string() : std::string(); }

void add_programme_rows(const ProgrammeView& view, CsvDocument& document) {
  const Programme& p = view.programme;
  std::map<std::int64_t, const Objective*> objectives;
  for (const Objective& o : view.objectives) objectives[o.stamp.id] = &o;
  std::map<std::int64_t, const PartnershipGoal*> goals;
  for (const PartnershipGoal& g : view.goals) goals[g.stamp.id] = &g;
  const auto row = [&](const Objective* objective, const PartnershipGoal* goal, const ProgrammeActivity* activity) {
    Cells cells;
    cells[Field::kProgramme] = std::to_string(p.stamp.id);
    cells[Field::kNation] = p.nation;
    cells[Field::kTitle] = p.title;
    cells[Field::kPeriodFrom] = p.period_from.to_string();
    cells[Field::kPeriodTo] = p.period_to.to_string();
    cells[Field::kReviewOn] = optional_day(p.review_on);
    cells[Field::kState] = p.state;
    if (objective != nullptr) {
      cells[Field::kObjective] = std::to_string(objective->stamp.id);
      cells[Field::kObjectiveTitle] = objective->title;
      cells[Field::kObjectiveDescription] = objective->description;
    }
    if (goal != nullptr) {
      cells[Field::kGoal] = std::to_string(goal->stamp.id);
      cells[Field::kGoalCode] = goal->code;
      cells[Field::kGoalTitle] = goal->title;
      cells[Field::kGoalIndicator] = goal->indicator;
    }
    if (activity != nullptr) {
      cells[Field::kActivity] = std::to_string(activity->stamp.id);
      cells[Field::kActivityTitle] = activity->title;
      cells[Field::kMenuItem] = activity->menu_item;
      cells[Field::kActivityFrom] = optional_day(activity->from);
      cells[Field::kActivityTo] = optional_day(activity->to);
      cells[Field::kActivityState] = activity->state;
    }
    document.rows.push_back(std::move(cells).take());
  };
  const auto objective_of = [&](const PartnershipGoal* goal) -> const Objective* {
    if (goal == nullptr) return nullptr;
    const auto found = objectives.find(goal->objective);
    return found == objectives.end() ? nullptr : found->second;
  };
  std::set<std::int64_t> goals_written;
  std::set<std::int64_t> objectives_written;
  const std::size_t first_row = document.rows.size();
  for (const ProgrammeActivity& activity : view.activities) {
    const auto found = goals.find(activity.goal);
    const PartnershipGoal* goal = found == goals.end() ? nullptr : found->second;
    const Objective* objective = objective_of(goal);
    row(objective, goal, &activity);
    if (goal != nullptr) goals_written.insert(goal->stamp.id);
    if (objective != nullptr) objectives_written.insert(objective->stamp.id);
  }
  // Goals without activities, and objectives without either, keep a row of their own so
  // that the file holds the whole programme.
  for (const PartnershipGoal& goal : view.goals) {
    if (goals_written.count(goal.stamp.id) > 0) continue;
    const Objective* objective = objective_of(&goal);
    row(objective, &goal, nullptr);
    if (objective != nullptr) objectives_written.insert(objective->stamp.id);
  }
  for (const Objective& objective : view.objectives) {
    if (objectives_written.count(objective.stamp.id) == 0) row(&objective, nullptr, nullptr);
  }
  if (document.rows.size() == first_row) row(nullptr, nullptr, nullptr);
}

struct ProgrammeExportOptions {
  ManageOptions manage;
  std::string nation;
};

void add_programme_export_options(CLI::App& command, ProgrammeExportOptions& options) {
  command.add_option("--nation", options.nation, "Only this partner's programmes (ISO alpha-3)");
  add_manage_options(command, options.manage, Formats::kNone);
}

int run_programme_export(const ProgrammeExportOptions& options, CommandContext& context) {
  std::optional<Actor> actor = open_actor(options.manage, "programme export", context);
  if (!actor) return kExitFailure;
  if (Status known = known_nation(*actor->engine, options.nation, "--nation"); !known) {
    return fail_request(known, context);
  }
  ProgrammeFilter filter;
  filter.nation = options.nation;
  filter.limit = SIZE_MAX;
  const Result<ProgrammeList> list = actor->engine->manage().programmes(actor->principal, filter);
  if (!list) return fail_request(list.status(), context);
  CsvDocument document;
  for (std::string_view column : kProgrammeColumns) document.header.emplace_back(column);
  for (const Programme& programme : list->programmes) {
    const Result<ProgrammeView> view = actor->engine->manage().programme(actor->principal, programme.stamp.id);
    if (!view) return fail_request(view.status(), context);
    add_programme_rows(*view, document);
  }
  context.out() << document.text();
  return kExitSuccess;
}

// A programme as the import file gives it: its columns, its parts in the order first
// named, and the line of each, for messages.
struct ImportedActivity {
  int line = 0;
  std::string goal;  // key; empty: none
  PartFields fields;
};
struct ImportedGoal {
  int line = 0;
  std::string objective;  // key; empty: none
  PartFields fields;
};
struct ImportedObjective {
  int line = 0;
  PartFields fields;
};
struct ImportedProgramme {
  int line = 0;
  std::string key;
  ProgrammeFields fields;
  Date from;
  Date to;
  std::vector<std::pair<std::string, ImportedObjective>> objectives;
  std::vector<std::pair<std::string, ImportedGoal>> goals;
  std::vector<ImportedActivity> activities;
  std::map<std::string, std::size_t> objective_index;
  std::map<std::string, std::size_t> goal_index;
};

// The checks of the file before anything is written: what the service would refuse of a
// programme or a part, so that an import is all or nothing. The service checks again.
class ProgrammeImport {
 public:
  ProgrammeImport(std::string file, const Registry& registry, const Principal& actor, Date today)
      : file_(std::move(file)), registry_(registry), actor_(actor), today_(today) {}

  // Reads the file's records; every problem is kept as "FILE:LINE: reason".
  void read(const CsvTable& table) {
    std::vector<int> column(kFieldCount, -1);
    for (std::size_t i = 0; i < table.header.size(); ++i) {
      const auto known = std::find(kProgrammeColumns.begin(), kProgrammeColumns.end(), table.header[i]);
      if (known == kProgrammeColumns.end()) {
        problem(1, "unknown column '" + table.header[i].substr(0, 40) +
                       "'; the columns are those 'entente programme export' writes");
        continue;
      }
      column[static_cast<std::size_t>(known - kProgrammeColumns.begin())] = static_cast<int>(i);
    }
    for (Field required : {Field::kProgramme, Field::kNation, Field::kTitle, Field::kPeriodFrom, Field::kPeriodTo}) {
      const auto index = static_cast<std::size_t>(required);
      if (column[index] < 0) problem(1, "missing column '" + std::string(kProgrammeColumns[index]) + "'");
    }
    if (!problems_.empty()) return;
    for (const CsvRecord& record : table.records) {
      Cells cells;
      for (std::size_t c = 0; c < kFieldCount; ++c) {
        if (column[c] >= 0) cells[static_cast<Field>(c)] = record.fields[static_cast<std::size_t>(column[c])];
      }
      read_record(record.line, cells);
    }
  }

  const std::vector<std::string>& problems() const { return problems_; }
  const std::vector<ImportedProgramme>& programmes() const { return programmes_; }
  std::size_t activities() const { return activities_; }

 private:
  void problem(int line, const std::string& reason) {
    problems_.push_back(file_ + ":" + std::to_string(line) + ": " + reason);
  }

  // A text cell: no control characters, at most `limit` bytes, and present when required.
  bool text(int line, const std::string& value, const char* column, std::size_t limit, bool required) {
    if (required && value.find_first_not_of(" \t") == std::string::npos) {
      problem(line, std::string(column) + " is empty");
      return false;
    }
    if (value.size() > limit) {
      problem(line, std::string(column) + " is longer than " + std::to_string(limit) + " bytes");
      return false;
    }
    if (std::any_of(value.begin(), value.end(),
                    [](char c) { return static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t'; })) {
      problem(line, std::string(column) + " holds a control character");
      return false;
    }
    return true;
  }

  std::optional<Date> day(int line, const std::string& value, const char* column) {
    if (value.empty()) return std::nullopt;
    Result<Date> parsed = Date::parse(value);
    if (!parsed) {
      problem(line, std::string(column) + " '" + value.substr(0, 40) + "' is not a YYYY-MM-DD date");
      return std::nullopt;
    }
    return *parsed;
  }

  // Columns that must read the same on every row of one programme (objective, goal).
  void same(int line, const std::string& value, const std::string& first, int first_line, const char* column,
            const std::string& what) {
    if (value.empty() || value == first) return;
    problem(line, column + std::string(" '") + value.substr(0, 40) + "' differs from line " +
                      std::to_string(first_line) + " ('" + first.substr(0, 40) + "'), where " + what +
                      " is first given; every row of it repeats its columns");
  }

  void read_record(int line, const Cells& cells) {
    const std::string& key = cells[Field::kProgramme];
    if (key.empty()) {
      problem(line, "programme is empty: give each programme a key (the export's id) and repeat it on its rows");
      return;
    }
    const auto found = index_.find(key);
    ImportedProgramme* programme = nullptr;
    if (found == index_.end()) {
      index_[key] = programmes_.size();
      programme = &programmes_.emplace_back();
      programme->line = line;
      programme->key = key;
      read_programme(line, cells, *programme);
    } else {
      programme = &programmes_[found->second];
      const ProgrammeFields& first = programme->fields;
      const std::string what = "programme " + key.substr(0, 40);
      same(line, cells[Field::kNation], first.nation.value_or(""), programme->line, "nation", what);
      same(line, cells[Field::kTitle], first.title.value_or(""), programme->line, "title", what);
      same(line, cells[Field::kPeriodFrom], first.period_from.value_or(""), programme->line, "period_from", what);
      same(line, cells[Field::kPeriodTo], first.period_to.value_or(""), programme->line, "period_to", what);
      same(line, cells[Field::kReviewOn], first.review_on.value_or(""), programme->line, "review_on", what);
    }
    read_parts(line, cells, *programme);
  }

  void read_programme(int line, const Cells& cells, ImportedProgramme& programme) {
    ProgrammeFields& fields = programme.fields;
    fields.nation = cells[Field::kNation];
    fields.title = cells[Field::kTitle];
    fields.period_from = cells[Field::kPeriodFrom];
    fields.period_to = cells[Field::kPeriodTo];
    if (!cells[Field::kReviewOn].empty()) fields.review_on = cells[Field::kReviewOn];
    const Nation* nation = registry_.find_nation(cells[Field::kNation]);
    if (nation == nullptr) {
      problem(line, "no nation with code '" + cells[Field::kNation].substr(0, 8) + "'");
    } else {
      const Organisation* nato = registry_.find_organisation("NATO");
      if (nato != nullptr && registry_.relation(*nation, *nato, today_).relation == Relation::kMember) {
        problem(line, nation->name + " is a member of NATO; a partnership programme is for partners");
      }
      if (actor_.role == Role::kNationOfficer && actor_.nation != nation->iso3) {
        problem(line, "a nation officer imports their own nation's programmes only (" + actor_.nation + ")");
      }
    }
    text(line, cells[Field::kTitle], "title", 200, true);
    const std::optional<Date> from = day(line, cells[Field::kPeriodFrom], "period_from");
    const std::optional<Date> to = day(line, cells[Field::kPeriodTo], "period_to");
    const std::optional<Date> review = day(line, cells[Field::kReviewOn], "review_on");
    if (cells[Field::kPeriodFrom].empty()) problem(line, "period_from is empty");
    if (cells[Field::kPeriodTo].empty()) problem(line, "period_to is empty");
    if (!from || !to) return;
    programme.from = *from;
    programme.to = *to;
    if (!(*from < *to)) {
      problem(line, "the period must end after it starts");
    } else if (from->add_days(366 * 6) < *to) {
      problem(line, "a programme runs at most six years");
    }
    if (review && (*review < *from || *to < *review)) problem(line, "the review falls within the programme's period");
  }

  void read_parts(int line, const Cells& cells, ImportedProgramme& programme) {
    const std::string& objective_key = cells[Field::kObjective];
    if (!objective_key.empty()) {
      const auto found = programme.objective_index.find(objective_key);
      if (found == programme.objective_index.end()) {
        programme.objective_index[objective_key] = programme.objectives.size();
        ImportedObjective objective{line, {}};
        if (text(line, cells[Field::kObjectiveTitle], "objective_title", 200, true)) {
          objective.fields.title = cells[Field::kObjectiveTitle];
        }
        if (text(line, cells[Field::kObjectiveDescription], "objective_description", 4000, false)) {
          objective.fields.description = cells[Field::kObjectiveDescription];
        }
        programme.objectives.emplace_back(objective_key, std::move(objective));
      } else {
        const ImportedObjective& first = programme.objectives[found->second].second;
        const std::string what = "objective " + objective_key.substr(0, 40);
        same(line, cells[Field::kObjectiveTitle], first.fields.title.value_or(""), first.line, "objective_title", what);
        same(line, cells[Field::kObjectiveDescription], first.fields.description.value_or(""), first.line,
             "objective_description", what);
      }
    } else if (!cells[Field::kObjectiveTitle].empty() || !cells[Field::kObjectiveDescription].empty()) {
      problem(line, "objective_title or objective_description is given without an objective key");
    }
    const std::string& goal_key = cells[Field::kGoal];
    if (!goal_key.empty()) {
      const auto found = programme.goal_index.find(goal_key);
      if (found == programme.goal_index.end()) {
        programme.goal_index[goal_key] = programme.goals.size();
        ImportedGoal goal{line, objective_key, {}};
        if (text(line, cells[Field::kGoalTitle], "goal_title", 200, true)) goal.fields.title = cells[Field::kGoalTitle];
        if (text(line, cells[Field::kGoalCode], "goal_code", 40, false)) goal.fields.code = cells[Field::kGoalCode];
        if (text(line, cells[Field::kGoalIndicator], "goal_indicator", 4000, false)) {
          goal.fields.indicator = cells[Field::kGoalIndicator];
        }
        programme.goals.emplace_back(goal_key, std::move(goal));
      } else {
        const ImportedGoal& first = programme.goals[found->second].second;
        const std::string what = "goal " + goal_key.substr(0, 40);
        same(line, cells[Field::kGoalTitle], first.fields.title.value_or(""), first.line, "goal_title", what);
        same(line, cells[Field::kGoalCode], first.fields.code.value_or(""), first.line, "goal_code", what);
        same(line, cells[Field::kGoalIndicator], first.fields.indicator.value_or(""), first.line, "goal_indicator",
             what);
        if (objective_key != first.objective) {
          problem(line, "goal " + goal_key.substr(0, 40) + " serves objective '" + first.objective.substr(0, 40) +
                            "' on line " + std::to_string(first.line) + ", not '" + objective_key.substr(0, 40) + "'");
        }
      }
    } else if (!cells[Field::kGoalTitle].empty() || !cells[Field::kGoalCode].empty() ||
               !cells[Field::kGoalIndicator].empty()) {
      problem(line, "goal_code, goal_title or goal_indicator is given without a goal key");
    }
    const bool has_activity = !cells[Field::kActivityTitle].empty() || !cells[Field::kMenuItem].empty() ||
                              !cells[Field::kActivityFrom].empty() || !cells[Field::kActivityTo].empty() ||
                              !cells[Field::kActivityState].empty() || !cells[Field::kActivity].empty();
    if (!has_activity) return;
    ImportedActivity activity{line, goal_key, {}};
    PartFields& fields = activity.fields;
    if (!cells[Field::kMenuItem].empty()) {
      const SharedRows<MenuItem>& menu = registry_.dataset().menu;
      if (std::none_of(menu.begin(), menu.end(), [&](const MenuItem& m) { return m.id == cells[Field::kMenuItem]; })) {
        problem(line, "the cooperation menu has no activity '" + cells[Field::kMenuItem].substr(0, 60) + "'");
      }
      fields.menu_item = cells[Field::kMenuItem];
    }
    if (text(line, cells[Field::kActivityTitle], "activity_title", 200, cells[Field::kMenuItem].empty()) &&
        !cells[Field::kActivityTitle].empty()) {
      fields.title = cells[Field::kActivityTitle];
    }
    const std::optional<Date> from = day(line, cells[Field::kActivityFrom], "activity_from");
    const std::optional<Date> to = day(line, cells[Field::kActivityTo], "activity_to");
    if (from) fields.from = cells[Field::kActivityFrom];
    if (to) fields.to = cells[Field::kActivityTo];
    if (from && to && *to < *from) problem(line, "the activity ends before it starts");
    for (const std::optional<Date>& when : {from, to}) {
      if (when && (*when < programme.from || programme.to < *when)) {
        problem(line, "the activity falls on " + when->to_string() + ", outside the programme's period (" +
                          programme.from.to_string() + " to " + programme.to.to_string() + ")");
        break;
      }
    }
    if (!cells[Field::kActivityState].empty()) {
      if (!kActivityStateWords.contains(cells[Field::kActivityState])) {
        problem(line, "activity_state is one of planned, done, cancelled");
      }
      fields.state = cells[Field::kActivityState];
    }
    programme.activities.push_back(std::move(activity));
    ++activities_;
  }

  std::string file_;
  const Registry& registry_;
  const Principal& actor_;
  Date today_;
  std::vector<std::string> problems_;
  std::vector<ImportedProgramme> programmes_;
  std::map<std::string, std::size_t> index_;
  std::size_t activities_ = 0;
};

// Tells on stderr how far a long import has come, at most every two seconds.
class Progress {
 public:
  Progress(std::ostream& err, std::size_t total) : err_(err), total_(total) {}
  void advance(std::size_t done) {
    const auto now = std::chrono::steady_clock::now();
    if (now - last_ < std::chrono::seconds(2)) return;
    last_ = now;
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(now - start_).count();
    err_ << "entente: wrote " << done << " of " << total_ << " programmes (" << seconds << " s)\n";
  }

 private:
  std::ostream& err_;
  std::size_t total_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_ = start_;
};

struct ProgrammeImportOptions {
  ManageOptions manage;
  std::string file;
};

void add_programme_import_options(CLI::App& command, ProgrammeImportOptions& options) {
  command.add_option("file", options.file, "A CSV file as 'entente programme export' writes it")->required();
  add_manage_options(command, options.manage, Formats::kNone);
}

int run_programme_import(const ProgrammeImportOptions& options, CommandContext& context) {
  std::ifstream in(options.file, std::ios::binary);
  if (!in) {
    return fail_request(Status(ErrorCode::kIo, "cannot read " + options.file + "; check the path and its permissions"),
                        context);
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  const Result<CsvTable> table = parse_csv(buffer.str(), options.file);
  if (!table) return fail_request(table.status(), context);
  std::optional<Actor> actor = open_actor(options.manage, "programme import", context);
  if (!actor) return kExitFailure;
  const std::shared_ptr<const Snapshot> snapshot = actor->engine->snapshot();
  ProgrammeImport import(options.file, snapshot->registry(), actor->principal, actor->engine->today());
  import.read(*table);
  if (!import.problems().empty()) {
    for (const std::string& problem : import.problems()) context.err() << problem << '\n';
    return fail_request(Status(ErrorCode::kInvalidData, std::to_string(import.problems().size()) +
                                                            (import.problems().size() == 1 ? " problem" : " problems") +
                                                            " in " + options.file + "; nothing was imported"),
                        context);
  }
  // One transaction for the whole file: all or nothing.
  std::vector<ProgrammeDraft> drafts;
  drafts.reserve(import.programmes().size());
  std::size_t objectives = 0;
  std::size_t goals = 0;
  for (const ImportedProgramme& programme : import.programmes()) {
    ProgrammeDraft draft;
    draft.fields = programme.fields;
    for (const auto& entry : programme.objectives) draft.objectives.push_back(entry.second.fields);
    for (const auto& entry : programme.goals) {
      const ImportedGoal& goal = entry.second;
      std::optional<std::size_t> objective;
      if (!goal.objective.empty()) objective = programme.objective_index.at(goal.objective);
      draft.goals.emplace_back(goal.fields, objective);
    }
    for (const ImportedActivity& activity : programme.activities) {
      std::optional<std::size_t> goal;
      if (!activity.goal.empty()) goal = programme.goal_index.at(activity.goal);
      draft.activities.emplace_back(activity.fields, goal);
    }
    objectives += draft.objectives.size();
    goals += draft.goals.size();
    drafts.push_back(std::move(draft));
  }
  Progress progress(context.err(), drafts.size());
  const Result<std::vector<std::int64_t>> imported = actor->engine->manage().import_programmes(
      actor->principal, drafts, actor->request_id, [&progress](std::size_t done) { progress.advance(done); });
  if (!imported) {
    // The service names the place as /DRAFT/PART/INDEX/FIELD: back to the file's line.
    const std::string& field = imported.status().field();
    std::vector<std::string> parts;  // "", DRAFT, PART, INDEX, FIELD
    for (std::size_t from = 0; from <= field.size();) {
      const std::size_t slash = std::min(field.find('/', from), field.size());
      parts.push_back(field.substr(from, slash - from));
      from = slash + 1;
    }
    const auto number = [](const std::string& text) -> std::optional<std::size_t> {
      std::size_t value = 0;
      const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
      if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
      return value;
    };
    int line = 0;
    const std::optional<std::size_t> draft = parts.size() > 1 ? number(parts[1]) : std::nullopt;
    if (draft && *draft < import.programmes().size()) {
      const ImportedProgramme& programme = import.programmes()[*draft];
      line = programme.line;
      const std::optional<std::size_t> index = parts.size() > 3 ? number(parts[3]) : std::nullopt;
      if (index && parts[2] == "objectives" && *index < programme.objectives.size()) {
        line = programme.objectives[*index].second.line;
      } else if (index && parts[2] == "goals" && *index < programme.goals.size()) {
        line = programme.goals[*index].second.line;
      } else if (index && parts[2] == "activities" && *index < programme.activities.size()) {
        line = programme.activities[*index].line;
      }
    }
    if (line > 0) context.err() << options.file << ":" << line << ": " << imported.status().message() << '\n';
    return fail_request(Status(imported.status().code(), "nothing was imported from " + options.file), context);
  }
  const std::vector<std::int64_t>& created = *imported;
  context.out() << "imported " << created.size() << (created.size() == 1 ? " programme" : " programmes")
                << " as drafts";
  if (!created.empty()) {
    context.out() << " (" << (created.size() == 1 ? "id " : "ids ") << created.front()
                  << (created.size() == 1 ? "" : " to " + std::to_string(created.back())) << ")";
  }
  context.out() << " with " << objectives << " objectives, " << goals << " goals and " << import.activities()
                << " activities from " << options.file << '\n';
  return kExitSuccess;
}

// --- Council rounds ---

void print_round(const RoundView& view, std::ostream& out) {
  const CouncilRound& r = view.round;
  out << "Council round " << r.stamp.id << " of " << r.organisation << " on " << r.workflow << ' ' << r.subject << '\n';
  out << "  question   " << r.question << '\n';
  out << "  procedure  " << r.procedure << '\n';
  out << "  state      " << r.state << (r.outcome.empty() || r.outcome == r.state ? "" : " (" + r.outcome + ")")
      << '\n';
  out << "  opened     " << r.opened_at << " by " << r.opened_by << '\n';
  out << "  deadline   " << r.deadline << '\n';
  if (!r.decided_at.empty()) out << "  decided    " << r.decided_at << '\n';
  if (!r.reasoning.empty()) {
    out << "\nReasoning\n\n";
    int number = 1;
    std::istringstream lines(r.reasoning);
    for (std::string line; std::getline(lines, line);) out << "  " << number++ << ". " << line << '\n';
  }
  if (!view.positions.empty()) {
    out << "\nPositions\n\n";
    TextTable table({"nation", "position", "reason", "by", "at"});
    for (const CouncilPosition& p : view.positions) table.add({p.nation, p.position, or_none(p.reason), p.actor, p.at});
    table.print(out);
  }
  if (r.state == "open") {
    out << "\nAwaiting " << view.awaiting.size() << ": " << (view.awaiting.empty() ? "-" : join(view.awaiting, ", "))
        << '\n';
    if (view.may_state_position) out << "You may state your nation's position ('entente round position').\n";
  }
}

int show_round(const RoundView& view, Format format, CommandContext& context) {
  if (format == Format::kJson) {
    context.out() << to_pretty_json(to_json(view));
  } else {
    print_round(view, context.out());
  }
  return kExitSuccess;
}

struct RoundShowOptions {
  ManageOptions manage;
  std::int64_t id = 0;
};

void add_round_show_options(CLI::App& command, RoundShowOptions& options) {
  add_id(command, "id", options.id, "The council round's id (a programme's 'show' lists its rounds)");
  add_manage_options(command, options.manage, Formats::kView);
}

int run_round_show(const RoundShowOptions& options, CommandContext& context) {
  std::optional<Actor> actor = open_actor(options.manage, "round show", context);
  if (!actor) return kExitFailure;
  const Result<RoundView> view = actor->engine->manage().round(actor->principal, options.id);
  if (!view) return fail_request(view.status(), context);
  return show_round(*view, options.manage.format, context);
}

struct PositionOptions {
  ManageOptions manage;
  std::int64_t id = 0;
  std::string position;
  std::string reason;
};

void add_position_options(CLI::App& command, PositionOptions& options) {
  add_id(command, "id", options.id, "The council round's id");
  command.add_option("--position", options.position, "support, object or abstain (under silence: object)")
      ->required()
      ->check(CLI::IsMember({"support", "object", "abstain"}));
  command.add_option("--reason", options.reason, "Why: an objection needs one");
  add_manage_options(command, options.manage, Formats::kView);
  command.get_option("--as")->required()->description(
      "The Ally's officer who states the position (an account of a member's nation)");
}

int run_position(const PositionOptions& options, CommandContext& context) {
  std::optional<Actor> actor = open_actor(options.manage, "round position", context);
  if (!actor) return kExitFailure;
  const PositionRequest request{options.position, options.reason, actor->request_id};
  const Result<RoundView> view = actor->engine->manage().state_position(actor->principal, options.id, request);
  if (!view) return fail_request(view.status(), context);
  if (options.manage.format == Format::kJson) return show_round(*view, Format::kJson, context);
  context.out() << actor->principal.nation << " stated '" << options.position << "' in council round " << options.id
                << "; the round is " << view->round.state;
  if (view->round.state == "open") context.out() << ", awaiting " << view->awaiting.size();
  context.out() << '\n';
  return kExitSuccess;
}

// --- inbox, transitions, deadlines ---

struct InboxOptions {
  ManageOptions manage;
};

void add_inbox_options(CLI::App& command, InboxOptions& options) {
  add_manage_options(command, options.manage, Formats::kView);
}

int run_inbox(const InboxOptions& options, CommandContext& context) {
  std::optional<Actor> actor = open_actor(options.manage, "inbox", context);
  if (!actor) return kExitFailure;
  const Result<Inbox> inbox = actor->engine->manage().inbox(actor->principal);
  if (!inbox) return fail_request(inbox.status(), context);
  if (options.manage.format == Format::kJson) {
    context.out() << to_pretty_json(to_json(*inbox));
    return kExitSuccess;
  }
  std::ostream& out = context.out();
  out << "Inbox of " << actor->principal.name << ": " << inbox->awaiting.size() << " awaiting, " << inbox->unread
      << " unread\n";
  if (!inbox->awaiting.empty()) {
    out << "\nAwaiting you\n\n";
    TextTable table({"workflow", "id", "nation", "state", "you may", "since", "title"});
    for (const InboxItem& item : inbox->awaiting) {
      table.add({item.workflow, std::to_string(item.subject), or_none(item.nation), item.state,
                 join(item.actions, ", "), item.since, item.title});
    }
    table.print(out);
  }
  if (!inbox->notifications.empty()) {
    out << "\nNotifications\n\n";
    TextTable table({"id", "at", "read", "about", "text"});
    for (const Notification& n : inbox->notifications) {
      table.add({std::to_string(n.stamp.id), n.created_at, n.read_at.empty() ? "no" : "yes",
                 n.workflow + " " + std::to_string(n.subject), n.text});
    }
    table.print(out);
  }
  return kExitSuccess;
}

struct TransitionsOptions {
  ManageOptions manage;
  std::string workflow;
  std::int64_t subject = 0;
  std::string actor;
  std::string action;
  std::string from;
  std::string to;
  std::size_t limit = 100;
};

void add_transitions_options(CLI::App& command, TransitionsOptions& options) {
  command.add_option("--workflow", options.workflow, "itpp, parp, evaluation or event")
      ->check(CLI::IsMember({"itpp", "parp", "evaluation", "event"}));
  command.add_option("--subject", options.subject, "The id of the programme, cycle, unit or event")
      ->check(CLI::Range(std::int64_t{1}, INT64_MAX));
  command.add_option("--actor", options.actor, "Only steps taken by this account (or operator:LOGIN, or system)");
  command.add_option("--action", options.action, "Only this step (submit, review...)");
  command.add_option("--from", options.from, "From this day or instant (UTC), inclusive");
  command.add_option("--to", options.to, "To this day (inclusive) or instant (exclusive), UTC");
  command.add_option("--limit", options.limit, "At most this many, newest first")
      ->capture_default_str()
      ->check(CLI::Range(1, 500));
  add_manage_options(command, options.manage, Formats::kList);
}

// A day or an instant as a transition's `at` bound; a day `to` takes in the whole day.
Result<std::string> at_bound(const std::string& text, bool to, const char* option) {
  if (text.empty()) return std::string();
  if (const Result<Date> day = Date::parse(text)) return day->to_string() + (to ? "T23:59:59.999Z" : "T00:00:00.000Z");
  if (const auto instant = parse_instant(text)) return format_instant(*instant);
  return Status(ErrorCode::kInvalidArgument,
                std::string(option) + " must be a day YYYY-MM-DD or an instant like 2026-12-05T10:00:00Z", option);
}

int run_transitions(const TransitionsOptions& options, CommandContext& context) {
  TransitionQuery query;
  query.workflow = options.workflow;
  query.subject = options.subject;
  query.actor = options.actor;
  query.action = options.action;
  query.limit = options.limit;
  for (auto [text, slot, to, name] :
       {std::tuple{&options.from, &query.from, false, "--from"}, std::tuple{&options.to, &query.to, true, "--to"}}) {
    Result<std::string> bound = at_bound(*text, to, name);
    if (!bound) return fail_request(bound.status(), context);
    *slot = *bound;
  }
  std::optional<Actor> actor = open_actor(options.manage, "transitions", context);
  if (!actor) return kExitFailure;
  const Result<std::vector<TransitionEntry>> entries = actor->engine->manage().transitions(actor->principal, query);
  if (!entries) return fail_request(entries.status(), context);
  if (options.manage.format == Format::kJson) {
    context.out() << to_pretty_json(json::object{{"transitions", rows_json(transitions_table(), *entries)}});
    return kExitSuccess;
  }
  if (options.manage.format == Format::kCsv) {
    context.out() << rows_csv(transitions_table(), *entries).text();
    return kExitSuccess;
  }
  TextTable table({"at", "workflow", "id", "actor", "action", "from", "to", "comment"});
  for (const TransitionEntry& e : *entries) {
    table.add({e.at, e.workflow, std::to_string(e.subject), e.actor, e.action + (e.effective ? "" : " (approval)"),
               e.from_state, e.to_state, or_none(e.comment)});
  }
  table.print(context.out());
  return kExitSuccess;
}

struct DeadlinesOptions {
  ManageOptions manage;
};

void add_deadlines_options(CLI::App& command, DeadlinesOptions& options) {
  add_manage_options(command, options.manage, Formats::kNone);
}

int run_deadlines(const DeadlinesOptions& options, CommandContext& context) {
  std::optional<Actor> actor = open_actor(options.manage, "deadlines", context);
  if (!actor) return kExitFailure;
  const Principal operator_actor = operator_principal();
  // The service says how many deadlines it closed; which rounds they were is read back
  // from the audit log: the system's decisions of council rounds after its newest entry.
  AuditQuery newest;
  newest.limit = 1;
  const Result<std::vector<AuditEntry>> before = actor->engine->edits().audit(operator_actor, newest);
  if (!before) return fail_request(before.status(), context);
  const std::int64_t last_id = before->empty() ? 0 : before->front().id;
  const Result<int> fired = actor->engine->manage().fire_due_timers();
  if (!fired) return fail_request(fired.status(), context);
  if (*fired == 0) {
    context.out() << "no council deadline has passed\n";
    return kExitSuccess;
  }
  AuditQuery decided;
  decided.actor = "system";
  decided.kind = std::string(word_of(AuditKind::kCouncilRound));
  decided.limit = static_cast<std::size_t>(*fired) * 2 + 10;
  const Result<std::vector<AuditEntry>> entries = actor->engine->edits().audit(operator_actor, decided);
  if (!entries) return fail_request(entries.status(), context);
  std::vector<std::int64_t> rounds;
  for (auto entry = entries->rbegin(); entry != entries->rend(); ++entry) {
    if (entry->id > last_id) rounds.push_back(entry->record);
  }
  context.out() << "closed " << *fired << (*fired == 1 ? " council deadline" : " council deadlines") << '\n';
  for (std::int64_t id : rounds) {
    const Result<RoundView> round = actor->engine->manage().round(operator_actor, id);
    if (!round) continue;
    const CouncilRound& r = round->round;
    context.out() << "  round " << r.stamp.id << " on " << r.workflow << ' ' << r.subject << " (" << r.procedure
                  << ", deadline " << r.deadline << "): " << r.state
                  << (r.outcome.empty() || r.outcome == r.state ? "" : " (" + r.outcome + ")") << '\n';
  }
  return kExitSuccess;
}

}  // namespace

std::vector<Command> manage_commands() {
  std::vector<Command> rows{
      workflow_group(
          "programme",
          "Partnership programmes (ITPP): list, show, create, update, parts, history, export, import, and "
          "ACTION ID --version N for a step of the itpp workflow",
          "itpp",
          {command("list", "Programmes, by nation, state or words of the title", add_programme_list_options,
                   run_programme_list),
           command("show", "A programme with its objectives, goals, activities, rounds, history and next steps",
                   add_programme_show_options, run_programme_show),
           command("create", "Draft a programme for a partner", add_programme_create_options, run_programme_create),
           command("update", "Change a draft's title, period or review day (the version you read)",
                   add_programme_update_options, run_programme_update),
           command("add-objective", "Add an objective to a draft", add_part_options<PartKind::kObjective>,
                   run_add_part<PartKind::kObjective>),
           command("add-goal", "Add a partnership goal to a draft", add_part_options<PartKind::kGoal>,
                   run_add_part<PartKind::kGoal>),
           command("add-activity", "Add an activity (from the cooperation menu, or bilateral) to a draft",
                   add_part_options<PartKind::kActivity>, run_add_part<PartKind::kActivity>),
           command("history", "The steps a programme has taken, oldest first", add_programme_history_options,
                   run_programme_history),
           command("export", "Programmes as CSV: one row per activity with its programme, objective and goal",
                   add_programme_export_options, run_programme_export),
           command("import",
                   "Create draft programmes with their parts from such a CSV (ids and states are not read); the "
                   "whole file is checked first, and nothing is written when any line is wrong",
                   add_programme_import_options, run_programme_import)},
          true, run_programme_step),
      group("round", "Council rounds: show one, state an Ally's position",
            {command("show", "A council round: question, procedure, deadline, positions, outcome and reasoning",
                     add_round_show_options, run_round_show),
             command("position", "State an Ally's position in an open round (--as an officer of that Ally)",
                     add_position_options, run_position)}),
      command("inbox", "What awaits an account (--as NAME) or the operator: steps to take, rounds, notifications",
              add_inbox_options, run_inbox),
      command("transitions", "Every workflow's steps, newest first, by workflow, subject, actor, action or time",
              add_transitions_options, run_transitions),
      command("deadlines", "Close every council round whose deadline has passed (as the server does by itself)",
              add_deadlines_options, run_deadlines),
  };
  for (Command& row : cooperation_commands()) rows.push_back(std::move(row));
  return rows;
}

}  // namespace entente::cli
