#pragma once

// The one vocabulary of every enumeration whose words cross a boundary: data files, JSON
// answers and requests, CLI output, scenario files and the browser UI. Each enumeration's
// words are listed once, here, in a table of {value, word}; every to_string and parse_*
// function reads these tables. The UI imports the same words from web/src/vocabulary.ts,
// and docs/openapi.json's enums list them: the unit tests in vocabulary_test.cpp keep both
// equal to these tables.
//
// Words are lower-case ASCII letters, digits and hyphens (the partnership plans, which are
// acronyms, are upper-case), so they need no escaping in JSON, CSV or a URL.

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "model/model.hpp"

namespace entente {

// The kind of crisis a simulation scenario plays out (scenario files: [scenario] kind).
enum class CrisisKind { kArmedAttack, kHybrid, kCyber, kTerrorist, kPiracy };

// What an armed attack under Article 5 strikes (Article 6: territory, forces, vessels,
// aircraft).
enum class TargetKind { kTerritory, kForces, kVessel, kAircraft };

// What one member says about a proposal.
enum class Position {
  kSupport,  // votes for, or joins the consensus
  kObject,   // votes against, blocks consensus, or breaks silence
  kAbstain,  // abstains (for the EU's constructive abstention, see formal_abstentions)
  kSilent,   // says nothing: consent under consensus and the silence procedure
  kAbsent,   // not present and not represented
};

// How an organisation decides.
enum class Procedure {
  kConsensus,             // no member objects (NATO's North Atlantic Council; CSTO, ASEAN, GCC...)
  kSilence,               // NATO's silence procedure: adopted at the deadline unless silence is broken
  kUnanimity,             // EU unanimity with constructive abstention, Article 31(1) TEU
  kQualifiedMajority,     // EU qualified majority, Article 16(4) TEU and Article 238(3) TFEU
  kPeaceSecurityCouncil,  // AU Peace and Security Council, Article 8(13) of its Protocol
};

// How an operation's use of force or presence is founded in law, judged from the record.
enum class LegalClassification {
  kUnMandated,             // a UN Security Council resolution authorises or expressly welcomes it
  kCollectiveSelfDefence,  // Article 5 of the Treaty with Article 51 of the UN Charter
  kConsentBased,           // at the request or with the consent of the host state
  kNoExplicitMandate,      // none of the above: contested
};

// Where a simulation job stands.
enum class JobState { kQueued, kRunning, kDone, kFailed, kCancelled };

// What an account may do (docs/security.md, "Roles"). Nation officers and viewers may
// belong to a nation; staff and administrators belong to the alliance.
enum class Role { kViewer, kNationOfficer, kAllianceStaff, kAdministrator };

// The kinds of registry record staff edit.
enum class RecordKind { kMembership, kPartnership, kPlan };

// The forms a list route answers in (?format=): JSON, or CSV with the command line's columns.
enum class ReplyFormat { kJson, kCsv };

// What an audit entry is about: a registry record, or an account and its credentials.
enum class AuditKind {
  kMembership,
  kPartnership,
  kPlan,
  kAccount,
  kToken,
  kProgramme,
  kParpCycle,
  kUnit,
  kEvent,
  kCouncilRound,
  kMenu,
};

// What a change did.
enum class AuditAction { kCreate, kUpdate, kDelete, kDisable, kResetPassword, kRevoke, kStep, kPosition, kImport };

// One word of an enumeration's vocabulary.
template <typename Enum>
struct EnumWord {
  Enum value;
  std::string_view word;
};

// Vocabulary<Enum>::kName names the vocabulary (its key in web/src/vocabulary.ts);
// ::kWords lists every value of Enum with its word, in declaration order.
template <typename Enum>
struct Vocabulary;

// True when `word` is made of the allowed characters, with no hyphen at either end.
constexpr bool is_word(std::string_view word) {
  if (word.empty() || word.front() == '-' || word.back() == '-') return false;
  for (char c : word) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

// True when `words` lists the values 0, 1, 2... in order, each with a distinct word: the
// invariant every table below is checked against at compile time.
template <typename Enum, std::size_t N>
constexpr bool is_vocabulary(const std::array<EnumWord<Enum>, N>& words) {
  for (std::size_t i = 0; i < N; ++i) {
    if (static_cast<std::size_t>(static_cast<std::underlying_type_t<Enum>>(words[i].value)) != i) return false;
    if (!is_word(words[i].word)) return false;
    for (std::size_t j = 0; j < i; ++j) {
      if (words[j].word == words[i].word) return false;
    }
  }
  return true;
}

template <>
struct Vocabulary<NationStatus> {
  static constexpr std::string_view kName = "nation_status";
  static constexpr std::array<EnumWord<NationStatus>, 4> kWords{{
      {NationStatus::kUnMember, "un-member"},
      {NationStatus::kUnObserver, "un-observer"},
      {NationStatus::kOther, "other"},
      {NationStatus::kHistorical, "historical"},
  }};
};

template <>
struct Vocabulary<AliasKind> {
  static constexpr std::string_view kName = "alias_kind";
  static constexpr std::array<EnumWord<AliasKind>, 4> kWords{{
      {AliasKind::kFormerName, "former-name"},
      {AliasKind::kShortName, "short-name"},
      {AliasKind::kExonym, "exonym"},
      {AliasKind::kAbbreviation, "abbreviation"},
  }};
};

template <>
struct Vocabulary<PublisherKind> {
  static constexpr std::string_view kName = "publisher_kind";
  static constexpr std::array<EnumWord<PublisherKind>, 2> kWords{{
      {PublisherKind::kPrimary, "primary"},
      {PublisherKind::kSecondary, "secondary"},
  }};
};

template <>
struct Vocabulary<MembershipStatus> {
  static constexpr std::string_view kName = "membership_status";
  static constexpr std::array<EnumWord<MembershipStatus>, 4> kWords{{
      {MembershipStatus::kMember, "member"},
      {MembershipStatus::kSuspended, "suspended"},
      {MembershipStatus::kObserver, "observer"},
      {MembershipStatus::kAssociate, "associate"},
  }};
};

template <>
struct Vocabulary<PartnershipStatus> {
  static constexpr std::string_view kName = "partnership_status";
  static constexpr std::array<EnumWord<PartnershipStatus>, 2> kWords{{
      {PartnershipStatus::kActive, "active"},
      {PartnershipStatus::kSuspended, "suspended"},
  }};
};

template <>
struct Vocabulary<TerritoryChangeKind> {
  static constexpr std::string_view kName = "territory_change_kind";
  static constexpr std::array<EnumWord<TerritoryChangeKind>, 2> kWords{{
      {TerritoryChangeKind::kExtension, "extension"},
      {TerritoryChangeKind::kReduction, "reduction"},
  }};
};

template <>
struct Vocabulary<Eligibility> {
  static constexpr std::string_view kName = "eligibility";
  static constexpr std::array<EnumWord<Eligibility>, 3> kWords{{
      {Eligibility::kYes, "yes"},
      {Eligibility::kNo, "no"},
      {Eligibility::kConditional, "conditional"},
  }};
};

template <>
struct Vocabulary<LegalBasis> {
  static constexpr std::string_view kName = "legal_basis";
  static constexpr std::array<EnumWord<LegalBasis>, 4> kWords{{
      {LegalBasis::kUnMandate, "un-mandate"},
      {LegalBasis::kCollectiveSelfDefence, "collective-self-defence"},
      {LegalBasis::kConsent, "consent"},
      {LegalBasis::kNoneExplicit, "none-explicit"},
  }};
};

template <>
struct Vocabulary<ScopeRuling> {
  static constexpr std::string_view kName = "scope_ruling";
  static constexpr std::array<EnumWord<ScopeRuling>, 3> kWords{{
      {ScopeRuling::kCovered, "covered"},
      {ScopeRuling::kNotCovered, "not-covered"},
      {ScopeRuling::kContested, "contested"},
  }};
};

template <>
struct Vocabulary<Relation> {
  static constexpr std::string_view kName = "relation";
  static constexpr std::array<EnumWord<Relation>, 9> kWords{{
      {Relation::kMember, "member"},
      {Relation::kSuspendedMember, "suspended-member"},
      {Relation::kAssociate, "associate"},
      {Relation::kObserver, "observer"},
      {Relation::kPartner, "partner"},
      {Relation::kSuspendedPartner, "suspended-partner"},
      {Relation::kFormerMember, "former-member"},
      {Relation::kFormerPartner, "former-partner"},
      {Relation::kNone, "none"},
  }};
};

template <>
struct Vocabulary<EventKind> {
  static constexpr std::string_view kName = "event_kind";
  static constexpr std::array<EnumWord<EventKind>, 15> kWords{{
      {EventKind::kAccession, "accession"},
      {EventKind::kWithdrawal, "withdrawal"},
      {EventKind::kSuspension, "suspension"},
      {EventKind::kReinstatement, "reinstatement"},
      {EventKind::kStatusChange, "status-change"},
      {EventKind::kPartnershipStart, "partnership-start"},
      {EventKind::kPartnershipEnd, "partnership-end"},
      {EventKind::kPartnershipSuspended, "partnership-suspended"},
      {EventKind::kPartnershipResumed, "partnership-resumed"},
      {EventKind::kOrganisationFounded, "organisation-founded"},
      {EventKind::kOrganisationDissolved, "organisation-dissolved"},
      {EventKind::kFrameworkLaunched, "framework-launched"},
      {EventKind::kFrameworkEnded, "framework-ended"},
      {EventKind::kTerritoryExtended, "territory-extended"},
      {EventKind::kTerritoryReduced, "territory-reduced"},
  }};
};

template <>
struct Vocabulary<CrisisKind> {
  static constexpr std::string_view kName = "crisis_kind";
  static constexpr std::array<EnumWord<CrisisKind>, 5> kWords{{
      {CrisisKind::kArmedAttack, "armed-attack"},
      {CrisisKind::kHybrid, "hybrid"},
      {CrisisKind::kCyber, "cyber"},
      {CrisisKind::kTerrorist, "terrorist"},
      {CrisisKind::kPiracy, "piracy"},
  }};
};

template <>
struct Vocabulary<TargetKind> {
  static constexpr std::string_view kName = "target_kind";
  static constexpr std::array<EnumWord<TargetKind>, 4> kWords{{
      {TargetKind::kTerritory, "territory"},
      {TargetKind::kForces, "forces"},
      {TargetKind::kVessel, "vessel"},
      {TargetKind::kAircraft, "aircraft"},
  }};
};

template <>
struct Vocabulary<Position> {
  static constexpr std::string_view kName = "position";
  static constexpr std::array<EnumWord<Position>, 5> kWords{{
      {Position::kSupport, "support"},
      {Position::kObject, "object"},
      {Position::kAbstain, "abstain"},
      {Position::kSilent, "silent"},
      {Position::kAbsent, "absent"},
  }};
};

template <>
struct Vocabulary<Procedure> {
  static constexpr std::string_view kName = "procedure";
  static constexpr std::array<EnumWord<Procedure>, 5> kWords{{
      {Procedure::kConsensus, "consensus"},
      {Procedure::kSilence, "silence"},
      {Procedure::kUnanimity, "unanimity"},
      {Procedure::kQualifiedMajority, "qualified-majority"},
      {Procedure::kPeaceSecurityCouncil, "psc"},
  }};
};

template <>
struct Vocabulary<LegalClassification> {
  static constexpr std::string_view kName = "legal_classification";
  static constexpr std::array<EnumWord<LegalClassification>, 4> kWords{{
      {LegalClassification::kUnMandated, "un-mandated"},
      {LegalClassification::kCollectiveSelfDefence, "collective-self-defence"},
      {LegalClassification::kConsentBased, "consent-based"},
      {LegalClassification::kNoExplicitMandate, "no-explicit-mandate"},
  }};
};

template <>
struct Vocabulary<JobState> {
  static constexpr std::string_view kName = "job_state";
  static constexpr std::array<EnumWord<JobState>, 5> kWords{{
      {JobState::kQueued, "queued"},
      {JobState::kRunning, "running"},
      {JobState::kDone, "done"},
      {JobState::kFailed, "failed"},
      {JobState::kCancelled, "cancelled"},
  }};
};

template <>
struct Vocabulary<Role> {
  static constexpr std::string_view kName = "role";
  static constexpr std::array<EnumWord<Role>, 4> kWords{{
      {Role::kViewer, "viewer"},
      {Role::kNationOfficer, "nation-officer"},
      {Role::kAllianceStaff, "alliance-staff"},
      {Role::kAdministrator, "administrator"},
  }};
};

template <>
struct Vocabulary<ReplyFormat> {
  static constexpr std::string_view kName = "reply_format";
  static constexpr std::array<EnumWord<ReplyFormat>, 2> kWords{{
      {ReplyFormat::kJson, "json"},
      {ReplyFormat::kCsv, "csv"},
  }};
};

template <>
struct Vocabulary<RecordKind> {
  static constexpr std::string_view kName = "record_kind";
  static constexpr std::array<EnumWord<RecordKind>, 3> kWords{{
      {RecordKind::kMembership, "membership"},
      {RecordKind::kPartnership, "partnership"},
      {RecordKind::kPlan, "plan"},
  }};
};

template <>
struct Vocabulary<AuditKind> {
  static constexpr std::string_view kName = "audit_kind";
  static constexpr std::array<EnumWord<AuditKind>, 11> kWords{{
      {AuditKind::kMembership, "membership"},
      {AuditKind::kPartnership, "partnership"},
      {AuditKind::kPlan, "plan"},
      {AuditKind::kAccount, "account"},
      {AuditKind::kToken, "token"},
      {AuditKind::kProgramme, "programme"},
      {AuditKind::kParpCycle, "parp-cycle"},
      {AuditKind::kUnit, "unit"},
      {AuditKind::kEvent, "event"},
      {AuditKind::kCouncilRound, "council-round"},
      {AuditKind::kMenu, "menu"},
  }};
};

template <>
struct Vocabulary<AuditAction> {
  static constexpr std::string_view kName = "audit_action";
  static constexpr std::array<EnumWord<AuditAction>, 9> kWords{{
      {AuditAction::kCreate, "create"},
      {AuditAction::kUpdate, "update"},
      {AuditAction::kDelete, "delete"},
      {AuditAction::kDisable, "disable"},
      {AuditAction::kResetPassword, "reset-password"},
      {AuditAction::kRevoke, "revoke"},
      {AuditAction::kStep, "step"},
      {AuditAction::kPosition, "position"},
      {AuditAction::kImport, "import"},
  }};
};

static_assert(is_vocabulary(Vocabulary<Role>::kWords));
static_assert(is_vocabulary(Vocabulary<RecordKind>::kWords));
static_assert(is_vocabulary(Vocabulary<ReplyFormat>::kWords));
static_assert(is_vocabulary(Vocabulary<AuditKind>::kWords));
static_assert(is_vocabulary(Vocabulary<AuditAction>::kWords));
static_assert(is_vocabulary(Vocabulary<NationStatus>::kWords));
static_assert(is_vocabulary(Vocabulary<AliasKind>::kWords));
static_assert(is_vocabulary(Vocabulary<PublisherKind>::kWords));
static_assert(is_vocabulary(Vocabulary<MembershipStatus>::kWords));
static_assert(is_vocabulary(Vocabulary<PartnershipStatus>::kWords));
static_assert(is_vocabulary(Vocabulary<TerritoryChangeKind>::kWords));
static_assert(is_vocabulary(Vocabulary<Eligibility>::kWords));
static_assert(is_vocabulary(Vocabulary<LegalBasis>::kWords));
static_assert(is_vocabulary(Vocabulary<ScopeRuling>::kWords));
static_assert(is_vocabulary(Vocabulary<Relation>::kWords));
static_assert(is_vocabulary(Vocabulary<EventKind>::kWords));
static_assert(is_vocabulary(Vocabulary<CrisisKind>::kWords));
static_assert(is_vocabulary(Vocabulary<TargetKind>::kWords));
static_assert(is_vocabulary(Vocabulary<Position>::kWords));
static_assert(is_vocabulary(Vocabulary<Procedure>::kWords));
static_assert(is_vocabulary(Vocabulary<LegalClassification>::kWords));
static_assert(is_vocabulary(Vocabulary<JobState>::kWords));

// The word of `value`; "unknown" only for a value no enumerator has (a bad cast).
template <typename Enum>
constexpr std::string_view word_of(Enum value) {
  for (const EnumWord<Enum>& entry : Vocabulary<Enum>::kWords) {
    if (entry.value == value) return entry.word;
  }
  return "unknown";
}

// The value whose word is exactly `text` (case matters); nullopt for any other text.
template <typename Enum>
constexpr std::optional<Enum> parse_word(std::string_view text) {
  for (const EnumWord<Enum>& entry : Vocabulary<Enum>::kWords) {
    if (entry.word == text) return entry.value;
  }
  return std::nullopt;
}

// Every word of Enum, in declaration order.
template <typename Enum>
std::vector<std::string_view> words_of() {
  std::vector<std::string_view> words;
  words.reserve(Vocabulary<Enum>::kWords.size());
  for (const EnumWord<Enum>& entry : Vocabulary<Enum>::kWords) words.push_back(entry.word);
  return words;
}

// The vocabulary of a field held as text rather than as an enumeration (an activity, an
// operation's kind): the words a data file, a request or an answer may use there.
template <std::size_t N>
struct WordList {
  std::string_view name;
  std::array<std::string_view, N> words;

  constexpr bool contains(std::string_view text) const {
    for (std::string_view word : words) {
      if (word == text) return true;
    }
    return false;
  }
};

// True when the list's words are distinct words.
template <std::size_t N>
constexpr bool is_vocabulary(const WordList<N>& list) {
  for (std::size_t i = 0; i < N; ++i) {
    if (!is_word(list.words[i])) return false;
    for (std::size_t j = 0; j < i; ++j) {
      if (list.words[j] == list.words[i]) return false;
    }
  }
  return true;
}

// The kinds of activity a partnership standing may open (data/eligibility.csv; the
// eligibility question's `activity`).
inline constexpr WordList<12> kActivityWords{
    "activity",
    {"political-dialogue", "exercises", "education-training", "cooperation-menu", "planning-review",
     "interoperability-evaluation", "operations", "interoperability-platform", "enhanced-opportunities", "trust-funds",
     "defence-capacity-building", "individual-programme"}};

// The kinds of operation (data/operations.csv).
inline constexpr WordList<9> kOperationKindWords{
    "operation_kind",
    {"peace-support", "air-campaign", "maritime-security", "counter-terrorism", "training", "crisis-response",
     "humanitarian", "collective-defence", "support-to-partner"}};

// A nation's part in an operation (data/operation_participants.csv).
inline constexpr WordList<3> kParticipantRoleWords{"participant_role",
                                                   {"lead", "member-contributor", "partner-contributor"}};

// Whether the host state consented to an operation (data/operations.csv).
inline constexpr WordList<3> kHostConsentWords{"host_consent", {"yes", "no", "partial"}};

// The individual plans and programmes between a nation and an organisation
// (data/partnership_plans.csv).
inline constexpr WordList<5> kPartnershipPlanWords{"partnership_plan", {"ANP", "IPAP", "IPCP", "ITPP", "MAP"}};

// What became of a proposal put to a deciding body.
inline constexpr WordList<3> kDecisionOutcomeWords{"decision_outcome",
                                                   {"adopted", "not-adopted", "returned-to-discussion"}};

// How a signed-in request proved who it is: a browser session's cookie, or an API token.
inline constexpr WordList<2> kCredentialWords{"credential", {"session", "token"}};

// What a simulation job runs: one scenario, or two compared on common random numbers.
inline constexpr WordList<2> kJobKindWords{"job_kind", {"simulation", "comparison"}};

// Partnership management (src/manage/): the areas and kinds of the cooperation menu
// (data/cooperation_menu.csv), the workflows (data/workflows.csv) and who may take their
// steps, the ladder of interoperability evaluation, and the states of what partners and
// staff record.
inline constexpr WordList<19> kMenuAreaWords{
    "menu_area",
    {"defence-policy", "crisis-management", "education", "language", "cyber-defence", "counter-terrorism",
     "civil-preparedness", "interoperability", "logistics", "medical", "maritime", "air", "operational-planning",
     "women-peace-security", "building-integrity", "explosive-ordnance", "arms-control", "public-diplomacy",
     "science"}};
inline constexpr WordList<6> kMenuKindWords{
    "menu_kind", {"course", "exercise", "seminar", "workshop", "conference", "expert-visit"}};
inline constexpr WordList<4> kWorkflowWords{"workflow", {"itpp", "parp", "evaluation", "event"}};
// partner-officer: a nation officer of the subject's nation; ally-officer: a nation
// officer of a member of the subject's organisation; system: the engine itself (a
// council's decision, a deadline).
inline constexpr WordList<5> kWorkflowActorWords{
    "workflow_actor", {"partner-officer", "ally-officer", "alliance-staff", "administrator", "system"}};
inline constexpr WordList<2> kWorkflowGuardWords{"workflow_guard", {"even-year", "odd-year"}};
inline constexpr WordList<1> kWorkflowEffectWords{"workflow_effect", {"council-round"}};
inline constexpr WordList<4> kEvaluationStepWords{"evaluation_step", {"sel1", "nel1", "sel2", "nel2"}};
inline constexpr WordList<2> kEvaluationOutcomeWords{"evaluation_outcome", {"passed", "failed"}};
inline constexpr WordList<5> kUnitKindWords{"unit_kind", {"land", "maritime", "air", "special-operations", "other"}};
inline constexpr WordList<5> kRegistrationStateWords{"registration_state",
                                                     {"registered", "waitlisted", "cancelled", "attended", "absent"}};
inline constexpr WordList<4> kCouncilRoundStateWords{"council_round_state",
                                                     {"open", "adopted", "not-adopted", "withdrawn"}};
inline constexpr WordList<3> kActivityStateWords{"activity_state", {"planned", "done", "cancelled"}};

// Analytics (src/analytics/): what spending guidelines measure, the domains of exercises
// and the roles nations take in them, the provisions of alliance treaties (coded in the
// manner of the ATOP project), and the datasets whose coverage an analysis respects.
inline constexpr WordList<3> kSpendingMetricWords{"spending_metric",
                                                  {"gdp-share", "equipment-share", "core-gdp-share"}};
inline constexpr WordList<8> kExerciseDomainWords{
    "exercise_domain",
    {"land", "maritime", "air", "joint", "command-post", "cyber", "disaster-response", "special-operations"}};
inline constexpr WordList<2> kExerciseRoleWords{"exercise_role", {"participant", "observer"}};
inline constexpr WordList<12> kProvisionWords{
    "provision",
    {"defense", "offense", "neutrality", "nonaggression", "consultation", "location-limited", "specific-adversary",
     "integrated-command", "military-aid", "bases", "organisation", "economic-aid"}};
inline constexpr WordList<6> kCoverageDatasetWords{
    "coverage_dataset",
    {"memberships", "partnerships", "alliance-provisions", "exercises", "operations", "defence-expenditure"}};

static_assert(is_vocabulary(kActivityWords));
static_assert(is_vocabulary(kOperationKindWords));
static_assert(is_vocabulary(kParticipantRoleWords));
static_assert(is_vocabulary(kMenuAreaWords));
static_assert(is_vocabulary(kMenuKindWords));
static_assert(is_vocabulary(kWorkflowWords));
static_assert(is_vocabulary(kWorkflowActorWords));
static_assert(is_vocabulary(kWorkflowGuardWords));
static_assert(is_vocabulary(kWorkflowEffectWords));
static_assert(is_vocabulary(kEvaluationStepWords));
static_assert(is_vocabulary(kEvaluationOutcomeWords));
static_assert(is_vocabulary(kUnitKindWords));
static_assert(is_vocabulary(kRegistrationStateWords));
static_assert(is_vocabulary(kCouncilRoundStateWords));
static_assert(is_vocabulary(kActivityStateWords));
static_assert(is_vocabulary(kHostConsentWords));
static_assert(is_vocabulary(kPartnershipPlanWords));
static_assert(is_vocabulary(kDecisionOutcomeWords));
static_assert(is_vocabulary(kJobKindWords));
static_assert(is_vocabulary(kCredentialWords));
static_assert(is_vocabulary(kSpendingMetricWords));
static_assert(is_vocabulary(kExerciseDomainWords));
static_assert(is_vocabulary(kExerciseRoleWords));
static_assert(is_vocabulary(kProvisionWords));
static_assert(is_vocabulary(kCoverageDatasetWords));

// One vocabulary by name, its words in table order.
struct NamedVocabulary {
  std::string_view name;
  std::vector<std::string_view> words;
};

// Every vocabulary above, sorted by name: what web/src/vocabulary.ts holds.
std::vector<NamedVocabulary> all_vocabularies();

// "a, b or c": the words as a list of choices, for a message that names them.
std::string word_choices(const std::vector<std::string_view>& words);

std::string_view to_string(CrisisKind kind);
std::string_view to_string(JobState state);
std::string_view to_string(AliasKind kind);
std::string_view to_string(PublisherKind kind);
std::optional<CrisisKind> parse_crisis_kind(std::string_view text);
std::optional<AliasKind> parse_alias_kind(std::string_view text);
std::optional<PublisherKind> parse_publisher_kind(std::string_view text);
std::optional<JobState> parse_job_state(std::string_view text);

}  // namespace entente
