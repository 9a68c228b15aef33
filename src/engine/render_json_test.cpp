#include "engine/render_json.hpp"

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>
#include <set>
#include <string>
#include <vector>

#include "store/dataset_reader.hpp"

namespace entente {
namespace {

namespace json = boost::json;

// Every day on which a relation in `dataset` may change, with the days either side, and
// two days of every year from 1940 to 2030.
std::vector<Date> days_of_change(const Dataset& dataset) {
  std::set<Date> days;
  const auto add = [&days](Date day) {
    for (int offset = -1; offset <= 1; ++offset) days.insert(day.add_days(offset));
  };
  const auto add_period = [&add](const Interval& period) {
    add(period.from);
    if (period.to) add(*period.to);
  };
  for (const Membership& row : dataset.memberships) add_period(row.period);
  for (const Partnership& row : dataset.partnerships) add_period(row.period);
  for (const Nation& nation : dataset.nations) {
    if (nation.from) add(*nation.from);
    if (nation.to) add(*nation.to);
  }
  for (int year = 1940; year <= 2030; ++year) {
    add(Date::from_ymd(year, 1, 1));
    add(Date::from_ymd(year, 6, 15));
  }
  return {days.begin(), days.end()};
}

// The relations document written directly is the serialised Boost.JSON tree, byte for
// byte, for every organisation of the reference data on every day its relations change.
TEST(RenderJsonTest, RelationsTextIsTheSerialisedTreeOverTheReferenceData) {
  Result<Dataset> dataset = read_dataset(DirectoryDataFiles("data"));
  ASSERT_TRUE(dataset.is_ok()) << dataset.status().to_string();
  const std::vector<Date> days = days_of_change(*dataset);
  const Registry registry(std::move(*dataset));
  std::size_t documents = 0;
  for (const Organisation& organisation : registry.dataset().organisations) {
    for (Date day : days) {
      const RelationsAnswer answer{&organisation, day, registry.relations(organisation, day)};
      ASSERT_EQ(to_json_text(answer), json::serialize(to_json(answer))) << organisation.id << " " << day.to_string();
      ++documents;
    }
  }
  EXPECT_GT(documents, 1000U);
}

// Names the reference data does not hold: quotes, backslashes, every control character,
// UTF-8, DEL, and a nation without a numeric code; every relation; no nations at all.
TEST(RenderJsonTest, RelationsTextEscapesLikeBoostJson) {
  std::vector<Nation> nations(4);
  nations[0].iso3 = "AAA";
  nations[0].iso_numeric = "001";
  nations[0].name = "Quote \" and backslash \\ and slash /";
  nations[1].iso3 = "BBB";
  for (int byte = 0; byte < 0x20; ++byte) nations[1].name += static_cast<char>(byte);
  nations[1].name += "\x7f";
  nations[2].iso3 = "CCC";
  nations[2].iso_numeric = "384";
  nations[2].name = "C\xc3\xb4te d\xe2\x80\x99Ivoire \xf0\x9f\x8c\x8d";
  nations[3].iso3 = "D\"D";
  nations[3].iso_numeric = "\t";
  nations[3].name = "";
  Organisation organisation;
  organisation.id = "O\\\"RG";

  RelationsAnswer answer{&organisation, Date::from_ymd(2023, 4, 4), {}};
  EXPECT_EQ(to_json_text(answer), json::serialize(to_json(answer)));

  const std::vector<Relation> relations{Relation::kNone,
                                        Relation::kPartner,
                                        Relation::kMember,
                                        Relation::kFormerMember,
                                        Relation::kSuspendedPartner,
                                        Relation::kPartner,
                                        Relation::kObserver,
                                        Relation::kAssociate,
                                        Relation::kSuspendedMember,
                                        Relation::kFormerPartner,
                                        Relation::kNone};
  for (std::size_t i = 0; i < relations.size(); ++i) {
    RelationEntry entry{&nations[i % nations.size()], &organisation, relations[i], {}};
    for (std::size_t f = 0; f < i % 4; ++f) entry.frameworks.push_back("F\"" + std::to_string(f) + "\n");
    answer.relations.push_back(std::move(entry));
  }
  EXPECT_EQ(to_json_text(answer), json::serialize(to_json(answer)));
}

}  // namespace
}  // namespace entente
