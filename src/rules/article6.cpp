#include "rules/article6.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <initializer_list>

namespace entente {

namespace {

constexpr double kTropicOfCancer = 23.4367;
constexpr double kEarthRadiusKm = 6371.0;
constexpr double kPi = 3.14159265358979323846;
// Units up to this radius are enclaves or islets that the 1:50m atlas does not resolve:
// their circle wins over the land or sea the atlas shows there.
constexpr double kSmallUnitKm = 25.0;

double distance_km(double lat1, double lon1, double lat2, double lon2) {
  const double to_radians = kPi / 180.0;
  const double dlat = (lat2 - lat1) * to_radians;
  const double dlon = (lon2 - lon1) * to_radians;
  const double a = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(lat1 * to_radians) * std::cos(lat2 * to_radians) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kEarthRadiusKm * std::asin(std::min(1.0, std::sqrt(a)));
}

// The 1951 Protocol on the accession of Greece and Turkey, which rewrote Article 6 to
// name Turkey and the Mediterranean, entered into force when they acceded.
const Date kProtocol1951 = Date::from_ymd(1952, 2, 18);

// Even-odd test of a point against a closed ring, planar in longitude and latitude.
bool ring_holds(const std::vector<std::pair<double, double>>& ring, double lon, double lat) {
  bool inside = false;
  for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
    const auto [xi, yi] = ring[i];
    const auto [xj, yj] = ring[j];
    if ((yi > lat) != (yj > lat) && lon < (xj - xi) * (lat - yi) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

// Whether a unit's own geometry holds a point: its polygon when it has one, else its circle.
bool unit_holds(const TerritorialUnit& unit, double lon, double lat) {
  if (!unit.polygon.empty()) return ring_holds(unit.polygon, lon, lat);
  return distance_km(lat, lon, unit.lat, unit.lon) <= unit.radius_km;
}

// A unit's area in square kilometres, to let the smaller of two units holding a point win
// (an enclave inside a larger unit): a polygon's by the shoelace formula scaled at its
// mean latitude, a circle's as a plane disc.
double unit_area_km2(const TerritorialUnit& unit) {
  if (unit.polygon.empty()) return kPi * unit.radius_km * unit.radius_km;
  double twice_area = 0;
  double mean_lat = 0;
  for (std::size_t i = 0, j = unit.polygon.size() - 1; i < unit.polygon.size(); j = i++) {
    twice_area += unit.polygon[j].first * unit.polygon[i].second - unit.polygon[i].first * unit.polygon[j].second;
    mean_lat += unit.polygon[i].second;
  }
  mean_lat /= static_cast<double>(unit.polygon.size());
  const double km_per_degree = kPi * kEarthRadiusKm / 180.0;
  return std::fabs(twice_area) / 2 * km_per_degree * km_per_degree * std::cos(mean_lat * kPi / 180.0);
}

std::string coordinates(double lat, double lon) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.4f, %.4f", lat, lon);
  return buffer;
}

}  // namespace

std::string_view to_string(TargetKind kind) {
  switch (kind) {
    case TargetKind::kTerritory: return "territory";
    case TargetKind::kForces: return "forces";
    case TargetKind::kVessel: return "vessel";
    case TargetKind::kAircraft: return "aircraft";
  }
  return "territory";
}

std::optional<TargetKind> parse_target_kind(std::string_view text) {
  for (TargetKind kind : {TargetKind::kTerritory, TargetKind::kForces, TargetKind::kVessel, TargetKind::kAircraft}) {
    if (to_string(kind) == text) return kind;
  }
  return std::nullopt;
}

struct TreatyArea::Geometry {
  struct Continent {
    const Article6Region* region = nullptr;
    std::unique_ptr<PolygonIndex> index;
  };

  std::unique_ptr<PolygonIndex> land;
  std::unique_ptr<PolygonIndex> seas;
  std::vector<const Nation*> land_owner;                // by shape index; nullptr when not a nation
  std::vector<std::string> land_name;                   // by shape index
  std::vector<const TerritorialUnit*> unit_by_shape;    // dependencies with their own land
  std::vector<const TerritorialUnit*> units_by_radius;  // units found by distance
  std::vector<const TerritorialUnit*> dated_units;      // units over another nation's land for a period
  std::vector<Continent> continents;                    // regions of Article 6(1) drawn as polygons
  std::vector<const Article6Region*> named_whole;       // regions that name a nation's whole territory
};

TreatyArea::TreatyArea(const Registry& registry) : TreatyArea(registry, build_geometry(registry)) {}

TreatyArea::TreatyArea(const Registry& registry, std::shared_ptr<const Geometry> geometry)
    : registry_(registry), geometry_(std::move(geometry)), nato_(registry.find_organisation("NATO")) {}

bool TreatyArea::same_geometry_tables(const Dataset& a, const Dataset& b) {
  return a.nations.shares_rows_with(b.nations) && a.country_shapes.shares_rows_with(b.country_shapes) &&
         a.atlas_shape_owners.shares_rows_with(b.atlas_shape_owners) && a.sea_areas.shares_rows_with(b.sea_areas) &&
         a.article6_regions.shares_rows_with(b.article6_regions) &&
         a.territorial_units.shares_rows_with(b.territorial_units);
}

bool TreatyArea::has_geography() const { return geometry_->land != nullptr; }

std::shared_ptr<const TreatyArea::Geometry> TreatyArea::build_geometry(const Registry& registry) {
  auto built = std::make_shared<Geometry>();
  Geometry& g = *built;
  const Dataset& dataset = registry.dataset();
  std::vector<PolygonRings> polygons;
  std::vector<int> owners;
  for (std::size_t s = 0; s < dataset.country_shapes.size(); ++s) {
    const CountryShape& shape = dataset.country_shapes[s];
    const Nation* owner = nullptr;
    for (const Nation& nation : dataset.nations) {
      if ((!nation.iso_numeric.empty() && nation.iso_numeric == shape.id) || nation.name == shape.name) {
        owner = &nation;
        break;
      }
    }
    // Land the atlas draws apart from the state that holds it in law.
    if (owner == nullptr) {
      const auto held = std::find_if(dataset.atlas_shape_owners.begin(), dataset.atlas_shape_owners.end(),
                                     [&shape](const AtlasShapeOwner& row) { return row.shape == shape.name; });
      if (held != dataset.atlas_shape_owners.end()) owner = registry.find_nation(held->nation);
    }
    g.land_owner.push_back(owner);
    g.land_name.push_back(shape.name);
    for (const PolygonRings& polygon : shape.polygons) {
      polygons.push_back(polygon);
      owners.push_back(static_cast<int>(s));
    }
  }
  if (!polygons.empty()) g.land = std::make_unique<PolygonIndex>(polygons, owners, 1.0);

  std::vector<PolygonRings> sea_polygons;
  std::vector<int> sea_owners;
  for (std::size_t i = 0; i < dataset.sea_areas.size(); ++i) {
    sea_polygons.push_back({dataset.sea_areas[i].polygon});
    sea_owners.push_back(static_cast<int>(i));
  }
  if (!sea_polygons.empty()) g.seas = std::make_unique<PolygonIndex>(sea_polygons, sea_owners, 1.0);

  // Each continent gets an index of its own, so continents may overlap.
  for (const Article6Region& region : dataset.article6_regions) {
    if (region.polygon.empty()) {
      g.named_whole.push_back(&region);
    } else {
      g.continents.push_back({&region, std::make_unique<PolygonIndex>(std::vector<PolygonRings>{{region.polygon}},
                                                                      std::vector<int>{0}, 1.0)});
    }
  }

  // A unit whose representative point falls on land that is not a nation's (Greenland,
  // Bermuda...) owns that land; the others are found by distance inside the sovereign's
  // land or at sea.
  // Only land up to Greenland's size can be one unit's; a continent such as Antarctica,
  // which holds several claims, is no single unit's.
  const auto small_land = [&dataset](std::size_t s) {
    double min_lon = 180, max_lon = -180, min_lat = 90, max_lat = -90;
    for (const PolygonRings& polygon : dataset.country_shapes[s].polygons) {
      for (const auto& [x, y] : polygon.front()) {
        min_lon = std::min(min_lon, x);
        max_lon = std::max(max_lon, x);
        min_lat = std::min(min_lat, y);
        max_lat = std::max(max_lat, y);
      }
    }
    return max_lon - min_lon <= 90.0 && max_lat - min_lat <= 40.0;  // Greenland fits; Antarctica does not
  };
  // Units that restate a whole nation (an anchor row such as TUR) never own other land.
  const auto names_a_nation = [&registry](const TerritorialUnit& unit) {
    return registry.find_nation(unit.code) != nullptr;
  };
  g.unit_by_shape.assign(g.land_owner.size(), nullptr);
  for (const TerritorialUnit& unit : dataset.territorial_units) {
    if (!unit.now_part_of.empty()) {
      g.dated_units.push_back(&unit);
      continue;
    }
    const int shape = g.land ? g.land->locate(unit.lon, unit.lat) : -1;
    if (shape >= 0 && g.land_owner[static_cast<std::size_t>(shape)] == nullptr &&
        g.unit_by_shape[static_cast<std::size_t>(shape)] == nullptr && small_land(static_cast<std::size_t>(shape)) &&
        !names_a_nation(unit)) {
      g.unit_by_shape[static_cast<std::size_t>(shape)] = &unit;
    } else {
      g.units_by_radius.push_back(&unit);
    }
  }
  // Land that is no nation's and whose unit's point missed it (a point between islands):
  // the unit whose circle holds the land's first vertex.
  for (std::size_t s = 0; s < g.land_owner.size(); ++s) {
    if (g.land_owner[s] != nullptr || g.unit_by_shape[s] != nullptr) continue;
    const CountryShape& shape = dataset.country_shapes[s];
    if (shape.polygons.empty() || shape.polygons.front().empty() || shape.polygons.front().front().empty()) continue;
    if (!small_land(s)) continue;
    const auto [lon, lat] = shape.polygons.front().front().front();
    double best = 0;
    for (const TerritorialUnit* unit : g.units_by_radius) {
      if (names_a_nation(*unit)) continue;
      const double km = distance_km(lat, lon, unit->lat, unit->lon);
      if (km <= unit->radius_km && (g.unit_by_shape[s] == nullptr || km < best)) {
        g.unit_by_shape[s] = unit;
        best = km;
      }
    }
  }
  return built;
}

TreatyArea::~TreatyArea() = default;

const Article6Region* TreatyArea::continent_at(double lon, double lat, std::optional<Date> day) const {
  for (const Geometry::Continent& continent : geometry_->continents) {
    if (day && !continent.region->exists_on(*day)) continue;
    if (continent.index->locate(lon, lat) >= 0) return continent.region;
  }
  return nullptr;
}

const Article6Region* TreatyArea::naming_whole(const Nation& nation, std::optional<Date> day) const {
  for (const Article6Region* region : geometry_->named_whole) {
    if (region->nation == nation.iso3 && (!day || region->exists_on(*day))) return region;
  }
  return nullptr;
}

ScopeRuling TreatyArea::unit_ruling_on(const TerritorialUnit& unit, Date day) const {
  const Nation* sovereign = registry_.find_nation(unit.sovereign);
  if (!unit.exists_on(day) || sovereign == nullptr || nato_ == nullptr ||
      registry_.relation(*sovereign, *nato_, day).relation != Relation::kMember) {
    return ScopeRuling::kNotCovered;
  }
  return unit.ruling;
}

Article6Facts TreatyArea::locate(double lon, double lat) const {
  Article6Facts facts;
  facts.lon = lon;
  facts.lat = lat;
  facts.north_of_tropic = lat > kTropicOfCancer;
  const int shape = geometry_->land ? geometry_->land->locate(lon, lat) : -1;
  if (shape >= 0) {
    const auto index = static_cast<std::size_t>(shape);
    facts.sovereign = geometry_->land_owner[index];
    facts.land_owner = geometry_->land_owner[index];
    facts.land_name = geometry_->land_name[index];
    facts.unit = geometry_->unit_by_shape[index];
  }
  if (facts.unit == nullptr) {
    // The nearest unit whose circle holds the point: on its sovereign's land; or, for a
    // small unit (an enclave or islet the atlas does not draw), on other land or at sea.
    double best = 0;
    for (const TerritorialUnit* unit : geometry_->units_by_radius) {
      const double reach = unit->radius_km / 111.0 + 1.0;
      if (std::fabs(unit->lat - lat) > reach) continue;
      const bool small = unit->radius_km <= kSmallUnitKm;
      if (!small && (facts.sovereign == nullptr || facts.sovereign->iso3 != unit->sovereign)) continue;
      const double km = distance_km(lat, lon, unit->lat, unit->lon);
      if (km <= unit->radius_km && (facts.unit == nullptr || km < best)) {
        facts.unit = unit;
        best = km;
      }
    }
    // A small unit inside foreign land (Ceuta in the atlas's Morocco) is its sovereign's.
    if (facts.unit != nullptr) facts.sovereign = registry_.find_nation(facts.unit->sovereign);
  } else {
    facts.sovereign = registry_.find_nation(facts.unit->sovereign);
  }
  if (shape < 0 && geometry_->seas) {
    const int sea = geometry_->seas->locate(lon, lat);
    if (sea >= 0) facts.sea = &registry_.dataset().sea_areas[static_cast<std::size_t>(sea)];
  }
  return facts;
}

Result<Article6Verdict> TreatyArea::assess(const Incident& incident) const {
  const auto invalid = [](std::string message) { return Status(ErrorCode::kInvalidArgument, std::move(message)); };
  if (nato_ == nullptr) return Status(ErrorCode::kInternal, "the registry has no NATO");
  const bool has_point = incident.lat.has_value() || incident.lon.has_value();
  if (has_point && !incident.territory.empty())
    return invalid("give either a point (lat, lon) or a territory, not both");
  if (!has_point && incident.territory.empty()) {
    return invalid("say where: a point (lat and lon) or a territory (ISO 3166-1 or ISO 3166-2 code)");
  }
  if (has_point && (!incident.lat || !incident.lon)) return invalid("a point needs both lat and lon");
  if (has_point && (*incident.lat < -90 || *incident.lat > 90 || !std::isfinite(*incident.lat))) {
    return invalid("lat " + std::to_string(*incident.lat) + " is outside [-90, 90]");
  }
  if (has_point && (*incident.lon < -180 || *incident.lon > 180 || !std::isfinite(*incident.lon))) {
    return invalid("lon " + std::to_string(*incident.lon) + " is outside [-180, 180]");
  }
  if (has_point && !has_geography()) {
    return invalid(
        "no country land is loaded; run 'entente init' again without --atlas '' (it loads "
        "data/atlas/countries-50m.json)");
  }

  Article6Verdict verdict;
  verdict.target = incident.target;
  verdict.as_of = incident.as_of;
  auto& steps = verdict.reasoning;
  Article6Facts& facts = verdict.facts;

  std::string snapped;
  const SeaArea* open_sea = nullptr;  // the sea area when the point was snapped to nearby land
  if (has_point) {
    facts = locate(*incident.lon, *incident.lat);
    // A coastal place can fall just offshore of the 1:50m coastline, and an island may be
    // too small for it: look for land within 12 nautical miles (22.2 km), the breadth of
    // the territorial sea, which is the coastal state's territory.
    if (facts.sovereign == nullptr && facts.land_name.empty()) {
      open_sea = facts.sea;
      for (double km : {2.5, 5.0, 10.0, 15.0, 22.2}) {
        const double dlat = km / 111.0;
        const double dlon = km / (111.0 * std::max(0.1, std::cos(*incident.lat * kPi / 180.0)));
        for (const auto& [sx, sy] : std::initializer_list<std::pair<double, double>>{
                 {0, 1}, {1, 0}, {0, -1}, {-1, 0}, {0.7, 0.7}, {0.7, -0.7}, {-0.7, 0.7}, {-0.7, -0.7}}) {
          const double lat = std::clamp(*incident.lat + sy * dlat, -90.0, 90.0);
          const double lon = std::clamp(*incident.lon + sx * dlon, -180.0, 180.0);
          Article6Facts near = locate(lon, lat);
          if (near.sovereign != nullptr || !near.land_name.empty()) {
            facts = near;
            facts.lat = *incident.lat;
            facts.lon = *incident.lon;
            snapped = " (in the territorial sea: land of the 1:50m atlas within " +
                      std::to_string(static_cast<int>(km)) + " km)";
            break;
          }
        }
        if (!snapped.empty()) break;
      }
      // Still at sea: an islet the atlas does not draw, inside an island group's circle
      // (never a whole nation's anchor row, nor a unit as large as Alaska).
      if (facts.sovereign == nullptr && facts.land_name.empty()) {
        for (const TerritorialUnit* unit : geometry_->units_by_radius) {
          if (registry_.find_nation(unit->code) != nullptr || unit->radius_km > 300.0) continue;
          if (distance_km(*incident.lat, *incident.lon, unit->lat, unit->lon) <= unit->radius_km) {
            facts.unit = unit;
            facts.sovereign = registry_.find_nation(unit->sovereign);
            snapped = " (within " + unit->name + ", whose smaller islands the 1:50m atlas does not draw)";
            break;
          }
        }
      }
    }
    facts.north_of_tropic = *incident.lat > kTropicOfCancer;
  } else {
    const Dataset& dataset = registry_.dataset();
    const auto unit = std::find_if(dataset.territorial_units.begin(), dataset.territorial_units.end(),
                                   [&](const TerritorialUnit& u) { return u.code == incident.territory; });
    if (unit != dataset.territorial_units.end()) {
      facts.unit = &*unit;
      facts.sovereign = registry_.find_nation(unit->sovereign);
      facts.lat = unit->lat;
      facts.lon = unit->lon;
      facts.land_name = unit->name;
    } else if (const Nation* nation = registry_.find_nation(incident.territory)) {
      facts.sovereign = nation;
      facts.lat = nation->capital_lat;
      facts.lon = nation->capital_lon;
      facts.land_name = nation->name;
    } else {
      return Status(ErrorCode::kUnknownNation,
                    "unknown territory '" + incident.territory +
                        "'; use an ISO 3166-1 alpha-3 code (FRA) or a territorial unit's code from "
                        "data/territorial_units.csv (ES-CN)");
    }
    facts.north_of_tropic = facts.lat > kTropicOfCancer;
  }
  const std::string where = has_point ? "the point " + coordinates(facts.lat, facts.lon) : facts.land_name;
  const Date day = incident.as_of;
  // At a point, a unit whose period does not hold the day does not rule.
  if (has_point && facts.unit != nullptr && !facts.unit->exists_on(day)) {
    facts.unit = nullptr;
    facts.sovereign = facts.land_owner;
  }
  // Land whose sovereign that day was not the one today's atlas shows (a state since
  // united with another, a department before independence): a unit with a period rules
  // the points of its `now_part_of` nation's land that its geometry holds; the smallest
  // such unit wins (an enclave inside a larger unit).
  if (has_point && facts.land_owner != nullptr) {
    const TerritorialUnit* ruling_unit = nullptr;
    double ruling_area = 0;
    for (const TerritorialUnit* unit : geometry_->dated_units) {
      if (unit->now_part_of != facts.land_owner->iso3 || !unit->exists_on(day) ||
          !unit_holds(*unit, facts.lon, facts.lat)) {
        continue;
      }
      const double area = unit_area_km2(*unit);
      if (ruling_unit == nullptr || area < ruling_area) {
        ruling_unit = unit;
        ruling_area = area;
      }
    }
    if (ruling_unit != nullptr) {
      facts.unit = ruling_unit;
      facts.sovereign = registry_.find_nation(ruling_unit->sovereign);
    }
  }
  const auto is_member = [&](const Nation* nation) {
    return nation != nullptr && registry_.relation(*nation, *nato_, day).relation == Relation::kMember;
  };
  for (const Membership* membership : registry_.members(*nato_, day)) {
    if (membership->status == MembershipStatus::kMember) verdict.bound.push_back(membership->nation);
  }
  facts.sovereign_is_member = is_member(facts.sovereign);
  // Where the land lies, whatever the day; the rulings below ask which regions hold on it.
  facts.on_turkey = facts.sovereign != nullptr && naming_whole(*facts.sovereign, std::nullopt) != nullptr;
  facts.in_europe_or_north_america = facts.sovereign != nullptr && facts.unit == nullptr && !facts.on_turkey &&
                                     continent_at(facts.lon, facts.lat, std::nullopt) != nullptr;
  facts.in_mediterranean = facts.sea != nullptr && facts.sea->id == "mediterranean";
  facts.in_north_atlantic = facts.sea != nullptr && facts.sea->id == "north-atlantic";

  // Whose territory, forces, vessel or aircraft.
  if (incident.target == TargetKind::kTerritory) {
    if (facts.sovereign == nullptr && facts.unit == nullptr) {
      const bool in_continent = continent_at(facts.lon, facts.lat, day) != nullptr;
      if (!facts.land_name.empty() && (!facts.north_of_tropic || !in_continent)) {
        verdict.verdict = ScopeRuling::kNotCovered;
        verdict.clause = "outside-6";
        steps.push_back({"Location", where + " is on land the atlas calls " + facts.land_name +
                                         ", no Party's territory nor a territorial unit of one: outside Article 6"});
        steps.push_back({"Article 4", "any member may still request consultations under Article 4"});
        verdict.bound.clear();
        return verdict;
      }
      if (!facts.land_name.empty()) {
        verdict.verdict = ScopeRuling::kContested;
        verdict.clause = "no-ruling";
        steps.push_back({"Location", where + " is on land the atlas calls " + facts.land_name +
                                         ", which the data does not match to a state or a territorial unit: no ruling "
                                         "can be given"});
        steps.push_back({"Article 4", "any member may request consultations under Article 4 whatever the ruling"});
        return verdict;
      }
      return invalid("there is no land at " + where +
                     " in the 1:50m atlas, which does not draw small islands: for an island, name it with territory "
                     "(a nation or a unit code from data/territorial_units.csv); for an attack at sea, give target "
                     "vessel, aircraft or forces and the nation");
    }
    verdict.target_nation = facts.sovereign;
  } else {
    if (incident.nation.empty()) {
      return invalid("say whose " + std::string(to_string(incident.target)) + " were attacked (nation, ISO alpha-3)");
    }
    verdict.target_nation = registry_.find_nation(incident.nation);
    if (verdict.target_nation == nullptr) {
      return Status(ErrorCode::kUnknownNation,
                    "unknown nation '" + incident.nation + "'; use an ISO 3166-1 alpha-3 code");
    }
  }
  verdict.target_relation = registry_.relation(*verdict.target_nation, *nato_, day);
  const std::string target_name = verdict.target_nation->name;

  steps.push_back(
      {"Location",
       where + snapped +
           (facts.sovereign ? " is " + std::string(facts.unit && has_point ? "in " + facts.unit->name + ", " : "") +
                                  "territory of " + facts.sovereign->name
                            : std::string(" is at sea")) +
           (facts.sea ? " (" + facts.sea->name + ")" : "")});

  // Article 5 protects the Parties only.
  if (!is_member(verdict.target_nation)) {
    verdict.verdict = ScopeRuling::kNotCovered;
    verdict.clause = "not-a-party";
    std::string partnership;
    if (!verdict.target_relation.frameworks.empty()) {
      partnership = "; it is a " + std::string(to_string(verdict.target_relation.relation)) + " of NATO through ";
      for (std::size_t i = 0; i < verdict.target_relation.frameworks.size(); ++i) {
        partnership += (i ? ", " : "") + verdict.target_relation.frameworks[i];
      }
      partnership += ", which carries no collective-defence guarantee";
    }
    steps.push_back({"Article 5", target_name + " is not a party to the Treaty on " + day.to_string() + " (" +
                                      std::string(to_string(verdict.target_relation.relation)) + ")" + partnership});
    steps.push_back({"Article 4", "any member may still request consultations under Article 4"});
    verdict.bound.clear();
    return verdict;
  }
  steps.push_back({"Article 5", target_name + " is a party on " + day.to_string()});

  const auto decide = [&](ScopeRuling ruling, std::string clause, std::string finding) -> Result<Article6Verdict> {
    verdict.verdict = ruling;
    verdict.clause = std::move(clause);
    steps.push_back({"Article 6", std::move(finding)});
    steps.push_back({"Article 4", "any member may request consultations under Article 4 whatever the ruling"});
    if (ruling == ScopeRuling::kNotCovered) verdict.bound.clear();
    return verdict;
  };

  // Land of a member: its territory in a region of Article 6(1) (data/article6_regions.csv:
  // Europe, North America, Turkey named whole), an island in the North Atlantic north of
  // the Tropic, or a unit with its own ruling.
  const auto land_ruling = [&]() -> std::optional<std::pair<ScopeRuling, std::pair<std::string, std::string>>> {
    if (facts.sovereign == nullptr || !facts.sovereign_is_member) return std::nullopt;
    if (facts.unit != nullptr && !facts.unit->exists_on(day)) {
      return std::make_pair(ScopeRuling::kNotCovered,
                            std::make_pair(std::string("outside-6"),
                                           facts.unit->name + " is not a unit of " + facts.sovereign->name + " on " +
                                               day.to_string() + " (see its period in data/territorial_units.csv)"));
    }
    if (facts.unit != nullptr) {
      return std::make_pair(facts.unit->ruling,
                            std::make_pair(facts.unit->clause, facts.unit->name + ": " + facts.unit->reasoning));
    }
    if (const Article6Region* whole = naming_whole(*facts.sovereign, day)) {
      return std::make_pair(ScopeRuling::kCovered, std::make_pair(whole->clause, whole->reasoning));
    }
    // Territory a member gained later (data/territory_changes.csv): before that day the
    // atlas's present-day land of the member may include land that was not yet its own.
    // A change that names a unit draws that land, which the unit rules in its period, so
    // the rest of the member's land is its own; a change without one cannot be placed.
    for (const TerritoryChange& change : registry_.dataset().territory_changes) {
      if (change.nation != facts.sovereign->iso3 || change.kind != TerritoryChangeKind::kExtension ||
          !(day < change.date) || !has_point || !change.unit.empty()) {
        continue;
      }
      return std::make_pair(ScopeRuling::kContested,
                            std::make_pair(std::string("6(1)-europe-north-america"),
                                           "today's " + facts.sovereign->name + " at this point may have been " +
                                               change.territory + ", which came under the Treaty only on " +
                                               change.date.to_string() + "; the atlas draws today's borders"));
    }
    if (const Article6Region* continent = continent_at(facts.lon, facts.lat, day)) {
      return std::make_pair(
          ScopeRuling::kCovered,
          std::make_pair(continent->clause, "territory of " + facts.sovereign->name + " in " + continent->name));
    }
    return std::make_pair(ScopeRuling::kContested,
                          std::make_pair(std::string("no-ruling"),
                                         "land of " + facts.sovereign->name +
                                             " outside its territory in Europe or North America, with no ruling in "
                                             "data/territorial_units.csv: an overseas part whose status must be "
                                             "examined"));
  };

  if (incident.target == TargetKind::kTerritory) {
    const auto ruling = land_ruling();
    if (!ruling) {
      return decide(ScopeRuling::kNotCovered, "outside-6", where + " is not territory of a party");
    }
    return decide(ruling->first, ruling->second.first, ruling->second.second);
  }

  // Forces, vessels and aircraft: in or over the territories above, in the Mediterranean,
  // in the North Atlantic north of the Tropic, or in areas of Europe under occupation in 1949.
  const std::string what = target_name + "'s " + std::string(to_string(incident.target));
  const auto land = land_ruling();
  if (land && land->first == ScopeRuling::kCovered) {
    return decide(ScopeRuling::kCovered, "6(2)-over-territory",
                  what + " in or over a territory of Article 6(1)" +
                      (open_sea ? std::string(" (its territorial sea)") : std::string()) + ": " + land->second.second);
  }
  const SeaArea* sea = facts.sea != nullptr ? facts.sea : open_sea;
  if (sea != nullptr) {
    if (sea->id == "mediterranean" && day < kProtocol1951) {
      return decide(ScopeRuling::kNotCovered, "outside-6",
                    what + " in the Mediterranean before " + kProtocol1951.to_string() +
                        ": the Mediterranean entered Article 6 with the 1951 Protocol on the accession of Greece and "
                        "Turkey, in force that day");
    }
    if (sea->id == "sea-of-marmara") {
      const bool turkey_member = is_member(registry_.find_nation("TUR"));
      return decide(turkey_member ? ScopeRuling::kCovered : ScopeRuling::kNotCovered, "6(1)-turkey",
                    what + " in the " + sea->name + ", Turkish waters" +
                        (turkey_member ? ": the territory of Turkey is covered" : ", before Turkey was a party"));
    }
    if (sea->status == ScopeRuling::kCovered) {
      const std::string clause = sea->id == "mediterranean"    ? "6(2)-mediterranean"
                                 : sea->id == "north-atlantic" ? "6(2)-north-atlantic"
                                                               : "6(2)-" + sea->id;
      return decide(ScopeRuling::kCovered, clause, what + " in the " + sea->name + ", named in Article 6(2)");
    }
    return decide(sea->status, "6(2)-" + sea->id,
                  what + " in the " + sea->name + ", whose inclusion in Article 6(2) is " +
                      std::string(to_string(sea->status)) + " (see docs/data.md)");
  }
  if (land) {
    return decide(land->first, land->second.first, what + " on the land of a party: " + land->second.second);
  }
  // Land of no party that a unit with a period rules under Article 6(2) (an area of Europe
  // in which occupation forces of Parties were stationed when the Treaty entered into
  // force), or rules contested: the unit's own ruling.
  if (facts.unit != nullptr && !facts.unit->now_part_of.empty() && facts.unit->exists_on(day) &&
      (facts.unit->clause.starts_with("6(2)") || facts.unit->ruling == ScopeRuling::kContested)) {
    return decide(facts.unit->ruling, facts.unit->clause,
                  what + " in " + facts.unit->name + ": " + facts.unit->reasoning);
  }
  if (facts.sovereign != nullptr) {
    return decide(ScopeRuling::kNotCovered, "outside-6",
                  what + " on the territory of " + facts.sovereign->name +
                      ", which is not a party's territory nor an area named in Article 6(2)");
  }
  return decide(ScopeRuling::kNotCovered, "outside-6",
                what + " at sea outside the Mediterranean and the North Atlantic north of the Tropic of Cancer" +
                    (facts.north_of_tropic ? "" : " (the point is south of the Tropic)"));
}

}  // namespace entente
