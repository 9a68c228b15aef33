#pragma once

// Cohesion: how often each Ally objects and how often two Allies take the same side, from
// the council rounds recorded in Entente (partnership management, and, on request, the
// decision simulator's rounds) and the Article 4 requests of the registry. The answer says
// how many decisions its figures rest on, and withholds rates the record is too thin for.

#include <boost/json/value.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "core/status.hpp"
#include "registry/registry.hpp"

namespace entente {

// A member's position in a round. kSilent and kBreak are those of the silence procedure.
enum class RoundPosition { kSupport, kObject, kSilent, kBreak, kNone };

// Consent (support, silent), objection (object, break), or no part in the round (none).
enum class RoundStance { kConsent, kObjection, kNone };
RoundStance stance_of(RoundPosition position);

std::string_view to_string(RoundPosition position);

struct RecordedPosition {
  std::string nation;  // ISO alpha-3
  RoundPosition position = RoundPosition::kNone;
  std::string reason;  // an objection's reason; may be empty
};

// A council round: a question put to the Allies and how each answered.
struct RecordedRound {
  std::string id;
  std::string subject;
  Date opened;
  std::optional<Date> decided;
  std::string outcome;    // adopted, not-adopted, withdrawn (empty while open)
  std::string procedure;  // consensus, silence
  std::vector<RecordedPosition> positions;
  bool simulated = false;  // played by the decision simulator, not decided
};

struct CohesionOptions {
  std::optional<Date> from;  // rounds opened and requests made on or after; default: all
  std::optional<Date> to;    // on or before; default: all
  bool include_simulated = false;
};

// Below this many rounds the record is called thin.
inline constexpr int kThinRecordRounds = 10;
// Below this many rounds shared by two Allies their agreement rate is withheld.
inline constexpr int kMinimumSharedRounds = 3;
// How many pairs the most and least aligned lists hold at most.
inline constexpr std::size_t kAlignedPairs = 5;

struct AllyCohesion {
  const Nation* nation = nullptr;
  int rounds = 0;                        // rounds it took a position in (not none)
  int objections = 0;                    // object or break
  std::optional<double> objection_rate;  // objections / rounds; nullopt with no rounds
  int article4_requests = 0;             // Article 4 requests it signed
};

struct PairCohesion {
  const Nation* first = nullptr;  // before `second` by name
  const Nation* second = nullptr;
  int shared_rounds = 0;  // rounds both took a position in
  int agreements = 0;     // rounds in which both consented or both objected
  // agreements / shared_rounds; nullopt under kMinimumSharedRounds shared rounds.
  std::optional<double> agreement_rate;
  int co_signatures = 0;  // Article 4 requests both signed
};

struct CohesionAnalysis {
  std::optional<Date> from;
  std::optional<Date> to;
  bool include_simulated = false;
  int rounds = 0;            // rounds the figures rest on
  int simulated_rounds = 0;  // of which simulated
  int article4_requests = 0;
  bool thin = false;                 // fewer than kThinRecordRounds rounds
  std::string record;                // the plain statement of what the figures rest on
  std::vector<AllyCohesion> allies;  // by name
  std::vector<PairCohesion> pairs;   // every pair with a shared round or a co-signature, by names
  // Indexes into `pairs` of pairs with an agreement rate: the kAlignedPairs most aligned
  // (highest rate, then most shared rounds) and the kAlignedPairs least aligned (lowest
  // rate, then most shared rounds).
  std::vector<std::size_t> most_aligned;
  std::vector<std::size_t> least_aligned;
};

// Fails with kInvalidArgument (field "to") when `to` is before `from`.
Result<CohesionAnalysis> analyse_cohesion(const Registry& registry, const std::vector<RecordedRound>& rounds,
                                          const CohesionOptions& options);

boost::json::value to_json(const CohesionAnalysis& analysis);
// Two kinds of row told apart by `part`, under one header: "ally" rows fill nation, rounds,
// objections, objection_rate and article4_requests; "pair" rows fill nation, other,
// shared_rounds, agreements, agreement_rate and co_signatures. A withheld rate is empty.
std::string to_csv(const CohesionAnalysis& analysis);

}  // namespace entente
