#pragma once

// Partnership management: what partnership staff and partner liaison officers do every
// day. Programmes (ITPP: objectives → partnership goals → activities) move along the itpp
// workflow and are approved by a council round the decision engine decides; PARP cycles
// with their goals' results; units climbing the evaluation ladder; events from invitation
// to feedback; an inbox of what awaits each user. Every write is one transaction with its
// workflow history and audit rows; every record carries a version, and a write naming a
// stale one changes nothing (kConflict, with the current record). Reads come from the
// store, so several server instances on one database agree.
//
// Who sees what: alliance staff and administrators everything; a nation officer their
// own nation's programmes, cycles, units and registrations, the events their nation is
// invited to, and, for an officer of an Ally, the programmes put to the council.

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/date.hpp"
#include "core/status.hpp"
#include "engine/principal.hpp"
#include "engine/snapshot.hpp"
#include "manage/records.hpp"
#include "manage/workflow.hpp"
#include "store/store.hpp"

namespace entente {

// A step the caller may take, or could but for the reason.
struct ActionOption {
  std::string action;
  std::string to;
  bool allowed = false;
  bool comment = false;
  std::int64_t approvals = 1;
  std::vector<std::string> approved_by;  // approvals gathered so far (N of M)
  std::string reason;
};

struct RoundView {
  CouncilRound round;
  std::vector<CouncilPosition> positions;
  std::vector<std::string> awaiting;  // members that have not stated a position
  bool may_state_position = false;    // the caller represents an Ally that may still speak
};

struct ProgrammeView {
  Programme programme;
  std::string nation_name;
  std::vector<Objective> objectives;
  std::vector<PartnershipGoal> goals;
  std::vector<ProgrammeActivity> activities;
  std::vector<TransitionEntry> history;
  std::vector<RoundView> rounds;
  std::vector<ActionOption> actions;
  std::vector<std::string> states;  // the itpp workflow's states in lifecycle order
  bool editable = false;            // the caller may change its content now
  std::vector<const DcbPackage*> dcb_packages;
  std::vector<std::optional<Date>> dcb_reviews;  // each current package's next two-yearly review
  std::shared_ptr<const Snapshot> snapshot;      // what the names and packages point into
};

struct ProgrammeFields {
  std::optional<std::string> nation;
  std::optional<std::string> title;
  std::optional<std::string> period_from;
  std::optional<std::string> period_to;
  std::optional<std::string> review_on;  // empty: none
};

// A piece of a programme: an objective, a goal or an activity, by kind.
enum class PartKind { kObjective, kGoal, kActivity };
struct PartFields {
  std::optional<std::string> title;
  std::optional<std::string> description;  // objectives
  std::optional<std::int64_t> objective;   // goals
  std::optional<std::string> code;         // goals
  std::optional<std::string> indicator;    // goals
  std::optional<std::int64_t> goal;        // activities
  std::optional<std::string> menu_item;    // activities
  std::optional<std::string> from;         // activities
  std::optional<std::string> to;           // activities
  std::optional<std::string> state;        // activities: planned, done, cancelled
};

// One programme of a bulk import, its parts referring to each other by position: a goal to
// an objective of the same draft, an activity to a goal.
struct ProgrammeDraft {
  ProgrammeFields fields;
  std::vector<PartFields> objectives;
  std::vector<std::pair<PartFields, std::optional<std::size_t>>> goals;       // with its objective's index
  std::vector<std::pair<PartFields, std::optional<std::size_t>>> activities;  // with its goal's index
};

// A step asked for: the subject's version, the action, a comment, and for a step that
// opens a council round its procedure and deadline.
struct StepRequest {
  std::string action;
  std::int64_t expected_version = 0;
  std::string comment;
  std::string procedure;  // consensus or silence; empty: the organisation's usual one
  std::string deadline;   // an instant (RFC 3339); empty: 72 hours from now
  std::string request_id;
  std::vector<std::string> attachments;  // documents the step refers to: http(s) URLs, at most 10
};

struct ProgrammeFilter {
  std::string nation;
  std::string state;
  std::string q;  // words of the title
  std::size_t limit = 100;
  std::size_t offset = 0;
};

struct ProgrammeList {
  std::vector<Programme> programmes;
  std::int64_t total = 0;
};

struct PositionRequest {
  std::string position;  // support, object, abstain
  std::string reason;
  std::string request_id;
};

// A history search: the transitions of every workflow, newest first.
struct TransitionQuery {
  std::string workflow;
  std::int64_t subject = 0;
  std::string actor;
  std::string action;
  std::string from;  // instants, inclusive / exclusive
  std::string to;
  std::size_t limit = 100;
};

struct InboxItem {
  std::string workflow;
  std::int64_t subject = 0;
  std::string title;
  std::string nation;
  std::string state;
  std::vector<std::string> actions;  // what the user may do now
  std::string since;                 // when it entered its state
};

struct Inbox {
  std::vector<InboxItem> awaiting;
  std::vector<Notification> notifications;  // newest first
  std::int64_t unread = 0;
};

// --- PARP ---
struct ParpView {
  ParpCycle cycle;
  std::string nation_name;
  std::vector<PartnershipGoal> goals;
  std::vector<GoalResult> results;
  std::vector<TransitionEntry> history;
  std::vector<ActionOption> actions;
  std::vector<std::string> states;  // the workflow's states in order, for a timeline
  std::shared_ptr<const Snapshot> snapshot;
};
// A result's fields; those absent keep their value. Staff set baseline and target; the
// partner's officers report the actual and a note.
struct GoalResultFields {
  std::int64_t year = 0;
  std::optional<std::string> baseline;
  std::optional<std::string> target;
  std::optional<std::string> actual;
  std::optional<std::string> note;
};

// --- Evaluations ---
struct UnitView {
  Unit unit;
  std::string nation_name;
  std::vector<Evaluation> evaluations;
  std::vector<TransitionEntry> history;
  std::vector<std::string> ladder;  // the workflow's states in order
  std::optional<std::string> next_step;
  std::vector<const ChecklistItem*> checklist;  // of the next step (or the current, for re-evaluation)
  std::vector<ActionOption> actions;
  std::shared_ptr<const Snapshot> snapshot;
};
struct EvaluationRequest {
  std::string step;
  std::vector<std::pair<std::string, bool>> answers;  // checklist item, yes/no
  std::string evaluator;
  std::string on;  // YYYY-MM-DD
  std::string note;
  std::int64_t expected_version = 0;
  std::string request_id;
};

// --- Events ---
struct EventFields {
  std::optional<std::string> menu_item;
  std::optional<std::string> title;
  std::optional<std::string> kind;
  std::optional<std::string> activity;
  std::optional<std::string> from;
  std::optional<std::string> to;
  std::optional<std::string> location;
  std::optional<std::int64_t> capacity;
};
struct EventView {
  Event event;
  std::vector<Invitation> invitations;
  std::vector<Registration> registrations;  // a nation officer sees their nation's
  std::int64_t registered = 0;
  std::int64_t waitlisted = 0;
  std::vector<Feedback> feedback;
  double average_rating = 0;
  std::vector<ActionOption> actions;
  bool may_register = false;
  bool may_give_feedback = false;
};
// A nation refused an invitation, with the rules' reason.
struct Refusal {
  std::string nation;
  std::string reason;
};

// --- The cooperation menu and the reference tables ---
struct MenuFilter {
  std::string q;        // words of the title or provider, case and accents folded
  std::string area;     // kMenuAreaWords
  std::string kind;     // kMenuKindWords
  std::string open_to;  // "member" or a framework id
  std::string nation;   // only what this nation may take part in today, through its standings
};
struct MenuAnswer {
  std::vector<const MenuItem*> items;
  std::vector<std::string> standings;  // the nation's standings today, when a nation was given
  std::shared_ptr<const Snapshot> snapshot;
};
struct ReferenceRows {
  std::vector<const DcbPackage*> dcb_packages;
  std::vector<const WorkflowRule*> workflow_rules;
  std::vector<const ChecklistItem*> checklist_items;
  std::shared_ptr<const Snapshot> snapshot;
};

// The records of partnership management an analysis reads (analytics/interoperability.hpp,
// analytics/cohesion.hpp), as far as the actor may see them.
struct ManageRecords {
  std::string scope;  // "all", a nation's ISO alpha-3, or "none"
  std::vector<Programme> programmes;
  std::vector<CouncilRound> rounds;
  std::vector<CouncilPosition> positions;
  std::vector<ParpCycle> parp_cycles;
  std::vector<Unit> units;
  std::vector<Evaluation> evaluations;
};

// How partnership management is run: the shortest deadline a council round may be given,
// so that one member of staff cannot have the council "decide" before the Allies could
// read the question (the server's --shortest-deadline; the command line, which holds the
// database file anyway, sets none).
struct ManageSettings {
  std::chrono::seconds shortest_deadline{std::chrono::hours(24)};
};

class ManageService {
 public:
  using CurrentSnapshot = std::function<std::shared_ptr<const Snapshot>()>;

  ManageService(Store* store, const Clock& clock, AccessPolicy access, CurrentSnapshot current,
                ManageSettings settings = {});

  // --- Reference: the menu (open to all who read the reference data), DCB packages, the
  // workflows and the checklists ---
  Result<MenuAnswer> menu(const Principal& actor, const MenuFilter& filter) const;
  Result<ReferenceRows> reference(const Principal& actor) const;

  // --- Programmes (ITPP) ---
  Result<ProgrammeList> programmes(const Principal& actor, const ProgrammeFilter& filter) const;
  Result<ProgrammeView> programme(const Principal& actor, std::int64_t id) const;
  Result<ProgrammeView> create_programme(const Principal& actor, const ProgrammeFields& fields,
                                         const std::string& request_id);
  Result<ProgrammeView> update_programme(const Principal& actor, std::int64_t id, std::int64_t expected_version,
                                         const ProgrammeFields& fields, const std::string& request_id);
  // Adds, changes (expected_version of the part) or removes a part; the programme's
  // version moves too, so a step asked on what the asker saw before catches the change.
  Result<ProgrammeView> add_part(const Principal& actor, std::int64_t programme, PartKind kind,
                                 const PartFields& fields, const std::string& request_id);
  Result<ProgrammeView> update_part(const Principal& actor, std::int64_t programme, PartKind kind, std::int64_t id,
                                    std::int64_t expected_version, const PartFields& fields,
                                    const std::string& request_id);
  Result<ProgrammeView> remove_part(const Principal& actor, std::int64_t programme, PartKind kind, std::int64_t id,
                                    std::int64_t expected_version, const std::string& request_id);
  Result<ProgrammeView> step_programme(const Principal& actor, std::int64_t id, const StepRequest& request);
  // Creates every draft with its parts in one transaction, each checked as create_programme
  // and add_part check them: all or nothing. A problem names its place as a JSON pointer
  // into the drafts ("/3/activities/17/from"). `progress`, when given, hears how many
  // drafts are written. Returns the new programmes' ids, in order.
  Result<std::vector<std::int64_t>> import_programmes(const Principal& actor, const std::vector<ProgrammeDraft>& drafts,
                                                      const std::string& request_id,
                                                      const std::function<void(std::size_t)>& progress = {});

  // --- Council rounds ---
  Result<RoundView> round(const Principal& actor, std::int64_t id) const;
  // An Ally's position; an objection under consensus, or a break of silence, decides the
  // round at once (a single objection blocks); so does support from every member.
  Result<RoundView> state_position(const Principal& actor, std::int64_t round, const PositionRequest& request);

  // Fires every timer due by now (council deadlines), each in its own transaction; safe to
  // call from several processes at once: a timer fires once. Returns how many fired.
  Result<int> fire_due_timers();
  // The earliest pending timer's instant, or empty.
  Result<std::string> next_timer() const;

  // --- History, inbox ---
  // Every workflow's transitions, searchable by actor, action and time: staff only (a
  // programme's own history comes with the programme).
  Result<std::vector<TransitionEntry>> transitions(const Principal& actor, const TransitionQuery& query) const;
  Result<Inbox> inbox(const Principal& actor) const;
  // What the analyses read of the records the actor may see: every nation's for staff and
  // administrators, a nation officer's own nation's, nothing for anyone else (no error).
  Result<ManageRecords> records_for_analysis(const Principal& actor) const;
  Status mark_read(const Principal& actor, std::int64_t notification);

  // --- PARP ---
  Result<std::vector<ParpCycle>> parp_cycles(const Principal& actor, const std::string& nation) const;
  Result<ParpView> parp_cycle(const Principal& actor, std::int64_t id) const;
  // Opens a cycle for `nation` in this year; refused (kRefused, with the rule's reason)
  // when the rules say the nation may not take part in the planning and review process.
  Result<ParpView> open_parp(const Principal& actor, const std::string& nation, const std::string& request_id);
  Result<ParpView> step_parp(const Principal& actor, std::int64_t id, const StepRequest& request);
  Result<ParpView> add_parp_goal(const Principal& actor, std::int64_t cycle, const PartFields& fields,
                                 const std::string& request_id);
  Result<ParpView> record_result(const Principal& actor, std::int64_t cycle, std::int64_t goal,
                                 const GoalResultFields& fields, const std::string& request_id);

  // --- Evaluations (OCC E&F) ---
  Result<std::vector<Unit>> units(const Principal& actor, const std::string& nation) const;
  Result<UnitView> unit(const Principal& actor, std::int64_t id) const;
  Result<UnitView> declare_unit(const Principal& actor, const std::string& nation, const std::string& name,
                                const std::string& kind, const std::string& request_id);
  Result<UnitView> record_evaluation(const Principal& actor, std::int64_t unit, const EvaluationRequest& request);

  // --- Events ---
  Result<std::vector<Event>> events(const Principal& actor, const std::string& from, const std::string& to) const;
  Result<EventView> event(const Principal& actor, std::int64_t id) const;
  Result<EventView> create_event(const Principal& actor, const EventFields& fields, const std::string& request_id);
  Result<EventView> step_event(const Principal& actor, std::int64_t id, const StepRequest& request);
  // Invites every nation of `nations` that may take part in the event's activity on its
  // first day; when any may not, invites none and says why for each (kRefused).
  Result<EventView> invite(const Principal& actor, std::int64_t event, const std::vector<std::string>& nations,
                           const std::string& request_id, std::vector<Refusal>* refusals = nullptr);
  Result<EventView> register_participant(const Principal& actor, std::int64_t event, const std::string& nation,
                                         const std::string& participant, const std::string& request_id);
  // Cancels a registration (its nation's officer or staff); the first waitlisted moves up.
  Result<EventView> cancel_registration(const Principal& actor, std::int64_t event, std::int64_t registration,
                                        std::int64_t expected_version, const std::string& request_id);
  // attended or absent, once the event is held.
  Result<EventView> record_attendance(const Principal& actor, std::int64_t event, std::int64_t registration,
                                      const std::string& attendance, const std::string& request_id);
  Result<EventView> give_feedback(const Principal& actor, std::int64_t event, std::int64_t rating,
                                  const std::string& text, const std::string& request_id);

 private:
  struct Impl;
  Store* store_;
  const Clock& clock_;
  AccessPolicy access_;
  CurrentSnapshot current_;
  ManageSettings settings_;
};

}  // namespace entente
