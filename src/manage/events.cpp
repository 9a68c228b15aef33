// Events: an instance of a menu activity (or a bilateral one), invitations checked by the
// rules engine, registrations with a capacity and a waiting list, attendance, feedback.

#include <algorithm>
#include <numeric>
#include <set>

#include "manage/manage_internal.hpp"
#include "model/vocabulary.hpp"
#include "rules/eligibility.hpp"

namespace entente {

using namespace manage;

namespace {

constexpr const char* kEvent = "event";
constexpr std::int64_t kLargestCapacity = 10000;

Subject subject_of(const Event& event) {
  return Subject{kEvent, event.stamp.id, event.stamp.version, "", event.organisation, event.state, event.title};
}

Result<std::vector<Invitation>> invitations_of(Work& work, std::int64_t event) {
  return work.table(invitations_table()).where(where("event", event));
}

bool invited(const std::vector<Invitation>& invitations, const std::string& nation) {
  return std::any_of(invitations.begin(), invitations.end(), [&](const Invitation& i) { return i.nation == nation; });
}

Result<EventView> view_of(Work& work, const Principal& actor, const Event& event, const Registry& registry,
                          Date today) {
  EventView view;
  view.event = event;
  Result<std::vector<Invitation>> invitations = invitations_of(work, event.stamp.id);
  if (!invitations) return invitations.status();
  view.invitations = std::move(*invitations);
  Result<std::vector<Registration>> registrations =
      work.table(registrations_table()).where(where("event", event.stamp.id));
  if (!registrations) return registrations.status();
  for (Registration& registration : *registrations) {
    if (registration.state == "registered" || registration.state == "attended" || registration.state == "absent") {
      ++view.registered;
    }
    if (registration.state == "waitlisted") ++view.waitlisted;
    if (sees_all(actor) || registration.nation == actor.nation) view.registrations.push_back(std::move(registration));
  }
  Result<std::vector<Feedback>> feedback = work.table(feedback_table()).where(where("event", event.stamp.id));
  if (!feedback) return feedback.status();
  if (!feedback->empty()) {
    view.average_rating =
        std::accumulate(feedback->begin(), feedback->end(), 0.0,
                        [](double sum, const Feedback& f) { return sum + static_cast<double>(f.rating); }) /
        static_cast<double>(feedback->size());
  }
  for (Feedback& item : *feedback) {
    if (sees_all(actor) || item.nation == actor.nation) view.feedback.push_back(std::move(item));
  }
  Result<std::vector<TransitionEntry>> history = history_of(work, kEvent, event.stamp.id);
  if (!history) return history.status();
  const Workflow workflow(registry.dataset(), kEvent);
  view.actions = action_options(workflow, actor, subject_of(event), *history, registry, today);
  const bool officer_invited = actor.role == Role::kNationOfficer && invited(view.invitations, actor.nation);
  view.may_register = event.state == "open" && (officer_invited || (sees_all(actor) && !view.invitations.empty()));
  const bool attended = std::any_of(view.registrations.begin(), view.registrations.end(), [&](const Registration& r) {
    return r.nation == actor.nation && r.state == "attended";
  });
  // Once per nation: one voice for each nation that attended.
  const bool gave = std::any_of(view.feedback.begin(), view.feedback.end(),
                                [&](const Feedback& f) { return f.nation == actor.nation; });
  view.may_give_feedback = event.state == "held" && attended && !gave;
  return view;
}

Result<Event> visible_event(Work& work, const Principal& actor, std::int64_t id) {
  Result<std::optional<Event>> found = work.table(events_table()).find(id);
  if (!found) return found.status();
  if (!*found) return Status(ErrorCode::kNotFound, "no event " + std::to_string(id));
  if (sees_all(actor)) return **found;
  Result<std::vector<Invitation>> invitations = invitations_of(work, id);
  if (!invitations) return invitations.status();
  if (!invited(*invitations, officer_nation(actor)))
    return Status(ErrorCode::kNotFound, "no event " + std::to_string(id));
  return **found;
}

}  // namespace

Result<std::vector<Event>> ManageService::events(const Principal& actor, const std::string& from,
                                                 const std::string& to) const {
  if (Status allowed = authorise(actor, Capability::kPartnership, access_); !allowed) return allowed;
  RowFilter filter;
  filter.order_by = "valid_from";
  if (!from.empty()) {
    Result<Date> day = date_field(from, "/from");
    if (!day) return day.status().at("from");
    filter.at_least.emplace_back("valid_to", *day);
  }
  if (!to.empty()) {
    Result<Date> day = date_field(to, "/to");
    if (!day) return day.status().at("to");
    // The day after, unless that leaves the four-digit years the dates are kept in.
    const Date after = day->add_days(1);
    if (after.year() <= 9999) {
      filter.below.emplace_back("valid_from", after);
    } else {
      filter.at_least.emplace_back("valid_from", Date::from_ymd(1, 1, 1));
    }
  }
  // Staff see every event (the first 1,000 of the window); an officer's are cut after the
  // invitations are applied.
  constexpr std::size_t kMostEvents = 1000;
  if (sees_all(actor)) filter.limit = kMostEvents;
  Result<Work> work = Work::begin(store_, Store::Access::kRead);
  if (!work) return work.status();
  Result<std::vector<Event>> events = work->table(events_table()).where(filter);
  if (!events) return events.status();
  if (!sees_all(actor)) {
    RowFilter mine = where("nation", officer_nation(actor));
    Result<std::vector<Invitation>> invitations = work->table(invitations_table()).where(mine);
    if (!invitations) return invitations.status();
    std::set<std::int64_t> ids;
    for (const Invitation& invitation : *invitations) ids.insert(invitation.event);
    std::erase_if(*events, [&](const Event& event) { return ids.count(event.stamp.id) == 0; });
    if (events->size() > kMostEvents) events->resize(kMostEvents);
  }
  return events;
}

Result<EventView> ManageService::event(const Principal& actor, std::int64_t id) const {
  if (Status allowed = authorise(actor, Capability::kPartnership, access_); !allowed) return allowed;
  std::shared_ptr<const Snapshot> snapshot = current_();
  Result<Work> work = Work::begin(store_, Store::Access::kRead);
  if (!work) return work.status();
  Result<Event> event = visible_event(*work, actor, id);
  if (!event) return event.status();
  return view_of(*work, actor, *event, snapshot->registry(), clock_.today());
}

Result<EventView> ManageService::create_event(const Principal& actor, const EventFields& fields,
                                              const std::string& request_id) {
  if (Status allowed = authorise(actor, Capability::kPartnership, access_); !allowed) return allowed;
  if (Status staff = authorise(actor, Capability::kPartnershipStaff, access_); !staff) return staff;
  std::shared_ptr<const Snapshot> snapshot = current_();
  const Registry& registry = snapshot->registry();
  const Date today = clock_.today();
  const std::string now = format_instant(clock_.now());
  Event event;
  event.organisation = "NATO";
  event.state = std::string(initial_state(kEvent));
  event.created_by = actor.name;
  event.created_at = now;
  event.activity = "cooperation-menu";
  event.kind = "course";
  event.capacity = 0;
  std::vector<FieldError> errors;
  const auto keep = [&errors](const Status& status) {
    if (!status) errors.push_back({status.field(), status.message()});
  };
  if (fields.menu_item && !fields.menu_item->empty()) {
    const SharedRows<MenuItem>& menu = registry.dataset().menu;
    const auto item =
        std::find_if(menu.begin(), menu.end(), [&](const MenuItem& m) { return m.id == *fields.menu_item; });
    if (item == menu.end()) {
      keep(Status(ErrorCode::kInvalidArgument,
                  "the cooperation menu has no activity '" + fields.menu_item->substr(0, 60) + "'", "/menu_item"));
    } else {
      event.menu_item = item->id;
      event.title = item->title;
      event.kind = item->kind;
      event.activity = item->activity;
      event.capacity = item->capacity;
    }
  }
  if (fields.title || event.title.empty()) {
    Result<std::string> title = text_field(fields.title, "/title", true, kMaxTitle);
    if (title) event.title = *title;
    if (!title) keep(title.status());
  }
  if (fields.kind) {
    if (kMenuKindWords.contains(*fields.kind)) {
      event.kind = *fields.kind;
    } else {
      keep(Status(ErrorCode::kInvalidArgument, "kind is a word of the menu's kinds (course, exercise...)", "/kind"));
    }
  }
  if (fields.activity) {
    if (kActivityWords.contains(*fields.activity)) {
      event.activity = *fields.activity;
    } else {
      keep(Status(ErrorCode::kInvalidArgument, "activity is an eligibility activity (education-training...)",
                  "/activity"));
    }
  }
  Result<Date> from = date_field(fields.from.value_or(""), "/from");
  if (!from) keep(from.status());
  Result<Date> to = date_field(fields.to.value_or(fields.from.value_or("")), "/to");
  if (!to) keep(to.status());
  if (from && to && *to < *from) keep(Status(ErrorCode::kInvalidArgument, "the event ends before it starts", "/to"));
  if (from && to && from->add_days(366) < *to) {
    keep(Status(ErrorCode::kInvalidArgument, "an event lasts at most a year", "/to"));
  }
  Result<std::string> location = text_field(fields.location, "/location", false, kMaxTitle);
  if (!location) keep(location.status());
  if (fields.capacity) event.capacity = *fields.capacity;
  if (event.capacity < 1 || event.capacity > kLargestCapacity) {
    keep(Status(ErrorCode::kInvalidArgument,
                "capacity is a number of participants from 1 to " + std::to_string(kLargestCapacity), "/capacity"));
  }
  if (!errors.empty()) return Status(ErrorCode::kInvalidArgument, errors.front().message).with_errors(errors);
  event.from = *from;
  event.to = *to;
  event.location = *location;
  Result<Work> work = Work::begin(store_, Store::Access::kWrite);
  if (!work) return work.status();
  Result<Event> stored = work->table(events_table()).insert(event);
  if (!stored) return stored.status();
  if (Status status = audit(*work, actor, AuditAction::kCreate, AuditKind::kEvent, stored->stamp.id, "",
                            audit_json(events_table(), *stored), "", request_id, now);
      !status) {
    return status;
  }
  Result<EventView> view = view_of(*work, actor, *stored, registry, today);
  if (!view) return view;
  if (Status status = work->commit(); !status) return status;
  return view;
}

Result<EventView> ManageService::step_event(const Principal& actor, std::int64_t id, const StepRequest& request) {
  if (Status allowed = authorise(actor, Capability::kPartnership, access_); !allowed) return allowed;
  std::shared_ptr<const Snapshot> snapshot = current_();
  const Registry& registry = snapshot->registry();
  const Date today = clock_.today();
  const std::string now = format_instant(clock_.now());
  Result<std::string> comment = text_field(request.comment, "/comment", false, kMaxText);
  if (!comment) return comment.status();
  Result<Work> work = Work::begin(store_, Store::Access::kWrite);
  if (!work) return work.status();
  Result<Event> event = visible_event(*work, actor, id);
  if (!event) return event.status();
  if (event->stamp.version != request.expected_version) {
    return Status(ErrorCode::kConflict,
                  "the event changed meanwhile (now version " + std::to_string(event->stamp.version) + ")");
  }
  const Workflow workflow(registry.dataset(), kEvent);
  Result<const WorkflowRule*> rule = workflow.step(event->state, request.action);
  if (!rule) return rule.status();
  Result<std::vector<TransitionEntry>> history = history_of(*work, kEvent, id);
  if (!history) return history.status();
  if (Status status = workflow.check(**rule, actor, subject_of(*event), *history, *comment, registry, today); !status) {
    return status;
  }
  if ((*rule)->to == "held" && today < event->from) {
    return Status(ErrorCode::kRefused, "an event is held once it has started (" + event->from.to_string() + ")");
  }
  StepRequest step = request;
  step.comment = *comment;
  Result<StepTaken> taken =
      record_step(*work, **rule, subject_of(*event), actor, *history, step, registry, today, now, AuditKind::kEvent);
  if (!taken) return taken.status();
  event->state = taken->state;
  Result<Event> stored = work->table(events_table()).update(*event);
  if (!stored) return stored.status();
  // Invited nations hear of it.
  Result<std::vector<Invitation>> invitations = invitations_of(*work, id);
  if (!invitations) return invitations.status();
  for (const Invitation& invitation : *invitations) {
    Subject subject = subject_of(*stored);
    subject.nation = invitation.nation;
    if (Status status = notify(*work, (*rule)->notify, subject,
                               stored->title + ": " + request.action + " (" + stored->from.to_string() + ")", registry,
                               today, now, actor.account);
        !status) {
      return status;
    }
  }
  Result<EventView> view = view_of(*work, actor, *stored, registry, today);
  if (!view) return view;
  if (Status status = work->commit(); !status) return status;
  return view;
}

Result<EventView> ManageService::invite(const Principal& actor, std::int64_t id,
                                        const std::vector<std::string>& nations, const std::string& request_id,
                                        std::vector<Refusal>* refusals) {
  if (Status allowed = authorise(actor, Capability::kPartnership, access_); !allowed) return allowed;
  if (Status staff = authorise(actor, Capability::kPartnershipStaff, access_); !staff) return staff;
  if (nations.empty() || nations.size() > kMaxList) {
    return Status(ErrorCode::kInvalidArgument, "nations lists 1 to " + std::to_string(kMaxList) + " nation codes",
                  "/nations");
  }
  std::shared_ptr<const Snapshot> snapshot = current_();
  const Registry& registry = snapshot->registry();
  const Date today = clock_.today();
  const std::string now = format_instant(clock_.now());
  Result<Work> work = Work::begin(store_, Store::Access::kWrite);
  if (!work) return work.status();
  Result<Event> event = visible_event(*work, actor, id);
  if (!event) return event.status();
  if (event->state != "planned" && event->state != "open") {
    return Status(ErrorCode::kRefused, "invitations go out before registration closes; the event is " + event->state);
  }
  const Organisation* organisation = registry.find_organisation(event->organisation);
  if (organisation == nullptr) return Status(ErrorCode::kRefused, "the registry has no " + event->organisation);
  Result<std::vector<Invitation>> existing = invitations_of(*work, id);
  if (!existing) return existing.status();
  // Each nation may take part on the event's first day, through a standing the menu item
  // is open to; every refusal is reported and none is invited when one is refused.
  const MenuItem* item = nullptr;
  for (const MenuItem& candidate : registry.dataset().menu) {
    if (candidate.id == event->menu_item) item = &candidate;
  }
  std::vector<Refusal> refused;
  std::vector<FieldError> errors;
  std::vector<Invitation> accepted;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < nations.size(); ++i) {
    const std::string& code = nations[i];
    const std::string field = "/nations/" + std::to_string(i);
    const Nation* nation = registry.find_nation(code);
    if (nation == nullptr) {
      refused.push_back({code.substr(0, 8), "no nation with code " + code.substr(0, 8)});
      errors.push_back({field, refused.back().reason});
      continue;
    }
    if (!seen.insert(code).second || invited(*existing, code)) continue;
    const EligibilityAnswer answer = check_eligibility(registry, *nation, *organisation, event->activity, event->from);
    std::string standing;
    for (const EligibilityRoute& route : answer.routes) {
      if (route.eligible == Eligibility::kNo) continue;
      if (item != nullptr &&
          std::find(item->open_to.begin(), item->open_to.end(), route.standing) == item->open_to.end()) {
        continue;
      }
      standing = route.standing;
      break;
    }
    if (standing.empty()) {
      std::string why;
      for (const ReasoningStep& step : answer.reasoning) why += (why.empty() ? "" : "; ") + step.finding;
      if (answer.eligible != Eligibility::kNo && item != nullptr) {
        why = "the activity is open to ";
        for (std::size_t j = 0; j < item->open_to.size(); ++j) why += (j ? ", " : "") + item->open_to[j];
        why += ", and " + nation->name + " holds none of these standings on " + event->from.to_string();
      }
      refused.push_back({code, nation->name + " may not take part in " + event->activity + " on " +
                                   event->from.to_string() + ": " + why});
      errors.push_back({field, refused.back().reason});
      continue;
    }
    Invitation invitation;
    invitation.event = id;
    invitation.nation = code;
    invitation.standing = standing;
    invitation.invited_by = actor.name;
    invitation.at = now;
    accepted.push_back(std::move(invitation));
  }
  if (!refused.empty()) {
    if (refusals != nullptr) *refusals = refused;
    return Status(ErrorCode::kRefused, std::to_string(refused.size()) + " of " + std::to_string(nations.size()) +
                                           " nations may not be invited: " + refused.front().reason)
        .with_errors(errors);
  }
  for (const Invitation& invitation : accepted) {
    Result<Invitation> stored = work->table(invitations_table()).insert(invitation);
    if (!stored) return stored.status();
    Subject subject = subject_of(*event);
    subject.nation = invitation.nation;
    if (Status status =
            notify(*work, {"partner-officer"}, subject,
                   "Invitation: " + event->title + " (" + event->from.to_string() + ", " + event->location + ")",
                   registry, today, now, actor.account);
        !status) {
      return status;
    }
  }
  Result<Event> bumped = work->table(events_table()).update(*event);
  if (!bumped) return bumped.status();
  std::string after = "{\"invited\":[";
  for (std::size_t i = 0; i < accepted.size(); ++i) after += (i ? ",\"" : "\"") + accepted[i].nation + "\"";
  after += "]}";
  if (Status status = audit(*work, actor, AuditAction::kUpdate, AuditKind::kEvent, id, "", after, "", request_id, now);
      !status) {
    return status;
  }
  Result<EventView> view = view_of(*work, actor, *bumped, registry, today);
  if (!view) return view;
  if (Status status = work->commit(); !status) return status;
  return view;
}

Result<EventView> ManageService::register_participant(const Principal& actor, std::int64_t id,
                                                      const std::string& nation, const std::string& participant,
                                                      const std::string& request_id) {
  if (Status allowed = authorise(actor, Capability::kPartnership, access_); !allowed) return allowed;
  std::shared_ptr<const Snapshot> snapshot = current_();
  const Registry& registry = snapshot->registry();
  const Date today = clock_.today();
  const std::string now = format_instant(clock_.now());
  const std::string code = sees_all(actor) ? nation : officer_nation(actor);
  if (!sees_all(actor) && !nation.empty() && nation != code) {
    return Status(ErrorCode::kForbidden, "a nation officer registers their own nation's participants", "/nation");
  }
  Result<std::string> name = text_field(participant, "/participant", true, kMaxTitle);
  if (!name) return name.status();
  Result<Work> work = Work::begin(store_, Store::Access::kWrite);
  if (!work) return work.status();
  Result<Event> event = visible_event(*work, actor, id);
  if (!event) return event.status();
  if (event->state != "open")
    return Status(ErrorCode::kRefused, "registration is not open; the event is " + event->state);
  Result<std::vector<Invitation>> invitations = invitations_of(*work, id);
  if (!invitations) return invitations.status();
  if (!invited(*invitations, code)) {
    return Status(ErrorCode::kRefused, (code.empty() ? std::string("no nation") : code) + " is not invited", "/nation");
  }
  const Rows<Registration> registrations = work->table(registrations_table());
  Result<std::int64_t> taken = registrations.count(where("event", id, "state", std::string("registered")));
  if (!taken) return taken.status();
  Result<std::vector<Registration>> same = registrations.where(where("event", id, "nation", code));
  if (!same) return same.status();
  if (std::any_of(same->begin(), same->end(),
                  [&](const Registration& r) { return r.participant == *name && r.state != "cancelled"; })) {
    return Status(ErrorCode::kConflict, *name + " is registered already", "/participant");
  }
  // A nation registers at most twice as many participants as the event has places (the
  // places and as long a waiting list): the list cannot be flooded.
  const auto active = std::count_if(same->begin(), same->end(), [](const Registration& r) {
    return r.state == "registered" || r.state == "waitlisted";
  });
  if (active >= 2 * event->capacity) {
    return Status(ErrorCode::kRefused,
                  code + " has registered " + std::to_string(active) + " participants, twice the event's " +
                      std::to_string(event->capacity) + " places; cancel one before registering another",
                  "/participant");
  }
  Registration registration;
  registration.event = id;
  registration.nation = code;
  registration.participant = *name;
  registration.state = *taken < event->capacity ? "registered" : "waitlisted";
  registration.registered_by = actor.name;
  registration.at = now;
  Result<Registration> stored = registrations.insert(registration);
  if (!stored) return stored.status();
  Result<Event> bumped = work->table(events_table()).update(*event);
  if (!bumped) return bumped.status();
  if (Status status = audit(*work, actor, AuditAction::kCreate, AuditKind::kEvent, id, "",
                            audit_json(registrations_table(), *stored), "", request_id, now);
      !status) {
    return status;
  }
  Result<EventView> view = view_of(*work, actor, *bumped, registry, today);
  if (!view) return view;
  if (Status status = work->commit(); !status) return status;
  return view;
}

Result<EventView> ManageService::cancel_registration(const Principal& actor, std::int64_t id,
                                                     std::int64_t registration_id, std::int64_t expected_version,
                                                     const std::string& request_id) {
  if (Status allowed = authorise(actor, Capability::kPartnership, access_); !allowed) return allowed;
  std::shared_ptr<const Snapshot> snapshot = current_();
  const Registry& registry = snapshot->registry();
  const Date today = clock_.today();
  const std::string now = format_instant(clock_.now());
  Result<Work> work = Work::begin(store_, Store::Access::kWrite);
  if (!work) return work.status();
  Result<Event> event = visible_event(*work, actor, id);
  if (!event) return event.status();
  const Rows<Registration> registrations = work->table(registrations_table());
  Result<std::optional<Registration>> found = registrations.find(registration_id);
  if (!found) return found.status();
  if (!*found || (*found)->event != id || (!sees_all(actor) && (*found)->nation != actor.nation)) {
    return Status(ErrorCode::kNotFound, "no registration " + std::to_string(registration_id));
  }
  Registration registration = **found;
  if (registration.stamp.version != expected_version) {
    return Status(ErrorCode::kConflict, "the registration changed meanwhile (now version " +
                                            std::to_string(registration.stamp.version) + ")");
  }
  if (registration.state != "registered" && registration.state != "waitlisted") {
    return Status(ErrorCode::kRefused, "the registration is " + registration.state);
  }
  if (event->state != "open" && event->state != "closed" && event->state != "planned") {
    return Status(ErrorCode::kRefused, "the event is " + event->state);
  }
  const bool freed = registration.state == "registered";
  const std::string before = audit_json(registrations_table(), registration);
  registration.state = "cancelled";
  Result<Registration> cancelled = registrations.update(registration);
  if (!cancelled) return cancelled.status();
  if (freed) {
    // The first on the waiting list takes the place.
    RowFilter waiting = where("event", id, "state", std::string("waitlisted"));
    waiting.limit = 1;
    Result<std::vector<Registration>> next = registrations.where(waiting);
    if (!next) return next.status();
    if (!next->empty()) {
      Registration promoted = next->front();
      promoted.state = "registered";
      if (Result<Registration> stored = registrations.update(promoted); !stored) return stored.status();
      Subject subject = subject_of(*event);
      subject.nation = promoted.nation;
      if (Status status = notify(*work, {"partner-officer"}, subject,
                                 event->title + ": " + promoted.participant + " moved from the waiting list", registry,
                                 today, now, actor.account);
          !status) {
        return status;
      }
    }
  }
  Result<Event> bumped = work->table(events_table()).update(*event);
  if (!bumped) return bumped.status();
  if (Status status = audit(*work, actor, AuditAction::kUpdate, AuditKind::kEvent, id, before,
                            audit_json(registrations_table(), *cancelled), "", request_id, now);
      !status) {
    return status;
  }
  Result<EventView> view = view_of(*work, actor, *bumped, registry, today);
  if (!view) return view;
  if (Status status = work->commit(); !status) return status;
  return view;
}

Result<EventView> ManageService::record_attendance(const Principal& actor, std::int64_t id,
                                                   std::int64_t registration_id, const std::string& attendance,
                                                   const std::string& request_id) {
  if (Status allowed = authorise(actor, Capability::kPartnership, access_); !allowed) return allowed;
  if (Status staff = authorise(actor, Capability::kPartnershipStaff, access_); !staff) return staff;
  if (attendance != "attended" && attendance != "absent") {
    return Status(ErrorCode::kInvalidArgument, "attendance is attended or absent", "/attendance");
  }
  std::shared_ptr<const Snapshot> snapshot = current_();
  const Date today = clock_.today();
  const std::string now = format_instant(clock_.now());
  Result<Work> work = Work::begin(store_, Store::Access::kWrite);
  if (!work) return work.status();
  Result<Event> event = visible_event(*work, actor, id);
  if (!event) return event.status();
  if (event->state != "held") return Status(ErrorCode::kRefused, "attendance is taken once the event is held");
  const Rows<Registration> registrations = work->table(registrations_table());
  Result<std::optional<Registration>> found = registrations.find(registration_id);
  if (!found) return found.status();
  if (!*found || (*found)->event != id) {
    return Status(ErrorCode::kNotFound, "no registration " + std::to_string(registration_id));
  }
  Registration registration = **found;
  if (registration.state == "cancelled" || registration.state == "waitlisted") {
    return Status(ErrorCode::kRefused, registration.participant + " was " + registration.state);
  }
  const std::string before = audit_json(registrations_table(), registration);
  registration.state = attendance;
  Result<Registration> stored = registrations.update(registration);
  if (!stored) return stored.status();
  Result<Event> bumped = work->table(events_table()).update(*event);
  if (!bumped) return bumped.status();
  if (Status status = audit(*work, actor, AuditAction::kUpdate, AuditKind::kEvent, id, before,
                            audit_json(registrations_table(), *stored), "", request_id, now);
      !status) {
    return status;
  }
  Result<EventView> view = view_of(*work, actor, *bumped, snapshot->registry(), today);
  if (!view) return view;
  if (Status status = work->commit(); !status) return status;
  return view;
}

Result<EventView> ManageService::give_feedback(const Principal& actor, std::int64_t id, std::int64_t rating,
                                               const std::string& text, const std::string& request_id) {
  if (Status allowed = authorise(actor, Capability::kPartnership, access_); !allowed) return allowed;
  if (rating < 1 || rating > 5) return Status(ErrorCode::kInvalidArgument, "rating is 1 to 5", "/rating");
  Result<std::string> body = text_field(text, "/text", false, kMaxText);
  if (!body) return body.status();
  std::shared_ptr<const Snapshot> snapshot = current_();
  const Date today = clock_.today();
  const std::string now = format_instant(clock_.now());
  Result<Work> work = Work::begin(store_, Store::Access::kWrite);
  if (!work) return work.status();
  Result<Event> event = visible_event(*work, actor, id);
  if (!event) return event.status();
  Result<EventView> before = view_of(*work, actor, *event, snapshot->registry(), today);
  if (!before) return before;
  if (!before->may_give_feedback) {
    return Status(ErrorCode::kRefused,
                  "feedback comes from the officers of nations that attended, once, after the event is held");
  }
  Feedback feedback;
  feedback.event = id;
  feedback.nation = actor.nation;
  feedback.author = actor.name;
  feedback.rating = rating;
  feedback.text = *body;
  feedback.at = now;
  Result<Feedback> stored = work->table(feedback_table()).insert(feedback);
  if (!stored) return stored.status();
  Result<Event> bumped = work->table(events_table()).update(*event);
  if (!bumped) return bumped.status();
  if (Status status = audit(*work, actor, AuditAction::kCreate, AuditKind::kEvent, id, "",
                            audit_json(feedback_table(), *stored), "", request_id, now);
      !status) {
    return status;
  }
  Result<EventView> view = view_of(*work, actor, *bumped, snapshot->registry(), today);
  if (!view) return view;
  if (Status status = work->commit(); !status) return status;
  return view;
}

}  // namespace entente
