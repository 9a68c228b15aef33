#include "analytics/atop.hpp"

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <charconv>
#include <cstring>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>
#include <system_error>
#include <tuple>
#include <utility>

#include "core/csv.hpp"
#include "core/text.hpp"

namespace entente {

namespace json = boost::json;

namespace {

// Records per parse_csv call: bounds the memory a million-row file takes while it is read.
constexpr std::size_t kBatchRecords = 4096;

constexpr std::array<AtopFileKind, 3> kKinds{AtopFileKind::kAlliances, AtopFileKind::kMembers, AtopFileKind::kDyads};
// The order layouts are recognised in: the most distinctive columns first.
constexpr std::array<AtopFileKind, 3> kDetectionOrder{AtopFileKind::kDyads, AtopFileKind::kMembers,
                                                      AtopFileKind::kAlliances};

std::string_view layout_name(AtopFileKind kind) {
  switch (kind) {
    case AtopFileKind::kAlliances: return "alliance-level";
    case AtopFileKind::kMembers: return "member-level";
    case AtopFileKind::kDyads: return "directed dyad-year";
  }
  return "alliance-level";
}

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string joined;
  for (const std::string& part : parts) joined += (joined.empty() ? "" : std::string(separator)) + part;
  return joined;
}

std::string column_list(AtopFileKind kind) {
  std::vector<std::string> names;
  for (std::string_view name : atop_required_columns(kind)) names.emplace_back(name);
  return join(names, ", ");
}

// "the ATOP member-level file (atopid, member, yrent, yrexit)"
std::string layout_with_columns(AtopFileKind kind) {
  return "the ATOP " + std::string(layout_name(kind)) + " file (" + column_list(kind) + ")";
}

Status invalid(std::string message) { return Status(ErrorCode::kInvalidArgument, std::move(message)); }

std::string file_label(std::string_view file_name) {
  return file_name.empty() ? std::string("<input>") : std::string(file_name);
}

std::string mebibytes(std::uint64_t bytes) {
  std::ostringstream out;
  out.precision(1);
  out << std::fixed << static_cast<double>(bytes) / (1024.0 * 1024.0) << " MiB";
  return out.str();
}

// One record of the file: its bytes (with its line end) and the line it starts on.
struct RecordSpan {
  std::string_view text;
  int line = 0;
};

// Splits CSV text into records without parsing their fields: a line end outside quotes
// ends a record. A doubled quote toggles twice, so it needs no special case.
class RecordScanner {
 public:
  explicit RecordScanner(std::string_view text) : text_(text) {}

  // The next record, or blank line; false at the end of the text.
  bool next(RecordSpan& span) {
    if (position_ < text_.size()) {
      const std::size_t begin = position_;
      const int first_line = line_;
      bool in_quotes = false;
      std::size_t end = text_.size();
      for (std::size_t i = begin; i < text_.size(); ++i) {
        const char c = text_[i];
        if (c == '"') {
          in_quotes = !in_quotes;
        } else if (c == '\n') {
          ++line_;
          if (!in_quotes) {
            end = i + 1;
            break;
          }
        }
      }
      position_ = end;
      span = {text_.substr(begin, end - begin), first_line};
      return true;
    }
    return false;
  }

  // The next record that is not a blank line.
  bool next_record(RecordSpan& span) {
    while (next(span)) {
      if (span.text.find_first_not_of("\r\n") != std::string_view::npos) return true;
    }
    return false;
  }

 private:
  std::string_view text_;
  std::size_t position_ = 0;
  int line_ = 1;
};

// The problems found in rows, the first few of them spelt out.
class RowProblems {
 public:
  RowProblems(std::string_view file_name, std::size_t shown_at_most)
      : file_name_(file_label(file_name)), shown_at_most_(std::max<std::size_t>(shown_at_most, 1)) {}

  void add(int line, const std::string& reason) {
    ++total_;
    if (shown_.size() < shown_at_most_) shown_.push_back(file_name_ + ":" + std::to_string(line) + ": " + reason);
  }
  bool empty() const { return total_ == 0; }

  Status status() const {
    if (total_ == 1) return invalid(shown_.front());
    std::string message = file_name_ + ": " + std::to_string(total_) + " rows are not valid: " + join(shown_, "; ");
    if (total_ > shown_.size()) message += "; and " + std::to_string(total_ - shown_.size()) + " more";
    return invalid(message);
  }

 private:
  std::string file_name_;
  std::size_t shown_at_most_;
  std::vector<std::string> shown_;
  std::size_t total_ = 0;
};

bool is_missing(std::string_view cell) {
  return cell.empty() || cell == "." || cell == "NA" || cell == "na" || cell == "Na" || cell == "nA";
}

// A whole number, also written with zero decimals ("1.0", as tools that hold a column
// with missing values as decimals write it).
std::optional<std::int64_t> parse_whole(std::string_view cell) {
  const std::size_t dot = cell.find('.');
  if (dot != std::string_view::npos) {
    const std::string_view decimals = cell.substr(dot + 1);
    if (decimals.empty() || decimals.find_first_not_of('0') != std::string_view::npos) return std::nullopt;
    cell = cell.substr(0, dot);
  }
  if (!cell.empty() && cell.front() == '+') cell.remove_prefix(1);
  std::int64_t number = 0;
  const auto [end, error] = std::from_chars(cell.data(), cell.data() + cell.size(), number);
  if (error != std::errc() || end != cell.data() + cell.size() || cell.empty()) return std::nullopt;
  return number;
}

std::optional<double> parse_decimal(std::string_view cell) {
  double number = 0;
  const auto [end, error] = std::from_chars(cell.data(), cell.data() + cell.size(), number);
  if (error != std::errc() || end != cell.data() + cell.size() || cell.empty()) return std::nullopt;
  return number;
}

// The cells of one record, read by column index; the first problem is kept and ends the
// row's reading (later reads return nothing).
class CellReader {
 public:
  explicit CellReader(const std::vector<std::string>& cells) : cells_(cells) {}

  const std::string& problem() const { return problem_; }
  bool ok() const { return problem_.empty(); }

  // A whole number in [minimum, maximum], or nothing when the cell is missing and
  // `required` is false.
  std::optional<std::int64_t> whole(std::size_t index, std::string_view column, std::int64_t minimum,
                                    std::int64_t maximum, bool required) {
    if (!ok()) return std::nullopt;
    const std::string_view cell = trim(cells_[index]);
    if (is_missing(cell)) {
      if (required) problem_ = std::string(column) + " is missing; every row needs it";
      return std::nullopt;
    }
    const std::optional<std::int64_t> number = parse_whole(cell);
    if (!number) {
      problem_ = std::string(column) + ": '" + std::string(cell) + "' is not a whole number";
      return std::nullopt;
    }
    if (*number < minimum || *number > maximum) {
      problem_ = std::string(column) + ": " + std::to_string(*number) + " is outside " + std::to_string(minimum) +
                 ".." + std::to_string(maximum);
      return std::nullopt;
    }
    return number;
  }

  std::optional<int> small(std::size_t index, std::string_view column, std::int64_t minimum, std::int64_t maximum,
                           bool required) {
    const std::optional<std::int64_t> number = whole(index, column, minimum, maximum, required);
    if (!number) return std::nullopt;
    return static_cast<int>(*number);
  }

  // A year in [kAtopFirstYear, kAtopLastYear]. An end year may be 0, which ATOP writes for
  // an alliance or a membership still in force: kept as missing.
  std::optional<int> year(std::size_t index, std::string_view column, bool required, bool end_year) {
    if (!ok()) return std::nullopt;
    if (end_year && parse_whole(trim(cells_[index])) == std::int64_t{0}) return std::nullopt;
    return small(index, column, kAtopFirstYear, kAtopLastYear, required);
  }

  // A provision code: 0 when the treaty lacks it, another value when it has it.
  std::optional<int> code(std::size_t index, std::string_view column) { return small(index, column, 0, 9999, false); }

 private:
  const std::vector<std::string>& cells_;
  std::string problem_;
};

constexpr std::int64_t kMaxAtopId = 99'999'999;
constexpr std::int64_t kMaxStateNumber = 999;  // Correlates of War state numbers run from 2 to 990

// The columns of a checked header: lower-case names, and where each one is.
struct Header {
  std::vector<std::string> names;  // lower case; empty for an unnamed column
  std::map<std::string, std::size_t, std::less<>> index;

  std::size_t at(std::string_view name) const { return index.find(name)->second; }
};

// What a file starts with, once its format is checked.
struct FileStart {
  std::string_view body;  // the text without a byte order mark
  RecordSpan header_span;
  Header header;
  AtopFileKind kind = AtopFileKind::kAlliances;
};

// parse_csv's "name:line: reason" with the line moved by `offset` and the code made
// kInvalidArgument: the records were parsed out of a slice of the file.
Status shift_csv_error(const Status& status, const std::string& label, int offset) {
  const std::string& message = status.message();
  const std::string prefix = label + ":";
  if (message.compare(0, prefix.size(), prefix) == 0) {
    const std::size_t colon = message.find(':', prefix.size());
    if (colon != std::string::npos) {
      const std::optional<std::int64_t> line =
          parse_whole(std::string_view(message).substr(prefix.size(), colon - prefix.size()));
      if (line) return invalid(prefix + std::to_string(*line + offset) + message.substr(colon));
    }
  }
  return invalid(message);
}

// Names of formats that are not CSV, recognised by their first bytes.
std::optional<std::string> foreign_format(std::string_view text) {
  const auto starts = [text](std::string_view magic) { return text.substr(0, magic.size()) == magic; };
  if (starts("\x1f\x8b")) return std::string("a gzip-compressed file; unpack it and import the CSV inside");
  if (starts(std::string_view("PK\x03\x04", 4))) {
    return std::string("a ZIP archive (as ATOP's downloads come); extract the CSV file and import that");
  }
  if (starts("<stata_dta>")) return std::string("a Stata data file; import ATOP's CSV version instead");
  if (starts("\xD0\xCF\x11\xE0")) return std::string("an Excel or other Office file; save it as CSV first");
  if (starts("%PDF")) return std::string("a PDF document, not a data file");
  if (std::memchr(text.data(), '\0', text.size()) != nullptr) {
    return std::string("a binary file (it holds NUL bytes), not a CSV file");
  }
  return std::nullopt;
}

Result<Header> check_header(const std::vector<std::string>& cells, const std::string& label) {
  Header header;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    std::string name = ascii_lower(trim(cells[i]));
    if (!name.empty() && !header.index.emplace(name, i).second) {
      return invalid(label + ":1: the column " + name + " appears twice in the header");
    }
    header.names.push_back(std::move(name));
  }
  return header;
}

// The columns of `kind` the header lacks.
std::vector<std::string> missing_columns(const Header& header, AtopFileKind kind) {
  std::vector<std::string> missing;
  for (std::string_view name : atop_required_columns(kind)) {
    if (header.index.count(name) == 0) missing.emplace_back(name);
  }
  return missing;
}

Result<FileStart> read_start(std::string_view text, std::string_view file_name, const AtopLimits& limits,
                             std::optional<AtopFileKind> expected) {
  const std::string label = file_label(file_name);
  if (text.size() > limits.max_file_bytes) {
    return invalid(label + ": the file is " + mebibytes(text.size()) + "; ATOP files are imported up to " +
                   mebibytes(limits.max_file_bytes));
  }
  FileStart start;
  start.body = text;
  if (start.body.substr(0, 3) == "\xEF\xBB\xBF") start.body.remove_prefix(3);
  if (start.body.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return invalid(label + ": the file is empty; expected an ATOP CSV file whose first line names its columns");
  }
  if (std::optional<std::string> format = foreign_format(start.body)) return invalid(label + ": this is " + *format);
  RecordScanner scanner(start.body);
  if (!scanner.next_record(start.header_span)) return invalid(label + ": the file is empty");
  if (start.header_span.text.size() > limits.max_row_bytes) {
    return invalid(label + ":" + std::to_string(start.header_span.line) + ": the header is longer than " +
                   std::to_string(limits.max_row_bytes / 1024) + " KiB; this is not an ATOP CSV file");
  }
  Result<CsvTable> parsed = parse_csv(start.header_span.text, label);
  if (!parsed) return shift_csv_error(parsed.status(), label, start.header_span.line - 1);
  const std::vector<std::string>& cells = parsed->header;
  if (cells.size() == 1) {
    for (const char delimiter : {';', '\t', '|'}) {
      if (cells.front().find(delimiter) != std::string::npos) {
        const std::string shown = delimiter == '\t' ? std::string("tabs") : "'" + std::string(1, delimiter) + "'";
        return invalid(label + ": the columns are separated by " + shown +
                       "; expected comma-separated values as ATOP publishes them");
      }
    }
  }
  Result<Header> header = check_header(cells, label);
  if (!header) return header.status();
  start.header = std::move(*header);
  Result<AtopFileKind> kind = detect_atop_kind(cells);
  if (expected) {
    if (kind && *kind != *expected) {
      return invalid(label + ": expected " + layout_with_columns(*expected) + " but this is the ATOP " +
                     std::string(layout_name(*kind)) + " file");
    }
    if (!kind) {
      return invalid(label + ": expected " + layout_with_columns(*expected) + " but the header lacks " +
                     join(missing_columns(start.header, *expected), ", "));
    }
  }
  if (!kind) return invalid(label + ": " + kind.status().message());
  start.kind = *kind;
  return start;
}

// The non-key columns of a row as a JSON object text.
std::string fields_json(const Header& header, const std::vector<std::string>& cells, const std::vector<bool>& is_key) {
  json::object object;
  for (std::size_t i = 0; i < cells.size() && i < header.names.size(); ++i) {
    if (is_key[i] || header.names[i].empty()) continue;
    const std::string_view cell = trim(cells[i]);
    json::value& value = object[header.names[i]];
    if (is_missing(cell)) {
      value = nullptr;
    } else if (const std::optional<std::int64_t> whole = parse_whole(cell)) {
      value = *whole;
    } else if (const std::optional<double> decimal = parse_decimal(cell)) {
      value = *decimal;
    } else {
      value = cell;
    }
  }
  return json::serialize(object);
}

std::vector<bool> key_columns(const Header& header, AtopFileKind kind) {
  std::vector<bool> is_key(header.names.size(), false);
  for (std::string_view name : atop_required_columns(kind)) is_key[header.at(name)] = true;
  return is_key;
}

// Converts the records of one layout, row by row.
class RowConverter {
 public:
  RowConverter(const Header& header, AtopImport& out, RowProblems& problems)
      : header_(header), out_(out), problems_(problems), is_key_(key_columns(header, out.kind)) {
    for (std::size_t i = 0; i < kAtopProvisionColumns.size(); ++i) {
      const auto found = header.index.find(kAtopProvisionColumns[i]);
      provision_at_[i] = found == header.index.end() ? header.names.size() : found->second;
    }
  }

  void add(const CsvRecord& record) {
    CellReader cells(record.fields);
    switch (out_.kind) {
      case AtopFileKind::kAlliances: add_alliance(cells, record); break;
      case AtopFileKind::kMembers: add_member(cells, record); break;
      case AtopFileKind::kDyads: add_dyad(cells, record); break;
    }
    if (!cells.ok()) problems_.add(record.line, cells.problem());
  }

 private:
  AtopProvisions provisions(CellReader& cells) const {
    AtopProvisions values{};
    for (std::size_t i = 0; i < values.size(); ++i) values[i] = cells.code(provision_at_[i], kAtopProvisionColumns[i]);
    return values;
  }

  void add_alliance(CellReader& cells, const CsvRecord& record) {
    AtopAllianceRow row;
    row.line = record.line;
    row.atopid = cells.whole(header_.at("atopid"), "atopid", 1, kMaxAtopId, true).value_or(0);
    row.begyr = cells.year(header_.at("begyr"), "begyr", false, false);
    row.endyr = cells.year(header_.at("endyr"), "endyr", false, true);
    row.provisions = provisions(cells);
    if (cells.ok() && row.begyr && row.endyr && *row.endyr < *row.begyr) {
      problems_.add(record.line,
                    "endyr " + std::to_string(*row.endyr) + " is before begyr " + std::to_string(*row.begyr));
      return;
    }
    if (!cells.ok()) return;
    row.fields = fields_json(header_, record.fields, is_key_);
    out_.alliances.push_back(std::move(row));
  }

  void add_member(CellReader& cells, const CsvRecord& record) {
    AtopMemberRow row;
    row.line = record.line;
    row.atopid = cells.whole(header_.at("atopid"), "atopid", 1, kMaxAtopId, true).value_or(0);
    row.member = cells.small(header_.at("member"), "member", 1, kMaxStateNumber, true).value_or(0);
    row.yrent = cells.year(header_.at("yrent"), "yrent", false, false);
    row.yrexit = cells.year(header_.at("yrexit"), "yrexit", false, true);
    if (cells.ok() && row.yrent && row.yrexit && *row.yrexit < *row.yrent) {
      problems_.add(record.line,
                    "yrexit " + std::to_string(*row.yrexit) + " is before yrent " + std::to_string(*row.yrent));
      return;
    }
    if (!cells.ok()) return;
    row.fields = fields_json(header_, record.fields, is_key_);
    out_.members.push_back(std::move(row));
  }

  void add_dyad(CellReader& cells, const CsvRecord& record) {
    AtopDyadRow row;
    row.line = record.line;
    row.state_a = cells.small(header_.at("statea"), "stateA", 1, kMaxStateNumber, true).value_or(0);
    row.state_b = cells.small(header_.at("stateb"), "stateB", 1, kMaxStateNumber, true).value_or(0);
    row.year = cells.year(header_.at("year"), "year", true, false).value_or(0);
    row.atopally = cells.code(header_.at("atopally"), "atopally");
    row.provisions = provisions(cells);
    if (!cells.ok()) return;
    if (row.state_a == row.state_b) {
      problems_.add(record.line, "stateA and stateB are both " + std::to_string(row.state_a));
      return;
    }
    out_.dyads.push_back(row);
  }

  const Header& header_;
  AtopImport& out_;
  RowProblems& problems_;
  std::vector<bool> is_key_;
  std::array<std::size_t, 5> provision_at_{};
};

// A row whose key an earlier row has already: "a second row for ...".
template <typename Row, typename Key, typename Describe>
void find_duplicates(const std::vector<Row>& rows, Key key_of, Describe describe, RowProblems& problems) {
  using KeyType = decltype(key_of(rows.front()));
  std::vector<std::pair<KeyType, std::size_t>> keys;
  keys.reserve(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) keys.emplace_back(key_of(rows[i]), i);
  std::sort(keys.begin(), keys.end());
  std::vector<std::pair<int, std::string>> found;
  for (std::size_t i = 1; i < keys.size(); ++i) {
    if (keys[i].first != keys[i - 1].first) continue;
    const Row& first = rows[std::min(keys[i - 1].second, keys[i].second)];
    const Row& again = rows[std::max(keys[i - 1].second, keys[i].second)];
    found.emplace_back(again.line, "a second row for " + describe(again) + " (the first is on line " +
                                       std::to_string(first.line) + ")");
  }
  std::sort(found.begin(), found.end());
  for (const auto& [line, reason] : found) problems.add(line, reason);
}

// Nullable integer columns travel as optional reals: SQLite keeps an integral real in a
// STRICT INTEGER column as an integer.
Value optional_integer(const std::optional<int>& number) {
  return Value(number ? std::optional<double>(*number) : std::optional<double>());
}

std::optional<int> optional_integer(const Value& value) {
  const auto* number = std::get_if<std::optional<double>>(&value);
  if (number == nullptr || !*number) return std::nullopt;
  return static_cast<int>(**number);
}

std::int64_t integer(const Value& value) {
  const auto* number = std::get_if<std::int64_t>(&value);
  return number == nullptr ? 0 : *number;
}

std::string text(const Value& value) {
  const auto* string = std::get_if<std::string>(&value);
  return string == nullptr ? std::string() : *string;
}

const RowShape& alliance_shape() {
  static const RowShape kShape{"atop_alliances",
                               {{"atopid", ValueType::kInteger},
                                {"begyr", ValueType::kOptionalReal},
                                {"endyr", ValueType::kOptionalReal},
                                {"defense", ValueType::kOptionalReal},
                                {"offense", ValueType::kOptionalReal},
                                {"neutral", ValueType::kOptionalReal},
                                {"nonagg", ValueType::kOptionalReal},
                                {"consul", ValueType::kOptionalReal},
                                {"fields", ValueType::kText}}};
  return kShape;
}

const RowShape& member_shape() {
  static const RowShape kShape{"atop_members",
                               {{"atopid", ValueType::kInteger},
                                {"member", ValueType::kInteger},
                                {"yrent", ValueType::kOptionalReal},
                                {"yrexit", ValueType::kOptionalReal},
                                {"fields", ValueType::kText}}};
  return kShape;
}

const RowShape& dyad_shape() {
  static const RowShape kShape{"atop_dyads",
                               {{"state_a", ValueType::kInteger},
                                {"state_b", ValueType::kInteger},
                                {"year", ValueType::kInteger},
                                {"atopally", ValueType::kOptionalReal},
                                {"defense", ValueType::kOptionalReal},
                                {"offense", ValueType::kOptionalReal},
                                {"neutral", ValueType::kOptionalReal},
                                {"nonagg", ValueType::kOptionalReal},
                                {"consul", ValueType::kOptionalReal}}};
  return kShape;
}

// atop_imports as written (its id assigned by the database) and as read.
const RowShape& import_write_shape() {
  static const RowShape kShape{"atop_imports",
                               {{"kind", ValueType::kText},
                                {"file_name", ValueType::kText},
                                {"rows", ValueType::kInteger},
                                {"imported_at", ValueType::kText},
                                {"imported_by", ValueType::kText}}};
  return kShape;
}

const RowShape& import_read_shape() {
  static const RowShape kShape{"atop_imports",
                               {{"id", ValueType::kInteger},
                                {"kind", ValueType::kText},
                                {"file_name", ValueType::kText},
                                {"rows", ValueType::kInteger},
                                {"imported_at", ValueType::kText},
                                {"imported_by", ValueType::kText}}};
  return kShape;
}

void put_provisions(RowValues& values, std::size_t first, const AtopProvisions& provisions) {
  for (std::size_t i = 0; i < provisions.size(); ++i) values[first + i] = optional_integer(provisions[i]);
}

AtopProvisions get_provisions(const RowValues& values, std::size_t first) {
  AtopProvisions provisions{};
  for (std::size_t i = 0; i < provisions.size(); ++i) provisions[i] = optional_integer(values[first + i]);
  return provisions;
}

// Writes `rows` through write_rows; a row the database refuses is named by its line.
template <typename Row, typename Fill>
Status write_all(Transaction& write, const RowShape& shape, const std::vector<Row>& rows, const std::string& label,
                 Fill fill) {
  std::size_t next = 0;
  const RowSource source = [&](RowValues& values) {
    if (next == rows.size()) return false;
    values.resize(shape.columns.size());
    fill(rows[next], values);
    ++next;
    return true;
  };
  Status status = write.write_rows(shape, RowWrite::kReplace, source);
  if (status || next == 0) return status;
  if (status.code() == ErrorCode::kConflict || status.code() == ErrorCode::kInvalidData) {
    return invalid(label + ":" + std::to_string(rows[next - 1].line) + ": the database refused the row (" +
                   status.message() + ")");
  }
  return status;
}

json::value optional_json(const std::optional<int>& number) {
  if (!number) return nullptr;
  return *number;
}

std::string optional_cell(const std::optional<int>& number) { return number ? std::to_string(*number) : ""; }

// The members of `alliance` on `day`: those of its organisation, or its own member rows.
int entente_members_on(const Registry& registry, const Alliance& alliance, Date day) {
  std::set<std::string> nations;
  if (!alliance.organisation.empty()) {
    if (const Organisation* organisation = registry.find_organisation(alliance.organisation)) {
      for (const Membership* membership : registry.members(*organisation, day)) {
        if (membership->status == MembershipStatus::kMember) nations.insert(membership->nation);
      }
    }
  } else {
    for (const AllianceMember& member : registry.dataset().alliance_members) {
      if (member.alliance == alliance.id && member.period.from <= day &&
          (!member.period.to || day < *member.period.to)) {
        nations.insert(member.nation);
      }
    }
  }
  return static_cast<int>(nations.size());
}

}  // namespace

std::string_view to_string(AtopFileKind kind) {
  switch (kind) {
    case AtopFileKind::kAlliances: return "alliances";
    case AtopFileKind::kMembers: return "members";
    case AtopFileKind::kDyads: return "dyads";
  }
  return "alliances";
}

std::optional<AtopFileKind> parse_atop_file_kind(std::string_view word) {
  for (const AtopFileKind kind : kKinds) {
    if (to_string(kind) == word) return kind;
  }
  return std::nullopt;
}

const std::vector<std::string_view>& atop_required_columns(AtopFileKind kind) {
  static const std::vector<std::string_view> kAlliances{"atopid",  "begyr",   "endyr",  "defense",
                                                        "offense", "neutral", "nonagg", "consul"};
  static const std::vector<std::string_view> kMembers{"atopid", "member", "yrent", "yrexit"};
  static const std::vector<std::string_view> kDyads{"statea",  "stateb",  "year",   "atopally", "defense",
                                                    "offense", "neutral", "nonagg", "consul"};
  switch (kind) {
    case AtopFileKind::kAlliances: return kAlliances;
    case AtopFileKind::kMembers: return kMembers;
    case AtopFileKind::kDyads: return kDyads;
  }
  return kAlliances;
}

std::size_t AtopImport::rows() const {
  switch (kind) {
    case AtopFileKind::kAlliances: return alliances.size();
    case AtopFileKind::kMembers: return members.size();
    case AtopFileKind::kDyads: return dyads.size();
  }
  return 0;
}

Result<AtopFileKind> detect_atop_kind(const std::vector<std::string>& header) {
  std::set<std::string, std::less<>> present;
  for (const std::string& name : header) present.insert(ascii_lower(trim(name)));
  std::optional<AtopFileKind> closest;
  std::vector<std::string> closest_missing;
  std::size_t closest_found = 0;
  for (const AtopFileKind kind : kDetectionOrder) {
    std::vector<std::string> missing;
    for (std::string_view name : atop_required_columns(kind)) {
      if (present.count(name) == 0) missing.emplace_back(name);
    }
    if (missing.empty()) return kind;
    const std::size_t found = atop_required_columns(kind).size() - missing.size();
    // A layout's own key columns must be there for the file to look like it.
    const std::string_view key = atop_required_columns(kind)[kind == AtopFileKind::kDyads ? 0 : 1];
    const bool looks_like = kind == AtopFileKind::kAlliances ? present.count("atopid") > 0 : present.count(key) > 0;
    if (looks_like && found > closest_found) {
      closest = kind;
      closest_missing = std::move(missing);
      closest_found = found;
    }
  }
  if (closest) {
    return invalid("this looks like " + layout_with_columns(*closest) + " but the header lacks " +
                   join(closest_missing, ", "));
  }
  std::vector<std::string> shown(header.begin(),
                                 header.begin() + static_cast<std::ptrdiff_t>(std::min<std::size_t>(header.size(), 8)));
  return invalid("this is not an ATOP file: expected " + layout_with_columns(AtopFileKind::kAlliances) + ", " +
                 layout_with_columns(AtopFileKind::kMembers) + " or " + layout_with_columns(AtopFileKind::kDyads) +
                 "; the header has " + (shown.empty() ? std::string("no columns") : join(shown, ", ")) +
                 (header.size() > shown.size() ? ", ..." : ""));
}

Result<AtopFileKind> detect_atop_file_kind(std::string_view text, std::string_view file_name,
                                           const AtopLimits& limits) {
  Result<FileStart> start = read_start(text, file_name, limits, std::nullopt);
  if (!start) return start.status();
  return start->kind;
}

Result<AtopImport> read_atop_text(std::string_view text, std::string_view file_name,
                                  std::optional<AtopFileKind> expected, const AtopLimits& limits) {
  const std::string label = file_label(file_name);
  Result<FileStart> start = read_start(text, file_name, limits, expected);
  if (!start) return start.status();
  AtopImport result;
  result.kind = start->kind;
  result.file_name = std::string(file_name);

  // Parse the records in batches, each after a copy of the header, so that parse_csv
  // checks field counts and quoting while memory stays bounded. Blank lines go into the
  // batches too, which keeps parse_csv's line numbers in step with the file's.
  const std::string_view header_text = start->header_span.text;
  const int header_lines = static_cast<int>(std::count(header_text.begin(), header_text.end(), '\n'));
  const bool header_ends_line = !header_text.empty() && header_text.back() == '\n';
  RowProblems problems(file_name, limits.max_reported_problems);
  RowConverter converter(start->header, result, problems);
  RecordScanner scanner(start->body);
  RecordSpan span;
  (void)scanner.next_record(span);  // the header
  std::size_t records = 0;
  bool more = scanner.next(span);
  while (more) {
    std::string chunk(header_text);
    if (!header_ends_line) chunk += '\n';
    const int first_line = span.line;
    std::size_t in_batch = 0;
    while (more && in_batch < kBatchRecords) {
      if (span.text.size() > limits.max_row_bytes) {
        return invalid(label + ":" + std::to_string(span.line) + ": the row is longer than " +
                       std::to_string(limits.max_row_bytes / 1024) + " KiB" +
                       (span.text.find('"') != std::string_view::npos ? " (is a quote left open?)" : ""));
      }
      chunk.append(span.text);
      ++in_batch;
      more = scanner.next(span);
    }
    const int offset = first_line - (std::max(header_lines, 1) + 1);
    Result<CsvTable> parsed = parse_csv(chunk, label);
    if (!parsed) return shift_csv_error(parsed.status(), label, offset);
    for (CsvRecord& record : parsed->records) {
      record.line += offset;
      converter.add(record);
    }
    records += parsed->records.size();
  }
  if (records == 0) return invalid(label + ": the file has a header but no rows");

  switch (result.kind) {
    case AtopFileKind::kAlliances:
      find_duplicates(
          result.alliances, [](const AtopAllianceRow& row) { return row.atopid; },
          [](const AtopAllianceRow& row) { return "atopid " + std::to_string(row.atopid); }, problems);
      break;
    case AtopFileKind::kMembers: break;  // a member may have a row per phase of an alliance
    case AtopFileKind::kDyads:
      find_duplicates(
          result.dyads,
          [](const AtopDyadRow& row) {
            return (static_cast<std::uint64_t>(row.state_a) << 32U) | (static_cast<std::uint64_t>(row.state_b) << 16U) |
                   static_cast<std::uint64_t>(row.year);
          },
          [](const AtopDyadRow& row) {
            return "stateA " + std::to_string(row.state_a) + ", stateB " + std::to_string(row.state_b) + ", year " +
                   std::to_string(row.year);
          },
          problems);
      break;
  }
  if (!problems.empty()) return problems.status();
  // In key order the database appends to its index instead of inserting all over it.
  std::sort(result.dyads.begin(), result.dyads.end(), [](const AtopDyadRow& a, const AtopDyadRow& b) {
    return std::tie(a.state_a, a.state_b, a.year) < std::tie(b.state_a, b.state_b, b.year);
  });
  return result;
}

Result<AtopImport> read_atop_file(const std::filesystem::path& path, std::optional<AtopFileKind> expected,
                                  const AtopLimits& limits) {
  const std::string name = path.filename().string();
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    return Status(ErrorCode::kIo, path.string() + " is a directory; name an ATOP CSV file");
  }
  const std::uintmax_t size = std::filesystem::file_size(path, error);
  if (error) return Status(ErrorCode::kIo, "cannot read " + path.string() + ": " + error.message());
  if (size > limits.max_file_bytes) {
    return invalid(name + ": the file is " + mebibytes(size) + "; ATOP files are imported up to " +
                   mebibytes(limits.max_file_bytes));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status(ErrorCode::kIo, "cannot open " + path.string());
  std::string text;
  text.resize(static_cast<std::size_t>(size));
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  if (in.gcount() != static_cast<std::streamsize>(text.size())) {
    return Status(ErrorCode::kIo, "cannot read the whole of " + path.string());
  }
  return read_atop_text(text, name, expected, limits);
}

Result<AtopImportRecord> write_atop_import(Transaction& write, const AtopImport& data, const std::string& imported_at,
                                           const std::string& imported_by) {
  const std::string label = file_label(data.file_name);
  Status status;
  switch (data.kind) {
    case AtopFileKind::kAlliances:
      status =
          write_all(write, alliance_shape(), data.alliances, label, [](const AtopAllianceRow& row, RowValues& values) {
            values[0] = row.atopid;
            values[1] = optional_integer(row.begyr);
            values[2] = optional_integer(row.endyr);
            put_provisions(values, 3, row.provisions);
            values[8] = row.fields;
          });
      break;
    case AtopFileKind::kMembers:
      status = write_all(write, member_shape(), data.members, label, [](const AtopMemberRow& row, RowValues& values) {
        values[0] = row.atopid;
        values[1] = std::int64_t{row.member};
        values[2] = optional_integer(row.yrent);
        values[3] = optional_integer(row.yrexit);
        values[4] = row.fields;
      });
      break;
    case AtopFileKind::kDyads:
      status = write_all(write, dyad_shape(), data.dyads, label, [](const AtopDyadRow& row, RowValues& values) {
        values[0] = std::int64_t{row.state_a};
        values[1] = std::int64_t{row.state_b};
        values[2] = std::int64_t{row.year};
        values[3] = optional_integer(row.atopally);
        put_provisions(values, 4, row.provisions);
      });
      break;
  }
  if (!status) return status;

  bool written = false;
  const RowSource record = [&](RowValues& values) {
    if (written) return false;
    values = {std::string(to_string(data.kind)), data.file_name, static_cast<std::int64_t>(data.rows()), imported_at,
              imported_by};
    written = true;
    return true;
  };
  if (Status appended = write.write_rows(import_write_shape(), RowWrite::kAppend, record); !appended) return appended;
  RowFilter latest;
  latest.equal.emplace_back("kind", Value(std::string(to_string(data.kind))));
  latest.order_by = "id";
  latest.descending = true;
  latest.limit = 1;
  Result<std::vector<RowValues>> rows = write.rows().select(import_read_shape(), latest);
  if (!rows) return rows.status();
  if (rows->empty()) return Status(ErrorCode::kInternal, "the import just recorded cannot be read back");
  const RowValues& values = rows->front();
  return AtopImportRecord{integer(values[0]), data.kind,       text(values[2]),
                          integer(values[3]), text(values[4]), text(values[5])};
}

Result<AtopImportRecord> import_atop(Store& store, const AtopImport& data, const std::string& imported_at,
                                     const std::string& imported_by) {
  Result<std::unique_ptr<Transaction>> write = store.begin(Store::Access::kWrite);
  if (!write) return write.status();
  Result<AtopImportRecord> record = write_atop_import(**write, data, imported_at, imported_by);
  if (!record) return record.status();  // the transaction rolls back as it ends
  if (Status status = (*write)->commit(); !status) return status;
  return record;
}

const AtopImportRecord* AtopSummary::latest(AtopFileKind kind) const {
  for (const AtopImportRecord& record : imports) {
    if (record.kind == kind) return &record;
  }
  return nullptr;
}

Result<AtopSummary> read_atop_summary(Transaction& read) {
  AtopSummary summary;
  for (const AtopFileKind kind : kKinds) {
    RowFilter latest;
    latest.equal.emplace_back("kind", Value(std::string(to_string(kind))));
    latest.order_by = "id";
    latest.descending = true;
    latest.limit = 1;
    Result<std::vector<RowValues>> rows = read.rows().select(import_read_shape(), latest);
    if (!rows) return rows.status();
    if (rows->empty()) continue;
    const RowValues& values = rows->front();
    summary.imports.push_back(
        {integer(values[0]), kind, text(values[2]), integer(values[3]), text(values[4]), text(values[5])});
  }
  return summary;
}

Result<AtopReference> read_atop_reference(Transaction& read, const std::vector<std::int64_t>& atopids) {
  AtopReference reference;
  Result<AtopSummary> summary = read_atop_summary(read);
  if (!summary) return summary.status();
  reference.summary = std::move(*summary);
  for (const std::int64_t atopid : std::set<std::int64_t>(atopids.begin(), atopids.end())) {
    const std::vector<std::pair<std::string, Value>> equal{{"atopid", Value(atopid)}};
    Status status = read.read_rows(alliance_shape(), equal, [&reference](RowValues& values) {
      AtopAllianceRow row;
      row.atopid = integer(values[0]);
      row.begyr = optional_integer(values[1]);
      row.endyr = optional_integer(values[2]);
      row.provisions = get_provisions(values, 3);
      row.fields = text(values[8]);
      reference.alliances[row.atopid] = std::move(row);
    });
    if (!status) return status;
    status = read.read_rows(member_shape(), equal, [&reference](RowValues& values) {
      AtopMemberRow row;
      row.atopid = integer(values[0]);
      row.member = static_cast<int>(integer(values[1]));
      row.yrent = optional_integer(values[2]);
      row.yrexit = optional_integer(values[3]);
      row.fields = text(values[4]);
      reference.members[row.atopid].push_back(std::move(row));
    });
    if (!status) return status;
  }
  return reference;
}

Result<AtopMapping> parse_atop_mapping(const std::vector<std::string>& entries, const Registry& registry) {
  AtopMapping mapping;
  for (const std::string& entry : entries) {
    const std::size_t equals = entry.find('=');
    if (equals == std::string::npos) {
      return Status(ErrorCode::kInvalidArgument, "mapping: '" + entry + "' is not ALLIANCE=ATOPID (as NATO=3180)",
                    "mapping");
    }
    const std::string alliance(trim(std::string_view(entry).substr(0, equals)));
    const std::string_view atopid_text = trim(std::string_view(entry).substr(equals + 1));
    const auto& alliances = registry.dataset().alliances;
    const bool known = std::any_of(alliances.begin(), alliances.end(),
                                   [&alliance](const Alliance& row) { return row.id == alliance; });
    if (!known) {
      return Status(ErrorCode::kInvalidArgument,
                    "mapping: no alliance '" + alliance + "' in data/alliances.csv (use its id column)", "mapping");
    }
    const std::optional<std::int64_t> atopid = parse_whole(atopid_text);
    if (!atopid || *atopid < 1 || *atopid > kMaxAtopId || atopid_text.find('.') != std::string_view::npos) {
      return Status(ErrorCode::kInvalidArgument,
                    "mapping: the ATOP id of " + alliance + ", '" + std::string(atopid_text) +
                        "', is not a positive whole number",
                    "mapping");
    }
    mapping.atop_ids[alliance] = *atopid;
  }
  return mapping;
}

namespace {

// The ATOP identifier of `alliance`: the mapping's, else its atop_id cell when that is a
// whole number. `problem` says why a non-empty cell is unusable.
std::optional<std::int64_t> atop_id_of(const Alliance& alliance, const AtopMapping& mapping, bool& from_mapping,
                                       std::string& problem) {
  from_mapping = false;
  if (const auto found = mapping.atop_ids.find(alliance.id); found != mapping.atop_ids.end()) {
    from_mapping = true;
    return found->second;
  }
  const std::string_view cell = trim(alliance.atop_id);
  if (cell.empty()) return std::nullopt;
  const std::optional<std::int64_t> number = parse_whole(cell);
  if (!number || *number < 1 || cell.find('.') != std::string_view::npos) {
    problem = alliance.id + ": atop_id '" + std::string(cell) + "' is not a whole number";
    return std::nullopt;
  }
  return number;
}

}  // namespace

std::vector<std::int64_t> atop_ids_to_compare(const Registry& registry, const AtopMapping& mapping) {
  std::set<std::int64_t> ids;
  for (const Alliance& alliance : registry.dataset().alliances) {
    bool from_mapping = false;
    std::string problem;
    if (const std::optional<std::int64_t> id = atop_id_of(alliance, mapping, from_mapping, problem)) ids.insert(*id);
  }
  return {ids.begin(), ids.end()};
}

std::string_view to_string(AtopAgreement agreement) {
  switch (agreement) {
    case AtopAgreement::kAgree: return "agree";
    case AtopAgreement::kDisagree: return "disagree";
    case AtopAgreement::kNotComparable: return "not-comparable";
  }
  return "not-comparable";
}

AtopComparison compare_with_atop(const Registry& registry, const AtopReference& atop, const AtopMapping& mapping) {
  AtopComparison comparison;
  comparison.alliances_imported = atop.summary.latest(AtopFileKind::kAlliances) != nullptr;
  comparison.members_imported = atop.summary.latest(AtopFileKind::kMembers) != nullptr;
  const Dataset& dataset = registry.dataset();
  std::vector<const Alliance*> alliances;
  for (const Alliance& alliance : dataset.alliances) alliances.push_back(&alliance);
  std::sort(alliances.begin(), alliances.end(), [](const Alliance* a, const Alliance* b) { return a->id < b->id; });

  for (const Alliance* alliance : alliances) {
    AtopAllianceComparison row;
    std::string problem;
    const std::optional<std::int64_t> atopid = atop_id_of(*alliance, mapping, row.from_mapping, problem);
    if (!problem.empty()) comparison.problems.push_back(problem);
    if (!atopid) {
      comparison.without_atop_id.push_back(alliance->id);
      continue;
    }
    row.alliance = alliance->id;
    row.name = alliance->name;
    row.atopid = *atopid;
    row.in_force = alliance->in_force;
    const auto atop_row = atop.alliances.find(*atopid);
    row.in_atop = atop_row != atop.alliances.end();
    if (row.in_atop) {
      row.atop_begyr = atop_row->second.begyr;
      row.atop_endyr = atop_row->second.endyr;
    }
    for (std::size_t i = 0; i < kAtopProvisionColumns.size(); ++i) {
      AtopProvisionCell cell;
      cell.provision = std::string(kAtopEntenteProvisions[i]);
      cell.atop_column = std::string(kAtopProvisionColumns[i]);
      // The alliance has a provision when it binds any member: the highest level coded.
      const AllianceProvision* strongest = nullptr;
      for (const AllianceProvision& provision : dataset.alliance_provisions) {
        if (provision.alliance != alliance->id || provision.provision != cell.provision) continue;
        if (strongest == nullptr || provision.level > strongest->level ||
            (provision.level == strongest->level && provision.applies_to.empty() && !strongest->applies_to.empty())) {
          strongest = &provision;
        }
      }
      if (strongest != nullptr) {
        cell.entente_level = strongest->level;
        cell.article = strongest->article;
      }
      if (row.in_atop) cell.atop_value = atop_row->second.provisions[i];
      if (cell.entente_level && cell.atop_value) {
        cell.agreement =
            (*cell.entente_level > 0) == (*cell.atop_value != 0) ? AtopAgreement::kAgree : AtopAgreement::kDisagree;
      }
      switch (cell.agreement) {
        case AtopAgreement::kAgree: ++comparison.agree; break;
        case AtopAgreement::kDisagree: ++comparison.disagree; break;
        case AtopAgreement::kNotComparable: ++comparison.not_comparable; break;
      }
      row.provisions.push_back(std::move(cell));
    }
    row.entente_members = entente_members_on(registry, *alliance, alliance->in_force);
    if (const auto members = atop.members.find(*atopid); members != atop.members.end()) {
      std::set<int> ever;
      std::set<int> in_year;
      const int year = alliance->in_force.year();
      for (const AtopMemberRow& member : members->second) {
        ever.insert(member.member);
        if ((!member.yrent || *member.yrent <= year) && (!member.yrexit || year <= *member.yrexit)) {
          in_year.insert(member.member);
        }
      }
      row.atop_members = static_cast<int>(ever.size());
      row.atop_members_in_force_year = static_cast<int>(in_year.size());
    } else if (comparison.members_imported) {
      row.atop_members = 0;
      row.atop_members_in_force_year = 0;
    }
    comparison.alliances.push_back(std::move(row));
  }
  return comparison;
}

json::value to_json(const AtopImportRecord& record) {
  return json::object{{"id", record.id},     {"kind", to_string(record.kind)},    {"file_name", record.file_name},
                      {"rows", record.rows}, {"imported_at", record.imported_at}, {"imported_by", record.imported_by}};
}

json::value to_json(const AtopSummary& summary) {
  json::object kinds;
  for (const AtopFileKind kind : kKinds) {
    const AtopImportRecord* record = summary.latest(kind);
    kinds[to_string(kind)] = record == nullptr ? json::value(nullptr) : to_json(*record);
  }
  return json::object{{"imports", std::move(kinds)}};
}

json::value to_json(const AtopComparison& comparison) {
  json::array alliances;
  for (const AtopAllianceComparison& row : comparison.alliances) {
    json::array provisions;
    for (const AtopProvisionCell& cell : row.provisions) {
      provisions.push_back(json::object{{"provision", cell.provision},
                                        {"atop_column", cell.atop_column},
                                        {"entente_level", optional_json(cell.entente_level)},
                                        {"atop_value", optional_json(cell.atop_value)},
                                        {"agreement", to_string(cell.agreement)},
                                        {"article", cell.article}});
    }
    alliances.push_back(json::object{{"alliance", row.alliance},
                                     {"name", row.name},
                                     {"atopid", row.atopid},
                                     {"atopid_from", row.from_mapping ? "mapping" : "data"},
                                     {"in_atop", row.in_atop},
                                     {"in_force", row.in_force.to_string()},
                                     {"atop_begyr", optional_json(row.atop_begyr)},
                                     {"atop_endyr", optional_json(row.atop_endyr)},
                                     {"provisions", std::move(provisions)},
                                     {"entente_members", row.entente_members},
                                     {"atop_members", optional_json(row.atop_members)},
                                     {"atop_members_in_force_year", optional_json(row.atop_members_in_force_year)}});
  }
  json::array without;
  for (const std::string& id : comparison.without_atop_id) without.emplace_back(id);
  json::array problems;
  for (const std::string& problem : comparison.problems) problems.emplace_back(problem);
  return json::object{{"alliances_imported", comparison.alliances_imported},
                      {"members_imported", comparison.members_imported},
                      {"agree", comparison.agree},
                      {"disagree", comparison.disagree},
                      {"not_comparable", comparison.not_comparable},
                      {"alliances", std::move(alliances)},
                      {"without_atop_id", std::move(without)},
                      {"problems", std::move(problems)}};
}

std::string to_csv(const AtopSummary& summary) {
  std::string csv = "kind,file_name,rows,imported_at,imported_by\n";
  for (const AtopImportRecord& record : summary.imports) {
    csv += std::string(to_string(record.kind)) + "," + csv_escape(record.file_name) + "," +
           std::to_string(record.rows) + "," + csv_escape(record.imported_at) + "," + csv_escape(record.imported_by) +
           "\n";
  }
  return csv;
}

std::string to_csv(const AtopComparison& comparison) {
  std::string csv =
      "alliance,name,atopid,atopid_from,in_atop,provision,atop_column,entente_level,atop_value,agreement,article,"
      "entente_members,atop_members,atop_members_in_force_year\n";
  for (const AtopAllianceComparison& row : comparison.alliances) {
    for (const AtopProvisionCell& cell : row.provisions) {
      csv += csv_escape(row.alliance) + "," + csv_escape(row.name) + "," + std::to_string(row.atopid) + "," +
             (row.from_mapping ? "mapping" : "data") + "," + (row.in_atop ? "yes" : "no") + "," + cell.provision + "," +
             cell.atop_column + "," + optional_cell(cell.entente_level) + "," + optional_cell(cell.atop_value) + "," +
             std::string(to_string(cell.agreement)) + "," + csv_escape(cell.article) + "," +
             std::to_string(row.entente_members) + "," + optional_cell(row.atop_members) + "," +
             optional_cell(row.atop_members_in_force_year) + "\n";
    }
  }
  return csv;
}

}  // namespace entente
