#pragma once

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
  static bool earlier(const Event& a, const Event& b) {
    return a.time < b.time || (a.time == b.time && a.sequence < b.sequence);
  }

  std::vector<Event> heap_;
  std::uint64_t next_sequence_ = 0;
  double now_ = 0;
};

}  // namespace entente::sim
