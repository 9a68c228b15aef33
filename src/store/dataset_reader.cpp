#include "store/dataset_reader.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <set>
#include <string_view>

#include <initializer_list>
#include "core/csv.hpp"
#include "core/text.hpp"
#include "model/vocabulary.hpp"

namespace entente {

namespace {

constexpr std::size_t kMaxReportedProblems = 50;

// Collects "file:line: reason" problems across all files.
class Problems {
 public:
  void add(const std::string& file, int line, const std::string& reason) {
    messages_.push_back(file + ":" + std::to_string(line) + ": " + reason);
  }
  void add_raw(std::string message) { messages_.push_back(std::move(message)); }
  // A file that could not be read at all: the result is then kIo, not kInvalidData.
  void add_unreadable(std::string message) {
    unreadable_ = true;
    add_raw(std::move(message));
  }
  bool empty() const { return messages_.empty(); }

  Status to_status() const {
    std::string text;
    const std::size_t shown = std::min(messages_.size(), kMaxReportedProblems);
    for (std::size_t i = 0; i < shown; ++i) {
      if (i > 0) text += '\n';
      text += messages_[i];
    }
    if (messages_.size() > shown) {
      text += "\n... and " + std::to_string(messages_.size() - shown) + " more problems";
    }
    return Status(unreadable_ ? ErrorCode::kIo : ErrorCode::kInvalidData, text);
  }

 private:
  std::vector<std::string> messages_;
  bool unreadable_ = false;
};

// One table of the dataset with its columns resolved by name.
class Table {
 public:
  Table(std::string display_name, CsvTable csv) : name_(std::move(display_name)), csv_(std::move(csv)) {
    for (std::size_t i = 0; i < csv_.header.size(); ++i) columns_[std::string(trim(csv_.header[i]))] = i;
  }

  // Reports every column of `names` the header lacks and every header column not in
  // `names`; true when the header has exactly these columns.
  bool require(const std::vector<std::string_view>& names, Problems& problems) const {
    bool exact = true;
    std::string expected;
    for (std::string_view column : names) {
      expected += (expected.empty() ? "" : ", ") + std::string(column);
      if (columns_.find(std::string(column)) == columns_.end()) {
        problems.add(name_, 1, "missing column '" + std::string(column) + "'");
        exact = false;
      }
    }
    for (const auto& [column, index] : columns_) {
      if (std::find(names.begin(), names.end(), column) == names.end()) {
        problems.add(name_, 1, "unknown column '" + column + "'; the columns are: " + expected);
        exact = false;
      }
    }
    return exact;
  }

  const std::string& name() const { return name_; }
  const std::vector<CsvRecord>& records() const { return csv_.records; }
  std::size_t column(std::string_view column_name) const { return columns_.at(std::string(column_name)); }

 private:
  std::string name_;
  CsvTable csv_;
  std::map<std::string, std::size_t> columns_;
};

// Reads typed fields of one record, reporting problems against its line.
class RowReader {
 public:
  RowReader(const Table& table, const CsvRecord& record, Problems& problems)
      : table_(table), record_(record), problems_(problems) {}

  int line() const { return record_.line; }
  bool ok() const { return ok_; }

  void fail(const std::string& reason) {
    problems_.add(table_.name(), record_.line, reason);
    ok_ = false;
  }

  std::string text(std::string_view column) const { return std::string(trim(record_.fields[table_.column(column)])); }

  std::string required(std::string_view column) {
    std::string value = text(column);
    if (value.empty()) fail("missing " + std::string(column));
    return value;
  }

  std::optional<Date> optional_date(std::string_view column) {
    const std::string value = text(column);
    if (value.empty()) return std::nullopt;
    Result<Date> date = Date::parse(value);
    if (!date) {
      fail(std::string(column) + ": " + date.status().message());
      return std::nullopt;
    }
    return *date;
  }

  Date required_date(std::string_view column) {
    if (text(column).empty()) {
      fail("missing " + std::string(column) + " date");
      return Date();
    }
    return optional_date(column).value_or(Date());
  }

  // Validates that `from` is before `to` when both are present.
  Interval interval(std::string_view from_column, std::string_view to_column) {
    Interval period{required_date(from_column), optional_date(to_column)};
    if (ok_ && period.to && !(period.from < *period.to)) {
      fail(std::string(from_column) + " " + period.from.to_string() + " is not before " + std::string(to_column) + " " +
           period.to->to_string());
    }
    return period;
  }

  double coordinate(std::string_view column, double limit) {
    const std::string value = text(column);
    double number = 0;
    const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), number);
    if (value.empty() || error != std::errc() || end != value.data() + value.size()) {
      fail(std::string(column) + " '" + value + "' is not a number");
      return 0;
    }
    if (number < -limit || number > limit) {
      fail(std::string(column) + " " + value + " is outside [-" + std::to_string(static_cast<int>(limit)) + ", " +
           std::to_string(static_cast<int>(limit)) + "]");
    }
    return number;
  }

  Provenance provenance() { return Provenance{required("source"), text("note")}; }

  // A required field that must be one of `allowed`.
  std::string one_of(std::string_view column, std::initializer_list<std::string_view> allowed) {
    std::string value = required(column);
    if (value.empty()) return value;
    std::string list;
    for (std::string_view option : allowed) {
      if (option == value) return value;
      list += (list.empty() ? "" : ", ") + std::string(option);
    }
    fail(std::string(column) + " '" + value + "' is not one of " + list);
    return value;
  }

  long long integer(std::string_view column, long long minimum, long long maximum) {
    const std::string value = text(column);
    long long number = 0;
    const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), number);
    if (value.empty() || error != std::errc() || end != value.data() + value.size()) {
      fail(std::string(column) + " '" + value + "' is not a whole number");
      return 0;
    }
    if (number < minimum || number > maximum) {
      fail(std::string(column) + " " + value + " is outside [" + std::to_string(minimum) + ", " +
           std::to_string(maximum) + "]");
    }
    return number;
  }

  // A ";"-separated list; empty items are dropped.
  std::vector<std::string> list(std::string_view column) const {
    std::vector<std::string> items;
    const std::string value = text(column);
    std::size_t start = 0;
    while (start <= value.size()) {
      const std::size_t end = std::min(value.find(';', start), value.size());
      const std::string_view item = trim(std::string_view(value).substr(start, end - start));
      if (!item.empty()) items.emplace_back(item);
      start = end + 1;
    }
    return items;
  }

 private:
  const Table& table_;
  const CsvRecord& record_;
  Problems& problems_;
  bool ok_ = true;
};

bool is_upper_code(std::string_view text, std::size_t length) {
  return text.size() == length && std::all_of(text.begin(), text.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

bool is_id(std::string_view text) {
  return !text.empty() && text.size() <= 16 &&
         std::all_of(text.begin(), text.end(), [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); });
}

std::optional<Table> open_table(const DataFiles& files, const char* name, const std::vector<std::string_view>& columns,
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
  Table table(display, std::move(*csv));
  if (!table.require(columns, problems)) return std::nullopt;
  return table;
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

class DatasetReader {
 public:
  explicit DatasetReader(const DataFiles& files) : files_(files) {}

  Result<Dataset> read() {
    // Every other table refers to nations: without them nothing more can be checked.
    if (!read_nations()) return problems_.to_status();
    read_organisations();
    read_frameworks();
    read_memberships();
    read_partnerships();
    read_plans();
    read_territory_changes();
    read_populations();
    read_military_personnel();
    read_council_seats();
    read_eligibility();
    read_consultations();
    read_operations();
    read_participants();
    read_territorial_units();
    read_sea_areas();
    read_decision_procedures();
    if (!problems_.empty()) return problems_.to_status();
    return std::move(dataset_);
  }

 private:
  // False when the file could not be read or lacks columns.
  bool read_nations() {
    const auto table = open_table(files_, kNationsFile,
                                  {"iso3", "iso2", "iso_numeric", "name", "status", "region", "subregion", "capital",
                                   "capital_lat", "capital_lon", "from", "to", "source", "note"},
                                  problems_);
    if (!table) return false;
    std::map<std::string, int> numeric_lines;
    for (const CsvRecord& record : table->records()) {
      RowReader row(*table, record, problems_);
      Nation nation;
      nation.iso3 = row.required("iso3");
      nation.iso2 = row.required("iso2");
      nation.iso_numeric = row.text("iso_numeric");
      nation.name = row.required("name");
      const std::string status = row.required("status");
      nation.region = row.required("region");
      nation.subregion = row.text("subregion");
      nation.capital = row.text("capital");
      nation.capital_lat = row.coordinate("capital_lat", 90);
      nation.capital_lon = row.coordinate("capital_lon", 180);
      nation.from = row.optional_date("from");
      nation.to = row.optional_date("to");
      nation.provenance = row.provenance();
      if (!nation.iso3.empty() && !is_upper_code(nation.iso3, 3))
        row.fail("iso3 '" + nation.iso3 + "' is not three capital letters");
      if (!nation.iso2.empty() && !is_upper_code(nation.iso2, 2))
        row.fail("iso2 '" + nation.iso2 + "' is not two capital letters");
      if (!nation.iso_numeric.empty() &&
          (nation.iso_numeric.size() != 3 || !std::all_of(nation.iso_numeric.begin(), nation.iso_numeric.end(),
                                                          [](char c) { return c >= '0' && c <= '9'; }))) {
        row.fail("iso_numeric '" + nation.iso_numeric + "' is not three digits");
      }
      if (const auto parsed = parse_nation_status(status)) {
        nation.status = *parsed;
      } else if (!status.empty()) {
        row.fail("status '" + status + "' is not one of un-member, un-observer, other, historical");
      }
      if (nation.from && nation.to && !(*nation.from < *nation.to)) row.fail("from is not before to");
      if (const auto [it, inserted] = nation_lines_.emplace(nation.iso3, row.line());
          !inserted && !nation.iso3.empty()) {
        row.fail("duplicate nation " + nation.iso3 + ", first on line " + std::to_string(it->second));
      }
      if (!nation.iso_numeric.empty()) {
        if (const auto [it, inserted] = numeric_lines.emplace(nation.iso_numeric, row.line()); !inserted) {
          row.fail("duplicate iso_numeric " + nation.iso_numeric + ", first on line " + std::to_string(it->second));
        }
      }
      if (row.ok()) {
        nations_.emplace(nation.iso3, Life{"nation " + nation.iso3, nation.from, nation.to});
        dataset_.nations.push_back(std::move(nation));
      } else {
        rejected_.insert(nation.iso3);
      }
    }
    return true;
  }

  void read_organisations() {
    const auto table = open_table(
        files_, kOrganisationsFile,
        {"id", "name", "founded", "dissolved", "headquarters", "hq_lat", "hq_lon", "decision_rule", "source", "note"},
        problems_);
    if (!table) return;
    std::map<std::string, int> lines;
    for (const CsvRecord& record : table->records()) {
      RowReader row(*table, record, problems_);
      Organisation organisation;
      organisation.id = row.required("id");
      organisation.name = row.required("name");
      const Interval life = row.interval("founded", "dissolved");
      organisation.founded = life.from;
      organisation.dissolved = life.to;
      organisation.headquarters = row.text("headquarters");
      organisation.hq_lat = row.coordinate("hq_lat", 90);
      organisation.hq_lon = row.coordinate("hq_lon", 180);
      organisation.decision_rule = row.required("decision_rule");
      organisation.provenance = row.provenance();
      if (!organisation.id.empty() && !is_id(organisation.id))
        row.fail("id '" + organisation.id + "' must be capital letters or digits");
      if (const auto [it, inserted] = lines.emplace(organisation.id, row.line()); !inserted) {
        row.fail("duplicate organisation " + organisation.id + ", first on line " + std::to_string(it->second));
      }
      if (row.ok()) {
        organisations_.emplace(organisation.id, Life{"organisation " + organisation.id, life.from, life.to});
        dataset_.organisations.push_back(std::move(organisation));
      } else {
        rejected_.insert(organisation.id);
      }
    }
  }

  void read_frameworks() {
    const auto table =
        open_table(files_, kFrameworksFile,
                   {"id", "name", "organisation", "launched", "ended", "successor", "source", "note"}, problems_);
    if (!table) return;
    std::map<std::string, int> lines;
    std::vector<std::pair<int, std::string>> successors;
    for (const CsvRecord& record : table->records()) {
      RowReader row(*table, record, problems_);
      Framework framework;
      framework.id = row.required("id");
      framework.name = row.required("name");
      framework.organisation = row.required("organisation");
      const Interval life = row.interval("launched", "ended");
      framework.launched = life.from;
      framework.ended = life.to;
      framework.successor = row.text("successor");
      framework.provenance = row.provenance();
      if (!framework.id.empty() && !is_id(framework.id))
        row.fail("id '" + framework.id + "' must be capital letters or digits");
      const auto organisation = organisations_.find(framework.organisation);
      if (!framework.organisation.empty() && organisation == organisations_.end()) {
        row.fail("unknown organisation '" + framework.organisation + "'");
      } else if (organisation != organisations_.end()) {
        check_within(row, life, organisation->second);
      }
      if (const auto [it, inserted] = lines.emplace(framework.id, row.line()); !inserted) {
        row.fail("duplicate framework " + framework.id + ", first on line " + std::to_string(it->second));
      }
      if (!framework.successor.empty()) successors.emplace_back(row.line(), framework.successor);
      if (row.ok()) {
        frameworks_.emplace(framework.id, Life{"framework " + framework.id, life.from, life.to});
        dataset_.frameworks.push_back(std::move(framework));
      } else {
        rejected_.insert(framework.id);
      }
    }
    for (const auto& [line, successor] : successors) {
      if (lines.find(successor) == lines.end()) {
        problems_.add(table->name(), line, "unknown successor framework '" + successor + "'");
      }
    }
  }

  void read_memberships() {
    const auto table = open_table(files_, kMembershipsFile,
                                  {"organisation", "nation", "from", "to", "status", "source", "note"}, problems_);
    if (!table) return;
    memberships_read_ = true;
    IntervalRegistry periods;
    for (const CsvRecord& record : table->records()) {
      RowReader row(*table, record, problems_);
      Membership membership;
      membership.organisation = row.required("organisation");
      membership.nation = row.required("nation");
      membership.period = row.interval("from", "to");
      const std::string status = row.required("status");
      membership.provenance = row.provenance();
      if (const auto parsed = parse_membership_status(status)) {
        membership.status = *parsed;
      } else if (!status.empty()) {
        row.fail("status '" + status + "' is not one of member, suspended, observer, associate");
      }
      check_owner_and_nation(row, organisations_, "organisation", membership.organisation, membership.nation,
                             membership.period);
      if (row.ok()) {
        if (std::string clash = periods.add(membership.organisation, membership.nation, membership.period, row.line());
            !clash.empty()) {
          row.fail(clash);
        }
      }
      if (row.ok()) dataset_.memberships.push_back(std::move(membership));
    }
  }

  void read_partnerships() {
    const auto table = open_table(files_, kPartnershipsFile,
                                  {"framework", "nation", "from", "to", "status", "source", "note"}, problems_);
    if (!table) return;
    IntervalRegistry periods;
    for (const CsvRecord& record : table->records()) {
      RowReader row(*table, record, problems_);
      Partnership partnership;
      partnership.framework = row.required("framework");
      partnership.nation = row.required("nation");
      partnership.period = row.interval("from", "to");
      const std::string status = row.required("status");
      partnership.provenance = row.provenance();
      if (const auto parsed = parse_partnership_status(status)) {
        partnership.status = *parsed;
      } else if (!status.empty()) {
        row.fail("status '" + status + "' is not one of active, suspended");
      }
      check_owner_and_nation(row, frameworks_, "framework", partnership.framework, partnership.nation,
                             partnership.period);
      if (row.ok()) {
        if (std::string clash = periods.add(partnership.framework, partnership.nation, partnership.period, row.line());
            !clash.empty()) {
          row.fail(clash);
        }
      }
      if (row.ok()) dataset_.partnerships.push_back(std::move(partnership));
    }
  }

  void read_plans() {
    const auto table =
        open_table(files_, kPlansFile, {"nation", "organisation", "plan", "from", "to", "source", "note"}, problems_);
    if (!table) return;
    static const std::set<std::string, std::less<>> kPlans{"ANP", "IPAP", "IPCP", "ITPP", "MAP"};
    IntervalRegistry periods;
    for (const CsvRecord& record : table->records()) {
      RowReader row(*table, record, problems_);
      PartnershipPlan plan;
      plan.nation = row.required("nation");
      plan.organisation = row.required("organisation");
      plan.plan = row.required("plan");
      plan.period = row.interval("from", "to");
      plan.provenance = row.provenance();
      if (!plan.plan.empty() && kPlans.find(plan.plan) == kPlans.end()) {
        row.fail("plan '" + plan.plan + "' is not one of ANP, IPAP, IPCP, ITPP, MAP");
      }
      check_owner_and_nation(row, organisations_, "organisation", plan.organisation, plan.nation, plan.period);
      if (row.ok()) {
        if (std::string clash = periods.add(plan.organisation + " " + plan.plan, plan.nation, plan.period, row.line());
            !clash.empty()) {
          row.fail(clash);
        }
      }
      if (row.ok()) dataset_.plans.push_back(std::move(plan));
    }
  }

  void read_territory_changes() {
    const auto table =
        open_table(files_, kTerritoryChangesFile,
                   {"organisation", "nation", "date", "change", "territory", "unit", "source", "note"}, problems_);
    if (!table) return;
    std::map<std::string, int> lines;
    for (const CsvRecord& record : table->records()) {
      RowReader row(*table, record, problems_);
      TerritoryChange change;
      change.organisation = row.required("organisation");
      change.nation = row.required("nation");
      change.date = row.required_date("date");
      const std::string kind = row.required("change");
      change.territory = row.required("territory");
      change.unit = row.text("unit");
      change.provenance = row.provenance();
      if (const auto parsed = parse_territory_change_kind(kind)) {
        change.kind = *parsed;
      } else if (!kind.empty()) {
        row.fail("change '" + kind + "' is not one of extension, reduction");
      }
      check_owner_and_nation(row, organisations_, "organisation", change.organisation, change.nation,
                             Interval{change.date, change.date.add_days(1)});
      if (row.ok() && memberships_read_ && !is_member_on(change.organisation, change.nation, change.date)) {
        row.fail(change.nation + " is not a member of " + change.organisation + " on " + change.date.to_string() +
                 "; a territory change applies to a continuing membership");
      }
      const std::string key =
          change.organisation + " " + change.nation + " " + change.date.to_string() + " " + change.territory;
      if (const auto [it, inserted] = lines.emplace(key, row.line()); !inserted) {
        row.fail("duplicate of line " + std::to_string(it->second));
      }
      if (row.ok()) {
        if (!change.unit.empty()) change_units_.push_back({table->name(), row.line(), change});
        dataset_.territory_changes.push_back(std::move(change));
      }
    }
  }

  void read_populations() {
    const auto table =
        open_table(files_, kPopulationsFile, {"nation", "year", "population", "source", "note"}, problems_);
    if (!table) return;
    std::map<std::pair<std::string, long long>, int> lines;
    for (const CsvRecord& record : table->records()) {
      RowReader row(*table, record, problems_);
      Population population;
      population.nation = row.required("nation");
      population.year = static_cast<int>(row.integer("year", 1900, 2100));
      population.population = row.integer("population", 1, 2'000'000'000);
      population.provenance = row.provenance();
      check_nation(row, population.nation);
      if (const auto [it, inserted] = lines.emplace(std::make_pair(population.nation, population.year), row.line());
          !inserted) {
        row.fail("duplicate of line " + std::to_string(it->second));
      }
      if (row.ok()) dataset_.populations.push_back(std::move(population));
    }
  }

  void read_military_personnel() {
    const auto table =
        open_table(files_, kMilitaryPersonnelFile, {"nation", "year", "personnel", "source", "note"}, problems_);
    if (!table) return;
    std::map<std::pair<std::string, long long>, int> lines;
    for (const CsvRecord& record : table->records()) {
      RowReader row(*table, record, problems_);
      MilitaryPersonnel personnel;
      personnel.nation = row.required("nation");
      personnel.year = static_cast<int>(row.integer("year", 1945, 2100));
      personnel.personnel = row.integer("personnel", 0, 100'000'000);
      personnel.provenance = row.provenance();
      check_nation(row, personnel.nation);
      if (const auto [it, inserted] = lines.emplace(std::make_pair(personnel.nation, personnel.year), row.line());
          !inserted) {
        row.fail("duplicate of line " + std::to_string(it->second));
      }
      if (row.ok()) dataset_.military_personnel.push_back(std::move(personnel));
    }
  }

  void read_council_seats() {
    const auto table =
        open_table(files_, kCouncilSeatsFile, {"council", "nation", "from", "to", "term", "source", "note"}, problems_);
    if (!table) return;
    IntervalRegistry periods;
    for (const CsvRecord& record : table->records()) {
      RowReader row(*table, record, problems_);
      CouncilSeat seat;
      seat.council = row.required("council");
      seat.nation = row.required("nation");
      seat.period = row.interval("from", "to");
      seat.term = row.required("term");
      seat.provenance = row.provenance();
      if (!seat.council.empty() && !is_id(seat.council))
        row.fail("council '" + seat.council + "' must be capital letters or digits");
      check_nation(row, seat.nation, &seat.period);
      if (row.ok()) {
        if (std::string clash = periods.add(seat.council, seat.nation, seat.period, row.line()); !clash.empty()) {
          row.fail(clash);
        }
      }
      if (row.ok()) dataset_.council_seats.push_back(std::move(seat));
    }
  }

  void read_eligibility() {
    const auto table = open_table(
        files_, kEligibilityFile,
        {"organisation", "standing", "activity", "eligible", "from", "to", "conditions", "source", "note"}, problems_);
    if (!table) return;
    IntervalRegistry periods;
    for (const CsvRecord& record : table->records()) {
      RowReader row(*table, record, problems_);
      EligibilityRule rule;
      rule.organisation = row.required("organisation");
      rule.standing = row.required("standing");
      rule.activity = row.required("activity");
      const std::string eligible = row.one_of("eligible", {"yes", "no", "conditional"});
      rule.period = row.interval("from", "to");
      rule.conditions = row.text("conditions");
      rule.provenance = row.provenance();
      rule.eligible = parse_eligibility(eligible).value_or(Eligibility::kNo);
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
      if (row.ok()) {
        if (std::string clash =
                periods.add(rule.organisation + " " + rule.standing, rule.activity, rule.period, row.line());
            !clash.empty()) {
          row.fail(clash);
        }
      }
      if (row.ok()) dataset_.eligibility.push_back(std::move(rule));
    }
  }

  void read_consultations() {
    const auto table = open_table(files_, kConsultationsFile,
                                  {"id", "date", "requested_by", "occasion", "outcome", "source", "note"}, problems_);
    if (!table) return;
    std::map<std::string, int> lines;
    for (const CsvRecord& record : table->records()) {
      RowReader row(*table, record, problems_);
      Consultation consultation;
      consultation.id = row.required("id");
      consultation.date = row.required_date("date");
      consultation.requested_by = row.list("requested_by");
      consultation.occasion = row.required("occasion");
      consultation.outcome = row.text("outcome");
      consultation.provenance = row.provenance();
      if (consultation.requested_by.empty()) row.fail("missing requested_by");
      for (const std::string& nation : consultation.requested_by) {
        check_nation(row, nation);
        if (row.ok() && memberships_read_ && !is_member_on("NATO", nation, consultation.date)) {
          row.fail(nation + " is not a member of NATO on " + consultation.date.to_string() +
                   "; only members may request consultations under Article 4");
        }
      }
      if (const auto [it, inserted] = lines.emplace(consultation.id, row.line()); !inserted) {
        row.fail("duplicate id " + consultation.id + ", first on line " + std::to_string(it->second));
      }
      if (row.ok()) dataset_.consultations.push_back(std::move(consultation));
    }
  }

  void read_operations() {
    const auto table = open_table(files_, kOperationsFile,
                                  {"id", "name", "kind", "from", "to", "area", "area_lat", "area_lon", "legal_basis",
                                   "unsc_resolutions", "article5", "host_consent", "summary", "source", "note"},
                                  problems_);
    if (!table) return;
    for (const CsvRecord& record : table->records()) {
      RowReader row(*table, record, problems_);
      Operation operation;
      operation.id = row.required("id");
      operation.name = row.required("name");
      operation.kind = row.required("kind");
      operation.period = row.interval("from", "to");
      operation.area = row.required("area");
      operation.area_lat = row.coordinate("area_lat", 90);
      operation.area_lon = row.coordinate("area_lon", 180);
      const std::string basis =
          row.one_of("legal_basis", {"un-mandate", "collective-self-defence", "consent", "none-explicit"});
      operation.legal_basis = parse_legal_basis(basis).value_or(LegalBasis::kNoneExplicit);
      operation.unsc_resolutions = row.list("unsc_resolutions");
      operation.article5 = row.one_of("article5", {"yes", "no"}) == "yes";
      operation.host_consent = row.one_of("host_consent", {"yes", "no", "partial"});
      operation.summary = row.required("summary");
      operation.provenance = row.provenance();
      if (!operation.kind.empty() && !kOperationKindWords.contains(operation.kind)) {
        row.fail("kind '" + operation.kind + "' is not in the vocabulary (see docs/data.md)");
      }
      for (const std::string& resolution : operation.unsc_resolutions) {
        if (!std::all_of(resolution.begin(), resolution.end(), [](char c) { return c >= '0' && c <= '9'; })) {
          row.fail("unsc_resolutions: '" + resolution + "' is not a resolution number");
        }
      }
      if (const auto [it, inserted] = operation_lines_.emplace(operation.id, row.line()); !inserted) {
        row.fail("duplicate id " + operation.id + ", first on line " + std::to_string(it->second));
      }
      if (row.ok()) dataset_.operations.push_back(std::move(operation));
    }
  }

  void read_participants() {
    const auto table =
        open_table(files_, kParticipantsFile, {"operation", "nation", "role", "source", "note"}, problems_);
    if (!table) return;
    std::map<std::pair<std::string, std::string>, int> lines;
    for (const CsvRecord& record : table->records()) {
      RowReader row(*table, record, problems_);
      OperationParticipant participant;
      participant.operation = row.required("operation");
      participant.nation = row.required("nation");
      participant.role = row.one_of("role", {"lead", "member-contributor", "partner-contributor"});
      participant.provenance = row.provenance();
      if (!participant.operation.empty() && operation_lines_.find(participant.operation) == operation_lines_.end()) {
        row.fail("unknown operation '" + participant.operation + "'");
      }
      check_nation(row, participant.nation);
      if (const auto [it, inserted] =
              lines.emplace(std::make_pair(participant.operation, participant.nation), row.line());
          !inserted) {
        row.fail("duplicate of line " + std::to_string(it->second));
      }
      if (row.ok()) dataset_.participants.push_back(std::move(participant));
    }
  }

  void read_territorial_units() {
    const auto table = open_table(
        files_, kTerritorialUnitsFile,
        {"code", "name", "sovereign", "lat", "lon", "radius_km", "continent", "north_of_tropic", "in_north_atlantic",
         "ruling", "clause", "reasoning", "from", "to", "now_part_of", "polygon", "source", "note"},
        problems_);
    if (!table) return;
    std::map<std::string, int> lines;
    for (const CsvRecord& record : table->records()) {
      RowReader row(*table, record, problems_);
      TerritorialUnit unit;
      unit.code = row.required("code");
      unit.name = row.required("name");
      unit.sovereign = row.required("sovereign");
      unit.lat = row.coordinate("lat", 90);
      unit.lon = row.coordinate("lon", 180);
      unit.radius_km = row.coordinate("radius_km", 5000);
      unit.continent = row.one_of(
          "continent", {"europe", "north-america", "africa", "asia", "south-america", "oceania", "antarctica"});
      unit.north_of_tropic = row.one_of("north_of_tropic", {"yes", "no"});
      unit.in_north_atlantic = row.one_of("in_north_atlantic", {"yes", "no", "debated"});
      unit.ruling = parse_scope_ruling(row.one_of("ruling", {"covered", "not-covered", "contested"}))
                        .value_or(ScopeRuling::kContested);
      unit.clause = row.required("clause");
      unit.reasoning = row.required("reasoning");
      unit.from = row.optional_date("from");
      unit.to = row.optional_date("to");
      unit.now_part_of = row.text("now_part_of");
      const std::string polygon = row.text("polygon");
      unit.provenance = row.provenance();
      if (unit.radius_km < 0) row.fail("radius_km must not be negative");
      if (unit.from && unit.to && !(*unit.from < *unit.to)) {
        row.fail("from " + unit.from->to_string() + " is not before to " + unit.to->to_string());
      }
      if (!polygon.empty()) {
        if (std::string problem = parse_polygon(polygon, unit.polygon); !problem.empty())
          row.fail("polygon: " + problem);
      }
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
      if (const auto [it, inserted] = lines.emplace(unit.code, row.line()); !inserted) {
        row.fail("duplicate code " + unit.code + ", first on line " + std::to_string(it->second));
      }
      if (row.ok()) dataset_.territorial_units.push_back(std::move(unit));
    }
    check_change_units();
  }

  // A territory change that names a unit must agree with it: the unit's period ends on the
  // day of the change; a reduction takes out land of the member's own unit, an extension
  // brings in land that is the member's in today's atlas.
  void check_change_units() {
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

  void read_decision_procedures() {
    const auto table = open_table(
        files_, kDecisionProceduresFile,
        {"organisation", "procedure", "body", "usual", "council", "from", "to", "source", "note"}, problems_);
    if (!table) return;
    IntervalRegistry periods;
    IntervalRegistry usual_periods;
    for (const CsvRecord& record : table->records()) {
      RowReader row(*table, record, problems_);
      DecisionProcedure procedure;
      procedure.organisation = row.required("organisation");
      procedure.procedure = row.required("procedure");
      procedure.body = row.required("body");
      procedure.usual = row.one_of("usual", {"yes", "no"}) == "yes";
      procedure.council = row.text("council");
      procedure.period = row.interval("from", "to");
      procedure.provenance = row.provenance();
      if (!procedure.procedure.empty() && !parse_word<Procedure>(procedure.procedure)) {
        row.fail("procedure '" + procedure.procedure + "' is not one of " + word_choices(words_of<Procedure>()));
      }
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
      if (row.ok()) {
        if (std::string clash = periods.add(procedure.organisation, procedure.procedure, procedure.period, row.line());
            !clash.empty()) {
          row.fail(clash);
        }
      }
      if (row.ok() && procedure.usual) {
        if (std::string clash = usual_periods.add(procedure.organisation, "usual", procedure.period, row.line());
            !clash.empty()) {
          row.fail("two usual procedures at once: " + clash);
        }
      }
      if (row.ok()) dataset_.decision_procedures.push_back(std::move(procedure));
    }
  }

  void read_sea_areas() {
    const auto table =
        open_table(files_, kSeaAreasFile, {"id", "name", "status", "polygon", "source", "note"}, problems_);
    if (!table) return;
    std::map<std::string, int> lines;
    for (const CsvRecord& record : table->records()) {
      RowReader row(*table, record, problems_);
      SeaArea area;
      area.id = row.required("id");
      area.name = row.required("name");
      area.status = parse_scope_ruling(row.one_of("status", {"covered", "not-covered", "contested"}))
                        .value_or(ScopeRuling::kContested);
      const std::string polygon = row.required("polygon");
      area.provenance = row.provenance();
      if (!polygon.empty()) {
        if (std::string problem = parse_polygon(polygon, area.polygon); !problem.empty())
          row.fail("polygon: " + problem);
      }
      if (const auto [it, inserted] = lines.emplace(area.id, row.line()); !inserted) {
        row.fail("duplicate id " + area.id + ", first on line " + std::to_string(it->second));
      }
      if (row.ok()) dataset_.sea_areas.push_back(std::move(area));
    }
  }

  // Parses "lon lat, lon lat, ..." into vertices; returns a problem or an empty string.
  static std::string parse_polygon(const std::string& text, std::vector<std::pair<double, double>>& vertices) {
    std::size_t start = 0;
    while (start < text.size()) {
      const std::size_t end = std::min(text.find(',', start), text.size());
      const std::string_view pair = trim(std::string_view(text).substr(start, end - start));
      const std::size_t space = pair.find(' ');
      double lon = 0;
      double lat = 0;
      const std::string_view lon_text = space == std::string_view::npos ? pair : pair.substr(0, space);
      const std::string_view lat_text =
          space == std::string_view::npos ? std::string_view() : trim(pair.substr(space + 1));
      const auto lon_ok = std::from_chars(lon_text.data(), lon_text.data() + lon_text.size(), lon);
      const auto lat_ok = std::from_chars(lat_text.data(), lat_text.data() + lat_text.size(), lat);
      if (lon_ok.ec != std::errc() || lat_ok.ec != std::errc() || lon_ok.ptr != lon_text.data() + lon_text.size() ||
          lat_ok.ptr != lat_text.data() + lat_text.size()) {
        return "vertex '" + std::string(pair) + "' is not 'longitude latitude'";
      }
      if (lon < -180 || lon > 180 || lat < -90 || lat > 90) return "vertex '" + std::string(pair) + "' is out of range";
      vertices.emplace_back(lon, lat);
      start = end + 1;
    }
    if (vertices.size() < 4) return "needs at least 4 vertices, the last equal to the first";
    if (vertices.front() != vertices.back()) return "is not closed: the last vertex must equal the first";
    return {};
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
  std::map<std::string, int> nation_lines_;
  std::map<std::string, Life> nations_;
  std::map<std::string, Life> organisations_;
  std::map<std::string, Life> frameworks_;
  std::set<std::string> rejected_;              // keys of nations, organisations and frameworks rejected
  std::map<std::string, int> operation_lines_;  // operation ids read, for participants
  // Territory changes that name a unit, checked once the units are read.
  struct PendingChangeUnit {
    std::string file;
    int line = 0;
    TerritoryChange change;
  };
  std::vector<PendingChangeUnit> change_units_;
  bool memberships_read_ = false;  // false: membership checks would only repeat that file's problem
};

}  // namespace

Result<Dataset> read_dataset(const DataFiles& files) { return DatasetReader(files).read(); }

}  // namespace entente
