#include "manage/tables.hpp"

namespace entente {

namespace {

// A column of a table no data file feeds.
template <typename Record, typename Field>
Column<Record> field(const char* name, Field Record::*member) {
  return table_detail::field_column<Record>(ColumnName(name, ""), table_detail::member(member), {});
}

template <typename Record, typename... Columns>
TableDescription<Record> table(std::string_view name, Columns... columns) {
  return TableDescription<Record>{name, nullptr, nullptr, "id",
                                  columns_of<Record>(stamp(&Record::stamp), std::move(columns)...)};
}

}  // namespace

const TableDescription<Programme>& programmes_table() {
  static const auto kTable = table<Programme>(
      "programmes", field("nation", &Programme::nation), field("organisation", &Programme::organisation),
      field("title", &Programme::title), field("period_from", &Programme::period_from),
      field("period_to", &Programme::period_to), field("review_on", &Programme::review_on),
      field("state", &Programme::state), field("created_by", &Programme::created_by),
      field("created_at", &Programme::created_at), field("updated_at", &Programme::updated_at));
  return kTable;
}

const TableDescription<Objective>& objectives_table() {
  static const auto kTable =
      table<Objective>("programme_objectives", field("programme", &Objective::programme),
                       field("title", &Objective::title), field("description", &Objective::description));
  return kTable;
}

const TableDescription<PartnershipGoal>& goals_table() {
  static const auto kTable =
      table<PartnershipGoal>("partnership_goals", field("programme", &PartnershipGoal::programme),
                             field("objective", &PartnershipGoal::objective), field("cycle", &PartnershipGoal::cycle),
                             field("code", &PartnershipGoal::code), field("title", &PartnershipGoal::title),
                             field("indicator", &PartnershipGoal::indicator));
  return kTable;
}

const TableDescription<GoalResult>& goal_results_table() {
  static const auto kTable =
      table<GoalResult>("goal_results", field("goal", &GoalResult::goal), field("year", &GoalResult::year),
                        field("baseline", &GoalResult::baseline), field("target", &GoalResult::target),
                        field("actual", &GoalResult::actual), field("note", &GoalResult::note));
  return kTable;
}

const TableDescription<ProgrammeActivity>& programme_activities_table() {
  static const auto kTable = table<ProgrammeActivity>(
      "programme_activities", field("programme", &ProgrammeActivity::programme),
      field("goal", &ProgrammeActivity::goal), field("menu_item", &ProgrammeActivity::menu_item),
      field("title", &ProgrammeActivity::title), field("valid_from", &ProgrammeActivity::from),
      field("valid_to", &ProgrammeActivity::to), field("state", &ProgrammeActivity::state));
  return kTable;
}

const TableDescription<TransitionEntry>& transitions_table() {
  static const auto kTable = table<TransitionEntry>(
      "workflow_transitions", field("workflow", &TransitionEntry::workflow),
      field("subject", &TransitionEntry::subject), field("action", &TransitionEntry::action),
      field("from_state", &TransitionEntry::from_state), field("to_state", &TransitionEntry::to_state),
      field("actor", &TransitionEntry::actor), field("actor_role", &TransitionEntry::actor_role),
      field("actor_nation", &TransitionEntry::actor_nation), field("comment", &TransitionEntry::comment),
      field("at", &TransitionEntry::at), field("effective", &TransitionEntry::effective),
      field("request_id", &TransitionEntry::request_id), field("attachments", &TransitionEntry::attachments));
  return kTable;
}

const TableDescription<CouncilRound>& council_rounds_table() {
  static const auto kTable = table<CouncilRound>(
      "council_rounds", field("workflow", &CouncilRound::workflow), field("subject", &CouncilRound::subject),
      field("organisation", &CouncilRound::organisation), field("procedure", &CouncilRound::procedure),
      field("question", &CouncilRound::question), field("opened_by", &CouncilRound::opened_by),
      field("opened_at", &CouncilRound::opened_at), field("deadline", &CouncilRound::deadline),
      field("state", &CouncilRound::state), field("decided_at", &CouncilRound::decided_at),
      field("outcome", &CouncilRound::outcome), field("reasoning", &CouncilRound::reasoning));
  return kTable;
}

const TableDescription<CouncilPosition>& council_positions_table() {
  static const auto kTable = table<CouncilPosition>(
      "council_positions", field("round", &CouncilPosition::round), field("nation", &CouncilPosition::nation),
      field("position", &CouncilPosition::position), field("reason", &CouncilPosition::reason),
      field("actor", &CouncilPosition::actor), field("at", &CouncilPosition::at));
  return kTable;
}

const TableDescription<Timer>& timers_table() {
  static const auto kTable = table<Timer>("timers", field("kind", &Timer::kind), field("subject", &Timer::subject),
                                          field("due_at", &Timer::due_at), field("fired_at", &Timer::fired_at));
  return kTable;
}

const TableDescription<Notification>& notifications_table() {
  static const auto kTable = table<Notification>(
      "notifications", field("account", &Notification::account), field("workflow", &Notification::workflow),
      field("subject", &Notification::subject), field("text", &Notification::text),
      field("created_at", &Notification::created_at), field("read_at", &Notification::read_at));
  return kTable;
}

const TableDescription<ParpCycle>& parp_cycles_table() {
  static const auto kTable = table<ParpCycle>(
      "parp_cycles", field("nation", &ParpCycle::nation), field("organisation", &ParpCycle::organisation),
      field("year", &ParpCycle::year), field("state", &ParpCycle::state), field("eligibility", &ParpCycle::eligibility),
      field("opened_by", &ParpCycle::opened_by), field("opened_at", &ParpCycle::opened_at));
  return kTable;
}

const TableDescription<Unit>& units_table() {
  static const auto kTable = table<Unit>(
      "units", field("nation", &Unit::nation), field("name", &Unit::name), field("kind", &Unit::kind),
      field("level", &Unit::level), field("declared_by", &Unit::declared_by), field("declared_at", &Unit::declared_at));
  return kTable;
}

const TableDescription<Evaluation>& evaluations_table() {
  static const auto kTable =
      table<Evaluation>("evaluations", field("unit", &Evaluation::unit), field("step", &Evaluation::step),
                        field("answers", &Evaluation::answers), field("outcome", &Evaluation::outcome),
                        field("evaluator", &Evaluation::evaluator), field("evaluated_on", &Evaluation::on),
                        field("note", &Evaluation::note), field("recorded_at", &Evaluation::recorded_at));
  return kTable;
}

const TableDescription<Event>& events_table() {
  static const auto kTable = table<Event>(
      "events", field("menu_item", &Event::menu_item), field("title", &Event::title), field("kind", &Event::kind),
      field("organisation", &Event::organisation), field("activity", &Event::activity),
      field("valid_from", &Event::from), field("valid_to", &Event::to), field("location", &Event::location),
      field("capacity", &Event::capacity), field("state", &Event::state), field("created_by", &Event::created_by),
      field("created_at", &Event::created_at));
  return kTable;
}

const TableDescription<Invitation>& invitations_table() {
  static const auto kTable =
      table<Invitation>("invitations", field("event", &Invitation::event), field("nation", &Invitation::nation),
                        field("standing", &Invitation::standing), field("invited_by", &Invitation::invited_by),
                        field("at", &Invitation::at));
  return kTable;
}

const TableDescription<Registration>& registrations_table() {
  static const auto kTable =
      table<Registration>("registrations", field("event", &Registration::event), field("nation", &Registration::nation),
                          field("participant", &Registration::participant), field("state", &Registration::state),
                          field("registered_by", &Registration::registered_by), field("at", &Registration::at));
  return kTable;
}

const TableDescription<Feedback>& feedback_table() {
  static const auto kTable =
      table<Feedback>("feedback", field("event", &Feedback::event), field("nation", &Feedback::nation),
                      field("author", &Feedback::author), field("rating", &Feedback::rating),
                      field("text", &Feedback::text), field("at", &Feedback::at));
  return kTable;
}

}  // namespace entente
