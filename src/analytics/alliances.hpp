#pragma once

// Alliances compared: the provisions of alliance treaties side by side
// (data/alliances.csv, data/alliance_provisions.csv), and which nations belong to two
// bodies at once, organisations or alliances, on a day.

#include <boost/json/value.hpp>

#include <optional>
#include <string>
#include <vector>

#include "core/status.hpp"
#include "registry/registry.hpp"

namespace entente {

// The member nations (ISO alpha-3, by nation name) of an alliance on `day`: the members of
// its organisation (memberships with status member) when it names one, else its rows of
// alliance_members. Whether the treaty is in force that day is the caller's to check.
std::vector<std::string> alliance_members_on(const Registry& registry, const Alliance& alliance, Date day);

// One alliance's column of the comparison.
struct AllianceColumn {
  const Alliance* alliance = nullptr;
  bool in_force = false;  // in force on as_of
  int member_count = 0;   // members on as_of
};

// One alliance's cell of one provision row: every coded row of that provision, general
// (applies_to empty) first.
struct ProvisionCell {
  std::string alliance;
  // The highest level among the coded rows; nullopt when the provision is not coded for
  // the alliance (unknown, not 0).
  std::optional<int> level;
  std::vector<const AllianceProvision*> entries;
};

struct ProvisionRow {
  std::string provision;             // a word of kProvisionWords
  std::vector<ProvisionCell> cells;  // one per AllianceComparison::alliances, same order
};

struct AllianceComparison {
  Date as_of;
  std::vector<AllianceColumn> alliances;  // in the order asked, or by name when all
  std::vector<ProvisionRow> provisions;   // in kProvisionWords order
};

// The provisions of the alliances `ids` (all, by name, when empty). Fails with
// kNotFound (field "ids") naming every id the registry lacks.
Result<AllianceComparison> compare_alliances(const Registry& registry, const std::vector<std::string>& ids, Date as_of);

enum class BodyKind { kOrganisation, kAlliance };

// An organisation or an alliance and its members on the day.
struct OverlapBody {
  std::string id;
  std::string name;
  BodyKind kind = BodyKind::kOrganisation;
  bool exists = false;               // the organisation exists, or the alliance is in force, on the day
  std::vector<std::string> members;  // ISO alpha-3, by nation name
};

struct OverlapPair {
  std::string first;                 // a body id
  std::string second;                // a body id, later in `bodies` than `first`
  std::vector<std::string> nations;  // in both, by nation name
};

// The bodies one nation belongs to, among those chosen.
struct NationBodies {
  const Nation* nation = nullptr;
  std::vector<std::string> bodies;  // in the order of MembershipOverlaps::bodies
};

struct MembershipOverlaps {
  Date as_of;
  std::vector<OverlapBody> bodies;       // in the order asked; when all, organisations then alliances, by id
  std::vector<std::vector<int>> counts;  // counts[i][j]: nations in bodies i and j; counts[i][i] its size
  std::vector<OverlapPair> pairs;        // every pair i < j, in the order of bodies
  std::vector<NationBodies> nations;     // nations in at least one body, by name
};

// The overlaps of the organisations and alliances `ids` (an id naming both an organisation
// and an alliance is the organisation). Empty: every organisation existing on the day and
// every alliance in force on it, but for an alliance whose id or organisation is one of
// those organisations (the same body twice). Fails with kNotFound (field "ids") naming every unknown id,
// and kInvalidArgument for an id given twice.
Result<MembershipOverlaps> membership_overlaps(const Registry& registry, const std::vector<std::string>& ids,
                                               Date as_of);

boost::json::value to_json(const AllianceComparison& comparison);
// One row per coded provision row (provision, alliance, level, applies_to, article, quote,
// source), in the order of the comparison; a provision not coded for an alliance is one
// row with level empty.
std::string to_csv(const AllianceComparison& comparison);

boost::json::value to_json(const MembershipOverlaps& overlaps);
// One row per pair of bodies: first, second, count, the nations joined with ';'.
std::string to_csv(const MembershipOverlaps& overlaps);

}  // namespace entente
