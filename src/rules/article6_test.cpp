// Article 6 against a table of real cases (tests/data/rules/article6_cases.csv) on the
// reference data and its Natural Earth atlas (data/atlas/countries-50m.json); and the grid
// index against Boost.Geometry on random points.

#include "rules/article6.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <random>
#include <sstream>

#include "core/csv.hpp"
#include "rules/reference_data_test.hpp"
#include "store/atlas_reader.hpp"

namespace entente {
namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class Article6Cases : public ReferenceDataTest {
 protected:
};

TEST_F(Article6Cases, EveryCaseIsRuledAsRecorded) {
  const Result<CsvTable> table = parse_csv(read_file("tests/data/rules/article6_cases.csv"), "article6_cases.csv");
  ASSERT_TRUE(table.is_ok()) << table.status().to_string();
  ASSERT_GE(table->records.size(), 15U);
  std::map<std::string, std::size_t> column;
  for (std::size_t i = 0; i < table->header.size(); ++i) column[table->header[i]] = i;
  for (const CsvRecord& record : table->records) {
    const auto field = [&](const char* name) { return record.fields[column.at(name)]; };
    SCOPED_TRACE(field("case") + " (line " + std::to_string(record.line) + ")");
    Incident incident;
    if (!field("lat").empty()) incident.lat = std::stod(field("lat"));
    if (!field("lon").empty()) incident.lon = std::stod(field("lon"));
    incident.territory = field("territory");
    incident.target = *parse_target_kind(field("target"));
    incident.nation = field("nation");
    incident.as_of = *Date::parse(field("as_of"));
    const Result<Article6Verdict> verdict = area_->assess(incident);
    ASSERT_TRUE(verdict.is_ok()) << verdict.status().to_string();
    EXPECT_EQ(to_string(verdict->verdict), field("expected"));
    if (!field("clause").empty()) {
      EXPECT_EQ(verdict->clause, field("clause"));
    }
    EXPECT_GE(verdict->reasoning.size(), 2U);
    if (verdict->verdict == ScopeRuling::kNotCovered) {
      EXPECT_TRUE(verdict->bound.empty());
    } else if (verdict->verdict == ScopeRuling::kCovered) {
      EXPECT_GE(verdict->bound.size(), 12U);
    }
  }
}

TEST_F(Article6Cases, RejectsBadIncidents) {
  Incident out_of_range;
  out_of_range.lat = 91;
  out_of_range.lon = 0;
  EXPECT_EQ(area_->assess(out_of_range).status().code(), ErrorCode::kInvalidArgument);
  Incident nowhere;
  EXPECT_EQ(area_->assess(nowhere).status().code(), ErrorCode::kInvalidArgument);
  Incident unknown;
  unknown.territory = "XX-YY";
  EXPECT_EQ(area_->assess(unknown).status().code(), ErrorCode::kUnknownNation);
  Incident territory_at_sea;
  territory_at_sea.lat = 40;
  territory_at_sea.lon = -40;
  EXPECT_EQ(area_->assess(territory_at_sea).status().code(), ErrorCode::kInvalidArgument);
  Incident vessel_without_flag;
  vessel_without_flag.lat = 40;
  vessel_without_flag.lon = -40;
  vessel_without_flag.target = TargetKind::kVessel;
  EXPECT_EQ(area_->assess(vessel_without_flag).status().code(), ErrorCode::kInvalidArgument);
}

// The rules read who held a place when from data/territorial_units.csv, not from code:
// the same point changes verdict when the data does.

Result<Article6Verdict> assess_point(const TreatyArea& area, double lat, double lon, Date day,
                                     TargetKind target = TargetKind::kTerritory, const std::string& nation = "") {
  Incident incident;
  incident.lat = lat;
  incident.lon = lon;
  incident.as_of = day;
  incident.target = target;
  incident.nation = nation;
  return area.assess(incident);
}

TEST(Article6DataTest, AMadeUpUnitWithAPeriodTakesOverTheLandItIsDrawnOn) {
  Result<Dataset> dataset = read_reference_dataset();
  ASSERT_TRUE(dataset.is_ok()) << dataset.status().to_string();
  // Lyon under a non-party from 2000 to 2030, drawn as a box on France's land.
  TerritorialUnit lyon;
  lyon.code = "XTS";
  lyon.name = "Test territory around Lyon";
  lyon.sovereign = "CHE";
  lyon.lat = 45.76;
  lyon.lon = 4.84;
  lyon.ruling = ScopeRuling::kNotCovered;
  lyon.clause = "not-a-party";
  lyon.reasoning = "A made-up unit.";
  lyon.from = Date::from_ymd(2000, 1, 1);
  lyon.to = Date::from_ymd(2030, 1, 1);
  lyon.now_part_of = "FRA";
  lyon.polygon = {{4.6, 45.6}, {5.1, 45.6}, {5.1, 45.9}, {4.6, 45.9}, {4.6, 45.6}};
  dataset->territorial_units.push_back(lyon);
  const Registry registry(std::move(*dataset));
  const TreatyArea area(registry);

  const Result<Article6Verdict> during = assess_point(area, 45.76, 4.84, Date::from_ymd(2020, 1, 1));
  ASSERT_TRUE(during.is_ok()) << during.status().to_string();
  EXPECT_EQ(during->verdict, ScopeRuling::kNotCovered);
  EXPECT_EQ(during->clause, "not-a-party");
  ASSERT_NE(during->facts.unit, nullptr);
  EXPECT_EQ(during->facts.unit->code, "XTS");
  for (const Date day : {Date::from_ymd(1999, 12, 31), Date::from_ymd(2030, 1, 1)}) {
    const Result<Article6Verdict> outside = assess_point(area, 45.76, 4.84, day);
    ASSERT_TRUE(outside.is_ok()) << outside.status().to_string();
    EXPECT_EQ(outside->verdict, ScopeRuling::kCovered) << day.to_string();
    EXPECT_EQ(outside->clause, "6(1)-europe-north-america");
  }
  // Outside the polygon, France's land is France's.
  const Result<Article6Verdict> paris = assess_point(area, 48.8566, 2.3522, Date::from_ymd(2020, 1, 1));
  ASSERT_TRUE(paris.is_ok());
  EXPECT_EQ(paris->verdict, ScopeRuling::kCovered);
}

TEST(Article6DataTest, TheAlgerianDepartmentsEndWhenTheDataSaysTheyDo) {
  const Date day = Date::from_ymd(1960, 1, 1);
  {
    Result<Dataset> dataset = read_reference_dataset();
    ASSERT_TRUE(dataset.is_ok());
    const Registry registry(std::move(*dataset));
    const TreatyArea area(registry);
    const Result<Article6Verdict> verdict = assess_point(area, 36.0, 3.0, day);
    ASSERT_TRUE(verdict.is_ok());
    EXPECT_EQ(verdict->verdict, ScopeRuling::kCovered);
    EXPECT_EQ(verdict->clause, "6(1)-algeria");
  }
  Result<Dataset> dataset = read_reference_dataset();
  ASSERT_TRUE(dataset.is_ok());
  for (TerritorialUnit& unit : dataset->territorial_units) {
    if (unit.code == "XDZ") unit.to = Date::from_ymd(1955, 1, 1);
  }
  const Registry registry(std::move(*dataset));
  const TreatyArea area(registry);
  const Result<Article6Verdict> verdict = assess_point(area, 36.0, 3.0, day);
  ASSERT_TRUE(verdict.is_ok());
  EXPECT_EQ(verdict->verdict, ScopeRuling::kNotCovered);
  EXPECT_EQ(verdict->clause, "not-a-party");
}

TEST_F(Article6Cases, GermanyBeforeUnityFollowsTheUnitsOfTheData) {
  const Date cold_war = Date::from_ymd(1980, 6, 1);
  const Result<Article6Verdict> leipzig = assess_point(*area_, 51.3397, 12.3731, cold_war);
  ASSERT_TRUE(leipzig.is_ok());
  ASSERT_NE(leipzig->facts.unit, nullptr);
  EXPECT_EQ(leipzig->facts.unit->code, "DDDE");
  EXPECT_EQ(leipzig->facts.sovereign->iso3, "DDR");
  // West Berlin: the smaller Berlin unit wins over the GDR around it.
  const Result<Article6Verdict> berlin = assess_point(*area_, 52.50, 13.30, cold_war);
  ASSERT_TRUE(berlin.is_ok());
  EXPECT_EQ(berlin->facts.unit->code, "XBE");
  EXPECT_EQ(berlin->verdict, ScopeRuling::kContested);
  // US forces in the western zones before the Federal Republic joined, and in Leipzig.
  const Result<Article6Verdict> frankfurt =
      assess_point(*area_, 50.1109, 8.6821, Date::from_ymd(1952, 6, 1), TargetKind::kForces, "USA");
  ASSERT_TRUE(frankfurt.is_ok());
  EXPECT_EQ(frankfurt->clause, "6(2)-occupation-areas");
  EXPECT_EQ(frankfurt->verdict, ScopeRuling::kCovered);
  const Result<Article6Verdict> forces_leipzig =
      assess_point(*area_, 51.3397, 12.3731, Date::from_ymd(1952, 6, 1), TargetKind::kForces, "USA");
  ASSERT_TRUE(forces_leipzig.is_ok());
  EXPECT_EQ(forces_leipzig->verdict, ScopeRuling::kNotCovered);
  // After unity every unit's period is over: Leipzig is German territory like Munich.
  const Result<Article6Verdict> leipzig_today = assess_point(*area_, 51.3397, 12.3731, Date::from_ymd(2000, 1, 1));
  ASSERT_TRUE(leipzig_today.is_ok());
  EXPECT_EQ(leipzig_today->verdict, ScopeRuling::kCovered);
  EXPECT_EQ(leipzig_today->facts.unit, nullptr);
  // The treaty area lists a unit with a period as not covered outside it.
  for (const TerritorialUnit& unit : registry_->dataset().territorial_units) {
    if (unit.code == "XDZ") {
      EXPECT_EQ(area_->unit_ruling_on(unit, Date::from_ymd(1960, 1, 1)), ScopeRuling::kCovered);
      EXPECT_EQ(area_->unit_ruling_on(unit, Date::from_ymd(1962, 7, 3)), ScopeRuling::kNotCovered);
    }
  }
}

TEST(PolygonIndexTest, GridAgreesWithBoostGeometryOnRandomPoints) {
  const std::string atlas = read_file(kDefaultAtlas);
  ASSERT_FALSE(atlas.empty()) << kDefaultAtlas << " is missing: run from the repository root";
  Result<std::vector<CountryShape>> shapes = read_topojson(atlas, kDefaultAtlas);
  ASSERT_TRUE(shapes.is_ok());
  std::vector<PolygonRings> polygons;
  std::vector<int> owners;
  for (std::size_t s = 0; s < shapes->size(); ++s) {
    for (const PolygonRings& polygon : (*shapes)[s].polygons) {
      polygons.push_back(polygon);
      owners.push_back(static_cast<int>(s));
    }
  }
  const PolygonIndex index(polygons, owners, 1.0);
  std::mt19937_64 random(20261122);
  std::uniform_real_distribution<double> lon(-180.0, 180.0);
  // Antarctica's ring runs along the pole, where Boost.Geometry's planar `within` (the
  // reference here) misjudges interior points; no Party has territory there.
  std::uniform_real_distribution<double> lat(-60.0, 84.0);
  int land = 0;
  for (int i = 0; i < 200000; ++i) {
    const double x = lon(random);
    const double y = lat(random);
    const int exact = index.locate_exact(x, y);
    ASSERT_EQ(index.locate(x, y), exact) << "at " << y << ", " << x;
    land += exact >= 0 ? 1 : 0;
  }
  // About 29% of the Earth's surface is land.
  EXPECT_GT(land, 40000);
  EXPECT_LT(land, 120000);
}

TEST(PolygonIndexTest, LocatesPointsInASquareWithAHole) {
  const PolygonRings square{{{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}}, {{4, 4}, {6, 4}, {6, 6}, {4, 6}, {4, 4}}};
  const PolygonIndex index({square}, {7}, 1.0);
  EXPECT_EQ(index.locate(1.3, 1.7), 7);
  EXPECT_EQ(index.locate(5.2, 5.1), -1);  // in the hole
  EXPECT_EQ(index.locate(11.5, 5), -1);
  EXPECT_EQ(index.locate_exact(1.3, 1.7), 7);
  EXPECT_EQ(index.locate_exact(5.2, 5.1), -1);
}

}  // namespace
}  // namespace entente
