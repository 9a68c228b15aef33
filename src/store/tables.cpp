#include "store/tables.hpp"

#include <algorithm>

#include "store/dataset_reader.hpp"

namespace entente {

namespace {

bool is_upper_code(std::string_view text, std::size_t length) {
  return text.size() == length && std::all_of(text.begin(), text.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

bool is_digits(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_id(std::string_view text) {
  return !text.empty() && text.size() <= 16 &&
         std::all_of(text.begin(), text.end(), [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); });
}

// Checks that a non-empty identifier is capital letters or digits.
template <typename Record>
RowStep<Record> capitals_or_digits(const char* column, std::string Record::*member) {
  return [column, member](RowReader& row, const Record& record) {
    const std::string& value = record.*member;
    if (!value.empty() && !is_id(value))
      row.fail(std::string(column) + " '" + value + "' must be capital letters or digits");
  };
}

// A host as publishers.csv gives it: a lower-case domain name of two labels or more, each of
// letters, digits and inner hyphens, without a scheme, port, path or "www." (which the
// host without it matches).
std::string host_problem(std::string_view host) {
  const std::string expected = "; give the lower-case domain name alone, e.g. nato.int";
  if (host.starts_with("www.")) {
    return "host '" + std::string(host) + "' starts with www.: give " + std::string(host.substr(4)) +
           ", which matches its www. host too";
  }
  std::size_t labels = 0;
  for (std::size_t start = 0; start <= host.size(); ++labels) {
    const std::size_t dot = std::min(host.find('.', start), host.size());
    const std::string_view label = host.substr(start, dot - start);
    const bool letters = std::all_of(label.begin(), label.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    });
    if (label.empty() || !letters || label.front() == '-' || label.back() == '-') {
      return "host '" + std::string(host) + "' is not a domain name" + expected;
    }
    start = dot + 1;
  }
  if (labels < 2) return "host '" + std::string(host) + "' is not a domain name" + expected;
  return {};
}

template <typename Record>
RowStep<Record> in_word_list(const char* column, std::string Record::*member, bool (*contains)(std::string_view)) {
  return [column, member, contains](RowReader& row, const Record& record) {
    const std::string& value = record.*member;
    if (!value.empty() && !contains(value)) {
      row.fail(std::string(column) + " '" + value + "' is not in the vocabulary (see docs/data.md)");
    }
  };
}

}  // namespace

const TableDescription<Nation>& nations_table() {
  static const TableDescription<Nation> kTable{
      "nations", kNationsFile, &Dataset::nations, "iso3",
      columns_of<Nation>(
          required("iso3", &Nation::iso3,
                   [](RowReader& row, const Nation& nation) {
                     if (!nation.iso3.empty() && !is_upper_code(nation.iso3, 3))
                       row.fail("iso3 '" + nation.iso3 + "' is not three capital letters");
                   }),
          required("iso2", &Nation::iso2,
                   [](RowReader& row, const Nation& nation) {
                     if (!nation.iso2.empty() && !is_upper_code(nation.iso2, 2))
                       row.fail("iso2 '" + nation.iso2 + "' is not two capital letters");
                   }),
          text("iso_numeric", &Nation::iso_numeric,
               [](RowReader& row, const Nation& nation) {
                 if (!nation.iso_numeric.empty() && (nation.iso_numeric.size() != 3 || !is_digits(nation.iso_numeric)))
                   row.fail("iso_numeric '" + nation.iso_numeric + "' is not three digits");
               }),
          required("name", &Nation::name), word("status", &Nation::status, NationStatus::kOther, WordCheck::kAfterRow),
          required("region", &Nation::region), text("subregion", &Nation::subregion), text("capital", &Nation::capital),
          coordinate("capital_lat", &Nation::capital_lat, 90), coordinate("capital_lon", &Nation::capital_lon, 180),
          optional_date({"valid_from", "from"}, &Nation::from),
          optional_date({"valid_to", "to"}, &Nation::to,
                        [](RowReader& row, const Nation& nation) {
                          if (nation.from && nation.to && !(*nation.from < *nation.to))
                            row.fail("from is not before to");
                        }),
          provenance(&Nation::provenance))};
  return kTable;
}

const TableDescription<NationAlias>& nation_aliases_table() {
  static const TableDescription<NationAlias> kTable{
      "nation_aliases", kNationAliasesFile, &Dataset::nation_aliases, "nation, alias",
      columns_of<NationAlias>(required("nation", &NationAlias::nation), required("alias", &NationAlias::alias),
                              word("kind", &NationAlias::kind, AliasKind::kFormerName, WordCheck::kAfterRow),
                              provenance(&NationAlias::provenance))};
  return kTable;
}

const TableDescription<Organisation>& organisations_table() {
  static const TableDescription<Organisation> kTable{
      "organisations", kOrganisationsFile, &Dataset::organisations, "id",
      columns_of<Organisation>(
          required("id", &Organisation::id, capitals_or_digits("id", &Organisation::id)),
          required("name", &Organisation::name),
          interval("founded", &Organisation::founded, "dissolved", &Organisation::dissolved),
          text("headquarters", &Organisation::headquarters), coordinate("hq_lat", &Organisation::hq_lat, 90),
          coordinate("hq_lon", &Organisation::hq_lon, 180), required("decision_rule", &Organisation::decision_rule),
          provenance(&Organisation::provenance))};
  return kTable;
}

const TableDescription<Framework>& frameworks_table() {
  static const TableDescription<Framework> kTable{
      "frameworks", kFrameworksFile, &Dataset::frameworks, "launched, id",
      columns_of<Framework>(required("id", &Framework::id, capitals_or_digits("id", &Framework::id)),
                            required("name", &Framework::name), required("organisation", &Framework::organisation),
                            interval("launched", &Framework::launched, "ended", &Framework::ended),
                            optional_text("successor", &Framework::successor), provenance(&Framework::provenance))};
  return kTable;
}

const TableDescription<Membership>& memberships_table() {
  static const TableDescription<Membership> kTable{
      "memberships", kMembershipsFile, &Dataset::memberships, "organisation, valid_from, nation",
      columns_of<Membership>(stamp(&Membership::stamp), required("organisation", &Membership::organisation),
                             required("nation", &Membership::nation), period(&Membership::period),
                             word("status", &Membership::status, MembershipStatus::kMember, WordCheck::kAfterRow),
                             provenance(&Membership::provenance))};
  return kTable;
}

const TableDescription<Partnership>& partnerships_table() {
  static const TableDescription<Partnership> kTable{
      "partnerships", kPartnershipsFile, &Dataset::partnerships, "framework, valid_from, nation",
      columns_of<Partnership>(stamp(&Partnership::stamp), required("framework", &Partnership::framework),
                              required("nation", &Partnership::nation), period(&Partnership::period),
                              word("status", &Partnership::status, PartnershipStatus::kActive, WordCheck::kAfterRow),
                              provenance(&Partnership::provenance))};
  return kTable;
}

const TableDescription<PartnershipPlan>& plans_table() {
  static const TableDescription<PartnershipPlan> kTable{
      "partnership_plans", kPlansFile, &Dataset::plans, "nation, valid_from, plan",
      columns_of<PartnershipPlan>(
          stamp(&PartnershipPlan::stamp), required("nation", &PartnershipPlan::nation),
          required("organisation", &PartnershipPlan::organisation),
          one_of("plan", &PartnershipPlan::plan, {"ANP", "IPAP", "IPCP", "ITPP", "MAP"}, WordCheck::kAfterRow),
          period(&PartnershipPlan::period), provenance(&PartnershipPlan::provenance))};
  return kTable;
}

const TableDescription<TerritoryChange>& territory_changes_table() {
  static const TableDescription<TerritoryChange> kTable{
      "territory_changes", kTerritoryChangesFile, &Dataset::territory_changes, "day, organisation, nation, territory",
      columns_of<TerritoryChange>(
          required("organisation", &TerritoryChange::organisation), required("nation", &TerritoryChange::nation),
          date({"day", "date"}, &TerritoryChange::date),
          word("change", &TerritoryChange::kind, TerritoryChangeKind::kExtension, WordCheck::kAfterRow),
          required("territory", &TerritoryChange::territory), text("unit", &TerritoryChange::unit),
          provenance(&TerritoryChange::provenance))};
  return kTable;
}

const TableDescription<Population>& populations_table() {
  static const TableDescription<Population> kTable{
      "populations", kPopulationsFile, &Dataset::populations, "nation, year",
      columns_of<Population>(required("nation", &Population::nation), integer("year", &Population::year, 1900, 2100),
                             integer("population", &Population::population, 1, 2'000'000'000),
                             provenance(&Population::provenance))};
  return kTable;
}

const TableDescription<MilitaryPersonnel>& military_personnel_table() {
  static const TableDescription<MilitaryPersonnel> kTable{
      "military_personnel", kMilitaryPersonnelFile, &Dataset::military_personnel, "nation, year",
      columns_of<MilitaryPersonnel>(required("nation", &MilitaryPersonnel::nation),
                                    integer("year", &MilitaryPersonnel::year, 1945, 2100),
                                    integer("personnel", &MilitaryPersonnel::personnel, 0, 100'000'000),
                                    provenance(&MilitaryPersonnel::provenance))};
  return kTable;
}

const TableDescription<CouncilSeat>& council_seats_table() {
  static const TableDescription<CouncilSeat> kTable{
      "council_seats", kCouncilSeatsFile, &Dataset::council_seats, "council, valid_from, nation",
      columns_of<CouncilSeat>(
          required("council", &CouncilSeat::council, capitals_or_digits("council", &CouncilSeat::council)),
          required("nation", &CouncilSeat::nation), period(&CouncilSeat::period), required("term", &CouncilSeat::term),
          provenance(&CouncilSeat::provenance))};
  return kTable;
}

const TableDescription<EligibilityRule>& eligibility_table() {
  static const TableDescription<EligibilityRule> kTable{
      "eligibility", kEligibilityFile, &Dataset::eligibility, "organisation, standing, activity, valid_from",
      columns_of<EligibilityRule>(required("organisation", &EligibilityRule::organisation),
                                  required("standing", &EligibilityRule::standing),
                                  required("activity", &EligibilityRule::activity),
                                  word("eligible", &EligibilityRule::eligible, Eligibility::kNo, WordCheck::kOnRead),
                                  period(&EligibilityRule::period), text("conditions", &EligibilityRule::conditions),
                                  provenance(&EligibilityRule::provenance))};
  return kTable;
}

const TableDescription<Consultation>& consultations_table() {
  static const TableDescription<Consultation> kTable{
      "consultations", kConsultationsFile, &Dataset::consultations, "day, id",
      columns_of<Consultation>(required("id", &Consultation::id), date({"day", "date"}, &Consultation::date),
                               list("requested_by", &Consultation::requested_by,
                                    [](RowReader& row, const Consultation& consultation) {
                                      if (consultation.requested_by.empty()) row.fail("missing requested_by");
                                    }),
                               required("occasion", &Consultation::occasion), text("outcome", &Consultation::outcome),
                               provenance(&Consultation::provenance))};
  return kTable;
}

const TableDescription<Operation>& operations_table() {
  static const TableDescription<Operation> kTable{
      "operations", kOperationsFile, &Dataset::operations, "valid_from, id",
      columns_of<Operation>(
          required("id", &Operation::id), required("name", &Operation::name),
          required("kind", &Operation::kind,
                   in_word_list("kind", &Operation::kind,
                                [](std::string_view kind) { return kOperationKindWords.contains(kind); })),
          period(&Operation::period), required("area", &Operation::area),
          coordinate("area_lat", &Operation::area_lat, 90), coordinate("area_lon", &Operation::area_lon, 180),
          word("legal_basis", &Operation::legal_basis, LegalBasis::kNoneExplicit, WordCheck::kOnRead),
          list("unsc_resolutions", &Operation::unsc_resolutions,
               [](RowReader& row, const Operation& operation) {
                 for (const std::string& resolution : operation.unsc_resolutions) {
                   if (!is_digits(resolution)) {
                     row.fail("unsc_resolutions: '" + resolution + "' is not a resolution number");
                   }
                 }
               }),
          yes_no("article5", &Operation::article5),
          one_of("host_consent", &Operation::host_consent, {"yes", "no", "partial"}),
          required("summary", &Operation::summary), provenance(&Operation::provenance))};
  return kTable;
}

const TableDescription<OperationParticipant>& participants_table() {
  static const TableDescription<OperationParticipant> kTable{
      "operation_participants", kParticipantsFile, &Dataset::participants, "operation, nation",
      columns_of<OperationParticipant>(
          required("operation", &OperationParticipant::operation), required("nation", &OperationParticipant::nation),
          one_of("role", &OperationParticipant::role, {"lead", "member-contributor", "partner-contributor"}),
          provenance(&OperationParticipant::provenance))};
  return kTable;
}

const TableDescription<TerritorialUnit>& territorial_units_table() {
  static const TableDescription<TerritorialUnit> kTable{
      "territorial_units", kTerritorialUnitsFile, &Dataset::territorial_units, "code",
      columns_of<TerritorialUnit>(
          required("code", &TerritorialUnit::code), required("name", &TerritorialUnit::name),
          required("sovereign", &TerritorialUnit::sovereign), coordinate("lat", &TerritorialUnit::lat, 90),
          coordinate("lon", &TerritorialUnit::lon, 180),
          coordinate("radius_km", &TerritorialUnit::radius_km, 5000,
                     [](RowReader& row, const TerritorialUnit& unit) {
                       if (unit.radius_km < 0) row.fail("radius_km must not be negative");
                     }),
          one_of("continent", &TerritorialUnit::continent,
                 {"europe", "north-america", "africa", "asia", "south-america", "oceania", "antarctica"}),
          one_of("north_of_tropic", &TerritorialUnit::north_of_tropic, {"yes", "no"}),
          one_of("in_north_atlantic", &TerritorialUnit::in_north_atlantic, {"yes", "no", "debated"}),
          word("ruling", &TerritorialUnit::ruling, ScopeRuling::kContested, WordCheck::kOnRead),
          required("clause", &TerritorialUnit::clause), required("reasoning", &TerritorialUnit::reasoning),
          optional_date({"valid_from", "from"}, &TerritorialUnit::from),
          optional_date({"valid_to", "to"}, &TerritorialUnit::to,
                        [](RowReader& row, const TerritorialUnit& unit) {
                          if (unit.from && unit.to && !(*unit.from < *unit.to)) {
                            row.fail("from " + unit.from->to_string() + " is not before to " + unit.to->to_string());
                          }
                        }),
          text("now_part_of", &TerritorialUnit::now_part_of),
          polygon("polygon", &TerritorialUnit::polygon, Cell::kOptional), provenance(&TerritorialUnit::provenance))};
  return kTable;
}

const TableDescription<SeaArea>& sea_areas_table() {
  static const TableDescription<SeaArea> kTable{
      "sea_areas", kSeaAreasFile, &Dataset::sea_areas, "id",
      columns_of<SeaArea>(required("id", &SeaArea::id), required("name", &SeaArea::name),
                          word("status", &SeaArea::status, ScopeRuling::kContested, WordCheck::kOnRead),
                          polygon("polygon", &SeaArea::polygon, Cell::kRequired), provenance(&SeaArea::provenance))};
  return kTable;
}

const TableDescription<DecisionProcedure>& decision_procedures_table() {
  static const TableDescription<DecisionProcedure> kTable{
      "decision_procedures", kDecisionProceduresFile, &Dataset::decision_procedures,
      "organisation, valid_from, procedure",
      columns_of<DecisionProcedure>(
          required("organisation", &DecisionProcedure::organisation),
          required("procedure", &DecisionProcedure::procedure,
                   [](RowReader& row, const DecisionProcedure& procedure) {
                     if (!procedure.procedure.empty() && !parse_word<Procedure>(procedure.procedure)) {
                       row.fail("procedure '" + procedure.procedure + "' is not one of " +
                                word_choices(words_of<Procedure>()));
                     }
                   }),
          required("body", &DecisionProcedure::body), yes_no("usual", &DecisionProcedure::usual),
          text("council", &DecisionProcedure::council), period(&DecisionProcedure::period),
          provenance(&DecisionProcedure::provenance))};
  return kTable;
}

const TableDescription<Article6Region>& article6_regions_table() {
  static const TableDescription<Article6Region> kTable{
      "article6_regions", kArticle6RegionsFile, &Dataset::article6_regions, "id",
      columns_of<Article6Region>(
          required("id", &Article6Region::id), required("name", &Article6Region::name),
          required("clause", &Article6Region::clause,
                   [](RowReader& row, const Article6Region& region) {
                     if (!region.clause.empty() && !region.clause.starts_with("6(1)-")) {
                       row.fail("clause '" + region.clause + "' is not a clause of Article 6(1) (6(1)-...)");
                     }
                   }),
          optional_text("nation", &Article6Region::nation),
          optional_date({"valid_from", "from"}, &Article6Region::from),
          optional_date({"valid_to", "to"}, &Article6Region::to,
                        [](RowReader& row, const Article6Region& region) {
                          if (region.from && region.to && !(*region.from < *region.to)) {
                            row.fail("from " + region.from->to_string() + " is not before to " +
                                     region.to->to_string());
                          }
                        }),
          polygon("polygon", &Article6Region::polygon, Cell::kOptional), text("reasoning", &Article6Region::reasoning),
          provenance(&Article6Region::provenance))};
  return kTable;
}

const TableDescription<AtlasShapeOwner>& atlas_shape_owners_table() {
  static const TableDescription<AtlasShapeOwner> kTable{
      "atlas_shape_owners", kAtlasShapeOwnersFile, &Dataset::atlas_shape_owners, "shape",
      columns_of<AtlasShapeOwner>(required("shape", &AtlasShapeOwner::shape),
                                  required("nation", &AtlasShapeOwner::nation),
                                  provenance(&AtlasShapeOwner::provenance))};
  return kTable;
}

const TableDescription<Publisher>& publishers_table() {
  static const TableDescription<Publisher> kTable{
      "publishers", kPublishersFile, &Dataset::publishers, "host",
      columns_of<Publisher>(required("host", &Publisher::host,
                                     [](RowReader& row, const Publisher& publisher) {
                                       if (publisher.host.empty()) return;
                                       if (std::string problem = host_problem(publisher.host); !problem.empty()) {
                                         row.fail(problem);
                                       }
                                     }),
                            required("publisher", &Publisher::publisher),
                            word("kind", &Publisher::kind, PublisherKind::kSecondary, WordCheck::kAfterRow),
                            provenance(&Publisher::provenance))};
  return kTable;
}

namespace {

// Every word of a ";"-list column in `words`.
template <typename Record, std::size_t N>
RowStep<Record> all_in(const char* column, std::vector<std::string> Record::*member, const WordList<N>& words) {
  return [column, member, &words](RowReader& row, const Record& record) {
    for (const std::string& value : record.*member) {
      if (!words.contains(value)) {
        row.fail(std::string(column) + " '" + value + "' is not in the vocabulary (see docs/data.md)");
      }
    }
  };
}

template <typename Record, std::size_t N>
RowStep<Record> word_in(const char* column, std::string Record::*member, const WordList<N>& words) {
  return [column, member, &words](RowReader& row, const Record& record) {
    const std::string& value = record.*member;
    if (!value.empty() && !words.contains(value)) {
      row.fail(std::string(column) + " '" + value + "' is not in the vocabulary (see docs/data.md)");
    }
  };
}

// A whole number in [minimum, maximum], or 0 when the cell is blank (not published), and
// written blank again.
template <typename Record>
Column<Record> optional_count(const char* name, std::int64_t Record::*member, long long maximum) {
  Column<Record> column = table_detail::field_column<Record>(
      name, table_detail::member(member), [member, name, maximum](RowReader& row, Record& record) {
        record.*member = row.text(name).empty() ? 0 : row.integer(name, 1, maximum);
      });
  column.cell = [member](const Record& record) {
    return record.*member == 0 ? std::string() : std::to_string(record.*member);
  };
  return column;
}

// A short lower-case id: letters, digits and hyphens.
template <typename Record>
RowStep<Record> slug(const char* column, std::string Record::*member) {
  return [column, member](RowReader& row, const Record& record) {
    const std::string& value = record.*member;
    const bool ok = !value.empty() && value.size() <= 40 && std::all_of(value.begin(), value.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    });
    if (!value.empty() && !ok) row.fail(std::string(column) + " '" + value + "' is not a slug of a-z, 0-9 and -");
  };
}

// An alliance id: capital letters, digits and inner dashes (US-JPN).
template <typename Record>
RowStep<Record> capitals_or_digits_dash(const char* column, std::string Record::*member) {
  return [column, member](RowReader& row, const Record& record) {
    const std::string& value = record.*member;
    const bool ok = value.size() <= 16 && std::all_of(value.begin(), value.end(), [](char c) {
                      return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
                    });
    if (!value.empty() && (!ok || value.front() == '-' || value.back() == '-'))
      row.fail(std::string(column) + " '" + value + "' must be capital letters, digits and inner dashes");
  };
}

}  // namespace

const TableDescription<MenuItem>& menu_table() {
  static const TableDescription<MenuItem> kTable{
      "cooperation_menu", kMenuFile, &Dataset::menu, "id",
      columns_of<MenuItem>(
          required("id", &MenuItem::id, slug("id", &MenuItem::id)), required("title", &MenuItem::title),
          required("area", &MenuItem::area, word_in("area", &MenuItem::area, kMenuAreaWords)),
          required("kind", &MenuItem::kind, word_in("kind", &MenuItem::kind, kMenuKindWords)),
          required("provider", &MenuItem::provider),
          required("activity", &MenuItem::activity, word_in("activity", &MenuItem::activity, kActivityWords)),
          list("open_to", &MenuItem::open_to), list("language", &MenuItem::languages),
          optional_count("capacity", &MenuItem::capacity, 100000),
          optional_count("duration_days", &MenuItem::duration_days, 3650), provenance(&MenuItem::provenance))};
  return kTable;
}

const TableDescription<DcbPackage>& dcb_packages_table() {
  static const TableDescription<DcbPackage> kTable{
      "dcb_packages", kDcbPackagesFile, &Dataset::dcb_packages, "nation, valid_from",
      columns_of<DcbPackage>(required("nation", &DcbPackage::nation), period(&DcbPackage::period),
                             provenance(&DcbPackage::provenance))};
  return kTable;
}

const TableDescription<WorkflowRule>& workflows_table() {
  static const TableDescription<WorkflowRule> kTable{
      "workflow_rules", kWorkflowsFile, &Dataset::workflow_rules, "workflow, action, from_state",
      columns_of<WorkflowRule>(
          required("workflow", &WorkflowRule::workflow, word_in("workflow", &WorkflowRule::workflow, kWorkflowWords)),
          required("action", &WorkflowRule::action, slug("action", &WorkflowRule::action)),
          required("from_state", &WorkflowRule::from, slug("from_state", &WorkflowRule::from)),
          required("to_state", &WorkflowRule::to, slug("to_state", &WorkflowRule::to)),
          list("actors", &WorkflowRule::actors, all_in("actors", &WorkflowRule::actors, kWorkflowActorWords)),
          yes_no("comment", &WorkflowRule::comment), integer("approvals", &WorkflowRule::approvals, 1, 32),
          text("distinct_from", &WorkflowRule::distinct_from),
          text("eligibility", &WorkflowRule::eligibility,
               word_in("eligibility", &WorkflowRule::eligibility, kActivityWords)),
          text("guard", &WorkflowRule::guard, word_in("guard", &WorkflowRule::guard, kWorkflowGuardWords)),
          text("effect", &WorkflowRule::effect, word_in("effect", &WorkflowRule::effect, kWorkflowEffectWords)),
          list("notify", &WorkflowRule::notify, all_in("notify", &WorkflowRule::notify, kWorkflowActorWords)),
          provenance(&WorkflowRule::provenance))};
  return kTable;
}

const TableDescription<ChecklistItem>& checklists_table() {
  static const TableDescription<ChecklistItem> kTable{
      "evaluation_checklists", kChecklistsFile, &Dataset::checklist_items, "step, item",
      columns_of<ChecklistItem>(
          required("step", &ChecklistItem::step, word_in("step", &ChecklistItem::step, kEvaluationStepWords)),
          required("item", &ChecklistItem::item, slug("item", &ChecklistItem::item)),
          required("text", &ChecklistItem::text), provenance(&ChecklistItem::provenance))};
  return kTable;
}

const TableDescription<DefenceExpenditure>& defence_expenditure_table() {
  static const TableDescription<DefenceExpenditure> kTable{
      "defence_expenditure", kDefenceExpenditureFile, &Dataset::defence_expenditure, "nation, year",
      columns_of<DefenceExpenditure>(
          required("nation", &DefenceExpenditure::nation), integer("year", &DefenceExpenditure::year, 1949, 2100),
          optional_number("expenditure_musd", &DefenceExpenditure::expenditure_musd, 0, 1e8),
          optional_number("gdp_share", &DefenceExpenditure::gdp_share, 0, 100),
          optional_number("equipment_share", &DefenceExpenditure::equipment_share, 0, 100),
          yes_no("estimate", &DefenceExpenditure::estimate), provenance(&DefenceExpenditure::provenance))};
  return kTable;
}

const TableDescription<SpendingGuideline>& spending_guidelines_table() {
  static const TableDescription<SpendingGuideline> kTable{
      "spending_guidelines", kSpendingGuidelinesFile, &Dataset::spending_guidelines, "agreed, id",
      columns_of<SpendingGuideline>(
          required("id", &SpendingGuideline::id, slug("id", &SpendingGuideline::id)),
          required("name", &SpendingGuideline::name), date("agreed", &SpendingGuideline::agreed),
          required("summit", &SpendingGuideline::summit),
          required("metric", &SpendingGuideline::metric,
                   word_in("metric", &SpendingGuideline::metric, kSpendingMetricWords)),
          coordinate("threshold", &SpendingGuideline::threshold, 100,
                     [](RowReader& row, const SpendingGuideline& guideline) {
                       if (guideline.threshold <= 0) row.fail("threshold must be a positive percentage");
                     }),
          integer("by_year", &SpendingGuideline::by_year, 1949, 2100), provenance(&SpendingGuideline::provenance))};
  return kTable;
}

const TableDescription<Exercise>& exercises_table() {
  static const TableDescription<Exercise> kTable{
      "exercises", kExercisesFile, &Dataset::exercises, "start_day, id",
      columns_of<Exercise>(
          required("id", &Exercise::id, slug("id", &Exercise::id)), required("name", &Exercise::name),
          date({"start_day", "start"}, &Exercise::start), date({"end_day", "end"}, &Exercise::end),
          required("lead", &Exercise::lead), required("location", &Exercise::location),
          coordinate("lat", &Exercise::lat, 90), coordinate("lon", &Exercise::lon, 180),
          required("domain", &Exercise::domain, word_in("domain", &Exercise::domain, kExerciseDomainWords)),
          provenance(&Exercise::provenance))};
  return kTable;
}

const TableDescription<ExerciseParticipant>& exercise_participants_table() {
  static const TableDescription<ExerciseParticipant> kTable{
      "exercise_participants", kExerciseParticipantsFile, &Dataset::exercise_participants, "exercise, nation",
      columns_of<ExerciseParticipant>(
          required("exercise", &ExerciseParticipant::exercise), required("nation", &ExerciseParticipant::nation),
          required("role", &ExerciseParticipant::role, word_in("role", &ExerciseParticipant::role, kExerciseRoleWords)),
          provenance(&ExerciseParticipant::provenance))};
  return kTable;
}

const TableDescription<Alliance>& alliances_table() {
  static const TableDescription<Alliance> kTable{
      "alliances", kAlliancesFile, &Dataset::alliances, "signed_on, id",
      columns_of<Alliance>(required("id", &Alliance::id, capitals_or_digits_dash("id", &Alliance::id)),
                           required("name", &Alliance::name), required("treaty", &Alliance::treaty),
                           date({"signed_on", "signed"}, &Alliance::signed_on),
                           interval("in_force", &Alliance::in_force, "ended", &Alliance::ended),
                           optional_text("organisation", &Alliance::organisation), text("atop_id", &Alliance::atop_id),
                           provenance(&Alliance::provenance))};
  return kTable;
}

const TableDescription<AllianceMember>& alliance_members_table() {
  static const TableDescription<AllianceMember> kTable{
      "alliance_members", kAllianceMembersFile, &Dataset::alliance_members, "alliance, valid_from, nation",
      columns_of<AllianceMember>(required("alliance", &AllianceMember::alliance),
                                 required("nation", &AllianceMember::nation), period(&AllianceMember::period),
                                 provenance(&AllianceMember::provenance))};
  return kTable;
}

const TableDescription<AllianceProvision>& alliance_provisions_table() {
  static const TableDescription<AllianceProvision> kTable{
      "alliance_provisions", kAllianceProvisionsFile, &Dataset::alliance_provisions, "alliance, provision, applies_to",
      columns_of<AllianceProvision>(
          required("alliance", &AllianceProvision::alliance),
          required("provision", &AllianceProvision::provision,
                   word_in("provision", &AllianceProvision::provision, kProvisionWords)),
          integer("level", &AllianceProvision::level, 0, 2), text("applies_to", &AllianceProvision::applies_to),
          text("article", &AllianceProvision::article), text("quote", &AllianceProvision::quote),
          provenance(&AllianceProvision::provenance))};
  return kTable;
}

const TableDescription<DatasetCoverage>& coverage_table() {
  static const TableDescription<DatasetCoverage> kTable{
      "dataset_coverage", kCoverageFile, &Dataset::coverage, "dataset",
      columns_of<DatasetCoverage>(required("dataset", &DatasetCoverage::dataset,
                                           word_in("dataset", &DatasetCoverage::dataset, kCoverageDatasetWords)),
                                  period(&DatasetCoverage::period), provenance(&DatasetCoverage::provenance))};
  return kTable;
}

const TableDescription<CountryShape>& country_shapes_table() {
  static const TableDescription<CountryShape> kTable{
      "country_shapes", nullptr, &Dataset::country_shapes, "id",
      columns_of<CountryShape>(text("id", &CountryShape::id), text("name", &CountryShape::name),
                               geometry("geometry", &CountryShape::polygons))};
  return kTable;
}

}  // namespace entente
