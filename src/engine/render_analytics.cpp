#include "engine/render_analytics.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "manage/manage_json.hpp"
#include "model/vocabulary.hpp"

namespace entente {

namespace json = boost::json;

namespace {

template <typename Record>
std::vector<Record> copies(const std::vector<const Record*>& rows) {
  std::vector<Record> out;
  out.reserve(rows.size());
  for (const Record* row : rows) out.push_back(*row);
  return out;
}

json::value optional_day(const std::optional<Date>& day) {
  return day ? json::value(day->to_string()) : json::value(nullptr);
}

}  // namespace

json::value to_json(const ExercisesAnswer& answer) {
  json::array exercises;
  for (const ExerciseEntry& entry : answer.exercises) {
    json::object object = row_json(exercises_table(), *entry.exercise);
    json::array participants;
    for (const ExerciseEntry::Taking& taking : entry.participants) {
      participants.push_back(json::object{{"nation", taking.nation->iso3},
                                          {"name", taking.nation->name},
                                          {"role", taking.participant->role},
                                          {"standing", to_string(taking.standing)},
                                          {"source", taking.participant->provenance.source},
                                          {"note", taking.participant->provenance.note}});
    }
    object["participants"] = std::move(participants);
    exercises.push_back(std::move(object));
  }
  return json::object{{"from", optional_day(answer.from)},
                      {"to", optional_day(answer.to)},
                      {"nation", answer.nation.empty() ? json::value(nullptr) : json::value(answer.nation)},
                      {"count", answer.exercises.size()},
                      {"exercises", std::move(exercises)}};
}

CsvDocument to_csv(const ExercisesAnswer& answer) {
  CsvDocument document;
  document.header = {"exercise", "name",        "start", "end",      "lead",   "location", "domain",
                     "nation",   "nation_name", "role",  "standing", "source", "note"};
  for (const ExerciseEntry& entry : answer.exercises) {
    const Exercise& e = *entry.exercise;
    for (const ExerciseEntry::Taking& taking : entry.participants) {
      document.rows.push_back({e.id, e.name, e.start.to_string(), e.end.to_string(), e.lead, e.location, e.domain,
                               taking.nation->iso3, taking.nation->name, taking.participant->role,
                               std::string(to_string(taking.standing)), taking.participant->provenance.source,
                               taking.participant->provenance.note});
    }
  }
  return document;
}

json::value to_json(const ExpenditureAnswer& answer, const Registry& registry) {
  json::array figures;
  for (const DefenceExpenditure* figure : answer.figures) {
    json::object object = row_json(defence_expenditure_table(), *figure);
    const Nation* nation = registry.find_nation(figure->nation);
    object["name"] = nation != nullptr ? nation->name : figure->nation;
    figures.push_back(std::move(object));
  }
  return json::object{{"from", answer.from_year},
                      {"to", answer.to_year},
                      {"nation", answer.nation.empty() ? json::value(nullptr) : json::value(answer.nation)},
                      {"figures", std::move(figures)},
                      {"guidelines", rows_json(spending_guidelines_table(), copies(answer.guidelines))}};
}

CsvDocument to_csv(const ExpenditureAnswer& answer) {
  return rows_csv(defence_expenditure_table(), copies(answer.figures));
}

json::value to_json(const AlliancesAnswer& answer) {
  return json::object{{"alliances", rows_json(alliances_table(), copies(answer.alliances))},
                      {"provisions", rows_json(alliance_provisions_table(), copies(answer.provisions))},
                      {"coverage", rows_json(coverage_table(), copies(answer.coverage))}};
}

CsvDocument to_csv(const AlliancesAnswer& answer) {
  return rows_csv(alliance_provisions_table(), copies(answer.provisions));
}

json::value to_json(const InteroperabilityAnswer& answer) {
  json::value value = to_json(static_cast<const InteroperabilityIndex&>(answer));
  if (value.is_object()) value.as_object()["records"] = answer.records;
  return value;
}

json::value to_json(const CohesionAnswer& answer) {
  json::value value = to_json(static_cast<const CohesionAnalysis&>(answer));
  if (value.is_object()) value.as_object()["records"] = answer.records;
  return value;
}

}  // namespace entente
