#include "store/sqlite_rows.hpp"

#include <string>
#include <utility>

#include "store/sqlite_table.hpp"

namespace entente::sqlite {

namespace {

// The type of `column` in `shape`, or nullopt when the shape has no such column.
std::optional<ValueType> type_of(const RowShape& shape, const std::string& column) {
  for (const auto& [name, type] : shape.columns) {
    if (name == column) return type;
  }
  return std::nullopt;
}

Status unknown_column(const RowShape& shape, const std::string& column) {
  return Status(ErrorCode::kInvalidArgument, "the table " + shape.table + " has no column " + column);
}

// A constraint failure (a duplicate key, a dangling reference) is the caller's conflict,
// not a storage failure.
Status write_failure(sqlite3* db, const std::string& doing) {
  if (sqlite3_errcode(db) == SQLITE_CONSTRAINT) {
    const int extended = sqlite3_extended_errcode(db);
    if (extended == SQLITE_CONSTRAINT_UNIQUE || extended == SQLITE_CONSTRAINT_PRIMARYKEY) {
      return Status(ErrorCode::kConflict, doing + ": such a row exists already");
    }
    return Status(ErrorCode::kInvalidData, doing + ": " + sqlite3_errmsg(db));
  }
  return storage_error(db, doing);
}

// " WHERE a = ? AND b >= ? ..." for `filter`, checked against `shape`; the values to bind
// are appended to `binds` in order.
Result<std::string> where_clause(const RowShape& shape, const RowFilter& filter,
                                 std::vector<std::pair<ValueType, const Value*>>& binds) {
  std::string sql;
  const auto add = [&](const std::vector<std::pair<std::string, Value>>& pairs, const char* op) -> Status {
    for (const auto& [column, value] : pairs) {
      const std::optional<ValueType> type = type_of(shape, column);
      if (!type) return unknown_column(shape, column);
      sql += (sql.empty() ? " WHERE " : " AND ") + column + " " + op + " ?";
      binds.emplace_back(*type, &value);
    }
    return Status::ok();
  };
  if (Status status = add(filter.equal, "="); !status) return status;
  if (Status status = add(filter.at_least, ">="); !status) return status;
  if (Status status = add(filter.below, "<"); !status) return status;
  return sql;
}

class SqliteRows final : public RowRepository {
 public:
  explicit SqliteRows(StatementCache& statements) : statements_(statements) {}

  Result<std::vector<RowValues>> select(const RowShape& shape, const RowFilter& filter) override {
    std::vector<std::pair<ValueType, const Value*>> binds;
    Result<std::string> where = where_clause(shape, filter, binds);
    if (!where) return where.status();
    if (!type_of(shape, filter.order_by)) return unknown_column(shape, filter.order_by);
    std::string sql = "SELECT ";
    for (std::size_t i = 0; i < shape.columns.size(); ++i) sql += (i ? ", " : "") + shape.columns[i].first;
    sql += " FROM " + shape.table + *where + " ORDER BY " + filter.order_by + (filter.descending ? " DESC" : "") +
           (filter.order_by == "id" ? "" : (filter.descending ? ", id DESC" : ", id")) + " LIMIT ? OFFSET ?";
    Result<Statement> statement = statements_.prepare(sql);
    if (!statement) return statement.status();
    for (const auto& [type, value] : binds) bind_value(*statement, type, *value);
    statement->bind(filter.limit == 0 ? std::int64_t{-1} : static_cast<std::int64_t>(filter.limit));
    statement->bind(static_cast<std::int64_t>(filter.offset));
    std::vector<RowValues> rows;
    while (statement->step()) {
      RowValues row;
      row.reserve(shape.columns.size());
      for (std::size_t i = 0; i < shape.columns.size(); ++i) {
        std::optional<Value> value = read_value(*statement, static_cast<int>(i), shape.columns[i].second);
        if (!value) return Status(ErrorCode::kStorage, "a stored row of " + shape.table + " is corrupt");
        row.push_back(std::move(*value));
      }
      rows.push_back(std::move(row));
    }
    if (Status status = statement->error(); !status) return status;
    return rows;
  }

  Result<std::int64_t> count(const RowShape& shape, const RowFilter& filter) override {
    std::vector<std::pair<ValueType, const Value*>> binds;
    Result<std::string> where = where_clause(shape, filter, binds);
    if (!where) return where.status();
    Result<Statement> statement = statements_.prepare("SELECT count(*) FROM " + shape.table + *where);
    if (!statement) return statement.status();
    for (const auto& [type, value] : binds) bind_value(*statement, type, *value);
    if (!statement->step()) return statement->error();
    return static_cast<std::int64_t>(statement->integer64(0));
  }

  Result<std::int64_t> insert(const RowShape& shape, const RowValues& values) override {
    if (values.size() != shape.columns.size()) {
      return Status(ErrorCode::kInternal, "a row of " + shape.table + " with the wrong number of values");
    }
    std::string columns = "version";
    std::string placeholders = "1";
    for (std::size_t i = 0; i < shape.columns.size(); ++i) {
      const std::string& name = shape.columns[i].first;
      if (name == "id" || name == "version") continue;
      columns += ", " + name;
      placeholders += ", ?";
    }
    Result<Statement> statement =
        statements_.prepare("INSERT INTO " + shape.table + " (" + columns + ") VALUES (" + placeholders + ")");
    if (!statement) return statement.status();
    for (std::size_t i = 0; i < shape.columns.size(); ++i) {
      const auto& [name, type] = shape.columns[i];
      if (name == "id" || name == "version") continue;
      bind_value(*statement, type, values[i]);
    }
    if (!statement->execute()) return write_failure(statements_.db(), "writing a row of " + shape.table);
    return statement->last_insert_id();
  }

  Result<std::int64_t> update(const RowShape& shape, std::int64_t id, std::int64_t expected_version,
                              const std::vector<std::pair<std::string, Value>>& changes) override {
    std::string sql = "UPDATE " + shape.table + " SET version = version + 1";
    for (const auto& [column, value] : changes) {
      if (column == "id" || column == "version" || !type_of(shape, column)) return unknown_column(shape, column);
      sql += ", " + column + " = ?";
    }
    sql += " WHERE id = ? AND version = ? RETURNING version";
    Result<Statement> statement = statements_.prepare(sql);
    if (!statement) return statement.status();
    for (const auto& [column, value] : changes) bind_value(*statement, *type_of(shape, column), value);
    statement->bind(id).bind(expected_version);
    if (statement->step()) {
      const std::int64_t version = statement->integer64(0);
      while (statement->step()) {
      }
      return version;
    }
    if (Status status = statement->error(); !status) {
      return write_failure(statements_.db(), "updating a row of " + shape.table);
    }
    return missing_or_stale(shape, id);
  }

  Status remove(const RowShape& shape, std::int64_t id, std::int64_t expected_version) override {
    Result<Statement> statement =
        statements_.prepare("DELETE FROM " + shape.table + " WHERE id = ? AND (? = 0 OR version = ?) RETURNING id");
    if (!statement) return statement.status();
    statement->bind(id).bind(expected_version).bind(expected_version);
    if (statement->step()) {
      while (statement->step()) {
      }
      return Status::ok();
    }
    if (Status status = statement->error(); !status) {
      return write_failure(statements_.db(), "deleting a row of " + shape.table);
    }
    return missing_or_stale(shape, id).status();
  }

  Status replace_all(const RowShape& shape, const std::vector<RowValues>& rows) override {
    if (Status status = statements_.run("DELETE FROM " + shape.table); !status) return status;
    std::string columns;
    std::string placeholders;
    for (const auto& [name, type] : shape.columns) {
      columns += (columns.empty() ? "" : ", ") + name;
      placeholders += placeholders.empty() ? "?" : ", ?";
    }
    Result<Statement> statement =
        statements_.prepare("INSERT INTO " + shape.table + " (" + columns + ") VALUES (" + placeholders + ")");
    if (!statement) return statement.status();
    for (const RowValues& values : rows) {
      if (values.size() != shape.columns.size()) {
        return Status(ErrorCode::kInternal, "a row of " + shape.table + " with the wrong number of values");
      }
      for (std::size_t i = 0; i < values.size(); ++i) bind_value(*statement, shape.columns[i].second, values[i]);
      if (!statement->execute()) return write_failure(statements_.db(), "writing a row of " + shape.table);
    }
    return Status::ok();
  }

 private:
  Result<std::int64_t> missing_or_stale(const RowShape& shape, std::int64_t id) {
    Result<Statement> select = statements_.prepare("SELECT version FROM " + shape.table + " WHERE id = ?");
    if (!select) return select.status();
    select->bind(id);
    if (select->step()) {
      const std::int64_t stored = select->integer64(0);
      while (select->step()) {
      }
      return Status(ErrorCode::kConflict, "it was changed meanwhile (now version " + std::to_string(stored) + ")");
    }
    if (Status status = select->error(); !status) return status;
    return Status(ErrorCode::kNotFound, "no such row");
  }

  StatementCache& statements_;
};

}  // namespace

std::unique_ptr<RowRepository> make_row_repository(StatementCache& statements) {
  return std::make_unique<SqliteRows>(statements);
}

}  // namespace entente::sqlite
