#pragma once

#include <bit>
#include <cassert>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace entente::sim {

// A pending event: when it happens (simulated days), what kind of event it is and on
// what it acts; the model dispatches on `kind`. `sequence` orders events scheduled for
// the same time in the order they were scheduled, so runs are reproducible.
struct Event {
  double time = 0;
  std::uint64_t sequence = 0;
  std::uint32_t kind = 0;
  std::uint32_t subject = 0;
};

// The pending-event set of a discrete-event simulation: a 4-ary min-heap ordered by
// (time, sequence). Not thread-safe; each replication owns one.
class EventQueue {
 public:
  // Schedules an event at `time`. Returns false, changing nothing, when `time` is not a
  // number or is before now(): events never go back in time.
  [[nodiscard]] bool schedule(double time, std::uint32_t kind, std::uint32_t subject);

  // Removes and returns the earliest event and advances now() to its time. The queue
  // must not be empty.
  Event pop();

  bool empty() const { return heap_.empty(); }
  std::size_t size() const { return heap_.size(); }
  // The time of the last event popped (0 before any).
  double now() const { return now_; }
  // Drops every pending event and returns to time 0.
  void clear();
  void reserve(std::size_t count) { heap_.reserve(count); }

 private:
  static constexpr std::size_t kArity = 4;
  static_assert(kArity == 4, "pop() picks the earliest child by a tournament of four");

  // (time, sequence) as one unsigned 128-bit number, so that an ordering test is a
  // single wide comparison without branches. Exact because every stored time is
  // non-negative and not NaN (schedule() refuses the rest and turns -0 into +0): the
  // bits of such doubles order like the doubles.
  __extension__ using Key = unsigned __int128;
  static Key key(const Event& event) { return (Key{std::bit_cast<std::uint64_t>(event.time)} << 64) | event.sequence; }
  static bool earlier(const Event& a, const Event& b) { return key(a) < key(b); }

  // Invariant: no event is later than its children, heap_[kArity * i + 1] to
  // heap_[kArity * i + kArity] for heap_[i]; no two share a sequence.
  std::vector<Event> heap_;
  std::uint64_t next_sequence_ = 0;
  double now_ = 0;
};

// schedule() and pop() are defined here so that a simulation's event loop inlines them.

inline bool EventQueue::schedule(double time, std::uint32_t kind, std::uint32_t subject) {
  if (std::isnan(time) || time < now_) return false;
  // Adding +0 turns -0, which passes the test above at time 0, into +0 and keeps the
  // rest: a -0 would sort after every other time by its bits.
  const Event event{time + 0.0, next_sequence_++, kind, subject};
  std::size_t hole = heap_.size();
  heap_.push_back(event);
  Event* const heap = heap_.data();
  while (hole > 0) {
    const std::size_t parent = (hole - 1) / kArity;
    if (!earlier(event, heap[parent])) break;
    heap[hole] = heap[parent];
    hole = parent;
  }
  heap[hole] = event;
  return true;
}

// The last element fills the hole left by the root and moves down past every child
// earlier than itself.
inline Event EventQueue::pop() {
  assert(!heap_.empty());
  Event* const heap = heap_.data();
  const Event first = heap[0];
  const std::size_t count = heap_.size() - 1;  // after the removal
  if (count > 0) {
    const Event last = heap[count];
    std::size_t hole = 0;
    while (true) {
      const std::size_t child = kArity * hole + 1;
      std::size_t earliest = child;
      if (child + kArity <= count) {
        // A tournament without branches: which child wins is unpredictable, so a branch
        // would mispredict about half the time. The last step is arithmetic because GCC
        // compiles `high_key < low_key ? high : low` here into such a branch.
        const Key key0 = key(heap[child]), key1 = key(heap[child + 1]);
        const Key key2 = key(heap[child + 2]), key3 = key(heap[child + 3]);
        const bool second_wins = key1 < key0, fourth_wins = key3 < key2;
        const Key low_key = second_wins ? key1 : key0, high_key = fourth_wins ? key3 : key2;
        const std::size_t low = child + second_wins, high = child + 2 + fourth_wins;
        earliest = low + (high - low) * (high_key < low_key);
      } else {
        if (child >= count) break;
        for (std::size_t sibling = child + 1; sibling < count; ++sibling) {
          if (earlier(heap[sibling], heap[earliest])) earliest = sibling;
        }
      }
      // Well predicted: the last element is usually a late event and sinks to the bottom.
      if (!earlier(heap[earliest], last)) break;
      heap[hole] = heap[earliest];
      hole = earliest;
    }
    heap[hole] = last;
  }
  heap_.pop_back();
  now_ = first.time;
  return first;
}

}  // namespace entente::sim
