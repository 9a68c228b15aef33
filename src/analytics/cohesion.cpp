#include "analytics/cohesion.hpp"

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

#include "core/csv.hpp"

namespace entente {
namespace {

namespace json = boost::json;

constexpr int kRateDecimals = 4;

std::string format_rate(double value) {
  std::array<char, 64> buffer{};
  const auto [end, error] =
      std::to_chars(buffer.data(), buffer.data() + buffer.size(), value, std::chars_format::fixed, kRateDecimals);
  if (error != std::errc()) return "";
  std::string text(buffer.data(), end);
  while (text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  return text;
}

json::value rate_or_null(const std::optional<double>& rate) {
  if (!rate) return nullptr;
  const double scale = std::pow(10.0, kRateDecimals);
  return std::round(*rate * scale) / scale;
}

bool in_range(Date day, const CohesionOptions& options) {
  return (!options.from || *options.from <= day) && (!options.to || day <= *options.to);
}

std::string plural(int count, std::string_view one, std::string_view many) {
  return std::to_string(count) + " " + std::string(count == 1 ? one : many);
}

std::string record_statement(const CohesionAnalysis& analysis) {
  std::string text = "The figures rest on " + plural(analysis.rounds, "council round", "council rounds");
  if (analysis.simulated_rounds > 0) {
    text += " (" + std::to_string(analysis.simulated_rounds) + " of them simulated)";
  }
  text += " and " + plural(analysis.article4_requests, "Article 4 request", "Article 4 requests");
  if (analysis.from && analysis.to) {
    text += " from " + analysis.from->to_string() + " to " + analysis.to->to_string();
  } else if (analysis.from) {
    text += " since " + analysis.from->to_string();
  } else if (analysis.to) {
    text += " until " + analysis.to->to_string();
  }
  text += ".";
  if (analysis.thin) {
    text += " The record is thin: under " + std::to_string(kThinRecordRounds) +
            " council rounds say little about how the Allies stand together.";
  }
  text += " Agreement rates are shown only for pairs that shared at least " + std::to_string(kMinimumSharedRounds) +
          " rounds.";
  return text;
}

std::string csv_rate(const std::optional<double>& rate) { return rate ? format_rate(*rate) : std::string(); }

}  // namespace

RoundStance stance_of(RoundPosition position) {
  switch (position) {
    case RoundPosition::kSupport:
    case RoundPosition::kSilent: return RoundStance::kConsent;
    case RoundPosition::kObject:
    case RoundPosition::kBreak: return RoundStance::kObjection;
    case RoundPosition::kNone: return RoundStance::kNone;
  }
  return RoundStance::kNone;
}

std::string_view to_string(RoundPosition position) {
  switch (position) {
    case RoundPosition::kSupport: return "support";
    case RoundPosition::kObject: return "object";
    case RoundPosition::kSilent: return "silent";
    case RoundPosition::kBreak: return "break";
    case RoundPosition::kNone: return "none";
  }
  return "none";
}

Result<CohesionAnalysis> analyse_cohesion(const Registry& registry, const std::vector<RecordedRound>& rounds,
                                          const CohesionOptions& options) {
  if (options.from && options.to && *options.to < *options.from) {
    return Status(ErrorCode::kInvalidArgument,
                  "to: " + options.to->to_string() + " is before from (" + options.from->to_string() + ")", "to");
  }
  CohesionAnalysis analysis;
  analysis.from = options.from;
  analysis.to = options.to;
  analysis.include_simulated = options.include_simulated;

  // Each round's stances by nation, and each request's signatories.
  std::vector<std::map<std::string_view, RoundStance>> stances;
  std::set<std::string_view> nations;
  for (const RecordedRound& round : rounds) {
    if (round.simulated && !options.include_simulated) continue;
    if (!in_range(round.opened, options)) continue;
    ++analysis.rounds;
    if (round.simulated) ++analysis.simulated_rounds;
    std::map<std::string_view, RoundStance>& by_nation = stances.emplace_back();
    for (const RecordedPosition& position : round.positions) {
      const RoundStance stance = stance_of(position.position);
      if (stance == RoundStance::kNone || registry.find_nation(position.nation) == nullptr) continue;
      by_nation[position.nation] = stance;
      nations.insert(position.nation);
    }
  }
  std::vector<std::set<std::string_view>> requests;
  for (const Consultation& consultation : registry.dataset().consultations) {
    if (!in_range(consultation.date, options)) continue;
    ++analysis.article4_requests;
    std::set<std::string_view>& signatories = requests.emplace_back();
    for (const std::string& code : consultation.requested_by) {
      if (registry.find_nation(code) == nullptr) continue;
      signatories.insert(code);
      nations.insert(code);
    }
  }
  analysis.thin = analysis.rounds < kThinRecordRounds;

  for (std::string_view code : nations) {
    AllyCohesion ally;
    ally.nation = registry.find_nation(code);
    for (const auto& by_nation : stances) {
      const auto found = by_nation.find(code);
      if (found == by_nation.end()) continue;
      ++ally.rounds;
      if (found->second == RoundStance::kObjection) ++ally.objections;
    }
    if (ally.rounds > 0) ally.objection_rate = static_cast<double>(ally.objections) / ally.rounds;
    for (const auto& signatories : requests) {
      if (signatories.contains(code)) ++ally.article4_requests;
    }
    analysis.allies.push_back(ally);
  }
  std::stable_sort(analysis.allies.begin(), analysis.allies.end(),
                   [](const AllyCohesion& left, const AllyCohesion& right) {
                     return std::pair(std::string_view(left.nation->name), std::string_view(left.nation->iso3)) <
                            std::pair(std::string_view(right.nation->name), std::string_view(right.nation->iso3));
                   });

  for (std::size_t first = 0; first < analysis.allies.size(); ++first) {
    for (std::size_t second = first + 1; second < analysis.allies.size(); ++second) {
      PairCohesion pair;
      pair.first = analysis.allies[first].nation;
      pair.second = analysis.allies[second].nation;
      for (const auto& by_nation : stances) {
        const auto left = by_nation.find(pair.first->iso3);
        const auto right = by_nation.find(pair.second->iso3);
        if (left == by_nation.end() || right == by_nation.end()) continue;
        ++pair.shared_rounds;
        if (left->second == right->second) ++pair.agreements;
      }
      if (pair.shared_rounds >= kMinimumSharedRounds) {
        pair.agreement_rate = static_cast<double>(pair.agreements) / pair.shared_rounds;
      }
      for (const auto& signatories : requests) {
        if (signatories.contains(pair.first->iso3) && signatories.contains(pair.second->iso3)) ++pair.co_signatures;
      }
      if (pair.shared_rounds > 0 || pair.co_signatures > 0) analysis.pairs.push_back(pair);
    }
  }

  std::vector<std::size_t> rated;
  for (std::size_t index = 0; index < analysis.pairs.size(); ++index) {
    if (analysis.pairs[index].agreement_rate) rated.push_back(index);
  }
  const auto by_rate = [&analysis](bool highest_first) {
    return [&analysis, highest_first](std::size_t left, std::size_t right) {
      const PairCohesion& a = analysis.pairs[left];
      const PairCohesion& b = analysis.pairs[right];
      if (*a.agreement_rate != *b.agreement_rate) {
        return highest_first ? *a.agreement_rate > *b.agreement_rate : *a.agreement_rate < *b.agreement_rate;
      }
      if (a.shared_rounds != b.shared_rounds) return a.shared_rounds > b.shared_rounds;
      return left < right;
    };
  };
  analysis.most_aligned = rated;
  std::stable_sort(analysis.most_aligned.begin(), analysis.most_aligned.end(), by_rate(true));
  if (analysis.most_aligned.size() > kAlignedPairs) analysis.most_aligned.resize(kAlignedPairs);
  analysis.least_aligned = rated;
  std::stable_sort(analysis.least_aligned.begin(), analysis.least_aligned.end(), by_rate(false));
  if (analysis.least_aligned.size() > kAlignedPairs) analysis.least_aligned.resize(kAlignedPairs);

  analysis.record = record_statement(analysis);
  return analysis;
}

json::value to_json(const CohesionAnalysis& analysis) {
  json::object result;
  result["from"] = analysis.from ? json::value(analysis.from->to_string()) : json::value(nullptr);
  result["to"] = analysis.to ? json::value(analysis.to->to_string()) : json::value(nullptr);
  result["include_simulated"] = analysis.include_simulated;
  result["rounds"] = analysis.rounds;
  result["simulated_rounds"] = analysis.simulated_rounds;
  result["article4_requests"] = analysis.article4_requests;
  result["thin"] = analysis.thin;
  result["record"] = analysis.record;

  json::array allies;
  for (const AllyCohesion& ally : analysis.allies) {
    json::object item;
    item["nation"] = ally.nation->iso3;
    item["name"] = ally.nation->name;
    item["rounds"] = ally.rounds;
    item["objections"] = ally.objections;
    item["objection_rate"] = rate_or_null(ally.objection_rate);
    item["article4_requests"] = ally.article4_requests;
    allies.push_back(std::move(item));
  }
  result["allies"] = std::move(allies);

  const auto pair_json = [](const PairCohesion& pair) {
    json::object item;
    item["nation"] = pair.first->iso3;
    item["other"] = pair.second->iso3;
    item["shared_rounds"] = pair.shared_rounds;
    item["agreements"] = pair.agreements;
    item["agreement_rate"] = rate_or_null(pair.agreement_rate);
    item["co_signatures"] = pair.co_signatures;
    return item;
  };
  json::array pairs;
  for (const PairCohesion& pair : analysis.pairs) pairs.emplace_back(pair_json(pair));
  result["pairs"] = std::move(pairs);
  json::array most;
  for (std::size_t index : analysis.most_aligned) most.emplace_back(pair_json(analysis.pairs[index]));
  result["most_aligned"] = std::move(most);
  json::array least;
  for (std::size_t index : analysis.least_aligned) least.emplace_back(pair_json(analysis.pairs[index]));
  result["least_aligned"] = std::move(least);
  return result;
}

std::string to_csv(const CohesionAnalysis& analysis) {
  std::string text;
  append_csv_row(text, {"part", "nation", "other", "rounds", "objections", "objection_rate", "article4_requests",
                        "shared_rounds", "agreements", "agreement_rate", "co_signatures"});
  for (const AllyCohesion& ally : analysis.allies) {
    append_csv_row(text, {"ally", ally.nation->iso3, "", std::to_string(ally.rounds), std::to_string(ally.objections),
                          csv_rate(ally.objection_rate), std::to_string(ally.article4_requests), "", "", "", ""});
  }
  for (const PairCohesion& pair : analysis.pairs) {
    append_csv_row(
        text, {"pair", pair.first->iso3, pair.second->iso3, "", "", "", "", std::to_string(pair.shared_rounds),
               std::to_string(pair.agreements), csv_rate(pair.agreement_rate), std::to_string(pair.co_signatures)});
  }
  return text;
}

}  // namespace entente
