#pragma once

#include <string>
#include <vector>

#include "core/status.hpp"
#include "model/model.hpp"
#include "store/data_files.hpp"

namespace entente {

// The files of the reference dataset, in the order they are read.
inline constexpr const char* kNationsFile = "nations.csv";
inline constexpr const char* kNationAliasesFile = "nation_aliases.csv";
inline constexpr const char* kOrganisationsFile = "organisations.csv";
inline constexpr const char* kMembershipsFile = "memberships.csv";
inline constexpr const char* kFrameworksFile = "frameworks.csv";
inline constexpr const char* kPartnershipsFile = "partnerships.csv";
inline constexpr const char* kPlansFile = "partnership_plans.csv";
inline constexpr const char* kTerritoryChangesFile = "territory_changes.csv";
inline constexpr const char* kPopulationsFile = "populations.csv";
inline constexpr const char* kCouncilSeatsFile = "council_seats.csv";
inline constexpr const char* kEligibilityFile = "eligibility.csv";
inline constexpr const char* kConsultationsFile = "article4_consultations.csv";
inline constexpr const char* kOperationsFile = "operations.csv";
inline constexpr const char* kParticipantsFile = "operation_participants.csv";
inline constexpr const char* kTerritorialUnitsFile = "territorial_units.csv";
inline constexpr const char* kSeaAreasFile = "sea_areas.csv";
inline constexpr const char* kMilitaryPersonnelFile = "military_personnel.csv";
inline constexpr const char* kDecisionProceduresFile = "decision_procedures.csv";
inline constexpr const char* kArticle6RegionsFile = "article6_regions.csv";
inline constexpr const char* kAtlasShapeOwnersFile = "atlas_shape_owners.csv";
inline constexpr const char* kPublishersFile = "publishers.csv";
inline constexpr const char* kMenuFile = "cooperation_menu.csv";
inline constexpr const char* kDcbPackagesFile = "dcb_packages.csv";
inline constexpr const char* kWorkflowsFile = "workflows.csv";
inline constexpr const char* kChecklistsFile = "evaluation_checklists.csv";
inline constexpr const char* kDefenceExpenditureFile = "defence_expenditure.csv";
inline constexpr const char* kSpendingGuidelinesFile = "spending_guidelines.csv";
inline constexpr const char* kExercisesFile = "exercises.csv";
inline constexpr const char* kExerciseParticipantsFile = "exercise_participants.csv";
inline constexpr const char* kAlliancesFile = "alliances.csv";
inline constexpr const char* kAllianceMembersFile = "alliance_members.csv";
inline constexpr const char* kAllianceProvisionsFile = "alliance_provisions.csv";
inline constexpr const char* kCoverageFile = "dataset_coverage.csv";

// Reads and validates the whole reference dataset. On any problem the result is
// kInvalidData (or kIo) whose message lists every problem found, one per line, as
// "file:line: reason" — up to a limit, after which it says how many more there were.
//
// A row is rejected for: a missing or unknown column, an unknown nation, organisation or
// framework, an impossible date, `from` not before `to`, a missing source, a duplicate
// key, an interval overlapping another of the same (organisation or framework, nation),
// a period outside the life of its organisation, framework or nation, a territory change
// of a nation that is not a member of the organisation on that day, a territory change
// that disagrees with the unit it names, a unit's polygon that is not a closed ring of
// valid coordinates, a decision procedure outside the vocabulary or overlapping another
// of its organisation, an Article 6 region with both or neither of a polygon and a
// nation, an atlas shape given two owners, a nation's alias that is another nation's
// name, code or alias (compared ignoring case and accents), and a publisher's host that is
// not a lower-case domain name without "www." or is given twice.
Result<Dataset> read_dataset(const DataFiles& files);

// Reads `text` as cooperation_menu.csv (the menu's import): the same checks as the file
// in data/, against the frameworks of `context`; problems as "cooperation_menu.csv:line: reason".
Result<std::vector<MenuItem>> read_menu(std::string_view text, const Dataset& context);

}  // namespace entente
