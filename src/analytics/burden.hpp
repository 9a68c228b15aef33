#pragma once

// Burden sharing: each Ally's defence expenditure, year by year, against the spending
// guidelines the Allies agreed (data/defence_expenditure.csv, data/spending_guidelines.csv),
// in NATO's own figures. A figure NATO's tables do not give stays missing (nullopt) with
// the reason its row states; it is never counted as 0.

#include <boost/json/value.hpp>

#include <optional>
#include <string>
#include <vector>

#include "core/status.hpp"
#include "registry/registry.hpp"

namespace entente {

// What to measure. Years are calendar years, both inclusive.
struct BurdenOptions {
  std::optional<int> from;           // default 2014 (the Wales pledge)
  std::optional<int> to;             // default the latest year with figures
  std::vector<std::string> nations;  // ISO alpha-3 codes; empty: every nation with figures or NATO membership
};

// A guideline as the analysis compares it.
struct BurdenGuideline {
  const SpendingGuideline* guideline = nullptr;
  std::string compared_with;  // the figure compared: "gdp_share" or "equipment_share"
  std::string caveat;         // why the comparison is only approximate; empty when it is exact
};

// One nation's standing towards one guideline in one year.
struct GuidelineStanding {
  std::string guideline;  // SpendingGuideline::id
  bool in_force = false;  // agreed on or before 31 December of the year
  // Whether the share reaches the threshold; nullopt when the guideline is not in force or
  // the share is missing.
  std::optional<bool> met;
  // Threshold minus share, in percentage points, 0 when met; nullopt as `met`.
  std::optional<double> gap_points;
  // The extra spending, in million US dollars of the year, that would have met the
  // guideline with the rest unchanged: for a share of GDP, GDP × threshold − expenditure
  // (GDP implied by expenditure / share); for a share of expenditure on equipment,
  // expenditure × (threshold − share) / 100. 0 when met; nullopt when a figure is missing.
  std::optional<double> gap_musd;
};

// One nation in one year.
struct BurdenRow {
  const Nation* nation = nullptr;
  int year = 0;
  bool ally = false;  // a member of NATO on 31 December of the year
  std::optional<double> expenditure_musd;
  std::optional<double> gdp_share;         // percent
  std::optional<double> equipment_share;   // percent of expenditure
  std::optional<double> implied_gdp_musd;  // expenditure / gdp_share × 100
  bool estimate = false;
  // Why a figure is missing: the row's note, or a sentence saying there is no row; empty
  // when every figure is given.
  std::string missing_reason;
  const DefenceExpenditure* figures = nullptr;  // nullptr when the data has no row
  std::vector<GuidelineStanding> guidelines;    // one per BurdenAnalysis::guidelines, same order
};

// The first and last year of the range in which a nation met a guideline.
struct GuidelineYears {
  std::string guideline;
  std::optional<int> first_met;
  std::optional<int> last_met;
  int years_met = 0;
};

// One nation over the range.
struct BurdenTrend {
  const Nation* nation = nullptr;
  // Least-squares slope of gdp_share against the year, in percentage points per year, over
  // the years of the range with a figure; nullopt under two such years.
  std::optional<double> gdp_share_slope;
  int years_with_figures = 0;
  std::vector<GuidelineYears> guidelines;  // one per BurdenAnalysis::guidelines
};

// The Alliance's totals towards one guideline in one year (Allies only).
struct AllianceGuidelineTotal {
  std::string guideline;
  bool in_force = false;
  int allies_meeting = 0;
  int allies_with_figure = 0;            // Allies whose compared share is given
  std::optional<double> total_gap_musd;  // the sum of the Allies' gaps that are known
  int allies_with_gap = 0;
};

struct AllianceYear {
  int year = 0;
  int allies = 0;  // NATO members on 31 December
  int allies_with_expenditure = 0;
  double total_expenditure_musd = 0;  // over the Allies with a figure
  // Σ expenditure / Σ implied GDP × 100 over the Allies with both figures; nullopt when none.
  std::optional<double> aggregate_gdp_share;
  int allies_in_aggregate = 0;
  std::vector<AllianceGuidelineTotal> guidelines;  // one per BurdenAnalysis::guidelines
};

struct BurdenAnalysis {
  int from = 0;
  int to = 0;
  std::vector<BurdenGuideline> guidelines;  // every guideline agreed by the end of `to`, by agreed date then id
  std::vector<BurdenRow> rows;              // by nation name, then year
  std::vector<BurdenTrend> trends;          // by nation name
  std::vector<AllianceYear> alliance;       // by year
};

// The first year analysed by default: the year of the Wales Defence Investment Pledge.
inline constexpr int kBurdenDefaultFrom = 2014;

// Fails with kInvalidArgument (field "from", "to") for a year before 1949 or after 9999 or
// a range that ends before it starts, and kUnknownNation (field "nations") for a code the
// registry lacks.
Result<BurdenAnalysis> analyse_burden(const Registry& registry, const BurdenOptions& options);

boost::json::value to_json(const BurdenAnalysis& analysis);
// One row per nation and year: the figures, then for each guideline <id>_met,
// <id>_gap_points and <id>_gap_musd (empty when not in force or missing), then the source.
std::string to_csv(const BurdenAnalysis& analysis);

}  // namespace entente
