#include "analytics/interoperability.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <set>
#include <utility>

#include "analytics/figures.hpp"
#include "core/csv.hpp"

namespace entente {
namespace {

namespace json = boost::json;

constexpr int kFirstYear = 1949;
constexpr int kLastYear = 9999;
constexpr int kWindowYears = 5;  // exercises and operations count over the year and the four before it
constexpr double kYearsCap = 20;
constexpr double kPlansCap = 3;
constexpr double kExercisesCap = 10;
constexpr double kOperationsCap = 3;
constexpr double kDaysPerYear = 365.25;

constexpr std::size_t kYears = 0;
constexpr std::size_t kPlans = 1;
constexpr std::size_t kParp = 2;
constexpr std::size_t kEvaluations = 3;
constexpr std::size_t kExercises = 4;
constexpr std::size_t kOperations = 5;

constexpr std::array<std::string_view, 4> kEvaluationSteps = {"sel1", "nel1", "sel2", "nel2"};

Status check_year(int year, const char* field) {
  if (year < kFirstYear || year > kLastYear) {
    return {ErrorCode::kInvalidArgument,
            std::string(field) + ": year " + std::to_string(year) + " is outside 1949 to 9999", field};
  }
  return Status::ok();
}

std::string known_components() {
  std::string text;
  for (std::string_view name : kInteroperabilityComponents) {
    if (!text.empty()) text += ", ";
    text += name;
  }
  return text;
}

// The years of [from, to] a dataset's coverage rows leave out.
std::vector<int> uncovered_years(const SharedRows<DatasetCoverage>& coverage, std::string_view dataset, int from,
                                 int to) {
  std::vector<int> years;
  for (int year = from; year <= to; ++year) {
    const bool covered = std::any_of(coverage.begin(), coverage.end(), [dataset, year](const DatasetCoverage& row) {
      return row.dataset == dataset && row.covers_year(year);
    });
    if (!covered) years.push_back(year);
  }
  return years;
}

std::string year_list(const std::vector<int>& years) {
  std::string text;
  for (int year : years) {
    if (!text.empty()) text += ", ";
    text += std::to_string(year);
  }
  return text;
}

constexpr int kDecimals = 4;

json::value number_or_null(const std::optional<double>& value) {
  if (!value) return nullptr;
  return rounded(*value, kDecimals);
}

std::string csv_number(const std::optional<double>& value) {
  return value ? format_number(*value, kDecimals) : std::string();
}

// What the registry holds of NATO's partners, gathered once.
struct NatoFacts {
  const Organisation* nato = nullptr;
  std::set<std::string_view> frameworks;  // NATO's framework ids
};

bool is_member(const Registry& registry, const NatoFacts& facts, std::string_view iso3, Date day) {
  if (facts.nato == nullptr) return false;
  const Nation* nation = registry.find_nation(iso3);
  if (nation == nullptr) return false;
  return registry.relation(*nation, *facts.nato, day).relation == Relation::kMember;
}

}  // namespace

std::string_view normalisation_of(std::string_view component) {
  if (component == "years_in_frameworks") {
    return "years of active NATO partnership up to 31 December (suspended periods not counted), min(years, 20) / 20";
  }
  if (component == "plans") {
    return "distinct kinds of NATO plan active in the year (partnership plans and approved programmes), "
           "min(kinds, 3) / 3";
  }
  if (component == "parp") return "1 when a PARP cycle is active in the year, else 0";
  if (component == "evaluations") {
    return "the highest evaluation step any unit passed by 31 December (raw: 1 sel1, 2 nel1, 3 sel2, 4 nel2; "
           "0 none), raw / 4";
  }
  if (component == "exercises_with_allies") {
    return "exercises of the year and the 4 before it in which the partner took part with at least one Ally, "
           "min(exercises, 10) / 10";
  }
  if (component == "operations_with_allies") {
    return "NATO-led operations active in the year or the 4 before it in which the partner took part, "
           "min(operations, 3) / 3";
  }
  return "";
}

Result<InteroperabilityIndex> interoperability_index(const Registry& registry, const PartnerRecords& records,
                                                     const InteroperabilityOptions& options) {
  const Dataset& data = registry.dataset();
  InteroperabilityIndex index;

  // Weights: the defaults, replaced by those named, then normalised.
  index.given_weights = kInteroperabilityDefaultWeights;
  for (const auto& [name, weight] : options.weights) {
    const auto* found = std::find(kInteroperabilityComponents.begin(), kInteroperabilityComponents.end(), name);
    if (found == kInteroperabilityComponents.end()) {
      return Status(ErrorCode::kInvalidArgument,
                    "weights: unknown component " + name + " (known: " + known_components() + ")", "weights");
    }
    if (!std::isfinite(weight) || weight < 0) {
      return Status(ErrorCode::kInvalidArgument,
                    "weights: the weight of " + name + " must be a finite number at least 0", "weights");
    }
    index.given_weights[static_cast<std::size_t>(found - kInteroperabilityComponents.begin())] = weight;
  }
  double weight_sum = 0;
  for (double weight : index.given_weights) weight_sum += weight;
  if (weight_sum <= 0) {
    return Status(ErrorCode::kInvalidArgument, "weights: at least one weight must be above 0", "weights");
  }
  for (std::size_t component = 0; component < index.given_weights.size(); ++component) {
    index.normalised_weights[component] = index.given_weights[component] / weight_sum;
  }

  NatoFacts facts;
  facts.nato = registry.find_organisation("NATO");
  for (const Framework& framework : data.frameworks) {
    if (framework.organisation == "NATO") facts.frameworks.insert(framework.id);
  }

  // The year range.
  int latest = kFirstYear;
  for (const Partnership& partnership : data.partnerships) {
    if (facts.frameworks.contains(partnership.framework)) latest = std::max(latest, partnership.period.from.year());
  }
  for (const PartnershipPlan& plan : data.plans) {
    if (plan.organisation == "NATO") latest = std::max(latest, plan.period.from.year());
  }
  for (const Exercise& exercise : data.exercises) latest = std::max(latest, exercise.start.year());
  for (const Operation& operation : data.operations) latest = std::max(latest, operation.period.from.year());
  index.to = options.to.value_or(latest);
  if (Status status = check_year(index.to, "to"); !status) return status;
  index.from = options.from.value_or(index.to);
  if (Status status = check_year(index.from, "from"); !status) return status;
  if (index.to < index.from) {
    return Status(ErrorCode::kInvalidArgument,
                  "to: year " + std::to_string(index.to) + " is before from (" + std::to_string(index.from) + ")",
                  "to");
  }

  std::set<std::string_view> named;
  for (const std::string& code : options.nations) {
    if (registry.find_nation(code) == nullptr) {
      return Status(ErrorCode::kUnknownNation,
                    "nations: no nation with code " + code + " (use ISO 3166-1 alpha-3 codes such as UKR)", "nations");
    }
    named.insert(code);
  }

  // When each nation first appears as a partner: its first NATO partnership, plan or record.
  std::map<std::string_view, Date> first_seen;
  const auto seen = [&first_seen](std::string_view code, Date on) {
    auto [entry, inserted] = first_seen.emplace(code, on);
    if (!inserted) entry->second = std::min(entry->second, on);
  };
  for (const Partnership& partnership : data.partnerships) {
    if (!facts.frameworks.contains(partnership.framework)) continue;
    seen(partnership.nation, partnership.period.from);
  }
  for (const PartnershipPlan& plan : data.plans) {
    if (plan.organisation == "NATO") seen(plan.nation, plan.period.from);
  }
  for (const RecordedPlan& plan : records.programmes) seen(plan.nation, plan.from);
  for (const RecordedParp& cycle : records.parp) seen(cycle.nation, first_day(cycle.from_year));
  for (const RecordedEvaluation& evaluation : records.evaluations) seen(evaluation.nation, evaluation.on);

  std::vector<const Nation*> candidates;
  if (named.empty()) {
    for (const auto& [code, unused] : first_seen) {
      if (const Nation* nation = registry.find_nation(code); nation != nullptr) candidates.push_back(nation);
    }
  } else {
    for (std::string_view code : named) candidates.push_back(registry.find_nation(code));
  }
  std::stable_sort(candidates.begin(), candidates.end(), [](const Nation* left, const Nation* right) {
    return std::pair(std::string_view(left->name), std::string_view(left->iso3)) <
           std::pair(std::string_view(right->name), std::string_view(right->iso3));
  });

  // Exercises each nation took part in, and whether an Ally took part with it.
  std::map<std::string_view, const Exercise*> exercise_by_id;
  for (const Exercise& exercise : data.exercises) exercise_by_id.emplace(exercise.id, &exercise);
  std::map<std::string_view, std::vector<std::string_view>> participants_of;
  for (const ExerciseParticipant& participant : data.exercise_participants) {
    if (participant.role == "participant") participants_of[participant.exercise].push_back(participant.nation);
  }
  std::map<std::string_view, const Operation*> operation_by_id;
  for (const Operation& operation : data.operations) operation_by_id.emplace(operation.id, &operation);

  for (const Nation* nation : candidates) {
    const auto first = first_seen.find(nation->iso3);
    for (int year = index.from; year <= index.to; ++year) {
      const Date year_end = last_day(year);
      const Date year_start = first_day(year);
      const bool existed = (!nation->from || *nation->from <= year_end) && (!nation->to || *nation->to > year_start);
      if (!existed || is_member(registry, facts, nation->iso3, year_end)) continue;
      if (named.empty() && (first == first_seen.end() || first->second > year_end)) continue;

      InteroperabilityRow row;
      row.nation = nation;
      row.year = year;
      std::array<std::optional<double>, 6> raw{};
      std::array<std::optional<double>, 6> normalised{};

      // Years in NATO's frameworks: the days of active partnership up to the end of the
      // year (a suspension stops the count; periods in several frameworks count once).
      std::vector<std::pair<long, long>> spans;
      bool active_this_year = false;
      for (const Partnership& partnership : data.partnerships) {
        if (partnership.nation != nation->iso3 || !facts.frameworks.contains(partnership.framework) ||
            partnership.status != PartnershipStatus::kActive || year_end < partnership.period.from) {
          continue;
        }
        const long end =
            std::min(partnership.period.to ? partnership.period.to->days() : year_end.days() + 1, year_end.days() + 1);
        spans.emplace_back(partnership.period.from.days(), end);
        active_this_year = active_this_year || end > year_start.days();
      }
      std::sort(spans.begin(), spans.end());
      long active_days = 0;
      long covered_to = std::numeric_limits<long>::min();
      for (const auto& [from, to] : spans) {
        const long start = std::max(from, covered_to);
        if (to > start) active_days += to - start;
        covered_to = std::max(covered_to, to);
      }
      // A nation whose every NATO partnership is suspended or over that year is no partner
      // of it, unless it was asked for by name or partnership management records it.
      const bool recorded = std::any_of(records.programmes.begin(), records.programmes.end(),
                                        [&](const RecordedPlan& plan) { return plan.nation == nation->iso3; }) ||
                            std::any_of(records.parp.begin(), records.parp.end(),
                                        [&](const RecordedParp& cycle) { return cycle.nation == nation->iso3; });
      if (named.empty() && !active_this_year && !recorded) continue;
      const double years = static_cast<double>(active_days) / kDaysPerYear;
      raw[kYears] = years;
      normalised[kYears] = std::min(years, kYearsCap) / kYearsCap;

      // Plans: distinct kinds active in the year.
      std::set<std::string> kinds;
      for (const PartnershipPlan& plan : data.plans) {
        if (plan.organisation != "NATO" || plan.nation != nation->iso3) continue;
        if (plan.period.from <= year_end && (!plan.period.to || *plan.period.to > year_start)) kinds.insert(plan.plan);
      }
      for (const RecordedPlan& plan : records.programmes) {
        if (plan.approved && plan.nation == nation->iso3 && plan.from <= year_end && plan.to >= year_start) {
          kinds.insert(plan.plan);
        }
      }
      raw[kPlans] = static_cast<double>(kinds.size());
      normalised[kPlans] = std::min(*raw[kPlans], kPlansCap) / kPlansCap;

      // PARP.
      const bool parp = std::any_of(records.parp.begin(), records.parp.end(), [&](const RecordedParp& cycle) {
        return cycle.active && cycle.nation == nation->iso3 && cycle.from_year <= year && year <= cycle.to_year;
      });
      raw[kParp] = parp ? 1.0 : 0.0;
      normalised[kParp] = raw[kParp];

      // Evaluations: the highest step passed.
      std::size_t highest = 0;
      for (const RecordedEvaluation& evaluation : records.evaluations) {
        if (!evaluation.passed || evaluation.nation != nation->iso3 || evaluation.on > year_end) continue;
        const auto* step = std::find(kEvaluationSteps.begin(), kEvaluationSteps.end(), evaluation.step);
        if (step == kEvaluationSteps.end()) continue;
        highest = std::max(highest, static_cast<std::size_t>(step - kEvaluationSteps.begin()) + 1);
      }
      raw[kEvaluations] = static_cast<double>(highest);
      normalised[kEvaluations] = static_cast<double>(highest) / static_cast<double>(kEvaluationSteps.size());

      const int window_from = year - kWindowYears + 1;
      const Date window_start = first_day(window_from);

      // Exercises with Allies, where the exercises dataset covers the year.
      const std::vector<int> exercise_gaps = uncovered_years(data.coverage, "exercises", window_from, year);
      if (!exercise_gaps.empty() && exercise_gaps.back() == year) {
        row.notes.push_back("exercises_with_allies: missing, the exercises dataset does not cover " +
                            std::to_string(year));
      } else {
        int count = 0;
        for (const auto& [exercise_id, nations] : participants_of) {
          if (std::find(nations.begin(), nations.end(), nation->iso3) == nations.end()) continue;
          const auto found = exercise_by_id.find(exercise_id);
          if (found == exercise_by_id.end()) continue;
          const Exercise& exercise = *found->second;
          if (exercise.start > year_end || exercise.end < window_start) continue;
          const bool with_ally = std::any_of(nations.begin(), nations.end(), [&](std::string_view other) {
            return other != nation->iso3 && is_member(registry, facts, other, exercise.start);
          });
          if (with_ally) ++count;
        }
        raw[kExercises] = count;
        normalised[kExercises] = std::min(static_cast<double>(count), kExercisesCap) / kExercisesCap;
        if (!exercise_gaps.empty()) {
          row.notes.push_back(
              "exercises_with_allies: counts only the covered years; the exercises dataset does "
              "not cover " +
              year_list(exercise_gaps));
        }
      }

      // NATO-led operations, where the operations dataset covers the year.
      const std::vector<int> operation_gaps = uncovered_years(data.coverage, "operations", window_from, year);
      if (!operation_gaps.empty() && operation_gaps.back() == year) {
        row.notes.push_back("operations_with_allies: missing, the operations dataset does not cover " +
                            std::to_string(year));
      } else {
        std::set<std::string_view> operations;
        for (const OperationParticipant& participant : data.participants) {
          if (participant.nation != nation->iso3) continue;
          const auto found = operation_by_id.find(participant.operation);
          if (found == operation_by_id.end()) continue;
          const Interval& period = found->second->period;
          if (period.from <= year_end && (!period.to || *period.to > window_start)) {
            operations.insert(participant.operation);
          }
        }
        raw[kOperations] = static_cast<double>(operations.size());
        normalised[kOperations] = std::min(*raw[kOperations], kOperationsCap) / kOperationsCap;
        if (!operation_gaps.empty()) {
          row.notes.push_back(
              "operations_with_allies: counts only the covered years; the operations dataset does "
              "not cover " +
              year_list(operation_gaps));
        }
      }

      // Missing components give their weight to the others.
      double present_weight = 0;
      for (std::size_t component = 0; component < raw.size(); ++component) {
        if (raw[component]) present_weight += index.normalised_weights[component];
      }
      for (std::size_t component = 0; component < raw.size(); ++component) {
        ComponentScore score;
        score.name = kInteroperabilityComponents[component];
        score.raw = raw[component];
        score.normalised = normalised[component];
        score.weight = index.normalised_weights[component];
        if (raw[component] && present_weight > 0) {
          score.effective_weight = score.weight / present_weight;
          score.contribution = score.effective_weight * *normalised[component];
          row.score = row.score.value_or(0.0) + score.contribution;
        }
        row.components.push_back(score);
      }
      if (present_weight < 1 - 1e-12 && present_weight > 0) {
        row.notes.push_back("the weights of the missing components are shared among the others in proportion");
      }
      index.rows.push_back(std::move(row));
    }
  }
  return index;
}

json::value to_json(const InteroperabilityIndex& index) {
  json::object result;
  result["from"] = index.from;
  result["to"] = index.to;
  json::array components;
  for (std::size_t component = 0; component < kInteroperabilityComponents.size(); ++component) {
    json::object item;
    item["name"] = kInteroperabilityComponents[component];
    item["given_weight"] = index.given_weights[component];
    item["weight"] = rounded(index.normalised_weights[component], kDecimals);
    item["normalisation"] = normalisation_of(kInteroperabilityComponents[component]);
    components.push_back(std::move(item));
  }
  result["components"] = std::move(components);
  json::array rows;
  for (const InteroperabilityRow& row : index.rows) {
    json::object item;
    item["nation"] = row.nation->iso3;
    item["name"] = row.nation->name;
    item["year"] = row.year;
    item["score"] = number_or_null(row.score);
    json::array scores;
    for (const ComponentScore& score : row.components) {
      json::object entry;
      entry["name"] = score.name;
      entry["raw"] = number_or_null(score.raw);
      entry["normalised"] = number_or_null(score.normalised);
      entry["weight"] = rounded(score.weight, kDecimals);
      entry["effective_weight"] = rounded(score.effective_weight, kDecimals);
      // A missing component contributes nothing known: null, as its values.
      entry["contribution"] = score.raw ? json::value(rounded(score.contribution, kDecimals)) : json::value(nullptr);
      scores.push_back(std::move(entry));
    }
    item["components"] = std::move(scores);
    json::array notes;
    for (const std::string& note : row.notes) notes.emplace_back(note);
    item["notes"] = std::move(notes);
    rows.push_back(std::move(item));
  }
  result["rows"] = std::move(rows);
  return result;
}

std::string to_csv(const InteroperabilityIndex& index) {
  std::vector<std::string> header = {"nation", "name", "year", "score"};
  for (std::string_view name : kInteroperabilityComponents) {
    header.push_back(std::string(name) + "_raw");
    header.push_back(std::string(name) + "_normalised");
    header.push_back(std::string(name) + "_contribution");
  }
  header.emplace_back("notes");
  std::string text;
  append_csv_row(text, header);
  for (const InteroperabilityRow& row : index.rows) {
    std::vector<std::string> fields = {row.nation->iso3, row.nation->name, std::to_string(row.year),
                                       csv_number(row.score)};
    for (const ComponentScore& score : row.components) {
      fields.push_back(csv_number(score.raw));
      fields.push_back(csv_number(score.normalised));
      fields.push_back(score.raw ? format_number(score.contribution, kDecimals) : std::string());
    }
    std::string notes;
    for (const std::string& note : row.notes) {
      if (!notes.empty()) notes += "; ";
      notes += note;
    }
    fields.push_back(notes);
    append_csv_row(text, fields);
  }
  return text;
}

}  // namespace entente
