#pragma once

#include <atomic>
#include <chrono>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.hpp"

namespace entente {

// A calendar day in the proleptic Gregorian calendar, held as days since 1970-01-01.
class Date {
 public:
  constexpr Date() = default;
  static constexpr Date from_days(std::int32_t days_since_epoch) { return Date(days_since_epoch); }
  // Fails with kInvalidDate unless `text` is exactly YYYY-MM-DD naming a real day
  // (2023-02-29 is rejected) with a year from 1 to 9999.
  static Result<Date> parse(std::string_view text);
  // The caller guarantees a valid day; used for constants.
  static Date from_ymd(int year, unsigned month, unsigned day);

  std::int32_t days() const { return days_; }
  int year() const;
  std::string to_string() const;  // YYYY-MM-DD

  Date add_days(std::int32_t count) const { return Date(days_ + count); }

  friend constexpr auto operator<=>(Date, Date) = default;

 private:
  constexpr explicit Date(std::int32_t days) : days_(days) {}
  std::int32_t days_ = 0;
};

// A half-open interval [from, to) of days; an empty `to` means "still true".
struct Interval {
  Date from;
  std::optional<Date> to;

  bool contains(Date day) const { return from <= day && (!to || day < *to); }
  bool overlaps(const Interval& other) const {
    const bool this_starts_before_other_ends = !other.to || from < *other.to;
    const bool other_starts_before_this_ends = !to || other.from < *to;
    return this_starts_before_other_ends && other_starts_before_this_ends;
  }
  friend bool operator==(const Interval&, const Interval&) = default;
};

// Source of "today". Injected so that tests and golden files do not depend on the wall clock.
class Clock {
 public:
  using Instant = std::chrono::system_clock::time_point;

  virtual ~Clock() = default;
  virtual Date today() const = 0;
  // The present instant (sessions, tokens, the audit log). By default noon of today(),
  // so that a clock fixed to a day is fixed to an instant too.
  virtual Instant now() const;
};

// An instant as RFC 3339 in UTC with milliseconds: "2026-12-05T10:04:00.123Z". Such
// texts sort in time order.
std::string format_instant(Clock::Instant instant);
// The inverse of format_instant, and any RFC 3339 date-time: a fraction of 1 to 9 digits
// (kept to the millisecond), Z or an offset such as +02:00; nullopt for anything else.
std::optional<Clock::Instant> parse_instant(std::string_view text);

// Today in UTC from the system clock.
class SystemClock final : public Clock {
 public:
  Date today() const override;
  Instant now() const override;
};

// Always the same day.
class FixedClock final : public Clock {
 public:
  explicit FixedClock(Date day) : day_(day) {}
  Date today() const override { return day_; }
  Instant now() const override { return Clock::now() + offset_.load(); }
  // Moves now() (not today()) forward, for tests of timeouts.
  void advance(std::chrono::milliseconds by) { offset_ = offset_.load() + by; }

 private:
  Date day_;
  std::atomic<std::chrono::milliseconds> offset_{std::chrono::milliseconds(0)};
};

}  // namespace entente
