#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/vocabulary.hpp"
#include "registry/registry.hpp"
#include "rules/decision.hpp"

namespace entente {

// LegalClassification, with its words, is in model/vocabulary.hpp.
std::string_view to_string(LegalClassification classification);

struct OperationAssessment {
  const Operation* operation = nullptr;
  LegalClassification classification = LegalClassification::kNoExplicitMandate;
  bool contested = false;
  // True when the record's own legal_basis differs from what the evidence fields give.
  bool record_disagrees = false;
  std::vector<ReasoningStep> reasoning;
  std::vector<const OperationParticipant*> participants;
};

// Filters for listing operations; empty fields match everything.
struct OperationFilter {
  std::optional<Date> active_on;
  std::string kind;
  std::optional<LegalClassification> classification;
  std::string nation;  // only operations this nation took part in (as recorded)
};

// Classifies each operation from its evidence: UNSC resolutions first, then Article 5,
// then host-nation consent; an operation with none is "no explicit mandate", contested.
class OperationsChecker {
 public:
  explicit OperationsChecker(const Registry& registry) : registry_(registry) {}

  OperationAssessment assess(const Operation& operation) const;
  std::vector<OperationAssessment> list(const OperationFilter& filter) const;
  const Operation* find(std::string_view id) const;

 private:
  const Registry& registry_;
};

// Article 4 consultations requested between two days (inclusive), optionally by one nation.
std::vector<const Consultation*> consultations(const Registry& registry, Date from, Date to, const std::string& nation);

}  // namespace entente
