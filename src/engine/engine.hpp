#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.hpp"
#include "core/status.hpp"
#include "registry/registry.hpp"
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
};

// Answers of the registry queries. Pointers refer into the Engine that produced them and
// stay valid as long as it lives.
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
  std::string organisation;
  std::string nation;
  std::string from;  // default: the first event
  std::string to;    // default: today
};

// The one facade the server and the CLI call. Queries take user input as text, validate
// it (unknown ids and impossible dates are errors, never guesses) and answer from an
// immutable registry; they are safe to call from many threads at once.
//
// Every `as_of` is "YYYY-MM-DD" or empty for today (from the injected clock). Ids and
// codes are matched ignoring case.
class Engine {
 public:
  // Opens an existing database (it must have been created by init_database).
  static Result<std::unique_ptr<Engine>> open(const std::string& database_path, std::unique_ptr<Clock> clock);
  // An engine over a dataset held in memory; no database.
  static std::unique_ptr<Engine> from_dataset(Dataset dataset, std::unique_ptr<Clock> clock);

  // Reads and validates the reference data, then replaces the database contents with it
  // in one transaction, creating the database if needed. On any error nothing changes.
  static Result<DatasetSummary> init_database(const std::string& database_path, const DataFiles& files);
  // Reads and validates the reference data without writing anything.
  static Result<DatasetSummary> check_data(const DataFiles& files);

  Result<MembersAnswer> members(std::string_view organisation, std::string_view as_of) const;
  Result<PartnersAnswer> partners(std::string_view framework, std::string_view as_of) const;
  Result<RelationsAnswer> relations(std::string_view organisation, std::string_view as_of) const;
  Result<ProfileAnswer> nation(std::string_view code, std::string_view as_of) const;
  Result<TimelineAnswer> timeline(const TimelineRequest& request) const;
  // Fails with kInvalidArgument on an empty query.
  Result<SearchAnswer> search(std::string_view query) const;

  const Registry& registry() const { return registry_; }
  Date today() const { return clock_->today(); }
  DatasetSummary summary() const;

 private:
  Engine(Dataset dataset, std::unique_ptr<Clock> clock);
  Result<Date> resolve_as_of(std::string_view as_of) const;
  Result<const Organisation*> resolve_organisation(std::string_view id) const;

  std::unique_ptr<Clock> clock_;
  Registry registry_;
};

DatasetSummary summarise(const Dataset& dataset);

}  // namespace entente
