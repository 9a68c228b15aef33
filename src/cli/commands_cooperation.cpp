// Partnership management from the command line, continued: the cooperation menu and its
// import, DCB packages, the Planning and Review Process (PARP), units and their
// interoperability evaluations, and events from invitation to feedback. As in
// commands_manage.cpp, each command calls the service and renders with manage_json.hpp.

#include <CLI/CLI.hpp>
#include <fstream>
#include <ostream>
#include <sstream>

#include "cli/commands_manage.hpp"
#include "cli/output.hpp"
#include "cli/table.hpp"
#include "engine/registry_edits.hpp"
#include "engine/render_json.hpp"
#include "manage/manage_json.hpp"

namespace entente::cli {

namespace {

namespace json = boost::json;

Result<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status(ErrorCode::kIo, "cannot read " + path + "; check the path and its permissions");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// --- The cooperation menu ---

struct MenuListOptions {
  ManageOptions manage;
  MenuFilter filter;
};

void add_menu_list_options(CLI::App& command, MenuListOptions& options) {
  MenuFilter& f = options.filter;
  command.add_option("--q", f.q, "Words of the title, the provider or the id, case and accents ignored");
  command.add_option("--area", f.area, "Only this area (education, cyber-defence, ...)");
  command.add_option("--kind", f.kind, "Only this kind: course, exercise, seminar, workshop, conference, expert-visit");
  command.add_option("--open-to", f.open_to, "Only what is open to 'member' or to a framework (PFP, MD, ...)");
  command.add_option("--nation", f.nation, "Only what this nation may take part in today, through its standings");
  add_manage_options(command, options.manage, Formats::kList);
}

int run_menu_list(const MenuListOptions& options, CommandContext& context) {
  std::optional<Actor> actor = open_actor(options.manage, "menu list", context);
  if (!actor) return kExitFailure;
  const Result<MenuAnswer> answer = actor->engine->manage().menu(actor->principal, options.filter);
  if (!answer) return fail_request(answer.status(), context);
  if (options.manage.format == Format::kJson) {
    json::value body = menu_json(answer->items);
    json::array standings;
    for (const std::string& standing : answer->standings) standings.emplace_back(standing);
    body.as_object()["standings"] = std::move(standings);
    context.out() << to_pretty_json(body);
    return kExitSuccess;
  }
  std::vector<MenuItem> items;
  for (const MenuItem* item : answer->items) items.push_back(*item);
  if (options.manage.format == Format::kCsv) {
    context.out() << rows_csv(menu_table(), items).text();
    return kExitSuccess;
  }
  if (!options.filter.nation.empty()) {
    context.out() << options.filter.nation
                  << "'s standings today: " << (answer->standings.empty() ? "none" : join(answer->standings, ", "))
                  << "\n";
  }
  context.out() << items.size() << (items.size() == 1 ? " activity\n\n" : " activities\n\n");
  TextTable table({"id", "title", "area", "kind", "provider", "open to"});
  for (const MenuItem& item : items) {
    table.add({item.id, item.title, item.area, item.kind, item.provider, join(item.open_to, ", ")});
  }
  table.print(context.out());
  return kExitSuccess;
}

struct MenuExportOptions {
  ManageOptions manage;
};

void add_menu_export_options(CLI::App& command, MenuExportOptions& options) {
  add_manage_options(command, options.manage, Formats::kNone);
}

// The menu as its data file reads, the format import_menu takes back: the file's columns
// (Column::csv_name), each cell as the data file writes it (Column::cell where a column
// has one). The list's CSV (rows_csv, as the API serves it) differs in one way the file's
// checks refuse: a count that is not published is 0 there and empty in the file.
CsvDocument menu_file(const std::vector<const MenuItem*>& items) {
  const TableDescription<MenuItem>& table = menu_table();
  CsvDocument document;
  for (const Column<MenuItem>& column : table.columns) {
    if (!column.csv_name.empty()) document.header.emplace_back(column.csv_name);
  }
  for (const MenuItem* item : items) {
    std::vector<std::string> row;
    for (const Column<MenuItem>& column : table.columns) {
      if (column.csv_name.empty()) continue;
      std::string cell = column.cell ? column.cell(*item) : manage_json_detail::value_cell(column.get(*item));
      const bool unpublished_count = (column.csv_name == "capacity" || column.csv_name == "duration_days") &&
                                     std::get<std::int64_t>(column.get(*item)) == 0;
      row.push_back(unpublished_count ? std::string() : std::move(cell));
    }
    document.rows.push_back(std::move(row));
  }
  return document;
}

int run_menu_export(const MenuExportOptions& options, CommandContext& context) {
  std::optional<Actor> actor = open_actor(options.manage, "menu export", context);
  if (!actor) return kExitFailure;
  const Result<MenuAnswer> answer = actor->engine->manage().menu(actor->principal, MenuFilter{});
  if (!answer) return fail_request(answer.status(), context);
  context.out() << menu_file(answer->items).text();
  return kExitSuccess;
}

struct MenuImportOptions {
  ManageOptions manage;
  std::string file;
};

void add_menu_import_options(CLI::App& command, MenuImportOptions& options) {
  command.add_option("file", options.file, "A CSV file in the format of data/cooperation_menu.csv")->required();
  add_manage_options(command, options.manage, Formats::kNone);
}

int run_menu_import(const MenuImportOptions& options, CommandContext& context) {
  const Result<std::string> text = read_file(options.file);
  if (!text) return fail_request(text.status(), context);
  std::optional<Actor> actor = open_actor(options.manage, "menu import", context);
  if (!actor) return kExitFailure;
  const Result<std::size_t> count = actor->engine->edits().import_menu(actor->principal, *text, actor->request_id);
  if (!count) return fail_request(count.status(), context);
  context.out() << "imported the cooperation menu from " << options.file << ": " << *count
                << (*count == 1 ? " activity\n" : " activities\n");
  return kExitSuccess;
}

// --- DCB packages ---

struct DcbOptions {
  ManageOptions manage;
  std::string nation;
};

void add_dcb_options(CLI::App& command, DcbOptions& options) {
  command.add_option("--nation", options.nation, "Only this partner's packages (ISO alpha-3)");
  add_manage_options(command, options.manage, Formats::kList);
}

int run_dcb(const DcbOptions& options, CommandContext& context) {
  std::optional<Actor> actor = open_actor(options.manage, "dcb-packages", context);
  if (!actor) return kExitFailure;
  const Result<ReferenceRows> rows = actor->engine->manage().reference(actor->principal);
  if (!rows) return fail_request(rows.status(), context);
  const Registry& registry = rows->snapshot->registry();
  if (!options.nation.empty() && registry.find_nation(options.nation) == nullptr) {
    return fail_request(
        Status(ErrorCode::kUnknownNation, "--nation: no nation with code " + options.nation.substr(0, 8), "--nation"),
        context);
  }
  std::vector<DcbPackage> packages;
  for (const DcbPackage* package : rows->dcb_packages) {
    if (options.nation.empty() || package->nation == options.nation) packages.push_back(*package);
  }
  if (options.manage.format == Format::kJson) {
    context.out() << to_pretty_json(json::object{{"packages", rows_json(dcb_packages_table(), packages)}});
    return kExitSuccess;
  }
  if (options.manage.format == Format::kCsv) {
    context.out() << rows_csv(dcb_packages_table(), packages).text();
    return kExitSuccess;
  }
  TextTable table({"nation", "name", "from", "to", "source"});
  for (const DcbPackage& p : packages) {
    table.add({p.nation, name_of(registry, p.nation), p.period.from.to_string(), or_dash(p.period.to),
               first_source(p.provenance.source)});
  }
  table.print(context.out());
  return kExitSuccess;
}

// --- PARP ---

void print_parp(const ParpView& view, std::ostream& out) {
  const ParpCycle& c = view.cycle;
  out << "PARP cycle " << c.stamp.id << ": " << view.nation_name << " (" << c.nation << "), " << c.year << '\n';
  out << "  state        " << c.state << " (version " << c.stamp.version << ")\n";
  out << "  ladder       " << join(view.states, " → ") << '\n';
  out << "  opened       " << c.opened_at << " by " << c.opened_by << '\n';
  out << "  eligibility  " << c.eligibility << '\n';
  if (!view.goals.empty()) {
    out << "\nPartnership goals\n\n";
    TextTable table({"id", "code", "title", "indicator"});
    for (const PartnershipGoal& g : view.goals) {
      table.add({std::to_string(g.stamp.id), or_none(g.code), g.title, or_none(g.indicator)});
    }
    table.print(out);
  }
  if (!view.results.empty()) {
    out << "\nResults\n\n";
    TextTable table({"goal", "year", "baseline", "target", "actual", "note"});
    for (const GoalResult& r : view.results) {
      table.add({std::to_string(r.goal), std::to_string(r.year), or_none(r.baseline), or_none(r.target),
                 or_none(r.actual), or_none(r.note)});
    }
    table.print(out);
  }
  if (!view.history.empty()) {
    out << "\nHistory\n\n";
    print_history(view.history, out);
  }
  print_actions(view.actions, out);
}

int show_parp(const ParpView& view, Format format, CommandContext& context) {
  if (format == Format::kJson) {
    context.out() << to_pretty_json(to_json(view));
  } else {
    print_parp(view, context.out());
  }
  return kExitSuccess;
}

struct NationListOptions {
  ManageOptions manage;
  std::string nation;
};

void add_nation_list_options(CLI::App& command, NationListOptions& options) {
  command.add_option("--nation", options.nation, "Only this nation's (ISO alpha-3)");
  add_manage_options(command, options.manage, Formats::kList);
}

int run_parp_list(const NationListOptions& options, CommandContext& context) {
  std::optional<Actor> actor = open_actor(options.manage, "parp list", context);
  if (!actor) return kExitFailure;
  const Result<std::vector<ParpCycle>> cycles = actor->engine->manage().parp_cycles(actor->principal, options.nation);
  if (!cycles) return fail_request(cycles.status(), context);
  if (options.manage.format == Format::kJson) {
    context.out() << to_pretty_json(json::object{{"cycles", rows_json(parp_cycles_table(), *cycles)}});
    return kExitSuccess;
  }
  if (options.manage.format == Format::kCsv) {
    context.out() << rows_csv(parp_cycles_table(), *cycles).text();
    return kExitSuccess;
  }
  const Registry& registry = actor->engine->snapshot()->registry();
  TextTable table({"id", "nation", "year", "state", "version", "opened"});
  for (const ParpCycle& c : *cycles) {
    table.add({std::to_string(c.stamp.id), c.nation + " " + name_of(registry, c.nation), std::to_string(c.year),
               c.state, std::to_string(c.stamp.version), c.opened_at});
  }
  table.print(context.out());
  return kExitSuccess;
}

struct IdOptions {
  ManageOptions manage;
  std::int64_t id = 0;
};

void add_parp_show_options(CLI::App& command, IdOptions& options) {
  add_id(command, "id", options.id, "The PARP cycle's id");
  add_manage_options(command, options.manage, Formats::kView);
}

int run_parp_show(const IdOptions& options, CommandContext& context) {
  std::optional<Actor> actor = open_actor(options.manage, "parp show", context);
  if (!actor) return kExitFailure;
  const Result<ParpView> view = actor->engine->manage().parp_cycle(actor->principal, options.id);
  if (!view) return fail_request(view.status(), context);
  return show_parp(*view, options.manage.format, context);
}

struct ParpOpenOptions {
  ManageOptions manage;
  std::string nation;
};

void add_parp_open_options(CLI::App& command, ParpOpenOptions& options) {
  command.add_option("nation", options.nation, "The partner, ISO alpha-3 (e.g. AUT)")->required();
  add_manage_options(command, options.manage, Formats::kView);
}

int run_parp_open(const ParpOpenOptions& options, CommandContext& context) {
  std::optional<Actor> actor = open_actor(options.manage, "parp open", context);
  if (!actor) return kExitFailure;
  const Result<ParpView> view = actor->engine->manage().open_parp(actor->principal, options.nation, actor->request_id);
  if (!view) return fail_request(view.status(), context);
  if (options.manage.format == Format::kJson) return show_parp(*view, Format::kJson, context);
  context.out() << "opened PARP cycle " << view->cycle.stamp.id << " of " << view->nation_name << " for "
                << view->cycle.year << " at " << view->cycle.state << " (version " << view->cycle.stamp.version
                << ")\n";
  return kExitSuccess;
}

int run_parp_step(const StepOptions& options, CommandContext& context) {
  std::optional<Actor> actor = open_actor(options.manage, "parp " + options.action, context);
  if (!actor) return kExitFailure;
  if (Status known = check_action(*actor->engine, options); !known) return fail_request(known, context);
  const Result<ParpView> view =
      actor->engine->manage().step_parp(actor->principal, options.id, step_request(options, *actor));
  if (!view) return fail_request(view.status(), context);
  if (options.manage.format == Format::kJson) return show_parp(*view, Format::kJson, context);
  print_step_outcome("PARP cycle", options.id, view->cycle.state, view->cycle.stamp.version, options.action,
                     view->actions, context.out());
  return kExitSuccess;
}

struct ParpGoalOptions {
  ManageOptions manage;
  std::int64_t id = 0;
  PartFields fields;
};

void add_parp_goal_options(CLI::App& command, ParpGoalOptions& options) {
  add_id(command, "id", options.id, "The PARP cycle's id");
  command
      .add_option_function<std::string>(
          "--title", [&options](const std::string& value) { options.fields.title = value; }, "The partnership goal")
      ->required();
  command.add_option_function<std::string>(
      "--code", [&options](const std::string& value) { options.fields.code = value; }, "Its number, e.g. 'G 0001'");
  command.add_option_function<std::string>(
      "--indicator", [&options](const std::string& value) { options.fields.indicator = value; },
      "How progress is measured");
  add_manage_options(command, options.manage, Formats::kView);
}

int run_parp_goal(const ParpGoalOptions& options, CommandContext& context) {
  std::optional<Actor> actor = open_actor(options.manage, "parp add-goal", context);
  if (!actor) return kExitFailure;
  const Result<ParpView> view =
      actor->engine->manage().add_parp_goal(actor->principal, options.id, options.fields, actor->request_id);
  if (!view) return fail_request(view.status(), context);
  if (options.manage.format == Format::kJson) return show_parp(*view, Format::kJson, context);
  std::int64_t goal = 0;
  for (const PartnershipGoal& g : view->goals) goal = std::max(goal, g.stamp.id);
  context.out() << "added goal " << goal << " to PARP cycle " << options.id << " (version " << view->cycle.stamp.version
                << ")\n";
  return kExitSuccess;
}

struct ParpResultOptions {
  ManageOptions manage;
  std::int64_t id = 0;
  std::int64_t goal = 0;
  GoalResultFields fields;
};

void add_parp_result_options(CLI::App& command, ParpResultOptions& options) {
  add_id(command, "id", options.id, "The PARP cycle's id");
  add_id(command, "goal", options.goal, "The goal's id");
  GoalResultFields& f = options.fields;
  command.add_option("--year", f.year, "The year of the result, within the cycle's six years")->required();
  command.add_option("--baseline", f.baseline, "Where the goal started");
  command.add_option("--target", f.target, "Where it should be that year");
  command.add_option("--actual", f.actual, "Where it is");
  command.add_option("--note", f.note, "A note");
  add_manage_options(command, options.manage, Formats::kView);
}

int run_parp_result(const ParpResultOptions& options, CommandContext& context) {
  std::optional<Actor> actor = open_actor(options.manage, "parp result", context);
  if (!actor) return kExitFailure;
  const Result<ParpView> view = actor->engine->manage().record_result(actor->principal, options.id, options.goal,
                                                                      options.fields, actor->request_id);
  if (!view) return fail_request(view.status(), context);
  if (options.manage.format == Format::kJson) return show_parp(*view, Format::kJson, context);
  context.out() << "recorded the " << options.fields.year << " result of goal " << options.goal << " of PARP cycle "
                << options.id << " (version " << view->cycle.stamp.version << ")\n";
  return kExitSuccess;
}

// --- Units and their evaluations ---

void print_unit(const UnitView& view, std::ostream& out) {
  const Unit& u = view.unit;
  out << "Unit " << u.stamp.id << ": " << u.name << ", " << u.kind << ", " << view.nation_name << " (" << u.nation
      << ")\n";
  out << "  level      " << u.level << " (version " << u.stamp.version << ")\n";
  out << "  ladder     " << join(view.ladder, " → ") << '\n';
  out << "  next step  " << view.next_step.value_or("none: the top of the ladder") << '\n';
  out << "  declared   " << u.declared_at << " by " << u.declared_by << '\n';
  if (!view.checklist.empty()) {
    out << "\nChecklist of " << view.next_step.value_or(u.level) << " (--answer ITEM=yes|no)\n\n";
    TextTable table({"item", "question"});
    for (const ChecklistItem* item : view.checklist) table.add({item->item, item->text});
    table.print(out);
  }
  if (!view.evaluations.empty()) {
    out << "\nEvaluations\n\n";
    TextTable table({"id", "step", "outcome", "on", "evaluator", "answers"});
    for (const Evaluation& e : view.evaluations) {
      table.add({std::to_string(e.stamp.id), e.step, e.outcome, e.on.to_string(), e.evaluator, join(e.answers, " ")});
    }
    table.print(out);
  }
  if (!view.history.empty()) {
    out << "\nHistory\n\n";
    print_history(view.history, out);
  }
  print_actions(view.actions, out);
}

int show_unit(const UnitView& view, Format format, CommandContext& context) {
  if (format == Format::kJson) {
    context.out() << to_pretty_json(to_json(view));
  } else {
    print_unit(view, context.out());
  }
  return kExitSuccess;
}

int run_unit_list(const NationListOptions& options, CommandContext& context) {
  std::optional<Actor> actor = open_actor(options.manage, "unit list", context);
  if (!actor) return kExitFailure;
  const Result<std::vector<Unit>> units = actor->engine->manage().units(actor->principal, options.nation);
  if (!units) return fail_request(units.status(), context);
  if (options.manage.format == Format::kJson) {
    context.out() << to_pretty_json(json::object{{"units", rows_json(units_table(), *units)}});
    return kExitSuccess;
  }
  if (options.manage.format == Format::kCsv) {
    context.out() << rows_csv(units_table(), *units).text();
    return kExitSuccess;
  }
  TextTable table({"id", "nation", "name", "kind", "level", "version"});
  for (const Unit& u : *units) {
    table.add({std::to_string(u.stamp.id), u.nation, u.name, u.kind, u.level, std::to_string(u.stamp.version)});
  }
  table.print(context.out());
  return kExitSuccess;
}

void add_unit_show_options(CLI::App& command, IdOptions& options) {
  add_id(command, "id", options.id, "The unit's id");
  add_manage_options(command, options.manage, Formats::kView);
}

int run_unit_show(const IdOptions& options, CommandContext& context) {
  std::optional<Actor> actor = open_actor(options.manage, "unit show", context);
  if (!actor) return kExitFailure;
  const Result<UnitView> view = actor->engine->manage().unit(actor->principal, options.id);
  if (!view) return fail_request(view.status(), context);
  return show_unit(*view, options.manage.format, context);
}

struct DeclareOptions {
  ManageOptions manage;
  std::string nation;
  std::string name;
  std::string kind;
};

void add_declare_options(CLI::App& command, DeclareOptions& options) {
  command.add_option("--nation", options.nation, "The partner, ISO alpha-3")->required();
  command.add_option("--name", options.name, "The unit's name")->required();
  command.add_option("--kind", options.kind, "land, maritime, air, special-operations or other")->required();
  add_manage_options(command, options.manage, Formats::kView);
}

int run_declare(const DeclareOptions& options, CommandContext& context) {
  std::optional<Actor> actor = open_actor(options.manage, "unit declare", context);
  if (!actor) return kExitFailure;
  const Result<UnitView> view = actor->engine->manage().declare_unit(actor->principal, options.nation, options.name,
                                                                     options.kind, actor->request_id);
  if (!view) return fail_request(view.status(), context);
  if (options.manage.format == Format::kJson) return show_unit(*view, Format::kJson, context);
  context.out() << "declared unit " << view->unit.stamp.id << " (" << view->unit.name << ") of " << view->nation_name
                << " at " << view->unit.level << " (version " << view->unit.stamp.version << ")\n";
  return kExitSuccess;
}

struct EvaluateOptions {
  ManageOptions manage;
  std::int64_t id = 0;
  std::vector<std::string> answers;
  EvaluationRequest request;
};

void add_evaluate_options(CLI::App& command, EvaluateOptions& options) {
  add_id(command, "id", options.id, "The unit's id");
  EvaluationRequest& r = options.request;
  command.add_option("--step", r.step, "sel1, nel1, sel2 or nel2: the next step, or the unit's level to re-evaluate")
      ->required();
  command.add_option("--answer", options.answers, "ITEM=yes or ITEM=no, once per item of the step's checklist");
  command.add_option("--evaluator", r.evaluator, "Who evaluated")->required();
  command.add_option("--on", r.on, "The day of the evaluation, YYYY-MM-DD")->required();
  command.add_option("--note", r.note, "A note");
  add_version(command, r.expected_version, "unit");
  add_manage_options(command, options.manage, Formats::kView);
}

int run_evaluate(const EvaluateOptions& options, CommandContext& context) {
  EvaluationRequest request = options.request;
  for (const std::string& answer : options.answers) {
    const std::size_t equals = answer.find('=');
    const std::string value = equals == std::string::npos ? std::string() : answer.substr(equals + 1);
    if (equals == std::string::npos || (value != "yes" && value != "no")) {
      return fail_request(Status(ErrorCode::kInvalidArgument,
                                 "--answer '" + answer.substr(0, 60) + "' must read ITEM=yes or ITEM=no", "--answer"),
                          context);
    }
    request.answers.emplace_back(answer.substr(0, equals), value == "yes");
  }
  std::optional<Actor> actor = open_actor(options.manage, "unit evaluate", context);
  if (!actor) return kExitFailure;
  request.request_id = actor->request_id;
  const Result<UnitView> view = actor->engine->manage().record_evaluation(actor->principal, options.id, request);
  if (!view) return fail_request(view.status(), context);
  if (options.manage.format == Format::kJson) return show_unit(*view, Format::kJson, context);
  const Evaluation* recorded = view->evaluations.empty() ? nullptr : &view->evaluations.back();
  context.out() << "recorded " << request.step << (recorded ? " " + recorded->outcome : std::string()) << " for unit "
                << options.id << "; its level is " << view->unit.level << " (version " << view->unit.stamp.version
                << ")";
  for (const ActionOption& option : view->actions) {
    if (option.action == request.step && !option.approved_by.empty()) {
      context.out() << "; '" << option.action << "' has " << option.approved_by.size() << " of " << option.approvals
                    << " sign-offs (" << join(option.approved_by, ", ") << ")";
    }
  }
  context.out() << '\n';
  return kExitSuccess;
}

// --- Events ---

void print_event(const EventView& view, std::ostream& out) {
  const Event& e = view.event;
  out << "Event " << e.stamp.id << ": " << e.title << '\n';
  out << "  state     " << e.state << " (version " << e.stamp.version << ")\n";
  out << "  when      " << e.from.to_string() << (e.to == e.from ? std::string() : " to " + e.to.to_string()) << '\n';
  out << "  where     " << or_none(e.location) << '\n';
  out << "  kind      " << e.kind << (e.menu_item.empty() ? ", bilateral" : ", menu item " + e.menu_item)
      << "; eligibility for " << e.activity << '\n';
  out << "  places    " << view.registered << " of " << e.capacity << " taken, " << view.waitlisted << " waitlisted\n";
  if (!view.feedback.empty()) {
    std::ostringstream average;
    average.precision(2);
    average << std::fixed << view.average_rating;
    out << "  rating    " << average.str() << " from " << view.feedback.size() << " answers\n";
  }
  if (!view.invitations.empty()) {
    out << "\nInvited\n\n";
    TextTable table({"nation", "standing", "by", "at"});
    for (const Invitation& i : view.invitations) table.add({i.nation, i.standing, i.invited_by, i.at});
    table.print(out);
  }
  if (!view.registrations.empty()) {
    out << "\nRegistrations\n\n";
    TextTable table({"id", "nation", "participant", "state", "version", "by"});
    for (const Registration& r : view.registrations) {
      table.add({std::to_string(r.stamp.id), r.nation, r.participant, r.state, std::to_string(r.stamp.version),
                 r.registered_by});
    }
    table.print(out);
  }
  if (!view.feedback.empty()) {
    out << "\nFeedback\n\n";
    TextTable table({"nation", "author", "rating", "text"});
    for (const Feedback& f : view.feedback) table.add({f.nation, f.author, std::to_string(f.rating), or_none(f.text)});
    table.print(out);
  }
  print_actions(view.actions, out);
  if (view.may_register) out << "You may register participants ('entente event register').\n";
  if (view.may_give_feedback) out << "You may give feedback ('entente event feedback').\n";
}

int show_event(const EventView& view, Format format, CommandContext& context) {
  if (format == Format::kJson) {
    context.out() << to_pretty_json(to_json(view));
  } else {
    print_event(view, context.out());
  }
  return kExitSuccess;
}

// A write's answer: the event as JSON, or one line.
int event_written(const EventView& view, Format format, const std::string& line, CommandContext& context) {
  if (format == Format::kJson) return show_event(view, Format::kJson, context);
  context.out() << line << " (event version " << view.event.stamp.version << ")\n";
  return kExitSuccess;
}

struct EventListOptions {
  ManageOptions manage;
  std::string from;
  std::string to;
};

void add_event_list_options(CLI::App& command, EventListOptions& options) {
  command.add_option("--from", options.from, "Events that end on or after this day, YYYY-MM-DD");
  command.add_option("--to", options.to, "Events that start on or before this day, YYYY-MM-DD");
  add_manage_options(command, options.manage, Formats::kList);
}

int run_event_list(const EventListOptions& options, CommandContext& context) {
  std::optional<Actor> actor = open_actor(options.manage, "event list", context);
  if (!actor) return kExitFailure;
  const Result<std::vector<Event>> events = actor->engine->manage().events(actor->principal, options.from, options.to);
  if (!events) return fail_request(events.status(), context);
  if (options.manage.format == Format::kJson) {
    context.out() << to_pretty_json(json::object{{"events", rows_json(events_table(), *events)}});
    return kExitSuccess;
  }
  if (options.manage.format == Format::kCsv) {
    context.out() << rows_csv(events_table(), *events).text();
    return kExitSuccess;
  }
  TextTable table({"id", "from", "to", "title", "kind", "state", "version", "location"});
  for (const Event& e : *events) {
    table.add({std::to_string(e.stamp.id), e.from.to_string(), e.to.to_string(), e.title, e.kind, e.state,
               std::to_string(e.stamp.version), or_none(e.location)});
  }
  table.print(context.out());
  return kExitSuccess;
}

void add_event_show_options(CLI::App& command, IdOptions& options) {
  add_id(command, "id", options.id, "The event's id");
  add_manage_options(command, options.manage, Formats::kView);
}

int run_event_show(const IdOptions& options, CommandContext& context) {
  std::optional<Actor> actor = open_actor(options.manage, "event show", context);
  if (!actor) return kExitFailure;
  const Result<EventView> view = actor->engine->manage().event(actor->principal, options.id);
  if (!view) return fail_request(view.status(), context);
  return show_event(*view, options.manage.format, context);
}

struct EventCreateOptions {
  ManageOptions manage;
  EventFields fields;
};

void add_event_create_options(CLI::App& command, EventCreateOptions& options) {
  EventFields& f = options.fields;
  const auto text = [&command](const std::string& name, std::optional<std::string>& slot, const std::string& help) {
    return command.add_option_function<std::string>(
        name, [&slot](const std::string& value) { slot = value; }, help);
  };
  text("--menu-item", f.menu_item, "The cooperation menu's activity it is an instance of (its title, kind, places)");
  text("--title", f.title, "The title (required for a bilateral event)");
  text("--kind", f.kind, "course, exercise, seminar, workshop, conference or expert-visit");
  text("--activity", f.activity, "The eligibility activity invitations are checked for (education-training, ...)");
  text("--from", f.from, "First day, YYYY-MM-DD")->required();
  text("--to", f.to, "Last day, YYYY-MM-DD (default: the first)");
  text("--location", f.location, "Where");
  command
      .add_option_function<std::int64_t>(
          "--capacity", [&f](const std::int64_t& value) { f.capacity = value; },
          "Places (default: the menu item's); registrations beyond are waitlisted")
      ->check(CLI::Range(std::int64_t{1}, INT64_MAX));
  add_manage_options(command, options.manage, Formats::kView);
}

int run_event_create(const EventCreateOptions& options, CommandContext& context) {
  std::optional<Actor> actor = open_actor(options.manage, "event create", context);
  if (!actor) return kExitFailure;
  const Result<EventView> view =
      actor->engine->manage().create_event(actor->principal, options.fields, actor->request_id);
  if (!view) return fail_request(view.status(), context);
  if (options.manage.format == Format::kJson) return show_event(*view, Format::kJson, context);
  context.out() << "created event " << view->event.stamp.id << " (" << view->event.title << ", "
                << view->event.from.to_string() << ") as " << view->event.state << " (version "
                << view->event.stamp.version << ")\n";
  return kExitSuccess;
}

int run_event_step(const StepOptions& options, CommandContext& context) {
  std::optional<Actor> actor = open_actor(options.manage, "event " + options.action, context);
  if (!actor) return kExitFailure;
  if (Status known = check_action(*actor->engine, options); !known) return fail_request(known, context);
  const Result<EventView> view =
      actor->engine->manage().step_event(actor->principal, options.id, step_request(options, *actor));
  if (!view) return fail_request(view.status(), context);
  if (options.manage.format == Format::kJson) return show_event(*view, Format::kJson, context);
  print_step_outcome("event", options.id, view->event.state, view->event.stamp.version, options.action, view->actions,
                     context.out());
  return kExitSuccess;
}

struct InviteOptions {
  ManageOptions manage;
  std::int64_t id = 0;
  std::vector<std::string> nations;
};

void add_invite_options(CLI::App& command, InviteOptions& options) {
  add_id(command, "id", options.id, "The event's id");
  command.add_option("nations", options.nations, "The nations to invite, ISO alpha-3 (each must be eligible)")
      ->required();
  add_manage_options(command, options.manage, Formats::kView);
}

int run_invite(const InviteOptions& options, CommandContext& context) {
  std::optional<Actor> actor = open_actor(options.manage, "event invite", context);
  if (!actor) return kExitFailure;
  std::vector<Refusal> refusals;
  const Result<EventView> view =
      actor->engine->manage().invite(actor->principal, options.id, options.nations, actor->request_id, &refusals);
  if (!view) {
    if (refusals.empty()) return fail_request(view.status(), context);
    const int code = context.fail(Status(view.status().code(), std::to_string(refusals.size()) + " of " +
                                                                   std::to_string(options.nations.size()) +
                                                                   " nations may not be invited; none was"));
    for (const Refusal& refusal : refusals) context.err() << "  " << refusal.nation << ": " << refusal.reason << '\n';
    return code;
  }
  return event_written(*view, options.manage.format,
                       "invited " + join(options.nations, ", ") + " to event " + std::to_string(options.id), context);
}

struct RegisterOptions {
  ManageOptions manage;
  std::int64_t id = 0;
  std::string participant;
  std::string nation;
};

void add_register_options(CLI::App& command, RegisterOptions& options) {
  add_id(command, "id", options.id, "The event's id");
  command.add_option("--participant", options.participant, "Who takes part: a name")->required();
  command.add_option("--nation", options.nation, "The participant's nation (default: a nation officer's own)");
  add_manage_options(command, options.manage, Formats::kView);
}

int run_register(const RegisterOptions& options, CommandContext& context) {
  std::optional<Actor> actor = open_actor(options.manage, "event register", context);
  if (!actor) return kExitFailure;
  const Result<EventView> view = actor->engine->manage().register_participant(
      actor->principal, options.id, options.nation, options.participant, actor->request_id);
  if (!view) return fail_request(view.status(), context);
  const Registration* registration = nullptr;
  for (const Registration& r : view->registrations) {
    if (r.participant == options.participant && r.state != "cancelled" &&
        (registration == nullptr || registration->stamp.id < r.stamp.id)) {
      registration = &r;
    }
  }
  return event_written(*view, options.manage.format,
                       "registered " + options.participant +
                           (registration == nullptr ? std::string()
                                                    : " as registration " + std::to_string(registration->stamp.id) +
                                                          " (" + registration->state + ")") +
                           " for event " + std::to_string(options.id),
                       context);
}

struct RegistrationOptions {
  ManageOptions manage;
  std::int64_t id = 0;
  std::int64_t registration = 0;
  std::int64_t version = 0;
  std::string attendance;
};

void add_cancel_options(CLI::App& command, RegistrationOptions& options) {
  add_id(command, "id", options.id, "The event's id");
  add_id(command, "registration", options.registration, "The registration's id ('event show' lists them)");
  add_version(command, options.version, "registration");
  add_manage_options(command, options.manage, Formats::kView);
}

int run_cancel(const RegistrationOptions& options, CommandContext& context) {
  std::optional<Actor> actor = open_actor(options.manage, "event cancel-registration", context);
  if (!actor) return kExitFailure;
  const Result<EventView> view = actor->engine->manage().cancel_registration(
      actor->principal, options.id, options.registration, options.version, actor->request_id);
  if (!view) return fail_request(view.status(), context);
  return event_written(
      *view, options.manage.format,
      "cancelled registration " + std::to_string(options.registration) + " of event " + std::to_string(options.id),
      context);
}

void add_attend_options(CLI::App& command, RegistrationOptions& options) {
  add_id(command, "id", options.id, "The event's id");
  add_id(command, "registration", options.registration, "The registration's id");
  command.add_option("attendance", options.attendance, "attended or absent")
      ->required()
      ->check(CLI::IsMember({"attended", "absent"}));
  add_manage_options(command, options.manage, Formats::kView);
}

int run_attend(const RegistrationOptions& options, CommandContext& context) {
  std::optional<Actor> actor = open_actor(options.manage, "event attend", context);
  if (!actor) return kExitFailure;
  const Result<EventView> view = actor->engine->manage().record_attendance(
      actor->principal, options.id, options.registration, options.attendance, actor->request_id);
  if (!view) return fail_request(view.status(), context);
  return event_written(*view, options.manage.format,
                       "recorded registration " + std::to_string(options.registration) + " as " + options.attendance,
                       context);
}

struct FeedbackOptions {
  ManageOptions manage;
  std::int64_t id = 0;
  std::int64_t rating = 0;
  std::string text;
};

void add_feedback_options(CLI::App& command, FeedbackOptions& options) {
  add_id(command, "id", options.id, "The event's id");
  command.add_option("--rating", options.rating, "1 (poor) to 5 (excellent)")->required()->check(CLI::Range(1, 5));
  command.add_option("--text", options.text, "What went well and what did not");
  add_manage_options(command, options.manage, Formats::kView);
}

int run_feedback(const FeedbackOptions& options, CommandContext& context) {
  std::optional<Actor> actor = open_actor(options.manage, "event feedback", context);
  if (!actor) return kExitFailure;
  const Result<EventView> view = actor->engine->manage().give_feedback(actor->principal, options.id, options.rating,
                                                                       options.text, actor->request_id);
  if (!view) return fail_request(view.status(), context);
  return event_written(*view, options.manage.format, "recorded feedback on event " + std::to_string(options.id),
                       context);
}

}  // namespace

std::vector<Command> cooperation_commands() {
  return {
      group("menu", "The cooperation menu: list, export, import",
            {command("list", "Activities of the menu, by words, area, kind, standing, or what a nation may take",
                     add_menu_list_options, run_menu_list),
             command("export", "The whole menu as CSV, in the format of data/cooperation_menu.csv",
                     add_menu_export_options, run_menu_export),
             command("import",
                     "Replace the menu with a CSV file, checked as the data file is; nothing changes on any error",
                     add_menu_import_options, run_menu_import)}),
      command("dcb-packages", "Defence capacity building packages, by partner", add_dcb_options, run_dcb),
      workflow_group("parp",
                     "The Planning and Review Process: list, show, open, add-goal, result, and ACTION ID --version N "
                     "for a step of the parp workflow",
                     "parp",
                     {command("list", "PARP cycles, by nation", add_nation_list_options, run_parp_list),
                      command("show", "A cycle with its goals, results, history and next steps", add_parp_show_options,
                              run_parp_show),
                      command("open", "Open this year's cycle for a partner, if the rules let it take part",
                              add_parp_open_options, run_parp_open),
                      command("add-goal", "Add a partnership goal while goals are drafted or discussed",
                              add_parp_goal_options, run_parp_goal),
                      command("result", "Record a goal's baseline, target and actual for a year",
                              add_parp_result_options, run_parp_result)},
                     false, run_parp_step),
      group("unit", "Units and their interoperability evaluation (OCC E&F): list, show, declare, evaluate",
            {command("list", "Declared units, by nation", add_nation_list_options, run_unit_list),
             command("show", "A unit with its level, checklist, evaluations and history", add_unit_show_options,
                     run_unit_show),
             command("declare", "Declare a partner's unit for evaluation", add_declare_options, run_declare),
             command("evaluate", "Record an evaluation: the step, every checklist answer, who and when",
                     add_evaluate_options, run_evaluate)}),
      workflow_group(
          "event",
          "Events: list, show, create, invite, register, cancel-registration, attend, feedback, and ACTION ID "
          "--version N for a step of the event workflow",
          "event",
          {command("list", "Events between two days", add_event_list_options, run_event_list),
           command("show", "An event with its invitations, registrations, feedback and next steps",
                   add_event_show_options, run_event_show),
           command("create", "Plan an event, from the cooperation menu or bilateral", add_event_create_options,
                   run_event_create),
           command("invite", "Invite nations; none is invited when any may not take part", add_invite_options,
                   run_invite),
           command("register", "Register a participant of an invited nation; beyond capacity, waitlisted",
                   add_register_options, run_register),
           command("cancel-registration", "Cancel a registration; the first waitlisted moves up", add_cancel_options,
                   run_cancel),
           command("attend", "Record a registration as attended or absent, once the event is held", add_attend_options,
                   run_attend),
           command("feedback", "Rate an event your nation attended", add_feedback_options, run_feedback)},
          false, run_event_step),
  };
}

}  // namespace entente::cli
