#include "analytics/atop.hpp"

#include <gtest/gtest.h>
#include <boost/json/parse.hpp>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "store/atlas_reader.hpp"

namespace entente {
namespace {

const std::string kFixtures = "tests/analytics/atop_fixtures/";

Date day(int year, unsigned month, unsigned day_of_month) { return Date::from_ymd(year, month, day_of_month); }

std::unique_ptr<Store> memory_store() {
  Result<std::unique_ptr<Store>> store = Store::open_sqlite(":memory:", Store::OpenMode::kCreate);
  EXPECT_TRUE(store.is_ok()) << store.status().to_string();
  return store.is_ok() ? std::move(*store) : nullptr;
}

AtopImport read_fixture(const std::string& name, std::optional<AtopFileKind> kind = std::nullopt) {
  Result<AtopImport> data = read_atop_file(kFixtures + name, kind);
  EXPECT_TRUE(data.is_ok()) << data.status().to_string();
  return data.is_ok() ? std::move(*data) : AtopImport{};
}

std::int64_t count_rows(Store& store, const std::string& table) {
  Result<std::unique_ptr<Transaction>> read = store.begin(Store::Access::kRead);
  EXPECT_TRUE(read.is_ok());
  const RowShape shape{table, {{"rows", ValueType::kInteger}}};
  Result<std::int64_t> count = (*read)->rows().count(shape, {});
  EXPECT_TRUE(count.is_ok()) << count.status().to_string();
  return count.is_ok() ? *count : -1;
}

TEST(AtopDetect, RecognisesEachLayoutByItsColumnsIgnoringCase) {
  EXPECT_EQ(*detect_atop_kind({"ATOPID", "begyr", "ENDYR", "defense", "offense", "neutral", "nonagg", "consul", "x"}),
            AtopFileKind::kAlliances);
  EXPECT_EQ(*detect_atop_kind({"atopid", "Member", "yrent", "yrexit"}), AtopFileKind::kMembers);
  EXPECT_EQ(
      *detect_atop_kind({"stateA", "stateB", "year", "atopally", "defense", "offense", "neutral", "nonagg", "consul"}),
      AtopFileKind::kDyads);
  // A member-level file that also carries the alliance's years is still member-level.
  EXPECT_EQ(*detect_atop_kind({"atopid", "member", "yrent", "yrexit", "begyr", "endyr", "defense", "offense", "neutral",
                               "nonagg", "consul"}),
            AtopFileKind::kMembers);
}

TEST(AtopDetect, NamesTheColumnsALayoutLacks) {
  Result<AtopFileKind> kind = detect_atop_kind({"atopid", "member", "yrent"});
  ASSERT_FALSE(kind.is_ok());
  EXPECT_EQ(kind.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(kind.status().message().find("member-level"), std::string::npos) << kind.status().message();
  EXPECT_NE(kind.status().message().find("lacks yrexit"), std::string::npos) << kind.status().message();
}

TEST(AtopDetect, RecognisesEachFixture) {
  EXPECT_EQ(read_fixture("alliances.csv").kind, AtopFileKind::kAlliances);
  EXPECT_EQ(read_fixture("members.csv").kind, AtopFileKind::kMembers);
  EXPECT_EQ(read_fixture("dyads.csv").kind, AtopFileKind::kDyads);
  EXPECT_EQ(*detect_atop_file_kind("\xEF\xBB\xBFstateA,stateB,year,atopally,defense,offense,neutral,nonagg,consul\r\n",
                                   "bom.csv"),
            AtopFileKind::kDyads);
}

TEST(AtopRead, KeepsMissingValuesMissingAndTheOtherColumnsAsJson) {
  const AtopImport alliances = read_fixture("alliances.csv", AtopFileKind::kAlliances);
  ASSERT_EQ(alliances.alliances.size(), 3U);
  const AtopAllianceRow& first = alliances.alliances[0];
  EXPECT_EQ(first.atopid, 9001);
  EXPECT_EQ(first.begyr, 1949);
  EXPECT_EQ(first.endyr, std::nullopt);
  EXPECT_EQ(first.provisions, (AtopProvisions{1, 0, 0, 0, 1}));
  const boost::json::value fields = boost::json::parse(first.fields);
  EXPECT_EQ(fields.at("begday").as_int64(), 4);
  EXPECT_TRUE(fields.at("endday").is_null());
  EXPECT_EQ(fields.at("notes").as_string(), "hand-made row, not ATOP's coding");
  EXPECT_FALSE(fields.as_object().contains("atopid"));
  EXPECT_FALSE(fields.as_object().contains("defense"));

  const AtopAllianceRow& third = alliances.alliances[2];
  EXPECT_EQ(third.line, 4);
  EXPECT_EQ(third.endyr, std::nullopt);  // 0: still in force
  EXPECT_EQ(third.provisions, (AtopProvisions{0, 0, 1, 1, std::nullopt}));
  EXPECT_TRUE(boost::json::parse(third.fields).at("conditio").is_null());

  const AtopImport members = read_fixture("members.csv");
  ASSERT_EQ(members.members.size(), 8U);
  EXPECT_EQ(members.members[0].yrexit, std::nullopt);
  EXPECT_EQ(members.members[2].yrexit, 1966);
  EXPECT_TRUE(boost::json::parse(members.members[7].fields).at("moent").is_null());

  const AtopImport dyads = read_fixture("dyads.csv");
  ASSERT_EQ(dyads.dyads.size(), 7U);
  EXPECT_EQ(dyads.dyads[6].state_a, 710);
  EXPECT_EQ(dyads.dyads[6].provisions[4], std::nullopt);
  EXPECT_EQ(dyads.dyads[6].line, 8);
}

TEST(AtopRead, AcceptsWholeNumbersWrittenWithZeroDecimals) {
  Result<AtopImport> data =
      read_atop_text("atopid,begyr,endyr,defense,offense,neutral,nonagg,consul\n9001.0,1949.0,0.0,1.0,0,0,0,1\n",
                     "decimals.csv", std::nullopt);
  ASSERT_TRUE(data.is_ok()) << data.status().to_string();
  EXPECT_EQ(data->alliances[0].atopid, 9001);
  EXPECT_EQ(data->alliances[0].begyr, 1949);
  EXPECT_EQ(data->alliances[0].endyr, std::nullopt);
}

TEST(AtopRead, ReadsCrlfLineEndsBlankLinesAndNoFinalLineEnd) {
  Result<AtopImport> data =
      read_atop_text("atopid,member,yrent,yrexit,notes\r\n9001,2,1949,,\"a\r\nb\"\r\n\r\n9001,200,1949,1950,last",
                     "crlf.csv", AtopFileKind::kMembers);
  ASSERT_TRUE(data.is_ok()) << data.status().to_string();
  ASSERT_EQ(data->members.size(), 2U);
  EXPECT_EQ(data->members[1].line, 5);
  EXPECT_EQ(data->members[1].yrexit, 1950);
  EXPECT_EQ(boost::json::parse(data->members[0].fields).at("notes").as_string(), "a\r\nb");
}

// A file that is not what it should be, and what the message must say.
struct BadFile {
  const char* name;
  std::string text;
  std::optional<AtopFileKind> expected;
  std::vector<std::string> says;
};

const std::string kAllianceHeader = "atopid,begyr,endyr,defense,offense,neutral,nonagg,consul\n";
const std::string kDyadHeader = "stateA,stateB,year,atopally,defense,offense,neutral,nonagg,consul\n";

TEST(AtopRead, RefusesFilesOfAnotherKindOrFormatSayingWhy) {
  const std::vector<BadFile> cases{
      {"empty.csv", "", std::nullopt, {"empty.csv: the file is empty"}},
      {"blank.csv", "\n\r\n  \n", std::nullopt, {"the file is empty"}},
      {"header_only.csv", kAllianceHeader, std::nullopt, {"header_only.csv: the file has a header but no rows"}},
      {"semicolons.csv", "atopid;begyr;endyr\n1;1949;\n", std::nullopt, {"separated by ';'", "comma-separated"}},
      {"tabs.tsv", "atopid\tbegyr\tendyr\n1\t1949\t\n", std::nullopt, {"separated by tabs"}},
      {"atop.csv.gz", std::string("\x1f\x8b\x08\x00", 4) + "rest", std::nullopt, {"gzip"}},
      {"atop.zip", std::string("PK\x03\x04", 4) + "rest", std::nullopt, {"ZIP archive", "extract the CSV"}},
      {"atop.dta", "<stata_dta><header>", std::nullopt, {"Stata"}},
      {"binary.csv", std::string("atopid,begyr\n1,\0\0", 17), std::nullopt, {"binary", "NUL"}},
      {"latin1.csv", kAllianceHeader + "9001,1949,,1,0,0,0,1,\xE9\n", std::nullopt, {"latin1.csv:2:", "UTF-8"}},
      {"cow.csv",
       "version4id,ccode,state_name,dyad_st_day,defense\n1,2,USA,1,1\n",
       std::nullopt,
       {"not an ATOP file", "alliance-level", "member-level", "directed dyad-year", "version4id, ccode"}},
      {"members_short.csv", "atopid,member,yrent\n9001,2,1949\n", std::nullopt, {"member-level", "lacks yrexit"}},
      {"dyads_as_alliances.csv",
       kDyadHeader + "2,200,1949,1,1,0,0,0,1\n",
       AtopFileKind::kAlliances,
       {"expected the ATOP alliance-level file (atopid, begyr, endyr", "this is the ATOP directed dyad-year file"}},
      {"members_wanted.csv",
       "a,b\n1,2\n",
       AtopFileKind::kMembers,
       {"expected the ATOP member-level file", "lacks atopid, member, yrent, yrexit"}},
      {"twice.csv",
       "atopid,begyr,endyr,defense,offense,neutral,nonagg,consul,BEGYR\n",
       std::nullopt,
       {"twice.csv:1:", "begyr appears twice"}},
      {"text_year.csv",
       kAllianceHeader + "9001,1949,,1,0,0,0,1\n9002,abc,,1,0,0,0,1\n",
       std::nullopt,
       {"text_year.csv:3: begyr: 'abc' is not a whole number"}},
      {"early.csv",
       kAllianceHeader + "9001,1700,,1,0,0,0,1\n",
       std::nullopt,
       {"early.csv:2: begyr: 1700 is outside 1815..2100"}},
      {"no_key.csv", kAllianceHeader + ",1949,,1,0,0,0,1\n", std::nullopt, {"no_key.csv:2: atopid is missing"}},
      {"short_row.csv", kAllianceHeader + "9001,1949,,1,0,0,0,1\n9002,1950,,1\n", std::nullopt, {"short_row.csv:3:"}},
      {"open_quote.csv",
       kAllianceHeader + "9001,1949,,1,0,0,0,\"1\n",
       std::nullopt,
       {"open_quote.csv:2:", "never closed"}},
      {"same_id.csv",
       kAllianceHeader + "9001,1949,,1,0,0,0,1\n9001,1950,,1,0,0,0,1\n",
       std::nullopt,
       {"same_id.csv:3: a second row for atopid 9001 (the first is on line 2)"}},
      {"backwards.csv",
       kAllianceHeader + "9001,1960,1950,1,0,0,0,1\n",
       std::nullopt,
       {"backwards.csv:2: endyr 1950 is before begyr 1960"}},
      {"same_dyad.csv",
       kDyadHeader + "2,200,1949,1,1,0,0,0,1\n2,200,1949,1,1,0,0,0,1\n",
       std::nullopt,
       {"same_dyad.csv:3: a second row for stateA 2, stateB 200, year 1949"}},
      {"self_dyad.csv", kDyadHeader + "2,2,1949,1,1,0,0,0,1\n", std::nullopt, {"stateA and stateB are both 2"}},
      {"negative.csv",
       kDyadHeader + "2,200,1949,1,-1,0,0,0,1\n",
       std::nullopt,
       {"negative.csv:2: defense: -1 is outside 0..9999"}},
  };
  for (const BadFile& bad : cases) {
    Result<AtopImport> data = read_atop_text(bad.text, bad.name, bad.expected);
    ASSERT_FALSE(data.is_ok()) << bad.name;
    EXPECT_EQ(data.status().code(), ErrorCode::kInvalidArgument) << bad.name;
    for (const std::string& phrase : bad.says) {
      EXPECT_NE(data.status().message().find(phrase), std::string::npos)
          << bad.name << ": expected \"" << phrase << "\" in: " << data.status().message();
    }
  }
}

TEST(AtopRead, ListsTheFirstBadRowsAndCountsTheRest) {
  AtopLimits limits;
  limits.max_reported_problems = 2;
  Result<AtopImport> data = read_atop_file(kFixtures + "alliances_bad_rows.csv", std::nullopt, limits);
  ASSERT_FALSE(data.is_ok());
  const std::string& message = data.status().message();
  EXPECT_NE(message.find("alliances_bad_rows.csv: 5 rows are not valid: alliances_bad_rows.csv:3: begyr:"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("alliances_bad_rows.csv:4: atopid is missing"), std::string::npos) << message;
  EXPECT_NE(message.find("and 3 more"), std::string::npos) << message;

  Result<AtopImport> semicolons = read_atop_file(kFixtures + "alliances_semicolons.csv", std::nullopt);
  ASSERT_FALSE(semicolons.is_ok());
  EXPECT_NE(semicolons.status().message().find("separated by ';'"), std::string::npos);
}

TEST(AtopRead, RefusesFilesAndRowsOverTheLimits) {
  AtopLimits limits;
  limits.max_file_bytes = 100;
  Result<AtopImport> big = read_atop_text(kAllianceHeader + std::string(100, '\n'), "big.csv", std::nullopt, limits);
  ASSERT_FALSE(big.is_ok());
  EXPECT_NE(big.status().message().find("big.csv: the file is"), std::string::npos) << big.status().message();
  Result<AtopImport> big_file = read_atop_file(kFixtures + "members.csv", std::nullopt, limits);
  ASSERT_FALSE(big_file.is_ok());
  EXPECT_EQ(big_file.status().code(), ErrorCode::kInvalidArgument);

  limits = {};
  limits.max_row_bytes = 1024;
  Result<AtopImport> long_row = read_atop_text(
      "atopid,member,yrent,yrexit,notes\n9001,2,1949,,short\n9001,200,1949,,\"" + std::string(2000, 'x') + "\"\n",
      "long.csv", std::nullopt, limits);
  ASSERT_FALSE(long_row.is_ok());
  EXPECT_NE(long_row.status().message().find("long.csv:3: the row is longer than 1 KiB"), std::string::npos)
      << long_row.status().message();

  Result<AtopImport> missing = read_atop_file(kFixtures + "no_such_file.csv", std::nullopt);
  ASSERT_FALSE(missing.is_ok());
  EXPECT_EQ(missing.status().code(), ErrorCode::kIo);
}

// Records are parsed in batches; a bad row far down a file, after a field spanning lines,
// is still named by its own line.
TEST(AtopRead, NamesTheLineOfABadRowPastManyBatches) {
  std::string text = "atopid,member,yrent,yrexit,notes\n9001,2,1949,,\"two\nlines\"\n";
  int line = 4;  // the next row's line
  for (int i = 0; i < 9000; ++i, ++line) text += "9001," + std::to_string(2 + i % 900) + ",1949,,\n";
  text += "9001,20,1949,x,\n";
  Result<AtopImport> data = read_atop_text(text, "many.csv", AtopFileKind::kMembers);
  ASSERT_FALSE(data.is_ok());
  EXPECT_EQ(data.status().message(), "many.csv:" + std::to_string(line) + ": yrexit: 'x' is not a whole number");

  text += "9001,20,1949,1950\n";
  text.replace(text.rfind("9001,20,1949,x,"), 15, "9001,20,1949,,");
  text.back() = ',';
  text += "\n9001,20,1949\n";
  Result<AtopImport> short_row = read_atop_text(text, "many.csv", AtopFileKind::kMembers);
  ASSERT_FALSE(short_row.is_ok());
  EXPECT_EQ(short_row.status().message().rfind("many.csv:" + std::to_string(line + 2) + ":", 0), 0U)
      << short_row.status().message();
}

class AtopStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = memory_store();
    ASSERT_NE(store_, nullptr);
  }

  Result<AtopImportRecord> import(const std::string& fixture, const std::string& at = "2025-01-02T03:04:05.000Z") {
    return import_atop(*store_, read_fixture(fixture), at, "analyst");
  }

  AtopSummary summary() {
    Result<std::unique_ptr<Transaction>> read = store_->begin(Store::Access::kRead);
    EXPECT_TRUE(read.is_ok());
    Result<AtopSummary> result = read_atop_summary(**read);
    EXPECT_TRUE(result.is_ok()) << result.status().to_string();
    return result.is_ok() ? *result : AtopSummary{};
  }

  AtopReference reference(const std::vector<std::int64_t>& ids) {
    Result<std::unique_ptr<Transaction>> read = store_->begin(Store::Access::kRead);
    EXPECT_TRUE(read.is_ok());
    Result<AtopReference> result = read_atop_reference(**read, ids);
    EXPECT_TRUE(result.is_ok()) << result.status().to_string();
    return result.is_ok() ? *result : AtopReference{};
  }

  std::unique_ptr<Store> store_;
};

TEST_F(AtopStoreTest, ImportsEachFixtureAndReadsItBack) {
  Result<AtopImportRecord> alliances = import("alliances.csv");
  ASSERT_TRUE(alliances.is_ok()) << alliances.status().to_string();
  EXPECT_EQ(alliances->kind, AtopFileKind::kAlliances);
  EXPECT_EQ(alliances->rows, 3);
  EXPECT_EQ(alliances->file_name, "alliances.csv");
  ASSERT_TRUE(import("members.csv").is_ok());
  ASSERT_TRUE(import("dyads.csv").is_ok());
  EXPECT_EQ(count_rows(*store_, "atop_alliances"), 3);
  EXPECT_EQ(count_rows(*store_, "atop_members"), 8);
  EXPECT_EQ(count_rows(*store_, "atop_dyads"), 7);

  const AtopSummary imported = summary();
  ASSERT_EQ(imported.imports.size(), 3U);
  const AtopImportRecord* dyads = imported.latest(AtopFileKind::kDyads);
  ASSERT_NE(dyads, nullptr);
  EXPECT_EQ(dyads->rows, 7);
  EXPECT_EQ(dyads->file_name, "dyads.csv");
  EXPECT_EQ(dyads->imported_at, "2025-01-02T03:04:05.000Z");
  EXPECT_EQ(dyads->imported_by, "analyst");
  EXPECT_EQ(to_csv(imported),
            "kind,file_name,rows,imported_at,imported_by\n"
            "alliances,alliances.csv,3,2025-01-02T03:04:05.000Z,analyst\n"
            "members,members.csv,8,2025-01-02T03:04:05.000Z,analyst\n"
            "dyads,dyads.csv,7,2025-01-02T03:04:05.000Z,analyst\n");
  EXPECT_EQ(to_json(imported).at("imports").at("members").at("rows").as_int64(), 8);

  const AtopReference stored = reference({9001, 9003, 4242});
  ASSERT_EQ(stored.alliances.size(), 2U);
  const AtopAllianceRow& nine_thousand_one = stored.alliances.at(9001);
  EXPECT_EQ(nine_thousand_one.begyr, 1949);
  EXPECT_EQ(nine_thousand_one.endyr, std::nullopt);
  EXPECT_EQ(nine_thousand_one.provisions, (AtopProvisions{1, 0, 0, 0, 1}));
  EXPECT_EQ(boost::json::parse(nine_thousand_one.fields).at("begmo").as_int64(), 4);
  EXPECT_EQ(stored.alliances.at(9003).provisions[4], std::nullopt);
  ASSERT_EQ(stored.members.at(9001).size(), 5U);
  EXPECT_EQ(stored.members.at(9001).front().member, 2);
  EXPECT_EQ(stored.members.count(4242), 0U);
}

TEST_F(AtopStoreTest, AnImportReplacesTheRowsOfItsKindOnly) {
  ASSERT_TRUE(import("alliances.csv").is_ok());
  ASSERT_TRUE(import("dyads.csv").is_ok());
  Result<AtopImport> smaller = read_atop_text(kAllianceHeader + "9010,1990,,1,0,0,0,1\n", "v2.csv", std::nullopt);
  ASSERT_TRUE(smaller.is_ok());
  ASSERT_TRUE(import_atop(*store_, *smaller, "2025-02-01T00:00:00.000Z", "second").is_ok());
  EXPECT_EQ(count_rows(*store_, "atop_alliances"), 1);
  EXPECT_EQ(count_rows(*store_, "atop_dyads"), 7);
  EXPECT_EQ(count_rows(*store_, "atop_imports"), 3);  // every import is recorded
  const AtopSummary imported = summary();
  ASSERT_NE(imported.latest(AtopFileKind::kAlliances), nullptr);
  EXPECT_EQ(imported.latest(AtopFileKind::kAlliances)->file_name, "v2.csv");
  EXPECT_EQ(imported.latest(AtopFileKind::kAlliances)->imported_by, "second");
  EXPECT_EQ(reference({9001}).alliances.size(), 0U);
}

TEST_F(AtopStoreTest, AFailedImportChangesNothing) {
  ASSERT_TRUE(import("alliances.csv").is_ok());
  // Rows that were not read from a file: the database refuses the duplicate key half way.
  AtopImport duplicate;
  duplicate.kind = AtopFileKind::kAlliances;
  duplicate.file_name = "handmade.csv";
  duplicate.alliances.push_back({2, 7001, 1950, std::nullopt, {1, 0, 0, 0, 0}, "{}"});
  duplicate.alliances.push_back({3, 7002, 1950, std::nullopt, {1, 0, 0, 0, 0}, "{}"});
  duplicate.alliances.push_back({4, 7001, 1951, std::nullopt, {1, 0, 0, 0, 0}, "{}"});
  Result<AtopImportRecord> failed = import_atop(*store_, duplicate, "2025-03-01T00:00:00.000Z", "analyst");
  ASSERT_FALSE(failed.is_ok());
  EXPECT_EQ(failed.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(failed.status().message().find("handmade.csv:4: the database refused the row"), std::string::npos)
      << failed.status().message();
  EXPECT_EQ(count_rows(*store_, "atop_alliances"), 3);
  EXPECT_EQ(count_rows(*store_, "atop_imports"), 1);
  EXPECT_EQ(reference({9001, 7001}).alliances.size(), 1U);
  EXPECT_EQ(summary().latest(AtopFileKind::kAlliances)->file_name, "alliances.csv");

  // Uncommitted writes inside a caller's transaction are rolled back with it.
  {
    Result<std::unique_ptr<Transaction>> write = store_->begin(Store::Access::kWrite);
    ASSERT_TRUE(write.is_ok());
    ASSERT_TRUE(write_atop_import(**write, read_fixture("members.csv"), "2025-03-02T00:00:00.000Z", "x").is_ok());
  }
  EXPECT_EQ(count_rows(*store_, "atop_members"), 0);
  EXPECT_EQ(summary().latest(AtopFileKind::kMembers), nullptr);
}

TEST_F(AtopStoreTest, ImportsManyDyadsThroughOnePreparedStatement) {
  std::string text = kDyadHeader;
  std::size_t rows = 0;
  for (int year = 1950; year < 1960; ++year) {
    for (int a = 2; a < 102; ++a) {
      for (int b = 200; b < 300; ++b, ++rows) {
        text += std::to_string(a) + "," + std::to_string(b) + "," + std::to_string(year) + ",1,1,0,0,0,1\n";
      }
    }
  }
  Result<AtopImport> data = read_atop_text(text, "many.csv", AtopFileKind::kDyads);
  ASSERT_TRUE(data.is_ok()) << data.status().to_string();
  ASSERT_EQ(data->rows(), rows);
  Result<AtopImportRecord> record = import_atop(*store_, *data, "2025-01-01T00:00:00.000Z", "analyst");
  ASSERT_TRUE(record.is_ok()) << record.status().to_string();
  EXPECT_EQ(count_rows(*store_, "atop_dyads"), static_cast<std::int64_t>(rows));
}

// Measures a million-row directed dyad-year file from text to committed rows. Run with
// --gtest_also_run_disabled_tests --gtest_filter='*MillionDyads*'.
TEST_F(AtopStoreTest, DISABLED_ImportsAMillionDyads) {
  std::string text = kDyadHeader;
  for (int year = 1900; year < 2000; ++year) {
    for (int a = 2; a < 102; ++a) {
      for (int b = 200; b < 300; ++b) {
        text += std::to_string(a) + "," + std::to_string(b) + "," + std::to_string(year) + ",1,1,0,.,0,1\n";
      }
    }
  }
  const auto started = std::chrono::steady_clock::now();
  Result<AtopImport> data = read_atop_text(text, "million.csv", AtopFileKind::kDyads);
  ASSERT_TRUE(data.is_ok()) << data.status().to_string();
  const auto read_done = std::chrono::steady_clock::now();
  Result<AtopImportRecord> record = import_atop(*store_, *data, "2025-01-01T00:00:00.000Z", "analyst");
  ASSERT_TRUE(record.is_ok()) << record.status().to_string();
  const auto written = std::chrono::steady_clock::now();
  const auto ms = [](auto span) { return std::chrono::duration_cast<std::chrono::milliseconds>(span).count(); };
  std::cout << data->rows() << " rows, " << text.size() / (1024ULL * 1024) << " MiB: read " << ms(read_done - started)
            << " ms, written " << ms(written - read_done) << " ms\n";
  EXPECT_EQ(count_rows(*store_, "atop_dyads"), 1'000'000);

  // The same rows into a database file, in WAL mode as the server keeps it.
  const std::filesystem::path path = std::filesystem::temp_directory_path() / "entente_atop_million.db";
  std::filesystem::remove(path);
  {
    Result<std::unique_ptr<Store>> file_store = Store::open_sqlite(path.string(), Store::OpenMode::kCreate);
    ASSERT_TRUE(file_store.is_ok()) << file_store.status().to_string();
    const auto file_started = std::chrono::steady_clock::now();
    ASSERT_TRUE(import_atop(**file_store, *data, "2025-01-01T00:00:00.000Z", "analyst").is_ok());
    std::cout << "into a database file: " << ms(std::chrono::steady_clock::now() - file_started) << " ms\n";
  }
  std::filesystem::remove(path);
  std::filesystem::remove(path.string() + "-wal");
  std::filesystem::remove(path.string() + "-shm");
}

// Four nations, an organisation whose members are one alliance's, and an alliance with
// member rows of its own.
Dataset comparison_dataset() {
  Dataset dataset;
  const auto nation = [](const char* iso3, const char* name) {
    Nation row;
    row.iso3 = iso3;
    row.name = name;
    return row;
  };
  dataset.nations = std::vector<Nation>{nation("DEU", "Germany"), nation("FRA", "France"),
                                        nation("GBR", "United Kingdom"), nation("USA", "United States")};
  Organisation pact;
  pact.id = "PACT";
  pact.name = "Pact Organisation";
  pact.founded = day(1949, 8, 24);
  dataset.organisations = std::vector<Organisation>{pact};
  const auto membership = [](const char* iso3, Date from) {
    Membership row;
    row.organisation = "PACT";
    row.nation = iso3;
    row.period = {from, std::nullopt};
    return row;
  };
  dataset.memberships =
      std::vector<Membership>{membership("FRA", day(1949, 8, 24)), membership("GBR", day(1949, 8, 24)),
                              membership("USA", day(1949, 8, 24)), membership("DEU", day(1955, 5, 6))};
  const auto alliance = [](const char* id, const char* organisation, const char* atop_id) {
    Alliance row;
    row.id = id;
    row.name = std::string(id) + " Treaty";
    row.signed_on = day(1949, 4, 4);
    row.in_force = day(1949, 8, 24);
    row.organisation = organisation;
    row.atop_id = atop_id;
    return row;
  };
  Alliance bilateral = alliance("BILAT", "", "");
  bilateral.in_force = day(1951, 3, 15);
  dataset.alliances = std::vector<Alliance>{alliance("PACT", "PACT", "9001"), bilateral, alliance("LOOSE", "", ""),
                                            alliance("ODD", "", "A-12")};
  AllianceMember usa{"BILAT", "USA", {day(1951, 3, 15), std::nullopt}, {}};
  AllianceMember gbr{"BILAT", "GBR", {day(1951, 3, 15), day(1991, 7, 1)}, {}};
  AllianceMember fra{"BILAT", "FRA", {day(1960, 1, 1), std::nullopt}, {}};
  dataset.alliance_members = std::vector<AllianceMember>{usa, gbr, fra};
  const auto provision = [](const char* alliance_id, const char* word, int level, const char* applies_to,
                            const char* article) {
    return AllianceProvision{alliance_id, word, level, applies_to, article, "", {}};
  };
  dataset.alliance_provisions = std::vector<AllianceProvision>{
      provision("PACT", "defense", 2, "", "Article 5"),      provision("PACT", "offense", 0, "", ""),
      provision("PACT", "consultation", 1, "", "Article 4"), provision("BILAT", "defense", 0, "", ""),
      provision("BILAT", "defense", 1, "USA", "Article 2"),  provision("BILAT", "nonaggression", 0, "", "Article 1"),
  };
  return dataset;
}

TEST_F(AtopStoreTest, ComparesEntenteCodingWithAtopsValues) {
  ASSERT_TRUE(import("alliances.csv").is_ok());
  ASSERT_TRUE(import("members.csv").is_ok());
  const Registry registry(comparison_dataset());
  Result<AtopMapping> mapping = parse_atop_mapping({"BILAT=9002"}, registry);
  ASSERT_TRUE(mapping.is_ok()) << mapping.status().to_string();
  EXPECT_EQ(atop_ids_to_compare(registry, *mapping), (std::vector<std::int64_t>{9001, 9002}));

  const AtopComparison comparison =
      compare_with_atop(registry, reference(atop_ids_to_compare(registry, *mapping)), *mapping);
  EXPECT_TRUE(comparison.alliances_imported);
  EXPECT_TRUE(comparison.members_imported);
  EXPECT_EQ(comparison.without_atop_id, (std::vector<std::string>{"LOOSE", "ODD"}));
  ASSERT_EQ(comparison.problems.size(), 1U);
  EXPECT_NE(comparison.problems[0].find("ODD: atop_id 'A-12'"), std::string::npos);
  ASSERT_EQ(comparison.alliances.size(), 2U);

  const AtopAllianceComparison& bilateral = comparison.alliances[0];
  EXPECT_EQ(bilateral.alliance, "BILAT");
  EXPECT_TRUE(bilateral.from_mapping);
  EXPECT_TRUE(bilateral.in_atop);
  EXPECT_EQ(bilateral.atop_endyr, 1991);
  // Defense binds one member (level 1): present, as ATOP codes it.
  EXPECT_EQ(bilateral.provisions[0].entente_level, 1);
  EXPECT_EQ(bilateral.provisions[0].article, "Article 2");
  EXPECT_EQ(bilateral.provisions[0].agreement, AtopAgreement::kAgree);
  // Entente codes no non-aggression clause where ATOP has one.
  EXPECT_EQ(bilateral.provisions[3].provision, "nonaggression");
  EXPECT_EQ(bilateral.provisions[3].atop_value, 1);
  EXPECT_EQ(bilateral.provisions[3].agreement, AtopAgreement::kDisagree);
  EXPECT_EQ(bilateral.provisions[4].agreement, AtopAgreement::kNotComparable);  // not coded
  EXPECT_EQ(bilateral.entente_members, 2);                                      // FRA joins in 1960
  EXPECT_EQ(bilateral.atop_members, 2);
  EXPECT_EQ(bilateral.atop_members_in_force_year, 2);

  const AtopAllianceComparison& pact = comparison.alliances[1];
  EXPECT_FALSE(pact.from_mapping);
  EXPECT_EQ(pact.atopid, 9001);
  EXPECT_EQ(pact.provisions[0].agreement, AtopAgreement::kAgree);
  EXPECT_EQ(pact.provisions[0].article, "Article 5");
  EXPECT_EQ(pact.provisions[1].agreement, AtopAgreement::kAgree);          // offense 0 and 0
  EXPECT_EQ(pact.provisions[2].agreement, AtopAgreement::kNotComparable);  // neutrality not coded
  EXPECT_EQ(pact.provisions[4].agreement, AtopAgreement::kAgree);
  EXPECT_EQ(pact.entente_members, 3);  // Germany joins in 1955
  EXPECT_EQ(pact.atop_members, 4);
  EXPECT_EQ(pact.atop_members_in_force_year, 3);
  EXPECT_EQ(comparison.agree, 4);
  EXPECT_EQ(comparison.disagree, 1);
  EXPECT_EQ(comparison.not_comparable, 5);

  const boost::json::value json = to_json(comparison);
  EXPECT_EQ(json.at("alliances").at(0).at("atopid_from").as_string(), "mapping");
  EXPECT_EQ(json.at("alliances").at(1).at("provisions").at(2).at("entente_level"), nullptr);
  EXPECT_EQ(json.at("disagree").as_int64(), 1);
  const std::string csv = to_csv(comparison);
  EXPECT_EQ(csv.substr(0, csv.find('\n')),
            "alliance,name,atopid,atopid_from,in_atop,provision,atop_column,entente_level,atop_value,agreement,"
            "article,entente_members,atop_members,atop_members_in_force_year");
  EXPECT_NE(csv.find("\nPACT,PACT Treaty,9001,data,yes,defense,defense,2,1,agree,Article 5,3,4,3\n"), std::string::npos)
      << csv;
  EXPECT_NE(csv.find("\nBILAT,BILAT Treaty,9002,mapping,yes,consultation,consul,,1,not-comparable,,2,2,2\n"),
            std::string::npos)
      << csv;
}

TEST_F(AtopStoreTest, ComparesWithNothingImported) {
  const Registry registry(comparison_dataset());
  const AtopComparison comparison = compare_with_atop(registry, reference({9001}), AtopMapping{});
  EXPECT_FALSE(comparison.alliances_imported);
  ASSERT_EQ(comparison.alliances.size(), 1U);
  EXPECT_FALSE(comparison.alliances[0].in_atop);
  EXPECT_EQ(comparison.alliances[0].atop_members, std::nullopt);
  EXPECT_EQ(comparison.agree + comparison.disagree, 0);
}

TEST(AtopMapping, RefusesEntriesNamingTheProblem) {
  const Registry registry(comparison_dataset());
  for (const char* entry : {"PACT3180", "NOPE=3180", "PACT=abc", "PACT=-4", "PACT=31.5"}) {
    Result<AtopMapping> mapping = parse_atop_mapping({entry}, registry);
    ASSERT_FALSE(mapping.is_ok()) << entry;
    EXPECT_EQ(mapping.status().code(), ErrorCode::kInvalidArgument);
    EXPECT_EQ(mapping.status().field(), "mapping");
    EXPECT_EQ(mapping.status().message().rfind("mapping: ", 0), 0U) << mapping.status().message();
  }
  Result<AtopMapping> mapping = parse_atop_mapping({"PACT = 3180", "BILAT=9002"}, registry);
  ASSERT_TRUE(mapping.is_ok());
  EXPECT_EQ(mapping->atop_ids.at("PACT"), 3180);
}

TEST(AtopReferenceData, EveryAllianceIsComparedOrListedAsWithoutAnId) {
  Result<Dataset> dataset = read_reference_dataset();
  ASSERT_TRUE(dataset.is_ok()) << dataset.status().to_string();
  const Registry registry(std::move(*dataset));
  const AtopComparison comparison = compare_with_atop(registry, AtopReference{}, AtopMapping{});
  EXPECT_EQ(comparison.alliances.size() + comparison.without_atop_id.size(), registry.dataset().alliances.size());
  EXPECT_EQ(comparison.agree + comparison.disagree, 0);
}

}  // namespace
}  // namespace entente
