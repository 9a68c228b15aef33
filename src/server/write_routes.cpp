// The routes of accounts, sessions, API tokens, registry edits and the audit log. Each
// parses, calls one engine service, and renders; the services authorise and validate.

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <charconv>

#include "core/text.hpp"
#include "engine/render_csv.hpp"
#include "engine/render_json.hpp"
#include "server/route_table.hpp"

namespace entente::routes {

namespace json = boost::json;

namespace {

constexpr std::size_t kMaxAuditPage = 500;

HttpReply no_content() { return HttpReply{204, "application/json", std::string()}; }

// A JSON object body with string members only, each of `allowed`; kInvalidArgument
// naming the member otherwise.
Result<std::map<std::string, json::value>> object_body(std::string_view body,
                                                       std::initializer_list<std::string_view> allowed) {
  boost::system::error_code error;
  json::value value = json::parse(body, error);
  if (error) return Status(ErrorCode::kInvalidArgument, "the body is not JSON: " + error.message());
  if (!value.is_object()) return Status(ErrorCode::kInvalidArgument, "the body must be a JSON object");
  std::map<std::string, json::value> members;
  for (auto& [key, member] : value.as_object()) {
    bool known = false;
    std::string expected;
    for (std::string_view name : allowed) {
      known = known || key == name;
      expected += (expected.empty() ? "" : ", ") + std::string(name);
    }
    if (!known) {
      return Status(ErrorCode::kInvalidArgument,
                    "unknown member '" + std::string(key) + "'; expected one of: " + expected,
                    "/" + json_pointer_token(key));
    }
    members.emplace(std::string(key), member);
  }
  return members;
}

// A string member, empty when absent; kInvalidArgument when it is not a string.
Result<std::string> string_member(const std::map<std::string, json::value>& members, const std::string& name) {
  const auto it = members.find(name);
  if (it == members.end()) return std::string();
  if (!it->second.is_string())
    return Status(ErrorCode::kInvalidArgument, "'" + name + "' must be a string", "/" + name);
  return std::string(it->second.as_string());
}

// A positive id from the path; kNotFound otherwise (no such record can exist).
Result<std::int64_t> id_param(const RouteContext& c, std::string_view what) {
  std::int64_t id = 0;
  const std::string& text = c.params[0];
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (error != std::errc() || end != text.data() + text.size() || id <= 0) {
    return Status(ErrorCode::kNotFound, "no " + std::string(what) + " '" + text + "'");
  }
  return id;
}

// A word of kCredentialWords.
std::string_view via_word(Principal::Via via) {
  return via == Principal::Via::kToken ? kCredentialWords.words[1] : kCredentialWords.words[0];
}

std::string cookie_header(const SessionCookie& cookie, std::string_view value, long long max_age) {
  std::string header = std::string(cookie.name()) + "=" + std::string(value) +
                       "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age);
  if (cookie.secure) header += "; Secure";
  return header;
}

HttpReply sign_in(const RouteContext& c) {
  Result<std::map<std::string, json::value>> body = object_body(c.body, {"username", "password"});
  if (!body) return problem_reply(body.status(), c.path);
  Result<std::string> username = string_member(*body, "username");
  if (!username) return problem_reply(username.status(), c.path);
  Result<std::string> password = string_member(*body, "password");
  if (!password) return problem_reply(password.status(), c.path);
  const SignInOutcome outcome = c.engine.accounts().sign_in(
      SignInRequest{*username, *password, c.request.client, std::string(c.request.user_agent)});
  if (!outcome.grant) {
    HttpReply reply = problem_reply(outcome.failure, c.path);
    if (outcome.retry_after_seconds > 0) {
      reply.headers.emplace_back("Retry-After", std::to_string(outcome.retry_after_seconds));
    }
    return reply;
  }
  const AccountSettings& settings = c.engine.accounts().settings();
  HttpReply reply = json_reply(json::object{{"user", to_json(outcome.grant->account)},
                                            {"csrf_token", outcome.grant->csrf_token},
                                            {"expires", outcome.grant->expires},
                                            {"idle_timeout_seconds", settings.idle_timeout.count()}},
                               201);
  reply.headers.emplace_back("Set-Cookie",
                             cookie_header(c.cookie, outcome.grant->token, settings.absolute_timeout.count()));
  return reply;
}

HttpReply who_am_i(const RouteContext& c) {
  const Result<WhoAmI> me = c.engine.accounts().who_am_i(c.principal);
  if (!me) return problem_reply(me.status(), c.path);
  json::object answer{{"user", to_json(me->account)}, {"via", via_word(me->via)}, {"expires", me->expires}};
  if (me->via == Principal::Via::kSession) answer["csrf_token"] = me->csrf_token;
  return json_reply(answer);
}

HttpReply sign_out(const RouteContext& c) {
  if (Status ended = c.engine.accounts().sign_out(c.principal); !ended) return problem_reply(ended, c.path);
  HttpReply reply = no_content();
  reply.headers.emplace_back("Set-Cookie", cookie_header(c.cookie, "", 0));
  return reply;
}

HttpReply list_sessions(const RouteContext& c) {
  const Result<std::vector<SessionView>> sessions = c.engine.accounts().sessions(c.principal);
  if (!sessions) return problem_reply(sessions.status(), c.path);
  json::array items;
  for (const SessionView& s : *sessions) {
    items.push_back(json::object{{"id", s.id},
                                 {"created", s.created},
                                 {"last_seen", s.last_seen},
                                 {"address", s.address},
                                 {"user_agent", s.user_agent},
                                 {"current", s.current}});
  }
  return json_reply(json::object{{"sessions", std::move(items)}});
}

HttpReply end_session(const RouteContext& c) {
  const Result<std::int64_t> id = id_param(c, "session");
  if (!id) return problem_reply(id.status(), c.path);
  if (Status ended = c.engine.accounts().end_session(c.principal, *id); !ended) return problem_reply(ended, c.path);
  return no_content();
}

json::object token_json(const TokenView& t) {
  return json::object{
      {"id", t.id}, {"name", t.name}, {"created", t.created}, {"expires", t.expires}, {"last_used", t.last_used}};
}

HttpReply list_tokens(const RouteContext& c) {
  const Result<std::vector<TokenView>> tokens = c.engine.accounts().tokens(c.principal);
  if (!tokens) return problem_reply(tokens.status(), c.path);
  json::array items;
  for (const TokenView& t : *tokens) items.push_back(token_json(t));
  return json_reply(json::object{{"tokens", std::move(items)}});
}

HttpReply create_token(const RouteContext& c) {
  Result<std::map<std::string, json::value>> body = object_body(c.body, {"name", "expires_in_days"});
  if (!body) return problem_reply(body.status(), c.path);
  Result<std::string> name = string_member(*body, "name");
  if (!name) return problem_reply(name.status(), c.path);
  NewToken request{*name, 90};
  if (const auto days = body->find("expires_in_days"); days != body->end()) {
    if (!days->second.is_int64() || days->second.as_int64() < 1 || days->second.as_int64() > 366) {
      return problem_reply(Status(ErrorCode::kInvalidArgument, "'expires_in_days' must be a whole number from 1 to 366",
                                  "/expires_in_days"),
                           c.path);
    }
    request.expires_in_days = static_cast<int>(days->second.as_int64());
  }
  const Result<CreatedToken> created =
      c.engine.accounts().create_token(c.principal, request, std::string(c.request.request_id));
  if (!created) return problem_reply(created.status(), c.path);
  json::object answer = token_json(created->view);
  answer["token"] = created->token;
  return json_reply(answer, 201);
}

HttpReply revoke_token(const RouteContext& c) {
  const Result<std::int64_t> id = id_param(c, "API token");
  if (!id) return problem_reply(id.status(), c.path);
  if (Status revoked = c.engine.accounts().revoke_token(c.principal, *id, std::string(c.request.request_id));
      !revoked) {
    return problem_reply(revoked, c.path);
  }
  return no_content();
}

HttpReply list_users(const RouteContext& c) {
  const Result<std::vector<AccountView>> users = c.engine.accounts().list(c.principal);
  if (!users) return problem_reply(users.status(), c.path);
  if (c.csv) return csv_download(accounts_csv(*users), c.path);
  json::array items;
  for (const AccountView& account : *users) items.push_back(to_json(account));
  return json_reply(json::object{{"users", std::move(items)}});
}

HttpReply add_user(const RouteContext& c) {
  Result<std::map<std::string, json::value>> body = object_body(c.body, {"name", "role", "nation", "password"});
  if (!body) return problem_reply(body.status(), c.path);
  NewAccount request;
  for (auto [name, slot] : {std::pair{"name", &request.name}, std::pair{"role", &request.role},
                            std::pair{"nation", &request.nation}, std::pair{"password", &request.password}}) {
    Result<std::string> value = string_member(*body, name);
    if (!value) return problem_reply(value.status(), c.path);
    *slot = std::move(*value);
  }
  const Result<CreatedAccount> created =
      c.engine.accounts().add(c.principal, request, std::string(c.request.request_id));
  if (!created) return problem_reply(created.status(), c.path);
  json::object answer{{"user", to_json(created->account)}};
  if (!created->one_time_password.empty()) answer["password"] = created->one_time_password;
  return json_reply(answer, 201);
}

std::string_view collection_of(RecordKind kind) {
  switch (kind) {
    case RecordKind::kMembership: return "/api/v1/memberships/";
    case RecordKind::kPartnership: return "/api/v1/partnerships/";
    case RecordKind::kPlan: return "/api/v1/plans/";
  }
  return "/api/v1/";
}

HttpReply record_reply(const RegistryRecord& record, unsigned status) {
  HttpReply reply{status, "application/json", record_json(record)};
  reply.headers.emplace_back("ETag", record_etag(stamp_of(record).version));
  return reply;
}

// The reply to a failed edit: its problem, with the record as it now is on a conflict.
HttpReply edit_problem(const EditFailure& failure, std::string_view path) {
  HttpReply reply = problem_reply(failure.status, path);
  if (!failure.current) return reply;
  json::value body = json::parse(reply.text());
  body.as_object()["current"] = json::parse(record_json(*failure.current));
  reply.body = std::make_shared<const std::string>(json::serialize(body));
  reply.headers.emplace_back("ETag", record_etag(stamp_of(*failure.current).version));
  return reply;
}

template <RecordKind Kind>
HttpReply get_record(const RouteContext& c) {
  const Result<std::int64_t> id = id_param(c, word_of(Kind));
  if (!id) return problem_reply(id.status(), c.path);
  const Result<Versioned<FoundRecord>> found = c.engine.edits().find(c.principal, Kind, *id);
  if (!found) return problem_reply(found.status(), c.path);
  return record_reply(found->record, 200);
}

template <RecordKind Kind, EditCommand::Action Action>
HttpReply edit_record(const RouteContext& c) {
  Result<EditCommand> command = parse_edit_body(c.body, Kind, Action);
  if (!command) return problem_reply(command.status(), c.path);
  if (Action != EditCommand::Action::kCreate) {
    const Result<std::int64_t> id = id_param(c, word_of(Kind));
    if (!id) return problem_reply(id.status(), c.path);
    command->id = *id;
    if (!c.request.if_match.empty()) {
      command->expected_version = parse_record_etag(c.request.if_match);
      if (!command->expected_version) {
        return problem_reply(
            Status(ErrorCode::kInvalidArgument,
                   "If-Match must be the record's ETag as read, e.g. \"r3\" (a strong tag)", "header:If-Match"),
            c.path);
      }
    }
  }
  command->request_id = std::string(c.request.request_id);
  EditFailure failure;
  const Result<EditOutcome> outcome = c.engine.edits().apply(c.principal, *command, &failure);
  if (!outcome) return edit_problem(failure, c.path);
  if (!outcome->record) return no_content();
  HttpReply reply = record_reply(*outcome->record, Action == EditCommand::Action::kCreate ? 201 : 200);
  if (Action == EditCommand::Action::kCreate) {
    reply.headers.emplace_back("Location",
                               std::string(collection_of(Kind)) + std::to_string(stamp_of(*outcome->record).id));
  }
  return reply;
}

HttpReply audit(const RouteContext& c) {
  AuditQuery query;
  query.actor = c.query.get("actor");
  query.kind = c.query.get("kind");
  if (!query.kind.empty() && !parse_word<AuditKind>(query.kind)) {
    return problem_reply(
        Status(ErrorCode::kInvalidArgument,
               "unknown kind '" + query.kind + "'; expected " + word_choices(words_of<AuditKind>()), "kind"),
        c.path);
  }
  const auto whole = [&c](const std::string& name, long long minimum, long long maximum,
                          long long fallback) -> Result<long long> {
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
  };
  const Result<long long> record = whole("record", 1, INT64_MAX, 0);
  const Result<long long> limit = whole("limit", 1, kMaxAuditPage, 100);
  const Result<long long> before = whole("before", 1, INT64_MAX, 0);
  for (const auto* number : {&record, &limit, &before}) {
    if (!*number) return problem_reply(number->status(), c.path);
  }
  query.record = *record;
  // One more than asked, to know whether another page follows.
  query.limit = static_cast<std::size_t>(*limit) + 1;
  query.before_id = *before;
  // A day or an instant, both ends included; a day `to` means the end of that day.
  for (auto [name, slot] : {std::pair{"from", &query.from}, std::pair{"to", &query.to}}) {
    const std::string text = c.query.get(name);
    if (text.empty()) continue;
    if (const Result<Date> day = Date::parse(text); day) {
      *slot = day->to_string() + (std::string_view(name) == "to" ? "T23:59:59.999Z" : "T00:00:00.000Z");
    } else if (const auto instant = parse_instant(text)) {
      *slot = format_instant(*instant);
    } else {
      return problem_reply(Status(ErrorCode::kInvalidArgument,
                                  std::string(name) + " must be a day YYYY-MM-DD or an instant like "
                                                      "2026-12-05T10:00:00Z",
                                  name),
                           c.path);
    }
  }
  Result<std::vector<AuditEntry>> entries = c.engine.edits().audit(c.principal, query);
  if (!entries) return problem_reply(entries.status(), c.path);
  const bool more = entries->size() > static_cast<std::size_t>(*limit);
  if (more) entries->pop_back();
  if (c.csv) {
    // The next page starts before the last row's id, as next_before says in the JSON.
    HttpReply reply = csv_download(audit_csv(*entries), c.path);
    if (more && !entries->empty()) {
      reply.headers.emplace_back("X-Next-Before", std::to_string(entries->back().id));
    }
    return reply;
  }
  json::array items;
  for (const AuditEntry& e : *entries) {
    items.push_back(to_json(e));
  }
  json::value next = nullptr;
  if (more && !entries->empty()) next = entries->back().id;
  return json_reply(json::object{{"entries", std::move(items)}, {"next_before", next}});
}

template <RecordKind Kind>
void add_record_routes(std::vector<Route>& routes, std::string_view collection, std::string_view item) {
  using Action = EditCommand::Action;
  routes.push_back({"POST", collection, "", Capability::kEditRegistry, false, edit_record<Kind, Action::kCreate>});
  routes.push_back({"GET", item, "", Capability::kReadReference, true, get_record<Kind>});
  routes.push_back({"PATCH", item, "", Capability::kEditRegistry, false, edit_record<Kind, Action::kUpdate>});
  routes.push_back({"DELETE", item, "", Capability::kEditRegistry, false, edit_record<Kind, Action::kDelete>});
}

}  // namespace

std::vector<Route> account_and_edit_routes() {
  std::vector<Route> routes{
      {"POST", "/api/v1/session", "", std::nullopt, false, sign_in},
      {"GET", "/api/v1/session", "", Capability::kOwnAccount, false, who_am_i},
      {"DELETE", "/api/v1/session", "", Capability::kOwnAccount, false, sign_out},
      {"GET", "/api/v1/sessions", "", Capability::kOwnAccount, false, list_sessions},
      {"DELETE", "/api/v1/sessions/{id}", "", Capability::kOwnAccount, false, end_session},
      {"GET", "/api/v1/tokens", "", Capability::kOwnAccount, false, list_tokens},
      {"POST", "/api/v1/tokens", "", Capability::kOwnAccount, false, create_token},
      {"DELETE", "/api/v1/tokens/{id}", "", Capability::kOwnAccount, false, revoke_token},
      {"GET", "/api/v1/users", "format", Capability::kManageAccounts, false, list_users},
      {"POST", "/api/v1/users", "", Capability::kManageAccounts, false, add_user},
      {"GET", "/api/v1/audit", "actor,kind,record,from,to,limit,before,format", Capability::kReadAudit, false, audit},
  };
  add_record_routes<RecordKind::kMembership>(routes, "/api/v1/memberships", "/api/v1/memberships/{id}");
  add_record_routes<RecordKind::kPartnership>(routes, "/api/v1/partnerships", "/api/v1/partnerships/{id}");
  add_record_routes<RecordKind::kPlan>(routes, "/api/v1/plans", "/api/v1/plans/{id}");
  return routes;
}

}  // namespace entente::routes
