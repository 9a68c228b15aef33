#pragma once

// Plain value types of the domain. No I/O, no behaviour beyond naming enum values.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.hpp"

namespace entente {

// Where a fact comes from: a URL or a document citation, and a note on disagreements.
struct Provenance {
  std::string source;
  std::string note;
};

enum class NationStatus { kUnMember, kUnObserver, kOther, kHistorical };

struct Nation {
  std::string iso3;  // ISO 3166-1 alpha-3, the key everywhere
  std::string iso2;
  std::string iso_numeric;  // three digits with leading zeros; empty where ISO assigns none
  std::string name;
  NationStatus status = NationStatus::kUnMember;
  std::string region;     // UN M49 region
  std::string subregion;  // UN M49 sub-region
  std::string capital;
  double capital_lat = 0;
  double capital_lon = 0;
  // When the state existed; empty ends mean "before 1945 or not recorded" and "still exists".
  std::optional<Date> from;
  std::optional<Date> to;
  Provenance provenance;

  bool exists_on(Date day) const { return (!from || *from <= day) && (!to || day < *to); }
};

struct Organisation {
  std::string id;  // short stable id: NATO, EU, CSTO...
  std::string name;
  Date founded;
  std::optional<Date> dissolved;
  std::string headquarters;
  double hq_lat = 0;
  double hq_lon = 0;
  std::string decision_rule;
  Provenance provenance;

  bool exists_on(Date day) const { return founded <= day && (!dissolved || day < *dissolved); }
};

enum class MembershipStatus { kMember, kSuspended, kObserver, kAssociate };

// One period of one nation's standing in one organisation. The periods of a
// (organisation, nation) pair never overlap.
struct Membership {
  std::string organisation;
  std::string nation;
  Interval period;
  MembershipStatus status = MembershipStatus::kMember;
  Provenance provenance;
};

struct Framework {
  std::string id;  // PFP, EAPC, MD...
  std::string name;
  std::string organisation;
  Date launched;
  std::optional<Date> ended;
  std::string successor;  // empty when none
  Provenance provenance;
};

enum class PartnershipStatus { kActive, kSuspended };

// One period of one nation's participation in one framework; periods of a
// (framework, nation) pair never overlap.
struct Partnership {
  std::string framework;
  std::string nation;
  Interval period;
  PartnershipStatus status = PartnershipStatus::kActive;
  Provenance provenance;
};

// An individual plan or programme between a nation and an organisation (IPAP, MAP...).
struct PartnershipPlan {
  std::string nation;
  std::string organisation;
  std::string plan;
  Interval period;
  Provenance provenance;
};

enum class TerritoryChangeKind { kExtension, kReduction };

// A territory that comes under, or leaves, an organisation's scope as part of a member
// whose membership continues: the territory of the former GDR joining NATO with the
// united Germany in 1990, France's Algerian departments leaving it in 1962.
struct TerritoryChange {
  std::string organisation;
  std::string nation;
  Date date;
  TerritoryChangeKind kind = TerritoryChangeKind::kExtension;
  std::string territory;  // lower-case description, e.g. "the Algerian departments of France"
  Provenance provenance;
};

// Everything the reference dataset holds; what the store persists and the registry indexes.
struct Dataset {
  std::vector<Nation> nations;
  std::vector<Organisation> organisations;
  std::vector<Membership> memberships;
  std::vector<Framework> frameworks;
  std::vector<Partnership> partnerships;
  std::vector<PartnershipPlan> plans;
  std::vector<TerritoryChange> territory_changes;
};

// A nation's standing towards one organisation on one day, strongest first: a nation that
// is both a former partner and a member is a member.
enum class Relation {
  kMember,
  kSuspendedMember,
  kAssociate,
  kObserver,
  kPartner,
  kSuspendedPartner,
  kFormerMember,
  kFormerPartner,
  kNone,
};

enum class EventKind {
  kAccession,
  kWithdrawal,
  kSuspension,
  kReinstatement,
  kStatusChange,
  kPartnershipStart,
  kPartnershipEnd,
  kPartnershipSuspended,
  kPartnershipResumed,
  kOrganisationFounded,
  kOrganisationDissolved,
  kFrameworkLaunched,
  kFrameworkEnded,
  kTerritoryExtended,
  kTerritoryReduced,
};

// Stable lower-case names used in data files, JSON and CLI output.
std::string_view to_string(NationStatus status);
std::string_view to_string(MembershipStatus status);
std::string_view to_string(PartnershipStatus status);
std::string_view to_string(Relation relation);
std::string_view to_string(EventKind kind);
std::string_view to_string(TerritoryChangeKind kind);

std::optional<NationStatus> parse_nation_status(std::string_view text);
std::optional<MembershipStatus> parse_membership_status(std::string_view text);
std::optional<PartnershipStatus> parse_partnership_status(std::string_view text);
std::optional<TerritoryChangeKind> parse_territory_change_kind(std::string_view text);

}  // namespace entente
