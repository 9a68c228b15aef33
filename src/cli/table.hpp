#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace entente {

// A plain-text table for people: a header row, a rule, and left-aligned columns sized to
// their widest cell (counting UTF-8 characters, not bytes).
class TextTable {
 public:
  explicit TextTable(std::vector<std::string> header) : header_(std::move(header)) {}
  void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  void print(std::ostream& out) const;

  // The same header and rows as RFC 4180 CSV.
  void print_csv(std::ostream& out) const;

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace entente
