#include "model/model.hpp"

#include "model/vocabulary.hpp"

namespace entente {

std::string_view to_string(NationStatus status) { return word_of(status); }
std::string_view to_string(MembershipStatus status) { return word_of(status); }
std::string_view to_string(PartnershipStatus status) { return word_of(status); }
std::string_view to_string(Relation relation) { return word_of(relation); }
std::string_view to_string(EventKind kind) { return word_of(kind); }
std::string_view to_string(TerritoryChangeKind kind) { return word_of(kind); }
std::string_view to_string(Eligibility eligibility) { return word_of(eligibility); }
std::string_view to_string(LegalBasis basis) { return word_of(basis); }
std::string_view to_string(ScopeRuling ruling) { return word_of(ruling); }

std::optional<NationStatus> parse_nation_status(std::string_view text) { return parse_word<NationStatus>(text); }
std::optional<MembershipStatus> parse_membership_status(std::string_view text) {
  return parse_word<MembershipStatus>(text);
}
std::optional<PartnershipStatus> parse_partnership_status(std::string_view text) {
  return parse_word<PartnershipStatus>(text);
}
std::optional<TerritoryChangeKind> parse_territory_change_kind(std::string_view text) {
  return parse_word<TerritoryChangeKind>(text);
}
std::optional<Eligibility> parse_eligibility(std::string_view text) { return parse_word<Eligibility>(text); }
std::optional<LegalBasis> parse_legal_basis(std::string_view text) { return parse_word<LegalBasis>(text); }
std::optional<ScopeRuling> parse_scope_ruling(std::string_view text) { return parse_word<ScopeRuling>(text); }

}  // namespace entente
