// The Planning and Review Process: a partner's cycles, their goals and results.

#include <algorithm>

#include "manage/manage_internal.hpp"
#include "model/vocabulary.hpp"
#include "rules/eligibility.hpp"

namespace entente {

using namespace manage;

namespace {

constexpr const char* kParp = "parp";

Subject subject_of(const ParpCycle& cycle, const Registry& registry) {
  const Nation* nation = registry.find_nation(cycle.nation);
  return Subject{kParp,
                 cycle.stamp.id,
                 cycle.stamp.version,
                 cycle.nation,
                 cycle.organisation,
                 cycle.state,
                 "the PARP cycle " + std::to_string(cycle.year) + " of " + (nation ? nation->name : cycle.nation)};
}

bool may_see(const Principal& actor, const std::string& nation) {
  return sees_all(actor) || (actor.role == Role::kNationOfficer && actor.nation == nation);
}

Result<ParpView> view_of(Work& work, const Principal& actor, const ParpCycle& cycle,
                         std::shared_ptr<const Snapshot> snapshot, Date today) {
  const Registry& registry = snapshot->registry();
  ParpView view;
  view.cycle = cycle;
  const Nation* nation = registry.find_nation(cycle.nation);
  view.nation_name = nation ? nation->name : cycle.nation;
  Result<std::vector<PartnershipGoal>> goals = work.table(goals_table()).where(where("cycle", cycle.stamp.id));
  if (!goals) return goals.status();
  view.goals = std::move(*goals);
  for (const PartnershipGoal& goal : view.goals) {
    RowFilter filter = where("goal", goal.stamp.id);
    filter.order_by = "year";
    Result<std::vector<GoalResult>> results = work.table(goal_results_table()).where(filter);
    if (!results) return results.status();
    view.results.insert(view.results.end(), results->begin(), results->end());
  }
  Result<std::vector<TransitionEntry>> history = history_of(work, kParp, cycle.stamp.id);
  if (!history) return history.status();
  view.history = std::move(*history);
  const Workflow workflow(registry.dataset(), kParp);
  view.actions = action_options(workflow, actor, subject_of(cycle, registry), view.history, registry, today);
  view.states = workflow.states();
  view.snapshot = std::move(snapshot);
  return view;
}

Result<ParpCycle> visible_cycle(Work& work, const Principal& actor, std::int64_t id) {
  Result<std::optional<ParpCycle>> found = work.table(parp_cycles_table()).find(id);
  if (!found) return found.status();
  if (!*found || !may_see(actor, (*found)->nation)) {
    return Status(ErrorCode::kNotFound, "no PARP cycle " + std::to_string(id));
  }
  return **found;
}

}  // namespace

Result<std::vector<ParpCycle>> ManageService::parp_cycles(const Principal& actor, const std::string& nation) const {
  if (Status allowed = authorise(actor, Capability::kPartnership, access_); !allowed) return allowed;
  Result<Work> work = Work::begin(store_, Store::Access::kRead);
  if (!work) return work.status();
  RowFilter filter;
  if (!sees_all(actor)) {
    filter.equal.emplace_back("nation", officer_nation(actor));
  } else if (!nation.empty()) {
    filter.equal.emplace_back("nation", nation);
  }
  filter.order_by = "year";
  Result<std::vector<ParpCycle>> cycles = work->table(parp_cycles_table()).where(filter);
  if (!cycles) return cycles.status();
  if (!sees_all(actor) && !nation.empty()) {
    std::erase_if(*cycles, [&](const ParpCycle& cycle) { return cycle.nation != nation; });
  }
  return cycles;
}

Result<ParpView> ManageService::parp_cycle(const Principal& actor, std::int64_t id) const {
  if (Status allowed = authorise(actor, Capability::kPartnership, access_); !allowed) return allowed;
  Result<Work> work = Work::begin(store_, Store::Access::kRead);
  if (!work) return work.status();
  Result<ParpCycle> cycle = visible_cycle(*work, actor, id);
  if (!cycle) return cycle.status();
  return view_of(*work, actor, *cycle, current_(), clock_.today());
}

Result<ParpView> ManageService::open_parp(const Principal& actor, const std::string& nation_code,
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
    return Status(ErrorCode::kForbidden, "a nation officer opens their own nation's cycle only", "/nation");
  }
  const Organisation* nato = registry.find_organisation("NATO");
  if (nato == nullptr) return Status(ErrorCode::kRefused, "the registry has no NATO");
  // The rules engine decides whether the nation may enter the process today.
  const EligibilityAnswer answer = check_eligibility(registry, *nation, *nato, "planning-review", today);
  std::string reasoning;
  for (const ReasoningStep& step : answer.reasoning) {
    reasoning += (reasoning.empty() ? "" : "; ") + step.clause + ": " + step.finding;
  }
  if (answer.relation == Relation::kMember) {
    return Status(ErrorCode::kRefused,
                  nation->name + " is a member of " + nato->id + "; the Planning and Review Process is for partners",
                  "/nation");
  }
  if (answer.eligible == Eligibility::kNo) {
    return Status(ErrorCode::kRefused,
                  nation->name + " may not take part in the Planning and Review Process on " + today.to_string() +
                      ": " + reasoning,
                  "/nation");
  }
  ParpCycle cycle;
  cycle.nation = nation_code;
  cycle.organisation = nato->id;
  cycle.year = today.year();
  cycle.state = std::string(initial_state(kParp));
  cycle.eligibility = reasoning;
  cycle.opened_by = actor.name;
  cycle.opened_at = now;
  Result<Work> work = Work::begin(store_, Store::Access::kWrite);
  if (!work) return work.status();
  Result<ParpCycle> stored = work->table(parp_cycles_table()).insert(cycle);
  if (!stored) {
    if (stored.status().code() == ErrorCode::kConflict) {
      return Status(ErrorCode::kConflict,
                    nation->name + " has a PARP cycle opened in " + std::to_string(cycle.year) + " already", "/nation");
    }
    return stored.status();
  }
  if (Status status = audit(*work, actor, AuditAction::kCreate, AuditKind::kParpCycle, stored->stamp.id, "",
                            audit_json(parp_cycles_table(), *stored), "", request_id, now);
      !status) {
    return status;
  }
  Result<ParpView> view = view_of(*work, actor, *stored, snapshot, today);
  if (!view) return view;
  if (Status status = work->commit(); !status) return status;
  return view;
}

Result<ParpView> ManageService::step_parp(const Principal& actor, std::int64_t id, const StepRequest& request) {
  if (Status allowed = authorise(actor, Capability::kPartnership, access_); !allowed) return allowed;
  std::shared_ptr<const Snapshot> snapshot = current_();
  const Registry& registry = snapshot->registry();
  const Date today = clock_.today();
  const std::string now = format_instant(clock_.now());
  Result<std::string> comment = text_field(request.comment, "/comment", false, kMaxText);
  if (!comment) return comment.status();
  Result<Work> work = Work::begin(store_, Store::Access::kWrite);
  if (!work) return work.status();
  Result<ParpCycle> cycle = visible_cycle(*work, actor, id);
  if (!cycle) return cycle.status();
  if (cycle->stamp.version != request.expected_version) {
    return Status(ErrorCode::kConflict,
                  "the cycle changed meanwhile (now version " + std::to_string(cycle->stamp.version) + ")");
  }
  const Workflow workflow(registry.dataset(), kParp);
  Result<const WorkflowRule*> rule = workflow.step(cycle->state, request.action);
  if (!rule) return rule.status();
  Result<std::vector<TransitionEntry>> history = history_of(*work, kParp, id);
  if (!history) return history.status();
  const Subject subject = subject_of(*cycle, registry);
  if (Status status = workflow.check(**rule, actor, subject, *history, *comment, registry, today); !status) {
    return status;
  }
  StepRequest step = request;
  step.comment = *comment;
  Result<StepTaken> taken =
      record_step(*work, **rule, subject, actor, *history, step, registry, today, now, AuditKind::kParpCycle);
  if (!taken) return taken.status();
  cycle->state = taken->state;
  Result<ParpCycle> stored = work->table(parp_cycles_table()).update(*cycle);
  if (!stored) return stored.status();
  Result<ParpView> view = view_of(*work, actor, *stored, snapshot, today);
  if (!view) return view;
  if (Status status = work->commit(); !status) return status;
  return view;
}

Result<ParpView> ManageService::add_parp_goal(const Principal& actor, std::int64_t id, const PartFields& fields,
                                              const std::string& request_id) {
  if (Status allowed = authorise(actor, Capability::kPartnership, access_); !allowed) return allowed;
  std::shared_ptr<const Snapshot> snapshot = current_();
  const Date today = clock_.today();
  const std::string now = format_instant(clock_.now());
  Result<Work> work = Work::begin(store_, Store::Access::kWrite);
  if (!work) return work.status();
  Result<ParpCycle> cycle = visible_cycle(*work, actor, id);
  if (!cycle) return cycle.status();
  if (Status staff = authorise(actor, Capability::kPartnershipStaff, access_); !staff) return staff;
  if (cycle->state != "draft-goals" && cycle->state != "bilateral") {
    return Status(ErrorCode::kRefused,
                  "partnership goals are drafted and discussed (draft-goals, bilateral); the "
                  "cycle is " +
                      cycle->state);
  }
  PartnershipGoal goal;
  goal.cycle = id;
  Result<std::string> title = text_field(fields.title, "/title", true, kMaxTitle);
  if (!title) return title.status();
  goal.title = *title;
  Result<std::string> code = text_field(fields.code, "/code", false, 40);
  if (!code) return code.status();
  goal.code = *code;
  Result<std::string> indicator = text_field(fields.indicator, "/indicator", false, kMaxText);
  if (!indicator) return indicator.status();
  goal.indicator = *indicator;
  Result<PartnershipGoal> stored = work->table(goals_table()).insert(goal);
  if (!stored) return stored.status();
  Result<ParpCycle> bumped = work->table(parp_cycles_table()).update(*cycle);
  if (!bumped) return bumped.status();
  if (Status status = audit(*work, actor, AuditAction::kCreate, AuditKind::kParpCycle, id, "",
                            audit_json(goals_table(), *stored), "", request_id, now);
      !status) {
    return status;
  }
  Result<ParpView> view = view_of(*work, actor, *bumped, snapshot, today);
  if (!view) return view;
  if (Status status = work->commit(); !status) return status;
  return view;
}

Result<ParpView> ManageService::record_result(const Principal& actor, std::int64_t id, std::int64_t goal_id,
                                              const GoalResultFields& fields, const std::string& request_id) {
  if (Status allowed = authorise(actor, Capability::kPartnership, access_); !allowed) return allowed;
  std::shared_ptr<const Snapshot> snapshot = current_();
  const Date today = clock_.today();
  const std::string now = format_instant(clock_.now());
  Result<Work> work = Work::begin(store_, Store::Access::kWrite);
  if (!work) return work.status();
  Result<ParpCycle> cycle = visible_cycle(*work, actor, id);
  if (!cycle) return cycle.status();
  Result<std::optional<PartnershipGoal>> goal = work->table(goals_table()).find(goal_id);
  if (!goal) return goal.status();
  if (!*goal || (*goal)->cycle != id) {
    return Status(ErrorCode::kNotFound, "no goal " + std::to_string(goal_id) + " in this cycle");
  }
  // Six-year horizon: results for the cycle's six years.
  if (fields.year < cycle->year || fields.year > cycle->year + 5) {
    return Status(ErrorCode::kInvalidArgument,
                  "year is within the cycle's six-year horizon, " + std::to_string(cycle->year) + " to " +
                      std::to_string(cycle->year + 5),
                  "/year");
  }
  if (cycle->state == "closed") {
    return Status(ErrorCode::kRefused, "the cycle is closed; its results are kept as they were");
  }
  if (!sees_all(actor) && (fields.baseline || fields.target)) {
    return Status(ErrorCode::kForbidden, "NATO staff set a goal's baseline and target; a partner reports the actual",
                  fields.baseline ? "/baseline" : "/target");
  }
  const Rows<GoalResult> results = work->table(goal_results_table());
  Result<std::vector<GoalResult>> existing = results.where(where("goal", goal_id, "year", fields.year));
  if (!existing) return existing.status();
  GoalResult result = existing->empty() ? GoalResult{} : existing->front();
  const std::string before = existing->empty() ? std::string() : audit_json(goal_results_table(), result);
  result.goal = goal_id;
  result.year = fields.year;
  for (const auto& [value, field, target] :
       {std::tuple{&fields.baseline, "/baseline", &result.baseline},
        std::tuple{&fields.target, "/target", &result.target}, std::tuple{&fields.actual, "/actual", &result.actual},
        std::tuple{&fields.note, "/note", &result.note}}) {
    if (!*value) continue;
    Result<std::string> text = text_field(*value, field, false, kMaxTitle);
    if (!text) return text.status();
    *target = *text;
  }
  if (existing->empty()) {
    Result<GoalResult> stored = results.insert(result);
    if (!stored) return stored.status();
  } else {
    Result<GoalResult> stored = results.update(result);
    if (!stored) return stored.status();
  }
  Result<ParpCycle> bumped = work->table(parp_cycles_table()).update(*cycle);
  if (!bumped) return bumped.status();
  if (Status status =
          audit(*work, actor, before.empty() ? AuditAction::kCreate : AuditAction::kUpdate, AuditKind::kParpCycle, id,
                before, audit_json(goal_results_table(), result), "", request_id, now);
      !status) {
    return status;
  }
  Result<ParpView> view = view_of(*work, actor, *bumped, snapshot, today);
  if (!view) return view;
  if (Status status = work->commit(); !status) return status;
  return view;
}

}  // namespace entente
