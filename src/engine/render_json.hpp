#pragma once

// JSON forms of the engine's answers: the API's response bodies and `--format json`
// in the CLI are the same documents, described in docs/openapi.json.

#include <boost/json/value.hpp>
#include <string>

#include "engine/engine.hpp"

namespace entente {

boost::json::value to_json(const Nation& nation);

// An account as the API and `entente user list --format json` show it (never its hash).
boost::json::value to_json(const AccountView& account);
// An entry of the audit log, its before and after as JSON documents.
boost::json::value to_json(const AuditEntry& entry);
boost::json::value to_json(const Organisation& organisation);
boost::json::value to_json(const Framework& framework);
boost::json::value to_json(const Publisher& publisher);

boost::json::value organisations_json(const Registry& registry);
boost::json::value frameworks_json(const Registry& registry);
boost::json::value publishers_json(const Registry& registry);
boost::json::value nations_json(const std::vector<const Nation*>& nations);

boost::json::value to_json(const MembersAnswer& answer, const Registry& registry);
boost::json::value to_json(const PartnersAnswer& answer, const Registry& registry);
boost::json::value to_json(const RelationsAnswer& answer);
// The compact text of to_json(answer), byte for byte what boost::json::serialize makes of
// it, written straight into one string without building the tree: the relations route
// renders this document (about 18 KB for every nation) on each request it has not cached.
std::string to_json_text(const RelationsAnswer& answer);
boost::json::value to_json(const ProfileAnswer& answer, const Registry& registry);
boost::json::value to_json(const TimelineAnswer& answer, const Registry& registry);
boost::json::value to_json(const SearchAnswer& answer);
boost::json::value to_json(const DatasetSummary& summary);

boost::json::value to_json(const Decision& decision, const Registry& registry);
boost::json::value to_json(const ConsultationsAnswer& answer, const Registry& registry);
boost::json::value to_json(const OperationAssessment& assessment, const Registry& registry);
boost::json::value to_json(const OperationsAnswer& answer, const Registry& registry);
boost::json::value to_json(const EligibilityAnswer& answer);
boost::json::value to_json(const Article6Verdict& verdict, const Registry& registry);
boost::json::value to_json(const TreatyAreaAnswer& answer);
boost::json::value to_json(const CouncilSeatsAnswer& answer, const Registry& registry);

// Two-space indented JSON with a trailing newline, for people and golden files.
std::string to_pretty_json(const boost::json::value& value);

}  // namespace entente
