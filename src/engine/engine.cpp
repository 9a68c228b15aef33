#include "engine/engine.hpp"

#include <utility>

#include "core/text.hpp"

#include "store/atlas_reader.hpp"
#include "store/dataset_reader.hpp"
#include "store/dataset_writer.hpp"
#include "store/store.hpp"

namespace entente {

DatasetSummary summarise(const Dataset& dataset) {
  DatasetSummary summary;
  summary.nations = dataset.nations.size();
  summary.organisations = dataset.organisations.size();
  summary.memberships = dataset.memberships.size();
  summary.frameworks = dataset.frameworks.size();
  summary.partnerships = dataset.partnerships.size();
  summary.plans = dataset.plans.size();
  summary.territory_changes = dataset.territory_changes.size();
  summary.rule_rows = dataset.populations.size() + dataset.military_personnel.size() + dataset.council_seats.size() +
                      dataset.eligibility.size() + dataset.consultations.size() + dataset.operations.size() +
                      dataset.participants.size() + dataset.territorial_units.size() + dataset.sea_areas.size() +
                      dataset.decision_procedures.size();
  summary.country_shapes = dataset.country_shapes.size();
  return summary;
}

Engine::Engine(Dataset dataset, std::unique_ptr<Clock> clock, std::uint64_t version, EngineOptions options,
               std::unique_ptr<Store> store)
    : clock_(std::move(clock)),
      options_(std::move(options)),
      store_(std::move(store)),
      queries_([this] { return snapshot(); }, *clock_),
      rules_([this] { return snapshot(); }, *clock_),
      analytics_([this] { return snapshot(); }, *clock_, [this]() -> const ManageService* { return manage_.get(); },
                 store_.get(), options_.access),
      current_(std::make_shared<const Snapshot>(version, std::move(dataset))) {
  accounts_ = std::make_unique<AccountService>(store_.get(), *clock_, options_.accounts, options_.access);
  edits_ = std::make_unique<RegistryEdits>(
      store_.get(), *clock_, options_.access, [this] { return snapshot(); },
      [this](Dataset next, std::uint64_t next_version) { return publish(std::move(next), next_version); },
      [this] { return catch_up(); });
  manage_ = std::make_unique<ManageService>(
      store_.get(), *clock_, options_.access, [this] { return snapshot(); }, options_.manage);
}

std::shared_ptr<const Snapshot> Engine::snapshot() const {
  const std::lock_guard lock(snapshot_mutex_);
  return current_;
}

std::shared_ptr<const Snapshot> Engine::publish(Dataset dataset, std::uint64_t version) {
  const std::lock_guard publishing(publish_mutex_);
  // Built beside the current snapshot, sharing what the change leaves alone.
  auto published = std::make_shared<const Snapshot>(version, std::move(dataset), *snapshot());
  std::shared_ptr<const Snapshot> replaced;  // freed after the lock, not while readers wait
  {
    const std::lock_guard lock(snapshot_mutex_);
    // A version never goes back: a publisher that lost a race leaves the newer one.
    if (current_->version() < version) replaced = std::exchange(current_, published);
  }
  return published;
}

Result<bool> Engine::refresh() {
  if (!store_) return false;
  const std::unique_lock turn = edits_->try_take_turn();
  if (!turn.owns_lock()) return false;
  return catch_up();
}

Result<bool> Engine::catch_up() {
  if (!store_) return false;
  std::uint64_t revision = 0;
  {
    Result<std::unique_ptr<Transaction>> tx = store_->begin(Store::Access::kRead);
    if (!tx) return tx.status();
    Result<std::uint64_t> stored = (*tx)->revision();
    if (!stored) return stored.status();
    revision = *stored;
  }
  if (revision <= snapshot()->version()) return false;
  Result<Dataset> dataset = store_->load();
  if (!dataset) return dataset.status();
  // The load may have seen writes newer than `revision`; those come with the next refresh
  // (a version only names a state at least as new as itself).
  publish(std::move(*dataset), revision);
  return true;
}

void Engine::publish(Dataset dataset) {
  // Publishers take turns; readers go on with the current snapshot while the next is built.
  const std::lock_guard publishing(publish_mutex_);
  const std::uint64_t next = snapshot()->version() + 1;
  auto published = std::make_shared<const Snapshot>(next, std::move(dataset), *snapshot());
  std::shared_ptr<const Snapshot> replaced;  // freed after the lock, not while readers wait
  const std::lock_guard lock(snapshot_mutex_);
  replaced = std::exchange(current_, std::move(published));
}

std::unique_ptr<Engine> Engine::from_dataset(Dataset dataset, std::unique_ptr<Clock> clock) {
  return std::unique_ptr<Engine>(new Engine(std::move(dataset), std::move(clock)));
}

Result<std::unique_ptr<Engine>> Engine::open(const std::string& database_path, std::unique_ptr<Clock> clock,
                                             EngineOptions options) {
  Result<std::unique_ptr<Store>> store = Store::open_sqlite(database_path, Store::OpenMode::kExisting);
  if (!store) return store.status();
  Result<std::unique_ptr<Engine>> engine = open_store(std::move(*store), std::move(clock), std::move(options));
  if (engine && (*engine)->summary().nations == 0) {
    return Status(ErrorCode::kStorage, "database " + database_path +
                                           " holds no data; load it with 'entente init --db " + database_path + "'");
  }
  return engine;
}

Result<std::unique_ptr<Engine>> Engine::open_store(std::unique_ptr<Store> store, std::unique_ptr<Clock> clock,
                                                   EngineOptions options) {
  Result<Dataset> dataset = store->load();
  if (!dataset) return dataset.status();
  std::uint64_t revision = 1;
  {
    Result<std::unique_ptr<Transaction>> tx = store->begin(Store::Access::kRead);
    if (!tx) return tx.status();
    Result<std::uint64_t> stored = (*tx)->revision();
    if (!stored) return stored.status();
    revision = *stored;
  }
  return std::unique_ptr<Engine>(
      new Engine(std::move(*dataset), std::move(clock), revision, std::move(options), std::move(store)));
}

Result<DatasetSummary> Engine::check_data(const DataFiles& files) {
  Result<Dataset> dataset = read_dataset(files);
  if (!dataset) return dataset.status();
  return summarise(*dataset);
}

Result<DatasetSummary> Engine::init_database(const std::string& database_path, const DataFiles& files,
                                             const std::string& atlas_path, bool force) {
  Result<Dataset> dataset = read_dataset(files);
  if (!dataset) return dataset.status();
  if (!atlas_path.empty()) {
    Result<std::vector<CountryShape>> shapes = read_atlas_file(atlas_path);
    if (!shapes) return shapes.status();
    dataset->country_shapes = std::move(*shapes);
  }
  Result<std::unique_ptr<Store>> store = Store::open_sqlite(database_path, Store::OpenMode::kCreate);
  if (!store) return store.status();
  if (!force) {
    Result<std::unique_ptr<Transaction>> tx = (*store)->begin(Store::Access::kRead);
    if (!tx) return tx.status();
    Result<std::size_t> changes = (*tx)->audit().count();
    if (!changes) return changes.status();
    Result<std::vector<AccountRecord>> accounts = (*tx)->accounts().list();
    if (!accounts) return accounts.status();
    if (*changes > 0 || !accounts->empty()) {
      return Status(ErrorCode::kConflict,
                    database_path + " holds " + std::to_string(*changes) + " recorded changes and " +
                        std::to_string(accounts->size()) +
                        " accounts; init would replace edits of the registry with the files. Save them first with "
                        "'entente export-data --db " +
                        database_path + " --out DIR', or pass --force (accounts and the audit log are kept)");
    }
  }
  if (Status status = (*store)->replace(*dataset); !status) return status;
  return summarise(*dataset);
}

Status Engine::export_data(const std::string& directory, bool replace) const {
  return write_dataset(snapshot()->registry().dataset(), directory, replace);
}

DatasetSummary Engine::summary() const { return summarise(snapshot()->registry().dataset()); }

}  // namespace entente
