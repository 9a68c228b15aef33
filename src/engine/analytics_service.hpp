#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "analytics/alliances.hpp"
#include "analytics/atop.hpp"
#include "analytics/burden.hpp"
#include "analytics/cohesion.hpp"
#include "analytics/interoperability.hpp"
#include "analytics/network.hpp"
#include "analytics/panel.hpp"
#include "core/date.hpp"
#include "core/status.hpp"
#include "engine/principal.hpp"
#include "engine/snapshot_reader.hpp"

namespace entente {

// An exercise with the nations that took part, each with its standing towards the
// exercise's lead organisation (NATO when a nation leads) on the first day.
struct ExerciseEntry {
  const Exercise* exercise = nullptr;
  struct Taking {
    const ExerciseParticipant* participant = nullptr;
    const Nation* nation = nullptr;
    Relation standing = Relation::kNone;
  };
  std::vector<Taking> participants;
};

struct ExercisesAnswer {
  std::optional<Date> from;
  std::optional<Date> to;
  std::string nation;  // empty: all
  std::vector<ExerciseEntry> exercises;
};

// NATO's defence expenditure figures as recorded, and the guidelines.
struct ExpenditureAnswer {
  int from_year = 0;
  int to_year = 0;
  std::string nation;  // empty: every Ally
  std::vector<const DefenceExpenditure*> figures;
  std::vector<const SpendingGuideline*> guidelines;
};

// The alliances whose treaties are coded, their provisions and the datasets' coverage.
struct AlliancesAnswer {
  std::vector<const Alliance*> alliances;
  std::vector<const AllianceProvision*> provisions;
  std::vector<const DatasetCoverage*> coverage;
};

class ManageService;
struct ManageRecords;

// A network asked for as the user gave it: a day (empty: today), weights
// ("membership:1,exercise:0.5"), the exercise window in years, nations ("FIN,SWE").
struct NetworkRequest {
  std::string as_of;
  std::string weights;
  std::string window;
  std::string nations;
};

// What an analysis read of partnership management's records: "all", one nation's, or none.
struct RecordsScope {
  std::string scope;
};

struct InteroperabilityAnswer : InteroperabilityIndex {
  std::string records;  // whose records of partnership management were read
};

struct CohesionAnswer : CohesionAnalysis {
  std::string records;
};

// The analyses of the registry (src/analytics/): each takes the current snapshot once and
// answers from it alone. Requests come as the user gave them (words, YYYY-MM-DD dates,
// years); each failure names the field it concerns.
class AnalyticsService : public SnapshotReader {
 public:
  // `manage` gives the partnership management service whose records some analyses read.
  // `store` is the database ATOP files are imported into (null for an engine without one).
  AnalyticsService(Source source, const Clock& clock, std::function<const ManageService*()> manage, Store* store,
                   AccessPolicy access)
      : SnapshotReader(std::move(source), clock), manage_(std::move(manage)), store_(store), access_(access) {}

  // Exercises that overlap [from, to] (inclusive; empty: open), optionally those a nation took part in.
  Result<Versioned<ExercisesAnswer>> exercises(std::string_view nation, std::string_view from,
                                               std::string_view to) const;
  // Defence expenditure between two years (inclusive; empty: all recorded), optionally one nation's.
  Result<Versioned<ExpenditureAnswer>> defence_expenditure(std::string_view nation, std::string_view from_year,
                                                           std::string_view to_year) const;
  Versioned<AlliancesAnswer> alliances() const;

  // The network of nations on a day, its metrics and communities.
  Result<Versioned<Network>> network(const NetworkRequest& request) const;
  // The network of every year from..to (YYYY; defaults 1949 and this year), as of 31 December.
  Result<Versioned<NetworkSeries>> network_series(const NetworkRequest& request, std::string_view from,
                                                  std::string_view to) const;
  // How the network changed from one day to another (request.as_of is ignored).
  Result<Versioned<NetworkChange>> network_change(const NetworkRequest& request, std::string_view from,
                                                  std::string_view to) const;
  // Who meets which spending guideline in which year, the gaps and the trends.
  Result<Versioned<BurdenAnalysis>> burden(std::string_view from, std::string_view to, std::string_view nations) const;
  // The interoperability index of partners per year, with the weights given
  // ("plans:0.3,parp:0"); the actor's share of partnership management's records counts too.
  Result<Versioned<InteroperabilityAnswer>> interoperability(const Principal& actor, std::string_view from,
                                                             std::string_view to, std::string_view nations,
                                                             std::string_view weights) const;
  // How the Allies voted together: council rounds the actor may read, Article 4 requests,
  // and the simulated rounds of `simulated` (JSON: {"rounds": [{"id", "subject", "opened",
  // "procedure", "positions": {"FRA": "object", ...}}]}; empty: none).
  Result<Versioned<CohesionAnswer>> cohesion(const Principal& actor, std::string_view from, std::string_view to,
                                             std::string_view simulated = {}) const;
  // The provisions of alliances side by side ("NATO,CSTO"; empty: all).
  Result<Versioned<AllianceComparison>> compare_alliances(std::string_view ids, std::string_view as_of) const;
  // Who belongs to both of each pair of organisations or alliances on a day.
  Result<Versioned<MembershipOverlaps>> overlaps(std::string_view ids, std::string_view as_of) const;

  // The directed dyad-year panel from..to (YYYY; defaults 1949 and this year) of all
  // nations or `nations` ("FIN,SWE"), prepared to be streamed: it holds its own copy of what
  // it needs, so it may outlive the snapshot it was prepared from.
  Result<DyadYearPanel> panel(std::string_view from, std::string_view to, std::string_view nations) const;

  // Imports a file of the ATOP project (alliances, members or dyads: `kind`, or found from
  // its columns when empty) into its own tables, replacing that kind's rows in one
  // transaction; on any problem nothing changes. Editors of the registry only.
  Result<AtopImportRecord> import_atop(const Principal& actor, const std::string& path, std::string_view kind) const;
  // What has been imported, when and by whom.
  Result<AtopSummary> atop_summary() const;
  // Entente's coding beside ATOP's, for the alliances with an atop_id and those `mapping`
  // names ("NATO=3180,ANZUS=3205").
  Result<Versioned<AtopComparison>> compare_atop(std::string_view mapping) const;

 private:
  // The records of partnership management the actor may read; none without the service.
  Result<ManageRecords> readable_records(const Principal& actor) const;
  Result<NetworkOptions> network_options(const NetworkRequest& request, const Registry& registry) const;
  // Admits one network computation at a time (a series of 78 years takes most of a second),
  // and one more waiting for it: the others are refused as unavailable, so that requests of
  // every other kind always find a thread of the server free.
  class HeavyTurn;
  std::function<const ManageService*()> manage_;
  Store* store_;
  AccessPolicy access_;
  mutable std::atomic<bool> heavy_computing_{false};
  mutable std::atomic<int> heavy_waiting_{0};
};

// Simulated council rounds as a request gives them (see AnalyticsService::cohesion): at most
// 1,000 rounds of at most 64 positions; a failure names the JSON pointer of the bad member.
Result<std::vector<RecordedRound>> parse_simulated_rounds(std::string_view json_text);

// "A,B,C" as a list of upper-case codes or ids, at most `most`; a failure names `field`.
Result<std::vector<std::string>> parse_code_list(std::string_view text, std::string_view field, std::size_t most = 400);
// "name:weight,name:weight" as weights; a failure names `field`.
Result<std::map<std::string, double, std::less<>>> parse_weights(std::string_view text, std::string_view field);

// A year as the user gave it ("2014"), within [1945, 2100]; a failure names `field`.
Result<int> parse_year(std::string_view text, std::string_view field);

}  // namespace entente
