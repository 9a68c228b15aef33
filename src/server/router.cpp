#include "server/router.hpp"

#include "server/simulation_routes.hpp"

#include <algorithm>
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
#include "engine/render_json.hpp"

namespace entente {

namespace json = boost::json;

namespace {

HttpReply json_reply(const json::value& value) { return HttpReply{200, "application/json", json::serialize(value)}; }

// The JSON of an answer, tagged with the version of the snapshot it came from.
template <typename T>
HttpReply versioned_reply(const Versioned<T>& answer, const json::value& value) {
  HttpReply reply = json_reply(value);
  reply.headers.emplace_back("ETag", answer.snapshot->etag());
  return reply;
}

// An answer rendered with the registry of its own snapshot (when `render` takes one), or
// the problem that stopped it.
template <typename T>
HttpReply reply_or_problem(const Result<Versioned<T>>& answer, std::string_view path, auto render) {
  if (!answer) return problem_reply(answer.status(), path);
  if constexpr (std::is_invocable_v<decltype(render), const T&, const Registry&>) {
    return versioned_reply(*answer, render(*answer, answer->snapshot->registry()));
  } else {
    return versioned_reply(*answer, render(*answer));
  }
}

// `reply`, or 304 Not Modified when the client already holds its version: If-None-Match
// lists the reply's ETag, or is "*" (RFC 9110 13.1.2).
HttpReply not_modified_or(HttpReply reply, std::string_view if_none_match) {
  if (reply.status != 200 || if_none_match.empty()) return reply;
  const auto etag = std::find_if(reply.headers.begin(), reply.headers.end(),
                                 [](const auto& header) { return header.first == "ETag"; });
  if (etag == reply.headers.end()) return reply;
  bool matches = false;
  std::string_view rest = if_none_match;
  while (!rest.empty() && !matches) {
    const std::size_t comma = rest.find(',');
    std::string_view tag = trim(rest.substr(0, comma));
    if (tag.starts_with("W/")) tag.remove_prefix(2);  // weak comparison
    matches = tag == "*" || tag == etag->second;
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
  }
  if (!matches) return reply;
  return HttpReply{304, reply.content_type, std::string(), {*etag}};
}

// The decoded query parameters of one request.
class Query {
 public:
  static Result<Query> parse(const boost::urls::url_view& url, std::initializer_list<std::string_view> allowed) {
    Query query;
    for (const auto& param : url.params()) {
      bool known = false;
      for (std::string_view name : allowed) known = known || name == param.key;
      if (!known) {
        std::string expected;
        for (std::string_view name : allowed) expected += (expected.empty() ? "" : ", ") + std::string(name);
        return Status(ErrorCode::kInvalidArgument, "unknown query parameter '" + param.key + "'" +
                                                       (expected.empty() ? std::string("; this route takes none")
                                                                         : "; expected one of: " + expected));
      }
      if (query.values_.count(param.key) > 0) {
        return Status(ErrorCode::kInvalidArgument, "query parameter '" + param.key + "' is given twice");
      }
      query.values_[param.key] = param.has_value ? param.value : std::string();
    }
    return query;
  }

  std::string get(const std::string& name) const {
    const auto it = values_.find(name);
    return it == values_.end() ? std::string() : it->second;
  }

 private:
  std::map<std::string, std::string> values_;
};

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
      {ErrorCode::kInternal, "Internal error"},
  };
  return problem_reply(http_status_for(status.code()), error_slug(status.code()), kTitles.at(status.code()),
                       status.message(), instance);
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

ApiRouter::ApiRouter(const Engine& engine, std::size_t cache_bytes, SimulationSettings simulation)
    : engine_(engine),
      cache_(cache_bytes > 0 ? std::make_unique<Cache>(cache_bytes) : nullptr),
      simulations_(std::make_unique<SimulationRoutes>(engine, std::move(simulation))) {}
ApiRouter::~ApiRouter() = default;
ApiRouter::ApiRouter(ApiRouter&&) noexcept = default;

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
  if (SimulationRoutes::handles(path)) {
    return simulations_->route(request.method, path, parsed->has_query(), request.body, request.client);
  }
  const std::string_view method = request.method;
  if (method != "GET" && method != "HEAD") return compute(method, request.target, request.body);
  if (!cache_ || path == "/healthz") {
    return not_modified_or(compute(method, request.target, request.body), request.if_none_match);
  }
  std::string key = engine_.snapshot()->etag();
  key += ' ';
  key += engine_.today().to_string();
  key += ' ';
  key += request.target;
  std::optional<HttpReply> reply = cache_->find(key);
  if (!reply) {
    reply = compute(method, request.target, request.body);
    cache_->insert(std::move(key), *reply);
  }
  return not_modified_or(std::move(*reply), request.if_none_match);
}

std::string ApiRouter::startup_warning() const { return simulations_->startup_warning(); }

std::size_t ApiRouter::cached_bytes() const { return cache_ ? cache_->bytes() : 0; }

bool ApiRouter::handles(std::string_view path) {
  return path == "/healthz" || path == "/api" || path.starts_with("/api/");
}

HttpReply ApiRouter::compute(std::string_view method, std::string_view target, std::string_view body) const {
  const auto parsed = boost::urls::parse_origin_form(target);
  if (!parsed) {
    return problem_reply(400, "invalid-argument", "Invalid argument", "the request target is not a valid URL path", "");
  }
  const boost::urls::url_view& url = *parsed;
  const std::string path = url.path();
  if (path == "/api/v1/decisions") {
    if (method != "POST") {
      HttpReply reply = problem_reply(405, "method-not-allowed", "Method not allowed",
                                      "POST a decision request as JSON (see /api/v1/openapi.json)", path);
      reply.headers.emplace_back("Allow", "POST");
      return reply;
    }
    if (!url.params().empty()) {
      return problem_reply(Status(ErrorCode::kInvalidArgument, "this route takes no query parameters"), path);
    }
    Result<DecisionRequest> request = parse_decision_request(body);
    if (!request) return problem_reply(request.status(), path);
    Result<Versioned<Decision>> decision = engine_.decide(*request);
    if (!decision) return problem_reply(decision.status(), path);
    return json_reply(to_json(*decision, decision->snapshot->registry()));
  }
  if (method != "GET" && method != "HEAD") {
    HttpReply reply = problem_reply(405, "method-not-allowed", "Method not allowed",
                                    "only GET and HEAD are supported; the registry is read-only over HTTP", path);
    reply.headers.emplace_back("Allow", "GET, HEAD");
    return reply;
  }
  const std::vector<std::string> segments = segments_of(url);
  const std::size_t count = segments.size();
  const auto query = [&](std::initializer_list<std::string_view> allowed) { return Query::parse(url, allowed); };
  const auto bad_query = [&](const Result<Query>& q) { return problem_reply(q.status(), path); };

  if (count == 1 && segments[0] == "healthz") {
    const Result<Query> q = query({});
    if (!q) return bad_query(q);
    const DatasetSummary summary = engine_.summary();
    return json_reply(
        json::object{{"status", "ok"}, {"nations", summary.nations}, {"today", engine_.today().to_string()}});
  }
  if (count < 2 || segments[0] != "api" || segments[1] != "v1") {
    return problem_reply(404, "not-found", "Not found",
                         "no such route; the API lives under /api/v1 (see /api/v1/openapi.json)", path);
  }
  const std::string& resource = count > 2 ? segments[2] : std::string();

  if (count == 3 && resource == "openapi.json") {
    const Result<Query> q = query({});
    if (!q) return bad_query(q);
    static const auto kDocument = std::make_shared<const std::string>(openapi_document());
    return HttpReply{200, "application/json", kDocument};
  }
  if (resource == "organisations") {
    if (count == 3) {
      const Result<Query> q = query({});
      if (!q) return bad_query(q);
      const Versioned<CatalogueAnswer> catalogue = engine_.catalogue();
      return versioned_reply(catalogue, organisations_json(catalogue.snapshot->registry()));
    }
    const std::string& id = segments[3];
    if (count == 4) {
      const Result<Query> q = query({});
      if (!q) return bad_query(q);
      Result<Versioned<MembersAnswer>> found = engine_.members(id, "");
      if (!found) return problem_reply(found.status(), path);
      return json_reply(to_json(*found->organisation));
    }
    if (count == 5 && segments[4] == "members") {
      const Result<Query> q = query({"as_of"});
      if (!q) return bad_query(q);
      return reply_or_problem(engine_.members(id, q->get("as_of")), path,
                              [](const MembersAnswer& a, const Registry& registry) { return to_json(a, registry); });
    }
    if (count == 5 && segments[4] == "relations") {
      const Result<Query> q = query({"as_of"});
      if (!q) return bad_query(q);
      return reply_or_problem(engine_.relations(id, q->get("as_of")), path,
                              [](const RelationsAnswer& a) { return to_json(a); });
    }
  }
  if (resource == "frameworks") {
    if (count == 3) {
      const Result<Query> q = query({});
      if (!q) return bad_query(q);
      const Versioned<CatalogueAnswer> catalogue = engine_.catalogue();
      return versioned_reply(catalogue, frameworks_json(catalogue.snapshot->registry()));
    }
    if (count == 5 && segments[4] == "partners") {
      const Result<Query> q = query({"as_of"});
      if (!q) return bad_query(q);
      return reply_or_problem(engine_.partners(segments[3], q->get("as_of")), path,
                              [](const PartnersAnswer& a, const Registry& registry) { return to_json(a, registry); });
    }
  }
  if (resource == "nations") {
    if (count == 3) {
      const Result<Query> q = query({"q"});
      if (!q) return bad_query(q);
      const std::string text = q->get("q");
      if (text.empty()) {
        const Versioned<CatalogueAnswer> catalogue = engine_.catalogue();
        std::vector<const Nation*> all;
        for (const Nation& nation : *catalogue.nations) all.push_back(&nation);
        return versioned_reply(catalogue, nations_json(all));
      }
      return reply_or_problem(engine_.search(text), path, [](const SearchAnswer& a) { return to_json(a); });
    }
    if (count == 4) {
      const Result<Query> q = query({"as_of"});
      if (!q) return bad_query(q);
      return reply_or_problem(engine_.nation(segments[3], q->get("as_of")), path,
                              [](const ProfileAnswer& a, const Registry& registry) { return to_json(a, registry); });
    }
  }
  if (count == 3 && resource == "article5") {
    const Result<Query> q = query({"lat", "lon", "territory", "target", "nation", "as_of"});
    if (!q) return bad_query(q);
    const Article5Request request{q->get("lat"),    q->get("lon"),    q->get("territory"),
                                  q->get("target"), q->get("nation"), q->get("as_of")};
    return reply_or_problem(engine_.article5(request), path,
                            [](const Article6Verdict& v, const Registry& registry) { return to_json(v, registry); });
  }
  if (count == 3 && resource == "treaty-area") {
    const Result<Query> q = query({"as_of"});
    if (!q) return bad_query(q);
    return reply_or_problem(engine_.treaty_area(q->get("as_of")), path,
                            [](const TreatyAreaAnswer& a) { return to_json(a); });
  }
  if (count == 5 && resource == "councils" && segments[4] == "seats") {
    const Result<Query> q = query({"as_of"});
    if (!q) return bad_query(q);
    return reply_or_problem(engine_.council_seats(segments[3], q->get("as_of")), path,
                            [](const CouncilSeatsAnswer& a, const Registry& registry) { return to_json(a, registry); });
  }
  if (count == 3 && resource == "article4") {
    const Result<Query> q = query({"nation", "from", "to"});
    if (!q) return bad_query(q);
    return reply_or_problem(
        engine_.consultations(q->get("nation"), q->get("from"), q->get("to")), path,
        [](const ConsultationsAnswer& a, const Registry& registry) { return to_json(a, registry); });
  }
  if (resource == "operations" && count == 3) {
    const Result<Query> q = query({"as_of", "kind", "basis", "nation"});
    if (!q) return bad_query(q);
    return reply_or_problem(engine_.operations(q->get("as_of"), q->get("kind"), q->get("basis"), q->get("nation")),
                            path,
                            [](const OperationsAnswer& a, const Registry& registry) { return to_json(a, registry); });
  }
  if (resource == "operations" && count == 4) {
    const Result<Query> q = query({});
    if (!q) return bad_query(q);
    return reply_or_problem(
        engine_.operation(segments[3]), path,
        [](const OperationAssessment& a, const Registry& registry) { return to_json(a, registry); });
  }
  if (count == 3 && resource == "eligibility") {
    const Result<Query> q = query({"nation", "activity", "organisation", "as_of"});
    if (!q) return bad_query(q);
    if (q->get("nation").empty() || q->get("activity").empty()) {
      return problem_reply(
          Status(ErrorCode::kInvalidArgument, "give nation and activity, e.g. ?nation=AUT&activity=exercises"), path);
    }
    return reply_or_problem(
        engine_.eligibility(q->get("nation"), q->get("activity"), q->get("organisation"), q->get("as_of")), path,
        [](const EligibilityAnswer& a) { return to_json(a); });
  }
  if (count == 3 && resource == "timeline") {
    const Result<Query> q = query({"organisation", "nation", "from", "to"});
    if (!q) return bad_query(q);
    const TimelineRequest request{q->get("organisation"), q->get("nation"), q->get("from"), q->get("to")};
    return reply_or_problem(engine_.timeline(request), path,
                            [](const TimelineAnswer& a, const Registry& registry) { return to_json(a, registry); });
  }
  return problem_reply(404, "not-found", "Not found",
                       "no route " + path + "; the routes are listed in /api/v1/openapi.json", path);
}

}  // namespace entente
