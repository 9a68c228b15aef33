// Interoperability evaluation (OCC E&F): units declared by partners climb the ladder of
// the evaluation workflow, one recorded evaluation at a time.

#include <algorithm>
#include <set>

#include "manage/manage_internal.hpp"
#include "model/vocabulary.hpp"
#include "rules/eligibility.hpp"

namespace entente {

using namespace manage;

namespace {

constexpr const char* kEvaluation = "evaluation";

Subject subject_of(const Unit& unit) {
  return Subject{kEvaluation, unit.stamp.id, unit.stamp.version, unit.nation, "NATO", unit.level, unit.name};
}

bool may_see(const Principal& actor, const std::string& nation) {
  return sees_all(actor) || (actor.role == Role::kNationOfficer && actor.nation == nation);
}

std::vector<const ChecklistItem*> checklist_of(const Dataset& dataset, const std::string& step) {
  std::vector<const ChecklistItem*> items;
  for (const ChecklistItem& item : dataset.checklist_items) {
    if (item.step == step) items.push_back(&item);
  }
  return items;
}

// The step a passing evaluation would take the unit to: the workflow's non-system step
// out of its level.
const WorkflowRule* next_rule(const Workflow& workflow, const std::string& level) {
  for (const WorkflowRule* rule : workflow.steps_from(level)) {
    if (std::find(rule->actors.begin(), rule->actors.end(), "system") == rule->actors.end()) return rule;
  }
  return nullptr;
}

Result<UnitView> view_of(Work& work, const Principal& actor, const Unit& unit, std::shared_ptr<const Snapshot> snapshot,
                         Date today) {
  const Registry& registry = snapshot->registry();
  UnitView view;
  view.unit = unit;
  const Nation* nation = registry.find_nation(unit.nation);
  view.nation_name = nation ? nation->name : unit.nation;
  RowFilter filter = where("unit", unit.stamp.id);
  Result<std::vector<Evaluation>> evaluations = work.table(evaluations_table()).where(filter);
  if (!evaluations) return evaluations.status();
  view.evaluations = std::move(*evaluations);
  Result<std::vector<TransitionEntry>> history = history_of(work, kEvaluation, unit.stamp.id);
  if (!history) return history.status();
  view.history = std::move(*history);
  const Workflow workflow(registry.dataset(), kEvaluation);
  for (const std::string& state : workflow.states()) {
    if (state == "declared" || kEvaluationStepWords.contains(state)) view.ladder.push_back(state);
  }
  if (const WorkflowRule* rule = next_rule(workflow, unit.level)) view.next_step = rule->action;
  view.checklist = checklist_of(registry.dataset(), view.next_step.value_or(unit.level));
  view.actions = action_options(workflow, actor, subject_of(unit), view.history, registry, today);
  view.snapshot = std::move(snapshot);
  return view;
}

Result<Unit> visible_unit(Work& work, const Principal& actor, std::int64_t id) {
  Result<std::optional<Unit>> found = work.table(units_table()).find(id);
  if (!found) return found.status();
  if (!*found || !may_see(actor, (*found)->nation))
    return Status(ErrorCode::kNotFound, "no unit " + std::to_string(id));
  return **found;
}

}  // namespace

Result<std::vector<Unit>> ManageService::units(const Principal& actor, const std::string& nation) const {
  if (Status allowed = authorise(actor, Capability::kPartnership, access_); !allowed) return allowed;
  Result<Work> work = Work::begin(store_, Store::Access::kRead);
  if (!work) return work.status();
  RowFilter filter;
  if (!sees_all(actor)) filter.equal.emplace_back("nation", officer_nation(actor));
  if (!nation.empty() && (sees_all(actor) || nation == actor.nation)) {
    if (sees_all(actor)) filter.equal.emplace_back("nation", nation);
  } else if (!nation.empty()) {
    return std::vector<Unit>{};
  }
  return work->table(units_table()).where(filter);
}

Result<UnitView> ManageService::unit(const Principal& actor, std::int64_t id) const {
  if (Status allowed = authorise(actor, Capability::kPartnership, access_); !allowed) return allowed;
  Result<Work> work = Work::begin(store_, Store::Access::kRead);
  if (!work) return work.status();
  Result<Unit> unit = visible_unit(*work, actor, id);
  if (!unit) return unit.status();
  return view_of(*work, actor, *unit, current_(), clock_.today());
}

Result<UnitView> ManageService::declare_unit(const Principal& actor, const std::string& nation_code,
                                             const std::string& name, const std::string& kind,
                                             const std::string& request_id) {
  if (Status allowed = authorise(actor, Capability::kPartnership, access_); !allowed) return allowed;
  std::shared_ptr<const Snapshot> snapshot = current_();
  const Registry& registry = snapshot->registry();
  const Date today = clock_.today();
  const std::string now = format_instant(clock_.now());
  const Nation* nation = registry.find_nation(nation_code);
  if (nation == nullptr) {
    return Status(ErrorCode::kUnknownNation, "no nation with code " + nation_code.substr(0, 8), "/nation");
  }
  if (!may_see(actor, nation_code)) {
    return Status(ErrorCode::kForbidden, "a nation officer declares their own nation's units only", "/nation");
  }
  Result<std::string> unit_name = text_field(name, "/name", true, kMaxTitle);
  if (!unit_name) return unit_name.status();
  if (!kUnitKindWords.contains(kind)) {
    return Status(ErrorCode::kInvalidArgument, "kind is land, maritime, air, special-operations or other", "/kind");
  }
  const Organisation* nato = registry.find_organisation("NATO");
  if (nato == nullptr) return Status(ErrorCode::kRefused, "the registry has no NATO");
  const EligibilityAnswer answer = check_eligibility(registry, *nation, *nato, "interoperability-evaluation", today);
  if (answer.eligible == Eligibility::kNo || answer.relation == Relation::kMember) {
    std::string why;
    for (const ReasoningStep& step : answer.reasoning) why += (why.empty() ? "" : "; ") + step.finding;
    if (answer.relation == Relation::kMember) why = nation->name + " is a member; the programme evaluates partners";
    return Status(
        ErrorCode::kRefused,
        nation->name + " may not declare units for interoperability evaluation on " + today.to_string() + ": " + why,
        "/nation");
  }
  Unit unit;
  unit.nation = nation_code;
  unit.name = *unit_name;
  unit.kind = kind;
  unit.level = std::string(initial_state(kEvaluation));
  unit.declared_by = actor.name;
  unit.declared_at = now;
  Result<Work> work = Work::begin(store_, Store::Access::kWrite);
  if (!work) return work.status();
  Result<Unit> stored = work->table(units_table()).insert(unit);
  if (!stored) return stored.status();
  if (Status status = audit(*work, actor, AuditAction::kCreate, AuditKind::kUnit, stored->stamp.id, "",
                            audit_json(units_table(), *stored), "", request_id, now);
      !status) {
    return status;
  }
  Result<UnitView> view = view_of(*work, actor, *stored, snapshot, today);
  if (!view) return view;
  if (Status status = work->commit(); !status) return status;
  return view;
}

Result<UnitView> ManageService::record_evaluation(const Principal& actor, std::int64_t id,
                                                  const EvaluationRequest& request) {
  if (Status allowed = authorise(actor, Capability::kPartnership, access_); !allowed) return allowed;
  std::shared_ptr<const Snapshot> snapshot = current_();
  const Registry& registry = snapshot->registry();
  const Date today = clock_.today();
  const std::string now = format_instant(clock_.now());
  if (!kEvaluationStepWords.contains(request.step)) {
    return Status(ErrorCode::kInvalidArgument, "step is sel1, nel1, sel2 or nel2", "/step");
  }
  Result<Date> on = date_field(request.on, "/on");
  if (!on) return on.status();
  if (today < *on)
    return Status(ErrorCode::kInvalidArgument, "an evaluation is recorded once it has taken place", "/on");
  Result<std::string> evaluator = text_field(request.evaluator, "/evaluator", true, kMaxTitle);
  if (!evaluator) return evaluator.status();
  Result<std::string> note = text_field(request.note, "/note", false, kMaxText);
  if (!note) return note.status();
  // Every item of the step's checklist answered once, and nothing else.
  const std::vector<const ChecklistItem*> checklist = checklist_of(registry.dataset(), request.step);
  std::vector<FieldError> errors;
  std::set<std::string> answered;
  bool passed = true;
  Evaluation evaluation;
  for (const auto& answer : request.answers) {
    const std::string& item = answer.first;
    const bool yes = answer.second;
    const bool known =
        std::any_of(checklist.begin(), checklist.end(), [&](const ChecklistItem* c) { return c->item == item; });
    if (!known) {
      errors.push_back({"/answers/" + json_pointer_token(item),
                        "no item '" + item.substr(0, 40) + "' in the " + request.step + " checklist"});
      continue;
    }
    if (!answered.insert(item).second) continue;
    evaluation.answers.push_back(item + "=" + (yes ? "yes" : "no"));
    passed = passed && yes;
  }
  for (const ChecklistItem* item : checklist) {
    if (answered.count(item->item) == 0) {
      errors.push_back({"/answers/" + json_pointer_token(item->item), "answer '" + item->item + "': yes or no"});
    }
  }
  if (!errors.empty()) {
    return Status(ErrorCode::kInvalidArgument, errors.front().message).with_errors(errors);
  }
  Result<Work> work = Work::begin(store_, Store::Access::kWrite);
  if (!work) return work.status();
  Result<Unit> unit = visible_unit(*work, actor, id);
  if (!unit) return unit.status();
  if (unit->stamp.version != request.expected_version) {
    return Status(ErrorCode::kConflict,
                  "the unit changed meanwhile (now version " + std::to_string(unit->stamp.version) + ")");
  }
  const Workflow workflow(registry.dataset(), kEvaluation);
  Result<std::vector<TransitionEntry>> history = history_of(*work, kEvaluation, id);
  if (!history) return history.status();
  const Subject subject = subject_of(*unit);
  const bool reevaluation = request.step == unit->level;
  const WorkflowRule* next = next_rule(workflow, unit->level);
  if (!reevaluation && (next == nullptr || next->action != request.step)) {
    return Status(ErrorCode::kRefused,
                  "the unit is at " + unit->level + "; its next evaluation is " +
                      (next ? next->action : std::string("none: it is at the top of the ladder")),
                  "/step");
  }
  // Who may evaluate: as for the step that leads to this level.
  const WorkflowRule* rule = next;
  if (reevaluation) {
    for (const std::string& state : workflow.states()) {
      for (const WorkflowRule* candidate : workflow.steps_from(state)) {
        if (candidate->action == request.step && candidate->to == request.step) rule = candidate;
      }
    }
  }
  if (rule == nullptr) return Status(ErrorCode::kRefused, "no step of the ladder leads to " + request.step, "/step");
  // A re-evaluation's four eyes would look at the climb, which is long past: it is checked
  // without them, and otherwise as the step (actor, eligibility), as of the evaluation's day.
  WorkflowRule checked = *rule;
  if (reevaluation) checked.distinct_from.clear();
  if (Status status = workflow.check(checked, actor, subject, *history, "-", registry, *on); !status) return status;
  evaluation.unit = id;
  evaluation.step = request.step;
  evaluation.outcome = passed ? "passed" : "failed";
  evaluation.evaluator = *evaluator;
  evaluation.on = *on;
  evaluation.note = *note;
  evaluation.recorded_at = now;
  Result<Evaluation> stored = work->table(evaluations_table()).insert(evaluation);
  if (!stored) return stored.status();
  if (Status status = audit(*work, actor, AuditAction::kCreate, AuditKind::kUnit, id, "",
                            audit_json(evaluations_table(), *stored), *note, request.request_id, now);
      !status) {
    return status;
  }
  StepRequest step;
  step.comment = request.step + " " + evaluation.outcome + " (" + *evaluator + ", " + on->to_string() + ")";
  step.request_id = request.request_id;
  if (!reevaluation && passed) {
    step.action = rule->action;
    Result<StepTaken> taken =
        record_step(*work, *rule, subject, actor, *history, step, registry, today, now, AuditKind::kUnit);
    if (!taken) return taken.status();
    unit->level = taken->state;
  } else if (reevaluation && !passed) {
    // A failed re-evaluation takes the unit back a step (the system's lapse).
    Result<const WorkflowRule*> lapse = workflow.step(unit->level, "lapse");
    if (lapse) {
      Principal system;
      system.name = "system";
      step.action = "lapse";
      Result<StepTaken> taken =
          record_step(*work, **lapse, subject, system, *history, step, registry, today, now, AuditKind::kUnit);
      if (!taken) return taken.status();
      unit->level = taken->state;
    }
  }
  Result<Unit> updated = work->table(units_table()).update(*unit);
  if (!updated) return updated.status();
  Result<UnitView> view = view_of(*work, actor, *updated, snapshot, today);
  if (!view) return view;
  if (Status status = work->commit(); !status) return status;
  return view;
}

}  // namespace entente
