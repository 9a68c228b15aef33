// The crisis model on the reference data (data/ with its Natural Earth atlas,
// data/atlas/countries-50m.json), checked in closed form: with every delay fixed and every
// ally's position fixed, each replication's times are sums of the scenario's numbers and
// great-circle distances, and its troops the tiers apportioned by military personnel.

#include "sim/model.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>

#include "rules/reference_data_test.hpp"

namespace entente::sim {
namespace {

// An armed attack near Jõhvi, north-east Estonia, with every delay fixed: warning on day
// 2.5 (before the attack on day 14), the Council meets 0.5 + 0.75 days later, drafts for
// 1.25 days and deliberates for 2, so that it decides on day 7 when every ally supports.
// Tier 1 flies (ready in 1.5 days), tier 2 goes by surface (ready in 10).
constexpr const char* kClosedForm = R"(
[scenario]
name = "Closed form"
kind = "armed-attack"
start = "2026-06-01"
horizon_days = 180

[crisis]
lat = 59.359
lon = 27.413
adversary = "RUS"
intensity = 0.9
attack_day = 14

[warning]
probability = 1
delay_days = 2.5
after_attack_days = 0.25

[consultation]
request_days = 0.5
meeting_days = 0.75

[decision]
drafting_days = 1.25
deliberation_days = 2
silence_days = 1
retry_days = 3
max_rounds = 4

[forces]
forward_troops = 2000
crisis_share = 0.25

[[forces.tier]]
name = "air"
troops = 100000
ready_days = 1.5
mode = "air"

[[forces.tier]]
name = "surface"
troops = 200000
ready_days = 10

[deployment]
air_km_per_day = 4000
surface_km_per_day = 500
detour = 1.3
loading_days = 0.5
)";

constexpr double kDetected = 2.5;
constexpr double kConsulted = kDetected + 0.5 + 0.75;
constexpr double kDecided = kConsulted + 1.25 + 2;
constexpr double kLoading = 0.5;
constexpr double kReady[] = {1.5, 10};

bool same_time(double a, double b) { return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b); }

void expect_same(const Outcome& a, const Outcome& b) {
  EXPECT_TRUE(same_time(a.detected, b.detected));
  EXPECT_TRUE(same_time(a.consulted, b.consulted));
  EXPECT_TRUE(same_time(a.decided, b.decided));
  EXPECT_TRUE(same_time(a.first_forces, b.first_forces));
  EXPECT_TRUE(same_time(a.deterred, b.deterred));
  EXPECT_EQ(a.warned_before_attack, b.warned_before_attack);
  EXPECT_EQ(a.article5, b.article5);
  EXPECT_EQ(a.rounds, b.rounds);
  EXPECT_EQ(a.first_round_objectors, b.first_round_objectors);
  EXPECT_EQ(a.forces_by_day, b.forces_by_day);
  EXPECT_EQ(a.contributed, b.contributed);
}

class CrisisModelTest : public ReferenceDataTest {
 protected:
  static Scenario closed_form() {
    Result<Scenario> scenario = parse_scenario_toml(kClosedForm, "closed-form");
    EXPECT_TRUE(scenario.is_ok()) << scenario.status().to_string();
    return *scenario;
  }

  // Every ally of the scenario's start day supports (probability 1), but those in
  // `objectors`, which object (probability 0).
  static Scenario with_positions(Scenario scenario, const std::vector<std::string>& objectors = {}) {
    const Organisation* nato = registry_->find_organisation("NATO");
    for (const Membership* membership : registry_->members(*nato, scenario.start)) {
      if (membership->status == MembershipStatus::kMember) scenario.support[membership->nation] = 1;
    }
    for (const std::string& objector : objectors) scenario.support[objector] = 0;
    return scenario;
  }

  static std::unique_ptr<CrisisModel> build(Scenario scenario) {
    Result<std::unique_ptr<CrisisModel>> model = CrisisModel::build(*registry_, *area_, std::move(scenario));
    EXPECT_TRUE(model.is_ok()) << model.status().to_string();
    return model ? std::move(model).value() : nullptr;
  }

  static Outcome run(const CrisisModel& model, std::uint64_t replication, std::uint64_t seed = 1) {
    Workspace workspace;
    Outcome outcome;
    model.run(seed, replication, workspace, outcome);
    return outcome;
  }

  static std::size_t index_of(const CrisisModel& model, const std::string& iso3) {
    const auto& contributors = model.contributors();
    for (std::size_t i = 0; i < contributors.size(); ++i) {
      if (contributors[i].nation->iso3 == iso3) return i;
    }
    return SIZE_MAX;
  }

  // The troops a contributor sends with a tier at a share of each tier (the model's
  // rounding: to the nearest troop).
  static std::int64_t troops(const CrisisModel& model, std::size_t contributor, std::size_t tier, double share) {
    const Contributor& c = model.contributors()[contributor];
    if (!c.ally) return c.partner_tier == static_cast<int>(tier) ? std::llround(c.partner_troops) : 0;
    return std::llround(model.scenario().tiers[tier].troops * share * c.key);
  }

  static double transit(const CrisisModel& model, const Contributor& c, std::size_t tier) {
    const Scenario& s = model.scenario();
    return s.tiers[tier].by_air ? c.distance_km / s.air_km_per_day : c.distance_km * s.detour / s.surface_km_per_day;
  }
};

TEST_F(CrisisModelTest, ContributorsAreTheAlliesKeyedByPersonnelAtTheirDistance) {
  const auto model = build(with_positions(closed_form()));
  ASSERT_NE(model, nullptr);
  const ModelFacts& facts = model->facts();
  EXPECT_EQ(facts.verdict.verdict, ScopeRuling::kCovered);
  EXPECT_EQ(facts.members.size(), 32U);  // the allies of 2026-06-01, Sweden the 32nd
  ASSERT_EQ(model->contributors().size(), facts.members.size());
  double keys = 0;
  for (std::size_t i = 0; i < model->contributors().size(); ++i) {
    const Contributor& c = model->contributors()[i];
    SCOPED_TRACE(c.nation->iso3);
    EXPECT_EQ(c.nation->iso3, facts.members[i]);
    EXPECT_TRUE(c.ally);
    // Iceland has no armed forces: its figure is 0 and it sends no troops.
    if (c.nation->iso3 == "ISL") {
      EXPECT_EQ(c.key, 0);
    } else {
      EXPECT_GT(c.key, 0);
    }
    keys += c.key;
    EXPECT_DOUBLE_EQ(c.distance_km, great_circle_km(c.nation->capital_lat, c.nation->capital_lon, 59.359, 27.413));
  }
  EXPECT_NEAR(keys, 1, 1e-12);
  EXPECT_TRUE(facts.notes.empty()) << "every ally of 2026 has a figure in data/military_personnel.csv";
  const std::size_t usa = index_of(*model, "USA");
  const std::size_t est = index_of(*model, "EST");
  ASSERT_NE(usa, SIZE_MAX);
  ASSERT_NE(est, SIZE_MAX);
  // data/military_personnel.csv: the United States' 1,300,000 (2024) and Estonia's 6,800
  // (2021) of the allies' 3,412,500.
  EXPECT_DOUBLE_EQ(model->contributors()[usa].key, 1300000.0 / 3412500.0);
  EXPECT_DOUBLE_EQ(model->contributors()[est].key, 6800.0 / 3412500.0);
  EXPECT_EQ(model->days(), 180);
  EXPECT_EQ(model->max_forces(), 2000 + 100000 + 200000);
}

TEST_F(CrisisModelTest, GreatCircleDistances) {
  EXPECT_EQ(great_circle_km(10, 20, 10, 20), 0);
  // A quarter of a meridian, and half the equator, on a sphere of radius 6,371.0088 km.
  EXPECT_DOUBLE_EQ(great_circle_km(0, 0, 90, 0), 6371.0088 * std::numbers::pi / 2);
  EXPECT_DOUBLE_EQ(great_circle_km(0, -90, 0, 90), 6371.0088 * std::numbers::pi);
  EXPECT_DOUBLE_EQ(great_circle_km(48.85, 2.35, 51.51, -0.13), great_circle_km(51.51, -0.13, 48.85, 2.35));
  EXPECT_NEAR(great_circle_km(48.8566, 2.3522, 51.5074, -0.1278), 343.5, 1);  // Paris to London
}

// (a) Every delay fixed, warning before the attack, every ally supporting: the times are
// sums of the scenario's numbers; the first forces are the nearest ally's air tier.
TEST_F(CrisisModelTest, FixedDelaysGiveClosedFormTimes) {
  const auto model = build(with_positions(closed_form()));
  ASSERT_NE(model, nullptr);
  const std::size_t count = model->contributors().size();

  // The earliest arrival over every contributor and tier.
  double first = std::numeric_limits<double>::infinity();
  std::string first_from;
  for (std::size_t c = 0; c < count; ++c) {
    for (std::size_t tier = 0; tier < 2; ++tier) {
      if (troops(*model, c, tier, 1) <= 0) continue;
      const double arrival = kDecided + kReady[tier] + kLoading + transit(*model, model->contributors()[c], tier);
      if (arrival < first) {
        first = arrival;
        first_from = model->contributors()[c].nation->iso3;
      }
    }
  }
  EXPECT_EQ(first_from, "EST");  // Tallinn is the allied capital nearest Jõhvi
  const Contributor& nearest = model->contributors()[index_of(*model, "EST")];
  EXPECT_DOUBLE_EQ(first, kDecided + 1.5 + kLoading + nearest.distance_km / 4000);

  std::int64_t sent = 0;
  for (std::size_t c = 0; c < count; ++c) sent += troops(*model, c, 0, 1) + troops(*model, c, 1, 1);
  for (std::uint64_t replication = 0; replication < 20; ++replication) {
    SCOPED_TRACE(replication);
    const Outcome outcome = run(*model, replication);
    EXPECT_TRUE(outcome.warned_before_attack);
    EXPECT_EQ(outcome.detected, kDetected);
    EXPECT_EQ(outcome.consulted, kConsulted);
    EXPECT_EQ(outcome.decided, kDecided);
    EXPECT_EQ(outcome.rounds, 1);
    EXPECT_EQ(outcome.first_round_objectors, 0);
    EXPECT_TRUE(outcome.article5);  // Estonian territory, an armed attack: covered, always
    EXPECT_DOUBLE_EQ(outcome.first_forces, first);
    // Every tier of every ally arrives within the horizon, at its full Article 5 share.
    for (std::size_t c = 0; c < count; ++c) {
      EXPECT_EQ(outcome.contributed[c], troops(*model, c, 0, 1) + troops(*model, c, 1, 1));
    }
    ASSERT_EQ(outcome.forces_by_day.size(), 181U);
    EXPECT_EQ(outcome.forces_by_day.front(), 2000);
    EXPECT_EQ(outcome.forces_by_day.back(), 2000 + sent);
    EXPECT_TRUE(std::is_sorted(outcome.forces_by_day.begin(), outcome.forces_by_day.end()));
    // Forces on a day are those that arrived by its end.
    const auto day = static_cast<std::size_t>(std::ceil(first));
    EXPECT_EQ(outcome.forces_by_day[day - 1], 2000);
    EXPECT_GT(outcome.forces_by_day[day], 2000);
    // Deterred on the first day the forces reach the adversary's (10,000 + 1,000 a day, to 50,000).
    ASSERT_FALSE(std::isnan(outcome.deterred));
    const auto deterred = static_cast<std::size_t>(outcome.deterred);
    EXPECT_GE(static_cast<double>(outcome.forces_by_day[deterred]), model->adversary_on(outcome.deterred));
    EXPECT_LT(static_cast<double>(outcome.forces_by_day[deterred - 1]), model->adversary_on(outcome.deterred - 1));
  }
}

TEST_F(CrisisModelTest, WithoutWarningTheAttackIsDetectedAfterIt) {
  Scenario scenario = with_positions(closed_form());
  scenario.warning_probability = 0;
  const auto model = build(scenario);
  ASSERT_NE(model, nullptr);
  const Outcome outcome = run(*model, 3);
  EXPECT_FALSE(outcome.warned_before_attack);
  EXPECT_EQ(outcome.detected, 14 + 0.25);
  EXPECT_EQ(outcome.decided, 14.25 + 0.5 + 0.75 + 1.25 + 2);

  // A warning that would come after the attack is no warning.
  scenario.warning_probability = 1;
  scenario.warning_delay = Delay::fixed(20);
  const auto late = build(scenario);
  ASSERT_NE(late, nullptr);
  EXPECT_FALSE(run(*late, 3).warned_before_attack);
  EXPECT_EQ(run(*late, 3).detected, 14.25);
}

// (b) One ally objects in every round: no decision, under either procedure.
TEST_F(CrisisModelTest, OneObjectorBlocksEveryRound) {
  for (const char* procedure : {"consensus", "silence"}) {
    SCOPED_TRACE(procedure);
    Scenario scenario = with_positions(closed_form(), {"HUN"});
    scenario.procedure = procedure;
    const auto model = build(scenario);
    ASSERT_NE(model, nullptr);
    for (std::uint64_t replication = 0; replication < 50; ++replication) {
      SCOPED_TRACE(replication);
      const Outcome outcome = run(*model, replication);
      EXPECT_EQ(outcome.consulted, kConsulted);
      EXPECT_TRUE(std::isnan(outcome.decided));
      EXPECT_EQ(outcome.rounds, scenario.max_rounds);
      EXPECT_EQ(outcome.first_round_objectors, 1);
      EXPECT_FALSE(outcome.article5);
      EXPECT_TRUE(std::isnan(outcome.first_forces));
      EXPECT_EQ(outcome.forces_by_day.back(), 2000);  // only the forward forces
      EXPECT_TRUE(std::isnan(outcome.deterred));
    }
  }
}

// Under the silence procedure the Council decides when the silence runs out.
TEST_F(CrisisModelTest, SilenceDecidesWhenTheSilenceRunsOut) {
  Scenario scenario = with_positions(closed_form());
  scenario.procedure = "silence";
  scenario.silence_days = 1;
  const auto model = build(scenario);
  ASSERT_NE(model, nullptr);
  const Outcome outcome = run(*model, 0);
  EXPECT_EQ(outcome.decided, kConsulted + 1.25 + 1);
  EXPECT_EQ(outcome.rounds, 1);
}

// (c) Piracy in the Gulf of Aden: outside the treaty area, never Article 5; the allies
// send the crisis-response share of each tier.
TEST_F(CrisisModelTest, OutsideTheTreatyAreaTheCrisisShareIsSent) {
  Scenario scenario = closed_form();
  scenario.name = "Piracy in the Gulf of Aden";
  scenario.kind = CrisisKind::kPiracy;
  scenario.lat = 12.0;
  scenario.lon = 48.0;
  scenario.target = "vessel";
  scenario.target_nation = "ESP";
  scenario.adversary.clear();
  const auto model = build(with_positions(scenario));
  ASSERT_NE(model, nullptr);
  EXPECT_EQ(model->facts().verdict.verdict, ScopeRuling::kNotCovered);
  EXPECT_EQ(model->armed_attack_chance(), 0);
  EXPECT_EQ(model->max_forces(), 2000 + 100000 + 200000);  // the larger of the two shares
  const std::size_t count = model->contributors().size();
  for (std::uint64_t replication = 0; replication < 20; ++replication) {
    SCOPED_TRACE(replication);
    const Outcome outcome = run(*model, replication);
    EXPECT_EQ(outcome.decided, kDecided);
    EXPECT_FALSE(outcome.article5);
    std::int64_t sent = 0;
    for (std::size_t c = 0; c < count; ++c) {
      const std::int64_t expected = troops(*model, c, 0, 0.25) + troops(*model, c, 1, 0.25);
      EXPECT_EQ(outcome.contributed[c], expected) << model->contributors()[c].nation->iso3;
      sent += expected;
    }
    EXPECT_EQ(outcome.forces_by_day.back(), 2000 + sent);
  }
}

// Inside the treaty area but not an armed attack (a cyber attack the Council never
// judges one): no Article 5, the crisis share.
TEST_F(CrisisModelTest, NoArmedAttackNoArticle5) {
  Scenario scenario = with_positions(closed_form());
  scenario.kind = CrisisKind::kCyber;
  scenario.armed_attack_probability = 0;
  const auto model = build(scenario);
  ASSERT_NE(model, nullptr);
  EXPECT_EQ(model->facts().verdict.verdict, ScopeRuling::kCovered);
  const Outcome outcome = run(*model, 0);
  EXPECT_FALSE(outcome.article5);
  const std::size_t usa = index_of(*model, "USA");
  EXPECT_EQ(outcome.contributed[usa], troops(*model, usa, 0, 0.25) + troops(*model, usa, 1, 0.25));
}

// (d) Partners: Australia (a partner across the globe, operations by invitation) sends
// its offer; Russia (practical cooperation suspended since 2014) is left out with a note.
TEST_F(CrisisModelTest, EligiblePartnersContributeAndOthersAreLeftOutWithANote) {
  Scenario scenario = with_positions(closed_form());
  scenario.partners = {{"AUS", 800, 1}, {"RUS", 500, 1}, {"JPN", 300, 2}};
  const auto model = build(scenario);
  ASSERT_NE(model, nullptr);
  const std::size_t allies = model->facts().members.size();
  ASSERT_EQ(model->contributors().size(), allies + 2);
  const std::size_t aus = index_of(*model, "AUS");
  const std::size_t jpn = index_of(*model, "JPN");
  ASSERT_NE(aus, SIZE_MAX);
  ASSERT_NE(jpn, SIZE_MAX);
  EXPECT_EQ(index_of(*model, "RUS"), SIZE_MAX);
  const Contributor& australia = model->contributors()[aus];
  EXPECT_FALSE(australia.ally);
  EXPECT_EQ(australia.partner_tier, 0);
  EXPECT_EQ(australia.partner_troops, 800);
  EXPECT_DOUBLE_EQ(australia.distance_km,
                   great_circle_km(australia.nation->capital_lat, australia.nation->capital_lon, 59.359, 27.413));
  const auto& notes = model->facts().notes;
  ASSERT_EQ(notes.size(), 1U);
  EXPECT_TRUE(notes[0].starts_with("RUS: may not take part in NATO operations on 2026-06-01")) << notes[0];
  EXPECT_EQ(model->max_forces(), 2000 + 100000 + 200000 + 800 + 300);

  const Outcome outcome = run(*model, 0);
  EXPECT_EQ(outcome.contributed[aus], 800);
  EXPECT_EQ(outcome.contributed[jpn], 300);
  // Australia's air tier lands at decision + ready + loading + Canberra to Jõhvi by air.
  std::int64_t allied = 0;
  for (std::size_t c = 0; c < allies; ++c) allied += outcome.contributed[c];
  EXPECT_EQ(outcome.forces_by_day.back(), 2000 + allied + 800 + 300);

  // The same offers with partner contributions turned off: noted, not sent.
  scenario.partners_contribute = false;
  const auto without = build(scenario);
  ASSERT_NE(without, nullptr);
  EXPECT_EQ(without->contributors().size(), allies);
  EXPECT_EQ(without->facts().notes.size(), 3U);
  EXPECT_EQ(without->facts().notes[0], "AUS: partner contributions are off (partners.contribute = false)");
}

// (e) Pre-authorised plans move tier 1 on warning, before the Council decides.
TEST_F(CrisisModelTest, PreAuthorisedPlansMoveTier1BeforeTheDecision) {
  Scenario scenario = with_positions(closed_form());
  scenario.drafting = Delay::fixed(5);
  const double decided = kConsulted + 5 + 2;
  const auto waiting = build(scenario);
  scenario.pre_authorised = true;
  const auto authorised = build(scenario);
  ASSERT_NE(waiting, nullptr);
  ASSERT_NE(authorised, nullptr);
  const double tallinn = authorised->contributors()[index_of(*authorised, "EST")].distance_km;

  const Outcome before = run(*waiting, 0);
  const Outcome after = run(*authorised, 0);
  EXPECT_EQ(before.decided, decided);
  EXPECT_EQ(after.decided, decided);
  EXPECT_DOUBLE_EQ(before.first_forces, decided + 1.5 + kLoading + tallinn / 4000);
  EXPECT_DOUBLE_EQ(after.first_forces, kDetected + 1.5 + kLoading + tallinn / 4000);
  EXPECT_LT(after.first_forces, after.decided);
  // The same troops in the end, earlier.
  EXPECT_EQ(after.contributed, before.contributed);
  for (std::size_t day = 0; day < before.forces_by_day.size(); ++day) {
    EXPECT_GE(after.forces_by_day[day], before.forces_by_day[day]) << "day " << day;
  }
}

// (f) A replication is a pure function of (seed, replication): the same on a fresh or a
// reused workspace; other replications and other seeds draw differently.
TEST_F(CrisisModelTest, OutcomesDependOnlyOnSeedAndReplication) {
  Scenario scenario = closed_form();
  // Random delays and positions again (the file's defaults for those keys).
  const Scenario defaults;
  scenario.warning_probability = 0.7;
  scenario.warning_delay = defaults.warning_delay;
  scenario.consultation_request = defaults.consultation_request;
  scenario.consultation_meeting = defaults.consultation_meeting;
  scenario.drafting = defaults.drafting;
  scenario.deliberation = defaults.deliberation;
  scenario.retry = defaults.retry;
  scenario.loading = defaults.loading;
  scenario.tiers = force_model_tiers();
  scenario.affinity = {{"HUN", 1}, {"SVK", 0.8}};
  const auto model = build(scenario);
  ASSERT_NE(model, nullptr);

  Workspace reused;
  Outcome outcome;
  std::vector<Outcome> first_pass;
  for (std::uint64_t replication = 0; replication < 40; ++replication) {
    model->run(42, replication, reused, outcome);
    first_pass.push_back(outcome);
  }
  for (std::uint64_t replication = 40; replication-- > 0;) {  // in reverse, on fresh workspaces
    SCOPED_TRACE(replication);
    expect_same(run(*model, replication, 42), first_pass[replication]);
  }
  std::size_t differ = 0;
  for (std::uint64_t replication = 1; replication < 40; ++replication) {
    differ += same_time(first_pass[replication].detected, first_pass[0].detected) ? 0 : 1;
  }
  EXPECT_EQ(differ, 39U);
  EXPECT_NE(first_pass[0].forces_by_day, first_pass[1].forces_by_day);
  EXPECT_FALSE(same_time(run(*model, 0, 43).detected, first_pass[0].detected));
  // Some replications needed more than one round (Hungary and Slovakia hesitate).
  EXPECT_TRUE(std::any_of(first_pass.begin(), first_pass.end(), [](const Outcome& o) { return o.rounds > 1; }));
}

TEST_F(CrisisModelTest, ScenariosTheDataCannotSupportAreRefused) {
  const struct {
    const char* name;
    void (*change)(Scenario&);
    ErrorCode code;
    const char* message;
  } cases[] = {
      {"before the alliance", [](Scenario& s) { s.start = Date::from_ymd(1949, 1, 1); }, ErrorCode::kInvalidArgument,
       "the alliance does not exist on 1949-01-01 (scenario.start)"},
      {"unknown adversary", [](Scenario& s) { s.adversary = "XYZ"; }, ErrorCode::kUnknownNation,
       "crisis.adversary: no nation with code 'XYZ'"},
      {"unknown territory",
       [](Scenario& s) {
         s.lat.reset();
         s.lon.reset();
         s.territory = "XX-YY";
       },
       ErrorCode::kUnknownNation, "crisis.territory: no nation or territorial unit with code 'XX-YY'"},
      {"unknown target", [](Scenario& s) { s.target = "embassy"; }, ErrorCode::kInvalidArgument,
       "crisis.target: unknown target 'embassy'; expected territory, forces, vessel or aircraft"},
      {"support of a non-ally", [](Scenario& s) { s.support["AUT"] = 1; }, ErrorCode::kInvalidArgument,
       "positions.support: AUT is not an ally on 2026-06-01"},
      {"affinity of a non-ally", [](Scenario& s) { s.affinity["SRB"] = 1; }, ErrorCode::kInvalidArgument,
       "positions.affinity: SRB is not an ally on 2026-06-01"},
      {"an ally as partner",
       [](Scenario& s) {
         s.partners = {{"POL", 100, 1}};
       },
       ErrorCode::kInvalidArgument,
       "partners.contribution: POL is an ally on 2026-06-01, not a partner; allies contribute through the force "
       "model"},
      {"unknown partner",
       [](Scenario& s) {
         s.partners = {{"XYZ", 100, 1}};
       },
       ErrorCode::kUnknownNation, "partners.contribution: no nation with code 'XYZ'"},
  };
  for (const auto& entry : cases) {
    SCOPED_TRACE(entry.name);
    Scenario scenario = closed_form();
    entry.change(scenario);
    const Result<std::unique_ptr<CrisisModel>> model = CrisisModel::build(*registry_, *area_, scenario);
    ASSERT_FALSE(model.is_ok());
    EXPECT_EQ(model.status().code(), entry.code);
    EXPECT_EQ(model.status().message(), entry.message);
  }
}

}  // namespace
}  // namespace entente::sim
