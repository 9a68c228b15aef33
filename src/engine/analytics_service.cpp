#include "engine/analytics_service.hpp"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <charconv>
#include <chrono>
#include <cmath>
#include <thread>

#include "core/text.hpp"
#include "manage/manage_service.hpp"

namespace entente {

Result<int> parse_year(std::string_view text, std::string_view field) {
  int year = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), year);
  if (text.empty() || text.size() > 4 || error != std::errc() || end != text.data() + text.size()) {
    return Status(ErrorCode::kInvalidArgument,
                  std::string(field) + ": '" + std::string(text.substr(0, 16)) + "' is not a year (YYYY)",
                  std::string(field));
  }
  if (year < 1945 || year > 2100) {
    return Status(ErrorCode::kInvalidArgument,
                  std::string(field) + ": year " + std::to_string(year) + " is outside 1945 to 2100",
                  std::string(field));
  }
  return year;
}

Result<std::vector<std::string>> parse_code_list(std::string_view text, std::string_view field, std::size_t most) {
  std::vector<std::string> codes;
  while (!text.empty()) {
    const std::size_t comma = text.find(',');
    const std::string code = ascii_upper(trim(text.substr(0, comma)));
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    if (code.empty()) continue;
    const bool plain = code.size() <= 16 && std::all_of(code.begin(), code.end(), [](char c) {
                         return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
                       });
    if (!plain) {
      return Status(ErrorCode::kInvalidArgument,
                    std::string(field) + ": '" + code.substr(0, 16) + "' is not a code (letters, digits, -)",
                    std::string(field));
    }
    if (codes.size() == most) {
      return Status(ErrorCode::kInvalidArgument, std::string(field) + ": more than " + std::to_string(most) + " codes",
                    std::string(field));
    }
    codes.push_back(code);
  }
  return codes;
}

Result<std::map<std::string, double, std::less<>>> parse_weights(std::string_view text, std::string_view field) {
  std::map<std::string, double, std::less<>> weights;
  std::size_t count = 0;
  while (!text.empty()) {
    const std::size_t comma = text.find(',');
    const std::string_view item = trim(text.substr(0, comma));
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    if (item.empty()) continue;
    if (++count > 16) {
      return Status(ErrorCode::kInvalidArgument, std::string(field) + ": more than 16 weights", std::string(field));
    }
    const std::size_t colon = item.find(':');
    const std::string name = ascii_lower(trim(item.substr(0, colon)));
    const std::string_view number = colon == std::string_view::npos ? std::string_view() : trim(item.substr(colon + 1));
    double weight = 0;
    const auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), weight);
    if (name.empty() || number.empty() || error != std::errc() || end != number.data() + number.size() ||
        !std::isfinite(weight)) {
      return Status(ErrorCode::kInvalidArgument,
                    std::string(field) + ": '" + std::string(item.substr(0, 40)) +
                        "' is not name:weight (e.g. membership:1,exercise:0.5)",
                    std::string(field));
    }
    // A weight only scales its edge type against the others: a million to one is plenty,
    // and larger ones overflow the centralities' arithmetic.
    constexpr double kHeaviest = 1e6;
    if (weight > kHeaviest || weight < -kHeaviest) {
      return Status(ErrorCode::kInvalidArgument,
                    std::string(field) + ": the weight of " + name + " is outside -1000000 to 1000000",
                    std::string(field));
    }
    if (!weights.emplace(name, weight).second) {
      return Status(ErrorCode::kInvalidArgument, std::string(field) + ": " + name + " is given twice",
                    std::string(field));
    }
  }
  return weights;
}

namespace {

// A whole number in [minimum, maximum]; a failure names `field`.
Result<int> parse_whole(std::string_view text, std::string_view field, int minimum, int maximum) {
  int number = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() || number < minimum ||
      number > maximum) {
    return Status(ErrorCode::kInvalidArgument,
                  std::string(field) + ": '" + std::string(text.substr(0, 16)) + "' is not a whole number from " +
                      std::to_string(minimum) + " to " + std::to_string(maximum),
                  std::string(field));
  }
  return number;
}

Result<std::optional<int>> optional_year(std::string_view text, std::string_view field) {
  if (text.empty()) return std::optional<int>();
  Result<int> year = parse_year(text, field);
  if (!year) return year.status();
  return std::optional<int>(*year);
}

Result<std::optional<Date>> optional_day(std::string_view text, std::string_view field) {
  if (text.empty()) return std::optional<Date>();
  Result<Date> day = Date::parse(text);
  if (!day) return day.status().at(std::string(field));
  return std::optional<Date>(*day);
}

}  // namespace

Result<Versioned<ExercisesAnswer>> AnalyticsService::exercises(std::string_view nation, std::string_view from,
                                                               std::string_view to) const {
  const std::shared_ptr<const Snapshot> snap = snapshot();
  const Registry& registry = snap->registry();
  ExercisesAnswer answer;
  Result<std::optional<Date>> first = optional_day(from, "from");
  if (!first) return first.status();
  Result<std::optional<Date>> last = optional_day(to, "to");
  if (!last) return last.status();
  answer.from = *first;
  answer.to = *last;
  if (answer.from && answer.to && *answer.to < *answer.from) {
    return Status(ErrorCode::kInvalidArgument, "to: " + answer.to->to_string() + " is before from", "to");
  }
  if (!nation.empty()) {
    Result<const Nation*> found = resolve_nation(registry, nation);
    if (!found) return found.status().at("nation");
    answer.nation = (*found)->iso3;
  }
  const Dataset& data = registry.dataset();
  for (const Exercise& exercise : data.exercises) {
    if ((answer.from && exercise.end < *answer.from) || (answer.to && *answer.to < exercise.start)) continue;
    ExerciseEntry entry{&exercise, {}};
    const Organisation* lead = registry.find_organisation(exercise.lead);
    if (lead == nullptr) lead = registry.find_organisation("NATO");
    bool takes_part = answer.nation.empty();
    for (const ExerciseParticipant& participant : data.exercise_participants) {
      if (participant.exercise != exercise.id) continue;
      const Nation* who = registry.find_nation(participant.nation);
      if (who == nullptr) continue;
      const Relation standing =
          lead != nullptr ? registry.relation(*who, *lead, exercise.start).relation : Relation::kNone;
      entry.participants.push_back({&participant, who, standing});
      takes_part = takes_part || participant.nation == answer.nation;
    }
    std::sort(
        entry.participants.begin(), entry.participants.end(),
        [](const ExerciseEntry::Taking& a, const ExerciseEntry::Taking& b) { return a.nation->name < b.nation->name; });
    if (takes_part) answer.exercises.push_back(std::move(entry));
  }
  std::sort(answer.exercises.begin(), answer.exercises.end(), [](const ExerciseEntry& a, const ExerciseEntry& b) {
    return a.exercise->start != b.exercise->start ? a.exercise->start < b.exercise->start
                                                  : a.exercise->id < b.exercise->id;
  });
  return versioned(std::move(answer), snap);
}

Result<Versioned<ExpenditureAnswer>> AnalyticsService::defence_expenditure(std::string_view nation,
                                                                           std::string_view from_year,
                                                                           std::string_view to_year) const {
  const std::shared_ptr<const Snapshot> snap = snapshot();
  const Registry& registry = snap->registry();
  ExpenditureAnswer answer{1945, 2100, "", {}, {}};
  if (!from_year.empty()) {
    Result<int> year = parse_year(from_year, "from");
    if (!year) return year.status();
    answer.from_year = *year;
  }
  if (!to_year.empty()) {
    Result<int> year = parse_year(to_year, "to");
    if (!year) return year.status();
    answer.to_year = *year;
  }
  if (answer.to_year < answer.from_year) {
    return Status(ErrorCode::kInvalidArgument, "to: " + std::to_string(answer.to_year) + " is before from", "to");
  }
  if (!nation.empty()) {
    Result<const Nation*> found = resolve_nation(registry, nation);
    if (!found) return found.status().at("nation");
    answer.nation = (*found)->iso3;
  }
  for (const DefenceExpenditure& figure : registry.dataset().defence_expenditure) {
    if (figure.year < answer.from_year || figure.year > answer.to_year) continue;
    if (!answer.nation.empty() && figure.nation != answer.nation) continue;
    answer.figures.push_back(&figure);
  }
  std::sort(answer.figures.begin(), answer.figures.end(), [](const DefenceExpenditure* a, const DefenceExpenditure* b) {
    return a->nation != b->nation ? a->nation < b->nation : a->year < b->year;
  });
  for (const SpendingGuideline& guideline : registry.dataset().spending_guidelines) {
    answer.guidelines.push_back(&guideline);
  }
  return versioned(std::move(answer), snap);
}

Versioned<AlliancesAnswer> AnalyticsService::alliances() const {
  const std::shared_ptr<const Snapshot> snap = snapshot();
  const Dataset& data = snap->registry().dataset();
  AlliancesAnswer answer;
  for (const Alliance& alliance : data.alliances) answer.alliances.push_back(&alliance);
  for (const AllianceProvision& provision : data.alliance_provisions) answer.provisions.push_back(&provision);
  for (const DatasetCoverage& coverage : data.coverage) answer.coverage.push_back(&coverage);
  return versioned(std::move(answer), snap);
}

Result<NetworkOptions> AnalyticsService::network_options(const NetworkRequest& request,
                                                         const Registry& /*registry*/) const {
  NetworkOptions options;
  Result<Date> day = resolve_as_of(request.as_of);
  if (!day) return day.status();
  options.as_of = *day;
  Result<std::map<std::string, double, std::less<>>> weights = parse_weights(request.weights, "weights");
  if (!weights) return weights.status();
  options.weights = std::move(*weights);
  if (!request.window.empty()) {
    Result<int> window = parse_whole(request.window, "window", 0, 50);
    if (!window) return window.status();
    options.window_years = *window;
  }
  Result<std::vector<std::string>> nations = parse_code_list(request.nations, "nations");
  if (!nations) return nations.status();
  options.nations = std::move(*nations);
  return options;
}

// A turn at the network's computation, given back when it goes out of scope: one request
// computes while one more may wait for it, up to a second and a half; the others are refused.
class AnalyticsService::HeavyTurn {
 public:
  HeavyTurn(std::atomic<bool>& computing, std::atomic<int>& waiting) : computing_(computing) {
    if (!computing_.exchange(true)) {
      taken_ = true;
      return;
    }
    if (waiting.fetch_add(1) > 0) {
      waiting.fetch_sub(1);
      return;
    }
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(1500);
    while (!taken_ && std::chrono::steady_clock::now() < until) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      taken_ = !computing_.exchange(true);
    }
    waiting.fetch_sub(1);
  }
  ~HeavyTurn() {
    if (taken_) computing_.store(false);
  }
  HeavyTurn(const HeavyTurn&) = delete;
  HeavyTurn& operator=(const HeavyTurn&) = delete;
  HeavyTurn(HeavyTurn&&) = delete;
  HeavyTurn& operator=(HeavyTurn&&) = delete;
  bool taken() const { return taken_; }

 private:
  std::atomic<bool>& computing_;
  bool taken_ = false;
};

namespace {

Status busy() {
  return Status(ErrorCode::kUnavailable,
                "another network is being computed; ask again in a second (one network at a time keeps the "
                "server answering everything else)");
}

}  // namespace

Result<Versioned<Network>> AnalyticsService::network(const NetworkRequest& request) const {
  const HeavyTurn turn(heavy_computing_, heavy_waiting_);
  if (!turn.taken()) return busy();
  const std::shared_ptr<const Snapshot> snap = snapshot();
  Result<NetworkOptions> options = network_options(request, snap->registry());
  if (!options) return options.status();
  return versioned_result(build_network(snap->registry(), *options), snap);
}

Result<Versioned<NetworkSeries>> AnalyticsService::network_series(const NetworkRequest& request, std::string_view from,
                                                                  std::string_view to) const {
  const HeavyTurn turn(heavy_computing_, heavy_waiting_);
  if (!turn.taken()) return busy();
  const std::shared_ptr<const Snapshot> snap = snapshot();
  Result<NetworkOptions> options = network_options(request, snap->registry());
  if (!options) return options.status();
  NetworkSeriesOptions series{1949, clock().today().year(), std::move(*options)};
  if (!from.empty()) {
    Result<int> year = parse_year(from, "from");
    if (!year) return year.status();
    series.from = *year;
  }
  if (!to.empty()) {
    Result<int> year = parse_year(to, "to");
    if (!year) return year.status();
    series.to = *year;
  }
  return versioned_result(build_network_series(snap->registry(), series, clock().today()), snap);
}

Result<Versioned<NetworkChange>> AnalyticsService::network_change(const NetworkRequest& request, std::string_view from,
                                                                  std::string_view to) const {
  const HeavyTurn turn(heavy_computing_, heavy_waiting_);
  if (!turn.taken()) return busy();
  const std::shared_ptr<const Snapshot> snap = snapshot();
  if (from.empty()) return Status(ErrorCode::kInvalidArgument, "from: give the first day, YYYY-MM-DD", "from");
  Result<Date> first = resolve_as_of(from, "from");
  if (!first) return first.status();
  Result<Date> second = resolve_as_of(to, "to");
  if (!second) return second.status();
  for (const auto& [day, field] : {std::pair(*first, "from"), std::pair(*second, "to")}) {
    if (day < Date::from_ymd(1945, 1, 1) || Date::from_ymd(2100, 12, 31) < day) {
      return Status(ErrorCode::kInvalidArgument,
                    std::string(field) + ": " + day.to_string() + " is outside 1945 to 2100", field);
    }
  }
  if (*second < *first) {
    return Status(ErrorCode::kInvalidArgument, "to: " + second->to_string() + " is before from", "to");
  }
  NetworkRequest first_request = request;
  first_request.as_of = first->to_string();
  NetworkRequest second_request = request;
  second_request.as_of = second->to_string();
  Result<NetworkOptions> first_options = network_options(first_request, snap->registry());
  if (!first_options) return first_options.status();
  Result<NetworkOptions> second_options = network_options(second_request, snap->registry());
  if (!second_options) return second_options.status();
  Result<Network> before = build_network(snap->registry(), *first_options);
  if (!before) return before.status();
  Result<Network> after = build_network(snap->registry(), *second_options);
  if (!after) return after.status();
  return versioned(compare(*before, *after), snap);
}

namespace {

// The years (YYYY, each optional) and nations ("FIN,SWE") most analyses are asked for.
struct YearsAndNations {
  std::optional<int> from;
  std::optional<int> to;
  std::vector<std::string> nations;
};

Result<YearsAndNations> years_and_nations(std::string_view from, std::string_view to, std::string_view nations) {
  Result<std::optional<int>> first = optional_year(from, "from");
  if (!first) return first.status();
  Result<std::optional<int>> last = optional_year(to, "to");
  if (!last) return last.status();
  Result<std::vector<std::string>> codes = parse_code_list(nations, "nations");
  if (!codes) return codes.status();
  return YearsAndNations{*first, *last, std::move(*codes)};
}

}  // namespace

Result<ManageRecords> AnalyticsService::readable_records(const Principal& actor) const {
  const ManageService* manage = manage_ ? manage_() : nullptr;
  if (manage == nullptr) {
    ManageRecords none;
    none.scope = "none";
    return none;
  }
  return manage->records_for_analysis(actor);
}

Result<Versioned<BurdenAnalysis>> AnalyticsService::burden(std::string_view from, std::string_view to,
                                                           std::string_view nations) const {
  const std::shared_ptr<const Snapshot> snap = snapshot();
  BurdenOptions options;
  Result<YearsAndNations> asked = years_and_nations(from, to, nations);
  if (!asked) return asked.status();
  options.from = asked->from;
  options.to = asked->to;
  options.nations = std::move(asked->nations);
  return versioned_result(analyse_burden(snap->registry(), options), snap);
}

namespace {

// What interoperability reads of partnership management's records.
PartnerRecords partner_records(const ManageRecords& records, const Registry& registry) {
  PartnerRecords out;
  for (const Programme& programme : records.programmes) {
    const bool approved = programme.state == "approved" || programme.state == "active" ||
                          programme.state == "reviewed" || programme.state == "closed";
    out.programmes.push_back({programme.nation, "ITPP", programme.period_from, programme.period_to, approved});
  }
  for (const ParpCycle& cycle : records.parp_cycles) {
    const bool active = cycle.state != "withdrawn" && cycle.state != "refused";
    const int year = static_cast<int>(cycle.year);
    out.parp.push_back({cycle.nation, year, year + 1, active});
  }
  for (const Evaluation& evaluation : records.evaluations) {
    const auto unit = std::find_if(records.units.begin(), records.units.end(),
                                   [&](const Unit& u) { return u.stamp.id == evaluation.unit; });
    if (unit == records.units.end()) continue;
    out.evaluations.push_back(
        {unit->nation, unit->name, evaluation.step, evaluation.on, evaluation.outcome == "passed"});
  }
  (void)registry;
  return out;
}

RoundPosition round_position(std::string_view word) {
  if (word == "support") return RoundPosition::kSupport;
  if (word == "object") return RoundPosition::kObject;
  if (word == "silent") return RoundPosition::kSilent;
  if (word == "break") return RoundPosition::kBreak;
  return RoundPosition::kNone;
}

std::vector<RecordedRound> recorded_rounds(const ManageRecords& records) {
  std::vector<RecordedRound> rounds;
  for (const CouncilRound& round : records.rounds) {
    RecordedRound out;
    out.id = std::to_string(round.stamp.id);
    out.subject = round.question;
    Result<Date> opened = Date::parse(std::string_view(round.opened_at).substr(0, 10));
    if (!opened) continue;
    out.opened = *opened;
    if (round.decided_at.size() >= 10) {
      if (Result<Date> decided = Date::parse(std::string_view(round.decided_at).substr(0, 10))) out.decided = *decided;
    }
    out.outcome = round.state == "open" ? "" : round.state;
    out.procedure = round.procedure;
    for (const CouncilPosition& position : records.positions) {
      if (position.round == round.stamp.id) {
        out.positions.push_back({position.nation, round_position(position.position), position.reason});
      }
    }
    rounds.push_back(std::move(out));
  }
  return rounds;
}

std::string records_statement(const std::string& scope) {
  if (scope == "all") return "every nation's records of partnership management";
  if (scope == "none" || scope.empty()) {
    return "none of partnership management's records: they are read for a signed-in nation officer (their "
           "nation's) or partnership staff (all)";
  }
  return scope + "'s records of partnership management only";
}

}  // namespace

Result<Versioned<InteroperabilityAnswer>> AnalyticsService::interoperability(const Principal& actor,
                                                                             std::string_view from, std::string_view to,
                                                                             std::string_view nations,
                                                                             std::string_view weights) const {
  const std::shared_ptr<const Snapshot> snap = snapshot();
  InteroperabilityOptions options;
  Result<YearsAndNations> asked = years_and_nations(from, to, nations);
  if (!asked) return asked.status();
  Result<std::map<std::string, double, std::less<>>> given = parse_weights(weights, "weights");
  if (!given) return given.status();
  options.from = asked->from;
  options.to = asked->to;
  options.nations = std::move(asked->nations);
  options.weights = std::move(*given);
  Result<ManageRecords> read = readable_records(actor);
  if (!read) return read.status();
  const ManageRecords& records = *read;
  Result<InteroperabilityIndex> index =
      interoperability_index(snap->registry(), partner_records(records, snap->registry()), options);
  if (!index) return index.status();
  InteroperabilityAnswer answer{std::move(*index), records_statement(records.scope)};
  return versioned(std::move(answer), snap);
}

Result<std::vector<RecordedRound>> parse_simulated_rounds(std::string_view json_text) {
  namespace json = boost::json;
  const auto bad = [](const std::string& pointer, const std::string& why) {
    return Status(ErrorCode::kInvalidArgument, pointer.empty() ? why : pointer + ": " + why, pointer);
  };
  boost::system::error_code error;
  const json::value document = json::parse(json_text, error);
  if (error || !document.is_object()) return bad("", "the body is not a JSON object");
  const json::value* rounds = document.as_object().if_contains("rounds");
  if (rounds == nullptr || !rounds->is_array()) return bad("/rounds", "give the simulated rounds as an array");
  if (rounds->as_array().size() > 1000) return bad("/rounds", "more than 1000 rounds");
  std::vector<RecordedRound> out;
  for (std::size_t i = 0; i < rounds->as_array().size(); ++i) {
    const std::string at = "/rounds/" + std::to_string(i);
    const json::value& item = rounds->as_array()[i];
    if (!item.is_object()) return bad(at, "a round is an object");
    const json::object& object = item.as_object();
    RecordedRound round;
    round.simulated = true;
    round.id = "simulated-" + std::to_string(i + 1);
    if (const json::value* id = object.if_contains("id"); id != nullptr) {
      if (!id->is_string() || id->as_string().size() > 64) return bad(at + "/id", "a text of at most 64 characters");
      round.id = std::string(id->as_string());
    }
    if (const json::value* subject = object.if_contains("subject"); subject != nullptr) {
      if (!subject->is_string() || subject->as_string().size() > 500) {
        return bad(at + "/subject", "a text of at most 500 characters");
      }
      round.subject = std::string(subject->as_string());
    }
    const json::value* opened = object.if_contains("opened");
    if (opened == nullptr || !opened->is_string()) return bad(at + "/opened", "give the day, YYYY-MM-DD");
    Result<Date> day = Date::parse(std::string_view(opened->as_string()));
    if (!day) return bad(at + "/opened", day.status().message());
    round.opened = *day;
    round.procedure = "consensus";
    if (const json::value* procedure = object.if_contains("procedure"); procedure != nullptr) {
      if (!procedure->is_string() || (procedure->as_string() != "consensus" && procedure->as_string() != "silence")) {
        return bad(at + "/procedure", "consensus or silence");
      }
      round.procedure = std::string(procedure->as_string());
    }
    const json::value* positions = object.if_contains("positions");
    if (positions == nullptr || !positions->is_object()) {
      return bad(at + "/positions", "give each Ally's position: {\"FRA\": \"object\", ...}");
    }
    if (positions->as_object().size() > 64) return bad(at + "/positions", "more than 64 positions");
    for (const auto& [nation, word] : positions->as_object()) {
      const std::string where = at + "/positions/" + std::string(nation).substr(0, 8);
      const std::string code = ascii_upper(std::string(nation));
      if (code.size() != 3 || !std::all_of(code.begin(), code.end(), [](char c) { return c >= 'A' && c <= 'Z'; })) {
        return bad(where, "not an ISO alpha-3 code");
      }
      if (!word.is_string()) return bad(where, "support, object, silent, break or none");
      const std::string_view position = word.as_string();
      RoundPosition value = RoundPosition::kNone;
      if (position == "support") {
        value = RoundPosition::kSupport;
      } else if (position == "object") {
        value = RoundPosition::kObject;
      } else if (position == "silent") {
        value = RoundPosition::kSilent;
      } else if (position == "break") {
        value = RoundPosition::kBreak;
      } else if (position != "none") {
        return bad(where, "support, object, silent, break or none");
      }
      round.positions.push_back({code, value, ""});
    }
    out.push_back(std::move(round));
  }
  return out;
}

Result<Versioned<CohesionAnswer>> AnalyticsService::cohesion(const Principal& actor, std::string_view from,
                                                             std::string_view to, std::string_view simulated) const {
  const std::shared_ptr<const Snapshot> snap = snapshot();
  CohesionOptions options;
  std::vector<RecordedRound> simulated_rounds;
  if (!simulated.empty()) {
    Result<std::vector<RecordedRound>> parsed = parse_simulated_rounds(simulated);
    if (!parsed) return parsed.status();
    // A simulated round is one of the North Atlantic Council: each position is an Ally's on
    // the day the round opened.
    const Registry& registry = snap->registry();
    const Organisation* nato = registry.find_organisation("NATO");
    for (std::size_t i = 0; i < parsed->size(); ++i) {
      const RecordedRound& round = (*parsed)[i];
      const std::string at = "/rounds/" + std::to_string(i);
      if (nato == nullptr || !nato->exists_on(round.opened) || Date::from_ymd(2100, 12, 31) < round.opened) {
        return Status(ErrorCode::kInvalidArgument,
                      at + "/opened: " + round.opened.to_string() + " is not a day of the North Atlantic Council",
                      at + "/opened");
      }
      for (const RecordedPosition& position : round.positions) {
        const std::string where = at + "/positions/" + position.nation;
        const Nation* nation = registry.find_nation(position.nation);
        if (nation == nullptr) {
          return Status(ErrorCode::kUnknownNation, where + ": unknown nation '" + position.nation + "'", where);
        }
        if (registry.relation(*nation, *nato, round.opened).relation != Relation::kMember) {
          return Status(ErrorCode::kInvalidArgument,
                        where + ": " + nation->name + " is not a member of NATO on " + round.opened.to_string(), where);
        }
      }
    }
    simulated_rounds = std::move(*parsed);
    options.include_simulated = true;
  }
  Result<std::optional<Date>> first = optional_day(from, "from");
  if (!first) return first.status();
  Result<std::optional<Date>> last = optional_day(to, "to");
  if (!last) return last.status();
  options.from = *first;
  options.to = *last;
  Result<ManageRecords> read = readable_records(actor);
  if (!read) return read.status();
  const ManageRecords& records = *read;
  // Council rounds speak for every Ally: a nation officer's share is none of them.
  const std::string scope = records.scope == "all" ? "all" : "none";
  std::vector<RecordedRound> rounds = recorded_rounds(records);
  for (RecordedRound& round : simulated_rounds) rounds.push_back(std::move(round));
  Result<CohesionAnalysis> analysis = analyse_cohesion(snap->registry(), rounds, options);
  if (!analysis) return analysis.status();
  CohesionAnswer answer{std::move(*analysis), scope == "all" ? "every council round of partnership management"
                                                             : "no council rounds of partnership management: "
                                                               "partnership staff read them"};
  return versioned(std::move(answer), snap);
}

Result<Versioned<AllianceComparison>> AnalyticsService::compare_alliances(std::string_view ids,
                                                                          std::string_view as_of) const {
  const std::shared_ptr<const Snapshot> snap = snapshot();
  Result<Date> day = resolve_as_of(as_of);
  if (!day) return day.status();
  Result<std::vector<std::string>> list = parse_code_list(ids, "ids", 32);
  if (!list) return list.status();
  return versioned_result(entente::compare_alliances(snap->registry(), *list, *day), snap);
}

Result<Versioned<MembershipOverlaps>> AnalyticsService::overlaps(std::string_view ids, std::string_view as_of) const {
  const std::shared_ptr<const Snapshot> snap = snapshot();
  Result<Date> day = resolve_as_of(as_of);
  if (!day) return day.status();
  Result<std::vector<std::string>> list = parse_code_list(ids, "ids", 32);
  if (!list) return list.status();
  return versioned_result(membership_overlaps(snap->registry(), *list, *day), snap);
}

Result<DyadYearPanel> AnalyticsService::panel(std::string_view from, std::string_view to,
                                              std::string_view nations) const {
  const std::shared_ptr<const Snapshot> snap = snapshot();
  PanelOptions options;
  Result<YearsAndNations> asked = years_and_nations(from, to, nations);
  if (!asked) return asked.status();
  options.from = asked->from;
  options.to = asked->to;
  options.nations = std::move(asked->nations);
  return DyadYearPanel::prepare(snap->registry(), options, clock().today().year());
}

Result<AtopImportRecord> AnalyticsService::import_atop(const Principal& actor, const std::string& path,
                                                       std::string_view kind) const {
  if (Status allowed = authorise(actor, Capability::kEditRegistry, access_); !allowed) return allowed;
  if (store_ == nullptr) return Status(ErrorCode::kUnavailable, "this engine has no database to import into");
  std::optional<AtopFileKind> expected;
  if (!kind.empty()) {
    expected = parse_atop_file_kind(ascii_lower(kind));
    if (!expected) {
      return Status(ErrorCode::kInvalidArgument,
                    "kind: '" + std::string(kind.substr(0, 16)) + "' is not alliances, members or dyads", "kind");
    }
  }
  Result<AtopImport> read = read_atop_file(path, expected);
  if (!read) return read.status();
  return entente::import_atop(*store_, *read, format_instant(clock().now()), actor.name);
}

Result<AtopSummary> AnalyticsService::atop_summary() const {
  if (store_ == nullptr) return AtopSummary{};
  Result<std::unique_ptr<Transaction>> read = store_->begin(Store::Access::kRead);
  if (!read) return read.status();
  return read_atop_summary(**read);
}

Result<Versioned<AtopComparison>> AnalyticsService::compare_atop(std::string_view mapping) const {
  const std::shared_ptr<const Snapshot> snap = snapshot();
  const Registry& registry = snap->registry();
  std::vector<std::string> entries;
  while (!mapping.empty()) {
    const std::size_t comma = mapping.find(',');
    const std::string entry(trim(mapping.substr(0, comma)));
    mapping = comma == std::string_view::npos ? std::string_view() : mapping.substr(comma + 1);
    if (!entry.empty()) entries.push_back(entry);
    if (entries.size() > 64) return Status(ErrorCode::kInvalidArgument, "mapping: more than 64 entries", "mapping");
  }
  Result<AtopMapping> parsed = parse_atop_mapping(entries, registry);
  if (!parsed) return parsed.status();
  AtopReference reference;
  if (store_ != nullptr) {
    Result<std::unique_ptr<Transaction>> read = store_->begin(Store::Access::kRead);
    if (!read) return read.status();
    Result<AtopReference> found = read_atop_reference(**read, atop_ids_to_compare(registry, *parsed));
    if (!found) return found.status();
    reference = std::move(*found);
  }
  return versioned(compare_with_atop(registry, reference, *parsed), snap);
}

}  // namespace entente
