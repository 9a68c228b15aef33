#pragma once

// SQLite statements made from table descriptions (table_description.hpp): every column is
// named, in INSERT and in SELECT. Private to src/store/.
//
// How each ValueType is kept: texts, dates (YYYY-MM-DD), lists (";"-separated) and
// polygons ("lon lat, ...") as TEXT; absent optional texts and dates as NULL; integers as
// INTEGER; reals as REAL; geometry as a BLOB of little-endian WKB (value_encoding.hpp).

#include <string>
#include <vector>

#include "store/sqlite_statement.hpp"
#include "store/table_description.hpp"

namespace entente::sqlite {

// Binds `value` as the next parameter of `statement`.
void bind_value(Statement& statement, ValueType type, const Value& value);

// The value of column `index` of the current row; nullopt when the stored value cannot be
// decoded (a corrupt geometry).
std::optional<Value> read_value(const Statement& statement, int index, ValueType type);

// "name, name, ..." of the columns `include` keeps.
template <typename Record, typename Include>
std::string column_list(const TableDescription<Record>& table, Include include) {
  std::string list;
  for (const Column<Record>& column : table.columns) {
    if (include(column)) list += (list.empty() ? "" : ", ") + std::string(column.name);
  }
  return list;
}

template <typename Record>
bool written(const Column<Record>& column) {
  return !column.assigned_by_database;
}

// "INSERT INTO table (columns) VALUES (?, ...)" of the columns the caller writes.
template <typename Record>
std::string insert_sql(const TableDescription<Record>& table) {
  std::string placeholders;
  for (const Column<Record>& column : table.columns) {
    if (written(column)) placeholders += placeholders.empty() ? "?" : ", ?";
  }
  return "INSERT INTO " + std::string(table.name) + " (" + column_list(table, written<Record>) + ") VALUES (" +
         placeholders + ")";
}

// "SELECT columns FROM table ORDER BY ..." of every column, in the description's order.
template <typename Record>
std::string select_sql(const TableDescription<Record>& table) {
  return "SELECT " + column_list(table, [](const Column<Record>&) { return true; }) + " FROM " +
         std::string(table.name) + " ORDER BY " + std::string(table.order_by);
}

// Binds the written columns of `record`, in insert_sql's order.
template <typename Record>
void bind_row(Statement& statement, const TableDescription<Record>& table, const Record& record) {
  for (const Column<Record>& column : table.columns) {
    if (written(column)) bind_value(statement, column.type, column.get(record));
  }
}

// Reads the current row of a statement made by select_sql.
template <typename Record>
Result<Record> read_row(const Statement& statement, const TableDescription<Record>& table) {
  Record record;
  for (std::size_t i = 0; i < table.columns.size(); ++i) {
    const Column<Record>& column = table.columns[i];
    std::optional<Value> value = read_value(statement, static_cast<int>(i), column.type);
    if (!value) {
      return Status(ErrorCode::kStorage, "the stored " + std::string(column.name) + " of " + std::string(table.name) +
                                             " '" + statement.text(0) + "' is corrupt; run entente init");
    }
    column.set(record, std::move(*value));
  }
  return record;
}

template <typename Record>
Status insert_rows(sqlite3* db, const TableDescription<Record>& table, const SharedRows<Record>& rows) {
  Result<Statement> insert = Statement::prepare(db, insert_sql(table));
  if (!insert) return insert.status();
  for (const Record& record : rows) {
    bind_row(*insert, table, record);
    if (Status status = insert->execute(); !status) return status;
  }
  return Status::ok();
}

// Appends every stored row to `rows`, in the table's order.
template <typename Record>
Status select_rows(sqlite3* db, const TableDescription<Record>& table, std::vector<Record>& rows) {
  Result<Statement> select = Statement::prepare(db, select_sql(table));
  if (!select) return select.status();
  while (select->step()) {
    Result<Record> record = read_row(*select, table);
    if (!record) return record.status();
    rows.push_back(std::move(*record));
  }
  return select->error();
}

}  // namespace entente::sqlite
