#pragma once

// The JSON and CSV of partnership management's answers, for the API and the command line.
// A record is rendered from its table description: one member per column, named as in the
// database except the periods (valid_from, valid_to: from, to; evaluated_on: on), so a new
// column reaches every transport without another edit.

#include <boost/json/value.hpp>
#include <string>
#include <vector>

#include "engine/render_csv.hpp"
#include "manage/manage_service.hpp"
#include "manage/tables.hpp"
#include "store/tables.hpp"

namespace entente {

namespace manage_json_detail {
boost::json::value value_json(const Value& value);
std::string value_cell(const Value& value);
std::string_view member_name(std::string_view column);
}  // namespace manage_json_detail

// A record as a JSON object, from its table description.
template <typename Record>
boost::json::object row_json(const TableDescription<Record>& table, const Record& record) {
  boost::json::object object;
  for (const Column<Record>& column : table.columns) {
    object[manage_json_detail::member_name(column.name)] = manage_json_detail::value_json(column.get(record));
  }
  return object;
}

template <typename Record>
boost::json::array rows_json(const TableDescription<Record>& table, const std::vector<Record>& records) {
  boost::json::array array;
  for (const Record& record : records) array.push_back(row_json(table, record));
  return array;
}

// Records as CSV, one column per column of the description.
template <typename Record>
CsvDocument rows_csv(const TableDescription<Record>& table, const std::vector<Record>& records) {
  CsvDocument document;
  for (const Column<Record>& column : table.columns) {
    document.header.emplace_back(manage_json_detail::member_name(column.name));
  }
  for (const Record& record : records) {
    std::vector<std::string> row;
    for (const Column<Record>& column : table.columns) {
      // A column with a cell of its own writes it as its data file does (flags yes/no,
      // counts not published blank), so a CSV of reference rows reads back as the file.
      row.push_back(column.cell ? column.cell(record) : manage_json_detail::value_cell(column.get(record)));
    }
    document.rows.push_back(std::move(row));
  }
  return document;
}

boost::json::value to_json(const ActionOption& option);
boost::json::value to_json(const RoundView& round);
boost::json::value to_json(const ProgrammeView& view);
boost::json::value to_json(const ProgrammeList& list);
boost::json::value to_json(const Inbox& inbox);
boost::json::value to_json(const ParpView& view);
boost::json::value to_json(const UnitView& view);
boost::json::value to_json(const EventView& view);
boost::json::value menu_json(const std::vector<const MenuItem*>& items);

}  // namespace entente
