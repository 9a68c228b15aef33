#pragma once

// Workflows as data. Every lifecycle (a programme's, a PARP cycle's, a unit's evaluation
// ladder, an event's) is the table of its steps in data/workflows.csv: from which state to
// which, who may take the step, whether it needs a comment, how many distinct approvers
// (N of M), whose step its taker may not have taken (four eyes), what the subject's
// nation must be eligible for, in which years, what follows (a council round) and whom
// to tell. Workflow answers "may this actor take this step now, and if not, why"; the
// manage service applies the step in one transaction with its history and audit rows.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.hpp"
#include "core/status.hpp"
#include "engine/principal.hpp"
#include "manage/records.hpp"
#include "model/model.hpp"
#include "registry/registry.hpp"

namespace entente {

// What a workflow step is taken on: the fields every subject has.
struct Subject {
  std::string workflow;
  std::int64_t id = 0;
  std::int64_t version = 0;
  std::string nation;
  std::string organisation;
  std::string state;
  std::string title;
};

// How an actor stands towards a subject: the workflow actor words (kWorkflowActorWords)
// that describe them.
std::vector<std::string> actor_kinds(const Principal& actor, const Subject& subject, const Registry& registry,
                                     Date today);

// A step an actor may take, or could take but for a reason.
struct StepOption {
  const WorkflowRule* rule = nullptr;
  bool allowed = false;
  std::string reason;  // why not, when not allowed
};

class Workflow {
 public:
  Workflow(const Dataset& dataset, std::string_view name);

  const std::string& name() const { return name_; }
  // Every step out of `state`.
  std::vector<const WorkflowRule*> steps_from(std::string_view state) const;
  // The step `action` out of `state`, or kInvalidArgument naming the steps that exist.
  Result<const WorkflowRule*> step(std::string_view state, std::string_view action) const;
  // Every state the table names, in the order first named.
  std::vector<std::string> states() const;

  // Whether `actor` may take `rule` on `subject` today: the actor's kind, the comment, four
  // eyes against `history` (the subject's transitions, oldest first), the nation's
  // eligibility and the year. kForbidden or kFailedPrecondition-like kInvalidArgument with
  // the reason; ok otherwise.
  Status check(const WorkflowRule& rule, const Principal& actor, const Subject& subject,
               const std::vector<TransitionEntry>& history, const std::string& comment, const Registry& registry,
               Date today) const;

  // The approvals `rule` has gathered since the subject last changed state: the distinct
  // actors of non-effective entries of its action.
  static std::vector<std::string> approvals(const WorkflowRule& rule, const Subject& subject,
                                            const std::vector<TransitionEntry>& history);

  // What `actor` may do with `subject` now, each step with its reason when not allowed.
  // Steps only the system takes are left out.
  std::vector<StepOption> options(const Principal& actor, const Subject& subject,
                                  const std::vector<TransitionEntry>& history, const Registry& registry,
                                  Date today) const;

 private:
  std::string name_;
  std::vector<const WorkflowRule*> rules_;
};

// The first state of each workflow: where a new subject starts.
std::string_view initial_state(std::string_view workflow);

}  // namespace entente
