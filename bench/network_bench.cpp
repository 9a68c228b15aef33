// The network of nations on the reference data, year by year: the graphs for
// bench/network_bench.py and the time Entente takes over them (run from the repository root).
//
//   build/release/bench/network_bench DIR [FROM TO [REPEATS]]
//
// For every year FROM..TO (default 1949..2025), as of 31 December with the default options,
// writes DIR/YEAR/nodes.csv, DIR/YEAR/edges.csv and DIR/YEAR/modularity.txt (the metrics, the
// weighted edges and the partition's modularity, empty without edges), then
// times, REPEATS times (default 5), two passes over the years with no file I/O: the metrics
// alone on the built graphs (compute_network_metrics: degree, strength, betweenness,
// eigenvector, Louvain and modularity) and the whole series from the registry
// (build_network_series). Prints the median seconds of each as JSON on stdout.

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "analytics/network.hpp"
#include "store/dataset_reader.hpp"

namespace entente {
namespace {

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

int run(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: network_bench DIR [FROM TO [REPEATS]]\n");
    return 2;
  }
  const std::filesystem::path directory = argv[1];
  const int from = argc > 3 ? std::atoi(argv[2]) : 1949;
  const int to = argc > 3 ? std::atoi(argv[3]) : 2025;
  const int repeats = argc > 4 ? std::max(1, std::atoi(argv[4])) : 5;

  Result<Dataset> dataset = read_dataset(DirectoryDataFiles("data"));
  if (!dataset) {
    std::fprintf(stderr, "network_bench: %s (run from the repository root)\n", dataset.status().to_string().c_str());
    return 1;
  }
  const Registry registry(std::move(*dataset));
  NetworkSeriesOptions options;
  options.from = from;
  options.to = to;
  // A "today" after the range: every year as of 31 December.
  const Date today = Date::from_ymd(kNetworkMaxYear, 12, 31);

  Result<NetworkSeries> series = build_network_series(registry, options, today);
  if (!series) {
    std::fprintf(stderr, "network_bench: %s\n", series.status().to_string().c_str());
    return 1;
  }
  std::size_t edges = 0;
  for (const Network& network : series->years) {
    const std::filesystem::path folder = directory / std::to_string(network.as_of.year());
    std::filesystem::create_directories(folder);
    write_file(folder / "nodes.csv", nodes_to_csv(network));
    write_file(folder / "edges.csv", edges_to_csv(network));
    std::array<char, 32> modularity{};
    if (network.modularity) std::snprintf(modularity.data(), modularity.size(), "%.17g", *network.modularity);
    write_file(folder / "modularity.txt", std::string(modularity.data()) + "\n");
    edges += network.edges.size();
  }

  std::vector<double> metrics_times;
  std::vector<double> series_times;
  for (int repeat = 0; repeat < repeats; ++repeat) {
    std::vector<Network> graphs = series->years;  // copied outside the timed pass
    auto start = std::chrono::steady_clock::now();
    for (Network& network : graphs) {
      if (Status status = compute_network_metrics(network); !status) {
        std::fprintf(stderr, "network_bench: %s\n", status.to_string().c_str());
        return 1;
      }
    }
    metrics_times.push_back(seconds_since(start));

    start = std::chrono::steady_clock::now();
    const Result<NetworkSeries> again = build_network_series(registry, options, today);
    series_times.push_back(seconds_since(start));
    if (!again) return 1;
  }
  std::printf(
      "{\"from\": %d, \"to\": %d, \"graphs\": %zu, \"edges\": %zu, \"repeats\": %d, "
      "\"metrics_seconds\": %.6f, \"series_seconds\": %.6f}\n",
      from, to, series->years.size(), edges, repeats, median(metrics_times), median(series_times));
  return 0;
}

}  // namespace
}  // namespace entente

int main(int argc, char** argv) {
  try {
    return entente::run(argc, argv);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "network_bench: %s\n", error.what());
  } catch (...) {
    std::fprintf(stderr, "network_bench: unknown failure\n");
  }
  return 1;
}
