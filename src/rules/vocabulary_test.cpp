#include <gtest/gtest.h>

#include "model/vocabulary.hpp"
#include "rules/article6.hpp"
#include "rules/decision.hpp"
#include "rules/operations.hpp"

namespace entente {
namespace {

// The rules' own to_string and parse_* functions say the words of model/vocabulary.hpp.
template <typename Enum, typename Parse>
void expect_model_words(Parse parse) {
  SCOPED_TRACE(std::string(Vocabulary<Enum>::kName));
  for (const EnumWord<Enum>& entry : Vocabulary<Enum>::kWords) {
    EXPECT_EQ(to_string(entry.value), entry.word);
    EXPECT_EQ(parse(entry.word), std::optional<Enum>(entry.value)) << entry.word;
  }
  EXPECT_FALSE(parse("unknown").has_value());
}

TEST(RulesVocabulary, SaysTheModelWords) {
  expect_model_words<TargetKind>(parse_target_kind);
  expect_model_words<Position>(parse_position);
  expect_model_words<Procedure>(parse_procedure);
  for (const auto& entry : Vocabulary<LegalClassification>::kWords) EXPECT_EQ(to_string(entry.value), entry.word);
}

}  // namespace
}  // namespace entente
