#pragma once

// CSV forms of the engine's answers that are lists: one column model for the CLI's
// `--format csv`, the API's `text/csv` replies and the UI's downloads (which ask the API).
// Columns are named in snake_case; lists inside a cell are joined with ';'; dates are
// YYYY-MM-DD and open ends empty; every row that states a fact carries its source.

#include <string>
#include <vector>

#include "engine/engine.hpp"

namespace entente {

// A header and rows, written as RFC 4180 CSV (fields quoted where they need it, LF line
// ends, UTF-8 without a byte order mark).
struct CsvDocument {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;

  std::string text() const;
};

CsvDocument to_csv(const MembersAnswer& answer, const Registry& registry);
CsvDocument to_csv(const PartnersAnswer& answer, const Registry& registry);
CsvDocument to_csv(const RelationsAnswer& answer);
// Every dated record of one nation: memberships, partnerships, plans, territory changes.
CsvDocument to_csv(const ProfileAnswer& answer, const Registry& registry);
CsvDocument to_csv(const TimelineAnswer& answer);
CsvDocument to_csv(const SearchAnswer& answer);
CsvDocument nations_csv(const std::vector<const Nation*>& nations);
CsvDocument organisations_csv(const Registry& registry);
CsvDocument frameworks_csv(const Registry& registry);
CsvDocument publishers_csv(const Registry& registry);

// The positions of a decision, one row per nation.
CsvDocument to_csv(const Decision& decision, const Registry& registry);
CsvDocument to_csv(const ConsultationsAnswer& answer);
CsvDocument to_csv(const OperationsAnswer& answer);
// Two kinds of row, told apart by `part`: each legal-basis finding, then each participant.
CsvDocument to_csv(const OperationAssessment& assessment, const Registry& registry);
// One row per standing the nation holds that day, with the rule that decides it.
CsvDocument to_csv(const EligibilityAnswer& answer);
// One row per step of the reasoning, the verdict's columns repeated on each.
CsvDocument to_csv(const Article6Verdict& verdict);
CsvDocument to_csv(const CouncilSeatsAnswer& answer, const Registry& registry);

// Accounts as `entente user list` shows them (never a hash), and entries of the audit
// log, newest first, with the record before and after as JSON text.
CsvDocument accounts_csv(const std::vector<AccountView>& accounts);
CsvDocument audit_csv(const std::vector<AuditEntry>& entries);

}  // namespace entente
