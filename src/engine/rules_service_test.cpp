// Decision requests as the CLI and the API give them, checked by Engine::decide.

#include <gtest/gtest.h>

#include "engine/engine.hpp"
#include "store/dataset_reader.hpp"

namespace entente {
namespace {

// The mini dataset: NATO with CAN, DEU, HUN and USA among its members in 2010, deciding
// by consensus or by the silence procedure.
std::unique_ptr<Engine> mini_engine() {
  Result<Dataset> dataset = read_dataset(DirectoryDataFiles("tests/data/mini"));
  EXPECT_TRUE(dataset.is_ok()) << dataset.status().to_string();
  return Engine::from_dataset(dataset ? std::move(*dataset) : Dataset{},
                              std::make_unique<FixedClock>(Date::from_ymd(2024, 6, 1)));
}

DecisionRequest nato_request() {
  DecisionRequest request;
  request.organisation = "NATO";
  request.subject = "A draft";
  request.as_of = "2010-01-01";
  return request;
}

TEST(EngineDecideTest, ANationGivenTwoPositionsIsRefusedHoweverItsCodeIsSpelt) {
  const std::unique_ptr<Engine> engine = mini_engine();
  DecisionRequest request = nato_request();
  request.positions = {{"DEU", "support"}, {"deu", "object"}};
  const Result<Versioned<Decision>> decision = engine->rules().decide(request);
  ASSERT_FALSE(decision.is_ok());
  EXPECT_EQ(decision.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(decision.status().message(), "DEU is given more than one position");

  request.positions = {{"DEU", "object"}, {"DEU", "object"}};  // even the same position twice
  EXPECT_FALSE(engine->rules().decide(request).is_ok());
}

TEST(EngineDecideTest, PositionsAreTakenInTheOrderGiven) {
  const std::unique_ptr<Engine> engine = mini_engine();
  DecisionRequest request = nato_request();
  request.positions = {{"XYZ", "support"}, {"ABC", "object"}};
  const Result<Versioned<Decision>> decision = engine->rules().decide(request);
  ASSERT_FALSE(decision.is_ok());
  EXPECT_EQ(decision.status().field(), "/positions/XYZ");
}

TEST(EngineDecideTest, AMemberWhoBreaksSilenceObjectsWithoutBeingListed) {
  const std::unique_ptr<Engine> engine = mini_engine();
  DecisionRequest request = nato_request();
  request.procedure = "silence";
  request.silence_deadline = "2010-01-05";
  request.silence_breaks = {{"deu", "2010-01-03"}};
  const Result<Versioned<Decision>> decision = engine->rules().decide(request);
  ASSERT_TRUE(decision.is_ok()) << decision.status().to_string();
  EXPECT_FALSE(decision->adopted);
  EXPECT_EQ(decision->positions.at("DEU"), Position::kObject);
  EXPECT_EQ(decision->positions.at("CAN"), Position::kSilent);
}

TEST(EngineDecideTest, TheJsonBodyKeepsItsPositionsInOrder) {
  const Result<DecisionRequest> request =
      parse_decision_request(R"({"organisation": "NATO", "positions": {"USA": "object", "CAN": "support"}})");
  ASSERT_TRUE(request.is_ok()) << request.status().to_string();
  const std::vector<std::pair<std::string, std::string>> expected{{"USA", "object"}, {"CAN", "support"}};
  EXPECT_EQ(request->positions, expected);
}

TEST(EngineDecideTest, TheJsonBodyNamesAPositionThatIsNotText) {
  const Result<DecisionRequest> request =
      parse_decision_request(R"({"organisation": "NATO", "positions": {"USA": 1}})");
  ASSERT_FALSE(request.is_ok());
  EXPECT_EQ(request.status().field(), "/positions/USA");
}

}  // namespace
}  // namespace entente
