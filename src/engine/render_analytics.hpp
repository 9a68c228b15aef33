#pragma once

// The JSON and CSV of the analytics service's answers about its reference tables
// (exercises, defence expenditure, alliances), for the API and the command line.

#include <boost/json/value.hpp>

#include "engine/analytics_service.hpp"
#include "engine/render_csv.hpp"

namespace entente {

boost::json::value to_json(const ExercisesAnswer& answer);
// One row per exercise and participant.
CsvDocument to_csv(const ExercisesAnswer& answer);
boost::json::value to_json(const ExpenditureAnswer& answer, const Registry& registry);
CsvDocument to_csv(const ExpenditureAnswer& answer);
boost::json::value to_json(const AlliancesAnswer& answer);
// One row per provision.
CsvDocument to_csv(const AlliancesAnswer& answer);

// The analyses' own JSON with a statement of whose records of partnership management were read.
boost::json::value to_json(const InteroperabilityAnswer& answer);
boost::json::value to_json(const CohesionAnswer& answer);

}  // namespace entente
