#include "engine/registry_queries.hpp"

#include "core/text.hpp"

namespace entente {

Versioned<CatalogueAnswer> RegistryQueries::catalogue() const {
  std::shared_ptr<const Snapshot> snap = snapshot();
  const Dataset& dataset = snap->registry().dataset();
  return versioned(CatalogueAnswer{&dataset.organisations, &dataset.frameworks, &dataset.nations, &dataset.publishers},
                   std::move(snap));
}

Result<Versioned<MembersAnswer>> RegistryQueries::members(std::string_view organisation, std::string_view as_of) const {
  const std::shared_ptr<const Snapshot> snap = snapshot();
  const Registry& registry = snap->registry();
  Result<const Organisation*> found = resolve_organisation(registry, organisation);
  if (!found) return found.status();
  Result<Date> day = resolve_as_of(as_of);
  if (!day) return day.status();
  return versioned(MembersAnswer{*found, *day, registry.members(**found, *day)}, snap);
}

Result<Versioned<PartnersAnswer>> RegistryQueries::partners(std::string_view framework, std::string_view as_of) const {
  const std::shared_ptr<const Snapshot> snap = snapshot();
  const Registry& registry = snap->registry();
  const Framework* found = registry.find_framework(ascii_upper(trim(framework)));
  if (found == nullptr) {
    return Status(ErrorCode::kUnknownFramework,
                  "unknown partnership framework '" + std::string(framework) + "'; known frameworks: " +
                      list_of(registry.dataset().frameworks, [](const Framework& f) { return f.id; }));
  }
  Result<Date> day = resolve_as_of(as_of);
  if (!day) return day.status();
  return versioned(PartnersAnswer{found, *day, registry.partners(*found, *day)}, snap);
}

Result<Versioned<RelationsAnswer>> RegistryQueries::relations(std::string_view organisation,
                                                              std::string_view as_of) const {
  const std::shared_ptr<const Snapshot> snap = snapshot();
  const Registry& registry = snap->registry();
  Result<const Organisation*> found = resolve_organisation(registry, organisation);
  if (!found) return found.status();
  Result<Date> day = resolve_as_of(as_of);
  if (!day) return day.status();
  return versioned(RelationsAnswer{*found, *day, registry.relations(**found, *day)}, snap);
}

Result<Versioned<ProfileAnswer>> RegistryQueries::nation(std::string_view code, std::string_view as_of) const {
  const std::shared_ptr<const Snapshot> snap = snapshot();
  const Registry& registry = snap->registry();
  const Nation* found = registry.find_nation(ascii_upper(trim(code)));
  if (found == nullptr) {
    std::string hint = "; nations are ISO 3166-1 alpha-3 codes such as FIN";
    const auto matches = registry.search(code);
    if (!matches.empty()) hint = "; did you mean " + matches.front()->iso3 + " (" + matches.front()->name + ")?";
    return Status(ErrorCode::kUnknownNation, "unknown nation '" + std::string(code) + "'" + hint);
  }
  Result<Date> day = resolve_as_of(as_of);
  if (!day) return day.status();
  return versioned(ProfileAnswer{*day, registry.profile(*found, *day)}, snap);
}

Result<Versioned<TimelineAnswer>> RegistryQueries::timeline(const TimelineRequest& request) const {
  const std::shared_ptr<const Snapshot> snap = snapshot();
  const Registry& registry = snap->registry();
  TimelineRequest resolved = request;
  if (!request.subject.empty()) {
    const std::string subject = ascii_upper(trim(request.subject));
    if (registry.find_organisation(subject) != nullptr && request.organisation.empty()) {
      resolved.organisation = subject;
    } else if (registry.find_nation(subject) != nullptr && request.nation.empty()) {
      resolved.nation = subject;
    } else {
      return Status(ErrorCode::kNotFound, "'" + request.subject + "' is neither an organisation id nor a nation code");
    }
  }
  TimelineAnswer answer;
  if (!resolved.organisation.empty()) {
    Result<const Organisation*> found = resolve_organisation(registry, resolved.organisation);
    if (!found) return found.status();
    answer.filter.organisation = (*found)->id;
  }
  if (!resolved.nation.empty()) {
    const Nation* found = registry.find_nation(ascii_upper(trim(resolved.nation)));
    if (found == nullptr) {
      return Status(ErrorCode::kUnknownNation,
                    "unknown nation '" + resolved.nation + "'; use an ISO 3166-1 alpha-3 code");
    }
    answer.filter.nation = found->iso3;
  }
  Result<Date> to = resolve_as_of(request.to, "to");
  if (!to) return to.status();
  answer.filter.to = *to;
  answer.filter.from = registry.first_event_date(*to);
  if (!request.from.empty()) {
    Result<Date> from = Date::parse(request.from);
    if (!from) return from.status().at("from");
    answer.filter.from = *from;
  }
  if (answer.filter.to < answer.filter.from) {
    return Status(ErrorCode::kInvalidArgument, "from " + answer.filter.from.to_string() + " is after to " +
                                                   answer.filter.to.to_string() + "; swap them");
  }
  answer.events = registry.timeline(answer.filter);
  return versioned(std::move(answer), snap);
}

Result<Versioned<SearchAnswer>> RegistryQueries::search(std::string_view query) const {
  const std::shared_ptr<const Snapshot> snap = snapshot();
  const Registry& registry = snap->registry();
  const std::string_view trimmed = trim(query);
  if (trimmed.empty()) {
    return Status(ErrorCode::kInvalidArgument, "the search text is empty; give part of a name or a code, e.g. swe");
  }
  SearchAnswer answer{std::string(trimmed), {}, {}};
  for (const NationMatch& match : registry.search_matches(trimmed)) {
    answer.nations.push_back(match.nation);
    answer.matched_aliases.emplace_back(match.alias);
  }
  return versioned(std::move(answer), snap);
}

}  // namespace entente
