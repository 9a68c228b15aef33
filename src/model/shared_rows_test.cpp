#include "model/shared_rows.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

namespace entente {
namespace {

struct Row {
  int key = 0;
  std::string text;
};

bool by_key(const Row& a, const Row& b) { return a.key < b.key; }

std::vector<int> keys(const SharedRows<Row>& rows) {
  std::vector<int> out;
  for (const Row& row : rows) out.push_back(row.key);
  return out;
}

SharedRows<Row> rows_with_keys(int count) {
  std::vector<Row> rows;
  rows.reserve(static_cast<std::size_t>(count));
  for (int k = 0; k < count; ++k) rows.push_back({k * 2, "row " + std::to_string(k)});
  return rows;
}

TEST(SharedRowsTest, ACopySharesTheRowsUntilOneSideEditsThem) {
  const SharedRows<Row> original = rows_with_keys(3);
  SharedRows<Row> copy = original;
  EXPECT_TRUE(copy.shares_rows_with(original));
  EXPECT_EQ(&copy[1], &original[1]);  // the very rows
  copy.edit()[1].text = "changed";
  EXPECT_FALSE(copy.shares_rows_with(original));
  EXPECT_EQ(original[1].text, "row 1");
  EXPECT_EQ(copy[1].text, "changed");
}

TEST(SharedRowsTest, AnEmptyTableHasNoRowsToVisit) {
  SharedRows<Row> rows;
  EXPECT_TRUE(rows.empty());
  EXPECT_EQ(rows.begin(), rows.end());
  EXPECT_FALSE(rows.erase_first([](const Row&) { return true; }));
  rows.edit();  // one empty chunk
  EXPECT_EQ(rows.size(), 0U);
  EXPECT_EQ(rows.begin(), rows.end());
  rows.insert_ordered({5, "five"}, by_key);
  EXPECT_EQ(keys(rows), std::vector<int>{5});
}

// Edits keep the order a sort would give, split a large table into chunks once and then
// copy only the chunk they change: the other rows stay where they were, shared.
TEST(SharedRowsTest, EditsPlaceRowsInOrderAndShareTheChunksTheyLeaveAlone) {
  SharedRows<Row> loaded = rows_with_keys(1000);  // keys 0, 2, ..., 1998, one chunk
  loaded.insert_ordered({2001, "last"}, by_key);  // the first edit splits the chunk
  EXPECT_TRUE(loaded.erase_first([](const Row& row) { return row.key == 2001; }));
  const SharedRows<Row> before = loaded;
  SharedRows<Row> after = before;
  after.insert_ordered({1001, "odd"}, by_key);
  EXPECT_EQ(after.size(), 1001U);
  EXPECT_EQ(before.size(), 1000U);
  std::vector<int> expected = keys(before);
  expected.insert(std::upper_bound(expected.begin(), expected.end(), 1001), 1001);
  EXPECT_EQ(keys(after), expected);
  // Copied: the rows of the chunk the edit changed. Shared: every other chunk's.
  std::size_t shared = 0;
  for (std::size_t i = 0; i < after.size(); ++i) {
    const std::optional<std::size_t> at = before.index_of(after[i]);
    if (at) {
      ++shared;
      EXPECT_EQ(&before[*at], &after[i]);
    }
  }
  EXPECT_GE(shared, 1000U - SharedRows<Row>::kSplitAbove);
  EXPECT_LT(shared, 1000U);

  EXPECT_TRUE(after.erase_first([](const Row& row) { return row.key == 0; }));
  EXPECT_TRUE(after.erase_first([](const Row& row) { return row.key == 1998; }));
  EXPECT_FALSE(after.erase_first([](const Row& row) { return row.key == 3; }));
  EXPECT_EQ(after.front().key, 2);
  EXPECT_EQ(after.back().key, 1996);
  EXPECT_EQ(after.size(), 999U);
  EXPECT_EQ(before.size(), 1000U);
}

// Random inserts and removals against a sorted std::vector: the same rows in the same
// order, and indexing agrees with iteration.
TEST(SharedRowsTest, RandomEditsAgreeWithASortedVector) {
  std::mt19937 random(7);
  SharedRows<Row> rows = rows_with_keys(200);
  std::vector<int> model = keys(rows);
  for (int step = 0; step < 2000; ++step) {
    const SharedRows<Row> previous = rows;  // a snapshot that must not change
    const std::vector<int> previous_keys = model;
    if (random() % 3 != 0 || model.empty()) {
      const int key = static_cast<int>(random() % 800);
      rows.insert_ordered({key, "k"}, by_key);
      model.insert(std::upper_bound(model.begin(), model.end(), key), key);
    } else {
      const int key = model[random() % model.size()];
      ASSERT_TRUE(rows.erase_first([key](const Row& row) { return row.key == key; }));
      model.erase(std::find(model.begin(), model.end(), key));
    }
    ASSERT_EQ(keys(previous), previous_keys);
    ASSERT_EQ(rows.size(), model.size());
  }
  EXPECT_EQ(keys(rows), model);
  for (std::size_t i = 0; i < model.size(); ++i) {
    ASSERT_EQ(rows[i].key, model[i]) << i;
    ASSERT_EQ(rows.index_of(rows[i]), i);
  }
  EXPECT_EQ(rows.index_of(Row{}), std::nullopt);
}

}  // namespace
}  // namespace entente
