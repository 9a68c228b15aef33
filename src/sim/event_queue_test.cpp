#include "sim/event_queue.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <set>
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
  const Event second = queue.pop();
  EXPECT_EQ(second.subject, 30U);
  EXPECT_EQ(second.kind, 2U);
  EXPECT_EQ(second.sequence, 2U);
  EXPECT_EQ(queue.pop().subject, 50U);
  EXPECT_TRUE(queue.empty());
  EXPECT_DOUBLE_EQ(queue.now(), 5.0);
}

TEST(EventQueueTest, SimultaneousEventsKeepTheirSchedulingOrder) {
  EventQueue queue;
  for (std::uint32_t subject = 0; subject < 100; ++subject) ASSERT_TRUE(queue.schedule(7.0, 0, subject));
  for (std::uint32_t subject = 0; subject < 100; ++subject) EXPECT_EQ(queue.pop().subject, subject);
}

// Equal times scheduled at different moments, mixed with other times, still pop in the
// order they were scheduled, including those scheduled at now() while popping.
TEST(EventQueueTest, SimultaneousEventsInterleavedWithOthersKeepTheirSchedulingOrder) {
  EventQueue queue;
  std::uint32_t subject = 0;
  for (int round = 0; round < 50; ++round) {
    ASSERT_TRUE(queue.schedule(10.0, 0, subject++));
    ASSERT_TRUE(queue.schedule(20.0 - round * 0.1, 1, 1000));
    ASSERT_TRUE(queue.schedule(5.0 + round * 0.1, 1, 1000));
  }
  while (queue.now() < 10.0) queue.pop();  // the first event at 10 is gone
  for (int more = 0; more < 50; ++more) ASSERT_TRUE(queue.schedule(10.0, 0, subject++));
  for (std::uint32_t expected = 1; expected < subject; ++expected) {
    const Event event = queue.pop();
    ASSERT_EQ(event.time, 10.0);
    ASSERT_EQ(event.subject, expected);
  }
  EXPECT_EQ(queue.size(), 50U);
  EXPECT_GT(queue.pop().time, 10.0);
}

TEST(EventQueueTest, RefusesThePastAndNotANumber) {
  EventQueue queue;
  ASSERT_TRUE(queue.schedule(2.0, 0, 0));
  queue.pop();
  EXPECT_FALSE(queue.schedule(1.0, 0, 1));
  EXPECT_FALSE(queue.schedule(std::nan(""), 0, 1));
  EXPECT_FALSE(queue.schedule(-std::numeric_limits<double>::infinity(), 0, 1));
  EXPECT_FALSE(queue.schedule(std::nextafter(2.0, 0.0), 0, 1));
  EXPECT_TRUE(queue.empty());
  EXPECT_DOUBLE_EQ(queue.now(), 2.0);
  EXPECT_TRUE(queue.schedule(2.0, 0, 2));  // now is allowed
  EXPECT_EQ(queue.pop().sequence, 1U);     // refusals used no sequence number
  queue.clear();
  EXPECT_TRUE(queue.empty());
  EXPECT_DOUBLE_EQ(queue.now(), 0.0);
  EXPECT_TRUE(queue.schedule(1.0, 0, 3));
  EXPECT_EQ(queue.pop().sequence, 0U);
}

// The queue orders by the bits of the time, so -0, which is not before now() at the
// start, must behave as 0: equal to 0 and earlier than everything else.
TEST(EventQueueTest, NegativeZeroIsTimeZero) {
  EventQueue queue;
  ASSERT_TRUE(queue.schedule(1.0, 0, 1));
  ASSERT_TRUE(queue.schedule(0.0, 0, 2));
  ASSERT_TRUE(queue.schedule(-0.0, 0, 3));
  ASSERT_TRUE(queue.schedule(std::numeric_limits<double>::denorm_min(), 0, 4));
  EXPECT_EQ(queue.pop().subject, 2U);
  const Event negative_zero = queue.pop();
  EXPECT_EQ(negative_zero.subject, 3U);
  EXPECT_FALSE(std::signbit(negative_zero.time));
  EXPECT_EQ(queue.pop().subject, 4U);
  EXPECT_EQ(queue.pop().subject, 1U);
}

TEST(EventQueueTest, InfinityIsTheLatestTime) {
  EventQueue queue;
  const double infinity = std::numeric_limits<double>::infinity();
  ASSERT_TRUE(queue.schedule(infinity, 0, 1));
  ASSERT_TRUE(queue.schedule(std::numeric_limits<double>::max(), 0, 2));
  ASSERT_TRUE(queue.schedule(infinity, 0, 3));
  EXPECT_EQ(queue.pop().subject, 2U);
  EXPECT_EQ(queue.pop().subject, 1U);
  EXPECT_EQ(queue.now(), infinity);
  EXPECT_TRUE(queue.schedule(infinity, 0, 4));
  EXPECT_EQ(queue.pop().subject, 3U);
  EXPECT_EQ(queue.pop().subject, 4U);
}

// A sorted reference: the pending events as (time, sequence, subject) in a sorted set.
class Reference {
 public:
  void schedule(double time, std::uint32_t subject) { pending_.emplace(time, sequence_++, subject); }
  std::tuple<double, std::uint64_t, std::uint32_t> pop() { return pending_.extract(pending_.begin()).value(); }
  std::size_t size() const { return pending_.size(); }

 private:
  std::set<std::tuple<double, std::uint64_t, std::uint32_t>> pending_;
  std::uint64_t sequence_ = 0;
};

void expect_pop_matches(EventQueue& queue, Reference& reference) {
  const auto [time, sequence, subject] = reference.pop();
  const Event event = queue.pop();
  ASSERT_EQ(event.time, time);
  ASSERT_EQ(event.sequence, sequence);
  ASSERT_EQ(event.subject, subject);
  ASSERT_EQ(event.kind, subject % 7);
  ASSERT_EQ(queue.now(), time);
}

// The hold model against a sorted reference: `pending` events, each pop schedules the
// next at now + Exp(mean 100); the order of pops must equal the reference order. With
// `whole_days`, times are rounded up to whole days, so many events share a time.
void run_hold_model(std::uint32_t pending, int steps, bool whole_days) {
  EventQueue queue;
  Reference reference;
  std::mt19937_64 random(4);
  std::exponential_distribution<double> hold(1.0 / 100.0);
  const auto draw = [&](double now) { return whole_days ? std::ceil(now + hold(random)) : now + hold(random); };
  for (std::uint32_t i = 0; i < pending; ++i) {
    const double time = draw(0.0);
    ASSERT_TRUE(queue.schedule(time, i % 7, i));
    reference.schedule(time, i);
  }
  for (int step = 0; step < steps; ++step) {
    const auto [time, sequence, subject] = reference.pop();
    const Event event = queue.pop();
    ASSERT_EQ(event.time, time);
    ASSERT_EQ(event.sequence, sequence);
    ASSERT_EQ(event.subject, subject) << "step " << step;
    ASSERT_EQ(event.kind, subject % 7);
    const double next = draw(event.time);
    ASSERT_TRUE(queue.schedule(next, subject % 7, subject));
    reference.schedule(next, subject);
  }
  EXPECT_EQ(queue.size(), pending);
}

TEST(EventQueueTest, HoldModelMatchesASortedReference) { run_hold_model(1000, 20000, false); }

TEST(EventQueueTest, HoldModelWithSharedTimesMatchesASortedReference) { run_hold_model(1000, 20000, true); }

// Small heaps: every way the last group of children can be partly filled.
TEST(EventQueueTest, SmallHoldModelsMatchASortedReference) {
  for (std::uint32_t pending = 1; pending <= 21; ++pending) {
    SCOPED_TRACE(pending);
    ASSERT_NO_FATAL_FAILURE(run_hold_model(pending, 2000, false));
    ASSERT_NO_FATAL_FAILURE(run_hold_model(pending, 2000, true));
  }
}

// Bursts of schedules and pops, so that the heap grows and shrinks through every size
// and shape, with many shared times, against the sorted reference.
TEST(EventQueueTest, BurstsOfSchedulesAndPopsMatchASortedReference) {
  EventQueue queue;
  Reference reference;
  std::mt19937_64 random(7);
  std::uniform_int_distribution<int> burst(0, 40);
  std::uniform_int_distribution<int> delay(0, 30);
  std::uint32_t subject = 0;
  for (int round = 0; round < 400; ++round) {
    for (int i = burst(random); i > 0; --i) {
      const double time = queue.now() + delay(random) * 0.5;
      ASSERT_TRUE(queue.schedule(time, subject % 7, subject));
      reference.schedule(time, subject++);
    }
    for (int i = burst(random); i > 0 && !queue.empty(); --i) {
      ASSERT_NO_FATAL_FAILURE(expect_pop_matches(queue, reference));
    }
    ASSERT_EQ(queue.size(), reference.size());
  }
  while (!queue.empty()) ASSERT_NO_FATAL_FAILURE(expect_pop_matches(queue, reference));
}

}  // namespace
}  // namespace entente::sim
