#pragma once

// Typed rows of the tables users write: a table description (table_description.hpp) whose
// first columns are stamp()'s id and version gives a RowShape, and Rows<Record> reads and
// writes records of it through any backend's RowRepository. A new kind of row is a record
// type, its description and the migration that creates its table.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/status.hpp"
#include "store/table_description.hpp"
#include "store/transaction.hpp"

namespace entente {

template <typename Record>
RowShape row_shape(const TableDescription<Record>& table) {
  RowShape shape{std::string(table.name), {}};
  for (const Column<Record>& column : table.columns) shape.columns.emplace_back(column.name, column.type);
  return shape;
}

template <typename Record>
class Rows {
 public:
  Rows(RowRepository& repository, const TableDescription<Record>& table)
      : repository_(repository), table_(table), shape_(shape_of(table)) {}

  Result<std::vector<Record>> where(const RowFilter& filter) const {
    Result<std::vector<RowValues>> rows = repository_.select(shape_, filter);
    if (!rows) return rows.status();
    std::vector<Record> records;
    records.reserve(rows->size());
    for (RowValues& values : *rows) records.push_back(record_of(std::move(values)));
    return records;
  }
  Result<std::vector<Record>> all() const { return where({}); }
  Result<std::int64_t> count(const RowFilter& filter) const { return repository_.count(shape_, filter); }

  Result<std::optional<Record>> find(std::int64_t id) const {
    RowFilter filter;
    filter.equal.emplace_back("id", Value(id));
    Result<std::vector<Record>> rows = where(filter);
    if (!rows) return rows.status();
    if (rows->empty()) return std::optional<Record>();
    return std::optional<Record>(std::move(rows->front()));
  }

  // The record as stored: its new id and version 1.
  Result<Record> insert(Record record) const {
    RowValues values;
    values.reserve(table_.columns.size());
    for (const Column<Record>& column : table_.columns) values.push_back(column.get(record));
    Result<std::int64_t> id = repository_.insert(shape_, values);
    if (!id) return id.status();
    set(record, "id", *id);
    set(record, "version", std::int64_t{1});
    return record;
  }

  // Writes every column of `record` if its stored version is still the record's; returns
  // the record with its next version.
  Result<Record> update(Record record) const {
    std::vector<std::pair<std::string, Value>> changes;
    for (const Column<Record>& column : table_.columns) {
      if (!column.assigned_by_database) changes.emplace_back(std::string(column.name), column.get(record));
    }
    Result<std::int64_t> version = repository_.update(shape_, id_of(record), version_of(record), changes);
    if (!version) return version.status();
    set(record, "version", *version);
    return record;
  }

  Status remove(const Record& record) const { return repository_.remove(shape_, id_of(record), version_of(record)); }

  // Every row of a reference table (one without ids) replaced by `records`.
  template <typename Records>
  Status replace_all(const Records& records) const {
    std::vector<RowValues> rows;
    for (const Record& record : records) {
      RowValues values;
      for (const Column<Record>& column : table_.columns) values.push_back(column.get(record));
      rows.push_back(std::move(values));
    }
    return repository_.replace_all(shape_, rows);
  }

 private:
  static const RowShape& shape_of(const TableDescription<Record>& table) {
    static const RowShape kShape = row_shape(table);  // one description per record type
    return kShape;
  }
  Record record_of(RowValues values) const {
    Record record{};
    for (std::size_t i = 0; i < table_.columns.size() && i < values.size(); ++i) {
      table_.columns[i].set(record, std::move(values[i]));
    }
    return record;
  }
  std::int64_t integer(const Record& record, std::string_view name) const {
    for (const Column<Record>& column : table_.columns) {
      if (column.name == name) {
        const Value value = column.get(record);
        if (const auto* number = std::get_if<std::int64_t>(&value)) return *number;
      }
    }
    return 0;
  }
  std::int64_t id_of(const Record& record) const { return integer(record, "id"); }
  std::int64_t version_of(const Record& record) const { return integer(record, "version"); }
  void set(Record& record, std::string_view name, std::int64_t number) const {
    for (const Column<Record>& column : table_.columns) {
      if (column.name == name) column.set(record, Value(number));
    }
  }

  RowRepository& repository_;
  const TableDescription<Record>& table_;
  const RowShape& shape_;
};

}  // namespace entente
