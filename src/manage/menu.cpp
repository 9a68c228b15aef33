// The cooperation menu and the other reference tables of partnership management.

#include <algorithm>

#include "core/text.hpp"
#include "manage/manage_internal.hpp"
#include "model/vocabulary.hpp"
#include "rules/eligibility.hpp"

namespace entente {

using namespace manage;

Result<MenuAnswer> ManageService::menu(const Principal& actor, const MenuFilter& filter) const {
  if (Status allowed = authorise(actor, Capability::kReadReference, access_); !allowed) return allowed;
  if (!filter.area.empty() && !kMenuAreaWords.contains(filter.area)) {
    return Status(ErrorCode::kInvalidArgument, "unknown area '" + filter.area.substr(0, 40) + "'", "area");
  }
  if (!filter.kind.empty() && !kMenuKindWords.contains(filter.kind)) {
    return Status(ErrorCode::kInvalidArgument, "unknown kind '" + filter.kind.substr(0, 40) + "'", "kind");
  }
  if (filter.q.size() > kMaxTitle) return Status(ErrorCode::kInvalidArgument, "q is at most 200 bytes", "q");
  MenuAnswer answer;
  answer.snapshot = current_();
  const Registry& registry = answer.snapshot->registry();
  if (!filter.open_to.empty() && filter.open_to != "member" && registry.find_framework(filter.open_to) == nullptr) {
    return Status(ErrorCode::kUnknownFramework, "open_to is member or a framework id", "open_to");
  }
  if (!filter.nation.empty()) {
    const Nation* nation = registry.find_nation(filter.nation);
    if (nation == nullptr) {
      return Status(ErrorCode::kUnknownNation, "no nation with code " + filter.nation.substr(0, 8), "nation");
    }
    const Organisation* nato = registry.find_organisation("NATO");
    if (nato != nullptr) {
      const EligibilityAnswer eligible =
          check_eligibility(registry, *nation, *nato, "cooperation-menu", clock_.today());
      for (const EligibilityRoute& route : eligible.routes) {
        if (route.eligible != Eligibility::kNo) answer.standings.push_back(route.standing);
      }
    }
  }
  const std::string words = fold_case_and_accents(filter.q);
  for (const MenuItem& item : registry.dataset().menu) {
    if (!filter.area.empty() && item.area != filter.area) continue;
    if (!filter.kind.empty() && item.kind != filter.kind) continue;
    const auto open = [&item](const std::string& standing) {
      return std::find(item.open_to.begin(), item.open_to.end(), standing) != item.open_to.end();
    };
    if (!filter.open_to.empty() && !open(filter.open_to)) continue;
    if (!filter.nation.empty() && std::none_of(answer.standings.begin(), answer.standings.end(), open)) continue;
    if (!words.empty() &&
        fold_case_and_accents(item.title + " " + item.provider + " " + item.id).find(words) == std::string::npos) {
      continue;
    }
    answer.items.push_back(&item);
  }
  return answer;
}

Result<ReferenceRows> ManageService::reference(const Principal& actor) const {
  if (Status allowed = authorise(actor, Capability::kReadReference, access_); !allowed) return allowed;
  ReferenceRows rows;
  rows.snapshot = current_();
  const Dataset& dataset = rows.snapshot->registry().dataset();
  for (const DcbPackage& package : dataset.dcb_packages) rows.dcb_packages.push_back(&package);
  for (const WorkflowRule& rule : dataset.workflow_rules) rows.workflow_rules.push_back(&rule);
  for (const ChecklistItem& item : dataset.checklist_items) rows.checklist_items.push_back(&item);
  return rows;
}

}  // namespace entente
