#pragma once

// The files of the ATOP project (Alliance Treaty Obligations and Provisions, atopdata.org)
// that a user imports, and Entente's own coding of alliance treaties set beside ATOP's.
//
// ATOP publishes CSV files in three layouts: one row per alliance, one row per member of an
// alliance, and one row per directed dyad and year. read_atop_text recognises the layout by
// its columns (names compared ignoring case), checks every row and keeps a value ATOP leaves
// blank ("", "." or "NA") as missing, never as 0. An import replaces the stored rows of its
// layout in one transaction (migration 15's atop_ tables) and records who imported which
// file when; compare_with_atop reads them back next to data/alliance_provisions.csv.

#include <array>
#include <boost/json/value.hpp>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.hpp"
#include "core/status.hpp"
#include "registry/registry.hpp"
#include "store/store.hpp"
#include "store/transaction.hpp"

namespace entente {

enum class AtopFileKind {
  kAlliances,  // alliance-level: one row per alliance (atopid)
  kMembers,    // member-level: one row per member of an alliance (atopid, member)
  kDyads,      // directed dyad-year: one row per (stateA, stateB, year)
};

// "alliances", "members", "dyads": the kind column of atop_imports and the word users pass.
std::string_view to_string(AtopFileKind kind);
std::optional<AtopFileKind> parse_atop_file_kind(std::string_view word);

// The columns a file of `kind` must have, lower case, in ATOP's order.
const std::vector<std::string_view>& atop_required_columns(AtopFileKind kind);

// ATOP's five provision columns, in the order of every `provisions` array below, and
// Entente's provision word (kProvisionWords) for each.
inline constexpr std::array<std::string_view, 5> kAtopProvisionColumns{"defense", "offense", "neutral", "nonagg",
                                                                       "consul"};
inline constexpr std::array<std::string_view, 5> kAtopEntenteProvisions{"defense", "offense", "neutrality",
                                                                        "nonaggression", "consultation"};
using AtopProvisions = std::array<std::optional<int>, 5>;

// Bounds on what a file may be. Years are checked against [kAtopFirstYear, kAtopLastYear].
struct AtopLimits {
  std::uint64_t max_file_bytes = 512ULL * 1024 * 1024;
  std::size_t max_row_bytes = 64ULL * 1024;
  std::size_t max_reported_problems = 10;  // bad rows named in the message; the rest are counted
};
inline constexpr int kAtopFirstYear = 1815;
inline constexpr int kAtopLastYear = 2100;

// One row of the alliance-level file. `fields` is a JSON object of the row's other columns
// (lower-case names; whole and decimal numbers as numbers, missing values as null, anything
// else as text). `line` is the row's line in the file.
struct AtopAllianceRow {
  int line = 0;
  std::int64_t atopid = 0;
  std::optional<int> begyr;
  std::optional<int> endyr;  // missing: in force at the end of ATOP's coverage (ATOP may write 0)
  AtopProvisions provisions{};
  std::string fields;
};

// One row of the member-level file; a member may have several rows for one alliance.
struct AtopMemberRow {
  int line = 0;
  std::int64_t atopid = 0;
  int member = 0;  // Correlates of War state number
  std::optional<int> yrent;
  std::optional<int> yrexit;  // missing: still a member at the end of ATOP's coverage
  std::string fields;
};

// One row of the directed dyad-year file: stateA's obligations towards stateB in `year`.
struct AtopDyadRow {
  int line = 0;
  int state_a = 0;
  int state_b = 0;
  int year = 0;
  std::optional<int> atopally;
  AtopProvisions provisions{};
};

// A checked file, ready to be written. Only the vector of `kind` holds rows.
struct AtopImport {
  AtopFileKind kind = AtopFileKind::kAlliances;
  std::string file_name;  // without its directory
  std::vector<AtopAllianceRow> alliances;
  std::vector<AtopMemberRow> members;
  std::vector<AtopDyadRow> dyads;

  std::size_t rows() const;
};

// Which layout a header is, by its required columns (names compared ignoring case). Another
// header is kInvalidArgument naming the layouts expected and the columns missing.
Result<AtopFileKind> detect_atop_kind(const std::vector<std::string>& header);

// Which layout a file is, from its first line; a file that is no CSV (empty, binary,
// compressed, another delimiter) is kInvalidArgument saying so.
Result<AtopFileKind> detect_atop_file_kind(std::string_view text, std::string_view file_name,
                                           const AtopLimits& limits = {});

// Reads and checks a whole file held in `text`. With `expected`, a file of another layout
// is refused. Every failure is kInvalidArgument: "<file_name>:<line>: <reason>" for bad
// rows (the first max_reported_problems of them, and how many there are in all).
Result<AtopImport> read_atop_text(std::string_view text, std::string_view file_name,
                                  std::optional<AtopFileKind> expected, const AtopLimits& limits = {});

// read_atop_text over the file at `path` (file_name is its last component). A file that
// cannot be read is kIo; one over limits.max_file_bytes is refused before it is read.
Result<AtopImport> read_atop_file(const std::filesystem::path& path, std::optional<AtopFileKind> expected,
                                  const AtopLimits& limits = {});

// One import, as atop_imports records it.
struct AtopImportRecord {
  std::int64_t id = 0;
  AtopFileKind kind = AtopFileKind::kAlliances;
  std::string file_name;
  std::int64_t rows = 0;
  std::string imported_at;  // UTC, RFC 3339, as the caller's clock gave it
  std::string imported_by;  // the account name
};

// Replaces the stored rows of `data.kind` with `data`'s and records the import, inside
// `write` (which the caller commits; on failure it must roll back, and nothing changes).
Result<AtopImportRecord> write_atop_import(Transaction& write, const AtopImport& data, const std::string& imported_at,
                                           const std::string& imported_by);

// write_atop_import in a write transaction of its own, committed: all or nothing.
Result<AtopImportRecord> import_atop(Store& store, const AtopImport& data, const std::string& imported_at,
                                     const std::string& imported_by);

// The latest import of each kind that has one, in kind order.
struct AtopSummary {
  std::vector<AtopImportRecord> imports;

  const AtopImportRecord* latest(AtopFileKind kind) const;
};

Result<AtopSummary> read_atop_summary(Transaction& read);

// What the store holds for some ATOP alliances: their alliance-level rows and member rows.
struct AtopReference {
  AtopSummary summary;
  std::map<std::int64_t, AtopAllianceRow> alliances;           // by atopid; line is 0
  std::map<std::int64_t, std::vector<AtopMemberRow>> members;  // by atopid; lines are 0
};

Result<AtopReference> read_atop_reference(Transaction& read, const std::vector<std::int64_t>& atopids);

// ATOP identifiers for Entente alliances, given by the user ("NATO=3180"); each overrides
// the alliance's atop_id column.
struct AtopMapping {
  std::map<std::string, std::int64_t, std::less<>> atop_ids;
};

// Parses "ALLIANCE=ATOPID" entries; an unknown alliance or an identifier that is no whole
// number is kInvalidArgument naming the field "mapping".
Result<AtopMapping> parse_atop_mapping(const std::vector<std::string>& entries, const Registry& registry);

// The ATOP identifiers the comparison needs: the mapping's and the alliances' atop_id.
std::vector<std::int64_t> atop_ids_to_compare(const Registry& registry, const AtopMapping& mapping);

enum class AtopAgreement {
  kAgree,          // both say the treaty has the provision, or both say it has not
  kDisagree,       // one says it has, the other not
  kNotComparable,  // Entente has not coded it, or ATOP's value is missing or not imported
};
std::string_view to_string(AtopAgreement agreement);

// One provision of one alliance on both sides. A provision is present for Entente at level
// 1 or 2, and for ATOP at any value other than 0.
struct AtopProvisionCell {
  std::string provision;    // Entente's word
  std::string atop_column;  // ATOP's column
  std::optional<int> entente_level;
  std::optional<int> atop_value;
  AtopAgreement agreement = AtopAgreement::kNotComparable;
  std::string article;  // of Entente's coding at its highest level; empty when not coded
};

struct AtopAllianceComparison {
  std::string alliance;  // Entente's id
  std::string name;
  std::int64_t atopid = 0;
  bool from_mapping = false;  // the identifier came from the user's mapping, not data/alliances.csv
  bool in_atop = false;       // the imported alliance-level file has this atopid
  Date in_force;
  std::optional<int> atop_begyr;
  std::optional<int> atop_endyr;
  std::vector<AtopProvisionCell> provisions;      // in kAtopProvisionColumns order
  int entente_members = 0;                        // members on the day the treaty came into force
  std::optional<int> atop_members;                // distinct members in ATOP's member file, any year
  std::optional<int> atop_members_in_force_year;  // of them, members in the year of `in_force`
};

struct AtopComparison {
  std::vector<AtopAllianceComparison> alliances;  // by Entente id
  std::vector<std::string> without_atop_id;       // Entente alliances not compared
  std::vector<std::string> problems;              // atop_id cells that are no whole number
  bool alliances_imported = false;
  bool members_imported = false;
  int agree = 0;
  int disagree = 0;
  int not_comparable = 0;
};

// Entente's coding of every alliance with an ATOP identifier next to ATOP's values.
AtopComparison compare_with_atop(const Registry& registry, const AtopReference& atop, const AtopMapping& mapping);

boost::json::value to_json(const AtopImportRecord& record);
boost::json::value to_json(const AtopSummary& summary);
boost::json::value to_json(const AtopComparison& comparison);
// One row per kind imported: kind,file_name,rows,imported_at,imported_by.
std::string to_csv(const AtopSummary& summary);
// One row per alliance and provision.
std::string to_csv(const AtopComparison& comparison);

}  // namespace entente
