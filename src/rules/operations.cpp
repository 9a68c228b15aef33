#include "rules/operations.hpp"

#include <algorithm>

namespace entente {

namespace {

std::string join(const std::vector<std::string>& items, const char* separator = ", ") {
  std::string text;
  for (const std::string& item : items) text += (text.empty() ? "" : separator) + item;
  return text;
}

LegalClassification stated(LegalBasis basis) {
  switch (basis) {
    case LegalBasis::kUnMandate: return LegalClassification::kUnMandated;
    case LegalBasis::kCollectiveSelfDefence: return LegalClassification::kCollectiveSelfDefence;
    case LegalBasis::kConsent: return LegalClassification::kConsentBased;
    case LegalBasis::kNoneExplicit: return LegalClassification::kNoExplicitMandate;
  }
  return LegalClassification::kNoExplicitMandate;
}

}  // namespace

std::string_view to_string(LegalClassification classification) { return word_of(classification); }

OperationAssessment OperationsChecker::assess(const Operation& operation) const {
  OperationAssessment assessment;
  assessment.operation = &operation;
  auto& steps = assessment.reasoning;
  const bool resolutions = !operation.unsc_resolutions.empty();
  const bool consent = operation.host_consent == "yes" || operation.host_consent == "partial";

  if (resolutions) {
    std::vector<std::string> numbered;
    for (const std::string& number : operation.unsc_resolutions) numbered.push_back("UNSCR " + number);
    steps.push_back({"UN Charter, Chapter VII; Articles 42 and 48",
                     join(numbered) + " authorise or expressly welcome the operation"});
    assessment.classification = LegalClassification::kUnMandated;
  } else {
    steps.push_back(
        {"UN Charter, Chapter VII", "no Security Council resolution authorising the operation is recorded"});
  }
  if (operation.article5) {
    steps.push_back({"North Atlantic Treaty, Article 5; UN Charter, Article 51",
                     "conducted in collective self-defence after the Alliance invoked Article 5"});
    if (!resolutions) assessment.classification = LegalClassification::kCollectiveSelfDefence;
  }
  if (consent) {
    steps.push_back({"Consent of the host state", operation.host_consent == "yes"
                                                      ? "at the request or with the consent of the host state"
                                                      : "with the consent of some of the states concerned"});
    if (!resolutions && !operation.article5) assessment.classification = LegalClassification::kConsentBased;
  } else if (operation.host_consent == "no") {
    steps.push_back({"Consent of the host state", "conducted without the consent of the territorial state"});
  }
  if (!resolutions && !operation.article5 && !consent) {
    assessment.contested = true;
    steps.push_back({"Legal basis",
                     "no explicit mandate, collective self-defence or consent: the legal basis is "
                     "contested (justifications advanced, such as humanitarian intervention, are not "
                     "an established basis in the UN Charter)"});
  }
  const LegalClassification recorded = stated(operation.legal_basis);
  if (recorded != assessment.classification) {
    assessment.record_disagrees = true;
    steps.push_back({"Record", "the dataset gives the primary basis as " +
                                   std::string(to_string(operation.legal_basis)) + "; the evidence above gives " +
                                   std::string(to_string(assessment.classification)) + " (see the row's note)"});
  }
  for (const OperationParticipant& participant : registry_.dataset().participants) {
    if (participant.operation == operation.id) assessment.participants.push_back(&participant);
  }
  return assessment;
}

const Operation* OperationsChecker::find(std::string_view id) const {
  for (const Operation& operation : registry_.dataset().operations) {
    if (operation.id == id) return &operation;
  }
  return nullptr;
}

std::vector<OperationAssessment> OperationsChecker::list(const OperationFilter& filter) const {
  std::vector<OperationAssessment> result;
  for (const Operation& operation : registry_.dataset().operations) {
    if (filter.active_on && !operation.period.contains(*filter.active_on)) continue;
    if (!filter.kind.empty() && operation.kind != filter.kind) continue;
    OperationAssessment assessment = assess(operation);
    if (filter.classification && assessment.classification != *filter.classification) continue;
    if (!filter.nation.empty() &&
        std::none_of(assessment.participants.begin(), assessment.participants.end(),
                     [&](const OperationParticipant* p) { return p->nation == filter.nation; })) {
      continue;
    }
    result.push_back(std::move(assessment));
  }
  std::sort(result.begin(), result.end(), [](const OperationAssessment& a, const OperationAssessment& b) {
    return a.operation->period.from < b.operation->period.from;
  });
  return result;
}

std::vector<const Consultation*> consultations(const Registry& registry, Date from, Date to,
                                               const std::string& nation) {
  std::vector<const Consultation*> result;
  for (const Consultation& consultation : registry.dataset().consultations) {
    if (consultation.date < from || to < consultation.date) continue;
    if (!nation.empty() && std::find(consultation.requested_by.begin(), consultation.requested_by.end(), nation) ==
                               consultation.requested_by.end()) {
      continue;
    }
    result.push_back(&consultation);
  }
  std::sort(result.begin(), result.end(),
            [](const Consultation* a, const Consultation* b) { return a->date < b->date; });
  return result;
}

}  // namespace entente
