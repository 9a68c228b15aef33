#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.hpp"
#include "core/status.hpp"
#include "model/vocabulary.hpp"
#include "registry/registry.hpp"

namespace entente {

// Position and Procedure, with their words, are in model/vocabulary.hpp.
std::string_view to_string(Position position);
std::string_view to_string(Procedure procedure);
std::optional<Position> parse_position(std::string_view text);
std::optional<Procedure> parse_procedure(std::string_view text);

// A proposal put to an organisation's deciding body on a day, with the members' positions.
struct Proposal {
  std::string organisation;
  std::optional<Procedure> procedure;  // empty: the organisation's usual procedure
  std::string subject;                 // what is decided, in words; required
  Date as_of;
  std::map<std::string, Position> positions;  // by ISO alpha-3; members not listed take `default_position`
  Position default_position = Position::kSilent;
  // EU unanimity: abstainers who made the formal declaration of Article 31(1), second
  // subparagraph (not obliged to apply the decision). Must also be listed as abstaining.
  std::set<std::string> formal_abstentions;
  // Silence procedure: the deadline, and the day each member broke silence (objected).
  std::optional<Date> silence_deadline;
  std::map<std::string, Date> silence_breaks;
  // EU qualified majority: true when the Council does not act on a proposal from the
  // Commission or the High Representative (Article 238(2) TFEU: 72% of members).
  bool reinforced = false;
  // AU PSC: substantive (two-thirds) or procedural (simple majority) matter, and members
  // party to the conflict under discussion, who do not take part (Article 8(9)).
  bool substantive = true;
  std::set<std::string> parties_to_conflict;
};

// One step of the reasoning: the clause applied and what it gave.
struct ReasoningStep {
  std::string clause;
  std::string finding;
};

struct Decision {
  std::string organisation;
  std::string body;  // "North Atlantic Council", "Council of the European Union"...
  Procedure procedure = Procedure::kConsensus;
  Date as_of;
  bool adopted = false;
  std::string outcome;                        // "adopted", "not-adopted", "returned-to-discussion"
  std::map<std::string, Position> positions;  // every voting member's position after defaults
  std::map<std::string, int> counts;          // by position name
  std::map<std::string, double> margins;      // e.g. "member_share", "population_share", thresholds
  std::vector<std::string> decisive;          // the members whose positions decided the outcome
  std::vector<ReasoningStep> reasoning;
};

// Decides proposals by the rules of each organisation, with the members (or, for the AU
// Peace and Security Council, the council seats) the registry gives for the day. Never
// guesses: a position for a nation that does not vote that day, a procedure the
// organisation does not use, a missing subject or a missing population figure is an
// error (kInvalidArgument), and so is an organisation with no voting members that day.
class DecisionEngine {
 public:
  explicit DecisionEngine(const Registry& registry) : registry_(registry) {}

  Result<Decision> decide(const Proposal& proposal) const;

  // The procedure an organisation uses on `day` when the proposal names none
  // (data/decision_procedures.csv); nullopt when the data gives none that day.
  std::optional<Procedure> usual_procedure(std::string_view organisation, Date day) const;

 private:
  // The row by which `organisation` decides by `procedure` on `day`, or nullptr.
  const DecisionProcedure* find_procedure(std::string_view organisation, Procedure procedure, Date day) const;
  // "consensus or silence": the procedures `organisation` uses on `day`.
  std::string procedures_of(std::string_view organisation, Date day) const;

  // The latest figure for a year not after `day`'s year, else the earliest one after it.
  std::optional<Population> population_of(const std::string& nation, Date day) const;

  const Registry& registry_;
};

}  // namespace entente
