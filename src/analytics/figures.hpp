#pragma once

// Small pieces the analyses share: the first and last day of a year, and numbers rounded
// for JSON and written for CSV.

#include <string>

#include "core/date.hpp"

namespace entente {

inline Date first_day(int year) { return Date::from_ymd(year, 1, 1); }
inline Date last_day(int year) { return Date::from_ymd(year, 12, 31); }

// A number rounded to `decimals` places, without trailing zeros ("5000", "1.35"); never "-0".
std::string format_number(double value, int decimals);
// A number rounded to `decimals` places, for JSON; never -0.
double rounded(double value, int decimals);

}  // namespace entente
