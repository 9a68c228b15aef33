// The registry's queries: members, partners, nation, relations, timeline, search, and the
// catalogue (organisations, frameworks, the publishers of the sources).

#include <CLI/CLI.hpp>
#include <map>
#include <ostream>

#include "cli/command_table.hpp"
#include "cli/output.hpp"
#include "cli/table.hpp"
#include "engine/render_csv.hpp"
#include "engine/render_json.hpp"
#include "model/vocabulary.hpp"

namespace entente::cli {

namespace {

void print_members(const MembersAnswer& answer, const Registry& registry, Format format, std::ostream& out) {
  if (format == Format::kJson) {
    out << to_pretty_json(to_json(answer, registry));
    return;
  }
  if (format == Format::kCsv) {
    out << to_csv(answer, registry).text();
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
    out << to_csv(answer, registry).text();
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
  if (format == Format::kCsv) {
    out << to_csv(answer).text();
    return;
  }
  TextTable table({"Code", "Nation", "Relation", "Frameworks"});
  std::map<Relation, int> counts;  // strongest relation first
  for (const RelationEntry& entry : answer.relations) {
    ++counts[entry.relation];
    table.add(
        {entry.nation->iso3, entry.nation->name, std::string(to_string(entry.relation)), join(entry.frameworks, ", ")});
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
    out << to_csv(answer, registry).text();
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
    out << to_csv(answer).text();
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
  if (format == Format::kCsv) {
    out << nations_csv(nations).text();
    return;
  }
  if (nations.empty()) {
    out << "No nation matches.\n";
    return;
  }
  TextTable table({"Code", "ISO2", "Name", "Region", "Capital"});
  for (const Nation* n : nations) {
    table.add({n->iso3, n->iso2, n->name, n->region + (n->subregion.empty() ? "" : " / " + n->subregion), n->capital});
  }
  table.print(out);
}

void print_organisations(const CatalogueAnswer& catalogue, const Registry& registry, Format format, std::ostream& out) {
  if (format == Format::kJson) {
    out << to_pretty_json(organisations_json(registry));
    return;
  }
  if (format == Format::kCsv) {
    out << organisations_csv(registry).text();
    return;
  }
  TextTable table({"Id", "Name", "Founded", "Dissolved", "Headquarters"});
  for (const Organisation& o : *catalogue.organisations) {
    table.add({o.id, o.name, o.founded.to_string(), or_dash(o.dissolved), o.headquarters});
  }
  table.print(out);
}

void print_frameworks(const CatalogueAnswer& catalogue, const Registry& registry, Format format, std::ostream& out) {
  if (format == Format::kJson) {
    out << to_pretty_json(frameworks_json(registry));
    return;
  }
  if (format == Format::kCsv) {
    out << frameworks_csv(registry).text();
    return;
  }
  TextTable table({"Id", "Name", "Organisation", "Launched", "Ended"});
  for (const Framework& f : *catalogue.frameworks) {
    table.add({f.id, f.name, f.organisation, f.launched.to_string(), or_dash(f.ended)});
  }
  table.print(out);
}

void print_publishers(const CatalogueAnswer& catalogue, const Registry& registry, Format format, std::ostream& out) {
  if (format == Format::kJson) {
    out << to_pretty_json(publishers_json(registry));
    return;
  }
  if (format == Format::kCsv) {
    out << publishers_csv(registry).text();
    return;
  }
  TextTable table({"Host", "Publisher", "Kind"});
  for (const Publisher& p : *catalogue.publishers) table.add({p.host, p.publisher, std::string(to_string(p.kind))});
  table.print(out);
}

// members

struct MembersOptions {
  QueryOptions query;
  std::string organisation;
};

void add_members_options(CLI::App& command, MembersOptions& options) {
  command.add_option("organisation", options.organisation, "Organisation id, e.g. NATO, EU, CSTO")->required();
  add_query_options(command, options.query);
}

int run_members(const MembersOptions& options, CommandContext& context) {
  Engine* engine = context.open_engine(options.query.database);
  if (engine == nullptr) return kExitFailure;
  Result<Versioned<MembersAnswer>> answer = engine->queries().members(options.organisation, options.query.as_of);
  if (!answer) return context.fail(answer.status());
  print_members(*answer, answer->snapshot->registry(), options.query.format, context.out());
  return kExitSuccess;
}

// partners

struct PartnersOptions {
  QueryOptions query;
  std::string framework;
};

void add_partners_options(CLI::App& command, PartnersOptions& options) {
  command.add_option("framework", options.framework, "Framework id, e.g. PFP, EAPC, MD, ICI, PATG, EOP, NACC")
      ->required();
  add_query_options(command, options.query);
}

int run_partners(const PartnersOptions& options, CommandContext& context) {
  Engine* engine = context.open_engine(options.query.database);
  if (engine == nullptr) return kExitFailure;
  Result<Versioned<PartnersAnswer>> answer = engine->queries().partners(options.framework, options.query.as_of);
  if (!answer) return context.fail(answer.status());
  print_partners(*answer, answer->snapshot->registry(), options.query.format, context.out());
  return kExitSuccess;
}

// nation

struct NationOptions {
  QueryOptions query;
  std::string code;
};

void add_nation_options(CLI::App& command, NationOptions& options) {
  command.add_option("code", options.code, "ISO 3166-1 alpha-3 code, e.g. FIN")->required();
  add_query_options(command, options.query);
}

int run_nation(const NationOptions& options, CommandContext& context) {
  Engine* engine = context.open_engine(options.query.database);
  if (engine == nullptr) return kExitFailure;
  Result<Versioned<ProfileAnswer>> answer = engine->queries().nation(options.code, options.query.as_of);
  if (!answer) return context.fail(answer.status());
  print_profile(*answer, answer->snapshot->registry(), options.query.format, context.out());
  return kExitSuccess;
}

// relations

struct RelationsOptions {
  QueryOptions query;
  std::string organisation;
};

void add_relations_options(CLI::App& command, RelationsOptions& options) {
  command.add_option("organisation", options.organisation, "Organisation id, e.g. NATO")->required();
  add_query_options(command, options.query);
}

int run_relations(const RelationsOptions& options, CommandContext& context) {
  Engine* engine = context.open_engine(options.query.database);
  if (engine == nullptr) return kExitFailure;
  Result<Versioned<RelationsAnswer>> answer = engine->queries().relations(options.organisation, options.query.as_of);
  if (!answer) return context.fail(answer.status());
  print_relations(*answer, options.query.format, context.out());
  return kExitSuccess;
}

// timeline

struct TimelineOptions {
  QueryOptions query;
  TimelineRequest request;
};

void add_timeline_options(CLI::App& command, TimelineOptions& options) {
  TimelineRequest& request = options.request;
  command.add_option("subject", request.subject, "An organisation id (NATO) or a nation code (FIN)");
  command.add_option("--organisation", request.organisation, "Only changes concerning this organisation");
  command.add_option("--nation", request.nation, "Only changes concerning this nation");
  command.add_option("--from", request.from, "First day, YYYY-MM-DD (default: the first change)");
  command.add_option("--to", request.to, "Last day, YYYY-MM-DD (default: today)");
  add_query_options(command, options.query, false);
}

int run_timeline(const TimelineOptions& options, CommandContext& context) {
  Engine* engine = context.open_engine(options.query.database);
  if (engine == nullptr) return kExitFailure;
  Result<Versioned<TimelineAnswer>> answer = engine->queries().timeline(options.request);
  if (!answer) return context.fail(answer.status());
  print_timeline(*answer, answer->snapshot->registry(), options.query.format, context.out());
  return kExitSuccess;
}

// search

struct SearchOptions {
  QueryOptions query;
  std::string text;
};

void add_search_options(CLI::App& command, SearchOptions& options) {
  command.add_option("text", options.text, "Part of a name or a code, e.g. swe")->required();
  add_query_options(command, options.query, false);
}

int run_search(const SearchOptions& options, CommandContext& context) {
  Engine* engine = context.open_engine(options.query.database);
  if (engine == nullptr) return kExitFailure;
  Result<Versioned<SearchAnswer>> answer = engine->queries().search(options.text);
  if (!answer) return context.fail(answer.status());
  print_nations(answer->nations, options.query.format, context.out(), to_json(*answer));
  return kExitSuccess;
}

// organisations, frameworks

struct CatalogueOptions {
  QueryOptions query;
};

void add_catalogue_options(CLI::App& command, CatalogueOptions& options) {
  add_query_options(command, options.query, false);
}

int run_organisations(const CatalogueOptions& options, CommandContext& context) {
  Engine* engine = context.open_engine(options.query.database);
  if (engine == nullptr) return kExitFailure;
  const Versioned<CatalogueAnswer> catalogue = engine->queries().catalogue();
  print_organisations(catalogue, catalogue.snapshot->registry(), options.query.format, context.out());
  return kExitSuccess;
}

int run_frameworks(const CatalogueOptions& options, CommandContext& context) {
  Engine* engine = context.open_engine(options.query.database);
  if (engine == nullptr) return kExitFailure;
  const Versioned<CatalogueAnswer> catalogue = engine->queries().catalogue();
  print_frameworks(catalogue, catalogue.snapshot->registry(), options.query.format, context.out());
  return kExitSuccess;
}

int run_publishers(const CatalogueOptions& options, CommandContext& context) {
  Engine* engine = context.open_engine(options.query.database);
  if (engine == nullptr) return kExitFailure;
  const Versioned<CatalogueAnswer> catalogue = engine->queries().catalogue();
  print_publishers(catalogue, catalogue.snapshot->registry(), options.query.format, context.out());
  return kExitSuccess;
}

}  // namespace

std::vector<Command> registry_commands() {
  return {
      command("members", "Members of an organisation as of a date", add_members_options, run_members),
      command("partners", "Partners of a partnership framework as of a date", add_partners_options, run_partners),
      command("nation", "A nation's memberships, partnerships and relations, with sources", add_nation_options,
              run_nation),
      command("relations", "Every nation's relation to an organisation as of a date (the map's data)",
              add_relations_options, run_relations),
      command("timeline", "Accessions, withdrawals, suspensions and partnership changes between two dates (inclusive)",
              add_timeline_options, run_timeline),
      command("search", "Find nations by part of their name or by code, ignoring case", add_search_options, run_search),
  };
}

std::vector<Command> catalogue_commands() {
  return {
      command("organisations", "The organisations in the registry", add_catalogue_options, run_organisations),
      command("frameworks", "The partnership frameworks in the registry", add_catalogue_options, run_frameworks),
      command("publishers",
              "Who publishes each web host the sources cite, and whether it is a primary or secondary source",
              add_catalogue_options, run_publishers),
  };
}

}  // namespace entente::cli
