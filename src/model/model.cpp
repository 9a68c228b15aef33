#include "model/model.hpp"

#include <array>
#include <utility>

namespace entente {

namespace {

template <typename Enum, std::size_t N>
std::optional<Enum> find_by_name(const std::array<std::pair<Enum, std::string_view>, N>& names, std::string_view text) {
  for (const auto& [value, name] : names) {
    if (name == text) return value;
  }
  return std::nullopt;
}

template <typename Enum, std::size_t N>
std::string_view name_of(const std::array<std::pair<Enum, std::string_view>, N>& names, Enum value) {
  for (const auto& [candidate, name] : names) {
    if (candidate == value) return name;
  }
  return "unknown";
}

constexpr std::array<std::pair<NationStatus, std::string_view>, 4> kNationStatusNames{{
    {NationStatus::kUnMember, "un-member"},
    {NationStatus::kUnObserver, "un-observer"},
    {NationStatus::kOther, "other"},
    {NationStatus::kHistorical, "historical"},
}};

constexpr std::array<std::pair<MembershipStatus, std::string_view>, 4> kMembershipStatusNames{{
    {MembershipStatus::kMember, "member"},
    {MembershipStatus::kSuspended, "suspended"},
    {MembershipStatus::kObserver, "observer"},
    {MembershipStatus::kAssociate, "associate"},
}};

constexpr std::array<std::pair<PartnershipStatus, std::string_view>, 2> kPartnershipStatusNames{{
    {PartnershipStatus::kActive, "active"},
    {PartnershipStatus::kSuspended, "suspended"},
}};

constexpr std::array<std::pair<Relation, std::string_view>, 9> kRelationNames{{
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

constexpr std::array<std::pair<TerritoryChangeKind, std::string_view>, 2> kTerritoryChangeKindNames{{
    {TerritoryChangeKind::kExtension, "extension"},
    {TerritoryChangeKind::kReduction, "reduction"},
}};

constexpr std::array<std::pair<Eligibility, std::string_view>, 3> kEligibilityNames{{
    {Eligibility::kYes, "yes"},
    {Eligibility::kNo, "no"},
    {Eligibility::kConditional, "conditional"},
}};

constexpr std::array<std::pair<LegalBasis, std::string_view>, 4> kLegalBasisNames{{
    {LegalBasis::kUnMandate, "un-mandate"},
    {LegalBasis::kCollectiveSelfDefence, "collective-self-defence"},
    {LegalBasis::kConsent, "consent"},
    {LegalBasis::kNoneExplicit, "none-explicit"},
}};

constexpr std::array<std::pair<ScopeRuling, std::string_view>, 3> kScopeRulingNames{{
    {ScopeRuling::kCovered, "covered"},
    {ScopeRuling::kNotCovered, "not-covered"},
    {ScopeRuling::kContested, "contested"},
}};

constexpr std::array<std::pair<EventKind, std::string_view>, 15> kEventKindNames{{
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

}  // namespace

std::string_view to_string(NationStatus status) { return name_of(kNationStatusNames, status); }
std::string_view to_string(MembershipStatus status) { return name_of(kMembershipStatusNames, status); }
std::string_view to_string(PartnershipStatus status) { return name_of(kPartnershipStatusNames, status); }
std::string_view to_string(Relation relation) { return name_of(kRelationNames, relation); }
std::string_view to_string(EventKind kind) { return name_of(kEventKindNames, kind); }
std::string_view to_string(TerritoryChangeKind kind) { return name_of(kTerritoryChangeKindNames, kind); }
std::string_view to_string(Eligibility eligibility) { return name_of(kEligibilityNames, eligibility); }
std::string_view to_string(LegalBasis basis) { return name_of(kLegalBasisNames, basis); }
std::string_view to_string(ScopeRuling ruling) { return name_of(kScopeRulingNames, ruling); }

std::optional<NationStatus> parse_nation_status(std::string_view text) {
  return find_by_name(kNationStatusNames, text);
}
std::optional<MembershipStatus> parse_membership_status(std::string_view text) {
  return find_by_name(kMembershipStatusNames, text);
}
std::optional<PartnershipStatus> parse_partnership_status(std::string_view text) {
  return find_by_name(kPartnershipStatusNames, text);
}
std::optional<TerritoryChangeKind> parse_territory_change_kind(std::string_view text) {
  return find_by_name(kTerritoryChangeKindNames, text);
}
std::optional<Eligibility> parse_eligibility(std::string_view text) { return find_by_name(kEligibilityNames, text); }
std::optional<LegalBasis> parse_legal_basis(std::string_view text) { return find_by_name(kLegalBasisNames, text); }
std::optional<ScopeRuling> parse_scope_ruling(std::string_view text) { return find_by_name(kScopeRulingNames, text); }

}  // namespace entente
