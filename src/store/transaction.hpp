#pragma once

// The transactional side of the store: what users write (registry records, the audit
// log, accounts, sessions, API tokens), read and written in one transaction at a time.
// The interfaces carry domain values only, so that a PostgreSQL implementation can stand
// beside the SQLite one; implementations are private to src/store/.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/status.hpp"
#include "model/model.hpp"
#include "model/vocabulary.hpp"
#include "store/table_description.hpp"

namespace entente {

// One registry record of any kind users edit (RecordKind).
using RegistryRecord = std::variant<Membership, Partnership, PartnershipPlan>;

RecordKind kind_of(const RegistryRecord& record);
const RecordStamp& stamp_of(const RegistryRecord& record);

// Registry records by id. Versions start at 1 and grow by one with every update.
class RecordRepository {
 public:
  virtual ~RecordRepository() = default;
  virtual Result<std::optional<RegistryRecord>> find(RecordKind kind, std::int64_t id) = 0;
  // Inserts `record` (its stamp is ignored) and returns it with its new id, version 1.
  virtual Result<RegistryRecord> insert(const RegistryRecord& record) = 0;
  // Replaces the record with `record.stamp.id` if its version is still
  // `record.stamp.version`; returns it with the next version. kConflict when the stored
  // version differs, kNotFound when there is no such record.
  virtual Result<RegistryRecord> update(const RegistryRecord& record) = 0;
  // Deletes the record if its version is still `expected_version` (kConflict otherwise).
  virtual Status remove(RecordKind kind, std::int64_t id, std::int64_t expected_version) = 0;
  // Whether any record has been changed since the reference data was loaded.
  virtual Result<bool> any_edited() = 0;
};

// One committed change, as the audit log keeps it. `before` and `after` are JSON
// documents of the record (empty when there was none).
struct AuditEntry {
  std::int64_t id = 0;
  std::string at;  // UTC, RFC 3339 with milliseconds
  std::string actor;
  std::string action;  // a word of Vocabulary<AuditAction>
  std::string kind;    // a word of Vocabulary<AuditKind>
  std::int64_t record = 0;
  std::string before;
  std::string after;
  std::string reason;
  std::string request_id;
};

// Which entries to list: empty or zero means "any". Newest first.
struct AuditQuery {
  std::string actor{};
  std::string kind{};
  std::int64_t record = 0;
  std::string from{};          // inclusive, compared as RFC 3339 text
  std::string to{};            // exclusive
  std::int64_t before_id = 0;  // entries older than this id (paging)
  std::size_t limit = 100;
};

class AuditRepository {
 public:
  virtual ~AuditRepository() = default;
  virtual Result<std::int64_t> append(const AuditEntry& entry) = 0;
  virtual Result<std::vector<AuditEntry>> list(const AuditQuery& query) = 0;
  virtual Result<std::size_t> count() = 0;
};

struct AccountRecord {
  std::int64_t id = 0;
  std::int64_t version = 0;
  std::string name;
  std::string role;    // a word of Vocabulary<Role>
  std::string nation;  // ISO alpha-3, or empty
  std::string password_hash;
  bool disabled = false;
  int failed_logins = 0;
  std::string locked_until;  // RFC 3339, or empty
  std::string created;
};

struct SessionRecord {
  std::int64_t id = 0;
  std::string token_hash;
  std::string csrf_token;
  std::int64_t account = 0;
  std::string created;
  std::string last_seen;
  std::string address;
  std::string user_agent;
};

struct TokenRecord {
  std::int64_t id = 0;
  std::string token_hash;
  std::int64_t account = 0;
  std::string name;
  std::string created;
  std::string expires;
  std::string last_used;
};

class AccountRepository {
 public:
  virtual ~AccountRepository() = default;
  virtual Result<std::optional<AccountRecord>> find_by_name(const std::string& name) = 0;
  virtual Result<std::optional<AccountRecord>> find(std::int64_t id) = 0;
  virtual Result<std::vector<AccountRecord>> list() = 0;
  // Returns the id; kConflict when the name is taken.
  virtual Result<std::int64_t> insert(const AccountRecord& account) = 0;
  // Writes every field but id and created; bumps the version.
  virtual Status update(const AccountRecord& account) = 0;

  virtual Result<std::int64_t> insert_session(const SessionRecord& session) = 0;
  virtual Result<std::optional<SessionRecord>> find_session(const std::string& token_hash) = 0;
  virtual Result<std::vector<SessionRecord>> sessions_of(std::int64_t account) = 0;
  virtual Status touch_session(std::int64_t id, const std::string& last_seen) = 0;
  virtual Status delete_session(std::int64_t id) = 0;
  virtual Status delete_sessions_of(std::int64_t account) = 0;

  virtual Result<std::int64_t> insert_token(const TokenRecord& token) = 0;
  virtual Result<std::optional<TokenRecord>> find_token(const std::string& token_hash) = 0;
  virtual Result<std::vector<TokenRecord>> tokens_of(std::int64_t account) = 0;
  virtual Status touch_token(std::int64_t id, const std::string& last_used) = 0;
  virtual Status delete_token(std::int64_t id) = 0;
  virtual Status delete_tokens_of(std::int64_t account) = 0;
};

// The shape of a table users write row by row (partnership programmes, events,
// evaluations...): its name and its columns, "id" and "version" first, which the store
// assigns. Made from a table description (store/rows.hpp); never from user input.
struct RowShape {
  std::string table;
  std::vector<std::pair<std::string, ValueType>> columns;
};

// A row's values in the order of its shape's columns.
using RowValues = std::vector<Value>;

// Which rows: every `equal` pair holds (column = value); `at_least` and `below` bound
// one column each (>= and <, compared as stored); ordered by a column of the shape.
// Columns are the shape's own; a filter naming another is kInvalidArgument.
struct RowFilter {
  std::vector<std::pair<std::string, Value>> equal{};
  std::vector<std::pair<std::string, Value>> at_least{};
  std::vector<std::pair<std::string, Value>> below{};
  std::string order_by = "id";
  bool descending = false;
  std::size_t limit = 0;  // 0: every row
  std::size_t offset = 0;
};

// Rows of the tables users write, any shape. Ids start at 1; versions start at 1 and
// grow by one with every update, so that a stale write is caught (kConflict).
class RowRepository {
 public:
  virtual ~RowRepository() = default;
  virtual Result<std::vector<RowValues>> select(const RowShape& shape, const RowFilter& filter) = 0;
  virtual Result<std::int64_t> count(const RowShape& shape, const RowFilter& filter) = 0;
  // Inserts `values` (id and version ignored) and returns the new id; the version is 1.
  // A duplicate key is kConflict.
  virtual Result<std::int64_t> insert(const RowShape& shape, const RowValues& values) = 0;
  // Sets `changes` on the row `id` if its version is still `expected_version`, and bumps
  // it; returns the new version. kNotFound, or kConflict when the version differs.
  virtual Result<std::int64_t> update(const RowShape& shape, std::int64_t id, std::int64_t expected_version,
                                      const std::vector<std::pair<std::string, Value>>& changes) = 0;
  // Deletes the row `id` if its version is still `expected_version` (0: whatever it is).
  virtual Status remove(const RowShape& shape, std::int64_t id, std::int64_t expected_version) = 0;
  // Replaces every row of a table without ids (reference data, such as the cooperation
  // menu) with `rows`, each holding every column of the shape.
  virtual Status replace_all(const RowShape& shape, const std::vector<RowValues>& rows) = 0;
};

// How Transaction::write_rows treats the rows its table holds already.
enum class RowWrite {
  kAppend,   // keeps them
  kReplace,  // deletes every one of them first
};

// Yields the rows of a bulk write one at a time: fills `values` (one value per column of the
// shape, in its order) and returns true, or returns false when there is no row left. It may
// keep `values` from the previous call and overwrite it in place.
using RowSource = std::function<bool(RowValues& values)>;

// Receives the rows of Transaction::read_rows one at a time; may move from `values`.
using RowSink = std::function<void(RowValues& values)>;

// One unit of work. Nothing it wrote is visible to others until commit(); destroying it
// uncommitted rolls everything back. Writes take the store's write lock at begin, so
// two transactions that write never interleave.
class Transaction {
 public:
  virtual ~Transaction() = default;
  virtual RecordRepository& records() = 0;
  virtual AuditRepository& audit() = 0;
  virtual AccountRepository& accounts() = 0;
  virtual RowRepository& rows() = 0;
  // Writes many rows into a table that has neither "id" nor "version" among the shape's
  // columns (an imported file's rows; a key the database assigns is left out of the shape),
  // through one prepared statement and without holding them all in memory. Stops at the
  // first row the table refuses: kConflict for a duplicate key, kInvalidData for another
  // constraint, naming the row by its 1-based number ("writing row 12 of <table>: ..."); the
  // row refused is the one `next` yielded last. What was written before it stays until the
  // transaction rolls back.
  virtual Status write_rows(const RowShape& shape, RowWrite mode, const RowSource& next) = 0;
  // Reads the rows of such a table where every `equal` pair holds (column = value; none:
  // every row), ordered by the shape's columns in turn, handing each to `each`. A column
  // the shape does not have is kInvalidArgument.
  virtual Status read_rows(const RowShape& shape, const std::vector<std::pair<std::string, Value>>& equal,
                           const RowSink& each) = 0;
  // The store's revision: it grows by one with every committed write of the registry.
  virtual Result<std::uint64_t> revision() = 0;
  virtual Result<std::uint64_t> bump_revision() = 0;
  virtual Status commit() = 0;
};

}  // namespace entente
