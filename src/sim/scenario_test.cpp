// The scenario parser: a file that sets every key (tests/data/sim/full_scenario.toml), the
// defaults, every kind of error as "origin:line: key: reason" (the files of
// tests/data/sim/bad_scenarios/, each giving its expected error on its first line), the
// JSON form and its round trip.

#include "sim/scenario.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace entente::sim {
namespace {

namespace fs = std::filesystem;

constexpr const char* kBadScenarios = "tests/data/sim/bad_scenarios";
constexpr const char* kFullScenario = "tests/data/sim/full_scenario.toml";

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void expect_delay(const Delay& delay, Delay::Shape shape, double a, double b) {
  EXPECT_EQ(delay.shape, shape);
  EXPECT_DOUBLE_EQ(delay.a, a);
  EXPECT_DOUBLE_EQ(delay.b, b);
}

TEST(Scenario, ReadsEveryKey) {
  const Result<Scenario> parsed = load_scenario_file(kFullScenario);
  ASSERT_TRUE(parsed.is_ok()) << parsed.status().to_string();
  const Scenario& s = *parsed;
  EXPECT_EQ(s.name, "Every key");
  EXPECT_EQ(s.description, "A scenario that sets every key.");
  EXPECT_EQ(s.kind, CrisisKind::kHybrid);
  EXPECT_EQ(s.start.to_string(), "2024-03-07");
  EXPECT_EQ(s.horizon_days, 120);

  ASSERT_TRUE(s.lat.has_value() && s.lon.has_value());
  EXPECT_DOUBLE_EQ(*s.lat, 56.95);
  EXPECT_DOUBLE_EQ(*s.lon, 24.11);
  EXPECT_TRUE(s.territory.empty());
  EXPECT_EQ(s.target, "forces");
  EXPECT_EQ(s.target_nation, "DEU");
  EXPECT_EQ(s.adversary, "RUS");
  EXPECT_DOUBLE_EQ(s.intensity, 0.75);
  EXPECT_EQ(s.attack_day, 21);

  EXPECT_EQ(s.adversary_initial, 20000);
  EXPECT_EQ(s.adversary_per_day, 1500);
  EXPECT_EQ(s.adversary_max, 90000);

  EXPECT_DOUBLE_EQ(s.warning_probability, 0.6);
  expect_delay(s.warning_delay, Delay::Shape::kLognormal, 4, 0.25);
  expect_delay(s.detection_after_attack, Delay::Shape::kFixed, 0.5, 0);
  expect_delay(s.consultation_request, Delay::Shape::kExponential, 0.75, 0);
  expect_delay(s.consultation_meeting, Delay::Shape::kUniform, 0.25, 1.25);

  EXPECT_EQ(s.procedure, "silence");
  expect_delay(s.drafting, Delay::Shape::kFixed, 2, 0);
  expect_delay(s.deliberation, Delay::Shape::kLognormal, 1.5, 0.3);
  EXPECT_DOUBLE_EQ(s.silence_days, 2.5);
  expect_delay(s.retry, Delay::Shape::kUniform, 1, 4);
  EXPECT_EQ(s.max_rounds, 6);
  EXPECT_TRUE(s.pre_authorised);

  EXPECT_DOUBLE_EQ(s.position_base, 2.5);
  EXPECT_DOUBLE_EQ(s.position_threat, 1.5);
  EXPECT_DOUBLE_EQ(s.position_distance, -0.2);
  EXPECT_DOUBLE_EQ(s.position_affinity, -3);
  EXPECT_DOUBLE_EQ(s.position_round_shift, 0.5);
  EXPECT_EQ(s.affinity, (std::map<std::string, double>{{"HUN", 0.5}, {"SVK", 0.25}}));
  EXPECT_EQ(s.support, (std::map<std::string, double>{{"USA", 0.99}}));

  ASSERT_TRUE(s.armed_attack_probability.has_value());
  EXPECT_DOUBLE_EQ(*s.armed_attack_probability, 0.4);
  EXPECT_DOUBLE_EQ(s.armed_attack_chance(), 0.4);
  EXPECT_DOUBLE_EQ(s.contested_probability, 0.3);

  EXPECT_EQ(s.forward_troops, 3500);
  EXPECT_DOUBLE_EQ(s.article5_share, 0.8);
  EXPECT_DOUBLE_EQ(s.crisis_share, 0.2);
  ASSERT_EQ(s.tiers.size(), 2U);
  EXPECT_EQ(s.tiers[0].name, "very high readiness");
  EXPECT_EQ(s.tiers[0].troops, 40000);
  expect_delay(s.tiers[0].ready, Delay::Shape::kUniform, 0, 5);
  EXPECT_TRUE(s.tiers[0].by_air);
  EXPECT_EQ(s.tiers[1].name, "tier 2");  // named by its place when the file gives no name
  EXPECT_EQ(s.tiers[1].troops, 150000);
  expect_delay(s.tiers[1].ready, Delay::Shape::kFixed, 20, 0);
  EXPECT_FALSE(s.tiers[1].by_air);

  EXPECT_EQ(s.air_km_per_day, 3000);
  EXPECT_EQ(s.surface_km_per_day, 400);
  EXPECT_DOUBLE_EQ(s.detour, 1.5);
  expect_delay(s.loading, Delay::Shape::kLognormal, 2, 0.5);

  EXPECT_FALSE(s.partners_contribute);
  ASSERT_EQ(s.partners.size(), 2U);
  EXPECT_EQ(s.partners[0].nation, "AUS");
  EXPECT_EQ(s.partners[0].troops, 800);
  EXPECT_EQ(s.partners[0].tier, 1);
  EXPECT_EQ(s.partners[1].nation, "JPN");
  EXPECT_EQ(s.partners[1].troops, 300);
  EXPECT_EQ(s.partners[1].tier, 2);  // the default tier

  EXPECT_DOUBLE_EQ(s.deterrence_ratio, 1.25);
  EXPECT_EQ(s.deterrence_day, 45);
}

// The defaults as scenario.hpp and docs/simulation.md give them.
TEST(Scenario, AMinimalFileTakesTheDefaults) {
  const Result<Scenario> parsed =
      parse_scenario_toml("[scenario]\nstart = \"2026-06-01\"\n\n[crisis]\nterritory = \"est\"\n", "minimal.toml");
  ASSERT_TRUE(parsed.is_ok()) << parsed.status().to_string();
  const Scenario& s = *parsed;
  EXPECT_EQ(s.name, "");
  EXPECT_EQ(s.kind, CrisisKind::kArmedAttack);
  EXPECT_EQ(s.horizon_days, 180);
  EXPECT_FALSE(s.lat.has_value());
  EXPECT_FALSE(s.lon.has_value());
  EXPECT_EQ(s.territory, "EST");
  EXPECT_EQ(s.target, "territory");
  EXPECT_EQ(s.adversary, "");
  EXPECT_EQ(s.intensity, 0.5);
  EXPECT_EQ(s.attack_day, 0);
  EXPECT_EQ(s.adversary_initial, 10000);
  EXPECT_EQ(s.adversary_per_day, 1000);
  EXPECT_EQ(s.adversary_max, 50000);
  EXPECT_EQ(s.warning_probability, 0.7);
  expect_delay(s.warning_delay, Delay::Shape::kLognormal, 3, 0.5);
  expect_delay(s.detection_after_attack, Delay::Shape::kLognormal, 0.25, 0.5);
  expect_delay(s.consultation_request, Delay::Shape::kLognormal, 0.5, 0.5);
  expect_delay(s.consultation_meeting, Delay::Shape::kLognormal, 0.5, 0.5);
  EXPECT_EQ(s.procedure, "consensus");
  expect_delay(s.drafting, Delay::Shape::kLognormal, 1, 0.5);
  expect_delay(s.deliberation, Delay::Shape::kLognormal, 1, 0.5);
  EXPECT_EQ(s.silence_days, 1);
  expect_delay(s.retry, Delay::Shape::kLognormal, 3, 0.5);
  EXPECT_EQ(s.max_rounds, 4);
  EXPECT_FALSE(s.pre_authorised);
  EXPECT_EQ(s.position_base, 3);
  EXPECT_EQ(s.position_threat, 2);
  EXPECT_EQ(s.position_distance, -0.3);
  EXPECT_EQ(s.position_affinity, -4);
  EXPECT_EQ(s.position_round_shift, 1);
  EXPECT_TRUE(s.affinity.empty());
  EXPECT_TRUE(s.support.empty());
  EXPECT_FALSE(s.armed_attack_probability.has_value());
  EXPECT_EQ(s.contested_probability, 0.5);
  EXPECT_EQ(s.forward_troops, 0);
  EXPECT_EQ(s.article5_share, 1);
  EXPECT_EQ(s.crisis_share, 0.1);
  EXPECT_EQ(s.air_km_per_day, 4000);
  EXPECT_EQ(s.surface_km_per_day, 500);
  EXPECT_EQ(s.detour, 1.3);
  expect_delay(s.loading, Delay::Shape::kLognormal, 1, 0.4);
  EXPECT_TRUE(s.partners_contribute);
  EXPECT_TRUE(s.partners.empty());
  EXPECT_EQ(s.deterrence_ratio, 1);
  EXPECT_EQ(s.deterrence_day, 30);

  // The NATO Force Model's three tiers.
  ASSERT_EQ(s.tiers.size(), 3U);
  const struct {
    double troops;
    double ready_min;
    double ready_max;
    bool by_air;
  } expected_tiers[] = {{100000, 0, 10, true}, {200000, 10, 30, false}, {500000, 30, 180, false}};
  for (std::size_t i = 0; i < 3; ++i) {
    SCOPED_TRACE("tier " + std::to_string(i + 1));
    EXPECT_EQ(s.tiers[i].name, "tier " + std::to_string(i + 1));
    EXPECT_EQ(s.tiers[i].troops, expected_tiers[i].troops);
    expect_delay(s.tiers[i].ready, Delay::Shape::kUniform, expected_tiers[i].ready_min, expected_tiers[i].ready_max);
    EXPECT_EQ(s.tiers[i].by_air, expected_tiers[i].by_air);
  }
}

TEST(Scenario, ArmedAttackChanceByKind) {
  const struct {
    const char* kind;
    double chance;
  } cases[] = {{"armed-attack", 1.0}, {"terrorist", 0.5}, {"cyber", 0.2}, {"hybrid", 0.2}, {"piracy", 0.0}};
  for (const auto& entry : cases) {
    SCOPED_TRACE(entry.kind);
    Scenario scenario;
    const std::optional<CrisisKind> kind = parse_crisis_kind(entry.kind);
    ASSERT_TRUE(kind.has_value());
    EXPECT_EQ(to_string(*kind), entry.kind);
    scenario.kind = *kind;
    EXPECT_EQ(scenario.armed_attack_chance(), entry.chance);
    scenario.armed_attack_probability = 0.35;  // the scenario's own figure wins
    EXPECT_EQ(scenario.armed_attack_chance(), 0.35);
  }
  EXPECT_FALSE(parse_crisis_kind("invasion").has_value());
}

// Each file's first line reads "# expect: MESSAGE", the error parse_scenario_toml gives
// with the file's name as origin; a message ending in "..." is a prefix (the rest is the
// TOML library's own wording).
TEST(Scenario, EveryBadFileFailsWithItsExpectedError) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(kBadScenarios)) {
    if (entry.path().extension() == ".toml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  ASSERT_GE(files.size(), 25U) << "run from the repository root";
  for (const fs::path& file : files) {
    const std::string name = file.filename().string();
    SCOPED_TRACE(file.string());
    const std::string text = read_file(file);
    constexpr std::string_view kExpect = "# expect: ";
    ASSERT_TRUE(text.starts_with(kExpect)) << "the first line must be '# expect: MESSAGE'";
    const std::string expected = text.substr(kExpect.size(), text.find('\n') - kExpect.size());
    const Result<Scenario> parsed = parse_scenario_toml(text, name);
    ASSERT_FALSE(parsed.is_ok());
    EXPECT_EQ(parsed.status().code(), ErrorCode::kInvalidArgument);
    if (expected.ends_with("...")) {
      EXPECT_TRUE(parsed.status().message().starts_with(expected.substr(0, expected.size() - 3)))
          << parsed.status().message();
    } else {
      EXPECT_EQ(parsed.status().message(), expected);
    }
  }
}

TEST(Scenario, AFileIsNamedByItsPathInErrors) {
  const std::string path = std::string(kBadScenarios) + "/unknown_key.toml";
  const Result<Scenario> parsed = load_scenario_file(path);
  ASSERT_FALSE(parsed.is_ok());
  EXPECT_TRUE(parsed.status().message().starts_with(path + ":5: scenario.colour: unknown key"))
      << parsed.status().message();

  const Result<Scenario> missing = load_scenario_file("tests/data/sim/no-such-scenario.toml");
  ASSERT_FALSE(missing.is_ok());
  EXPECT_EQ(missing.status().code(), ErrorCode::kIo);
  EXPECT_EQ(missing.status().message(), "cannot read scenario file 'tests/data/sim/no-such-scenario.toml'");
}

// The API's form: the same structure as JSON; errors name the key without a line.
TEST(Scenario, JsonErrorsNameTheKeyWithoutALine) {
  constexpr std::string_view kHead = R"("scenario": {"start": "2026-06-01"}, "crisis": {"territory": "EST"})";
  const struct {
    std::string json;
    std::string error;
  } cases[] = {
      {"{" + std::string(kHead) + R"(, "colour": 1})",
       "colour: unknown key; expected one of adversary, article5, consultation, crisis, decision, deployment, forces, "
       "outcome, partners, positions, scenario, warning"},
      {R"({"scenario": {"start": "2026-06-01", "horizon_days": "long"}, "crisis": {"territory": "EST"}})",
       "scenario.horizon_days: must be a number"},
      {"{" + std::string(kHead) + R"(, "decision": {"pre_authorised": 1}})",
       "decision.pre_authorised: must be true or false"},
      {R"({"scenario": {"start": "2026-06-01"}, "crisis": {"territory": "EST", "intensity": 2}})",
       "crisis.intensity: must be between 0 and 1"},
      {R"({"scenario": {"start": "2026-02-30"}, "crisis": {"territory": "EST"}})",
       "scenario.start: '2026-02-30' is not a date (YYYY-MM-DD)"},
      {"{" + std::string(kHead) + R"(, "warning": {"delay_days": {"mean": 1, "sigma": 2}}})",
       "warning.delay_days: must be days: a number, { mean = m }, { median = m, sigma = s } or { min = a, max = b }"},
      {"{" + std::string(kHead) + R"(, "warning": {"delay_days": [1, 2]}})",
       "warning.delay_days: must be days: a number, { mean = m }, { median = m, sigma = s } or { min = a, max = b }"},
      {R"({"crisis": {"territory": "EST"}})", "scenario: the [scenario] table is required (name, kind, start)"},
      {R"({"scenario": {"name": "x"}, "crisis": {"territory": "EST"}})",
       "scenario.start: is required: the day the crisis begins, YYYY-MM-DD"},
      {R"({"scenario": {"start": "2026-06-01"}})",
       "crisis: the [crisis] table is required (a territory, or lat and lon)"},
      {R"({"scenario": {"start": "2026-06-01"}, "crisis": {"intensity": 0.5}})",
       "crisis: say where: a territory (e.g. \"EST\") or lat and lon"},
      {R"({"scenario": {"start": "2026-06-01"}, "crisis": {"lat": 59.4}})",
       "crisis: give both lat and lon, or neither"},
      {"{" + std::string(kHead) + R"(, "decision": {"procedure": "vote"}})",
       "decision.procedure: unknown procedure 'vote'; the North Atlantic Council decides by consensus or by the "
       "silence procedure (\"silence\")"},
      {"{" + std::string(kHead) + R"(, "partners": {"contribution": [{"nation": "AUS", "troops": 5, "tier": 4}]}})",
       "partners.contribution[1].tier: AUS contributes to tier 4, but there are only 3 tiers ([[forces.tier]]); the "
       "tier is 2 unless given"},
      {"{" + std::string(kHead) + R"(, "outcome": {"deterrence_day": 200}})",
       "outcome.deterrence_day: is after the horizon (scenario.horizon_days)"},
      {R"({"scenario": {"start": "2026-06-01"}, "crisis": {"territory": "EST", "lat": null}})",
       "lat: null is not a value; leave the key out"},
      {"[1, 2]", "the scenario must be a JSON object"},
  };
  for (const auto& entry : cases) {
    SCOPED_TRACE(entry.json);
    const Result<Scenario> parsed = parse_scenario_json(entry.json);
    ASSERT_FALSE(parsed.is_ok());
    EXPECT_EQ(parsed.status().code(), ErrorCode::kInvalidArgument);
    EXPECT_EQ(parsed.status().message(), entry.error);
  }
  const Result<Scenario> broken = parse_scenario_json("{not json");
  ASSERT_FALSE(broken.is_ok());
  EXPECT_TRUE(broken.status().message().starts_with("the scenario is not valid JSON: ")) << broken.status().message();
}

TEST(Scenario, JsonFormReadsLikeTheFile) {
  const Result<Scenario> parsed = parse_scenario_json(
      R"({"scenario": {"name": "From JSON", "kind": "cyber", "start": "2025-01-15", "horizon_days": 90},
          "crisis": {"territory": "ltu", "intensity": 1},
          "decision": {"max_rounds": 2, "retry_days": {"min": 1, "max": 2}},
          "forces": {"tier": [{"troops": 5000, "ready_days": 3, "mode": "air"}]},
          "partners": {"contribution": [{"nation": "swe", "troops": 100, "tier": 1}]}})");
  ASSERT_TRUE(parsed.is_ok()) << parsed.status().to_string();
  EXPECT_EQ(parsed->name, "From JSON");
  EXPECT_EQ(parsed->kind, CrisisKind::kCyber);
  EXPECT_EQ(parsed->start.to_string(), "2025-01-15");
  EXPECT_EQ(parsed->horizon_days, 90);
  EXPECT_EQ(parsed->territory, "LTU");
  EXPECT_EQ(parsed->intensity, 1);
  EXPECT_EQ(parsed->max_rounds, 2);
  expect_delay(parsed->retry, Delay::Shape::kUniform, 1, 2);
  ASSERT_EQ(parsed->tiers.size(), 1U);
  EXPECT_TRUE(parsed->tiers[0].by_air);
  expect_delay(parsed->tiers[0].ready, Delay::Shape::kFixed, 3, 0);
  ASSERT_EQ(parsed->partners.size(), 1U);
  EXPECT_EQ(parsed->partners[0].nation, "SWE");
}

// scenario_to_json gives every default; reading it back gives the same scenario, hence
// the same JSON.
TEST(Scenario, JsonRoundTripGivesTheSameJson) {
  std::vector<std::pair<std::string, Result<Scenario>>> scenarios;
  scenarios.emplace_back(kFullScenario, load_scenario_file(kFullScenario));
  scenarios.emplace_back(
      "minimal", parse_scenario_toml("[scenario]\nstart = \"2026-06-01\"\n[crisis]\nterritory = \"EST\"\n", ""));
  scenarios.emplace_back("piracy at sea", parse_scenario_toml("[scenario]\nstart = \"2026-06-01\"\nkind = \"piracy\"\n"
                                                              "[crisis]\nlat = 12.0\nlon = 48.0\ntarget = \"vessel\"\n"
                                                              "[warning]\ndelay_days = { mean = 2 }\n",
                                                              ""));
  for (const auto& entry : fs::directory_iterator("scenarios")) {
    if (entry.path().extension() == ".toml") {
      scenarios.emplace_back(entry.path().string(), load_scenario_file(entry.path().string()));
    }
  }
  for (const auto& [name, scenario] : scenarios) {
    SCOPED_TRACE(name);
    ASSERT_TRUE(scenario.is_ok()) << scenario.status().to_string();
    const std::string json = scenario_to_json(*scenario);
    const Result<Scenario> back = parse_scenario_json(json);
    ASSERT_TRUE(back.is_ok()) << back.status().to_string() << "\n" << json;
    EXPECT_EQ(scenario_to_json(*back), json);
    EXPECT_EQ(back->tiers.size(), scenario->tiers.size());
    EXPECT_EQ(back->armed_attack_chance(), scenario->armed_attack_chance());
  }
}

// The delays' means (Delay::mean, used in docs and checks) against many draws.
TEST(Scenario, DelayDrawsAverageToTheirMean) {
  const Delay delays[] = {Delay::fixed(2.5), Delay{Delay::Shape::kExponential, 3, 0}, Delay::lognormal(1, 0.5),
                          Delay::uniform(10, 30)};
  for (const Delay& delay : delays) {
    SCOPED_TRACE(static_cast<int>(delay.shape));
    Stream stream(11, 3, Subsystem::kWarning);
    constexpr int kDraws = 40000;
    double sum = 0;
    double sum_squares = 0;
    for (int i = 0; i < kDraws; ++i) {
      const double value = delay.draw(stream);
      EXPECT_GE(value, 0);
      if (delay.shape == Delay::Shape::kUniform) {
        EXPECT_GE(value, delay.a);
        EXPECT_LE(value, delay.b);
      }
      sum += value;
      sum_squares += value * value;
    }
    const double mean = sum / kDraws;
    const double sd = std::sqrt(std::max(0.0, sum_squares / kDraws - mean * mean));
    EXPECT_NEAR(mean, delay.mean(), 5 * sd / std::sqrt(kDraws) + 1e-12);
  }
}

}  // namespace
}  // namespace entente::sim
