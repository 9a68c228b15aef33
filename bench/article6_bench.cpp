// Article 6 point queries in-process, and the point-in-polygon work behind them, on the
// reference data and its Natural Earth 1:50m atlas (data/atlas/countries-50m.json; run
// from the repository root).
//
//   build/release/bench/article6_bench                  Google Benchmark
//   build/release/bench/article6_bench --export DIR     write DIR/polygons.wkt, DIR/points.csv
//                                                       and DIR/answers.csv for bench/shapely_peer.py

#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "rules/article6.hpp"
#include "store/atlas_reader.hpp"
#include "store/dataset_reader.hpp"

namespace entente {
namespace {

std::vector<CountryShape> load_shapes() {
  std::ifstream in(kDefaultAtlas, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  Result<std::vector<CountryShape>> shapes = read_topojson(text.str(), kDefaultAtlas);
  if (!shapes) {
    std::fprintf(stderr, "article6_bench: %s (run from the repository root)\n", shapes.status().message().c_str());
    std::exit(1);
  }
  return std::move(*shapes);
}

const Registry& registry() {
  static const Registry instance = [] {
    Result<Dataset> dataset = read_dataset(DirectoryDataFiles("data"));
    if (!dataset) {
      std::fprintf(stderr, "article6_bench: %s\n", dataset.status().message().c_str());
      std::exit(1);
    }
    dataset->country_shapes = load_shapes();
    return Registry(std::move(*dataset));
  }();
  return instance;
}

const TreatyArea& area() {
  static const TreatyArea instance(registry());
  return instance;
}

const PolygonIndex& land_index() {
  static const PolygonIndex index = [] {
    std::vector<PolygonRings> polygons;
    std::vector<int> owners;
    const auto& shapes = registry().dataset().country_shapes;
    for (std::size_t s = 0; s < shapes.size(); ++s) {
      for (const PolygonRings& polygon : shapes[s].polygons) {
        polygons.push_back(polygon);
        owners.push_back(static_cast<int>(s));
      }
    }
    return PolygonIndex(polygons, owners, 1.0);
  }();
  return index;
}

// Uniform points between 60°S and 84°N (Boost.Geometry's planar reference misjudges
// Antarctica's polar ring; no Party has territory there), fixed seed.
std::vector<std::pair<double, double>> points(std::size_t count) {
  std::mt19937_64 random(1949);
  std::uniform_real_distribution<double> lon(-180.0, 180.0);
  std::uniform_real_distribution<double> lat(-60.0, 84.0);
  std::vector<std::pair<double, double>> result(count);
  for (auto& [x, y] : result) {
    x = lon(random);
    y = lat(random);
  }
  return result;
}

const std::vector<std::pair<double, double>>& sample() {
  static const std::vector<std::pair<double, double>> instance = points(1 << 20);
  return instance;
}

// The hot path of an Article 6 question: land, territorial unit and sea at a point.
void BM_Article6Locate(benchmark::State& state) {
  const TreatyArea& treaty_area = area();
  const auto& pts = sample();
  std::size_t i = 0;
  for (auto _ : state) {
    const auto& [lon, lat] = pts[i++ & (pts.size() - 1)];
    Article6Facts facts = treaty_area.locate(lon, lat);
    benchmark::DoNotOptimize(facts);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Article6Locate);

// A whole Article 6 verdict with its reasoning (allocations included).
void BM_Article6Assess(benchmark::State& state) {
  const TreatyArea& treaty_area = area();
  const auto& pts = sample();
  Incident incident;
  incident.target = TargetKind::kVessel;
  incident.nation = "FRA";
  incident.as_of = Date::from_ymd(2025, 1, 1);
  std::size_t i = 0;
  for (auto _ : state) {
    const auto& [lon, lat] = pts[i++ & (pts.size() - 1)];
    incident.lon = lon;
    incident.lat = lat;
    Result<Article6Verdict> verdict = treaty_area.assess(incident);
    benchmark::DoNotOptimize(verdict);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Article6Assess);

// Point in polygon over the country land: the grid index, and Boost.Geometry's R-tree
// with `within` on the same polygons.
void BM_LandGrid(benchmark::State& state) {
  const PolygonIndex& index = land_index();
  const auto& pts = sample();
  std::size_t i = 0;
  for (auto _ : state) {
    const auto& [lon, lat] = pts[i++ & (pts.size() - 1)];
    benchmark::DoNotOptimize(index.locate(lon, lat));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_LandGrid);

void BM_LandBoostRtreeWithin(benchmark::State& state) {
  const PolygonIndex& index = land_index();
  const auto& pts = sample();
  std::size_t i = 0;
  for (auto _ : state) {
    const auto& [lon, lat] = pts[i++ & (pts.size() - 1)];
    benchmark::DoNotOptimize(index.locate_exact(lon, lat));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_LandBoostRtreeWithin);

int export_for_peer(const std::filesystem::path& directory, std::size_t count) {
  std::filesystem::create_directories(directory);
  std::ofstream polygons(directory / "polygons.wkt");
  for (const auto& [owner, wkt] : land_index().pieces_wkt()) polygons << owner << '\t' << wkt << '\n';
  std::ofstream out_points(directory / "points.csv");
  std::ofstream answers(directory / "answers.csv");
  out_points.precision(17);
  const auto pts = points(count);
  for (const auto& [lon, lat] : pts) {
    out_points << lon << ',' << lat << '\n';
    answers << land_index().locate(lon, lat) << '\n';
  }
  std::printf("wrote %zu polygons and %zu points to %s\n", land_index().polygon_count(), pts.size(),
              directory.string().c_str());
  return 0;
}

}  // namespace
}  // namespace entente

int main(int argc, char** argv) {
  if (argc >= 3 && std::strcmp(argv[1], "--export") == 0) {
    const std::size_t count = argc >= 4 ? static_cast<std::size_t>(std::stoul(argv[3])) : 200000;
    return entente::export_for_peer(argv[2], count);
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
