#pragma once

// What partnership staff and partner officers write: programmes (ITPP) with their
// objectives, partnership goals and activities; the planning and review cycle (PARP) and
// its goals' results; units and their interoperability evaluations (OCC E&F); events with
// invitations, registrations and feedback; and the machinery every workflow shares: the
// transitions taken, council rounds with the allies' positions, timers and notifications.
// Each record type has one table description (manage/tables.hpp) and its table in the
// store's migrations. Instants are RFC 3339 UTC texts; words are those of
// manage/vocabulary.hpp or of the workflow table.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/date.hpp"
#include "model/model.hpp"

namespace entente {

// An Individually Tailored Partnership Programme: one partner, one plan.
struct Programme {
  RecordStamp stamp;
  std::string nation;
  std::string organisation;  // the organisation whose council approves it ("NATO")
  std::string title;
  Date period_from;
  Date period_to;
  std::optional<Date> review_on;
  std::string state;  // a state of the itpp workflow
  std::string created_by;
  std::string created_at;
  std::string updated_at;
};

// An end: a strategic objective of a programme.
struct Objective {
  RecordStamp stamp;
  std::int64_t programme = 0;
  std::string title;
  std::string description;
};

// A way: a partnership goal, under a programme's objective, or of a PARP cycle.
struct PartnershipGoal {
  RecordStamp stamp;
  std::int64_t programme = 0;  // 0: none
  std::int64_t objective = 0;  // 0: none
  std::int64_t cycle = 0;      // a PARP cycle, 0: none
  std::string code;            // the partner's numbering ("G 0001")
  std::string title;
  std::string indicator;  // how progress is measured
};

// One period's result of a partnership goal: baseline, target and actual.
struct GoalResult {
  RecordStamp stamp;
  std::int64_t goal = 0;
  std::int64_t year = 0;
  std::string baseline;
  std::string target;
  std::string actual;
  std::string note;
};

// A means: an activity of a programme, from the cooperation menu or bilateral.
struct ProgrammeActivity {
  RecordStamp stamp;
  std::int64_t programme = 0;
  std::int64_t goal = 0;  // 0: none
  std::string menu_item;  // an id of the cooperation menu; empty: bilateral
  std::string title;
  std::optional<Date> from;
  std::optional<Date> to;
  std::string state;  // planned, done, cancelled
};

// A step taken along a workflow (or, for an N-of-M step, one of its approvals).
struct TransitionEntry {
  RecordStamp stamp;
  std::string workflow;
  std::int64_t subject = 0;
  std::string action;
  std::string from_state;
  std::string to_state;
  std::string actor;
  std::string actor_role;
  std::string actor_nation;
  std::string comment;
  std::string at;
  std::int64_t effective = 1;  // 0: an approval that did not yet move the subject
  std::string request_id;
  std::vector<std::string> attachments;  // the documents the step refers to, as http(s) URLs
};

// A question put to a council: adopt the subject or not, by consensus or the silence
// procedure, until a deadline.
struct CouncilRound {
  RecordStamp stamp;
  std::string workflow;
  std::int64_t subject = 0;
  std::string organisation;
  std::string procedure;  // consensus or silence
  std::string question;
  std::string opened_by;
  std::string opened_at;
  std::string deadline;  // an instant
  std::string state;     // open, adopted, not-adopted, withdrawn
  std::string decided_at;
  std::string outcome;    // the decision engine's outcome word
  std::string reasoning;  // the decision engine's reasoning, one "clause: finding" per line
};

// An ally's position in a council round.
struct CouncilPosition {
  RecordStamp stamp;
  std::int64_t round = 0;
  std::string nation;
  std::string position;  // support, object, abstain
  std::string reason;
  std::string actor;
  std::string at;
};

// Something to do at an instant, kept so that it happens across restarts.
struct Timer {
  RecordStamp stamp;
  std::string kind;  // close-council-round
  std::int64_t subject = 0;
  std::string due_at;
  std::string fired_at;  // empty while pending
};

// A message in one account's inbox.
struct Notification {
  RecordStamp stamp;
  std::int64_t account = 0;
  std::string workflow;
  std::int64_t subject = 0;
  std::string text;
  std::string created_at;
  std::string read_at;
};

// A partner's turn of the Planning and Review Process.
struct ParpCycle {
  RecordStamp stamp;
  std::string nation;
  std::string organisation;
  std::int64_t year = 0;    // the year the cycle opens
  std::string state;        // a state of the parp workflow
  std::string eligibility;  // the rules engine's reason, as of the day it was opened
  std::string opened_by;
  std::string opened_at;
};

// A unit a partner declares for interoperability evaluation.
struct Unit {
  RecordStamp stamp;
  std::string nation;
  std::string name;
  std::string kind;   // land, maritime, air, special-operations, other
  std::string level;  // a state of the evaluation workflow
  std::string declared_by;
  std::string declared_at;
};

// One evaluation of a unit at one step of the ladder.
struct Evaluation {
  RecordStamp stamp;
  std::int64_t unit = 0;
  std::string step;                  // sel1, nel1, sel2, nel2
  std::vector<std::string> answers;  // "item=yes" or "item=no", one per checklist item
  std::string outcome;               // passed, failed
  std::string evaluator;
  Date on;
  std::string note;
  std::string recorded_at;
};

// An instance of a menu activity, or a bilateral one.
struct Event {
  RecordStamp stamp;
  std::string menu_item;  // empty: bilateral
  std::string title;
  std::string kind;
  std::string organisation;
  std::string activity;  // the eligibility activity invitations are checked for
  Date from;
  Date to;
  std::string location;
  std::int64_t capacity = 0;
  std::string state;  // a state of the event workflow
  std::string created_by;
  std::string created_at;
};

struct Invitation {
  RecordStamp stamp;
  std::int64_t event = 0;
  std::string nation;
  std::string standing;  // the standing through which the nation is eligible
  std::string invited_by;
  std::string at;
};

struct Registration {
  RecordStamp stamp;
  std::int64_t event = 0;
  std::string nation;
  std::string participant;
  std::string state;  // registered, waitlisted, cancelled, attended, absent
  std::string registered_by;
  std::string at;
};

struct Feedback {
  RecordStamp stamp;
  std::int64_t event = 0;
  std::string nation;
  std::string author;
  std::int64_t rating = 0;  // 1 to 5
  std::string text;
  std::string at;
};

}  // namespace entente
