#include "cli/cli.hpp"

#include <CLI/CLI.hpp>
#include <ostream>
#include <thread>

#include "cli/simulate_command.hpp"
#include "cli/table.hpp"
#include "core/text.hpp"
#include "engine/engine.hpp"
#include "engine/render_json.hpp"
#include "server/server.hpp"
#include "store/atlas_reader.hpp"

namespace entente {

namespace {

enum class Format { kTable, kJson, kCsv };

constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

std::string or_dash(const std::optional<Date>& date) { return date ? date->to_string() : "-"; }

std::string name_of(const Registry& registry, const std::string& iso3) {
  const Nation* nation = registry.find_nation(iso3);
  return nation ? nation->name : iso3;
}

std::string join(const std::vector<std::string>& items, const char* separator) {
  std::string text;
  for (const std::string& item : items) {
    if (!text.empty()) text += separator;
    text += item;
  }
  return text;
}

// The first of a " ; "-separated list of sources, with a count of the others, to keep
// tables narrow; JSON and CSV carry the whole list.
std::string first_source(const std::string& sources) {
  const std::size_t separator = sources.find(" ; ");
  if (separator == std::string::npos) return sources;
  std::size_t others = 0;
  for (std::size_t at = separator; at != std::string::npos; at = sources.find(" ; ", at + 3)) ++others;
  return sources.substr(0, separator) + " (+" + std::to_string(others) + " more)";
}

// Options shared by the query commands.
struct QueryOptions {
  std::string database = "entente.db";
  std::string as_of;
  Format format = Format::kTable;
};

void add_query_options(CLI::App& command, QueryOptions& options, bool with_as_of = true) {
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

void print_members(const MembersAnswer& answer, const Registry& registry, Format format, std::ostream& out) {
  if (format == Format::kJson) {
    out << to_pretty_json(to_json(answer, registry));
    return;
  }
  if (format == Format::kCsv) {
    TextTable table({"iso3", "name", "status", "from", "to", "source", "note"});
    for (const Membership* m : answer.members) {
      table.add({m->nation, name_of(registry, m->nation), std::string(to_string(m->status)), m->period.from.to_string(),
                 m->period.to ? m->period.to->to_string() : "", m->provenance.source, m->provenance.note});
    }
    table.print_csv(out);
    return;
  }
  out << answer.organisation->name << " (" << answer.organisation->id << ") as of " << answer.as_of.to_string() << ": "
      << answer.members.size() << (answer.members.size() == 1 ? " member\n\n" : " members\n\n");
  TextTable table({"Code", "Nation", "Status", "Since", "Until"});
  for (const Membership* m : answer.members) {
    table.add({m->nation, name_of(registry, m->nation), std::string(to_string(m->status)), m->period.from.to_string(),
               or_dash(m->period.to)});
  }
  table.print(out);
}

void print_partners(const PartnersAnswer& answer, const Registry& registry, Format format, std::ostream& out) {
  if (format == Format::kJson) {
    out << to_pretty_json(to_json(answer, registry));
    return;
  }
  if (format == Format::kCsv) {
    TextTable table({"iso3", "name", "status", "from", "to", "source", "note"});
    for (const Partnership* p : answer.partners) {
      table.add({p->nation, name_of(registry, p->nation), std::string(to_string(p->status)), p->period.from.to_string(),
                 p->period.to ? p->period.to->to_string() : "", p->provenance.source, p->provenance.note});
    }
    table.print_csv(out);
    return;
  }
  out << answer.framework->name << " (" << answer.framework->id << ", " << answer.framework->organisation << ") as of "
      << answer.as_of.to_string() << ": " << answer.partners.size()
      << (answer.partners.size() == 1 ? " partner\n\n" : " partners\n\n");
  TextTable table({"Code", "Nation", "Status", "Since", "Until"});
  for (const Partnership* p : answer.partners) {
    table.add({p->nation, name_of(registry, p->nation), std::string(to_string(p->status)), p->period.from.to_string(),
               or_dash(p->period.to)});
  }
  table.print(out);
}

void print_relations(const RelationsAnswer& answer, Format format, std::ostream& out) {
  if (format == Format::kJson) {
    out << to_pretty_json(to_json(answer));
    return;
  }
  TextTable table(format == Format::kCsv ? std::vector<std::string>{"iso3", "name", "relation", "frameworks"}
                                         : std::vector<std::string>{"Code", "Nation", "Relation", "Frameworks"});
  std::map<Relation, int> counts;  // strongest relation first
  for (const RelationEntry& entry : answer.relations) {
    const std::string relation(to_string(entry.relation));
    ++counts[entry.relation];
    table.add({entry.nation->iso3, entry.nation->name, relation,
               join(entry.frameworks, format == Format::kCsv ? ";" : ", ")});
  }
  if (format == Format::kCsv) {
    table.print_csv(out);
    return;
  }
  out << "Relations to " << answer.organisation->id << " as of " << answer.as_of.to_string() << ":";
  const char* separator = " ";
  for (const auto& [relation, count] : counts) {
    out << separator << count << ' ' << to_string(relation);
    separator = ", ";
  }
  out << "\n\n";
  table.print(out);
}

void print_profile(const ProfileAnswer& answer, const Registry& registry, Format format, std::ostream& out) {
  if (format == Format::kJson) {
    out << to_pretty_json(to_json(answer, registry));
    return;
  }
  const NationProfile& profile = answer.profile;
  const Nation& nation = *profile.nation;
  if (format == Format::kCsv) {
    TextTable table({"kind", "organisation", "subject", "status", "from", "to", "source", "note"});
    for (const Membership* m : profile.memberships) {
      table.add({"membership", m->organisation, "", std::string(to_string(m->status)), m->period.from.to_string(),
                 m->period.to ? m->period.to->to_string() : "", m->provenance.source, m->provenance.note});
    }
    for (const Partnership* p : profile.partnerships) {
      const Framework* framework = registry.find_framework(p->framework);
      table.add({"partnership", framework ? framework->organisation : "", p->framework,
                 std::string(to_string(p->status)), p->period.from.to_string(),
                 p->period.to ? p->period.to->to_string() : "", p->provenance.source, p->provenance.note});
    }
    for (const PartnershipPlan* p : profile.plans) {
      table.add({"plan", p->organisation, p->plan, "", p->period.from.to_string(),
                 p->period.to ? p->period.to->to_string() : "", p->provenance.source, p->provenance.note});
    }
    for (const TerritoryChange* t : profile.territory_changes) {
      table.add({"territory-" + std::string(to_string(t->kind)), t->organisation, t->territory, "", t->date.to_string(),
                 "", t->provenance.source, t->provenance.note});
    }
    table.print_csv(out);
    return;
  }
  out << nation.name << " (" << nation.iso3 << ", " << nation.iso2 << ")\n";
  out << "  Region:  " << nation.region << (nation.subregion.empty() ? "" : " / " + nation.subregion) << '\n';
  out << "  Capital: " << nation.capital << '\n';
  if (nation.from || nation.to) out << "  Existed: " << or_dash(nation.from) << " to " << or_dash(nation.to) << '\n';
  out << "\nRelations as of " << answer.as_of.to_string() << "\n\n";
  TextTable relations({"Organisation", "Relation", "Frameworks"});
  for (const RelationEntry& entry : profile.relations) {
    relations.add({entry.organisation->id, std::string(to_string(entry.relation)), join(entry.frameworks, ", ")});
  }
  relations.print(out);
  if (!profile.memberships.empty()) {
    out << "\nMemberships\n\n";
    TextTable table({"Organisation", "Status", "From", "To", "Source"});
    for (const Membership* m : profile.memberships) {
      table.add({m->organisation, std::string(to_string(m->status)), m->period.from.to_string(), or_dash(m->period.to),
                 first_source(m->provenance.source)});
    }
    table.print(out);
  }
  if (!profile.partnerships.empty()) {
    out << "\nPartnerships\n\n";
    TextTable table({"Framework", "Status", "From", "To", "Source"});
    for (const Partnership* p : profile.partnerships) {
      table.add({p->framework, std::string(to_string(p->status)), p->period.from.to_string(), or_dash(p->period.to),
                 first_source(p->provenance.source)});
    }
    table.print(out);
  }
  if (!profile.territory_changes.empty()) {
    out << "\nTerritory changes\n\n";
    TextTable table({"Organisation", "Date", "Change", "Territory", "Source"});
    for (const TerritoryChange* t : profile.territory_changes) {
      table.add({t->organisation, t->date.to_string(), std::string(to_string(t->kind)), t->territory,
                 first_source(t->provenance.source)});
    }
    table.print(out);
  }
  if (!profile.plans.empty()) {
    out << "\nPlans and programmes\n\n";
    TextTable table({"Organisation", "Plan", "From", "To", "Source"});
    for (const PartnershipPlan* p : profile.plans) {
      table.add({p->organisation, p->plan, p->period.from.to_string(), or_dash(p->period.to),
                 first_source(p->provenance.source)});
    }
    table.print(out);
  }
}

void print_timeline(const TimelineAnswer& answer, const Registry& registry, Format format, std::ostream& out) {
  if (format == Format::kJson) {
    out << to_pretty_json(to_json(answer, registry));
    return;
  }
  if (format == Format::kCsv) {
    TextTable table({"date", "kind", "nation", "organisation", "framework", "detail", "source", "note"});
    for (const TimelineEvent* e : answer.events) {
      table.add({e->date.to_string(), std::string(to_string(e->kind)), e->nation, e->organisation, e->framework,
                 e->detail, e->provenance.source, e->provenance.note});
    }
    table.print_csv(out);
    return;
  }
  out << "Timeline";
  if (answer.filter.organisation) out << " of " << *answer.filter.organisation;
  if (answer.filter.nation) out << (answer.filter.organisation ? " for " : " of ") << *answer.filter.nation;
  out << " from " << answer.filter.from.to_string() << " to " << answer.filter.to.to_string() << ": "
      << answer.events.size() << (answer.events.size() == 1 ? " change\n\n" : " changes\n\n");
  TextTable table({"Date", "Kind", "Change"});
  for (const TimelineEvent* e : answer.events) {
    table.add({e->date.to_string(), std::string(to_string(e->kind)), e->detail});
  }
  table.print(out);
}

void print_nations(const std::vector<const Nation*>& nations, Format format, std::ostream& out,
                   const boost::json::value& json) {
  if (format == Format::kJson) {
    out << to_pretty_json(json);
    return;
  }
  TextTable table(format == Format::kCsv ? std::vector<std::string>{"iso3", "iso2", "iso_numeric", "name", "status",
                                                                    "region", "subregion", "capital"}
                                         : std::vector<std::string>{"Code", "ISO2", "Name", "Region", "Capital"});
  for (const Nation* n : nations) {
    if (format == Format::kCsv) {
      table.add({n->iso3, n->iso2, n->iso_numeric, n->name, std::string(to_string(n->status)), n->region, n->subregion,
                 n->capital});
    } else {
      table.add(
          {n->iso3, n->iso2, n->name, n->region + (n->subregion.empty() ? "" : " / " + n->subregion), n->capital});
    }
  }
  if (format == Format::kCsv) {
    table.print_csv(out);
    return;
  }
  if (nations.empty()) {
    out << "No nation matches.\n";
    return;
  }
  table.print(out);
}

void print_summary(const DatasetSummary& s, std::ostream& out) {
  out << s.nations << " nations, " << s.organisations << " organisations, " << s.memberships << " memberships, "
      << s.frameworks << " frameworks, " << s.partnerships << " partnerships, " << s.plans << " plans, "
      << s.territory_changes << " territory changes, " << s.rule_rows << " rows of rule tables"
      << (s.country_shapes > 0 ? ", " + std::to_string(s.country_shapes) + " country shapes" : "") << '\n';
}

void print_reasoning(const std::vector<ReasoningStep>& steps, std::ostream& out) {
  out << "\nReasoning\n\n";
  int number = 1;
  for (const ReasoningStep& step : steps)
    out << "  " << number++ << ". " << step.clause << ": " << step.finding << '\n';
}

void print_decision(const Decision& decision, const Registry& registry, Format format, std::ostream& out) {
  if (format == Format::kJson) {
    out << to_pretty_json(to_json(decision, registry));
    return;
  }
  if (format == Format::kCsv) {
    TextTable table({"iso3", "name", "position"});
    for (const auto& [nation, position] : decision.positions) {
      table.add({nation, name_of(registry, nation), std::string(to_string(position))});
    }
    table.print_csv(out);
    return;
  }
  out << decision.body << " (" << decision.organisation << "), " << to_string(decision.procedure) << ", as of "
      << decision.as_of.to_string() << ": " << (decision.adopted ? "ADOPTED" : "NOT ADOPTED") << " ("
      << decision.outcome << ")\n";
  out << "Positions:";
  const char* separator = " ";
  for (const auto& [position, count] : decision.counts) {
    out << separator << count << ' ' << position;
    separator = ", ";
  }
  out << '\n';
  if (!decision.decisive.empty()) out << "Decided by: " << join(decision.decisive, ", ") << '\n';
  print_reasoning(decision.reasoning, out);
}

void print_consultations(const ConsultationsAnswer& answer, const Registry& registry, Format format,
                         std::ostream& out) {
  if (format == Format::kJson) {
    out << to_pretty_json(to_json(answer, registry));
    return;
  }
  TextTable table(format == Format::kCsv
                      ? std::vector<std::string>{"id", "date", "requested_by", "occasion", "outcome", "source", "note"}
                      : std::vector<std::string>{"Date", "Requested by", "Occasion"});
  for (const Consultation* c : answer.consultations) {
    if (format == Format::kCsv) {
      table.add({c->id, c->date.to_string(), join(c->requested_by, ";"), c->occasion, c->outcome, c->provenance.source,
                 c->provenance.note});
    } else {
      table.add({c->date.to_string(), join(c->requested_by, ", "), c->occasion});
    }
  }
  if (format == Format::kCsv) {
    table.print_csv(out);
    return;
  }
  out << "Article 4 consultations from " << answer.from.to_string() << " to " << answer.to.to_string()
      << (answer.nation.empty() ? "" : " requested by " + answer.nation) << ": " << answer.consultations.size()
      << "\n\n";
  table.print(out);
}

void print_operations(const OperationsAnswer& answer, const Registry& registry, Format format, std::ostream& out) {
  if (format == Format::kJson) {
    out << to_pretty_json(to_json(answer, registry));
    return;
  }
  TextTable table(format == Format::kCsv
                      ? std::vector<std::string>{"id", "name", "kind", "from", "to", "classification",
                                                 "unsc_resolutions", "article5", "host_consent", "source"}
                      : std::vector<std::string>{"Id", "Operation", "From", "To", "Legal basis", "UNSCR"});
  for (const OperationAssessment& a : answer.operations) {
    const Operation& o = *a.operation;
    if (format == Format::kCsv) {
      table.add({o.id, o.name, o.kind, o.period.from.to_string(), o.period.to ? o.period.to->to_string() : "",
                 std::string(to_string(a.classification)), join(o.unsc_resolutions, ";"), o.article5 ? "yes" : "no",
                 o.host_consent, o.provenance.source});
    } else {
      table.add({o.id, o.name, o.period.from.to_string(), or_dash(o.period.to),
                 std::string(to_string(a.classification)) + (a.contested ? " (contested)" : ""),
                 join(o.unsc_resolutions, ", ")});
    }
  }
  if (format == Format::kCsv) {
    table.print_csv(out);
    return;
  }
  out << answer.operations.size() << (answer.operations.size() == 1 ? " operation\n\n" : " operations\n\n");
  table.print(out);
}

void print_operation(const OperationAssessment& a, const Registry& registry, Format format, std::ostream& out) {
  if (format == Format::kJson) {
    out << to_pretty_json(to_json(a, registry));
    return;
  }
  const Operation& o = *a.operation;
  if (format == Format::kCsv) {
    // Two kinds of row, told apart by `part`: each legal-basis finding, then each
    // participant; the columns of the other kind are empty.
    TextTable table({"operation", "classification", "contested", "part", "clause", "finding", "iso3", "name", "role",
                     "source", "note"});
    const std::string classification(to_string(a.classification));
    const std::string contested = a.contested ? "yes" : "no";
    for (const ReasoningStep& step : a.reasoning) {
      table.add({o.id, classification, contested, "legal-basis", step.clause, step.finding, "", "", "",
                 o.provenance.source, ""});
    }
    for (const OperationParticipant* p : a.participants) {
      table.add({o.id, classification, contested, "participant", "", "", p->nation, name_of(registry, p->nation),
                 p->role, p->provenance.source, p->provenance.note});
    }
    table.print_csv(out);
    return;
  }
  out << o.name << " (" << o.id << ")\n  " << o.summary << "\n  Kind:   " << o.kind
      << "\n  Period: " << o.period.from.to_string() << " to " << or_dash(o.period.to) << "\n  Area:   " << o.area
      << "\n  Legal basis: " << to_string(a.classification) << (a.contested ? " (contested)" : "") << '\n';
  print_reasoning(a.reasoning, out);
  if (!a.participants.empty()) {
    out << "\nParticipants (" << a.participants.size() << ")\n\n";
    TextTable table({"Code", "Nation", "Role"});
    for (const OperationParticipant* p : a.participants) table.add({p->nation, name_of(registry, p->nation), p->role});
    table.print(out);
  }
  out << "\nSource: " << o.provenance.source << '\n';
}

void print_eligibility(const EligibilityAnswer& a, Format format, std::ostream& out) {
  if (format == Format::kJson) {
    out << to_pretty_json(to_json(a));
    return;
  }
  if (format == Format::kCsv) {
    // One row per standing the nation holds that day (membership or a framework), with the
    // rule that decides it; one row with the standing columns empty when it holds none.
    TextTable table({"nation", "name", "organisation", "activity", "as_of", "relation", "eligible", "standing",
                     "standing_eligible", "conditions", "source"});
    const auto add = [&](const std::vector<std::string>& route) {
      std::vector<std::string> row{a.nation->iso3,
                                   a.nation->name,
                                   a.organisation->id,
                                   a.activity,
                                   a.as_of.to_string(),
                                   std::string(to_string(a.relation)),
                                   std::string(to_string(a.eligible))};
      row.insert(row.end(), route.begin(), route.end());
      table.add(std::move(row));
    };
    for (const EligibilityRoute& route : a.routes) {
      add({route.standing, std::string(to_string(route.eligible)), route.conditions,
           route.rule ? route.rule->provenance.source : ""});
    }
    if (a.routes.empty()) add({"", "", "", ""});
    table.print_csv(out);
    return;
  }
  out << "May " << a.nation->name << " (" << a.nation->iso3 << ") take part in " << a.activity << " with "
      << a.organisation->id << " on " << a.as_of.to_string() << "? "
      << (a.eligible == Eligibility::kYes  ? "YES"
          : a.eligible == Eligibility::kNo ? "NO"
                                           : "CONDITIONALLY")
      << '\n';
  for (const EligibilityRoute& route : a.routes) {
    out << "  through " << route.standing << ": " << to_string(route.eligible)
        << (route.conditions.empty() ? "" : " (" + route.conditions + ")") << '\n';
  }
  print_reasoning(a.reasoning, out);
}

void print_article5(const Article6Verdict& verdict, const Registry& registry, Format format, std::ostream& out) {
  if (format == Format::kJson) {
    out << to_pretty_json(to_json(verdict, registry));
    return;
  }
  if (format == Format::kCsv) {
    // One row per step of the reasoning, the verdict's columns repeated on each; `bound`
    // lists the members bound by Article 5 that day.
    TextTable table(
        {"as_of", "verdict", "article6_clause", "target_kind", "target_nation", "bound", "step", "clause", "finding"});
    std::string bound;
    for (std::string_view nation : verdict.bound) {
      if (!bound.empty()) bound += ';';
      bound += nation;
    }
    int number = 1;
    for (const ReasoningStep& step : verdict.reasoning) {
      table.add({verdict.as_of.to_string(), std::string(to_string(verdict.verdict)), verdict.clause,
                 std::string(to_string(verdict.target)), verdict.target_nation ? verdict.target_nation->iso3 : "",
                 bound, std::to_string(number++), step.clause, step.finding});
    }
    table.print_csv(out);
    return;
  }
  out << "Article 5 as of " << verdict.as_of.to_string() << ": " << ascii_upper(to_string(verdict.verdict)) << " ("
      << verdict.clause << ")\n";
  if (!verdict.bound.empty()) out << "Bound: " << verdict.bound.size() << " members\n";
  print_reasoning(verdict.reasoning, out);
}

// Prints the failure and returns the exit code for it.
int report(const Status& status, std::ostream& err) {
  err << "entente: " << status.message() << '\n';
  return kExitFailure;
}

}  // namespace

int run_cli(int argc, const char* const* argv, std::ostream& out, std::ostream& err, std::unique_ptr<Clock> clock) {
  // An argument is echoed into JSON, CSV and messages: it must be text.
  for (int i = 1; i < argc; ++i) {
    if (!is_valid_utf8(argv[i])) {
      err << "entente: argument " << i << " is not valid UTF-8; pass text in UTF-8 (check the terminal's locale)\n";
      return kExitUsage;
    }
  }
  CLI::App app{
      "Entente: who is a member or a partner of which alliance, as of any date, with sources.\n"
      "Create the database once with 'entente init', then query it or serve it over HTTP.",
      "entente"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "entente 0.1.0");

  int exit_code = 0;
  std::unique_ptr<Engine> engine;
  const auto open_engine = [&](const QueryOptions& options) -> bool {
    Result<std::unique_ptr<Engine>> opened = Engine::open(options.database, std::move(clock));
    if (!opened) {
      exit_code = report(opened.status(), err);
      return false;
    }
    engine = std::move(*opened);
    return true;
  };

  // init
  std::string init_database = "entente.db";
  std::string init_data = "data";
  std::string init_atlas;
  CLI::App* init =
      app.add_subcommand("init", "Create or replace the database from the reference data in one transaction");
  init->add_option("--db", init_database, "SQLite database to create or replace")->capture_default_str();
  init->add_option("--data", init_data, "Folder holding the reference CSV files")->capture_default_str();
  CLI::Option* init_atlas_option =
      init->add_option("--atlas", init_atlas,
                       "TopoJSON of country land for Article 6 (default: " + std::string(kAtlasFile) +
                           " in the --data folder; '' for none)");
  init->callback([&] {
    if (init_atlas_option->count() == 0) init_atlas = atlas_in(init_data);
    Result<DatasetSummary> summary = Engine::init_database(init_database, DirectoryDataFiles(init_data), init_atlas);
    if (!summary) {
      exit_code = report(summary.status(), err);
      err << "entente: nothing was written to " << init_database << "\n";
      return;
    }
    out << "Loaded " << init_data << " into " << init_database << ": ";
    print_summary(*summary, out);
  });

  // check-data
  std::string check_data = "data";
  CLI::App* check = app.add_subcommand("check-data", "Validate the reference data without writing anything");
  check->add_option("--data", check_data, "Folder holding the reference CSV files")->capture_default_str();
  check->callback([&] {
    Result<DatasetSummary> summary = Engine::check_data(DirectoryDataFiles(check_data));
    if (!summary) {
      exit_code = report(summary.status(), err);
      return;
    }
    out << check_data << " is valid: ";
    print_summary(*summary, out);
  });

  // serve
  ServerOptions server_options;
  std::string serve_database = "entente.db";
  CLI::App* serve = app.add_subcommand("serve", "Serve the HTTP/JSON API and the browser UI");
  serve->add_option("--db", serve_database, "SQLite database created by 'entente init'")->capture_default_str();
  serve->add_option("--host", server_options.host, "Address to listen on")->capture_default_str();
  serve->add_option("--port", server_options.port, "Port to listen on; 0 picks a free one")
      ->capture_default_str()
      ->check(CLI::Range(0, 65535));
  serve->add_option("--web", server_options.web_root, "Folder of the built browser UI served at /")
      ->capture_default_str();
  serve->add_option("--threads", server_options.threads, "I/O threads (default: one per core)")
      ->check(CLI::Range(1, 256));
  serve->add_option("--access-log", server_options.access_log, "Access log: a file, '-' for stderr, or 'off'")
      ->capture_default_str();
  serve->add_option("--access-log-max-mb", server_options.access_log_max_mb, "Rotate the access log file at this size")
      ->capture_default_str()
      ->check(CLI::Range(1, 1048576));
  serve->add_option("--access-log-files", server_options.access_log_files, "Rotated access log files kept")
      ->capture_default_str()
      ->check(CLI::Range(0, 1000));
  serve
      ->add_option("--reply-cache-mb", server_options.reply_cache_mb,
                   "MiB of API replies kept in memory; 0 turns the cache off")
      ->capture_default_str()
      ->check(CLI::Range(0, 1048576));
  serve->add_option("--scenarios", server_options.scenarios_dir, "Folder of scenario files listed by the API")
      ->capture_default_str();
  serve
      ->add_option("--simulation-threads", server_options.simulation_threads,
                   "Worker threads of a simulation job (default: one per core)")
      ->check(CLI::Range(0, 256));
  serve->add_option("--max-jobs", server_options.max_jobs, "Simulation jobs queued or running, all clients together")
      ->capture_default_str()
      ->check(CLI::Range(1, 10000));
  serve->add_option("--jobs-per-client", server_options.jobs_per_client, "Simulation jobs queued or running per client")
      ->capture_default_str()
      ->check(CLI::Range(1, 10000));
  serve
      ->add_option("--max-connections", server_options.max_connections,
                   "Open connections (default: three quarters of the descriptor limit less 64, at most 4096)")
      ->check(CLI::Range(1, 1000000));
  serve->add_option("--max-header-bytes", server_options.max_header_bytes, "Request line, headers and trailers")
      ->capture_default_str()
      ->check(CLI::Range(1024, 61440));
  serve->add_option("--max-body-bytes", server_options.max_body_bytes, "Request body")
      ->capture_default_str()
      ->check(CLI::Range(1024, 67108864));
  serve->add_option("--idle-timeout", server_options.idle_timeout_seconds, "Seconds to read a request or write a reply")
      ->capture_default_str()
      ->check(CLI::Range(1, 3600));
  serve->add_option("--allowed-host", server_options.allowed_hosts,
                    "A Host name the server answers to besides IP addresses and localhost (repeatable)");
  serve->add_option("--allowed-origin", server_options.allowed_origins,
                    "An origin, e.g. https://ui.example.org, whose pages may POST and DELETE (repeatable)");
  serve->callback([&] {
    QueryOptions options;
    options.database = serve_database;
    if (!open_engine(options)) return;
    if (Status status = run_server(*engine, server_options, out, err); !status) exit_code = report(status, err);
  });

  // members
  QueryOptions members_options;
  std::string members_organisation;
  CLI::App* members = app.add_subcommand("members", "Members of an organisation as of a date");
  members->add_option("organisation", members_organisation, "Organisation id, e.g. NATO, EU, CSTO")->required();
  add_query_options(*members, members_options);
  members->callback([&] {
    if (!open_engine(members_options)) return;
    Result<Versioned<MembersAnswer>> answer = engine->members(members_organisation, members_options.as_of);
    if (!answer) {
      exit_code = report(answer.status(), err);
      return;
    }
    print_members(*answer, answer->snapshot->registry(), members_options.format, out);
  });

  // partners
  QueryOptions partners_options;
  std::string partners_framework;
  CLI::App* partners = app.add_subcommand("partners", "Partners of a partnership framework as of a date");
  partners->add_option("framework", partners_framework, "Framework id, e.g. PFP, EAPC, MD, ICI, PATG, EOP, NACC")
      ->required();
  add_query_options(*partners, partners_options);
  partners->callback([&] {
    if (!open_engine(partners_options)) return;
    Result<Versioned<PartnersAnswer>> answer = engine->partners(partners_framework, partners_options.as_of);
    if (!answer) {
      exit_code = report(answer.status(), err);
      return;
    }
    print_partners(*answer, answer->snapshot->registry(), partners_options.format, out);
  });

  // nation
  QueryOptions nation_options;
  std::string nation_code;
  CLI::App* nation = app.add_subcommand("nation", "A nation's memberships, partnerships and relations, with sources");
  nation->add_option("code", nation_code, "ISO 3166-1 alpha-3 code, e.g. FIN")->required();
  add_query_options(*nation, nation_options);
  nation->callback([&] {
    if (!open_engine(nation_options)) return;
    Result<Versioned<ProfileAnswer>> answer = engine->nation(nation_code, nation_options.as_of);
    if (!answer) {
      exit_code = report(answer.status(), err);
      return;
    }
    print_profile(*answer, answer->snapshot->registry(), nation_options.format, out);
  });

  // relations
  QueryOptions relations_options;
  std::string relations_organisation;
  CLI::App* relations =
      app.add_subcommand("relations", "Every nation's relation to an organisation as of a date (the map's data)");
  relations->add_option("organisation", relations_organisation, "Organisation id, e.g. NATO")->required();
  add_query_options(*relations, relations_options);
  relations->callback([&] {
    if (!open_engine(relations_options)) return;
    Result<Versioned<RelationsAnswer>> answer = engine->relations(relations_organisation, relations_options.as_of);
    if (!answer) {
      exit_code = report(answer.status(), err);
      return;
    }
    print_relations(*answer, relations_options.format, out);
  });

  // timeline
  QueryOptions timeline_options;
  TimelineRequest timeline_request;
  std::string timeline_subject;
  CLI::App* timeline = app.add_subcommand(
      "timeline", "Accessions, withdrawals, suspensions and partnership changes between two dates (inclusive)");
  timeline->add_option("subject", timeline_subject, "An organisation id (NATO) or a nation code (FIN)");
  timeline->add_option("--organisation", timeline_request.organisation, "Only changes concerning this organisation");
  timeline->add_option("--nation", timeline_request.nation, "Only changes concerning this nation");
  timeline->add_option("--from", timeline_request.from, "First day, YYYY-MM-DD (default: the first change)");
  timeline->add_option("--to", timeline_request.to, "Last day, YYYY-MM-DD (default: today)");
  add_query_options(*timeline, timeline_options, false);
  timeline->callback([&] {
    if (!open_engine(timeline_options)) return;
    timeline_request.subject = timeline_subject;
    Result<Versioned<TimelineAnswer>> answer = engine->timeline(timeline_request);
    if (!answer) {
      exit_code = report(answer.status(), err);
      return;
    }
    print_timeline(*answer, answer->snapshot->registry(), timeline_options.format, out);
  });

  // search
  QueryOptions search_options;
  std::string search_text;
  CLI::App* search = app.add_subcommand("search", "Find nations by part of their name or by code, ignoring case");
  search->add_option("text", search_text, "Part of a name or a code, e.g. swe")->required();
  add_query_options(*search, search_options, false);
  search->callback([&] {
    if (!open_engine(search_options)) return;
    Result<Versioned<SearchAnswer>> answer = engine->search(search_text);
    if (!answer) {
      exit_code = report(answer.status(), err);
      return;
    }
    print_nations(answer->nations, search_options.format, out, to_json(*answer));
  });

  // decide
  QueryOptions decide_options;
  DecisionRequest decision_request;
  std::vector<std::string> supporters, objectors, abstainers, silent, absent, breaks;
  CLI::App* decide = app.add_subcommand(
      "decide", "Apply an organisation's decision procedure to a proposal and the members' positions");
  decide->add_option("organisation", decision_request.organisation, "Organisation id: NATO, EU, AU, CSTO...")
      ->required();
  decide->add_option("--subject", decision_request.subject, "What is decided, in words")->required();
  decide->add_option("--procedure", decision_request.procedure,
                     "consensus, silence, unanimity, qualified-majority or psc, as the organisation uses them "
                     "(data/decision_procedures.csv); default: its usual procedure");
  decide->add_option("--support", supporters, "Members in favour (comma-separated ISO codes)")->delimiter(',');
  decide->add_option("--object", objectors, "Members objecting or voting against")->delimiter(',');
  decide->add_option("--abstain", abstainers, "Members abstaining")->delimiter(',');
  decide->add_option("--silent", silent, "Members saying nothing")->delimiter(',');
  decide->add_option("--absent", absent, "Members absent and not represented")->delimiter(',');
  decide->add_option("--default", decision_request.default_position,
                     "Position of members not listed: support, object, abstain, silent (default) or absent");
  decide
      ->add_option("--declare", decision_request.formal_abstentions,
                   "EU unanimity: abstainers making the formal declaration of Article 31(1) TEU")
      ->delimiter(',');
  decide->add_option("--deadline", decision_request.silence_deadline, "Silence procedure: the deadline, YYYY-MM-DD");
  decide->add_option("--break", breaks, "Silence procedure: NATION=YYYY-MM-DD, the day a member broke silence")
      ->delimiter(',');
  decide->add_flag("--reinforced", decision_request.reinforced,
                   "EU qualified majority without a Commission proposal (72% of members)");
  decide->add_flag("--procedural", decision_request.procedural, "AU PSC: a procedural matter (simple majority)");
  decide
      ->add_option("--party", decision_request.parties_to_conflict,
                   "AU PSC: members party to the conflict, who do not take part")
      ->delimiter(',');
  add_query_options(*decide, decide_options);
  decide->callback([&] {
    if (!open_engine(decide_options)) return;
    decision_request.as_of = decide_options.as_of;
    const auto put = [&](const std::vector<std::string>& codes, const char* position) -> bool {
      for (const std::string& code : codes) {
        if (!decision_request.positions.emplace(ascii_upper(code), position).second) {
          exit_code = report(Status(ErrorCode::kInvalidArgument, code + " is given more than one position"), err);
          return false;
        }
      }
      return true;
    };
    if (!put(supporters, "support") || !put(objectors, "object") || !put(abstainers, "abstain") ||
        !put(silent, "silent") || !put(absent, "absent")) {
      return;
    }
    for (const std::string& item : breaks) {
      const std::size_t equals = item.find('=');
      if (equals == std::string::npos) {
        exit_code =
            report(Status(ErrorCode::kInvalidArgument, "--break takes NATION=YYYY-MM-DD, got '" + item + "'"), err);
        return;
      }
      decision_request.silence_breaks[item.substr(0, equals)] = item.substr(equals + 1);
      decision_request.positions.emplace(ascii_upper(item.substr(0, equals)), "object");
    }
    Result<Versioned<Decision>> decision = engine->decide(decision_request);
    if (!decision) {
      exit_code = report(decision.status(), err);
      return;
    }
    print_decision(*decision, decision->snapshot->registry(), decide_options.format, out);
  });

  // article5
  QueryOptions article5_options;
  Article5Request article5_request;
  CLI::App* article5 = app.add_subcommand(
      "article5", "Would an armed attack there, on that target, fall under Article 5? (Article 6, clause by clause)");
  article5->add_option("--lat", article5_request.lat, "Latitude in decimal degrees");
  article5->add_option("--lon", article5_request.lon, "Longitude in decimal degrees");
  article5->add_option(
      "--territory", article5_request.territory,
      "Instead of a point: a nation (ISO 3166-1 alpha-3) or a territorial unit (ISO 3166-2, e.g. ES-CN)");
  article5->add_option("--target", article5_request.target, "territory (default), forces, vessel or aircraft");
  article5->add_option("--nation", article5_request.nation, "Whose forces, vessel or aircraft (ISO alpha-3)");
  add_query_options(*article5, article5_options);
  article5->callback([&] {
    if (!open_engine(article5_options)) return;
    article5_request.as_of = article5_options.as_of;
    Result<Versioned<Article6Verdict>> verdict = engine->article5(article5_request);
    if (!verdict) {
      exit_code = report(verdict.status(), err);
      return;
    }
    print_article5(*verdict, verdict->snapshot->registry(), article5_options.format, out);
  });

  // article4
  QueryOptions article4_options;
  std::string article4_nation, article4_from, article4_to;
  CLI::App* article4 = app.add_subcommand("article4", "Consultations requested under Article 4 of the Treaty");
  article4->add_option("--nation", article4_nation, "Only those this member requested");
  article4->add_option("--from", article4_from, "First day, YYYY-MM-DD (default: 1949-04-04)");
  article4->add_option("--to", article4_to, "Last day, YYYY-MM-DD (default: today)");
  add_query_options(*article4, article4_options, false);
  article4->callback([&] {
    if (!open_engine(article4_options)) return;
    Result<Versioned<ConsultationsAnswer>> answer = engine->consultations(article4_nation, article4_from, article4_to);
    if (!answer) {
      exit_code = report(answer.status(), err);
      return;
    }
    print_consultations(*answer, answer->snapshot->registry(), article4_options.format, out);
  });

  // operations, operation
  QueryOptions operations_options;
  std::string operations_kind, operations_basis, operations_nation;
  CLI::App* operations =
      app.add_subcommand("operations", "The Alliance's operations and missions with their legal basis");
  operations->add_option("--kind", operations_kind, "peace-support, air-campaign, maritime-security, training...");
  operations->add_option("--basis", operations_basis,
                         "un-mandated, collective-self-defence, consent-based or no-explicit-mandate");
  operations->add_option("--nation", operations_nation, "Only operations this nation took part in (as recorded)");
  add_query_options(*operations, operations_options);
  operations->callback([&] {
    if (!open_engine(operations_options)) return;
    Result<Versioned<OperationsAnswer>> answer =
        engine->operations(operations_options.as_of, operations_kind, operations_basis, operations_nation);
    if (!answer) {
      exit_code = report(answer.status(), err);
      return;
    }
    print_operations(*answer, answer->snapshot->registry(), operations_options.format, out);
  });
  QueryOptions operation_options;
  std::string operation_id;
  CLI::App* operation = app.add_subcommand("operation", "One operation: its legal basis, clause by clause");
  operation->add_option("id", operation_id, "Operation id, e.g. isaf, kfor, allied-force")->required();
  add_query_options(*operation, operation_options, false);
  operation->callback([&] {
    if (!open_engine(operation_options)) return;
    Result<Versioned<OperationAssessment>> answer = engine->operation(operation_id);
    if (!answer) {
      exit_code = report(answer.status(), err);
      return;
    }
    print_operation(*answer, answer->snapshot->registry(), operation_options.format, out);
  });

  // eligible
  QueryOptions eligible_options;
  std::string eligible_nation, eligible_activity, eligible_organisation = "NATO";
  CLI::App* eligible = app.add_subcommand(
      "eligible", "May a nation take part in a kind of activity as of a date, and through which framework?");
  eligible->add_option("nation", eligible_nation, "ISO 3166-1 alpha-3 code")->required();
  eligible
      ->add_option("activity", eligible_activity,
                   "political-dialogue, exercises, education-training, cooperation-menu, planning-review, "
                   "interoperability-evaluation, operations, interoperability-platform, enhanced-opportunities, "
                   "trust-funds, defence-capacity-building, individual-programme")
      ->required();
  eligible->add_option("--organisation", eligible_organisation, "Organisation id")->capture_default_str();
  add_query_options(*eligible, eligible_options);
  eligible->callback([&] {
    if (!open_engine(eligible_options)) return;
    Result<Versioned<EligibilityAnswer>> answer =
        engine->eligibility(eligible_nation, eligible_activity, eligible_organisation, eligible_options.as_of);
    if (!answer) {
      exit_code = report(answer.status(), err);
      return;
    }
    print_eligibility(*answer, eligible_options.format, out);
  });

  // organisations, frameworks
  QueryOptions list_options;
  CLI::App* organisations = app.add_subcommand("organisations", "The organisations in the registry");
  add_query_options(*organisations, list_options, false);
  organisations->callback([&] {
    if (!open_engine(list_options)) return;
    const Versioned<CatalogueAnswer> catalogue = engine->catalogue();
    if (list_options.format == Format::kJson) {
      out << to_pretty_json(organisations_json(catalogue.snapshot->registry()));
      return;
    }
    if (list_options.format == Format::kCsv) {
      TextTable table({"id", "name", "founded", "dissolved", "headquarters", "decision_rule", "source", "note"});
      for (const Organisation& o : *catalogue.organisations) {
        table.add({o.id, o.name, o.founded.to_string(), o.dissolved ? o.dissolved->to_string() : "", o.headquarters,
                   o.decision_rule, o.provenance.source, o.provenance.note});
      }
      table.print_csv(out);
      return;
    }
    TextTable table({"Id", "Name", "Founded", "Dissolved", "Headquarters"});
    for (const Organisation& o : *catalogue.organisations) {
      table.add({o.id, o.name, o.founded.to_string(), or_dash(o.dissolved), o.headquarters});
    }
    table.print(out);
  });
  CLI::App* frameworks = app.add_subcommand("frameworks", "The partnership frameworks in the registry");
  add_query_options(*frameworks, list_options, false);
  frameworks->callback([&] {
    if (!open_engine(list_options)) return;
    const Versioned<CatalogueAnswer> catalogue = engine->catalogue();
    if (list_options.format == Format::kJson) {
      out << to_pretty_json(frameworks_json(catalogue.snapshot->registry()));
      return;
    }
    if (list_options.format == Format::kCsv) {
      TextTable table({"id", "name", "organisation", "launched", "ended", "successor", "source", "note"});
      for (const Framework& f : *catalogue.frameworks) {
        table.add({f.id, f.name, f.organisation, f.launched.to_string(), f.ended ? f.ended->to_string() : "",
                   f.successor, f.provenance.source, f.provenance.note});
      }
      table.print_csv(out);
      return;
    }
    TextTable table({"Id", "Name", "Organisation", "Launched", "Ended"});
    for (const Framework& f : *catalogue.frameworks) {
      table.add({f.id, f.name, f.organisation, f.launched.to_string(), or_dash(f.ended)});
    }
    table.print(out);
  });

  CommandContext simulation_context{out, err, exit_code,
                                    [&](const std::string& database) {
                                      QueryOptions options;
                                      options.database = database;
                                      return open_engine(options);
                                    },
                                    engine};
  const SimulationCommands simulation_commands(app, simulation_context);

  // Set after the subcommands so that they do not inherit it.
  app.footer(
      "Queries answer as of a day: --as-of YYYY-MM-DD (default: today); output with\n"
      "--format table|json|csv. Run 'entente COMMAND --help' for the options of a command.");
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    out << app.help();
    return 0;
  } catch (const CLI::CallForAllHelp&) {
    out << app.help("", CLI::AppFormatMode::All);
    return 0;
  } catch (const CLI::CallForVersion&) {
    out << app.version() << '\n';
    return 0;
  } catch (const CLI::ParseError& error) {
    // Help requested on a subcommand arrives here too, as a success.
    if (error.get_exit_code() == 0) {
      const CLI::App* target = &app;
      for (const CLI::App* sub : app.get_subcommands()) target = sub;
      out << target->help();
      return 0;
    }
    err << "entente: " << error.what() << "\nRun 'entente --help' for usage.\n";
    return kExitUsage;
  }
  return exit_code;
}

}  // namespace entente
