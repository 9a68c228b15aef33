#include "engine/simulation_sweep.hpp"

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>

#include "store/atlas_reader.hpp"

namespace entente {
namespace {

constexpr const char* kBaltic = "scenarios/baltic-armed-attack.toml";
constexpr const char* kPreAuthorised = "scenarios/baltic-pre-authorised.toml";
constexpr const char* kPiracy = "scenarios/gulf-of-aden-piracy.toml";  // another horizon

// Runs of the shipped scenarios on the shipped data, on this one process.
class SimulationSweepTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    Result<Dataset> dataset = read_reference_dataset();
    ASSERT_TRUE(dataset.is_ok()) << dataset.status().to_string();
    dataset_ = new Dataset(std::move(*dataset));  // NOLINT(cppcoreguidelines-owning-memory): freed below
  }
  static void TearDownTestSuite() {
    delete dataset_;  // NOLINT(cppcoreguidelines-owning-memory)
    dataset_ = nullptr;
  }

  static SweepRequest request(std::vector<std::string> files, std::uint64_t runs = 300) {
    SweepRequest request;
    request.open_engine = []() -> Result<std::unique_ptr<Engine>> {
      return Engine::from_dataset(*dataset_, std::make_unique<FixedClock>(Date::from_ymd(2024, 6, 1)));
    };
    request.scenario_files = std::move(files);
    request.runs = runs;
    request.seed = 7;
    request.threads = 1;
    return request;
  }

  static inline Dataset* dataset_ = nullptr;
};

// A unique file in the temporary folder, removed at the end.
class TempFile {
 public:
  TempFile()
      : path_(std::filesystem::temp_directory_path() /
              ("entente-sweep-" + std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()) +
               ".csv")) {}
  ~TempFile() {
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  std::string path() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

TEST_F(SimulationSweepTest, ASimulationIsTheSameOnAnyNumberOfThreads) {
  const SweepOutcome one = run_sweep(request({kBaltic}));
  ASSERT_TRUE(one.status.is_ok()) << one.status.to_string();
  EXPECT_TRUE(one.lead);
  ASSERT_EQ(one.models.size(), 1U);
  ASSERT_TRUE(one.summary.has_value());
  EXPECT_FALSE(one.comparison.has_value());
  EXPECT_EQ(one.summary->runs, 300U);
  EXPECT_EQ(one.json.at("run").at("runs").to_number<std::uint64_t>(), 300U);
  EXPECT_EQ(one.json.at("run").at("seed").to_number<std::uint64_t>(), 7U);

  SweepRequest two_threads = request({kBaltic});
  two_threads.threads = 2;
  const SweepOutcome two = run_sweep(two_threads);
  ASSERT_TRUE(two.status.is_ok()) << two.status.to_string();
  EXPECT_EQ(boost::json::serialize(one.json), boost::json::serialize(two.json));
}

TEST_F(SimulationSweepTest, AComparisonHoldsBothModelsAndTheDifferences) {
  const SweepOutcome outcome = run_sweep(request({kBaltic, kPreAuthorised}));
  ASSERT_TRUE(outcome.status.is_ok()) << outcome.status.to_string();
  ASSERT_EQ(outcome.models.size(), 2U);
  ASSERT_TRUE(outcome.comparison.has_value());
  EXPECT_FALSE(outcome.summary.has_value());
  EXPECT_EQ(outcome.comparison->a.runs, 300U);
  EXPECT_EQ(outcome.comparison->b.runs, 300U);
  EXPECT_TRUE(outcome.json.as_object().contains("difference"));
}

TEST_F(SimulationSweepTest, ScenariosThatCannotBeComparedDayByDayAreRefused) {
  const SweepOutcome outcome = run_sweep(request({kBaltic, kPiracy}));
  EXPECT_EQ(outcome.status.code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(outcome.status.message().find("same horizon"), std::string::npos) << outcome.status.message();
  EXPECT_TRUE(outcome.models.empty());
}

TEST_F(SimulationSweepTest, AMissingScenarioFileIsNamed) {
  const SweepOutcome outcome = run_sweep(request({"scenarios/no-such-scenario.toml"}));
  EXPECT_FALSE(outcome.status.is_ok());
  EXPECT_TRUE(outcome.lead);
  EXPECT_NE(outcome.status.message().find("no-such-scenario.toml"), std::string::npos) << outcome.status.message();
  EXPECT_FALSE(outcome.summary.has_value());
}

TEST_F(SimulationSweepTest, TheEnginesFailureIsTheRunsFailure) {
  SweepRequest failing = request({kBaltic});
  failing.open_engine = []() -> Result<std::unique_ptr<Engine>> {
    return Status(ErrorCode::kStorage, "cannot open 'missing.db'");
  };
  const SweepOutcome outcome = run_sweep(failing);
  EXPECT_EQ(outcome.status.code(), ErrorCode::kStorage);
  EXPECT_EQ(outcome.status.message(), "cannot open 'missing.db'");
}

TEST_F(SimulationSweepTest, ProgressIsToldOfOneProcessUpToTheWhole) {
  SweepRequest watched = request({kBaltic});
  std::uint64_t last_done = 0;
  std::uint64_t last_total = 0;
  int processes = 0;
  watched.progress = [&](const SweepProgress& progress) {
    last_done = progress.done;
    last_total = progress.total;
    processes = progress.processes;
  };
  const SweepOutcome outcome = run_sweep(watched);
  ASSERT_TRUE(outcome.status.is_ok()) << outcome.status.to_string();
  EXPECT_EQ(processes, 1);
  EXPECT_EQ(last_total, 300U);
  EXPECT_EQ(last_done, 300U);
}

TEST_F(SimulationSweepTest, TheReplicationsCsvHasAHeaderAndOneRowPerReplication) {
  const TempFile csv;
  SweepRequest written = request({kBaltic}, 100);
  written.replications_csv = csv.path();
  const SweepOutcome outcome = run_sweep(written);
  ASSERT_TRUE(outcome.status.is_ok()) << outcome.status.to_string();
  std::ifstream in(csv.path());
  std::string line;
  std::size_t lines = 0;
  while (std::getline(in, line)) ++lines;
  EXPECT_EQ(lines, 101U);
}

TEST_F(SimulationSweepTest, TheReplicationsCsvIsWrittenByOneProcessForOneScenario) {
  SweepRequest shared = request({kBaltic});
  shared.replications_csv = "unused.csv";
  shared.mpi = true;  // refused before MPI starts
  EXPECT_EQ(run_sweep(shared).status.code(), ErrorCode::kInvalidArgument);

  SweepRequest compared = request({kBaltic, kPreAuthorised});
  compared.replications_csv = "unused.csv";
  EXPECT_EQ(run_sweep(compared).status.code(), ErrorCode::kInvalidArgument);
}

TEST_F(SimulationSweepTest, AnUnwritableReplicationsCsvIsAnIoError) {
  SweepRequest written = request({kBaltic});
  written.replications_csv = "/nonexistent-folder/replications.csv";
  const SweepOutcome outcome = run_sweep(written);
  EXPECT_EQ(outcome.status.code(), ErrorCode::kIo);
  EXPECT_EQ(outcome.status.message(), "cannot write '/nonexistent-folder/replications.csv'");
}

}  // namespace
}  // namespace entente
