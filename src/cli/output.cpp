#include "cli/output.hpp"

#include <ostream>

namespace entente::cli {

std::string or_dash(const std::optional<Date>& date) { return date ? date->to_string() : "-"; }

std::string name_of(const Registry& registry, const std::string& iso3) {
  const Nation* nation = registry.find_nation(iso3);
  return nation ? nation->name : iso3;
}

std::string join(const std::vector<std::string>& items, const char* separator) {
  std::string text;
  for (const std::string& item : items) {
    if (!text.empty()) text += separator;
    text += item;
  }
  return text;
}

std::string first_source(const std::string& sources) {
  const std::size_t separator = sources.find(" ; ");
  if (separator == std::string::npos) return sources;
  std::size_t others = 0;
  for (std::size_t at = separator; at != std::string::npos; at = sources.find(" ; ", at + 3)) ++others;
  return sources.substr(0, separator) + " (+" + std::to_string(others) + " more)";
}

void print_reasoning(const std::vector<ReasoningStep>& steps, std::ostream& out) {
  out << "\nReasoning\n\n";
  int number = 1;
  for (const ReasoningStep& step : steps)
    out << "  " << number++ << ". " << step.clause << ": " << step.finding << '\n';
}

}  // namespace entente::cli
