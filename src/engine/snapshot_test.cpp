#include "engine/snapshot.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "engine/engine.hpp"
#include "store/dataset_reader.hpp"

namespace entente {
namespace {

Dataset mini_dataset() {
  Result<Dataset> dataset = read_dataset(DirectoryDataFiles("tests/data/mini"));
  EXPECT_TRUE(dataset.is_ok()) << dataset.status().to_string();
  return dataset ? std::move(*dataset) : Dataset{};
}

std::unique_ptr<Engine> mini_engine() {
  return Engine::from_dataset(mini_dataset(), std::make_unique<FixedClock>(Date::from_ymd(2024, 6, 1)));
}

// The mini dataset without Sweden's NATO membership.
Dataset without_swedish_membership() {
  Dataset dataset = mini_dataset();
  std::erase_if(dataset.memberships.edit(),
                [](const Membership& m) { return m.organisation == "NATO" && m.nation == "SWE"; });
  return dataset;
}

TEST(SnapshotTest, EveryAnswerCarriesTheSnapshotItCameFrom) {
  const auto engine = mini_engine();
  const std::shared_ptr<const Snapshot> current = engine->snapshot();
  EXPECT_EQ(current->version(), 1U);
  EXPECT_EQ(current->etag(), "\"v1\"");
  const Result<Versioned<MembersAnswer>> members = engine->queries().members("NATO", "");
  ASSERT_TRUE(members.is_ok());
  EXPECT_EQ(members->snapshot, current);
}

// A reader keeps its snapshot, and every pointer into it, while a write publishes another.
TEST(SnapshotTest, AReaderKeepsItsSnapshotWhileAWritePublishesAnother) {
  const auto engine = mini_engine();
  const Result<Versioned<MembersAnswer>> before = engine->queries().members("NATO", "2024-06-01");
  ASSERT_TRUE(before.is_ok());
  ASSERT_EQ(before->members.size(), 6U);

  engine->publish(without_swedish_membership());
  EXPECT_EQ(engine->snapshot()->version(), 2U);
  EXPECT_NE(engine->snapshot(), before->snapshot);

  // The old answer is whole: its pointers still refer into version 1.
  EXPECT_EQ(before->snapshot->version(), 1U);
  ASSERT_EQ(before->members.size(), 6U);
  bool sweden = false;
  for (const Membership* membership : before->members) sweden = sweden || membership->nation == "SWE";
  EXPECT_TRUE(sweden);
  // The next read sees the write.
  const Result<Versioned<MembersAnswer>> after = engine->queries().members("NATO", "2024-06-01");
  ASSERT_TRUE(after.is_ok());
  EXPECT_EQ(after->members.size(), 5U);
  EXPECT_EQ(after->snapshot->etag(), "\"v2\"");
}

// Readers on many threads while snapshots are published: each answer is consistent with
// its own snapshot (6 members in a version with Sweden, 5 without), never a mixture.
TEST(SnapshotTest, ConcurrentReadersSeeWholeSnapshots) {
  const auto engine = mini_engine();
  const Dataset with = mini_dataset();
  const Dataset without = without_swedish_membership();
  std::atomic<bool> stop{false};
  std::atomic<int> inconsistent{0};
  std::atomic<int> reads{0};
  std::vector<std::thread> readers;
  readers.reserve(3);
  for (int i = 0; i < 3; ++i) {
    readers.emplace_back([&] {
      while (!stop.load()) {
        const Result<Versioned<MembersAnswer>> answer = engine->queries().members("NATO", "2024-06-01");
        if (!answer) {
          ++inconsistent;
          continue;
        }
        const bool odd = answer->snapshot->version() % 2 == 1;  // odd versions hold Sweden
        if (answer->members.size() != (odd ? 6U : 5U)) ++inconsistent;
        ++reads;
      }
    });
  }
  // Each publish waits for a few reads of the snapshot before it, so that reads and
  // publishes interleave however the threads are scheduled.
  for (int version = 2; version <= 60; ++version) {
    const int seen = reads.load();
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (reads.load() < seen + 3 && std::chrono::steady_clock::now() < deadline) std::this_thread::yield();
    engine->publish(version % 2 == 1 ? with : without);
  }
  stop = true;
  for (std::thread& reader : readers) reader.join();
  EXPECT_EQ(inconsistent.load(), 0);
  EXPECT_GE(reads.load(), 59 * 3);
  EXPECT_EQ(engine->snapshot()->version(), 60U);
}

// Publishers take turns: concurrent publishes never give two snapshots one version.
TEST(SnapshotTest, ConcurrentPublishesGetDistinctVersions) {
  const auto engine = mini_engine();
  const Dataset dataset = mini_dataset();
  std::vector<std::thread> publishers;
  publishers.reserve(2);
  for (int i = 0; i < 2; ++i) {
    publishers.emplace_back([&] {
      for (int j = 0; j < 20; ++j) engine->publish(dataset);
    });
  }
  for (std::thread& publisher : publishers) publisher.join();
  EXPECT_EQ(engine->snapshot()->version(), 41U);
}

// An answer's pointers stay valid after a publish, since the answer holds its snapshot.
TEST(SnapshotTest, AnAnswerOutlivesThePublishOfANewerSnapshot) {
  const auto engine = mini_engine();
  const Versioned<CatalogueAnswer> catalogue = engine->queries().catalogue();
  ASSERT_NE(catalogue.organisations, nullptr);
  EXPECT_EQ(catalogue.organisations, &catalogue.snapshot->registry().dataset().organisations);
  engine->publish(mini_dataset());
  EXPECT_FALSE(catalogue.organisations->empty());  // still valid after the publish
}

// A copy of a dataset shares every table until one side changes it; the change leaves
// the other side as it was.
TEST(SnapshotTest, ACopiedDatasetSharesItsTablesUntilOneSideChangesThem) {
  const Dataset original = mini_dataset();
  Dataset copy = original;
  EXPECT_TRUE(copy.nations.shares_rows_with(original.nations));
  EXPECT_TRUE(copy.plans.shares_rows_with(original.plans));
  const std::size_t plans = original.plans.size();
  copy.plans.push_back(original.plans.front());
  EXPECT_FALSE(copy.plans.shares_rows_with(original.plans));
  EXPECT_EQ(original.plans.size(), plans);
  EXPECT_EQ(copy.plans.size(), plans + 1);
  EXPECT_TRUE(copy.nations.shares_rows_with(original.nations));
}

// The snapshot after a change of plans shares the registry's timeline and the treaty
// area's geometry with the one before; after a change of memberships it rebuilds the
// relations and the timeline, and answers with the change.
TEST(SnapshotTest, TheNextSnapshotRebuildsOnlyWhatTheChangedTablesFeed) {
  const Snapshot first(1, mini_dataset());
  const TimelineFilter all{std::nullopt, std::nullopt, Date::from_ymd(1900, 1, 1), Date::from_ymd(2100, 1, 1)};
  const std::vector<const TimelineEvent*> events = first.registry().timeline(all);
  ASSERT_FALSE(events.empty());
  const auto geometry = first.geography().geometry();

  Dataset plans_changed = first.registry().dataset();
  ASSERT_FALSE(plans_changed.plans.empty());
  plans_changed.plans.push_back(plans_changed.plans.front());
  const Snapshot second(2, std::move(plans_changed), first);
  EXPECT_EQ(second.registry().timeline(all), events);  // the very same events, not rebuilt
  EXPECT_EQ(second.geography().geometry(), geometry);
  EXPECT_EQ(second.registry().dataset().plans.size(), first.registry().dataset().plans.size() + 1);

  Dataset memberships_changed = second.registry().dataset();
  std::erase_if(memberships_changed.memberships.edit(),
                [](const Membership& m) { return m.organisation == "NATO" && m.nation == "SWE"; });
  const Snapshot third(3, std::move(memberships_changed), second);
  EXPECT_NE(third.registry().timeline(all), events);
  EXPECT_EQ(third.geography().geometry(), geometry);  // no place changed
  const Nation& sweden = *third.registry().find_nation("SWE");
  const Organisation& nato = *third.registry().find_organisation("NATO");
  EXPECT_EQ(second.registry().relation(sweden, nato, Date::from_ymd(2024, 6, 1)).relation, Relation::kMember);
  EXPECT_NE(third.registry().relation(sweden, nato, Date::from_ymd(2024, 6, 1)).relation, Relation::kMember);

  Dataset places_changed = third.registry().dataset();
  ASSERT_FALSE(places_changed.article6_regions.empty());
  places_changed.article6_regions.push_back(places_changed.article6_regions.front());
  const Snapshot fourth(4, std::move(places_changed), third);
  EXPECT_NE(fourth.geography().geometry(), geometry);
}

}  // namespace
}  // namespace entente
