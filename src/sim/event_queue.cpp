#include "sim/event_queue.hpp"

#include <cmath>
#include <utility>

namespace entente::sim {

namespace {
constexpr std::size_t kArity = 4;
}  // namespace

bool EventQueue::schedule(double time, std::uint32_t kind, std::uint32_t subject) {
  if (std::isnan(time) || time < now_) return false;
  Event event{time, next_sequence_++, kind, subject};
  std::size_t at = heap_.size();
  heap_.push_back(event);
  while (at > 0) {
    const std::size_t parent = (at - 1) / kArity;
    if (!earlier(event, heap_[parent])) break;
    heap_[at] = heap_[parent];
    at = parent;
  }
  heap_[at] = event;
  return true;
}

Event EventQueue::pop() {
  const Event first = heap_.front();
  const Event last = heap_.back();
  heap_.pop_back();
  const std::size_t count = heap_.size();
  if (count > 0) {
    std::size_t at = 0;
    while (true) {
      const std::size_t child = at * kArity + 1;
      if (child >= count) break;
      std::size_t best = child;
      const std::size_t end = child + kArity < count ? child + kArity : count;
      for (std::size_t c = child + 1; c < end; ++c) {
        if (earlier(heap_[c], heap_[best])) best = c;
      }
      if (!earlier(heap_[best], last)) break;
      heap_[at] = heap_[best];
      at = best;
    }
    heap_[at] = last;
  }
  now_ = first.time;
  return first;
}

void EventQueue::clear() {
  heap_.clear();
  next_sequence_ = 0;
  now_ = 0;
}

}  // namespace entente::sim
