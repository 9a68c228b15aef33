#include "engine/accounts.hpp"

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "core/text.hpp"

namespace entente {

namespace json = boost::json;

namespace {

constexpr std::string_view kTokenPrefix = "ent_";
constexpr std::chrono::seconds kTouchEvery{60};  // last_seen is written at most once a minute

AccountView view_of(const AccountRecord& record) {
  return AccountView{
      record.id,     record.version,  record.name,   parse_word<Role>(record.role).value_or(Role::kViewer),
      record.nation, record.disabled, record.created};
}

// What the audit log keeps of an account: never its password hash.
std::string audit_json(const AccountRecord& record) {
  return json::serialize(json::object{
      {"name", record.name}, {"role", record.role}, {"nation", record.nation}, {"disabled", record.disabled}});
}

std::string audit_json(const TokenRecord& token, std::string_view account) {
  return json::serialize(
      json::object{{"account", account}, {"name", token.name}, {"created", token.created}, {"expires", token.expires}});
}

// Lower-case letters, digits, '.', '_' and '-', starting with a letter; 1 to 64 of them.
Status check_account_name(std::string_view name) {
  const auto refuse = [](std::string message) {
    return Status(ErrorCode::kInvalidArgument, std::move(message), "/name");
  };
  if (name.empty()) return refuse("give the account a name");
  if (name.size() > 64) return refuse("an account name has at most 64 characters");
  if (name.front() < 'a' || name.front() > 'z') return refuse("an account name starts with a lower-case letter");
  for (const char c : name) {
    const bool allowed = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    if (!allowed) return refuse("an account name holds lower-case letters, digits, '.', '_' and '-' only");
  }
  return Status::ok();
}

Status not_found_account(std::string_view name) {
  return Status(ErrorCode::kNotFound, "no account named '" + std::string(name) + "'");
}

// The principal an account stands for when it authenticates `via` a credential.
Principal principal_of(const AccountRecord& account, Principal::Via via) {
  Principal principal;
  principal.via = via;
  principal.account = account.id;
  principal.name = account.name;
  principal.role = parse_word<Role>(account.role).value_or(Role::kViewer);
  principal.nation = account.nation;
  return principal;
}

}  // namespace

AccountService::AccountService(Store* store, const Clock& clock, AccountSettings settings, AccessPolicy access)
    : store_(store),
      clock_(clock),
      settings_(std::move(settings)),
      access_(access),
      hashing_(std::clamp(settings_.concurrent_hashes, 1, 64)) {}

Status AccountService::write_accounts(const std::function<Status(AccountRepository&)>& change) {
  Result<std::unique_ptr<Transaction>> tx = begin(Store::Access::kWrite);
  if (!tx) return tx.status();
  if (Status changed = change((*tx)->accounts()); !changed) return changed;
  return (*tx)->commit();
}

void AccountService::log(const std::string& line) const {
  if (settings_.security_log) settings_.security_log(line);
}

Result<std::unique_ptr<Transaction>> AccountService::begin(Store::Access access) {
  if (store_ == nullptr) return Status(ErrorCode::kUnavailable, "this engine has no database to keep accounts in");
  return store_->begin(access);
}

Result<CreatedAccount> AccountService::add(const Principal& actor, const NewAccount& request,
                                           std::string_view request_id) {
  if (Status allowed = authorise(actor, Capability::kManageAccounts, access_); !allowed) return allowed;
  if (Status named = check_account_name(request.name); !named) return named;
  const std::optional<Role> role = parse_word<Role>(request.role);
  if (!role) {
    return Status(ErrorCode::kInvalidArgument,
                  "unknown role '" + request.role + "'; expected " + word_choices(words_of<Role>()), "/role");
  }
  const bool alliance = *role == Role::kAllianceStaff || *role == Role::kAdministrator;
  if (alliance && !request.nation.empty()) {
    return Status(ErrorCode::kInvalidArgument, "alliance staff and administrators belong to no nation", "/nation");
  }
  if (*role == Role::kNationOfficer && request.nation.empty()) {
    return Status(ErrorCode::kInvalidArgument, "a nation officer belongs to a nation: give its ISO alpha-3 code",
                  "/nation");
  }
  if (!request.nation.empty() &&
      (request.nation.size() != 3 ||
       !std::all_of(request.nation.begin(), request.nation.end(), [](char c) { return c >= 'A' && c <= 'Z'; }))) {
    return Status(ErrorCode::kInvalidArgument, "a nation is an upper-case ISO alpha-3 code, e.g. FIN", "/nation");
  }
  std::string password = request.password;
  const bool one_time = password.empty();
  // A one-time password is drawn again until the rules take it: a random one may hold the
  // account's name (a short name, in 20 letters), which the rules refuse.
  for (int draw = 0; one_time && draw < 100; ++draw) {
    password = one_time_password();
    if (settings_.policy.check(password, request.name)) break;
  }
  if (Status strong = settings_.policy.check(password, request.name); !strong) return strong;

  Result<std::string> hash = hash_password(password, settings_.cost);
  if (!hash) return hash.status();
  Result<std::unique_ptr<Transaction>> tx = begin(Store::Access::kWrite);
  if (!tx) return tx.status();
  AccountRecord record{0, 1,  request.name, std::string(word_of(*role)), request.nation, *hash, false,
                       0, "", now_text()};
  Result<std::int64_t> id = (*tx)->accounts().insert(record);
  if (!id) {
    if (id.status().code() == ErrorCode::kConflict) {
      return Status(ErrorCode::kConflict, "an account named '" + request.name + "' exists already", "/name");
    }
    return id.status();
  }
  record.id = *id;
  const AuditEntry entry{0,  record.created,         actor.name, "create", "account", record.id, "", audit_json(record),
                         "", std::string(request_id)};
  if (Result<std::int64_t> audited = (*tx)->audit().append(entry); !audited) return audited.status();
  if (Status committed = (*tx)->commit(); !committed) return committed;
  log("account " + record.name + " (" + record.role + ") added by " + actor.name);
  return CreatedAccount{view_of(record), one_time ? password : std::string()};
}

Result<std::vector<AccountView>> AccountService::list(const Principal& actor) {
  if (Status allowed = authorise(actor, Capability::kManageAccounts, access_); !allowed) return allowed;
  Result<std::unique_ptr<Transaction>> tx = begin(Store::Access::kRead);
  if (!tx) return tx.status();
  Result<std::vector<AccountRecord>> records = (*tx)->accounts().list();
  if (!records) return records.status();
  std::vector<AccountView> views;
  for (const AccountRecord& record : *records) views.push_back(view_of(record));
  return views;
}

Status AccountService::disable(const Principal& actor, std::string_view name, std::string_view request_id) {
  if (Status allowed = authorise(actor, Capability::kManageAccounts, access_); !allowed) return allowed;
  Result<std::unique_ptr<Transaction>> tx = begin(Store::Access::kWrite);
  if (!tx) return tx.status();
  AccountRepository& accounts = (*tx)->accounts();
  Result<std::optional<AccountRecord>> found = accounts.find_by_name(std::string(name));
  if (!found) return found.status();
  if (!*found) return not_found_account(name);
  AccountRecord record = **found;
  const std::string before = audit_json(record);
  record.disabled = true;
  if (Status status = accounts.update(record); !status) return status;
  if (Status status = accounts.delete_sessions_of(record.id); !status) return status;
  if (Status status = accounts.delete_tokens_of(record.id); !status) return status;
  const AuditEntry entry{0,         now_text(), actor.name,         "disable", "account",
                         record.id, before,     audit_json(record), "",        std::string(request_id)};
  if (Result<std::int64_t> audited = (*tx)->audit().append(entry); !audited) return audited.status();
  if (Status committed = (*tx)->commit(); !committed) return committed;
  log("account " + record.name + " disabled by " + actor.name + "; its sessions and tokens ended");
  return Status::ok();
}

Result<std::string> AccountService::reset_password(const Principal& actor, std::string_view name,
                                                   std::string_view password, std::string_view request_id) {
  if (Status allowed = authorise(actor, Capability::kManageAccounts, access_); !allowed) return allowed;
  const bool one_time = password.empty();
  std::string chosen(password);
  for (int draw = 0; one_time && draw < 100; ++draw) {  // as in add(): until the rules take it
    chosen = one_time_password();
    if (settings_.policy.check(chosen, name)) break;
  }
  if (Status strong = settings_.policy.check(chosen, name); !strong) return strong;
  Result<std::string> hash = hash_password(chosen, settings_.cost);
  if (!hash) return hash.status();
  Result<std::unique_ptr<Transaction>> tx = begin(Store::Access::kWrite);
  if (!tx) return tx.status();
  AccountRepository& accounts = (*tx)->accounts();
  Result<std::optional<AccountRecord>> found = accounts.find_by_name(std::string(name));
  if (!found) return found.status();
  if (!*found) return not_found_account(name);
  AccountRecord record = **found;
  record.password_hash = *hash;
  record.failed_logins = 0;
  record.locked_until.clear();
  if (Status status = accounts.update(record); !status) return status;
  if (Status status = accounts.delete_sessions_of(record.id); !status) return status;
  const AuditEntry entry{0,
                         now_text(),
                         actor.name,
                         "reset-password",
                         "account",
                         record.id,
                         audit_json(record),
                         audit_json(record),
                         "",
                         std::string(request_id)};
  if (Result<std::int64_t> audited = (*tx)->audit().append(entry); !audited) return audited.status();
  if (Status committed = (*tx)->commit(); !committed) return committed;
  log("password of " + record.name + " reset by " + actor.name + "; its sessions ended");
  return one_time ? chosen : std::string();
}

int AccountService::address_wait(const std::string& address) {
  const std::lock_guard lock(addresses_mutex_);
  const auto it = address_failures_.find(address);
  if (it == address_failures_.end()) return 0;
  const auto elapsed = clock_.now() - it->second.window_start;
  if (elapsed >= settings_.address_window) {
    address_failures_.erase(it);
    return 0;
  }
  if (it->second.count < settings_.failures_per_address) return 0;
  return static_cast<int>(std::chrono::ceil<std::chrono::seconds>(settings_.address_window - elapsed).count());
}

void AccountService::count_address_failure(const std::string& address) {
  const std::lock_guard lock(addresses_mutex_);
  // Bounded: a flood of addresses forgets the oldest windows first.
  if (address_failures_.size() >= 100'000) {
    const Clock::Instant now = clock_.now();
    std::erase_if(address_failures_,
                  [&](const auto& entry) { return now - entry.second.window_start >= settings_.address_window; });
    if (address_failures_.size() >= 100'000) address_failures_.clear();
  }
  auto [it, added] = address_failures_.try_emplace(address, AddressFailures{clock_.now(), 0});
  ++it->second.count;
}

SignInOutcome AccountService::sign_in(const SignInRequest& request) {
  const Status wrong(ErrorCode::kUnauthenticated, "wrong username or password");
  if (const int wait = address_wait(request.address); wait > 0) {
    log("sign-in refused: too many failures from " + request.address);
    return {std::nullopt,
            Status(ErrorCode::kTooManyRequests,
                   "too many failed sign-ins from this address; try again in " + std::to_string(wait) + " seconds"),
            wait};
  }
  if (request.username.empty() || request.password.empty() || request.username.size() > 64 ||
      request.password.size() > 4 * PasswordPolicy::kMaxLength) {
    count_address_failure(request.address);
    return {std::nullopt, wrong, 0};
  }
  // One hash per attempt, known account or not, so the answer's timing tells nothing.
  if (!hashing_.try_acquire_for(std::chrono::seconds(5))) {
    return {std::nullopt, Status(ErrorCode::kUnavailable, "the server is busy signing others in; try again"), 2};
  }
  struct Release {
    std::counting_semaphore<64>& semaphore;
    ~Release() { semaphore.release(); }
  } release{hashing_};

  Result<std::unique_ptr<Transaction>> tx = begin(Store::Access::kWrite);
  if (!tx) return {std::nullopt, tx.status(), 0};
  AccountRepository& accounts = (*tx)->accounts();
  Result<std::optional<AccountRecord>> found = accounts.find_by_name(request.username);
  if (!found) return {std::nullopt, found.status(), 0};
  static const std::string kDecoy = [] {
    Result<std::string> decoy = hash_password("decoy-password-for-timing", HashCost{});
    return decoy ? *decoy : std::string();
  }();
  const Clock::Instant now = clock_.now();
  if (!*found) {
    (void)verify_password(request.password, kDecoy);
    count_address_failure(request.address);
    log("sign-in failed: unknown account '" + request.username + "' from " + request.address);
    return {std::nullopt, wrong, 0};
  }
  AccountRecord record = **found;
  if (const std::optional<Clock::Instant> until = parse_instant(record.locked_until); until && *until > now) {
    const int wait = static_cast<int>(std::chrono::ceil<std::chrono::seconds>(*until - now).count());
    log("sign-in refused: account " + record.name + " is locked; from " + request.address);
    return {std::nullopt,
            Status(ErrorCode::kTooManyRequests,
                   "too many failed sign-ins for this account; try again in " + std::to_string(wait) + " seconds"),
            wait};
  }
  const bool matches = verify_password(request.password, record.password_hash);
  if (!matches || record.disabled) {
    count_address_failure(request.address);
    if (!matches) {
      ++record.failed_logins;
      const int over = record.failed_logins - settings_.failures_before_lock;
      if (over >= 0) {
        const auto lock =
            std::min<std::chrono::seconds>(std::chrono::seconds(30L << std::min(over, 5)), std::chrono::minutes(15));
        record.locked_until = format_instant(now + lock);
      }
      if (Status status = accounts.update(record); !status) return {std::nullopt, status, 0};
      if (Status committed = (*tx)->commit(); !committed) return {std::nullopt, committed, 0};
    }
    log("sign-in failed: " + std::string(record.disabled ? "disabled account " : "wrong password for ") + record.name +
        " from " + request.address);
    return {std::nullopt, wrong, 0};
  }
  if (record.failed_logins != 0 || !record.locked_until.empty()) {
    record.failed_logins = 0;
    record.locked_until.clear();
    if (Status status = accounts.update(record); !status) return {std::nullopt, status, 0};
  }
  SessionGrant grant;
  grant.token = random_secret(32);
  grant.csrf_token = random_secret(32);
  const std::string created = format_instant(now);
  const SessionRecord session{0,
                              token_hash(grant.token),
                              grant.csrf_token,
                              record.id,
                              created,
                              created,
                              request.address,
                              request.user_agent.substr(0, 256)};
  if (Result<std::int64_t> id = accounts.insert_session(session); !id) return {std::nullopt, id.status(), 0};
  if (Status committed = (*tx)->commit(); !committed) return {std::nullopt, committed, 0};
  grant.account = view_of(record);
  grant.expires = format_instant(now + settings_.absolute_timeout);
  log("signed in: " + record.name + " from " + request.address);
  return {std::move(grant), Status::ok(), 0};
}

Result<Principal> AccountService::authenticate_session(std::string_view token) {
  const Status unknown(ErrorCode::kUnauthenticated, "the session has ended or expired; sign in again");
  if (token.size() != 64) return unknown;
  Result<std::unique_ptr<Transaction>> tx = begin(Store::Access::kRead);
  if (!tx) return tx.status();
  AccountRepository& accounts = (*tx)->accounts();
  Result<std::optional<SessionRecord>> session = accounts.find_session(token_hash(token));
  if (!session) return session.status();
  if (!*session) return unknown;
  Result<std::optional<AccountRecord>> account = accounts.find((*session)->account);
  if (!account) return account.status();
  const Clock::Instant now = clock_.now();
  const auto created = parse_instant((*session)->created);
  const auto last_seen = parse_instant((*session)->last_seen);
  const bool expired = !created || !last_seen || now - *created >= settings_.absolute_timeout ||
                       now - *last_seen >= settings_.idle_timeout;
  const bool touch = !expired && now - *last_seen >= kTouchEvery;
  if (expired || !*account || (*account)->disabled || touch) {
    tx->reset();  // the write below takes a transaction of its own
    const std::int64_t id = (*session)->id;
    const Status written = write_accounts([&](AccountRepository& repository) {
      return touch ? repository.touch_session(id, format_instant(now)) : repository.delete_session(id);
    });
    if (!written) return written;
    if (!touch) return unknown;
  }
  Principal principal = principal_of(**account, Principal::Via::kSession);
  principal.session = (*session)->id;
  principal.csrf_token = (*session)->csrf_token;
  return principal;
}

Result<Principal> AccountService::authenticate_token(std::string_view token) {
  const Status unknown(ErrorCode::kUnauthenticated, "the API token is unknown, revoked or expired");
  if (!token.starts_with(kTokenPrefix) || token.size() != kTokenPrefix.size() + 64) return unknown;
  Result<std::unique_ptr<Transaction>> tx = begin(Store::Access::kRead);
  if (!tx) return tx.status();
  AccountRepository& accounts = (*tx)->accounts();
  Result<std::optional<TokenRecord>> found = accounts.find_token(token_hash(token));
  if (!found) return found.status();
  if (!*found) return unknown;
  Result<std::optional<AccountRecord>> account = accounts.find((*found)->account);
  if (!account) return account.status();
  const Clock::Instant now = clock_.now();
  const auto expires = parse_instant((*found)->expires);
  if (!*account || (*account)->disabled || !expires || now >= *expires) return unknown;
  const auto last_used = parse_instant((*found)->last_used);
  if (!last_used || now - *last_used >= kTouchEvery) {
    tx->reset();  // the write below takes a transaction of its own
    const std::int64_t id = (*found)->id;
    const Status touched =
        write_accounts([&](AccountRepository& repository) { return repository.touch_token(id, format_instant(now)); });
    if (!touched) return touched;
  }
  Principal principal = principal_of(**account, Principal::Via::kToken);
  principal.token = (*found)->id;
  return principal;
}

Result<WhoAmI> AccountService::who_am_i(const Principal& actor) {
  if (Status allowed = authorise(actor, Capability::kOwnAccount, access_); !allowed) return allowed;
  WhoAmI answer;
  answer.via = actor.via;
  answer.csrf_token = actor.csrf_token;
  if (actor.via == Principal::Via::kOperator) {
    answer.account = AccountView{0, 0, actor.name, actor.role, "", false, ""};
    return answer;
  }
  Result<std::unique_ptr<Transaction>> tx = begin(Store::Access::kRead);
  if (!tx) return tx.status();
  Result<std::optional<AccountRecord>> account = (*tx)->accounts().find(actor.account);
  if (!account) return account.status();
  if (!*account) return Status(ErrorCode::kUnauthenticated, "the account no longer exists");
  answer.account = view_of(**account);
  if (actor.via == Principal::Via::kSession) {
    Result<std::vector<SessionRecord>> sessions = (*tx)->accounts().sessions_of(actor.account);
    if (!sessions) return sessions.status();
    for (const SessionRecord& session : *sessions) {
      if (session.id != actor.session) continue;
      if (const auto created = parse_instant(session.created)) {
        answer.expires = format_instant(*created + settings_.absolute_timeout);
      }
    }
  } else if (actor.via == Principal::Via::kToken) {
    Result<std::vector<TokenRecord>> tokens = (*tx)->accounts().tokens_of(actor.account);
    if (!tokens) return tokens.status();
    for (const TokenRecord& token : *tokens) {
      if (token.id == actor.token) answer.expires = token.expires;
    }
  }
  return answer;
}

Status AccountService::sign_out(const Principal& actor) {
  if (Status allowed = authorise(actor, Capability::kOwnAccount, access_); !allowed) return allowed;
  if (actor.via != Principal::Via::kSession) {
    return Status(ErrorCode::kInvalidArgument, "only a browser session signs out; revoke an API token instead");
  }
  return end_session(actor, actor.session);
}

Result<std::vector<SessionView>> AccountService::sessions(const Principal& actor) {
  if (Status allowed = authorise(actor, Capability::kOwnAccount, access_); !allowed) return allowed;
  Result<std::unique_ptr<Transaction>> tx = begin(Store::Access::kRead);
  if (!tx) return tx.status();
  Result<std::vector<SessionRecord>> records = (*tx)->accounts().sessions_of(actor.account);
  if (!records) return records.status();
  std::vector<SessionView> views;
  for (const SessionRecord& r : *records) {
    views.push_back(SessionView{r.id, r.created, r.last_seen, r.address, r.user_agent, r.id == actor.session});
  }
  return views;
}

Status AccountService::end_session(const Principal& actor, std::int64_t id) {
  if (Status allowed = authorise(actor, Capability::kOwnAccount, access_); !allowed) return allowed;
  Result<std::unique_ptr<Transaction>> tx = begin(Store::Access::kWrite);
  if (!tx) return tx.status();
  Result<std::vector<SessionRecord>> records = (*tx)->accounts().sessions_of(actor.account);
  if (!records) return records.status();
  const bool own = std::any_of(records->begin(), records->end(), [id](const SessionRecord& r) { return r.id == id; });
  if (!own) return Status(ErrorCode::kNotFound, "you have no session " + std::to_string(id));
  if (Status status = (*tx)->accounts().delete_session(id); !status) return status;
  if (Status committed = (*tx)->commit(); !committed) return committed;
  log("session " + std::to_string(id) + " of " + actor.name + " ended");
  return Status::ok();
}

Result<std::vector<TokenView>> AccountService::tokens(const Principal& actor) {
  if (Status allowed = authorise(actor, Capability::kOwnAccount, access_); !allowed) return allowed;
  Result<std::unique_ptr<Transaction>> tx = begin(Store::Access::kRead);
  if (!tx) return tx.status();
  Result<std::vector<TokenRecord>> records = (*tx)->accounts().tokens_of(actor.account);
  if (!records) return records.status();
  std::vector<TokenView> views;
  for (const TokenRecord& r : *records) views.push_back(TokenView{r.id, r.name, r.created, r.expires, r.last_used});
  return views;
}

Result<CreatedToken> AccountService::create_token(const Principal& actor, const NewToken& request,
                                                  std::string_view request_id) {
  if (Status allowed = authorise(actor, Capability::kOwnAccount, access_); !allowed) return allowed;
  if (actor.account == 0) return Status(ErrorCode::kInvalidArgument, "the operator has no account to hold a token");
  if (request.name.empty() || request.name.size() > 100 || !is_valid_utf8(request.name)) {
    return Status(ErrorCode::kInvalidArgument, "give the token a name of 1 to 100 characters", "/name");
  }
  if (request.expires_in_days < 1 || request.expires_in_days > 366) {
    return Status(ErrorCode::kInvalidArgument, "a token lasts 1 to 366 days", "/expires_in_days");
  }
  Result<std::unique_ptr<Transaction>> tx = begin(Store::Access::kWrite);
  if (!tx) return tx.status();
  Result<std::vector<TokenRecord>> existing = (*tx)->accounts().tokens_of(actor.account);
  if (!existing) return existing.status();
  if (existing->size() >= 50) {
    return Status(ErrorCode::kConflict, "an account holds at most 50 API tokens; revoke one first");
  }
  const Clock::Instant now = clock_.now();
  CreatedToken created;
  created.token = std::string(kTokenPrefix) + random_secret(32);
  TokenRecord record{0,
                     token_hash(created.token),
                     actor.account,
                     request.name,
                     format_instant(now),
                     format_instant(now + std::chrono::days(request.expires_in_days)),
                     ""};
  Result<std::int64_t> id = (*tx)->accounts().insert_token(record);
  if (!id) return id.status();
  record.id = *id;
  const AuditEntry entry{
      0,  record.created,         actor.name, "create", "token", record.id, "", audit_json(record, actor.name),
      "", std::string(request_id)};
  if (Result<std::int64_t> audited = (*tx)->audit().append(entry); !audited) return audited.status();
  if (Status committed = (*tx)->commit(); !committed) return committed;
  created.view = TokenView{record.id, record.name, record.created, record.expires, ""};
  log("API token " + std::to_string(record.id) + " created by " + actor.name);
  return created;
}

Status AccountService::revoke_token(const Principal& actor, std::int64_t id, std::string_view request_id) {
  if (Status allowed = authorise(actor, Capability::kOwnAccount, access_); !allowed) return allowed;
  Result<std::unique_ptr<Transaction>> tx = begin(Store::Access::kWrite);
  if (!tx) return tx.status();
  Result<std::vector<TokenRecord>> records = (*tx)->accounts().tokens_of(actor.account);
  if (!records) return records.status();
  const auto it = std::find_if(records->begin(), records->end(), [id](const TokenRecord& r) { return r.id == id; });
  if (it == records->end()) return Status(ErrorCode::kNotFound, "you have no API token " + std::to_string(id));
  if (Status status = (*tx)->accounts().delete_token(id); !status) return status;
  const AuditEntry entry{
      0, now_text(), actor.name, "revoke", "token", id, audit_json(*it, actor.name), "", "", std::string(request_id)};
  if (Result<std::int64_t> audited = (*tx)->audit().append(entry); !audited) return audited.status();
  if (Status committed = (*tx)->commit(); !committed) return committed;
  log("API token " + std::to_string(id) + " of " + actor.name + " revoked");
  return Status::ok();
}

}  // namespace entente
