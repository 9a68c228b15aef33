#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/model.hpp"

namespace entente {

// A nation's standing towards one organisation on one day, and the frameworks that make
// it a partner (empty unless the relation is a partner relation).
struct RelationEntry {
  const Nation* nation = nullptr;
  const Organisation* organisation = nullptr;
  Relation relation = Relation::kNone;
  std::vector<std::string> frameworks;
};

struct NationProfile {
  const Nation* nation = nullptr;
  std::vector<RelationEntry> relations;  // one per organisation alive on the day or ever joined
  std::vector<const Membership*> memberships;
  std::vector<const Partnership*> partnerships;
  std::vector<const PartnershipPlan*> plans;
  std::vector<const TerritoryChange*> territory_changes;
};

// A change in the registry, derived from the start and end of the dated rows.
struct TimelineEvent {
  Date date;
  EventKind kind = EventKind::kAccession;
  std::string nation;  // empty for events of an organisation or framework
  std::string organisation;
  std::string framework;  // empty unless a framework is involved
  std::string detail;     // one sentence for people, e.g. "Finland joins NATO"
  Provenance provenance;
};

// A nation a search found, and the alias (data/nation_aliases.csv) it was found by: empty
// when its code or name matched. The alias refers into the registry's dataset.
struct NationMatch {
  const Nation* nation = nullptr;
  std::string_view alias;
};

// Which events a timeline query wants; both dates are inclusive.
struct TimelineFilter {
  std::optional<std::string> organisation;
  std::optional<std::string> nation;
  Date from;
  Date to;
};

// The temporal registry: an immutable index over a Dataset answering "as of" queries.
// Safe to query from many threads at once. Callers pass entities obtained from the find_
// functions of the same Registry.
class Registry {
 public:
  // `dataset` must have passed read_dataset's validation (known codes, no overlaps).
  explicit Registry(Dataset dataset);
  // The registry of `dataset`, reusing every index of `previous` whose tables `dataset`
  // shares with it (SharedRows::shares_rows_with): after an edit of plans nothing is
  // rebuilt; after an edit of memberships or partnerships, the relations and the timeline.
  Registry(Dataset dataset, const Registry& previous);

  const Dataset& dataset() const { return dataset_; }

  // Exact, case-sensitive lookups by key; nullptr when absent.
  const Nation* find_nation(std::string_view iso3) const;
  const Organisation* find_organisation(std::string_view id) const;
  const Framework* find_framework(std::string_view id) const;

  // The membership periods of `organisation` holding on `as_of` (members, suspended
  // members, observers, associates), ordered by nation name.
  std::vector<const Membership*> members(const Organisation& organisation, Date as_of) const;

  // The partnership periods of `framework` holding on `as_of`, ordered by nation name.
  std::vector<const Partnership*> partners(const Framework& framework, Date as_of) const;

  RelationEntry relation(const Nation& nation, const Organisation& organisation, Date as_of) const;

  // The relation of every nation existing on `as_of` to `organisation`, ordered by name.
  std::vector<RelationEntry> relations(const Organisation& organisation, Date as_of) const;

  NationProfile profile(const Nation& nation, Date as_of) const;

  // The day of the earliest event; `fallback` when there are none.
  Date first_event_date(Date fallback) const {
    const std::vector<TimelineEvent>& all = events();
    return all.empty() ? fallback : all.front().date;
  }

  // Events matching the filter, in date order.
  std::vector<const TimelineEvent*> timeline(const TimelineFilter& filter) const;

  // Nations found by `query`, compared ignoring case and accents (fold_case_and_accents),
  // in four groups, each by name: those whose ISO alpha-3 or alpha-2 code is the query;
  // those whose name or an alias is the query; those whose name or an alias starts with
  // it; those whose name or an alias contains it, or whose alpha-3 code starts with it. A
  // nation appears once, in its first group, found by its name rather than an alias when
  // both match alike.
  std::vector<NationMatch> search_matches(std::string_view query) const;
  // The nations of search_matches.
  std::vector<const Nation*> search(std::string_view query) const;

 private:
  // A nation's relation to one organisation from `from` until the start of the next span
  // of the same nation; before its first span a nation's relation is none.
  struct RelationSpan {
    Date from;
    Relation relation = Relation::kNone;
    std::uint32_t first_framework = 0;  // the span's frameworks: [first, first + count) of
    std::uint32_t framework_count = 0;  // PerOrganisation::span_frameworks, sorted, unique
  };

  struct PerOrganisation {
    // Indexed by nation index: that nation's periods in this organisation and in the
    // organisation's frameworks, each sorted by start.
    std::vector<std::vector<const Membership*>> memberships;
    std::vector<std::vector<const Partnership*>> partnerships;
    // Every nation's relation over time, precomputed so that an as-of query is a short scan:
    // the spans of nation n are [first_span[n], first_span[n + 1]), sorted by start, each
    // different from the one before it.
    std::vector<RelationSpan> spans;
    std::vector<std::uint32_t> first_span;  // nations + 1 entries
    std::vector<std::string> span_frameworks;
  };

  // What the search compares of one nation, folded (fold_case_and_accents).
  struct SearchTerms {
    const Nation* nation = nullptr;
    std::string iso3;
    std::string iso2;
    std::string name;
    std::vector<std::pair<std::string, const NationAlias*>> aliases;  // (alias folded, its row)
  };
  // What the registry derives from nations, their aliases, organisations and frameworks.
  struct Keys {
    std::map<std::string, std::size_t, std::less<>> nation_by_code;
    std::map<std::string, std::size_t, std::less<>> organisation_by_id;
    std::map<std::string, std::size_t, std::less<>> framework_by_id;
    std::vector<std::size_t> nations_by_name;  // indexes into dataset_.nations
    std::vector<SearchTerms> search_terms;     // in the order of nations_by_name
  };
  // What it derives from those and the memberships, partnerships and territory changes.
  // The timeline is built on first use: an edit of a membership need not wait for it.
  struct Index {
    std::vector<PerOrganisation> per_organisation;  // indexed like dataset_.organisations
    mutable std::once_flag events_built;
    mutable std::vector<TimelineEvent> events;  // sorted by date
  };

  Registry(Dataset dataset, const Registry* previous);
  std::shared_ptr<const Keys> build_keys() const;
  std::shared_ptr<const Index> build_index() const;
  std::size_t nation_index(std::string_view iso3) const;
  // Indexes into dataset_ of entities that belong to it (found by key otherwise).
  std::size_t nation_index(const Nation& nation) const;
  std::size_t organisation_index(const Organisation& organisation) const;
  void build_relation_spans(PerOrganisation& index) const;
  // The relation of `nation` (at index `nation_at`) to `organisation` (at `organisation_at`).
  RelationEntry relation_at(const Nation& nation, std::size_t nation_at, const Organisation& organisation,
                            std::size_t organisation_at, Date as_of) const;
  std::vector<TimelineEvent> build_events(const std::vector<PerOrganisation>& per_organisation) const;
  // The timeline, built once for every registry sharing index_ (their tables are the same).
  const std::vector<TimelineEvent>& events() const;
  const Framework* framework_of(const Partnership& partnership) const;

  Dataset dataset_;
  // Shared with the registries built from this one while their tables are the same; the
  // indexes point into dataset_'s rows, which those registries share too.
  std::shared_ptr<const Keys> keys_;
  std::shared_ptr<const Index> index_;
};

}  // namespace entente
