#include <gtest/gtest.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "store/dataset_reader.hpp"
#include "store/store.hpp"

namespace entente {

// Failures print the slug ("io-error") rather than the bytes of the enum.
static void PrintTo(ErrorCode code, std::ostream* out) { *out << error_slug(code); }

namespace {

Dataset mini_dataset() {
  Result<Dataset> dataset = read_dataset(DirectoryDataFiles("tests/data/mini"));
  EXPECT_TRUE(dataset.is_ok()) << dataset.status().to_string();
  return dataset ? std::move(*dataset) : Dataset{};
}

std::unique_ptr<Store> open_in_memory() {
  Result<std::unique_ptr<Store>> store = Store::open_sqlite(":memory:", Store::OpenMode::kCreate);
  EXPECT_TRUE(store.is_ok()) << store.status().to_string();
  return store ? std::move(*store) : nullptr;
}

// One line per row holding every field, so that two datasets compare field by field and a
// difference shows which field of which row. Doubles are written in full precision.
std::string field(const std::optional<Date>& date) { return date ? date->to_string() : "(none)"; }
std::string field(Date date) { return date.to_string(); }
std::string field(double number) {
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, number);
  return std::string(buffer, result.ptr);
}
std::string field(std::string_view text) { return std::string(text); }

template <typename... Fields>
std::string row(const Fields&... fields) {
  std::string line;
  ((line += field(fields) + "|"), ...);
  return line;
}

struct Rows {
  std::vector<std::string> nations, organisations, memberships, frameworks, partnerships, plans, territory_changes;
};

Rows rows_of(const Dataset& dataset) {
  Rows rows;
  for (const Nation& n : dataset.nations) {
    rows.nations.push_back(row(n.iso3, n.iso2, n.iso_numeric, n.name, to_string(n.status), n.region, n.subregion,
                               n.capital, n.capital_lat, n.capital_lon, n.from, n.to, n.provenance.source,
                               n.provenance.note));
  }
  for (const Organisation& o : dataset.organisations) {
    rows.organisations.push_back(row(o.id, o.name, o.founded, o.dissolved, o.headquarters, o.hq_lat, o.hq_lon,
                                     o.decision_rule, o.provenance.source, o.provenance.note));
  }
  for (const Membership& m : dataset.memberships) {
    rows.memberships.push_back(row(m.organisation, m.nation, m.period.from, m.period.to, to_string(m.status),
                                   m.provenance.source, m.provenance.note));
  }
  for (const Framework& f : dataset.frameworks) {
    rows.frameworks.push_back(
        row(f.id, f.name, f.organisation, f.launched, f.ended, f.successor, f.provenance.source, f.provenance.note));
  }
  for (const Partnership& p : dataset.partnerships) {
    rows.partnerships.push_back(row(p.framework, p.nation, p.period.from, p.period.to, to_string(p.status),
                                    p.provenance.source, p.provenance.note));
  }
  for (const PartnershipPlan& p : dataset.plans) {
    rows.plans.push_back(
        row(p.nation, p.organisation, p.plan, p.period.from, p.period.to, p.provenance.source, p.provenance.note));
  }
  for (const TerritoryChange& t : dataset.territory_changes) {
    rows.territory_changes.push_back(
        row(t.organisation, t.nation, t.date, to_string(t.kind), t.territory, t.provenance.source, t.provenance.note));
  }
  for (auto* table : {&rows.nations, &rows.organisations, &rows.memberships, &rows.frameworks, &rows.partnerships,
                      &rows.plans, &rows.territory_changes}) {
    std::sort(table->begin(), table->end());
  }
  return rows;
}

// The store returns rows in its own order; the comparison ignores order, not content.
void expect_same_rows(const Dataset& actual, const Dataset& expected) {
  const Rows a = rows_of(actual);
  const Rows e = rows_of(expected);
  EXPECT_EQ(a.nations, e.nations);
  EXPECT_EQ(a.organisations, e.organisations);
  EXPECT_EQ(a.memberships, e.memberships);
  EXPECT_EQ(a.frameworks, e.frameworks);
  EXPECT_EQ(a.partnerships, e.partnerships);
  EXPECT_EQ(a.plans, e.plans);
  EXPECT_EQ(a.territory_changes, e.territory_changes);
}

// A unique database path in the temporary folder, removed with its WAL files at the end.
class TempDatabase {
 public:
  explicit TempDatabase(const std::string& name)
      : path_(std::filesystem::temp_directory_path() /
              (name + "-" + std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()) + ".db")) {
    remove_all();
  }
  ~TempDatabase() { remove_all(); }
  TempDatabase(const TempDatabase&) = delete;
  TempDatabase& operator=(const TempDatabase&) = delete;

  std::string path() const { return path_.string(); }

 private:
  void remove_all() const {
    std::error_code ignored;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
      std::filesystem::remove(path_.string() + suffix, ignored);
    }
  }
  std::filesystem::path path_;
};

TEST(SqliteStoreTest, NewDatabaseHasTheLatestSchemaAndNoRows) {
  const std::unique_ptr<Store> store = open_in_memory();
  ASSERT_NE(store, nullptr);
  EXPECT_GT(latest_schema_version(), 0);
  EXPECT_EQ(store->schema_version(), latest_schema_version());
  const Result<Dataset> loaded = store->load();
  ASSERT_TRUE(loaded.is_ok()) << loaded.status().to_string();
  EXPECT_TRUE(loaded->nations.empty());
  EXPECT_TRUE(loaded->memberships.empty());
}

TEST(SqliteStoreTest, LoadsBackEveryFieldOfWhatWasReplaced) {
  const Dataset mini = mini_dataset();
  const std::unique_ptr<Store> store = open_in_memory();
  ASSERT_NE(store, nullptr);
  const Status replaced = store->replace(mini);
  ASSERT_TRUE(replaced.is_ok()) << replaced.to_string();
  const Result<Dataset> loaded = store->load();
  ASSERT_TRUE(loaded.is_ok()) << loaded.status().to_string();
  expect_same_rows(*loaded, mini);
}

TEST(SqliteStoreTest, KeepsOptionalEndsEmptyFieldsAndProvenance) {
  const std::unique_ptr<Store> store = open_in_memory();
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store->replace(mini_dataset()).is_ok());
  const Result<Dataset> loaded = store->load();
  ASSERT_TRUE(loaded.is_ok()) << loaded.status().to_string();

  const auto finland_in_nato =
      std::find_if(loaded->memberships.begin(), loaded->memberships.end(),
                   [](const Membership& m) { return m.organisation == "NATO" && m.nation == "FIN"; });
  ASSERT_NE(finland_in_nato, loaded->memberships.end());
  EXPECT_EQ(finland_in_nato->period.from, Date::from_ymd(2023, 4, 4));
  EXPECT_FALSE(finland_in_nato->period.to.has_value());
  EXPECT_EQ(finland_in_nato->status, MembershipStatus::kMember);
  EXPECT_EQ(finland_in_nato->provenance.source,
            "NATO, Member countries, https://www.nato.int/cps/en/natohq/topics_52044.htm ; NATO, Enlargement and "
            "Article 10, https://www.nato.int/cps/en/natohq/topics_49212.htm");
  EXPECT_EQ(finland_in_nato->provenance.note, "");

  const auto hungary_associate =
      std::find_if(loaded->memberships.begin(), loaded->memberships.end(), [](const Membership& m) {
        return m.organisation == "WEU" && m.nation == "HUN" && m.status == MembershipStatus::kAssociate;
      });
  ASSERT_NE(hungary_associate, loaded->memberships.end());
  EXPECT_EQ(hungary_associate->period.from, Date::from_ymd(1999, 3, 12));
  EXPECT_EQ(hungary_associate->period.to, Date::from_ymd(2011, 7, 1));

  // Frameworks come back in launch order; a framework without successor has an empty one.
  ASSERT_EQ(loaded->frameworks.size(), 4U);
  EXPECT_EQ(loaded->frameworks[0].id, "NACC");
  EXPECT_EQ(loaded->frameworks[0].successor, "EAPC");
  EXPECT_EQ(loaded->frameworks[0].ended, Date::from_ymd(1997, 5, 30));
  EXPECT_EQ(loaded->frameworks[1].id, "PFP");
  EXPECT_EQ(loaded->frameworks[1].successor, "");
  EXPECT_FALSE(loaded->frameworks[1].ended.has_value());

  // Nations come back ordered by code.
  ASSERT_EQ(loaded->nations.size(), 12U);
  EXPECT_EQ(loaded->nations.front().iso3, "AUT");
  EXPECT_EQ(loaded->nations.back().iso3, "USA");
  const auto soviet_union =
      std::find_if(loaded->nations.begin(), loaded->nations.end(), [](const Nation& n) { return n.iso3 == "SUN"; });
  ASSERT_NE(soviet_union, loaded->nations.end());
  EXPECT_EQ(soviet_union->status, NationStatus::kHistorical);
  EXPECT_FALSE(soviet_union->from.has_value());
  EXPECT_EQ(soviet_union->to, Date::from_ymd(1991, 12, 26));
}

TEST(SqliteStoreTest, LoadsBackUnitPeriodsPolygonsChangeUnitsAndDecisionProcedures) {
  Dataset dataset = mini_dataset();
  TerritorialUnit unit;
  unit.code = "XTS";
  unit.name = "Test unit";
  unit.sovereign = "AUT";
  unit.ruling = ScopeRuling::kNotCovered;
  unit.clause = "not-a-party";
  unit.reasoning = "A made-up unit.";
  unit.to = Date::from_ymd(1990, 10, 3);
  unit.now_part_of = "DEU";
  unit.polygon = {{11.2, 50.6}, {12.3, 50.6}, {12.3, 50.4}, {11.2, 50.6}};
  unit.provenance = {"https://example.org", ""};
  dataset.territorial_units.push_back(unit);
  dataset.territory_changes.front().unit = "XTS";
  ASSERT_FALSE(dataset.decision_procedures.empty());
  const std::unique_ptr<Store> store = open_in_memory();
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store->replace(dataset).is_ok());
  const Result<Dataset> loaded = store->load();
  ASSERT_TRUE(loaded.is_ok()) << loaded.status().to_string();
  ASSERT_EQ(loaded->territorial_units.size(), 1U);
  const TerritorialUnit& back = loaded->territorial_units.front();
  EXPECT_FALSE(back.from.has_value());
  EXPECT_EQ(back.to, Date::from_ymd(1990, 10, 3));
  EXPECT_EQ(back.now_part_of, "DEU");
  EXPECT_EQ(back.polygon, unit.polygon);
  EXPECT_EQ(loaded->territory_changes.front().unit, "XTS");
  ASSERT_EQ(loaded->decision_procedures.size(), dataset.decision_procedures.size());
  const auto nato = std::find_if(loaded->decision_procedures.begin(), loaded->decision_procedures.end(),
                                 [](const DecisionProcedure& d) { return d.organisation == "NATO" && d.usual; });
  ASSERT_NE(nato, loaded->decision_procedures.end());
  EXPECT_EQ(nato->procedure, "consensus");
  EXPECT_EQ(nato->body, "North Atlantic Council");
  EXPECT_EQ(nato->period.from, Date::from_ymd(1949, 8, 24));
  EXPECT_FALSE(nato->period.to.has_value());
  EXPECT_FALSE(nato->provenance.source.empty());
}

TEST(SqliteStoreTest, ReplaceDiscardsThePreviousContents) {
  const Dataset mini = mini_dataset();
  const std::unique_ptr<Store> store = open_in_memory();
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store->replace(mini).is_ok());

  Dataset smaller;
  smaller.nations = {mini.nations.front()};
  smaller.organisations = {mini.organisations.front()};
  ASSERT_TRUE(store->replace(smaller).is_ok());

  const Result<Dataset> loaded = store->load();
  ASSERT_TRUE(loaded.is_ok()) << loaded.status().to_string();
  expect_same_rows(*loaded, smaller);
}

TEST(SqliteStoreTest, FailedReplaceChangesNothing) {
  const Dataset mini = mini_dataset();
  const std::unique_ptr<Store> store = open_in_memory();
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store->replace(mini).is_ok());

  // Every table but the last is valid; the plan names a nation the dataset lacks, which
  // read_dataset would reject and the foreign key rejects here.
  Dataset broken = mini;
  broken.plans.push_back(PartnershipPlan{
      "XYZ", "NATO", "MAP", {Date::from_ymd(2000, 1, 1), std::nullopt}, {"https://example.org", ""}, {}});
  const Status replaced = store->replace(broken);
  ASSERT_FALSE(replaced.is_ok());
  EXPECT_EQ(replaced.code(), ErrorCode::kStorage);

  const Result<Dataset> loaded = store->load();
  ASSERT_TRUE(loaded.is_ok()) << loaded.status().to_string();
  expect_same_rows(*loaded, mini);

  // The store is usable after the failure.
  EXPECT_TRUE(store->replace(mini).is_ok());
}

TEST(SqliteStoreTest, RejectsAPeriodEndingBeforeItStarts) {
  const std::unique_ptr<Store> store = open_in_memory();
  ASSERT_NE(store, nullptr);
  Dataset broken = mini_dataset();
  broken.memberships.front().period.to = broken.memberships.front().period.from;
  const Status replaced = store->replace(broken);
  EXPECT_FALSE(replaced.is_ok());
  EXPECT_EQ(replaced.code(), ErrorCode::kStorage);
}

TEST(SqliteStoreTest, OpeningAMissingFileAsExistingFails) {
  const TempDatabase database("entente-missing");
  const Result<std::unique_ptr<Store>> store = Store::open_sqlite(database.path(), Store::OpenMode::kExisting);
  ASSERT_FALSE(store.is_ok());
  EXPECT_EQ(store.status().code(), ErrorCode::kStorage);
  EXPECT_NE(store.status().message().find(database.path()), std::string::npos) << store.status().message();
  EXPECT_NE(store.status().message().find("entente init"), std::string::npos) << store.status().message();
  EXPECT_FALSE(std::filesystem::exists(database.path()));
}

TEST(SqliteStoreTest, OnDiskDatabaseKeepsItsContentsAcrossOpens) {
  const TempDatabase database("entente-store");
  const Dataset mini = mini_dataset();
  {
    Result<std::unique_ptr<Store>> store = Store::open_sqlite(database.path(), Store::OpenMode::kCreate);
    ASSERT_TRUE(store.is_ok()) << store.status().to_string();
    ASSERT_TRUE((*store)->replace(mini).is_ok());
    // WAL mode: writes go to the write-ahead log beside the database while it is open.
    EXPECT_TRUE(std::filesystem::exists(database.path() + "-wal"));
  }
  Result<std::unique_ptr<Store>> reopened = Store::open_sqlite(database.path(), Store::OpenMode::kExisting);
  ASSERT_TRUE(reopened.is_ok()) << reopened.status().to_string();
  EXPECT_EQ((*reopened)->schema_version(), latest_schema_version());
  const Result<Dataset> loaded = (*reopened)->load();
  ASSERT_TRUE(loaded.is_ok()) << loaded.status().to_string();
  expect_same_rows(*loaded, mini);
}

}  // namespace
}  // namespace entente
