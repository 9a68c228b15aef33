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
#include "engine/registry_edits.hpp"
#include "engine/snapshot.hpp"
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

// Answers of the registry queries. Pointers refer into the snapshot an answer was
// computed from; the engine returns each answer as a Versioned<...> that keeps it alive.
struct MembersAnswer {
  const Organisation* organisation = nullptr;
  Date as_of;
  std::vector<const Membership*> members;
};

struct PartnersAnswer {
  const Framework* framework = nullptr;
  Date as_of;
  std::vector<const Partnership*> partners;
};

struct RelationsAnswer {
  const Organisation* organisation = nullptr;
  Date as_of;
  std::vector<RelationEntry> relations;
};

struct ProfileAnswer {
  Date as_of;
  NationProfile profile;
};

struct TimelineAnswer {
  TimelineFilter filter;
  std::vector<const TimelineEvent*> events;
};

struct SearchAnswer {
  std::string query;
  std::vector<const Nation*> nations;
};

// Parameters of a timeline query as the user gave them; empty means "not given".
struct TimelineRequest {
  // An organisation id or a nation code, whichever it names (the CLI's positional
  // argument); it fills organisation, or else nation, when that is not given.
  std::string subject;
  std::string organisation;
  std::string nation;
  std::string from;  // default: the first event
  std::string to;    // default: today
};

// A decision request as the user gave it (CLI options or an API body). Positions and
// procedures are words ("object", "qualified-majority"); dates are YYYY-MM-DD; empty
// means "not given".
struct DecisionRequest {
  std::string organisation;
  std::string procedure;
  std::string subject;
  std::string as_of;
  // (nation, position word) in the order given; a nation given twice is an error, however
  // its code is spelt.
  std::vector<std::pair<std::string, std::string>> positions;
  std::string default_position;  // default: silent
  std::vector<std::string> formal_abstentions;
  std::string silence_deadline;
  std::map<std::string, std::string> silence_breaks;  // nation -> day
  bool reinforced = false;
  bool procedural = false;
  std::vector<std::string> parties_to_conflict;
};

// Parses the JSON body of POST /api/v1/decisions; kInvalidArgument with the offending
// field on malformed input. Never throws.
Result<DecisionRequest> parse_decision_request(std::string_view json_text);

// An Article 5 question as the user gave it; empty means "not given".
struct Article5Request {
  std::string lat;
  std::string lon;
  std::string territory;
  std::string target;  // territory (default), forces, vessel, aircraft
  std::string nation;
  std::string as_of;
};

struct TreatyAreaAnswer {
  Date as_of;
  std::vector<std::string> members;
  std::vector<std::pair<const TerritorialUnit*, ScopeRuling>> units;  // with their ruling that day
  const std::vector<SeaArea>* seas = nullptr;
};

struct ConsultationsAnswer {
  Date from;
  Date to;
  std::string nation;
  std::vector<const Consultation*> consultations;
};

struct OperationsAnswer {
  OperationFilter filter;
  std::vector<OperationAssessment> operations;
};

struct CouncilSeatsAnswer {
  std::string council;
  Date as_of;
  std::vector<const CouncilSeat*> seats;  // by nation
};

struct CatalogueAnswer {
  const std::vector<Organisation>* organisations = nullptr;
  const std::vector<Framework>* frameworks = nullptr;
  const std::vector<Nation>* nations = nullptr;
};

// How an engine treats accounts and access.
struct EngineOptions {
  AccessPolicy access;
  AccountSettings accounts;
};

// The one facade the server and the CLI call. Queries take user input as text, validate
// it (unknown ids and impossible dates are errors, never guesses) and answer from the
// current snapshot, taken once per query; they are safe to call from many threads at
// once. Each answer carries the snapshot it came from (Versioned), whose version is the
// answer's entity tag.
//
// Every `as_of` is "YYYY-MM-DD" or empty for today (from the injected clock). Ids and
// codes are matched ignoring case.
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

  Result<Versioned<MembersAnswer>> members(std::string_view organisation, std::string_view as_of) const;
  Result<Versioned<PartnersAnswer>> partners(std::string_view framework, std::string_view as_of) const;
  Result<Versioned<RelationsAnswer>> relations(std::string_view organisation, std::string_view as_of) const;
  Result<Versioned<ProfileAnswer>> nation(std::string_view code, std::string_view as_of) const;
  Result<Versioned<TimelineAnswer>> timeline(const TimelineRequest& request) const;
  // Fails with kInvalidArgument on an empty query.
  Result<Versioned<SearchAnswer>> search(std::string_view query) const;

  // Does Article 5 cover an armed attack there, on that target, that day? (Article 6)
  Result<Versioned<Article6Verdict>> article5(const Article5Request& request) const;
  // What the treaty area holds on a day: the members, the units with their rulings, the seas.
  Result<Versioned<TreatyAreaAnswer>> treaty_area(std::string_view as_of) const;

  // Binds a crisis scenario to the reference data, ready to simulate (see sim/model.hpp).
  // The model keeps the snapshot it was bound to alive.
  Result<std::shared_ptr<const sim::CrisisModel>> crisis_model(sim::Scenario scenario) const;

  // The seats of a council with elected members (AUPSC) on a day, by nation.
  Result<Versioned<CouncilSeatsAnswer>> council_seats(std::string_view council, std::string_view as_of) const;

  // Decides a proposal by the organisation's procedure (or the one requested).
  Result<Versioned<Decision>> decide(const DecisionRequest& request) const;
  // Article 4 consultations between two days (inclusive; defaults: all), optionally
  // those a nation requested.
  Result<Versioned<ConsultationsAnswer>> consultations(std::string_view nation, std::string_view from,
                                                       std::string_view to) const;
  // Operations, filtered by the day they were active, kind, legal classification, nation.
  Result<Versioned<OperationsAnswer>> operations(std::string_view active_on, std::string_view kind,
                                                 std::string_view classification, std::string_view nation) const;
  Result<Versioned<OperationAssessment>> operation(std::string_view id) const;
  // May `nation` take part in `activity` with `organisation` (default NATO) as of a day?
  Result<Versioned<EligibilityAnswer>> eligibility(std::string_view nation, std::string_view activity,
                                                   std::string_view organisation, std::string_view as_of) const;

  // The organisations and frameworks the registry holds; every nation.
  Versioned<CatalogueAnswer> catalogue() const;

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
  // nothing changed (one read of the revision).
  Result<bool> refresh();

  // Accounts, sign-in, sessions and API tokens.
  AccountService& accounts() const { return *accounts_; }
  // The registry's write path and the audit log.
  RegistryEdits& edits() const { return *edits_; }
  const AccessPolicy& access() const { return options_.access; }

  Date today() const { return clock_->today(); }
  DatasetSummary summary() const;

 private:
  Engine(Dataset dataset, std::unique_ptr<Clock> clock, std::uint64_t version = 1, EngineOptions options = {},
         std::unique_ptr<Store> store = nullptr);
  // Empty is today; a failure names `field` (a query parameter or JSON pointer).
  Result<Date> resolve_as_of(std::string_view as_of, std::string_view field = "as_of") const;
  static Result<const Organisation*> resolve_organisation(const Registry& registry, std::string_view id);
  static Result<const Nation*> resolve_nation(const Registry& registry, std::string_view code);

  std::unique_ptr<Clock> clock_;
  EngineOptions options_;
  std::unique_ptr<Store> store_;  // null for an engine over a dataset in memory
  std::unique_ptr<AccountService> accounts_;
  std::unique_ptr<RegistryEdits> edits_;
  std::mutex publish_mutex_;  // one publish at a time, so versions are never repeated
  mutable std::mutex snapshot_mutex_;
  std::shared_ptr<const Snapshot> current_;  // guarded by snapshot_mutex_
};

DatasetSummary summarise(const Dataset& dataset);

}  // namespace entente
