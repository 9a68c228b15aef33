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
