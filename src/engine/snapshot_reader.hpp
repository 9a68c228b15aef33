#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/date.hpp"
#include "core/status.hpp"
#include "engine/snapshot.hpp"

namespace entente {

// "a, b, c": the keys of `items`, for a message that lists what is known.
template <typename Items, typename Key>
std::string list_of(const Items& items, Key key) {
  std::string text;
  for (const auto& item : items) {
    if (!text.empty()) text += ", ";
    text += key(item);
  }
  return text;
}

// What every read-only service shares: the current snapshot (taken once per query), the
// clock that says what "today" is, and the resolution of user input into the registry's
// entities.
class SnapshotReader {
 public:
  using Source = std::function<std::shared_ptr<const Snapshot>()>;

  SnapshotReader(Source source, const Clock& clock) : source_(std::move(source)), clock_(clock) {}

  // The current snapshot; hold it for as long as its answers are used.
  std::shared_ptr<const Snapshot> snapshot() const { return source_(); }

 protected:
  // Empty is today; a failure names `field` (a query parameter or JSON pointer).
  Result<Date> resolve_as_of(std::string_view as_of, std::string_view field = "as_of") const;
  static Result<const Organisation*> resolve_organisation(const Registry& registry, std::string_view id);
  static Result<const Nation*> resolve_nation(const Registry& registry, std::string_view code);
  const Clock& clock() const { return clock_; }

 private:
  Source source_;
  const Clock& clock_;
};

}  // namespace entente
