#include "analytics/burden.hpp"

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
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

Membership nato_member(const char* iso3, Date from) {
  Membership row;
  row.organisation = "NATO";
  row.nation = iso3;
  row.period = Interval{from, std::nullopt};
  return row;
}

DefenceExpenditure figures(const char* iso3, int year, std::optional<double> musd, std::optional<double> gdp,
                           std::optional<double> equipment, const char* note = "") {
  DefenceExpenditure row;
  row.nation = iso3;
  row.year = year;
  row.expenditure_musd = musd;
  row.gdp_share = gdp;
  row.equipment_share = equipment;
  row.provenance = {"https://www.nato.int/made-up", note};
  return row;
}

SpendingGuideline guideline(const char* id, Date agreed, const char* metric, double threshold) {
  SpendingGuideline row;
  row.id = id;
  row.name = id;
  row.agreed = agreed;
  row.metric = metric;
  row.threshold = threshold;
  row.by_year = 2024;
  return row;
}

// Three Allies since 1949 (Alpha, Bravo and Delta, which has no figures), Charlie joining
// in June 2016; the Wales guidelines of 2014 and The Hague's core guideline of 2025.
Dataset burden_dataset() {
  Dataset dataset;
  dataset.nations.edit() = {nation("AAA", "Alpha"), nation("BBB", "Bravo"), nation("CCC", "Charlie"),
                            nation("DDD", "Delta")};
  Organisation nato;
  nato.id = "NATO";
  nato.name = "North Atlantic Treaty Organization";
  nato.founded = day(1949, 8, 24);
  dataset.organisations.edit() = {nato};
  dataset.memberships.edit() = {nato_member("AAA", day(1949, 8, 24)), nato_member("BBB", day(1949, 8, 24)),
                                nato_member("CCC", day(2016, 6, 1)), nato_member("DDD", day(1949, 8, 24))};
  dataset.spending_guidelines.edit() = {guideline("gdp-2", day(2014, 9, 5), "gdp-share", 2),
                                        guideline("equipment-20", day(2014, 9, 5), "equipment-share", 20),
                                        guideline("core-3-5", day(2025, 6, 25), "core-gdp-share", 3.5)};
  dataset.coverage.edit() = {DatasetCoverage{"defence-expenditure", Interval{day(2014, 1, 1), std::nullopt}, {}}};
  dataset.defence_expenditure.edit() = {
      figures("AAA", 2014, 15000, 1.5, 10),
      figures("AAA", 2015, 20000, 2.0, 25),
      figures("BBB", 2014, 30000, 2.5, 20),
      figures("BBB", 2015, 33000, 3.0, 15),
      figures("CCC", 2014, 1000, 1.0, 30),
      figures("CCC", 2015, 1200, 1.2, 30),
      figures("DDD", 2014, std::nullopt, std::nullopt, std::nullopt, "Delta has no armed forces"),
  };
  return dataset;
}

class BurdenTest : public ::testing::Test {
 protected:
  BurdenTest() : registry_(burden_dataset()) {}

  BurdenAnalysis analyse(const BurdenOptions& options) const {
    Result<BurdenAnalysis> analysis = analyse_burden(registry_, options);
    EXPECT_TRUE(analysis.is_ok()) << analysis.status().to_string();
    return analysis.is_ok() ? std::move(analysis).value() : BurdenAnalysis{};
  }

  static const BurdenRow& row(const BurdenAnalysis& analysis, std::string_view iso3, int year) {
    for (const BurdenRow& candidate : analysis.rows) {
      if (candidate.nation->iso3 == iso3 && candidate.year == year) return candidate;
    }
    ADD_FAILURE() << "no row " << iso3 << " " << year;
    static const BurdenRow kNone;
    return kNone;
  }

  Registry registry_;
};

TEST_F(BurdenTest, GapInMoneyIsGdpTimesThresholdLessExpenditure) {
  const BurdenAnalysis analysis = analyse({});
  EXPECT_EQ(analysis.from, 2014);
  EXPECT_EQ(analysis.to, 2015);               // the latest year with figures
  ASSERT_EQ(analysis.guidelines.size(), 2U);  // The Hague's is not agreed by 2015
  EXPECT_EQ(analysis.guidelines[0].guideline->id, "equipment-20");
  EXPECT_EQ(analysis.guidelines[1].guideline->id, "gdp-2");

  // Alpha 2014: 15,000 MUSD at 1.5% of GDP: GDP 1,000,000, 2% of it 20,000, gap 5,000.
  const BurdenRow& alpha = row(analysis, "AAA", 2014);
  EXPECT_TRUE(alpha.ally);
  ASSERT_TRUE(alpha.implied_gdp_musd);
  EXPECT_NEAR(*alpha.implied_gdp_musd, 1'000'000, 1e-6);
  const GuidelineStanding& gdp = alpha.guidelines[1];
  EXPECT_EQ(gdp.met, false);
  EXPECT_NEAR(gdp.gap_points.value_or(-1), 0.5, 1e-9);
  EXPECT_NEAR(gdp.gap_musd.value_or(-1), 5000, 1e-6);
  // Equipment at 10% of 15,000: 10 points short of 20%, i.e. 1,500.
  const GuidelineStanding& equipment = alpha.guidelines[0];
  EXPECT_EQ(equipment.met, false);
  EXPECT_NEAR(equipment.gap_points.value_or(-1), 10, 1e-9);
  EXPECT_NEAR(equipment.gap_musd.value_or(-1), 1500, 1e-6);

  // Met: no gap, in points or in money; 2.0 exactly meets 2.
  const BurdenRow& alpha_2015 = row(analysis, "AAA", 2015);
  EXPECT_EQ(alpha_2015.guidelines[1].met, true);
  EXPECT_EQ(alpha_2015.guidelines[1].gap_points, 0.0);
  EXPECT_EQ(alpha_2015.guidelines[1].gap_musd, 0.0);
}

TEST_F(BurdenTest, MissingFiguresAreNullWithTheReasonNeverZero) {
  const BurdenAnalysis analysis = analyse({});
  const BurdenRow& delta = row(analysis, "DDD", 2014);
  EXPECT_TRUE(delta.ally);
  EXPECT_FALSE(delta.expenditure_musd);
  EXPECT_FALSE(delta.gdp_share);
  EXPECT_FALSE(delta.implied_gdp_musd);
  EXPECT_EQ(delta.missing_reason, "Delta has no armed forces");
  for (const GuidelineStanding& standing : delta.guidelines) {
    EXPECT_TRUE(standing.in_force);
    EXPECT_FALSE(standing.met);
    EXPECT_FALSE(standing.gap_points);
    EXPECT_FALSE(standing.gap_musd);
  }
  // An Ally without a row for the year still has a row, saying so.
  const BurdenRow& delta_2015 = row(analysis, "DDD", 2015);
  EXPECT_EQ(delta_2015.figures, nullptr);
  EXPECT_EQ(delta_2015.missing_reason, "defence_expenditure has no row for 2015");

  const std::string json = boost::json::serialize(to_json(analysis));
  EXPECT_NE(json.find(R"("expenditure_musd":null)"), std::string::npos);
  EXPECT_NE(json.find(R"("met":null)"), std::string::npos);
}

TEST_F(BurdenTest, NonAlliesAreFlaggedAndLeftOutOfTotals) {
  const BurdenAnalysis analysis = analyse({});
  EXPECT_FALSE(row(analysis, "CCC", 2014).ally);
  ASSERT_EQ(analysis.alliance.size(), 2U);

  const AllianceYear& year_2014 = analysis.alliance[0];
  EXPECT_EQ(year_2014.allies, 3);  // Alpha, Bravo, Delta
  EXPECT_EQ(year_2014.allies_with_expenditure, 2);
  EXPECT_NEAR(year_2014.total_expenditure_musd, 45000, 1e-6);
  // 45,000 over GDP 1,000,000 + 1,200,000.
  EXPECT_NEAR(year_2014.aggregate_gdp_share.value_or(-1), 45000.0 / 2'200'000 * 100, 1e-9);
  EXPECT_EQ(year_2014.allies_in_aggregate, 2);
  const AllianceGuidelineTotal& gdp_2014 = year_2014.guidelines[1];
  EXPECT_EQ(gdp_2014.allies_meeting, 1);
  EXPECT_EQ(gdp_2014.allies_with_figure, 2);
  EXPECT_NEAR(gdp_2014.total_gap_musd.value_or(-1), 5000, 1e-6);

  const AllianceYear& year_2015 = analysis.alliance[1];
  EXPECT_NEAR(year_2015.total_expenditure_musd, 53000, 1e-6);
  EXPECT_NEAR(year_2015.aggregate_gdp_share.value_or(-1), 53000.0 / 2'100'000 * 100, 1e-9);
  EXPECT_EQ(year_2015.guidelines[1].allies_meeting, 2);
  EXPECT_NEAR(year_2015.guidelines[1].total_gap_musd.value_or(-1), 0, 1e-9);
  // Bravo's equipment at 15% of 33,000: 5 points, 1,650.
  EXPECT_NEAR(year_2015.guidelines[0].total_gap_musd.value_or(-1), 1650, 1e-6);
}

TEST_F(BurdenTest, TrendIsTheLeastSquaresSlopeAndFirstYearMet) {
  const BurdenAnalysis analysis = analyse({});
  ASSERT_EQ(analysis.trends.size(), 4U);
  EXPECT_EQ(analysis.trends[0].nation->iso3, "AAA");  // by name
  EXPECT_NEAR(analysis.trends[0].gdp_share_slope.value_or(-1), 0.5, 1e-9);
  EXPECT_EQ(analysis.trends[0].guidelines[1].first_met, 2015);
  EXPECT_EQ(analysis.trends[0].guidelines[1].last_met, 2015);
  EXPECT_EQ(analysis.trends[0].guidelines[1].years_met, 1);
  EXPECT_NEAR(analysis.trends[2].gdp_share_slope.value_or(-1), 0.2, 1e-9);  // Charlie
  EXPECT_FALSE(analysis.trends[3].gdp_share_slope);                         // Delta: no figures
  EXPECT_FALSE(analysis.trends[3].guidelines[1].first_met);
}

TEST_F(BurdenTest, CoreGuidelineComparesGdpShareWithACaveat) {
  Dataset dataset = burden_dataset();
  dataset.defence_expenditure.edit().push_back(figures("AAA", 2025, 30000, 3.0, 20));
  const Registry registry(std::move(dataset));
  Result<BurdenAnalysis> analysis = analyse_burden(registry, {2025, 2025, {"AAA"}});
  ASSERT_TRUE(analysis.is_ok()) << analysis.status().to_string();
  ASSERT_EQ(analysis->guidelines.size(), 3U);
  EXPECT_EQ(analysis->guidelines[2].guideline->id, "core-3-5");
  EXPECT_EQ(analysis->guidelines[2].compared_with, "gdp_share");
  EXPECT_NE(analysis->guidelines[2].caveat.find("do not separate core"), std::string::npos);
  ASSERT_EQ(analysis->rows.size(), 1U);
  const GuidelineStanding& core = analysis->rows[0].guidelines[2];
  EXPECT_EQ(core.met, false);
  EXPECT_NEAR(core.gap_points.value_or(-1), 0.5, 1e-9);
  // GDP 1,000,000: 3.5% is 35,000, 5,000 more than 30,000.
  EXPECT_NEAR(core.gap_musd.value_or(-1), 5000, 1e-6);
}

TEST_F(BurdenTest, GuidelineNotYetAgreedIsNotInForce) {
  Result<BurdenAnalysis> analysis = analyse_burden(registry_, {2013, 2014, {"AAA"}});
  ASSERT_TRUE(analysis.is_ok());
  // 2013 has no figures and Alpha was an Ally: a row, with nothing in force.
  const BurdenRow& alpha_2013 = row(*analysis, "AAA", 2013);
  EXPECT_EQ(alpha_2013.missing_reason, "the defence-expenditure dataset does not cover 2013");
  for (const GuidelineStanding& standing : alpha_2013.guidelines) {
    EXPECT_FALSE(standing.in_force);
    EXPECT_FALSE(standing.met);
  }
  EXPECT_TRUE(row(*analysis, "AAA", 2014).guidelines[1].in_force);
}

TEST_F(BurdenTest, OptionsAreValidated) {
  Result<BurdenAnalysis> early = analyse_burden(registry_, {1800, std::nullopt, {}});
  ASSERT_FALSE(early.is_ok());
  EXPECT_EQ(early.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(early.status().field(), "from");
  EXPECT_NE(early.status().message().find("year 1800 is before 1949"), std::string::npos);

  Result<BurdenAnalysis> reversed = analyse_burden(registry_, {2015, 2014, {}});
  ASSERT_FALSE(reversed.is_ok());
  EXPECT_EQ(reversed.status().field(), "to");

  Result<BurdenAnalysis> unknown = analyse_burden(registry_, {std::nullopt, std::nullopt, {"XYZ"}});
  ASSERT_FALSE(unknown.is_ok());
  EXPECT_EQ(unknown.status().code(), ErrorCode::kUnknownNation);
  EXPECT_EQ(unknown.status().field(), "nations");
}

TEST_F(BurdenTest, CsvHasOneRowPerNationYearAndAColumnPerGuideline) {
  const BurdenAnalysis analysis = analyse({});
  const std::string csv = to_csv(analysis);
  const std::string header = csv.substr(0, csv.find('\n'));
  EXPECT_EQ(header,
            "nation,name,year,ally,expenditure_musd,gdp_share,equipment_share,implied_gdp_musd,estimate,"
            "missing_reason,equipment-20_met,equipment-20_gap_points,equipment-20_gap_musd,gdp-2_met,"
            "gdp-2_gap_points,gdp-2_gap_musd,source");
  EXPECT_NE(csv.find("AAA,Alpha,2014,yes,15000,1.5,10,1000000,no,,no,10,1500,no,0.5,5000,"), std::string::npos);
  EXPECT_NE(csv.find("DDD,Delta,2014,yes,,,,,no,Delta has no armed forces,,,,,,,"), std::string::npos);
  // Header plus Alpha, Bravo, Charlie and Delta for 2014 and 2015.
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 9);
}

TEST(BurdenReferenceTest, EveryAllyYearHasFiguresOrAReason) {
  Result<Dataset> dataset = read_reference_dataset();
  ASSERT_TRUE(dataset.is_ok()) << dataset.status().to_string();
  const Registry registry(std::move(*dataset));
  Result<BurdenAnalysis> analysis = analyse_burden(registry, {});
  ASSERT_TRUE(analysis.is_ok()) << analysis.status().to_string();
  for (const BurdenRow& row : analysis->rows) {
    if (!row.expenditure_musd || !row.gdp_share || !row.equipment_share) {
      EXPECT_FALSE(row.missing_reason.empty()) << row.nation->iso3 << " " << row.year;
    }
    for (const GuidelineStanding& standing : row.guidelines) {
      if (standing.met) {
        EXPECT_TRUE(standing.gap_points) << row.nation->iso3 << " " << row.year;
      }
      if (standing.gap_musd) {
        EXPECT_GE(*standing.gap_musd, 0);
      }
    }
    if (row.nation->iso3 == "ISL") {
      EXPECT_FALSE(row.gdp_share);
      EXPECT_FALSE(row.missing_reason.empty());
    }
  }
  for (const AllianceYear& year : analysis->alliance) {
    EXPECT_LE(year.allies_with_expenditure, year.allies);
    if (year.aggregate_gdp_share) {
      EXPECT_GT(*year.aggregate_gdp_share, 0);
      EXPECT_LT(*year.aggregate_gdp_share, 10);
    }
  }
  EXPECT_FALSE(boost::json::serialize(to_json(*analysis)).empty());
}

// NATO, "Defence Expenditure of NATO Countries (2014-2024)", 17 June 2024, Table 3: defence
// expenditure as a share of real GDP, 2024 estimates, as the press release's chart printed
// them; the 23 Allies at or above 2% are the count NATO's Secretary General gave that day.
struct NatoFigure {
  const char* nation;
  double gdp_share;
};
constexpr NatoFigure kNatoTable3Of2024[] = {
    {"POL", 4.12}, {"EST", 3.43}, {"USA", 3.38}, {"LVA", 3.15}, {"GRC", 3.08}, {"LTU", 2.85}, {"FIN", 2.41},
    {"DNK", 2.37}, {"GBR", 2.33}, {"ROU", 2.25}, {"MKD", 2.22}, {"NOR", 2.20}, {"BGR", 2.18}, {"SWE", 2.14},
    {"DEU", 2.12}, {"HUN", 2.11}, {"CZE", 2.10}, {"TUR", 2.09}, {"FRA", 2.06}, {"NLD", 2.05}, {"ALB", 2.03},
    {"MNE", 2.02}, {"SVK", 2.00}, {"HRV", 1.81}, {"PRT", 1.55}, {"ITA", 1.49}, {"CAN", 1.37}, {"BEL", 1.30},
    {"LUX", 1.29}, {"SVN", 1.29}, {"ESP", 1.28}};

TEST(DefenceExpenditureFacts, TheReferenceDataHoldsNatosTableOf2024) {
  Result<Dataset> dataset = read_reference_dataset();
  ASSERT_TRUE(dataset.is_ok()) << dataset.status().to_string();
  const Registry registry(std::move(*dataset));
  for (const NatoFigure& figure : kNatoTable3Of2024) {
    const auto row =
        std::find_if(registry.dataset().defence_expenditure.begin(), registry.dataset().defence_expenditure.end(),
                     [&](const DefenceExpenditure& d) { return d.nation == figure.nation && d.year == 2024; });
    ASSERT_NE(row, registry.dataset().defence_expenditure.end()) << figure.nation;
    ASSERT_TRUE(row->gdp_share.has_value()) << figure.nation;
    EXPECT_DOUBLE_EQ(*row->gdp_share, figure.gdp_share) << figure.nation;
    EXPECT_TRUE(row->estimate) << figure.nation << ": NATO marks 2024 as an estimate";
  }
  Result<BurdenAnalysis> analysis = analyse_burden(registry, BurdenOptions{2024, 2024, {}});
  ASSERT_TRUE(analysis.is_ok()) << analysis.status().to_string();
  ASSERT_EQ(analysis->alliance.size(), 1U);
  const auto two_percent = std::find_if(analysis->guidelines.begin(), analysis->guidelines.end(),
                                        [](const BurdenGuideline& g) { return g.guideline->id == "wales-gdp-2"; });
  ASSERT_NE(two_percent, analysis->guidelines.end());
  const auto at = static_cast<std::size_t>(two_percent - analysis->guidelines.begin());
  EXPECT_EQ(analysis->alliance[0].guidelines[at].allies_meeting, 23);
  EXPECT_EQ(analysis->alliance[0].allies, 32);
}

}  // namespace
}  // namespace entente
