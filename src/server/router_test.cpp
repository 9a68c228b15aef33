#include "server/router.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "core/csv.hpp"
#include "core/text.hpp"
#include "server/compression.hpp"
#include "store/dataset_reader.hpp"

namespace entente {
namespace {

namespace json = boost::json;

const Date kToday = Date::from_ymd(2024, 6, 1);

// A clock a test can move, to see that default dates follow it.
class SettableClock final : public Clock {
 public:
  explicit SettableClock(Date day) : day_(day) {}
  Date today() const override { return day_; }
  void set(Date day) { day_ = day; }

 private:
  Date day_;
};

std::unique_ptr<Engine> mini_engine(std::unique_ptr<Clock> clock) {
  Result<Dataset> dataset = read_dataset(DirectoryDataFiles("tests/data/mini"));
  EXPECT_TRUE(dataset.is_ok()) << dataset.status().to_string();
  return Engine::from_dataset(dataset ? std::move(*dataset) : Dataset{}, std::move(clock));
}

bool contains(std::string_view haystack, std::string_view needle) { return haystack.find(needle) != std::string::npos; }

// A reply and its body parsed as JSON (null when the body is not JSON).
struct Answer {
  HttpReply reply;
  json::value body;
};

class RouterTest : public ::testing::Test {
 protected:
  RouterTest() : engine_(mini_engine(std::make_unique<FixedClock>(kToday))), router_(*engine_) {}

  Answer get(std::string_view target, std::string_view method = "GET") const {
    Answer answer{router_.route(method, target), nullptr};
    boost::system::error_code error;
    answer.body = json::parse(answer.reply.text(), error);
    EXPECT_FALSE(error) << target << " answered with a body that is not JSON: " << answer.reply.text();
    return answer;
  }

  // Expects a JSON 200 reply and returns its body.
  json::value ok(std::string_view target) const {
    const Answer answer = get(target);
    EXPECT_EQ(answer.reply.status, 200U) << target << ": " << answer.reply.text();
    EXPECT_EQ(answer.reply.content_type, "application/json") << target;
    return answer.body;
  }

  // Expects a problem+json reply with `status` and `code` and returns its body.
  json::value problem(std::string_view target, unsigned status, std::string_view code,
                      std::string_view method = "GET") const {
    const Answer answer = get(target, method);
    EXPECT_EQ(answer.reply.status, status) << target << ": " << answer.reply.text();
    EXPECT_EQ(answer.reply.content_type, "application/problem+json") << target;
    if (!answer.body.is_object()) return nullptr;
    const json::object& body = answer.body.get_object();
    EXPECT_EQ(body.at("code"), json::value(code)) << target;
    EXPECT_EQ(body.at("status"), status) << target;
    EXPECT_EQ(body.at("type"), json::value("/problems/" + std::string(code))) << target;
    for (const char* key : {"title", "detail", "instance"}) EXPECT_TRUE(body.contains(key)) << key;
    return answer.body;
  }

  static std::string detail(const json::value& body) {
    return body.is_object() ? std::string(body.at("detail").as_string()) : std::string();
  }

  std::unique_ptr<Engine> engine_;
  ApiRouter router_;
};

// --- Every route answers ------------------------------------------------------------------

TEST_F(RouterTest, HealthzReportsTheDataAndToday) {
  EXPECT_EQ(ok("/healthz"), (json::object{{"status", "ok"}, {"nations", 12}, {"today", "2024-06-01"}}));
}

TEST_F(RouterTest, ListsOrganisations) {
  const json::value body = ok("/api/v1/organisations");
  const json::array& organisations = body.at("organisations").as_array();
  ASSERT_EQ(organisations.size(), 2U);
  EXPECT_EQ(organisations[0].at("id"), "NATO");
  EXPECT_EQ(organisations[1].at("id"), "WEU");
  EXPECT_EQ(organisations[1].at("dissolved"), "2011-07-01");
}

TEST_F(RouterTest, GetsOneOrganisationIgnoringCase) {
  const json::value body = ok("/api/v1/organisations/nato");
  EXPECT_EQ(body.at("id"), "NATO");
  EXPECT_EQ(body.at("founded"), "1949-08-24");
  EXPECT_TRUE(body.at("dissolved").is_null());
}

TEST_F(RouterTest, ListsMembersAsOfADate) {
  const json::value body = ok("/api/v1/organisations/NATO/members?as_of=2023-04-04");
  EXPECT_EQ(body.at("organisation"), "NATO");
  EXPECT_EQ(body.at("as_of"), "2023-04-04");
  EXPECT_EQ(body.at("count"), 5);
  EXPECT_EQ(body.at("members").at(1).at("iso3"), "FIN");
}

TEST_F(RouterTest, MembersDefaultToToday) {
  const json::value body = ok("/api/v1/organisations/NATO/members");
  EXPECT_EQ(body.at("as_of"), "2024-06-01");
  EXPECT_EQ(body.at("count"), 6);
}

TEST_F(RouterTest, ListsRelationsWithCounts) {
  const json::value body = ok("/api/v1/organisations/NATO/relations?as_of=2015-01-01");
  EXPECT_EQ(body.at("counts").at("member"), 4);
  EXPECT_EQ(body.at("counts").at("suspended-partner"), 1);
  const json::array& relations = body.at("relations").as_array();
  ASSERT_EQ(relations.size(), 11U);
  EXPECT_EQ(relations[0], (json::object{{"iso3", "AUT"},
                                        {"iso_numeric", "040"},
                                        {"name", "Austria"},
                                        {"relation", "partner"},
                                        {"frameworks", json::array{"EAPC", "PFP"}}}));
}

TEST_F(RouterTest, ListsFrameworks) {
  const json::value body = ok("/api/v1/frameworks");
  const json::array& frameworks = body.at("frameworks").as_array();
  ASSERT_EQ(frameworks.size(), 4U);
  EXPECT_EQ(frameworks[0].at("id"), "NACC");
  EXPECT_EQ(frameworks[0].at("successor"), "EAPC");
  EXPECT_TRUE(frameworks[1].at("successor").is_null());
}

TEST_F(RouterTest, ListsPartnersAsOfADate) {
  const json::value body = ok("/api/v1/frameworks/pfp/partners?as_of=2000-01-01");
  EXPECT_EQ(body.at("framework"), "PFP");
  EXPECT_EQ(body.at("organisation"), "NATO");
  EXPECT_EQ(body.at("count"), 5);  // Malta left in 1996, Hungary joined NATO in 1999
}

// tests/data/mini/publishers.csv: six hosts, by host; unstats.un.org has a row of its own
// beside un.org's.
TEST_F(RouterTest, ListsPublishersByHost) {
  const json::value body = ok("/api/v1/publishers");
  const json::array& publishers = body.at("publishers").as_array();
  ASSERT_EQ(publishers.size(), 6U);
  EXPECT_EQ(publishers[0], (json::object{{"host", "nato.int"},
                                         {"publisher", "NATO"},
                                         {"kind", "primary"},
                                         {"source", "https://www.nato.int/"},
                                         {"note", ""}}));
  EXPECT_EQ(publishers[3].at("host"), "unstats.un.org");
  EXPECT_EQ(publishers[3].at("publisher"), "UN Statistics Division");
  EXPECT_EQ(publishers[5].at("host"), "wikipedia.org");
  EXPECT_EQ(publishers[5].at("kind"), "secondary");
}

TEST_F(RouterTest, ListsEveryNationWithoutAQuery) {
  EXPECT_EQ(ok("/api/v1/nations").at("nations").as_array().size(), 12U);
}

TEST_F(RouterTest, SearchesNationsWithPercentEncodedText) {
  const json::value body = ok("/api/v1/nations?q=Sw%65");
  EXPECT_EQ(body.at("query"), "Swe");
  const json::array& nations = body.at("nations").as_array();
  ASSERT_EQ(nations.size(), 1U);
  EXPECT_EQ(nations[0].at("name"), "Sweden");
}

TEST_F(RouterTest, GetsANationProfile) {
  const json::value body = ok("/api/v1/nations/FIN?as_of=2023-04-03");
  EXPECT_EQ(body.at("nation").at("iso3"), "FIN");
  EXPECT_EQ(body.at("as_of"), "2023-04-03");
  EXPECT_EQ(
      body.at("relations").at(0),
      (json::object{{"organisation", "NATO"}, {"relation", "partner"}, {"frameworks", json::array{"EAPC", "PFP"}}}));
  EXPECT_EQ(body.at("memberships").as_array().size(), 2U);
}

TEST_F(RouterTest, DecodesPercentEncodedPathSegments) {
  EXPECT_EQ(ok("/api/v1/nations/%46IN").at("nation").at("iso3"), "FIN");
}

TEST_F(RouterTest, ListsTimelineEvents) {
  const json::value body = ok("/api/v1/timeline?nation=mlt");
  EXPECT_TRUE(body.at("organisation").is_null());
  EXPECT_EQ(body.at("nation"), "MLT");
  EXPECT_EQ(body.at("from"), "1948-08-25");  // the first event of the whole registry
  EXPECT_EQ(body.at("to"), "2024-06-01");
  EXPECT_EQ(body.at("count"), 4);
  const json::value& withdrawal = body.at("events").at(1);
  EXPECT_EQ(withdrawal.at("date"), "1996-10-27");
  EXPECT_EQ(withdrawal.at("kind"), "partnership-end");
  EXPECT_EQ(withdrawal.at("nation_name"), "Malta");
  EXPECT_EQ(withdrawal.at("framework"), "PFP");
}

TEST_F(RouterTest, IgnoresATrailingSlash) {
  EXPECT_EQ(ok("/api/v1/frameworks/").at("frameworks").as_array().size(), 4U);
}

TEST_F(RouterTest, HeadAnswersLikeGet) {
  const ApiRouter uncached(*engine_, 0);  // so that HEAD is computed, not found in the cache
  for (const char* target : {"/api/v1/nations/FIN?as_of=2020-01-01", "/api/v1/nations/XYZ", "/healthz"}) {
    const HttpReply get_reply = uncached.route("GET", target);
    const HttpReply head_reply = uncached.route("HEAD", target);
    EXPECT_EQ(head_reply.status, get_reply.status) << target;
    EXPECT_EQ(head_reply.content_type, get_reply.content_type) << target;
    EXPECT_EQ(head_reply.text(), get_reply.text()) << target;
  }
}

// --- Failures -------------------------------------------------------------------------------

TEST_F(RouterTest, UnknownNationIs404) {
  const json::value body = problem("/api/v1/nations/XYZ", 404, "unknown-nation");
  EXPECT_TRUE(contains(detail(body), "'XYZ'")) << detail(body);
  EXPECT_EQ(body.at("instance"), "/api/v1/nations/XYZ");
  EXPECT_EQ(body.at("title"), "Unknown nation");
}

TEST_F(RouterTest, UnknownOrganisationAndFrameworkAre404) {
  EXPECT_TRUE(contains(detail(problem("/api/v1/organisations/OTAN", 404, "unknown-organisation")), "'OTAN'"));
  problem("/api/v1/organisations/OTAN/members", 404, "unknown-organisation");
  problem("/api/v1/frameworks/EOP/partners", 404, "unknown-framework");
  problem("/api/v1/timeline?nation=XYZ", 404, "unknown-nation");
}

TEST_F(RouterTest, InvalidDateIs400) {
  const json::value body = problem("/api/v1/organisations/NATO/members?as_of=2023-02-29", 400, "invalid-date");
  EXPECT_TRUE(contains(detail(body), "2023-02-29")) << detail(body);
  problem("/api/v1/timeline?from=yesterday", 400, "invalid-date");
}

TEST_F(RouterTest, UnknownQueryParameterIs400AndListsTheExpectedOnes) {
  const json::value body = problem("/api/v1/nations/FIN?asof=2020-01-01", 400, "invalid-argument");
  EXPECT_EQ(detail(body), "unknown query parameter 'asof'; expected one of: as_of, format");
  EXPECT_EQ(detail(problem("/api/v1/openapi.json?as_of=2020-01-01", 400, "invalid-argument")),
            "unknown query parameter 'as_of'; this route takes none");
}

TEST_F(RouterTest, DuplicateQueryParameterIs400) {
  const json::value body =
      problem("/api/v1/organisations/NATO/members?as_of=2020-01-01&as_of=2021-01-01", 400, "invalid-argument");
  EXPECT_EQ(detail(body), "query parameter 'as_of' is given twice");
}

TEST_F(RouterTest, TimelineFromAfterToIs400) {
  problem("/api/v1/timeline?from=2020-01-01&to=2019-01-01", 400, "invalid-argument");
}

TEST_F(RouterTest, BlankSearchIs400) { problem("/api/v1/nations?q=%20%20", 400, "invalid-argument"); }

TEST_F(RouterTest, OtherMethodsAre405WithAllow) {
  for (const char* method : {"POST", "PUT", "DELETE", "PATCH"}) {
    const Answer answer = get("/api/v1/nations/FIN", method);
    EXPECT_EQ(answer.reply.status, 405U) << method;
    EXPECT_EQ(answer.reply.content_type, "application/problem+json");
    EXPECT_EQ(answer.body.at("code"), "method-not-allowed");
    EXPECT_EQ(answer.reply.headers, (std::vector<std::pair<std::string, std::string>>{{"Allow", "GET, HEAD"}}))
        << method;
  }
}

TEST_F(RouterTest, UnknownRoutesAre404NotFound) {
  for (const char* target : {"/api", "/api/v2/nations", "/api/v1", "/api/v1/unknown", "/api/v1/nations/FIN/extra",
                             "/api/v1/organisations/NATO/partners", "/api/v1/frameworks/PFP", "/healthz/extra"}) {
    problem(target, 404, "not-found");
  }
}

TEST_F(RouterTest, TargetThatIsNotAPathIs400) { problem("nations", 400, "invalid-argument"); }

// Regression: ?q=%ff was echoed raw into a JSON reply that was then not UTF-8.
TEST_F(RouterTest, TargetThatIsNotUtf8Is400) {
  for (const char* target : {"/api/v1/nations?q=%ff", "/api/v1/nations/%ff%fe", "/api/v1/nations?q=%c0%af",
                             "/api/v1/nations?%ed%a0%80=1", "/api/v1/simulations/%ff"}) {
    const HttpReply reply = router_.route("GET", target);
    EXPECT_EQ(reply.status, 400U) << target;
    EXPECT_TRUE(is_valid_utf8(reply.text())) << target;
    EXPECT_TRUE(contains(reply.text(), "UTF-8")) << target;
  }
  get("/api/v1/nations?q=%C3%85land");  // text that is UTF-8 goes on
}

// A problem caused by one input names it, so that a client can show it beside the input.
TEST_F(RouterTest, ProblemsNameTheOffendingParameter) {
  const auto parameter_of = [&](const char* target, unsigned status) {
    const json::value body = problem(target, status, status == 400 ? "invalid-argument" : "invalid-date");
    if (!body.is_object() || !body.as_object().contains("errors")) return std::string("(none)");
    return std::string(body.at("errors").at(0).at("parameter").as_string());
  };
  EXPECT_EQ(parameter_of("/api/v1/nations?colour=red", 400), "colour");
  EXPECT_EQ(parameter_of("/api/v1/nations?q=a&q=b", 400), "q");
  const json::value date = problem("/api/v1/organisations/NATO/members?as_of=2023-02-30", 400, "invalid-date");
  EXPECT_EQ(date.at("errors").at(0).at("parameter"), "as_of");
  EXPECT_EQ(date.at("errors").at(0).at("detail"), date.at("detail"));
  const json::value to = problem("/api/v1/timeline?to=1999-13-01", 400, "invalid-date");
  EXPECT_EQ(to.at("errors").at(0).at("parameter"), "to");
  // A problem that is no one field's has no errors.
  EXPECT_FALSE(problem("/api/v1/nations/XYZ", 404, "unknown-nation").as_object().contains("errors"));
}

// Regression: /healthz and the OpenAPI document accepted unknown query parameters.
TEST_F(RouterTest, HealthzAndOpenApiRefuseUnknownQueryParameters) {
  problem("/healthz?x=1", 400, "invalid-argument");
  problem("/api/v1/openapi.json?x=1", 400, "invalid-argument");
}

TEST(RouterStaticTest, HandlesOnlyApiPaths) {
  EXPECT_TRUE(ApiRouter::handles("/healthz"));
  EXPECT_TRUE(ApiRouter::handles("/api"));
  EXPECT_TRUE(ApiRouter::handles("/api/v1/nations"));
  EXPECT_FALSE(ApiRouter::handles("/"));
  EXPECT_FALSE(ApiRouter::handles("/apiary"));
  EXPECT_FALSE(ApiRouter::handles("/assets/app.js"));
}

TEST(RouterStaticTest, MapsErrorCodesToHttpStatuses) {
  EXPECT_EQ(http_status_for(ErrorCode::kInvalidArgument), 400U);
  EXPECT_EQ(http_status_for(ErrorCode::kInvalidDate), 400U);
  EXPECT_EQ(http_status_for(ErrorCode::kUnknownNation), 404U);
  EXPECT_EQ(http_status_for(ErrorCode::kUnknownOrganisation), 404U);
  EXPECT_EQ(http_status_for(ErrorCode::kUnknownFramework), 404U);
  EXPECT_EQ(http_status_for(ErrorCode::kNotFound), 404U);
  EXPECT_EQ(http_status_for(ErrorCode::kInvalidData), 422U);
  EXPECT_EQ(http_status_for(ErrorCode::kStorage), 500U);
  EXPECT_EQ(http_status_for(ErrorCode::kIo), 500U);
  EXPECT_EQ(http_status_for(ErrorCode::kCancelled), 409U);
  EXPECT_EQ(http_status_for(ErrorCode::kUnavailable), 503U);
  EXPECT_EQ(http_status_for(ErrorCode::kTooManyRequests), 429U);
  EXPECT_EQ(http_status_for(ErrorCode::kInternal), 500U);
}

// --- The reply cache ----------------------------------------------------------------------

TEST(RouterCacheTest, DefaultDatesFollowTheClockThroughTheCache) {
  auto clock = std::make_unique<SettableClock>(Date::from_ymd(2023, 4, 3));
  SettableClock& settable = *clock;
  const std::unique_ptr<Engine> engine = mini_engine(std::move(clock));
  const ApiRouter router(*engine);

  const auto members_today = [&] {
    return json::parse(router.route("GET", "/api/v1/organisations/NATO/members").text());
  };
  EXPECT_EQ(members_today().at("count"), 4);
  settable.set(Date::from_ymd(2023, 4, 4));
  EXPECT_EQ(members_today().at("count"), 5);
  EXPECT_EQ(members_today().at("as_of"), "2023-04-04");
  EXPECT_EQ(json::parse(router.route("GET", "/healthz").text()).at("today"), "2023-04-04");
}

// Regression: the cache was bounded by entries, so 4,096 distinct timelines took ~1 GB.
TEST(RouterCacheTest, CacheIsBoundedByBytesAndNeverHoldsHealthz) {
  const auto engine = mini_engine(std::make_unique<FixedClock>(kToday));
  constexpr std::size_t kBound = std::size_t{64} * 1024;
  const ApiRouter router(*engine, kBound);
  router.route("GET", "/healthz");
  EXPECT_EQ(router.cached_bytes(), 0U);
  std::size_t most = 0;
  for (int year = 1950; year < 2024; ++year) {
    for (int month = 1; month <= 12; ++month) {
      const std::string target = "/api/v1/timeline?organisation=NATO&from=1949-01-01&to=" + std::to_string(year) +
                                 (month < 10 ? "-0" : "-") + std::to_string(month) + "-01";
      EXPECT_EQ(router.route("GET", target).status, 200U) << target;
      most = std::max(most, router.cached_bytes());
    }
  }
  EXPECT_GT(most, 0U);
  EXPECT_LE(most, kBound);
}

std::string etag_of(const HttpReply& reply) {
  for (const auto& [name, value] : reply.headers) {
    if (name == "ETag") return value;
  }
  return "";
}

// The first read after a new snapshot is published sees it, through the cache too; the
// snapshot's version is the ETag, and a client holding it is answered 304.
TEST(RouterCacheTest, RepliesFollowTheSnapshotAndCarryItsVersion) {
  const auto engine = mini_engine(std::make_unique<FixedClock>(kToday));
  const ApiRouter router(*engine);
  const std::string target = "/api/v1/organisations/NATO/members?as_of=2024-06-01";
  const HttpReply first = router.route("GET", target);
  EXPECT_EQ(etag_of(first), "\"v1\"");
  EXPECT_EQ(json::parse(first.text()).at("count"), 6);

  Result<Dataset> dataset = read_dataset(DirectoryDataFiles("tests/data/mini"));
  ASSERT_TRUE(dataset.is_ok());
  std::erase_if(dataset->memberships.edit(),
                [](const Membership& m) { return m.organisation == "NATO" && m.nation == "SWE"; });
  engine->publish(std::move(*dataset));

  const HttpReply second = router.route("GET", target);
  EXPECT_EQ(etag_of(second), "\"v2\"");
  EXPECT_EQ(json::parse(second.text()).at("count"), 5);

  const auto conditional = [&](std::string_view if_none_match) {
    return router.route(ApiRequest{"GET", target, "", "local", if_none_match});
  };
  const HttpReply unchanged = conditional("\"v2\"");
  EXPECT_EQ(unchanged.status, 304U);
  EXPECT_TRUE(unchanged.text().empty());
  EXPECT_EQ(etag_of(unchanged), "\"v2\"");
  EXPECT_EQ(conditional("\"v0\", W/\"v2\"").status, 304U);
  EXPECT_EQ(conditional("*").status, 304U);
  EXPECT_EQ(conditional("\"v1\"").status, 200U);
  // A problem is never "not modified".
  EXPECT_EQ(router.route(ApiRequest{"GET", "/api/v1/nations/XYZ", "", "local", "*"}).status, 404U);
}

TEST(RouterCacheTest, CachedAndUncachedRepliesAreTheSame) {
  const std::unique_ptr<Engine> engine = mini_engine(std::make_unique<FixedClock>(kToday));
  const ApiRouter cached(*engine);
  const ApiRouter uncached(*engine, 0);
  for (const char* target : {"/api/v1/nations/FIN", "/api/v1/nations/XYZ", "/api/v1/timeline?organisation=WEU"}) {
    for (int round = 0; round < 2; ++round) {
      const HttpReply a = cached.route("GET", target);
      const HttpReply b = uncached.route("GET", target);
      EXPECT_EQ(a.status, b.status) << target;
      EXPECT_EQ(a.content_type, b.content_type) << target;
      EXPECT_EQ(a.text(), b.text()) << target;
    }
  }
}

// --- CSV -----------------------------------------------------------------------------------

// A GET with an Accept header.
HttpReply get_accepting(const ApiRouter& router, std::string_view target, std::string_view accept) {
  ApiRequest request;
  request.method = "GET";
  request.target = target;
  request.accept = accept;
  return router.route(request);
}

std::string header_of(const HttpReply& reply, std::string_view name) {
  for (const auto& [key, value] : reply.headers) {
    if (key == name) return value;
  }
  return {};
}

// A list route answers CSV for ?format=csv: the same rows as its JSON, each with its
// source, as a download named after the route, tagged with the same version.
TEST_F(RouterTest, AListComesAsCsvForFormatCsv) {
  const Answer json_answer = get("/api/v1/organisations/NATO/members?as_of=2024-06-01");
  const HttpReply csv = router_.route("GET", "/api/v1/organisations/NATO/members?as_of=2024-06-01&format=csv");
  ASSERT_EQ(csv.status, 200U) << csv.text();
  EXPECT_EQ(csv.content_type, "text/csv; charset=utf-8");
  EXPECT_EQ(header_of(csv, "Content-Disposition"), "attachment; filename=\"organisations-NATO-members.csv\"");
  // the same version, as a representation of its own: "v3" becomes "v3-csv"
  std::string csv_tag = header_of(json_answer.reply, "ETag");
  csv_tag.insert(csv_tag.size() - 1, "-csv");
  EXPECT_EQ(header_of(csv, "ETag"), csv_tag);
  ApiRequest conditional{"GET", "/api/v1/organisations/NATO/members?as_of=2024-06-01&format=csv", "", "local", csv_tag};
  EXPECT_EQ(router_.route(conditional).status, 304U) << "the CSV's own tag is its validator";
  const std::string json_tag = header_of(json_answer.reply, "ETag");
  conditional.if_none_match = json_tag;
  EXPECT_EQ(router_.route(conditional).status, 200U) << "the JSON's tag does not validate the CSV";
  // The CSV is long enough to be compressed for a client that asks: it varies on both.
  EXPECT_EQ(header_of(csv, "Vary"), "Accept, Accept-Encoding");
  const Result<CsvTable> table = parse_csv(csv.text(), "members.csv");
  ASSERT_TRUE(table.is_ok()) << table.status().to_string();
  EXPECT_EQ(table->header, (std::vector<std::string>{"iso3", "name", "status", "from", "to", "source", "note"}));
  const json::array& members = json_answer.body.at("members").as_array();
  ASSERT_EQ(table->records.size(), members.size());
  for (std::size_t i = 0; i < members.size(); ++i) {
    EXPECT_EQ(table->records[i].fields[0], members[i].at("iso3").as_string());
    EXPECT_FALSE(table->records[i].fields[5].empty()) << "row " << i << " has no source";
  }
}

// The publishers come as CSV with the columns of data/publishers.csv, a row per host.
TEST_F(RouterTest, PublishersComeAsCsv) {
  const Answer json_answer = get("/api/v1/publishers");
  const HttpReply csv = router_.route("GET", "/api/v1/publishers?format=csv");
  ASSERT_EQ(csv.status, 200U) << csv.text();
  EXPECT_EQ(csv.content_type, "text/csv; charset=utf-8");
  EXPECT_EQ(header_of(csv, "Content-Disposition"), "attachment; filename=\"publishers.csv\"");
  EXPECT_NE(header_of(csv, "ETag"), header_of(json_answer.reply, "ETag"));
  const Result<CsvTable> table = parse_csv(csv.text(), "publishers.csv");
  ASSERT_TRUE(table.is_ok()) << table.status().to_string();
  EXPECT_EQ(table->header, (std::vector<std::string>{"host", "publisher", "kind", "source", "note"}));
  const json::array& publishers = json_answer.body.at("publishers").as_array();
  ASSERT_EQ(table->records.size(), publishers.size());
  for (std::size_t i = 0; i < publishers.size(); ++i) {
    EXPECT_EQ(table->records[i].fields[0], publishers[i].at("host").as_string());
    EXPECT_EQ(table->records[i].fields[2], publishers[i].at("kind").as_string());
  }
  EXPECT_EQ(table->records[4].fields[4], publishers[4].at("note").as_string());
}

// Accept: text/csv asks the same of a list route; the reply cache keeps the two apart.
TEST_F(RouterTest, AcceptTextCsvAsksAListRouteForCsvAndTheCacheKeepsTheFormsApart) {
  const std::string target = "/api/v1/organisations/NATO/relations?as_of=2024-06-01";
  EXPECT_EQ(get(target).reply.content_type, "application/json");
  const HttpReply csv = get_accepting(router_, target, "text/csv");
  EXPECT_EQ(csv.content_type, "text/csv; charset=utf-8");
  EXPECT_TRUE(csv.text().starts_with("iso3,name,relation,frameworks\n")) << csv.text();
  EXPECT_EQ(get_accepting(router_, target, "text/csv;q=0.5, application/json").content_type, "application/json");
  EXPECT_EQ(get_accepting(router_, target, "text/html,application/xhtml+xml,*/*;q=0.8").content_type,
            "application/json");
  EXPECT_EQ(get(target).reply.content_type, "application/json");  // the JSON is still what the cache holds
  // ?format= wins over the header.
  EXPECT_EQ(get_accepting(router_, target + "&format=json", "text/csv").content_type, "application/json");
}

TEST_F(RouterTest, ARouteThatIsNotAListRefusesAnAcceptWithoutJson) {
  const HttpReply refused = get_accepting(router_, "/healthz", "text/csv");
  EXPECT_EQ(refused.status, 406U) << refused.text();
  EXPECT_EQ(refused.content_type, "application/problem+json");
  EXPECT_EQ(get_accepting(router_, "/healthz", "text/csv, */*;q=0.1").status, 200U);
}

TEST_F(RouterTest, AnUnknownFormatIs400NamingTheParameter) {
  const json::value body = problem("/api/v1/organisations?format=xml", 400, "invalid-argument");
  EXPECT_TRUE(contains(detail(body), "json or csv")) << detail(body);
  EXPECT_EQ(body.at("errors").at(0).at("parameter"), "format");
  problem("/api/v1/healthz?format=csv", 404, "not-found");
  problem("/api/v1/openapi.json?format=csv", 400, "invalid-argument");
}

// --- Compression ---------------------------------------------------------------------------

// A request with an Accept-Encoding header (and If-None-Match, when given).
HttpReply get_encoded(const ApiRouter& router, std::string_view target, std::string_view accept_encoding,
                      std::string_view method = "GET", std::string_view if_none_match = {}) {
  ApiRequest request;
  request.method = method;
  request.target = target;
  request.client = "local";
  request.accept_encoding = accept_encoding;
  request.if_none_match = if_none_match;
  return router.route(request);
}

// The relations of every nation of the mini dataset: the largest JSON document it has.
constexpr std::string_view kLargeJson = "/api/v1/organisations/NATO/relations?as_of=2024-06-01";

TEST_F(RouterTest, ALargeJsonReplyIsCompressedAndDecodesToTheIdentityReply) {
  const HttpReply identity = get_encoded(router_, kLargeJson, "");
  ASSERT_EQ(identity.status, 200U);
  ASSERT_GE(identity.text().size(), kMinimumCompressedBytes) << "the test needs a reply worth compressing";
  EXPECT_EQ(identity.header("Content-Encoding"), "");
  EXPECT_EQ(identity.header("Vary"), "Accept, Accept-Encoding");
  for (const auto& [accept, coding] :
       {std::pair{"gzip, deflate, br", ContentCoding::kBrotli}, std::pair{"gzip", ContentCoding::kGzip}}) {
    const HttpReply encoded = get_encoded(router_, kLargeJson, accept);
    ASSERT_EQ(encoded.status, 200U);
    EXPECT_EQ(encoded.content_type, "application/json");
    EXPECT_EQ(encoded.header("Content-Encoding"), coding_name(coding));
    EXPECT_EQ(encoded.header("Vary"), "Accept, Accept-Encoding");
    EXPECT_LT(encoded.text().size(), identity.text().size());
    EXPECT_EQ(decode(coding, encoded.text(), identity.text().size()), std::string(identity.text())) << accept;
  }
  // A malformed header is no error: the identity reply.
  const HttpReply malformed = get_encoded(router_, kLargeJson, "br;q=high");
  EXPECT_EQ(malformed.status, 200U);
  EXPECT_EQ(malformed.text(), identity.text());
}

TEST_F(RouterTest, ACsvReplyIsCompressedToo) {
  const std::string target = "/api/v1/organisations/NATO/members?as_of=2024-06-01&format=csv";
  const HttpReply identity = get_encoded(router_, target, "");
  ASSERT_GE(identity.text().size(), kMinimumCompressedBytes);
  const HttpReply encoded = get_encoded(router_, target, "br");
  EXPECT_EQ(encoded.header("Content-Encoding"), "br");
  EXPECT_EQ(encoded.header("Content-Disposition"), identity.header("Content-Disposition"));
  EXPECT_EQ(decode(ContentCoding::kBrotli, encoded.text(), identity.text().size()), std::string(identity.text()));
}

// Each coding is its own representation: its own ETag, which If-None-Match must name.
TEST_F(RouterTest, EachCodingHasItsOwnEtagAndIfNoneMatchHonoursIt) {
  const std::string version = header_of(get_encoded(router_, kLargeJson, ""), "ETag");
  ASSERT_EQ(version, "\"v1\"");
  EXPECT_EQ(get_encoded(router_, kLargeJson, "br").header("ETag"), "\"v1-br\"");
  EXPECT_EQ(get_encoded(router_, kLargeJson, "gzip").header("ETag"), "\"v1-gz\"");

  const HttpReply same = get_encoded(router_, kLargeJson, "br", "GET", "\"v1-br\"");
  EXPECT_EQ(same.status, 304U);
  EXPECT_TRUE(same.text().empty());
  EXPECT_EQ(same.header("ETag"), "\"v1-br\"");
  EXPECT_EQ(same.header("Vary"), "Accept, Accept-Encoding");
  EXPECT_EQ(same.header("Content-Encoding"), "");
  EXPECT_EQ(get_encoded(router_, kLargeJson, "gzip", "GET", "W/\"v1-gz\"").status, 304U);
  EXPECT_EQ(get_encoded(router_, kLargeJson, "", "GET", "\"v1\"").status, 304U);
  EXPECT_EQ(get_encoded(router_, kLargeJson, "br", "GET", "*").status, 304U);
  // A tag of another coding is another representation: the client gets this one whole.
  EXPECT_EQ(get_encoded(router_, kLargeJson, "br", "GET", "\"v1\"").status, 200U);
  EXPECT_EQ(get_encoded(router_, kLargeJson, "", "GET", "\"v1-br\"").status, 200U);
  EXPECT_EQ(get_encoded(router_, kLargeJson, "gzip", "GET", "\"v1-br\"").status, 200U);
}

// HEAD costs no compression: its headers are those of the identity reply.
TEST_F(RouterTest, HeadIsAnsweredAsIdentity) {
  const HttpReply head = get_encoded(router_, kLargeJson, "br", "HEAD");
  EXPECT_EQ(head.status, 200U);
  EXPECT_EQ(head.header("Content-Encoding"), "");
  EXPECT_EQ(head.header("ETag"), "\"v1\"");
  EXPECT_EQ(head.header("Vary"), "Accept, Accept-Encoding");
  EXPECT_EQ(head.text(), get_encoded(router_, kLargeJson, "").text());  // the transport drops it
}

TEST_F(RouterTest, SmallRepliesAreNotCompressed) {
  for (const char* target : {"/healthz", "/api/v1/organisations/NATO", "/api/v1/nations/XYZ"}) {
    const HttpReply reply = get_encoded(router_, target, "br, gzip");
    ASSERT_LT(reply.text().size(), kMinimumCompressedBytes) << target;
    EXPECT_EQ(reply.header("Content-Encoding"), "") << target;
    EXPECT_FALSE(contains(reply.header("Vary"), "Accept-Encoding")) << target;
  }
}

// The cache keeps each coding's bytes: a hot route is compressed once per snapshot, and
// what it holds is the compressed reply, not the identity one beside it.
TEST(RouterCacheTest, KeepsCompressedRepliesByCoding) {
  const auto engine = mini_engine(std::make_unique<FixedClock>(kToday));
  const ApiRouter router(*engine);
  const ApiRouter uncached(*engine, 0);
  const HttpReply first = get_encoded(router, kLargeJson, "br");
  ASSERT_EQ(first.header("Content-Encoding"), "br");
  const std::size_t identity_size = get_encoded(uncached, kLargeJson, "").text().size();
  EXPECT_LT(router.cached_bytes(), identity_size) << "only the compressed reply is kept";
  const HttpReply again = get_encoded(router, kLargeJson, "br");
  EXPECT_EQ(again.body, first.body) << "the second request is served the cached bytes";

  const HttpReply gzip = get_encoded(router, kLargeJson, "gzip");
  const HttpReply identity = get_encoded(router, kLargeJson, "");
  EXPECT_EQ(gzip.header("Content-Encoding"), "gzip");
  EXPECT_EQ(identity.header("Content-Encoding"), "");
  for (const auto& [reply, coding] : {std::pair{&first, ContentCoding::kBrotli}, std::pair{&gzip, ContentCoding::kGzip},
                                      std::pair{&identity, ContentCoding::kIdentity}}) {
    EXPECT_EQ(decode(coding, reply->text(), identity_size), std::string(get_encoded(uncached, kLargeJson, "").text()));
    const HttpReply fresh = get_encoded(uncached, kLargeJson,
                                        coding == ContentCoding::kGzip     ? "gzip"
                                        : coding == ContentCoding::kBrotli ? "br"
                                                                           : "");
    EXPECT_EQ(fresh.text(), reply->text()) << "cached and uncached " << coding_name(coding) << " are the same bytes";
    EXPECT_EQ(fresh.headers, reply->headers);
  }
}

// --- The OpenAPI document -----------------------------------------------------------------

class OpenApiTest : public RouterTest {
 protected:
  OpenApiTest() : document_(json::parse(openapi_document())) {}

  const json::object& paths() const { return document_.at("paths").as_object(); }

  // The schema `schema` refers to, when it is a {"$ref": "#/components/schemas/X"}.
  const json::value& resolve(const json::value& schema) const {
    if (const json::value* ref = schema.is_object() ? schema.as_object().if_contains("$ref") : nullptr) {
      const std::string_view name = ref->as_string();
      return document_.at("components").at("schemas").at(name.substr(name.rfind('/') + 1));
    }
    return schema;
  }

  // The schema with its allOf parts merged into one: their properties and required keys
  // together.
  json::value merged(const json::value& schema_or_ref) const {
    const json::value& schema = resolve(schema_or_ref);
    const json::value* parts = schema.is_object() ? schema.as_object().if_contains("allOf") : nullptr;
    if (parts == nullptr) return schema;
    json::object properties;
    json::array required;
    bool all_required = true;  // a part without a required list requires every key it has
    for (const json::value& part : parts->as_array()) {
      const json::value whole = merged(part);
      const json::value* own = whole.as_object().if_contains("properties");
      if (own == nullptr) continue;
      const json::value* keys = whole.as_object().if_contains("required");
      for (const auto& [key, property] : own->as_object()) {
        properties[key] = property;
        bool must = keys == nullptr;
        if (keys != nullptr) {
          for (const json::value& name : keys->as_array()) must = must || name.as_string() == key;
        }
        if (must) required.emplace_back(key);
      }
      all_required = all_required && keys == nullptr;
    }
    json::object out{{"type", "object"}, {"properties", std::move(properties)}};
    if (!all_required) out["required"] = std::move(required);
    return out;
  }

  // Expects `value` to have exactly the properties `schema` documents, recursively.
  void expect_matches(const json::value& schema_or_ref, const json::value& value, const std::string& where) const {
    const json::value whole = merged(schema_or_ref);
    const json::value& schema = whole;
    if (!schema.is_object()) return;
    if (const json::value* properties = schema.as_object().if_contains("properties"); properties && value.is_object()) {
      // With a "required" list, only those keys must be there; without one, every key.
      const json::value* required = schema.as_object().if_contains("required");
      for (const auto& [key, property] : properties->as_object()) {
        const json::value* field = value.as_object().if_contains(key);
        bool must = required == nullptr;
        if (required != nullptr) {
          for (const json::value& name : required->as_array()) must = must || name.as_string() == key;
        }
        if (must) {
          EXPECT_NE(field, nullptr) << where << " lacks the documented key '" << key << "'";
        }
        if (field != nullptr) expect_matches(property, *field, where + "." + std::string(key));
      }
      for (const auto& [key, field] : value.as_object()) {
        EXPECT_TRUE(properties->as_object().contains(key)) << where << " has the undocumented key '" << key << "'";
      }
    }
    if (const json::value* items = schema.as_object().if_contains("items"); items && value.is_array()) {
      for (const json::value& item : value.as_array()) expect_matches(*items, item, where + "[]");
    }
  }

  // The path with each {parameter} replaced by its documented example, and a query
  // string giving every documented query parameter its example.
  static std::string example_target(std::string_view path, const json::object& operation) {
    std::string target(path);
    std::string query;
    if (const json::value* parameters = operation.if_contains("parameters")) {
      for (const json::value& parameter : parameters->as_array()) {
        const std::string name(parameter.at("name").as_string());
        const std::string example(parameter.at("example").as_string());
        if (parameter.at("in") == "path") {
          const std::size_t at = target.find("{" + name + "}");
          EXPECT_NE(at, std::string::npos) << path << " has no {" << name << "}";
          if (at != std::string::npos) target.replace(at, name.size() + 2, example);
        } else {
          query += (query.empty() ? "?" : "&") + name + "=" + example;
        }
      }
    }
    return target + query;
  }

  json::value document_;
};

TEST_F(OpenApiTest, IsServedAsDocumented) {
  EXPECT_EQ(ok("/api/v1/openapi.json"), document_);
  EXPECT_EQ(document_.at("openapi"), "3.1.0");
}

// GET routes whose documented examples the mini fixture can answer; the others (POST
// decisions, and examples that need the reference data's operations, seats, eligibility
// rules or the atlas) are exercised by tests/api/test_api.py on the real data.
bool served_by_mini_data(const json::value& item) {
  const json::value* get = item.as_object().if_contains("get");
  if (get == nullptr) return false;
  // What needs a signed-in user (partnership management among it) is checked elsewhere:
  // tests/api/test_manage.py checks those replies against these schemas over HTTP.
  if (const json::value* security = get->as_object().if_contains("security");
      security != nullptr && !security->as_array().empty()) {
    return false;
  }
  const std::string_view id = get->at("operationId").as_string();
  // A simulation job exists only once submitted: tests/api/test_api.py covers it, as
  // tests/api/test_analytics.py covers the network's GraphML and the streamed panel, which
  // are not JSON. What
  // needs a signed-in user or a record with an id (a database) is covered with real
  // sessions by write_routes_test.cpp.
  static const std::set<std::string_view> kElsewhere{
      "getOperation",  "article5",       "councilSeats", "eligibility",       "simulation",
      "getSession",    "listSessions",   "listTokens",   "listUsers",         "listAudit",
      "getMembership", "getPartnership", "getPlan",      "getNetworkGraphml", "getPanel"};
  return !kElsewhere.contains(id);
}

TEST_F(OpenApiTest, EveryDocumentedPathHasARoute) {
  ASSERT_FALSE(paths().empty()) << "docs/openapi.json documents no paths";
  for (const auto& [path, item] : paths()) {
    if (!served_by_mini_data(item)) continue;
    const json::object& operation = item.at("get").as_object();
    const std::string target = example_target(path, operation);
    const Answer answer = get(target);
    EXPECT_EQ(answer.reply.status, 200U) << target << ": " << answer.reply.text();
  }
}

TEST_F(OpenApiTest, EveryDocumentedReplyHasTheDocumentedKeys) {
  for (const auto& [path, item] : paths()) {
    if (!served_by_mini_data(item)) continue;
    const json::object& operation = item.at("get").as_object();
    const json::value* schema =
        operation.at("responses").at("200").at("content").at("application/json").as_object().if_contains("schema");
    if (schema == nullptr) continue;  // the OpenAPI document itself
    const std::string target = example_target(path, operation);
    expect_matches(*schema, get(target).body, target);
  }
}

// Every route documented with a CSV form serves it, with the documented columns, and the
// same number of records as its JSON has list items (when the JSON is one list).
TEST_F(OpenApiTest, EveryDocumentedCsvHasTheDocumentedColumns) {
  std::size_t checked = 0;
  for (const auto& [path, item] : paths()) {
    if (!served_by_mini_data(item)) continue;
    const json::object& operation = item.at("get").as_object();
    const json::value* csv = operation.at("responses").at("200").at("content").as_object().if_contains("text/csv");
    if (csv == nullptr) continue;
    std::string target = example_target(path, operation);
    const std::size_t at = target.find("format=json");
    ASSERT_NE(at, std::string::npos) << path << " documents text/csv but no format parameter";
    target.replace(at, 11, "format=csv");
    const HttpReply reply = router_.route("GET", target);
    ASSERT_EQ(reply.status, 200U) << target << ": " << reply.text();
    EXPECT_EQ(reply.content_type, "text/csv; charset=utf-8") << target;
    const Result<CsvTable> table = parse_csv(reply.text(), target);
    ASSERT_TRUE(table.is_ok()) << table.status().to_string();
    std::vector<std::string> documented;
    for (const json::value& column : csv->at("x-columns").as_array()) documented.emplace_back(column.as_string());
    EXPECT_EQ(table->header, documented) << target;
    ++checked;
  }
  EXPECT_GE(checked, 10U);
}

TEST_F(OpenApiTest, ProblemsHaveTheDocumentedKeys) {
  const json::value& schema = document_.at("components").at("schemas").at("Problem");
  expect_matches(schema, problem("/api/v1/nations/XYZ", 404, "unknown-nation"), "problem");
}

TEST_F(OpenApiTest, FieldProblemsHaveTheDocumentedKeys) {
  const json::value& schema = document_.at("components").at("schemas").at("Problem");
  expect_matches(schema, problem("/api/v1/organisations/NATO/members?as_of=2023-02-30", 400, "invalid-date"),
                 "problem");
}

TEST_F(OpenApiTest, InternalErrorsHaveTheDocumentedKeys) {
  const json::value& schema = document_.at("components").at("schemas").at("InternalError");
  const HttpReply reply = incident_reply("0123456789abcdef", "/api/v1/nations");
  EXPECT_EQ(reply.status, 500U);
  EXPECT_EQ(reply.content_type, "application/problem+json");
  expect_matches(schema, json::parse(reply.text()), "internal error");
}

// The route table and docs/openapi.json agree both ways: every route is documented with
// its method, and every documented operation is served.
TEST_F(OpenApiTest, TheRouteTableIsTheDocumentedApi) {
  // Parameter names do not matter: "/nations/{iso3}" and "/nations/{code}" are one path.
  const auto normalised = [](std::string_view path) {
    std::string text(path);
    for (std::size_t open = text.find('{'); open != std::string::npos; open = text.find('{', open + 1)) {
      text.erase(open + 1, text.find('}', open) - open - 1);
    }
    return text;
  };
  std::set<std::string> documented;
  for (const auto& [path, item] : paths()) {
    for (const auto& [method, operation] : item.as_object()) {
      if (method == "parameters") continue;
      documented.insert(ascii_upper(method) + " " + normalised(path));
    }
  }
  std::set<std::string> served;
  for (const RouteInfo& route : ApiRouter::route_table()) {
    served.insert(std::string(route.method) + " " + normalised(route.path));
  }
  for (const std::string& route : served) {
    EXPECT_EQ(documented.count(route), 1U) << route << " is served but not in docs/openapi.json";
  }
  for (const std::string& operation : documented) {
    EXPECT_EQ(served.count(operation), 1U) << operation << " is in docs/openapi.json but not served";
  }
  EXPECT_GE(served.size(), 24U);
}

}  // namespace
}  // namespace entente
