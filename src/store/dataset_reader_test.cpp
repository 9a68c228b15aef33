#include "store/dataset_reader.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "store/tables.hpp"

namespace entente {

// Failures print the slug ("io-error") rather than the bytes of the enum.
static void PrintTo(ErrorCode code, std::ostream* out) { *out << error_slug(code); }

namespace {

// tests/data/mini holds rows copied verbatim from data/*.csv (same dates and sources).
constexpr const char* kMiniFolder = "tests/data/mini";

constexpr const char* kAllFiles[] = {kNationsFile,
                                     kOrganisationsFile,
                                     kMembershipsFile,
                                     kFrameworksFile,
                                     kPartnershipsFile,
                                     kPlansFile,
                                     kTerritoryChangesFile,
                                     kPopulationsFile,
                                     kCouncilSeatsFile,
                                     kEligibilityFile,
                                     kConsultationsFile,
                                     kOperationsFile,
                                     kParticipantsFile,
                                     kTerritorialUnitsFile,
                                     kSeaAreasFile,
                                     kMilitaryPersonnelFile,
                                     kDecisionProceduresFile,
                                     kArticle6RegionsFile,
                                     kAtlasShapeOwnersFile,
                                     kNationAliasesFile,
                                     kPublishersFile,
                                     kMenuFile,
                                     kDcbPackagesFile,
                                     kWorkflowsFile,
                                     kChecklistsFile,
                                     kDefenceExpenditureFile,
                                     kSpendingGuidelinesFile,
                                     kExercisesFile,
                                     kExerciseParticipantsFile,
                                     kAlliancesFile,
                                     kAllianceMembersFile,
                                     kAllianceProvisionsFile,
                                     kCoverageFile};

// The mini dataset as in-memory files, so that each test can introduce one defect and
// name the line it is on. Every row of the fixtures is on one physical line.
class MiniFiles {
 public:
  MiniFiles() {
    const DirectoryDataFiles directory(kMiniFolder);
    for (const char* name : kAllFiles) {
      Result<std::string> text = directory.read(name);
      EXPECT_TRUE(text.is_ok()) << text.status().to_string();
      if (text) files_[name] = *text;
    }
  }

  // Appends `row` to `file`; returns the line it is on.
  int append(const std::string& file, const std::string& row) {
    std::string& text = files_.at(file);
    text += row + "\n";
    return static_cast<int>(std::count(text.begin(), text.end(), '\n'));
  }

  // The number of the line of `file` that starts with `prefix`; 0 when there is none.
  int line_of(const std::string& file, std::string_view prefix) const {
    const std::vector<std::string> lines = lines_of(file);
    for (std::size_t i = 0; i < lines.size(); ++i) {
      if (lines[i].starts_with(prefix)) return static_cast<int>(i) + 1;
    }
    return 0;
  }

  // Appends a copy of the line starting with `prefix`; returns the line of the copy.
  int duplicate(const std::string& file, std::string_view prefix) {
    const int original = line_of(file, prefix);
    EXPECT_GT(original, 0) << prefix << " starts no line of " << file;
    if (original == 0) return 0;
    return append(file, lines_of(file)[static_cast<std::size_t>(original) - 1]);
  }

  // Replaces the first occurrence of `from` in `file` by `to`.
  void replace(const std::string& file, std::string_view from, std::string_view to) {
    std::string& text = files_.at(file);
    const std::size_t at = text.find(from);
    ASSERT_NE(at, std::string::npos) << from << " is not in " << file;
    text.replace(at, from.size(), to);
  }

  void set(const std::string& file, std::string text) { files_[file] = std::move(text); }
  void remove(const std::string& file) { files_.erase(file); }

  Result<Dataset> read() const { return read_dataset(InMemoryDataFiles(files_)); }

 private:
  std::vector<std::string> lines_of(const std::string& file) const {
    std::vector<std::string> lines;
    std::istringstream in(files_.at(file));
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
  }

  std::map<std::string, std::string, std::less<>> files_;
};

std::string at(const std::string& file, int line, const std::string& reason) {
  return file + ":" + std::to_string(line) + ": " + reason;
}

// Reads `files`, expecting exactly one problem: `expected`.
void expect_single_problem(const MiniFiles& files, const std::string& expected) {
  const Result<Dataset> dataset = files.read();
  ASSERT_FALSE(dataset.is_ok()) << "expected the problem " << expected;
  EXPECT_EQ(dataset.status().code(), ErrorCode::kInvalidData);
  EXPECT_EQ(dataset.status().message(), expected);
}

// Norway's row of data/nations.csv with the given status and capital coordinates. No
// row of the mini dataset refers to Norway, so a defect in it causes no other problem.
std::string norway_with(const std::string& status, const std::string& lat, const std::string& lon) {
  return "NOR,NO,578,Norway," + status + ",Europe,Northern Europe,Oslo," + lat + "," + lon +
         ",,,https://www.un.org/en/about-us/member-states ; https://en.wikipedia.org/wiki/Norway,";
}

bool contains(std::string_view haystack, std::string_view needle) { return haystack.find(needle) != std::string::npos; }

// --- The fixture itself ---------------------------------------------------------------

TEST(DatasetReaderTest, ReadsTheMiniFixture) {
  const Result<Dataset> dataset = read_dataset(DirectoryDataFiles(kMiniFolder));
  ASSERT_TRUE(dataset.is_ok()) << dataset.status().to_string();
  EXPECT_EQ(dataset->nations.size(), 12U);
  EXPECT_EQ(dataset->organisations.size(), 2U);
  EXPECT_EQ(dataset->memberships.size(), 12U);
  EXPECT_EQ(dataset->frameworks.size(), 4U);
  EXPECT_EQ(dataset->partnerships.size(), 22U);
  EXPECT_EQ(dataset->plans.size(), 1U);
}

TEST(DatasetReaderTest, ReadsNationFieldsAsWritten) {
  const Result<Dataset> dataset = read_dataset(DirectoryDataFiles(kMiniFolder));
  ASSERT_TRUE(dataset.is_ok()) << dataset.status().to_string();
  const auto finland =
      std::find_if(dataset->nations.begin(), dataset->nations.end(), [](const Nation& n) { return n.iso3 == "FIN"; });
  ASSERT_NE(finland, dataset->nations.end());
  EXPECT_EQ(finland->iso2, "FI");
  EXPECT_EQ(finland->iso_numeric, "246");
  EXPECT_EQ(finland->name, "Finland");
  EXPECT_EQ(finland->status, NationStatus::kUnMember);
  EXPECT_EQ(finland->region, "Europe");
  EXPECT_EQ(finland->subregion, "Northern Europe");
  EXPECT_EQ(finland->capital, "Helsinki");
  EXPECT_DOUBLE_EQ(finland->capital_lat, 60.1699);
  EXPECT_DOUBLE_EQ(finland->capital_lon, 24.9384);
  EXPECT_FALSE(finland->from.has_value());
  EXPECT_FALSE(finland->to.has_value());
  EXPECT_TRUE(finland->provenance.source.starts_with("https://www.un.org/en/about-us/member-states"));

  const auto soviet_union =
      std::find_if(dataset->nations.begin(), dataset->nations.end(), [](const Nation& n) { return n.iso3 == "SUN"; });
  ASSERT_NE(soviet_union, dataset->nations.end());
  EXPECT_EQ(soviet_union->status, NationStatus::kHistorical);
  EXPECT_EQ(soviet_union->to, Date::from_ymd(1991, 12, 26));
}

TEST(DatasetReaderTest, ReadsQuotedFieldsDatesAndSuccessors) {
  const Result<Dataset> dataset = read_dataset(DirectoryDataFiles(kMiniFolder));
  ASSERT_TRUE(dataset.is_ok()) << dataset.status().to_string();
  const Organisation& weu = dataset->organisations.at(1);
  EXPECT_EQ(weu.id, "WEU");
  EXPECT_EQ(weu.headquarters, "Brussels, Belgium");
  EXPECT_EQ(weu.founded, Date::from_ymd(1948, 8, 25));
  EXPECT_EQ(weu.dissolved, Date::from_ymd(2011, 7, 1));

  const Framework& nacc = dataset->frameworks.at(0);
  EXPECT_EQ(nacc.id, "NACC");
  EXPECT_EQ(nacc.organisation, "NATO");
  EXPECT_EQ(nacc.ended, Date::from_ymd(1997, 5, 30));
  EXPECT_EQ(nacc.successor, "EAPC");
  EXPECT_EQ(dataset->frameworks.at(1).successor, "");

  const auto russia_pfp_suspended =
      std::find_if(dataset->partnerships.begin(), dataset->partnerships.end(), [](const Partnership& p) {
        return p.framework == "PFP" && p.nation == "RUS" && p.status == PartnershipStatus::kSuspended;
      });
  ASSERT_NE(russia_pfp_suspended, dataset->partnerships.end());
  EXPECT_EQ(russia_pfp_suspended->period.from, Date::from_ymd(2014, 4, 1));
  EXPECT_FALSE(russia_pfp_suspended->period.to.has_value());
}

// --- Every defect the loader documents, as "file:line: reason" --------------------------

TEST(DatasetReaderTest, RejectsUnknownNationCode) {
  MiniFiles files;
  const int line = files.append(kMembershipsFile, "NATO,XYZ,2000-01-01,,member,https://example.org,");
  expect_single_problem(files, at(kMembershipsFile, line,
                                  "unknown nation 'XYZ'; nations are ISO 3166-1 alpha-3 codes listed in nations.csv"));
}

TEST(DatasetReaderTest, RejectsUnknownOrganisation) {
  MiniFiles files;
  const int line = files.append(kMembershipsFile, "ABC,FIN,2000-01-01,,member,https://example.org,");
  expect_single_problem(files, at(kMembershipsFile, line, "unknown organisation 'ABC'"));
}

TEST(DatasetReaderTest, RejectsUnknownOrganisationOfAFramework) {
  MiniFiles files;
  const int line = files.append(kFrameworksFile, "ICI,Istanbul Cooperation Initiative,OTAN,2004-06-28,,,src,");
  expect_single_problem(files, at(kFrameworksFile, line, "unknown organisation 'OTAN'"));
}

TEST(DatasetReaderTest, RejectsUnknownFramework) {
  MiniFiles files;
  const int line = files.append(kPartnershipsFile, "XYZ,FIN,2000-01-01,,active,https://example.org,");
  expect_single_problem(files, at(kPartnershipsFile, line, "unknown framework 'XYZ'"));
}

TEST(DatasetReaderTest, RejectsOverlappingPeriodsOfTheSameOrganisationAndNation) {
  MiniFiles files;
  const int finland = files.line_of(kMembershipsFile, "NATO,FIN,");
  ASSERT_GT(finland, 0);
  const int line = files.append(kMembershipsFile, "NATO,FIN,2020-01-01,2023-05-01,observer,https://example.org,");
  expect_single_problem(files, at(kMembershipsFile, line,
                                  "period [2020-01-01, 2023-05-01) overlaps [2023-04-04, open) on line " +
                                      std::to_string(finland) + " for NATO and FIN"));
}

TEST(DatasetReaderTest, AcceptsAdjacentPeriodsOfTheSameOrganisationAndNation) {
  // Hungary's WEU rows meet on 1999-03-12: [1994-05-09, 1999-03-12) then [1999-03-12, 2011-07-01).
  MiniFiles files;
  ASSERT_GT(files.line_of(kMembershipsFile, "WEU,HUN,1994-05-09,1999-03-12,"), 0);
  ASSERT_GT(files.line_of(kMembershipsFile, "WEU,HUN,1999-03-12,2011-07-01,"), 0);
  EXPECT_TRUE(files.read().is_ok());
}

TEST(DatasetReaderTest, RejectsOverlappingPartnershipPeriods) {
  MiniFiles files;
  const int malta = files.line_of(kPartnershipsFile, "PFP,MLT,1995-04-26,");
  ASSERT_GT(malta, 0);
  const int line = files.append(kPartnershipsFile, "PFP,MLT,1996-01-01,1997-01-01,active,https://example.org,");
  expect_single_problem(files, at(kPartnershipsFile, line,
                                  "period [1996-01-01, 1997-01-01) overlaps [1995-04-26, 1996-10-27) on line " +
                                      std::to_string(malta) + " for PFP and MLT"));
}

TEST(DatasetReaderTest, RejectsFromAfterTo) {
  MiniFiles files;
  const int line = files.append(kMembershipsFile, "NATO,EGY,2000-01-01,1999-01-01,member,https://example.org,");
  expect_single_problem(files, at(kMembershipsFile, line, "from 2000-01-01 is not before to 1999-01-01"));
}

TEST(DatasetReaderTest, RejectsFromEqualToTo) {
  MiniFiles files;
  const int line = files.append(kMembershipsFile, "NATO,EGY,2000-01-01,2000-01-01,member,https://example.org,");
  expect_single_problem(files, at(kMembershipsFile, line, "from 2000-01-01 is not before to 2000-01-01"));
}

TEST(DatasetReaderTest, RejectsImpossibleDate) {
  MiniFiles files;
  const int line = files.append(kMembershipsFile, "NATO,EGY,2023-02-29,,member,https://example.org,");
  expect_single_problem(files, at(kMembershipsFile, line, "from: '2023-02-29' is not a real calendar day"));
}

TEST(DatasetReaderTest, RejectsMalformedDate) {
  MiniFiles files;
  const int line = files.append(kPartnershipsFile, "MD,EGY,1990-01-01,4 April 1995,active,https://example.org,");
  expect_single_problem(
      files, at(kPartnershipsFile, line, "to: '4 April 1995' is not a date; write it as YYYY-MM-DD, e.g. 2023-04-04"));
}

TEST(DatasetReaderTest, RejectsMissingFromDate) {
  MiniFiles files;
  const int line = files.append(kMembershipsFile, "NATO,EGY,,,member,https://example.org,");
  expect_single_problem(files, at(kMembershipsFile, line, "missing from date"));
}

TEST(DatasetReaderTest, RejectsMissingSource) {
  MiniFiles files;
  const int line = files.append(kMembershipsFile, "NATO,EGY,2000-01-01,,member,,a note but no source");
  expect_single_problem(files, at(kMembershipsFile, line, "missing source"));
}

TEST(DatasetReaderTest, RejectsDuplicateRow) {
  MiniFiles files;
  const int original = files.line_of(kMembershipsFile, "NATO,FIN,");
  ASSERT_GT(original, 0);
  const int line = files.duplicate(kMembershipsFile, "NATO,FIN,");
  expect_single_problem(files, at(kMembershipsFile, line, "duplicate of line " + std::to_string(original)));
}

TEST(DatasetReaderTest, RejectsDuplicateNation) {
  MiniFiles files;
  const int original = files.line_of(kNationsFile, "FIN,");
  ASSERT_GT(original, 0);
  const int line = files.duplicate(kNationsFile, "FIN,");
  // A copied row repeats both keys of a nation: its code and its ISO numeric code.
  expect_single_problem(
      files, at(kNationsFile, line, "duplicate nation FIN, first on line " + std::to_string(original)) + "\n" +
                 at(kNationsFile, line, "duplicate iso_numeric 246, first on line " + std::to_string(original)));
}

TEST(DatasetReaderTest, RejectsDuplicateOrganisation) {
  MiniFiles files;
  const int line = files.duplicate(kOrganisationsFile, "WEU,");
  expect_single_problem(files, at(kOrganisationsFile, line,
                                  "duplicate organisation WEU, first on line " +
                                      std::to_string(files.line_of(kOrganisationsFile, "WEU,"))));
}

TEST(DatasetReaderTest, RejectsMissingColumn) {
  MiniFiles files;
  files.set(kMembershipsFile,
            "organisation,nation,from,to,status,source\n"
            "NATO,FIN,2023-04-04,,member,https://example.org\n");
  expect_single_problem(files, at(kMembershipsFile, 1, "missing column 'note'"));
}

TEST(DatasetReaderTest, RejectsEveryMissingColumnOfAHeader) {
  MiniFiles files;
  files.set(kPlansFile, "nation,organisation,plan\n");
  expect_single_problem(
      files, at(kPlansFile, 1, "missing column 'from'") + "\n" + at(kPlansFile, 1, "missing column 'to'") + "\n" +
                 at(kPlansFile, 1, "missing column 'source'") + "\n" + at(kPlansFile, 1, "missing column 'note'"));
}

// dataset_reader.hpp: "A row is rejected for: a missing or unknown column".
TEST(DatasetReaderTest, RejectsUnknownColumn) {
  MiniFiles files;
  files.set(kPlansFile,
            "nation,organisation,plan,from,to,source,note,colour\n"
            "UKR,NATO,ANP,2008-12-03,,https://example.org,,blue\n");
  const Result<Dataset> dataset = files.read();
  ASSERT_FALSE(dataset.is_ok()) << "an unknown column 'colour' was accepted";
  EXPECT_EQ(dataset.status().code(), ErrorCode::kInvalidData);
  EXPECT_TRUE(contains(dataset.status().message(), "partnership_plans.csv:1: ")) << dataset.status().message();
  EXPECT_TRUE(contains(dataset.status().message(), "colour")) << dataset.status().message();
}

TEST(DatasetReaderTest, RejectsWrongFieldCount) {
  MiniFiles files;
  const int line = files.append(kMembershipsFile, "NATO,FIN,2023-04-04");
  expect_single_problem(files, at(kMembershipsFile, line, "expected 7 fields as in the header, found 3"));
}

TEST(DatasetReaderTest, RejectsUnterminatedQuote) {
  MiniFiles files;
  const int line = files.append(kMembershipsFile, "NATO,EGY,2000-01-01,,member,\"https://example.org,");
  expect_single_problem(files, at(kMembershipsFile, line, "quoted field is never closed"));
}

// Regression: check-data and init accepted CSV that is not UTF-8 (here Latin-1 and a
// UTF-8-encoded surrogate) and stored its bytes. Each bad file is named with its line;
// the other files are still checked.
TEST(DatasetReaderTest, RejectsInvalidUtf8InEveryFile) {
  MiniFiles files;
  const int latin1 = files.append(kPlansFile, "FIN,NATO,ipcp,2000-01-01,,https://example.org,Caf\xE9");
  const int surrogate = files.append(kSeaAreasFile, "x,\xED\xA0\x80,covered,\"0 0\",https://example.org,");
  expect_single_problem(
      files, at(kPlansFile, latin1, "invalid UTF-8 at byte 50 of the line (0xE9); save the file as UTF-8") + "\n" +
                 at(kSeaAreasFile, surrogate, "invalid UTF-8 at byte 3 of the line (0xED); save the file as UTF-8"));
}

TEST(DatasetReaderTest, RejectsMembershipStatusNotAllowed) {
  MiniFiles files;
  const int line = files.append(kMembershipsFile, "NATO,EGY,2000-01-01,,ally,https://example.org,");
  expect_single_problem(
      files, at(kMembershipsFile, line, "status 'ally' is not one of member, suspended, observer, associate"));
}

TEST(DatasetReaderTest, RejectsPartnershipStatusNotAllowed) {
  MiniFiles files;
  const int line = files.append(kPartnershipsFile, "PFP,CAN,2000-01-01,,member,https://example.org,");
  expect_single_problem(files, at(kPartnershipsFile, line, "status 'member' is not one of active, suspended"));
}

TEST(DatasetReaderTest, RejectsNationStatusNotAllowed) {
  MiniFiles files;
  const int line = files.append(kNationsFile, norway_with("kingdom", "59.9139", "10.7522"));
  expect_single_problem(
      files, at(kNationsFile, line, "status 'kingdom' is not one of un-member, un-observer, other, historical"));
}

TEST(DatasetReaderTest, RejectsPlanNotAllowed) {
  MiniFiles files;
  const int line = files.append(kPlansFile, "UKR,NATO,XYZ,2009-01-01,,https://example.org,");
  expect_single_problem(files, at(kPlansFile, line, "plan 'XYZ' is not one of ANP, IPAP, IPCP, ITPP, MAP"));
}

TEST(DatasetReaderTest, RejectsTerritoryChangeOfANonMember) {
  MiniFiles files;
  const int line = files.append(kTerritoryChangesFile, "NATO,SWE,2000-01-01,extension,Gotland,,https://example.org,");
  expect_single_problem(files, at(kTerritoryChangesFile, line,
                                  "SWE is not a member of NATO on 2000-01-01; a territory change applies to a "
                                  "continuing membership"));
}

TEST(DatasetReaderTest, RejectsTerritoryChangeKindNotAllowed) {
  MiniFiles files;
  const int line = files.append(kTerritoryChangesFile, "NATO,DEU,2000-01-01,annexation,Saarland,,https://example.org,");
  expect_single_problem(files,
                        at(kTerritoryChangesFile, line, "change 'annexation' is not one of extension, reduction"));
}

TEST(DatasetReaderTest, ReadsTerritoryChanges) {
  const Result<Dataset> dataset = read_dataset(DirectoryDataFiles(kMiniFolder));
  ASSERT_TRUE(dataset.is_ok()) << dataset.status().to_string();
  ASSERT_EQ(dataset->territory_changes.size(), 1U);
  const TerritoryChange& gdr = dataset->territory_changes.front();
  EXPECT_EQ(gdr.nation, "DEU");
  EXPECT_EQ(gdr.date, Date::from_ymd(1990, 10, 3));
  EXPECT_EQ(gdr.kind, TerritoryChangeKind::kExtension);
  EXPECT_EQ(gdr.territory, "the territory of the former German Democratic Republic");
}

// --- Territorial units with a period and a polygon, and the changes that name them ----

// A made-up unit that an Austrian period takes over from today's Germany, with the
// period, now_part_of and polygon given.
std::string unit_row(const std::string& from, const std::string& to, const std::string& now_part_of,
                     const std::string& polygon) {
  return "XTS,Test unit,AUT,48,12,0,europe,yes,no,not-covered,not-a-party,A test unit.," + from + "," + to + "," +
         now_part_of + ",\"" + polygon + "\",https://example.org,";
}

constexpr const char* kBavarianBox = "11 47.5, 13 47.5, 13 48.5, 11 48.5, 11 47.5";

TEST(DatasetReaderTest, ReadsAUnitWithAPeriodAndAPolygon) {
  MiniFiles files;
  files.append(kTerritorialUnitsFile, unit_row("1950-01-01", "1960-01-01", "DEU", kBavarianBox));
  const Result<Dataset> dataset = files.read();
  ASSERT_TRUE(dataset.is_ok()) << dataset.status().to_string();
  ASSERT_EQ(dataset->territorial_units.size(), 1U);
  const TerritorialUnit& unit = dataset->territorial_units.front();
  EXPECT_EQ(unit.from, Date::from_ymd(1950, 1, 1));
  EXPECT_EQ(unit.to, Date::from_ymd(1960, 1, 1));
  EXPECT_EQ(unit.now_part_of, "DEU");
  ASSERT_EQ(unit.polygon.size(), 5U);
  EXPECT_EQ(unit.polygon[2], std::make_pair(13.0, 48.5));
  EXPECT_TRUE(unit.exists_on(Date::from_ymd(1959, 12, 31)));
  EXPECT_FALSE(unit.exists_on(Date::from_ymd(1960, 1, 1)));
}

TEST(DatasetReaderTest, RejectsAUnitPolygonThatIsNotClosed) {
  MiniFiles files;
  const int line =
      files.append(kTerritorialUnitsFile, unit_row("1950-01-01", "", "DEU", "11 47.5, 13 47.5, 13 48.5, 11 48.5"));
  expect_single_problem(
      files, at(kTerritorialUnitsFile, line, "polygon: is not closed: the last vertex must equal the first"));
}

TEST(DatasetReaderTest, RejectsAUnitPolygonVertexOutOfRangeOrMalformed) {
  MiniFiles files;
  const int far = files.append(kTerritorialUnitsFile,
                               unit_row("1950-01-01", "", "DEU", "11 47.5, 13 97.5, 13 48.5, 11 48.5, 11 47.5"));
  files.replace(kTerritorialUnitsFile, "XTS,", "XTT,");
  const int garbled = files.append(kTerritorialUnitsFile, unit_row("1950-01-01", "", "DEU", "11 47.5; 13 47.5"));
  const Result<Dataset> dataset = files.read();
  ASSERT_FALSE(dataset.is_ok());
  EXPECT_EQ(dataset.status().message(),
            at(kTerritorialUnitsFile, far, "polygon: vertex '13 97.5' is out of range") + "\n" +
                at(kTerritorialUnitsFile, garbled, "polygon: vertex '11 47.5; 13 47.5' is not 'longitude latitude'"));
}

TEST(DatasetReaderTest, RejectsAUnitPeriodThatDoesNotRunForward) {
  MiniFiles files;
  const int line = files.append(kTerritorialUnitsFile, unit_row("1960-01-01", "1950-01-01", "DEU", kBavarianBox));
  expect_single_problem(files, at(kTerritorialUnitsFile, line, "from 1960-01-01 is not before to 1950-01-01"));
}

TEST(DatasetReaderTest, RejectsAnImpossibleUnitDate) {
  MiniFiles files;
  const int line = files.append(kTerritorialUnitsFile, unit_row("1950-01-01", "1960-02-30", "DEU", kBavarianBox));
  expect_single_problem(files, at(kTerritorialUnitsFile, line, "to: '1960-02-30' is not a real calendar day"));
}

TEST(DatasetReaderTest, RejectsAPolygonWithoutNowPartOfAndNowPartOfWithoutAPeriod) {
  MiniFiles files;
  const int no_nation = files.append(kTerritorialUnitsFile, unit_row("1950-01-01", "", "", kBavarianBox));
  files.replace(kTerritorialUnitsFile, "XTS,", "XTT,");
  const int no_period = files.append(kTerritorialUnitsFile, unit_row("", "", "DEU", kBavarianBox));
  const Result<Dataset> dataset = files.read();
  ASSERT_FALSE(dataset.is_ok());
  EXPECT_EQ(dataset.status().message(),
            at(kTerritorialUnitsFile, no_nation,
               "a polygon needs now_part_of: the nation whose land in the atlas the polygon is drawn on") +
                "\n" +
                at(kTerritorialUnitsFile, no_period,
                   "now_part_of DEU needs a period (from, to): the unit takes over that nation's land only for a "
                   "time"));
}

TEST(DatasetReaderTest, RejectsATerritoryChangeThatDisagreesWithItsUnit) {
  MiniFiles files;
  files.append(kTerritorialUnitsFile, unit_row("1949-10-07", "1990-10-02", "AUT", kBavarianBox));
  files.replace(kTerritoryChangesFile, "Democratic Republic,,", "Democratic Republic,XTS,");
  const int line = files.line_of(kTerritoryChangesFile, "NATO,DEU,1990-10-03");
  const Result<Dataset> dataset = files.read();
  ASSERT_FALSE(dataset.is_ok());
  EXPECT_EQ(dataset.status().message(),
            at(kTerritoryChangesFile, line,
               "unit XTS must end (to) on the day of the change, 1990-10-03; it ends on 1990-10-02") +
                "\n" +
                at(kTerritoryChangesFile, line,
                   "an extension brings in land that is now DEU's, but unit XTS has now_part_of 'AUT'"));
}

TEST(DatasetReaderTest, RejectsATerritoryChangeNamingAnUnknownUnit) {
  MiniFiles files;
  files.replace(kTerritoryChangesFile, "Democratic Republic,,", "Democratic Republic,XZZ,");
  const int line = files.line_of(kTerritoryChangesFile, "NATO,DEU,1990-10-03");
  const Result<Dataset> dataset = files.read();
  ASSERT_FALSE(dataset.is_ok());
  EXPECT_TRUE(dataset.status().message().starts_with(at(kTerritoryChangesFile, line, "unknown unit 'XZZ'")))
      << dataset.status().message();
}

// --- Decision procedures --------------------------------------------------------------

TEST(DatasetReaderTest, ReadsDecisionProcedures) {
  const Result<Dataset> dataset = read_dataset(DirectoryDataFiles(kMiniFolder));
  ASSERT_TRUE(dataset.is_ok()) << dataset.status().to_string();
  ASSERT_EQ(dataset->decision_procedures.size(), 3U);
  const DecisionProcedure& nato = dataset->decision_procedures.front();
  EXPECT_EQ(nato.organisation, "NATO");
  EXPECT_EQ(nato.procedure, "consensus");
  EXPECT_EQ(nato.body, "North Atlantic Council");
  EXPECT_TRUE(nato.usual);
  EXPECT_EQ(nato.period.from, Date::from_ymd(1949, 8, 24));
}

TEST(DatasetReaderTest, RejectsAProcedureOutsideTheVocabulary) {
  MiniFiles files;
  const int line =
      files.append(kDecisionProceduresFile, "NATO,vote,North Atlantic Council,no,,1949-08-24,,https://example.org,");
  const Result<Dataset> dataset = files.read();
  ASSERT_FALSE(dataset.is_ok());
  EXPECT_TRUE(dataset.status().message().starts_with(
      at(kDecisionProceduresFile, line, "procedure 'vote' is not one of consensus")))
      << dataset.status().message();
}

TEST(DatasetReaderTest, RejectsTwoUsualProceduresAtOnce) {
  MiniFiles files;
  const int first = files.line_of(kDecisionProceduresFile, "WEU,consensus");
  const int line = files.append(kDecisionProceduresFile,
                                "WEU,silence,Council of Western European Union,yes,,1950-01-01,1960-01-01,"
                                "https://example.org,");
  expect_single_problem(files, at(kDecisionProceduresFile, line,
                                  "two usual procedures at once: period [1950-01-01, 1960-01-01) overlaps "
                                  "[1948-08-25, 2011-07-01) on line " +
                                      std::to_string(first) + " for WEU and usual"));
}

TEST(DatasetReaderTest, RejectsACouncilOutsideThePscAndAPscWithoutOne) {
  MiniFiles files;
  const int stray =
      files.append(kDecisionProceduresFile,
                   "WEU,unanimity,Council of Western European Union,no,AUPSC,1950-01-01,,https://example.org,");
  const int missing =
      files.append(kDecisionProceduresFile, "NATO,psc,North Atlantic Council,no,,1950-01-01,,https://example.org,");
  const Result<Dataset> dataset = files.read();
  ASSERT_FALSE(dataset.is_ok());
  const std::string& message = dataset.status().message();
  EXPECT_TRUE(contains(
      message, at(kDecisionProceduresFile, stray, "council 'AUPSC' belongs to the psc procedure, not to unanimity")))
      << message;
  EXPECT_TRUE(contains(message, at(kDecisionProceduresFile, missing, "missing council"))) << message;
}

TEST(DatasetReaderTest, RejectsAProcedureBeforeItsOrganisation) {
  MiniFiles files;
  const int line = files.append(kDecisionProceduresFile,
                                "NATO,silence,North Atlantic Council,no,,1940-01-01,1949-08-24,https://example.org,");
  expect_single_problem(
      files, at(kDecisionProceduresFile, line, "starts 1940-01-01, before organisation NATO began on 1949-08-24"));
}

// --- Article 6 regions and the owners of atlas shapes ----------------------------------------

// A made-up region of Article 6(1): a nation named whole, or a continent drawn as a polygon.
std::string region_row(const std::string& id, const std::string& nation, const std::string& polygon,
                       const std::string& reasoning, const std::string& clause = "6(1)-test") {
  return id + ",Test region," + clause + "," + nation + ",1950-01-01,,\"" + polygon + "\"," + reasoning +
         ",https://example.org,";
}

TEST(DatasetReaderTest, ReadsArticle6Regions) {
  MiniFiles files;
  files.append(kArticle6RegionsFile, region_row("whole", "CAN", "", "the territory of Canada is named"));
  const Result<Dataset> dataset = files.read();
  ASSERT_TRUE(dataset.is_ok()) << dataset.status().to_string();
  ASSERT_EQ(dataset->article6_regions.size(), 3U);
  const Article6Region& europe = dataset->article6_regions.front();
  EXPECT_EQ(europe.id, "europe");
  EXPECT_EQ(europe.name, "Europe");
  EXPECT_EQ(europe.clause, "6(1)-europe-north-america");
  EXPECT_TRUE(europe.nation.empty());
  EXPECT_GT(europe.polygon.size(), 100U);
  EXPECT_EQ(europe.polygon.front(), europe.polygon.back());
  EXPECT_TRUE(europe.reasoning.empty());
  const Article6Region& whole = dataset->article6_regions.back();
  EXPECT_EQ(whole.nation, "CAN");
  EXPECT_TRUE(whole.polygon.empty());
  EXPECT_EQ(whole.from, Date::from_ymd(1950, 1, 1));
  EXPECT_FALSE(whole.to.has_value());
  EXPECT_FALSE(whole.exists_on(Date::from_ymd(1949, 12, 31)));
  EXPECT_TRUE(whole.exists_on(Date::from_ymd(1950, 1, 1)));
  EXPECT_EQ(whole.reasoning, "the territory of Canada is named");
}

TEST(DatasetReaderTest, RejectsARegionWithBothOrNeitherOfAPolygonAndANation) {
  MiniFiles files;
  const int both = files.append(kArticle6RegionsFile, region_row("both", "CAN", kBavarianBox, "named"));
  const int neither = files.append(kArticle6RegionsFile, region_row("neither", "", "", ""));
  const Result<Dataset> dataset = files.read();
  ASSERT_FALSE(dataset.is_ok());
  EXPECT_EQ(dataset.status().message(), at(kArticle6RegionsFile, both, "give a polygon or a nation, not both") + "\n" +
                                            at(kArticle6RegionsFile, neither,
                                               "give a polygon (a continent) or a nation (a territory named whole)"));
}

TEST(DatasetReaderTest, RejectsARegionWhoseReasoningDoesNotFitItsKind) {
  MiniFiles files;
  const int nation = files.append(kArticle6RegionsFile, region_row("whole", "CAN", "", ""));
  const int continent = files.append(kArticle6RegionsFile, region_row("box", "", kBavarianBox, "a finding"));
  const Result<Dataset> dataset = files.read();
  ASSERT_FALSE(dataset.is_ok());
  EXPECT_EQ(dataset.status().message(),
            at(kArticle6RegionsFile, nation, "missing reasoning: the finding of Article 6 on the land of CAN") + "\n" +
                at(kArticle6RegionsFile, continent,
                   "a continent's finding is 'territory of <Party> in Test region'; leave reasoning empty"));
}

TEST(DatasetReaderTest, RejectsARegionOfAnUnknownNationOrOutsideArticle6Paragraph1) {
  MiniFiles files;
  const int unknown = files.append(kArticle6RegionsFile, region_row("whole", "XYZ", "", "named"));
  const int clause = files.append(kArticle6RegionsFile, region_row("box", "", kBavarianBox, "", "6(2)-test"));
  const Result<Dataset> dataset = files.read();
  ASSERT_FALSE(dataset.is_ok());
  EXPECT_EQ(dataset.status().message(),
            at(kArticle6RegionsFile, unknown, "unknown nation 'XYZ'") + "\n" +
                at(kArticle6RegionsFile, clause, "clause '6(2)-test' is not a clause of Article 6(1) (6(1)-...)"));
}

TEST(DatasetReaderTest, RejectsADuplicateRegion) {
  MiniFiles files;
  const int line = files.append(kArticle6RegionsFile, region_row("europe", "", kBavarianBox, ""));
  expect_single_problem(files, at(kArticle6RegionsFile, line, "duplicate id europe, first on line 2"));
}

TEST(DatasetReaderTest, ReadsAtlasShapeOwners) {
  MiniFiles files;
  files.append(kAtlasShapeOwnersFile, "Test Land,FIN,https://example.org,");
  const Result<Dataset> dataset = files.read();
  ASSERT_TRUE(dataset.is_ok()) << dataset.status().to_string();
  ASSERT_EQ(dataset->atlas_shape_owners.size(), 1U);
  EXPECT_EQ(dataset->atlas_shape_owners.front().shape, "Test Land");
  EXPECT_EQ(dataset->atlas_shape_owners.front().nation, "FIN");
}

TEST(DatasetReaderTest, RejectsAShapeOwnedTwiceOrByAnUnknownNation) {
  MiniFiles files;
  files.append(kAtlasShapeOwnersFile, "Test Land,FIN,https://example.org,");
  const int twice = files.append(kAtlasShapeOwnersFile, "Test Land,SWE,https://example.org,");
  const int unknown = files.append(kAtlasShapeOwnersFile, "Other Land,XYZ,https://example.org,");
  const Result<Dataset> dataset = files.read();
  ASSERT_FALSE(dataset.is_ok());
  EXPECT_EQ(dataset.status().message(), at(kAtlasShapeOwnersFile, twice, "duplicate shape Test Land, first on line 2") +
                                            "\n" + at(kAtlasShapeOwnersFile, unknown, "unknown nation 'XYZ'"));
}

// --- Nation aliases -----------------------------------------------------------------------

TEST(DatasetReaderTest, ReadsNationAliases) {
  const Result<Dataset> dataset = read_dataset(DirectoryDataFiles(kMiniFolder));
  ASSERT_TRUE(dataset.is_ok()) << dataset.status().to_string();
  ASSERT_EQ(dataset->nation_aliases.size(), 2U);
  EXPECT_EQ(dataset->nation_aliases.front().nation, "DEU");
  EXPECT_EQ(dataset->nation_aliases.front().alias, "FRG");
  EXPECT_EQ(dataset->nation_aliases.front().kind, AliasKind::kAbbreviation);
}

TEST(DatasetReaderTest, RejectsAnAliasOfAnUnknownNation) {
  MiniFiles files;
  const int line = files.append(kNationAliasesFile, "XYZ,Atlantis,former-name,https://example.org,");
  expect_single_problem(files, at(kNationAliasesFile, line, "unknown nation 'XYZ'"));
}

// Aliases are compared as the search compares them: "Frg" and "FRG" are one alias, and
// "Fínland" is Finland's name.
TEST(DatasetReaderTest, RejectsADuplicateAliasIgnoringCaseAndAccents) {
  MiniFiles files;
  const int twice = files.append(kNationAliasesFile, "SWE,Frg,abbreviation,https://example.org,");
  const int name = files.append(kNationAliasesFile, "SWE,Fínland,exonym,https://example.org,");
  const Result<Dataset> dataset = files.read();
  ASSERT_FALSE(dataset.is_ok());
  EXPECT_EQ(
      dataset.status().message(),
      at(kNationAliasesFile, twice, "duplicate alias 'Frg' (compared ignoring case and accents), first on line 2") +
          "\n" +
          at(kNationAliasesFile, name,
             "alias 'Fínland' is the name of nation FIN (compared ignoring case and accents)"));
}

TEST(DatasetReaderTest, RejectsAnAliasThatIsAnotherNationsCode) {
  MiniFiles files;
  const int line = files.append(kNationAliasesFile, "SWE,fi,abbreviation,https://example.org,");
  expect_single_problem(files, at(kNationAliasesFile, line,
                                  "alias 'fi' is an ISO code of nation FIN, which a search for it finds first"));
}

TEST(DatasetReaderTest, RejectsAnAliasKindOutsideTheVocabulary) {
  MiniFiles files;
  const int line = files.append(kNationAliasesFile, "SWE,Svea,nickname,https://example.org,");
  const Result<Dataset> dataset = files.read();
  ASSERT_FALSE(dataset.is_ok());
  EXPECT_TRUE(contains(dataset.status().message(), at(kNationAliasesFile, line, "kind 'nickname'")))
      << dataset.status().message();
}

// --- Publishers ---------------------------------------------------------------------------

TEST(DatasetReaderTest, ReadsPublishers) {
  const Result<Dataset> dataset = read_dataset(DirectoryDataFiles(kMiniFolder));
  ASSERT_TRUE(dataset.is_ok()) << dataset.status().to_string();
  ASSERT_EQ(dataset->publishers.size(), 6U);
  const Publisher& nato = dataset->publishers.front();
  EXPECT_EQ(nato.host, "nato.int");
  EXPECT_EQ(nato.publisher, "NATO");
  EXPECT_EQ(nato.kind, PublisherKind::kPrimary);
  EXPECT_EQ(nato.provenance.source, "https://www.nato.int/");
  EXPECT_EQ(dataset->publishers.back().host, "wikipedia.org");
  EXPECT_EQ(dataset->publishers.back().kind, PublisherKind::kSecondary);
}

TEST(DatasetReaderTest, RejectsADuplicateHost) {
  MiniFiles files;
  const int line =
      files.append(kPublishersFile, "nato.int,North Atlantic Treaty Organization,primary,https://example.org,");
  expect_single_problem(files, at(kPublishersFile, line, "duplicate host nato.int, first on line 2"));
}

TEST(DatasetReaderTest, RejectsAPublisherKindOutsideTheVocabulary) {
  MiniFiles files;
  const int line = files.append(kPublishersFile, "example.org,Example,tertiary,https://example.org,");
  expect_single_problem(files, at(kPublishersFile, line, "kind 'tertiary' is not one of primary, secondary"));
}

TEST(DatasetReaderTest, RejectsAHostWithoutItsPublisher) {
  MiniFiles files;
  const int line = files.append(kPublishersFile, "example.org,,secondary,https://example.org,");
  expect_single_problem(files, at(kPublishersFile, line, "missing publisher"));
}

// A host is matched as the URL's host or a parent domain of it, so it must be a bare
// lower-case domain name: a URL, a "www." host or a single label would match nothing.
TEST(DatasetReaderTest, RejectsAHostThatIsNotABareDomainName) {
  MiniFiles files;
  const int url = files.append(kPublishersFile, "https://example.org,Example,secondary,https://example.org,");
  const int www = files.append(kPublishersFile, "www.example.org,Example,secondary,https://example.org,");
  const int capitals = files.append(kPublishersFile, "Example.org,Example,secondary,https://example.org,");
  const int label = files.append(kPublishersFile, "localhost,Example,secondary,https://example.org,");
  const int hyphen = files.append(kPublishersFile, "-example.org,Example,secondary,https://example.org,");
  const std::string expected = "; give the lower-case domain name alone, e.g. nato.int";
  expect_single_problem(
      files, at(kPublishersFile, url, "host 'https://example.org' is not a domain name" + expected) + "\n" +
                 at(kPublishersFile, www,
                    "host 'www.example.org' starts with www.: give example.org, which matches its www. "
                    "host too") +
                 "\n" + at(kPublishersFile, capitals, "host 'Example.org' is not a domain name" + expected) + "\n" +
                 at(kPublishersFile, label, "host 'localhost' is not a domain name" + expected) + "\n" +
                 at(kPublishersFile, hyphen, "host '-example.org' is not a domain name" + expected));
}

// Every web host the shipped sources cite has a publisher: its own row, or a parent
// domain's (the UI labels a bare URL by it, and marks it when it is secondary).
TEST(DatasetReaderTest, EveryHostTheReferenceDataCitesHasAPublisher) {
  const Result<Dataset> dataset = read_dataset(DirectoryDataFiles("data"));
  ASSERT_TRUE(dataset.is_ok()) << dataset.status().to_string();
  std::map<std::string, const Publisher*, std::less<>> by_host;
  for (const Publisher& publisher : dataset->publishers) by_host.emplace(publisher.host, &publisher);
  const auto publisher_of = [&by_host](std::string_view host) -> const Publisher* {
    for (;;) {
      if (const auto found = by_host.find(host); found != by_host.end()) return found->second;
      const std::size_t dot = host.find('.');
      if (dot == std::string_view::npos) return nullptr;
      host.remove_prefix(dot + 1);
    }
  };
  std::map<std::string, std::string> missing;  // host -> the first file citing it
  std::size_t cited = 0;
  const auto check = [&](std::string_view file, std::string_view source) {
    for (std::size_t at = source.find("http"); at != std::string_view::npos; at = source.find("http", at + 1)) {
      // Captures in a web archive name the page they capture after its address, whose
      // slashes some archives fold into one ("/20130111210202/http:/example.org/").
      std::string_view rest = source.substr(at);
      const std::size_t scheme = rest.starts_with("https:/") ? 7 : rest.starts_with("http:/") ? 6 : 0;
      if (scheme == 0) continue;
      rest.remove_prefix(scheme);
      while (rest.starts_with('/')) rest.remove_prefix(1);
      std::string host(rest.substr(0, rest.find_first_of("/:?#) \n\"")));
      std::transform(host.begin(), host.end(), host.begin(), [](unsigned char c) { return std::tolower(c); });
      ++cited;
      if (publisher_of(host) == nullptr) missing.emplace(host, std::string(file));
    }
  };
  ASSERT_TRUE(for_each_table([&](const auto& table) {
                if (table.file == nullptr) return Status::ok();
                for (const auto& column : table.columns) {
                  if (column.name != "source") continue;
                  for (const auto& record : (*dataset).*table.rows) {
                    check(table.file, std::get<std::string>(column.get(record)));
                  }
                }
                return Status::ok();
              }).is_ok());
  EXPECT_GT(cited, 1000U);
  for (const auto& [host, file] : missing) {
    ADD_FAILURE() << file << " cites " << host << ", which has no row in data/publishers.csv (nor a parent domain): "
                  << "add its publisher and kind there";
  }
}

TEST(DatasetReaderTest, RejectsCoordinatesOutOfRange) {
  MiniFiles files;
  const int line = files.append(kNationsFile, norway_with("un-member", "91.5", "10.7522"));
  expect_single_problem(files, at(kNationsFile, line, "capital_lat 91.5 is outside [-90, 90]"));
}

TEST(DatasetReaderTest, RejectsLongitudeOutOfRangeAndNonNumbers) {
  MiniFiles files;
  const int nation = files.append(kNationsFile, norway_with("un-member", "59.9139", "-180.5"));
  const int organisation = files.append(kOrganisationsFile,
                                        "OSCE,Organization for Security and Co-operation in Europe,1973-06-25,,"
                                        "\"Vienna, Austria\",north,16.3663,Consensus,https://www.osce.org,");
  expect_single_problem(files, at(kNationsFile, nation, "capital_lon -180.5 is outside [-180, 180]") + "\n" +
                                   at(kOrganisationsFile, organisation, "hq_lat 'north' is not a number"));
}

TEST(DatasetReaderTest, RejectsPeriodBeforeOrganisationFounded) {
  MiniFiles files;
  const int line = files.append(kMembershipsFile, "NATO,EGY,1940-01-01,1941-01-01,member,https://example.org,");
  expect_single_problem(files,
                        at(kMembershipsFile, line, "starts 1940-01-01, before organisation NATO began on 1949-08-24"));
}

TEST(DatasetReaderTest, RejectsPeriodAfterNationEnded) {
  MiniFiles files;
  const int closed = files.append(kMembershipsFile, "WEU,SUN,1990-01-01,1992-01-01,observer,https://example.org,");
  const int open = files.append(kPartnershipsFile, "PFP,SUN,1994-01-10,,active,https://example.org,");
  expect_single_problem(
      files, at(kMembershipsFile, closed, "runs to 1992-01-01, past the end of nation SUN on 1991-12-26") + "\n" +
                 at(kPartnershipsFile, open, "runs open-ended, past the end of nation SUN on 1991-12-26"));
}

TEST(DatasetReaderTest, RejectsPeriodOutsideFrameworkOrNationLife) {
  MiniFiles files;
  const int past_framework =
      files.append(kPartnershipsFile, "NACC,CAN,1992-01-01,1998-01-01,active,https://example.org,");
  const int before_framework = files.append(kPartnershipsFile, "PFP,CAN,1993-01-01,,active,https://example.org,");
  const int before_nation = files.append(kPlansFile, "UKR,NATO,MAP,1990-01-01,1991-01-01,https://example.org,");
  expect_single_problem(
      files,
      at(kPartnershipsFile, past_framework, "runs to 1998-01-01, past the end of framework NACC on 1997-05-30") + "\n" +
          at(kPartnershipsFile, before_framework, "starts 1993-01-01, before framework PFP began on 1994-01-10") +
          "\n" + at(kPlansFile, before_nation, "starts 1990-01-01, before nation UKR began on 1991-08-24"));
}

TEST(DatasetReaderTest, RejectsUnknownSuccessorFramework) {
  MiniFiles files;
  files.replace(kFrameworksFile, "1991-12-20,1997-05-30,EAPC,", "1991-12-20,1997-05-30,XYZ,");
  expect_single_problem(
      files, at(kFrameworksFile, files.line_of(kFrameworksFile, "NACC,"), "unknown successor framework 'XYZ'"));
}

// dataset_reader.hpp: "the result is kInvalidData (or kIo)"; a file that cannot be read is
// an I/O failure, not a data problem.
TEST(DatasetReaderTest, MissingFileIsAnIoError) {
  MiniFiles files;
  files.remove(kPlansFile);
  const Result<Dataset> dataset = files.read();
  ASSERT_FALSE(dataset.is_ok());
  EXPECT_EQ(dataset.status().message(), "cannot read partnership_plans.csv");
  EXPECT_EQ(dataset.status().code(), ErrorCode::kIo) << dataset.status().to_string();
}

TEST(DatasetReaderTest, MissingFolderNamesTheNationsFileAndTheFix) {
  // Every other file refers to nations, so without them the reader stops there.
  const Result<Dataset> dataset = read_dataset(DirectoryDataFiles("tests/data/no-such-folder"));
  ASSERT_FALSE(dataset.is_ok());
  EXPECT_EQ(dataset.status().message(),
            "cannot read tests/data/no-such-folder/nations.csv; is --data the folder that holds the CSV files?");
}

TEST(DatasetReaderTest, NationsWithoutTheirColumnsStopTheRead) {
  MiniFiles files;
  files.set(kNationsFile, "iso3,name\nFIN,Finland\n");
  const Result<Dataset> dataset = files.read();
  ASSERT_FALSE(dataset.is_ok());
  const std::string& message = dataset.status().message();
  EXPECT_TRUE(message.starts_with("nations.csv:1: missing column 'iso2'")) << message;
  EXPECT_FALSE(contains(message, "memberships.csv")) << message;
}

// --- Reporting ----------------------------------------------------------------------------

TEST(DatasetReaderTest, ReportsEveryProblemInFileOrder) {
  MiniFiles files;
  const int bad_nation = files.append(kMembershipsFile, "NATO,XYZ,2000-01-01,,member,https://example.org,");
  const int bad_date = files.append(kMembershipsFile, "NATO,EGY,2023-02-29,,member,https://example.org,");
  const int bad_framework = files.append(kPartnershipsFile, "XYZ,FIN,2000-01-01,,active,https://example.org,");
  expect_single_problem(files, at(kMembershipsFile, bad_nation,
                                  "unknown nation 'XYZ'; nations are ISO 3166-1 alpha-3 codes listed in nations.csv") +
                                   "\n" +
                                   at(kMembershipsFile, bad_date, "from: '2023-02-29' is not a real calendar day") +
                                   "\n" + at(kPartnershipsFile, bad_framework, "unknown framework 'XYZ'"));
}

TEST(DatasetReaderTest, StopsListingAfterFiftyProblems) {
  MiniFiles files;
  for (int i = 0; i < 60; ++i) files.append(kMembershipsFile, "NATO,XYZ,2000-01-01,,member,https://example.org,");
  const Result<Dataset> dataset = files.read();
  ASSERT_FALSE(dataset.is_ok());
  const std::string& message = dataset.status().message();
  EXPECT_EQ(std::count(message.begin(), message.end(), '\n'), 50);
  EXPECT_TRUE(message.ends_with("\n... and 10 more problems")) << message;
}

}  // namespace
}  // namespace entente
