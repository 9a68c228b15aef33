#include "rules/eligibility.hpp"

namespace entente {

namespace {

const EligibilityRule* rule_for(const Registry& registry, const std::string& organisation, const std::string& standing,
                                const std::string& activity, Date as_of) {
  for (const EligibilityRule& rule : registry.dataset().eligibility) {
    if (rule.organisation == organisation && rule.standing == standing && rule.activity == activity &&
        rule.period.contains(as_of)) {
      return &rule;
    }
  }
  return nullptr;
}

int rank(Eligibility eligible) {
  switch (eligible) {
    case Eligibility::kYes: return 2;
    case Eligibility::kConditional: return 1;
    case Eligibility::kNo: return 0;
  }
  return 0;
}

}  // namespace

EligibilityAnswer check_eligibility(const Registry& registry, const Nation& nation, const Organisation& organisation,
                                    const std::string& activity, Date as_of) {
  EligibilityAnswer answer{&nation, &organisation, activity, as_of, Relation::kNone, Eligibility::kNo, {}, {}};
  const RelationEntry relation = registry.relation(nation, organisation, as_of);
  answer.relation = relation.relation;
  const std::string on = " on " + as_of.to_string();

  std::vector<std::string> standings;
  switch (relation.relation) {
    case Relation::kMember:
      standings.push_back("member");
      answer.reasoning.push_back({"Membership", nation.name + " is a member of " + organisation.id + on});
      break;
    case Relation::kPartner:
      standings = relation.frameworks;
      {
        std::string list;
        for (const std::string& id : relation.frameworks) list += (list.empty() ? "" : ", ") + id;
        answer.reasoning.push_back(
            {"Partnership", nation.name + " is a partner of " + organisation.id + on + " through " + list});
      }
      break;
    case Relation::kSuspendedPartner:
      standings.push_back("suspended-partner");
      answer.reasoning.push_back({"Partnership", nation.name + " is a partner of " + organisation.id + on +
                                                     " but its practical cooperation is suspended"});
      break;
    case Relation::kSuspendedMember:
      answer.reasoning.push_back({"Membership", nation.name + " is a suspended member of " + organisation.id + on +
                                                    ": it takes part in no activity while suspended"});
      return answer;
    default: {
      const bool later = [&] {
        for (const Partnership& partnership : registry.dataset().partnerships) {
          const Framework* framework = registry.find_framework(partnership.framework);
          if (partnership.nation == nation.iso3 && framework && framework->organisation == organisation.id &&
              as_of < partnership.period.from) {
            return true;
          }
        }
        return false;
      }();
      answer.reasoning.push_back(
          {"Partnership", nation.name + " is neither a member nor a partner of " + organisation.id + on +
                              (later ? " (it becomes a partner later)" : "") + ": not eligible"});
      return answer;
    }
  }

  for (const std::string& standing : standings) {
    const EligibilityRule* rule = rule_for(registry, organisation.id, standing, activity, as_of);
    EligibilityRoute route{standing, Eligibility::kNo, "", rule};
    if (rule != nullptr) {
      route.eligible = rule->eligible;
      route.conditions = rule->conditions;
      answer.reasoning.push_back(
          {standing == "member" || standing == "suspended-partner" ? standing : "Framework " + standing,
           std::string(rule->eligible == Eligibility::kYes  ? "opens "
                       : rule->eligible == Eligibility::kNo ? "does not open "
                                                            : "opens, under conditions, ") +
               activity + (rule->conditions.empty() ? "" : " (" + rule->conditions + ")") +
               "; source: " + rule->provenance.source});
    } else {
      answer.reasoning.push_back(
          {standing == "member" ? standing : "Framework " + standing,
           "no sourced rule says that " + standing + " opens " + activity + on + ": not counted as eligible"});
    }
    if (rank(route.eligible) > rank(answer.eligible)) answer.eligible = route.eligible;
    answer.routes.push_back(std::move(route));
  }
  return answer;
}

}  // namespace entente
