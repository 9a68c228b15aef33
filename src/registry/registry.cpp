#include "registry/registry.hpp"

#include <algorithm>
#include <array>
#include <functional>
#include <optional>
#include <tuple>

#include "core/text.hpp"

namespace entente {

namespace {

template <typename Row>
void sort_by_start(std::vector<const Row*>& rows) {
  std::sort(rows.begin(), rows.end(), [](const Row* a, const Row* b) { return a->period.from < b->period.from; });
}

// The row of `rows` (sorted, non-overlapping) holding on `day`, or nullptr.
template <typename Row>
const Row* holding_on(const std::vector<const Row*>& rows, Date day) {
  for (const Row* row : rows) {
    if (row->period.contains(day)) return row;
  }
  return nullptr;
}

// True when one of `rows` ended on or before `day` and `counts` accepts it.
template <typename Row, typename Predicate>
bool ended_before(const std::vector<const Row*>& rows, Date day, Predicate counts) {
  return std::any_of(rows.begin(), rows.end(),
                     [&](const Row* row) { return row->period.to && *row->period.to <= day && counts(*row); });
}

bool full_membership(const Membership& row) {
  return row.status == MembershipStatus::kMember || row.status == MembershipStatus::kSuspended;
}

Relation relation_of(MembershipStatus status) {
  switch (status) {
    case MembershipStatus::kMember: return Relation::kMember;
    case MembershipStatus::kSuspended: return Relation::kSuspendedMember;
    case MembershipStatus::kObserver: return Relation::kObserver;
    case MembershipStatus::kAssociate: return Relation::kAssociate;
  }
  return Relation::kNone;
}

// The relation that a nation's `memberships` and `partnerships` in one organisation (each
// sorted by start) give it on `day`. `frameworks` receives the frameworks of a partner or
// suspended partner, sorted and unique; it refers into the rows.
Relation relation_from_rows(const std::vector<const Membership*>& memberships,
                            const std::vector<const Partnership*>& partnerships, Date day,
                            std::vector<std::string_view>& frameworks) {
  frameworks.clear();
  if (const Membership* membership = holding_on(memberships, day)) return relation_of(membership->status);
  bool suspended_partner = false;
  for (const Partnership* partnership : partnerships) {
    if (!partnership->period.contains(day)) continue;
    if (partnership->status == PartnershipStatus::kActive) {
      frameworks.emplace_back(partnership->framework);
    } else {
      suspended_partner = true;
    }
  }
  Relation relation = Relation::kNone;
  if (!frameworks.empty()) {
    relation = Relation::kPartner;
  } else if (suspended_partner) {
    relation = Relation::kSuspendedPartner;
    for (const Partnership* partnership : partnerships) {
      if (partnership->period.contains(day)) frameworks.emplace_back(partnership->framework);
    }
  } else if (ended_before(memberships, day, full_membership)) {
    relation = Relation::kFormerMember;
  } else if (ended_before(memberships, day, [](const Membership& row) { return !full_membership(row); }) ||
             ended_before(partnerships, day, [](const Partnership&) { return true; })) {
    // A past observer or associate status counts as a past partnership.
    relation = Relation::kFormerPartner;
  }
  std::sort(frameworks.begin(), frameworks.end());
  frameworks.erase(std::unique(frameworks.begin(), frameworks.end()), frameworks.end());
  return relation;
}

std::string_view status_phrase(MembershipStatus status) {
  switch (status) {
    case MembershipStatus::kMember: return "a member";
    case MembershipStatus::kSuspended: return "a suspended member";
    case MembershipStatus::kObserver: return "an observer";
    case MembershipStatus::kAssociate: return "an associate";
  }
  return "a member";
}

}  // namespace

Registry::Registry(Dataset dataset) : Registry(std::move(dataset), nullptr) {}

Registry::Registry(Dataset dataset, const Registry& previous) : Registry(std::move(dataset), &previous) {}

Registry::Registry(Dataset dataset, const Registry* previous) : dataset_(std::move(dataset)) {
  const auto shared = [&](const auto table) {
    return previous != nullptr && (dataset_.*table).shares_rows_with(previous->dataset_.*table);
  };
  const bool same_keys = shared(&Dataset::nations) && shared(&Dataset::nation_aliases) &&
                         shared(&Dataset::organisations) && shared(&Dataset::frameworks);
  keys_ = same_keys ? previous->keys_ : build_keys();
  const bool same_index = same_keys && shared(&Dataset::memberships) && shared(&Dataset::partnerships) &&
                          shared(&Dataset::territory_changes);
  index_ = same_index ? previous->index_ : build_index();
}

std::shared_ptr<const Registry::Keys> Registry::build_keys() const {
  auto keys = std::make_shared<Keys>();
  for (std::size_t i = 0; i < dataset_.nations.size(); ++i) keys->nation_by_code.emplace(dataset_.nations[i].iso3, i);
  for (std::size_t i = 0; i < dataset_.organisations.size(); ++i) {
    keys->organisation_by_id.emplace(dataset_.organisations[i].id, i);
  }
  for (std::size_t i = 0; i < dataset_.frameworks.size(); ++i) {
    keys->framework_by_id.emplace(dataset_.frameworks[i].id, i);
  }
  keys->nations_by_name.resize(dataset_.nations.size());
  for (std::size_t i = 0; i < keys->nations_by_name.size(); ++i) keys->nations_by_name[i] = i;
  std::sort(keys->nations_by_name.begin(), keys->nations_by_name.end(), [this](std::size_t a, std::size_t b) {
    return std::tie(dataset_.nations[a].name, dataset_.nations[a].iso3) <
           std::tie(dataset_.nations[b].name, dataset_.nations[b].iso3);
  });
  std::vector<std::size_t> terms_of(dataset_.nations.size());  // by nation index
  keys->search_terms.reserve(dataset_.nations.size());
  for (std::size_t index : keys->nations_by_name) {
    const Nation& nation = dataset_.nations[index];
    terms_of[index] = keys->search_terms.size();
    keys->search_terms.push_back({&nation,
                                  fold_case_and_accents(nation.iso3),
                                  fold_case_and_accents(nation.iso2),
                                  fold_case_and_accents(nation.name),
                                  {}});
  }
  for (const NationAlias& alias : dataset_.nation_aliases) {
    const auto nation = keys->nation_by_code.find(alias.nation);
    if (nation == keys->nation_by_code.end()) continue;
    keys->search_terms[terms_of[nation->second]].aliases.emplace_back(fold_case_and_accents(alias.alias), &alias);
  }
  // In alias order, whatever order the rows were read in: of two aliases that match alike,
  // the search reports the first.
  for (SearchTerms& terms : keys->search_terms) {
    std::sort(terms.aliases.begin(), terms.aliases.end(),
              [](const auto& a, const auto& b) { return a.second->alias < b.second->alias; });
  }
  return keys;
}

// Needs keys_.
std::shared_ptr<const Registry::Index> Registry::build_index() const {
  auto index = std::make_shared<Index>();
  index->per_organisation.resize(dataset_.organisations.size());
  for (PerOrganisation& organisation : index->per_organisation) {
    organisation.memberships.resize(dataset_.nations.size());
    organisation.partnerships.resize(dataset_.nations.size());
  }
  for (const Membership& membership : dataset_.memberships) {
    const auto organisation = keys_->organisation_by_id.find(membership.organisation);
    if (organisation == keys_->organisation_by_id.end()) continue;
    index->per_organisation[organisation->second].memberships[nation_index(membership.nation)].push_back(&membership);
  }
  for (const Partnership& partnership : dataset_.partnerships) {
    const Framework* framework = framework_of(partnership);
    if (framework == nullptr) continue;
    const auto organisation = keys_->organisation_by_id.find(framework->organisation);
    if (organisation == keys_->organisation_by_id.end()) continue;
    index->per_organisation[organisation->second].partnerships[nation_index(partnership.nation)].push_back(
        &partnership);
  }
  for (PerOrganisation& organisation : index->per_organisation) {
    for (auto& rows : organisation.memberships) sort_by_start(rows);
    for (auto& rows : organisation.partnerships) sort_by_start(rows);
    build_relation_spans(organisation);
  }
  return index;
}

// A nation's relation changes only on a day one of its periods starts or ends: the periods
// holding on a day, and those ended by it, are the same from one such day to the next.
// So the relation computed on each of those days holds until the next.
void Registry::build_relation_spans(PerOrganisation& index) const {
  const std::size_t nations = dataset_.nations.size();
  index.first_span.reserve(nations + 1);
  std::vector<Date> changes;
  std::vector<std::string_view> frameworks;
  for (std::size_t nation = 0; nation < nations; ++nation) {
    index.first_span.push_back(static_cast<std::uint32_t>(index.spans.size()));
    const auto& memberships = index.memberships[nation];
    const auto& partnerships = index.partnerships[nation];
    changes.clear();
    const auto add_period = [&changes](const Interval& period) {
      changes.push_back(period.from);
      if (period.to) changes.push_back(*period.to);
    };
    for (const Membership* row : memberships) add_period(row->period);
    for (const Partnership* row : partnerships) add_period(row->period);
    std::sort(changes.begin(), changes.end());
    changes.erase(std::unique(changes.begin(), changes.end()), changes.end());

    RelationSpan previous;  // none, without frameworks, until the first change
    for (Date day : changes) {
      const Relation relation = relation_from_rows(memberships, partnerships, day, frameworks);
      const auto previous_frameworks = index.span_frameworks.begin() + previous.first_framework;
      if (relation == previous.relation && std::equal(frameworks.begin(), frameworks.end(), previous_frameworks,
                                                      previous_frameworks + previous.framework_count)) {
        continue;
      }
      previous = RelationSpan{day, relation, static_cast<std::uint32_t>(index.span_frameworks.size()),
                              static_cast<std::uint32_t>(frameworks.size())};
      index.span_frameworks.insert(index.span_frameworks.end(), frameworks.begin(), frameworks.end());
      index.spans.push_back(previous);
    }
  }
  index.first_span.push_back(static_cast<std::uint32_t>(index.spans.size()));
}

std::size_t Registry::nation_index(std::string_view iso3) const { return keys_->nation_by_code.find(iso3)->second; }

std::size_t Registry::nation_index(const Nation& nation) const {
  if (const auto index = dataset_.nations.index_of(nation)) return *index;
  return nation_index(nation.iso3);
}

std::size_t Registry::organisation_index(const Organisation& organisation) const {
  if (const auto index = dataset_.organisations.index_of(organisation)) return *index;
  return keys_->organisation_by_id.find(organisation.id)->second;
}

const Nation* Registry::find_nation(std::string_view iso3) const {
  const auto it = keys_->nation_by_code.find(iso3);
  return it == keys_->nation_by_code.end() ? nullptr : &dataset_.nations[it->second];
}

const Organisation* Registry::find_organisation(std::string_view id) const {
  const auto it = keys_->organisation_by_id.find(id);
  return it == keys_->organisation_by_id.end() ? nullptr : &dataset_.organisations[it->second];
}

const Framework* Registry::find_framework(std::string_view id) const {
  const auto it = keys_->framework_by_id.find(id);
  return it == keys_->framework_by_id.end() ? nullptr : &dataset_.frameworks[it->second];
}

const Framework* Registry::framework_of(const Partnership& partnership) const {
  return find_framework(partnership.framework);
}

std::vector<const Membership*> Registry::members(const Organisation& organisation, Date as_of) const {
  std::vector<const Membership*> result;
  const PerOrganisation& index = index_->per_organisation[organisation_index(organisation)];
  for (std::size_t nation : keys_->nations_by_name) {
    if (const Membership* row = holding_on(index.memberships[nation], as_of)) result.push_back(row);
  }
  return result;
}

std::vector<const Partnership*> Registry::partners(const Framework& framework, Date as_of) const {
  std::vector<const Partnership*> result;
  const PerOrganisation& index =
      index_->per_organisation[keys_->organisation_by_id.find(framework.organisation)->second];
  for (std::size_t nation : keys_->nations_by_name) {
    for (const Partnership* row : index.partnerships[nation]) {
      if (row->framework == framework.id && row->period.contains(as_of)) result.push_back(row);
    }
  }
  return result;
}

RelationEntry Registry::relation_at(const Nation& nation, std::size_t nation_at, const Organisation& organisation,
                                    std::size_t organisation_at, Date as_of) const {
  RelationEntry entry{&nation, &organisation, Relation::kNone, {}};
  const PerOrganisation& index = index_->per_organisation[organisation_at];
  const RelationSpan* holding = nullptr;
  for (std::uint32_t span = index.first_span[nation_at];
       span < index.first_span[nation_at + 1] && index.spans[span].from <= as_of; ++span) {
    holding = &index.spans[span];
  }
  if (holding == nullptr) return entry;
  entry.relation = holding->relation;
  if (holding->framework_count > 0) {
    const auto first = index.span_frameworks.begin() + holding->first_framework;
    entry.frameworks.assign(first, first + holding->framework_count);
  }
  return entry;
}

RelationEntry Registry::relation(const Nation& nation, const Organisation& organisation, Date as_of) const {
  return relation_at(nation, nation_index(nation), organisation, organisation_index(organisation), as_of);
}

std::vector<RelationEntry> Registry::relations(const Organisation& organisation, Date as_of) const {
  const std::size_t organisation_at = organisation_index(organisation);
  std::vector<RelationEntry> result;
  result.reserve(keys_->nations_by_name.size());
  for (std::size_t nation : keys_->nations_by_name) {
    const Nation& candidate = dataset_.nations[nation];
    if (candidate.exists_on(as_of))
      result.push_back(relation_at(candidate, nation, organisation, organisation_at, as_of));
  }
  return result;
}

NationProfile Registry::profile(const Nation& nation, Date as_of) const {
  NationProfile profile;
  profile.nation = &nation;
  for (const Organisation& organisation : dataset_.organisations) {
    RelationEntry entry = relation(nation, organisation, as_of);
    if (organisation.exists_on(as_of) || entry.relation != Relation::kNone) {
      profile.relations.push_back(std::move(entry));
    }
  }
  for (const Membership& membership : dataset_.memberships) {
    if (membership.nation == nation.iso3) profile.memberships.push_back(&membership);
  }
  for (const Partnership& partnership : dataset_.partnerships) {
    if (partnership.nation == nation.iso3) profile.partnerships.push_back(&partnership);
  }
  for (const PartnershipPlan& plan : dataset_.plans) {
    if (plan.nation == nation.iso3) profile.plans.push_back(&plan);
  }
  for (const TerritoryChange& change : dataset_.territory_changes) {
    if (change.nation == nation.iso3) profile.territory_changes.push_back(&change);
  }
  const auto by_start = [](const auto* a, const auto* b) { return a->period.from < b->period.from; };
  std::stable_sort(profile.memberships.begin(), profile.memberships.end(), by_start);
  std::stable_sort(profile.partnerships.begin(), profile.partnerships.end(), by_start);
  std::stable_sort(profile.plans.begin(), profile.plans.end(), by_start);
  return profile;
}

std::vector<const TimelineEvent*> Registry::timeline(const TimelineFilter& filter) const {
  std::vector<const TimelineEvent*> result;
  const std::vector<TimelineEvent>& events = this->events();
  const auto first = std::lower_bound(events.begin(), events.end(), filter.from,
                                      [](const TimelineEvent& event, Date day) { return event.date < day; });
  for (auto it = first; it != events.end() && it->date <= filter.to; ++it) {
    if (filter.organisation && it->organisation != *filter.organisation) continue;
    if (filter.nation && it->nation != *filter.nation) continue;
    result.push_back(&*it);
  }
  return result;
}

std::vector<NationMatch> Registry::search_matches(std::string_view query) const {
  const std::string needle = fold_case_and_accents(trim(query));
  if (needle.empty()) return {};
  // The groups, in the order they are listed; kNone is no match.
  enum class Group { kCode, kExact, kPrefix, kInside, kNone };
  const auto group_of = [&needle](const std::string& folded) {
    if (folded == needle) return Group::kExact;
    if (folded.starts_with(needle)) return Group::kPrefix;
    return folded.find(needle) != std::string::npos ? Group::kInside : Group::kNone;
  };
  std::array<std::vector<NationMatch>, static_cast<std::size_t>(Group::kNone)> groups;
  for (const SearchTerms& terms : keys_->search_terms) {
    Group best = terms.iso3 == needle || terms.iso2 == needle ? Group::kCode : group_of(terms.name);
    std::string_view alias;
    for (const auto& [folded, row] : terms.aliases) {
      if (const Group group = group_of(folded); group < best) {
        best = group;
        alias = row->alias;
      }
    }
    if (best == Group::kNone && terms.iso3.starts_with(needle)) best = Group::kInside;
    if (best != Group::kNone) groups[static_cast<std::size_t>(best)].push_back({terms.nation, alias});
  }
  std::vector<NationMatch> matches;
  for (const std::vector<NationMatch>& group : groups) matches.insert(matches.end(), group.begin(), group.end());
  return matches;
}

std::vector<const Nation*> Registry::search(std::string_view query) const {
  std::vector<const Nation*> nations;
  for (const NationMatch& match : search_matches(query)) nations.push_back(match.nation);
  return nations;
}

const std::vector<TimelineEvent>& Registry::events() const {
  std::call_once(index_->events_built, [this] { index_->events = build_events(index_->per_organisation); });
  return index_->events;
}

std::vector<TimelineEvent> Registry::build_events(const std::vector<PerOrganisation>& per_organisation) const {
  std::vector<TimelineEvent> events;
  for (const Organisation& organisation : dataset_.organisations) {
    events.push_back({organisation.founded, EventKind::kOrganisationFounded, "", organisation.id, "",
                      organisation.name + " is founded", organisation.provenance});
    if (organisation.dissolved) {
      events.push_back({*organisation.dissolved, EventKind::kOrganisationDissolved, "", organisation.id, "",
                        organisation.name + " is dissolved", organisation.provenance});
    }
  }
  for (const Framework& framework : dataset_.frameworks) {
    events.push_back({framework.launched, EventKind::kFrameworkLaunched, "", framework.organisation, framework.id,
                      framework.name + " is launched", framework.provenance});
    if (framework.ended) {
      std::string detail = framework.name + " ends";
      if (const Framework* successor = find_framework(framework.successor))
        detail += ", succeeded by " + successor->name;
      events.push_back({*framework.ended, EventKind::kFrameworkEnded, "", framework.organisation, framework.id, detail,
                        framework.provenance});
    }
  }

  for (std::size_t org = 0; org < per_organisation.size(); ++org) {
    const Organisation& organisation = dataset_.organisations[org];
    for (std::size_t nation_at = 0; nation_at < dataset_.nations.size(); ++nation_at) {
      const Nation& nation = dataset_.nations[nation_at];
      const auto& memberships = per_organisation[org].memberships[nation_at];
      for (std::size_t i = 0; i < memberships.size(); ++i) {
        const Membership& row = *memberships[i];
        const Membership* previous =
            i > 0 && memberships[i - 1]->period.to == row.period.from ? memberships[i - 1] : nullptr;
        EventKind kind = EventKind::kAccession;
        std::string detail = nation.name + " joins " + organisation.id;
        if (previous != nullptr) {
          if (previous->status == MembershipStatus::kMember && row.status == MembershipStatus::kSuspended) {
            kind = EventKind::kSuspension;
            detail = nation.name + " is suspended from " + organisation.id;
          } else if (previous->status == MembershipStatus::kSuspended && row.status == MembershipStatus::kMember) {
            kind = EventKind::kReinstatement;
            detail = nation.name + " is reinstated in " + organisation.id;
          } else {
            kind = EventKind::kStatusChange;
            detail = nation.name + " becomes " + std::string(status_phrase(row.status)) + " of " + organisation.id;
          }
        } else if (row.status != MembershipStatus::kMember) {
          kind = EventKind::kStatusChange;
          detail = nation.name + " becomes " + std::string(status_phrase(row.status)) + " of " + organisation.id;
        }
        events.push_back({row.period.from, kind, nation.iso3, organisation.id, "", detail, row.provenance});

        const bool continues = i + 1 < memberships.size() && memberships[i + 1]->period.from == row.period.to;
        if (!row.period.to || continues) continue;
        if (organisation.dissolved && *organisation.dissolved == *row.period.to) continue;
        std::string end = nation.name + " leaves " + organisation.id;
        if (nation.to && *nation.to == *row.period.to)
          end = nation.name + " ceases to exist; its place in " + organisation.id + " ends";
        events.push_back(
            {*row.period.to, EventKind::kWithdrawal, nation.iso3, organisation.id, "", end, row.provenance});
      }

      const auto& partnerships = per_organisation[org].partnerships[nation_at];
      for (const Partnership* row : partnerships) {
        const Framework& framework = *framework_of(*row);
        const auto same_framework_ending_at = [&](Date day) -> const Partnership* {
          for (const Partnership* other : partnerships) {
            if (other->framework == row->framework && other->period.to == day) return other;
          }
          return nullptr;
        };
        const Partnership* previous = same_framework_ending_at(row->period.from);
        EventKind kind = EventKind::kPartnershipStart;
        std::string detail = nation.name + " joins the " + framework.name;
        if (previous != nullptr && previous->status != row->status) {
          kind = row->status == PartnershipStatus::kSuspended ? EventKind::kPartnershipSuspended
                                                              : EventKind::kPartnershipResumed;
          detail = row->status == PartnershipStatus::kSuspended
                       ? "Practical cooperation with " + nation.name + " in the " + framework.name + " is suspended"
                       : "Cooperation with " + nation.name + " in the " + framework.name + " resumes";
        } else if (row->status == PartnershipStatus::kSuspended) {
          detail = nation.name + " joins the " + framework.name + " with cooperation suspended";
        }
        events.push_back({row->period.from, kind, nation.iso3, organisation.id, framework.id, detail, row->provenance});

        if (!row->period.to) continue;
        const bool continues = std::any_of(partnerships.begin(), partnerships.end(), [&](const Partnership* other) {
          return other->framework == row->framework && other->period.from == *row->period.to;
        });
        if (continues) continue;
        std::string detail_end = nation.name + " withdraws from the " + framework.name;
        const Membership* joined = holding_on(memberships, *row->period.to);
        if (joined != nullptr && joined->period.from == *row->period.to) {
          detail_end =
              nation.name + "'s partnership in the " + framework.name + " ends on accession to " + organisation.id;
        } else if (framework.ended && *framework.ended == *row->period.to) {
          detail_end = nation.name + "'s partnership in the " + framework.name + " ends as the framework ends";
        } else if (nation.to && *nation.to == *row->period.to) {
          detail_end = nation.name + "'s partnership in the " + framework.name + " ends as the state ceases to exist";
        }
        events.push_back({*row->period.to, EventKind::kPartnershipEnd, nation.iso3, organisation.id, framework.id,
                          detail_end, row->provenance});
      }
    }
  }
  for (const TerritoryChange& change : dataset_.territory_changes) {
    const Nation* nation = find_nation(change.nation);
    std::string territory = change.territory;
    if (!territory.empty() && territory[0] >= 'a' && territory[0] <= 'z')
      territory[0] = static_cast<char>(territory[0] - 'a' + 'A');
    const bool extension = change.kind == TerritoryChangeKind::kExtension;
    events.push_back({change.date, extension ? EventKind::kTerritoryExtended : EventKind::kTerritoryReduced,
                      change.nation, change.organisation, "",
                      territory + (extension ? " comes under " : " no longer comes under ") + change.organisation +
                          " as part of " + (nation ? nation->name : change.nation),
                      change.provenance});
  }

  // On one day: foundings and launches first, then the changes they make possible, then
  // dissolutions and ends.
  const auto phase = [](EventKind kind) {
    switch (kind) {
      case EventKind::kOrganisationFounded:
      case EventKind::kFrameworkLaunched: return 0;
      case EventKind::kOrganisationDissolved:
      case EventKind::kFrameworkEnded: return 2;
      default: return 1;
    }
  };
  std::stable_sort(events.begin(), events.end(), [&phase](const TimelineEvent& a, const TimelineEvent& b) {
    return std::make_tuple(a.date, phase(a.kind), std::cref(a.organisation), std::cref(a.framework), a.kind,
                           std::cref(a.nation)) < std::make_tuple(b.date, phase(b.kind), std::cref(b.organisation),
                                                                  std::cref(b.framework), b.kind, std::cref(b.nation));
  });
  return events;
}

}  // namespace entente
