#include "analytics/burden.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <map>
#include <set>
#include <string_view>
#include <utility>

#include "analytics/figures.hpp"
#include "core/csv.hpp"

namespace entente {
namespace {

namespace json = boost::json;

constexpr int kFirstYear = 1949;  // the North Atlantic Treaty
constexpr int kLastYear = 9999;
// Shares are published to two decimals: a share this close under the threshold meets it.
constexpr double kShareTolerance = 1e-9;

constexpr std::string_view kCoreCaveat =
    "NATO's defence expenditure tables used here do not separate core defence requirements from the rest of "
    "defence expenditure: gdp_share (all defence expenditure under NATO's definition) stands in for the core share";

// The figure a guideline's metric compares, or nullopt when the row lacks it.
std::optional<double> compared_share(const BurdenRow& row, const BurdenGuideline& guideline) {
  if (guideline.compared_with == "equipment_share") return row.equipment_share;
  return row.gdp_share;
}

GuidelineStanding standing(const BurdenRow& row, const BurdenGuideline& guideline) {
  const SpendingGuideline& rule = *guideline.guideline;
  GuidelineStanding result;
  result.guideline = rule.id;
  result.in_force = rule.agreed <= last_day(row.year);
  if (!result.in_force) return result;
  const std::optional<double> share = compared_share(row, guideline);
  if (!share) return result;
  const bool met = *share + kShareTolerance >= rule.threshold;
  result.met = met;
  result.gap_points = met ? 0.0 : rule.threshold - *share;
  if (met) {
    // A met guideline needs no money, whether or not the expenditure is known.
    result.gap_musd = 0.0;
    return result;
  }
  if (!row.expenditure_musd) return result;
  if (guideline.compared_with == "equipment_share") {
    result.gap_musd = *row.expenditure_musd * (rule.threshold - *share) / 100.0;
  } else if (row.implied_gdp_musd) {
    result.gap_musd = *row.implied_gdp_musd * rule.threshold / 100.0 - *row.expenditure_musd;
  }
  return result;
}

std::string missing_reason(const SharedRows<DatasetCoverage>& coverage, const DefenceExpenditure* figures, int year) {
  if (figures == nullptr) {
    const bool covered = std::any_of(coverage.begin(), coverage.end(), [year](const DatasetCoverage& row) {
      return row.dataset == "defence-expenditure" && row.covers_year(year);
    });
    if (!covered) return "the defence-expenditure dataset does not cover " + std::to_string(year);
    return "defence_expenditure has no row for " + std::to_string(year);
  }
  if (figures->expenditure_musd && figures->gdp_share && figures->equipment_share) return "";
  if (!figures->provenance.note.empty()) return figures->provenance.note;
  return "NATO's tables give no figure";
}

// Least-squares slope of y against x; nullopt under two points or when every x is equal.
std::optional<double> slope(const std::vector<std::pair<double, double>>& points) {
  if (points.size() < 2) return std::nullopt;
  double mean_x = 0;
  double mean_y = 0;
  for (const auto& [x, y] : points) {
    mean_x += x;
    mean_y += y;
  }
  mean_x /= static_cast<double>(points.size());
  mean_y /= static_cast<double>(points.size());
  double covariance = 0;
  double variance = 0;
  for (const auto& [x, y] : points) {
    covariance += (x - mean_x) * (y - mean_y);
    variance += (x - mean_x) * (x - mean_x);
  }
  if (variance == 0) return std::nullopt;
  return covariance / variance;
}

Status check_year(int year, const char* field) {
  if (year < kFirstYear) {
    return {ErrorCode::kInvalidArgument,
            std::string(field) + ": year " + std::to_string(year) + " is before " + std::to_string(kFirstYear) +
                ", when the North Atlantic Treaty was signed",
            field};
  }
  if (year > kLastYear) {
    return {ErrorCode::kInvalidArgument, std::string(field) + ": year " + std::to_string(year) + " is after 9999",
            field};
  }
  return Status::ok();
}

json::value number_or_null(const std::optional<double>& value, int decimals) {
  if (!value) return nullptr;
  return rounded(*value, decimals);
}

json::value int_or_null(const std::optional<int>& value) {
  if (!value) return nullptr;
  return *value;
}

json::value bool_or_null(const std::optional<bool>& value) {
  if (!value) return nullptr;
  return *value;
}

std::string csv_number(const std::optional<double>& value, int decimals) {
  return value ? format_number(*value, decimals) : std::string();
}

std::string csv_bool(const std::optional<bool>& value) {
  if (!value) return "";
  return *value ? "yes" : "no";
}

constexpr int kShareDecimals = 2;
constexpr int kGapPointDecimals = 4;
constexpr int kMoneyDecimals = 1;
constexpr int kSlopeDecimals = 4;

}  // namespace

Result<BurdenAnalysis> analyse_burden(const Registry& registry, const BurdenOptions& options) {
  const Dataset& data = registry.dataset();
  BurdenAnalysis analysis;

  analysis.from = options.from.value_or(kBurdenDefaultFrom);
  if (Status status = check_year(analysis.from, "from"); !status) return status;
  if (options.to) {
    analysis.to = *options.to;
  } else {
    analysis.to = analysis.from;
    for (const DefenceExpenditure& row : data.defence_expenditure) analysis.to = std::max(analysis.to, row.year);
  }
  if (Status status = check_year(analysis.to, "to"); !status) return status;
  if (analysis.to < analysis.from) {
    return Status(ErrorCode::kInvalidArgument,
                  "to: year " + std::to_string(analysis.to) + " is before from (" + std::to_string(analysis.from) + ")",
                  "to");
  }

  std::set<std::string, std::less<>> wanted;
  for (const std::string& code : options.nations) {
    if (registry.find_nation(code) == nullptr) {
      return Status(ErrorCode::kUnknownNation,
                    "nations: no nation with code " + code + " (use ISO 3166-1 alpha-3 codes such as FRA)", "nations");
    }
    wanted.insert(code);
  }
  const auto is_wanted = [&wanted](std::string_view code) { return wanted.empty() || wanted.contains(code); };

  // Guidelines agreed by the end of the range, oldest first.
  for (const SpendingGuideline& rule : data.spending_guidelines) {
    if (rule.agreed > last_day(analysis.to)) continue;
    BurdenGuideline guideline;
    guideline.guideline = &rule;
    guideline.compared_with = rule.metric == "equipment-share" ? "equipment_share" : "gdp_share";
    if (rule.metric == "core-gdp-share") guideline.caveat = kCoreCaveat;
    analysis.guidelines.push_back(std::move(guideline));
  }
  std::stable_sort(analysis.guidelines.begin(), analysis.guidelines.end(),
                   [](const BurdenGuideline& left, const BurdenGuideline& right) {
                     return std::pair(left.guideline->agreed, std::string_view(left.guideline->id)) <
                            std::pair(right.guideline->agreed, std::string_view(right.guideline->id));
                   });

  // Figures by (nation, year), and the Allies of each year.
  std::map<std::pair<std::string_view, int>, const DefenceExpenditure*> figures;
  std::set<std::string_view> nations;
  for (const DefenceExpenditure& row : data.defence_expenditure) {
    if (row.year < analysis.from || row.year > analysis.to) continue;
    figures.emplace(std::pair(std::string_view(row.nation), row.year), &row);
    nations.insert(row.nation);
  }
  std::map<int, std::set<std::string_view>> allies_by_year;
  const Organisation* nato = registry.find_organisation("NATO");
  for (int year = analysis.from; year <= analysis.to; ++year) {
    std::set<std::string_view>& allies = allies_by_year[year];
    if (nato == nullptr) continue;
    for (const Membership* membership : registry.members(*nato, last_day(year))) {
      if (membership->status != MembershipStatus::kMember) continue;
      allies.insert(membership->nation);
      nations.insert(membership->nation);
    }
  }

  std::vector<const Nation*> ordered;
  for (std::string_view code : nations) {
    if (const Nation* nation = registry.find_nation(code); nation != nullptr) ordered.push_back(nation);
  }
  std::stable_sort(ordered.begin(), ordered.end(), [](const Nation* left, const Nation* right) {
    return std::pair(std::string_view(left->name), std::string_view(left->iso3)) <
           std::pair(std::string_view(right->name), std::string_view(right->iso3));
  });

  for (int year = analysis.from; year <= analysis.to; ++year) {
    AllianceYear totals;
    totals.year = year;
    for (const BurdenGuideline& guideline : analysis.guidelines) {
      AllianceGuidelineTotal total;
      total.guideline = guideline.guideline->id;
      total.in_force = guideline.guideline->agreed <= last_day(year);
      totals.guidelines.push_back(std::move(total));
    }
    analysis.alliance.push_back(std::move(totals));
  }

  for (const Nation* nation : ordered) {
    BurdenTrend trend;
    trend.nation = nation;
    for (const BurdenGuideline& guideline : analysis.guidelines)
      trend.guidelines.push_back({guideline.guideline->id, {}, {}, 0});
    std::vector<std::pair<double, double>> points;

    for (int year = analysis.from; year <= analysis.to; ++year) {
      const auto found = figures.find(std::pair(std::string_view(nation->iso3), year));
      const DefenceExpenditure* row_figures = found == figures.end() ? nullptr : found->second;
      const bool ally = allies_by_year[year].contains(nation->iso3);
      // Nations that were neither Allies nor given figures that year have no row.
      if (row_figures == nullptr && !ally) continue;

      BurdenRow row;
      row.nation = nation;
      row.year = year;
      row.ally = ally;
      row.figures = row_figures;
      if (row_figures != nullptr) {
        row.expenditure_musd = row_figures->expenditure_musd;
        row.gdp_share = row_figures->gdp_share;
        row.equipment_share = row_figures->equipment_share;
        row.estimate = row_figures->estimate;
      }
      if (row.expenditure_musd && row.gdp_share && *row.gdp_share > 0) {
        row.implied_gdp_musd = *row.expenditure_musd / *row.gdp_share * 100.0;
      }
      row.missing_reason = missing_reason(data.coverage, row_figures, year);
      for (const BurdenGuideline& guideline : analysis.guidelines) row.guidelines.push_back(standing(row, guideline));

      if (row.gdp_share) {
        points.emplace_back(year, *row.gdp_share);
        ++trend.years_with_figures;
      }
      for (std::size_t index = 0; index < row.guidelines.size(); ++index) {
        if (row.guidelines[index].met != true) continue;
        GuidelineYears& years = trend.guidelines[index];
        if (!years.first_met) years.first_met = year;
        years.last_met = year;
        ++years.years_met;
      }

      if (ally) {
        AllianceYear& totals = analysis.alliance[static_cast<std::size_t>(year - analysis.from)];
        ++totals.allies;
        if (row.expenditure_musd) {
          ++totals.allies_with_expenditure;
          totals.total_expenditure_musd += *row.expenditure_musd;
        }
        for (std::size_t index = 0; index < row.guidelines.size(); ++index) {
          const GuidelineStanding& standing_of_row = row.guidelines[index];
          AllianceGuidelineTotal& total = totals.guidelines[index];
          if (standing_of_row.met) ++total.allies_with_figure;
          if (standing_of_row.met == true) ++total.allies_meeting;
          if (standing_of_row.gap_musd) {
            total.total_gap_musd = total.total_gap_musd.value_or(0.0) + *standing_of_row.gap_musd;
            ++total.allies_with_gap;
          }
        }
      }
      analysis.rows.push_back(std::move(row));
    }
    trend.gdp_share_slope = slope(points);
    analysis.trends.push_back(std::move(trend));
  }

  // The aggregate share: Σ expenditure / Σ implied GDP, over Allies with both figures.
  for (AllianceYear& totals : analysis.alliance) {
    double expenditure = 0;
    double gdp = 0;
    for (const BurdenRow& row : analysis.rows) {
      if (row.year != totals.year || !row.ally || !row.implied_gdp_musd) continue;
      expenditure += *row.expenditure_musd;
      gdp += *row.implied_gdp_musd;
      ++totals.allies_in_aggregate;
    }
    if (gdp > 0) totals.aggregate_gdp_share = expenditure / gdp * 100.0;
  }
  // The alliance-wide totals count every Ally; the rows and trends are the nations asked for.
  std::erase_if(analysis.rows, [&is_wanted](const BurdenRow& row) { return !is_wanted(row.nation->iso3); });
  std::erase_if(analysis.trends, [&is_wanted](const BurdenTrend& trend) { return !is_wanted(trend.nation->iso3); });
  return analysis;
}

json::value to_json(const BurdenAnalysis& analysis) {
  json::object result;
  result["from"] = analysis.from;
  result["to"] = analysis.to;

  json::array guidelines;
  for (const BurdenGuideline& guideline : analysis.guidelines) {
    const SpendingGuideline& rule = *guideline.guideline;
    json::object item;
    item["id"] = rule.id;
    item["name"] = rule.name;
    item["agreed"] = rule.agreed.to_string();
    item["summit"] = rule.summit;
    item["metric"] = rule.metric;
    item["threshold"] = rule.threshold;
    item["by_year"] = rule.by_year == 0 ? json::value(nullptr) : json::value(rule.by_year);
    item["compared_with"] = guideline.compared_with;
    item["caveat"] = guideline.caveat.empty() ? json::value(nullptr) : json::value(guideline.caveat);
    item["source"] = rule.provenance.source;
    guidelines.push_back(std::move(item));
  }
  result["guidelines"] = std::move(guidelines);

  json::array rows;
  for (const BurdenRow& row : analysis.rows) {
    json::object item;
    item["nation"] = row.nation->iso3;
    item["name"] = row.nation->name;
    item["year"] = row.year;
    item["ally"] = row.ally;
    item["expenditure_musd"] = number_or_null(row.expenditure_musd, kMoneyDecimals);
    item["gdp_share"] = number_or_null(row.gdp_share, kShareDecimals);
    item["equipment_share"] = number_or_null(row.equipment_share, kShareDecimals);
    item["implied_gdp_musd"] = number_or_null(row.implied_gdp_musd, kMoneyDecimals);
    item["estimate"] = row.estimate;
    item["missing_reason"] = row.missing_reason.empty() ? json::value(nullptr) : json::value(row.missing_reason);
    json::object standings;
    for (const GuidelineStanding& standing_of_row : row.guidelines) {
      json::object entry;
      entry["in_force"] = standing_of_row.in_force;
      entry["met"] = bool_or_null(standing_of_row.met);
      entry["gap_points"] = number_or_null(standing_of_row.gap_points, kGapPointDecimals);
      entry["gap_musd"] = number_or_null(standing_of_row.gap_musd, kMoneyDecimals);
      standings[standing_of_row.guideline] = std::move(entry);
    }
    item["guidelines"] = std::move(standings);
    item["source"] = row.figures == nullptr ? json::value(nullptr) : json::value(row.figures->provenance.source);
    rows.push_back(std::move(item));
  }
  result["rows"] = std::move(rows);

  json::array trends;
  for (const BurdenTrend& trend : analysis.trends) {
    json::object item;
    item["nation"] = trend.nation->iso3;
    item["name"] = trend.nation->name;
    item["gdp_share_slope"] = number_or_null(trend.gdp_share_slope, kSlopeDecimals);
    item["years_with_figures"] = trend.years_with_figures;
    json::object years;
    for (const GuidelineYears& guideline : trend.guidelines) {
      json::object entry;
      entry["first_met"] = int_or_null(guideline.first_met);
      entry["last_met"] = int_or_null(guideline.last_met);
      entry["years_met"] = guideline.years_met;
      years[guideline.guideline] = std::move(entry);
    }
    item["guidelines"] = std::move(years);
    trends.push_back(std::move(item));
  }
  result["trends"] = std::move(trends);

  json::array alliance;
  for (const AllianceYear& totals : analysis.alliance) {
    json::object item;
    item["year"] = totals.year;
    item["allies"] = totals.allies;
    item["allies_with_expenditure"] = totals.allies_with_expenditure;
    // No Ally with a figure: the total is unknown, not 0.
    item["total_expenditure_musd"] = totals.allies_with_expenditure == 0
                                         ? json::value(nullptr)
                                         : json::value(rounded(totals.total_expenditure_musd, kMoneyDecimals));
    item["aggregate_gdp_share"] = number_or_null(totals.aggregate_gdp_share, kGapPointDecimals);
    item["allies_in_aggregate"] = totals.allies_in_aggregate;
    json::object standings;
    for (const AllianceGuidelineTotal& total : totals.guidelines) {
      json::object entry;
      entry["in_force"] = total.in_force;
      entry["allies_meeting"] = total.allies_meeting;
      entry["allies_with_figure"] = total.allies_with_figure;
      entry["total_gap_musd"] = number_or_null(total.total_gap_musd, kMoneyDecimals);
      entry["allies_with_gap"] = total.allies_with_gap;
      standings[total.guideline] = std::move(entry);
    }
    item["guidelines"] = std::move(standings);
    alliance.push_back(std::move(item));
  }
  result["alliance"] = std::move(alliance);
  return result;
}

std::string to_csv(const BurdenAnalysis& analysis) {
  std::vector<std::string> header = {
      "nation",           "name",     "year",          "ally", "expenditure_musd", "gdp_share", "equipment_share",
      "implied_gdp_musd", "estimate", "missing_reason"};
  for (const BurdenGuideline& guideline : analysis.guidelines) {
    const std::string& id = guideline.guideline->id;
    header.push_back(id + "_met");
    header.push_back(id + "_gap_points");
    header.push_back(id + "_gap_musd");
  }
  header.emplace_back("source");

  std::string text;
  append_csv_row(text, header);
  for (const BurdenRow& row : analysis.rows) {
    std::vector<std::string> fields = {row.nation->iso3,
                                       row.nation->name,
                                       std::to_string(row.year),
                                       row.ally ? "yes" : "no",
                                       csv_number(row.expenditure_musd, kMoneyDecimals),
                                       csv_number(row.gdp_share, kShareDecimals),
                                       csv_number(row.equipment_share, kShareDecimals),
                                       csv_number(row.implied_gdp_musd, kMoneyDecimals),
                                       row.estimate ? "yes" : "no",
                                       row.missing_reason};
    for (const GuidelineStanding& standing_of_row : row.guidelines) {
      fields.push_back(csv_bool(standing_of_row.met));
      fields.push_back(csv_number(standing_of_row.gap_points, kGapPointDecimals));
      fields.push_back(csv_number(standing_of_row.gap_musd, kMoneyDecimals));
    }
    fields.push_back(row.figures == nullptr ? std::string() : row.figures->provenance.source);
    append_csv_row(text, fields);
  }
  return text;
}

}  // namespace entente
