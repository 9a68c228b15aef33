#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.hpp"

namespace entente {

// One record of a CSV file and the line it starts on (1-based; the header is line 1).
struct CsvRecord {
  int line = 0;
  std::vector<std::string> fields;
};

struct CsvTable {
  std::vector<std::string> header;
  std::vector<CsvRecord> records;
};

// Parses RFC 4180 CSV: comma-separated, fields optionally quoted with '"', a doubled
// quote inside a quoted field is one quote, quoted fields may span lines, CRLF or LF
// line ends, UTF-8 text with an optional byte order mark. The first record is the header.
// Blank lines are skipped. Fails with kInvalidData "name:line: reason" on text that is not
// UTF-8 (the line of the first bad byte, counting the lines inside quoted fields), an
// unterminated quote, text after a closing quote, or a record whose field count differs
// from the header's.
Result<CsvTable> parse_csv(std::string_view text, std::string_view name);

// Quotes a field for CSV output when it needs it.
std::string csv_escape(std::string_view field);

// Appends one CSV record to `text`: the fields escaped, separated by commas, and a line end.
void append_csv_row(std::string& text, const std::vector<std::string>& fields);

}  // namespace entente
