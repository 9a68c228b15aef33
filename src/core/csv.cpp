#include "core/csv.hpp"

#include <algorithm>

#include "core/text.hpp"

namespace entente {

namespace {

Status error_at(std::string_view name, int line, const std::string& reason) {
  return Status(ErrorCode::kInvalidData, std::string(name) + ":" + std::to_string(line) + ": " + reason);
}

// The first byte of `text` that is not UTF-8, as "name:line: reason"; ok when all is.
Status check_utf8(std::string_view text, std::string_view name) {
  const std::size_t bad = utf8_valid_prefix(text);
  if (bad == text.size()) return Status::ok();
  const std::string_view before = text.substr(0, bad);
  const int line = 1 + static_cast<int>(std::count(before.begin(), before.end(), '\n'));
  const std::size_t newline = before.rfind('\n');
  const std::size_t line_start = newline == std::string_view::npos ? 0 : newline + 1;
  constexpr std::string_view kHexDigits = "0123456789ABCDEF";
  const auto byte = static_cast<unsigned char>(text[bad]);
  const std::string hex = {'0', 'x', kHexDigits[byte >> 4], kHexDigits[byte & 0xF]};
  return error_at(name, line,
                  "invalid UTF-8 at byte " + std::to_string(bad - line_start + 1) + " of the line (" + hex +
                      "); save the file as UTF-8");
}

}  // namespace

Result<CsvTable> parse_csv(std::string_view text, std::string_view name) {
  CsvTable table;
  std::vector<std::string> fields;
  std::string field;
  int line = 1;
  int record_line = 1;
  bool in_quotes = false;
  bool after_quote = false;  // the current field was quoted and its closing quote seen
  bool record_empty = true;  // nothing but the line end seen since the record began

  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // UTF-8 byte order mark
  if (Status status = check_utf8(text, name); !status) return status;

  const auto finish_record = [&]() -> Status {
    fields.push_back(std::move(field));
    field.clear();
    after_quote = false;
    if (record_empty) {
      fields.clear();
      return Status::ok();
    }
    if (table.header.empty()) {
      table.header = std::move(fields);
    } else if (fields.size() != table.header.size()) {
      return error_at(name, record_line,
                      "expected " + std::to_string(table.header.size()) + " fields as in the header, found " +
                          std::to_string(fields.size()));
    } else {
      table.records.push_back(CsvRecord{record_line, std::move(fields)});
    }
    fields.clear();
    record_empty = true;
    return Status::ok();
  };

  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field.push_back('"');
          ++i;
        } else {
          in_quotes = false;
          after_quote = true;
        }
      } else {
        if (c == '\n') ++line;
        field.push_back(c);
      }
      continue;
    }
    if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
    if (c == '\n') {
      if (Status status = finish_record(); !status) return status;
      ++line;
      record_line = line;
      continue;
    }
    record_empty = false;
    if (c == ',') {
      fields.push_back(std::move(field));
      field.clear();
      after_quote = false;
    } else if (c == '"' && field.empty() && !after_quote) {
      in_quotes = true;
    } else if (after_quote) {
      return error_at(name, line, "unexpected text after a closing quote");
    } else {
      field.push_back(c);
    }
  }
  if (in_quotes) return error_at(name, record_line, "quoted field is never closed");
  if (!record_empty || !field.empty()) {
    if (Status status = finish_record(); !status) return status;
  }
  if (table.header.empty()) return error_at(name, 1, "the file is empty; it needs a header line");
  return table;
}

std::string csv_escape(std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(field);
  std::string out = "\"";
  for (char c : field) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

void append_csv_row(std::string& text, const std::vector<std::string>& fields) {
  for (std::size_t index = 0; index < fields.size(); ++index) {
    if (index > 0) text += ',';
    text += csv_escape(fields[index]);
  }
  text += '\n';
}

}  // namespace entente
