// The analytics: the reference tables behind them (exercises, defence expenditure,
// alliances) and the analyses of the registry.

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <ostream>

#include "cli/command_table.hpp"
#include "cli/output.hpp"
#include "cli/table.hpp"
#include "engine/render_analytics.hpp"
#include "engine/render_json.hpp"

namespace entente::cli {

namespace {

// A figure as NATO prints it, or "-" when the tables give none.
std::string figure(const std::optional<double>& value) {
  if (!value) return "-";
  char text[32];
  std::snprintf(text, sizeof text, "%.2f", *value);
  return text;
}

template <typename Answer>
bool print_data(const Answer& answer, Format format, std::ostream& out) {
  if (format == Format::kJson) {
    if constexpr (requires { to_json(answer); }) {
      out << to_pretty_json(to_json(answer));
    } else {
      out << to_pretty_json(to_json(answer, answer.snapshot->registry()));
    }
    return true;
  }
  if (format == Format::kCsv) {
    out << to_csv(answer).text();
    return true;
  }
  return false;
}

// exercises

struct ExercisesOptions {
  QueryOptions query;
  std::string nation;
  std::string from;
  std::string to;
};

void add_exercises_options(CLI::App& command, ExercisesOptions& options) {
  command.add_option("--nation", options.nation, "Only exercises this nation took part in (ISO alpha-3)");
  command.add_option("--from", options.from, "Only exercises running on or after this day, YYYY-MM-DD");
  command.add_option("--to", options.to, "Only exercises running on or before this day, YYYY-MM-DD");
  add_query_options(command, options.query, false);
}

int run_exercises(const ExercisesOptions& options, CommandContext& context) {
  Engine* engine = context.open_engine(options.query.database);
  if (engine == nullptr) return kExitFailure;
  Result<Versioned<ExercisesAnswer>> answer = engine->analytics().exercises(options.nation, options.from, options.to);
  if (!answer) return context.fail(answer.status());
  if (print_data(*answer, options.query.format, context.out())) return kExitSuccess;
  context.out() << answer->exercises.size() << (answer->exercises.size() == 1 ? " exercise\n\n" : " exercises\n\n");
  TextTable table({"id", "name", "start", "end", "lead", "domain", "nations", "source"});
  for (const ExerciseEntry& entry : answer->exercises) {
    const Exercise& e = *entry.exercise;
    table.add({e.id, e.name, e.start.to_string(), e.end.to_string(), e.lead, e.domain,
               std::to_string(entry.participants.size()), first_source(e.provenance.source)});
  }
  table.print(context.out());
  return kExitSuccess;
}

// defence-expenditure

struct ExpenditureOptions {
  QueryOptions query;
  std::string nation;
  std::string from;
  std::string to;
};

void add_expenditure_options(CLI::App& command, ExpenditureOptions& options) {
  command.add_option("--nation", options.nation, "Only this Ally (ISO alpha-3)");
  command.add_option("--from", options.from, "First year, YYYY");
  command.add_option("--to", options.to, "Last year, YYYY");
  add_query_options(command, options.query, false);
}

int run_expenditure(const ExpenditureOptions& options, CommandContext& context) {
  Engine* engine = context.open_engine(options.query.database);
  if (engine == nullptr) return kExitFailure;
  Result<Versioned<ExpenditureAnswer>> answer =
      engine->analytics().defence_expenditure(options.nation, options.from, options.to);
  if (!answer) return context.fail(answer.status());
  if (print_data(*answer, options.query.format, context.out())) return kExitSuccess;
  const Registry& registry = answer->snapshot->registry();
  TextTable table({"nation", "name", "year", "% of GDP", "% on equipment", "million USD", "estimate"});
  for (const DefenceExpenditure* f : answer->figures) {
    table.add({f->nation, name_of(registry, f->nation), std::to_string(f->year), figure(f->gdp_share),
               figure(f->equipment_share), figure(f->expenditure_musd), f->estimate ? "yes" : "no"});
  }
  table.print(context.out());
  context.out() << "\nGuidelines\n\n";
  TextTable guidelines({"id", "agreed", "metric", "threshold %", "by"});
  for (const SpendingGuideline* g : answer->guidelines) {
    char threshold[16];
    std::snprintf(threshold, sizeof threshold, "%g", g->threshold);
    guidelines.add({g->id, g->agreed.to_string(), g->metric, threshold, std::to_string(g->by_year)});
  }
  guidelines.print(context.out());
  context.out() << "\nFigures: NATO, Defence Expenditure of NATO Countries; '-' where the tables give none.\n";
  return kExitSuccess;
}

// alliances

struct AlliancesOptions {
  QueryOptions query;
};

void add_alliances_options(CLI::App& command, AlliancesOptions& options) {
  add_query_options(command, options.query, false);
}

int run_alliances(const AlliancesOptions& options, CommandContext& context) {
  Engine* engine = context.open_engine(options.query.database);
  if (engine == nullptr) return kExitFailure;
  const Versioned<AlliancesAnswer> answer = engine->analytics().alliances();
  if (print_data(answer, options.query.format, context.out())) return kExitSuccess;
  TextTable table({"id", "name", "signed", "in force", "ended", "members from"});
  for (const Alliance* a : answer.alliances) {
    table.add({a->id, a->name, a->signed_on.to_string(), a->in_force.to_string(), or_dash(a->ended),
               a->organisation.empty() ? "alliance_members.csv" : a->organisation});
  }
  table.print(context.out());
  context.out() << "\n"
                << answer.provisions.size()
                << " provisions coded; 'entente compare-alliances' sets them side by side.\n";
  return kExitSuccess;
}

// The output of an analysis: its JSON or its CSV for programs, else `table` for people.
template <typename Answer, typename Table>
int print_analysis(const Result<Versioned<Answer>>& answer, Format format, CommandContext& context, Table table) {
  if (!answer) return context.fail(answer.status());
  if (format == Format::kJson) {
    context.out() << to_pretty_json(to_json(*answer));
  } else if (format == Format::kCsv) {
    context.out() << to_csv(*answer);
  } else {
    table(static_cast<const Answer&>(*answer), context.out());
  }
  return kExitSuccess;
}

std::string share(const std::optional<double>& value) { return figure(value); }

// network

struct NetworkOptionsCli {
  QueryOptions query;
  NetworkRequest request;
  std::string compare_with;
  std::string export_as;  // nodes (default), edges, graphml
};

void add_network_options(CLI::App& command, NetworkOptionsCli& options) {
  command.add_option("--weights", options.request.weights,
                     "Edge types and weights, e.g. membership:1,partnership:1,exercise:0.5,operation:1 (0 leaves a "
                     "type out; default 1 each)");
  command.add_option("--window", options.request.window,
                     "Years of exercises and operations before the day that count (0-50, default 5)");
  command.add_option("--nations", options.request.nations, "Only these nations, e.g. FIN,SWE,NOR (default all)");
  command.add_option("--since", options.compare_with,
                     "Show how the network changed from this day (YYYY-MM-DD) to --as-of instead");
  command.add_option("--export", options.export_as, "With --format csv: nodes (default) or edges; or graphml")
      ->check(CLI::IsMember({"nodes", "edges", "graphml"}));
  add_query_options(command, options.query);
}

void print_network(const Network& network, std::ostream& out) {
  out << "Network of nations as of " << network.as_of.to_string() << ": " << network.nodes.size()
      << (network.nodes.size() == 1 ? " nation, " : " nations, ") << network.edges.size() << " ties, "
      << network.communities.size() << " communities, modularity " << share(network.modularity) << "\n\n";
  std::vector<const NetworkNode*> nodes;
  for (const NetworkNode& node : network.nodes) nodes.push_back(&node);
  std::sort(nodes.begin(), nodes.end(), [](const NetworkNode* a, const NetworkNode* b) {
    return a->eigenvector != b->eigenvector ? a->eigenvector > b->eigenvector : a->iso3 < b->iso3;
  });
  TextTable table({"code", "name", "degree", "strength", "betweenness", "eigenvector", "community"});
  char text[4][32];
  for (const NetworkNode* node : nodes) {
    std::snprintf(text[0], sizeof text[0], "%g", node->strength);
    std::snprintf(text[1], sizeof text[1], "%.4f", node->betweenness);
    std::snprintf(text[2], sizeof text[2], "%.4f", node->eigenvector);
    table.add({node->iso3, node->name, std::to_string(node->degree), text[0], text[1], text[2],
               std::to_string(node->community)});
  }
  table.print(out);
  out << "\nBy eigenvector centrality. Betweenness is unweighted and normalised; --format csv, json or --export "
         "graphml for the whole graph.\n";
}

int run_network(const NetworkOptionsCli& options, CommandContext& context) {
  Engine* engine = context.open_engine(options.query.database);
  if (engine == nullptr) return kExitFailure;
  NetworkRequest request = options.request;
  request.as_of = options.query.as_of;
  if (!options.compare_with.empty()) {
    Result<Versioned<NetworkChange>> change =
        engine->analytics().network_change(request, options.compare_with, options.query.as_of);
    if (!change) return context.fail(change.status());
    context.out() << to_pretty_json(to_json(*change));
    return kExitSuccess;
  }
  Result<Versioned<Network>> network = engine->analytics().network(request);
  if (!network) return context.fail(network.status());
  if (options.export_as == "graphml") {
    context.out() << to_graphml(*network);
  } else if (options.query.format == Format::kJson) {
    context.out() << to_pretty_json(to_json(*network));
  } else if (options.query.format == Format::kCsv || options.export_as == "edges" || options.export_as == "nodes") {
    context.out() << (options.export_as == "edges" ? edges_to_csv(*network) : nodes_to_csv(*network));
  } else {
    print_network(*network, context.out());
  }
  return kExitSuccess;
}

// burden-sharing

struct BurdenOptionsCli {
  QueryOptions query;
  std::string from;
  std::string to;
  std::string nations;
};

void add_burden_options(CLI::App& command, BurdenOptionsCli& options) {
  command.add_option("--from", options.from, "First year (default 2014)");
  command.add_option("--to", options.to, "Last year (default the latest with figures)");
  command.add_option("--nations", options.nations, "Only these nations, e.g. POL,DEU");
  add_query_options(command, options.query, false);
}

int run_burden(const BurdenOptionsCli& options, CommandContext& context) {
  Engine* engine = context.open_engine(options.query.database);
  if (engine == nullptr) return kExitFailure;
  return print_analysis(
      engine->analytics().burden(options.from, options.to, options.nations), options.query.format, context,
      [](const BurdenAnalysis& analysis, std::ostream& out) {
        out << "Burden sharing " << analysis.from << "-" << analysis.to << " (NATO's figures)\n\n";
        TextTable years({"year", "allies", "aggregate % of GDP", "total million USD"});
        for (const AllianceYear& year : analysis.alliance) {
          char total[32];
          std::snprintf(total, sizeof total, "%.0f", year.total_expenditure_musd);
          years.add({std::to_string(year.year), std::to_string(year.allies), share(year.aggregate_gdp_share), total});
        }
        years.print(out);
        out << "\n";
        for (std::size_t g = 0; g < analysis.guidelines.size(); ++g) {
          const BurdenGuideline& guideline = analysis.guidelines[g];
          out << guideline.guideline->name << " (" << guideline.guideline->id << ")";
          if (!guideline.caveat.empty()) out << "\n  caveat: " << guideline.caveat;
          out << "\n";
          for (const AllianceYear& year : analysis.alliance) {
            const AllianceGuidelineTotal& total = year.guidelines[g];
            if (!total.in_force) continue;
            char gap[32] = "-";
            if (total.total_gap_musd) std::snprintf(gap, sizeof gap, "%.0f", *total.total_gap_musd);
            out << "  " << year.year << ": " << total.allies_meeting << " of " << total.allies_with_figure
                << " Allies with a figure meet it; gap " << gap << " million USD\n";
          }
        }
        out << "\n--format csv or json for every Ally and year, with the gaps; a missing figure is empty, never 0.\n";
      });
}

// interoperability

struct InteroperabilityOptionsCli {
  QueryOptions query;
  std::string from;
  std::string to;
  std::string nations;
  std::string weights;
  std::string as;
};

void add_interoperability_options(CLI::App& command, InteroperabilityOptionsCli& options) {
  command.add_option("--from", options.from, "First year");
  command.add_option("--to", options.to, "Last year (default the latest with data)");
  command.add_option("--nations", options.nations, "Only these partners, e.g. GEO,UKR");
  command.add_option("--weights", options.weights,
                     "Component weights, e.g. plans:0.3,parp:0 (years_in_frameworks, plans, parp, evaluations, "
                     "exercises_with_allies, operations_with_allies)");
  add_query_options(command, options.query, false);
}

int run_interoperability(const InteroperabilityOptionsCli& options, CommandContext& context) {
  Engine* engine = context.open_engine(options.query.database);
  if (engine == nullptr) return kExitFailure;
  const Principal staff = operator_principal();
  return print_analysis(
      engine->analytics().interoperability(staff, options.from, options.to, options.nations, options.weights),
      options.query.format, context, [](const InteroperabilityAnswer& index, std::ostream& out) {
        out << "Interoperability index " << index.from << "-" << index.to << "; records read: " << index.records
            << "\n\nWeights:";
        for (std::size_t i = 0; i < kInteroperabilityComponents.size(); ++i) {
          char weight[32];
          std::snprintf(weight, sizeof weight, "%.3g", index.normalised_weights[i]);
          out << (i ? ", " : " ") << kInteroperabilityComponents[i] << " " << weight;
        }
        out << "\n\n";
        TextTable table({"code", "name", "year", "score"});
        for (const InteroperabilityRow& row : index.rows) {
          table.add({row.nation->iso3, row.nation->name, std::to_string(row.year), share(row.score)});
        }
        table.print(out);
        out << "\n--format csv or json shows every component: raw, normalised, weight and contribution.\n";
      });
}

// cohesion

struct CohesionOptionsCli {
  QueryOptions query;
  std::string from;
  std::string to;
  std::string simulated;
};

void add_cohesion_options(CLI::App& command, CohesionOptionsCli& options) {
  command.add_option("--from", options.from, "First day, YYYY-MM-DD");
  command.add_option("--to", options.to, "Last day, YYYY-MM-DD");
  command.add_option("--simulated", options.simulated,
                     "A JSON file of simulated rounds to count too: {\"rounds\": [{\"opened\": \"2024-01-01\", "
                     "\"positions\": {\"FRA\": \"object\", ...}}]}");
  add_query_options(command, options.query, false);
}

int run_cohesion(const CohesionOptionsCli& options, CommandContext& context) {
  Engine* engine = context.open_engine(options.query.database);
  if (engine == nullptr) return kExitFailure;
  const Principal staff = operator_principal();
  std::string simulated;
  if (!options.simulated.empty()) {
    std::ifstream file(options.simulated, std::ios::binary);
    if (!file) return context.fail(Status(ErrorCode::kIo, "cannot read " + options.simulated));
    constexpr std::size_t kLargest = 16 << 20;
    simulated.resize(kLargest + 1);
    file.read(simulated.data(), static_cast<std::streamsize>(simulated.size()));
    simulated.resize(static_cast<std::size_t>(file.gcount()));
    if (simulated.size() > kLargest) {
      return context.fail(Status(ErrorCode::kInvalidArgument, options.simulated + " is over 16 MiB"));
    }
    if (simulated.empty()) simulated = "{}";
  }
  return print_analysis(
      engine->analytics().cohesion(staff, options.from, options.to, simulated), options.query.format, context,
      [](const CohesionAnswer& analysis, std::ostream& out) {
        out << analysis.record << "\nRecords read: " << analysis.records << "\n\n";
        TextTable table({"code", "name", "rounds", "objections", "objection rate", "Article 4"});
        for (const AllyCohesion& ally : analysis.allies) {
          table.add({ally.nation->iso3, ally.nation->name, std::to_string(ally.rounds), std::to_string(ally.objections),
                     share(ally.objection_rate), std::to_string(ally.article4_requests)});
        }
        table.print(out);
      });
}

// compare-alliances, overlaps

struct CompareOptions {
  QueryOptions query;
  std::string ids;
};

void add_compare_options(CLI::App& command, CompareOptions& options) {
  command.add_option("ids", options.ids, "Alliances, e.g. NATO,CSTO,RIO (default all)");
  add_query_options(command, options.query);
}

int run_compare(const CompareOptions& options, CommandContext& context) {
  Engine* engine = context.open_engine(options.query.database);
  if (engine == nullptr) return kExitFailure;
  return print_analysis(engine->analytics().compare_alliances(options.ids, options.query.as_of), options.query.format,
                        context, [](const AllianceComparison& comparison, std::ostream& out) {
                          std::vector<std::string> header{"provision"};
                          for (const AllianceColumn& column : comparison.alliances) {
                            header.push_back(column.alliance->id);
                          }
                          TextTable table(header);
                          for (const ProvisionRow& row : comparison.provisions) {
                            std::vector<std::string> cells{row.provision};
                            for (const ProvisionCell& cell : row.cells) {
                              std::string text = cell.level ? std::to_string(*cell.level) : "?";
                              if (!cell.entries.empty() && !cell.entries.front()->article.empty()) {
                                text += " (" + cell.entries.front()->article + ")";
                              }
                              cells.push_back(text);
                            }
                            table.add(cells);
                          }
                          table.print(out);
                          out << "\nLevels: 0 the treaty does not provide it, 1 it does, 2 in a binding, automatic "
                                 "form; ? not coded. --format json or csv gives each article's words and source.\n";
                        });
}

int run_overlaps(const CompareOptions& options, CommandContext& context) {
  Engine* engine = context.open_engine(options.query.database);
  if (engine == nullptr) return kExitFailure;
  return print_analysis(
      engine->analytics().overlaps(options.ids, options.query.as_of), options.query.format, context,
      [](const MembershipOverlaps& overlaps, std::ostream& out) {
        out << "Membership overlaps as of " << overlaps.as_of.to_string() << "\n\n";
        TextTable table({"first", "second", "in both", "nations"});
        for (const OverlapPair& pair : overlaps.pairs) {
          if (pair.nations.empty()) continue;
          table.add({pair.first, pair.second, std::to_string(pair.nations.size()), join(pair.nations, " ")});
        }
        table.print(out);
      });
}

// panel

struct PanelOptionsCli {
  std::string database = "entente.db";
  std::string from;
  std::string to;
  std::string nations;
  std::string output;
  bool gzip = false;
  bool about = false;
};

void add_panel_options(CLI::App& command, PanelOptionsCli& options) {
  command.add_option("--from", options.from, "First year (default 1949)");
  command.add_option("--to", options.to, "Last year (default this year)");
  command.add_option("--nations", options.nations, "Only these nations, e.g. FIN,SWE,NOR (default all)");
  command.add_option("--output,-o", options.output, "Write to this file instead of standard output");
  command.add_flag("--gzip", options.gzip, "Compress with gzip (the default when --output ends in .gz)");
  command.add_flag("--about", options.about, "Describe the panel (rows, columns, missing years) as JSON instead");
  command.add_option("--db", options.database, "SQLite database created by 'entente init'")->capture_default_str();
}

int run_panel(const PanelOptionsCli& options, CommandContext& context) {
  Engine* engine = context.open_engine(options.database);
  if (engine == nullptr) return kExitFailure;
  Result<DyadYearPanel> panel = engine->analytics().panel(options.from, options.to, options.nations);
  if (!panel) return context.fail(panel.status());
  if (options.about) {
    context.out() << to_pretty_json(to_json(*panel));
    return kExitSuccess;
  }
  const bool gzip = options.gzip || options.output.ends_with(".gz");
  std::ofstream file;
  if (!options.output.empty()) {
    file.open(options.output, std::ios::binary | std::ios::trunc);
    if (!file) return context.fail(Status(ErrorCode::kIo, "cannot write " + options.output));
  }
  std::ostream& out = options.output.empty() ? context.out() : file;
  const Status written = panel->write_csv(
      [&out](std::string_view chunk) {
        out.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
        return static_cast<bool>(out);
      },
      gzip ? PanelEncoding::kGzip : PanelEncoding::kIdentity);
  if (!written) return context.fail(written);
  if (!options.output.empty()) {
    file.close();
    if (!file) return context.fail(Status(ErrorCode::kIo, "cannot write " + options.output));
    context.err() << "entente: wrote " << panel->row_count() << " dyad-years (" << panel->from() << "-" << panel->to()
                  << ") to " << options.output << '\n';
  }
  return kExitSuccess;
}

// atop

struct AtopImportOptions {
  std::string database = "entente.db";
  std::string file;
  std::string kind;
};

void add_atop_import_options(CLI::App& command, AtopImportOptions& options) {
  command.add_option("file", options.file, "A CSV file of the ATOP project: alliance, member or directed-dyad-year")
      ->required();
  command.add_option("--kind", options.kind, "alliances, members or dyads (default: found from the columns)");
  command.add_option("--db", options.database, "SQLite database created by 'entente init'")->capture_default_str();
}

int run_atop_import(const AtopImportOptions& options, CommandContext& context) {
  Engine* engine = context.open_engine(options.database);
  if (engine == nullptr) return kExitFailure;
  const Principal actor = operator_principal();
  Result<AtopImportRecord> imported = engine->analytics().import_atop(actor, options.file, options.kind);
  if (!imported) return context.fail(imported.status());
  const std::string_view kind = to_string(imported->kind);
  context.out() << "Imported " << imported->rows << " rows of ATOP " << kind << " from " << imported->file_name
                << "; they replace the " << kind << " imported before.\n";
  return kExitSuccess;
}

struct AtopShowOptions {
  QueryOptions query;
  std::vector<std::string> mapping;
};

void add_atop_compare_options(CLI::App& command, AtopShowOptions& options) {
  command.add_option("--map", options.mapping, "An alliance and its ATOP id, e.g. NATO=3180 (repeatable)");
  add_query_options(command, options.query, false);
}

int run_atop_compare(const AtopShowOptions& options, CommandContext& context) {
  Engine* engine = context.open_engine(options.query.database);
  if (engine == nullptr) return kExitFailure;
  std::string mapping;
  for (const std::string& entry : options.mapping) mapping += (mapping.empty() ? "" : ",") + entry;
  Result<Versioned<AtopComparison>> comparison = engine->analytics().compare_atop(mapping);
  if (!comparison) return context.fail(comparison.status());
  if (options.query.format == Format::kCsv) {
    context.out() << to_csv(*comparison);
  } else if (options.query.format == Format::kJson) {
    context.out() << to_pretty_json(to_json(*comparison));
  } else {
    TextTable table({"alliance", "ATOP id", "provision", "Entente", "ATOP", "agreement", "article"});
    for (const AtopAllianceComparison& alliance : comparison->alliances) {
      for (const AtopProvisionCell& cell : alliance.provisions) {
        table.add({alliance.alliance, std::to_string(alliance.atopid), cell.provision,
                   cell.entente_level ? std::to_string(*cell.entente_level) : "-",
                   cell.atop_value ? std::to_string(*cell.atop_value) : "-", std::string(to_string(cell.agreement)),
                   cell.article});
      }
    }
    table.print(context.out());
    context.out() << "\n--format json or csv adds the member counts; 'entente atop status' says what is imported.\n";
  }
  return kExitSuccess;
}

void add_atop_status_options(CLI::App& command, AtopShowOptions& options) {
  add_query_options(command, options.query, false);
}

int run_atop_status(const AtopShowOptions& options, CommandContext& context) {
  Engine* engine = context.open_engine(options.query.database);
  if (engine == nullptr) return kExitFailure;
  Result<AtopSummary> summary = engine->analytics().atop_summary();
  if (!summary) return context.fail(summary.status());
  if (options.query.format == Format::kJson) {
    context.out() << to_pretty_json(to_json(*summary));
  } else if (options.query.format == Format::kCsv) {
    context.out() << to_csv(*summary);
  } else if (summary->imports.empty()) {
    context.out() << "No ATOP file has been imported; 'entente atop import FILE' imports one.\n";
  } else {
    TextTable table({"kind", "file", "rows", "imported at", "by"});
    for (const AtopImportRecord& record : summary->imports) {
      table.add({std::string(to_string(record.kind)), record.file_name, std::to_string(record.rows), record.imported_at,
                 record.imported_by});
    }
    table.print(context.out());
  }
  return kExitSuccess;
}

}  // namespace

std::vector<Command> analytics_commands() {
  return {
      command("exercises", "Exercises and the nations that took part", add_exercises_options, run_exercises),
      command("defence-expenditure", "NATO's defence expenditure figures per Ally and year, and the guidelines",
              add_expenditure_options, run_expenditure),
      command("alliances", "Alliance treaties coded provision by provision", add_alliances_options, run_alliances),
      command("network", "The network of nations on a day: ties, centralities, communities", add_network_options,
              run_network),
      command("burden-sharing", "Who meets which NATO spending guideline in which year, and the gaps",
              add_burden_options, run_burden),
      command("interoperability", "The interoperability index of partners per year, with adjustable weights",
              add_interoperability_options, run_interoperability),
      command("cohesion", "How the Allies stand together in recorded council rounds and Article 4 requests",
              add_cohesion_options, run_cohesion),
      command("compare-alliances", "The provisions of alliance treaties side by side", add_compare_options,
              run_compare),
      command("overlaps", "Nations belonging to two organisations or alliances at once", add_compare_options,
              run_overlaps),
      command("panel", "The directed dyad-year panel as CSV: memberships, partnership ties, obligations",
              add_panel_options, run_panel),
      group("atop", "Import files of the ATOP project and compare them with Entente's coding",
            {command("import", "Import an ATOP CSV file into its own tables", add_atop_import_options, run_atop_import),
             command("status", "What has been imported, when and by whom", add_atop_status_options, run_atop_status),
             command("compare", "Entente's coding beside ATOP's", add_atop_compare_options, run_atop_compare)}),
  };
}

}  // namespace entente::cli
