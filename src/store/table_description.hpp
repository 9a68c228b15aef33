#pragma once

// One description per table of facts: its columns, each with its name in the database and
// in its data file, the portable type of its value, how a data file's cell is read and
// checked into the record, and how the value is taken from and put back into the record.
// The data file reader and every database backend work from the descriptions alone
// (tables.hpp lists them); nothing here knows a database. A backend maps each ValueType to
// its own types and binds and reads columns by name.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "model/model.hpp"
#include "model/vocabulary.hpp"
#include "store/row_reader.hpp"
#include "store/value_encoding.hpp"

namespace entente {

// What a column holds, whatever the database.
enum class ValueType {
  kText,          // text; empty text is kept as empty text
  kOptionalText,  // text; empty text is kept as absent (NULL), as for a reference to no row
  kInteger,       // a 64-bit signed integer; flags are 0 or 1
  kReal,          // a double
  kOptionalReal,  // a double, or absent: a figure a source does not give is missing, never 0
  kDate,          // a calendar day
  kOptionalDate,  // a calendar day, or absent
  kList,          // a list of texts
  kPolygon,       // one closed ring of (longitude, latitude) vertices
  kGeometry,      // polygons with holes: country land
};

// A column's value between a record and a database. The alternative follows the column's
// ValueType: std::string for both texts, std::int64_t, double, Date, std::optional<Date>,
// a list, Vertices and the polygons of a geometry.
using Value = std::variant<std::string, std::int64_t, double, Date, std::optional<Date>, std::vector<std::string>,
                           Vertices, std::vector<PolygonRings>, std::optional<double>>;

// A step over one data file row: reads cells into the record, or checks it.
template <typename Record>
using RowStep = std::function<void(RowReader&, Record&)>;

template <typename Record>
struct Column {
  std::string_view name;              // in the database
  std::string_view csv_name;          // in the data file; empty when the file has no such column
  ValueType type = ValueType::kText;  // the alternative of Value that get returns and set takes
  bool assigned_by_database = false;  // never written, only read: ids and versions the database keeps
  std::function<Value(const Record&)> get;
  std::function<void(Record&, Value)> set;
  // Reads the cell into the record, reporting what is wrong with the cell itself.
  RowStep<Record> read;
  // Checks run once every cell of the row has been read, in column order; may be empty.
  RowStep<Record> check;
  // The cell as a data file writes it, where that is not the value's plain text (a flag
  // held as 0/1 is written yes/no); may be empty.
  std::function<std::string(const Record&)> cell;
};

template <typename Record>
struct TableDescription {
  std::string_view name;                        // the database table
  const char* file = nullptr;                   // the data file; nullptr when rows come from elsewhere
  SharedRows<Record> Dataset::*rows = nullptr;  // the rows in a Dataset
  std::string_view order_by;                    // the columns rows are loaded in the order of
  std::vector<Column<Record>> columns;          // in the data file's order
};

// A column's name in the database and in the data file; one name when they agree.
struct ColumnName {
  ColumnName(const char* both) : database(both), file(both) {}  // NOLINT(google-explicit-constructor)
  ColumnName(const char* in_database, const char* in_file) : database(in_database), file(in_file) {}
  std::string_view database;
  std::string_view file;
};

// Whether a data file's cell may be blank.
enum class Cell { kOptional, kRequired };

// When a cell is checked against its words: as it is read, or after the whole row is read
// (so that the problems of the other cells are reported first).
enum class WordCheck { kOnRead, kAfterRow };

namespace table_detail {

template <typename Field>
constexpr ValueType value_type_of() {
  if constexpr (std::is_same_v<Field, std::string>) {
    return ValueType::kText;
  } else if constexpr (std::is_integral_v<Field>) {
    return ValueType::kInteger;
  } else if constexpr (std::is_same_v<Field, double>) {
    return ValueType::kReal;
  } else if constexpr (std::is_same_v<Field, std::optional<double>>) {
    return ValueType::kOptionalReal;
  } else if constexpr (std::is_same_v<Field, Date>) {
    return ValueType::kDate;
  } else if constexpr (std::is_same_v<Field, std::optional<Date>>) {
    return ValueType::kOptionalDate;
  } else if constexpr (std::is_same_v<Field, std::vector<std::string>>) {
    return ValueType::kList;
  } else if constexpr (std::is_same_v<Field, Vertices>) {
    return ValueType::kPolygon;
  } else {
    static_assert(std::is_same_v<Field, std::vector<PolygonRings>>, "no ValueType holds this field");
    return ValueType::kGeometry;
  }
}

template <typename Field>
Value to_value(const Field& field) {
  if constexpr (std::is_integral_v<Field>) {
    return static_cast<std::int64_t>(field);
  } else {
    return field;
  }
}

// A value of another alternative leaves the field as it is.
template <typename Field>
void from_value(Value&& value, Field& field) {
  if constexpr (std::is_integral_v<Field>) {
    if (const auto* number = std::get_if<std::int64_t>(&value)) field = static_cast<Field>(*number);
  } else {
    if (auto* same = std::get_if<Field>(&value)) field = std::move(*same);
  }
}

// The field `member` names, for a record or a const record.
template <typename Record, typename Field>
auto member(Field Record::*pointer) {
  return [pointer](auto& record) -> auto& { return record.*pointer; };
}

// A column of the field `access(record)` returns.
template <typename Record, typename Access>
Column<Record> field_column(ColumnName name, Access access, RowStep<Record> read, RowStep<Record> check = {}) {
  using Field = std::remove_cvref_t<decltype(access(std::declval<Record&>()))>;
  return Column<Record>{name.database,
                        name.file,
                        value_type_of<Field>(),
                        false,
                        [access](const Record& record) { return to_value(access(record)); },
                        [access](Record& record, Value value) { from_value(std::move(value), access(record)); },
                        std::move(read),
                        std::move(check),
                        {}};
}

template <typename Record, typename Access>
Column<Record> text_column(ColumnName name, Access access, Cell cell, RowStep<Record> check = {}) {
  return field_column<Record>(
      name, access,
      [access, name, cell](RowReader& row, Record& record) {
        access(record) = cell == Cell::kRequired ? row.required(name.file) : row.text(name.file);
      },
      std::move(check));
}

template <typename Record, typename From, typename To>
std::vector<Column<Record>> interval_columns(ColumnName from_name, From from, ColumnName to_name, To to) {
  return {field_column<Record>(
              from_name, from,
              [from, from_name](RowReader& row, Record& record) { from(record) = row.required_date(from_name.file); }),
          field_column<Record>(to_name, to, [from, from_name, to, to_name](RowReader& row, Record& record) {
            to(record) = row.optional_date(to_name.file);
            row.check_order(from_name.file, from(record), to_name.file, to(record));
          })};
}

// The problem of a data file polygon ("lon lat, ..."), or "" when it is a closed ring.
std::string polygon_problem(std::string_view text, Vertices& vertices);

}  // namespace table_detail

// Text; a blank cell is empty text.
template <typename Record>
Column<Record> text(ColumnName name, std::string Record::*member, std::type_identity_t<RowStep<Record>> check = {}) {
  return table_detail::text_column<Record>(name, table_detail::member(member), Cell::kOptional, std::move(check));
}

// Text the row needs ("missing <column>").
template <typename Record>
Column<Record> required(ColumnName name, std::string Record::*member,
                        std::type_identity_t<RowStep<Record>> check = {}) {
  return table_detail::text_column<Record>(name, table_detail::member(member), Cell::kRequired, std::move(check));
}

// Text that is absent, not empty, in the database when the cell is blank: a reference that
// may name no row.
template <typename Record>
Column<Record> optional_text(ColumnName name, std::string Record::*member) {
  Column<Record> column = text(name, member);
  column.type = ValueType::kOptionalText;
  return column;
}

// Required text that must be one of `words`.
template <typename Record>
Column<Record> one_of(ColumnName name, std::string Record::*member, const std::vector<std::string_view>& words,
                      WordCheck when = WordCheck::kOnRead) {
  if (when == WordCheck::kOnRead) {
    return table_detail::field_column<Record>(
        name, table_detail::member(member),
        [member, name, words](RowReader& row, Record& record) { record.*member = row.one_of(name.file, words); });
  }
  return required(name, member, [member, name, words](RowReader& row, const Record& record) {
    if (!(record.*member).empty()) row.check_one_of(name.file, record.*member, words);
  });
}

// An enumeration, kept as its word (model/vocabulary.hpp). A word the database holds that
// is no word of the enumeration reads as `fallback`.
template <typename Record, typename Enum>
Column<Record> word(ColumnName name, Enum Record::*member, Enum fallback, WordCheck when) {
  const std::vector<std::string_view> words = words_of<Enum>();
  Column<Record> column{name.database,
                        name.file,
                        ValueType::kText,
                        false,
                        [member](const Record& record) { return Value(std::string(word_of(record.*member))); },
                        [member, fallback](Record& record, Value value) {
                          const auto* text = std::get_if<std::string>(&value);
                          record.*member = text ? parse_word<Enum>(*text).value_or(fallback) : fallback;
                        },
                        {},
                        {},
                        {}};
  if (when == WordCheck::kOnRead) {
    column.read = [member, name, words, fallback](RowReader& row, Record& record) {
      record.*member = parse_word<Enum>(row.one_of(name.file, words)).value_or(fallback);
    };
    return column;
  }
  column.read = [name](RowReader& row, Record&) { (void)row.required(name.file); };
  column.check = [member, name, words](RowReader& row, Record& record) {
    const std::string cell = row.text(name.file);
    if (const std::optional<Enum> value = parse_word<Enum>(cell)) {
      record.*member = *value;
    } else if (!cell.empty()) {
      row.check_one_of(name.file, cell, words);
    }
  };
  return column;
}

// A flag, "yes" or "no" in the data file.
template <typename Record>
Column<Record> yes_no(ColumnName name, bool Record::*member) {
  Column<Record> column = table_detail::field_column<Record>(
      name, table_detail::member(member), [member, name](RowReader& row, Record& record) {
        record.*member = row.one_of(name.file, {"yes", "no"}) == "yes";
      });
  column.cell = [member](const Record& record) { return std::string(record.*member ? "yes" : "no"); };
  return column;
}

// A number in [-limit, limit].
template <typename Record>
Column<Record> coordinate(ColumnName name, double Record::*member, double limit,
                          std::type_identity_t<RowStep<Record>> check = {}) {
  return table_detail::field_column<Record>(
      name, table_detail::member(member),
      [member, name, limit](RowReader& row, Record& record) { record.*member = row.coordinate(name.file, limit); },
      std::move(check));
}

// A whole number in [minimum, maximum].
template <typename Record, typename Integer>
Column<Record> integer(ColumnName name, Integer Record::*member, long long minimum, long long maximum) {
  return table_detail::field_column<Record>(
      name, table_detail::member(member), [member, name, minimum, maximum](RowReader& row, Record& record) {
        record.*member = static_cast<Integer>(row.integer(name.file, minimum, maximum));
      });
}

// A number in [minimum, maximum], or a blank cell: absent, never 0.
template <typename Record>
Column<Record> optional_number(ColumnName name, std::optional<double> Record::*member, double minimum, double maximum) {
  return table_detail::field_column<Record>(name, table_detail::member(member),
                                            [member, name, minimum, maximum](RowReader& row, Record& record) {
                                              record.*member = row.optional_number(name.file, minimum, maximum);
                                            });
}

// A day the row needs ("missing <column> date").
template <typename Record>
Column<Record> date(ColumnName name, Date Record::*member) {
  return table_detail::field_column<Record>(
      name, table_detail::member(member),
      [member, name](RowReader& row, Record& record) { record.*member = row.required_date(name.file); });
}

template <typename Record>
Column<Record> optional_date(ColumnName name, std::optional<Date> Record::*member,
                             std::type_identity_t<RowStep<Record>> check = {}) {
  return table_detail::field_column<Record>(
      name, table_detail::member(member),
      [member, name](RowReader& row, Record& record) { record.*member = row.optional_date(name.file); },
      std::move(check));
}

// A start the row needs and an end it may leave open, the end after the start.
template <typename Record>
std::vector<Column<Record>> interval(ColumnName from, Date Record::*from_member, ColumnName to,
                                     std::optional<Date> Record::*to_member) {
  return table_detail::interval_columns<Record>(from, table_detail::member(from_member), to,
                                                table_detail::member(to_member));
}

// An Interval: valid_from and valid_to in the database, from and to in the data file.
template <typename Record>
std::vector<Column<Record>> period(Interval Record::*member) {
  return table_detail::interval_columns<Record>(
      {"valid_from", "from"}, [member](auto& record) -> auto& { return (record.*member).from; },
      {"valid_to", "to"}, [member](auto& record) -> auto& { return (record.*member).to; });
}

// A ";"-separated list in the data file.
template <typename Record>
Column<Record> list(ColumnName name, std::vector<std::string> Record::*member,
                    std::type_identity_t<RowStep<Record>> check = {}) {
  return table_detail::field_column<Record>(
      name, table_detail::member(member),
      [member, name](RowReader& row, Record& record) { record.*member = row.list(name.file); }, std::move(check));
}

// A closed ring, "lon lat, lon lat, ..." in the data file, checked once the row is read.
template <typename Record>
Column<Record> polygon(ColumnName name, Vertices Record::*member, Cell cell) {
  return table_detail::field_column<Record>(
      name, table_detail::member(member),
      [name, cell](RowReader& row, Record&) {
        if (cell == Cell::kRequired) (void)row.required(name.file);
      },
      [member, name](RowReader& row, Record& record) {
        const std::string cell_text = row.text(name.file);
        if (cell_text.empty()) return;
        if (std::string problem = table_detail::polygon_problem(cell_text, record.*member); !problem.empty()) {
          row.fail(std::string(name.file) + ": " + problem);
        }
      });
}

// Country land; never in a data file.
template <typename Record>
Column<Record> geometry(const char* name, std::vector<PolygonRings> Record::*member) {
  return table_detail::field_column<Record>({name, ""}, table_detail::member(member), {});
}

// Where a fact comes from: source (required) and note.
template <typename Record>
std::vector<Column<Record>> provenance(Provenance Record::*member) {
  return {table_detail::text_column<Record>(
              "source", [member](auto& record) -> auto& { return (record.*member).source; }, Cell::kRequired),
          table_detail::text_column<Record>(
              "note", [member](auto& record) -> auto& { return (record.*member).note; }, Cell::kOptional)};
}

// A record's id and version, which the database assigns; never in a data file.
template <typename Record>
std::vector<Column<Record>> stamp(RecordStamp Record::*member) {
  std::vector<Column<Record>> columns{
      table_detail::field_column<Record>({"id", ""}, [member](auto& record) -> auto& { return (record.*member).id; },
                                         {}),
      table_detail::field_column<Record>(
          {"version", ""}, [member](auto& record) -> auto& { return (record.*member).version; }, {})};
  for (Column<Record>& column : columns) column.assigned_by_database = true;
  return columns;
}

// The columns of a table from single columns and groups of them, in order.
template <typename Record, typename... Parts>
std::vector<Column<Record>> columns_of(Parts... parts) {
  std::vector<Column<Record>> all;
  const auto append = [&all](auto part) {
    if constexpr (std::is_same_v<decltype(part), Column<Record>>) {
      all.push_back(std::move(part));
    } else {
      for (Column<Record>& column : part) all.push_back(std::move(column));
    }
  };
  (append(std::move(parts)), ...);
  return all;
}

}  // namespace entente
