#include "engine/principal.hpp"

#include <array>

namespace entente {

namespace {

// Which roles hold a capability. Anonymous principals hold only kReadReference, and only
// while the reference data is public.
struct Grant {
  Capability capability;
  std::array<bool, 4> roles;  // viewer, nation-officer, alliance-staff, administrator
};

constexpr std::array<Grant, 7> kGrants{{
    {Capability::kReadReference, {true, true, true, true}},
    {Capability::kOwnAccount, {true, true, true, true}},
    {Capability::kEditRegistry, {false, false, true, true}},
    {Capability::kReadAudit, {false, false, true, true}},
    {Capability::kManageAccounts, {false, false, false, true}},
    {Capability::kPartnership, {false, true, true, true}},
    {Capability::kPartnershipStaff, {false, false, true, true}},
}};

}  // namespace

std::string_view to_string(Capability capability) {
  switch (capability) {
    case Capability::kReadReference: return "read the reference data";
    case Capability::kOwnAccount: return "manage your own sessions and tokens";
    case Capability::kEditRegistry: return "edit the registry";
    case Capability::kReadAudit: return "read the audit log";
    case Capability::kManageAccounts: return "manage accounts";
    case Capability::kPartnership: return "take part in partnership management";
    case Capability::kPartnershipStaff: return "run events and read every workflow's history";
  }
  return "do this";
}

Status authorise(const Principal& principal, Capability capability, const AccessPolicy& policy) {
  if (!principal.signed_in()) {
    if (capability == Capability::kReadReference && !policy.private_reference) return Status::ok();
    return Status(ErrorCode::kUnauthenticated, "sign in to " + std::string(to_string(capability)));
  }
  for (const Grant& grant : kGrants) {
    if (grant.capability != capability) continue;
    if (grant.roles[static_cast<std::size_t>(principal.role)]) return Status::ok();
    return Status(ErrorCode::kForbidden, "the role " + std::string(word_of(principal.role)) + " may not " +
                                             std::string(to_string(capability)));
  }
  return Status(ErrorCode::kForbidden, "no role may " + std::string(to_string(capability)));
}

}  // namespace entente
