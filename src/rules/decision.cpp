#include "rules/decision.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

namespace entente {

namespace {

constexpr std::array<std::pair<Position, std::string_view>, 5> kPositionNames{{
    {Position::kSupport, "support"},
    {Position::kObject, "object"},
    {Position::kAbstain, "abstain"},
    {Position::kSilent, "silent"},
    {Position::kAbsent, "absent"},
}};

constexpr std::array<std::pair<Procedure, std::string_view>, 5> kProcedureNames{{
    {Procedure::kConsensus, "consensus"},
    {Procedure::kSilence, "silence"},
    {Procedure::kUnanimity, "unanimity"},
    {Procedure::kQualifiedMajority, "qualified-majority"},
    {Procedure::kPeaceSecurityCouncil, "psc"},
}};

std::string percent(double share) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.2f%%", share * 100.0);
  return buffer;
}

std::string join(const std::vector<std::string>& items) {
  std::string text;
  for (const std::string& item : items) text += (text.empty() ? "" : ", ") + item;
  return text.empty() ? "none" : text;
}

std::vector<std::string> with_position(const std::map<std::string, Position>& positions, Position wanted) {
  std::vector<std::string> nations;
  for (const auto& [nation, position] : positions) {
    if (position == wanted) nations.push_back(nation);
  }
  return nations;
}

// Who votes, by body, and in whose name the reasoning speaks.
struct Body {
  std::string name;
  std::vector<std::string> voters;  // ISO alpha-3, sorted
  std::string membership_clause;
};

}  // namespace

std::string_view to_string(Position position) {
  for (const auto& [value, name] : kPositionNames) {
    if (value == position) return name;
  }
  return "silent";
}

std::string_view to_string(Procedure procedure) {
  for (const auto& [value, name] : kProcedureNames) {
    if (value == procedure) return name;
  }
  return "consensus";
}

std::optional<Position> parse_position(std::string_view text) {
  for (const auto& [value, name] : kPositionNames) {
    if (name == text) return value;
  }
  return std::nullopt;
}

std::optional<Procedure> parse_procedure(std::string_view text) {
  for (const auto& [value, name] : kProcedureNames) {
    if (name == text) return value;
  }
  return std::nullopt;
}

std::optional<Population> DecisionEngine::population_of(const std::string& nation, Date day) const {
  const Population* figure = figure_for_year(registry_.dataset().populations, nation, day.year());
  if (figure == nullptr) return std::nullopt;
  return *figure;
}

const DecisionProcedure* DecisionEngine::find_procedure(std::string_view organisation, Procedure procedure,
                                                        Date day) const {
  for (const DecisionProcedure& row : registry_.dataset().decision_procedures) {
    if (row.organisation == organisation && row.procedure == to_string(procedure) && row.period.contains(day)) {
      return &row;
    }
  }
  return nullptr;
}

std::optional<Procedure> DecisionEngine::usual_procedure(std::string_view organisation, Date day) const {
  for (const DecisionProcedure& row : registry_.dataset().decision_procedures) {
    if (row.organisation == organisation && row.usual && row.period.contains(day)) {
      return parse_procedure(row.procedure);
    }
  }
  return std::nullopt;
}

std::string DecisionEngine::procedures_of(std::string_view organisation, Date day) const {
  std::vector<std::string> names;
  for (const DecisionProcedure& row : registry_.dataset().decision_procedures) {
    if (row.organisation == organisation && row.period.contains(day)) names.push_back(row.procedure);
  }
  std::string text;
  for (std::size_t i = 0; i < names.size(); ++i) {
    text += (i == 0 ? "" : i + 1 == names.size() ? " or " : ", ") + names[i];
  }
  return text.empty() ? "no procedure recorded" : text;
}

Result<Decision> DecisionEngine::decide(const Proposal& proposal) const {
  const auto invalid = [](std::string message) { return Status(ErrorCode::kInvalidArgument, std::move(message)); };
  const Organisation* organisation = registry_.find_organisation(proposal.organisation);
  if (organisation == nullptr) {
    return Status(ErrorCode::kUnknownOrganisation, "unknown organisation '" + proposal.organisation + "'");
  }
  if (proposal.subject.empty()) {
    return invalid(
        "the proposal is empty: say what is to be decided (a subject), e.g. \"Deploy the NATO Response Force\"");
  }
  if (!organisation->exists_on(proposal.as_of)) {
    return invalid(organisation->id + " does not exist on " + proposal.as_of.to_string());
  }
  const std::optional<Procedure> usual = usual_procedure(organisation->id, proposal.as_of);
  if (!proposal.procedure && !usual) {
    return invalid(organisation->id + " has no usual decision procedure on " + proposal.as_of.to_string() +
                   " in data/decision_procedures.csv; name the procedure (" +
                   procedures_of(organisation->id, proposal.as_of) + ")");
  }
  const Procedure procedure = proposal.procedure.value_or(usual.value_or(Procedure::kConsensus));
  const DecisionProcedure* rule = find_procedure(organisation->id, procedure, proposal.as_of);
  if (rule == nullptr) {
    std::string users;
    for (const DecisionProcedure& row : registry_.dataset().decision_procedures) {
      if (row.procedure == to_string(procedure) && users.find(row.organisation) == std::string::npos) {
        users += (users.empty() ? "" : ", ") + row.organisation;
      }
    }
    return invalid(
        std::string(to_string(procedure)) + " is not a procedure of " + organisation->id + " on " +
        proposal.as_of.to_string() + "; " + organisation->id + " decides by " +
        procedures_of(organisation->id, proposal.as_of) +
        (users.empty() ? std::string() : " (" + std::string(to_string(procedure)) + " is used by " + users + ")"));
  }
  if (procedure == Procedure::kSilence && !proposal.silence_deadline) {
    return invalid("the silence procedure needs a deadline (silence_deadline)");
  }
  if (procedure != Procedure::kSilence && (proposal.silence_deadline || !proposal.silence_breaks.empty())) {
    return invalid("a silence deadline or silence breaks belong to the silence procedure, not to " +
                   std::string(to_string(procedure)));
  }
  if (procedure != Procedure::kUnanimity && !proposal.formal_abstentions.empty()) {
    return invalid("formal declarations of abstention belong to EU unanimity, not to " +
                   std::string(to_string(procedure)));
  }
  if (procedure != Procedure::kQualifiedMajority && proposal.reinforced) {
    return invalid("'reinforced' belongs to the EU qualified majority, not to " + std::string(to_string(procedure)));
  }
  if (procedure != Procedure::kPeaceSecurityCouncil &&
      (!proposal.substantive || !proposal.parties_to_conflict.empty())) {
    return invalid("'procedural' and parties to the conflict belong to the AU Peace and Security Council, not to " +
                   std::string(to_string(procedure)));
  }
  // The EU's voting rules as they stand applied from the Lisbon Treaty (1 December 2009);
  // the double majority from 1 November 2014 (Protocol 36, Article 3). Earlier rules
  // counted weighted votes, which the data does not hold.
  if (procedure == Procedure::kQualifiedMajority && proposal.as_of < Date::from_ymd(2014, 11, 1)) {
    return invalid(
        "the double-majority rule of Article 16(4) TEU applies from 2014-11-01; before, the qualified "
        "majority counted the weighted votes of the Nice Treaty, which the data does not hold");
  }

  Decision decision;
  decision.organisation = organisation->id;
  decision.procedure = procedure;
  decision.as_of = proposal.as_of;

  // Who sits and votes on the day.
  Body body;
  if (procedure == Procedure::kPeaceSecurityCouncil) {
    body.name = rule->body;
    for (const CouncilSeat& seat : registry_.dataset().council_seats) {
      if (seat.council == rule->council && seat.period.contains(proposal.as_of)) body.voters.push_back(seat.nation);
    }
    body.membership_clause = "PSC Protocol, Article 5: fifteen members elected by the Executive Council";
    if (body.voters.empty()) {
      return invalid("no Peace and Security Council seats are recorded for " + proposal.as_of.to_string() +
                     " (see data/council_seats.csv for the terms covered)");
    }
  } else {
    body.name = rule->body;
    for (const Membership* membership : registry_.members(*organisation, proposal.as_of)) {
      if (membership->status == MembershipStatus::kMember) body.voters.push_back(membership->nation);
    }
    body.membership_clause = "the members of " + organisation->id + " on " + proposal.as_of.to_string() +
                             " (suspended members, observers and associates do not take part)";
  }
  std::sort(body.voters.begin(), body.voters.end());
  if (body.voters.empty()) return invalid(organisation->id + " has no voting members on " + proposal.as_of.to_string());
  decision.body = body.name;

  const auto votes = [&](const std::string& nation) {
    return std::binary_search(body.voters.begin(), body.voters.end(), nation);
  };
  for (const auto& [nation, position] : proposal.positions) {
    if (!votes(nation)) {
      return invalid(nation + " does not sit in the " + body.name + " on " + proposal.as_of.to_string() +
                     "; the voting members are: " + join(body.voters));
    }
  }
  for (const std::string& nation : proposal.formal_abstentions) {
    const auto it = proposal.positions.find(nation);
    if (it == proposal.positions.end() || it->second != Position::kAbstain) {
      return invalid(nation + " makes a formal declaration of abstention but is not listed as abstaining");
    }
  }
  for (const auto& [nation, day] : proposal.silence_breaks) {
    if (!votes(nation)) return invalid(nation + " breaks silence but does not sit in the " + body.name);
  }
  for (const std::string& nation : proposal.parties_to_conflict) {
    if (!votes(nation))
      return invalid(nation + " is named a party to the conflict but does not sit in the " + body.name);
  }

  for (const std::string& nation : body.voters) {
    const auto it = proposal.positions.find(nation);
    decision.positions[nation] = it != proposal.positions.end() ? it->second : proposal.default_position;
    // Breaking silence is an objection.
    if (proposal.silence_breaks.count(nation) > 0) {
      if (it != proposal.positions.end() && it->second != Position::kObject) {
        return invalid(nation + " breaks silence but is given the position " + std::string(to_string(it->second)) +
                       "; breaking silence is an objection");
      }
      decision.positions[nation] = Position::kObject;
    }
  }
  for (const auto& [nation, position] : decision.positions) ++decision.counts[std::string(to_string(position))];
  const int members = static_cast<int>(body.voters.size());
  decision.reasoning.push_back({body.name, std::to_string(members) + " voting members: " + body.membership_clause});

  const auto finish = [&](bool adopted, std::string outcome) -> Result<Decision> {
    decision.adopted = adopted;
    decision.outcome = std::move(outcome);
    return decision;
  };

  switch (procedure) {
    case Procedure::kConsensus: {
      if (decision.counts["absent"] == members) {
        decision.reasoning.push_back({"Consensus", "no decision: no member takes part"});
        return finish(false, "not-adopted");
      }
      const std::vector<std::string> objectors = with_position(decision.positions, Position::kObject);
      decision.margins["objections"] = static_cast<double>(objectors.size());
      if (!objectors.empty()) {
        decision.decisive = objectors;
        decision.reasoning.push_back(
            {"Consensus", "no decision: " + join(objectors) +
                              " object; under consensus a single objection blocks (there is no voting)"});
        return finish(false, "not-adopted");
      }
      decision.reasoning.push_back(
          {"Consensus", "adopted: no member objects; " + std::to_string(decision.counts["support"]) + " support, " +
                            std::to_string(decision.counts["abstain"]) + " abstain, " +
                            std::to_string(decision.counts["silent"] + decision.counts["absent"]) +
                            " silent or absent, which does not break consensus"});
      return finish(true, "adopted");
    }

    case Procedure::kSilence: {
      const Date deadline = *proposal.silence_deadline;
      decision.margins["deadline_days_after_as_of"] = static_cast<double>(deadline.days() - proposal.as_of.days());
      if (deadline < proposal.as_of) {
        return invalid("the silence deadline " + deadline.to_string() + " is before the day the draft is circulated (" +
                       proposal.as_of.to_string() + ")");
      }
      decision.reasoning.push_back({"Silence procedure", "the draft is circulated on " + proposal.as_of.to_string() +
                                                             " and is adopted at the deadline, " +
                                                             deadline.to_string() +
                                                             ", unless a member breaks silence before it"});
      std::vector<std::string> breakers;
      std::vector<std::string> late;
      for (const auto& [nation, position] : decision.positions) {
        if (position != Position::kObject) continue;
        const auto day = proposal.silence_breaks.find(nation);
        // The deadline falls during its day (NATO sets an hour): a break that day counts.
        if (day == proposal.silence_breaks.end() || (day->second >= proposal.as_of && day->second <= deadline)) {
          breakers.push_back(nation);
        } else {
          late.push_back(nation + " (" + day->second.to_string() + ")");
        }
      }
      if (!late.empty()) {
        decision.reasoning.push_back(
            {"Silence procedure", "objections outside the silence period do not count: " + join(late)});
      }
      if (!breakers.empty()) {
        decision.decisive = breakers;
        decision.reasoning.push_back(
            {"Silence procedure", "silence broken by " + join(breakers) +
                                      ": the draft is not adopted and goes back to discussion in the Council"});
        return finish(false, "returned-to-discussion");
      }
      decision.reasoning.push_back(
          {"Silence procedure", "no member broke silence: adopted on " + deadline.to_string()});
      return finish(true, "adopted");
    }

    case Procedure::kUnanimity: {
      const std::vector<std::string> against = with_position(decision.positions, Position::kObject);
      const int present = members - decision.counts["absent"];
      if (2 * present <= members) {
        decision.reasoning.push_back(
            {"Council Rules of Procedure, Article 11(4)",
             "no quorum: only " + std::to_string(present) + " of " + std::to_string(members) + " members present"});
        return finish(false, "not-adopted");
      }
      if (!against.empty()) {
        decision.decisive = against;
        decision.reasoning.push_back(
            {"Article 31(1) TEU", "not adopted: unanimity fails because " + join(against) + " vote against"});
        return finish(false, "not-adopted");
      }
      const std::vector<std::string> absentees = with_position(decision.positions, Position::kAbsent);
      if (!absentees.empty()) {
        decision.decisive = absentees;
        decision.reasoning.push_back({"Article 238(4) TFEU",
                                      "not adopted: only the abstentions of members present or represented spare "
                                      "unanimity; " +
                                          join(absentees) + " neither attend nor are represented"});
        return finish(false, "not-adopted");
      }
      decision.reasoning.push_back(
          {"Article 238(4) TFEU", "abstentions of members present or represented do not prevent adoption (" +
                                      std::to_string(decision.counts["abstain"]) + " abstain)"});
      const std::vector<std::string> declared(proposal.formal_abstentions.begin(), proposal.formal_abstentions.end());
      if (!declared.empty() && proposal.as_of < Date::from_ymd(2009, 12, 1)) {
        // Before Lisbon, Article 23(1) TEU: abstainers with a declaration block when they
        // hold one third of the weighted votes. The largest member held 29 of at most 345
        // votes (Nice), so fewer than four declarations can never reach one third.
        if (declared.size() * 29 * 3 >= 345) {
          return invalid(
              "before 2009-12-01 constructive abstention counted weighted votes (Article 23(1) TEU), which "
              "the data does not hold; with this many declarations the outcome cannot be computed");
        }
        decision.reasoning.push_back(
            {"Article 23(1) TEU (Nice)", join(declared) + " abstain constructively; declarations by fewer than four "
                                                          "members cannot reach one third of the weighted votes, so "
                                                          "adoption stands"});
      } else if (!declared.empty()) {
        long long total_population = 0;
        long long declared_population = 0;
        for (const std::string& nation : body.voters) {
          const std::optional<Population> figure = population_of(nation, proposal.as_of);
          if (!figure) return invalid("no population figure for " + nation + " in data/populations.csv");
          total_population += figure->population;
          if (proposal.formal_abstentions.count(nation) > 0) declared_population += figure->population;
        }
        const double state_share = static_cast<double>(declared.size()) / members;
        const double population_share =
            static_cast<double>(declared_population) / static_cast<double>(total_population);
        decision.margins["declared_abstention_member_share"] = state_share;
        decision.margins["declared_abstention_population_share"] = population_share;
        const bool blocks =
            3 * static_cast<long long>(declared.size()) >= members && 3 * declared_population >= total_population;
        if (blocks) {
          decision.decisive = declared;
          decision.reasoning.push_back(
              {"Article 31(1) TEU, second subparagraph", "not adopted: the members qualifying their abstention (" +
                                                             join(declared) + ") are " + percent(state_share) +
                                                             " of the members and " + percent(population_share) +
                                                             " of the population, at least one third of each"});
          return finish(false, "not-adopted");
        }
        decision.reasoning.push_back({"Article 31(1) TEU, second subparagraph",
                                      join(declared) +
                                          " abstain constructively (not obliged to apply the decision); they are " +
                                          percent(state_share) + " of the members and " + percent(population_share) +
                                          " of the population, short of one third of both, so adoption stands"});
      }
      decision.reasoning.push_back({"Article 31(1) TEU", "adopted unanimously by the members voting"});
      return finish(true, "adopted");
    }

    case Procedure::kQualifiedMajority: {
      long long total_population = 0;
      long long for_population = 0;
      int for_members = 0;
      std::vector<std::string> not_for;
      std::string year_note;
      for (const std::string& nation : body.voters) {
        const std::optional<Population> figure = population_of(nation, proposal.as_of);
        if (!figure) return invalid("no population figure for " + nation + " in data/populations.csv");
        if (year_note.empty()) year_note = std::to_string(figure->year);
        total_population += figure->population;
        if (decision.positions[nation] == Position::kSupport) {
          ++for_members;
          for_population += figure->population;
        } else {
          not_for.push_back(nation);
        }
      }
      const double member_threshold = proposal.reinforced ? 0.72 : 0.55;
      const double member_share = static_cast<double>(for_members) / members;
      const double population_share = static_cast<double>(for_population) / static_cast<double>(total_population);
      decision.margins["member_share"] = member_share;
      decision.margins["member_threshold"] = member_threshold;
      decision.margins["population_share"] = population_share;
      decision.margins["population_threshold"] = 0.65;
      const std::string clause = proposal.reinforced ? "Article 238(2) TFEU" : "Article 16(4) TEU";
      decision.reasoning.push_back(
          {clause, std::to_string(for_members) + " of " + std::to_string(members) + " members in favour (" +
                       percent(member_share) + ", needed " + percent(member_threshold) + ") representing " +
                       percent(population_share) + " of the population (needed 65%; population figures for " +
                       year_note + ")"});
      const bool members_reached = member_share >= member_threshold - 1e-12;
      const bool population_reached = population_share >= 0.65 - 1e-12;
      if (members_reached && population_reached) {
        decision.reasoning.push_back({clause, "adopted: both thresholds are met"});
        return finish(true, "adopted");
      }
      // A blocking minority must include at least four members, failing which the
      // qualified majority is deemed attained (only on the population criterion).
      if (members_reached && !population_reached && !proposal.reinforced && static_cast<int>(not_for.size()) < 4) {
        decision.reasoning.push_back({"Article 16(4) TEU, second subparagraph",
                                      "adopted: the population threshold is missed, but the members not in favour (" +
                                          join(not_for) +
                                          ") are fewer than four, so they are no blocking minority and the qualified "
                                          "majority is deemed attained"});
        return finish(true, "adopted");
      }
      decision.decisive = not_for;
      decision.reasoning.push_back({clause, std::string("not adopted: ") +
                                                (members_reached ? "" : "too few members in favour") +
                                                (!members_reached && !population_reached ? " and " : "") +
                                                (population_reached ? "" : "too little of the population in favour") +
                                                "; blocking: " + join(not_for)});
      return finish(false, "not-adopted");
    }

    case Procedure::kPeaceSecurityCouncil: {
      std::vector<std::string> eligible;
      for (const std::string& nation : body.voters) {
        if (proposal.parties_to_conflict.count(nation) == 0) eligible.push_back(nation);
      }
      if (!proposal.parties_to_conflict.empty()) {
        decision.reasoning.push_back(
            {"PSC Protocol, Article 8(9)",
             join(std::vector<std::string>(proposal.parties_to_conflict.begin(), proposal.parties_to_conflict.end())) +
                 " are party to the conflict and take no part in the decision"});
      }
      // Quorum: two thirds of the total membership (PSC Protocol, Article 8(7)), counting
      // the members present and taking part.
      int present = 0;
      for (const std::string& nation : eligible) present += decision.positions[nation] != Position::kAbsent ? 1 : 0;
      const int quorum = (2 * members + 2) / 3;
      decision.margins["quorum"] = quorum;
      decision.margins["present"] = present;
      if (present < quorum) {
        decision.reasoning.push_back({"PSC Protocol, Article 8(7)", "no quorum: " + std::to_string(present) +
                                                                        " members present and taking part, " +
                                                                        std::to_string(quorum) + " needed"});
        return finish(false, "not-adopted");
      }
      std::vector<std::string> objectors;
      int in_favour = 0;
      for (const std::string& nation : eligible) {
        const Position position = decision.positions[nation];
        if (position == Position::kObject) objectors.push_back(nation);
        if (position == Position::kSupport) ++in_favour;
      }
      // "Members voting": those casting a vote for or against; abstentions are not votes.
      const int voting = in_favour + static_cast<int>(objectors.size());
      decision.margins["eligible_members"] = static_cast<double>(eligible.size());
      decision.margins["members_voting"] = voting;
      decision.margins["in_favour"] = in_favour;
      if (objectors.empty()) {
        decision.reasoning.push_back(
            {"PSC Protocol, Article 8(13)", "adopted by consensus: no eligible member objects"});
        return finish(true, "adopted");
      }
      const bool substantive = proposal.substantive;
      const int needed = substantive ? (2 * voting + 2) / 3 : voting / 2 + 1;
      decision.margins["needed"] = needed;
      decision.reasoning.push_back({"PSC Protocol, Article 8(13)",
                                    "no consensus (" + join(objectors) + " object); failing consensus, " +
                                        std::string(substantive ? "a substantive matter needs a two-thirds majority"
                                                                : "a procedural matter needs a simple majority") +
                                        " of the members voting: " + std::to_string(needed) + " of " +
                                        std::to_string(voting)});
      if (in_favour >= needed) {
        decision.reasoning.push_back(
            {"PSC Protocol, Article 8(13)", "adopted: " + std::to_string(in_favour) + " in favour"});
        return finish(true, "adopted");
      }
      decision.decisive = objectors;
      decision.reasoning.push_back(
          {"PSC Protocol, Article 8(13)", "not adopted: only " + std::to_string(in_favour) + " in favour"});
      return finish(false, "not-adopted");
    }
  }
  return Status(ErrorCode::kInternal, "unknown procedure");
}

}  // namespace entente
