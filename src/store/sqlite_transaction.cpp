#include "store/sqlite_transaction.hpp"

#include "store/sqlite_rows.hpp"
#include "store/sqlite_table.hpp"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

namespace entente {

RecordKind kind_of(const RegistryRecord& record) {
  return std::visit(
      [](const auto& value) {
        using T = std::decay_t<decltype(value)>;
        if constexpr (std::is_same_v<T, Membership>) return RecordKind::kMembership;
        if constexpr (std::is_same_v<T, Partnership>) return RecordKind::kPartnership;
        return RecordKind::kPlan;
      },
      record);
}

const RecordStamp& stamp_of(const RegistryRecord& record) {
  return std::visit([](const auto& value) -> const RecordStamp& { return value.stamp; }, record);
}

namespace sqlite {

namespace {

// Each editable kind: its table, the columns users write (in bind order) and how to
// bind and read them. Reads select "id, version" followed by the columns.
struct RecordTable {
  const char* table;
  const char* columns;
  const char* placeholders;
  const char* assignments;  // "organisation = ?, ..." for UPDATE
};

const RecordTable& table_of(RecordKind kind) {
  static const RecordTable kMemberships{
      "memberships", "organisation, nation, valid_from, valid_to, status, source, note", "?, ?, ?, ?, ?, ?, ?",
      "organisation = ?, nation = ?, valid_from = ?, valid_to = ?, status = ?, "
      "source = ?, note = ?"};
  static const RecordTable kPartnerships{
      "partnerships", "framework, nation, valid_from, valid_to, status, source, note", "?, ?, ?, ?, ?, ?, ?",
      "framework = ?, nation = ?, valid_from = ?, valid_to = ?, status = ?, source = ?, note = ?"};
  static const RecordTable kPlans{
      "partnership_plans", "nation, organisation, plan, valid_from, valid_to, source, note", "?, ?, ?, ?, ?, ?, ?",
      "nation = ?, organisation = ?, plan = ?, valid_from = ?, valid_to = ?, source = ?, note = ?"};
  switch (kind) {
    case RecordKind::kMembership: return kMemberships;
    case RecordKind::kPartnership: return kPartnerships;
    case RecordKind::kPlan: return kPlans;
  }
  return kMemberships;
}

void bind_columns(Statement& st, const RegistryRecord& record) {
  std::visit(
      [&st](const auto& r) {
        using T = std::decay_t<decltype(r)>;
        if constexpr (std::is_same_v<T, Membership>) {
          st.bind(r.organisation).bind(r.nation).bind(r.period.from).bind(r.period.to);
          st.bind(std::string(to_string(r.status)));
        } else if constexpr (std::is_same_v<T, Partnership>) {
          st.bind(r.framework).bind(r.nation).bind(r.period.from).bind(r.period.to);
          st.bind(std::string(to_string(r.status)));
        } else {
          st.bind(r.nation).bind(r.organisation).bind(r.plan).bind(r.period.from).bind(r.period.to);
        }
        st.bind(r.provenance.source).bind(r.provenance.note);
      },
      record);
}

// Reads a row selected as "id, version, <columns>".
RegistryRecord read_record(RecordKind kind, const Statement& st) {
  const RecordStamp stamp{st.integer64(0), st.integer64(1)};
  switch (kind) {
    case RecordKind::kMembership: {
      Membership m;
      m.organisation = st.text(2);
      m.nation = st.text(3);
      m.period = {st.date(4), st.optional_date(5)};
      m.status = parse_membership_status(st.text(6)).value_or(MembershipStatus::kMember);
      m.provenance = {st.text(7), st.text(8)};
      m.stamp = stamp;
      return m;
    }
    case RecordKind::kPartnership: {
      Partnership p;
      p.framework = st.text(2);
      p.nation = st.text(3);
      p.period = {st.date(4), st.optional_date(5)};
      p.status = parse_partnership_status(st.text(6)).value_or(PartnershipStatus::kActive);
      p.provenance = {st.text(7), st.text(8)};
      p.stamp = stamp;
      return p;
    }
    case RecordKind::kPlan: break;
  }
  PartnershipPlan p;
  p.nation = st.text(2);
  p.organisation = st.text(3);
  p.plan = st.text(4);
  p.period = {st.date(5), st.optional_date(6)};
  p.provenance = {st.text(7), st.text(8)};
  p.stamp = stamp;
  return p;
}

// A constraint failure (a duplicate key, a dangling reference) is the caller's conflict,
// not a storage failure.
Status write_failure(sqlite3* db, const std::string& doing) {
  if (sqlite3_errcode(db) == SQLITE_CONSTRAINT) {
    const int extended = sqlite3_extended_errcode(db);
    if (extended == SQLITE_CONSTRAINT_UNIQUE || extended == SQLITE_CONSTRAINT_PRIMARYKEY) {
      return Status(ErrorCode::kConflict, doing + ": such a record exists already");
    }
    return Status(ErrorCode::kInvalidData, doing + ": " + sqlite3_errmsg(db));
  }
  return storage_error(db, doing);
}

class SqliteRecords final : public RecordRepository {
 public:
  explicit SqliteRecords(StatementCache& statements) : statements_(statements), db_(statements.db()) {}

  Result<std::optional<RegistryRecord>> find(RecordKind kind, std::int64_t id) override {
    const RecordTable& t = table_of(kind);
    Result<Statement> select =
        statements_.prepare(std::string("SELECT id, version, ") + t.columns + " FROM " + t.table + " WHERE id = ?");
    if (!select) return select.status();
    select->bind(id);
    if (select->step()) return std::optional<RegistryRecord>(read_record(kind, *select));
    if (Status status = select->error(); !status) return status;
    return std::optional<RegistryRecord>();
  }

  Result<RegistryRecord> insert(const RegistryRecord& record) override {
    const RecordKind kind = kind_of(record);
    const RecordTable& t = table_of(kind);
    Result<Statement> insert = statements_.prepare(std::string("INSERT INTO ") + t.table + " (" + t.columns +
                                                   ", version) VALUES (" + t.placeholders + ", 1)");
    if (!insert) return insert.status();
    bind_columns(*insert, record);
    if (!insert->execute()) return write_failure(db_, std::string("inserting into ") + t.table);
    return found_or_internal(kind, insert->last_insert_id());
  }

  Result<RegistryRecord> update(const RegistryRecord& record) override {
    const RecordKind kind = kind_of(record);
    const RecordTable& t = table_of(kind);
    const RecordStamp& stamp = stamp_of(record);
    Result<Statement> update = statements_.prepare(std::string("UPDATE ") + t.table + " SET " + t.assignments +
                                                   ", version = version + 1 WHERE id = ? AND version = ?");
    if (!update) return update.status();
    bind_columns(*update, record);
    update->bind(stamp.id).bind(stamp.version);
    if (!update->execute()) return write_failure(db_, std::string("updating ") + t.table);
    if (update->changes() == 0) return stale(kind, stamp.id, stamp.version);
    return found_or_internal(kind, stamp.id);
  }

  Status remove(RecordKind kind, std::int64_t id, std::int64_t expected_version) override {
    const RecordTable& t = table_of(kind);
    Result<Statement> remove =
        statements_.prepare(std::string("DELETE FROM ") + t.table + " WHERE id = ? AND version = ?");
    if (!remove) return remove.status();
    remove->bind(id).bind(expected_version);
    if (!remove->execute()) return write_failure(db_, std::string("deleting from ") + t.table);
    if (remove->changes() == 0) return stale(kind, id, expected_version).status();
    return Status::ok();
  }

  Result<bool> any_edited() override {
    Result<Statement> select = statements_.prepare("SELECT count(*) FROM audit_log");
    if (!select) return select.status();
    if (!select->step()) return select->error();
    return select->integer64(0) > 0;
  }

 private:
  Result<RegistryRecord> found_or_internal(RecordKind kind, std::int64_t id) {
    Result<std::optional<RegistryRecord>> found = find(kind, id);
    if (!found) return found.status();
    if (!*found) return Status(ErrorCode::kInternal, "a record written in this transaction cannot be read back");
    return std::move(**found);
  }

  // Why a conditional write changed nothing: the record is gone, or it has another version.
  Result<RegistryRecord> stale(RecordKind kind, std::int64_t id, std::int64_t version) {
    Result<std::optional<RegistryRecord>> found = find(kind, id);
    if (!found) return found.status();
    if (!*found) return Status(ErrorCode::kNotFound, "no record " + std::to_string(id));
    return Status(ErrorCode::kConflict, "record " + std::to_string(id) + " is at version " +
                                            std::to_string(stamp_of(**found).version) + ", not " +
                                            std::to_string(version) + ": someone changed it since it was read");
  }

  StatementCache& statements_;
  sqlite3* db_;
};

class SqliteAudit final : public AuditRepository {
 public:
  explicit SqliteAudit(StatementCache& statements) : statements_(statements), db_(statements.db()) {}

  Result<std::int64_t> append(const AuditEntry& e) override {
    Result<Statement> insert = statements_.prepare(
        "INSERT INTO audit_log (at, actor, action, record_kind, record_id, before, after, reason, request_id) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!insert) return insert.status();
    insert->bind(e.at).bind(e.actor).bind(e.action).bind(e.kind).bind(e.record);
    insert->bind_or_null(e.before).bind_or_null(e.after).bind(e.reason).bind(e.request_id);
    if (!insert->execute()) return write_failure(db_, "appending to the audit log");
    return insert->last_insert_id();
  }

  Result<std::vector<AuditEntry>> list(const AuditQuery& q) override {
    // Every condition is always present and disabled by its own empty value, so the
    // statement's text does not depend on the query.
    Result<Statement> select = statements_.prepare(
        "SELECT id, at, actor, action, record_kind, record_id, before, after, reason, request_id FROM audit_log "
        "WHERE (? = '' OR actor = ?) AND (? = '' OR record_kind = ?) AND (? = 0 OR record_id = ?) "
        "AND (? = '' OR at >= ?) AND (? = '' OR at <= ?) AND (? = 0 OR id < ?) ORDER BY id DESC LIMIT ?");
    if (!select) return select.status();
    select->bind(q.actor).bind(q.actor).bind(q.kind).bind(q.kind).bind(q.record).bind(q.record);
    select->bind(q.from).bind(q.from).bind(q.to).bind(q.to).bind(q.before_id).bind(q.before_id);
    select->bind(static_cast<long long>(q.limit));
    std::vector<AuditEntry> entries;
    while (select->step()) {
      entries.push_back(AuditEntry{select->integer64(0), select->text(1), select->text(2), select->text(3),
                                   select->text(4), select->integer64(5), select->text(6), select->text(7),
                                   select->text(8), select->text(9)});
    }
    if (Status status = select->error(); !status) return status;
    return entries;
  }

  Result<std::size_t> count() override {
    Result<Statement> select = statements_.prepare("SELECT count(*) FROM audit_log");
    if (!select) return select.status();
    if (!select->step()) return select->error();
    return static_cast<std::size_t>(select->integer64(0));
  }

 private:
  StatementCache& statements_;
  sqlite3* db_;
};

constexpr const char* kAccountColumns =
    "id, version, name, role, nation, password_hash, disabled, failed_logins, locked_until, created";
constexpr const char* kSessionColumns = "id, token_hash, csrf_token, account, created, last_seen, address, user_agent";
constexpr const char* kTokenColumns = "id, token_hash, account, name, created, expires, last_used";

AccountRecord read_account(const Statement& st) {
  return AccountRecord{st.integer64(0), st.integer64(1),    st.text(2),    st.text(3), st.text(4),
                       st.text(5),      st.integer(6) != 0, st.integer(7), st.text(8), st.text(9)};
}
SessionRecord read_session(const Statement& st) {
  return SessionRecord{st.integer64(0), st.text(1), st.text(2), st.integer64(3),
                       st.text(4),      st.text(5), st.text(6), st.text(7)};
}
TokenRecord read_token(const Statement& st) {
  return TokenRecord{st.integer64(0), st.text(1), st.integer64(2), st.text(3), st.text(4), st.text(5), st.text(6)};
}

class SqliteAccounts final : public AccountRepository {
 public:
  explicit SqliteAccounts(StatementCache& statements) : statements_(statements), db_(statements.db()) {}

  Result<std::optional<AccountRecord>> find_by_name(const std::string& name) override {
    return one<AccountRecord>(std::string("SELECT ") + kAccountColumns + " FROM accounts WHERE name = ?", name,
                              read_account);
  }
  Result<std::optional<AccountRecord>> find(std::int64_t id) override {
    return one<AccountRecord>(std::string("SELECT ") + kAccountColumns + " FROM accounts WHERE id = ?", id,
                              read_account);
  }
  Result<std::vector<AccountRecord>> list() override {
    return all<AccountRecord>(std::string("SELECT ") + kAccountColumns + " FROM accounts ORDER BY name",
                              std::int64_t{0}, read_account, false);
  }
  Result<std::int64_t> insert(const AccountRecord& a) override {
    Result<Statement> insert = statements_.prepare(
        "INSERT INTO accounts (version, name, role, nation, password_hash, disabled, failed_logins, locked_until, "
        "created) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!insert) return insert.status();
    insert->bind(a.name).bind(a.role).bind(a.nation).bind(a.password_hash).bind(a.disabled);
    insert->bind(a.failed_logins).bind(a.locked_until).bind(a.created);
    if (!insert->execute()) return write_failure(db_, "adding account " + a.name);
    return insert->last_insert_id();
  }
  Status update(const AccountRecord& a) override {
    Result<Statement> update = statements_.prepare(
        "UPDATE accounts SET version = version + 1, name = ?, role = ?, nation = ?, password_hash = ?, disabled = ?, "
        "failed_logins = ?, locked_until = ? WHERE id = ?");
    if (!update) return update.status();
    update->bind(a.name).bind(a.role).bind(a.nation).bind(a.password_hash).bind(a.disabled);
    update->bind(a.failed_logins).bind(a.locked_until).bind(a.id);
    if (!update->execute()) return write_failure(db_, "updating account " + a.name);
    return Status::ok();
  }

  Result<std::int64_t> insert_session(const SessionRecord& s) override {
    Result<Statement> insert = statements_.prepare(
        "INSERT INTO sessions (token_hash, csrf_token, account, created, last_seen, address, user_agent) VALUES (?, "
        "?, ?, ?, ?, ?, ?)");
    if (!insert) return insert.status();
    insert->bind(s.token_hash).bind(s.csrf_token).bind(s.account).bind(s.created).bind(s.last_seen);
    insert->bind(s.address).bind(s.user_agent);
    if (!insert->execute()) return write_failure(db_, "starting a session");
    return insert->last_insert_id();
  }
  Result<std::optional<SessionRecord>> find_session(const std::string& token_hash) override {
    return one<SessionRecord>(std::string("SELECT ") + kSessionColumns + " FROM sessions WHERE token_hash = ?",
                              token_hash, read_session);
  }
  Result<std::vector<SessionRecord>> sessions_of(std::int64_t account) override {
    return all<SessionRecord>(std::string("SELECT ") + kSessionColumns + " FROM sessions WHERE account = ? ORDER BY id",
                              account, read_session, true);
  }
  Status touch_session(std::int64_t id, const std::string& last_seen) override {
    return run("UPDATE sessions SET last_seen = ? WHERE id = ?", last_seen, id);
  }
  Status delete_session(std::int64_t id) override { return run("DELETE FROM sessions WHERE id = ?", id); }
  Status delete_sessions_of(std::int64_t account) override {
    return run("DELETE FROM sessions WHERE account = ?", account);
  }

  Result<std::int64_t> insert_token(const TokenRecord& t) override {
    Result<Statement> insert = statements_.prepare(
        "INSERT INTO api_tokens (token_hash, account, name, created, expires, last_used) VALUES (?, ?, ?, ?, ?, ?)");
    if (!insert) return insert.status();
    insert->bind(t.token_hash).bind(t.account).bind(t.name).bind(t.created).bind(t.expires).bind(t.last_used);
    if (!insert->execute()) return write_failure(db_, "creating an API token");
    return insert->last_insert_id();
  }
  Result<std::optional<TokenRecord>> find_token(const std::string& token_hash) override {
    return one<TokenRecord>(std::string("SELECT ") + kTokenColumns + " FROM api_tokens WHERE token_hash = ?",
                            token_hash, read_token);
  }
  Result<std::vector<TokenRecord>> tokens_of(std::int64_t account) override {
    return all<TokenRecord>(std::string("SELECT ") + kTokenColumns + " FROM api_tokens WHERE account = ? ORDER BY id",
                            account, read_token, true);
  }
  Status touch_token(std::int64_t id, const std::string& last_used) override {
    return run("UPDATE api_tokens SET last_used = ? WHERE id = ?", last_used, id);
  }
  Status delete_token(std::int64_t id) override { return run("DELETE FROM api_tokens WHERE id = ?", id); }
  Status delete_tokens_of(std::int64_t account) override {
    return run("DELETE FROM api_tokens WHERE account = ?", account);
  }

 private:
  template <typename T, typename Key, typename Read>
  Result<std::optional<T>> one(const std::string& sql, const Key& key, Read read) {
    Result<Statement> select = statements_.prepare(sql);
    if (!select) return select.status();
    select->bind(key);
    if (select->step()) return std::optional<T>(read(*select));
    if (Status status = select->error(); !status) return status;
    return std::optional<T>();
  }

  template <typename T, typename Key, typename Read>
  Result<std::vector<T>> all(const std::string& sql, const Key& key, Read read, bool bind_key) {
    Result<Statement> select = statements_.prepare(sql);
    if (!select) return select.status();
    if (bind_key) select->bind(key);
    std::vector<T> rows;
    while (select->step()) rows.push_back(read(*select));
    if (Status status = select->error(); !status) return status;
    return rows;
  }

  template <typename... Values>
  Status run(const char* sql, const Values&... values) {
    Result<Statement> statement = statements_.prepare(sql);
    if (!statement) return statement.status();
    (statement->bind(values), ...);
    if (!statement->execute()) return write_failure(db_, "writing accounts");
    return Status::ok();
  }

  StatementCache& statements_;
  sqlite3* db_;
};

class SqliteTransaction final : public Transaction {
 public:
  SqliteTransaction(StatementCache& statements, std::unique_lock<std::mutex> lock)
      : statements_(statements),
        db_(statements.db()),
        lock_(std::move(lock)),
        records_(statements),
        audit_(statements),
        accounts_(statements),
        rows_(make_row_repository(statements)) {}
  ~SqliteTransaction() override {
    if (!done_) (void)statements_.run("ROLLBACK");
  }
  SqliteTransaction(const SqliteTransaction&) = delete;
  SqliteTransaction& operator=(const SqliteTransaction&) = delete;

  RecordRepository& records() override { return records_; }
  AuditRepository& audit() override { return audit_; }
  AccountRepository& accounts() override { return accounts_; }
  RowRepository& rows() override { return *rows_; }

  Status write_rows(const RowShape& shape, RowWrite mode, const RowSource& next) override {
    std::string columns;
    std::string placeholders;
    for (const auto& [name, type] : shape.columns) {
      if (name == "id" || name == "version") {
        return Status(ErrorCode::kInternal, "write_rows is for tables without ids; " + shape.table + " has " + name);
      }
      columns += (columns.empty() ? "" : ", ") + name;
      placeholders += placeholders.empty() ? "?" : ", ?";
    }
    if (mode == RowWrite::kReplace) {
      if (Status status = statements_.run("DELETE FROM " + shape.table); !status) return status;
    }
    Result<Statement> insert =
        statements_.prepare("INSERT INTO " + shape.table + " (" + columns + ") VALUES (" + placeholders + ")");
    if (!insert) return insert.status();
    RowValues values;
    for (std::int64_t row = 1; next(values); ++row) {
      if (values.size() != shape.columns.size()) {
        return Status(ErrorCode::kInternal, "a row of " + shape.table + " with the wrong number of values");
      }
      for (std::size_t i = 0; i < values.size(); ++i) bind_value(*insert, shape.columns[i].second, values[i]);
      if (!insert->execute()) {
        return write_failure(db_, "writing row " + std::to_string(row) + " of " + shape.table);
      }
    }
    return Status::ok();
  }

  Status read_rows(const RowShape& shape, const std::vector<std::pair<std::string, Value>>& equal,
                   const RowSink& each) override {
    std::string columns;
    for (const auto& [name, type] : shape.columns) columns += (columns.empty() ? "" : ", ") + name;
    std::string where;
    std::vector<ValueType> types;
    for (const auto& pair : equal) {
      const std::string& column = pair.first;
      const auto found = std::find_if(shape.columns.begin(), shape.columns.end(),
                                      [&column](const auto& named) { return named.first == column; });
      if (found == shape.columns.end()) {
        return Status(ErrorCode::kInvalidArgument, "the table " + shape.table + " has no column " + column);
      }
      where += (where.empty() ? " WHERE " : " AND ") + column + " = ?";
      types.push_back(found->second);
    }
    Result<Statement> select =
        statements_.prepare("SELECT " + columns + " FROM " + shape.table + where + " ORDER BY " + columns);
    if (!select) return select.status();
    for (std::size_t i = 0; i < equal.size(); ++i) bind_value(*select, types[i], equal[i].second);
    RowValues values;
    while (select->step()) {
      values.clear();
      for (std::size_t i = 0; i < shape.columns.size(); ++i) {
        std::optional<Value> value = read_value(*select, static_cast<int>(i), shape.columns[i].second);
        if (!value) return Status(ErrorCode::kStorage, "a stored row of " + shape.table + " is corrupt");
        values.push_back(std::move(*value));
      }
      each(values);
    }
    return select->error();
  }

  Result<std::uint64_t> revision() override {
    Result<Statement> select = statements_.prepare("SELECT revision FROM store_revision WHERE id = 1");
    if (!select) return select.status();
    return read_revision(*select);
  }

  Result<std::uint64_t> bump_revision() override {
    Result<Statement> update =
        statements_.prepare("UPDATE store_revision SET revision = revision + 1 WHERE id = 1 RETURNING revision");
    if (!update) return update.status();
    return read_revision(*update);
  }

  Status commit() override {
    if (done_) return Status(ErrorCode::kInternal, "the transaction has ended already");
    Status status = statements_.run("COMMIT");
    if (!status) return status;  // the destructor rolls back
    done_ = true;
    return status;
  }

 private:
  static Result<std::uint64_t> read_revision(Statement& statement) {
    if (!statement.step()) {
      if (Status status = statement.error(); !status) return status;
      return Status(ErrorCode::kStorage, "the database has no revision; recreate it with entente init");
    }
    return static_cast<std::uint64_t>(statement.integer64(0));
  }

  StatementCache& statements_;
  sqlite3* db_;
  std::unique_lock<std::mutex> lock_;
  SqliteRecords records_;
  SqliteAudit audit_;
  SqliteAccounts accounts_;
  std::unique_ptr<RowRepository> rows_;
  bool done_ = false;
};

}  // namespace

Result<std::unique_ptr<Transaction>> begin_transaction(StatementCache& statements, std::unique_lock<std::mutex> lock,
                                                       Store::Access access) {
  if (Status status = statements.run(access == Store::Access::kWrite ? "BEGIN IMMEDIATE" : "BEGIN"); !status) {
    return status;
  }
  return std::unique_ptr<Transaction>(std::make_unique<SqliteTransaction>(statements, std::move(lock)));
}

}  // namespace sqlite

}  // namespace entente
