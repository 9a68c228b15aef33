#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.hpp"
#include "core/status.hpp"
#include "engine/snapshot_reader.hpp"
#include "registry/registry.hpp"

namespace entente {

// Answers of the registry queries. Pointers refer into the snapshot an answer was
// computed from; the engine returns each answer as a Versioned<...> that keeps it alive.
struct MembersAnswer {
  const Organisation* organisation = nullptr;
  Date as_of;
  std::vector<const Membership*> members;
};

struct PartnersAnswer {
  const Framework* framework = nullptr;
  Date as_of;
  std::vector<const Partnership*> partners;
};

struct RelationsAnswer {
  const Organisation* organisation = nullptr;
  Date as_of;
  std::vector<RelationEntry> relations;
};

struct ProfileAnswer {
  Date as_of;
  NationProfile profile;
};

struct TimelineAnswer {
  TimelineFilter filter;
  std::vector<const TimelineEvent*> events;
};

struct SearchAnswer {
  std::string query;
  std::vector<const Nation*> nations;  // in the order of Registry::search_matches
  // One per nation: the alias (data/nation_aliases.csv) it was found by; empty when its
  // code or name matched.
  std::vector<std::string> matched_aliases;
};

// Parameters of a timeline query as the user gave them; empty means "not given".
struct TimelineRequest {
  // An organisation id or a nation code, whichever it names (the CLI's positional
  // argument); it fills organisation, or else nation, when that is not given.
  std::string subject;
  std::string organisation;
  std::string nation;
  std::string from;  // default: the first event
  std::string to;    // default: today
};

struct CatalogueAnswer {
  const SharedRows<Organisation>* organisations = nullptr;
  const SharedRows<Framework>* frameworks = nullptr;
  const SharedRows<Nation>* nations = nullptr;
  const SharedRows<Publisher>* publishers = nullptr;  // by host
};

// The registry's questions, as of any day.
// Queries take user input as text, validate it (unknown ids and impossible dates are
// errors, never guesses) and answer from the current snapshot, taken once per query; they
// are safe to call from many threads at once. Each answer carries the snapshot it came
// from (Versioned), whose version is the answer's entity tag. Every `as_of` is
// "YYYY-MM-DD" or empty for today (from the injected clock). Ids and codes are matched
// ignoring case.
class RegistryQueries : public SnapshotReader {
 public:
  using SnapshotReader::SnapshotReader;

  Result<Versioned<MembersAnswer>> members(std::string_view organisation, std::string_view as_of) const;
  Result<Versioned<PartnersAnswer>> partners(std::string_view framework, std::string_view as_of) const;
  Result<Versioned<RelationsAnswer>> relations(std::string_view organisation, std::string_view as_of) const;
  Result<Versioned<ProfileAnswer>> nation(std::string_view code, std::string_view as_of) const;
  Result<Versioned<TimelineAnswer>> timeline(const TimelineRequest& request) const;
  // Fails with kInvalidArgument on an empty query.
  Result<Versioned<SearchAnswer>> search(std::string_view query) const;

  // The organisations and frameworks the registry holds; every nation; the publishers of
  // the sources' web hosts (data/publishers.csv).
  Versioned<CatalogueAnswer> catalogue() const;
};

}  // namespace entente
