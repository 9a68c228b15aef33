#include "store/row_reader.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "core/text.hpp"

namespace entente {

namespace {

constexpr std::size_t kMaxReportedProblems = 50;

}  // namespace

void Problems::add(const std::string& file, int line, const std::string& reason) {
  messages_.push_back(file + ":" + std::to_string(line) + ": " + reason);
}

void Problems::add_unreadable(std::string message) {
  unreadable_ = true;
  add_raw(std::move(message));
}

Status Problems::to_status() const {
  std::string text;
  const std::size_t shown = std::min(messages_.size(), kMaxReportedProblems);
  for (std::size_t i = 0; i < shown; ++i) {
    if (i > 0) text += '\n';
    text += messages_[i];
  }
  if (messages_.size() > shown) {
    text += "\n... and " + std::to_string(messages_.size() - shown) + " more problems";
  }
  return Status(unreadable_ ? ErrorCode::kIo : ErrorCode::kInvalidData, text);
}

CsvFile::CsvFile(std::string display_name, CsvTable csv) : name_(std::move(display_name)), csv_(std::move(csv)) {
  for (std::size_t i = 0; i < csv_.header.size(); ++i) columns_[std::string(trim(csv_.header[i]))] = i;
}

bool CsvFile::require(const std::vector<std::string_view>& names, Problems& problems) const {
  bool exact = true;
  std::string expected;
  for (std::string_view column : names) {
    expected += (expected.empty() ? "" : ", ") + std::string(column);
    if (columns_.find(std::string(column)) == columns_.end()) {
      problems.add(name_, 1, "missing column '" + std::string(column) + "'");
      exact = false;
    }
  }
  for (const auto& [column, index] : columns_) {
    if (std::find(names.begin(), names.end(), column) == names.end()) {
      problems.add(name_, 1, "unknown column '" + column + "'; the columns are: " + expected);
      exact = false;
    }
  }
  return exact;
}

void RowReader::fail(const std::string& reason) {
  problems_.add(file_.name(), record_.line, reason);
  ok_ = false;
}

std::string RowReader::text(std::string_view column) const {
  return std::string(trim(record_.fields[file_.column(column)]));
}

std::string RowReader::required(std::string_view column) {
  std::string value = text(column);
  if (value.empty()) fail("missing " + std::string(column));
  return value;
}

std::optional<Date> RowReader::optional_date(std::string_view column) {
  const std::string value = text(column);
  if (value.empty()) return std::nullopt;
  Result<Date> date = Date::parse(value);
  if (!date) {
    fail(std::string(column) + ": " + date.status().message());
    return std::nullopt;
  }
  return *date;
}

Date RowReader::required_date(std::string_view column) {
  if (text(column).empty()) {
    fail("missing " + std::string(column) + " date");
    return Date();
  }
  return optional_date(column).value_or(Date());
}

void RowReader::check_order(std::string_view from_column, Date from, std::string_view to_column,
                            const std::optional<Date>& to) {
  if (ok_ && to && !(from < *to)) {
    fail(std::string(from_column) + " " + from.to_string() + " is not before " + std::string(to_column) + " " +
         to->to_string());
  }
}

double RowReader::coordinate(std::string_view column, double limit) {
  const std::string value = text(column);
  double number = 0;
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), number);
  if (value.empty() || error != std::errc() || end != value.data() + value.size()) {
    fail(std::string(column) + " '" + value + "' is not a number");
    return 0;
  }
  if (number < -limit || number > limit) {
    fail(std::string(column) + " " + value + " is outside [-" + std::to_string(static_cast<int>(limit)) + ", " +
         std::to_string(static_cast<int>(limit)) + "]");
  }
  return number;
}

namespace {

// A bound as a data file would write it: 100, 0.5.
std::string number_text(double number) {
  char buffer[32];
  const auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, number);
  return error == std::errc() ? std::string(buffer, end) : std::string();
}

}  // namespace

std::optional<double> RowReader::optional_number(std::string_view column, double minimum, double maximum) {
  const std::string value = text(column);
  if (value.empty()) return std::nullopt;
  double number = 0;
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), number);
  if (error != std::errc() || end != value.data() + value.size() || !std::isfinite(number)) {
    fail(std::string(column) + " '" + value + "' is not a number");
    return std::nullopt;
  }
  if (number < minimum || number > maximum) {
    fail(std::string(column) + " " + value + " is outside [" + number_text(minimum) + ", " + number_text(maximum) +
         "]");
  }
  return number;
}

long long RowReader::integer(std::string_view column, long long minimum, long long maximum) {
  const std::string value = text(column);
  long long number = 0;
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), number);
  if (value.empty() || error != std::errc() || end != value.data() + value.size()) {
    fail(std::string(column) + " '" + value + "' is not a whole number");
    return 0;
  }
  if (number < minimum || number > maximum) {
    fail(std::string(column) + " " + value + " is outside [" + std::to_string(minimum) + ", " +
         std::to_string(maximum) + "]");
  }
  return number;
}

std::string RowReader::one_of(std::string_view column, const std::vector<std::string_view>& allowed) {
  std::string value = required(column);
  if (!value.empty()) check_one_of(column, value, allowed);
  return value;
}

void RowReader::check_one_of(std::string_view column, const std::string& value,
                             const std::vector<std::string_view>& allowed) {
  if (std::find(allowed.begin(), allowed.end(), value) != allowed.end()) return;
  std::string list;
  for (std::string_view option : allowed) list += (list.empty() ? "" : ", ") + std::string(option);
  fail(std::string(column) + " '" + value + "' is not one of " + list);
}

std::vector<std::string> RowReader::list(std::string_view column) const {
  std::vector<std::string> items;
  const std::string value = text(column);
  std::size_t start = 0;
  while (start <= value.size()) {
    const std::size_t end = std::min(value.find(';', start), value.size());
    const std::string_view item = trim(std::string_view(value).substr(start, end - start));
    if (!item.empty()) items.emplace_back(item);
    start = end + 1;
  }
  return items;
}

}  // namespace entente
