// The dyad-year panel on a small hand-built dataset whose every row below can be checked by
// hand, and on the reference data (data/).

#include "analytics/panel.hpp"

#include <gtest/gtest.h>
#include <zlib.h>

#include <array>
#include <boost/json/serialize.hpp>
#include <chrono>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "core/gzip_stream.hpp"
#include "store/atlas_reader.hpp"

namespace entente {
namespace {

Date day(int year, unsigned month, unsigned day_of_month) { return Date::from_ymd(year, month, day_of_month); }

Nation nation(const std::string& code, std::optional<Date> from = std::nullopt, std::optional<Date> to = std::nullopt) {
  Nation row;
  row.iso3 = code;
  row.iso2 = code.substr(0, 2);
  row.name = "Nation " + code;
  row.from = from;
  row.to = to;
  return row;
}

Organisation organisation(const std::string& id, Date founded, std::optional<Date> dissolved = std::nullopt) {
  Organisation row;
  row.id = id;
  row.name = "Organisation " + id;
  row.founded = founded;
  row.dissolved = dissolved;
  return row;
}

Membership membership(std::string organisation_id, std::string code, Date from, std::optional<Date> to = std::nullopt,
                      MembershipStatus status = MembershipStatus::kMember) {
  Membership row;
  row.organisation = std::move(organisation_id);
  row.nation = std::move(code);
  row.period = Interval{from, to};
  row.status = status;
  return row;
}

AllianceProvision provision(std::string alliance, std::string word, int level, std::string applies_to = "") {
  AllianceProvision row;
  row.alliance = std::move(alliance);
  row.provision = std::move(word);
  row.level = level;
  row.applies_to = std::move(applies_to);
  return row;
}

DatasetCoverage coverage(std::string dataset, Date from) {
  DatasetCoverage row;
  row.dataset = std::move(dataset);
  row.period = Interval{from, std::nullopt};
  return row;
}

// Nations:   AAA, BBB, CCC always; SUN until 1991-12-26; NEW from 1992; MID from 1995-07-01.
// ORG1 (1949): AAA, BBB, CCC (CCC suspended 1980-1985); NEW a PFP partner from 1994.
// ORG2 (1950, dissolved 1992-01-01, so alive through 1991): AAA, BBB, SUN.
// ORG3 (1950, dissolved 1991-07-01): AAA, BBB.
// ALL1 (ORG1's members): defense 2 for all, consultation 1 binding AAA only.
// ALL2 (members BBB, CCC from 1960): offense 1.
// EX1 (2000): AAA and BBB take part, CCC observes; exercises covered from 1995.
// OP1 (1999): AAA and BBB.
Dataset small_dataset() {
  Dataset dataset;
  for (const char* code : {"AAA", "BBB", "CCC"}) dataset.nations.push_back(nation(code));
  dataset.nations.push_back(nation("SUN", std::nullopt, day(1991, 12, 26)));
  dataset.nations.push_back(nation("NEW", day(1992, 1, 1)));
  dataset.nations.push_back(nation("MID", day(1995, 7, 1)));

  dataset.organisations.push_back(organisation("ORG1", day(1949, 4, 4)));
  dataset.organisations.push_back(organisation("ORG2", day(1950, 1, 1), day(1992, 1, 1)));
  dataset.organisations.push_back(organisation("ORG3", day(1950, 1, 1), day(1991, 7, 1)));
  auto& memberships = dataset.memberships.edit();
  memberships.push_back(membership("ORG1", "AAA", day(1949, 8, 24)));
  memberships.push_back(membership("ORG1", "BBB", day(1949, 8, 24)));
  memberships.push_back(membership("ORG1", "CCC", day(1949, 8, 24), day(1980, 1, 1)));
  memberships.push_back(membership("ORG1", "CCC", day(1980, 1, 1), day(1985, 6, 1), MembershipStatus::kSuspended));
  memberships.push_back(membership("ORG1", "CCC", day(1985, 6, 1)));
  for (const char* code : {"AAA", "BBB", "SUN"})
    memberships.push_back(membership("ORG2", code, day(1950, 1, 1), day(1992, 1, 1)));
  for (const char* code : {"AAA", "BBB"})
    memberships.push_back(membership("ORG3", code, day(1950, 1, 1), day(1991, 7, 1)));

  Framework pfp;
  pfp.id = "PFP";
  pfp.name = "Partnership";
  pfp.organisation = "ORG1";
  pfp.launched = day(1994, 1, 10);
  dataset.frameworks.push_back(pfp);
  Partnership partnership;
  partnership.framework = "PFP";
  partnership.nation = "NEW";
  partnership.period = Interval{day(1994, 2, 1), std::nullopt};
  dataset.partnerships.push_back(partnership);

  Alliance all1;
  all1.id = "ALL1";
  all1.in_force = day(1949, 8, 24);
  all1.organisation = "ORG1";
  dataset.alliances.push_back(all1);
  Alliance all2;
  all2.id = "ALL2";
  all2.in_force = day(1960, 1, 1);
  dataset.alliances.push_back(all2);
  for (const char* code : {"BBB", "CCC"}) {
    AllianceMember member;
    member.alliance = "ALL2";
    member.nation = code;
    member.period = Interval{day(1960, 1, 1), std::nullopt};
    dataset.alliance_members.push_back(member);
  }
  dataset.alliance_provisions.push_back(provision("ALL1", "defense", 2));
  dataset.alliance_provisions.push_back(provision("ALL1", "consultation", 1, "AAA"));
  dataset.alliance_provisions.push_back(provision("ALL1", "military-aid", 1));
  dataset.alliance_provisions.push_back(provision("ALL2", "offense", 1));

  Exercise exercise;
  exercise.id = "EX1";
  exercise.start = day(2000, 5, 1);
  exercise.end = day(2000, 5, 10);
  dataset.exercises.push_back(exercise);
  for (const auto& [code, role] : std::array<std::pair<const char*, const char*>, 3>{
           {{"AAA", "participant"}, {"BBB", "participant"}, {"CCC", "observer"}}}) {
    ExerciseParticipant participant;
    participant.exercise = "EX1";
    participant.nation = code;
    participant.role = role;
    dataset.exercise_participants.push_back(participant);
  }
  Operation operation;
  operation.id = "OP1";
  operation.period = Interval{day(1999, 3, 24), day(1999, 6, 10)};
  dataset.operations.push_back(operation);
  for (const char* code : {"AAA", "BBB"}) {
    OperationParticipant participant;
    participant.operation = "OP1";
    participant.nation = code;
    participant.role = "member-contributor";
    dataset.participants.push_back(participant);
  }

  for (const char* word : {"memberships", "partnerships", "alliance-provisions", "operations"}) {
    dataset.coverage.push_back(coverage(word, day(1945, 1, 1)));
  }
  dataset.coverage.push_back(coverage("exercises", day(1995, 1, 1)));
  return dataset;
}

// The panel's rows keyed "year,a,b", each the list of its other cells.
using Rows = std::map<std::string, std::vector<std::string>>;

Rows parse_rows(const std::string& csv) {
  Rows rows;
  std::istringstream lines(csv);
  std::string line;
  std::getline(lines, line);
  EXPECT_EQ(line, kPanelCsvHeader);
  while (std::getline(lines, line)) {
    std::vector<std::string> cells;
    std::string cell;
    std::istringstream fields(line);
    while (std::getline(fields, cell, ',')) cells.push_back(cell);
    if (!line.empty() && line.back() == ',') cells.emplace_back();
    EXPECT_EQ(cells.size(), 13U) << line;
    const std::string key = cells[0] + "," + cells[1] + "," + cells[2];
    EXPECT_EQ(rows.count(key), 0U) << "duplicate row " << key;
    rows[key] = std::vector<std::string>(cells.begin() + 3, cells.end());
  }
  return rows;
}

// Column positions within a row's cells (after year, a, b).
constexpr std::size_t kSharedMemberships = 0;
constexpr std::size_t kSharedOrganisations = 1;
constexpr std::size_t kPartnerOf = 2;
constexpr std::size_t kDefense = 3;
constexpr std::size_t kOffense = 4;
constexpr std::size_t kConsultation = 7;
constexpr std::size_t kExercises = 8;
constexpr std::size_t kOperations = 9;

class PanelTest : public ::testing::Test {
 protected:
  PanelTest() : registry_(small_dataset()) {}

  Rows rows(int from, int to, std::vector<std::string> nations = {}) const {
    const Result<DyadYearPanel> panel =
        DyadYearPanel::prepare(registry_, PanelOptions{from, to, std::move(nations)}, 2025);
    EXPECT_TRUE(panel.is_ok()) << panel.status().to_string();
    if (!panel) return {};
    const std::string csv = panel->to_csv();
    Rows parsed = parse_rows(csv);
    EXPECT_EQ(static_cast<std::int64_t>(parsed.size()), panel->row_count());
    return parsed;
  }

  std::string cell(const Rows& rows, const std::string& key, std::size_t column) const {
    const auto found = rows.find(key);
    EXPECT_NE(found, rows.end()) << key;
    return found == rows.end() ? "<absent>" : found->second[column];
  }

  static bool involves(const std::string& key, const std::string& code) {
    return key.find("," + code + ",") != std::string::npos || key.ends_with("," + code);
  }

  Registry registry_;
};

TEST_F(PanelTest, AStateBornMidRangeHasRowsFromItsBirthYear) {
  const Rows all = rows(1990, 1996);
  for (const auto& [key, cells] : all) {
    if (involves(key, "MID")) {
      EXPECT_GE(std::stoi(key.substr(0, 4)), 1995) << key;
    }
  }
  EXPECT_EQ(all.count("1995,MID,AAA"), 1U);
  EXPECT_EQ(all.count("1995,AAA,MID"), 1U);
  EXPECT_EQ(all.count("1994,AAA,MID"), 0U);
  // 1995: AAA BBB CCC NEW MID exist: 5 * 4 ordered pairs.
  int rows_1995 = 0;
  for (const auto& [key, cells] : all) rows_1995 += key.starts_with("1995,") ? 1 : 0;
  EXPECT_EQ(rows_1995, 20);
}

TEST_F(PanelTest, NoFalseDyadsBetweenAStateThatEndedAndOneBornLater) {
  const Rows all = rows(1945, 2025);
  for (const auto& [key, cells] : all) {
    EXPECT_FALSE(involves(key, "SUN") && involves(key, "NEW")) << key;
    if (involves(key, "SUN")) {
      EXPECT_LE(std::stoi(key.substr(0, 4)), 1991) << key;
    }
    if (involves(key, "NEW")) {
      EXPECT_GE(std::stoi(key.substr(0, 4)), 1992) << key;
    }
  }
  // SUN's last year is valued as of its last day (25 December 1991), when ORG2 still lived.
  EXPECT_EQ(cell(all, "1991,AAA,SUN", kSharedOrganisations), "ORG2");
}

TEST_F(PanelTest, ADissolvedOrganisationStopsBeingShared) {
  const Rows all = rows(1989, 1993);
  EXPECT_EQ(cell(all, "1990,AAA,BBB", kSharedOrganisations), "ORG1;ORG2;ORG3");
  EXPECT_EQ(cell(all, "1990,AAA,BBB", kSharedMemberships), "3");
  // ORG3 ended on 1 July 1991: not on 31 December. ORG2 lived through 1991 and is gone in 1992.
  EXPECT_EQ(cell(all, "1991,AAA,BBB", kSharedOrganisations), "ORG1;ORG2");
  EXPECT_EQ(cell(all, "1992,AAA,BBB", kSharedOrganisations), "ORG1");
  EXPECT_EQ(cell(all, "1992,AAA,BBB", kSharedMemberships), "1");
}

TEST_F(PanelTest, ASuspendedMemberIsNotAMember) {
  const Rows all = rows(1979, 1986);
  EXPECT_EQ(cell(all, "1979,AAA,CCC", kSharedOrganisations), "ORG1");
  EXPECT_EQ(cell(all, "1979,AAA,CCC", kDefense), "2");
  EXPECT_EQ(cell(all, "1982,AAA,CCC", kSharedMemberships), "0");
  EXPECT_EQ(cell(all, "1982,AAA,CCC", kSharedOrganisations), "");
  EXPECT_EQ(cell(all, "1982,AAA,CCC", kDefense), "0");  // not a member of ALL1 either
  EXPECT_EQ(cell(all, "1985,AAA,CCC", kSharedMemberships), "1");
  EXPECT_EQ(cell(all, "1985,AAA,CCC", kDefense), "2");
}

TEST_F(PanelTest, MissingIsEmptyNeverZero) {
  const Rows all = rows(1990, 2000);
  EXPECT_EQ(cell(all, "1990,AAA,BBB", kExercises), "");  // exercises are covered from 1995
  EXPECT_EQ(cell(all, "1995,AAA,BBB", kExercises), "0");
  EXPECT_EQ(cell(all, "2000,AAA,BBB", kExercises), "1");
  EXPECT_EQ(cell(all, "2000,AAA,CCC", kExercises), "0");  // CCC only observed
  EXPECT_EQ(cell(all, "1999,AAA,BBB", kOperations), "1");
  EXPECT_EQ(cell(all, "2000,AAA,BBB", kOperations), "0");

  Dataset uncovered = small_dataset();
  uncovered.coverage.clear();
  const Registry bare(std::move(uncovered));
  const Result<DyadYearPanel> panel = DyadYearPanel::prepare(bare, PanelOptions{2000, 2000, {"AAA", "BBB"}}, 2025);
  ASSERT_TRUE(panel.is_ok());
  EXPECT_EQ(panel->to_csv(), std::string(kPanelCsvHeader) + "\n2000,AAA,BBB,,,,,,,,,,\n2000,BBB,AAA,,,,,,,,,,\n");
}

TEST_F(PanelTest, DirectionIsKept) {
  const Rows all = rows(1995, 1995);
  EXPECT_EQ(cell(all, "1995,NEW,AAA", kPartnerOf), "ORG1");
  EXPECT_EQ(cell(all, "1995,AAA,NEW", kPartnerOf), "");
  EXPECT_EQ(cell(all, "1995,NEW,AAA", kSharedMemberships), "0");
  // Consultation binds AAA alone; defense binds every member.
  EXPECT_EQ(cell(all, "1995,AAA,BBB", kConsultation), "1");
  EXPECT_EQ(cell(all, "1995,BBB,AAA", kConsultation), "0");
  EXPECT_EQ(cell(all, "1995,BBB,AAA", kDefense), "2");
  // ALL2 has no organisation: its members come from alliance_members.
  EXPECT_EQ(cell(all, "1995,BBB,CCC", kOffense), "1");
  EXPECT_EQ(cell(all, "1995,AAA,CCC", kOffense), "0");
}

TEST_F(PanelTest, ChunksAreWholeRowsAndTheSinkCanStop) {
  const Result<DyadYearPanel> panel = DyadYearPanel::prepare(registry_, PanelOptions{1945, 2100, {}}, 2025);
  ASSERT_TRUE(panel.is_ok());
  std::vector<std::string> chunks;
  ASSERT_TRUE(panel
                  ->write_csv([&](std::string_view chunk) {
                    chunks.emplace_back(chunk);
                    return true;
                  })
                  .is_ok());
  ASSERT_GE(chunks.size(), 2U);
  std::string whole;
  for (const std::string& chunk : chunks) {
    EXPECT_LE(chunk.size(), kPanelChunkBytes + 256);
    EXPECT_EQ(chunk.back(), '\n');
    whole += chunk;
  }
  EXPECT_EQ(whole, panel->to_csv());

  int calls = 0;
  const Status stopped = panel->write_csv([&](std::string_view) { return ++calls < 2; });
  EXPECT_EQ(stopped.code(), ErrorCode::kCancelled);
  EXPECT_EQ(calls, 2);
}

std::string gunzip(const std::string& compressed) {
  z_stream zs{};
  EXPECT_EQ(inflateInit2(&zs, 15 + 16), Z_OK);
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));  // NOLINT
  zs.avail_in = static_cast<uInt>(compressed.size());
  std::string out;
  std::array<char, 16384> block{};
  int status = Z_OK;
  while (status == Z_OK) {
    zs.next_out = reinterpret_cast<Bytef*>(block.data());  // NOLINT
    zs.avail_out = static_cast<uInt>(block.size());
    status = inflate(&zs, Z_NO_FLUSH);
    out.append(block.data(), block.size() - zs.avail_out);
    // A gzip file may hold several members one after another: inflate each in turn.
    if (status == Z_STREAM_END && zs.avail_in > 0 && inflateReset(&zs) == Z_OK) status = Z_OK;
  }
  EXPECT_EQ(status, Z_STREAM_END);
  EXPECT_EQ(zs.avail_in, 0U);
  inflateEnd(&zs);
  return out;
}

TEST_F(PanelTest, GzipDecompressesToTheSameBytes) {
  const Result<DyadYearPanel> panel = DyadYearPanel::prepare(registry_, PanelOptions{1945, 2100, {}}, 2025);
  ASSERT_TRUE(panel.is_ok());
  std::string compressed;
  ASSERT_TRUE(panel
                  ->write_csv(
                      [&](std::string_view chunk) {
                        compressed += chunk;
                        return true;
                      },
                      PanelEncoding::kGzip)
                  .is_ok());
  const std::string csv = panel->to_csv();
  EXPECT_LT(compressed.size(), csv.size() / 4);
  EXPECT_EQ(gunzip(compressed), csv);

  GzipStream stream(1);
  ASSERT_TRUE(stream.ok());
  std::string pieces;
  for (std::size_t at = 0; at < csv.size(); at += 1000) stream.feed(std::string_view(csv).substr(at, 1000), pieces);
  stream.finish(pieces);
  EXPECT_EQ(gunzip(pieces), csv);
  EXPECT_TRUE(stream.finish().empty());
  EXPECT_EQ(gunzip(GzipStream().finish()), "");
}

// gzip_in_parallel itself is tested in src/core/gzip_stream_test.cpp.

TEST_F(PanelTest, OptionsAreValidated) {
  const auto field_of = [&](const PanelOptions& options) {
    const Result<DyadYearPanel> panel = DyadYearPanel::prepare(registry_, options, 2025);
    EXPECT_FALSE(panel.is_ok());
    // An unknown nation is unknown-nation, as on every route; the rest invalid-argument.
    EXPECT_TRUE(panel.status().code() == ErrorCode::kInvalidArgument ||
                panel.status().code() == ErrorCode::kUnknownNation);
    return panel.status().field() + " | " + panel.status().message();
  };
  EXPECT_EQ(field_of({2000, 1990, {}}),
            "from | from: year 2000 is after to (1990); give a first year not after the last");
  EXPECT_EQ(field_of({1944, 1990, {}}), "from | from: year 1944 is before 1945; the panel covers 1945 to 2100");
  EXPECT_EQ(field_of({1990, 2101, {}}), "to | to: year 2101 is after 2100; the panel covers 1945 to 2100");
  EXPECT_EQ(field_of({1990, 1991, {"AAA", "XYZ"}}),
            "nations | nations: no nation with code 'XYZ'; use ISO 3166-1 alpha-3 codes such as FRA");
  EXPECT_EQ(field_of({1990, 1991, std::vector<std::string>(401, "AAA")}),
            "nations | nations: at most 400 nations may be asked, not 401");
  // The default range ends this year.
  const Result<DyadYearPanel> defaults = DyadYearPanel::prepare(registry_, PanelOptions{}, 2030);
  ASSERT_TRUE(defaults.is_ok());
  EXPECT_EQ(defaults->from(), 1949);
  EXPECT_EQ(defaults->to(), 2030);
}

TEST_F(PanelTest, JsonDescribesColumnsAndMissingYears) {
  const Result<DyadYearPanel> panel = DyadYearPanel::prepare(registry_, PanelOptions{1993, 1996, {"AAA", "BBB"}}, 2025);
  ASSERT_TRUE(panel.is_ok());
  const boost::json::value json = to_json(*panel);
  EXPECT_EQ(json.at("rows").as_int64(), 8);
  const boost::json::array& columns = json.at("columns").as_array();
  ASSERT_EQ(columns.size(), 10U);
  EXPECT_EQ(columns[8].at("name").as_string(), "shared_exercises");
  EXPECT_EQ(boost::json::serialize(columns[8].at("missing_years")), "[1993,1994]");
  EXPECT_EQ(boost::json::serialize(columns[0].at("missing_years")), "[]");
}

// Over the reference data: a row for every ordered pair of nations sharing a day of a year.
TEST(PanelReferenceData, RowsAreTheDyadsThatExist) {
  Result<Dataset> dataset = read_reference_dataset();
  ASSERT_TRUE(dataset.is_ok()) << dataset.status().to_string();
  const Registry registry(std::move(*dataset));
  const auto started = std::chrono::steady_clock::now();
  const Result<DyadYearPanel> panel = DyadYearPanel::prepare(registry, PanelOptions{1949, 2025, {}}, 2025);
  ASSERT_TRUE(panel.is_ok()) << panel.status().to_string();
  std::int64_t expected = 0;
  for (int year = 1949; year <= 2025; ++year) {
    for (const Nation& a : registry.dataset().nations) {
      for (const Nation& b : registry.dataset().nations) {
        if (a.iso3 == b.iso3) continue;
        // Periods are intervals: if the two share a day of the year, they share the
        // first day of the year on which both have begun.
        Date first = day(year, 1, 1);
        if (a.from) first = std::max(first, *a.from);
        if (b.from) first = std::max(first, *b.from);
        if (first.year() == year && a.exists_on(first) && b.exists_on(first)) ++expected;
      }
    }
  }
  EXPECT_EQ(panel->row_count(), expected);
  std::int64_t lines = 0;
  std::size_t bytes = 0;
  ASSERT_TRUE(panel
                  ->write_csv([&](std::string_view chunk) {
                    lines += std::count(chunk.begin(), chunk.end(), '\n');
                    bytes += chunk.size();
                    return true;
                  })
                  .is_ok());
  EXPECT_EQ(lines, expected + 1);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::cout << "panel 1949..2025: " << expected << " rows, " << bytes << " bytes in " << seconds << " s\n";
}

}  // namespace
}  // namespace entente
