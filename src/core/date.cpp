#include "core/date.hpp"

#include <chrono>
#include <cstdio>

namespace entente {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

int digits(std::string_view text, std::size_t pos, std::size_t count) {
  int value = 0;
  for (std::size_t i = pos; i < pos + count; ++i) value = value * 10 + (text[i] - '0');
  return value;
}

}  // namespace

Result<Date> Date::parse(std::string_view text) {
  const auto fail = [&] {
    return Status(ErrorCode::kInvalidDate,
                  "'" + std::string(text) + "' is not a date; write it as YYYY-MM-DD, e.g. 2023-04-04");
  };
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return fail();
  for (std::size_t i : {0U, 1U, 2U, 3U, 5U, 6U, 8U, 9U}) {
    if (!is_digit(text[i])) return fail();
  }
  const int year = digits(text, 0, 4);
  const int month = digits(text, 5, 2);
  const int day = digits(text, 8, 2);
  const std::chrono::year_month_day ymd{std::chrono::year{year}, std::chrono::month{static_cast<unsigned>(month)},
                                        std::chrono::day{static_cast<unsigned>(day)}};
  if (year < 1 || !ymd.ok()) {
    return Status(ErrorCode::kInvalidDate, "'" + std::string(text) + "' is not a real calendar day");
  }
  return Date(static_cast<std::int32_t>(std::chrono::sys_days(ymd).time_since_epoch().count()));
}

Date Date::from_ymd(int year, unsigned month, unsigned day) {
  const std::chrono::year_month_day ymd{std::chrono::year{year}, std::chrono::month{month}, std::chrono::day{day}};
  return Date(static_cast<std::int32_t>(std::chrono::sys_days(ymd).time_since_epoch().count()));
}

int Date::year() const {
  const std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{days_}}};
  return static_cast<int>(ymd.year());
}

std::string Date::to_string() const {
  const std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{days_}}};
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buffer;
}

Date SystemClock::today() const {
  const auto now = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  return Date::from_days(static_cast<std::int32_t>(now.time_since_epoch().count()));
}

}  // namespace entente

namespace entente {

Clock::Instant Clock::now() const {
  return Instant(std::chrono::sys_days(std::chrono::days(today().days()))) + std::chrono::hours(12);
}

Clock::Instant SystemClock::now() const { return std::chrono::system_clock::now(); }

std::string format_instant(Clock::Instant instant) {
  const auto millis = std::chrono::floor<std::chrono::milliseconds>(instant);
  const auto day = std::chrono::floor<std::chrono::days>(millis);
  const std::chrono::year_month_day ymd(day);
  const std::chrono::hh_mm_ss time(millis - day);
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
                static_cast<int>(time.seconds().count()), static_cast<int>(time.subseconds().count()));
  return buffer;
}

std::optional<Clock::Instant> parse_instant(std::string_view text) {
  // RFC 3339: YYYY-MM-DDTHH:MM:SS, a fraction of 1 to 9 digits (kept to the millisecond),
  // then Z or an offset +HH:MM / -HH:MM. 'T' and 'Z' may be lower case (RFC 3339, 5.6).
  if (text.size() < 20 || text.size() > 35) return std::nullopt;
  const auto is = [&text](std::size_t at, char upper) {
    return text[at] == upper || text[at] == static_cast<char>(upper - 'A' + 'a');
  };
  if (!is(10, 'T') || text[13] != ':' || text[16] != ':') return std::nullopt;
  Result<Date> day = Date::parse(text.substr(0, 10));
  if (!day) return std::nullopt;
  const auto number = [&text](std::size_t at, std::size_t width) -> int {
    int value = 0;
    for (std::size_t i = at; i < at + width; ++i) {
      if (text[i] < '0' || text[i] > '9') return -1;
      value = value * 10 + (text[i] - '0');
    }
    return value;
  };
  const int hours = number(11, 2);
  const int minutes = number(14, 2);
  const int seconds = number(17, 2);
  std::size_t at = 19;
  int millis = 0;
  if (text[at] == '.') {
    const std::size_t first = ++at;
    while (at < text.size() && text[at] >= '0' && text[at] <= '9') ++at;
    const std::size_t digits = at - first;
    if (digits == 0 || digits > 9) return std::nullopt;
    millis = number(first, std::min<std::size_t>(digits, 3));
    for (std::size_t i = digits; i < 3; ++i) millis *= 10;
  }
  int offset_minutes = 0;
  if (at + 1 == text.size() && is(at, 'Z')) {
    // UTC
  } else if (at + 6 == text.size() && (text[at] == '+' || text[at] == '-') && text[at + 3] == ':') {
    const int offset_hours = number(at + 1, 2);
    const int offset_mins = number(at + 4, 2);
    if (offset_hours < 0 || offset_hours > 23 || offset_mins < 0 || offset_mins > 59) return std::nullopt;
    offset_minutes = (text[at] == '-' ? -1 : 1) * (offset_hours * 60 + offset_mins);
  } else {
    return std::nullopt;
  }
  if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59 || seconds < 0 || seconds > 59 || millis < 0) {
    return std::nullopt;
  }
  return Clock::Instant(std::chrono::sys_days(std::chrono::days(day->days()))) + std::chrono::hours(hours) +
         std::chrono::minutes(minutes - offset_minutes) + std::chrono::seconds(seconds) +
         std::chrono::milliseconds(millis);
}

}  // namespace entente
