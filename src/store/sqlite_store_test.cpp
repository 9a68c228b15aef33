#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <bit>
#include <charconv>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "store/atlas_reader.hpp"
#include "store/dataset_reader.hpp"
#include "store/migrations.hpp"
#include "store/sqlite_statement.hpp"
#include "store/store.hpp"
#include "store/tables.hpp"

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

// `dataset` written to a new in-memory store and loaded back.
Result<Dataset> stored_and_loaded(const Dataset& dataset) {
  const std::unique_ptr<Store> store = open_in_memory();
  if (store == nullptr) return Status(ErrorCode::kStorage, "no store");
  if (Status replaced = store->replace(dataset); !replaced) return replaced;
  return store->load();
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
  dataset.territory_changes.edit().front().unit = "XTS";
  ASSERT_FALSE(dataset.decision_procedures.empty());
  const Result<Dataset> loaded = stored_and_loaded(dataset);
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
  broken.memberships.edit().front().period.to = broken.memberships.front().period.from;
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

// --- One description per table -------------------------------------------------------

// A value as text: numbers in the shortest form that reads back to the same double.
std::string render(const Value& value) {
  return std::visit(
      [](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::string>) {
          return v;
        } else if constexpr (std::is_same_v<T, std::int64_t>) {
          return std::to_string(v);
        } else if constexpr (std::is_same_v<T, double> || std::is_same_v<T, Date> ||
                             std::is_same_v<T, std::optional<Date>>) {
          return field(v);
        } else if constexpr (std::is_same_v<T, std::optional<double>>) {
          return v ? field(*v) : std::string("-");
        } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
          return join_list(v);
        } else if constexpr (std::is_same_v<T, Vertices>) {
          return polygon_text(v);
        } else {
          std::string text;
          for (const PolygonRings& polygon : v) {
            for (const Ring& ring : polygon) text += "(" + polygon_text(ring) + ")";
            text += ";";
          }
          return text;
        }
      },
      value);
}

// Each row as "column=value|..." of the columns data files give (not ids and versions),
// sorted: the store returns rows in its own order.
template <typename Record>
std::vector<std::string> described_rows(const TableDescription<Record>& table, const SharedRows<Record>& rows) {
  std::vector<std::string> lines;
  for (const Record& record : rows) {
    std::string line;
    for (const Column<Record>& column : table.columns) {
      if (!column.assigned_by_database) line += std::string(column.name) + "=" + render(column.get(record)) + "|";
    }
    lines.push_back(std::move(line));
  }
  std::sort(lines.begin(), lines.end());
  return lines;
}

// The first row that differs, cut to a readable length.
std::string first_difference(const std::vector<std::string>& actual, const std::vector<std::string>& expected) {
  const auto [a, e] = std::mismatch(actual.begin(), actual.end(), expected.begin(), expected.end());
  const auto shown = [](auto it, auto end) { return it == end ? std::string("(no row)") : it->substr(0, 400); };
  return "\n  stored: " + shown(a, actual.end()) + "\n  read:   " + shown(e, expected.end());
}

// Every table of the shipped data (and the atlas's country land), read from data/,
// written to SQLite and loaded back, holds the same rows, field for field.
TEST(TableDescriptionTest, EveryTableOfTheReferenceDataComesBackFromSqlite) {
  const Result<Dataset> read = read_reference_dataset("data");
  ASSERT_TRUE(read.is_ok()) << read.status().to_string();
  const Result<Dataset> loaded = stored_and_loaded(*read);
  ASSERT_TRUE(loaded.is_ok()) << loaded.status().to_string();
  const Status compared = for_each_table([&](const auto& table) {
    const auto& expected = (*read).*table.rows;
    const auto& actual = (*loaded).*table.rows;
    EXPECT_FALSE(expected.empty()) << table.name << ": the reference data should exercise every table";
    const std::vector<std::string> expected_rows = described_rows(table, expected);
    const std::vector<std::string> actual_rows = described_rows(table, actual);
    EXPECT_EQ(actual_rows.size(), expected_rows.size()) << table.name;
    EXPECT_TRUE(actual_rows == expected_rows) << table.name << first_difference(actual_rows, expected_rows);
    return Status::ok();
  });
  EXPECT_TRUE(compared.is_ok());
}

// The records users edit get their id and first version from the database; the data
// files have none.
TEST(TableDescriptionTest, TheDatabaseStampsTheRecordsUsersEdit) {
  const Dataset mini = mini_dataset();
  ASSERT_FALSE(mini.memberships.empty());
  EXPECT_EQ(mini.memberships.front().stamp.id, 0);
  const Result<Dataset> loaded = stored_and_loaded(mini);
  ASSERT_TRUE(loaded.is_ok()) << loaded.status().to_string();
  std::set<std::int64_t> ids;
  for (const Membership& m : loaded->memberships) {
    EXPECT_GT(m.stamp.id, 0);
    EXPECT_EQ(m.stamp.version, 1);
    ids.insert(m.stamp.id);
  }
  EXPECT_EQ(ids.size(), loaded->memberships.size());
  ASSERT_FALSE(loaded->partnerships.empty());
  EXPECT_GT(loaded->partnerships.front().stamp.id, 0);
  ASSERT_FALSE(loaded->plans.empty());
  EXPECT_EQ(loaded->plans.front().stamp.version, 1);
}

// A raw connection to a database, for what the Store does not show.
class Connection {
 public:
  explicit Connection(const std::string& path) {
    sqlite3* raw = nullptr;
    EXPECT_EQ(sqlite3_open(path.c_str(), &raw), SQLITE_OK);
    db_.reset(raw);
  }
  sqlite3* get() const { return db_.get(); }
  void run(const std::string& sql) const {
    const Status status = sqlite::exec(db_.get(), sql);
    EXPECT_TRUE(status.is_ok()) << status.to_string();
  }
  std::vector<std::string> texts(const std::string& sql) const {
    Result<sqlite::Statement> select = sqlite::Statement::prepare(db_.get(), sql);
    EXPECT_TRUE(select.is_ok()) << select.status().to_string();
    std::vector<std::string> values;
    while (select && select->step()) values.push_back(select->text(0));
    return values;
  }

 private:
  sqlite::DatabaseHandle db_;
};

std::vector<std::string> numbers(int from, int to) {
  std::vector<std::string> all;
  for (int number = from; number <= to; ++number) all.push_back(std::to_string(number));
  return all;
}

// No column goes unwritten: the descriptions name every column of their tables, and only those.
TEST(TableDescriptionTest, NamesEveryColumnOfItsTable) {
  const Connection db(":memory:");
  ASSERT_TRUE(sqlite::migrate(db.get()).is_ok());
  const Status compared = for_each_table([&](const auto& table) {
    std::set<std::string> described;
    for (const auto& column : table.columns) described.insert(std::string(column.name));
    const std::vector<std::string> stored =
        db.texts("SELECT name FROM pragma_table_info('" + std::string(table.name) + "')");
    EXPECT_EQ(described, std::set<std::string>(stored.begin(), stored.end())) << table.name;
    return Status::ok();
  });
  EXPECT_TRUE(compared.is_ok());
}

TEST(GeometryStoreTest, CountryLandComesBackBitForBit) {
  Dataset dataset;
  Ring ring{{-0.0, std::numeric_limits<double>::denorm_min()}, {0.1 + 0.2, 89.99999999999999}, {-180, -90}};
  ring.push_back(ring.front());
  dataset.country_shapes.push_back(CountryShape{"999", "Nowhere", {{ring}, {ring, ring}}});
  const Result<Dataset> loaded = stored_and_loaded(dataset);
  ASSERT_TRUE(loaded.is_ok()) << loaded.status().to_string();
  ASSERT_EQ(loaded->country_shapes.size(), 1U);
  const CountryShape& back = loaded->country_shapes.front();
  EXPECT_EQ(back.name, "Nowhere");
  ASSERT_EQ(back.polygons.size(), 2U);
  ASSERT_EQ(back.polygons[1].size(), 2U);
  const Ring& back_ring = back.polygons[1][1];
  ASSERT_EQ(back_ring.size(), ring.size());
  for (std::size_t i = 0; i < ring.size(); ++i) {
    EXPECT_EQ(std::bit_cast<std::uint64_t>(back_ring[i].first), std::bit_cast<std::uint64_t>(ring[i].first)) << i;
    EXPECT_EQ(std::bit_cast<std::uint64_t>(back_ring[i].second), std::bit_cast<std::uint64_t>(ring[i].second)) << i;
  }
}

TEST(GeometryStoreTest, ACorruptGeometryFailsTheLoadAndSaysWhatToDo) {
  const TempDatabase database("entente-corrupt-shape");
  Dataset dataset;
  dataset.country_shapes.push_back(CountryShape{"999", "Nowhere", {{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}}}});
  {
    Result<std::unique_ptr<Store>> store = Store::open_sqlite(database.path(), Store::OpenMode::kCreate);
    ASSERT_TRUE(store.is_ok()) << store.status().to_string();
    ASSERT_TRUE((*store)->replace(dataset).is_ok());
  }
  Connection(database.path()).run("UPDATE country_shapes SET geometry = x'0106000000'");
  Result<std::unique_ptr<Store>> store = Store::open_sqlite(database.path(), Store::OpenMode::kExisting);
  ASSERT_TRUE(store.is_ok()) << store.status().to_string();
  const Result<Dataset> loaded = (*store)->load();
  ASSERT_FALSE(loaded.is_ok());
  EXPECT_EQ(loaded.status().code(), ErrorCode::kStorage);
  EXPECT_EQ(loaded.status().message(), "the stored geometry of country_shapes '999' is corrupt; run entente init");
}

// --- Migrations -------------------------------------------------------------------------

// A geometry as migrations 4 to 7 wrote it: counts and doubles in this machine's order.
std::string machine_order_geometry(const std::vector<PolygonRings>& polygons) {
  std::string blob;
  const auto put = [&blob](const auto& value) {
    char bytes[sizeof value];
    std::memcpy(bytes, &value, sizeof value);
    blob.append(bytes, sizeof value);
  };
  put(static_cast<std::int32_t>(polygons.size()));
  for (const PolygonRings& polygon : polygons) {
    put(static_cast<std::int32_t>(polygon.size()));
    for (const Ring& ring : polygon) {
      put(static_cast<std::int32_t>(ring.size()));
      for (const auto& [lon, lat] : ring) {
        put(lon);
        put(lat);
      }
    }
  }
  return blob;
}

std::string hex(const std::string& bytes) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string text;
  for (const char byte : bytes) {
    const auto value = static_cast<unsigned char>(byte);
    text += kDigits[value >> 4U];
    text += kDigits[value & 0xFU];
  }
  return text;
}

// A database as an entente of schema version `version` left it: its migrations applied,
// counted in PRAGMA user_version, and no schema_migrations table.
void create_old_database(const Connection& db, int version) {
  for (int number = 1; number <= version; ++number) {
    db.run("BEGIN;\n" + std::string(sqlite::migrations()[static_cast<std::size_t>(number - 1)].sql) + "\nCOMMIT;");
  }
  db.run("PRAGMA user_version = " + std::to_string(version));
}

TEST(MigrationTest, AnOldDatabaseWithMachineOrderShapesMovesForwardInPlace) {
  const TempDatabase database("entente-old-schema");
  const std::vector<PolygonRings> land{{{{-0.0, 0.1 + 0.2}, {12.5, 45}, {13, 46.25}, {-0.0, 0.1 + 0.2}}}};
  {
    const Connection old(database.path());
    create_old_database(old, 7);
    old.run(
        "INSERT INTO nations VALUES ('FIN', 'FI', '246', 'Finland', 'un-member', 'Europe', 'Northern Europe', "
        "'Helsinki', 60.1699, 24.9384, NULL, NULL, 'https://example.org', '')");
    Result<sqlite::Statement> insert =
        sqlite::Statement::prepare(old.get(), "INSERT INTO country_shapes VALUES ('246', 'Finland', ?)");
    ASSERT_TRUE(insert.is_ok());
    insert->bind_blob(machine_order_geometry(land));
    ASSERT_TRUE(insert->execute().is_ok());
  }

  {
    Result<std::unique_ptr<Store>> store = Store::open_sqlite(database.path(), Store::OpenMode::kExisting);
    ASSERT_TRUE(store.is_ok()) << store.status().to_string();
    EXPECT_EQ((*store)->schema_version(), latest_schema_version());
    const Result<Dataset> loaded = (*store)->load();
    ASSERT_TRUE(loaded.is_ok()) << loaded.status().to_string();
    ASSERT_EQ(loaded->nations.size(), 1U);
    EXPECT_EQ(loaded->nations.front().capital, "Helsinki");
    ASSERT_EQ(loaded->country_shapes.size(), 1U);
    EXPECT_EQ(loaded->country_shapes.front().name, "Finland");
    EXPECT_EQ(encode_wkb(loaded->country_shapes.front().polygons), encode_wkb(land)) << "bit for bit";
  }

  const Connection migrated(database.path());
  EXPECT_EQ(migrated.texts("SELECT number FROM schema_migrations ORDER BY number"),
            numbers(1, latest_schema_version()));
  EXPECT_EQ(migrated.texts("SELECT count(*) FROM schema_migrations WHERE applied_at LIKE '____-__-__T__:__:__.___Z'"),
            std::vector<std::string>{std::to_string(latest_schema_version())});
  EXPECT_EQ(migrated.texts("SELECT hex(geometry) FROM country_shapes"),
            std::vector<std::string>{hex(encode_wkb(land))});
  EXPECT_EQ(migrated.texts("SELECT hex(substr(geometry, 1, 5)) FROM country_shapes"),
            std::vector<std::string>{"0106000000"});
}

TEST(MigrationTest, AnOlderSchemaGetsTheMigrationsItLacks) {
  const TempDatabase database("entente-schema-3");
  create_old_database(Connection(database.path()), 3);
  {
    Result<std::unique_ptr<Store>> store = Store::open_sqlite(database.path(), Store::OpenMode::kExisting);
    ASSERT_TRUE(store.is_ok()) << store.status().to_string();
    EXPECT_EQ((*store)->schema_version(), latest_schema_version());
    EXPECT_TRUE((*store)->replace(mini_dataset()).is_ok());
  }
  EXPECT_EQ(Connection(database.path()).texts("SELECT number FROM schema_migrations ORDER BY number"),
            numbers(1, latest_schema_version()));
}

TEST(MigrationTest, ANewDatabaseRecordsEveryMigrationOnceAcrossOpens) {
  const TempDatabase database("entente-schema-new");
  for (int open = 0; open < 2; ++open) {
    Result<std::unique_ptr<Store>> store = Store::open_sqlite(database.path(), Store::OpenMode::kCreate);
    ASSERT_TRUE(store.is_ok()) << store.status().to_string();
    EXPECT_EQ((*store)->schema_version(), latest_schema_version());
  }
  EXPECT_EQ(Connection(database.path()).texts("SELECT number FROM schema_migrations ORDER BY number"),
            numbers(1, latest_schema_version()));
}

TEST(MigrationTest, ADatabaseNewerThanThisBuildIsRefused) {
  const TempDatabase database("entente-schema-newer");
  {
    Result<std::unique_ptr<Store>> store = Store::open_sqlite(database.path(), Store::OpenMode::kCreate);
    ASSERT_TRUE(store.is_ok()) << store.status().to_string();
  }
  const int newer = latest_schema_version() + 1;
  Connection(database.path())
      .run("INSERT INTO schema_migrations VALUES (" + std::to_string(newer) + ", '2030-01-01T00:00:00.000Z')");
  const Result<std::unique_ptr<Store>> store = Store::open_sqlite(database.path(), Store::OpenMode::kExisting);
  ASSERT_FALSE(store.is_ok());
  EXPECT_EQ(store.status().code(), ErrorCode::kStorage);
  EXPECT_NE(store.status().message().find("newer than this entente"), std::string::npos) << store.status().message();
}

}  // namespace
}  // namespace entente
