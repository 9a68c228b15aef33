#include "engine/snapshot_reader.hpp"

#include <string>

#include "core/text.hpp"

namespace entente {

Result<Date> SnapshotReader::resolve_as_of(std::string_view as_of, std::string_view field) const {
  if (as_of.empty()) return clock_.today();
  Result<Date> day = Date::parse(as_of);
  if (!day) return day.status().at(std::string(field));
  return day;
}

Result<const Organisation*> SnapshotReader::resolve_organisation(const Registry& registry, std::string_view id) {
  if (const Organisation* organisation = registry.find_organisation(ascii_upper(trim(id)))) return organisation;
  return Status(ErrorCode::kUnknownOrganisation,
                "unknown organisation '" + std::string(id) + "'; known organisations: " +
                    list_of(registry.dataset().organisations, [](const Organisation& o) { return o.id; }));
}

Result<const Nation*> SnapshotReader::resolve_nation(const Registry& registry, std::string_view code) {
  const Nation* found = registry.find_nation(ascii_upper(trim(code)));
  if (found == nullptr) {
    return Status(ErrorCode::kUnknownNation,
                  "unknown nation '" + std::string(code) + "'; nations are ISO 3166-1 alpha-3 codes such as FIN");
  }
  return found;
}

}  // namespace entente
