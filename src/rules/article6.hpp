#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/vocabulary.hpp"
#include "registry/registry.hpp"
#include "rules/decision.hpp"
#include "rules/polygon_index.hpp"

namespace entente {

// TargetKind, with its words, is in model/vocabulary.hpp.
std::string_view to_string(TargetKind kind);
std::optional<TargetKind> parse_target_kind(std::string_view text);

// An armed attack: where (a point, or a named nation or territorial unit), on what, whose.
struct Incident {
  std::optional<double> lat;
  std::optional<double> lon;
  std::string territory;  // ISO 3166-1 alpha-3 of a nation, or a territorial unit's code
  TargetKind target = TargetKind::kTerritory;
  std::string nation;  // whose forces, vessel or aircraft (for territory: empty, the sovereign)
  Date as_of;
};

// What the engine found at the point, and used.
struct Article6Facts {
  double lon = 0;
  double lat = 0;
  const Nation* sovereign = nullptr;      // whose land the point is on, if any
  const Nation* land_owner = nullptr;     // whose land the atlas draws there today, if a nation's
  std::string land_name;                  // the atlas's name for that land
  const TerritorialUnit* unit = nullptr;  // a unit with its own ruling, if any
  const SeaArea* sea = nullptr;           // the sea area, when at sea
  bool sovereign_is_member = false;
  // On the sovereign's land, outside any unit, in a continent of data/article6_regions.csv;
  // false on the land of a nation named whole (on_turkey), which that row rules.
  bool in_europe_or_north_america = false;
  bool north_of_tropic = false;
  bool in_mediterranean = false;
  bool in_north_atlantic = false;
  bool on_turkey = false;  // on the land of a nation Article 6(1) names whole, in any period
};

struct Article6Verdict {
  ScopeRuling verdict = ScopeRuling::kNotCovered;
  std::string clause;
  TargetKind target = TargetKind::kTerritory;
  Date as_of;
  Article6Facts facts;
  // Members bound by Article 5 that day (when covered or contested): their ISO codes, as
  // views into the registry, which outlives the verdict.
  std::vector<std::string_view> bound;
  const Nation* target_nation = nullptr;  // whose territory, forces, vessel or aircraft
  RelationEntry target_relation;          // its relation to NATO that day
  std::vector<ReasoningStep> reasoning;
};

// Article 6 of the North Atlantic Treaty as amended by the 1951 Protocol on the accession
// of Greece and Turkey: is an armed attack at a place on a target one that Article 5
// covers? Built once from the registry (country land and its owners, the regions of
// Article 6(1), territorial units, sea areas); read-only afterwards.
class TreatyArea {
 public:
  // What the treaty area derives from the country land, its owners, the regions of
  // Article 6(1), the territorial units and the sea areas: the costly part, built once and
  // shared by the treaty areas of every registry whose tables those are
  // (same_geometry_tables).
  struct Geometry;

  explicit TreatyArea(const Registry& registry);
  // Over `geometry`, built from a registry sharing its geometry tables with `registry`.
  TreatyArea(const Registry& registry, std::shared_ptr<const Geometry> geometry);
  ~TreatyArea();

  static std::shared_ptr<const Geometry> build_geometry(const Registry& registry);
  // True when geometry built from one dataset serves the other: both hold the very same
  // rows of every table it derives from.
  static bool same_geometry_tables(const Dataset& a, const Dataset& b);
  const std::shared_ptr<const Geometry>& geometry() const { return geometry_; }

  bool has_geography() const;

  // kInvalidArgument for coordinates out of range, both or neither of a point and a
  // territory, a territory attack at sea; kUnknownNation for an unknown code.
  Result<Article6Verdict> assess(const Incident& incident) const;

  // A unit's ruling on a day: not covered outside the unit's period or when its sovereign
  // is not a party that day; else the unit's own ruling.
  ScopeRuling unit_ruling_on(const TerritorialUnit& unit, Date day) const;

  // The land, unit and sea at a point, whatever the day (units with a period are left to
  // assess()): the hot path of assess(), benchmarked.
  Article6Facts locate(double lon, double lat) const;

 private:
  // The first continent of Article 6(1) whose polygon holds the point and, when a day is
  // given, whose period holds the day; nullptr when none.
  const Article6Region* continent_at(double lon, double lat, std::optional<Date> day) const;
  // The region that names the whole territory of `nation` (on `day`, when given); nullptr
  // when none.
  const Article6Region* naming_whole(const Nation& nation, std::optional<Date> day) const;

  const Registry& registry_;
  std::shared_ptr<const Geometry> geometry_;
  const Organisation* nato_ = nullptr;
};

}  // namespace entente
