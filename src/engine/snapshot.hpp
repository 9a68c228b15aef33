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
  Snapshot(std::uint64_t version, Dataset dataset)
      : version_(version), registry_(std::move(dataset)), geometry_(std::make_shared<GeometryCell>()) {}
  // The snapshot after a change: `dataset` is a copy of `previous`'s dataset with some
  // tables changed. Whatever was derived from the tables it leaves alone (the registry's
  // indexes, the treaty area's geometry) is shared, not built again.
  Snapshot(std::uint64_t version, Dataset dataset, const Snapshot& previous)
      : version_(version),
        registry_(std::move(dataset), previous.registry_),
        geometry_(TreatyArea::same_geometry_tables(registry_.dataset(), previous.registry_.dataset())
                      ? previous.geometry_
                      : std::make_shared<GeometryCell>()) {}
  Snapshot(const Snapshot&) = delete;
  Snapshot& operator=(const Snapshot&) = delete;

  // Increases with every published snapshot of one engine.
  std::uint64_t version() const { return version_; }
  // The entity tag of every read answered from this snapshot: "\"v<version>\"".
  std::string etag() const { return "\"v" + std::to_string(version_) + "\""; }

  const Registry& registry() const { return registry_; }
  // Built on first use, once, over geometry built once for all the snapshots sharing it.
  const TreatyArea& geography() const {
    std::call_once(geography_built_, [this] {
      std::call_once(geometry_->built, [this] { geometry_->geometry = TreatyArea::build_geometry(registry_); });
      geography_ = std::make_unique<TreatyArea>(registry_, geometry_->geometry);
    });
    return *geography_;
  }

 private:
  // The treaty area's geometry, built by the first snapshot that needs it.
  struct GeometryCell {
    std::once_flag built;
    std::shared_ptr<const TreatyArea::Geometry> geometry;
  };

  std::uint64_t version_;
  Registry registry_;
  std::shared_ptr<GeometryCell> geometry_;
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
