#pragma once

// Accounts, sign-in, sessions and API tokens (docs/security.md, "Accounts"). Every
// change is authorised here, written in one transaction with its audit entry, and told
// to the security log; no transport decides who may do what.

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <semaphore>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.hpp"
#include "core/status.hpp"
#include "engine/credentials.hpp"
#include "engine/principal.hpp"
#include "store/store.hpp"

namespace entente {

// An account as callers see it: never its password hash.
struct AccountView {
  std::int64_t id = 0;
  std::int64_t version = 0;
  std::string name;
  Role role = Role::kViewer;
  std::string nation;
  bool disabled = false;
  std::string created;
};

// An account to add, as the user gave it.
struct NewAccount {
  std::string name;
  std::string role;
  std::string nation;
  std::string password;  // empty: make a one-time password
};

struct CreatedAccount {
  AccountView account;
  std::string one_time_password;  // empty when the caller chose the password
};

struct SignInRequest {
  std::string username;
  std::string password;
  std::string address;  // the client's address: failures are also counted per address
  std::string user_agent;
};

struct SessionGrant {
  std::string token;  // the cookie's value; stored only as a hash
  std::string csrf_token;
  AccountView account;
  std::string expires;  // the absolute end, RFC 3339
};

// Why a sign-in failed, and when to try again (seconds; 0 unless throttled).
struct SignInOutcome {
  std::optional<SessionGrant> grant;
  Status failure;
  int retry_after_seconds = 0;
};

struct WhoAmI {
  AccountView account;
  Principal::Via via = Principal::Via::kAnonymous;
  std::string csrf_token;  // when via a session
  std::string expires;     // of the session or token
};

struct SessionView {
  std::int64_t id = 0;
  std::string created;
  std::string last_seen;
  std::string address;
  std::string user_agent;
  bool current = false;
};

struct TokenView {
  std::int64_t id = 0;
  std::string name;
  std::string created;
  std::string expires;
  std::string last_used;
};

struct NewToken {
  std::string name;
  int expires_in_days = 90;
};

struct CreatedToken {
  std::string token;  // shown once: "ent_" and 64 hex digits
  TokenView view;
};

struct AccountSettings {
  HashCost cost;
  PasswordPolicy policy = PasswordPolicy::shipped();
  std::chrono::seconds idle_timeout{std::chrono::minutes(30)};
  std::chrono::seconds absolute_timeout{std::chrono::hours(12)};
  // Consecutive failures of one account before it is locked; each further failure
  // doubles the lock, from 30 seconds up to 15 minutes.
  int failures_before_lock = 5;
  // Failures from one address within the window before that address must wait.
  int failures_per_address = 20;
  std::chrono::seconds address_window{std::chrono::minutes(15)};
  // Hashes computed at once (each takes cost.memory_bytes); beyond, sign-ins wait.
  int concurrent_hashes = 4;
  // Where logins, failures and refusals are told: one line each.
  std::function<void(const std::string&)> security_log;
};

class AccountService {
 public:
  AccountService(Store* store, const Clock& clock, AccountSettings settings, AccessPolicy access);

  const AccessPolicy& access() const { return access_; }
  const AccountSettings& settings() const { return settings_; }

  // Administrators (and the operator).
  Result<CreatedAccount> add(const Principal& actor, const NewAccount& request, std::string_view request_id);
  Result<std::vector<AccountView>> list(const Principal& actor);
  // Disabling ends the account's sessions and revokes its tokens.
  Status disable(const Principal& actor, std::string_view name, std::string_view request_id);
  // Sets `password` (empty: a one-time password, returned) and ends the account's sessions.
  Result<std::string> reset_password(const Principal& actor, std::string_view name, std::string_view password,
                                     std::string_view request_id);

  SignInOutcome sign_in(const SignInRequest& request);
  // The principal a session cookie or an API token stands for; kUnauthenticated when it
  // is unknown, expired, or its account is disabled.
  Result<Principal> authenticate_session(std::string_view token);
  Result<Principal> authenticate_token(std::string_view token);

  Result<WhoAmI> who_am_i(const Principal& actor);
  Status sign_out(const Principal& actor);
  Result<std::vector<SessionView>> sessions(const Principal& actor);
  Status end_session(const Principal& actor, std::int64_t id);
  Result<std::vector<TokenView>> tokens(const Principal& actor);
  Result<CreatedToken> create_token(const Principal& actor, const NewToken& request, std::string_view request_id);
  Status revoke_token(const Principal& actor, std::int64_t id, std::string_view request_id);

 private:
  Result<std::unique_ptr<Transaction>> begin(Store::Access access);
  // One change of the accounts' tables in a write transaction of its own, committed.
  Status write_accounts(const std::function<Status(AccountRepository&)>& change);
  void log(const std::string& line) const;
  std::string now_text() const { return format_instant(clock_.now()); }
  // Address throttling: seconds to wait, or 0.
  int address_wait(const std::string& address);
  void count_address_failure(const std::string& address);

  Store* store_;  // null: an engine without a database; every call is refused
  const Clock& clock_;
  AccountSettings settings_;
  AccessPolicy access_;
  std::counting_semaphore<64> hashing_;

  struct AddressFailures {
    Clock::Instant window_start;
    int count = 0;
  };
  std::mutex addresses_mutex_;
  std::map<std::string, AddressFailures> address_failures_;  // guarded by addresses_mutex_
};

}  // namespace entente
