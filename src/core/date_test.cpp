#include "core/date.hpp"

#include <gtest/gtest.h>

namespace entente {
namespace {

TEST(DateTest, ParsesAndPrintsIsoDates) {
  for (const char* text : {"1949-04-04", "2024-02-29", "0001-01-01", "9999-12-31", "1970-01-01"}) {
    const Result<Date> date = Date::parse(text);
    ASSERT_TRUE(date.is_ok()) << text;
    EXPECT_EQ(date->to_string(), text);
  }
  EXPECT_EQ(Date::parse("1970-01-02")->days(), 1);
  EXPECT_EQ(Date::parse("1969-12-31")->days(), -1);
}

TEST(DateTest, RejectsImpossibleAndMalformedDates) {
  for (const char* text : {"2023-02-29", "2023-13-01", "2023-00-10", "2023-04-31", "2023-4-4", "20230404",
                           "2023-04-04T00:00", "", "abcd-ef-gh", "0000-01-01", " 2023-04-04"}) {
    const Result<Date> date = Date::parse(text);
    ASSERT_FALSE(date.is_ok()) << text;
    EXPECT_EQ(date.status().code(), ErrorCode::kInvalidDate) << text;
  }
}

TEST(DateTest, OrdersChronologically) {
  EXPECT_LT(Date::from_ymd(1999, 3, 12), Date::from_ymd(2004, 3, 29));
  EXPECT_EQ(Date::from_ymd(2023, 4, 4).add_days(1), Date::from_ymd(2023, 4, 5));
  EXPECT_EQ(Date::from_ymd(2023, 4, 4).year(), 2023);
}

TEST(IntervalTest, IsHalfOpen) {
  const Interval finland_partner{Date::from_ymd(1994, 5, 9), Date::from_ymd(2023, 4, 4)};
  EXPECT_TRUE(finland_partner.contains(Date::from_ymd(1994, 5, 9)));
  EXPECT_TRUE(finland_partner.contains(Date::from_ymd(2023, 4, 3)));
  EXPECT_FALSE(finland_partner.contains(Date::from_ymd(2023, 4, 4)));
  EXPECT_FALSE(finland_partner.contains(Date::from_ymd(1994, 5, 8)));
  const Interval open_ended{Date::from_ymd(2023, 4, 4), std::nullopt};
  EXPECT_TRUE(open_ended.contains(Date::from_ymd(9999, 1, 1)));
  EXPECT_FALSE(finland_partner.overlaps(open_ended));  // touching intervals do not overlap
  EXPECT_TRUE(open_ended.overlaps(Interval{Date::from_ymd(2023, 4, 3), Date::from_ymd(2023, 4, 5)}));
  EXPECT_TRUE(open_ended.overlaps(Interval{Date::from_ymd(2030, 1, 1), std::nullopt}));
}

TEST(ClockTest, FixedClockReturnsItsDay) {
  const FixedClock clock(Date::from_ymd(2026, 1, 1));
  EXPECT_EQ(clock.today().to_string(), "2026-01-01");
  EXPECT_GT(SystemClock().today(), Date::from_ymd(2020, 1, 1));
}

}  // namespace
}  // namespace entente

namespace entente {
namespace {

// RFC 3339 date-times: every form the standard allows, down to the millisecond, and the
// shapes it does not.
TEST(InstantTest, ParsesRfc3339DateTimes) {
  const std::optional<Clock::Instant> base = parse_instant("2026-12-05T10:00:00Z");
  ASSERT_TRUE(base.has_value());
  EXPECT_EQ(format_instant(*base), "2026-12-05T10:00:00.000Z");
  const struct {
    const char* text;
    std::int64_t millis_after_base;
  } valid_instants[] = {
      {"2026-12-05T10:00:00.000Z", 0},         {"2026-12-05T10:00:00.5Z", 500},  {"2026-12-05T10:00:00.25Z", 250},
      {"2026-12-05T10:00:00.123456789Z", 123}, {"2026-12-05T12:00:00+02:00", 0}, {"2026-12-05T09:30:00-00:30", 0},
      {"2026-12-05T10:00:00+00:00", 0},        {"2026-12-05t10:00:00z", 0},      {"2026-12-06T01:00:00.000+15:00", 0},
  };
  for (const auto& valid : valid_instants) {
    const std::optional<Clock::Instant> instant = parse_instant(valid.text);
    ASSERT_TRUE(instant.has_value()) << valid.text;
    EXPECT_EQ(std::chrono::duration_cast<std::chrono::milliseconds>(*instant - *base).count(), valid.millis_after_base)
        << valid.text;
  }
  for (const char* invalid :
       {"", "2026-12-05", "2026-12-05 10:00:00Z", "2026-12-05T10:00:00", "2026-12-05T10:00:00.Z",
        "2026-12-05T10:00:00.1234567890Z", "2026-12-05T24:00:00Z", "2026-12-05T10:60:00Z", "2026-02-30T10:00:00Z",
        "2026-12-05T10:00:00+2:00", "2026-12-05T10:00:00+24:00", "2026-12-05T10:00:00+02:60", "2026-12-05T10:00:00ZZ",
        "2026-12-05T10:00:00+02:00Z", "2026-12-05T1a:00:00Z"}) {
    EXPECT_FALSE(parse_instant(invalid).has_value()) << invalid;
  }
}

}  // namespace
}  // namespace entente
