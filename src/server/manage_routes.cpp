// The routes of partnership management: the cooperation menu, programmes with their
// objectives, goals, activities and steps, council rounds, the history, the inbox, PARP,
// evaluations and events. Each parses, calls one ManageService method, and renders; the
// service authorises (nation by nation) and validates.

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <charconv>

#include "engine/registry_edits.hpp"
#include "manage/manage_json.hpp"
#include "server/route_table.hpp"
#include "store/tables.hpp"

namespace entente::routes {

namespace json = boost::json;

namespace {

// A JSON object body whose members are each of `allowed`, read by type; a wrong type or an
// unknown member is kInvalidArgument naming it.
class Body {
 public:
  static Result<Body> parse(std::string_view text, std::initializer_list<std::string_view> allowed) {
    if (text.empty()) text = "{}";
    boost::system::error_code error;
    json::value value = json::parse(text, error);
    if (error) return Status(ErrorCode::kInvalidArgument, "the body is not JSON: " + error.message());
    if (!value.is_object()) return Status(ErrorCode::kInvalidArgument, "the body must be a JSON object");
    for (const auto& member : value.as_object()) {
      if (std::find(allowed.begin(), allowed.end(), std::string_view(member.key())) == allowed.end()) {
        std::string expected;
        for (std::string_view name : allowed) expected += (expected.empty() ? "" : ", ") + std::string(name);
        return Status(ErrorCode::kInvalidArgument,
                      "unknown member '" + std::string(member.key()).substr(0, 60) + "'; expected one of: " + expected,
                      "/" + json_pointer_token(member.key()));
      }
    }
    return Body(std::move(value.as_object()));
  }

  Result<std::optional<std::string>> text(std::string_view name) const {
    const json::value* member = object_.if_contains(name);
    if (member == nullptr || member->is_null()) return std::optional<std::string>();
    if (!member->is_string()) return wrong(name, "a string");
    return std::optional<std::string>(std::string(member->as_string()));
  }
  Result<std::string> text_or_empty(std::string_view name) const {
    Result<std::optional<std::string>> value = text(name);
    if (!value) return value.status();
    return value->value_or("");
  }
  Result<std::optional<std::int64_t>> integer(std::string_view name) const {
    const json::value* member = object_.if_contains(name);
    if (member == nullptr || member->is_null()) return std::optional<std::int64_t>();
    if (member->is_int64()) return std::optional<std::int64_t>(member->as_int64());
    if (member->is_uint64() && member->as_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) {
      return std::optional<std::int64_t>(static_cast<std::int64_t>(member->as_uint64()));
    }
    return wrong(name, "a whole number");
  }
  Result<std::vector<std::string>> strings(std::string_view name, std::size_t most) const {
    const json::value* member = object_.if_contains(name);
    std::vector<std::string> list;
    if (member == nullptr || member->is_null()) return list;
    if (!member->is_array()) return wrong(name, "an array of strings");
    if (member->as_array().size() > most) {
      return Status(ErrorCode::kInvalidArgument, std::string(name) + " holds at most " + std::to_string(most),
                    "/" + std::string(name));
    }
    for (const json::value& item : member->as_array()) {
      if (!item.is_string()) return wrong(name, "an array of strings");
      list.emplace_back(item.as_string());
    }
    return list;
  }
  // {"item": true, ...}
  Result<std::vector<std::pair<std::string, bool>>> flags(std::string_view name, std::size_t most) const {
    const json::value* member = object_.if_contains(name);
    std::vector<std::pair<std::string, bool>> list;
    if (member == nullptr || member->is_null()) return list;
    if (!member->is_object() || member->as_object().size() > most) {
      return wrong(name, "an object of at most " + std::to_string(most) + " yes/no answers");
    }
    for (const auto& item : member->as_object()) {
      if (!item.value().is_bool()) {
        return Status(ErrorCode::kInvalidArgument,
                      "answer '" + std::string(item.key()).substr(0, 40) + "' is true or false",
                      "/" + std::string(name) + "/" + json_pointer_token(item.key()));
      }
      list.emplace_back(std::string(item.key()), item.value().as_bool());
    }
    return list;
  }

 private:
  explicit Body(json::object object) : object_(std::move(object)) {}
  static Status wrong(std::string_view name, const std::string& what) {
    return Status(ErrorCode::kInvalidArgument, "'" + std::string(name) + "' must be " + what, "/" + std::string(name));
  }
  json::object object_;
};

HttpReply problem(const Status& status, const RouteContext& c) { return problem_reply(status, c.path); }

// A positive id from the path parameter `index`; kNotFound otherwise.
Result<std::int64_t> id_at(const RouteContext& c, std::size_t index, std::string_view what) {
  std::int64_t id = 0;
  const std::string& text = c.params.at(index);
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (error != std::errc() || end != text.data() + text.size() || id <= 0) {
    return Status(ErrorCode::kNotFound, "no " + std::string(what) + " '" + text.substr(0, 40) + "'");
  }
  return id;
}

// The version a write changes, from If-Match ("r<version>"): required.
Result<std::int64_t> expected_version(const RouteContext& c) {
  if (c.request.if_match.empty()) {
    return Status(ErrorCode::kPreconditionRequired,
                  "say which version you change: send If-Match with the ETag you read", "header:If-Match");
  }
  const std::optional<std::int64_t> version = parse_record_etag(c.request.if_match);
  if (!version) {
    return Status(ErrorCode::kInvalidArgument, "If-Match must be the ETag as read, e.g. \"r3\" (a strong tag)",
                  "header:If-Match");
  }
  return *version;
}

// A whole-number query parameter in [minimum, maximum], or `fallback` when absent.
Result<long long> number_query(const RouteContext& c, const std::string& name, long long minimum, long long maximum,
                               long long fallback) {
  const std::string text = c.query.get(name);
  if (text.empty()) return fallback;
  long long value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < minimum || value > maximum) {
    return Status(ErrorCode::kInvalidArgument,
                  name + " must be a whole number from " + std::to_string(minimum) + " to " + std::to_string(maximum),
                  name);
  }
  return value;
}

std::int64_t version_of(const ProgrammeView& view) { return view.programme.stamp.version; }
std::int64_t version_of(const ParpView& view) { return view.cycle.stamp.version; }
std::int64_t version_of(const UnitView& view) { return view.unit.stamp.version; }
std::int64_t version_of(const EventView& view) { return view.event.stamp.version; }

// A view with its version as ETag; on a conflict the problem carries the current view.
template <typename View>
HttpReply view_reply(const View& view, std::int64_t version, unsigned status = 200) {
  HttpReply reply = json_reply(to_json(view), status);
  reply.headers.emplace_back("ETag", record_etag(version));
  return reply;
}

template <typename View, typename Current>
HttpReply write_reply(const Result<View>& result, const RouteContext& c, Current current, unsigned status = 200) {
  if (result) return view_reply(*result, version_of(*result), status);
  HttpReply reply = problem(result.status(), c);
  if (result.status().code() != ErrorCode::kConflict) return reply;
  const Result<View> now = current();
  if (!now) return reply;
  json::value body = json::parse(reply.text());
  body.as_object()["current"] = to_json(*now);
  reply.body = std::make_shared<const std::string>(json::serialize(body));
  reply.headers.emplace_back("ETag", record_etag(version_of(*now)));
  return reply;
}

// --- The menu and the reference tables ---

HttpReply menu(const RouteContext& c) {
  const MenuFilter filter{c.query.get("q"), c.query.get("area"), c.query.get("kind"), c.query.get("open_to"),
                          c.query.get("nation")};
  const Result<MenuAnswer> answer = c.engine.manage().menu(c.principal, filter);
  if (!answer) return problem(answer.status(), c);
  if (c.csv) {
    std::vector<MenuItem> rows;
    for (const MenuItem* item : answer->items) rows.push_back(*item);
    return csv_download(rows_csv(menu_table(), rows), c.path);
  }
  json::value body = menu_json(answer->items);
  json::array standings;
  for (const std::string& standing : answer->standings) standings.emplace_back(standing);
  body.as_object()["standings"] = std::move(standings);
  return json_reply(body);
}

HttpReply dcb_packages(const RouteContext& c) {
  const Result<ReferenceRows> rows = c.engine.manage().reference(c.principal);
  if (!rows) return problem(rows.status(), c);
  std::vector<DcbPackage> packages;
  for (const DcbPackage* package : rows->dcb_packages) packages.push_back(*package);
  if (c.csv) return csv_download(rows_csv(dcb_packages_table(), packages), c.path);
  return json_reply(json::object{{"packages", rows_json(dcb_packages_table(), packages)}});
}

HttpReply workflows(const RouteContext& c) {
  const Result<ReferenceRows> rows = c.engine.manage().reference(c.principal);
  if (!rows) return problem(rows.status(), c);
  std::vector<WorkflowRule> rules;
  for (const WorkflowRule* rule : rows->workflow_rules) rules.push_back(*rule);
  std::vector<ChecklistItem> items;
  for (const ChecklistItem* item : rows->checklist_items) items.push_back(*item);
  if (c.csv) return csv_download(rows_csv(workflows_table(), rules), c.path);
  return json_reply(json::object{{"steps", rows_json(workflows_table(), rules)},
                                 {"checklists", rows_json(checklists_table(), items)}});
}

// --- Programmes ---

Result<ProgrammeFields> programme_fields(const RouteContext& c) {
  Result<Body> body = Body::parse(c.body, {"nation", "title", "period_from", "period_to", "review_on"});
  if (!body) return body.status();
  ProgrammeFields fields;
  for (auto [name, slot] : {std::pair{"nation", &fields.nation}, std::pair{"title", &fields.title},
                            std::pair{"period_from", &fields.period_from}, std::pair{"period_to", &fields.period_to},
                            std::pair{"review_on", &fields.review_on}}) {
    Result<std::optional<std::string>> value = body->text(name);
    if (!value) return value.status();
    *slot = std::move(*value);
  }
  return fields;
}

HttpReply list_programmes(const RouteContext& c) {
  const Result<long long> limit = number_query(c, "limit", 1, 500, 100);
  const Result<long long> offset = number_query(c, "offset", 0, 1000000, 0);
  for (const auto* number : {&limit, &offset}) {
    if (!*number) return problem(number->status(), c);
  }
  const ProgrammeFilter filter{c.query.get("nation"), c.query.get("state"), c.query.get("q"),
                               static_cast<std::size_t>(*limit), static_cast<std::size_t>(*offset)};
  const Result<ProgrammeList> list = c.engine.manage().programmes(c.principal, filter);
  if (!list) return problem(list.status(), c);
  if (c.csv) return csv_download(rows_csv(programmes_table(), list->programmes), c.path);
  return json_reply(to_json(*list));
}

HttpReply get_programme(const RouteContext& c) {
  const Result<std::int64_t> id = id_at(c, 0, "programme");
  if (!id) return problem(id.status(), c);
  const Result<ProgrammeView> view = c.engine.manage().programme(c.principal, *id);
  if (!view) return problem(view.status(), c);
  return view_reply(*view, view->programme.stamp.version);
}

HttpReply create_programme(const RouteContext& c) {
  const Result<ProgrammeFields> fields = programme_fields(c);
  if (!fields) return problem(fields.status(), c);
  const Result<ProgrammeView> view =
      c.engine.manage().create_programme(c.principal, *fields, std::string(c.request.request_id));
  if (!view) return problem(view.status(), c);
  HttpReply reply = view_reply(*view, view->programme.stamp.version, 201);
  reply.headers.emplace_back("Location", "/api/v1/programmes/" + std::to_string(view->programme.stamp.id));
  return reply;
}

HttpReply update_programme(const RouteContext& c) {
  const Result<std::int64_t> id = id_at(c, 0, "programme");
  if (!id) return problem(id.status(), c);
  const Result<std::int64_t> version = expected_version(c);
  if (!version) return problem(version.status(), c);
  const Result<ProgrammeFields> fields = programme_fields(c);
  if (!fields) return problem(fields.status(), c);
  return write_reply(
      c.engine.manage().update_programme(c.principal, *id, *version, *fields, std::string(c.request.request_id)), c,
      [&] { return c.engine.manage().programme(c.principal, *id); });
}

Result<StepRequest> step_request(const RouteContext& c) {
  Result<Body> body = Body::parse(c.body, {"action", "comment", "procedure", "deadline", "attachments"});
  if (!body) return body.status();
  StepRequest request;
  Result<std::vector<std::string>> attachments = body->strings("attachments", 10);
  if (!attachments) return attachments.status();
  request.attachments = std::move(*attachments);
  for (auto [name, slot] : {std::pair{"action", &request.action}, std::pair{"comment", &request.comment},
                            std::pair{"procedure", &request.procedure}, std::pair{"deadline", &request.deadline}}) {
    Result<std::string> value = body->text_or_empty(name);
    if (!value) return value.status();
    *slot = std::move(*value);
  }
  if (request.action.empty()) return Status(ErrorCode::kInvalidArgument, "missing action", "/action");
  const Result<std::int64_t> version = expected_version(c);
  if (!version) return version.status();
  request.expected_version = *version;
  request.request_id = std::string(c.request.request_id);
  return request;
}

HttpReply step_programme(const RouteContext& c) {
  const Result<std::int64_t> id = id_at(c, 0, "programme");
  if (!id) return problem(id.status(), c);
  const Result<StepRequest> request = step_request(c);
  if (!request) return problem(request.status(), c);
  return write_reply(c.engine.manage().step_programme(c.principal, *id, *request), c,
                     [&] { return c.engine.manage().programme(c.principal, *id); });
}

HttpReply programme_history(const RouteContext& c) {
  const Result<std::int64_t> id = id_at(c, 0, "programme");
  if (!id) return problem(id.status(), c);
  // The programme's own history: whoever sees the programme reads it.
  const Result<ProgrammeView> view = c.engine.manage().programme(c.principal, *id);
  if (!view) return problem(view.status(), c);
  if (c.csv) return csv_download(rows_csv(transitions_table(), view->history), c.path);
  return json_reply(json::object{{"transitions", rows_json(transitions_table(), view->history)}});
}

Result<PartFields> part_fields(const RouteContext& c) {
  Result<Body> body = Body::parse(
      c.body, {"title", "description", "objective", "code", "indicator", "goal", "menu_item", "from", "to", "state"});
  if (!body) return body.status();
  PartFields fields;
  for (auto [name, slot] : {std::pair{"title", &fields.title}, std::pair{"description", &fields.description},
                            std::pair{"code", &fields.code}, std::pair{"indicator", &fields.indicator},
                            std::pair{"menu_item", &fields.menu_item}, std::pair{"from", &fields.from},
                            std::pair{"to", &fields.to}, std::pair{"state", &fields.state}}) {
    Result<std::optional<std::string>> value = body->text(name);
    if (!value) return value.status();
    *slot = std::move(*value);
  }
  for (auto [name, slot] : {std::pair{"objective", &fields.objective}, std::pair{"goal", &fields.goal}}) {
    Result<std::optional<std::int64_t>> value = body->integer(name);
    if (!value) return value.status();
    *slot = *value;
  }
  return fields;
}

// The parts of a programme, one list.
template <PartKind Kind>
HttpReply list_parts(const RouteContext& c) {
  const Result<std::int64_t> id = id_at(c, 0, "programme");
  if (!id) return problem(id.status(), c);
  const Result<ProgrammeView> view = c.engine.manage().programme(c.principal, *id);
  if (!view) return problem(view.status(), c);
  switch (Kind) {
    case PartKind::kObjective:
      if (c.csv) return csv_download(rows_csv(objectives_table(), view->objectives), c.path);
      return json_reply(json::object{{"objectives", rows_json(objectives_table(), view->objectives)}});
    case PartKind::kGoal:
      if (c.csv) return csv_download(rows_csv(goals_table(), view->goals), c.path);
      return json_reply(json::object{{"goals", rows_json(goals_table(), view->goals)}});
    case PartKind::kActivity:
      if (c.csv) return csv_download(rows_csv(programme_activities_table(), view->activities), c.path);
      return json_reply(json::object{{"activities", rows_json(programme_activities_table(), view->activities)}});
  }
  return problem(Status(ErrorCode::kInternal, "no such part"), c);
}

template <PartKind Kind>
HttpReply add_part(const RouteContext& c) {
  const Result<std::int64_t> id = id_at(c, 0, "programme");
  if (!id) return problem(id.status(), c);
  const Result<PartFields> fields = part_fields(c);
  if (!fields) return problem(fields.status(), c);
  const Result<ProgrammeView> view =
      c.engine.manage().add_part(c.principal, *id, Kind, *fields, std::string(c.request.request_id));
  if (!view) return problem(view.status(), c);
  return view_reply(*view, view->programme.stamp.version, 201);
}

template <PartKind Kind>
HttpReply update_part(const RouteContext& c) {
  const Result<std::int64_t> id = id_at(c, 0, "programme");
  if (!id) return problem(id.status(), c);
  const Result<std::int64_t> part = id_at(c, 1, "part");
  if (!part) return problem(part.status(), c);
  const Result<std::int64_t> version = expected_version(c);
  if (!version) return problem(version.status(), c);
  const Result<PartFields> fields = part_fields(c);
  if (!fields) return problem(fields.status(), c);
  return write_reply(c.engine.manage().update_part(c.principal, *id, Kind, *part, *version, *fields,
                                                   std::string(c.request.request_id)),
                     c, [&] { return c.engine.manage().programme(c.principal, *id); });
}

template <PartKind Kind>
HttpReply remove_part(const RouteContext& c) {
  const Result<std::int64_t> id = id_at(c, 0, "programme");
  if (!id) return problem(id.status(), c);
  const Result<std::int64_t> part = id_at(c, 1, "part");
  if (!part) return problem(part.status(), c);
  const Result<std::int64_t> version = expected_version(c);
  if (!version) return problem(version.status(), c);
  return write_reply(
      c.engine.manage().remove_part(c.principal, *id, Kind, *part, *version, std::string(c.request.request_id)), c,
      [&] { return c.engine.manage().programme(c.principal, *id); });
}

// --- Council rounds, history, inbox ---

HttpReply get_round(const RouteContext& c) {
  const Result<std::int64_t> id = id_at(c, 0, "council round");
  if (!id) return problem(id.status(), c);
  const Result<RoundView> view = c.engine.manage().round(c.principal, *id);
  if (!view) return problem(view.status(), c);
  return json_reply(to_json(*view));
}

HttpReply state_position(const RouteContext& c) {
  const Result<std::int64_t> id = id_at(c, 0, "council round");
  if (!id) return problem(id.status(), c);
  Result<Body> body = Body::parse(c.body, {"position", "reason"});
  if (!body) return problem(body.status(), c);
  PositionRequest request;
  for (auto [name, slot] : {std::pair{"position", &request.position}, std::pair{"reason", &request.reason}}) {
    Result<std::string> value = body->text_or_empty(name);
    if (!value) return problem(value.status(), c);
    *slot = std::move(*value);
  }
  request.request_id = std::string(c.request.request_id);
  const Result<RoundView> view = c.engine.manage().state_position(c.principal, *id, request);
  if (!view) return problem(view.status(), c);
  return json_reply(to_json(*view), 201);
}

HttpReply transitions(const RouteContext& c) {
  TransitionQuery query;
  query.workflow = c.query.get("workflow");
  if (!query.workflow.empty() && !kWorkflowWords.contains(query.workflow)) {
    return problem(Status(ErrorCode::kInvalidArgument, "workflow is itpp, parp, evaluation or event", "workflow"), c);
  }
  const Result<long long> subject = number_query(c, "subject", 1, INT64_MAX, 0);
  const Result<long long> limit = number_query(c, "limit", 1, 500, 100);
  for (const auto* number : {&subject, &limit}) {
    if (!*number) return problem(number->status(), c);
  }
  query.subject = *subject;
  query.limit = static_cast<std::size_t>(*limit);
  query.actor = c.query.get("actor");
  query.action = c.query.get("action");
  for (auto [name, slot] : {std::pair{"from", &query.from}, std::pair{"to", &query.to}}) {
    const std::string text = c.query.get(name);
    if (text.empty()) continue;
    if (const Result<Date> day = Date::parse(text); day) {
      *slot = day->to_string() + (std::string_view(name) == "to" ? "T23:59:59.999Z" : "T00:00:00.000Z");
    } else if (const auto instant = parse_instant(text)) {
      *slot = format_instant(*instant);
    } else {
      return problem(
          Status(ErrorCode::kInvalidArgument,
                 std::string(name) + " must be a day YYYY-MM-DD or an instant like 2026-12-05T10:00:00Z", name),
          c);
    }
  }
  const Result<std::vector<TransitionEntry>> entries = c.engine.manage().transitions(c.principal, query);
  if (!entries) return problem(entries.status(), c);
  if (c.csv) return csv_download(rows_csv(transitions_table(), *entries), c.path);
  return json_reply(json::object{{"transitions", rows_json(transitions_table(), *entries)}});
}

HttpReply inbox(const RouteContext& c) {
  const Result<Inbox> answer = c.engine.manage().inbox(c.principal);
  if (!answer) return problem(answer.status(), c);
  return json_reply(to_json(*answer));
}

HttpReply mark_read(const RouteContext& c) {
  const Result<std::int64_t> id = id_at(c, 0, "notification");
  if (!id) return problem(id.status(), c);
  if (Status status = c.engine.manage().mark_read(c.principal, *id); !status) return problem(status, c);
  return HttpReply{204, "application/json", std::string()};
}

// --- PARP ---

HttpReply list_parp(const RouteContext& c) {
  const Result<std::vector<ParpCycle>> cycles = c.engine.manage().parp_cycles(c.principal, c.query.get("nation"));
  if (!cycles) return problem(cycles.status(), c);
  if (c.csv) return csv_download(rows_csv(parp_cycles_table(), *cycles), c.path);
  return json_reply(json::object{{"cycles", rows_json(parp_cycles_table(), *cycles)}});
}

HttpReply open_parp(const RouteContext& c) {
  Result<Body> body = Body::parse(c.body, {"nation"});
  if (!body) return problem(body.status(), c);
  const Result<std::string> nation = body->text_or_empty("nation");
  if (!nation) return problem(nation.status(), c);
  const Result<ParpView> view = c.engine.manage().open_parp(c.principal, *nation, std::string(c.request.request_id));
  if (!view) return problem(view.status(), c);
  HttpReply reply = view_reply(*view, view->cycle.stamp.version, 201);
  reply.headers.emplace_back("Location", "/api/v1/parp/" + std::to_string(view->cycle.stamp.id));
  return reply;
}

HttpReply get_parp(const RouteContext& c) {
  const Result<std::int64_t> id = id_at(c, 0, "PARP cycle");
  if (!id) return problem(id.status(), c);
  const Result<ParpView> view = c.engine.manage().parp_cycle(c.principal, *id);
  if (!view) return problem(view.status(), c);
  return view_reply(*view, view->cycle.stamp.version);
}

HttpReply step_parp(const RouteContext& c) {
  const Result<std::int64_t> id = id_at(c, 0, "PARP cycle");
  if (!id) return problem(id.status(), c);
  const Result<StepRequest> request = step_request(c);
  if (!request) return problem(request.status(), c);
  return write_reply(c.engine.manage().step_parp(c.principal, *id, *request), c,
                     [&] { return c.engine.manage().parp_cycle(c.principal, *id); });
}

HttpReply add_parp_goal(const RouteContext& c) {
  const Result<std::int64_t> id = id_at(c, 0, "PARP cycle");
  if (!id) return problem(id.status(), c);
  Result<Body> body = Body::parse(c.body, {"title", "code", "indicator"});
  if (!body) return problem(body.status(), c);
  PartFields fields;
  for (auto [name, slot] : {std::pair{"title", &fields.title}, std::pair{"code", &fields.code},
                            std::pair{"indicator", &fields.indicator}}) {
    Result<std::optional<std::string>> value = body->text(name);
    if (!value) return problem(value.status(), c);
    *slot = std::move(*value);
  }
  const Result<ParpView> view =
      c.engine.manage().add_parp_goal(c.principal, *id, fields, std::string(c.request.request_id));
  if (!view) return problem(view.status(), c);
  return view_reply(*view, view->cycle.stamp.version, 201);
}

HttpReply record_result(const RouteContext& c) {
  const Result<std::int64_t> id = id_at(c, 0, "PARP cycle");
  if (!id) return problem(id.status(), c);
  const Result<std::int64_t> goal = id_at(c, 1, "goal");
  if (!goal) return problem(goal.status(), c);
  Result<Body> body = Body::parse(c.body, {"year", "baseline", "target", "actual", "note"});
  if (!body) return problem(body.status(), c);
  GoalResultFields fields;
  const Result<std::optional<std::int64_t>> year = body->integer("year");
  if (!year) return problem(year.status(), c);
  if (!*year) return problem(Status(ErrorCode::kInvalidArgument, "missing year", "/year"), c);
  fields.year = **year;
  for (auto [name, slot] : {std::pair{"baseline", &fields.baseline}, std::pair{"target", &fields.target},
                            std::pair{"actual", &fields.actual}, std::pair{"note", &fields.note}}) {
    Result<std::optional<std::string>> value = body->text(name);
    if (!value) return problem(value.status(), c);
    *slot = std::move(*value);
  }
  const Result<ParpView> view =
      c.engine.manage().record_result(c.principal, *id, *goal, fields, std::string(c.request.request_id));
  if (!view) return problem(view.status(), c);
  return view_reply(*view, view->cycle.stamp.version);
}

// --- Evaluations ---

HttpReply list_units(const RouteContext& c) {
  const Result<std::vector<Unit>> units = c.engine.manage().units(c.principal, c.query.get("nation"));
  if (!units) return problem(units.status(), c);
  if (c.csv) return csv_download(rows_csv(units_table(), *units), c.path);
  return json_reply(json::object{{"units", rows_json(units_table(), *units)}});
}

HttpReply declare_unit(const RouteContext& c) {
  Result<Body> body = Body::parse(c.body, {"nation", "name", "kind"});
  if (!body) return problem(body.status(), c);
  std::string fields[3];
  const char* names[] = {"nation", "name", "kind"};
  for (int i = 0; i < 3; ++i) {
    Result<std::string> value = body->text_or_empty(names[i]);
    if (!value) return problem(value.status(), c);
    fields[i] = std::move(*value);
  }
  const Result<UnitView> view =
      c.engine.manage().declare_unit(c.principal, fields[0], fields[1], fields[2], std::string(c.request.request_id));
  if (!view) return problem(view.status(), c);
  HttpReply reply = view_reply(*view, view->unit.stamp.version, 201);
  reply.headers.emplace_back("Location", "/api/v1/evaluations/" + std::to_string(view->unit.stamp.id));
  return reply;
}

HttpReply get_unit(const RouteContext& c) {
  const Result<std::int64_t> id = id_at(c, 0, "unit");
  if (!id) return problem(id.status(), c);
  const Result<UnitView> view = c.engine.manage().unit(c.principal, *id);
  if (!view) return problem(view.status(), c);
  return view_reply(*view, view->unit.stamp.version);
}

HttpReply record_evaluation(const RouteContext& c) {
  const Result<std::int64_t> id = id_at(c, 0, "unit");
  if (!id) return problem(id.status(), c);
  const Result<std::int64_t> version = expected_version(c);
  if (!version) return problem(version.status(), c);
  Result<Body> body = Body::parse(c.body, {"step", "answers", "evaluator", "on", "note"});
  if (!body) return problem(body.status(), c);
  EvaluationRequest request;
  for (auto [name, slot] : {std::pair{"step", &request.step}, std::pair{"evaluator", &request.evaluator},
                            std::pair{"on", &request.on}, std::pair{"note", &request.note}}) {
    Result<std::string> value = body->text_or_empty(name);
    if (!value) return problem(value.status(), c);
    *slot = std::move(*value);
  }
  Result<std::vector<std::pair<std::string, bool>>> answers = body->flags("answers", 100);
  if (!answers) return problem(answers.status(), c);
  request.answers = std::move(*answers);
  request.expected_version = *version;
  request.request_id = std::string(c.request.request_id);
  return write_reply(
      c.engine.manage().record_evaluation(c.principal, *id, request), c,
      [&] { return c.engine.manage().unit(c.principal, *id); }, 201);
}

// --- Events ---

HttpReply list_events(const RouteContext& c) {
  const Result<std::vector<Event>> events =
      c.engine.manage().events(c.principal, c.query.get("from"), c.query.get("to"));
  if (!events) return problem(events.status(), c);
  if (c.csv) return csv_download(rows_csv(events_table(), *events), c.path);
  return json_reply(json::object{{"events", rows_json(events_table(), *events)}});
}

HttpReply create_event(const RouteContext& c) {
  Result<Body> body =
      Body::parse(c.body, {"menu_item", "title", "kind", "activity", "from", "to", "location", "capacity"});
  if (!body) return problem(body.status(), c);
  EventFields fields;
  for (auto [name, slot] :
       {std::pair{"menu_item", &fields.menu_item}, std::pair{"title", &fields.title}, std::pair{"kind", &fields.kind},
        std::pair{"activity", &fields.activity}, std::pair{"from", &fields.from}, std::pair{"to", &fields.to},
        std::pair{"location", &fields.location}}) {
    Result<std::optional<std::string>> value = body->text(name);
    if (!value) return problem(value.status(), c);
    *slot = std::move(*value);
  }
  const Result<std::optional<std::int64_t>> capacity = body->integer("capacity");
  if (!capacity) return problem(capacity.status(), c);
  fields.capacity = *capacity;
  const Result<EventView> view = c.engine.manage().create_event(c.principal, fields, std::string(c.request.request_id));
  if (!view) return problem(view.status(), c);
  HttpReply reply = view_reply(*view, view->event.stamp.version, 201);
  reply.headers.emplace_back("Location", "/api/v1/events/" + std::to_string(view->event.stamp.id));
  return reply;
}

HttpReply get_event(const RouteContext& c) {
  const Result<std::int64_t> id = id_at(c, 0, "event");
  if (!id) return problem(id.status(), c);
  const Result<EventView> view = c.engine.manage().event(c.principal, *id);
  if (!view) return problem(view.status(), c);
  return view_reply(*view, view->event.stamp.version);
}

HttpReply step_event(const RouteContext& c) {
  const Result<std::int64_t> id = id_at(c, 0, "event");
  if (!id) return problem(id.status(), c);
  const Result<StepRequest> request = step_request(c);
  if (!request) return problem(request.status(), c);
  return write_reply(c.engine.manage().step_event(c.principal, *id, *request), c,
                     [&] { return c.engine.manage().event(c.principal, *id); });
}

HttpReply invite(const RouteContext& c) {
  const Result<std::int64_t> id = id_at(c, 0, "event");
  if (!id) return problem(id.status(), c);
  Result<Body> body = Body::parse(c.body, {"nations"});
  if (!body) return problem(body.status(), c);
  const Result<std::vector<std::string>> nations = body->strings("nations", 200);
  if (!nations) return problem(nations.status(), c);
  std::vector<Refusal> refusals;
  const Result<EventView> view =
      c.engine.manage().invite(c.principal, *id, *nations, std::string(c.request.request_id), &refusals);
  if (!view) {
    HttpReply reply = problem(view.status(), c);
    if (refusals.empty()) return reply;
    json::value problem_body = json::parse(reply.text());
    json::array refused;
    for (const Refusal& refusal : refusals) {
      refused.push_back(json::object{{"nation", refusal.nation}, {"reason", refusal.reason}});
    }
    problem_body.as_object()["refused"] = std::move(refused);
    reply.body = std::make_shared<const std::string>(json::serialize(problem_body));
    return reply;
  }
  return view_reply(*view, view->event.stamp.version, 201);
}

HttpReply register_participant(const RouteContext& c) {
  const Result<std::int64_t> id = id_at(c, 0, "event");
  if (!id) return problem(id.status(), c);
  Result<Body> body = Body::parse(c.body, {"nation", "participant"});
  if (!body) return problem(body.status(), c);
  const Result<std::string> nation = body->text_or_empty("nation");
  if (!nation) return problem(nation.status(), c);
  const Result<std::string> participant = body->text_or_empty("participant");
  if (!participant) return problem(participant.status(), c);
  const Result<EventView> view = c.engine.manage().register_participant(c.principal, *id, *nation, *participant,
                                                                        std::string(c.request.request_id));
  if (!view) return problem(view.status(), c);
  return view_reply(*view, view->event.stamp.version, 201);
}

HttpReply cancel_registration(const RouteContext& c) {
  const Result<std::int64_t> id = id_at(c, 0, "event");
  if (!id) return problem(id.status(), c);
  const Result<std::int64_t> registration = id_at(c, 1, "registration");
  if (!registration) return problem(registration.status(), c);
  const Result<std::int64_t> version = expected_version(c);
  if (!version) return problem(version.status(), c);
  return write_reply(c.engine.manage().cancel_registration(c.principal, *id, *registration, *version,
                                                           std::string(c.request.request_id)),
                     c, [&] { return c.engine.manage().event(c.principal, *id); });
}

HttpReply record_attendance(const RouteContext& c) {
  const Result<std::int64_t> id = id_at(c, 0, "event");
  if (!id) return problem(id.status(), c);
  const Result<std::int64_t> registration = id_at(c, 1, "registration");
  if (!registration) return problem(registration.status(), c);
  Result<Body> body = Body::parse(c.body, {"attendance"});
  if (!body) return problem(body.status(), c);
  const Result<std::string> attendance = body->text_or_empty("attendance");
  if (!attendance) return problem(attendance.status(), c);
  const Result<EventView> view = c.engine.manage().record_attendance(c.principal, *id, *registration, *attendance,
                                                                     std::string(c.request.request_id));
  if (!view) return problem(view.status(), c);
  return view_reply(*view, view->event.stamp.version);
}

HttpReply give_feedback(const RouteContext& c) {
  const Result<std::int64_t> id = id_at(c, 0, "event");
  if (!id) return problem(id.status(), c);
  Result<Body> body = Body::parse(c.body, {"rating", "text"});
  if (!body) return problem(body.status(), c);
  const Result<std::optional<std::int64_t>> rating = body->integer("rating");
  if (!rating) return problem(rating.status(), c);
  const Result<std::string> text = body->text_or_empty("text");
  if (!text) return problem(text.status(), c);
  const Result<EventView> view =
      c.engine.manage().give_feedback(c.principal, *id, rating->value_or(0), *text, std::string(c.request.request_id));
  if (!view) return problem(view.status(), c);
  return view_reply(*view, view->event.stamp.version, 201);
}

template <PartKind Kind>
void add_part_routes(std::vector<Route>& routes, std::string_view collection, std::string_view item) {
  constexpr Capability kManage = Capability::kPartnership;
  routes.push_back({"GET", collection, "format", kManage, false, list_parts<Kind>});
  routes.push_back({"POST", collection, "", kManage, false, add_part<Kind>});
  routes.push_back({"PATCH", item, "", kManage, false, update_part<Kind>});
  routes.push_back({"DELETE", item, "", kManage, false, remove_part<Kind>});
}

}  // namespace

std::vector<Route> manage_routes() {
  constexpr Capability kManage = Capability::kPartnership;
  constexpr Capability kStaff = Capability::kPartnershipStaff;
  std::vector<Route> routes{
      {"GET", "/api/v1/menu", "q,area,kind,open_to,nation,format", Capability::kReadReference, true, menu},
      {"GET", "/api/v1/dcb-packages", "format", Capability::kReadReference, true, dcb_packages},
      {"GET", "/api/v1/workflows", "format", Capability::kReadReference, true, workflows},
      {"GET", "/api/v1/programmes", "nation,state,q,limit,offset,format", kManage, false, list_programmes},
      {"POST", "/api/v1/programmes", "", kManage, false, create_programme},
      {"GET", "/api/v1/programmes/{id}", "", kManage, false, get_programme},
      {"PATCH", "/api/v1/programmes/{id}", "", kManage, false, update_programme},
      {"GET", "/api/v1/programmes/{id}/transitions", "format", kManage, false, programme_history},
      {"POST", "/api/v1/programmes/{id}/transitions", "", kManage, false, step_programme},
      {"GET", "/api/v1/rounds/{id}", "", kManage, false, get_round},
      {"POST", "/api/v1/rounds/{id}/positions", "", kManage, false, state_position},
      {"GET", "/api/v1/transitions", "workflow,subject,actor,action,from,to,limit,format", kStaff, false, transitions},
      {"GET", "/api/v1/inbox", "", kManage, false, inbox},
      {"POST", "/api/v1/inbox/{id}/read", "", kManage, false, mark_read},
      {"GET", "/api/v1/parp", "nation,format", kManage, false, list_parp},
      {"POST", "/api/v1/parp", "", kManage, false, open_parp},
      {"GET", "/api/v1/parp/{id}", "", kManage, false, get_parp},
      {"POST", "/api/v1/parp/{id}/transitions", "", kManage, false, step_parp},
      {"POST", "/api/v1/parp/{id}/goals", "", kStaff, false, add_parp_goal},
      {"POST", "/api/v1/parp/{id}/goals/{goal}/results", "", kManage, false, record_result},
      {"GET", "/api/v1/evaluations", "nation,format", kManage, false, list_units},
      {"POST", "/api/v1/evaluations", "", kManage, false, declare_unit},
      {"GET", "/api/v1/evaluations/{id}", "", kManage, false, get_unit},
      {"POST", "/api/v1/evaluations/{id}/results", "", kManage, false, record_evaluation},
      {"GET", "/api/v1/events", "from,to,format", kManage, false, list_events},
      {"POST", "/api/v1/events", "", kStaff, false, create_event},
      {"GET", "/api/v1/events/{id}", "", kManage, false, get_event},
      {"POST", "/api/v1/events/{id}/transitions", "", kManage, false, step_event},
      {"POST", "/api/v1/events/{id}/invitations", "", kStaff, false, invite},
      {"POST", "/api/v1/events/{id}/registrations", "", kManage, false, register_participant},
      {"DELETE", "/api/v1/events/{id}/registrations/{registration}", "", kManage, false, cancel_registration},
      {"POST", "/api/v1/events/{id}/registrations/{registration}/attendance", "", kStaff, false, record_attendance},
      {"POST", "/api/v1/events/{id}/feedback", "", kManage, false, give_feedback},
  };
  add_part_routes<PartKind::kObjective>(routes, "/api/v1/programmes/{id}/objectives",
                                        "/api/v1/programmes/{id}/objectives/{part}");
  add_part_routes<PartKind::kGoal>(routes, "/api/v1/programmes/{id}/goals", "/api/v1/programmes/{id}/goals/{part}");
  add_part_routes<PartKind::kActivity>(routes, "/api/v1/programmes/{id}/activities",
                                       "/api/v1/programmes/{id}/activities/{part}");
  return routes;
}

}  // namespace entente::routes
