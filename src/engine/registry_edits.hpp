#pragma once

// The one write path of the registry. A command names what to change (record, correct
// or delete a membership, partnership or plan) and who asks; RegistryEdits authorises
// it, validates it by the rules of the reference data, applies it in one transaction
// together with its audit entry, and publishes the snapshot that holds it, so that the
// next read anywhere sees it. Every record has a version; a command that names a stale
// one changes nothing (kConflict).

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.hpp"
#include "core/status.hpp"
#include "engine/principal.hpp"
#include "engine/snapshot.hpp"
#include "store/store.hpp"

namespace entente {

// The fields of a record as the user gave them; absent fields keep their value on a
// correction. Dates are YYYY-MM-DD; `to` may be given as empty, meaning "open".
struct RecordFields {
  std::optional<std::string> organisation;  // memberships and plans
  std::optional<std::string> framework;     // partnerships
  std::optional<std::string> nation;
  std::optional<std::string> plan;  // plans: a word of kPartnershipPlanWords
  std::optional<std::string> from;
  std::optional<std::string> to;
  std::optional<std::string> status;  // memberships and partnerships
  std::optional<std::string> source;
  std::optional<std::string> note;
};

struct EditCommand {
  enum class Action { kCreate, kUpdate, kDelete };

  Action action = Action::kCreate;
  RecordKind kind = RecordKind::kMembership;
  std::int64_t id = 0;                           // update and delete
  std::optional<std::int64_t> expected_version;  // update and delete: required (If-Match)
  RecordFields fields;
  std::string reason;
  std::string request_id;
};

// Parses the JSON body of a create (POST) or a correction (PATCH) of `kind`: the fields
// above, plus "reason". Unknown members and wrong types are kInvalidArgument naming the
// member. Never throws.
Result<EditCommand> parse_edit_body(std::string_view json_text, RecordKind kind, EditCommand::Action action);
// The entity tag of a record's version, "\"r<version>\"", and its inverse (nullopt for
// anything else; a weak tag never matches).
std::string record_etag(std::int64_t version);
std::optional<std::int64_t> parse_record_etag(std::string_view tag);

// A record as the API and the audit log show it.
std::string record_json(const RegistryRecord& record);

// What a committed edit left: the record (absent after a delete) and the snapshot that
// holds it.
struct EditOutcome {
  std::optional<RegistryRecord> record;
  std::shared_ptr<const Snapshot> snapshot;
};

struct FoundRecord {
  RegistryRecord record;
};

// A conflict carries the record as it now is, for the client to show.
struct EditFailure {
  Status status;
  std::optional<RegistryRecord> current;
};

class RegistryEdits {
 public:
  using Publisher = std::function<std::shared_ptr<const Snapshot>(Dataset, std::uint64_t)>;
  using CurrentSnapshot = std::function<std::shared_ptr<const Snapshot>()>;
  // Reloads the snapshot from the store when others wrote to it (Engine::catch_up); called
  // during an edit's turn.
  using CatchUp = std::function<Result<bool>()>;

  RegistryEdits(Store* store, const Clock& clock, AccessPolicy access, CurrentSnapshot current, Publisher publish,
                CatchUp catch_up);

  // Applies `command` for `actor`; on failure nothing changed.
  Result<EditOutcome> apply(const Principal& actor, const EditCommand& command, EditFailure* failure = nullptr);

  // Replaces the cooperation menu with the rows of `csv_text` (the format of
  // data/cooperation_menu.csv), checked as the data file is: one problem per line as
  // "cooperation_menu.csv:line: reason", and then nothing changes. Staff and
  // administrators only; audited; the next read anywhere sees the new menu. Returns the
  // number of rows.
  Result<std::size_t> import_menu(const Principal& actor, std::string_view csv_text, const std::string& request_id);

  // The record with `id` in the current snapshot.
  Result<Versioned<FoundRecord>> find(const Principal& actor, RecordKind kind, std::int64_t id) const;

  // Entries of the audit log, newest first.
  Result<std::vector<AuditEntry>> audit(const Principal& actor, const AuditQuery& query) const;

  // Whether the database holds edits or accounts that `entente init` would lose.
  Result<bool> holds_user_data() const;

  // The edits' turn when no edit is under way (owns_lock() false otherwise): held while
  // the engine reloads what other processes wrote, so that it never mistakes an edit of
  // its own, committed and about to be published, for theirs.
  std::unique_lock<std::mutex> try_take_turn() { return std::unique_lock(write_mutex_, std::try_to_lock); }

 private:
  Store* store_;
  const Clock& clock_;
  AccessPolicy access_;
  CurrentSnapshot current_;
  Publisher publish_;
  CatchUp catch_up_;
  std::mutex write_mutex_;  // edits take turns, so each builds on the snapshot of the last
};

// The rules a record must meet against the rest of the dataset (the loader's rules for
// its file): known codes, from before to, a source, a status of the vocabulary, within
// the life of its organisation, framework and nation, no overlap with another period of
// the same pair (other than the record with `replacing` id). Every broken rule is one
// FieldError whose field is a JSON pointer ("/to"). `dataset` holds its memberships,
// partnerships and plans in the store's order, as a snapshot of a store does.
std::vector<FieldError> check_record(const Dataset& dataset, const RegistryRecord& record, std::int64_t replacing);

}  // namespace entente
