#pragma once

// Plain value types of the domain. No I/O, no behaviour beyond naming enum values.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.hpp"
#include "model/shared_rows.hpp"

namespace entente {

// Where a fact comes from: a URL or a document citation, and a note on disagreements.
struct Provenance {
  std::string source;
  std::string note;
};

// The identity and version of a record users edit (memberships, partnerships, plans).
// Records read from data/ files have none (0) until the store assigns them; every
// committed change of a record increases its version, which is its entity tag.
struct RecordStamp {
  std::int64_t id = 0;
  std::int64_t version = 0;
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

enum class AliasKind { kFormerName, kShortName, kExonym, kAbbreviation };

// Another name by which users look for a nation (data/nation_aliases.csv): Burma for
// Myanmar, UK for the United Kingdom. Each alias names exactly one nation, and is no
// nation's name, compared ignoring case and accents (fold_case_and_accents).
struct NationAlias {
  std::string nation;  // ISO alpha-3
  std::string alias;
  AliasKind kind = AliasKind::kFormerName;
  Provenance provenance;
};

// Whether a publisher's pages are a primary or a secondary source (docs/data.md,
// publishers.csv): primary when the publisher is a state or an intergovernmental
// organisation (or one of their institutions) or keeps an official record or register;
// secondary for everyone else: news, encyclopedias, research, blogs and mirrors.
enum class PublisherKind { kPrimary, kSecondary };

// Who publishes the pages of a web host (data/publishers.csv), so that a source given as a
// bare URL can be named. `host` is a lower-case domain name without "www."; it is the
// publisher of a URL whose host is `host` or ends in "." + `host`, the longest such host
// winning (nato.int for www.nato.int and shape.nato.int).
struct Publisher {
  std::string host;
  std::string publisher;  // as the publisher names itself: "NATO", "UN Statistics Division"
  PublisherKind kind = PublisherKind::kSecondary;
  Provenance provenance;
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
  RecordStamp stamp;
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
  RecordStamp stamp;
};

// An individual plan or programme between a nation and an organisation (IPAP, MAP...).
struct PartnershipPlan {
  std::string nation;
  std::string organisation;
  std::string plan;
  Interval period;
  Provenance provenance;
  RecordStamp stamp;
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
  // The territorial unit that draws the land concerned (its period ends on `date`); empty
  // when the data draws none.
  std::string unit;
  Provenance provenance;
};

// Of figures kept by nation and year (populations, military personnel), the one that
// applies to `year` for `nation`: the latest not after it, else the earliest after it;
// nullptr when the nation has none.
template <typename Figure>
const Figure* figure_for_year(const SharedRows<Figure>& figures, std::string_view nation, int year) {
  const Figure* best = nullptr;
  for (const Figure& figure : figures) {
    if (figure.nation != nation) continue;
    const bool better = best == nullptr || (figure.year <= year && (best->year > year || figure.year > best->year)) ||
                        (figure.year > year && best->year > year && figure.year < best->year);
    if (better) best = &figure;
  }
  return best;
}

// The voting population of a nation for a year (EU qualified-majority voting).
struct Population {
  std::string nation;
  int year = 0;
  long long population = 0;
  Provenance provenance;
};

// A nation's active military personnel in a year: the key by which the simulator
// apportions an alliance's force generation among its members.
struct MilitaryPersonnel {
  std::string nation;
  int year = 0;
  long long personnel = 0;
  Provenance provenance;
};

// A nation's seat on a council with elected members (e.g. AUPSC, the African Union's
// Peace and Security Council) for one term.
struct CouncilSeat {
  std::string council;
  std::string nation;
  Interval period;
  std::string term;  // "2-year", "3-year"
  Provenance provenance;
};

enum class Eligibility { kYes, kNo, kConditional };

// What a standing (member, a framework, a suspended partner) opens to a nation for one
// kind of activity, during a period.
struct EligibilityRule {
  std::string organisation;
  std::string standing;  // "member", a framework id, or "suspended-partner"
  std::string activity;  // from a fixed vocabulary, e.g. "exercises"
  Eligibility eligible = Eligibility::kNo;
  Interval period;
  std::string conditions;
  Provenance provenance;
};

// One invocation of Article 4 of the North Atlantic Treaty.
struct Consultation {
  std::string id;
  Date date;
  std::vector<std::string> requested_by;  // ISO alpha-3 codes
  std::string occasion;
  std::string outcome;
  Provenance provenance;
};

enum class LegalBasis { kUnMandate, kCollectiveSelfDefence, kConsent, kNoneExplicit };

struct Operation {
  std::string id;
  std::string name;
  std::string kind;  // peace-support, air-campaign, maritime-security...
  Interval period;
  std::string area;
  double area_lat = 0;
  double area_lon = 0;
  LegalBasis legal_basis = LegalBasis::kNoneExplicit;
  std::vector<std::string> unsc_resolutions;  // numbers, e.g. "1244"
  bool article5 = false;
  std::string host_consent;  // yes, no, partial
  std::string summary;
  Provenance provenance;
};

struct OperationParticipant {
  std::string operation;
  std::string nation;
  std::string role;  // lead, member-contributor, partner-contributor
  Provenance provenance;
};

enum class ScopeRuling { kCovered, kNotCovered, kContested };

// A territorial unit of a member that needs its own Article 6 ruling: an overseas
// territory, an outlying island group, an enclave.
struct TerritorialUnit {
  std::string code;  // ISO 3166-1 alpha-3 or ISO 3166-2
  std::string name;
  std::string sovereign;
  double lat = 0;
  double lon = 0;
  double radius_km = 0;
  std::string continent;
  std::string north_of_tropic;    // yes, no
  std::string in_north_atlantic;  // yes, no, debated
  ScopeRuling ruling = ScopeRuling::kContested;
  std::string clause;
  std::string reasoning;
  // The period the unit and its ruling hold; empty ends are open. A unit with
  // `now_part_of` describes land whose sovereign in its period differs from today's map:
  // during the period it rules the points of that nation's land (in the atlas) that its
  // polygon, or else its circle, holds.
  std::optional<Date> from;
  std::optional<Date> to;
  std::string now_part_of;                         // ISO alpha-3, or empty
  std::vector<std::pair<double, double>> polygon;  // (longitude, latitude), closed; empty: the circle
  Provenance provenance;

  bool exists_on(Date day) const { return (!from || *from <= day) && (!to || day < *to); }
};

// A sea area named in Article 6(ii), or one whose status is debated, as a polygon of
// (longitude, latitude) vertices.
struct SeaArea {
  std::string id;
  std::string name;
  ScopeRuling status = ScopeRuling::kContested;
  std::vector<std::pair<double, double>> polygon;
  Provenance provenance;
};

// A region whose land Article 6(1) of the North Atlantic Treaty covers when it is a Party's:
// a continent drawn as a polygon ("in Europe or North America"), or the whole territory of
// one nation the article names (Turkey, since the 1951 Protocol). Exactly one of `nation`
// and `polygon` is given.
struct Article6Region {
  std::string id;
  std::string name;    // a continent's name ends the finding "territory of <Party> in <name>"
  std::string clause;  // the verdict's clause, e.g. "6(1)-europe-north-america"
  std::string nation;  // ISO alpha-3 of the nation named whole; empty for a continent
  // The period the article names the region in; empty ends are open.
  std::optional<Date> from;
  std::optional<Date> to;
  std::vector<std::pair<double, double>> polygon;  // (longitude, latitude), closed; empty for a nation
  std::string reasoning;                           // the finding for a nation named whole; empty for a continent
  Provenance provenance;

  bool exists_on(Date day) const { return (!from || *from <= day) && (!to || day < *to); }
};

// The nation that holds, in international law, the land of an atlas shape that no nation
// matches by ISO code or name (Natural Earth draws some de facto entities apart).
struct AtlasShapeOwner {
  std::string shape;   // Natural Earth's name of the shape, e.g. "N. Cyprus"
  std::string nation;  // ISO alpha-3
  Provenance provenance;
};

// A procedure an organisation's body decides by (data/decision_procedures.csv), during a
// period; `usual` marks the one used when a proposal names none.
struct DecisionProcedure {
  std::string organisation;
  std::string procedure;  // a word of Vocabulary<Procedure>: consensus, silence, unanimity...
  std::string body;       // "North Atlantic Council"
  bool usual = false;
  std::string council;  // the council of council_seats.csv whose seats vote (psc); else empty
  Interval period;
  Provenance provenance;
};

// A ring of (longitude, latitude) vertices, closed (the last vertex equals the first).
using Ring = std::vector<std::pair<double, double>>;
// An outer ring followed by its holes.
using PolygonRings = std::vector<Ring>;

// An activity template of the cooperation menu (data/cooperation_menu.csv): what is
// offered, by whom, to which standings.
struct MenuItem {
  std::string id;
  std::string title;
  std::string area;                    // a word of kMenuAreaWords
  std::string kind;                    // a word of kMenuKindWords
  std::string provider;                // an Ally, a NATO body, a centre of excellence
  std::string activity;                // the eligibility activity taking part is checked for (kActivityWords)
  std::vector<std::string> open_to;    // "member" and framework ids
  std::vector<std::string> languages;  // ISO 639-1
  std::int64_t capacity = 0;           // participants; 0 when not published
  std::int64_t duration_days = 0;      // 0 when not published
  Provenance provenance;
};

// A partner's defence capacity building package (data/dcb_packages.csv), reviewed every
// two years.
struct DcbPackage {
  std::string nation;
  Interval period;
  Provenance provenance;
};

// One step of a workflow (data/workflows.csv): who may move a subject from one state to
// another, with what conditions and what follows.
struct WorkflowRule {
  std::string workflow;  // kWorkflowWords
  std::string action;
  std::string from;
  std::string to;
  std::vector<std::string> actors;  // kWorkflowActorWords
  bool comment = false;             // the step needs a comment
  std::int64_t approvals = 1;       // distinct actors needed (N of M)
  std::string distinct_from;        // an action whose actor may not take this one (four eyes)
  std::string eligibility;          // an activity (kActivityWords) the subject's nation must be eligible for
  std::string guard;                // kWorkflowGuardWords, or empty
  std::string effect;               // kWorkflowEffectWords, or empty
  std::vector<std::string> notify;  // kWorkflowActorWords
  Provenance provenance;
};

// An item of the yes/no checklist of one step of interoperability evaluation
// (data/evaluation_checklists.csv).
struct ChecklistItem {
  std::string step;  // kEvaluationStepWords
  std::string item;  // a short id, unique within the step
  std::string text;
  Provenance provenance;
};

// One Ally's defence expenditure in one year, in NATO's own figures
// (data/defence_expenditure.csv). A figure NATO's tables do not give is absent, never 0.
struct DefenceExpenditure {
  std::string nation;
  int year = 0;
  std::optional<double> expenditure_musd;  // million US dollars, current prices
  std::optional<double> gdp_share;         // percent of GDP
  std::optional<double> equipment_share;   // percent of defence expenditure on major equipment
  bool estimate = false;                   // NATO marks the year's figures as estimates
  Provenance provenance;
};

// A guideline the Allies agreed for their defence spending (data/spending_guidelines.csv):
// a share (metric, kSpendingMetricWords) to reach by a year.
struct SpendingGuideline {
  std::string id;
  std::string name;
  Date agreed;
  std::string summit;
  std::string metric;
  double threshold = 0;  // percent
  int by_year = 0;
  Provenance provenance;
};

// A military exercise (data/exercises.csv) and the nations that took part in it.
struct Exercise {
  std::string id;
  std::string name;
  Date start;
  Date end;          // the last day, inclusive
  std::string lead;  // an organisation id or a nation's ISO alpha-3
  std::string location;
  double lat = 0;
  double lon = 0;
  std::string domain;  // kExerciseDomainWords
  Provenance provenance;
};

struct ExerciseParticipant {
  std::string exercise;
  std::string nation;
  std::string role;  // kExerciseRoleWords
  Provenance provenance;
};

// An alliance treaty whose obligations are coded provision by provision (data/alliances.csv).
// Its members are those of `organisation` in the registry, or else its rows of
// alliance_members.csv.
struct Alliance {
  std::string id;
  std::string name;
  std::string treaty;
  Date signed_on;
  Date in_force;
  std::optional<Date> ended;
  std::string organisation;  // empty: members from alliance_members.csv
  std::string atop_id;       // the ATOP project's identifier, where a source gives it
  Provenance provenance;

  bool in_force_on(Date day) const { return in_force <= day && (!ended || day < *ended); }
};

struct AllianceMember {
  std::string alliance;
  std::string nation;
  Interval period;
  Provenance provenance;
};

// One provision of an alliance treaty, coded from its text (data/alliance_provisions.csv):
// level 0 when the treaty does not provide it, 1 when it does, 2 in a binding, automatic form.
struct AllianceProvision {
  std::string alliance;
  std::string provision;  // kProvisionWords
  int level = 0;
  std::string applies_to;  // empty: every member towards every other; else the one member bound
  std::string article;
  std::string quote;
  Provenance provenance;
};

// The days a dataset of Entente covers (data/dataset_coverage.csv): outside them an
// analysis reports a value as missing, never as 0.
struct DatasetCoverage {
  std::string dataset;  // kCoverageDatasetWords
  Interval period;
  Provenance provenance;

  bool covers_year(int year) const {
    return period.from.year() <= year && (!period.to || year < period.to->year() ||
                                          (year == period.to->year() && *period.to > Date::from_ymd(year, 1, 1)));
  }
};

// A country's land from Natural Earth (world-atlas), matched to nations by ISO numeric code.
struct CountryShape {
  std::string id;    // ISO 3166-1 numeric, or the Natural Earth name where it has none
  std::string name;  // Natural Earth's name
  std::vector<PolygonRings> polygons;
};

// Everything the reference dataset holds; what the store persists and the registry indexes.
// A copy shares every table with the original until one of them changes it.
struct Dataset {
  SharedRows<Nation> nations;
  SharedRows<NationAlias> nation_aliases;
  SharedRows<Organisation> organisations;
  SharedRows<Membership> memberships;
  SharedRows<Framework> frameworks;
  SharedRows<Partnership> partnerships;
  SharedRows<PartnershipPlan> plans;
  SharedRows<TerritoryChange> territory_changes;
  SharedRows<Population> populations;
  SharedRows<MilitaryPersonnel> military_personnel;
  SharedRows<CouncilSeat> council_seats;
  SharedRows<EligibilityRule> eligibility;
  SharedRows<Consultation> consultations;
  SharedRows<Operation> operations;
  SharedRows<OperationParticipant> participants;
  SharedRows<TerritorialUnit> territorial_units;
  SharedRows<SeaArea> sea_areas;
  SharedRows<DecisionProcedure> decision_procedures;
  SharedRows<Article6Region> article6_regions;
  SharedRows<AtlasShapeOwner> atlas_shape_owners;
  SharedRows<Publisher> publishers;
  SharedRows<MenuItem> menu;
  SharedRows<DcbPackage> dcb_packages;
  SharedRows<WorkflowRule> workflow_rules;
  SharedRows<ChecklistItem> checklist_items;
  SharedRows<DefenceExpenditure> defence_expenditure;
  SharedRows<SpendingGuideline> spending_guidelines;
  SharedRows<Exercise> exercises;
  SharedRows<ExerciseParticipant> exercise_participants;
  SharedRows<Alliance> alliances;
  SharedRows<AllianceMember> alliance_members;
  SharedRows<AllianceProvision> alliance_provisions;
  SharedRows<DatasetCoverage> coverage;
  SharedRows<CountryShape> country_shapes;  // from the atlas, not from data/
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

// Stable lower-case names used in data files, JSON and CLI output: the words of
// model/vocabulary.hpp.
std::string_view to_string(NationStatus status);
std::string_view to_string(MembershipStatus status);
std::string_view to_string(PartnershipStatus status);
std::string_view to_string(Relation relation);
std::string_view to_string(EventKind kind);
std::string_view to_string(TerritoryChangeKind kind);
std::string_view to_string(Eligibility eligibility);
std::string_view to_string(LegalBasis basis);
std::string_view to_string(ScopeRuling ruling);

std::optional<NationStatus> parse_nation_status(std::string_view text);
std::optional<MembershipStatus> parse_membership_status(std::string_view text);
std::optional<PartnershipStatus> parse_partnership_status(std::string_view text);
std::optional<TerritoryChangeKind> parse_territory_change_kind(std::string_view text);
std::optional<Eligibility> parse_eligibility(std::string_view text);
std::optional<LegalBasis> parse_legal_basis(std::string_view text);
std::optional<ScopeRuling> parse_scope_ruling(std::string_view text);

}  // namespace entente
