#pragma once

// Reading the cells of one data file row into typed values, reporting each problem as
// "file:line: reason". Used by the table descriptions (tables.hpp) and the dataset reader.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/csv.hpp"
#include "core/date.hpp"
#include "core/status.hpp"

namespace entente {

// Collects "file:line: reason" problems across all files.
class Problems {
 public:
  void add(const std::string& file, int line, const std::string& reason);
  void add_raw(std::string message) { messages_.push_back(std::move(message)); }
  // A file that could not be read at all: the result is then kIo, not kInvalidData.
  void add_unreadable(std::string message);
  bool empty() const { return messages_.empty(); }

  // Every problem, one per line, up to a limit after which it says how many more there were.
  Status to_status() const;

 private:
  std::vector<std::string> messages_;
  bool unreadable_ = false;
};

// One data file with its columns resolved by name.
class CsvFile {
 public:
  CsvFile(std::string display_name, CsvTable csv);

  // Reports every column of `names` the header lacks and every header column not in
  // `names`; true when the header has exactly these columns.
  bool require(const std::vector<std::string_view>& names, Problems& problems) const;

  const std::string& name() const { return name_; }
  const std::vector<CsvRecord>& records() const { return csv_.records; }
  std::size_t column(std::string_view column_name) const { return columns_.at(std::string(column_name)); }

 private:
  std::string name_;
  CsvTable csv_;
  std::map<std::string, std::size_t> columns_;
};

// Reads typed fields of one record, reporting problems against its line. A row with a
// problem is not ok(); reading goes on, so that every problem of the row is reported.
class RowReader {
 public:
  RowReader(const CsvFile& file, const CsvRecord& record, Problems& problems)
      : file_(file), record_(record), problems_(problems) {}

  const std::string& file() const { return file_.name(); }
  int line() const { return record_.line; }
  bool ok() const { return ok_; }

  void fail(const std::string& reason);

  // The cell, trimmed; empty when blank.
  std::string text(std::string_view column) const;
  // The cell; "missing <column>" when blank.
  std::string required(std::string_view column);
  std::optional<Date> optional_date(std::string_view column);
  // "missing <column> date" when blank.
  Date required_date(std::string_view column);
  // Reports `from` not before `to` (when `to` is given), unless the row has a problem already.
  void check_order(std::string_view from_column, Date from, std::string_view to_column, const std::optional<Date>& to);
  // A number in [-limit, limit].
  double coordinate(std::string_view column, double limit);
  // A number in [minimum, maximum]; absent when blank.
  std::optional<double> optional_number(std::string_view column, double minimum, double maximum);
  // A whole number in [minimum, maximum].
  long long integer(std::string_view column, long long minimum, long long maximum);
  // A required cell that must be one of `allowed`.
  std::string one_of(std::string_view column, const std::vector<std::string_view>& allowed);
  // Reports `value` of `column` unless it is one of `allowed`.
  void check_one_of(std::string_view column, const std::string& value, const std::vector<std::string_view>& allowed);
  // A ";"-separated list; empty items are dropped.
  std::vector<std::string> list(std::string_view column) const;

 private:
  const CsvFile& file_;
  const CsvRecord& record_;
  Problems& problems_;
  bool ok_ = true;
};

}  // namespace entente
