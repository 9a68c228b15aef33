// Every route of the route table, for every kind of caller, with the reference data public
// and private, against what each capability grants. The expectations below are written
// from docs/security.md's matrix, independently of authorise()'s table; a route whose
// capability has no row here fails, so a new route cannot go unchecked.

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/engine.hpp"
#include "server/router.hpp"
#include "store/dataset_reader.hpp"

namespace entente {

namespace {

constexpr const char* kPassword = "correct horse battery staple";

// Who calls.
struct Caller {
  std::string label;
  std::optional<std::string> account;  // none: anonymous
  std::string role;
  std::string nation;
};

const std::vector<Caller>& callers() {
  static const std::vector<Caller> kCallers{
      {"anonymous", std::nullopt, "", ""},
      {"viewer", "vera", "viewer", ""},
      {"nation officer of Finland", "fiona", "nation-officer", "FIN"},
      {"nation officer of Hungary", "hugo", "nation-officer", "HUN"},
      {"alliance staff", "sam", "alliance-staff", ""},
      {"administrator", "ada", "administrator", ""},
  };
  return kCallers;
}

// The status a caller gets at a route that needs `capability`: 0 means "let through"
// (the route then answers whatever its input deserves, but never 401 or 403).
unsigned expected_status(std::optional<Capability> capability, const Caller& caller, bool private_reference) {
  if (!capability) return 0;
  const bool anonymous = !caller.account.has_value();
  switch (*capability) {
    case Capability::kReadReference: return anonymous && private_reference ? 401 : 0;
    case Capability::kOwnAccount: return anonymous ? 401 : 0;
    case Capability::kEditRegistry:
    case Capability::kReadAudit:
    case Capability::kPartnershipStaff:
      if (anonymous) return 401;
      return caller.role == "alliance-staff" || caller.role == "administrator" ? 0 : 403;
    case Capability::kManageAccounts:
      if (anonymous) return 401;
      return caller.role == "administrator" ? 0 : 403;
    case Capability::kPartnership:
      if (anonymous) return 401;
      return caller.role == "viewer" ? 403 : 0;
  }
  ADD_FAILURE() << "the matrix has no row for capability " << to_string(*capability);
  return 0;
}

// A concrete target for a route's template: every {parameter} becomes a plausible value.
std::string target_of(std::string_view path) {
  std::string target;
  while (!path.empty()) {
    const std::size_t open = path.find('{');
    if (open == std::string_view::npos) {
      target += path;
      break;
    }
    target += path.substr(0, open);
    const std::size_t close = path.find('}', open);
    const std::string_view name = path.substr(open + 1, close - open - 1);
    // An id no record, session or token has: a caller must not end its own session here.
    target += name == "iso3" ? "FIN" : (path.substr(0, open).ends_with("organisations/") ? "NATO" : "999999");
    path.remove_prefix(close + 1);
  }
  return target;
}

class AuthorisationMatrixTest : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    Result<Dataset> dataset = read_dataset(DirectoryDataFiles("tests/data/mini"));
    ASSERT_TRUE(dataset.is_ok()) << dataset.status().to_string();
    Result<std::unique_ptr<Store>> store = Store::open_sqlite(":memory:", Store::OpenMode::kCreate);
    ASSERT_TRUE(store.is_ok());
    ASSERT_TRUE((*store)->replace(*dataset).is_ok());
    EngineOptions options;
    options.accounts.cost = HashCost::cheapest();
    options.access.private_reference = GetParam();
    Result<std::unique_ptr<Engine>> engine =
        Engine::open_store(std::move(*store), std::make_unique<FixedClock>(Date::from_ymd(2024, 6, 1)), options);
    ASSERT_TRUE(engine.is_ok()) << engine.status().to_string();
    engine_ = std::move(*engine);
    router_ = std::make_unique<ApiRouter>(*engine_, 0);
    for (const Caller& caller : callers()) {
      if (!caller.account) continue;
      ASSERT_TRUE(
          engine_->accounts()
              .add(Principal::local_operator("test"), {*caller.account, caller.role, caller.nation, kPassword}, "setup")
              .is_ok());
      const SignInOutcome signed_in =
          engine_->accounts().sign_in({*caller.account, kPassword, "10.0.0." + std::to_string(sessions_.size()), "t"});
      ASSERT_TRUE(signed_in.grant.has_value()) << signed_in.failure.to_string();
      sessions_[caller.label] = {"entente-session=" + signed_in.grant->token, signed_in.grant->csrf_token};
    }
  }

  HttpReply call(const Caller& caller, std::string_view method, const std::string& target) const {
    ApiRequest request;
    request.method = method;
    request.target = target;
    request.client = "10.1.1.1";
    request.body = method == "GET" || method == "DELETE" ? std::string_view() : std::string_view("{}");
    request.if_match = "\"r1\"";
    const auto session = sessions_.find(caller.label);
    if (session != sessions_.end()) {
      request.cookie = session->second.first;
      request.csrf_token = session->second.second;
    }
    return router_->route(request);
  }

  std::unique_ptr<Engine> engine_;
  std::unique_ptr<ApiRouter> router_;
  std::map<std::string, std::pair<std::string, std::string>> sessions_;  // label -> cookie, csrf token
};

TEST_P(AuthorisationMatrixTest, EveryRouteForEveryCaller) {
  const bool private_reference = GetParam();
  std::size_t checked = 0;
  for (const RouteInfo& route : ApiRouter::route_table()) {
    // Signing out ends the session the next rows need: it is checked last, below.
    if (route.method == "DELETE" && route.path == "/api/v1/session") continue;
    const std::string target = target_of(route.path);
    for (const Caller& caller : callers()) {
      const unsigned expected = expected_status(route.capability, caller, private_reference);
      const HttpReply reply = call(caller, route.method, target);
      const std::string where = std::string(route.method) + " " + target + " as " + caller.label +
                                (private_reference ? " (private)" : " (public)") + ": " + std::string(reply.text());
      if (expected == 0) {
        // Signing in answers 401 to wrong credentials: that is its own answer, not a refusal.
        if (route.capability) {
          EXPECT_NE(reply.status, 401U) << where;
        }
        EXPECT_NE(reply.status, 403U) << where;
      } else {
        EXPECT_EQ(reply.status, expected) << where;
      }
      ++checked;
    }
  }
  EXPECT_GT(checked, 40U * callers().size());
  for (const Caller& caller : callers()) {
    const HttpReply reply = call(caller, "DELETE", "/api/v1/session");
    EXPECT_EQ(reply.status, caller.account ? 204U : 401U) << caller.label << ": " << reply.text();
  }
}

TEST_P(AuthorisationMatrixTest, EveryRouteDeclaresWhatItNeeds) {
  // Only these may be open to anyone, even with --private.
  const std::vector<std::pair<std::string_view, std::string_view>> open{
      {"GET", "/healthz"}, {"GET", "/api/v1/openapi.json"}, {"POST", "/api/v1/session"}};
  for (const RouteInfo& route : ApiRouter::route_table()) {
    const bool listed = std::find(open.begin(), open.end(), std::pair{route.method, route.path}) != open.end();
    EXPECT_EQ(!route.capability.has_value(), listed) << route.method << " " << route.path;
  }
}

INSTANTIATE_TEST_SUITE_P(PublicAndPrivate, AuthorisationMatrixTest, ::testing::Bool(),
                         [](const ::testing::TestParamInfo<bool>& param) {
                           return param.param ? std::string("Private") : std::string("Public");
                         });

}  // namespace

}  // namespace entente
