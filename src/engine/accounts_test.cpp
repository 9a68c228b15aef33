#include "engine/accounts.hpp"

#include <gtest/gtest.h>

#include "engine/engine.hpp"
#include "store/dataset_reader.hpp"

namespace entente {

static void PrintTo(ErrorCode code, std::ostream* out) { *out << error_slug(code); }

namespace {

const Date kToday = Date::from_ymd(2024, 6, 1);
constexpr const char* kPassword = "correct horse battery staple";

class AccountsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<Dataset> dataset = read_dataset(DirectoryDataFiles("tests/data/mini"));
    ASSERT_TRUE(dataset.is_ok()) << dataset.status().to_string();
    Result<std::unique_ptr<Store>> store = Store::open_sqlite(":memory:", Store::OpenMode::kCreate);
    ASSERT_TRUE(store.is_ok());
    ASSERT_TRUE((*store)->replace(*dataset).is_ok());
    auto clock = std::make_unique<FixedClock>(kToday);
    clock_ = clock.get();
    EngineOptions options;
    options.accounts.cost = HashCost::cheapest();
    options.accounts.policy = PasswordPolicy::from_words({"password123", "iloveyou1"});
    options.accounts.security_log = [this](const std::string& line) { log_.push_back(line); };
    Result<std::unique_ptr<Engine>> engine = Engine::open_store(std::move(*store), std::move(clock), options);
    ASSERT_TRUE(engine.is_ok()) << engine.status().to_string();
    engine_ = std::move(*engine);
  }

  AccountService& accounts() { return engine_->accounts(); }

  CreatedAccount add(const std::string& name, const std::string& role, const std::string& nation = "",
                     const std::string& password = kPassword) {
    Result<CreatedAccount> created =
        accounts().add(Principal::local_operator("ops"), NewAccount{name, role, nation, password}, "req");
    EXPECT_TRUE(created.is_ok()) << created.status().to_string();
    return created ? *created : CreatedAccount{};
  }

  SignInOutcome sign_in(const std::string& name, const std::string& password, const std::string& address = "10.0.0.1") {
    return accounts().sign_in(SignInRequest{name, password, address, "test"});
  }

  std::unique_ptr<Engine> engine_;
  FixedClock* clock_ = nullptr;
  std::vector<std::string> log_;
};

TEST_F(AccountsTest, ASignedInSessionStandsForItsAccount) {
  add("alice", "alliance-staff");
  const SignInOutcome outcome = sign_in("alice", kPassword);
  ASSERT_TRUE(outcome.grant.has_value()) << outcome.failure.to_string();
  EXPECT_EQ(outcome.grant->token.size(), 64U);  // 256 bits, hex
  Result<Principal> principal = accounts().authenticate_session(outcome.grant->token);
  ASSERT_TRUE(principal.is_ok()) << principal.status().to_string();
  EXPECT_EQ(principal->name, "alice");
  EXPECT_EQ(principal->role, Role::kAllianceStaff);
  EXPECT_EQ(principal->csrf_token, outcome.grant->csrf_token);
  EXPECT_NE(std::find_if(log_.begin(), log_.end(), [](const std::string& l) { return l.starts_with("signed in"); }),
            log_.end());
}

TEST_F(AccountsTest, AWrongPasswordAndAnUnknownNameFailAlike) {
  add("alice", "viewer");
  const SignInOutcome wrong = sign_in("alice", "not the password");
  const SignInOutcome unknown = sign_in("bob", "not the password");
  EXPECT_EQ(wrong.failure.code(), ErrorCode::kUnauthenticated);
  EXPECT_EQ(unknown.failure.code(), ErrorCode::kUnauthenticated);
  EXPECT_EQ(wrong.failure.message(), unknown.failure.message());
}

TEST_F(AccountsTest, RepeatedFailuresLockTheAccountForAWhile) {
  add("alice", "viewer");
  for (int i = 0; i < 5; ++i) EXPECT_FALSE(sign_in("alice", "guess number " + std::to_string(i)).grant.has_value());
  const SignInOutcome locked = sign_in("alice", kPassword);
  EXPECT_EQ(locked.failure.code(), ErrorCode::kTooManyRequests);
  EXPECT_GT(locked.retry_after_seconds, 0);
  clock_->advance(std::chrono::seconds(locked.retry_after_seconds + 1));
  EXPECT_TRUE(sign_in("alice", kPassword).grant.has_value());
}

TEST_F(AccountsTest, RepeatedFailuresFromOneAddressMakeItWait) {
  add("alice", "viewer");
  for (int i = 0; i < 20; ++i) (void)sign_in("nobody" + std::to_string(i), "whatever it is", "10.9.9.9");
  const SignInOutcome refused = sign_in("alice", kPassword, "10.9.9.9");
  EXPECT_EQ(refused.failure.code(), ErrorCode::kTooManyRequests);
  EXPECT_TRUE(sign_in("alice", kPassword, "10.0.0.2").grant.has_value());
}

TEST_F(AccountsTest, SessionsEndWhenIdleOrTooOld) {
  add("alice", "viewer");
  const SignInOutcome first = sign_in("alice", kPassword);
  ASSERT_TRUE(first.grant.has_value());
  clock_->advance(std::chrono::minutes(29));
  EXPECT_TRUE(accounts().authenticate_session(first.grant->token).is_ok());
  clock_->advance(std::chrono::minutes(31));
  EXPECT_EQ(accounts().authenticate_session(first.grant->token).status().code(), ErrorCode::kUnauthenticated);

  const SignInOutcome second = sign_in("alice", kPassword);
  ASSERT_TRUE(second.grant.has_value());
  for (int i = 0; i < 25; ++i) {  // active every 29 minutes, yet not past 12 hours
    clock_->advance(std::chrono::minutes(29));
    const bool alive = accounts().authenticate_session(second.grant->token).is_ok();
    EXPECT_EQ(alive, (i + 1) * 29 < 12 * 60) << i;
  }
}

TEST_F(AccountsTest, SignOutAndDisablingEndSessionsAndTokens) {
  add("alice", "viewer");
  const SignInOutcome one = sign_in("alice", kPassword);
  const SignInOutcome two = sign_in("alice", kPassword);
  ASSERT_TRUE(one.grant && two.grant);
  Result<Principal> alice = accounts().authenticate_session(one.grant->token);
  ASSERT_TRUE(alice.is_ok());
  Result<CreatedToken> token = accounts().create_token(*alice, NewToken{"nightly", 30}, "req");
  ASSERT_TRUE(token.is_ok()) << token.status().to_string();
  EXPECT_TRUE(token->token.starts_with("ent_"));
  EXPECT_TRUE(accounts().authenticate_token(token->token).is_ok());

  ASSERT_TRUE(accounts().sign_out(*alice).is_ok());
  EXPECT_FALSE(accounts().authenticate_session(one.grant->token).is_ok());
  EXPECT_TRUE(accounts().authenticate_session(two.grant->token).is_ok());

  ASSERT_TRUE(accounts().disable(Principal::local_operator("ops"), "alice", "req").is_ok());
  EXPECT_FALSE(accounts().authenticate_session(two.grant->token).is_ok());
  EXPECT_FALSE(accounts().authenticate_token(token->token).is_ok());
  EXPECT_FALSE(sign_in("alice", kPassword).grant.has_value());
}

TEST_F(AccountsTest, AUserListsAndEndsOnlyTheirOwnSessionsAndTokens) {
  add("alice", "viewer");
  add("bob", "viewer");
  const SignInOutcome a = sign_in("alice", kPassword);
  const SignInOutcome b = sign_in("bob", kPassword);
  Result<Principal> alice = accounts().authenticate_session(a.grant->token);
  Result<Principal> bob = accounts().authenticate_session(b.grant->token);
  ASSERT_TRUE(alice.is_ok() && bob.is_ok());
  Result<std::vector<SessionView>> mine = accounts().sessions(*alice);
  ASSERT_TRUE(mine.is_ok());
  ASSERT_EQ(mine->size(), 1U);
  EXPECT_TRUE(mine->front().current);
  EXPECT_EQ(accounts().end_session(*alice, bob->session).code(), ErrorCode::kNotFound);
  Result<CreatedToken> bobs = accounts().create_token(*bob, NewToken{"b", 1}, "req");
  ASSERT_TRUE(bobs.is_ok());
  EXPECT_EQ(accounts().revoke_token(*alice, bobs->view.id, "req").code(), ErrorCode::kNotFound);
  EXPECT_TRUE(accounts().authenticate_token(bobs->token).is_ok());
}

TEST_F(AccountsTest, NewAccountsAreValidated) {
  const Principal ops = Principal::local_operator("ops");
  const auto field_of = [&](const NewAccount& request) { return accounts().add(ops, request, "req").status().field(); };
  EXPECT_EQ(field_of({"Alice", "viewer", "", kPassword}), "/name");
  EXPECT_EQ(field_of({"alice", "king", "", kPassword}), "/role");
  EXPECT_EQ(field_of({"alice", "nation-officer", "", kPassword}), "/nation");
  EXPECT_EQ(field_of({"alice", "alliance-staff", "FIN", kPassword}), "/nation");
  EXPECT_EQ(field_of({"alice", "viewer", "", "short"}), "/password");
  EXPECT_EQ(field_of({"alice", "viewer", "", "PASSWORD123"}), "/password");  // common, any case
  EXPECT_EQ(field_of({"alice", "viewer", "", "xx-alice-xx"}), "/password");  // holds the name
  EXPECT_EQ(field_of({"alice", "viewer", "", "aaaaaaaaaaaa"}), "/password");
  EXPECT_EQ(field_of({"alice", "viewer", "", std::string(129, 'x') + "y"}), "/password");
  add("alice", "nation-officer", "FIN");
  Result<CreatedAccount> again = accounts().add(ops, {"alice", "viewer", "", kPassword}, "req");
  EXPECT_EQ(again.status().code(), ErrorCode::kConflict);
}

TEST_F(AccountsTest, AOneTimePasswordIsMadeWhenNoneIsGivenAndResetEndsSessions) {
  const CreatedAccount created = add("carol", "viewer", "", "");
  ASSERT_EQ(created.one_time_password.size(), 20U);
  const SignInOutcome session = sign_in("carol", created.one_time_password);
  ASSERT_TRUE(session.grant.has_value());
  Result<std::string> reset = accounts().reset_password(Principal::local_operator("ops"), "carol", "", "req");
  ASSERT_TRUE(reset.is_ok());
  EXPECT_FALSE(accounts().authenticate_session(session.grant->token).is_ok());
  EXPECT_FALSE(sign_in("carol", created.one_time_password).grant.has_value());
  EXPECT_TRUE(sign_in("carol", *reset).grant.has_value());
}

TEST_F(AccountsTest, OnlyAdministratorsManageAccounts) {
  add("alice", "alliance-staff");
  const SignInOutcome a = sign_in("alice", kPassword);
  Result<Principal> alice = accounts().authenticate_session(a.grant->token);
  ASSERT_TRUE(alice.is_ok());
  EXPECT_EQ(accounts().list(*alice).status().code(), ErrorCode::kForbidden);
  EXPECT_EQ(accounts().add(*alice, {"eve", "administrator", "", kPassword}, "req").status().code(),
            ErrorCode::kForbidden);
  EXPECT_EQ(accounts().list(Principal::anonymous()).status().code(), ErrorCode::kUnauthenticated);
}

TEST(PasswordHashing, VerifiesTheRightPasswordOnly) {
  Result<std::string> hash = hash_password("a long passphrase", HashCost::cheapest());
  ASSERT_TRUE(hash.is_ok());
  EXPECT_TRUE(hash->starts_with("$argon2id$"));
  EXPECT_TRUE(verify_password("a long passphrase", *hash));
  EXPECT_FALSE(verify_password("a long passphrasE", *hash));
  EXPECT_FALSE(verify_password("a long passphrase", "not a hash"));
  EXPECT_NE(token_hash("x"), token_hash("y"));
  EXPECT_EQ(random_secret(16).size(), 32U);
}

TEST(PasswordPolicyFile, TheShippedListLoadsAndRefusesItsEntries) {
  Result<PasswordPolicy> policy = PasswordPolicy::from_file("data/common_passwords.txt");
  ASSERT_TRUE(policy.is_ok()) << policy.status().to_string();
  EXPECT_GT(policy->common_passwords(), 50U);
  EXPECT_FALSE(policy->check("liverpool", "alice").is_ok());
  EXPECT_FALSE(policy->check("Password1", "alice").is_ok());
  EXPECT_TRUE(policy->check("ochre lantern meridian", "alice").is_ok());
}

}  // namespace

}  // namespace entente

namespace entente {
namespace {

// A one-time password is drawn until the password rules take it: a two-letter account name
// of its alphabet turns up in some of the random 20-letter drafts (about 1 in 130), and a
// new one-time password is still given every time, free of the name.
TEST_F(AccountsTest, AOneTimePasswordNeverHoldsTheAccountsName) {
  add("ab", "viewer");
  for (int i = 0; i < 300; ++i) {
    Result<std::string> password = accounts().reset_password(Principal::local_operator("ops"), "ab", "", "req");
    ASSERT_TRUE(password.is_ok()) << password.status().to_string();
    EXPECT_EQ(password->find("ab"), std::string::npos) << *password;
  }
}

}  // namespace
}  // namespace entente
