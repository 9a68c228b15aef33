// The engine's rule queries: decisions, Article 4, operations, eligibility.

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <charconv>
#include <iterator>

#include "core/text.hpp"
#include "engine/rules_service.hpp"
#include "model/vocabulary.hpp"
#include "store/dataset_reader.hpp"

namespace entente {

namespace json = boost::json;

namespace {

Status invalid(std::string message) { return Status(ErrorCode::kInvalidArgument, std::move(message)); }
// The same, naming the offending field of a JSON body.
Status invalid_field(std::string_view key, std::string message) {
  return Status(ErrorCode::kInvalidArgument, std::move(message), "/" + json_pointer_token(key));
}

// Reads an optional string field; fails when present with another type.
Status read_string(const json::object& object, const char* key, std::string& out) {
  const json::value* value = object.if_contains(key);
  if (value == nullptr || value->is_null()) return Status::ok();
  if (!value->is_string()) return invalid_field(key, std::string("'") + key + "' must be a string");
  out = std::string(value->get_string());
  return Status::ok();
}

Status read_bool(const json::object& object, const char* key, bool& out) {
  const json::value* value = object.if_contains(key);
  if (value == nullptr || value->is_null()) return Status::ok();
  if (!value->is_bool()) return invalid_field(key, std::string("'") + key + "' must be true or false");
  out = value->get_bool();
  return Status::ok();
}

Status read_strings(const json::object& object, const char* key, std::vector<std::string>& out) {
  const json::value* value = object.if_contains(key);
  if (value == nullptr || value->is_null()) return Status::ok();
  if (!value->is_array()) return invalid_field(key, std::string("'") + key + "' must be an array of strings");
  for (const json::value& item : value->get_array()) {
    if (!item.is_string()) return invalid_field(key, std::string("'") + key + "' must be an array of strings");
    out.emplace_back(item.get_string());
  }
  return Status::ok();
}

// Reads an optional object of strings, calling put(name, text) for each member in order.
template <typename Put>
Status read_string_object(const json::object& object, const char* key, Put put) {
  const json::value* value = object.if_contains(key);
  if (value == nullptr || value->is_null()) return Status::ok();
  if (!value->is_object()) return invalid_field(key, std::string("'") + key + "' must be an object of strings");
  for (const auto& [name, item] : value->get_object()) {
    if (!item.is_string()) {
      return Status(ErrorCode::kInvalidArgument,
                    std::string("'") + key + "." + std::string(name) + "' must be a string",
                    "/" + json_pointer_token(key) + "/" + json_pointer_token(name));
    }
    put(std::string(name), std::string(item.get_string()));
  }
  return Status::ok();
}

Status read_string_map(const json::object& object, const char* key, std::map<std::string, std::string>& out) {
  return read_string_object(object, key,
                            [&out](std::string name, std::string text) { out[std::move(name)] = std::move(text); });
}

Status read_string_pairs(const json::object& object, const char* key,
                         std::vector<std::pair<std::string, std::string>>& out) {
  return read_string_object(
      object, key, [&out](std::string name, std::string text) { out.emplace_back(std::move(name), std::move(text)); });
}

}  // namespace

Result<DecisionRequest> parse_decision_request(std::string_view json_text) {
  boost::system::error_code error;
  const json::value value = json::parse(json_text, error);
  if (error) return invalid("the body is not JSON: " + error.message());
  if (!value.is_object()) return invalid("the body must be a JSON object");
  const json::object& object = value.get_object();
  static const char* const kKnown[] = {
      "organisation",       "procedure",        "subject",        "as_of",      "positions",  "default",
      "formal_abstentions", "silence_deadline", "silence_breaks", "reinforced", "procedural", "parties_to_conflict"};
  for (const auto& [key, item] : object) {
    if (std::find(std::begin(kKnown), std::end(kKnown), std::string_view(key)) == std::end(kKnown)) {
      return invalid_field(key, "unknown field '" + std::string(key) + "'");
    }
  }
  DecisionRequest request;
  for (Status status :
       {read_string(object, "organisation", request.organisation), read_string(object, "procedure", request.procedure),
        read_string(object, "subject", request.subject), read_string(object, "as_of", request.as_of),
        read_string_pairs(object, "positions", request.positions),
        read_string(object, "default", request.default_position),
        read_strings(object, "formal_abstentions", request.formal_abstentions),
        read_string(object, "silence_deadline", request.silence_deadline),
        read_string_map(object, "silence_breaks", request.silence_breaks),
        read_bool(object, "reinforced", request.reinforced), read_bool(object, "procedural", request.procedural),
        read_strings(object, "parties_to_conflict", request.parties_to_conflict)}) {
    if (!status) return status;
  }
  if (request.organisation.empty()) return invalid_field("organisation", "'organisation' is required, e.g. \"NATO\"");
  return request;
}

Result<std::shared_ptr<const sim::CrisisModel>> RulesService::crisis_model(sim::Scenario scenario) const {
  std::shared_ptr<const Snapshot> snap = snapshot();
  Result<std::unique_ptr<sim::CrisisModel>> built =
      sim::CrisisModel::build(snap->registry(), snap->geography(), std::move(scenario));
  if (!built) return built.status();
  // The model refers into the snapshot: one allocation owns both, and the pointer handed
  // out shares that ownership (the aliasing constructor), so the snapshot lives as long
  // as the model.
  auto owner = std::make_shared<std::pair<std::shared_ptr<const Snapshot>, std::unique_ptr<sim::CrisisModel>>>(
      std::move(snap), std::move(*built));
  const sim::CrisisModel* model = owner->second.get();
  return std::shared_ptr<const sim::CrisisModel>(std::move(owner), model);
}

Result<Versioned<Article6Verdict>> RulesService::article5(const Article5Request& request) const {
  const std::shared_ptr<const Snapshot> snap = snapshot();
  Incident incident;
  const auto coordinate = [](const std::string& text, const char* name) -> Result<double> {
    double value = 0;
    const std::string_view trimmed = trim(text);
    const auto [end, error] = std::from_chars(trimmed.data(), trimmed.data() + trimmed.size(), value);
    if (trimmed.empty() || error != std::errc() || end != trimmed.data() + trimmed.size()) {
      return invalid(std::string(name) + " '" + text + "' is not a number in decimal degrees");
    }
    return value;
  };
  if (!request.lat.empty()) {
    Result<double> lat = coordinate(request.lat, "lat");
    if (!lat) return lat.status().at("lat");
    incident.lat = *lat;
  }
  if (!request.lon.empty()) {
    Result<double> lon = coordinate(request.lon, "lon");
    if (!lon) return lon.status().at("lon");
    incident.lon = *lon;
  }
  incident.territory = std::string(trim(request.territory));
  if (incident.territory.size() == 3) incident.territory = ascii_upper(incident.territory);
  if (!request.target.empty()) {
    const auto target = parse_target_kind(ascii_lower(request.target));
    if (!target) {
      return Status(ErrorCode::kInvalidArgument,
                    "unknown target '" + request.target + "'; use territory, forces, vessel or aircraft", "target");
    }
    incident.target = *target;
  }
  incident.nation = ascii_upper(trim(request.nation));
  Result<Date> day = resolve_as_of(request.as_of);
  if (!day) return day.status();
  incident.as_of = *day;
  return versioned_result<Article6Verdict>(snap->geography().assess(incident), snap);
}

Result<Versioned<TreatyAreaAnswer>> RulesService::treaty_area(std::string_view as_of) const {
  const std::shared_ptr<const Snapshot> snap = snapshot();
  const Registry& registry = snap->registry();
  Result<Date> day = resolve_as_of(as_of);
  if (!day) return day.status();
  TreatyAreaAnswer answer{*day, {}, {}, &registry.dataset().sea_areas};
  for (const TerritorialUnit& unit : registry.dataset().territorial_units) {
    answer.units.emplace_back(&unit, snap->geography().unit_ruling_on(unit, *day));
  }
  if (const Organisation* nato = registry.find_organisation("NATO")) {
    for (const Membership* membership : registry.members(*nato, *day)) {
      if (membership->status == MembershipStatus::kMember) answer.members.push_back(membership->nation);
    }
  }
  return versioned(std::move(answer), snap);
}

Result<Versioned<CouncilSeatsAnswer>> RulesService::council_seats(std::string_view council,
                                                                  std::string_view as_of) const {
  std::shared_ptr<const Snapshot> snap = snapshot();
  const std::string id = ascii_upper(trim(council));
  Result<Date> day = resolve_as_of(as_of);
  if (!day) return day.status();
  bool known = false;
  std::vector<const CouncilSeat*> seats;
  for (const CouncilSeat& seat : snap->registry().dataset().council_seats) {
    if (seat.council != id) continue;
    known = true;
    if (seat.period.contains(*day)) seats.push_back(&seat);
  }
  if (!known) return Status(ErrorCode::kNotFound, "no council '" + std::string(council) + "'; the data has AUPSC");
  std::sort(seats.begin(), seats.end(),
            [](const CouncilSeat* a, const CouncilSeat* b) { return a->nation < b->nation; });
  return versioned(CouncilSeatsAnswer{id, *day, std::move(seats)}, std::move(snap));
}

Result<Versioned<Decision>> RulesService::decide(const DecisionRequest& request) const {
  const std::shared_ptr<const Snapshot> snap = snapshot();
  const Registry& registry = snap->registry();
  Result<const Organisation*> organisation = resolve_organisation(registry, request.organisation);
  if (!organisation) return organisation.status().at("/organisation");
  Result<Date> day = resolve_as_of(request.as_of, "/as_of");
  if (!day) return day.status();
  Proposal proposal;
  proposal.organisation = (*organisation)->id;
  proposal.subject = std::string(trim(request.subject));
  proposal.as_of = *day;
  if (!request.procedure.empty()) {
    proposal.procedure = parse_procedure(ascii_lower(request.procedure));
    if (!proposal.procedure) {
      return invalid_field("procedure", "unknown procedure '" + request.procedure +
                                            "'; use consensus, silence, unanimity, qualified-majority or psc");
    }
  }
  const auto position_of = [](const std::string& word) -> Result<Position> {
    if (const auto position = parse_position(ascii_lower(word))) return *position;
    return invalid("unknown position '" + word + "'; use support, object, abstain, silent or absent");
  };
  if (!request.default_position.empty()) {
    Result<Position> position = position_of(request.default_position);
    if (!position) return position.status().at("/default");
    proposal.default_position = *position;
  }
  for (const auto& [code, word] : request.positions) {
    const std::string pointer = "/positions/" + json_pointer_token(code);
    Result<const Nation*> nation = resolve_nation(registry, code);
    if (!nation) return nation.status().at(pointer);
    Result<Position> position = position_of(word);
    if (!position) return position.status().at(pointer);
    if (!proposal.positions.emplace((*nation)->iso3, *position).second) {
      return invalid((*nation)->iso3 + " is given more than one position");
    }
  }
  for (const std::string& code : request.formal_abstentions) {
    Result<const Nation*> nation = resolve_nation(registry, code);
    if (!nation) return nation.status();
    proposal.formal_abstentions.insert((*nation)->iso3);
  }
  if (!request.silence_deadline.empty()) {
    Result<Date> deadline = Date::parse(request.silence_deadline);
    if (!deadline) return deadline.status().at("/silence_deadline");
    proposal.silence_deadline = *deadline;
  }
  for (const auto& [code, text] : request.silence_breaks) {
    Result<const Nation*> nation = resolve_nation(registry, code);
    if (!nation) return nation.status();
    Result<Date> broke = Date::parse(text);
    if (!broke) return broke.status();
    proposal.silence_breaks[(*nation)->iso3] = *broke;
  }
  for (const std::string& code : request.parties_to_conflict) {
    Result<const Nation*> nation = resolve_nation(registry, code);
    if (!nation) return nation.status();
    proposal.parties_to_conflict.insert((*nation)->iso3);
  }
  proposal.reinforced = request.reinforced;
  proposal.substantive = !request.procedural;
  return versioned_result<Decision>(DecisionEngine(registry).decide(proposal), snap);
}

Result<Versioned<ConsultationsAnswer>> RulesService::consultations(std::string_view nation, std::string_view from,
                                                                   std::string_view to) const {
  const std::shared_ptr<const Snapshot> snap = snapshot();
  const Registry& registry = snap->registry();
  ConsultationsAnswer answer;
  if (!nation.empty()) {
    Result<const Nation*> found = resolve_nation(registry, nation);
    if (!found) return found.status();
    answer.nation = (*found)->iso3;
  }
  answer.from = Date::from_ymd(1949, 4, 4);
  if (!from.empty()) {
    Result<Date> day = Date::parse(from);
    if (!day) return day.status().at("from");
    answer.from = *day;
  }
  Result<Date> until = resolve_as_of(to, "to");
  if (!until) return until.status();
  answer.to = *until;
  if (answer.to < answer.from)
    return invalid("from " + answer.from.to_string() + " is after to " + answer.to.to_string());
  answer.consultations = entente::consultations(registry, answer.from, answer.to, answer.nation);
  return versioned(std::move(answer), snap);
}

Result<Versioned<OperationsAnswer>> RulesService::operations(std::string_view active_on, std::string_view kind,
                                                             std::string_view classification,
                                                             std::string_view nation) const {
  const std::shared_ptr<const Snapshot> snap = snapshot();
  const Registry& registry = snap->registry();
  OperationsAnswer answer;
  if (!active_on.empty()) {
    Result<Date> day = Date::parse(active_on);
    if (!day) return day.status().at("as_of");
    answer.filter.active_on = *day;
  }
  if (!kind.empty()) {
    const std::string wanted = ascii_lower(kind);
    if (!kOperationKindWords.contains(wanted)) {
      std::string list;
      for (std::string_view k : kOperationKindWords.words) list += (list.empty() ? "" : ", ") + std::string(k);
      return invalid("unknown kind '" + std::string(kind) + "'; use one of: " + list).at("kind");
    }
    answer.filter.kind = wanted;
  }
  if (!classification.empty()) {
    const std::string wanted = ascii_lower(classification);
    for (LegalClassification c : {LegalClassification::kUnMandated, LegalClassification::kCollectiveSelfDefence,
                                  LegalClassification::kConsentBased, LegalClassification::kNoExplicitMandate}) {
      if (to_string(c) == wanted) answer.filter.classification = c;
    }
    if (!answer.filter.classification) {
      return Status(ErrorCode::kInvalidArgument,
                    "unknown legal basis '" + std::string(classification) +
                        "'; use un-mandated, collective-self-defence, consent-based or no-explicit-mandate",
                    "basis");
    }
  }
  if (!nation.empty()) {
    Result<const Nation*> found = resolve_nation(registry, nation);
    if (!found) return found.status();
    answer.filter.nation = (*found)->iso3;
  }
  const OperationsChecker checker(registry);
  answer.operations = checker.list(answer.filter);
  if (!answer.filter.nation.empty()) {
    // whether the nation took part in an operation without recorded participants is not known
    OperationFilter others = answer.filter;
    others.nation.clear();
    const std::vector<OperationAssessment> considered = checker.list(others);
    answer.considered = considered.size();
    for (const OperationAssessment& a : considered) {
      if (a.participants.empty()) answer.not_judged.push_back(a.operation->id);
    }
  }
  return versioned(std::move(answer), snap);
}

Result<Versioned<OperationAssessment>> RulesService::operation(std::string_view id) const {
  const std::shared_ptr<const Snapshot> snap = snapshot();
  const Registry& registry = snap->registry();
  const OperationsChecker checker(registry);
  const Operation* found = checker.find(ascii_lower(trim(id)));
  if (found == nullptr) {
    return Status(ErrorCode::kNotFound, "no operation with id '" + std::string(id) +
                                            "'; the list of operations names them (ids such as isaf, kfor)");
  }
  return versioned_result<OperationAssessment>(checker.assess(*found), snap);
}

Result<Versioned<EligibilityAnswer>> RulesService::eligibility(std::string_view nation, std::string_view activity,
                                                               std::string_view organisation,
                                                               std::string_view as_of) const {
  const std::shared_ptr<const Snapshot> snap = snapshot();
  const Registry& registry = snap->registry();
  Result<const Nation*> found = resolve_nation(registry, nation);
  if (!found) return found.status();
  Result<const Organisation*> owner =
      resolve_organisation(registry, organisation.empty() ? std::string_view("NATO") : organisation);
  if (!owner) return owner.status();
  const std::string wanted = ascii_lower(trim(activity));
  if (!kActivityWords.contains(wanted)) {
    std::string list;
    for (std::string_view a : kActivityWords.words) list += (list.empty() ? "" : ", ") + std::string(a);
    return invalid("unknown activity '" + std::string(activity) + "'; use one of: " + list).at("activity");
  }
  const bool recorded = std::any_of(registry.dataset().eligibility.begin(), registry.dataset().eligibility.end(),
                                    [&](const EligibilityRule& rule) { return rule.organisation == (*owner)->id; });
  if (!recorded) {
    std::vector<std::string> covered;
    for (const EligibilityRule& rule : registry.dataset().eligibility) {
      if (std::find(covered.begin(), covered.end(), rule.organisation) == covered.end())
        covered.push_back(rule.organisation);
    }
    std::string list;
    for (const std::string& id : covered) list += (list.empty() ? "" : ", ") + id;
    return Status(ErrorCode::kNotFound, "no eligibility rules are recorded for " + (*owner)->id +
                                            (list.empty() ? std::string("; none are recorded for any organisation")
                                                          : "; they are recorded for " + list));
  }
  Result<Date> day = resolve_as_of(as_of);
  if (!day) return day.status();
  return versioned_result<EligibilityAnswer>(check_eligibility(registry, **found, **owner, wanted, *day), snap);
}

}  // namespace entente
