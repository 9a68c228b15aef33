// API tests of the routes of accounts, sessions, API tokens, registry edits and the audit
// log, through ApiRouter::route with real credentials: sessions signed in over POST
// /api/v1/session (the cookie sent back as the browser would, the CSRF token from the
// answer) and API tokens sent as Authorization: Bearer. The engine runs over an in-memory
// database holding tests/data/mini. Every answer checked here is also checked against the
// answer docs/openapi.json documents for its operation and status, so the document cannot
// drift from the routes.

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <charconv>
#include <chrono>
#include <memory>
#include <ostream>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/csv.hpp"
#include "core/text.hpp"
#include "engine/engine.hpp"
#include "server/router.hpp"
#include "store/dataset_reader.hpp"

namespace entente {
namespace {

namespace json = boost::json;

const Date kToday = Date::from_ymd(2024, 6, 1);
constexpr const char* kPassword = "correct horse battery staple";
constexpr const char* kClient = "192.0.2.10";
constexpr const char* kSource = "https://www.nato.int/cps/en/natohq/topics_52044.htm";
constexpr const char* kCorrectionSource = "https://www.nato.int/cps/en/natohq/news_223446.htm";

// A reply, and its body as JSON (null when it has none).
struct Answer {
  HttpReply reply;
  json::value body;

  unsigned status() const { return reply.status; }

  // The value of the first header `name` (ASCII case ignored), or empty.
  std::string header(std::string_view name) const {
    for (const auto& [key, value] : reply.headers) {
      if (ascii_lower(key) == ascii_lower(name)) return value;
    }
    return "";
  }

  // A member of the body, or null when the body is not an object or lacks it.
  const json::value& member(std::string_view name) const {
    static const json::value kNull;
    if (!body.is_object()) return kNull;
    const json::value* value = body.as_object().if_contains(name);
    return value != nullptr ? *value : kNull;
  }

  std::string text(std::string_view name) const {
    const json::value& value = member(name);
    return value.is_string() ? std::string(value.as_string()) : std::string();
  }

  std::int64_t number(std::string_view name) const {
    const json::value& value = member(name);
    return value.is_int64() ? value.as_int64() : 0;
  }
};

// Who calls, with the credentials a client would send.
struct Caller {
  std::string cookie;         // the Cookie header
  std::string csrf_token;     // X-CSRF-Token
  std::string authorization;  // the Authorization header
  std::string client = kClient;
  std::string user_agent = "write-routes-test";
};

const Caller kAnonymous{};

// The other headers of a request.
struct Headers {
  std::string if_match;
  std::string if_none_match;
  std::string request_id;
};

// The fields a problem's errors[] names with `kind` ("pointer", "parameter", "header").
std::vector<std::string> fields_of(const Answer& answer, std::string_view kind) {
  std::vector<std::string> fields;
  const json::value& errors = answer.member("errors");
  if (!errors.is_array()) return fields;
  for (const json::value& error : errors.as_array()) {
    const json::value* field = error.is_object() ? error.as_object().if_contains(kind) : nullptr;
    if (field != nullptr && field->is_string()) fields.emplace_back(field->as_string());
  }
  return fields;
}

bool contains(const std::vector<std::string>& fields, std::string_view field) {
  return std::find(fields.begin(), fields.end(), field) != fields.end();
}

// The attributes of a Set-Cookie header after its name=value, e.g. "Path=/", "HttpOnly".
std::set<std::string> cookie_attributes(std::string_view header) {
  std::set<std::string> attributes;
  for (std::size_t semicolon = header.find(';'); semicolon != std::string_view::npos; semicolon = header.find(';')) {
    header.remove_prefix(semicolon + 1);
    attributes.emplace(trim(header.substr(0, header.find(';'))));
  }
  return attributes;
}

bool is_lower_hex(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

// The day of an RFC 3339 instant ("2026-12-05T10:00:00.000Z": 2026-12-05).
Date day_of(std::string_view instant) {
  const Result<Date> day = Date::parse(instant.substr(0, 10));
  EXPECT_TRUE(day.is_ok()) << instant;
  return day ? *day : Date();
}

// The row of `rows` (an array of objects) whose id is `id`, or null.
const json::value* row_with_id(const json::value& rows, std::int64_t id) {
  if (!rows.is_array()) return nullptr;
  for (const json::value& row : rows.as_array()) {
    const json::value* row_id = row.is_object() ? row.as_object().if_contains("id") : nullptr;
    if (row_id != nullptr && row_id->is_int64() && row_id->as_int64() == id) return &row;
  }
  return nullptr;
}

std::string body_of(const json::object& object) { return json::serialize(object); }

// docs/openapi.json as the tests read it: the answers each operation documents, and a
// check of a reply against them.
class ApiDocument {
 public:
  ApiDocument() : document_(json::parse(openapi_document())) {}

  // Expects `answer` to be one that docs/openapi.json documents for `method` on `path`
  // (the path as the document writes it, e.g. "/api/v1/memberships/{id}"): its status
  // listed, every documented header present, its content type documented, and its body
  // matching the documented schema.
  void expect_documented(std::string_view method, std::string_view path, const Answer& answer) const {
    const std::string where = std::string(method) + " " + std::string(path) + " " + std::to_string(answer.status());
    const json::value* item = document_.at("paths").as_object().if_contains(path);
    ASSERT_NE(item, nullptr) << path << " is not in docs/openapi.json";
    const json::value* operation = item->as_object().if_contains(ascii_lower(method));
    ASSERT_NE(operation, nullptr) << where << ": docs/openapi.json does not document the method";
    const json::value* response = operation->at("responses").as_object().if_contains(std::to_string(answer.status()));
    ASSERT_NE(response, nullptr) << where << ": docs/openapi.json does not list this status; the reply was "
                                 << answer.reply.text();
    const json::object& documented = resolve(*response).as_object();
    if (const json::value* headers = documented.if_contains("headers")) {
      for (const auto& [name, header] : headers->as_object()) {
        EXPECT_FALSE(answer.header(name).empty()) << where << " lacks the documented header " << name;
      }
    }
    const json::value* content = documented.if_contains("content");
    if (content == nullptr) {
      EXPECT_TRUE(answer.reply.text().empty()) << where << " documents no body, yet has " << answer.reply.text();
      return;
    }
    const json::value* media = content->as_object().if_contains(answer.reply.content_type);
    ASSERT_NE(media, nullptr) << where << " answered " << answer.reply.content_type << ", which is not documented";
    if (const json::value* schema = media->as_object().if_contains("schema")) {
      expect_matches(*schema, answer.body, where);
    }
  }

  // Expects `value` to meet `schema`: its type, enum, format and minimum length, and for
  // an object exactly the documented properties (with a "required" list only those must
  // be there; without one, every property), recursively.
  void expect_matches(const json::value& schema_or_ref, const json::value& value, const std::string& where) const {
    const json::value& schema = resolve(schema_or_ref);
    if (!schema.is_object()) return;
    const json::object& rules = schema.as_object();
    if (const json::value* type = rules.if_contains("type")) {
      EXPECT_TRUE(has_type(value, *type))
          << where << " is " << json::serialize(value) << ", not of type " << json::serialize(*type);
    }
    if (const json::value* choices = rules.if_contains("enum")) {
      const json::array& words = choices->as_array();
      EXPECT_NE(std::find(words.begin(), words.end(), value), words.end())
          << where << " is " << json::serialize(value) << ", not one of " << json::serialize(*choices);
    }
    if (value.is_string()) expect_string_rules(rules, value.as_string(), where);
    if (const json::value* properties = rules.if_contains("properties"); properties != nullptr && value.is_object()) {
      const json::value* required = rules.if_contains("required");
      for (const auto& [key, property] : properties->as_object()) {
        bool must = required == nullptr;
        if (required != nullptr) {
          for (const json::value& name : required->as_array()) must = must || name.as_string() == key;
        }
        const json::value* field = value.as_object().if_contains(key);
        if (must) {
          EXPECT_NE(field, nullptr) << where << " lacks the documented key '" << std::string(key) << "'";
        }
        if (field != nullptr) expect_matches(property, *field, where + "." + std::string(key));
      }
      for (const auto& [key, field] : value.as_object()) {
        EXPECT_TRUE(properties->as_object().contains(key))
            << where << " has the undocumented key '" << std::string(key) << "'";
      }
    }
    if (const json::value* items = rules.if_contains("items"); items != nullptr && value.is_array()) {
      for (const json::value& item : value.as_array()) expect_matches(*items, item, where + "[]");
    }
  }

  // The schema of a component, e.g. "Problem".
  const json::value& schema(std::string_view name) const { return document_.at("components").at("schemas").at(name); }

 private:
  // What `value` refers to when it is a {"$ref": "#/components/..."}, followed to the end.
  const json::value& resolve(const json::value& value) const {
    const json::value* ref = value.is_object() ? value.as_object().if_contains("$ref") : nullptr;
    if (ref == nullptr) return value;
    std::string_view pointer = ref->as_string();
    pointer.remove_prefix(2);  // "#/"
    const json::value* at = &document_;
    while (!pointer.empty()) {
      const std::size_t slash = pointer.find('/');
      at = &at->at(pointer.substr(0, slash));
      pointer = slash == std::string_view::npos ? std::string_view() : pointer.substr(slash + 1);
    }
    return resolve(*at);
  }

  static bool has_type(const json::value& value, const json::value& type) {
    if (type.is_array()) {
      return std::any_of(type.as_array().begin(), type.as_array().end(),
                         [&](const json::value& one) { return has_type(value, one); });
    }
    const std::string_view name = type.as_string();
    if (name == "string") return value.is_string();
    if (name == "integer") return value.is_int64() || value.is_uint64();
    if (name == "number") return value.is_number();
    if (name == "boolean") return value.is_bool();
    if (name == "object") return value.is_object();
    if (name == "array") return value.is_array();
    if (name == "null") return value.is_null();
    ADD_FAILURE() << "docs/openapi.json names the unknown type " << name;
    return false;
  }

  static void expect_string_rules(const json::object& rules, std::string_view text, const std::string& where) {
    if (const json::value* format = rules.if_contains("format"); format != nullptr && format->is_string()) {
      if (format->as_string() == "date") {
        EXPECT_TRUE(Date::parse(text).is_ok()) << where << " is not a date: " << text;
      }
      if (format->as_string() == "date-time") {
        EXPECT_TRUE(parse_instant(text).has_value()) << where << " is not an RFC 3339 instant: " << text;
      }
    }
    if (const json::value* least = rules.if_contains("minLength"); least != nullptr && least->is_int64()) {
      EXPECT_GE(static_cast<std::int64_t>(text.size()), least->as_int64()) << where << " is too short";
    }
  }

  json::value document_;
};

// An engine over an in-memory database holding the mini dataset, with an administrator
// (ada), two members of the alliance staff (sam, sue) and a viewer (vic), and a router
// over it.
class WriteRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override { open(AccessPolicy{}); }

  void open(AccessPolicy access) {
    Result<Dataset> dataset = read_dataset(DirectoryDataFiles("tests/data/mini"));
    ASSERT_TRUE(dataset.is_ok()) << dataset.status().to_string();
    Result<std::unique_ptr<Store>> store = Store::open_sqlite(":memory:", Store::OpenMode::kCreate);
    ASSERT_TRUE(store.is_ok()) << store.status().to_string();
    ASSERT_TRUE((*store)->replace(*dataset).is_ok());
    auto clock = std::make_unique<FixedClock>(kToday);
    clock_ = clock.get();
    EngineOptions options;
    options.access = access;
    options.accounts.cost = HashCost::cheapest();
    Result<std::unique_ptr<Engine>> engine = Engine::open_store(std::move(*store), std::move(clock), options);
    ASSERT_TRUE(engine.is_ok()) << engine.status().to_string();
    engine_ = std::move(*engine);
    const std::array<std::pair<const char*, const char*>, 4> accounts{
        {{"ada", "administrator"}, {"sam", "alliance-staff"}, {"sue", "alliance-staff"}, {"vic", "viewer"}}};
    for (const auto& [name, role] : accounts) {
      const Result<CreatedAccount> added =
          engine_->accounts().add(Principal::local_operator("tests"), NewAccount{name, role, "", kPassword}, "setup");
      ASSERT_TRUE(added.is_ok()) << added.status().to_string();
    }
    router_ = std::make_unique<ApiRouter>(*engine_);
  }

  static Answer send_to(const ApiRouter& router, const Caller& caller, std::string_view method, std::string_view target,
                        std::string_view body = {}, const Headers& headers = {}) {
    ApiRequest request;
    request.method = method;
    request.target = target;
    request.body = body;
    request.client = caller.client;
    request.if_none_match = headers.if_none_match;
    request.if_match = headers.if_match;
    request.cookie = caller.cookie;
    request.authorization = caller.authorization;
    request.csrf_token = caller.csrf_token;
    request.user_agent = caller.user_agent;
    request.request_id = headers.request_id;
    Answer answer{router.route(request), nullptr};
    if (!answer.reply.text().empty() && answer.reply.content_type.find("json") != std::string::npos) {
      boost::system::error_code error;
      answer.body = json::parse(answer.reply.text(), error);
      EXPECT_FALSE(error) << method << " " << target << " answered a body that is not JSON: " << answer.reply.text();
    }
    return answer;
  }

  Answer send(const Caller& caller, std::string_view method, std::string_view target, std::string_view body = {},
              const Headers& headers = {}) const {
    return send_to(*router_, caller, method, target, body, headers);
  }

  static std::string sign_in_body(std::string_view name, std::string_view password) {
    return body_of({{"username", name}, {"password", password}});
  }

  // Signs in over POST /api/v1/session: the caller then sends the session cookie back as
  // a browser would, with the answer's CSRF token.
  static Caller sign_in_to(const ApiRouter& router, std::string_view name, std::string_view password = kPassword,
                           const std::string& client = kClient) {
    Caller caller;
    caller.client = client;
    const Answer answer = send_to(router, caller, "POST", "/api/v1/session", sign_in_body(name, password));
    EXPECT_EQ(answer.status(), 201U) << answer.reply.text();
    const std::string set_cookie = answer.header("Set-Cookie");
    caller.cookie = set_cookie.substr(0, set_cookie.find(';'));
    caller.csrf_token = answer.text("csrf_token");
    return caller;
  }

  Caller sign_in(std::string_view name, const std::string& client = kClient) const {
    return sign_in_to(*router_, name, kPassword, client);
  }

  // A caller with a new API token of `owner`'s account.
  Caller bearer(const Caller& owner, std::string_view name = "tests") const {
    const Answer created = send(owner, "POST", "/api/v1/tokens", body_of({{"name", name}}));
    EXPECT_EQ(created.status(), 201U) << created.reply.text();
    Caller caller;
    caller.authorization = "Bearer " + created.text("token");
    return caller;
  }

  static Caller without_csrf(Caller caller) {
    caller.csrf_token.clear();
    return caller;
  }

  // How many entries the audit log holds, as the operator reads it.
  std::size_t audit_size() const {
    AuditQuery query;
    query.limit = 100'000;
    const Result<std::vector<AuditEntry>> entries = engine_->edits().audit(Principal::local_operator("tests"), query);
    EXPECT_TRUE(entries.is_ok()) << entries.status().to_string();
    return entries ? entries->size() : 0;
  }

  // Expects a problem+json answer with `status` and `code`.
  static void expect_problem(const Answer& answer, unsigned status, std::string_view code) {
    EXPECT_EQ(answer.status(), status) << answer.reply.text();
    EXPECT_EQ(answer.reply.content_type, "application/problem+json") << answer.reply.text();
    EXPECT_EQ(answer.text("code"), code) << answer.reply.text();
  }

  void expect_documented(std::string_view method, std::string_view path, const Answer& answer) const {
    document_.expect_documented(method, path, answer);
  }

  // A membership of Austria in NATO from 2024-03-07, as `caller` records it.
  Answer create_membership(const Caller& caller, const Headers& headers = {}) const {
    return send(caller, "POST", "/api/v1/memberships",
                body_of({{"organisation", "NATO"},
                         {"nation", "AUT"},
                         {"from", "2024-03-07"},
                         {"status", "member"},
                         {"source", kSource},
                         {"reason", "accession"}}),
                headers);
  }

  std::unique_ptr<Engine> engine_;
  FixedClock* clock_ = nullptr;
  std::unique_ptr<ApiRouter> router_;
  ApiDocument document_;
};

// --- Sessions -----------------------------------------------------------------------------

TEST_F(WriteRoutesTest, SignInSetsAnHttpOnlyStrictSessionCookie) {
  const Answer answer = send(kAnonymous, "POST", "/api/v1/session", sign_in_body("sam", kPassword));
  ASSERT_EQ(answer.status(), 201U) << answer.reply.text();
  expect_documented("POST", "/api/v1/session", answer);
  const std::string set_cookie = answer.header("Set-Cookie");
  ASSERT_TRUE(set_cookie.starts_with("entente-session=")) << set_cookie;
  const std::string value = set_cookie.substr(16, set_cookie.find(';') - 16);
  EXPECT_EQ(value.size(), 64U) << set_cookie;
  EXPECT_TRUE(is_lower_hex(value)) << set_cookie;
  const std::set<std::string> attributes = cookie_attributes(set_cookie);
  EXPECT_TRUE(attributes.contains("HttpOnly")) << set_cookie;
  EXPECT_TRUE(attributes.contains("SameSite=Strict")) << set_cookie;
  EXPECT_TRUE(attributes.contains("Path=/")) << set_cookie;
  EXPECT_FALSE(attributes.contains("Secure")) << set_cookie;
  EXPECT_TRUE(std::none_of(attributes.begin(), attributes.end(), [](const std::string& a) {
    return ascii_lower(a).starts_with("domain");
  })) << set_cookie;

  EXPECT_EQ(answer.member("user").at("name"), "sam");
  EXPECT_EQ(answer.member("user").at("role"), "alliance-staff");
  EXPECT_TRUE(is_lower_hex(answer.text("csrf_token"))) << answer.reply.text();
  EXPECT_NE(answer.text("csrf_token"), value);
  EXPECT_EQ(answer.number("idle_timeout_seconds"), 1800);
  EXPECT_TRUE(parse_instant(answer.text("expires")).has_value()) << answer.reply.text();
  EXPECT_EQ(answer.reply.text().find(value), std::string::npos) << "the body repeats the session's secret";
}

TEST_F(WriteRoutesTest, SecureCookiesAreHostPrefixedAndSecure) {
  const ApiRouter secure(*engine_, ApiRouter::kDefaultCacheBytes, SimulationSettings{}, SessionCookie{true});
  const Answer answer = send_to(secure, kAnonymous, "POST", "/api/v1/session", sign_in_body("sam", kPassword));
  ASSERT_EQ(answer.status(), 201U) << answer.reply.text();
  expect_documented("POST", "/api/v1/session", answer);
  const std::string set_cookie = answer.header("Set-Cookie");
  EXPECT_TRUE(set_cookie.starts_with("__Host-entente-session=")) << set_cookie;
  const std::set<std::string> attributes = cookie_attributes(set_cookie);
  for (const char* attribute : {"Secure", "HttpOnly", "SameSite=Strict", "Path=/"}) {
    EXPECT_TRUE(attributes.contains(attribute)) << attribute << " missing from " << set_cookie;
  }
  EXPECT_TRUE(std::none_of(attributes.begin(), attributes.end(),
                           [](const std::string& a) { return ascii_lower(a).starts_with("domain"); }))
      << "a __Host- cookie has no Domain: " << set_cookie;

  Caller caller;
  caller.cookie = set_cookie.substr(0, set_cookie.find(';'));
  const Answer me = send_to(secure, caller, "GET", "/api/v1/session");
  EXPECT_EQ(me.status(), 200U) << me.reply.text();
  EXPECT_EQ(me.text("via"), "session");
  // The same secret under the plain name is not this server's cookie.
  caller.cookie = "entente-session=" + caller.cookie.substr(caller.cookie.find('=') + 1);
  expect_problem(send_to(secure, caller, "GET", "/api/v1/session"), 401, "unauthenticated");
}

TEST_F(WriteRoutesTest, AWrongPasswordIsRefusedLikeAnUnknownUser) {
  const Answer wrong = send(kAnonymous, "POST", "/api/v1/session", sign_in_body("sam", "not the password"));
  const Answer unknown = send(kAnonymous, "POST", "/api/v1/session", sign_in_body("nobody", "not the password"));
  for (const Answer* answer : {&wrong, &unknown}) {
    expect_problem(*answer, 401, "unauthenticated");
    expect_documented("POST", "/api/v1/session", *answer);
    EXPECT_TRUE(answer->header("Set-Cookie").empty()) << answer->header("Set-Cookie");
  }
  EXPECT_EQ(wrong.text("detail"), unknown.text("detail"));
  EXPECT_EQ(wrong.text("detail"), "wrong username or password");
}

TEST_F(WriteRoutesTest, RepeatedFailuresLockTheAccountWithRetryAfter) {
  for (int attempt = 0; attempt < 5; ++attempt) {
    const Answer failed =
        send(kAnonymous, "POST", "/api/v1/session", sign_in_body("sam", "guess number " + std::to_string(attempt)));
    expect_problem(failed, 401, "unauthenticated");
  }
  const Answer locked = send(kAnonymous, "POST", "/api/v1/session", sign_in_body("sam", kPassword));
  expect_problem(locked, 429, "too-many-requests");
  expect_documented("POST", "/api/v1/session", locked);
  const std::string retry_after = locked.header("Retry-After");
  int seconds = 0;
  const auto [end, error] = std::from_chars(retry_after.data(), retry_after.data() + retry_after.size(), seconds);
  EXPECT_TRUE(error == std::errc() && end == retry_after.data() + retry_after.size()) << retry_after;
  EXPECT_GT(seconds, 0) << retry_after;

  clock_->advance(std::chrono::seconds(seconds + 1));
  EXPECT_EQ(send(kAnonymous, "POST", "/api/v1/session", sign_in_body("sam", kPassword)).status(), 201U);
}

TEST_F(WriteRoutesTest, RepeatedFailuresFromOneAddressMakeItWait) {
  Caller guesser;
  guesser.client = "198.51.100.7";
  for (int attempt = 0; attempt < 20; ++attempt) {
    const Answer failed = send(guesser, "POST", "/api/v1/session",
                               sign_in_body("nobody" + std::to_string(attempt), "whatever it may be"));
    expect_problem(failed, 401, "unauthenticated");
  }
  const Answer refused = send(guesser, "POST", "/api/v1/session", sign_in_body("sam", kPassword));
  expect_problem(refused, 429, "too-many-requests");
  expect_documented("POST", "/api/v1/session", refused);
  EXPECT_FALSE(refused.header("Retry-After").empty());
  EXPECT_EQ(send(kAnonymous, "POST", "/api/v1/session", sign_in_body("sam", kPassword)).status(), 201U);
}

TEST_F(WriteRoutesTest, SignInBodiesAreValidated) {
  const Answer not_json = send(kAnonymous, "POST", "/api/v1/session", "{\"username\": ");
  expect_problem(not_json, 400, "invalid-argument");
  expect_documented("POST", "/api/v1/session", not_json);
  const Answer unknown = send(kAnonymous, "POST", "/api/v1/session", body_of({{"user", "sam"}, {"password", "x"}}));
  expect_problem(unknown, 400, "invalid-argument");
  EXPECT_EQ(fields_of(unknown, "pointer"), std::vector<std::string>{"/user"});
  const Answer number = send(kAnonymous, "POST", "/api/v1/session", body_of({{"username", 7}, {"password", "x"}}));
  expect_problem(number, 400, "invalid-argument");
  EXPECT_EQ(fields_of(number, "pointer"), std::vector<std::string>{"/username"});
}

TEST_F(WriteRoutesTest, GetSessionTellsWhoIsSignedInAndHow) {
  const Answer signed_in = send(kAnonymous, "POST", "/api/v1/session", sign_in_body("sam", kPassword));
  ASSERT_EQ(signed_in.status(), 201U);
  Caller sam;
  sam.cookie = signed_in.header("Set-Cookie").substr(0, signed_in.header("Set-Cookie").find(';'));

  const Answer me = send(sam, "GET", "/api/v1/session");
  ASSERT_EQ(me.status(), 200U) << me.reply.text();
  expect_documented("GET", "/api/v1/session", me);
  EXPECT_EQ(me.member("user"), signed_in.member("user"));
  EXPECT_EQ(me.text("via"), "session");
  EXPECT_EQ(me.text("csrf_token"), signed_in.text("csrf_token"));
  EXPECT_EQ(me.text("expires"), signed_in.text("expires"));

  const Answer anonymous = send(kAnonymous, "GET", "/api/v1/session");
  expect_problem(anonymous, 401, "unauthenticated");
  expect_documented("GET", "/api/v1/session", anonymous);
  EXPECT_FALSE(anonymous.header("WWW-Authenticate").empty());
}

TEST_F(WriteRoutesTest, SignOutEndsTheSessionAndClearsTheCookie) {
  const Caller sam = sign_in("sam");
  const Answer refused = send(without_csrf(sam), "DELETE", "/api/v1/session");
  expect_problem(refused, 403, "csrf-failed");
  expect_documented("DELETE", "/api/v1/session", refused);
  EXPECT_EQ(send(sam, "GET", "/api/v1/session").status(), 200U) << "a refused sign-out ended the session";

  const Answer signed_out = send(sam, "DELETE", "/api/v1/session");
  ASSERT_EQ(signed_out.status(), 204U) << signed_out.reply.text();
  expect_documented("DELETE", "/api/v1/session", signed_out);
  const std::string set_cookie = signed_out.header("Set-Cookie");
  EXPECT_TRUE(set_cookie.starts_with("entente-session=;")) << set_cookie;
  EXPECT_TRUE(cookie_attributes(set_cookie).contains("Max-Age=0")) << set_cookie;
  EXPECT_TRUE(cookie_attributes(set_cookie).contains("Path=/")) << set_cookie;

  // The session ended on the server: its cookie, replayed, stands for no one.
  expect_problem(send(sam, "GET", "/api/v1/session"), 401, "unauthenticated");
  expect_problem(send(sam, "DELETE", "/api/v1/session"), 401, "unauthenticated");
}

TEST_F(WriteRoutesTest, SessionsAreListedAndEndedOnlyByTheirOwner) {
  const Caller sam = sign_in("sam", "192.0.2.21");
  const Caller sam_elsewhere = sign_in("sam", "192.0.2.22");
  const Caller vic = sign_in("vic");

  const Answer listed = send(sam, "GET", "/api/v1/sessions");
  ASSERT_EQ(listed.status(), 200U) << listed.reply.text();
  expect_documented("GET", "/api/v1/sessions", listed);
  const json::array& sessions = listed.member("sessions").as_array();
  ASSERT_EQ(sessions.size(), 2U) << listed.reply.text();
  std::int64_t current = 0;
  std::int64_t other = 0;
  for (const json::value& session : sessions) {
    (session.at("current").as_bool() ? current : other) = session.at("id").as_int64();
    EXPECT_EQ(session.at("address"), session.at("current").as_bool() ? "192.0.2.21" : "192.0.2.22");
    EXPECT_EQ(session.at("user_agent"), "write-routes-test");
  }
  EXPECT_GT(current, 0);
  EXPECT_GT(other, 0);

  const Answer vic_listed = send(vic, "GET", "/api/v1/sessions");
  ASSERT_EQ(vic_listed.member("sessions").as_array().size(), 1U) << vic_listed.reply.text();
  const std::int64_t vic_session = vic_listed.member("sessions").at(0).at("id").as_int64();

  // Another user's session is not the caller's to end, nor to know of.
  const Answer foreign = send(sam, "DELETE", "/api/v1/sessions/" + std::to_string(vic_session));
  expect_problem(foreign, 404, "not-found");
  expect_documented("DELETE", "/api/v1/sessions/{id}", foreign);
  EXPECT_EQ(send(vic, "GET", "/api/v1/session").status(), 200U);
  expect_problem(send(sam, "DELETE", "/api/v1/sessions/seven"), 404, "not-found");
  expect_problem(send(without_csrf(sam), "DELETE", "/api/v1/sessions/" + std::to_string(other)), 403, "csrf-failed");
  EXPECT_EQ(send(sam_elsewhere, "GET", "/api/v1/session").status(), 200U);

  const Answer ended = send(sam, "DELETE", "/api/v1/sessions/" + std::to_string(other));
  EXPECT_EQ(ended.status(), 204U) << ended.reply.text();
  expect_documented("DELETE", "/api/v1/sessions/{id}", ended);
  expect_problem(send(sam_elsewhere, "GET", "/api/v1/session"), 401, "unauthenticated");
  EXPECT_EQ(send(sam, "GET", "/api/v1/session").status(), 200U);
  EXPECT_EQ(send(sam, "GET", "/api/v1/sessions").member("sessions").as_array().size(), 1U);
}

// --- API tokens ---------------------------------------------------------------------------

TEST_F(WriteRoutesTest, ATokenIsShownOnceAndWorksAsBearer) {
  const Caller sam = sign_in("sam");
  const Answer created = send(sam, "POST", "/api/v1/tokens", body_of({{"name", "nightly export"}}));
  ASSERT_EQ(created.status(), 201U) << created.reply.text();
  expect_documented("POST", "/api/v1/tokens", created);
  const std::string secret = created.text("token");
  EXPECT_TRUE(secret.starts_with("ent_")) << secret;
  EXPECT_EQ(secret.size(), 68U) << secret;
  EXPECT_TRUE(is_lower_hex(secret.substr(4))) << secret;
  EXPECT_EQ(created.text("name"), "nightly export");
  EXPECT_EQ(created.text("last_used"), "");
  EXPECT_EQ(day_of(created.text("created")).add_days(90), day_of(created.text("expires")));

  const Answer month = send(sam, "POST", "/api/v1/tokens", body_of({{"name", "a month"}, {"expires_in_days", 30}}));
  ASSERT_EQ(month.status(), 201U) << month.reply.text();
  EXPECT_EQ(day_of(month.text("created")).add_days(30), day_of(month.text("expires")));

  const Answer listed = send(sam, "GET", "/api/v1/tokens");
  ASSERT_EQ(listed.status(), 200U) << listed.reply.text();
  expect_documented("GET", "/api/v1/tokens", listed);
  EXPECT_EQ(listed.member("tokens").as_array().size(), 2U);
  EXPECT_EQ(listed.reply.text().find(secret.substr(4)), std::string::npos) << "the secret is shown again";
  EXPECT_EQ(listed.reply.text().find(month.text("token").substr(4)), std::string::npos);

  Caller program;
  program.authorization = "Bearer " + secret;
  const Answer me = send(program, "GET", "/api/v1/session");
  ASSERT_EQ(me.status(), 200U) << me.reply.text();
  expect_documented("GET", "/api/v1/session", me);
  EXPECT_EQ(me.text("via"), "token");
  EXPECT_EQ(me.member("user").at("name"), "sam");
  EXPECT_TRUE(me.member("csrf_token").is_null()) << "a token has no CSRF token: " << me.reply.text();
  EXPECT_EQ(me.text("expires"), created.text("expires"));

  const Answer used = send(program, "GET", "/api/v1/tokens");
  const json::value* row = row_with_id(used.member("tokens"), created.number("id"));
  ASSERT_NE(row, nullptr) << used.reply.text();
  EXPECT_TRUE(parse_instant(row->at("last_used").as_string()).has_value()) << used.reply.text();
  // A program writes without a CSRF token.
  EXPECT_EQ(send(program, "POST", "/api/v1/tokens", body_of({{"name", "made by a program"}})).status(), 201U);
}

TEST_F(WriteRoutesTest, ARevokedTokenIsRefused) {
  const Caller sam = sign_in("sam");
  const Answer created = send(sam, "POST", "/api/v1/tokens", body_of({{"name", "to revoke"}}));
  ASSERT_EQ(created.status(), 201U);
  Caller program;
  program.authorization = "Bearer " + created.text("token");
  ASSERT_EQ(send(program, "GET", "/api/v1/session").status(), 200U);

  const std::string item = "/api/v1/tokens/" + std::to_string(created.number("id"));
  expect_problem(send(without_csrf(sam), "DELETE", item), 403, "csrf-failed");
  ASSERT_EQ(send(program, "GET", "/api/v1/session").status(), 200U) << "a refused revocation revoked";

  const Answer revoked = send(sam, "DELETE", item);
  EXPECT_EQ(revoked.status(), 204U) << revoked.reply.text();
  expect_documented("DELETE", "/api/v1/tokens/{id}", revoked);
  const Answer refused = send(program, "GET", "/api/v1/session");
  expect_problem(refused, 401, "unauthenticated");
  expect_documented("GET", "/api/v1/session", refused);
  EXPECT_FALSE(refused.header("WWW-Authenticate").empty());
  expect_problem(send(program, "GET", "/api/v1/organisations"), 401, "unauthenticated");
  const Answer again = send(sam, "DELETE", item);
  expect_problem(again, 404, "not-found");
  expect_documented("DELETE", "/api/v1/tokens/{id}", again);

  // Another user cannot revoke sam's token.
  const Caller kept = bearer(sam, "kept");
  const Answer listed = send(sam, "GET", "/api/v1/tokens");
  ASSERT_EQ(listed.member("tokens").as_array().size(), 1U) << listed.reply.text();
  const std::int64_t kept_id = listed.member("tokens").at(0).at("id").as_int64();
  expect_problem(send(sign_in("vic"), "DELETE", "/api/v1/tokens/" + std::to_string(kept_id)), 404, "not-found");
  EXPECT_EQ(send(kept, "GET", "/api/v1/session").status(), 200U);
}

TEST_F(WriteRoutesTest, AMalformedAuthorizationHeaderIsRefused) {
  const std::size_t audited = audit_size();
  for (const char* header : {"Basic c2FtOnBhc3N3b3Jk", "Bearer", "Bearer ", "Token ent_0", "ent_0000"}) {
    Caller caller;
    caller.authorization = header;
    const Answer answer = send(caller, "GET", "/api/v1/session");
    expect_problem(answer, 401, "unauthenticated");
    expect_documented("GET", "/api/v1/session", answer);
    EXPECT_TRUE(contains(fields_of(answer, "header"), "Authorization")) << header << ": " << answer.reply.text();
    // Even a public read refuses credentials it cannot take.
    expect_problem(send(caller, "GET", "/api/v1/organisations"), 401, "unauthenticated");
    expect_problem(create_membership(caller), 401, "unauthenticated");
  }
  Caller unknown;
  unknown.authorization = "Bearer ent_" + std::string(64, '0');
  expect_problem(send(unknown, "GET", "/api/v1/session"), 401, "unauthenticated");
  expect_problem(create_membership(unknown), 401, "unauthenticated");
  EXPECT_EQ(audit_size(), audited);
}

TEST_F(WriteRoutesTest, TokenBodiesAreValidated) {
  const Caller sam = sign_in("sam");
  for (const json::value& days : {json::value(0), json::value(367), json::value("30"), json::value(1.5)}) {
    const Answer answer =
        send(sam, "POST", "/api/v1/tokens", body_of({{"name", "nightly export"}, {"expires_in_days", days}}));
    expect_problem(answer, 400, "invalid-argument");
    expect_documented("POST", "/api/v1/tokens", answer);
    EXPECT_EQ(fields_of(answer, "pointer"), std::vector<std::string>{"/expires_in_days"}) << json::serialize(days);
  }
  const Answer nameless = send(sam, "POST", "/api/v1/tokens", "{}");
  expect_problem(nameless, 400, "invalid-argument");
  EXPECT_EQ(fields_of(nameless, "pointer"), std::vector<std::string>{"/name"});
  const Answer unknown = send(sam, "POST", "/api/v1/tokens", body_of({{"name", "x"}, {"scope", "all"}}));
  expect_problem(unknown, 400, "invalid-argument");
  EXPECT_EQ(fields_of(unknown, "pointer"), std::vector<std::string>{"/scope"});
  const Answer anonymous = send(kAnonymous, "POST", "/api/v1/tokens", body_of({{"name", "x"}}));
  expect_problem(anonymous, 401, "unauthenticated");
  expect_documented("POST", "/api/v1/tokens", anonymous);
  const Answer no_csrf = send(without_csrf(sam), "POST", "/api/v1/tokens", body_of({{"name", "x"}}));
  expect_problem(no_csrf, 403, "csrf-failed");
  EXPECT_TRUE(send(sam, "GET", "/api/v1/tokens").member("tokens").as_array().empty());
}

// --- Users --------------------------------------------------------------------------------

TEST_F(WriteRoutesTest, AdministratorsAddUsersWithAOneTimePassword) {
  const Caller ada = sign_in("ada");
  const Answer listed = send(ada, "GET", "/api/v1/users");
  ASSERT_EQ(listed.status(), 200U) << listed.reply.text();
  expect_documented("GET", "/api/v1/users", listed);
  std::set<std::string> names;
  for (const json::value& user : listed.member("users").as_array()) names.emplace(user.at("name").as_string());
  EXPECT_EQ(names, (std::set<std::string>{"ada", "sam", "sue", "vic"}));

  const Answer added =
      send(ada, "POST", "/api/v1/users", body_of({{"name", "carol"}, {"role", "nation-officer"}, {"nation", "FIN"}}));
  ASSERT_EQ(added.status(), 201U) << added.reply.text();
  expect_documented("POST", "/api/v1/users", added);
  const json::value& carol = added.member("user");
  EXPECT_EQ(carol.at("name"), "carol");
  EXPECT_EQ(carol.at("role"), "nation-officer");
  EXPECT_EQ(carol.at("nation"), "FIN");
  EXPECT_EQ(carol.at("disabled"), false);
  EXPECT_EQ(carol.at("version"), 1);
  EXPECT_EQ(added.header("Location"), "");  // no route serves one account
  const std::string one_time = added.text("password");
  EXPECT_GE(one_time.size(), 16U) << added.reply.text();
  const Caller signed_in = sign_in_to(*router_, "carol", one_time);
  EXPECT_EQ(send(signed_in, "GET", "/api/v1/session").member("user").at("nation"), "FIN");

  const Answer chosen = send(ada, "POST", "/api/v1/users",
                             body_of({{"name", "dan"}, {"role", "viewer"}, {"password", "a passphrase of his own"}}));
  ASSERT_EQ(chosen.status(), 201U) << chosen.reply.text();
  expect_documented("POST", "/api/v1/users", chosen);
  EXPECT_FALSE(chosen.body.as_object().contains("password")) << chosen.reply.text();
  EXPECT_FALSE(sign_in_to(*router_, "dan", "a passphrase of his own").cookie.empty());
  EXPECT_EQ(send(ada, "GET", "/api/v1/users").member("users").as_array().size(), 6U);
}

TEST_F(WriteRoutesTest, OnlyAdministratorsManageUsers) {
  const std::string body = body_of({{"name", "mallory"}, {"role", "administrator"}});
  const Caller sam = sign_in("sam");
  for (const Caller& caller : {sam, sign_in("vic"), bearer(sam)}) {
    const Answer listed = send(caller, "GET", "/api/v1/users");
    expect_problem(listed, 403, "forbidden");
    expect_documented("GET", "/api/v1/users", listed);
    const Answer added = send(caller, "POST", "/api/v1/users", body);
    expect_problem(added, 403, "forbidden");
    expect_documented("POST", "/api/v1/users", added);
  }
  const Answer anonymous_list = send(kAnonymous, "GET", "/api/v1/users");
  expect_problem(anonymous_list, 401, "unauthenticated");
  expect_documented("GET", "/api/v1/users", anonymous_list);
  const Answer anonymous_add = send(kAnonymous, "POST", "/api/v1/users", body);
  expect_problem(anonymous_add, 401, "unauthenticated");
  expect_documented("POST", "/api/v1/users", anonymous_add);
  EXPECT_EQ(send(sign_in("ada"), "GET", "/api/v1/users").member("users").as_array().size(), 4U);
}

TEST_F(WriteRoutesTest, UserBodiesAreValidated) {
  const Caller ada = sign_in("ada");
  const std::vector<std::pair<json::object, std::string>> cases{
      {{{"name", "eve"}, {"role", "emperor"}}, "/role"},
      {{{"name", "eve"}, {"role", "nation-officer"}}, "/nation"},
      {{{"name", "eve"}, {"role", "alliance-staff"}, {"nation", "FIN"}}, "/nation"},
      {{{"name", "Eve"}, {"role", "viewer"}}, "/name"},
      {{{"name", 5}, {"role", "viewer"}}, "/name"},
      {{{"name", "eve"}, {"role", "viewer"}, {"password", "short"}}, "/password"},
      {{{"name", "eve"}, {"role", "viewer"}, {"colour", "blue"}}, "/colour"},
  };
  for (const auto& [body, pointer] : cases) {
    const Answer answer = send(ada, "POST", "/api/v1/users", body_of(body));
    expect_problem(answer, 400, "invalid-argument");
    expect_documented("POST", "/api/v1/users", answer);
    EXPECT_EQ(fields_of(answer, "pointer"), std::vector<std::string>{pointer}) << body_of(body);
  }
  const Answer taken = send(ada, "POST", "/api/v1/users", body_of({{"name", "sam"}, {"role", "viewer"}}));
  expect_problem(taken, 409, "conflict");
  expect_documented("POST", "/api/v1/users", taken);
  EXPECT_EQ(fields_of(taken, "pointer"), std::vector<std::string>{"/name"});
  expect_problem(send(without_csrf(ada), "POST", "/api/v1/users", body_of({{"name", "eve"}, {"role", "viewer"}})), 403,
                 "csrf-failed");
  EXPECT_EQ(send(ada, "GET", "/api/v1/users").member("users").as_array().size(), 4U);
}

// --- Registry records ---------------------------------------------------------------------

TEST_F(WriteRoutesTest, ReferenceRowsCarryTheIdAndVersionOfTheirRecord) {
  const Answer members = send(kAnonymous, "GET", "/api/v1/organisations/NATO/members?as_of=2024-06-01");
  ASSERT_EQ(members.status(), 200U);
  expect_documented("GET", "/api/v1/organisations/{id}/members", members);
  std::int64_t finland = 0;
  for (const json::value& row : members.member("members").as_array()) {
    EXPECT_GT(row.at("id").as_int64(), 0) << json::serialize(row);
    EXPECT_EQ(row.at("version"), 1) << json::serialize(row);
    if (row.at("iso3") == "FIN") finland = row.at("id").as_int64();
  }
  const Answer membership = send(kAnonymous, "GET", "/api/v1/memberships/" + std::to_string(finland));
  ASSERT_EQ(membership.status(), 200U) << membership.reply.text();
  expect_documented("GET", "/api/v1/memberships/{id}", membership);
  EXPECT_EQ(membership.text("nation"), "FIN");
  EXPECT_EQ(membership.text("organisation"), "NATO");
  EXPECT_EQ(membership.text("from"), "2023-04-04");
  EXPECT_TRUE(membership.member("to").is_null());

  const Answer partners = send(kAnonymous, "GET", "/api/v1/frameworks/PFP/partners?as_of=2000-01-01");
  expect_documented("GET", "/api/v1/frameworks/{id}/partners", partners);
  const json::value& austria = partners.member("partners").at(0);
  ASSERT_EQ(austria.at("iso3"), "AUT");
  const Answer partnership =
      send(kAnonymous, "GET", "/api/v1/partnerships/" + std::to_string(austria.at("id").as_int64()));
  ASSERT_EQ(partnership.status(), 200U) << partnership.reply.text();
  expect_documented("GET", "/api/v1/partnerships/{id}", partnership);
  EXPECT_EQ(partnership.text("framework"), "PFP");
  EXPECT_EQ(partnership.text("nation"), "AUT");

  const Answer ukraine = send(kAnonymous, "GET", "/api/v1/nations/UKR");
  expect_documented("GET", "/api/v1/nations/{iso3}", ukraine);
  const json::value& plan_row = ukraine.member("plans").at(0);
  const Answer plan = send(kAnonymous, "GET", "/api/v1/plans/" + std::to_string(plan_row.at("id").as_int64()));
  ASSERT_EQ(plan.status(), 200U) << plan.reply.text();
  expect_documented("GET", "/api/v1/plans/{id}", plan);
  EXPECT_EQ(plan.text("plan"), "ANP");
  EXPECT_EQ(plan.text("nation"), "UKR");
  EXPECT_EQ(plan.header("ETag"), "\"r1\"");
}

// One kind of record staff edit, and the reads that show it.
struct RecordCase {
  std::string kind;        // a word of RecordKind
  std::string collection;  // "/api/v1/memberships"
  json::object create;     // a valid body of POST
  // A body that breaks two rules of the data: an unknown nation, and an end before its start.
  json::object invalid;
  std::vector<std::string> required;  // the members a POST must have, as pointers
  std::string listing;                // a read that lists the new record, or empty
  std::string listing_path;           // that read's path in docs/openapi.json
  std::string listing_rows;           // its array of rows
  std::string profile;                // the nation's profile, which lists it
  std::string profile_rows;

  std::string item(std::int64_t id) const { return collection + "/" + std::to_string(id); }
  std::string item_path() const { return collection + "/{id}"; }
};

void PrintTo(const RecordCase& record, std::ostream* out) { *out << record.kind; }

const std::vector<RecordCase>& record_cases() {
  static const std::vector<RecordCase> kCases{
      {"membership",
       "/api/v1/memberships",
       {{"organisation", "NATO"},
        {"nation", "AUT"},
        {"from", "2024-03-07"},
        {"status", "member"},
        {"source", kSource},
        {"reason", "accession"}},
       {{"organisation", "NATO"}, {"nation", "XYZ"}, {"from", "2024-03-07"}, {"to", "2024-01-01"}, {"source", kSource}},
       {"/organisation", "/nation", "/from", "/source"},
       "/api/v1/organisations/NATO/members?as_of=2024-03-08",
       "/api/v1/organisations/{id}/members",
       "members",
       "/api/v1/nations/AUT?as_of=2024-03-08",
       "memberships"},
      {"partnership",
       "/api/v1/partnerships",
       {{"framework", "NACC"},
        {"nation", "FIN"},
        {"from", "1992-06-05"},
        {"to", "1997-05-30"},
        {"status", "active"},
        {"source", "https://www.nato.int/cps/en/natohq/topics_69344.htm"},
        {"reason", "observer at the NACC"}},
       {{"framework", "NACC"}, {"nation", "XYZ"}, {"from", "1992-06-05"}, {"to", "1992-01-01"}, {"source", kSource}},
       {"/framework", "/nation", "/from", "/source"},
       "/api/v1/frameworks/NACC/partners?as_of=1995-01-01",
       "/api/v1/frameworks/{id}/partners",
       "partners",
       "/api/v1/nations/FIN?as_of=1995-01-01",
       "partnerships"},
      {"plan",
       "/api/v1/plans",
       {{"organisation", "NATO"},
        {"nation", "UKR"},
        {"plan", "IPAP"},
        {"from", "2002-11-22"},
        {"to", "2008-12-03"},
        {"source", "https://www.nato.int/cps/en/natohq/topics_37750.htm"},
        {"reason", "action plan"}},
       {{"organisation", "NATO"},
        {"nation", "XYZ"},
        {"plan", "IPAP"},
        {"from", "2002-11-22"},
        {"to", "2002-01-01"},
        {"source", kSource}},
       {"/organisation", "/nation", "/plan", "/from", "/source"},
       "",
       "",
       "",
       "/api/v1/nations/UKR?as_of=2005-01-01",
       "plans"},
  };
  return kCases;
}

class WriteRoutesRecordTest : public WriteRoutesTest, public ::testing::WithParamInterface<RecordCase> {
 protected:
  const RecordCase& record() const { return GetParam(); }

  // Creates the case's record as `caller`; its id, or 0.
  std::int64_t create(const Caller& caller) const {
    const Answer created = send(caller, "POST", record().collection, body_of(record().create));
    EXPECT_EQ(created.status(), 201U) << created.reply.text();
    return created.number("id");
  }

  static std::string correction(std::string_view note) {
    return body_of({{"note", note}, {"source", kCorrectionSource}, {"reason", "a second source"}});
  }
};

TEST_P(WriteRoutesRecordTest, ACreatedRecordIsSeenByTheNextReads) {
  const Caller sam = sign_in("sam");
  // Read first, so that the reply cache holds the answers from before the write.
  const Answer profile_before = send(kAnonymous, "GET", record().profile);
  ASSERT_EQ(profile_before.status(), 200U) << profile_before.reply.text();
  const Answer listing_before = record().listing.empty() ? Answer{} : send(kAnonymous, "GET", record().listing);

  const Answer created = send(sam, "POST", record().collection, body_of(record().create));
  ASSERT_EQ(created.status(), 201U) << created.reply.text();
  expect_documented("POST", record().collection, created);
  const std::int64_t id = created.number("id");
  EXPECT_GT(id, 0);
  EXPECT_EQ(created.number("version"), 1);
  EXPECT_EQ(created.header("ETag"), "\"r1\"");
  EXPECT_EQ(created.header("Location"), record().item(id));
  for (const auto& [key, value] : record().create) {
    if (key != "reason") {
      EXPECT_EQ(created.member(key), value) << std::string(key);
    }
  }
  EXPECT_FALSE(created.body.as_object().contains("reason"));

  const Answer profile = send(kAnonymous, "GET", record().profile);
  ASSERT_EQ(profile.status(), 200U) << profile.reply.text();
  expect_documented("GET", "/api/v1/nations/{iso3}", profile);
  EXPECT_NE(profile.header("ETag"), profile_before.header("ETag"));
  const json::value* profile_row = row_with_id(profile.member(record().profile_rows), id);
  ASSERT_NE(profile_row, nullptr) << record().profile << " does not show the new record: " << profile.reply.text();
  EXPECT_EQ(profile_row->at("version"), 1);
  EXPECT_EQ(profile_row->at("from"), record().create.at("from"));

  if (record().listing.empty()) return;
  const Answer listing = send(kAnonymous, "GET", record().listing);
  ASSERT_EQ(listing.status(), 200U) << listing.reply.text();
  expect_documented("GET", record().listing_path, listing);
  EXPECT_NE(listing.header("ETag"), listing_before.header("ETag"));
  EXPECT_EQ(listing.number("count"), listing_before.number("count") + 1);
  const json::value* listed = row_with_id(listing.member(record().listing_rows), id);
  ASSERT_NE(listed, nullptr) << record().listing << " does not show the new record: " << listing.reply.text();
  EXPECT_EQ(listed->at("iso3"), record().create.at("nation"));
  EXPECT_EQ(listed->at("version"), 1);
}

TEST_P(WriteRoutesRecordTest, GetAnswersTheRecordWithItsETag) {
  const Caller sam = sign_in("sam");
  const Answer created = send(sam, "POST", record().collection, body_of(record().create));
  ASSERT_EQ(created.status(), 201U) << created.reply.text();
  const std::string item = record().item(created.number("id"));

  const Answer got = send(kAnonymous, "GET", item);
  ASSERT_EQ(got.status(), 200U) << got.reply.text();
  expect_documented("GET", record().item_path(), got);
  EXPECT_EQ(got.body, created.body);
  EXPECT_EQ(got.header("ETag"), "\"r1\"");

  Headers holding;
  holding.if_none_match = "\"r1\"";
  const Answer unchanged = send(kAnonymous, "GET", item, {}, holding);
  EXPECT_EQ(unchanged.status(), 304U) << unchanged.reply.text();
  EXPECT_TRUE(unchanged.reply.text().empty());
  EXPECT_EQ(unchanged.header("ETag"), "\"r1\"");
  holding.if_none_match = "\"r2\"";
  EXPECT_EQ(send(kAnonymous, "GET", item, {}, holding).status(), 200U);

  for (const char* id : {"999999", "0", "-1", "abc"}) {
    const Answer missing = send(kAnonymous, "GET", record().collection + "/" + id);
    expect_problem(missing, 404, "not-found");
    expect_documented("GET", record().item_path(), missing);
  }
}

TEST_P(WriteRoutesRecordTest, PatchWithIfMatchMakesTheNextVersion) {
  const Caller sam = sign_in("sam");
  const std::int64_t id = create(sam);
  Headers headers;
  headers.if_match = "\"r1\"";
  const Answer patched = send(sam, "PATCH", record().item(id), correction("Corrected after review."), headers);
  ASSERT_EQ(patched.status(), 200U) << patched.reply.text();
  expect_documented("PATCH", record().item_path(), patched);
  EXPECT_EQ(patched.number("id"), id);
  EXPECT_EQ(patched.number("version"), 2);
  EXPECT_EQ(patched.header("ETag"), "\"r2\"");
  EXPECT_EQ(patched.text("note"), "Corrected after review.");
  EXPECT_EQ(patched.text("source"), kCorrectionSource);
  EXPECT_EQ(patched.member("from"), record().create.at("from"));

  const Answer got = send(kAnonymous, "GET", record().item(id));
  EXPECT_EQ(got.body, patched.body);
  EXPECT_EQ(got.header("ETag"), "\"r2\"");
  const Answer profile = send(kAnonymous, "GET", record().profile);
  const json::value* row = row_with_id(profile.member(record().profile_rows), id);
  ASSERT_NE(row, nullptr) << profile.reply.text();
  EXPECT_EQ(row->at("version"), 2);
  EXPECT_EQ(row->at("note"), "Corrected after review.");
}

TEST_P(WriteRoutesRecordTest, AWriteWithoutIfMatchIsPreconditionRequired) {
  const Caller sam = sign_in("sam");
  const std::int64_t id = create(sam);
  const std::size_t audited = audit_size();
  const Answer patch = send(sam, "PATCH", record().item(id), correction("No version named."));
  expect_problem(patch, 428, "precondition-required");
  expect_documented("PATCH", record().item_path(), patch);
  EXPECT_EQ(fields_of(patch, "header"), std::vector<std::string>{"If-Match"});
  const Answer remove = send(sam, "DELETE", record().item(id), body_of({{"reason", "recorded twice"}}));
  expect_problem(remove, 428, "precondition-required");
  expect_documented("DELETE", record().item_path(), remove);

  // A tag that is not a record's version is no version at all.
  for (const char* tag : {"r1", "W/\"r1\"", "\"v1\"", "\"r0\""}) {
    Headers headers;
    headers.if_match = tag;
    const Answer answer = send(sam, "PATCH", record().item(id), correction("A bad tag."), headers);
    expect_problem(answer, 400, "invalid-argument");
    expect_documented("PATCH", record().item_path(), answer);
    EXPECT_EQ(fields_of(answer, "header"), std::vector<std::string>{"If-Match"}) << tag;
  }
  EXPECT_EQ(audit_size(), audited);
  EXPECT_EQ(send(kAnonymous, "GET", record().item(id)).number("version"), 1);
}

TEST_P(WriteRoutesRecordTest, AStaleIfMatchIsAConflictThatChangesNothing) {
  const Caller sam = sign_in("sam");
  const std::int64_t id = create(sam);
  Headers first;
  first.if_match = "\"r1\"";
  ASSERT_EQ(send(sam, "PATCH", record().item(id), correction("The first correction."), first).status(), 200U);
  const Answer current = send(kAnonymous, "GET", record().item(id));
  const std::size_t audited = audit_size();

  const Answer stale = send(sam, "PATCH", record().item(id), correction("A correction of version 1."), first);
  expect_problem(stale, 409, "conflict");
  expect_documented("PATCH", record().item_path(), stale);
  EXPECT_EQ(stale.member("current"), current.body) << stale.reply.text();
  EXPECT_EQ(stale.member("current").at("version"), 2);
  EXPECT_EQ(stale.header("ETag"), "\"r2\"");

  const Answer stale_delete = send(sam, "DELETE", record().item(id), body_of({{"reason", "recorded twice"}}), first);
  expect_problem(stale_delete, 409, "conflict");
  expect_documented("DELETE", record().item_path(), stale_delete);
  EXPECT_EQ(stale_delete.member("current"), current.body);

  EXPECT_EQ(audit_size(), audited);
  const Answer after = send(kAnonymous, "GET", record().item(id));
  EXPECT_EQ(after.body, current.body);
  EXPECT_EQ(after.header("ETag"), "\"r2\"");
}

TEST_P(WriteRoutesRecordTest, DeleteRemovesTheRecord) {
  const Caller sam = sign_in("sam");
  const std::int64_t id = create(sam);
  Headers headers;
  headers.if_match = "\"r1\"";
  const Answer removed = send(sam, "DELETE", record().item(id), body_of({{"reason", "recorded twice"}}), headers);
  EXPECT_EQ(removed.status(), 204U) << removed.reply.text();
  expect_documented("DELETE", record().item_path(), removed);

  const Answer gone = send(kAnonymous, "GET", record().item(id));
  expect_problem(gone, 404, "not-found");
  expect_documented("GET", record().item_path(), gone);
  const Answer profile = send(kAnonymous, "GET", record().profile);
  EXPECT_EQ(row_with_id(profile.member(record().profile_rows), id), nullptr) << profile.reply.text();
  const Answer again = send(sam, "DELETE", record().item(id), body_of({{"reason", "recorded twice"}}), headers);
  expect_problem(again, 404, "not-found");
  expect_documented("DELETE", record().item_path(), again);
}

TEST_P(WriteRoutesRecordTest, InvalidBodiesNameEachField) {
  const Caller sam = sign_in("sam");
  const std::size_t audited = audit_size();

  const Answer empty = send(sam, "POST", record().collection, "{}");
  expect_problem(empty, 400, "invalid-argument");
  expect_documented("POST", record().collection, empty);
  const std::vector<std::string> missing = fields_of(empty, "pointer");
  for (const std::string& pointer : record().required) {
    EXPECT_TRUE(contains(missing, pointer)) << pointer << " is not named: " << empty.reply.text();
  }

  const Answer broken = send(sam, "POST", record().collection, body_of(record().invalid));
  expect_problem(broken, 422, "invalid-data");
  expect_documented("POST", record().collection, broken);
  const std::vector<std::string> rules = fields_of(broken, "pointer");
  EXPECT_TRUE(contains(rules, "/nation")) << broken.reply.text();
  EXPECT_TRUE(contains(rules, "/to")) << broken.reply.text();

  json::object bad_date = record().create;
  bad_date["from"] = "2023-02-30";
  const Answer date = send(sam, "POST", record().collection, body_of(bad_date));
  expect_problem(date, 400, "invalid-argument");
  EXPECT_EQ(fields_of(date, "pointer"), std::vector<std::string>{"/from"}) << date.reply.text();

  const std::vector<std::pair<std::string, std::string>> malformed{
      {body_of({{"colour", "blue"}}), "/colour"},
      {body_of({{"to", 2024}}), "/to"},
      {body_of({{"nation", json::array{"AUT"}}}), "/nation"},
  };
  for (const auto& [body, pointer] : malformed) {
    const Answer answer = send(sam, "POST", record().collection, body);
    expect_problem(answer, 400, "invalid-argument");
    EXPECT_EQ(fields_of(answer, "pointer"), std::vector<std::string>{pointer}) << body;
  }
  const Answer not_json = send(sam, "POST", record().collection, "[1, 2");
  expect_problem(not_json, 400, "invalid-argument");
  expect_documented("POST", record().collection, not_json);
  EXPECT_EQ(audit_size(), audited);

  // A correction names its source.
  const std::int64_t id = create(sam);
  Headers headers;
  headers.if_match = "\"r1\"";
  const Answer sourceless = send(sam, "PATCH", record().item(id), body_of({{"note", "No source."}}), headers);
  expect_problem(sourceless, 400, "invalid-argument");
  expect_documented("PATCH", record().item_path(), sourceless);
  EXPECT_EQ(fields_of(sourceless, "pointer"), std::vector<std::string>{"/source"});
  const Answer backwards =
      send(sam, "PATCH", record().item(id), body_of({{"to", "1990-01-01"}, {"source", kCorrectionSource}}), headers);
  expect_problem(backwards, 422, "invalid-data");
  expect_documented("PATCH", record().item_path(), backwards);
  EXPECT_TRUE(contains(fields_of(backwards, "pointer"), "/to")) << backwards.reply.text();
  EXPECT_EQ(send(kAnonymous, "GET", record().item(id)).number("version"), 1);
}

TEST_P(WriteRoutesRecordTest, CsrfGuardsCookieWritesButNotBearerWrites) {
  const Caller sam = sign_in("sam");
  const Caller program = bearer(sam);
  Caller forged = sam;
  forged.csrf_token = std::string(64, 'a');
  const std::size_t audited = audit_size();
  const Answer profile_before = send(kAnonymous, "GET", record().profile);

  for (const Caller& caller : {without_csrf(sam), forged}) {
    const Answer refused = send(caller, "POST", record().collection, body_of(record().create));
    expect_problem(refused, 403, "csrf-failed");
    expect_documented("POST", record().collection, refused);
  }
  EXPECT_EQ(audit_size(), audited);
  EXPECT_EQ(send(kAnonymous, "GET", record().profile).body, profile_before.body);

  // An API token needs no CSRF token.
  const Answer created = send(program, "POST", record().collection, body_of(record().create));
  ASSERT_EQ(created.status(), 201U) << created.reply.text();
  const std::int64_t id = created.number("id");
  Headers headers;
  headers.if_match = "\"r1\"";
  for (const Caller& caller : {without_csrf(sam), forged}) {
    const Answer patch = send(caller, "PATCH", record().item(id), correction("Forged."), headers);
    expect_problem(patch, 403, "csrf-failed");
    expect_documented("PATCH", record().item_path(), patch);
    const Answer remove = send(caller, "DELETE", record().item(id), body_of({{"reason", "forged"}}), headers);
    expect_problem(remove, 403, "csrf-failed");
    expect_documented("DELETE", record().item_path(), remove);
  }
  EXPECT_EQ(audit_size(), audited + 1);
  EXPECT_EQ(send(kAnonymous, "GET", record().item(id)).body, created.body);

  const Answer patched = send(program, "PATCH", record().item(id), correction("By a program."), headers);
  EXPECT_EQ(patched.status(), 200U) << patched.reply.text();
  headers.if_match = "\"r2\"";
  EXPECT_EQ(send(program, "DELETE", record().item(id), body_of({{"reason", "by a program"}}), headers).status(), 204U);
}

TEST_P(WriteRoutesRecordTest, OnlyStaffEditRecords) {
  const Caller sam = sign_in("sam");
  const std::int64_t id = create(sam);
  const std::size_t audited = audit_size();
  Headers headers;
  headers.if_match = "\"r1\"";
  const Caller vic = sign_in("vic");
  for (const Caller* caller : {&vic, &kAnonymous}) {
    const unsigned status = caller == &vic ? 403 : 401;
    const std::string_view code = caller == &vic ? "forbidden" : "unauthenticated";
    const Answer post = send(*caller, "POST", record().collection, body_of(record().create));
    expect_problem(post, status, code);
    expect_documented("POST", record().collection, post);
    const Answer patch = send(*caller, "PATCH", record().item(id), correction("Not staff."), headers);
    expect_problem(patch, status, code);
    expect_documented("PATCH", record().item_path(), patch);
    const Answer remove = send(*caller, "DELETE", record().item(id), body_of({{"reason", "not staff"}}), headers);
    expect_problem(remove, status, code);
    expect_documented("DELETE", record().item_path(), remove);
  }
  EXPECT_EQ(audit_size(), audited);
  const Caller ada = sign_in("ada");
  EXPECT_EQ(send(ada, "PATCH", record().item(id), correction("By an administrator."), headers).status(), 200U);
}

INSTANTIATE_TEST_SUITE_P(WriteRoutes, WriteRoutesRecordTest, ::testing::ValuesIn(record_cases()),
                         [](const ::testing::TestParamInfo<RecordCase>& instance) { return instance.param.kind; });

// --- The audit log ------------------------------------------------------------------------

TEST_F(WriteRoutesTest, TheAuditLogListsChangesNewestFirstWithTheirDetails) {
  const Caller sam = sign_in("sam");
  Headers headers;
  headers.request_id = "req-create";
  const Answer created = create_membership(sam, headers);
  ASSERT_EQ(created.status(), 201U) << created.reply.text();
  const std::int64_t id = created.number("id");
  headers = Headers{"\"r1\"", "", "req-patch"};
  const Answer patched =
      send(sam, "PATCH", "/api/v1/memberships/" + std::to_string(id),
           body_of({{"note", "Corrected."}, {"source", kCorrectionSource}, {"reason", "a second source"}}), headers);
  ASSERT_EQ(patched.status(), 200U) << patched.reply.text();
  headers = Headers{"\"r2\"", "", "req-delete"};
  ASSERT_EQ(
      send(sam, "DELETE", "/api/v1/memberships/" + std::to_string(id), body_of({{"reason", "recorded twice"}}), headers)
          .status(),
      204U);

  const Answer audit = send(sam, "GET", "/api/v1/audit?kind=membership&record=" + std::to_string(id));
  ASSERT_EQ(audit.status(), 200U) << audit.reply.text();
  expect_documented("GET", "/api/v1/audit", audit);
  const json::array& entries = audit.member("entries").as_array();
  ASSERT_EQ(entries.size(), 3U) << audit.reply.text();
  EXPECT_TRUE(audit.member("next_before").is_null());
  const std::array<const char*, 3> actions{"delete", "update", "create"};
  const std::array<const char*, 3> reasons{"recorded twice", "a second source", "accession"};
  const std::array<const char*, 3> requests{"req-delete", "req-patch", "req-create"};
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const json::value& entry = entries[i];
    EXPECT_EQ(entry.at("action"), actions[i]);
    EXPECT_EQ(entry.at("actor"), "sam");
    EXPECT_EQ(entry.at("kind"), "membership");
    EXPECT_EQ(entry.at("record"), id);
    EXPECT_EQ(entry.at("reason"), reasons[i]);
    EXPECT_EQ(entry.at("request_id"), requests[i]);
    if (i > 0) {
      EXPECT_LT(entry.at("id").as_int64(), entries[i - 1].at("id").as_int64()) << "not newest first";
    }
  }
  EXPECT_EQ(entries[0].at("before"), patched.body);
  EXPECT_TRUE(entries[0].at("after").is_null());
  EXPECT_EQ(entries[1].at("before"), created.body);
  EXPECT_EQ(entries[1].at("after"), patched.body);
  EXPECT_TRUE(entries[2].at("before").is_null());
  EXPECT_EQ(entries[2].at("after"), created.body);

  // Accounts and tokens are audited too; the newest change comes first.
  const Caller ada = sign_in("ada");
  headers = Headers{"", "", "req-user"};
  ASSERT_EQ(send(ada, "POST", "/api/v1/users", body_of({{"name", "carol"}, {"role", "viewer"}}), headers).status(),
            201U);
  headers = Headers{"", "", "req-token"};
  ASSERT_EQ(send(sam, "POST", "/api/v1/tokens", body_of({{"name", "nightly export"}}), headers).status(), 201U);
  const Answer all = send(ada, "GET", "/api/v1/audit");
  ASSERT_EQ(all.status(), 200U) << all.reply.text();
  expect_documented("GET", "/api/v1/audit", all);
  const json::array& newest = all.member("entries").as_array();
  ASSERT_GE(newest.size(), 5U);
  EXPECT_EQ(newest[0].at("kind"), "token");
  EXPECT_EQ(newest[0].at("action"), "create");
  EXPECT_EQ(newest[0].at("actor"), "sam");
  EXPECT_EQ(newest[0].at("request_id"), "req-token");
  EXPECT_EQ(newest[0].at("after").at("name"), "nightly export");
  EXPECT_EQ(newest[1].at("kind"), "account");
  EXPECT_EQ(newest[1].at("actor"), "ada");
  EXPECT_EQ(newest[1].at("after").at("name"), "carol");
  EXPECT_EQ(newest[1].at("request_id"), "req-user");
  EXPECT_EQ(newest[2], entries[0]);
  EXPECT_EQ(all.reply.text().find("argon2"), std::string::npos) << "the audit log shows a password hash";
}

TEST_F(WriteRoutesTest, TheAuditLogFiltersByActorKindAndRecord) {
  const Caller sam = sign_in("sam");
  const Caller sue = sign_in("sue");
  const Answer first = create_membership(sam);
  ASSERT_EQ(first.status(), 201U);
  const Answer plan = send(sue, "POST", "/api/v1/plans",
                           body_of({{"organisation", "NATO"},
                                    {"nation", "UKR"},
                                    {"plan", "IPAP"},
                                    {"from", "2002-11-22"},
                                    {"to", "2008-12-03"},
                                    {"source", kSource}}));
  ASSERT_EQ(plan.status(), 201U) << plan.reply.text();
  Headers headers;
  headers.if_match = "\"r1\"";
  ASSERT_EQ(send(sam, "PATCH", "/api/v1/memberships/" + std::to_string(first.number("id")),
                 body_of({{"to", "2024-05-01"}, {"source", kCorrectionSource}}), headers)
                .status(),
            200U);

  const auto entries_of = [&](const std::string& query) {
    const Answer answer = send(sam, "GET", "/api/v1/audit?" + query);
    EXPECT_EQ(answer.status(), 200U) << query << ": " << answer.reply.text();
    expect_documented("GET", "/api/v1/audit", answer);
    return answer.member("entries").is_array() ? answer.member("entries").as_array() : json::array();
  };
  const json::array by_sue = entries_of("actor=sue");
  ASSERT_EQ(by_sue.size(), 1U);
  EXPECT_EQ(by_sue[0].at("kind"), "plan");
  EXPECT_EQ(by_sue[0].at("record"), plan.number("id"));
  const json::array by_sam = entries_of("actor=sam");
  EXPECT_EQ(by_sam.size(), 2U);
  for (const json::value& entry : by_sam) EXPECT_EQ(entry.at("actor"), "sam");
  EXPECT_TRUE(entries_of("actor=nobody").empty());

  const json::array plans = entries_of("kind=plan");
  ASSERT_EQ(plans.size(), 1U);
  EXPECT_EQ(plans[0].at("actor"), "sue");
  const json::array accounts = entries_of("kind=account");
  EXPECT_EQ(accounts.size(), 4U);  // the accounts the fixture added
  for (const json::value& entry : accounts) EXPECT_EQ(entry.at("kind"), "account");

  const json::array one = entries_of("kind=membership&record=" + std::to_string(first.number("id")));
  ASSERT_EQ(one.size(), 2U);
  EXPECT_EQ(one[0].at("action"), "update");
  EXPECT_EQ(one[1].at("action"), "create");
  EXPECT_TRUE(entries_of("kind=membership&record=999999").empty());
  EXPECT_EQ(entries_of("actor=sam&kind=membership&limit=1").size(), 1U);
}

TEST_F(WriteRoutesTest, TheAuditLogFiltersByTime) {
  const Caller program = bearer(sign_in("sam"));  // a token outlives the days the clock moves on
  ASSERT_EQ(create_membership(program).status(), 201U);
  clock_->advance(std::chrono::hours(24 * 3));
  const Answer later = send(program, "POST", "/api/v1/plans",
                            body_of({{"organisation", "NATO"},
                                     {"nation", "UKR"},
                                     {"plan", "IPAP"},
                                     {"from", "2002-11-22"},
                                     {"to", "2008-12-03"},
                                     {"source", kSource}}));
  ASSERT_EQ(later.status(), 201U) << later.reply.text();

  const auto entries_of = [&](const std::string& query) {
    const Answer answer = send(program, "GET", "/api/v1/audit?kind=" + query);
    EXPECT_EQ(answer.status(), 200U) << query << ": " << answer.reply.text();
    expect_documented("GET", "/api/v1/audit", answer);
    return answer.member("entries").is_array() ? answer.member("entries").as_array() : json::array();
  };
  const json::array memberships = entries_of("membership");
  const json::array plans = entries_of("plan");
  ASSERT_EQ(memberships.size(), 1U);
  ASSERT_EQ(plans.size(), 1U);
  const std::string earlier_at(memberships[0].at("at").as_string());
  const std::string later_at(plans[0].at("at").as_string());
  ASSERT_LT(day_of(earlier_at), day_of(later_at));

  // A day: `from` from its start, `to` to its end.
  const std::string later_day = day_of(later_at).to_string();
  const std::string earlier_day = day_of(earlier_at).to_string();
  EXPECT_TRUE(entries_of("membership&from=" + later_day).empty());
  EXPECT_EQ(entries_of("plan&from=" + later_day).size(), 1U);
  EXPECT_EQ(entries_of("membership&to=" + earlier_day).size(), 1U);
  EXPECT_TRUE(entries_of("plan&to=" + earlier_day).empty());
  EXPECT_EQ(entries_of("membership&from=" + earlier_day + "&to=" + earlier_day).size(), 1U);
  // An instant: `from` includes it.
  EXPECT_EQ(entries_of("plan&from=" + later_at).size(), 1U);
  EXPECT_TRUE(entries_of("membership&from=" + later_at).empty());
  EXPECT_EQ(entries_of("membership&to=" + later_at).size(), 1U);
  // An instant without milliseconds.
  EXPECT_EQ(entries_of("plan&from=" + later_day + "T00:00:00Z").size(), 1U);
}

TEST_F(WriteRoutesTest, TheAuditLogPagesWithNextBefore) {
  const Caller sam = sign_in("sam");
  ASSERT_EQ(create_membership(sam).status(), 201U);  // with the fixture's accounts, 5 entries
  const Answer whole = send(sam, "GET", "/api/v1/audit?limit=500");
  ASSERT_EQ(whole.status(), 200U);
  const json::array& all = whole.member("entries").as_array();
  ASSERT_EQ(all.size(), 5U);
  EXPECT_TRUE(whole.member("next_before").is_null());

  json::array paged;
  std::string query = "/api/v1/audit?limit=2";
  for (int page = 0; page < 10; ++page) {
    const Answer answer = send(sam, "GET", query);
    ASSERT_EQ(answer.status(), 200U) << answer.reply.text();
    expect_documented("GET", "/api/v1/audit", answer);
    const json::array& entries = answer.member("entries").as_array();
    EXPECT_LE(entries.size(), 2U);
    for (const json::value& entry : entries) paged.push_back(entry);
    if (answer.member("next_before").is_null()) break;
    ASSERT_FALSE(entries.empty()) << "next_before with no entries";
    EXPECT_EQ(answer.member("next_before"), entries.back().at("id"));
    query = "/api/v1/audit?limit=2&before=" + std::to_string(answer.member("next_before").as_int64());
  }
  EXPECT_EQ(paged, all);
}

// The audit log and the accounts come as CSV too, with the JSON's entries in its order;
// a CSV page says where the next one starts in X-Next-Before.
TEST_F(WriteRoutesTest, TheAuditLogAndTheAccountsComeAsCsv) {
  const Caller sam = sign_in("sam");
  ASSERT_EQ(create_membership(sam).status(), 201U);
  const Answer json_page = send(sam, "GET", "/api/v1/audit?limit=2");
  const Answer csv_page = send(sam, "GET", "/api/v1/audit?limit=2&format=csv");
  ASSERT_EQ(csv_page.status(), 200U) << csv_page.reply.text();
  EXPECT_EQ(csv_page.reply.content_type, "text/csv; charset=utf-8");
  const Result<CsvTable> table = parse_csv(csv_page.reply.text(), "audit.csv");
  ASSERT_TRUE(table.is_ok()) << table.status().to_string();
  EXPECT_EQ(table->header.front(), "id");
  const json::array& entries = json_page.member("entries").as_array();
  ASSERT_EQ(table->records.size(), entries.size());
  for (std::size_t i = 0; i < entries.size(); ++i) {
    EXPECT_EQ(table->records[i].fields[0], std::to_string(entries[i].at("id").as_int64()));
  }
  std::string next;
  for (const auto& [name, value] : csv_page.reply.headers) {
    if (name == "X-Next-Before") next = value;
  }
  EXPECT_EQ(next, std::to_string(json_page.member("next_before").as_int64()));

  const Caller ada = sign_in("ada");  // accounts are the administrator's
  const Answer users = send(ada, "GET", "/api/v1/users?format=csv");
  ASSERT_EQ(users.status(), 200U) << users.reply.text();
  EXPECT_TRUE(users.reply.text().starts_with("name,role,nation,state,created\n")) << users.reply.text();
  EXPECT_EQ(users.reply.text().find("argon2"), std::string::npos);  // never a hash
}

TEST_F(WriteRoutesTest, BadAuditFiltersAreRefusedNamingTheParameter) {
  const Caller sam = sign_in("sam");
  const std::vector<std::pair<std::string, std::string>> cases{
      {"kind=nation", "kind"},
      {"record=0", "record"},
      {"record=twelve", "record"},
      {"limit=0", "limit"},
      {"limit=501", "limit"},
      {"limit=ten", "limit"},
      {"before=-1", "before"},
      {"before=1.5", "before"},
      {"from=yesterday", "from"},
      {"to=2026-02-30", "to"},
      {"from=2026-01-01T10:00", "from"},
      {"colour=red", "colour"},
      {"limit=1&limit=2", "limit"},
  };
  for (const auto& [query, parameter] : cases) {
    const Answer answer = send(sam, "GET", "/api/v1/audit?" + query);
    expect_problem(answer, 400, "invalid-argument");
    expect_documented("GET", "/api/v1/audit", answer);
    EXPECT_EQ(fields_of(answer, "parameter"), std::vector<std::string>{parameter}) << query;
  }
}

TEST_F(WriteRoutesTest, OnlyStaffReadTheAuditLog) {
  const Caller sam = sign_in("sam");
  for (const Caller& caller : {sam, bearer(sam), sign_in("ada")}) {
    const Answer answer = send(caller, "GET", "/api/v1/audit");
    EXPECT_EQ(answer.status(), 200U) << answer.reply.text();
  }
  const Answer viewer = send(sign_in("vic"), "GET", "/api/v1/audit");
  expect_problem(viewer, 403, "forbidden");
  expect_documented("GET", "/api/v1/audit", viewer);
  const Answer anonymous = send(kAnonymous, "GET", "/api/v1/audit");
  expect_problem(anonymous, 401, "unauthenticated");
  expect_documented("GET", "/api/v1/audit", anonymous);
}

// --- What docs/openapi.json and the contract promise ---------------------------------------

// docs/openapi.json: a csrf-failed problem's "errors[] names the header".
TEST_F(WriteRoutesTest, ACsrfRefusalNamesTheHeader) {
  const Answer refused = create_membership(without_csrf(sign_in("sam")));
  expect_problem(refused, 403, "csrf-failed");
  EXPECT_EQ(fields_of(refused, "header"), std::vector<std::string>{"X-CSRF-Token"}) << refused.reply.text();
}

// docs/openapi.json: the body of DELETE is optional ("requestBody": {"required": false}).
TEST_F(WriteRoutesTest, ADeleteNeedsNoBody) {
  const Caller sam = sign_in("sam");
  const Answer created = create_membership(sam);
  ASSERT_EQ(created.status(), 201U);
  Headers headers;
  headers.if_match = "\"r1\"";
  const Answer removed =
      send(sam, "DELETE", "/api/v1/memberships/" + std::to_string(created.number("id")), {}, headers);
  EXPECT_EQ(removed.status(), 204U) << removed.reply.text();
  expect_documented("DELETE", "/api/v1/memberships/{id}", removed);
}

// A program that signs out with its API token gets an answer the document lists.
TEST_F(WriteRoutesTest, SigningOutWithAnApiTokenIsADocumentedAnswer) {
  const Answer answer = send(bearer(sign_in("sam")), "DELETE", "/api/v1/session");
  EXPECT_GE(answer.status(), 400U) << answer.reply.text();
  expect_documented("DELETE", "/api/v1/session", answer);
}

// docs/openapi.json: `to` is "Changes at or before this time".
TEST_F(WriteRoutesTest, AnAuditToInstantIncludesEntriesAtThatInstant) {
  const Caller sam = sign_in("sam");
  ASSERT_EQ(create_membership(sam).status(), 201U);
  const Answer newest = send(sam, "GET", "/api/v1/audit?kind=membership");
  ASSERT_EQ(newest.member("entries").as_array().size(), 1U);
  const std::string at(newest.member("entries").at(0).at("at").as_string());
  const Answer until = send(sam, "GET", "/api/v1/audit?kind=membership&to=" + at);
  ASSERT_EQ(until.status(), 200U) << until.reply.text();
  EXPECT_EQ(until.member("entries").as_array().size(), 1U) << "to=" << at << " leaves out the entry made at " << at;
}

// docs/openapi.json: next_before is "null on the last page".
TEST_F(WriteRoutesTest, TheLastFullPageOfTheAuditLogHasNoNextBefore) {
  const Caller sam = sign_in("sam");
  const Answer whole = send(sam, "GET", "/api/v1/audit");
  const std::size_t count = whole.member("entries").as_array().size();
  ASSERT_GT(count, 0U);
  const Answer page = send(sam, "GET", "/api/v1/audit?limit=" + std::to_string(count));
  ASSERT_EQ(page.member("entries").as_array().size(), count);
  EXPECT_TRUE(page.member("next_before").is_null()) << "the page holds every entry, yet " << page.reply.text();
}

// --- Private reference data ---------------------------------------------------------------

class WriteRoutesPrivateTest : public WriteRoutesTest {
 protected:
  void SetUp() override {
    AccessPolicy access;
    access.private_reference = true;
    open(access);
  }
};

TEST_F(WriteRoutesPrivateTest, ReferenceReadsNeedASignedInUser) {
  for (const char* target : {"/api/v1/organisations", "/api/v1/nations/FIN", "/api/v1/memberships/1",
                             "/api/v1/organisations/NATO/members?as_of=2024-01-01", "/api/v1/scenarios"}) {
    const Answer refused = send(kAnonymous, "GET", target);
    expect_problem(refused, 401, "unauthenticated");
    EXPECT_FALSE(refused.header("WWW-Authenticate").empty()) << target;
    document_.expect_matches(document_.schema("Problem"), refused.body, target);
  }

  const Caller vic = sign_in("vic");
  const Answer organisations = send(vic, "GET", "/api/v1/organisations");
  EXPECT_EQ(organisations.status(), 200U) << organisations.reply.text();
  expect_documented("GET", "/api/v1/organisations", organisations);
  EXPECT_EQ(organisations.member("organisations").as_array().size(), 2U);
  EXPECT_EQ(send(bearer(vic), "GET", "/api/v1/nations/FIN").status(), 200U);
  // What a signed-in read left in the reply cache is not served to anyone else.
  expect_problem(send(kAnonymous, "GET", "/api/v1/organisations"), 401, "unauthenticated");
}

TEST_F(WriteRoutesPrivateTest, HealthTheApiDescriptionAndSigningInStayOpen) {
  const Answer health = send(kAnonymous, "GET", "/healthz");
  EXPECT_EQ(health.status(), 200U) << health.reply.text();
  expect_documented("GET", "/healthz", health);
  const Answer description = send(kAnonymous, "GET", "/api/v1/openapi.json");
  EXPECT_EQ(description.status(), 200U);
  EXPECT_EQ(description.body, json::parse(openapi_document()));
  const Answer signed_in = send(kAnonymous, "POST", "/api/v1/session", sign_in_body("vic", kPassword));
  EXPECT_EQ(signed_in.status(), 201U) << signed_in.reply.text();
  expect_documented("POST", "/api/v1/session", signed_in);
}

}  // namespace
}  // namespace entente
