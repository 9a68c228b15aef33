#pragma once

// The table description of every record type of manage/records.hpp: the store's
// migrations create the tables, Rows<Record> (store/rows.hpp) reads and writes them.

#include "manage/records.hpp"
#include "store/table_description.hpp"

namespace entente {

const TableDescription<Programme>& programmes_table();
const TableDescription<Objective>& objectives_table();
const TableDescription<PartnershipGoal>& goals_table();
const TableDescription<GoalResult>& goal_results_table();
const TableDescription<ProgrammeActivity>& programme_activities_table();
const TableDescription<TransitionEntry>& transitions_table();
const TableDescription<CouncilRound>& council_rounds_table();
const TableDescription<CouncilPosition>& council_positions_table();
const TableDescription<Timer>& timers_table();
const TableDescription<Notification>& notifications_table();
const TableDescription<ParpCycle>& parp_cycles_table();
const TableDescription<Unit>& units_table();
const TableDescription<Evaluation>& evaluations_table();
const TableDescription<Event>& events_table();
const TableDescription<Invitation>& invitations_table();
const TableDescription<Registration>& registrations_table();
const TableDescription<Feedback>& feedback_table();

}  // namespace entente
