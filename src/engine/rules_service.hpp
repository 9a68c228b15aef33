#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/date.hpp"
#include "core/status.hpp"
#include "engine/snapshot_reader.hpp"
#include "rules/article6.hpp"
#include "rules/decision.hpp"
#include "rules/eligibility.hpp"
#include "rules/operations.hpp"
#include "sim/model.hpp"

namespace entente {

// A decision request as the user gave it (CLI options or an API body). Positions and
// procedures are words ("object", "qualified-majority"); dates are YYYY-MM-DD; empty
// means "not given".
struct DecisionRequest {
  std::string organisation;
  std::string procedure;
  std::string subject;
  std::string as_of;
  // (nation, position word) in the order given; a nation given twice is an error, however
  // its code is spelt.
  std::vector<std::pair<std::string, std::string>> positions;
  std::string default_position;  // default: silent
  std::vector<std::string> formal_abstentions;
  std::string silence_deadline;
  std::map<std::string, std::string> silence_breaks;  // nation -> day
  bool reinforced = false;
  bool procedural = false;
  std::vector<std::string> parties_to_conflict;
};

// Parses the JSON body of POST /api/v1/decisions; kInvalidArgument with the offending
// field on malformed input. Never throws.
Result<DecisionRequest> parse_decision_request(std::string_view json_text);

// An Article 5 question as the user gave it; empty means "not given".
struct Article5Request {
  std::string lat;
  std::string lon;
  std::string territory;
  std::string target;  // territory (default), forces, vessel, aircraft
  std::string nation;
  std::string as_of;
};

struct TreatyAreaAnswer {
  Date as_of;
  std::vector<std::string> members;
  std::vector<std::pair<const TerritorialUnit*, ScopeRuling>> units;  // with their ruling that day
  const SharedRows<SeaArea>* seas = nullptr;
};

struct ConsultationsAnswer {
  Date from;
  Date to;
  std::string nation;
  std::vector<const Consultation*> consultations;
};

struct OperationsAnswer {
  OperationFilter filter;
  std::vector<OperationAssessment> operations;
  // With a nation filter: of the operations the other filters match (`considered`), those
  // whose participants are not recorded, which the nation filter cannot judge (ids, by start).
  std::size_t considered = 0;
  std::vector<std::string> not_judged;
};

struct CouncilSeatsAnswer {
  std::string council;
  Date as_of;
  std::vector<const CouncilSeat*> seats;  // by nation
};

// The treaty's rules applied to the registry: Article 4 consultations, Article 5 and 6
// coverage, decisions by each organisation's procedure, operations and their legal basis,
// eligibility for partnership activities, and crisis models bound to the data.
// Queries take user input as text, validate it (unknown ids and impossible dates are
// errors, never guesses) and answer from the current snapshot, taken once per query; they
// are safe to call from many threads at once. Each answer carries the snapshot it came
// from (Versioned), whose version is the answer's entity tag. Every `as_of` is
// "YYYY-MM-DD" or empty for today (from the injected clock). Ids and codes are matched
// ignoring case.
class RulesService : public SnapshotReader {
 public:
  using SnapshotReader::SnapshotReader;

  // Does Article 5 cover an armed attack there, on that target, that day? (Article 6)
  Result<Versioned<Article6Verdict>> article5(const Article5Request& request) const;
  // What the treaty area holds on a day: the members, the units with their rulings, the seas.
  Result<Versioned<TreatyAreaAnswer>> treaty_area(std::string_view as_of) const;

  // Binds a crisis scenario to the reference data, ready to simulate (see sim/model.hpp).
  // The model keeps the snapshot it was bound to alive.
  Result<std::shared_ptr<const sim::CrisisModel>> crisis_model(sim::Scenario scenario) const;

  // The seats of a council with elected members (AUPSC) on a day, by nation.
  Result<Versioned<CouncilSeatsAnswer>> council_seats(std::string_view council, std::string_view as_of) const;

  // Decides a proposal by the organisation's procedure (or the one requested).
  Result<Versioned<Decision>> decide(const DecisionRequest& request) const;
  // Article 4 consultations between two days (inclusive; defaults: all), optionally
  // those a nation requested.
  Result<Versioned<ConsultationsAnswer>> consultations(std::string_view nation, std::string_view from,
                                                       std::string_view to) const;
  // Operations, filtered by the day they were active, kind, legal classification, nation.
  Result<Versioned<OperationsAnswer>> operations(std::string_view active_on, std::string_view kind,
                                                 std::string_view classification, std::string_view nation) const;
  Result<Versioned<OperationAssessment>> operation(std::string_view id) const;
  // May `nation` take part in `activity` with `organisation` (default NATO) as of a day?
  Result<Versioned<EligibilityAnswer>> eligibility(std::string_view nation, std::string_view activity,
                                                   std::string_view organisation, std::string_view as_of) const;
};

}  // namespace entente
