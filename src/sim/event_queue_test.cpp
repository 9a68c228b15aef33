#include "sim/event_queue.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <tuple>

namespace entente::sim {
namespace {

TEST(EventQueueTest, PopsInTimeOrder) {
  EventQueue queue;
  ASSERT_TRUE(queue.schedule(5.0, 1, 50));
  ASSERT_TRUE(queue.schedule(1.5, 1, 15));
  ASSERT_TRUE(queue.schedule(3.0, 2, 30));
  EXPECT_EQ(queue.size(), 3U);
  EXPECT_EQ(queue.pop().subject, 15U);
  EXPECT_DOUBLE_EQ(queue.now(), 1.5);
  EXPECT_EQ(queue.pop().subject, 30U);
  EXPECT_EQ(queue.pop().subject, 50U);
  EXPECT_TRUE(queue.empty());
  EXPECT_DOUBLE_EQ(queue.now(), 5.0);
}

TEST(EventQueueTest, SimultaneousEventsKeepTheirSchedulingOrder) {
  EventQueue queue;
  for (std::uint32_t subject = 0; subject < 100; ++subject) ASSERT_TRUE(queue.schedule(7.0, 0, subject));
  for (std::uint32_t subject = 0; subject < 100; ++subject) EXPECT_EQ(queue.pop().subject, subject);
}

TEST(EventQueueTest, RefusesThePastAndNotANumber) {
  EventQueue queue;
  ASSERT_TRUE(queue.schedule(2.0, 0, 0));
  queue.pop();
  EXPECT_FALSE(queue.schedule(1.0, 0, 1));
  EXPECT_FALSE(queue.schedule(std::nan(""), 0, 1));
  EXPECT_TRUE(queue.empty());
  EXPECT_TRUE(queue.schedule(2.0, 0, 2));  // now is allowed
  queue.clear();
  EXPECT_TRUE(queue.empty());
  EXPECT_DOUBLE_EQ(queue.now(), 0.0);
  EXPECT_TRUE(queue.schedule(1.0, 0, 3));
}

// The hold model against a sorted reference: P pending events, each pop schedules the
// next at now + Exp(mean 100); the order of pops must equal the reference order.
TEST(EventQueueTest, HoldModelMatchesASortedReference) {
  EventQueue queue;
  std::vector<std::tuple<double, std::uint64_t, std::uint32_t>> reference;
  std::mt19937_64 random(4);
  std::exponential_distribution<double> hold(1.0 / 100.0);
  std::uint64_t sequence = 0;
  for (std::uint32_t i = 0; i < 1000; ++i) {
    const double time = hold(random);
    ASSERT_TRUE(queue.schedule(time, 0, i));
    reference.emplace_back(time, sequence++, i);
  }
  for (int step = 0; step < 20000; ++step) {
    const auto first = std::min_element(reference.begin(), reference.end());
    const auto [time, order, subject] = *first;
    reference.erase(first);
    const Event event = queue.pop();
    ASSERT_EQ(event.time, time);
    ASSERT_EQ(event.subject, subject);
    const double next = event.time + hold(random);
    ASSERT_TRUE(queue.schedule(next, 0, subject));
    reference.emplace_back(next, sequence++, subject);
  }
  EXPECT_EQ(queue.size(), 1000U);
}

}  // namespace
}  // namespace entente::sim
