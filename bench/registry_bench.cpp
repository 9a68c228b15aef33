// In-process as-of queries on the real reference data, side by side with the same
// questions asked of SQLite in SQL over the same rows (the peer).
//
//   build/release/bench/registry_bench [--benchmark_filter=...]
// Run from the repository root (reads data/).

#include <benchmark/benchmark.h>
#include <sqlite3.h>

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <tuple>

#include "engine/engine.hpp"
#include "engine/render_json.hpp"
#include "server/router.hpp"
#include "store/dataset_reader.hpp"
#include "store/store.hpp"

namespace entente {
namespace {

Dataset load_reference_data() {
  Result<Dataset> dataset = read_dataset(DirectoryDataFiles("data"));
  if (!dataset) {
    std::fprintf(stderr, "registry_bench: %s\n(run it from the repository root)\n", dataset.status().message().c_str());
    std::exit(1);
  }
  return std::move(*dataset);
}

const Registry& registry() {
  static const Registry instance(load_reference_data());
  return instance;
}

const Engine& engine() {
  static const std::unique_ptr<Engine> instance =
      Engine::from_dataset(load_reference_data(), std::make_unique<FixedClock>(Date::from_ymd(2026, 1, 1)));
  return *instance;
}

// Days cycled through by every benchmark: one per year from 1949 to 2025.
std::vector<Date> query_days() {
  std::vector<Date> days;
  for (int year = 1949; year <= 2025; ++year) days.push_back(Date::from_ymd(year, 6, 1));
  return days;
}

void BM_MembersAsOf(benchmark::State& state) {
  const Organisation& nato = *registry().find_organisation("NATO");
  const std::vector<Date> days = query_days();
  std::size_t i = 0;
  for (auto _ : state) {
    auto members = registry().members(nato, days[i++ % days.size()]);
    benchmark::DoNotOptimize(members.data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_MembersAsOf);

void BM_RelationsAsOf(benchmark::State& state) {
  const Organisation& nato = *registry().find_organisation("NATO");
  const std::vector<Date> days = query_days();
  std::size_t i = 0;
  for (auto _ : state) {
    auto relations = registry().relations(nato, days[i++ % days.size()]);
    benchmark::DoNotOptimize(relations.data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RelationsAsOf);

// Building the registry of a dataset from nothing, as the engine does at start-up and when
// it catches up with another process's writes (the copy of the dataset is not timed; the
// timeline is built on first use, not here).
void BM_RegistryBuild(benchmark::State& state) {
  const Dataset dataset = load_reference_data();
  std::optional<Registry> built;
  for (auto _ : state) {
    state.PauseTiming();
    built.reset();
    Dataset copy = dataset;
    state.ResumeTiming();
    built.emplace(std::move(copy));
    benchmark::DoNotOptimize(&*built);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RegistryBuild)->Unit(benchmark::kMicrosecond);

// The registry after one edit, as RegistryEdits publishes it: the dataset copied (a pointer
// per table), one record placed in its table (one chunk copied) and the registry built
// beside the previous one, reusing what the unchanged tables feed. Argument 0: a plan
// (nothing to rebuild); 1: a membership (the relation spans and the timeline rebuilt).
void BM_RegistryAfterEdit(benchmark::State& state) {
  const Registry previous(load_reference_data());
  const bool membership = state.range(0) == 1;
  PartnershipPlan plan = previous.dataset().plans.front();
  plan.period = Interval{Date::from_ymd(2030, 1, 1), Date::from_ymd(2030, 1, 2)};
  Membership joined = previous.dataset().memberships.front();
  joined.nation = "AUT";
  joined.period = Interval{Date::from_ymd(2030, 1, 1), std::nullopt};
  std::optional<Registry> next;
  for (auto _ : state) {
    next.reset();
    Dataset dataset = previous.dataset();
    if (membership) {
      dataset.memberships.insert_ordered(joined, [](const Membership& a, const Membership& b) {
        return std::tie(a.organisation, a.period.from, a.nation) < std::tie(b.organisation, b.period.from, b.nation);
      });
    } else {
      dataset.plans.insert_ordered(plan, [](const PartnershipPlan& a, const PartnershipPlan& b) {
        return std::tie(a.nation, a.period.from, a.plan) < std::tie(b.nation, b.period.from, b.plan);
      });
    }
    next.emplace(std::move(dataset), previous);
    benchmark::DoNotOptimize(&*next);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RegistryAfterEdit)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

// The relations of every nation to NATO on each query day, computed once.
std::vector<RelationsAnswer> relations_answers() {
  const Organisation& nato = *registry().find_organisation("NATO");
  std::vector<RelationsAnswer> answers;
  for (Date day : query_days()) answers.push_back(RelationsAnswer{&nato, day, registry().relations(nato, day)});
  return answers;
}

// Rendering alone, the document of the relations route: a Boost.JSON tree serialised.
void BM_RelationsRenderTree(benchmark::State& state) {
  const std::vector<RelationsAnswer> answers = relations_answers();
  std::size_t i = 0;
  for (auto _ : state) {
    std::string text = boost::json::serialize(to_json(answers[i++ % answers.size()]));
    benchmark::DoNotOptimize(text.data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RelationsRenderTree);

// Rendering alone, the same document written directly into one string (what the route
// serves).
void BM_RelationsRenderText(benchmark::State& state) {
  const std::vector<RelationsAnswer> answers = relations_answers();
  std::size_t i = 0;
  for (auto _ : state) {
    std::string text = to_json_text(answers[i++ % answers.size()]);
    benchmark::DoNotOptimize(text.data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RelationsRenderText);

// The relations route's work short of HTTP and the router: the engine's answer (snapshot,
// organisation, date, query) and its document written directly.
void BM_RelationsAnswerText(benchmark::State& state) {
  std::vector<std::string> days;
  for (Date day : query_days()) days.push_back(day.to_string());
  std::size_t i = 0;
  for (auto _ : state) {
    const Result<Versioned<RelationsAnswer>> answer = engine().queries().relations("NATO", days[i++ % days.size()]);
    std::string text = to_json_text(*answer);
    benchmark::DoNotOptimize(text.data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RelationsAnswerText);

// The whole API path in-process: parse the target, query, render JSON. Argument 0:
// every request rendered anew; argument 1: with the router's reply cache.
void BM_RelationsRouteJson(benchmark::State& state) {
  const ApiRouter router(engine(), state.range(0) == 0 ? 0 : std::size_t{64} << 20);
  const std::vector<Date> days = query_days();
  std::vector<std::string> targets;
  for (Date day : days) targets.push_back("/api/v1/organisations/NATO/relations?as_of=" + day.to_string());
  std::size_t i = 0;
  for (auto _ : state) {
    HttpReply reply = router.route("GET", targets[i++ % targets.size()]);
    benchmark::DoNotOptimize(reply.text().data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RelationsRouteJson)->ArgName("cached")->Arg(0)->Arg(1);

// The peer: the same as-of questions in SQL against SQLite holding the same rows, with
// prepared statements and the table's primary-key index.
class SqlitePeer {
 public:
  SqlitePeer() {
    Result<std::unique_ptr<Store>> store = Store::open_sqlite(path_, Store::OpenMode::kCreate);
    if (!store || !(*store)->replace(load_reference_data())) std::exit(1);
    store->reset();
    sqlite3_open_v2(path_.c_str(), &db_, SQLITE_OPEN_READONLY, nullptr);
  }
  ~SqlitePeer() {
    sqlite3_close(db_);
    std::remove(path_.c_str());
    std::remove((path_ + "-wal").c_str());
    std::remove((path_ + "-shm").c_str());
  }
  SqlitePeer(const SqlitePeer&) = delete;
  SqlitePeer& operator=(const SqlitePeer&) = delete;
  sqlite3* db() const { return db_; }

 private:
  std::string path_ = "/tmp/entente_registry_bench.db";
  sqlite3* db_ = nullptr;
};

// Members of NATO as of a day: the membership rows holding on it, with nation names.
void BM_MembersAsOfSqlite(benchmark::State& state) {
  static const SqlitePeer peer;
  sqlite3_stmt* statement = nullptr;
  sqlite3_prepare_v2(peer.db(),
                     "SELECT m.nation, n.name, m.valid_from, m.valid_to, m.status FROM memberships m "
                     "JOIN nations n ON n.iso3 = m.nation WHERE m.organisation = 'NATO' AND m.valid_from <= ?1 "
                     "AND (m.valid_to IS NULL OR m.valid_to > ?1) ORDER BY n.name",
                     -1, &statement, nullptr);
  std::vector<std::string> days;
  for (Date day : query_days()) days.push_back(day.to_string());
  std::size_t i = 0;
  for (auto _ : state) {
    const std::string& day = days[i++ % days.size()];
    sqlite3_bind_text(statement, 1, day.c_str(), static_cast<int>(day.size()), SQLITE_STATIC);
    int rows = 0;
    while (sqlite3_step(statement) == SQLITE_ROW) ++rows;
    sqlite3_reset(statement);
    benchmark::DoNotOptimize(rows);
  }
  sqlite3_finalize(statement);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_MembersAsOfSqlite);

// Relations of every nation existing on a day to NATO: member, partner (with its
// frameworks), suspended partner, former member or partner, or none.
void BM_RelationsAsOfSqlite(benchmark::State& state) {
  static const SqlitePeer peer;
  sqlite3_stmt* statement = nullptr;
  const char* sql = R"sql(
    SELECT n.iso3, n.name,
      CASE
        WHEN m.status = 'member' THEN 'member'
        WHEN m.status = 'suspended' THEN 'suspended-member'
        WHEN m.status IS NOT NULL THEN m.status
        WHEN EXISTS (SELECT 1 FROM partnerships p JOIN frameworks f ON f.id = p.framework
                     WHERE p.nation = n.iso3 AND f.organisation = 'NATO' AND p.status = 'active'
                       AND p.valid_from <= ?1 AND (p.valid_to IS NULL OR p.valid_to > ?1)) THEN 'partner'
        WHEN EXISTS (SELECT 1 FROM partnerships p JOIN frameworks f ON f.id = p.framework
                     WHERE p.nation = n.iso3 AND f.organisation = 'NATO'
                       AND p.valid_from <= ?1 AND (p.valid_to IS NULL OR p.valid_to > ?1)) THEN 'suspended-partner'
        WHEN EXISTS (SELECT 1 FROM memberships x WHERE x.nation = n.iso3 AND x.organisation = 'NATO'
                       AND x.valid_to <= ?1 AND x.status IN ('member', 'suspended')) THEN 'former-member'
        WHEN EXISTS (SELECT 1 FROM partnerships p JOIN frameworks f ON f.id = p.framework
                     WHERE p.nation = n.iso3 AND f.organisation = 'NATO' AND p.valid_to <= ?1)
          OR EXISTS (SELECT 1 FROM memberships x WHERE x.nation = n.iso3 AND x.organisation = 'NATO'
                       AND x.valid_to <= ?1) THEN 'former-partner'
        ELSE 'none'
      END AS relation,
      (SELECT group_concat(framework, ',') FROM (
         SELECT p.framework FROM partnerships p JOIN frameworks f ON f.id = p.framework
          WHERE p.nation = n.iso3 AND f.organisation = 'NATO'
            AND p.valid_from <= ?1 AND (p.valid_to IS NULL OR p.valid_to > ?1) ORDER BY p.framework)) AS frameworks
    FROM nations n
    LEFT JOIN memberships m ON m.nation = n.iso3 AND m.organisation = 'NATO'
      AND m.valid_from <= ?1 AND (m.valid_to IS NULL OR m.valid_to > ?1)
    WHERE (n.valid_from IS NULL OR n.valid_from <= ?1) AND (n.valid_to IS NULL OR n.valid_to > ?1)
    ORDER BY n.name)sql";
  if (sqlite3_prepare_v2(peer.db(), sql, -1, &statement, nullptr) != SQLITE_OK) {
    state.SkipWithError(sqlite3_errmsg(peer.db()));
    return;
  }
  std::vector<std::string> days;
  for (Date day : query_days()) days.push_back(day.to_string());
  // The comparison is fair only if both give the same answers: check every day first.
  const Organisation& nato = *registry().find_organisation("NATO");
  for (Date day : query_days()) {
    const std::string text = day.to_string();
    sqlite3_bind_text(statement, 1, text.c_str(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    std::vector<std::string> from_sql;
    while (sqlite3_step(statement) == SQLITE_ROW) {
      const auto* frameworks = reinterpret_cast<const char*>(sqlite3_column_text(statement, 3));
      from_sql.push_back(reinterpret_cast<const char*>(sqlite3_column_text(statement, 0)) + std::string(" ") +
                         reinterpret_cast<const char*>(sqlite3_column_text(statement, 2)) +
                         (frameworks ? std::string(" ") + frameworks : std::string()));
    }
    sqlite3_reset(statement);
    std::vector<std::string> from_registry;
    for (const RelationEntry& entry : registry().relations(nato, day)) {
      std::string row = entry.nation->iso3 + " " + std::string(to_string(entry.relation));
      std::string frameworks;
      for (const std::string& id : entry.frameworks) frameworks += (frameworks.empty() ? "" : ",") + id;
      if (entry.relation == Relation::kPartner || entry.relation == Relation::kSuspendedPartner) {
        row += frameworks.empty() ? "" : " " + frameworks;
      }
      from_registry.push_back(row);
    }
    std::sort(from_sql.begin(), from_sql.end());
    std::sort(from_registry.begin(), from_registry.end());
    if (from_sql != from_registry) {
      state.SkipWithError(("the SQL peer disagrees with the registry on " + text).c_str());
      sqlite3_finalize(statement);
      return;
    }
  }
  std::size_t i = 0;
  for (auto _ : state) {
    const std::string& day = days[i++ % days.size()];
    sqlite3_bind_text(statement, 1, day.c_str(), static_cast<int>(day.size()), SQLITE_STATIC);
    int rows = 0;
    while (sqlite3_step(statement) == SQLITE_ROW) ++rows;
    sqlite3_reset(statement);
    benchmark::DoNotOptimize(rows);
  }
  sqlite3_finalize(statement);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RelationsAsOfSqlite);

}  // namespace
}  // namespace entente

BENCHMARK_MAIN();
