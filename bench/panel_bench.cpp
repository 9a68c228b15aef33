// Writes the directed dyad-year panel of the reference data to a file, as CSV or gzip, and
// reports on stdout, as one JSON object, how long reading the data, preparing the panel and
// writing it took. bench/panel_bench.py runs it beside the pandas version of the same panel.
//
//   panel_bench [--data DIR] [--from YEAR] [--to YEAR] [--gzip] --out FILE

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <string_view>

#include "analytics/panel.hpp"
#include "store/data_files.hpp"
#include "store/dataset_reader.hpp"

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  std::string data_dir = "data";
  std::string out_path;
  entente::PanelOptions options;
  options.from = 1949;
  options.to = 2025;
  bool gzip = false;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];  // NOLINT(cppcoreguidelines-pro-bounds-pointer-arithmetic)
    const bool has_value = i + 1 < argc;
    if (arg == "--gzip") {
      gzip = true;
    } else if (arg == "--data" && has_value) {
      data_dir = argv[++i];  // NOLINT(cppcoreguidelines-pro-bounds-pointer-arithmetic)
    } else if (arg == "--out" && has_value) {
      out_path = argv[++i];  // NOLINT(cppcoreguidelines-pro-bounds-pointer-arithmetic)
    } else if (arg == "--from" && has_value) {
      options.from = std::atoi(argv[++i]);  // NOLINT
    } else if (arg == "--to" && has_value) {
      options.to = std::atoi(argv[++i]);  // NOLINT
    } else {
      std::cerr << "usage: panel_bench [--data DIR] [--from YEAR] [--to YEAR] [--gzip] --out FILE\n";
      return 2;
    }
  }
  if (out_path.empty()) {
    std::cerr << "panel_bench: --out FILE is required\n";
    return 2;
  }

  const auto started = std::chrono::steady_clock::now();
  entente::Result<entente::Dataset> dataset = entente::read_dataset(entente::DirectoryDataFiles(data_dir));
  if (!dataset) {
    std::cerr << "panel_bench: " << dataset.status().to_string() << "\n";
    return 1;
  }
  const entente::Registry registry(std::move(*dataset));
  const double read_seconds = seconds_since(started);

  const auto preparing = std::chrono::steady_clock::now();
  const entente::Result<entente::DyadYearPanel> panel = entente::DyadYearPanel::prepare(registry, options, 2025);
  if (!panel) {
    std::cerr << "panel_bench: " << panel.status().to_string() << "\n";
    return 1;
  }
  const double prepare_seconds = seconds_since(preparing);

  const auto writing = std::chrono::steady_clock::now();
  std::ofstream out(out_path, std::ios::binary);
  std::size_t bytes = 0;
  const entente::Status written = panel->write_csv(
      [&](std::string_view chunk) {
        bytes += chunk.size();
        out.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
        return static_cast<bool>(out);
      },
      gzip ? entente::PanelEncoding::kGzip : entente::PanelEncoding::kIdentity);
  out.close();
  if (!written || !out) {
    std::cerr << "panel_bench: cannot write " << out_path << "\n";
    return 1;
  }
  const double write_seconds = seconds_since(writing);
  std::printf(  // NOLINT(cppcoreguidelines-pro-type-vararg)
      "{\"rows\": %lld, \"bytes\": %zu, \"read_seconds\": %.4f, \"prepare_seconds\": %.4f, \"write_seconds\": "
      "%.4f}\n",
      static_cast<long long>(panel->row_count()), bytes, read_seconds, prepare_seconds, write_seconds);
  return 0;
}
