// Article 6 against a table of real cases (tests/data/rules/article6_cases.csv) on the
// reference data and its Natural Earth atlas (data/atlas/countries-50m.json); and the grid
// index against Boost.Geometry on random points.

#include "rules/article6.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <numbers>
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
  for (TerritorialUnit& unit : dataset->territorial_units.edit()) {
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

// Where Article 6(1) reaches comes from data/article6_regions.csv, and who holds the land
// the atlas draws apart from data/atlas_shape_owners.csv: the same point changes verdict
// when those rows do.

template <typename Row, typename Match>
void erase_rows(std::vector<Row>& rows, Match match) {
  rows.erase(std::remove_if(rows.begin(), rows.end(), match), rows.end());
}

Article6Region& region_of(Dataset& dataset, const std::string& id) {
  std::vector<Article6Region>& regions = dataset.article6_regions.edit();
  const auto region = std::find_if(regions.begin(), regions.end(), [&](const Article6Region& r) { return r.id == id; });
  EXPECT_NE(region, regions.end()) << id;
  return *region;
}

TEST(Article6DataTest, TheEuropePolygonDecidesWhichLandOfAPartyIsInEurope) {
  const Date day = Date::from_ymd(2020, 1, 1);
  Result<Dataset> dataset = read_reference_dataset();
  ASSERT_TRUE(dataset.is_ok());
  // Europe redrawn east of the Greenwich meridian: Madrid falls out of it, Paris stays.
  region_of(*dataset, "europe").polygon = {{0, 34}, {40, 34}, {40, 72}, {0, 72}, {0, 34}};
  const Registry registry(std::move(*dataset));
  const TreatyArea area(registry);
  const Result<Article6Verdict> madrid = assess_point(area, 40.4168, -3.7038, day);
  ASSERT_TRUE(madrid.is_ok());
  EXPECT_EQ(madrid->verdict, ScopeRuling::kContested);
  EXPECT_EQ(madrid->clause, "no-ruling");
  EXPECT_FALSE(madrid->facts.in_europe_or_north_america);
  const Result<Article6Verdict> paris = assess_point(area, 48.8566, 2.3522, day);
  ASSERT_TRUE(paris.is_ok());
  EXPECT_EQ(paris->verdict, ScopeRuling::kCovered);
  EXPECT_EQ(paris->reasoning[2].finding, "territory of France in Europe");
}

TEST(Article6DataTest, AContinentRulesOnlyInItsPeriod) {
  Result<Dataset> dataset = read_reference_dataset();
  ASSERT_TRUE(dataset.is_ok());
  region_of(*dataset, "north-america").to = Date::from_ymd(2000, 1, 1);
  const Registry registry(std::move(*dataset));
  const TreatyArea area(registry);
  const Result<Article6Verdict> before = assess_point(area, 45.4215, -75.6972, Date::from_ymd(1999, 12, 31));
  ASSERT_TRUE(before.is_ok());
  EXPECT_EQ(before->verdict, ScopeRuling::kCovered);
  EXPECT_EQ(before->reasoning[2].finding, "territory of Canada in North America");
  const Result<Article6Verdict> after = assess_point(area, 45.4215, -75.6972, Date::from_ymd(2000, 1, 1));
  ASSERT_TRUE(after.is_ok());
  EXPECT_EQ(after->verdict, ScopeRuling::kContested);
  EXPECT_EQ(after->clause, "no-ruling");
}

TEST(Article6DataTest, TheNorthAmericaPolygonCrossesTheAntimeridianToAttu) {
  Result<Dataset> dataset = read_reference_dataset();
  ASSERT_TRUE(dataset.is_ok());
  // Without the units whose circles hold the Aleutians, the continent alone rules on Attu.
  erase_rows(dataset->territorial_units.edit(),
             [](const TerritorialUnit& unit) { return unit.code == "XAL" || unit.code == "US-AK"; });
  const Registry registry(std::move(*dataset));
  const TreatyArea area(registry);
  const Result<Article6Verdict> attu = assess_point(area, 52.85, 173.0, Date::from_ymd(2020, 1, 1));
  ASSERT_TRUE(attu.is_ok()) << attu.status().to_string();
  ASSERT_NE(attu->facts.sovereign, nullptr);
  EXPECT_EQ(attu->facts.sovereign->iso3, "USA");
  EXPECT_TRUE(attu->facts.in_europe_or_north_america);
  EXPECT_EQ(attu->verdict, ScopeRuling::kCovered);
  EXPECT_EQ(attu->clause, "6(1)-europe-north-america");
}

TEST(Article6DataTest, TurkeyIsCoveredWholeByItsRowFromTheProtocolOn) {
  Result<Dataset> dataset = read_reference_dataset();
  ASSERT_TRUE(dataset.is_ok());
  // Without the anchor unit TUR, whose circle holds most of Türkiye, the region rules.
  erase_rows(dataset->territorial_units.edit(), [](const TerritorialUnit& unit) { return unit.code == "TUR"; });
  region_of(*dataset, "turkey").from = Date::from_ymd(2000, 1, 1);
  const Registry registry(std::move(*dataset));
  const TreatyArea area(registry);
  const Result<Article6Verdict> ankara = assess_point(area, 39.9334, 32.8597, Date::from_ymd(2020, 1, 1));
  ASSERT_TRUE(ankara.is_ok());
  EXPECT_EQ(ankara->facts.unit, nullptr);
  EXPECT_TRUE(ankara->facts.on_turkey);
  EXPECT_EQ(ankara->verdict, ScopeRuling::kCovered);
  EXPECT_EQ(ankara->clause, "6(1)-turkey");
  EXPECT_EQ(ankara->reasoning[2].finding,
            "the territory of Turkey is named in Article 6(1) as amended in 1951, in Europe and in Asia alike");
  // Before the row's period Anatolia is a Party's land outside Europe; Thrace is in Europe.
  const Result<Article6Verdict> anatolia = assess_point(area, 39.9334, 32.8597, Date::from_ymd(1990, 1, 1));
  ASSERT_TRUE(anatolia.is_ok());
  EXPECT_EQ(anatolia->verdict, ScopeRuling::kContested);
  EXPECT_EQ(anatolia->clause, "no-ruling");
  const Result<Article6Verdict> edirne = assess_point(area, 41.6771, 26.5557, Date::from_ymd(1990, 1, 1));
  ASSERT_TRUE(edirne.is_ok());
  EXPECT_EQ(edirne->verdict, ScopeRuling::kCovered);
  EXPECT_EQ(edirne->reasoning[2].finding, "territory of Türkiye in Europe");
}

TEST(Article6DataTest, LandTheAtlasDrawsApartIsHeldByTheOwnerTheDataNames) {
  const Date day = Date::from_ymd(2025, 1, 1);
  {
    Result<Dataset> dataset = read_reference_dataset();
    ASSERT_TRUE(dataset.is_ok());
    const Registry registry(std::move(*dataset));
    const TreatyArea area(registry);
    const Result<Article6Verdict> kyrenia = assess_point(area, 35.335, 33.32, day);
    ASSERT_TRUE(kyrenia.is_ok());
    ASSERT_NE(kyrenia->facts.sovereign, nullptr);
    EXPECT_EQ(kyrenia->facts.sovereign->iso3, "CYP");
    EXPECT_EQ(kyrenia->clause, "not-a-party");
    const Result<Article6Verdict> hargeisa = assess_point(area, 9.56, 44.065, day);
    ASSERT_TRUE(hargeisa.is_ok());
    ASSERT_NE(hargeisa->facts.sovereign, nullptr);
    EXPECT_EQ(hargeisa->facts.sovereign->iso3, "SOM");
  }
  Result<Dataset> dataset = read_reference_dataset();
  ASSERT_TRUE(dataset.is_ok());
  dataset->atlas_shape_owners.clear();
  const Registry registry(std::move(*dataset));
  const TreatyArea area(registry);
  const Result<Article6Verdict> kyrenia = assess_point(area, 35.335, 33.32, day);
  ASSERT_TRUE(kyrenia.is_ok());
  EXPECT_EQ(kyrenia->facts.sovereign, nullptr);
  EXPECT_EQ(kyrenia->facts.land_name, "N. Cyprus");
  EXPECT_EQ(kyrenia->verdict, ScopeRuling::kNotCovered);
  EXPECT_EQ(kyrenia->clause, "outside-6");
  const Result<Article6Verdict> hargeisa = assess_point(area, 9.56, 44.065, day);
  ASSERT_TRUE(hargeisa.is_ok());
  EXPECT_EQ(hargeisa->facts.sovereign, nullptr);
  EXPECT_EQ(hargeisa->facts.land_name, "Somaliland");
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

// Regression: a row of cells whose first centre lay on a polygon's edge (an edge along
// the centre latitude, 50.5°N in the North America region) was answered inverted.
TEST(PolygonIndexTest, ARowWhoseFirstCentreLiesOnAnEdgeIsNotInverted) {
  const PolygonRings band{{{-180, 0.5}, {-90, 0.5}, {10, 0.5}, {10, 10}, {-90, 10}, {-180, 10}, {-180, 0.5}}};
  const PolygonIndex index({band}, {3}, 1.0);
  for (const auto& [lon, lat] : std::vector<std::pair<double, double>>{
           {5.2, 0.7}, {-100, 0.9}, {5.2, 1.7}, {11, 0.7}, {5.2, 0.3}, {-179.7, 0.6}, {9.9, 0.51}}) {
    EXPECT_EQ(index.locate(lon, lat), index.locate_exact(lon, lat)) << "at " << lat << ", " << lon;
  }
}

// Polygons whose vertices lie on the grid's centres and borders, and whose edges run along
// them, as hand-drawn regions' do.
TEST(PolygonIndexTest, GridAgreesWithBoostGeometryOnPolygonsWithVerticesOnTheGrid) {
  std::mt19937_64 random(20260421);
  std::uniform_int_distribution<int> half_degrees(-6, 6);
  for (int trial = 0; trial < 200; ++trial) {
    const double cx = 0.5 * std::uniform_int_distribution<int>(-300, 300)(random);
    const double cy = 0.5 * std::uniform_int_distribution<int>(-100, 100)(random);
    Ring ring;
    const int corners = 3 + trial % 9;
    for (int k = 0; k < corners; ++k) {
      const double angle = 2 * std::numbers::pi * k / corners;
      const double radius = 0.5 * (2 + std::abs(half_degrees(random)));
      ring.emplace_back(std::clamp(cx + std::round(2 * radius * std::cos(angle)) / 2, -179.5, 179.5),
                        std::clamp(cy + std::round(2 * radius * std::sin(angle)) / 2, -89.5, 89.5));
    }
    ring.push_back(ring.front());
    const PolygonIndex index({PolygonRings{ring}}, {1}, 1.0);
    std::uniform_real_distribution<double> lon(cx - 8, cx + 8);
    std::uniform_real_distribution<double> lat(cy - 8, cy + 8);
    for (int i = 0; i < 500; ++i) {
      const double x = std::clamp(lon(random), -179.99, 179.99);
      const double y = std::clamp(lat(random), -89.99, 89.99);
      ASSERT_EQ(index.locate(x, y), index.locate_exact(x, y)) << "trial " << trial << " at " << y << ", " << x;
    }
  }
}

}  // namespace
}  // namespace entente
