#include "store/dataset_writer.hpp"

#include <charconv>
#include <filesystem>
#include <fstream>
#include <vector>

#include "store/tables.hpp"
#include "store/value_encoding.hpp"

namespace entente {

namespace {

namespace fs = std::filesystem;

// A cell as the data files write it.
std::string cell_text(const Value& value) {
  return std::visit(
      [](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::string>) {
          return v;
        } else if constexpr (std::is_same_v<T, std::int64_t>) {
          return std::to_string(v);
        } else if constexpr (std::is_same_v<T, double>) {
          char buffer[32];
          const auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, v);
          return error == std::errc() ? std::string(buffer, end) : std::string();
        } else if constexpr (std::is_same_v<T, std::optional<double>>) {
          char buffer[32];
          const auto [end, error] =
              v ? std::to_chars(buffer, buffer + sizeof buffer, *v) : std::to_chars_result{buffer, std::errc()};
          return error == std::errc() ? std::string(buffer, end) : std::string();
        } else if constexpr (std::is_same_v<T, Date>) {
          return v.to_string();
        } else if constexpr (std::is_same_v<T, std::optional<Date>>) {
          return v ? v->to_string() : std::string();
        } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
          return join_list(v);
        } else if constexpr (std::is_same_v<T, Vertices>) {
          return polygon_text(v);
        } else {
          return std::string();  // geometry lives in the atlas, not in a data file
        }
      },
      value);
}

// RFC 4180: quoted when it holds a comma, a quote, a line break or edge spaces.
void put_csv(std::string& out, const std::string& cell) {
  const bool quote = cell.find_first_of(",\"\r\n") != std::string::npos ||
                     (!cell.empty() && (cell.front() == ' ' || cell.back() == ' '));
  if (!quote) {
    out += cell;
    return;
  }
  out += '"';
  for (const char c : cell) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

template <typename Record>
std::string file_text(const TableDescription<Record>& table, const Dataset& dataset) {
  std::string text;
  bool first = true;
  for (const Column<Record>& column : table.columns) {
    if (column.csv_name.empty()) continue;
    if (!first) text += ',';
    text += column.csv_name;
    first = false;
  }
  text += '\n';
  for (const Record& record : dataset.*table.rows) {
    first = true;
    for (const Column<Record>& column : table.columns) {
      if (column.csv_name.empty()) continue;
      if (!first) text += ',';
      put_csv(text, column.cell ? column.cell(record) : cell_text(column.get(record)));
      first = false;
    }
    text += '\n';
  }
  return text;
}

}  // namespace

Status write_dataset(const Dataset& dataset, const std::string& directory, bool replace) {
  std::error_code error;
  fs::create_directories(directory, error);
  if (error) return Status(ErrorCode::kIo, "cannot create " + directory + ": " + error.message());
  std::vector<std::pair<fs::path, std::string>> files;
  Status collected = for_each_table([&](const auto& table) -> Status {
    if (table.file == nullptr) return Status::ok();
    const fs::path path = fs::path(directory) / table.file;
    if (!replace && fs::exists(path, error)) {
      return Status(ErrorCode::kInvalidArgument,
                    path.string() + " exists; choose an empty folder or pass --force to replace the files");
    }
    files.emplace_back(path, file_text(table, dataset));
    return Status::ok();
  });
  if (!collected) return collected;
  for (const auto& [path, text] : files) {
    const fs::path temporary = path.string() + ".tmp";
    {
      std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
      out << text;
      out.close();
      if (!out) return Status(ErrorCode::kIo, "cannot write " + temporary.string());
    }
    fs::rename(temporary, path, error);
    if (error) return Status(ErrorCode::kIo, "cannot rename " + temporary.string() + ": " + error.message());
  }
  return Status::ok();
}

}  // namespace entente
