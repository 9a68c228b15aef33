#include "sim/event_queue.hpp"

namespace entente::sim {

void EventQueue::clear() {
  heap_.clear();
  next_sequence_ = 0;
  now_ = 0;
}

}  // namespace entente::sim
