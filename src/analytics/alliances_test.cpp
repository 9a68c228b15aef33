#include "analytics/alliances.hpp"

#include <gtest/gtest.h>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "store/atlas_reader.hpp"

namespace entente {
namespace {

using Codes = std::vector<std::string>;

Date day(int year, unsigned month, unsigned day_of_month) { return Date::from_ymd(year, month, day_of_month); }

Nation nation(const char* iso3, const char* name) {
  Nation row;
  row.iso3 = iso3;
  row.name = name;
  return row;
}

Organisation organisation(const char* id, const char* name, Date founded) {
  Organisation row;
  row.id = id;
  row.name = name;
  row.founded = founded;
  return row;
}

Membership membership(const char* organisation_id, const char* iso3, Date from,
                      MembershipStatus status = MembershipStatus::kMember) {
  Membership row;
  row.organisation = organisation_id;
  row.nation = iso3;
  row.period = Interval{from, std::nullopt};
  row.status = status;
  return row;
}

Alliance alliance(const char* id, const char* name, const char* organisation_id) {
  Alliance row;
  row.id = id;
  row.name = name;
  row.treaty = std::string(name) + " Treaty";
  row.signed_on = day(1949, 4, 4);
  row.in_force = day(1949, 8, 24);
  row.organisation = organisation_id;
  return row;
}

AllianceProvision provision(const char* alliance_id, const char* word, int level, const char* applies_to = "") {
  AllianceProvision row;
  row.alliance = alliance_id;
  row.provision = word;
  row.level = level;
  row.applies_to = applies_to;
  row.article = "Article 1";
  row.quote = "made-up words";
  row.provenance.source = "https://example.org/treaty";
  return row;
}

// ORG1 (Alpha, Bravo, Charlie from 2000; Delta an observer) and ORG2 (Bravo, Charlie,
// Delta); the ORG1 treaty takes ORG1's members; the Pact lists Alpha and Delta (until
// 2010) itself.
Dataset alliances_dataset() {
  Dataset dataset;
  dataset.nations.edit() = {nation("AAA", "Alpha"), nation("BBB", "Bravo"), nation("CCC", "Charlie"),
                            nation("DDD", "Delta")};
  dataset.organisations.edit() = {organisation("ORG1", "Org One", day(1949, 8, 24)),
                                  organisation("ORG2", "Org Two", day(1990, 1, 1))};
  dataset.memberships.edit() = {
      membership("ORG1", "AAA", day(1949, 8, 24)),
      membership("ORG1", "BBB", day(1949, 8, 24)),
      membership("ORG1", "CCC", day(2000, 1, 1)),
      membership("ORG1", "DDD", day(1990, 1, 1), MembershipStatus::kObserver),
      membership("ORG2", "BBB", day(1990, 1, 1)),
      membership("ORG2", "CCC", day(1990, 1, 1)),
      membership("ORG2", "DDD", day(1990, 1, 1)),
  };
  dataset.alliances.edit() = {alliance("org1-treaty", "Org One", "ORG1"), alliance("pact", "Pact", "")};
  AllianceMember alpha{"pact", "AAA", Interval{day(1949, 8, 24), std::nullopt}, {}};
  AllianceMember delta{"pact", "DDD", Interval{day(1949, 8, 24), day(2010, 1, 1)}, {}};
  dataset.alliance_members.edit() = {alpha, delta};
  dataset.alliance_provisions.edit() = {
      provision("org1-treaty", "defense", 2), provision("org1-treaty", "consultation", 1),
      provision("pact", "defense", 2, "AAA"), provision("pact", "defense", 1),
      provision("pact", "nonaggression", 0),
  };
  return dataset;
}

class AlliancesTest : public ::testing::Test {
 protected:
  AlliancesTest() : registry_(alliances_dataset()) {}
  Registry registry_;
};

TEST_F(AlliancesTest, ProvisionsSideBySideInVocabularyOrder) {
  Result<AllianceComparison> comparison = compare_alliances(registry_, {"pact", "org1-treaty"}, day(2005, 1, 1));
  ASSERT_TRUE(comparison.is_ok()) << comparison.status().to_string();
  ASSERT_EQ(comparison->alliances.size(), 2U);
  EXPECT_EQ(comparison->alliances[0].alliance->id, "pact");  // in the order asked
  EXPECT_EQ(comparison->alliances[0].member_count, 2);
  EXPECT_EQ(comparison->alliances[1].member_count, 3);  // the observer is not a member
  EXPECT_TRUE(comparison->alliances[1].in_force);

  ASSERT_EQ(comparison->provisions.size(), 12U);
  EXPECT_EQ(comparison->provisions[0].provision, "defense");
  EXPECT_EQ(comparison->provisions[1].provision, "offense");
  EXPECT_EQ(comparison->provisions[11].provision, "economic-aid");

  const ProvisionCell& pact_defense = comparison->provisions[0].cells[0];
  EXPECT_EQ(pact_defense.level, 2);  // the highest coded level
  ASSERT_EQ(pact_defense.entries.size(), 2U);
  EXPECT_EQ(pact_defense.entries[0]->applies_to, "");  // the general row first
  EXPECT_EQ(pact_defense.entries[1]->applies_to, "AAA");
  // Not coded is unknown, not 0; coded 0 is 0.
  EXPECT_FALSE(comparison->provisions[1].cells[0].level);
  EXPECT_EQ(comparison->provisions[3].provision, "nonaggression");
  EXPECT_EQ(comparison->provisions[3].cells[0].level, 0);
  EXPECT_FALSE(comparison->provisions[3].cells[1].level);

  const std::string json = boost::json::serialize(to_json(*comparison));
  EXPECT_NE(json.find(R"("offense","cells":{"pact":{"level":null,"rows":[]})"), std::string::npos) << json;
  const std::string csv = to_csv(*comparison);
  EXPECT_EQ(csv.substr(0, csv.find('\n')), "provision,alliance,level,applies_to,article,quote,source");
  EXPECT_NE(csv.find("defense,pact,2,AAA,Article 1,made-up words,https://example.org/treaty\n"), std::string::npos);
  EXPECT_NE(csv.find("offense,pact,,,,,\n"), std::string::npos);
}

TEST_F(AlliancesTest, EmptyListMeansAllByNameAndUnknownIdsAreNamed) {
  Result<AllianceComparison> all = compare_alliances(registry_, {}, day(2005, 1, 1));
  ASSERT_TRUE(all.is_ok());
  ASSERT_EQ(all->alliances.size(), 2U);
  EXPECT_EQ(all->alliances[0].alliance->id, "org1-treaty");  // "Org One" before "Pact"

  Result<AllianceComparison> unknown = compare_alliances(registry_, {"pact", "nope", "zzz"}, day(2005, 1, 1));
  ASSERT_FALSE(unknown.is_ok());
  EXPECT_EQ(unknown.status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(unknown.status().field(), "ids");
  EXPECT_NE(unknown.status().message().find("nope, zzz"), std::string::npos) << unknown.status().message();
}

TEST_F(AlliancesTest, OverlapsCountEveryPair) {
  Result<MembershipOverlaps> overlaps = membership_overlaps(registry_, {"ORG1", "ORG2", "pact"}, day(2005, 1, 1));
  ASSERT_TRUE(overlaps.is_ok()) << overlaps.status().to_string();
  ASSERT_EQ(overlaps->bodies.size(), 3U);
  EXPECT_EQ(overlaps->bodies[2].kind, BodyKind::kAlliance);
  EXPECT_EQ(overlaps->bodies[0].members, (Codes{"AAA", "BBB", "CCC"}));
  const std::vector<std::vector<int>> expected = {{3, 2, 1}, {2, 3, 1}, {1, 1, 2}};
  EXPECT_EQ(overlaps->counts, expected);
  ASSERT_EQ(overlaps->pairs.size(), 3U);
  EXPECT_EQ(overlaps->pairs[0].first, "ORG1");
  EXPECT_EQ(overlaps->pairs[0].second, "ORG2");
  EXPECT_EQ(overlaps->pairs[0].nations, (Codes{"BBB", "CCC"}));
  EXPECT_EQ(overlaps->pairs[2].nations, (Codes{"DDD"}));  // ORG2 and the Pact

  ASSERT_EQ(overlaps->nations.size(), 4U);
  EXPECT_EQ(overlaps->nations[0].nation->iso3, "AAA");
  EXPECT_EQ(overlaps->nations[0].bodies, (Codes{"ORG1", "pact"}));
  EXPECT_EQ(overlaps->nations[3].bodies, (Codes{"ORG2", "pact"}));

  const std::string csv = to_csv(*overlaps);
  EXPECT_EQ(csv, "first,second,count,nations\nORG1,ORG2,2,BBB;CCC\nORG1,pact,1,AAA\nORG2,pact,1,DDD\n");
}

TEST_F(AlliancesTest, OverlapsFollowTheDay) {
  // Charlie joins ORG1 in 2000; Delta leaves the Pact in 2010.
  Result<MembershipOverlaps> before = membership_overlaps(registry_, {"ORG1", "ORG2"}, day(1995, 1, 1));
  ASSERT_TRUE(before.is_ok());
  EXPECT_EQ(before->counts[0][1], 1);
  Result<MembershipOverlaps> after = membership_overlaps(registry_, {"ORG2", "pact"}, day(2015, 1, 1));
  ASSERT_TRUE(after.is_ok());
  EXPECT_EQ(after->counts[0][1], 0);
  EXPECT_EQ(after->counts[1][1], 1);
  // Empty: organisations existing that day, then alliances in force, by id.
  Result<MembershipOverlaps> all = membership_overlaps(registry_, {}, day(1980, 1, 1));
  ASSERT_TRUE(all.is_ok());
  ASSERT_EQ(all->bodies.size(), 2U);  // ORG2 is not founded yet; the ORG1 treaty is ORG1
  EXPECT_EQ(all->bodies[0].id, "ORG1");
  EXPECT_EQ(all->bodies[1].id, "pact");
}

TEST_F(AlliancesTest, AnAllianceNamedLikeAnOrganisationIsNotCountedTwice) {
  Dataset dataset = alliances_dataset();
  dataset.alliances.edit().push_back(alliance("ORG2", "Org Two defence clause", ""));
  const Registry registry(std::move(dataset));
  Result<MembershipOverlaps> all = membership_overlaps(registry, {}, day(2005, 1, 1));
  ASSERT_TRUE(all.is_ok());
  std::vector<std::string> ids;
  for (const OverlapBody& body : all->bodies) ids.push_back(body.id);
  EXPECT_EQ(ids, (Codes{"ORG1", "ORG2", "pact"}));
  EXPECT_EQ(all->bodies[1].kind, BodyKind::kOrganisation);
}

TEST_F(AlliancesTest, OverlapIdsAreValidated) {
  Result<MembershipOverlaps> unknown = membership_overlaps(registry_, {"ORG1", "XYZ"}, day(2005, 1, 1));
  ASSERT_FALSE(unknown.is_ok());
  EXPECT_EQ(unknown.status().code(), ErrorCode::kNotFound);
  EXPECT_NE(unknown.status().message().find("XYZ"), std::string::npos);
  Result<MembershipOverlaps> twice = membership_overlaps(registry_, {"ORG1", "ORG1"}, day(2005, 1, 1));
  ASSERT_FALSE(twice.is_ok());
  EXPECT_EQ(twice.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(twice.status().field(), "ids");
}

TEST(AlliancesReferenceTest, OverlapsOfTheShippedData) {
  Result<Dataset> dataset = read_reference_dataset();
  ASSERT_TRUE(dataset.is_ok()) << dataset.status().to_string();
  const Registry registry(std::move(*dataset));
  const Date as_of = day(2024, 12, 31);

  Result<AllianceComparison> comparison = compare_alliances(registry, {}, as_of);
  ASSERT_TRUE(comparison.is_ok()) << comparison.status().to_string();
  EXPECT_EQ(comparison->provisions.size(), 12U);
  for (const ProvisionRow& row : comparison->provisions) {
    for (const ProvisionCell& cell : row.cells) {
      if (cell.level) {
        EXPECT_GE(*cell.level, 0);
        EXPECT_LE(*cell.level, 2);
      }
    }
  }

  Result<MembershipOverlaps> overlaps = membership_overlaps(registry, {"NATO", "EU"}, as_of);
  ASSERT_TRUE(overlaps.is_ok()) << overlaps.status().to_string();
  EXPECT_EQ(overlaps->counts[0][0], 32);  // NATO at the end of 2024
  EXPECT_EQ(overlaps->counts[1][1], 27);
  EXPECT_EQ(overlaps->counts[0][1], overlaps->counts[1][0]);
  EXPECT_EQ(overlaps->counts[0][1], 23);  // the EU members that are Allies
  Result<MembershipOverlaps> everything = membership_overlaps(registry, {}, as_of);
  ASSERT_TRUE(everything.is_ok());
  std::set<std::string> ids;
  for (const OverlapBody& body : everything->bodies) EXPECT_TRUE(ids.insert(body.id).second) << body.id;
  EXPECT_FALSE(boost::json::serialize(to_json(*everything)).empty());
}

}  // namespace
}  // namespace entente
