// Programmes (ITPP), council rounds, timers, the history and the inbox.

#include <algorithm>
#include <chrono>
#include <set>

#include "core/text.hpp"
#include "manage/manage_internal.hpp"
#include "model/vocabulary.hpp"
#include "rules/decision.hpp"

namespace entente {

using namespace manage;

namespace {

constexpr const char* kItpp = "itpp";
constexpr std::chrono::hours kDefaultDeadline{72};
constexpr std::chrono::hours kLongestDeadline{24 * 30};

Subject subject_of(const Programme& programme, const Registry& registry) {
  const Nation* nation = registry.find_nation(programme.nation);
  return Subject{kItpp,
                 programme.stamp.id,
                 programme.stamp.version,
                 programme.nation,
                 programme.organisation,
                 programme.state,
                 "the programme of " + (nation ? nation->name : programme.nation) + " (" + programme.title + ")"};
}

// The first two-yearly anniversary of `from` on or after `today`: DCB packages are reviewed
// every two years (29 February falls on the 28th in other years).
Date next_review(Date from, Date today) {
  const std::string month_day = from.to_string().substr(4);  // "-MM-DD"
  for (int year = from.year() + 2; year <= 9999; year += 2) {
    const std::string digits = std::to_string(year);
    const std::string prefix = std::string(4 - std::min<std::size_t>(4, digits.size()), '0') + digits;
    Result<Date> review = Date::parse(prefix + month_day);
    if (!review) review = Date::parse(prefix + month_day.substr(0, 3) + "-28");
    if (review && today <= *review) return *review;
  }
  return today;
}

bool editable_state(const std::string& state) { return state == "draft" || state == "returned"; }

Status not_found(const std::string& what, std::int64_t id) {
  return Status(ErrorCode::kNotFound, "no " + what + " " + std::to_string(id));
}

// The system's principal, for the steps the engine takes itself.
Principal system_actor() {
  Principal actor;
  actor.name = "system";
  return actor;
}

bool is_ally_officer(const Principal& actor, const std::string& organisation, const Registry& registry, Date today) {
  if (actor.role != Role::kNationOfficer || actor.nation.empty()) return false;
  const Nation* nation = registry.find_nation(actor.nation);
  const Organisation* org = registry.find_organisation(organisation);
  return nation != nullptr && org != nullptr && registry.relation(*nation, *org, today).relation == Relation::kMember;
}

// The nations that vote in `organisation`'s council on `day`.
std::vector<std::string> voting_members(const Registry& registry, const std::string& organisation, Date day) {
  std::vector<std::string> members;
  const Organisation* org = registry.find_organisation(organisation);
  if (org == nullptr) return members;
  for (const Membership* membership : registry.members(*org, day)) {
    if (membership->status == MembershipStatus::kMember) members.push_back(membership->nation);
  }
  std::sort(members.begin(), members.end());
  return members;
}

Result<std::vector<CouncilRound>> rounds_of(Work& work, const std::string& workflow, std::int64_t subject) {
  return work.table(council_rounds_table()).where(where("workflow", workflow, "subject", subject));
}

// Whether the caller may see a programme: staff everything, an officer their nation's,
// an Ally's officer those put to the council.
Result<bool> may_see(Work& work, const Principal& actor, const Programme& programme, const Registry& registry,
                     Date today) {
  if (sees_all(actor)) return true;
  if (actor.role != Role::kNationOfficer) return false;
  if (actor.nation == programme.nation) return true;
  if (!is_ally_officer(actor, programme.organisation, registry, today)) return false;
  Result<std::int64_t> rounds =
      work.table(council_rounds_table()).count(where("workflow", std::string(kItpp), "subject", programme.stamp.id));
  if (!rounds) return rounds.status();
  return *rounds > 0;
}

bool may_edit(const Principal& actor, const Programme& programme) {
  return sees_all(actor) || (actor.role == Role::kNationOfficer && actor.nation == programme.nation);
}

std::string lines_of(const std::vector<ReasoningStep>& steps) {
  std::string text;
  for (const ReasoningStep& step : steps) text += (text.empty() ? "" : "\n") + step.clause + ": " + step.finding;
  return text;
}

}  // namespace

ManageService::ManageService(Store* store, const Clock& clock, AccessPolicy access, CurrentSnapshot current,
                             ManageSettings settings)
    : store_(store), clock_(clock), access_(access), current_(std::move(current)), settings_(settings) {}

// Everything the service needs in one request: the snapshot, today, now.
struct ManageService::Impl {
  static Result<RoundView> round_view(Work& work, const Principal& actor, const CouncilRound& round,
                                      const Registry& registry, Date today) {
    RoundView view;
    view.round = round;
    Result<std::vector<CouncilPosition>> positions =
        work.table(council_positions_table()).where(where("round", round.stamp.id));
    if (!positions) return positions.status();
    view.positions = std::move(*positions);
    const Date day = day_of(round.opened_at, today);
    for (const std::string& member : voting_members(registry, round.organisation, day)) {
      const bool spoke = std::any_of(view.positions.begin(), view.positions.end(),
                                     [&](const CouncilPosition& p) { return p.nation == member; });
      if (!spoke) view.awaiting.push_back(member);
    }
    view.may_state_position =
        round.state == "open" && is_ally_officer(actor, round.organisation, registry, today) &&
        std::find(view.awaiting.begin(), view.awaiting.end(), actor.nation) != view.awaiting.end();
    return view;
  }

  static Result<ProgrammeView> view(Work& work, const Principal& actor, const Programme& programme,
                                    std::shared_ptr<const Snapshot> snapshot, Date today) {
    const Registry& registry = snapshot->registry();
    ProgrammeView view;
    view.programme = programme;
    const Nation* nation = registry.find_nation(programme.nation);
    view.nation_name = nation ? nation->name : programme.nation;
    const std::int64_t id = programme.stamp.id;
    Result<std::vector<Objective>> objectives = work.table(objectives_table()).where(where("programme", id));
    if (!objectives) return objectives.status();
    view.objectives = std::move(*objectives);
    Result<std::vector<PartnershipGoal>> goals = work.table(goals_table()).where(where("programme", id));
    if (!goals) return goals.status();
    view.goals = std::move(*goals);
    Result<std::vector<ProgrammeActivity>> activities =
        work.table(programme_activities_table()).where(where("programme", id));
    if (!activities) return activities.status();
    view.activities = std::move(*activities);
    Result<std::vector<TransitionEntry>> history = history_of(work, kItpp, id);
    if (!history) return history.status();
    view.history = std::move(*history);
    Result<std::vector<CouncilRound>> rounds = rounds_of(work, kItpp, id);
    if (!rounds) return rounds.status();
    for (const CouncilRound& round : *rounds) {
      Result<RoundView> round_view = Impl::round_view(work, actor, round, registry, today);
      if (!round_view) return round_view.status();
      view.rounds.push_back(std::move(*round_view));
    }
    const Workflow workflow(registry.dataset(), kItpp);
    view.actions = action_options(workflow, actor, subject_of(programme, registry), view.history, registry, today);
    view.states = workflow.states();
    view.editable = editable_state(programme.state) && may_edit(actor, programme);
    for (const DcbPackage& package : registry.dataset().dcb_packages) {
      if (package.nation != programme.nation) continue;
      view.dcb_packages.push_back(&package);
      view.dcb_reviews.push_back(package.period.to && *package.period.to <= today
                                     ? std::nullopt
                                     : std::optional<Date>(next_review(package.period.from, today)));
    }
    view.snapshot = std::move(snapshot);
    return view;
  }

  // Closes a round the decision engine could not decide: not adopted, with the reason.
  static Status close_undecided(Work& work, CouncilRound round, const Status& why, const Registry& registry, Date today,
                                const std::string& now) {
    round.state = "not-adopted";
    round.outcome = "undecided";
    round.reasoning = "Deadline: the round closed at " + round.deadline + "\nUndecided: " + why.message();
    round.decided_at = now;
    Result<CouncilRound> stored = work.table(council_rounds_table()).update(round);
    if (!stored) return stored.status();
    if (Status spent = spend_timers(work, round.stamp.id, now); !spent) return spent;
    return take_system_step(work, *stored, "reject", registry, today, now);
  }

  // The round's pending timers, spent.
  static Status spend_timers(Work& work, std::int64_t round, const std::string& now) {
    Result<std::vector<Timer>> timers =
        work.table(timers_table()).where(where("kind", std::string("close-council-round"), "subject", round));
    if (!timers) return timers.status();
    for (Timer timer : *timers) {
      if (!timer.fired_at.empty()) continue;
      timer.fired_at = now;
      if (Result<Timer> spent = work.table(timers_table()).update(timer); !spent) return spent.status();
    }
    return Status::ok();
  }

  // Decides an open round now (an objection, support from all, or its deadline) and takes
  // the subject's adopt or reject step.
  static Status decide(Work& work, CouncilRound round, const Registry& registry, Date today, const std::string& now,
                       bool at_deadline) {
    Result<std::vector<CouncilPosition>> positions =
        work.table(council_positions_table()).where(where("round", round.stamp.id));
    if (!positions) return positions.status();
    Proposal proposal;
    proposal.organisation = round.organisation;
    proposal.procedure = parse_procedure(round.procedure);
    proposal.subject = round.question;
    proposal.as_of = day_of(round.opened_at, today);
    if (proposal.procedure == Procedure::kSilence) {
      const Date deadline = day_of(round.deadline, today);
      proposal.silence_deadline = deadline;
      for (const CouncilPosition& position : *positions) {
        if (position.position == "object") {
          proposal.silence_breaks[position.nation] = day_of(position.at, proposal.as_of);
        }
      }
    } else {
      for (const CouncilPosition& position : *positions) {
        if (const std::optional<Position> value = parse_position(position.position)) {
          proposal.positions[position.nation] = *value;
        }
      }
    }
    // Members who left since the round opened do not vote; the engine refuses their positions.
    const std::vector<std::string> members = voting_members(registry, round.organisation, proposal.as_of);
    std::erase_if(proposal.positions,
                  [&](const auto& entry) { return !std::binary_search(members.begin(), members.end(), entry.first); });
    std::erase_if(proposal.silence_breaks,
                  [&](const auto& entry) { return !std::binary_search(members.begin(), members.end(), entry.first); });
    const Result<Decision> decision = DecisionEngine(registry).decide(proposal);
    if (!decision) return decision.status();
    round.state = decision->adopted ? "adopted" : "not-adopted";
    round.outcome = decision->outcome;
    round.reasoning = lines_of(decision->reasoning);
    if (at_deadline) round.reasoning += "\nDeadline: the round closed at " + round.deadline;
    round.decided_at = now;
    Result<CouncilRound> stored = work.table(council_rounds_table()).update(round);
    if (!stored) return stored.status();
    if (Status spent = spend_timers(work, round.stamp.id, now); !spent) return spent;
    if (Status audited = audit(work, system_actor(), AuditAction::kStep, AuditKind::kCouncilRound, round.stamp.id,
                               "{\"state\":\"open\"}", "{\"state\":\"" + round.state + "\"}", round.reasoning, "", now);
        !audited) {
      return audited;
    }
    return take_system_step(work, round, decision->adopted ? "adopt" : "reject", registry, today, now);
  }

  static Status take_system_step(Work& work, const CouncilRound& round, const std::string& action,
                                 const Registry& registry, Date today, const std::string& now) {
    if (round.workflow != kItpp) return Status::ok();
    const Rows<Programme> programmes = work.table(programmes_table());
    Result<std::optional<Programme>> found = programmes.find(round.subject);
    if (!found) return found.status();
    if (!*found) return Status::ok();
    Programme programme = **found;
    const Workflow workflow(registry.dataset(), kItpp);
    Result<const WorkflowRule*> rule = workflow.step(programme.state, action);
    if (!rule) return Status::ok();  // withdrawn meanwhile: nothing to move
    Result<std::vector<TransitionEntry>> history = history_of(work, kItpp, programme.stamp.id);
    if (!history) return history.status();
    StepRequest request;
    request.action = action;
    request.comment = "Council round " + std::to_string(round.stamp.id) + ": " + round.outcome;
    Result<StepTaken> taken = record_step(work, **rule, subject_of(programme, registry), system_actor(), *history,
                                          request, registry, today, now, AuditKind::kProgramme);
    if (!taken) return taken.status();
    programme.state = taken->state;
    programme.updated_at = now;
    Result<Programme> stored = programmes.update(programme);
    if (!stored) return stored.status();
    return Status::ok();
  }
};

Result<ProgrammeList> ManageService::programmes(const Principal& actor, const ProgrammeFilter& filter) const {
  if (Status allowed = authorise(actor, Capability::kPartnership, access_); !allowed) return allowed;
  const std::shared_ptr<const Snapshot> snapshot = current_();
  const Registry& registry = snapshot->registry();
  const Date today = clock_.today();
  Result<Work> work = Work::begin(store_, Store::Access::kRead);
  if (!work) return work.status();
  RowFilter rows;
  if (!filter.nation.empty()) rows.equal.emplace_back("nation", filter.nation);
  if (!filter.state.empty()) rows.equal.emplace_back("state", filter.state);
  if (!sees_all(actor) && !is_ally_officer(actor, "NATO", registry, today)) {
    rows.equal.emplace_back("nation", officer_nation(actor));
  }
  Result<std::vector<Programme>> all = work->table(programmes_table()).where(rows);
  if (!all) return all.status();
  std::set<std::int64_t> in_council;
  if (!sees_all(actor)) {
    Result<std::vector<CouncilRound>> rounds =
        work->table(council_rounds_table()).where(where("workflow", std::string(kItpp)));
    if (!rounds) return rounds.status();
    for (const CouncilRound& round : *rounds) in_council.insert(round.subject);
  }
  const std::string words = fold_case_and_accents(filter.q);
  ProgrammeList list;
  for (Programme& programme : *all) {
    if (!sees_all(actor) && programme.nation != actor.nation &&
        !(in_council.count(programme.stamp.id) > 0 &&
          is_ally_officer(actor, programme.organisation, registry, today))) {
      continue;
    }
    if (!words.empty() && fold_case_and_accents(programme.title).find(words) == std::string::npos) {
      const Nation* nation = registry.find_nation(programme.nation);
      if (nation == nullptr || fold_case_and_accents(nation->name).find(words) == std::string::npos) continue;
    }
    ++list.total;
    if (static_cast<std::size_t>(list.total) > filter.offset && list.programmes.size() < filter.limit) {
      list.programmes.push_back(std::move(programme));
    }
  }
  return list;
}

Result<ProgrammeView> ManageService::programme(const Principal& actor, std::int64_t id) const {
  if (Status allowed = authorise(actor, Capability::kPartnership, access_); !allowed) return allowed;
  std::shared_ptr<const Snapshot> snapshot = current_();
  const Date today = clock_.today();
  Result<Work> work = Work::begin(store_, Store::Access::kRead);
  if (!work) return work.status();
  Result<std::optional<Programme>> found = work->table(programmes_table()).find(id);
  if (!found) return found.status();
  if (!*found) return not_found("programme", id);
  Result<bool> visible = may_see(*work, actor, **found, snapshot->registry(), today);
  if (!visible) return visible.status();
  if (!*visible) return not_found("programme", id);
  return Impl::view(*work, actor, **found, std::move(snapshot), today);
}

namespace {

// Checks and applies `fields` to `programme`; every problem is one FieldError.
Status apply_fields(Programme& programme, const ProgrammeFields& fields, const Registry& registry, bool creating) {
  std::vector<FieldError> errors;
  std::optional<ErrorCode> first_code;  // the code of the first problem
  const auto keep = [&errors, &first_code](const Status& status) {
    if (status) return;
    errors.push_back({status.field(), status.message()});
    if (!first_code) first_code = status.code();
  };
  if (creating || fields.nation) {
    Result<std::string> nation = text_field(fields.nation, "/nation", true, 3);
    if (!nation) {
      if (!nation) keep(nation.status());
    } else if (registry.find_nation(*nation) == nullptr) {
      keep(Status(ErrorCode::kUnknownNation, "no nation with code " + *nation, "/nation"));
    } else {
      programme.nation = *nation;
    }
  }
  if (creating || fields.title) {
    Result<std::string> title = text_field(fields.title, "/title", true, kMaxTitle);
    if (title) programme.title = *title;
    if (!title) keep(title.status());
  }
  if (creating || fields.period_from) {
    Result<Date> from = date_field(fields.period_from.value_or(""), "/period_from");
    if (from) programme.period_from = *from;
    if (!from) keep(from.status());
  }
  if (creating || fields.period_to) {
    Result<Date> to = date_field(fields.period_to.value_or(""), "/period_to");
    if (to) programme.period_to = *to;
    if (!to) keep(to.status());
  }
  if (fields.review_on) {
    if (fields.review_on->empty()) {
      programme.review_on.reset();
    } else {
      Result<Date> review = date_field(*fields.review_on, "/review_on");
      if (review) programme.review_on = *review;
      if (!review) keep(review.status());
    }
  }
  if (errors.empty()) {
    if (!(programme.period_from < programme.period_to)) {
      errors.push_back({"/period_to", "the period must end after it starts"});
    } else if (programme.period_from.add_days(366 * 6) < programme.period_to) {
      errors.push_back({"/period_to", "a programme runs at most six years"});
    }
    if (programme.review_on &&
        (*programme.review_on < programme.period_from || programme.period_to < *programme.review_on)) {
      errors.push_back({"/review_on", "the review falls within the programme's period"});
    }
  }
  if (errors.empty()) return Status::ok();
  return Status(first_code.value_or(ErrorCode::kInvalidArgument), errors.front().message).with_errors(errors);
}

}  // namespace

Result<ProgrammeView> ManageService::create_programme(const Principal& actor, const ProgrammeFields& fields,
                                                      const std::string& request_id) {
  if (Status allowed = authorise(actor, Capability::kPartnership, access_); !allowed) return allowed;
  std::shared_ptr<const Snapshot> snapshot = current_();
  const Registry& registry = snapshot->registry();
  const Date today = clock_.today();
  const std::string now = format_instant(clock_.now());
  Programme programme;
  programme.organisation = "NATO";
  programme.state = std::string(initial_state(kItpp));
  programme.created_by = actor.name;
  programme.created_at = now;
  programme.updated_at = now;
  if (Status status = apply_fields(programme, fields, registry, true); !status) return status;
  if (!may_edit(actor, programme)) {
    return Status(ErrorCode::kForbidden, "a nation officer drafts their own nation's programme only", "/nation");
  }
  const Nation* nation = registry.find_nation(programme.nation);
  const Organisation* nato = registry.find_organisation(programme.organisation);
  if (nato != nullptr && registry.relation(*nation, *nato, today).relation == Relation::kMember) {
    return Status(ErrorCode::kRefused,
                  nation->name + " is a member of " + nato->id + "; a partnership programme is for partners",
                  "/nation");
  }
  Result<Work> work = Work::begin(store_, Store::Access::kWrite);
  if (!work) return work.status();
  Result<Programme> stored = work->table(programmes_table()).insert(programme);
  if (!stored) return stored.status();
  if (Status status = audit(*work, actor, AuditAction::kCreate, AuditKind::kProgramme, stored->stamp.id, "",
                            audit_json(programmes_table(), *stored), "", request_id, now);
      !status) {
    return status;
  }
  Result<ProgrammeView> view = Impl::view(*work, actor, *stored, snapshot, today);
  if (!view) return view;
  if (Status status = work->commit(); !status) return status;
  return view;
}

Result<ProgrammeView> ManageService::update_programme(const Principal& actor, std::int64_t id,
                                                      std::int64_t expected_version, const ProgrammeFields& fields,
                                                      const std::string& request_id) {
  if (Status allowed = authorise(actor, Capability::kPartnership, access_); !allowed) return allowed;
  std::shared_ptr<const Snapshot> snapshot = current_();
  const Registry& registry = snapshot->registry();
  const Date today = clock_.today();
  const std::string now = format_instant(clock_.now());
  Result<Work> work = Work::begin(store_, Store::Access::kWrite);
  if (!work) return work.status();
  const Rows<Programme> programmes = work->table(programmes_table());
  Result<std::optional<Programme>> found = programmes.find(id);
  if (!found) return found.status();
  Result<bool> visible = *found ? may_see(*work, actor, **found, registry, today) : Result<bool>(false);
  if (!visible) return visible.status();
  if (!*visible) return not_found("programme", id);
  Programme programme = **found;
  if (!may_edit(actor, programme)) return Status(ErrorCode::kForbidden, "only its nation's officers and staff edit it");
  if (programme.stamp.version != expected_version) {
    return Status(ErrorCode::kConflict,
                  "the programme changed meanwhile (now version " + std::to_string(programme.stamp.version) + ")");
  }
  if (!editable_state(programme.state)) {
    return Status(ErrorCode::kRefused,
                  "a programme is edited while it is a draft or returned for changes; it is " + programme.state);
  }
  const std::string before = audit_json(programmes_table(), programme);
  if (fields.nation && *fields.nation != programme.nation) {
    return Status(ErrorCode::kInvalidArgument, "a programme's nation does not change", "/nation");
  }
  if (Status status = apply_fields(programme, fields, registry, false); !status) return status;
  // The period may not leave an activity outside it.
  Result<std::vector<ProgrammeActivity>> activities =
      work->table(programme_activities_table()).where(where("programme", id));
  if (!activities) return activities.status();
  for (const ProgrammeActivity& activity : *activities) {
    for (const std::optional<Date>& day : {activity.from, activity.to}) {
      if (day && *day < programme.period_from) {
        return Status(ErrorCode::kInvalidArgument,
                      "the activity '" + activity.title + "' falls on " + day->to_string() +
                          ", before the new period; move it first",
                      "/period_from");
      }
      if (day && programme.period_to < *day) {
        return Status(ErrorCode::kInvalidArgument,
                      "the activity '" + activity.title + "' falls on " + day->to_string() +
                          ", after the new period; move it first",
                      "/period_to");
      }
    }
  }
  programme.updated_at = now;
  Result<Programme> stored = programmes.update(programme);
  if (!stored) return stored.status();
  if (Status status = audit(*work, actor, AuditAction::kUpdate, AuditKind::kProgramme, id, before,
                            audit_json(programmes_table(), *stored), "", request_id, now);
      !status) {
    return status;
  }
  Result<ProgrammeView> view = Impl::view(*work, actor, *stored, snapshot, today);
  if (!view) return view;
  if (Status status = work->commit(); !status) return status;
  return view;
}

namespace {

// Reads and checks the programme a part belongs to, for a change of its content.
Result<Programme> editable_programme(Work& work, const Principal& actor, std::int64_t id, const Registry& registry,
                                     Date today) {
  Result<std::optional<Programme>> found = work.table(programmes_table()).find(id);
  if (!found) return found.status();
  Result<bool> visible = *found ? may_see(work, actor, **found, registry, today) : Result<bool>(false);
  if (!visible) return visible.status();
  if (!*visible) return not_found("programme", id);
  if (!may_edit(actor, **found)) return Status(ErrorCode::kForbidden, "only its nation's officers and staff edit it");
  if (!editable_state((*found)->state)) {
    return Status(ErrorCode::kRefused,
                  "a programme is edited while it is a draft or returned for changes; it is " + (*found)->state);
  }
  return **found;
}

template <typename Record>
Status belongs(Work& work, const TableDescription<Record>& table, std::int64_t id, std::int64_t programme,
               const std::string& what, const std::string& field) {
  if (id == 0) return Status::ok();
  Result<std::optional<Record>> found = work.table(table).find(id);
  if (!found) return found.status();
  if (!*found || (**found).programme != programme) {
    return Status(ErrorCode::kInvalidArgument, "no " + what + " " + std::to_string(id) + " in this programme", field);
  }
  return Status::ok();
}

Status fill_objective(Objective& objective, const PartFields& fields, bool creating) {
  if (creating || fields.title) {
    Result<std::string> title = text_field(fields.title, "/title", true, kMaxTitle);
    if (!title) return title.status();
    objective.title = *title;
  }
  if (fields.description) {
    Result<std::string> description = text_field(fields.description, "/description", false, kMaxText);
    if (!description) return description.status();
    objective.description = *description;
  }
  return Status::ok();
}

Status fill_goal(Work& work, PartnershipGoal& goal, const PartFields& fields, bool creating) {
  if (creating || fields.title) {
    Result<std::string> title = text_field(fields.title, "/title", true, kMaxTitle);
    if (!title) return title.status();
    goal.title = *title;
  }
  if (fields.code) {
    Result<std::string> code = text_field(fields.code, "/code", false, 40);
    if (!code) return code.status();
    goal.code = *code;
  }
  if (fields.indicator) {
    Result<std::string> indicator = text_field(fields.indicator, "/indicator", false, kMaxText);
    if (!indicator) return indicator.status();
    goal.indicator = *indicator;
  }
  if (fields.objective) {
    if (*fields.objective < 0) return Status(ErrorCode::kInvalidArgument, "objective is an id", "/objective");
    if (Status status = belongs(work, objectives_table(), *fields.objective, goal.programme, "objective", "/objective");
        !status) {
      return status;
    }
    goal.objective = *fields.objective;
  }
  return Status::ok();
}

Status fill_activity(Work& work, ProgrammeActivity& activity, const PartFields& fields, const Programme& programme,
                     const Dataset& dataset, bool creating) {
  if (fields.menu_item && !fields.menu_item->empty()) {
    const auto item = std::find_if(dataset.menu.begin(), dataset.menu.end(),
                                   [&](const MenuItem& m) { return m.id == *fields.menu_item; });
    if (item == dataset.menu.end()) {
      return Status(ErrorCode::kInvalidArgument,
                    "the cooperation menu has no activity '" + fields.menu_item->substr(0, 60) + "'", "/menu_item");
    }
    activity.menu_item = item->id;
    if (!fields.title) activity.title = item->title;
  } else if (fields.menu_item) {
    activity.menu_item.clear();
  }
  if (fields.title || (creating && activity.title.empty())) {
    Result<std::string> title = text_field(fields.title, "/title", true, kMaxTitle);
    if (!title) return title.status();
    activity.title = *title;
  }
  if (fields.goal) {
    if (*fields.goal < 0) return Status(ErrorCode::kInvalidArgument, "goal is an id", "/goal");
    if (Status status = belongs(work, goals_table(), *fields.goal, activity.programme, "goal", "/goal"); !status) {
      return status;
    }
    activity.goal = *fields.goal;
  }
  for (const auto& [value, field, target] : {std::tuple{&fields.from, std::string("/from"), &activity.from},
                                             std::tuple{&fields.to, std::string("/to"), &activity.to}}) {
    if (!*value) continue;
    if ((*value)->empty()) {
      target->reset();
      continue;
    }
    Result<Date> date = date_field(**value, field);
    if (!date) return date.status();
    *target = *date;
  }
  if (activity.from && activity.to && *activity.to < *activity.from) {
    return Status(ErrorCode::kInvalidArgument, "the activity ends before it starts", "/to");
  }
  for (const std::optional<Date>& day : {activity.from, activity.to}) {
    if (day && (*day < programme.period_from || programme.period_to < *day)) {
      return Status(ErrorCode::kInvalidArgument,
                    "the activity falls outside the programme's period (" + programme.period_from.to_string() + " to " +
                        programme.period_to.to_string() + ")",
                    day == activity.from ? "/from" : "/to");
    }
  }
  if (fields.state) {
    if (!kActivityStateWords.contains(*fields.state)) {
      return Status(ErrorCode::kInvalidArgument, "state is one of planned, done, cancelled", "/state");
    }
    activity.state = *fields.state;
  } else if (creating) {
    activity.state = "planned";
  }
  return Status::ok();
}

AuditKind part_audit_kind() { return AuditKind::kProgramme; }

}  // namespace

Result<ProgrammeView> ManageService::add_part(const Principal& actor, std::int64_t programme_id, PartKind kind,
                                              const PartFields& fields, const std::string& request_id) {
  if (Status allowed = authorise(actor, Capability::kPartnership, access_); !allowed) return allowed;
  std::shared_ptr<const Snapshot> snapshot = current_();
  const Registry& registry = snapshot->registry();
  const Date today = clock_.today();
  const std::string now = format_instant(clock_.now());
  Result<Work> work = Work::begin(store_, Store::Access::kWrite);
  if (!work) return work.status();
  Result<Programme> programme = editable_programme(*work, actor, programme_id, registry, today);
  if (!programme) return programme.status();
  std::string after;
  switch (kind) {
    case PartKind::kObjective: {
      Objective objective;
      objective.programme = programme_id;
      if (Status status = fill_objective(objective, fields, true); !status) return status;
      Result<Objective> stored = work->table(objectives_table()).insert(objective);
      if (!stored) return stored.status();
      after = audit_json(objectives_table(), *stored);
      break;
    }
    case PartKind::kGoal: {
      PartnershipGoal goal;
      goal.programme = programme_id;
      if (Status status = fill_goal(*work, goal, fields, true); !status) return status;
      Result<PartnershipGoal> stored = work->table(goals_table()).insert(goal);
      if (!stored) return stored.status();
      after = audit_json(goals_table(), *stored);
      break;
    }
    case PartKind::kActivity: {
      ProgrammeActivity activity;
      activity.programme = programme_id;
      if (Status status = fill_activity(*work, activity, fields, *programme, registry.dataset(), true); !status) {
        return status;
      }
      Result<ProgrammeActivity> stored = work->table(programme_activities_table()).insert(activity);
      if (!stored) return stored.status();
      after = audit_json(programme_activities_table(), *stored);
      break;
    }
  }
  programme->updated_at = now;
  Result<Programme> bumped = work->table(programmes_table()).update(*programme);
  if (!bumped) return bumped.status();
  if (Status status =
          audit(*work, actor, AuditAction::kCreate, part_audit_kind(), programme_id, "", after, "", request_id, now);
      !status) {
    return status;
  }
  Result<ProgrammeView> view = Impl::view(*work, actor, *bumped, snapshot, today);
  if (!view) return view;
  if (Status status = work->commit(); !status) return status;
  return view;
}

Result<ProgrammeView> ManageService::update_part(const Principal& actor, std::int64_t programme_id, PartKind kind,
                                                 std::int64_t id, std::int64_t expected_version,
                                                 const PartFields& fields, const std::string& request_id) {
  if (Status allowed = authorise(actor, Capability::kPartnership, access_); !allowed) return allowed;
  std::shared_ptr<const Snapshot> snapshot = current_();
  const Registry& registry = snapshot->registry();
  const Date today = clock_.today();
  const std::string now = format_instant(clock_.now());
  Result<Work> work = Work::begin(store_, Store::Access::kWrite);
  if (!work) return work.status();
  Result<Programme> programme = editable_programme(*work, actor, programme_id, registry, today);
  if (!programme) return programme.status();
  std::string before;
  std::string after;
  const auto change = [&](const auto& table, auto fill) -> Status {
    auto rows = work->table(table);
    auto found = rows.find(id);
    if (!found) return found.status();
    if (!*found || (**found).programme != programme_id) return not_found("part", id);
    auto record = **found;
    if (record.stamp.version != expected_version) {
      return Status(ErrorCode::kConflict,
                    "it changed meanwhile (now version " + std::to_string(record.stamp.version) + ")");
    }
    before = audit_json(table, record);
    if (Status status = fill(record); !status) return status;
    auto stored = rows.update(record);
    if (!stored) return stored.status();
    after = audit_json(table, *stored);
    return Status::ok();
  };
  Status changed;
  switch (kind) {
    case PartKind::kObjective:
      changed = change(objectives_table(), [&](Objective& o) { return fill_objective(o, fields, false); });
      break;
    case PartKind::kGoal:
      changed = change(goals_table(), [&](PartnershipGoal& g) { return fill_goal(*work, g, fields, false); });
      break;
    case PartKind::kActivity:
      changed = change(programme_activities_table(), [&](ProgrammeActivity& a) {
        return fill_activity(*work, a, fields, *programme, registry.dataset(), false);
      });
      break;
  }
  if (!changed) return changed;
  programme->updated_at = now;
  Result<Programme> bumped = work->table(programmes_table()).update(*programme);
  if (!bumped) return bumped.status();
  if (Status status = audit(*work, actor, AuditAction::kUpdate, part_audit_kind(), programme_id, before, after, "",
                            request_id, now);
      !status) {
    return status;
  }
  Result<ProgrammeView> view = Impl::view(*work, actor, *bumped, snapshot, today);
  if (!view) return view;
  if (Status status = work->commit(); !status) return status;
  return view;
}

Result<ProgrammeView> ManageService::remove_part(const Principal& actor, std::int64_t programme_id, PartKind kind,
                                                 std::int64_t id, std::int64_t expected_version,
                                                 const std::string& request_id) {
  if (Status allowed = authorise(actor, Capability::kPartnership, access_); !allowed) return allowed;
  std::shared_ptr<const Snapshot> snapshot = current_();
  const Registry& registry = snapshot->registry();
  const Date today = clock_.today();
  const std::string now = format_instant(clock_.now());
  Result<Work> work = Work::begin(store_, Store::Access::kWrite);
  if (!work) return work.status();
  Result<Programme> programme = editable_programme(*work, actor, programme_id, registry, today);
  if (!programme) return programme.status();
  std::string before;
  const auto drop = [&](const auto& table) -> Status {
    auto rows = work->table(table);
    auto found = rows.find(id);
    if (!found) return found.status();
    if (!*found || (**found).programme != programme_id) return not_found("part", id);
    auto record = **found;
    if (record.stamp.version != expected_version) {
      return Status(ErrorCode::kConflict,
                    "it changed meanwhile (now version " + std::to_string(record.stamp.version) + ")");
    }
    before = audit_json(table, record);
    return rows.remove(record);
  };
  Status dropped;
  switch (kind) {
    case PartKind::kObjective: {
      // Goals under it stay, without an objective.
      dropped = drop(objectives_table());
      if (dropped) {
        Result<std::vector<PartnershipGoal>> goals = work->table(goals_table()).where(where("objective", id));
        if (!goals) return goals.status();
        for (PartnershipGoal goal : *goals) {
          goal.objective = 0;
          if (Result<PartnershipGoal> kept = work->table(goals_table()).update(goal); !kept) return kept.status();
        }
      }
      break;
    }
    case PartKind::kGoal: {
      dropped = drop(goals_table());
      if (dropped) {
        Result<std::vector<ProgrammeActivity>> activities =
            work->table(programme_activities_table()).where(where("goal", id));
        if (!activities) return activities.status();
        for (ProgrammeActivity activity : *activities) {
          activity.goal = 0;
          if (Result<ProgrammeActivity> kept = work->table(programme_activities_table()).update(activity); !kept) {
            return kept.status();
          }
        }
      }
      break;
    }
    case PartKind::kActivity: dropped = drop(programme_activities_table()); break;
  }
  if (!dropped) return dropped;
  programme->updated_at = now;
  Result<Programme> bumped = work->table(programmes_table()).update(*programme);
  if (!bumped) return bumped.status();
  if (Status status =
          audit(*work, actor, AuditAction::kDelete, part_audit_kind(), programme_id, before, "", "", request_id, now);
      !status) {
    return status;
  }
  Result<ProgrammeView> view = Impl::view(*work, actor, *bumped, snapshot, today);
  if (!view) return view;
  if (Status status = work->commit(); !status) return status;
  return view;
}

Result<std::vector<std::int64_t>> ManageService::import_programmes(const Principal& actor,
                                                                   const std::vector<ProgrammeDraft>& drafts,
                                                                   const std::string& request_id,
                                                                   const std::function<void(std::size_t)>& progress) {
  if (Status allowed = authorise(actor, Capability::kPartnership, access_); !allowed) return allowed;
  std::shared_ptr<const Snapshot> snapshot = current_();
  const Registry& registry = snapshot->registry();
  const Date today = clock_.today();
  const std::string now = format_instant(clock_.now());
  const Organisation* nato = registry.find_organisation("NATO");
  // A problem of draft `index`, its field under the draft's pointer.
  const auto at = [](const Status& status, const std::string& place) {
    const std::string field = status.field().empty() ? std::string() : status.field();
    return Status(status.code(), status.message(), place + field);
  };
  Result<Work> work = Work::begin(store_, Store::Access::kWrite);
  if (!work) return work.status();
  const Rows<Programme> programmes = work->table(programmes_table());
  const Rows<Objective> objectives = work->table(objectives_table());
  const Rows<PartnershipGoal> goals = work->table(goals_table());
  const Rows<ProgrammeActivity> activities = work->table(programme_activities_table());
  std::vector<std::int64_t> created;
  created.reserve(drafts.size());
  for (std::size_t d = 0; d < drafts.size(); ++d) {
    const ProgrammeDraft& draft = drafts[d];
    const std::string place = "/" + std::to_string(d);
    Programme programme;
    programme.organisation = "NATO";
    programme.state = std::string(initial_state(kItpp));
    programme.created_by = actor.name;
    programme.created_at = now;
    programme.updated_at = now;
    if (Status status = apply_fields(programme, draft.fields, registry, true); !status) return at(status, place);
    if (!may_edit(actor, programme)) {
      return Status(ErrorCode::kForbidden, "a nation officer drafts their own nation's programme only",
                    place + "/nation");
    }
    const Nation* nation = registry.find_nation(programme.nation);
    if (nato != nullptr && registry.relation(*nation, *nato, today).relation == Relation::kMember) {
      return Status(ErrorCode::kRefused,
                    nation->name + " is a member of " + nato->id + "; a partnership programme is for partners",
                    place + "/nation");
    }
    Result<Programme> stored = programmes.insert(programme);
    if (!stored) return stored.status();
    const std::int64_t id = stored->stamp.id;
    std::vector<std::int64_t> objective_ids;
    for (std::size_t i = 0; i < draft.objectives.size(); ++i) {
      Objective objective;
      objective.programme = id;
      if (Status status = fill_objective(objective, draft.objectives[i], true); !status) {
        return at(status, place + "/objectives/" + std::to_string(i));
      }
      Result<Objective> written = objectives.insert(objective);
      if (!written) return written.status();
      objective_ids.push_back(written->stamp.id);
    }
    std::vector<std::int64_t> goal_ids;
    for (std::size_t i = 0; i < draft.goals.size(); ++i) {
      const auto& [fields, objective_index] = draft.goals[i];
      const std::string goal_place = place + "/goals/" + std::to_string(i);
      PartFields resolved = fields;
      resolved.objective.reset();
      PartnershipGoal goal;
      goal.programme = id;
      if (objective_index) {
        if (*objective_index >= objective_ids.size()) {
          return Status(ErrorCode::kInvalidArgument, "no such objective in this programme", goal_place + "/objective");
        }
        goal.objective = objective_ids[*objective_index];
      }
      if (Status status = fill_goal(*work, goal, resolved, true); !status) return at(status, goal_place);
      Result<PartnershipGoal> written = goals.insert(goal);
      if (!written) return written.status();
      goal_ids.push_back(written->stamp.id);
    }
    for (std::size_t i = 0; i < draft.activities.size(); ++i) {
      const auto& [fields, goal_index] = draft.activities[i];
      const std::string activity_place = place + "/activities/" + std::to_string(i);
      PartFields resolved = fields;
      resolved.goal.reset();
      ProgrammeActivity activity;
      activity.programme = id;
      if (goal_index) {
        if (*goal_index >= goal_ids.size()) {
          return Status(ErrorCode::kInvalidArgument, "no such goal in this programme", activity_place + "/goal");
        }
        activity.goal = goal_ids[*goal_index];
      }
      if (Status status = fill_activity(*work, activity, resolved, *stored, registry.dataset(), true); !status) {
        return at(status, activity_place);
      }
      Result<ProgrammeActivity> written = activities.insert(activity);
      if (!written) return written.status();
    }
    const std::string after = "{\"programme\":" + audit_json(programmes_table(), *stored) +
                              ",\"objectives\":" + std::to_string(draft.objectives.size()) +
                              ",\"goals\":" + std::to_string(draft.goals.size()) +
                              ",\"activities\":" + std::to_string(draft.activities.size()) + "}";
    if (Status status =
            audit(*work, actor, AuditAction::kImport, AuditKind::kProgramme, id, "", after, "", request_id, now);
        !status) {
      return status;
    }
    created.push_back(id);
    if (progress) progress(d + 1);
  }
  if (Status status = work->commit(); !status) return status;
  return created;
}

Result<ProgrammeView> ManageService::step_programme(const Principal& actor, std::int64_t id,
                                                    const StepRequest& request) {
  if (Status allowed = authorise(actor, Capability::kPartnership, access_); !allowed) return allowed;
  std::shared_ptr<const Snapshot> snapshot = current_();
  const Registry& registry = snapshot->registry();
  const Date today = clock_.today();
  const Clock::Instant instant = clock_.now();
  const std::string now = format_instant(instant);
  Result<std::string> comment = text_field(request.comment, "/comment", false, kMaxText);
  if (!comment) return comment.status();
  Result<Work> work = Work::begin(store_, Store::Access::kWrite);
  if (!work) return work.status();
  const Rows<Programme> programmes = work->table(programmes_table());
  Result<std::optional<Programme>> found = programmes.find(id);
  if (!found) return found.status();
  Result<bool> visible = *found ? may_see(*work, actor, **found, registry, today) : Result<bool>(false);
  if (!visible) return visible.status();
  if (!*visible) return not_found("programme", id);
  Programme programme = **found;
  if (programme.stamp.version != request.expected_version) {
    return Status(ErrorCode::kConflict,
                  "the programme changed meanwhile (now version " + std::to_string(programme.stamp.version) + ")");
  }
  const Workflow workflow(registry.dataset(), kItpp);
  Result<const WorkflowRule*> rule = workflow.step(programme.state, request.action);
  if (!rule) return rule.status();
  if ((*rule)->actors.size() == 1 && (*rule)->actors.front() == "system") {
    return Status(ErrorCode::kRefused, "'" + request.action + "' is taken by the council's decision, not by a person",
                  "/action");
  }
  Result<std::vector<TransitionEntry>> history = history_of(*work, kItpp, id);
  if (!history) return history.status();
  const Subject subject = subject_of(programme, registry);
  if (Status status = workflow.check(**rule, actor, subject, *history, *comment, registry, today); !status) {
    return status;
  }
  // A council round: its procedure and deadline, checked before anything is written.
  CouncilRound round;
  if ((*rule)->effect == "council-round") {
    const DecisionEngine decisions(registry);
    std::optional<Procedure> procedure = request.procedure.empty()
                                             ? decisions.usual_procedure(programme.organisation, today)
                                             : parse_procedure(request.procedure);
    if (!procedure || (*procedure != Procedure::kConsensus && *procedure != Procedure::kSilence)) {
      return Status(ErrorCode::kInvalidArgument, "procedure is consensus or silence", "/procedure");
    }
    Clock::Instant deadline = instant + kDefaultDeadline;
    if (!request.deadline.empty()) {
      const std::optional<Clock::Instant> asked = parse_instant(request.deadline);
      if (!asked) {
        return Status(ErrorCode::kInvalidArgument, "deadline is an instant such as 2026-12-08T12:00:00Z", "/deadline");
      }
      if (*asked <= instant) return Status(ErrorCode::kInvalidArgument, "the deadline has passed", "/deadline");
      if (*asked < instant + settings_.shortest_deadline) {
        const auto hours = std::chrono::duration_cast<std::chrono::hours>(settings_.shortest_deadline).count();
        return Status(ErrorCode::kInvalidArgument,
                      "a deadline leaves the Allies at least " +
                          (hours > 0 ? std::to_string(hours) + " hours"
                                     : std::to_string(settings_.shortest_deadline.count()) + " seconds") +
                          " to answer",
                      "/deadline");
      }
      if (*asked > instant + kLongestDeadline) {
        return Status(ErrorCode::kInvalidArgument, "a deadline is at most 30 days away", "/deadline");
      }
      deadline = *asked;
    }
    round.workflow = kItpp;
    round.subject = id;
    round.organisation = programme.organisation;
    round.procedure = std::string(to_string(*procedure));
    round.question = "Approve " + subject.title + ", " + programme.period_from.to_string() + " to " +
                     programme.period_to.to_string();
    round.opened_by = actor.name;
    round.opened_at = now;
    round.deadline = format_instant(deadline);
    round.state = "open";
  }
  StepRequest recorded = request;
  recorded.comment = *comment;
  Result<StepTaken> taken =
      record_step(*work, **rule, subject, actor, *history, recorded, registry, today, now, AuditKind::kProgramme);
  if (!taken) return taken.status();
  // A person's step out of the council (a withdrawal) closes its open rounds: they decide
  // nothing any more, and their deadlines are spent.
  if (taken->moved && subject.state == "in-council") {
    Result<std::vector<CouncilRound>> rounds = rounds_of(*work, kItpp, id);
    if (!rounds) return rounds.status();
    for (CouncilRound open : *rounds) {
      if (open.state != "open") continue;
      open.state = "withdrawn";
      open.outcome = "withdrawn";
      open.reasoning = "Withdrawn: " + actor.name + " took the draft back from the council" +
                       (comment->empty() ? std::string() : ": " + *comment);
      open.decided_at = now;
      if (Result<CouncilRound> closed = work->table(council_rounds_table()).update(open); !closed) {
        return closed.status();
      }
      if (Status spent = Impl::spend_timers(*work, open.stamp.id, now); !spent) return spent;
    }
  }
  programme.state = taken->state;
  programme.updated_at = now;
  Result<Programme> stored = programmes.update(programme);
  if (!stored) return stored.status();
  if (taken->moved && (*rule)->effect == "council-round") {
    Result<CouncilRound> opened = work->table(council_rounds_table()).insert(round);
    if (!opened) return opened.status();
    Timer timer;
    timer.kind = "close-council-round";
    timer.subject = opened->stamp.id;
    timer.due_at = round.deadline;
    if (Result<Timer> set = work->table(timers_table()).insert(timer); !set) return set.status();
    if (Status status = audit(*work, actor, AuditAction::kCreate, AuditKind::kCouncilRound, opened->stamp.id, "",
                              audit_json(council_rounds_table(), *opened), *comment, request.request_id, now);
        !status) {
      return status;
    }
  }
  Result<ProgrammeView> view = Impl::view(*work, actor, *stored, snapshot, today);
  if (!view) return view;
  if (Status status = work->commit(); !status) return status;
  return view;
}

Result<RoundView> ManageService::round(const Principal& actor, std::int64_t id) const {
  if (Status allowed = authorise(actor, Capability::kPartnership, access_); !allowed) return allowed;
  std::shared_ptr<const Snapshot> snapshot = current_();
  const Date today = clock_.today();
  Result<Work> work = Work::begin(store_, Store::Access::kRead);
  if (!work) return work.status();
  Result<std::optional<CouncilRound>> found = work->table(council_rounds_table()).find(id);
  if (!found) return found.status();
  if (!*found) return not_found("council round", id);
  if (!sees_all(actor) && !is_ally_officer(actor, (*found)->organisation, snapshot->registry(), today)) {
    Result<std::optional<Programme>> programme = work->table(programmes_table()).find((*found)->subject);
    if (!programme) return programme.status();
    if (!*programme || (*programme)->nation != officer_nation(actor)) return not_found("council round", id);
  }
  return Impl::round_view(*work, actor, **found, snapshot->registry(), today);
}

Result<RoundView> ManageService::state_position(const Principal& actor, std::int64_t id,
                                                const PositionRequest& request) {
  if (Status allowed = authorise(actor, Capability::kPartnership, access_); !allowed) return allowed;
  std::shared_ptr<const Snapshot> snapshot = current_();
  const Registry& registry = snapshot->registry();
  const Date today = clock_.today();
  const Clock::Instant instant = clock_.now();
  const std::string now = format_instant(instant);
  if (request.position != "support" && request.position != "object" && request.position != "abstain") {
    return Status(ErrorCode::kInvalidArgument, "position is support, object or abstain", "/position");
  }
  Result<std::string> reason = text_field(request.reason, "/reason", request.position == "object", kMaxText);
  if (!reason) {
    if (request.position == "object" && reason.status().field() == "/reason") {
      return Status(ErrorCode::kInvalidArgument, "an objection says why: give a reason", "/reason");
    }
    return reason.status();
  }
  Result<Work> work = Work::begin(store_, Store::Access::kWrite);
  if (!work) return work.status();
  Result<std::optional<CouncilRound>> found = work->table(council_rounds_table()).find(id);
  if (!found) return found.status();
  if (!*found) return not_found("council round", id);
  CouncilRound round = **found;
  if (!is_ally_officer(actor, round.organisation, registry, today)) {
    return Status(ErrorCode::kForbidden, "positions in the council are stated by officers of its members");
  }
  // Only the members of the day the round opened vote in it: a nation that joined since
  // has no say, and its objection must not decide the round.
  const std::vector<std::string> voters = voting_members(registry, round.organisation, day_of(round.opened_at, today));
  if (!std::binary_search(voters.begin(), voters.end(), actor.nation)) {
    return Status(ErrorCode::kRefused, actor.nation + " was not a member of " + round.organisation +
                                           " when the round opened on " + round.opened_at.substr(0, 10) +
                                           ", so it has no position in it");
  }
  if (round.state != "open") {
    return Status(ErrorCode::kRefused, "the round is closed: " + round.state);
  }
  const std::optional<Clock::Instant> deadline = parse_instant(round.deadline);
  if (deadline && *deadline <= instant) {
    return Status(ErrorCode::kRefused, "the round's deadline passed at " + round.deadline + "; it is being closed");
  }
  if (round.procedure == "silence" && request.position != "object") {
    return Status(ErrorCode::kInvalidArgument,
                  "under the silence procedure an Ally keeps silent or breaks silence (object); nothing else is said",
                  "/position");
  }
  const Rows<CouncilPosition> positions = work->table(council_positions_table());
  Result<std::vector<CouncilPosition>> existing = positions.where(where("round", id, "nation", actor.nation));
  if (!existing) return existing.status();
  if (!existing->empty()) {
    return Status(ErrorCode::kConflict,
                  actor.nation + " has stated its position in this round already (" + existing->front().position + ")");
  }
  CouncilPosition position;
  position.round = id;
  position.nation = actor.nation;
  position.position = request.position;
  position.reason = *reason;
  position.actor = actor.name;
  position.at = now;
  Result<CouncilPosition> stored = positions.insert(position);
  if (!stored) return stored.status();
  // The programme's view shows the round, so its version moves with every position.
  if (round.workflow == kItpp) {
    Result<std::optional<Programme>> subject = work->table(programmes_table()).find(round.subject);
    if (!subject) return subject.status();
    if (*subject) {
      Programme bumped = **subject;
      bumped.updated_at = now;
      if (Result<Programme> moved = work->table(programmes_table()).update(bumped); !moved) return moved.status();
    }
  }
  if (Status status = audit(*work, actor, AuditAction::kPosition, AuditKind::kCouncilRound, id, "",
                            audit_json(council_positions_table(), *stored), *reason, request.request_id, now);
      !status) {
    return status;
  }
  // A single objection blocks at once; support (or abstention) from every member adopts.
  Result<RoundView> view = Impl::round_view(*work, actor, round, registry, today);
  if (!view) return view;
  if (request.position == "object" || view->awaiting.empty()) {
    if (Status status = Impl::decide(*work, round, registry, today, now, false); !status) return status;
    Result<std::optional<CouncilRound>> decided = work->table(council_rounds_table()).find(id);
    if (!decided) return decided.status();
    view = Impl::round_view(*work, actor, **decided, registry, today);
    if (!view) return view;
  }
  if (Status status = work->commit(); !status) return status;
  return view;
}

Result<int> ManageService::fire_due_timers() {
  if (store_ == nullptr) return 0;
  const std::string now = format_instant(clock_.now());
  std::vector<Timer> due;
  {
    Result<Work> work = Work::begin(store_, Store::Access::kRead);
    if (!work) return work.status();
    RowFilter filter = where("fired_at", std::string());
    filter.below.emplace_back("due_at", now);
    filter.order_by = "due_at";
    filter.limit = 100;
    Result<std::vector<Timer>> timers = work->table(timers_table()).where(filter);
    if (!timers) return timers.status();
    due = std::move(*timers);
  }
  int fired = 0;
  for (const Timer& pending : due) {
    std::shared_ptr<const Snapshot> snapshot = current_();
    std::optional<Status> undecidable;
    {
      Result<Work> work = Work::begin(store_, Store::Access::kWrite);
      if (!work) return work.status();
      // Another process may have fired it meanwhile.
      Result<std::optional<Timer>> timer = work->table(timers_table()).find(pending.stamp.id);
      if (!timer) return timer.status();
      if (!*timer || !(*timer)->fired_at.empty()) continue;
      Result<std::optional<CouncilRound>> round = work->table(council_rounds_table()).find((*timer)->subject);
      if (!round) return round.status();
      if (*round && (*round)->state == "open") {
        if (Status status = Impl::decide(*work, **round, snapshot->registry(), clock_.today(), now, true); !status) {
          if (status.code() == ErrorCode::kStorage || status.code() == ErrorCode::kUnavailable) return status;
          undecidable = status;  // this transaction rolls back; the round is closed below
        }
      } else {
        Timer spent = **timer;
        spent.fired_at = now;
        if (Result<Timer> stored = work->table(timers_table()).update(spent); !stored) return stored.status();
      }
      if (!undecidable) {
        if (Status status = work->commit(); !status) return status;
        ++fired;
        continue;
      }
    }
    // The decision engine cannot decide the round (the registry changed under it): it
    // closes undecided, which blocks like an objection, and the deadlines after it still fire.
    Result<Work> work = Work::begin(store_, Store::Access::kWrite);
    if (!work) return work.status();
    Result<std::optional<Timer>> timer = work->table(timers_table()).find(pending.stamp.id);
    if (!timer) return timer.status();
    if (!*timer || !(*timer)->fired_at.empty()) continue;
    Result<std::optional<CouncilRound>> round = work->table(council_rounds_table()).find((*timer)->subject);
    if (!round) return round.status();
    if (!*round || (*round)->state != "open") continue;
    if (Status closed = Impl::close_undecided(*work, **round, *undecidable, snapshot->registry(), clock_.today(), now);
        !closed) {
      return closed;
    }
    if (Status status = work->commit(); !status) return status;
    ++fired;
  }
  return fired;
}

Result<std::string> ManageService::next_timer() const {
  if (store_ == nullptr) return std::string();
  Result<Work> work = Work::begin(store_, Store::Access::kRead);
  if (!work) return work.status();
  RowFilter filter = where("fired_at", std::string());
  filter.order_by = "due_at";
  filter.limit = 1;
  Result<std::vector<Timer>> timers = work->table(timers_table()).where(filter);
  if (!timers) return timers.status();
  return timers->empty() ? std::string() : timers->front().due_at;
}

Result<std::vector<TransitionEntry>> ManageService::transitions(const Principal& actor,
                                                                const TransitionQuery& query) const {
  if (Status allowed = authorise(actor, Capability::kPartnership, access_); !allowed) return allowed;
  if (Status staff = authorise(actor, Capability::kPartnershipStaff, access_); !staff) return staff;
  Result<Work> work = Work::begin(store_, Store::Access::kRead);
  if (!work) return work.status();
  RowFilter filter;
  if (!query.workflow.empty()) filter.equal.emplace_back("workflow", query.workflow);
  if (query.subject != 0) filter.equal.emplace_back("subject", query.subject);
  if (!query.actor.empty()) filter.equal.emplace_back("actor", query.actor);
  if (!query.action.empty()) filter.equal.emplace_back("action", query.action);
  if (!query.from.empty()) filter.at_least.emplace_back("at", query.from);
  if (!query.to.empty()) filter.below.emplace_back("at", query.to);
  filter.descending = true;
  filter.limit = std::clamp<std::size_t>(query.limit, 1, 500);
  return work->table(transitions_table()).where(filter);
}

Result<Inbox> ManageService::inbox(const Principal& actor) const {
  if (Status allowed = authorise(actor, Capability::kPartnership, access_); !allowed) return allowed;
  std::shared_ptr<const Snapshot> snapshot = current_();
  const Registry& registry = snapshot->registry();
  const Date today = clock_.today();
  Result<Work> work = Work::begin(store_, Store::Access::kRead);
  if (!work) return work.status();
  Inbox inbox;
  constexpr std::size_t kMostItems = 100;
  // Programmes with a step the user may take now.
  const Workflow itpp(registry.dataset(), kItpp);
  RowFilter mine;
  if (!sees_all(actor)) mine.equal.emplace_back("nation", officer_nation(actor));
  mine.order_by = "updated_at";
  Result<std::vector<Programme>> programmes = work->table(programmes_table()).where(mine);
  if (!programmes) return programmes.status();
  for (const Programme& programme : *programmes) {
    if (inbox.awaiting.size() >= kMostItems) break;
    const Subject subject = subject_of(programme, registry);
    // Only states with a step for someone like the user are worth reading the history of.
    const std::vector<std::string> kinds = actor_kinds(actor, subject, registry, today);
    bool candidate = false;
    for (const WorkflowRule* rule : itpp.steps_from(programme.state)) {
      for (const std::string& kind : kinds) {
        if (std::find(rule->actors.begin(), rule->actors.end(), kind) != rule->actors.end()) candidate = true;
        if (kind == "administrator" &&
            std::find(rule->actors.begin(), rule->actors.end(), "alliance-staff") != rule->actors.end()) {
          candidate = true;
        }
      }
    }
    if (!candidate) continue;
    Result<std::vector<TransitionEntry>> history = history_of(*work, kItpp, programme.stamp.id);
    if (!history) return history.status();
    InboxItem item{kItpp,
                   programme.stamp.id,
                   subject.title,
                   programme.nation,
                   programme.state,
                   {},
                   history->empty() ? programme.created_at : history->back().at};
    for (const StepOption& option : itpp.options(actor, subject, *history, registry, today)) {
      if (option.allowed) item.actions.push_back(option.rule->action);
    }
    if (!item.actions.empty()) inbox.awaiting.push_back(std::move(item));
  }
  // Council rounds awaiting the user's nation.
  if (actor.role == Role::kNationOfficer && !actor.nation.empty()) {
    Result<std::vector<CouncilRound>> rounds =
        work->table(council_rounds_table()).where(where("state", std::string("open")));
    if (!rounds) return rounds.status();
    for (const CouncilRound& round : *rounds) {
      Result<RoundView> view = Impl::round_view(*work, actor, round, registry, today);
      if (!view) return view.status();
      if (!view->may_state_position) continue;
      inbox.awaiting.push_back(InboxItem{"council-round", round.stamp.id, round.question, "", round.state,
                                         round.procedure == "silence"
                                             ? std::vector<std::string>{"object"}
                                             : std::vector<std::string>{"support", "object", "abstain"},
                                         round.opened_at});
    }
  }
  RowFilter notes = where("account", actor.account);
  notes.descending = true;
  notes.limit = 50;
  Result<std::vector<Notification>> notifications = work->table(notifications_table()).where(notes);
  if (!notifications) return notifications.status();
  inbox.notifications = std::move(*notifications);
  Result<std::int64_t> unread =
      work->table(notifications_table()).count(where("account", actor.account, "read_at", std::string()));
  if (!unread) return unread.status();
  inbox.unread = *unread;
  return inbox;
}

Status ManageService::mark_read(const Principal& actor, std::int64_t id) {
  if (Status allowed = authorise(actor, Capability::kPartnership, access_); !allowed) return allowed;
  Result<Work> work = Work::begin(store_, Store::Access::kWrite);
  if (!work) return work.status();
  const Rows<Notification> notifications = work->table(notifications_table());
  Result<std::optional<Notification>> found = notifications.find(id);
  if (!found) return found.status();
  if (!*found || (*found)->account != actor.account) return not_found("notification", id);
  if (!(*found)->read_at.empty()) return Status::ok();
  Notification notification = **found;
  notification.read_at = format_instant(clock_.now());
  if (Result<Notification> stored = notifications.update(notification); !stored) return stored.status();
  return work->commit();
}

}  // namespace entente
