#include "analytics/alliances.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <string_view>
#include <utility>

#include "core/csv.hpp"
#include "model/vocabulary.hpp"

namespace entente {
namespace {

namespace json = boost::json;

// Codes sorted by the names of their nations (codes the registry lacks last, by code).
void sort_by_name(const Registry& registry, std::vector<std::string>& codes) {
  const auto key = [&registry](const std::string& code) {
    const Nation* nation = registry.find_nation(code);
    return std::pair(nation == nullptr ? std::string_view("\xff") : std::string_view(nation->name),
                     std::string_view(code));
  };
  std::sort(codes.begin(), codes.end(),
            [&key](const std::string& left, const std::string& right) { return key(left) < key(right); });
}

std::vector<std::string> organisation_members_on(const Registry& registry, const Organisation& organisation, Date day) {
  std::vector<std::string> codes;
  for (const Membership* membership : registry.members(organisation, day)) {
    if (membership->status == MembershipStatus::kMember) codes.push_back(membership->nation);
  }
  return codes;
}

std::string joined(const std::vector<std::string>& words, std::string_view separator) {
  std::string text;
  for (const std::string& word : words) {
    if (!text.empty()) text += separator;
    text += word;
  }
  return text;
}

json::array string_array(const std::vector<std::string>& words) {
  json::array array;
  for (const std::string& word : words) array.emplace_back(word);
  return array;
}

json::value date_or_null(const std::optional<Date>& day) {
  if (!day) return nullptr;
  return json::value(day->to_string());
}

std::string_view body_kind_word(BodyKind kind) { return kind == BodyKind::kAlliance ? "alliance" : "organisation"; }

const Alliance* find_alliance(const Registry& registry, std::string_view id) {
  for (const Alliance& alliance : registry.dataset().alliances) {
    if (alliance.id == id) return &alliance;
  }
  return nullptr;
}

Status unknown_ids(const std::vector<std::string>& unknown, std::string_view what) {
  return {ErrorCode::kNotFound,
          "ids: no " + std::string(what) + " with id " + joined(unknown, ", ") +
              " (list the known ones with their ids, e.g. NATO)",
          "ids"};
}

}  // namespace

std::vector<std::string> alliance_members_on(const Registry& registry, const Alliance& alliance, Date day) {
  if (!alliance.organisation.empty()) {
    const Organisation* organisation = registry.find_organisation(alliance.organisation);
    if (organisation == nullptr) return {};
    return organisation_members_on(registry, *organisation, day);
  }
  std::set<std::string> codes;
  for (const AllianceMember& member : registry.dataset().alliance_members) {
    if (member.alliance == alliance.id && member.period.contains(day)) codes.insert(member.nation);
  }
  std::vector<std::string> ordered(codes.begin(), codes.end());
  sort_by_name(registry, ordered);
  return ordered;
}

Result<AllianceComparison> compare_alliances(const Registry& registry, const std::vector<std::string>& ids,
                                             Date as_of) {
  AllianceComparison comparison;
  comparison.as_of = as_of;

  std::vector<const Alliance*> chosen;
  if (ids.empty()) {
    for (const Alliance& alliance : registry.dataset().alliances) chosen.push_back(&alliance);
    std::stable_sort(chosen.begin(), chosen.end(), [](const Alliance* left, const Alliance* right) {
      return std::pair(std::string_view(left->name), std::string_view(left->id)) <
             std::pair(std::string_view(right->name), std::string_view(right->id));
    });
  } else {
    std::vector<std::string> unknown;
    std::set<std::string_view> seen;
    for (const std::string& id : ids) {
      const Alliance* alliance = find_alliance(registry, id);
      if (alliance == nullptr) {
        unknown.push_back(id);
      } else if (seen.insert(alliance->id).second) {
        chosen.push_back(alliance);
      }
    }
    if (!unknown.empty()) return unknown_ids(unknown, "alliance");
  }

  for (const Alliance* alliance : chosen) {
    comparison.alliances.push_back(
        AllianceColumn{alliance, alliance->in_force_on(as_of),
                       static_cast<int>(alliance_members_on(registry, *alliance, as_of).size())});
  }

  for (std::string_view word : kProvisionWords.words) {
    ProvisionRow row;
    row.provision = std::string(word);
    for (const Alliance* alliance : chosen) {
      ProvisionCell cell;
      cell.alliance = alliance->id;
      for (const AllianceProvision& provision : registry.dataset().alliance_provisions) {
        if (provision.alliance != alliance->id || provision.provision != word) continue;
        cell.entries.push_back(&provision);
        cell.level = std::max(cell.level.value_or(provision.level), provision.level);
      }
      std::stable_sort(cell.entries.begin(), cell.entries.end(),
                       [](const AllianceProvision* left, const AllianceProvision* right) {
                         return left->applies_to < right->applies_to;
                       });
      row.cells.push_back(std::move(cell));
    }
    comparison.provisions.push_back(std::move(row));
  }
  return comparison;
}

Result<MembershipOverlaps> membership_overlaps(const Registry& registry, const std::vector<std::string>& ids,
                                               Date as_of) {
  MembershipOverlaps overlaps;
  overlaps.as_of = as_of;

  const auto organisation_body = [&registry, as_of](const Organisation& organisation) {
    return OverlapBody{organisation.id, organisation.name, BodyKind::kOrganisation, organisation.exists_on(as_of),
                       organisation_members_on(registry, organisation, as_of)};
  };
  const auto alliance_body = [&registry, as_of](const Alliance& alliance) {
    return OverlapBody{alliance.id, alliance.name, BodyKind::kAlliance, alliance.in_force_on(as_of),
                       alliance_members_on(registry, alliance, as_of)};
  };

  if (ids.empty()) {
    std::vector<const Organisation*> organisations;
    for (const Organisation& organisation : registry.dataset().organisations) {
      if (organisation.exists_on(as_of)) organisations.push_back(&organisation);
    }
    std::sort(organisations.begin(), organisations.end(),
              [](const Organisation* left, const Organisation* right) { return left->id < right->id; });
    for (const Organisation* organisation : organisations) overlaps.bodies.push_back(organisation_body(*organisation));
    // An alliance named like an organisation, or whose members are an organisation's, is
    // that organisation already.
    std::set<std::string_view> organisation_ids;
    for (const Organisation* organisation : organisations) organisation_ids.insert(organisation->id);
    std::vector<const Alliance*> alliances;
    for (const Alliance& alliance : registry.dataset().alliances) {
      if (!alliance.in_force_on(as_of) || organisation_ids.contains(alliance.id) ||
          organisation_ids.contains(alliance.organisation)) {
        continue;
      }
      alliances.push_back(&alliance);
    }
    std::sort(alliances.begin(), alliances.end(),
              [](const Alliance* left, const Alliance* right) { return left->id < right->id; });
    for (const Alliance* alliance : alliances) overlaps.bodies.push_back(alliance_body(*alliance));
  } else {
    std::vector<std::string> unknown;
    std::set<std::string_view> seen;
    for (const std::string& id : ids) {
      if (!seen.insert(id).second) {
        return Status(ErrorCode::kInvalidArgument, "ids: " + id + " is given twice", "ids");
      }
      if (const Organisation* organisation = registry.find_organisation(id); organisation != nullptr) {
        overlaps.bodies.push_back(organisation_body(*organisation));
      } else if (const Alliance* alliance = find_alliance(registry, id); alliance != nullptr) {
        overlaps.bodies.push_back(alliance_body(*alliance));
      } else {
        unknown.push_back(id);
      }
    }
    if (!unknown.empty()) return unknown_ids(unknown, "organisation or alliance");
  }

  const std::size_t count = overlaps.bodies.size();
  std::vector<std::set<std::string_view>> sets(count);
  for (std::size_t index = 0; index < count; ++index) {
    sets[index].insert(overlaps.bodies[index].members.begin(), overlaps.bodies[index].members.end());
  }
  overlaps.counts.assign(count, std::vector<int>(count, 0));
  for (std::size_t first = 0; first < count; ++first) {
    overlaps.counts[first][first] = static_cast<int>(sets[first].size());
    for (std::size_t second = first + 1; second < count; ++second) {
      OverlapPair pair{overlaps.bodies[first].id, overlaps.bodies[second].id, {}};
      // The members lists are by name, so the intersection is too.
      for (const std::string& code : overlaps.bodies[first].members) {
        if (sets[second].contains(code)) pair.nations.push_back(code);
      }
      overlaps.counts[first][second] = static_cast<int>(pair.nations.size());
      overlaps.counts[second][first] = static_cast<int>(pair.nations.size());
      overlaps.pairs.push_back(std::move(pair));
    }
  }

  std::map<std::string_view, std::vector<std::string>> bodies_of;
  for (const OverlapBody& body : overlaps.bodies) {
    for (const std::string& code : body.members) bodies_of[code].push_back(body.id);
  }
  for (auto& [code, bodies] : bodies_of) {
    const Nation* nation = registry.find_nation(code);
    if (nation == nullptr) continue;
    overlaps.nations.push_back(NationBodies{nation, std::move(bodies)});
  }
  std::stable_sort(overlaps.nations.begin(), overlaps.nations.end(),
                   [](const NationBodies& left, const NationBodies& right) {
                     return std::pair(std::string_view(left.nation->name), std::string_view(left.nation->iso3)) <
                            std::pair(std::string_view(right.nation->name), std::string_view(right.nation->iso3));
                   });
  return overlaps;
}

json::value to_json(const AllianceComparison& comparison) {
  json::object result;
  result["as_of"] = comparison.as_of.to_string();
  json::array alliances;
  for (const AllianceColumn& column : comparison.alliances) {
    const Alliance& alliance = *column.alliance;
    json::object item;
    item["id"] = alliance.id;
    item["name"] = alliance.name;
    item["treaty"] = alliance.treaty;
    item["signed_on"] = alliance.signed_on.to_string();
    item["in_force_from"] = alliance.in_force.to_string();
    item["ended"] = date_or_null(alliance.ended);
    item["in_force"] = column.in_force;
    item["member_count"] = column.member_count;
    item["organisation"] = alliance.organisation.empty() ? json::value(nullptr) : json::value(alliance.organisation);
    item["atop_id"] = alliance.atop_id.empty() ? json::value(nullptr) : json::value(alliance.atop_id);
    item["source"] = alliance.provenance.source;
    alliances.push_back(std::move(item));
  }
  result["alliances"] = std::move(alliances);

  json::array provisions;
  for (const ProvisionRow& row : comparison.provisions) {
    json::object item;
    item["provision"] = row.provision;
    json::object cells;
    for (const ProvisionCell& cell : row.cells) {
      json::object entry;
      entry["level"] = cell.level ? json::value(*cell.level) : json::value(nullptr);
      json::array rows;
      for (const AllianceProvision* provision : cell.entries) {
        json::object coded;
        coded["level"] = provision->level;
        coded["applies_to"] = provision->applies_to.empty() ? json::value(nullptr) : json::value(provision->applies_to);
        coded["article"] = provision->article;
        coded["quote"] = provision->quote;
        coded["source"] = provision->provenance.source;
        coded["note"] = provision->provenance.note;
        rows.push_back(std::move(coded));
      }
      entry["rows"] = std::move(rows);
      cells[cell.alliance] = std::move(entry);
    }
    item["cells"] = std::move(cells);
    provisions.push_back(std::move(item));
  }
  result["provisions"] = std::move(provisions);
  return result;
}

std::string to_csv(const AllianceComparison& comparison) {
  std::string text;
  append_csv_row(text, {"provision", "alliance", "level", "applies_to", "article", "quote", "source"});
  for (const ProvisionRow& row : comparison.provisions) {
    for (const ProvisionCell& cell : row.cells) {
      if (cell.entries.empty()) {
        append_csv_row(text, {row.provision, cell.alliance, "", "", "", "", ""});
        continue;
      }
      for (const AllianceProvision* provision : cell.entries) {
        append_csv_row(text, {row.provision, cell.alliance, std::to_string(provision->level), provision->applies_to,
                              provision->article, provision->quote, provision->provenance.source});
      }
    }
  }
  return text;
}

json::value to_json(const MembershipOverlaps& overlaps) {
  json::object result;
  result["as_of"] = overlaps.as_of.to_string();
  json::array bodies;
  for (const OverlapBody& body : overlaps.bodies) {
    json::object item;
    item["id"] = body.id;
    item["name"] = body.name;
    item["kind"] = body_kind_word(body.kind);
    item["exists"] = body.exists;
    item["member_count"] = body.members.size();
    item["members"] = string_array(body.members);
    bodies.push_back(std::move(item));
  }
  result["bodies"] = std::move(bodies);
  json::array counts;
  for (const std::vector<int>& row : overlaps.counts) {
    json::array cells;
    for (int cell : row) cells.emplace_back(cell);
    counts.push_back(std::move(cells));
  }
  result["counts"] = std::move(counts);
  json::array pairs;
  for (const OverlapPair& pair : overlaps.pairs) {
    json::object item;
    item["first"] = pair.first;
    item["second"] = pair.second;
    item["count"] = pair.nations.size();
    item["nations"] = string_array(pair.nations);
    pairs.push_back(std::move(item));
  }
  result["pairs"] = std::move(pairs);
  json::array nations;
  for (const NationBodies& entry : overlaps.nations) {
    json::object item;
    item["nation"] = entry.nation->iso3;
    item["name"] = entry.nation->name;
    item["bodies"] = string_array(entry.bodies);
    nations.push_back(std::move(item));
  }
  result["nations"] = std::move(nations);
  return result;
}

std::string to_csv(const MembershipOverlaps& overlaps) {
  std::string text;
  append_csv_row(text, {"first", "second", "count", "nations"});
  for (const OverlapPair& pair : overlaps.pairs) {
    append_csv_row(text, {pair.first, pair.second, std::to_string(pair.nations.size()), joined(pair.nations, ";")});
  }
  return text;
}

}  // namespace entente
