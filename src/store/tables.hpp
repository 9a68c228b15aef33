#pragma once

// The description of every table of facts (see table_description.hpp). The data file
// reader and the database backends visit them with for_each_table; a new kind of fact is a
// description here, its rows in Dataset and a migration that creates its table.

#include "core/status.hpp"
#include "model/model.hpp"
#include "store/table_description.hpp"

namespace entente {

const TableDescription<Nation>& nations_table();
const TableDescription<NationAlias>& nation_aliases_table();
const TableDescription<Organisation>& organisations_table();
const TableDescription<Framework>& frameworks_table();
const TableDescription<Membership>& memberships_table();
const TableDescription<Partnership>& partnerships_table();
const TableDescription<PartnershipPlan>& plans_table();
const TableDescription<TerritoryChange>& territory_changes_table();
const TableDescription<Population>& populations_table();
const TableDescription<MilitaryPersonnel>& military_personnel_table();
const TableDescription<CouncilSeat>& council_seats_table();
const TableDescription<EligibilityRule>& eligibility_table();
const TableDescription<Consultation>& consultations_table();
const TableDescription<Operation>& operations_table();
const TableDescription<OperationParticipant>& participants_table();
const TableDescription<TerritorialUnit>& territorial_units_table();
const TableDescription<SeaArea>& sea_areas_table();
const TableDescription<DecisionProcedure>& decision_procedures_table();
const TableDescription<Article6Region>& article6_regions_table();
const TableDescription<AtlasShapeOwner>& atlas_shape_owners_table();
const TableDescription<Publisher>& publishers_table();
const TableDescription<MenuItem>& menu_table();
const TableDescription<DcbPackage>& dcb_packages_table();
const TableDescription<WorkflowRule>& workflows_table();
const TableDescription<ChecklistItem>& checklists_table();
const TableDescription<DefenceExpenditure>& defence_expenditure_table();
const TableDescription<SpendingGuideline>& spending_guidelines_table();
const TableDescription<Exercise>& exercises_table();
const TableDescription<ExerciseParticipant>& exercise_participants_table();
const TableDescription<Alliance>& alliances_table();
const TableDescription<AllianceMember>& alliance_members_table();
const TableDescription<AllianceProvision>& alliance_provisions_table();
const TableDescription<DatasetCoverage>& coverage_table();
const TableDescription<CountryShape>& country_shapes_table();

// Calls `visit` (returning a Status) with every table's description, each before the
// tables that refer to it: the order data files are read and rows are written in. Stops
// at the first failure and returns it.
template <typename Visit>
Status for_each_table(Visit&& visit) {
  Status status = Status::ok();
  const auto each = [&status, &visit](const auto& table) {
    if (status) status = visit(table);
  };
  each(nations_table());
  each(nation_aliases_table());
  each(organisations_table());
  each(frameworks_table());
  each(memberships_table());
  each(partnerships_table());
  each(plans_table());
  each(territory_changes_table());
  each(populations_table());
  each(military_personnel_table());
  each(council_seats_table());
  each(eligibility_table());
  each(consultations_table());
  each(operations_table());
  each(participants_table());
  each(territorial_units_table());
  each(sea_areas_table());
  each(decision_procedures_table());
  each(article6_regions_table());
  each(atlas_shape_owners_table());
  each(publishers_table());
  each(menu_table());
  each(dcb_packages_table());
  each(workflows_table());
  each(checklists_table());
  each(defence_expenditure_table());
  each(spending_guidelines_table());
  each(exercises_table());
  each(exercise_participants_table());
  each(alliances_table());
  each(alliance_members_table());
  each(alliance_provisions_table());
  each(coverage_table());
  each(country_shapes_table());
  return status;
}

}  // namespace entente
