#include "store/sqlite_table.hpp"

#include "store/value_encoding.hpp"

namespace entente::sqlite {

void bind_value(Statement& statement, ValueType type, const Value& value) {
  switch (type) {
    case ValueType::kText: statement.bind(std::get<std::string>(value)); return;
    case ValueType::kOptionalText: statement.bind_or_null(std::get<std::string>(value)); return;
    case ValueType::kInteger: statement.bind(std::get<std::int64_t>(value)); return;
    case ValueType::kReal: statement.bind(std::get<double>(value)); return;
    case ValueType::kOptionalReal: statement.bind(std::get<std::optional<double>>(value)); return;
    case ValueType::kDate: statement.bind(std::get<Date>(value)); return;
    case ValueType::kOptionalDate: statement.bind(std::get<std::optional<Date>>(value)); return;
    case ValueType::kList: statement.bind(join_list(std::get<std::vector<std::string>>(value))); return;
    case ValueType::kPolygon: statement.bind(polygon_text(std::get<Vertices>(value))); return;
    case ValueType::kGeometry: statement.bind_blob(encode_wkb(std::get<std::vector<PolygonRings>>(value))); return;
  }
}

std::optional<Value> read_value(const Statement& statement, int index, ValueType type) {
  switch (type) {
    case ValueType::kText:
    case ValueType::kOptionalText: return Value(statement.text(index));
    case ValueType::kInteger: return Value(static_cast<std::int64_t>(statement.integer64(index)));
    case ValueType::kReal: return Value(statement.number(index));
    case ValueType::kOptionalReal: return Value(statement.optional_number(index));
    case ValueType::kDate: return Value(statement.date(index));
    case ValueType::kOptionalDate: return Value(statement.optional_date(index));
    case ValueType::kList: return Value(split_list(statement.text(index)));
    case ValueType::kPolygon: {
      // Written from checked vertices; a vertex that does not read ends the ring there.
      Vertices vertices;
      (void)parse_polygon_text(statement.text(index), vertices);
      return Value(std::move(vertices));
    }
    case ValueType::kGeometry: {
      std::optional<std::vector<PolygonRings>> polygons = decode_wkb(statement.blob(index));
      if (!polygons) return std::nullopt;
      return Value(std::move(*polygons));
    }
  }
  return std::nullopt;
}

}  // namespace entente::sqlite
