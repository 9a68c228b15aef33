#include "model/vocabulary.hpp"

#include <algorithm>

namespace entente {

namespace {

template <typename Enum>
NamedVocabulary named() {
  return {Vocabulary<Enum>::kName, words_of<Enum>()};
}

template <std::size_t N>
NamedVocabulary named(const WordList<N>& list) {
  return {list.name, std::vector<std::string_view>(list.words.begin(), list.words.end())};
}

}  // namespace

std::vector<NamedVocabulary> all_vocabularies() {
  std::vector<NamedVocabulary> all{
      named<NationStatus>(),
      named<AliasKind>(),
      named<PublisherKind>(),
      named<MembershipStatus>(),
      named<PartnershipStatus>(),
      named<TerritoryChangeKind>(),
      named<Eligibility>(),
      named<LegalBasis>(),
      named<ScopeRuling>(),
      named<Relation>(),
      named<EventKind>(),
      named<CrisisKind>(),
      named<TargetKind>(),
      named<Position>(),
      named<Procedure>(),
      named<LegalClassification>(),
      named<JobState>(),
      named<Role>(),
      named<RecordKind>(),
      named<ReplyFormat>(),
      named<AuditKind>(),
      named<AuditAction>(),
      named(kActivityWords),
      named(kOperationKindWords),
      named(kParticipantRoleWords),
      named(kHostConsentWords),
      named(kPartnershipPlanWords),
      named(kDecisionOutcomeWords),
      named(kJobKindWords),
      named(kCredentialWords),
      named(kMenuAreaWords),
      named(kMenuKindWords),
      named(kWorkflowWords),
      named(kWorkflowActorWords),
      named(kWorkflowGuardWords),
      named(kWorkflowEffectWords),
      named(kEvaluationStepWords),
      named(kEvaluationOutcomeWords),
      named(kUnitKindWords),
      named(kRegistrationStateWords),
      named(kCouncilRoundStateWords),
      named(kActivityStateWords),
      named(kSpendingMetricWords),
      named(kExerciseDomainWords),
      named(kExerciseRoleWords),
      named(kProvisionWords),
      named(kCoverageDatasetWords),
  };
  std::sort(all.begin(), all.end(), [](const NamedVocabulary& a, const NamedVocabulary& b) { return a.name < b.name; });
  return all;
}

std::string word_choices(const std::vector<std::string_view>& words) {
  std::string text;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i > 0) text += i + 1 == words.size() ? " or " : ", ";
    text += words[i];
  }
  return text;
}

std::string_view to_string(CrisisKind kind) { return word_of(kind); }
std::string_view to_string(JobState state) { return word_of(state); }
std::string_view to_string(AliasKind kind) { return word_of(kind); }
std::string_view to_string(PublisherKind kind) { return word_of(kind); }
std::optional<CrisisKind> parse_crisis_kind(std::string_view text) { return parse_word<CrisisKind>(text); }
std::optional<JobState> parse_job_state(std::string_view text) { return parse_word<JobState>(text); }
std::optional<AliasKind> parse_alias_kind(std::string_view text) { return parse_word<AliasKind>(text); }
std::optional<PublisherKind> parse_publisher_kind(std::string_view text) { return parse_word<PublisherKind>(text); }

}  // namespace entente
