#include "analytics/interoperability.hpp"

#include <gtest/gtest.h>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
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

Membership nato_member(const char* iso3, Date from, std::optional<Date> to = std::nullopt) {
  Membership row;
  row.organisation = "NATO";
  row.nation = iso3;
  row.period = Interval{from, to};
  return row;
}

Partnership partnership(const char* iso3, Date from, std::optional<Date> to = std::nullopt) {
  Partnership row;
  row.framework = "PFP";
  row.nation = iso3;
  row.period = Interval{from, to};
  return row;
}

PartnershipPlan plan(const char* iso3, const char* kind, Date from, std::optional<Date> to = std::nullopt) {
  PartnershipPlan row;
  row.nation = iso3;
  row.organisation = "NATO";
  row.plan = kind;
  row.period = Interval{from, to};
  return row;
}

Exercise exercise(const char* id, Date start, Date end) {
  Exercise row;
  row.id = id;
  row.name = id;
  row.start = start;
  row.end = end;
  return row;
}

ExerciseParticipant taking_part(const char* exercise_id, const char* iso3, const char* role = "participant") {
  return ExerciseParticipant{exercise_id, iso3, role, {}};
}

Operation operation(const char* id, Date from, std::optional<Date> to) {
  Operation row;
  row.id = id;
  row.name = id;
  row.period = Interval{from, to};
  return row;
}

DatasetCoverage coverage(const char* dataset, Date from) {
  return DatasetCoverage{dataset, Interval{from, std::nullopt}, {}};
}

// Allies Alpha and Bravo; Papa, a partner since 2004; Quebec, a partner from 1994 until it
// joins NATO in June 2016; Romeo, no partner at all. Exercises are covered from 2012,
// operations from 1990.
Dataset partners_dataset() {
  Dataset dataset;
  dataset.nations.edit() = {nation("AAA", "Alpha"), nation("BBB", "Bravo"), nation("PPP", "Papa"),
                            nation("QQQ", "Quebec"), nation("RRR", "Romeo")};
  Organisation nato;
  nato.id = "NATO";
  nato.name = "North Atlantic Treaty Organization";
  nato.founded = day(1949, 8, 24);
  dataset.organisations.edit() = {nato};
  Framework pfp;
  pfp.id = "PFP";
  pfp.name = "Partnership for Peace";
  pfp.organisation = "NATO";
  pfp.launched = day(1994, 1, 10);
  dataset.frameworks.edit() = {pfp};
  dataset.memberships.edit() = {nato_member("AAA", day(1949, 8, 24)), nato_member("BBB", day(1949, 8, 24)),
                                nato_member("QQQ", day(2016, 6, 1))};
  dataset.partnerships.edit() = {partnership("PPP", day(2004, 1, 1)),
                                 partnership("QQQ", day(1994, 5, 1), day(2016, 6, 1))};
  dataset.plans.edit() = {plan("PPP", "IPAP", day(2010, 1, 1), day(2016, 1, 1)), plan("PPP", "ANP", day(2015, 3, 1)),
                          plan("QQQ", "MAP", day(2010, 1, 1), day(2016, 6, 1))};
  dataset.exercises.edit() = {
      exercise("ex-2014", day(2014, 6, 1), day(2014, 6, 10)), exercise("ex-2012", day(2012, 1, 1), day(2012, 1, 5)),
      exercise("ex-2009", day(2009, 6, 1), day(2009, 6, 5)), exercise("ex-2015", day(2015, 6, 1), day(2015, 6, 5))};
  dataset.exercise_participants.edit() = {
      taking_part("ex-2014", "PPP"),
      taking_part("ex-2014", "AAA"),  // with an Ally
      taking_part("ex-2012", "PPP"),
      taking_part("ex-2012", "QQQ"),  // partners only
      taking_part("ex-2009", "PPP"),
      taking_part("ex-2009", "AAA"),  // before the window
      taking_part("ex-2015", "PPP", "observer"),
      taking_part("ex-2015", "AAA"),  // only observing
  };
  dataset.operations.edit() = {operation("op-2003", day(2003, 1, 1), day(2005, 1, 1)),
                               operation("op-2013", day(2013, 1, 1), day(2014, 6, 1)),
                               operation("op-2015", day(2015, 1, 1), std::nullopt)};
  dataset.participants.edit() = {OperationParticipant{"op-2003", "PPP", "partner-contributor", {}},
                                 OperationParticipant{"op-2013", "PPP", "partner-contributor", {}},
                                 OperationParticipant{"op-2015", "PPP", "partner-contributor", {}}};
  dataset.coverage.edit() = {coverage("exercises", day(2012, 1, 1)), coverage("operations", day(1990, 1, 1))};
  return dataset;
}

PartnerRecords papa_records() {
  PartnerRecords records;
  records.programmes = {RecordedPlan{"PPP", "ITPP", day(2015, 1, 1), day(2016, 12, 31), true},
                        RecordedPlan{"QQQ", "ITPP", day(2015, 1, 1), day(2016, 12, 31), false}};
  records.parp = {RecordedParp{"PPP", 2014, 2015, true}};
  records.evaluations = {RecordedEvaluation{"PPP", "1st company", "sel1", day(2013, 5, 1), true},
                         RecordedEvaluation{"PPP", "1st company", "nel1", day(2015, 5, 1), true},
                         RecordedEvaluation{"PPP", "1st company", "sel2", day(2015, 9, 1), false}};
  return records;
}

class InteroperabilityTest : public ::testing::Test {
 protected:
  InteroperabilityTest() : registry_(partners_dataset()) {}

  const InteroperabilityRow* row(const InteroperabilityIndex& index, std::string_view iso3, int year) const {
    for (const InteroperabilityRow& candidate : index.rows) {
      if (candidate.nation->iso3 == iso3 && candidate.year == year) return &candidate;
    }
    return nullptr;
  }

  Registry registry_;
};

TEST_F(InteroperabilityTest, EveryComponentOfAPartnerYear) {
  InteroperabilityOptions options;
  options.from = 2015;
  options.to = 2016;
  Result<InteroperabilityIndex> index = interoperability_index(registry_, papa_records(), options);
  ASSERT_TRUE(index.is_ok()) << index.status().to_string();
  // Papa both years; Quebec in 2015 only (an Ally on 31 December 2016); Romeo never.
  ASSERT_EQ(index->rows.size(), 3U);
  EXPECT_EQ(row(*index, "QQQ", 2016), nullptr);
  EXPECT_EQ(row(*index, "RRR", 2015), nullptr);

  const InteroperabilityRow* papa = row(*index, "PPP", 2015);
  ASSERT_NE(papa, nullptr);
  ASSERT_EQ(papa->components.size(), 6U);
  // Active from 1 January 2004 through 31 December 2015.
  const double years = (day(2016, 1, 1).days() - day(2004, 1, 1).days()) / 365.25;  // 12.0
  EXPECT_NEAR(papa->components[0].raw.value_or(-1), years, 1e-9);
  EXPECT_NEAR(papa->components[0].normalised.value_or(-1), years / 20, 1e-9);
  EXPECT_EQ(papa->components[1].raw, 3.0);  // IPAP, ANP and the approved ITPP
  EXPECT_EQ(papa->components[1].normalised, 1.0);
  EXPECT_EQ(papa->components[2].raw, 1.0);  // PARP 2014-2015
  EXPECT_EQ(papa->components[3].raw, 2.0);  // NEL1 passed; SEL2 failed
  EXPECT_EQ(papa->components[3].normalised, 0.5);
  EXPECT_EQ(papa->components[4].raw, 1.0);  // ex-2014 only
  EXPECT_NEAR(papa->components[4].normalised.value_or(-1), 0.1, 1e-12);
  EXPECT_EQ(papa->components[5].raw, 2.0);  // op-2013 and op-2015
  const double expected = 0.2 * years / 20 + 0.15 * 1 + 0.15 * 1 + 0.15 * 0.5 + 0.2 * 0.1 + 0.15 * 2.0 / 3;
  EXPECT_NEAR(papa->score.value_or(-1), expected, 1e-12);
  // The window 2011-2015 starts before the exercises' coverage: said, and counted as far as covered.
  ASSERT_EQ(papa->notes.size(), 1U);
  EXPECT_NE(papa->notes[0].find("does not cover 2011"), std::string::npos) << papa->notes[0];

  // 2016: the IPAP ended on 1 January 2016 (exclusive), the PARP in 2015.
  const InteroperabilityRow* papa_2016 = row(*index, "PPP", 2016);
  ASSERT_NE(papa_2016, nullptr);
  EXPECT_EQ(papa_2016->components[1].raw, 2.0);
  EXPECT_EQ(papa_2016->components[2].raw, 0.0);

  // Quebec: an unapproved programme does not count; its exercise was with a partner only.
  const InteroperabilityRow* quebec = row(*index, "QQQ", 2015);
  ASSERT_NE(quebec, nullptr);
  EXPECT_EQ(quebec->components[1].raw, 1.0);  // MAP
  EXPECT_EQ(quebec->components[4].raw, 0.0);
  EXPECT_EQ(quebec->components[0].normalised, 1.0);  // over 20 years: capped
}

TEST_F(InteroperabilityTest, MissingComponentGivesItsWeightToTheOthers) {
  InteroperabilityOptions options;
  options.from = 2011;
  options.to = 2011;
  options.nations = {"PPP"};
  Result<InteroperabilityIndex> index = interoperability_index(registry_, papa_records(), options);
  ASSERT_TRUE(index.is_ok()) << index.status().to_string();
  ASSERT_EQ(index->rows.size(), 1U);
  const InteroperabilityRow& papa = index->rows[0];
  EXPECT_FALSE(papa.components[4].raw);  // exercises are not covered in 2011: null, not 0
  EXPECT_FALSE(papa.components[4].normalised);
  EXPECT_EQ(papa.components[4].contribution, 0);
  EXPECT_NEAR(papa.components[0].effective_weight, 0.2 / 0.8, 1e-12);
  double sum = 0;
  for (const ComponentScore& component : papa.components) sum += component.effective_weight;
  EXPECT_NEAR(sum, 1, 1e-12);
  ASSERT_EQ(papa.notes.size(), 2U);
  EXPECT_NE(papa.notes[0].find("exercises_with_allies: missing"), std::string::npos);
  const std::string json = boost::json::serialize(to_json(*index));
  EXPECT_NE(json.find(R"("name":"exercises_with_allies","raw":null)"), std::string::npos) << json;
}

TEST_F(InteroperabilityTest, WeightsAreRenormalisedAndReturned) {
  InteroperabilityOptions options;
  options.from = 2015;
  options.to = 2015;
  options.nations = {"PPP", "AAA", "RRR"};
  options.weights = {{"parp", 0.45}};
  Result<InteroperabilityIndex> index = interoperability_index(registry_, papa_records(), options);
  ASSERT_TRUE(index.is_ok()) << index.status().to_string();
  EXPECT_EQ(index->given_weights[2], 0.45);
  EXPECT_NEAR(index->normalised_weights[2], 0.45 / 1.3, 1e-12);
  EXPECT_NEAR(index->normalised_weights[0], 0.2 / 1.3, 1e-12);
  // Alpha is an Ally: no row; Romeo, named, has one with nothing to its name.
  ASSERT_EQ(index->rows.size(), 2U);
  EXPECT_EQ(index->rows[0].nation->iso3, "PPP");
  EXPECT_EQ(index->rows[1].nation->iso3, "RRR");
  EXPECT_EQ(index->rows[1].score, 0.0);
}

TEST_F(InteroperabilityTest, BadWeightsAreRefused) {
  const auto refused = [this](std::map<std::string, double, std::less<>> weights) {
    InteroperabilityOptions options;
    options.weights = std::move(weights);
    return interoperability_index(registry_, {}, options).status();
  };
  const Status unknown = refused({{"ships", 1}});
  EXPECT_EQ(unknown.code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(unknown.field(), "weights");
  EXPECT_NE(unknown.message().find("unknown component ships"), std::string::npos);
  EXPECT_EQ(refused({{"parp", -0.1}}).field(), "weights");
  EXPECT_EQ(refused({{"parp", std::numeric_limits<double>::quiet_NaN()}}).field(), "weights");
  EXPECT_EQ(refused({{"plans", std::numeric_limits<double>::infinity()}}).field(), "weights");
  const Status zero = refused({{"years_in_frameworks", 0},
                               {"plans", 0},
                               {"parp", 0},
                               {"evaluations", 0},
                               {"exercises_with_allies", 0},
                               {"operations_with_allies", 0}});
  EXPECT_EQ(zero.field(), "weights");
  EXPECT_TRUE(interoperability_index(registry_, {}, {}).is_ok());

  InteroperabilityOptions unknown_nation;
  unknown_nation.nations = {"XYZ"};
  EXPECT_EQ(interoperability_index(registry_, {}, unknown_nation).status().code(), ErrorCode::kUnknownNation);
}

TEST_F(InteroperabilityTest, CsvHasThreeColumnsPerComponent) {
  InteroperabilityOptions options;
  options.from = 2011;
  options.to = 2011;
  options.nations = {"PPP"};
  Result<InteroperabilityIndex> index = interoperability_index(registry_, papa_records(), options);
  ASSERT_TRUE(index.is_ok());
  const std::string csv = to_csv(*index);
  const std::string header = csv.substr(0, csv.find('\n'));
  EXPECT_EQ(header.substr(0, 90),
            "nation,name,year,score,years_in_frameworks_raw,years_in_frameworks_normalised,years_in_fra");
  EXPECT_NE(csv.find(",,,"), std::string::npos);  // the missing exercises component
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 2);
}

TEST(InteroperabilityReferenceTest, ScoresOfTheShippedData) {
  Result<Dataset> dataset = read_reference_dataset();
  ASSERT_TRUE(dataset.is_ok()) << dataset.status().to_string();
  const Registry registry(std::move(*dataset));
  InteroperabilityOptions options;
  options.from = 2020;
  options.to = 2024;
  Result<InteroperabilityIndex> index = interoperability_index(registry, {}, options);
  ASSERT_TRUE(index.is_ok()) << index.status().to_string();
  EXPECT_FALSE(index->rows.empty());
  const Organisation* nato = registry.find_organisation("NATO");
  ASSERT_NE(nato, nullptr);
  for (const InteroperabilityRow& row : index->rows) {
    EXPECT_NE(registry.relation(*row.nation, *nato, Date::from_ymd(row.year, 12, 31)).relation, Relation::kMember)
        << row.nation->iso3;
    double sum = 0;
    for (const ComponentScore& component : row.components) {
      sum += component.contribution;
      if (component.normalised) {
        EXPECT_GE(*component.normalised, 0);
        EXPECT_LE(*component.normalised, 1);
      }
    }
    if (row.score) {
      EXPECT_NEAR(*row.score, sum, 1e-9);
      EXPECT_LE(*row.score, 1 + 1e-12);
    }
  }
}

}  // namespace
}  // namespace entente
