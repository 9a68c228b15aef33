// What the analyses read of partnership management's records.

#include <algorithm>

#include "manage/manage_internal.hpp"
#include "manage/manage_service.hpp"
#include "manage/tables.hpp"

namespace entente {

using manage::officer_nation;
using manage::sees_all;
using manage::Work;

Result<ManageRecords> ManageService::records_for_analysis(const Principal& actor) const {
  ManageRecords records;
  if (!authorise(actor, Capability::kPartnership, access_)) {
    records.scope = "none";
    return records;
  }
  const bool all = sees_all(actor);
  records.scope = all ? "all" : officer_nation(actor);
  Result<Work> work = Work::begin(store_, Store::Access::kRead);
  if (!work) return work.status();
  RowFilter mine;
  if (!all) mine.equal.emplace_back("nation", records.scope);
  Result<std::vector<Programme>> programmes = work->table(programmes_table()).where(mine);
  if (!programmes) return programmes.status();
  records.programmes = std::move(*programmes);
  Result<std::vector<ParpCycle>> cycles = work->table(parp_cycles_table()).where(mine);
  if (!cycles) return cycles.status();
  records.parp_cycles = std::move(*cycles);
  Result<std::vector<Unit>> units = work->table(units_table()).where(mine);
  if (!units) return units.status();
  records.units = std::move(*units);
  Result<std::vector<Evaluation>> evaluations = work->table(evaluations_table()).where(RowFilter{});
  if (!evaluations) return evaluations.status();
  for (Evaluation& evaluation : *evaluations) {
    const bool own_unit = std::any_of(records.units.begin(), records.units.end(),
                                      [&](const Unit& unit) { return unit.stamp.id == evaluation.unit; });
    if (own_unit) records.evaluations.push_back(std::move(evaluation));
  }
  // A council round speaks for every Ally: only those who see every nation's records read them.
  if (all) {
    Result<std::vector<CouncilRound>> rounds = work->table(council_rounds_table()).where(RowFilter{});
    if (!rounds) return rounds.status();
    records.rounds = std::move(*rounds);
    Result<std::vector<CouncilPosition>> positions = work->table(council_positions_table()).where(RowFilter{});
    if (!positions) return positions.status();
    records.positions = std::move(*positions);
  }
  return records;
}

}  // namespace entente
