#pragma once

// Who acts, and what they may do. Every request and every command carries a Principal;
// authorise() is the one place that decides whether it may go on (docs/security.md,
// "Authorisation"). Transports never decide: they pass the principal to the engine.

#include <cstdint>
#include <string>

#include "core/status.hpp"
#include "model/vocabulary.hpp"

namespace entente {

struct Principal {
  enum class Via {
    kAnonymous,  // no credentials
    kSession,    // a browser session cookie
    kToken,      // an API token (Authorization: Bearer)
    kOperator,   // the command line, with access to the database file itself
  };

  Via via = Via::kAnonymous;
  std::int64_t account = 0;  // 0 for anonymous and the operator
  std::string name;          // the account's name; "operator:<login>" on the command line
  Role role = Role::kViewer;
  std::string nation;        // ISO alpha-3 of the account's nation, or empty
  std::int64_t session = 0;  // the session's id when via a session
  std::int64_t token = 0;    // the token's id when via a token
  std::string csrf_token;    // the session's, when via a session

  bool signed_in() const { return via != Via::kAnonymous; }

  static Principal anonymous() { return {}; }
  // The command line: acts as an administrator, recorded under `login` in the audit log.
  static Principal local_operator(const std::string& login) {
    Principal principal;
    principal.via = Via::kOperator;
    principal.name = "operator:" + (login.empty() ? std::string("unknown") : login);
    principal.role = Role::kAdministrator;
    return principal;
  }
};

// What a route or a command needs. One row per capability in authorise()'s table.
enum class Capability {
  kReadReference,     // the public reference data, the rules, the simulator
  kOwnAccount,        // one's own session, sessions and API tokens
  kEditRegistry,      // record and correct memberships, partnerships, plans
  kReadAudit,         // the audit log
  kManageAccounts,    // add, list, disable accounts; reset passwords
  kPartnership,       // partnership management: programmes, PARP, evaluations, events, the inbox
                      // (nation officers within their nation's share; see src/manage/)
  kPartnershipStaff,  // what NATO staff alone do there: events, invitations, attendance,
                      // PARP goals, the history of every workflow
};

struct AccessPolicy {
  // With --private, the reference data needs a signed-in user too.
  bool private_reference = false;
};

// ok, or kUnauthenticated (sign in first) or kForbidden (this role may not).
Status authorise(const Principal& principal, Capability capability, const AccessPolicy& policy);

std::string_view to_string(Capability capability);

}  // namespace entente
