#pragma once

#include <string>
#include <vector>

#include "registry/registry.hpp"
#include "rules/decision.hpp"

namespace entente {

// One way a nation may (or may not) take part: through membership or a framework.
struct EligibilityRoute {
  std::string standing;  // "member", a framework id, "suspended-partner"
  Eligibility eligible = Eligibility::kNo;
  std::string conditions;
  const EligibilityRule* rule = nullptr;  // the sourced row; nullptr when none applies
};

struct EligibilityAnswer {
  const Nation* nation = nullptr;
  const Organisation* organisation = nullptr;
  std::string activity;
  Date as_of;
  Relation relation = Relation::kNone;
  Eligibility eligible = Eligibility::kNo;  // the best route's answer
  std::vector<EligibilityRoute> routes;     // every standing the nation holds that day
  std::vector<ReasoningStep> reasoning;
};

// "May nation X take part in activity Y with organisation O on day D, and through which
// framework?" A member may; a partner may through the frameworks it belongs to that day,
// as data/eligibility.csv records what each opens; a partner whose practical cooperation
// is suspended may not; a nation that is not (yet) a partner may not.
EligibilityAnswer check_eligibility(const Registry& registry, const Nation& nation, const Organisation& organisation,
                                    const std::string& activity, Date as_of);

}  // namespace entente
