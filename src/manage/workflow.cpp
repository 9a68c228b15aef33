#include "manage/workflow.hpp"

#include <algorithm>

#include "model/vocabulary.hpp"
#include "rules/eligibility.hpp"

namespace entente {

namespace {

bool has(const std::vector<std::string>& words, std::string_view word) {
  return std::find(words.begin(), words.end(), word) != words.end();
}

std::string either(const std::vector<std::string>& words) {
  std::string text;
  for (std::size_t i = 0; i < words.size(); ++i) {
    text += (i == 0 ? "" : i + 1 == words.size() ? " or " : ", ") + words[i];
  }
  return text;
}

}  // namespace

std::vector<std::string> actor_kinds(const Principal& actor, const Subject& subject, const Registry& registry,
                                     Date today) {
  std::vector<std::string> kinds;
  switch (actor.role) {
    case Role::kAdministrator: kinds.emplace_back("administrator"); break;
    case Role::kAllianceStaff: kinds.emplace_back("alliance-staff"); break;
    case Role::kNationOfficer: {
      if (actor.nation.empty()) break;
      if (actor.nation == subject.nation) kinds.emplace_back("partner-officer");
      const Nation* nation = registry.find_nation(actor.nation);
      const Organisation* organisation = registry.find_organisation(subject.organisation);
      if (nation != nullptr && organisation != nullptr &&
          registry.relation(*nation, *organisation, today).relation == Relation::kMember) {
        kinds.emplace_back("ally-officer");
      }
      break;
    }
    case Role::kViewer: break;
  }
  return kinds;
}

std::string_view initial_state(std::string_view workflow) {
  if (workflow == "itpp") return "draft";
  if (workflow == "parp") return "survey";
  if (workflow == "evaluation") return "declared";
  return "planned";  // event
}

Workflow::Workflow(const Dataset& dataset, std::string_view name) : name_(name) {
  for (const WorkflowRule& rule : dataset.workflow_rules) {
    if (rule.workflow == name) rules_.push_back(&rule);
  }
}

std::vector<const WorkflowRule*> Workflow::steps_from(std::string_view state) const {
  std::vector<const WorkflowRule*> steps;
  for (const WorkflowRule* rule : rules_) {
    if (rule->from == state) steps.push_back(rule);
  }
  return steps;
}

Result<const WorkflowRule*> Workflow::step(std::string_view state, std::string_view action) const {
  std::vector<std::string> possible;
  for (const WorkflowRule* rule : steps_from(state)) {
    if (rule->action == action) return rule;
    if (!has(rule->actors, "system") || rule->actors.size() > 1) possible.push_back(rule->action);
  }
  const bool known =
      std::any_of(rules_.begin(), rules_.end(), [&](const WorkflowRule* r) { return r->action == action; });
  std::string message = known ? "'" + std::string(action) + "' cannot be taken from the state " + std::string(state)
                              : "the " + name_ + " workflow has no step '" + std::string(action) + "'";
  message += possible.empty() ? "; no step leads on from " + std::string(state)
                              : "; from " + std::string(state) + " the steps are " + either(possible);
  return Status(known ? ErrorCode::kRefused : ErrorCode::kInvalidArgument, message, "/action");
}

std::vector<std::string> Workflow::states() const {
  // Walked from the first state, breadth first, each state's steps by action, so that the
  // order follows the lifecycle whatever order a backend keeps the rows in. Ends (states
  // no step leaves) come after the others, the farthest first: held before cancelled,
  // which a step near the start already reaches. States no step reaches come last.
  std::vector<std::string> states{std::string(initial_state(name_))};
  std::vector<std::size_t> depth{0};
  std::vector<std::pair<std::size_t, std::string>> ends;
  for (std::size_t next = 0; next < states.size(); ++next) {
    std::vector<const WorkflowRule*> steps = steps_from(states[next]);
    std::sort(steps.begin(), steps.end(),
              [](const WorkflowRule* a, const WorkflowRule* b) { return a->action < b->action; });
    for (const WorkflowRule* rule : steps) {
      const bool seen = has(states, rule->to) ||
                        std::any_of(ends.begin(), ends.end(), [&](const auto& end) { return end.second == rule->to; });
      if (seen) continue;
      if (steps_from(rule->to).empty()) {
        ends.emplace_back(depth[next] + 1, rule->to);
      } else {
        states.push_back(rule->to);
        depth.push_back(depth[next] + 1);
      }
    }
  }
  std::stable_sort(ends.begin(), ends.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  for (const auto& end : ends) states.push_back(end.second);
  for (const WorkflowRule* rule : rules_) {
    if (!has(states, rule->from)) states.push_back(rule->from);
  }
  return states;
}

std::vector<std::string> Workflow::approvals(const WorkflowRule& rule, const Subject& subject,
                                             const std::vector<TransitionEntry>& history) {
  std::vector<std::string> actors;
  // Only approvals given since the subject last moved count.
  for (auto it = history.rbegin(); it != history.rend(); ++it) {
    if (it->effective != 0) break;
    if (it->action == rule.action && it->from_state == subject.state && !has(actors, it->actor)) {
      actors.push_back(it->actor);
    }
  }
  return actors;
}

Status Workflow::check(const WorkflowRule& rule, const Principal& actor, const Subject& subject,
                       const std::vector<TransitionEntry>& history, const std::string& comment,
                       const Registry& registry, Date today) const {
  const std::vector<std::string> kinds = actor_kinds(actor, subject, registry, today);
  const bool may = std::any_of(kinds.begin(), kinds.end(), [&](const std::string& kind) {
    return has(rule.actors, kind) || (kind == "administrator" && has(rule.actors, "alliance-staff"));
  });
  if (!may) {
    return Status(ErrorCode::kForbidden,
                  "'" + rule.action + "' is taken by " + either(rule.actors) +
                      (kinds.empty() ? std::string(", and you are none of these") : "; you act as " + either(kinds)));
  }
  if (rule.comment && comment.find_first_not_of(" \t\r\n") == std::string::npos) {
    return Status(ErrorCode::kInvalidArgument, "'" + rule.action + "' needs a comment saying why", "/comment");
  }
  if (!rule.distinct_from.empty()) {
    for (auto it = history.rbegin(); it != history.rend(); ++it) {
      if (it->action != rule.distinct_from) continue;
      if (it->actor == actor.name) {
        return Status(ErrorCode::kRefused, "four eyes: you took the step '" + rule.distinct_from + "' on " +
                                               (subject.title.empty() ? "this " + name_ : subject.title) +
                                               ", so someone else must take '" + rule.action + "'");
      }
      break;
    }
  }
  if (rule.approvals > 1 && has(approvals(rule, subject, history), actor.name)) {
    return Status(ErrorCode::kConflict, "you have approved '" + rule.action + "' already; it needs " +
                                            std::to_string(rule.approvals) + " different people");
  }
  if (!rule.eligibility.empty()) {
    const Nation* nation = registry.find_nation(subject.nation);
    const Organisation* organisation = registry.find_organisation(subject.organisation);
    if (nation == nullptr || organisation == nullptr) {
      return Status(ErrorCode::kRefused,
                    "the rules know no nation " + subject.nation + " or organisation " + subject.organisation);
    }
    const EligibilityAnswer answer = check_eligibility(registry, *nation, *organisation, rule.eligibility, today);
    if (answer.eligible == Eligibility::kNo) {
      std::string why;
      for (const ReasoningStep& step : answer.reasoning) why += (why.empty() ? "" : "; ") + step.finding;
      return Status(ErrorCode::kRefused, nation->name + " may not take part in " + rule.eligibility + " with " +
                                             organisation->id + " on " + today.to_string() + ": " + why);
    }
  }
  if (rule.guard == "even-year" && today.year() % 2 != 0) {
    return Status(ErrorCode::kRefused,
                  "'" + rule.action + "' is taken in even years; " + std::to_string(today.year()) + " is odd");
  }
  if (rule.guard == "odd-year" && today.year() % 2 == 0) {
    return Status(ErrorCode::kRefused,
                  "'" + rule.action + "' is taken in odd years; " + std::to_string(today.year()) + " is even");
  }
  return Status::ok();
}

std::vector<StepOption> Workflow::options(const Principal& actor, const Subject& subject,
                                          const std::vector<TransitionEntry>& history, const Registry& registry,
                                          Date today) const {
  std::vector<StepOption> options;
  for (const WorkflowRule* rule : steps_from(subject.state)) {
    if (rule->actors.size() == 1 && rule->actors.front() == "system") continue;
    const Status status = check(*rule, actor, subject, history, "-", registry, today);
    options.push_back({rule, status.is_ok(), status.is_ok() ? std::string() : status.message()});
  }
  return options;
}

}  // namespace entente
