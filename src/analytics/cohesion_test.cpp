#include "analytics/cohesion.hpp"

#include <gtest/gtest.h>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "store/atlas_reader.hpp"

namespace entente {
namespace {

Date day(int year, unsigned month, unsigned day_of_month) { return Date::from_ymd(year, month, day_of_month); }

Nation nation(const char* iso3, const char* name) {
  Nation row;
  row.iso3 = iso3;
  row.name = name;
  return row;
}

Consultation consultation(const char* id, Date on, std::vector<std::string> requested_by) {
  Consultation row;
  row.id = id;
  row.date = on;
  row.requested_by = std::move(requested_by);
  return row;
}

Dataset allies_dataset() {
  Dataset dataset;
  dataset.nations.edit() = {nation("AAA", "Alpha"), nation("BBB", "Bravo"), nation("CCC", "Charlie"),
                            nation("DDD", "Delta")};
  dataset.consultations.edit() = {consultation("c-2014", day(2014, 3, 3), {"AAA", "BBB"}),
                                  consultation("c-2020", day(2020, 1, 1), {"AAA"})};
  return dataset;
}

using P = RoundPosition;

RecordedRound council_round(const char* id, Date opened, const std::vector<std::pair<const char*, P>>& positions,
                            bool simulated = false) {
  RecordedRound result;
  result.id = id;
  result.subject = "programme";
  result.opened = opened;
  result.decided = opened.add_days(10);
  result.outcome = "adopted";
  result.procedure = "consensus";
  result.simulated = simulated;
  for (const auto& [code, position] : positions) result.positions.push_back({code, position, ""});
  return result;
}

// Four rounds decided and one simulated; Delta takes part in one decided round only.
std::vector<RecordedRound> recorded_rounds() {
  return {
      council_round("r1", day(2020, 1, 10),
                    {{"AAA", P::kSupport}, {"BBB", P::kSilent}, {"CCC", P::kObject}, {"DDD", P::kNone}}),
      council_round("r2", day(2020, 2, 10),
                    {{"AAA", P::kSupport}, {"BBB", P::kSupport}, {"CCC", P::kSupport}, {"DDD", P::kSupport}}),
      council_round("r3", day(2020, 3, 10), {{"AAA", P::kSilent}, {"BBB", P::kBreak}, {"CCC", P::kSilent}}),
      council_round("r4", day(2021, 1, 10), {{"AAA", P::kObject}, {"BBB", P::kObject}, {"CCC", P::kSupport}}),
      council_round("r5", day(2021, 2, 1),
                    {{"AAA", P::kSupport}, {"BBB", P::kObject}, {"CCC", P::kSupport}, {"DDD", P::kObject}}, true),
  };
}

class CohesionTest : public ::testing::Test {
 protected:
  CohesionTest() : registry_(allies_dataset()) {}

  CohesionAnalysis analyse(const std::vector<RecordedRound>& rounds, const CohesionOptions& options) const {
    Result<CohesionAnalysis> analysis = analyse_cohesion(registry_, rounds, options);
    EXPECT_TRUE(analysis.is_ok()) << analysis.status().to_string();
    return analysis.is_ok() ? std::move(analysis).value() : CohesionAnalysis{};
  }

  static const PairCohesion& pair(const CohesionAnalysis& analysis, std::string_view first, std::string_view second) {
    for (const PairCohesion& candidate : analysis.pairs) {
      if (candidate.first->iso3 == first && candidate.second->iso3 == second) return candidate;
    }
    ADD_FAILURE() << "no pair " << first << " " << second;
    static const PairCohesion kNone;
    return kNone;
  }

  Registry registry_;
};

TEST_F(CohesionTest, ObjectionRatesPerAlly) {
  const CohesionAnalysis analysis = analyse(recorded_rounds(), {});
  EXPECT_EQ(analysis.rounds, 4);  // the simulated round left out
  EXPECT_EQ(analysis.article4_requests, 2);
  ASSERT_EQ(analysis.allies.size(), 4U);
  const AllyCohesion& alpha = analysis.allies[0];
  EXPECT_EQ(alpha.nation->iso3, "AAA");
  EXPECT_EQ(alpha.rounds, 4);
  EXPECT_EQ(alpha.objections, 1);
  EXPECT_EQ(alpha.objection_rate, 0.25);
  EXPECT_EQ(alpha.article4_requests, 2);
  const AllyCohesion& bravo = analysis.allies[1];
  EXPECT_EQ(bravo.objections, 2);  // breaking silence is an objection
  EXPECT_EQ(bravo.objection_rate, 0.5);
  EXPECT_EQ(bravo.article4_requests, 1);
  const AllyCohesion& delta = analysis.allies[3];
  EXPECT_EQ(delta.rounds, 1);  // "none" is no part in a round
  EXPECT_EQ(delta.objection_rate, 0.0);
}

TEST_F(CohesionTest, AgreementRatesPerPairAndWithheldWhenFewShared) {
  const CohesionAnalysis analysis = analyse(recorded_rounds(), {});
  ASSERT_EQ(analysis.pairs.size(), 6U);
  // Alpha and Bravo: both consent in r1 (support, silent) and r2, split in r3, both object in r4.
  const PairCohesion& alpha_bravo = pair(analysis, "AAA", "BBB");
  EXPECT_EQ(alpha_bravo.shared_rounds, 4);
  EXPECT_EQ(alpha_bravo.agreements, 3);
  EXPECT_EQ(alpha_bravo.agreement_rate, 0.75);
  EXPECT_EQ(alpha_bravo.co_signatures, 1);
  EXPECT_EQ(pair(analysis, "AAA", "CCC").agreement_rate, 0.5);
  EXPECT_EQ(pair(analysis, "BBB", "CCC").agreement_rate, 0.25);
  // One shared round: no rate.
  const PairCohesion& alpha_delta = pair(analysis, "AAA", "DDD");
  EXPECT_EQ(alpha_delta.shared_rounds, 1);
  EXPECT_FALSE(alpha_delta.agreement_rate);

  ASSERT_EQ(analysis.most_aligned.size(), 3U);
  EXPECT_EQ(analysis.pairs[analysis.most_aligned[0]].second->iso3, "BBB");  // Alpha-Bravo
  EXPECT_EQ(analysis.pairs[analysis.least_aligned[0]].first->iso3, "BBB");  // Bravo-Charlie
  EXPECT_EQ(analysis.pairs[analysis.least_aligned[0]].second->iso3, "CCC");

  const std::string json = boost::json::serialize(to_json(analysis));
  EXPECT_NE(json.find(R"("nation":"AAA","other":"DDD","shared_rounds":1,"agreements":1,"agreement_rate":null)"),
            std::string::npos)
      << json;
  const std::string csv = to_csv(analysis);
  EXPECT_NE(csv.find("ally,AAA,,4,1,0.25,2,,,,\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find("pair,AAA,BBB,,,,,4,3,0.75,1\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find("pair,AAA,DDD,,,,,1,1,,0\n"), std::string::npos) << csv;
}

TEST_F(CohesionTest, ThinRecordIsSaidPlainly) {
  const CohesionAnalysis analysis = analyse(recorded_rounds(), {});
  EXPECT_TRUE(analysis.thin);
  EXPECT_EQ(analysis.record,
            "The figures rest on 4 council rounds and 2 Article 4 requests. The record is thin: under 10 council "
            "rounds say little about how the Allies stand together. Agreement rates are shown only for pairs that "
            "shared at least 3 rounds.");

  std::vector<RecordedRound> many;
  many.reserve(10);
  for (int index = 0; index < 10; ++index) {
    many.push_back(council_round("r", day(2022, 1, 1), {{"AAA", P::kSupport}, {"BBB", P::kSupport}}));
  }
  const CohesionAnalysis enough = analyse(many, {});
  EXPECT_FALSE(enough.thin);
  EXPECT_EQ(enough.record.find("thin"), std::string::npos);
}

TEST_F(CohesionTest, SimulatedRoundsAndDateRange) {
  const CohesionAnalysis with_simulated = analyse(recorded_rounds(), {std::nullopt, std::nullopt, true});
  EXPECT_EQ(with_simulated.rounds, 5);
  EXPECT_EQ(with_simulated.simulated_rounds, 1);
  EXPECT_EQ(with_simulated.allies[3].rounds, 2);
  EXPECT_EQ(with_simulated.allies[3].objections, 1);
  EXPECT_NE(with_simulated.record.find("5 council rounds (1 of them simulated)"), std::string::npos);

  const CohesionAnalysis since_2021 = analyse(recorded_rounds(), {day(2021, 1, 1), day(2021, 12, 31), false});
  EXPECT_EQ(since_2021.rounds, 1);
  EXPECT_EQ(since_2021.article4_requests, 0);
  EXPECT_EQ(since_2021.allies.size(), 3U);
  EXPECT_NE(since_2021.record.find("1 council round and 0 Article 4 requests from 2021-01-01 to 2021-12-31."),
            std::string::npos)
      << since_2021.record;

  Result<CohesionAnalysis> reversed =
      analyse_cohesion(registry_, recorded_rounds(), {day(2021, 1, 1), day(2020, 1, 1), false});
  ASSERT_FALSE(reversed.is_ok());
  EXPECT_EQ(reversed.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(reversed.status().field(), "to");
}

TEST(CohesionReferenceTest, ArticleFourRequestsOfTheShippedData) {
  Result<Dataset> dataset = read_reference_dataset();
  ASSERT_TRUE(dataset.is_ok()) << dataset.status().to_string();
  const Registry registry(std::move(*dataset));
  Result<CohesionAnalysis> analysis = analyse_cohesion(registry, {}, {});
  ASSERT_TRUE(analysis.is_ok()) << analysis.status().to_string();
  EXPECT_EQ(analysis->rounds, 0);
  EXPECT_TRUE(analysis->thin);
  EXPECT_EQ(analysis->article4_requests, static_cast<int>(registry.dataset().consultations.size()));
  int signatures = 0;
  for (const Consultation& consultation : registry.dataset().consultations) {
    signatures += static_cast<int>(consultation.requested_by.size());
  }
  int counted = 0;
  for (const AllyCohesion& ally : analysis->allies) {
    EXPECT_EQ(ally.rounds, 0);
    EXPECT_FALSE(ally.objection_rate);
    counted += ally.article4_requests;
  }
  EXPECT_EQ(counted, signatures);
  for (const PairCohesion& pair : analysis->pairs) EXPECT_FALSE(pair.agreement_rate);
}

}  // namespace
}  // namespace entente
