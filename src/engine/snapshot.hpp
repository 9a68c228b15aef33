#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "core/status.hpp"
#include "registry/registry.hpp"
#include "rules/article6.hpp"

namespace entente {

// One immutable version of everything the engine answers from: the registry of a dataset
// and the treaty area's geography built from it. A reader takes the current snapshot once
// per request (Engine::snapshot()) and answers from it alone, so a write that publishes a
// newer snapshot never changes an answer under way. Safe to share between threads.
class Snapshot {
 public:
  Snapshot(std::uint64_t version, Dataset dataset) : version_(version), registry_(std::move(dataset)) {}
  Snapshot(const Snapshot&) = delete;
  Snapshot& operator=(const Snapshot&) = delete;

  // Increases with every published snapshot of one engine.
  std::uint64_t version() const { return version_; }
  // The entity tag of every read answered from this snapshot: "\"v<version>\"".
  std::string etag() const { return "\"v" + std::to_string(version_) + "\""; }

  const Registry& registry() const { return registry_; }
  // Built on first use, once.
  const TreatyArea& geography() const {
    std::call_once(geography_built_, [this] { geography_ = std::make_unique<TreatyArea>(registry_); });
    return *geography_;
  }

 private:
  std::uint64_t version_;
  Registry registry_;
  mutable std::once_flag geography_built_;
  mutable std::unique_ptr<TreatyArea> geography_;
};

// An answer with the snapshot it was computed from. The answer may point into the
// snapshot (names, periods, units): holding the answer keeps the snapshot alive, so
// those pointers stay valid whatever is published meanwhile. It is-a T, so it reads and
// renders as one.
template <typename T>
struct Versioned : T {
  std::shared_ptr<const Snapshot> snapshot;
};

template <typename T>
Versioned<T> versioned(T value, std::shared_ptr<const Snapshot> snapshot) {
  return Versioned<T>{std::move(value), std::move(snapshot)};
}

template <typename T>
Result<Versioned<T>> versioned_result(Result<T> result, std::shared_ptr<const Snapshot> snapshot) {
  if (!result) return result.status();
  return versioned(std::move(result).value(), std::move(snapshot));
}

}  // namespace entente
