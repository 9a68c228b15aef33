#pragma once

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "core/date.hpp"
#include "registry/registry.hpp"
#include "rules/decision.hpp"

namespace entente::cli {

// Small pieces of the commands' text output.

// The day, or "-" for an open end.
std::string or_dash(const std::optional<Date>& date);
// The nation's name, or the code when the registry does not know it.
std::string name_of(const Registry& registry, const std::string& iso3);
std::string join(const std::vector<std::string>& items, const char* separator);
// The first of a " ; "-separated list of sources, with a count of the others, to keep
// tables narrow; JSON and CSV carry the whole list.
std::string first_source(const std::string& sources);
// A blank line, "Reasoning", and the steps numbered from 1.
void print_reasoning(const std::vector<ReasoningStep>& steps, std::ostream& out);

}  // namespace entente::cli
