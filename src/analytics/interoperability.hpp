#pragma once

// The interoperability index: per NATO partner and year, a weighted sum of six components,
// each normalised to 0..1 by a rule the answer states, so that a reader sees why a partner
// scores what it scores. Registry facts (partnerships, plans, exercises, operations) are
// read from the registry; what only Entente's partnership management records (programmes
// approved, PARP cycles, evaluations passed) comes in as PartnerRecords.

#include <boost/json/value.hpp>

#include <array>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.hpp"
#include "registry/registry.hpp"

namespace entente {

// A programme NATO approved for a partner (an ITPP of partnership management).
struct RecordedPlan {
  std::string nation;         // ISO alpha-3
  std::string plan = "ITPP";  // the plan's kind, counted with the registry's plans
  Date from;
  Date to;                // the last day, inclusive
  bool approved = false;  // only approved programmes count
};

// A partner's PARP cycle: active from the start of `from_year` to the end of `to_year`.
struct RecordedParp {
  std::string nation;
  int from_year = 0;
  int to_year = 0;
  bool active = true;  // false for a cycle withdrawn or refused, which does not count
};

// One evaluation of one of a partner's units (sel1, nel1, sel2, nel2).
struct RecordedEvaluation {
  std::string nation;
  std::string unit;
  std::string step;  // a word of kEvaluationStepWords
  Date on;
  bool passed = false;
};

// What partnership management knows that the registry does not.
struct PartnerRecords {
  std::vector<RecordedPlan> programmes;
  std::vector<RecordedParp> parp;
  std::vector<RecordedEvaluation> evaluations;
};

// The components, in the order of the answer.
inline constexpr std::array<std::string_view, 6> kInteroperabilityComponents = {
    "years_in_frameworks", "plans", "parp", "evaluations", "exercises_with_allies", "operations_with_allies"};
// The default weights, in the order of kInteroperabilityComponents; they sum to 1.
inline constexpr std::array<double, 6> kInteroperabilityDefaultWeights = {0.2, 0.15, 0.15, 0.15, 0.2, 0.15};

struct InteroperabilityOptions {
  std::optional<int> from;  // default: `to`
  // Default: the latest year in which a NATO partnership, plan, exercise or operation began.
  std::optional<int> to;
  std::vector<std::string> nations;  // ISO alpha-3; empty: every partner
  // Weights by component name, replacing the defaults of those named; each >= 0 and finite.
  std::map<std::string, double, std::less<>> weights;
};

struct ComponentScore {
  std::string_view name;
  std::optional<double> raw;         // nullopt: missing (outside the data's coverage)
  std::optional<double> normalised;  // 0..1
  double weight = 0;                 // the normalised weight of the request
  double effective_weight = 0;       // re-normalised over the components present in this row
  double contribution = 0;           // effective_weight × normalised
};

struct InteroperabilityRow {
  const Nation* nation = nullptr;
  int year = 0;
  // Σ contributions, 0..1; nullopt when every component with weight is missing.
  std::optional<double> score;
  std::vector<ComponentScore> components;  // in kInteroperabilityComponents order
  std::vector<std::string> notes;          // why a component is missing or partial
};

struct InteroperabilityIndex {
  int from = 0;
  int to = 0;
  std::array<double, 6> given_weights{};       // as requested (defaults for those not named)
  std::array<double, 6> normalised_weights{};  // the same, summing to 1
  std::vector<InteroperabilityRow> rows;       // by nation name, then year
};

// How each component is normalised, in words, as the answer states it.
std::string_view normalisation_of(std::string_view component);

// Partners are nations that are not NATO members (status member) on 31 December of the
// year and have begun a NATO partnership or plan by then, or have records; a nation named
// in `nations` that is a member that year has no row for it. Fails with kInvalidArgument
// for an unknown component name (field "weights/<name>"), a negative or non-finite weight,
// weights summing to 0, or a bad year range; kUnknownNation (field "nations") for an
// unknown code.
Result<InteroperabilityIndex> interoperability_index(const Registry& registry, const PartnerRecords& records,
                                                     const InteroperabilityOptions& options);

boost::json::value to_json(const InteroperabilityIndex& index);
// One row per partner and year: nation, name, year, score, then per component <name>_raw,
// <name>_normalised, <name>_contribution, then the notes joined with "; ".
std::string to_csv(const InteroperabilityIndex& index);

}  // namespace entente
