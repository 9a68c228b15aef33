#include "engine/simulation_jobs.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>

#include "engine/scenario_catalogue.hpp"
#include "store/atlas_reader.hpp"

namespace entente {
namespace {

// The shipped data and one shipped scenario; runs are replaced by injected runners.
class SimulationJobsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    Result<Dataset> dataset = read_reference_dataset();
    ASSERT_TRUE(dataset.is_ok()) << dataset.status().to_string();
    engine_ = Engine::from_dataset(std::move(*dataset), std::make_unique<FixedClock>(Date::from_ymd(2024, 6, 1)))
                  .release();  // NOLINT(cppcoreguidelines-owning-memory): freed in TearDownTestSuite
  }
  static void TearDownTestSuite() {
    delete engine_;  // NOLINT(cppcoreguidelines-owning-memory)
    engine_ = nullptr;
  }

  static std::shared_ptr<const sim::CrisisModel> model() {
    Result<sim::Scenario> scenario = sim::load_scenario_file("scenarios/baltic-armed-attack.toml");
    EXPECT_TRUE(scenario.is_ok()) << scenario.status().to_string();
    Result<std::shared_ptr<const sim::CrisisModel>> bound = engine_->rules().crisis_model(std::move(*scenario));
    EXPECT_TRUE(bound.is_ok()) << bound.status().to_string();
    return std::move(*bound);
  }

  // Polls until the job has left the queue and the worker (a few milliseconds here).
  static SimulationJobs::Snapshot finished(const SimulationJobs& jobs, const std::string& id) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    for (;;) {
      Result<SimulationJobs::Snapshot> job = jobs.get(id);
      EXPECT_TRUE(job.is_ok());
      if (!job) return {};
      if ((job->state != SimulationJobs::State::kQueued && job->state != SimulationJobs::State::kRunning) ||
          std::chrono::steady_clock::now() > deadline) {
        return *job;
      }
      std::this_thread::yield();
    }
  }

  static inline Engine* engine_ = nullptr;
};

// A runner that holds every job until released, so that tests can fill the queue.
class Gate {
 public:
  SimulationJobs::Runner runner() {
    return [this](const sim::CrisisModel&, const sim::CrisisModel*,
                  const sim::RunOptions& options) -> Result<std::string> {
      std::unique_lock lock(mutex_);
      // Polls the cancel flag too: the jobs' destructor cancels without telling the gate.
      while (!open_ && !options.cancel->load()) opened_.wait_for(lock, std::chrono::milliseconds(5));
      if (!open_) return Status(ErrorCode::kCancelled, "cancelled");
      return std::string("{}");
    };
  }
  void open() {
    {
      const std::lock_guard lock(mutex_);
      open_ = true;
    }
    opened_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable opened_;
  bool open_ = false;
};

// Regression: an exception in a run escaped the worker thread and ended the process.
TEST_F(SimulationJobsTest, AThrowingRunFailsWithAnIncidentAndTheNextJobRuns) {
  std::mutex mutex;
  std::vector<std::string> incidents;
  int calls = 0;
  SimulationJobs::Options options;
  options.runner = [&](const sim::CrisisModel&, const sim::CrisisModel*,
                       const sim::RunOptions&) -> Result<std::string> {
    if (calls++ == 0) throw std::runtime_error("injected failure");
    return std::string("{\"ok\":true}");
  };
  options.incidents = [&](const std::string& incident, const std::string& what) {
    const std::lock_guard lock(mutex);
    incidents.push_back(incident + " " + what);
  };
  SimulationJobs jobs(*engine_, options);
  Result<SimulationJobs::Snapshot> first = jobs.submit(model(), nullptr, 10, 1, "client");
  ASSERT_TRUE(first.is_ok());
  const SimulationJobs::Snapshot failed = finished(jobs, first->id);
  EXPECT_EQ(failed.state, SimulationJobs::State::kFailed);
  EXPECT_NE(failed.error.find("incident "), std::string::npos) << failed.error;
  EXPECT_EQ(failed.error.find("injected failure"), std::string::npos) << "the job must not leak internals";

  Result<SimulationJobs::Snapshot> second = jobs.submit(model(), nullptr, 10, 1, "client");
  ASSERT_TRUE(second.is_ok());
  const SimulationJobs::Snapshot done = finished(jobs, second->id);
  EXPECT_EQ(done.state, SimulationJobs::State::kDone);
  ASSERT_TRUE(done.result);
  EXPECT_EQ(*done.result, "{\"ok\":true}");

  const std::lock_guard lock(mutex);
  ASSERT_EQ(incidents.size(), 1U);
  const std::string incident = failed.error.substr(failed.error.find("incident ") + 9);
  EXPECT_EQ(incidents.front(), incident + " injected failure");
}

// Regression: job ids were "1", "2", ... and anyone could read or cancel anyone's job.
TEST_F(SimulationJobsTest, IdsAreUnguessableAndListsShowOnlyTheCallersJobs) {
  Gate gate;
  SimulationJobs::Options options;
  options.runner = gate.runner();
  SimulationJobs jobs(*engine_, options);
  std::set<std::string> ids;
  for (const char* client : {"alice", "alice", "bob"}) {
    Result<SimulationJobs::Snapshot> job = jobs.submit(model(), nullptr, 10, 1, client);
    ASSERT_TRUE(job.is_ok());
    EXPECT_EQ(job->id.size(), 32U);
    EXPECT_EQ(job->id.find_first_not_of("0123456789abcdef"), std::string::npos);
    ids.insert(job->id);
  }
  EXPECT_EQ(ids.size(), 3U);
  EXPECT_EQ(jobs.list("alice").size(), 2U);
  EXPECT_EQ(jobs.list("bob").size(), 1U);
  EXPECT_TRUE(jobs.list("carol").empty());
  EXPECT_EQ(jobs.get("1").status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(jobs.cancel("1").status().code(), ErrorCode::kNotFound);
  gate.open();
}

// Regression: one client could fill the whole queue, and refusals carried no retry hint.
TEST_F(SimulationJobsTest, EachClientHasAShareAndTheQueueABound) {
  Gate gate;
  SimulationJobs::Options options;
  options.runner = gate.runner();
  options.max_jobs = 3;
  options.per_client = 2;
  SimulationJobs jobs(*engine_, options);
  ASSERT_TRUE(jobs.submit(model(), nullptr, 10, 1, "alice").is_ok());
  ASSERT_TRUE(jobs.submit(model(), nullptr, 10, 1, "alice").is_ok());
  Result<SimulationJobs::Snapshot> third = jobs.submit(model(), nullptr, 10, 1, "alice");
  ASSERT_FALSE(third.is_ok());
  EXPECT_EQ(third.status().code(), ErrorCode::kTooManyRequests);
  ASSERT_TRUE(jobs.submit(model(), nullptr, 10, 1, "bob").is_ok());
  Result<SimulationJobs::Snapshot> full = jobs.submit(model(), nullptr, 10, 1, "carol");
  ASSERT_FALSE(full.is_ok());
  EXPECT_EQ(full.status().code(), ErrorCode::kUnavailable);
  const unsigned retry = jobs.retry_after_seconds();
  EXPECT_GE(retry, 1U);
  EXPECT_LE(retry, 3600U);

  // Cancelling one of alice's frees her share.
  const std::vector<SimulationJobs::Snapshot> mine = jobs.list("alice");
  ASSERT_EQ(mine.size(), 2U);
  ASSERT_TRUE(jobs.cancel(mine.back().id).is_ok());
  EXPECT_TRUE(jobs.submit(model(), nullptr, 10, 1, "alice").is_ok());
  gate.open();
}

// The service, not the transport, bounds a job's work: runs x days of horizon.
TEST_F(SimulationJobsTest, ASubmissionBeyondTheWorkBoundIsRefusedNamingRuns) {
  SimulationJobs jobs(*engine_, SimulationJobs::Options{});
  const std::shared_ptr<const sim::CrisisModel> bound = model();
  const auto days = static_cast<std::uint64_t>(bound->days()) + 1;
  for (const std::uint64_t runs : {std::uint64_t{0}, SimulationJobs::kMaxRunDays / days + 1}) {
    const Result<SimulationJobs::Snapshot> refused = jobs.submit(bound, nullptr, runs, 1, "client");
    ASSERT_FALSE(refused.is_ok()) << runs;
    EXPECT_EQ(refused.status().code(), ErrorCode::kInvalidArgument);
    EXPECT_EQ(refused.status().field(), "/runs");
  }
  EXPECT_TRUE(jobs.list("client").empty());
}

// Regression: jobs ran first come, first served, so one client's queue held the others back.
TEST_F(SimulationJobsTest, ClientsTakeTurns) {
  Gate gate;
  std::mutex mutex;
  std::vector<std::uint64_t> started;  // seeds, in the order their runs started
  SimulationJobs::Runner held = gate.runner();
  SimulationJobs::Options options;
  options.runner = [&](const sim::CrisisModel& model, const sim::CrisisModel* alternative,
                       const sim::RunOptions& run) -> Result<std::string> {
    {
      const std::lock_guard lock(mutex);
      started.push_back(run.seed);
    }
    return held(model, alternative, run);
  };
  SimulationJobs jobs(*engine_, options);
  Result<SimulationJobs::Snapshot> first = jobs.submit(model(), nullptr, 10, 1, "alice");
  ASSERT_TRUE(first.is_ok());
  // Wait for alice's first job to be running before the others queue up behind it.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (jobs.get(first->id)->state != SimulationJobs::State::kRunning && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::yield();
  }
  ASSERT_EQ(jobs.get(first->id)->state, SimulationJobs::State::kRunning);
  ASSERT_TRUE(jobs.submit(model(), nullptr, 10, 2, "alice").is_ok());
  ASSERT_TRUE(jobs.submit(model(), nullptr, 10, 3, "alice").is_ok());
  Result<SimulationJobs::Snapshot> bobs = jobs.submit(model(), nullptr, 10, 4, "bob");
  ASSERT_TRUE(bobs.is_ok());
  gate.open();
  Result<SimulationJobs::Snapshot> last = jobs.list("alice").back();
  finished(jobs, last->id);
  finished(jobs, bobs->id);
  const std::lock_guard lock(mutex);
  EXPECT_EQ(started, (std::vector<std::uint64_t>{1, 4, 2, 3}));
}

// Regression: a scenario id was turned into a path, and a 251+ character id ended the
// process when the file system call threw.
TEST(ScenarioCatalogueTest, IdsAreLookedUpNeverTurnedIntoPaths) {
  const ScenarioCatalogue catalogue = ScenarioCatalogue::open("scenarios");
  EXPECT_TRUE(catalogue.warning().empty()) << catalogue.warning();
  ASSERT_FALSE(catalogue.entries().empty());
  EXPECT_TRUE(catalogue.find("baltic-armed-attack").is_ok());
  for (const std::string& id :
       {std::string(300, 'a'), std::string("../scenarios/baltic-armed-attack"), std::string("baltic-armed-attack.toml"),
        std::string("baltic-armed-attack\0x", 21), std::string("/etc/passwd"), std::string()}) {
    const Result<sim::Scenario> found = catalogue.find(id);
    ASSERT_FALSE(found.is_ok()) << id;
    EXPECT_EQ(found.status().code(), ErrorCode::kNotFound) << id;
  }
  EXPECT_EQ(catalogue.find(std::string(300, 'a')).status().message().find("aaaa"), std::string::npos)
      << "a long id is not echoed";
}

// Regression: a missing --scenarios folder answered 500 at the first request.
TEST(ScenarioCatalogueTest, AMissingFolderIsAnEmptyCatalogueWithAWarning) {
  const ScenarioCatalogue catalogue = ScenarioCatalogue::open("tests/data/no-such-folder");
  EXPECT_TRUE(catalogue.entries().empty());
  EXPECT_NE(catalogue.warning().find("tests/data/no-such-folder"), std::string::npos) << catalogue.warning();
  EXPECT_EQ(catalogue.find("baltic-armed-attack").status().code(), ErrorCode::kNotFound);
}

}  // namespace
}  // namespace entente
