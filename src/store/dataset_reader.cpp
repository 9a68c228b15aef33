#include "store/dataset_reader.hpp"

#include <algorithm>
#include <initializer_list>
#include <map>
#include <set>
#include <string_view>
#include <type_traits>

#include "core/csv.hpp"
#include "core/text.hpp"
#include "model/vocabulary.hpp"
#include "store/row_reader.hpp"
#include "store/tables.hpp"

namespace entente {

namespace {

std::optional<CsvFile> open_file(const DataFiles& files, const char* name, const std::vector<std::string_view>& columns,
                                 Problems& problems) {
  Result<std::string> text = files.read(name);
  if (!text) {
    problems.add_unreadable(text.status().message());
    return std::nullopt;
  }
  const std::string display = files.display_name(name);
  Result<CsvTable> csv = parse_csv(*text, display);
  if (!csv) {
    problems.add_raw(csv.status().message());
    return std::nullopt;
  }
  CsvFile file(display, std::move(*csv));
  if (!file.require(columns, problems)) return std::nullopt;
  return file;
}

// The line each key was first seen on, to report duplicates.
class FirstLines {
 public:
  // 0 when `key` is new (and `line` is remembered for it); else the line it was first on.
  int add(const std::string& key, int line) {
    const auto [it, inserted] = lines_.emplace(key, line);
    return inserted ? 0 : it->second;
  }
  bool contains(const std::string& key) const { return lines_.find(key) != lines_.end(); }

 private:
  std::map<std::string, int> lines_;
};

// A key of several parts.
std::string key_of(std::initializer_list<std::string_view> parts) {
  std::string key;
  for (std::string_view part : parts) key += std::string(part) + '\x1f';
  return key;
}

// Remembers the intervals of each (owner, nation) pair and the line each came from, to
// report duplicates and overlaps.
class IntervalRegistry {
 public:
  // Returns an empty string when `period` is new and disjoint from the pair's others.
  std::string add(const std::string& owner, const std::string& nation, const Interval& period, int line) {
    auto& seen = periods_[{owner, nation}];
    for (const auto& [other, other_line] : seen) {
      if (other == period) return "duplicate of line " + std::to_string(other_line);
      if (other.overlaps(period)) {
        return "period " + describe(period) + " overlaps " + describe(other) + " on line " +
               std::to_string(other_line) + " for " + owner + " and " + nation;
      }
    }
    seen.emplace_back(period, line);
    return {};
  }

  // Adds `period` if the row is still ok; reports a clash, prefixed by `prefix`.
  void add_or_fail(RowReader& row, const std::string& owner, const std::string& nation, const Interval& period,
                   const std::string& prefix = {}) {
    if (!row.ok()) return;
    if (std::string clash = add(owner, nation, period, row.line()); !clash.empty()) row.fail(prefix + clash);
  }

 private:
  static std::string describe(const Interval& period) {
    return "[" + period.from.to_string() + ", " + (period.to ? period.to->to_string() : std::string("open")) + ")";
  }
  std::map<std::pair<std::string, std::string>, std::vector<std::pair<Interval, int>>> periods_;
};

// Lives of the things a period may be bounded by, for the "outside the life of" checks.
struct Life {
  std::string what;  // "organisation NATO", "nation SUN"
  std::optional<Date> from;
  std::optional<Date> to;
};

void check_within(RowReader& row, const Interval& period, const Life& life) {
  if (!row.ok()) return;
  if (life.from && period.from < *life.from) {
    row.fail("starts " + period.from.to_string() + ", before " + life.what + " began on " + life.from->to_string());
  } else if (life.to && (!period.to || *life.to < *period.to)) {
    row.fail("runs " + (period.to ? "to " + period.to->to_string() : std::string("open-ended")) + ", past the end of " +
             life.what + " on " + life.to->to_string());
  }
}

// Reads every table with a data file (tables.hpp), in order. Each row is read and checked
// cell by cell as its description says; check_row then checks it against the other rows
// and tables, and after_rows what needs a whole file read.
class DatasetReader {
 public:
  explicit DatasetReader(const DataFiles& files) : files_(files) {}

  Result<Dataset> read() {
    (void)for_each_table([this](const auto& table) { return read_table(table); });
    if (!problems_.empty()) return problems_.to_status();
    return std::move(dataset_);
  }

  // The cooperation menu alone, checked against the frameworks of `context`.
  Result<std::vector<MenuItem>> read_menu(const Dataset& context) {
    for (const Framework& framework : context.frameworks) {
      frameworks_.emplace(framework.id, Life{"framework " + framework.id, framework.launched, framework.ended});
    }
    (void)read_table(menu_table());
    if (!problems_.empty()) return problems_.to_status();
    return std::vector<MenuItem>(dataset_.menu.begin(), dataset_.menu.end());
  }

 private:
  // Fails only when the nations cannot be read: every other table refers to them, so
  // without them nothing more can be checked.
  template <typename Record>
  Status read_table(const TableDescription<Record>& table) {
    if (table.file == nullptr) return Status::ok();
    std::vector<std::string_view> names;
    for (const Column<Record>& column : table.columns) {
      if (!column.csv_name.empty()) names.push_back(column.csv_name);
    }
    const std::optional<CsvFile> file = open_file(files_, table.file, names, problems_);
    if (!file) {
      if constexpr (std::is_same_v<Record, Nation>) return Status(ErrorCode::kInvalidData, "the nations are unread");
      return Status::ok();
    }
    for (const CsvRecord& record : file->records()) {
      RowReader row(*file, record, problems_);
      Record value;
      for (const Column<Record>& column : table.columns) {
        if (!column.csv_name.empty()) column.read(row, value);
      }
      for (const Column<Record>& column : table.columns) {
        if (column.check) column.check(row, value);
      }
      check_row(row, value);
      if (row.ok()) (dataset_.*table.rows).push_back(std::move(value));
    }
    after_rows(table, *file);
    return Status::ok();
  }

  // Rows with nothing to check beyond their cells.
  template <typename Record>
  void check_row(RowReader& /*row*/, const Record& /*record*/) {}
  template <typename Record>
  void after_rows(const TableDescription<Record>& /*table*/, const CsvFile& /*file*/) {}

  void check_row(RowReader& row, const Nation& nation) {
    if (const int first = nation_lines_.add(nation.iso3, row.line()); first != 0 && !nation.iso3.empty()) {
      row.fail("duplicate nation " + nation.iso3 + ", first on line " + std::to_string(first));
    }
    if (!nation.iso_numeric.empty()) {
      if (const int first = numeric_lines_.add(nation.iso_numeric, row.line()); first != 0) {
        row.fail("duplicate iso_numeric " + nation.iso_numeric + ", first on line " + std::to_string(first));
      }
    }
    if (row.ok()) {
      nations_.emplace(nation.iso3, Life{"nation " + nation.iso3, nation.from, nation.to});
    } else {
      rejected_.insert(nation.iso3);
    }
  }

  // The names and codes an alias must not repeat, once every nation is read.
  void after_rows(const TableDescription<Nation>& /*table*/, const CsvFile& /*file*/) {
    for (const Nation& nation : dataset_.nations) {
      folded_names_.emplace(fold_case_and_accents(nation.name), nation.iso3);
      folded_codes_.emplace(fold_case_and_accents(nation.iso3), nation.iso3);
      folded_codes_.emplace(fold_case_and_accents(nation.iso2), nation.iso3);
    }
  }

  // The search matches codes first, then names and aliases, all ignoring case and accents:
  // an alias that is a nation's name, another alias or another nation's code would find
  // the wrong nation, or two.
  void check_row(RowReader& row, const NationAlias& alias) {
    check_nation(row, alias.nation);
    if (alias.alias.empty()) return;
    const std::string folded = fold_case_and_accents(alias.alias);
    if (const auto named = folded_names_.find(folded); named != folded_names_.end()) {
      row.fail("alias '" + alias.alias + "' is the name of nation " + named->second +
               " (compared ignoring case and accents)");
    }
    if (const auto coded = folded_codes_.find(folded); coded != folded_codes_.end() && coded->second != alias.nation) {
      row.fail("alias '" + alias.alias + "' is an ISO code of nation " + coded->second +
               ", which a search for it finds first");
    }
    if (const int first = alias_lines_.add(folded, row.line()); first != 0) {
      row.fail("duplicate alias '" + alias.alias + "' (compared ignoring case and accents), first on line " +
               std::to_string(first));
    }
  }

  void check_row(RowReader& row, const Organisation& organisation) {
    if (const int first = organisation_lines_.add(organisation.id, row.line()); first != 0) {
      row.fail("duplicate organisation " + organisation.id + ", first on line " + std::to_string(first));
    }
    if (row.ok()) {
      organisations_.emplace(organisation.id,
                             Life{"organisation " + organisation.id, organisation.founded, organisation.dissolved});
    } else {
      rejected_.insert(organisation.id);
    }
  }

  void check_row(RowReader& row, const Framework& framework) {
    const auto organisation = organisations_.find(framework.organisation);
    if (!framework.organisation.empty() && organisation == organisations_.end()) {
      row.fail("unknown organisation '" + framework.organisation + "'");
    } else if (organisation != organisations_.end()) {
      check_within(row, Interval{framework.launched, framework.ended}, organisation->second);
    }
    if (const int first = framework_lines_.add(framework.id, row.line()); first != 0) {
      row.fail("duplicate framework " + framework.id + ", first on line " + std::to_string(first));
    }
    if (!framework.successor.empty()) successors_.emplace_back(row.line(), framework.successor);
    if (row.ok()) {
      frameworks_.emplace(framework.id, Life{"framework " + framework.id, framework.launched, framework.ended});
    } else {
      rejected_.insert(framework.id);
    }
  }

  void after_rows(const TableDescription<Framework>& /*table*/, const CsvFile& file) {
    for (const auto& [line, successor] : successors_) {
      if (!framework_lines_.contains(successor)) {
        problems_.add(file.name(), line, "unknown successor framework '" + successor + "'");
      }
    }
  }

  void check_row(RowReader& row, const Membership& membership) {
    check_owner_and_nation(row, organisations_, "organisation", membership.organisation, membership.nation,
                           membership.period);
    membership_periods_.add_or_fail(row, membership.organisation, membership.nation, membership.period);
  }

  void after_rows(const TableDescription<Membership>& /*table*/, const CsvFile& /*file*/) { memberships_read_ = true; }

  void check_row(RowReader& row, const Partnership& partnership) {
    check_owner_and_nation(row, frameworks_, "framework", partnership.framework, partnership.nation,
                           partnership.period);
    partnership_periods_.add_or_fail(row, partnership.framework, partnership.nation, partnership.period);
  }

  void check_row(RowReader& row, const PartnershipPlan& plan) {
    check_owner_and_nation(row, organisations_, "organisation", plan.organisation, plan.nation, plan.period);
    plan_periods_.add_or_fail(row, plan.organisation + " " + plan.plan, plan.nation, plan.period);
  }

  void check_row(RowReader& row, const TerritoryChange& change) {
    check_owner_and_nation(row, organisations_, "organisation", change.organisation, change.nation,
                           Interval{change.date, change.date.add_days(1)});
    if (row.ok() && memberships_read_ && !is_member_on(change.organisation, change.nation, change.date)) {
      row.fail(change.nation + " is not a member of " + change.organisation + " on " + change.date.to_string() +
               "; a territory change applies to a continuing membership");
    }
    const std::string key =
        change.organisation + " " + change.nation + " " + change.date.to_string() + " " + change.territory;
    if (const int first = change_lines_.add(key, row.line()); first != 0) {
      row.fail("duplicate of line " + std::to_string(first));
    }
    if (row.ok() && !change.unit.empty()) change_units_.push_back({row.file(), row.line(), change});
  }

  void check_row(RowReader& row, const Population& population) {
    check_nation(row, population.nation);
    check_yearly_duplicate(row, population_lines_, population.nation, population.year);
  }

  void check_row(RowReader& row, const MilitaryPersonnel& personnel) {
    check_nation(row, personnel.nation);
    check_yearly_duplicate(row, personnel_lines_, personnel.nation, personnel.year);
  }

  void check_row(RowReader& row, const CouncilSeat& seat) {
    check_nation(row, seat.nation, &seat.period);
    seat_periods_.add_or_fail(row, seat.council, seat.nation, seat.period);
  }

  void check_row(RowReader& row, const EligibilityRule& rule) {
    if (organisations_.find(rule.organisation) == organisations_.end() && !rule.organisation.empty()) {
      row.fail("unknown organisation '" + rule.organisation + "'");
    }
    const bool framework_of_organisation =
        std::any_of(dataset_.frameworks.begin(), dataset_.frameworks.end(),
                    [&](const Framework& f) { return f.id == rule.standing && f.organisation == rule.organisation; });
    if (!rule.standing.empty() && rule.standing != "member" && rule.standing != "suspended-partner" &&
        !framework_of_organisation) {
      row.fail("standing '" + rule.standing + "' is neither member, suspended-partner nor a framework of " +
               rule.organisation);
    }
    if (!rule.activity.empty() && !kActivityWords.contains(rule.activity)) {
      row.fail("activity '" + rule.activity + "' is not in the vocabulary (see docs/data.md)");
    }
    eligibility_periods_.add_or_fail(row, rule.organisation + " " + rule.standing, rule.activity, rule.period);
  }

  void check_row(RowReader& row, const Consultation& consultation) {
    for (const std::string& nation : consultation.requested_by) {
      check_nation(row, nation);
      if (row.ok() && memberships_read_ && !is_member_on("NATO", nation, consultation.date)) {
        row.fail(nation + " is not a member of NATO on " + consultation.date.to_string() +
                 "; only members may request consultations under Article 4");
      }
    }
    check_id_duplicate(row, consultation_lines_, "id", consultation.id);
  }

  void check_row(RowReader& row, const Operation& operation) {
    check_id_duplicate(row, operation_lines_, "id", operation.id);
  }

  void check_row(RowReader& row, const OperationParticipant& participant) {
    if (!participant.operation.empty() && !operation_lines_.contains(participant.operation)) {
      row.fail("unknown operation '" + participant.operation + "'");
    }
    check_nation(row, participant.nation);
    if (const int first = participant_lines_.add(key_of({participant.operation, participant.nation}), row.line());
        first != 0) {
      row.fail("duplicate of line " + std::to_string(first));
    }
  }

  void check_row(RowReader& row, const TerritorialUnit& unit) {
    if (!unit.now_part_of.empty()) {
      check_nation(row, unit.now_part_of);
      if (!unit.from && !unit.to) {
        row.fail("now_part_of " + unit.now_part_of +
                 " needs a period (from, to): the unit takes over that nation's land only for a time");
      }
    } else if (!unit.polygon.empty()) {
      row.fail("a polygon needs now_part_of: the nation whose land in the atlas the polygon is drawn on");
    }
    check_nation(row, unit.sovereign);
    check_id_duplicate(row, unit_lines_, "code", unit.code);
  }

  // A territory change that names a unit must agree with it: the unit's period ends on the
  // day of the change; a reduction takes out land of the member's own unit, an extension
  // brings in land that is the member's in today's atlas.
  void after_rows(const TableDescription<TerritorialUnit>& /*table*/, const CsvFile& /*file*/) {
    for (const PendingChangeUnit& pending : change_units_) {
      const TerritoryChange& change = pending.change;
      const auto unit = std::find_if(dataset_.territorial_units.begin(), dataset_.territorial_units.end(),
                                     [&](const TerritorialUnit& u) { return u.code == change.unit; });
      const auto fail = [&](const std::string& reason) { problems_.add(pending.file, pending.line, reason); };
      if (unit == dataset_.territorial_units.end()) {
        fail("unknown unit '" + change.unit + "'; units are the codes of " +
             files_.display_name(kTerritorialUnitsFile));
        continue;
      }
      if (!unit->to || *unit->to != change.date) {
        fail("unit " + unit->code + " must end (to) on the day of the change, " + change.date.to_string() +
             "; it ends " + (unit->to ? "on " + unit->to->to_string() : std::string("never")));
      }
      if (change.kind == TerritoryChangeKind::kReduction && unit->sovereign != change.nation) {
        fail("a reduction takes out land of " + change.nation + ", but unit " + unit->code + " is land of " +
             unit->sovereign);
      }
      if (change.kind == TerritoryChangeKind::kExtension && unit->now_part_of != change.nation) {
        fail("an extension brings in land that is now " + change.nation + "'s, but unit " + unit->code +
             " has now_part_of '" + unit->now_part_of + "'");
      }
    }
  }

  void check_row(RowReader& row, const SeaArea& area) { check_id_duplicate(row, sea_area_lines_, "id", area.id); }

  void check_row(RowReader& row, const DecisionProcedure& procedure) {
    const bool seats = parse_word<Procedure>(procedure.procedure) == Procedure::kPeaceSecurityCouncil;
    if (seats && procedure.council.empty()) {
      row.fail("missing council: the psc procedure counts the seats of a council of " +
               files_.display_name(kCouncilSeatsFile));
    } else if (!seats && !procedure.council.empty()) {
      row.fail("council '" + procedure.council + "' belongs to the psc procedure, not to " + procedure.procedure);
    } else if (seats && std::none_of(dataset_.council_seats.begin(), dataset_.council_seats.end(),
                                     [&](const CouncilSeat& s) { return s.council == procedure.council; })) {
      row.fail("council '" + procedure.council + "' has no seats in " + files_.display_name(kCouncilSeatsFile));
    }
    const auto organisation = organisations_.find(procedure.organisation);
    if (!procedure.organisation.empty() && organisation == organisations_.end()) {
      row.fail(rejected_.count(procedure.organisation) > 0
                   ? "organisation '" + procedure.organisation + "' is invalid (see its own problem above)"
                   : "unknown organisation '" + procedure.organisation + "'");
    } else if (organisation != organisations_.end()) {
      check_within(row, procedure.period, organisation->second);
    }
    procedure_periods_.add_or_fail(row, procedure.organisation, procedure.procedure, procedure.period);
    if (procedure.usual) {
      usual_procedure_periods_.add_or_fail(row, procedure.organisation, "usual", procedure.period,
                                           "two usual procedures at once: ");
    }
  }

  // A region is a continent (a polygon) or a nation named whole, never both: the rules
  // find a continent by the point and a nation by the land's sovereign. A nation named
  // whole gives the verdict's finding; a continent's is "territory of <Party> in <name>".
  void check_row(RowReader& row, const Article6Region& region) {
    if (region.polygon.empty() == region.nation.empty()) {
      row.fail(region.nation.empty() ? "give a polygon (a continent) or a nation (a territory named whole)"
                                     : "give a polygon or a nation, not both");
    } else if (!region.nation.empty() && region.reasoning.empty()) {
      row.fail("missing reasoning: the finding of Article 6 on the land of " + region.nation);
    } else if (!region.polygon.empty() && !region.reasoning.empty()) {
      row.fail("a continent's finding is 'territory of <Party> in " + region.name + "'; leave reasoning empty");
    }
    check_nation(row, region.nation);
    check_id_duplicate(row, region_lines_, "id", region.id);
  }

  void check_row(RowReader& row, const AtlasShapeOwner& owner) {
    check_nation(row, owner.nation);
    check_id_duplicate(row, shape_owner_lines_, "shape", owner.shape);
  }

  void check_row(RowReader& row, const Publisher& publisher) {
    if (!publisher.host.empty()) check_id_duplicate(row, publisher_lines_, "host", publisher.host);
  }

  void check_row(RowReader& row, const MenuItem& item) {
    check_id_duplicate(row, menu_lines_, "id", item.id);
    for (const std::string& standing : item.open_to) {
      if (standing != "member" && frameworks_.count(standing) == 0) {
        row.fail("open_to '" + standing + "' is neither member nor a framework of frameworks.csv");
      }
    }
    if (item.open_to.empty()) row.fail("missing open_to: member and/or framework ids");
    for (const std::string& language : item.languages) {
      if (language.size() != 2 ||
          !std::all_of(language.begin(), language.end(), [](char c) { return c >= 'a' && c <= 'z'; })) {
        row.fail("language '" + language + "' is not an ISO 639-1 code");
      }
    }
  }

  void check_row(RowReader& row, const DcbPackage& package) {
    check_nation(row, package.nation, &package.period);
    check_id_duplicate(row, dcb_lines_, "package of", package.nation + " from " + package.period.from.to_string());
  }

  // A step is named once per state it leaves; its four-eyes partner is a step of the same
  // workflow (checked once the file is read).
  void check_row(RowReader& row, const WorkflowRule& rule) {
    check_id_duplicate(row, workflow_lines_, "step", rule.workflow + " " + rule.action + " from " + rule.from);
    if (rule.actors.empty()) row.fail("missing actors: who may take the step");
    if (!rule.distinct_from.empty()) pending_distinct_.emplace_back(row.line(), rule);
    if (rule.approvals > 1 && std::find(rule.actors.begin(), rule.actors.end(), "system") != rule.actors.end()) {
      row.fail("the system takes a step alone; approvals must be 1");
    }
  }
  void after_rows(const TableDescription<WorkflowRule>& /*table*/, const CsvFile& file) {
    for (const auto& pending : pending_distinct_) {
      const int line = pending.first;
      const WorkflowRule& rule = pending.second;
      const bool known =
          std::any_of(dataset_.workflow_rules.begin(), dataset_.workflow_rules.end(), [&](const WorkflowRule& other) {
            return other.workflow == rule.workflow && other.action == rule.distinct_from;
          });
      if (!known) {
        problems_.add(file.name(), line,
                      "distinct_from '" + rule.distinct_from + "' is no step of the " + rule.workflow + " workflow");
      }
    }
  }

  void check_row(RowReader& row, const ChecklistItem& item) {
    check_id_duplicate(row, checklist_lines_, "item", item.step + " " + item.item);
  }

  void check_row(RowReader& row, const DefenceExpenditure& figure) {
    const Interval year{Date::from_ymd(figure.year, 1, 1), Date::from_ymd(figure.year + 1, 1, 1)};
    check_nation(row, figure.nation, &year);
    check_yearly_duplicate(row, expenditure_lines_, figure.nation, figure.year);
  }

  void check_row(RowReader& row, const SpendingGuideline& guideline) {
    check_id_duplicate(row, guideline_lines_, "id", guideline.id);
    if (row.ok() && guideline.by_year < guideline.agreed.year()) {
      row.fail("by_year " + std::to_string(guideline.by_year) + " is before the guideline was agreed");
    }
  }

  // An exercise is led by an organisation of organisations.csv or a nation of nations.csv.
  void check_row(RowReader& row, const Exercise& exercise) {
    check_id_duplicate(row, exercise_lines_, "id", exercise.id);
    if (row.ok() && exercise.end < exercise.start) row.fail("end is before start");
    if (!exercise.lead.empty() && organisations_.count(exercise.lead) == 0 && nations_.count(exercise.lead) == 0) {
      row.fail("lead '" + exercise.lead + "' is neither an organisation nor a nation");
    }
    if (row.ok()) exercise_starts_.emplace(exercise.id, exercise.start);
  }

  // A participant existed on the exercise's first day.
  void check_row(RowReader& row, const ExerciseParticipant& participant) {
    const auto exercise = exercise_starts_.find(participant.exercise);
    if (!participant.exercise.empty() && exercise == exercise_starts_.end()) {
      row.fail(exercise_lines_.contains(participant.exercise)
                   ? "exercise '" + participant.exercise + "' is invalid (see its own problem above)"
                   : "unknown exercise '" + participant.exercise + "'");
    }
    if (exercise != exercise_starts_.end()) {
      const Interval day{exercise->second, exercise->second.add_days(1)};
      check_nation(row, participant.nation, &day);
    } else {
      check_nation(row, participant.nation);
    }
    if (const int first =
            exercise_participant_lines_.add(key_of({participant.exercise, participant.nation}), row.line());
        first != 0) {
      row.fail("duplicate of line " + std::to_string(first));
    }
  }

  void check_row(RowReader& row, const Alliance& alliance) {
    check_id_duplicate(row, alliance_lines_, "id", alliance.id);
    if (row.ok() && alliance.in_force < alliance.signed_on) row.fail("in_force is before signed");
    if (!alliance.organisation.empty() && organisations_.count(alliance.organisation) == 0) {
      row.fail("unknown organisation '" + alliance.organisation + "'");
    }
    if (row.ok()) alliance_organisations_.emplace(alliance.id, alliance.organisation);
  }

  // Members are listed only for an alliance that no organisation's memberships describe.
  void check_row(RowReader& row, const AllianceMember& member) {
    const auto alliance = alliance_organisations_.find(member.alliance);
    if (!member.alliance.empty() && alliance == alliance_organisations_.end()) {
      row.fail("unknown alliance '" + member.alliance + "'");
    } else if (alliance != alliance_organisations_.end() && !alliance->second.empty()) {
      row.fail("alliance " + member.alliance + " takes its members from organisation " + alliance->second +
               "'s memberships; list none here");
    }
    check_nation(row, member.nation, &member.period);
    alliance_member_periods_.add_or_fail(row, member.alliance, member.nation, member.period);
  }

  // A provision the treaty makes rests on an article and its words; one it does not make
  // (level 0) may name none.
  void check_row(RowReader& row, const AllianceProvision& provision) {
    if (!provision.alliance.empty() && alliance_organisations_.count(provision.alliance) == 0) {
      row.fail("unknown alliance '" + provision.alliance + "'");
    }
    check_nation(row, provision.applies_to);
    if (row.ok() && provision.level > 0 && (provision.article.empty() || provision.quote.empty())) {
      row.fail("a provision of level " + std::to_string(provision.level) +
               " needs the article and the quote it rests on");
    }
    check_id_duplicate(row, provision_lines_, "provision",
                       provision.alliance + " " + provision.provision +
                           (provision.applies_to.empty() ? "" : " for " + provision.applies_to));
  }

  void check_row(RowReader& row, const DatasetCoverage& coverage) {
    check_id_duplicate(row, coverage_lines_, "dataset", coverage.dataset);
  }

  // "duplicate <column> <key>, first on line N".
  static void check_id_duplicate(RowReader& row, FirstLines& lines, const std::string& column, const std::string& key) {
    if (const int first = lines.add(key, row.line()); first != 0) {
      row.fail("duplicate " + column + " " + key + ", first on line " + std::to_string(first));
    }
  }

  // A figure kept by nation and year given twice: "duplicate of line N".
  static void check_yearly_duplicate(RowReader& row, FirstLines& lines, const std::string& nation, int year) {
    if (const int first = lines.add(key_of({nation, std::to_string(year)}), row.line()); first != 0) {
      row.fail("duplicate of line " + std::to_string(first));
    }
  }

  // Reports an unknown nation, or a period outside its life when `period` is given.
  void check_nation(RowReader& row, const std::string& nation, const Interval* period = nullptr) {
    if (nation.empty()) return;
    const auto life = nations_.find(nation);
    if (life == nations_.end()) {
      row.fail(rejected_.count(nation) > 0 ? "nation '" + nation + "' is invalid (see its own problem above)"
                                           : "unknown nation '" + nation + "'");
      return;
    }
    if (period != nullptr) check_within(row, *period, life->second);
  }

  bool is_member_on(const std::string& organisation, const std::string& nation, Date day) const {
    return std::any_of(dataset_.memberships.begin(), dataset_.memberships.end(), [&](const Membership& m) {
      return m.organisation == organisation && m.nation == nation && m.period.contains(day) &&
             (m.status == MembershipStatus::kMember || m.status == MembershipStatus::kSuspended);
    });
  }

  void check_owner_and_nation(RowReader& row, const std::map<std::string, Life>& owners, const std::string& owner_kind,
                              const std::string& owner, const std::string& nation, const Interval& period) {
    // A reference to a row rejected above is not reported again: that row's problem is.
    const auto owner_life = owners.find(owner);
    if (!owner.empty() && owner_life == owners.end()) {
      row.fail(rejected_.count(owner) > 0 ? owner_kind + " '" + owner + "' is invalid (see its own problem above)"
                                          : "unknown " + owner_kind + " '" + owner + "'");
    }
    const auto nation_life = nations_.find(nation);
    if (!nation.empty() && nation_life == nations_.end()) {
      row.fail(rejected_.count(nation) > 0
                   ? "nation '" + nation + "' is invalid (see its own problem above)"
                   : "unknown nation '" + nation + "'; nations are ISO 3166-1 alpha-3 codes listed in " +
                         files_.display_name(kNationsFile));
    }
    if (owner_life != owners.end()) check_within(row, period, owner_life->second);
    if (nation_life != nations_.end()) check_within(row, period, nation_life->second);
  }

  const DataFiles& files_;
  Problems problems_;
  Dataset dataset_;
  std::map<std::string, Life> nations_;
  // Every nation's name, and its ISO alpha-3 and alpha-2 codes, folded (fold_case_and_accents),
  // with the nation's alpha-3 code.
  std::map<std::string, std::string> folded_names_;
  std::map<std::string, std::string> folded_codes_;
  std::map<std::string, Life> organisations_;
  std::map<std::string, Life> frameworks_;
  std::set<std::string> rejected_;  // keys of nations, organisations and frameworks rejected
  bool memberships_read_ = false;   // false: membership checks would only repeat that file's problem

  // Keys seen, each table's own, rejected rows included.
  FirstLines nation_lines_;
  FirstLines numeric_lines_;
  FirstLines alias_lines_;  // by the alias folded
  FirstLines organisation_lines_;
  FirstLines framework_lines_;
  FirstLines change_lines_;
  FirstLines population_lines_;
  FirstLines personnel_lines_;
  FirstLines consultation_lines_;
  FirstLines operation_lines_;  // also the operations participants may name
  FirstLines participant_lines_;
  FirstLines unit_lines_;
  FirstLines sea_area_lines_;
  FirstLines region_lines_;
  FirstLines shape_owner_lines_;
  FirstLines menu_lines_;
  FirstLines dcb_lines_;
  FirstLines workflow_lines_;
  FirstLines checklist_lines_;
  FirstLines expenditure_lines_;
  FirstLines guideline_lines_;
  FirstLines exercise_lines_;
  std::map<std::string, Date> exercise_starts_;  // of the exercises accepted
  FirstLines exercise_participant_lines_;
  FirstLines alliance_lines_;
  std::map<std::string, std::string> alliance_organisations_;  // of the alliances accepted
  FirstLines provision_lines_;
  FirstLines coverage_lines_;
  std::vector<std::pair<int, WorkflowRule>> pending_distinct_;
  FirstLines publisher_lines_;

  // Periods accepted, by the pair they must not overlap for.
  IntervalRegistry membership_periods_;
  IntervalRegistry alliance_member_periods_;
  IntervalRegistry partnership_periods_;
  IntervalRegistry plan_periods_;
  IntervalRegistry seat_periods_;
  IntervalRegistry eligibility_periods_;
  IntervalRegistry procedure_periods_;
  IntervalRegistry usual_procedure_periods_;

  std::vector<std::pair<int, std::string>> successors_;  // (line, successor) of each framework naming one
  // Territory changes that name a unit, checked once the units are read.
  struct PendingChangeUnit {
    std::string file;
    int line = 0;
    TerritoryChange change;
  };
  std::vector<PendingChangeUnit> change_units_;
};

}  // namespace

Result<Dataset> read_dataset(const DataFiles& files) { return DatasetReader(files).read(); }

Result<std::vector<MenuItem>> read_menu(std::string_view text, const Dataset& context) {
  const InMemoryDataFiles files({{kMenuFile, std::string(text)}});
  return DatasetReader(files).read_menu(context);
}

}  // namespace entente
