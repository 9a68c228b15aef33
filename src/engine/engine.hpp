#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/date.hpp"
#include "core/status.hpp"
#include "engine/accounts.hpp"
#include "engine/analytics_service.hpp"
#include "engine/registry_edits.hpp"
#include "engine/registry_queries.hpp"
#include "engine/rules_service.hpp"
#include "engine/snapshot.hpp"
#include "manage/manage_service.hpp"
#include "registry/registry.hpp"
#include "rules/article6.hpp"
#include "rules/decision.hpp"
#include "rules/eligibility.hpp"
#include "rules/operations.hpp"
#include "sim/model.hpp"
#include "store/data_files.hpp"

namespace entente {

// Counts of what a dataset holds, reported by init and check-data.
struct DatasetSummary {
  std::size_t nations = 0;
  std::size_t organisations = 0;
  std::size_t memberships = 0;
  std::size_t frameworks = 0;
  std::size_t partnerships = 0;
  std::size_t plans = 0;
  std::size_t territory_changes = 0;
  std::size_t rule_rows = 0;  // rows of the rules' tables (populations, operations, ...)
  std::size_t country_shapes = 0;
};

// How an engine treats accounts and access.
struct EngineOptions {
  AccessPolicy access;
  AccountSettings accounts;
  ManageSettings manage;
};

// The one facade the server and the CLI call. It owns the store and the current snapshot
// and hands out the services, one per capability: queries() of the registry, rules(),
// accounts() and edits(); the data's lifecycle (init, check, export, refresh) is its own.
class Engine {
 public:
  // Opens an existing database (it must have been created by init_database).
  static Result<std::unique_ptr<Engine>> open(const std::string& database_path, std::unique_ptr<Clock> clock,
                                              EngineOptions options = {});
  // An engine over an open store (tests use an in-memory one); it keeps the store open
  // for the writes of its services.
  static Result<std::unique_ptr<Engine>> open_store(std::unique_ptr<Store> store, std::unique_ptr<Clock> clock,
                                                    EngineOptions options = {});
  // An engine over a dataset held in memory; no database.
  static std::unique_ptr<Engine> from_dataset(Dataset dataset, std::unique_ptr<Clock> clock);

  // Reads and validates the reference data, then replaces the database contents with it
  // in one transaction, creating the database if needed. On any error nothing changes.
  // A database where users have edited the registry or hold accounts is refused
  // (kConflict) unless `force`; then the reference data is replaced and the accounts
  // and the audit log are kept. An older schema migrates forward in place.
  // `atlas_path` is a TopoJSON file of country land (see kAtlasFile); empty: none,
  // and Article 6 questions by coordinates are then refused.
  static Result<DatasetSummary> init_database(const std::string& database_path, const DataFiles& files,
                                              const std::string& atlas_path = "", bool force = false);
  // Reads and validates the reference data without writing anything.
  static Result<DatasetSummary> check_data(const DataFiles& files);

  // The current snapshot; hold it for as long as its answers are used.
  std::shared_ptr<const Snapshot> snapshot() const;
  // Makes `dataset` the current snapshot, with the next version. Readers holding the
  // previous one keep it until they let it go. The last step of every write.
  void publish(Dataset dataset);
  // The same with the store's revision as its version (the write path's last step):
  // returns the snapshot published.
  std::shared_ptr<const Snapshot> publish(Dataset dataset, std::uint64_t version);

  // Writes the current registry to `directory` as data/-format CSV files (see
  // write_dataset): an edited database goes back to reviewable files. Existing files are
  // replaced only with `replace`.
  Status export_data(const std::string& directory, bool replace) const;

  // Catches up with writes committed by others (another server instance, the command
  // line) on the same database: when the store's revision is newer than the current
  // snapshot, reloads the data and publishes it. Returns whether it did. Cheap when
  // nothing changed (one read of the revision). Skipped (false) while an edit of this
  // engine is under way: the edit publishes what it commits, and catches up first itself.
  Result<bool> refresh();

  // The registry's questions: members, partners, relations, profiles, the timeline.
  const RegistryQueries& queries() const { return queries_; }
  // The treaty's rules: Articles 4, 5 and 6, decisions, operations, eligibility, crisis models.
  const RulesService& rules() const { return rules_; }

  // The analyses: the network, the panel, burden sharing, cohesion, alliances compared.
  const AnalyticsService& analytics() const { return analytics_; }

  // Accounts, sign-in, sessions and API tokens.
  AccountService& accounts() const { return *accounts_; }
  // The registry's write path and the audit log.
  RegistryEdits& edits() const { return *edits_; }
  // Partnership management: programmes, council rounds, PARP, evaluations, events, the inbox.
  ManageService& manage() const { return *manage_; }
  const AccessPolicy& access() const { return options_.access; }

  Date today() const { return clock_->today(); }
  DatasetSummary summary() const;

 private:
  Engine(Dataset dataset, std::unique_ptr<Clock> clock, std::uint64_t version = 1, EngineOptions options = {},
         std::unique_ptr<Store> store = nullptr);
  // refresh's work, in the edits' turn.
  Result<bool> catch_up();
  std::unique_ptr<Clock> clock_;
  EngineOptions options_;
  std::unique_ptr<Store> store_;  // null for an engine over a dataset in memory
  RegistryQueries queries_;
  RulesService rules_;
  AnalyticsService analytics_;
  std::unique_ptr<AccountService> accounts_;
  std::unique_ptr<RegistryEdits> edits_;
  std::unique_ptr<ManageService> manage_;
  std::mutex publish_mutex_;  // one publish at a time, so versions are never repeated
  mutable std::mutex snapshot_mutex_;
  std::shared_ptr<const Snapshot> current_;  // guarded by snapshot_mutex_
};

DatasetSummary summarise(const Dataset& dataset);

}  // namespace entente
