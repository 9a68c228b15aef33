#include "server/router.hpp"

#include "server/simulation_routes.hpp"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>
#include <initializer_list>
#include <map>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <unordered_map>

#include "core/text.hpp"
#include "engine/credentials.hpp"
#include "engine/render_csv.hpp"
#include "engine/render_json.hpp"
#include "server/compression.hpp"
#include "server/route_render.hpp"
#include "server/route_table.hpp"

namespace entente {

namespace json = boost::json;

using routes::csv_reply;
using routes::json_reply;
using routes::Query;
using routes::render;
using routes::render_plain;
using routes::Route;
using routes::RouteContext;
using routes::versioned_reply;

namespace routes {

HttpReply json_reply(const json::value& value, unsigned status) {
  return HttpReply{status, "application/json", json::serialize(value)};
}

HttpReply csv_download(const CsvDocument& document, std::string_view path) {
  return csv_download(document.text(), path);
}

HttpReply csv_download(std::string text, std::string_view path) {
  std::string name;
  for (const char c : path.starts_with("/api/v1/") ? path.substr(8) : path) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    name += plain ? c : '-';
  }
  HttpReply reply(200, "text/csv; charset=utf-8", std::move(text));
  reply.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + name + ".csv\"");
  return reply;
}

}  // namespace routes

namespace {

template <typename Visit>
void for_each_name(std::string_view names, Visit visit) {
  while (!names.empty()) {
    const std::size_t comma = names.find(',');
    visit(names.substr(0, comma));
    names = comma == std::string_view::npos ? std::string_view() : names.substr(comma + 1);
  }
}

// The decoded query of `url`; `allowed` names the parameters the route takes, separated
// by commas ("as_of,kind").
Result<Query> parse_query(const boost::urls::url_view& url, std::string_view allowed) {
  std::map<std::string, std::string> values;
  for (const auto& param : url.params()) {
    bool known = false;
    for_each_name(allowed, [&](std::string_view name) { known = known || name == param.key; });
    if (!known) {
      std::string expected;
      for_each_name(allowed,
                    [&](std::string_view name) { expected += (expected.empty() ? "" : ", ") + std::string(name); });
      return Status(ErrorCode::kInvalidArgument,
                    "unknown query parameter '" + param.key + "'" +
                        (expected.empty() ? std::string("; this route takes none") : "; expected one of: " + expected),
                    param.key);
    }
    if (values.count(param.key) > 0) {
      return Status(ErrorCode::kInvalidArgument, "query parameter '" + param.key + "' is given twice", param.key);
    }
    values[param.key] = param.has_value ? param.value : std::string();
  }
  return Query(std::move(values));
}

// How much an Accept header (RFC 9110 12.5.1) wants CSV and JSON: the q of the most
// specific range matching text/csv and application/json (problem+json counts as JSON).
// No header accepts anything, JSON first.
struct Acceptance {
  double csv = 0;
  double json = 1;
};

Acceptance acceptance_of(std::string_view header) {
  if (trim(header).empty()) return {};
  // Specificity of the best match so far: 0 none, 1 */*, 2 type/*, 3 exact.
  int csv_match = 0;
  int json_match = 0;
  Acceptance result{0, 0};
  while (!header.empty()) {
    const std::size_t comma = header.find(',');
    std::string_view range = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
    double q = 1;
    const std::size_t semicolon = range.find(';');
    for (std::string_view rest = semicolon == std::string_view::npos ? std::string_view() : range.substr(semicolon);
         !rest.empty();) {
      rest.remove_prefix(1);
      const std::size_t next = rest.find(';');
      const std::string_view parameter = trim(rest.substr(0, next));
      rest = next == std::string_view::npos ? std::string_view() : rest.substr(next);
      if (parameter.size() > 2 && (parameter[0] == 'q' || parameter[0] == 'Q') && parameter[1] == '=') {
        q = std::strtod(std::string(parameter.substr(2)).c_str(), nullptr);
        if (!(q >= 0 && q <= 1)) q = 0;
      }
    }
    const std::string media = ascii_lower(trim(range.substr(0, semicolon)));
    const auto take = [q](int specificity, int& best, double& value) {
      if (specificity > best) {
        best = specificity;
        value = q;
      }
    };
    if (media == "*/*") {
      take(1, csv_match, result.csv);
      take(1, json_match, result.json);
    } else if (media == "text/*") {
      take(2, csv_match, result.csv);
    } else if (media == "application/*") {
      take(2, json_match, result.json);
    } else if (media == "text/csv") {
      take(3, csv_match, result.csv);
    } else if (media == "application/json" || media == "application/problem+json") {
      take(3, json_match, result.json);
    }
  }
  return result;
}

// Splits "/api/v1/organisations/NATO/members" into its segments.
std::vector<std::string> segments_of(const boost::urls::url_view& url) {
  std::vector<std::string> segments;
  for (const auto& segment : url.segments()) segments.push_back(segment);
  while (!segments.empty() && segments.back().empty()) segments.pop_back();
  return segments;
}

}  // namespace

unsigned http_status_for(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
    case ErrorCode::kInvalidDate: return 400;
    case ErrorCode::kUnknownNation:
    case ErrorCode::kUnknownOrganisation:
    case ErrorCode::kUnknownFramework:
    case ErrorCode::kNotFound: return 404;
    case ErrorCode::kInvalidData: return 422;
    case ErrorCode::kCancelled: return 409;
    case ErrorCode::kUnavailable: return 503;
    case ErrorCode::kTooManyRequests: return 429;
    case ErrorCode::kUnauthenticated: return 401;
    case ErrorCode::kForbidden: return 403;
    case ErrorCode::kConflict: return 409;
    case ErrorCode::kPreconditionRequired: return 428;
    case ErrorCode::kRefused: return 422;
    case ErrorCode::kStorage:
    case ErrorCode::kIo:
    case ErrorCode::kInternal: return 500;
  }
  return 500;
}

HttpReply problem_reply(unsigned http_status, std::string_view code, std::string_view title, std::string_view detail,
                        std::string_view instance) {
  const json::object body{{"type", "/problems/" + std::string(code)},
                          {"title", title},
                          {"status", http_status},
                          {"detail", detail},
                          {"code", code},
                          {"instance", instance}};
  return HttpReply{http_status, "application/problem+json", json::serialize(body)};
}

HttpReply incident_reply(std::string_view incident, std::string_view instance) {
  const json::object body{
      {"type", "/problems/internal-error"},
      {"title", "Internal error"},
      {"status", 500},
      {"detail", "the server failed unexpectedly while answering; the request changed nothing. Report incident " +
                     std::string(incident) + " to the operator, whose log has the details."},
      {"code", "internal-error"},
      {"incident", incident},
      {"instance", instance}};
  return HttpReply{500, "application/problem+json", json::serialize(body)};
}

HttpReply problem_reply(const Status& status, std::string_view instance) {
  static const std::map<ErrorCode, std::string_view> kTitles{
      {ErrorCode::kInvalidArgument, "Invalid argument"},
      {ErrorCode::kInvalidDate, "Invalid date"},
      {ErrorCode::kUnknownNation, "Unknown nation"},
      {ErrorCode::kUnknownOrganisation, "Unknown organisation"},
      {ErrorCode::kUnknownFramework, "Unknown framework"},
      {ErrorCode::kNotFound, "Not found"},
      {ErrorCode::kInvalidData, "Invalid data"},
      {ErrorCode::kStorage, "Storage error"},
      {ErrorCode::kIo, "I/O error"},
      {ErrorCode::kCancelled, "Cancelled"},
      {ErrorCode::kUnavailable, "Service unavailable"},
      {ErrorCode::kTooManyRequests, "Too many requests"},
      {ErrorCode::kUnauthenticated, "Unauthenticated"},
      {ErrorCode::kForbidden, "Forbidden"},
      {ErrorCode::kConflict, "Conflict"},
      {ErrorCode::kPreconditionRequired, "Precondition required"},
      {ErrorCode::kRefused, "Refused by the rules"},
      {ErrorCode::kInternal, "Internal error"},
  };
  HttpReply reply = problem_reply(http_status_for(status.code()), error_slug(status.code()), kTitles.at(status.code()),
                                  status.message(), instance);
  const std::vector<FieldError> errors = status.errors();
  if (errors.empty()) return reply;
  // The offending fields, for a client to show beside its inputs: a JSON pointer into
  // the body, a header, or the name of a query parameter.
  json::array items;
  for (const FieldError& error : errors) {
    json::object item{{"detail", error.message}};
    if (error.field.starts_with('/')) {
      item["pointer"] = error.field;
    } else if (error.field.starts_with("header:")) {
      item["header"] = error.field.substr(7);
    } else {
      item["parameter"] = error.field;
    }
    items.push_back(std::move(item));
  }
  json::value body = json::parse(reply.text());
  body.as_object()["errors"] = std::move(items);
  reply.body = std::make_shared<const std::string>(json::serialize(body));
  return reply;
}

// Replies by key, up to a number of bytes of keys and bodies; cleared whole when full,
// which keeps the bound without bookkeeping (the working set of a map session is a few
// dozen dates). A reply larger than an eighth of the bound is not kept.
class ApiRouter::Cache {
 public:
  explicit Cache(std::size_t capacity_bytes) : capacity_(capacity_bytes) {}

  std::optional<HttpReply> find(const std::string& key) const {
    std::shared_lock lock(mutex_);
    const auto it = replies_.find(key);
    if (it == replies_.end()) return std::nullopt;
    return it->second;
  }

  void insert(std::string key, const HttpReply& reply) {
    const std::size_t cost = cost_of(key, reply);
    if (cost > capacity_ / 8) return;
    std::unique_lock lock(mutex_);
    if (bytes_ + cost > capacity_) {
      replies_.clear();
      bytes_ = 0;
    }
    if (replies_.emplace(std::move(key), reply).second) bytes_ += cost;
  }

  std::size_t bytes() const {
    std::shared_lock lock(mutex_);
    return bytes_;
  }

 private:
  // Key, body, headers and the map's own overhead, roughly.
  static std::size_t cost_of(const std::string& key, const HttpReply& reply) {
    std::size_t cost = 2 * key.size() + reply.text().size() + reply.content_type.size() + 160;
    for (const auto& [name, value] : reply.headers) cost += name.size() + value.size() + 64;
    return cost;
  }

  std::size_t capacity_;
  mutable std::shared_mutex mutex_;
  std::unordered_map<std::string, HttpReply> replies_;
  std::size_t bytes_ = 0;  // guarded by mutex_
};

ApiRouter::ApiRouter(const Engine& engine, std::size_t cache_bytes, SimulationSettings simulation, SessionCookie cookie,
                     SecurityLog security_log)
    : engine_(engine),
      cookie_(cookie),
      security_log_(std::move(security_log)),
      cache_(cache_bytes > 0 ? std::make_unique<Cache>(cache_bytes) : nullptr),
      simulations_(std::make_unique<SimulationRoutes>(engine, std::move(simulation))) {}
ApiRouter::~ApiRouter() = default;
ApiRouter::ApiRouter(ApiRouter&&) noexcept = default;

namespace {

// The value of cookie `name` in a Cookie header ("a=1; b=2"), or empty.
std::string_view cookie_value(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    const std::size_t semicolon = header.find(';');
    const std::string_view pair = trim(header.substr(0, semicolon));
    const std::size_t equals = pair.find('=');
    if (equals != std::string_view::npos && pair.substr(0, equals) == name) return pair.substr(equals + 1);
    header = semicolon == std::string_view::npos ? std::string_view() : header.substr(semicolon + 1);
  }
  return {};
}

bool is_write(std::string_view method) { return method != "GET" && method != "HEAD"; }

// The coding a reply to `request` goes out in (see ApiRouter): only a GET's is compressed.
ContentCoding reply_coding(const ApiRequest& request) {
  return request.method == "GET" ? negotiate_coding(request.accept_encoding) : ContentCoding::kIdentity;
}

// A write with the session cookie but without its CSRF token.
HttpReply csrf_refusal(std::string_view path) {
  HttpReply reply = problem_reply(403, "csrf-failed", "CSRF check failed",
                                  "send the session's csrf_token (from POST or GET /api/v1/session) in the "
                                  "X-CSRF-Token header",
                                  path);
  json::value body = json::parse(reply.text());
  body.as_object()["errors"] =
      json::array{json::object{{"header", "X-CSRF-Token"}, {"detail", "missing, or not this session's token"}}};
  reply.body = std::make_shared<const std::string>(json::serialize(body));
  return reply;
}

// A 401 tells the client how to authenticate (RFC 9110 11.6.1).
HttpReply refusal(const Status& status, std::string_view path) {
  HttpReply reply = problem_reply(status, path);
  if (reply.status == 401) reply.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"entente\"");
  return reply;
}

}  // namespace

Result<Principal> ApiRouter::authenticate(const ApiRequest& request) const {
  if (!request.authorization.empty()) {
    std::string_view credentials = trim(request.authorization);
    if (credentials.size() < 7 || ascii_lower(credentials.substr(0, 7)) != "bearer ") {
      return Status(ErrorCode::kUnauthenticated, "the Authorization header must be 'Bearer <API token>'",
                    "header:Authorization");
    }
    Result<Principal> principal = engine_.accounts().authenticate_token(trim(credentials.substr(7)));
    if (!principal) tell("refused an API token from " + request.client + ": " + principal.status().message());
    return principal;
  }
  const std::string_view token = cookie_value(request.cookie, cookie_.name());
  if (token.empty()) return Principal::anonymous();
  // A stale cookie on a read of public data is no reason to refuse: it reads as anonymous,
  // and whatever needs a user says so.
  Result<Principal> principal = engine_.accounts().authenticate_session(token);
  if (!principal && principal.status().code() == ErrorCode::kUnauthenticated) return Principal::anonymous();
  return principal;
}

HttpReply ApiRouter::route(const ApiRequest& request) const {
  const auto parsed = boost::urls::parse_origin_form(request.target);
  if (!parsed) {
    return problem_reply(400, "invalid-argument", "Invalid argument", "the request target is not a valid URL path", "");
  }
  // Every decoded part must be text: a reply never echoes bytes that are not UTF-8.
  bool text = is_valid_utf8(parsed->path());
  for (const auto& param : parsed->params()) text = text && is_valid_utf8(param.key) && is_valid_utf8(param.value);
  if (!text) {
    return problem_reply(400, "invalid-argument", "Invalid argument",
                         "the request target is not valid UTF-8 once percent-decoded", "");
  }
  const std::string_view path(parsed->encoded_path());
  const Result<Principal> principal = authenticate(request);
  if (!principal) return refusal(principal.status(), path);
  if (SimulationRoutes::handles(path)) {
    if (Status allowed = authorise(*principal, Capability::kReadReference, engine_.access()); !allowed) {
      return refusal(allowed, path);
    }
    if (is_write(request.method) && principal->via == Principal::Via::kSession &&
        !same_secret(request.csrf_token, principal->csrf_token)) {
      tell("refused a write without its CSRF token: " + principal->name + " " + std::string(path));
      return csrf_refusal(path);
    }
    // A signed-in user's jobs are theirs wherever they connect from; others share their
    // address's.
    const std::string client = principal->signed_in() ? "account:" + principal->name : request.client;
    return encode_reply(simulations_->route(request.method, path, parsed->has_query(), request.body, client),
                        reply_coding(request));
  }
  return dispatch(request, *principal);
}

std::string ApiRouter::startup_warning() const { return simulations_->startup_warning(); }

std::size_t ApiRouter::cached_bytes() const { return cache_ ? cache_->bytes() : 0; }

bool ApiRouter::handles(std::string_view path) {
  return path == "/healthz" || path == "/api" || path.starts_with("/api/");
}

namespace {

const std::vector<Route>& api_routes() {
  static const std::vector<Route> kRoutes = [] {
    std::vector<Route> routes{
        {"GET", "/healthz", "", std::nullopt, false,
         [](const RouteContext& c) {
           const DatasetSummary summary = c.engine.summary();
           return json_reply(
               json::object{{"status", "ok"}, {"nations", summary.nations}, {"today", c.engine.today().to_string()}});
         }},
        {"GET", "/api/v1/openapi.json", "", std::nullopt, false,
         [](const RouteContext&) {
           static const auto kDocument = std::make_shared<const std::string>(openapi_document());
           return HttpReply{200, "application/json", kDocument};
         }},
        {"GET", "/api/v1/organisations", "format", Capability::kReadReference, true,
         [](const RouteContext& c) {
           const Versioned<CatalogueAnswer> catalogue = c.engine.queries().catalogue();
           if (c.csv) return csv_reply(organisations_csv(catalogue.snapshot->registry()), *catalogue.snapshot, c.path);
           return versioned_reply(catalogue, organisations_json(catalogue.snapshot->registry()));
         }},
        {"GET", "/api/v1/organisations/{id}", "", Capability::kReadReference, true,
         [](const RouteContext& c) {
           const Result<Versioned<MembersAnswer>> found = c.engine.queries().members(c.params[0], "");
           if (!found) return problem_reply(found.status(), c.path);
           return versioned_reply(*found, to_json(*found->organisation));
         }},
        {"GET", "/api/v1/organisations/{id}/members", "as_of,format", Capability::kReadReference, true,
         [](const RouteContext& c) {
           return render(c.engine.queries().members(c.params[0], c.query.get("as_of")), c);
         }},
        {"GET", "/api/v1/organisations/{id}/relations", "as_of,format", Capability::kReadReference, true,
         [](const RouteContext& c) {
           // Written straight into the body, without a JSON tree: about 18 KB on every
           // request the reply cache does not hold.
           const Result<Versioned<RelationsAnswer>> answer =
               c.engine.queries().relations(c.params[0], c.query.get("as_of"));
           if (!answer) return problem_reply(answer.status(), c.path);
           if (c.csv) return csv_reply(to_csv(*answer), *answer->snapshot, c.path);
           HttpReply reply(200, "application/json", to_json_text(*answer));
           reply.headers.emplace_back("ETag", answer->snapshot->etag());
           return reply;
         }},
        {"GET", "/api/v1/frameworks", "format", Capability::kReadReference, true,
         [](const RouteContext& c) {
           const Versioned<CatalogueAnswer> catalogue = c.engine.queries().catalogue();
           if (c.csv) return csv_reply(frameworks_csv(catalogue.snapshot->registry()), *catalogue.snapshot, c.path);
           return versioned_reply(catalogue, frameworks_json(catalogue.snapshot->registry()));
         }},
        {"GET", "/api/v1/frameworks/{id}/partners", "as_of,format", Capability::kReadReference, true,
         [](const RouteContext& c) {
           return render(c.engine.queries().partners(c.params[0], c.query.get("as_of")), c);
         }},
        {"GET", "/api/v1/publishers", "format", Capability::kReadReference, true,
         [](const RouteContext& c) {
           const Versioned<CatalogueAnswer> catalogue = c.engine.queries().catalogue();
           if (c.csv) return csv_reply(publishers_csv(catalogue.snapshot->registry()), *catalogue.snapshot, c.path);
           return versioned_reply(catalogue, publishers_json(catalogue.snapshot->registry()));
         }},
        {"GET", "/api/v1/nations", "q,format", Capability::kReadReference, true,
         [](const RouteContext& c) {
           const std::string text = c.query.get("q");
           if (!text.empty()) return render_plain(c.engine.queries().search(text), c);
           const Versioned<CatalogueAnswer> catalogue = c.engine.queries().catalogue();
           std::vector<const Nation*> all;
           for (const Nation& nation : *catalogue.nations) all.push_back(&nation);
           if (c.csv) return csv_reply(nations_csv(all), *catalogue.snapshot, c.path);
           return versioned_reply(catalogue, nations_json(all));
         }},
        {"GET", "/api/v1/nations/{iso3}", "as_of,format", Capability::kReadReference, true,
         [](const RouteContext& c) { return render(c.engine.queries().nation(c.params[0], c.query.get("as_of")), c); }},
        {"GET", "/api/v1/timeline", "organisation,nation,from,to,format", Capability::kReadReference, true,
         [](const RouteContext& c) {
           const TimelineRequest request{.subject = {},
                                         .organisation = c.query.get("organisation"),
                                         .nation = c.query.get("nation"),
                                         .from = c.query.get("from"),
                                         .to = c.query.get("to")};
           return render(c.engine.queries().timeline(request), c);
         }},
        {"POST", "/api/v1/decisions", "", Capability::kReadReference, false,
         [](const RouteContext& c) {
           Result<DecisionRequest> request = parse_decision_request(c.body);
           if (!request) return problem_reply(request.status(), c.path);
           const Result<Versioned<Decision>> decision = c.engine.rules().decide(*request);
           if (!decision) return problem_reply(decision.status(), c.path);
           // A decision is computed, not a resource: no entity tag.
           return json_reply(to_json(*decision, decision->snapshot->registry()));
         }},
        {"GET", "/api/v1/article4", "nation,from,to,format", Capability::kReadReference, true,
         [](const RouteContext& c) {
           return render(c.engine.rules().consultations(c.query.get("nation"), c.query.get("from"), c.query.get("to")),
                         c);
         }},
        {"GET", "/api/v1/article5", "lat,lon,territory,target,nation,as_of,format", Capability::kReadReference, true,
         [](const RouteContext& c) {
           const Article5Request request{c.query.get("lat"),    c.query.get("lon"),    c.query.get("territory"),
                                         c.query.get("target"), c.query.get("nation"), c.query.get("as_of")};
           return render(c.engine.rules().article5(request), c);
         }},
        {"GET", "/api/v1/treaty-area", "as_of", Capability::kReadReference, true,
         [](const RouteContext& c) { return render_plain(c.engine.rules().treaty_area(c.query.get("as_of")), c); }},
        {"GET", "/api/v1/operations", "as_of,kind,basis,nation,format", Capability::kReadReference, true,
         [](const RouteContext& c) {
           return render(c.engine.rules().operations(c.query.get("as_of"), c.query.get("kind"), c.query.get("basis"),
                                                     c.query.get("nation")),
                         c);
         }},
        {"GET", "/api/v1/operations/{id}", "format", Capability::kReadReference, true,
         [](const RouteContext& c) { return render(c.engine.rules().operation(c.params[0]), c); }},
        {"GET", "/api/v1/eligibility", "nation,activity,organisation,as_of,format", Capability::kReadReference, true,
         [](const RouteContext& c) {
           if (c.query.get("nation").empty() || c.query.get("activity").empty()) {
             return problem_reply(
                 Status(ErrorCode::kInvalidArgument, "give nation and activity, e.g. ?nation=AUT&activity=exercises"),
                 c.path);
           }
           return render_plain(c.engine.rules().eligibility(c.query.get("nation"), c.query.get("activity"),
                                                            c.query.get("organisation"), c.query.get("as_of")),
                               c);
         }},
        {"GET", "/api/v1/councils/{id}/seats", "as_of,format", Capability::kReadReference, true,
         [](const RouteContext& c) {
           return render(c.engine.rules().council_seats(c.params[0], c.query.get("as_of")), c);
         }},
    };
    for (Route& route : routes::account_and_edit_routes()) routes.push_back(route);
    for (Route& route : routes::manage_routes()) routes.push_back(route);
    for (Route& route : routes::analytics_routes()) routes.push_back(route);
    return routes;
  }();
  return kRoutes;
}

// The path parameters when `segments` match `pattern`, else nullopt.
std::optional<std::vector<std::string>> match(std::string_view pattern, const std::vector<std::string>& segments) {
  std::vector<std::string> params;
  std::size_t index = 0;
  pattern.remove_prefix(1);  // the leading '/'
  while (!pattern.empty()) {
    const std::size_t slash = pattern.find('/');
    const std::string_view part = pattern.substr(0, slash);
    if (index >= segments.size()) return std::nullopt;
    if (part.starts_with('{')) {
      params.push_back(segments[index]);
    } else if (part != segments[index]) {
      return std::nullopt;
    }
    ++index;
    pattern = slash == std::string_view::npos ? std::string_view() : pattern.substr(slash + 1);
  }
  if (index != segments.size()) return std::nullopt;
  return params;
}

}  // namespace

std::vector<RouteInfo> ApiRouter::route_table() {
  std::vector<RouteInfo> table;
  for (const Route& route : api_routes()) table.push_back(RouteInfo{route.method, route.path, route.capability});
  for (const RouteInfo& route : SimulationRoutes::table()) table.push_back(route);
  return table;
}

HttpReply ApiRouter::dispatch(const ApiRequest& request, const Principal& principal) const {
  const auto parsed = boost::urls::parse_origin_form(request.target);
  if (!parsed) {
    return problem_reply(400, "invalid-argument", "Invalid argument", "the request target is not a valid URL path", "");
  }
  const boost::urls::url_view& url = *parsed;
  const std::string path = url.path();
  const std::vector<std::string> segments = segments_of(url);
  const std::string_view method = request.method;
  // HEAD is answered by the GET route (the transport leaves the body out).
  const std::string_view wanted = method == "HEAD" ? std::string_view("GET") : method;
  std::string allow;
  for (const Route& route : api_routes()) {
    std::optional<std::vector<std::string>> params = match(route.path, segments);
    if (!params) continue;
    if (route.method != wanted) {
      allow += (allow.empty() ? "" : ", ") + std::string(route.method);
      if (route.method == "GET") allow += ", HEAD";
      continue;
    }
    if (route.capability) {
      if (Status allowed = authorise(principal, *route.capability, engine_.access()); !allowed) {
        tell("refused: " + (principal.signed_in() ? principal.name : std::string("anonymous")) + " from " +
             request.client + " may not " + std::string(method) + " " + path + " (" + allowed.message() + ")");
        return refusal(allowed, path);
      }
    }
    const bool signs_in = route.method == "POST" && route.path == "/api/v1/session";
    if (is_write(method) && principal.via == Principal::Via::kSession && !signs_in &&
        !same_secret(request.csrf_token, principal.csrf_token)) {
      tell("refused a write without its CSRF token: " + principal.name + " " + std::string(method) + " " + path);
      return csrf_refusal(path);
    }
    // A list route answers CSV for ?format=csv, or for an Accept that prefers text/csv.
    bool takes_format = false;
    for_each_name(route.query,
                  [&takes_format](std::string_view name) { takes_format = takes_format || name == "format"; });
    const Acceptance accepts = acceptance_of(request.accept);
    const bool csv_by_accept = takes_format && accepts.csv > accepts.json;
    const bool answers_json = route.answers == "application/json";
    if (answers_json && !csv_by_accept && accepts.json <= 0 && !is_write(method)) {
      return problem_reply(406, "not-acceptable", "Not acceptable",
                           std::string("this route answers application/json") + (takes_format ? " or text/csv" : "") +
                               "; the Accept header allows neither",
                           path);
    }
    const auto run = [&]() -> HttpReply {
      const Result<Query> query = parse_query(url, route.query);
      if (!query) return problem_reply(query.status(), path);
      const std::string format = query->get("format");
      const std::optional<ReplyFormat> asked = format.empty() ? std::nullopt : parse_word<ReplyFormat>(format);
      if (!format.empty() && !asked) {
        return problem_reply(
            Status(ErrorCode::kInvalidArgument,
                   "format is " + word_choices(words_of<ReplyFormat>()) + ", not '" + format + "'", "format"),
            path);
      }
      const bool csv = asked ? *asked == ReplyFormat::kCsv : csv_by_accept;
      HttpReply reply =
          route.handler(RouteContext{engine_, *params, *query, request.body, path, request, principal, cookie_, csv});
      // The same target answers JSON or CSV by the Accept header.
      if (takes_format) add_vary(reply, "Accept");
      return reply;
    };
    const ContentCoding coding =
        route.capability == Capability::kOwnAccount ? ContentCoding::kIdentity : reply_coding(request);
    if (!route.cacheable || !cache_ || is_write(method)) {
      return is_write(method) ? run() : not_modified_or(encode_reply(run(), coding), request.if_none_match);
    }
    std::string prefix = engine_.snapshot()->etag();
    prefix += ' ';
    prefix += engine_.today().to_string();
    prefix += csv_by_accept ? " csv " : " ";
    const auto key_for = [&](ContentCoding of) {
      return prefix + std::string(coding_name(of)) + ' ' + std::string(request.target);
    };
    std::string key = key_for(coding);
    std::optional<HttpReply> reply = cache_->find(key);
    if (!reply) {
      // What is compressed is the identity reply, taken from the cache when it holds it.
      std::optional<HttpReply> identity =
          coding == ContentCoding::kIdentity ? std::nullopt : cache_->find(key_for(ContentCoding::kIdentity));
      reply = encode_reply(identity ? std::move(*identity) : run(), coding);
      // A streamed reply is read once: it is never cached.
      if (!reply->stream) cache_->insert(std::move(key), *reply);
    }
    return not_modified_or(std::move(*reply), request.if_none_match);
  }
  if (!allow.empty()) {
    HttpReply reply = problem_reply(405, "method-not-allowed", "Method not allowed",
                                    "this route accepts " + allow + " (see /api/v1/openapi.json)", path);
    reply.headers.emplace_back("Allow", allow);
    return reply;
  }
  if (!path.starts_with("/api/v1/") && path != "/healthz") {
    return problem_reply(404, "not-found", "Not found",
                         "no such route; the API lives under /api/v1 (see /api/v1/openapi.json)", path);
  }
  return problem_reply(404, "not-found", "Not found",
                       "no route " + path + "; the routes are listed in /api/v1/openapi.json", path);
}

}  // namespace entente
