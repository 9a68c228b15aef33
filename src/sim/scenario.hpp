#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.hpp"
#include "core/status.hpp"
#include "model/vocabulary.hpp"
#include "sim/random.hpp"

namespace entente::sim {

// The kind of crisis: entente::CrisisKind, whose words, to_string and parse_crisis_kind
// are in model/vocabulary.hpp.
using entente::CrisisKind;

// A random delay in days. In a scenario file: a number (fixed), { mean = m }
// (exponential), { median = m, sigma = s } (lognormal), or { min = a, max = b } (uniform).
struct Delay {
  enum class Shape { kFixed, kExponential, kLognormal, kUniform };
  Shape shape = Shape::kFixed;
  double a = 0;  // fixed value, mean, median or minimum
  double b = 0;  // lognormal sigma or uniform maximum

  static Delay fixed(double days) { return {Shape::kFixed, days, 0}; }
  static Delay lognormal(double median, double sigma) { return {Shape::kLognormal, median, sigma}; }
  static Delay uniform(double low, double high) { return {Shape::kUniform, low, high}; }

  double draw(Stream& stream) const;
  double mean() const;
};

// One readiness tier of the alliance's force model: how many troops, how soon after
// activation they are ready to move, and how they travel.
struct Tier {
  std::string name;
  double troops = 0;
  Delay ready;          // days from activation to ready to move, per nation
  bool by_air = false;  // air lift; otherwise sea, rail and road
};

// A partner's offered contribution, by tier (1-based).
struct PartnerContribution {
  std::string nation;
  double troops = 0;
  int tier = 2;
};

// A crisis and the alliance's posture and policies: everything a simulation run needs
// besides the reference data. Every field has a default; docs/simulation.md gives each
// one's source or says it is an assumption and why.
struct Scenario {
  // [scenario]
  std::string name;
  std::string description;
  CrisisKind kind = CrisisKind::kArmedAttack;
  Date start;  // required
  double horizon_days = 180;

  // [crisis]
  std::optional<double> lat;
  std::optional<double> lon;
  std::string territory;  // nation or territorial unit; alternative to lat/lon
  std::string target = "territory";
  std::string target_nation;  // whose forces, vessel or aircraft
  std::string adversary;      // a nation, or empty for a non-state adversary
  double intensity = 0.5;     // 0..1
  double attack_day = 0;      // days from the onset of the crisis to the attack

  // [adversary]: forces in theatre, growing linearly to a ceiling
  double adversary_initial = 10000;
  double adversary_per_day = 1000;
  double adversary_max = 50000;

  // [warning]
  double warning_probability = 0.7;  // the build-up is read as warning before the attack
  Delay warning_delay = Delay::lognormal(3, 0.5);
  Delay detection_after_attack = Delay::lognormal(0.25, 0.5);

  // [consultation]: Article 4
  Delay consultation_request = Delay::lognormal(0.5, 0.5);
  Delay consultation_meeting = Delay::lognormal(0.5, 0.5);

  // [decision]: the North Atlantic Council
  std::string procedure = "consensus";  // or "silence"
  Delay drafting = Delay::lognormal(1, 0.5);
  Delay deliberation = Delay::lognormal(1, 0.5);
  double silence_days = 1;
  Delay retry = Delay::lognormal(3, 0.5);
  int max_rounds = 4;
  bool pre_authorised = false;  // tier 1 moves on warning, before the decision

  // [positions]: each ally's support, logit = base + threat * intensity
  //   + distance * (km from its capital / 1000) + affinity * affinity[ally] + shift * (round - 1)
  double position_base = 3;
  double position_threat = 2;
  double position_distance = -0.3;
  double position_affinity = -4;
  double position_round_shift = 1;
  std::map<std::string, double> affinity;  // with the adversary, 0..1
  std::map<std::string, double> support;   // fixed probabilities of support, 0..1

  // [article5]
  std::optional<double> armed_attack_probability;  // default by kind
  double contested_probability = 0.5;

  // [forces]
  double forward_troops = 0;
  double article5_share = 1;  // share of each tier committed under Article 5
  double crisis_share = 0.1;  // share committed to a crisis response outside Article 5
  std::vector<Tier> tiers;    // default: the NATO Force Model's three tiers

  // [deployment]
  double air_km_per_day = 4000;
  double surface_km_per_day = 500;
  double detour = 1.3;
  Delay loading = Delay::lognormal(1, 0.4);

  // [partners]
  bool partners_contribute = true;
  std::vector<PartnerContribution> partners;

  // [outcome]
  double deterrence_ratio = 1;
  double deterrence_day = 30;

  // The probability that the Council judges the attack an armed attack under Article 5.
  double armed_attack_chance() const;
};

// The NATO Force Model's tiers (the defaults of [forces]).
std::vector<Tier> force_model_tiers();

// Reads a scenario from TOML text. `origin` names the file in errors, which read
// "origin:line: key: reason" (kInvalidArgument). Unknown keys are errors.
Result<Scenario> parse_scenario_toml(std::string_view text, std::string_view origin);
// Reads a scenario file (kIo when it cannot be read). Errors name it `origin`, by
// default its path.
Result<Scenario> load_scenario_file(const std::string& path, std::string_view origin = {});
// The same structure as JSON (the API's form); errors read "key: reason".
Result<Scenario> parse_scenario_json(std::string_view text);
// The scenario with every default filled in, as JSON text in the same structure.
std::string scenario_to_json(const Scenario& scenario);

}  // namespace entente::sim
