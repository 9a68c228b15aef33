#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "registry/registry.hpp"
#include "rules/article6.hpp"
#include "rules/decision.hpp"
#include "sim/event_queue.hpp"
#include "sim/scenario.hpp"

namespace entente::sim {

inline constexpr double kNever = std::numeric_limits<double>::quiet_NaN();

// A nation that may send forces: an ally, or a partner with an offer in the scenario.
struct Contributor {
  const Nation* nation = nullptr;
  // Its random streams' index, from its ISO code: stable when other nations join or leave,
  // so that two scenarios compared on common random numbers give it the same draws.
  std::uint32_t stream = 0;
  bool ally = true;
  double key = 0;                       // allies: share of the allies' military personnel (sums to 1)
  double distance_km = 0;               // great circle from its capital to the crisis
  double affinity = 0;                  // allies: with the adversary, 0..1
  std::optional<double> fixed_support;  // allies: a probability of support set by the scenario
  int partner_tier = 0;                 // partners: the tier (0-based) of their offer
  double partner_troops = 0;
};

// What happened in one replication. Times are days from the onset of the crisis; kNever
// (NaN) when the event did not happen before the horizon.
struct Outcome {
  double detected = kNever;
  double consulted = kNever;  // the North Atlantic Council meets (Article 4)
  double decided = kNever;    // the Council adopts the response
  double first_forces = kNever;
  double deterred = kNever;  // first whole day with allied forces >= ratio x adversary
  bool warned_before_attack = false;
  bool article5 = false;
  int rounds = 0;  // decision rounds held
  int first_round_objectors = 0;
  std::vector<std::int64_t> forces_by_day;  // allied troops in theatre at each day 0..horizon
  std::vector<std::int64_t> contributed;    // troops in theatre by the horizon, by contributor
};

// What the model found in the reference data for a scenario, fixed for every replication.
struct ModelFacts {
  double lat = 0;
  double lon = 0;
  std::string place;                 // the sovereign's or unit's name, or "sea"
  Article6Verdict verdict;           // Article 6 for the crisis location, as of the start
  std::vector<std::string> members;  // allies that day (the Council), ISO codes
  std::vector<std::string> notes;    // what the model left out and why (ineligible partners...)
};

// The scratch space of one thread's replications: the event queue, the troops pending
// arrival, and the decision engine's answers for position patterns already decided (the
// outcome of a proposal depends only on which members object).
struct Workspace {
  EventQueue queue;
  std::vector<std::int64_t> pending;  // troops in transit, by contributor * kMaxTiers + tier
  std::vector<std::int64_t> arrivals_by_day;
  std::unordered_map<std::uint64_t, bool> adopted;
};

inline constexpr std::size_t kMaxTiers = 8;

// A scenario bound to the reference data: the Council's members, the contributors and
// their distances, the Article 6 verdict. Built once; `run` is const and may be called
// from many threads at once, each with its own memo and outcome.
class CrisisModel {
 public:
  // kInvalidArgument / kUnknownNation for a scenario the data cannot support (an unknown
  // nation, a crisis location the atlas cannot place, NATO not existing on the start day).
  static Result<std::unique_ptr<CrisisModel>> build(const Registry& registry, const TreatyArea& area,
                                                    Scenario scenario);

  // Runs replication `replication` of seed `seed` into `outcome` (reset first).
  void run(std::uint64_t seed, std::uint64_t replication, Workspace& workspace, Outcome& outcome) const;

  const Scenario& scenario() const { return scenario_; }
  const ModelFacts& facts() const { return facts_; }
  const std::vector<Contributor>& contributors() const { return contributors_; }
  int days() const { return days_; }  // horizon in whole days; forces are sampled on 0..days
  double adversary_on(double day) const;
  // The most troops that can be in theatre (forward + every tier + partners).
  double max_forces() const { return max_forces_; }
  double armed_attack_chance() const { return scenario_.armed_attack_chance(); }

 private:
  CrisisModel(const Registry& registry, Scenario scenario);

  // The support probability of an ally in a decision round (1-based).
  double support_probability(std::size_t ally, int round) const;
  bool adopted(std::uint64_t objectors, Workspace& workspace) const;
  Proposal proposal(std::uint64_t objectors) const;
  // Troops a contributor sends with a tier; 0 when it sends none.
  std::int64_t troops_of(std::size_t contributor, std::size_t tier, double share) const;

  DecisionEngine decisions_;
  Scenario scenario_;
  bool silence_ = false;  // the Council decides by the silence procedure
  ModelFacts facts_;
  std::vector<Contributor> contributors_;  // allies first, in the order of facts_.members
  std::size_t allies_ = 0;
  std::size_t target_ally_ = SIZE_MAX;  // the ally attacked, which always supports
  int days_ = 0;
  double max_forces_ = 0;
};

// The stream index of a nation: its three-letter code read in base 26.
std::uint32_t nation_stream(std::string_view iso3);

// Great-circle distance in kilometres (haversine, mean Earth radius 6,371.0088 km).
double great_circle_km(double lat1, double lon1, double lat2, double lon2);

}  // namespace entente::sim
