// The treaty rules' questions: decide, article5, article4, operations, operation, eligible.

#include <CLI/CLI.hpp>
#include <ostream>

#include "cli/command_table.hpp"
#include "cli/output.hpp"
#include "cli/table.hpp"
#include "core/text.hpp"
#include "engine/render_csv.hpp"
#include "engine/render_json.hpp"

namespace entente::cli {

namespace {

void print_decision(const Decision& decision, const Registry& registry, Format format, std::ostream& out) {
  if (format == Format::kJson) {
    out << to_pretty_json(to_json(decision, registry));
    return;
  }
  if (format == Format::kCsv) {
    out << to_csv(decision, registry).text();
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
  if (format == Format::kCsv) {
    out << to_csv(answer).text();
    return;
  }
  TextTable table({"Date", "Requested by", "Occasion"});
  for (const Consultation* c : answer.consultations) {
    table.add({c->date.to_string(), join(c->requested_by, ", "), c->occasion});
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
  if (format == Format::kCsv) {
    out << to_csv(answer).text();
    return;
  }
  TextTable table({"Id", "Operation", "From", "To", "Legal basis", "UNSCR"});
  for (const OperationAssessment& a : answer.operations) {
    const Operation& o = *a.operation;
    table.add({o.id, o.name, o.period.from.to_string(), or_dash(o.period.to),
               std::string(to_string(a.classification)) + (a.contested ? " (contested)" : ""),
               join(o.unsc_resolutions, ", ")});
  }
  out << answer.operations.size() << (answer.operations.size() == 1 ? " operation\n\n" : " operations\n\n");
  table.print(out);
  if (!answer.not_judged.empty()) {
    out << "\n"
        << answer.not_judged.size() << " of " << answer.considered
        << " operations have no recorded participants and are not judged: " << join(answer.not_judged, ", ") << "\n";
  }
}

void print_operation(const OperationAssessment& a, const Registry& registry, Format format, std::ostream& out) {
  if (format == Format::kJson) {
    out << to_pretty_json(to_json(a, registry));
    return;
  }
  const Operation& o = *a.operation;
  if (format == Format::kCsv) {
    out << to_csv(a, registry).text();
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
    out << to_csv(a).text();
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
    out << to_csv(verdict).text();
    return;
  }
  out << "Article 5 as of " << verdict.as_of.to_string() << ": " << ascii_upper(to_string(verdict.verdict)) << " ("
      << verdict.clause << ")\n";
  if (!verdict.bound.empty()) out << "Bound: " << verdict.bound.size() << " members\n";
  print_reasoning(verdict.reasoning, out);
}

// decide

struct DecideOptions {
  QueryOptions query;
  DecisionRequest request;  // all but the positions and the silence breaks
  std::vector<std::string> support;
  std::vector<std::string> object;
  std::vector<std::string> abstain;
  std::vector<std::string> silent;
  std::vector<std::string> absent;
  std::vector<std::string> breaks;  // NATION=YYYY-MM-DD
};

void add_decide_options(CLI::App& command, DecideOptions& options) {
  DecisionRequest& request = options.request;
  command.add_option("organisation", request.organisation, "Organisation id: NATO, EU, AU, CSTO...")->required();
  command.add_option("--subject", request.subject, "What is decided, in words")->required();
  command.add_option("--procedure", request.procedure,
                     "consensus, silence, unanimity, qualified-majority or psc, as the organisation uses them "
                     "(data/decision_procedures.csv); default: its usual procedure");
  command.add_option("--support", options.support, "Members in favour (comma-separated ISO codes)")->delimiter(',');
  command.add_option("--object", options.object, "Members objecting or voting against")->delimiter(',');
  command.add_option("--abstain", options.abstain, "Members abstaining")->delimiter(',');
  command.add_option("--silent", options.silent, "Members saying nothing")->delimiter(',');
  command.add_option("--absent", options.absent, "Members absent and not represented")->delimiter(',');
  command.add_option("--default", request.default_position,
                     "Position of members not listed: support, object, abstain, silent (default) or absent");
  command
      .add_option("--declare", request.formal_abstentions,
                  "EU unanimity: abstainers making the formal declaration of Article 31(1) TEU")
      ->delimiter(',');
  command.add_option("--deadline", request.silence_deadline, "Silence procedure: the deadline, YYYY-MM-DD");
  command.add_option("--break", options.breaks, "Silence procedure: NATION=YYYY-MM-DD, the day a member broke silence")
      ->delimiter(',');
  command.add_flag("--reinforced", request.reinforced,
                   "EU qualified majority without a Commission proposal (72% of members)");
  command.add_flag("--procedural", request.procedural, "AU PSC: a procedural matter (simple majority)");
  command
      .add_option("--party", request.parties_to_conflict, "AU PSC: members party to the conflict, who do not take part")
      ->delimiter(',');
  add_query_options(command, options.query);
}

// The request the options spell: each listed member with its position, in the order
// given, and each --break as the day that member broke silence. The engine checks it.
Result<DecisionRequest> decision_request(const DecideOptions& options) {
  DecisionRequest request = options.request;
  request.as_of = options.query.as_of;
  for (const auto& [codes, position] : {std::pair{&options.support, "support"}, std::pair{&options.object, "object"},
                                        std::pair{&options.abstain, "abstain"}, std::pair{&options.silent, "silent"},
                                        std::pair{&options.absent, "absent"}}) {
    for (const std::string& code : *codes) request.positions.emplace_back(code, position);
  }
  for (const std::string& item : options.breaks) {
    const std::size_t equals = item.find('=');
    if (equals == std::string::npos) {
      return Status(ErrorCode::kInvalidArgument, "--break takes NATION=YYYY-MM-DD, got '" + item + "'");
    }
    request.silence_breaks[item.substr(0, equals)] = item.substr(equals + 1);
  }
  return request;
}

int run_decide(const DecideOptions& options, CommandContext& context) {
  Engine* engine = context.open_engine(options.query.database);
  if (engine == nullptr) return kExitFailure;
  Result<DecisionRequest> request = decision_request(options);
  if (!request) return context.fail(request.status());
  Result<Versioned<Decision>> decision = engine->rules().decide(*request);
  if (!decision) return context.fail(decision.status());
  print_decision(*decision, decision->snapshot->registry(), options.query.format, context.out());
  return kExitSuccess;
}

// article5

struct Article5Options {
  QueryOptions query;
  Article5Request request;
};

void add_article5_options(CLI::App& command, Article5Options& options) {
  Article5Request& request = options.request;
  command.add_option("--lat", request.lat, "Latitude in decimal degrees");
  command.add_option("--lon", request.lon, "Longitude in decimal degrees");
  command.add_option(
      "--territory", request.territory,
      "Instead of a point: a nation (ISO 3166-1 alpha-3) or a territorial unit (ISO 3166-2, e.g. ES-CN)");
  command.add_option("--target", request.target, "territory (default), forces, vessel or aircraft");
  command.add_option("--nation", request.nation, "Whose forces, vessel or aircraft (ISO alpha-3)");
  add_query_options(command, options.query);
}

int run_article5(const Article5Options& options, CommandContext& context) {
  Engine* engine = context.open_engine(options.query.database);
  if (engine == nullptr) return kExitFailure;
  Article5Request request = options.request;
  request.as_of = options.query.as_of;
  Result<Versioned<Article6Verdict>> verdict = engine->rules().article5(request);
  if (!verdict) return context.fail(verdict.status());
  print_article5(*verdict, verdict->snapshot->registry(), options.query.format, context.out());
  return kExitSuccess;
}

// article4

struct Article4Options {
  QueryOptions query;
  std::string nation;
  std::string from;
  std::string to;
};

void add_article4_options(CLI::App& command, Article4Options& options) {
  command.add_option("--nation", options.nation, "Only those this member requested");
  command.add_option("--from", options.from, "First day, YYYY-MM-DD (default: 1949-04-04)");
  command.add_option("--to", options.to, "Last day, YYYY-MM-DD (default: today)");
  add_query_options(command, options.query, false);
}

int run_article4(const Article4Options& options, CommandContext& context) {
  Engine* engine = context.open_engine(options.query.database);
  if (engine == nullptr) return kExitFailure;
  Result<Versioned<ConsultationsAnswer>> answer =
      engine->rules().consultations(options.nation, options.from, options.to);
  if (!answer) return context.fail(answer.status());
  print_consultations(*answer, answer->snapshot->registry(), options.query.format, context.out());
  return kExitSuccess;
}

// operations

struct OperationsOptions {
  QueryOptions query;
  std::string kind;
  std::string basis;
  std::string nation;
};

void add_operations_options(CLI::App& command, OperationsOptions& options) {
  command.add_option("--kind", options.kind, "peace-support, air-campaign, maritime-security, training...");
  command.add_option("--basis", options.basis,
                     "un-mandated, collective-self-defence, consent-based or no-explicit-mandate");
  command.add_option("--nation", options.nation, "Only operations this nation took part in (as recorded)");
  add_query_options(command, options.query);
}

int run_operations(const OperationsOptions& options, CommandContext& context) {
  Engine* engine = context.open_engine(options.query.database);
  if (engine == nullptr) return kExitFailure;
  Result<Versioned<OperationsAnswer>> answer =
      engine->rules().operations(options.query.as_of, options.kind, options.basis, options.nation);
  if (!answer) return context.fail(answer.status());
  print_operations(*answer, answer->snapshot->registry(), options.query.format, context.out());
  return kExitSuccess;
}

// operation

struct OperationOptions {
  QueryOptions query;
  std::string id;
};

void add_operation_options(CLI::App& command, OperationOptions& options) {
  command.add_option("id", options.id, "Operation id, e.g. isaf, kfor, allied-force")->required();
  add_query_options(command, options.query, false);
}

int run_operation(const OperationOptions& options, CommandContext& context) {
  Engine* engine = context.open_engine(options.query.database);
  if (engine == nullptr) return kExitFailure;
  Result<Versioned<OperationAssessment>> answer = engine->rules().operation(options.id);
  if (!answer) return context.fail(answer.status());
  print_operation(*answer, answer->snapshot->registry(), options.query.format, context.out());
  return kExitSuccess;
}

// eligible

struct EligibleOptions {
  QueryOptions query;
  std::string nation;
  std::string activity;
  std::string organisation = "NATO";
};

void add_eligible_options(CLI::App& command, EligibleOptions& options) {
  command.add_option("nation", options.nation, "ISO 3166-1 alpha-3 code")->required();
  command
      .add_option("activity", options.activity,
                  "political-dialogue, exercises, education-training, cooperation-menu, planning-review, "
                  "interoperability-evaluation, operations, interoperability-platform, enhanced-opportunities, "
                  "trust-funds, defence-capacity-building, individual-programme")
      ->required();
  command.add_option("--organisation", options.organisation, "Organisation id")->capture_default_str();
  add_query_options(command, options.query);
}

int run_eligible(const EligibleOptions& options, CommandContext& context) {
  Engine* engine = context.open_engine(options.query.database);
  if (engine == nullptr) return kExitFailure;
  Result<Versioned<EligibilityAnswer>> answer =
      engine->rules().eligibility(options.nation, options.activity, options.organisation, options.query.as_of);
  if (!answer) return context.fail(answer.status());
  print_eligibility(*answer, options.query.format, context.out());
  return kExitSuccess;
}

}  // namespace

std::vector<Command> rules_commands() {
  return {
      command("decide", "Apply an organisation's decision procedure to a proposal and the members' positions",
              add_decide_options, run_decide),
      command("article5",
              "Would an armed attack there, on that target, fall under Article 5? (Article 6, clause by clause)",
              add_article5_options, run_article5),
      command("article4", "Consultations requested under Article 4 of the Treaty", add_article4_options, run_article4),
      command("operations", "The Alliance's operations and missions with their legal basis", add_operations_options,
              run_operations),
      command("operation", "One operation: its legal basis, clause by clause", add_operation_options, run_operation),
      command("eligible", "May a nation take part in a kind of activity as of a date, and through which framework?",
              add_eligible_options, run_eligible),
  };
}

}  // namespace entente::cli
