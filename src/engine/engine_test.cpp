#include "engine/engine.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <chrono>
#include <filesystem>
#include <map>
#include <string>

#include "engine/render_json.hpp"
#include "store/dataset_reader.hpp"
#include "store/store.hpp"

namespace entente {

// Failures print the slug ("io-error") rather than the bytes of the enum.
static void PrintTo(ErrorCode code, std::ostream* out) { *out << error_slug(code); }

namespace {

namespace json = boost::json;

constexpr const char* kMiniFolder = "tests/data/mini";

// The day the fixed clock reports as today.
const Date kToday = Date::from_ymd(2024, 6, 1);

std::unique_ptr<Clock> fixed_clock() { return std::make_unique<FixedClock>(kToday); }

std::unique_ptr<Engine> mini_engine() {
  Result<Dataset> dataset = read_dataset(DirectoryDataFiles(kMiniFolder));
  EXPECT_TRUE(dataset.is_ok()) << dataset.status().to_string();
  return Engine::from_dataset(dataset ? std::move(*dataset) : Dataset{}, fixed_clock());
}

bool contains(std::string_view haystack, std::string_view needle) { return haystack.find(needle) != std::string::npos; }

TimelineRequest timeline_of(std::string organisation, std::string nation, std::string from, std::string to) {
  TimelineRequest request;
  request.organisation = std::move(organisation);
  request.nation = std::move(nation);
  request.from = std::move(from);
  request.to = std::move(to);
  return request;
}

// A unique database path in the temporary folder, removed with its WAL files at the end.
class TempDatabase {
 public:
  TempDatabase()
      : path_(std::filesystem::temp_directory_path() /
              ("entente-engine-" + std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()) +
               ".db")) {}
  ~TempDatabase() {
    std::error_code ignored;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"})
      std::filesystem::remove(path_.string() + suffix, ignored);
  }
  TempDatabase(const TempDatabase&) = delete;
  TempDatabase& operator=(const TempDatabase&) = delete;

  std::string path() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

// --- Queries ------------------------------------------------------------------------------

TEST(EngineTest, EmptyAsOfMeansTheClocksToday) {
  const auto engine = mini_engine();
  EXPECT_EQ(engine->today(), kToday);
  const Result<Versioned<MembersAnswer>> answer = engine->queries().members("NATO", "");
  ASSERT_TRUE(answer.is_ok()) << answer.status().to_string();
  EXPECT_EQ(answer->as_of, kToday);
  EXPECT_EQ(answer->members.size(), 6U);  // Sweden joined on 2024-03-07
}

TEST(EngineTest, IdsAndCodesIgnoreCase) {
  const auto engine = mini_engine();
  const Result<Versioned<MembersAnswer>> members = engine->queries().members("nato", "2023-04-04");
  ASSERT_TRUE(members.is_ok()) << members.status().to_string();
  EXPECT_EQ(members->organisation->id, "NATO");
  EXPECT_EQ(members->as_of, Date::from_ymd(2023, 4, 4));
  EXPECT_EQ(members->members.size(), 5U);

  const Result<Versioned<ProfileAnswer>> finland = engine->queries().nation("fin", "2023-04-04");
  ASSERT_TRUE(finland.is_ok()) << finland.status().to_string();
  EXPECT_EQ(finland->profile.nation->iso3, "FIN");

  const Result<Versioned<PartnersAnswer>> partners = engine->queries().partners(" pfp ", "2010-01-01");
  ASSERT_TRUE(partners.is_ok()) << partners.status().to_string();
  EXPECT_EQ(partners->framework->id, "PFP");
  EXPECT_EQ(partners->partners.size(), 6U);

  const Result<Versioned<RelationsAnswer>> relations = engine->queries().relations("Weu", "2000-01-01");
  ASSERT_TRUE(relations.is_ok()) << relations.status().to_string();
  EXPECT_EQ(relations->organisation->id, "WEU");
}

// The CLI's `timeline SUBJECT` names an organisation or a nation; the engine tells which.
TEST(EngineTest, TimelineSubjectIsAnOrganisationOrANation) {
  const auto engine = mini_engine();
  TimelineRequest by_nation;
  by_nation.subject = "fin";
  const Result<Versioned<TimelineAnswer>> nation = engine->queries().timeline(by_nation);
  ASSERT_TRUE(nation.is_ok()) << nation.status().to_string();
  EXPECT_EQ(nation->filter.nation, "FIN");
  EXPECT_FALSE(nation->filter.organisation.has_value());
  TimelineRequest by_organisation;
  by_organisation.subject = "nato";
  const Result<Versioned<TimelineAnswer>> organisation = engine->queries().timeline(by_organisation);
  ASSERT_TRUE(organisation.is_ok()) << organisation.status().to_string();
  EXPECT_EQ(organisation->filter.organisation, "NATO");
  TimelineRequest neither;
  neither.subject = "XYZ";
  const Result<Versioned<TimelineAnswer>> unknown = engine->queries().timeline(neither);
  ASSERT_FALSE(unknown.is_ok());
  EXPECT_EQ(unknown.status().code(), ErrorCode::kNotFound);
}

TEST(EngineTest, UnknownOrganisationNamesTheValueAndTheKnownOnes) {
  const auto engine = mini_engine();
  const Result<Versioned<MembersAnswer>> answer = engine->queries().members("OTAN", "2020-01-01");
  ASSERT_FALSE(answer.is_ok());
  EXPECT_EQ(answer.status().code(), ErrorCode::kUnknownOrganisation);
  EXPECT_EQ(answer.status().message(), "unknown organisation 'OTAN'; known organisations: NATO, WEU");
  EXPECT_EQ(engine->queries().relations("OTAN", "").status().code(), ErrorCode::kUnknownOrganisation);
}

TEST(EngineTest, UnknownFrameworkNamesTheValueAndTheKnownOnes) {
  const auto engine = mini_engine();
  const Result<Versioned<PartnersAnswer>> answer = engine->queries().partners("EOP", "");
  ASSERT_FALSE(answer.is_ok());
  EXPECT_EQ(answer.status().code(), ErrorCode::kUnknownFramework);
  EXPECT_EQ(answer.status().message(), "unknown partnership framework 'EOP'; known frameworks: NACC, EAPC, PFP, MD");
}

TEST(EngineTest, UnknownNationNamesTheValue) {
  const auto engine = mini_engine();
  const Result<Versioned<ProfileAnswer>> answer = engine->queries().nation("XYZ", "");
  ASSERT_FALSE(answer.is_ok());
  EXPECT_EQ(answer.status().code(), ErrorCode::kUnknownNation);
  EXPECT_EQ(answer.status().message(), "unknown nation 'XYZ'; nations are ISO 3166-1 alpha-3 codes such as FIN");
}

TEST(EngineTest, UnknownNationSuggestsANameThatMatches) {
  const auto engine = mini_engine();
  const Result<Versioned<ProfileAnswer>> answer = engine->queries().nation("Finland", "");
  ASSERT_FALSE(answer.is_ok());
  EXPECT_EQ(answer.status().code(), ErrorCode::kUnknownNation);
  EXPECT_EQ(answer.status().message(), "unknown nation 'Finland'; did you mean FIN (Finland)?");
}

TEST(EngineTest, ImpossibleOrMalformedDatesAreInvalidDates) {
  const auto engine = mini_engine();
  const Result<Versioned<MembersAnswer>> leap = engine->queries().members("NATO", "2023-02-29");
  ASSERT_FALSE(leap.is_ok());
  EXPECT_EQ(leap.status().code(), ErrorCode::kInvalidDate);
  EXPECT_TRUE(contains(leap.status().message(), "2023-02-29")) << leap.status().message();
  EXPECT_EQ(engine->queries().partners("PFP", "yesterday").status().code(), ErrorCode::kInvalidDate);
  EXPECT_EQ(engine->queries().relations("NATO", "2020-1-1").status().code(), ErrorCode::kInvalidDate);
  EXPECT_EQ(engine->queries().nation("FIN", "2020-13-01").status().code(), ErrorCode::kInvalidDate);
  EXPECT_EQ(engine->queries().timeline(timeline_of("", "", "2020-02-30", "")).status().code(), ErrorCode::kInvalidDate);
  EXPECT_EQ(engine->queries().timeline(timeline_of("", "", "", "20200101")).status().code(), ErrorCode::kInvalidDate);
}

TEST(EngineTest, TimelineDefaultsToEverythingUpToToday) {
  const auto engine = mini_engine();
  const Result<Versioned<TimelineAnswer>> answer = engine->queries().timeline({});
  ASSERT_TRUE(answer.is_ok()) << answer.status().to_string();
  EXPECT_EQ(answer->filter.from, Date::from_ymd(1948, 8, 25));  // the first event
  EXPECT_EQ(answer->filter.to, kToday);
  EXPECT_FALSE(answer->filter.organisation.has_value());
  ASSERT_FALSE(answer->events.empty());
  EXPECT_EQ(answer->events.front()->date, Date::from_ymd(1948, 8, 25));  // WEU founded
  EXPECT_LE(answer->events.back()->date, kToday);
}

TEST(EngineTest, TimelineResolvesIdsIgnoringCase) {
  const auto engine = mini_engine();
  const Result<Versioned<TimelineAnswer>> answer =
      engine->queries().timeline(timeline_of("nato", "mlt", "1996-10-27", "2008-04-03"));
  ASSERT_TRUE(answer.is_ok()) << answer.status().to_string();
  EXPECT_EQ(answer->filter.organisation, "NATO");
  EXPECT_EQ(answer->filter.nation, "MLT");
  ASSERT_EQ(answer->events.size(), 3U);  // PfP withdrawal, then EAPC and PfP on the return
  EXPECT_EQ(answer->events[0]->kind, EventKind::kPartnershipEnd);
}

TEST(EngineTest, TimelineRejectsFromAfterTo) {
  const auto engine = mini_engine();
  const Result<Versioned<TimelineAnswer>> answer =
      engine->queries().timeline(timeline_of("", "", "2020-01-01", "2019-12-31"));
  ASSERT_FALSE(answer.is_ok());
  EXPECT_EQ(answer.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(answer.status().message(), "from 2020-01-01 is after to 2019-12-31; swap them");
}

TEST(EngineTest, TimelineRejectsUnknownIds) {
  const auto engine = mini_engine();
  const Result<Versioned<TimelineAnswer>> nation = engine->queries().timeline(timeline_of("", "XYZ", "", ""));
  ASSERT_FALSE(nation.is_ok());
  EXPECT_EQ(nation.status().code(), ErrorCode::kUnknownNation);
  EXPECT_TRUE(contains(nation.status().message(), "'XYZ'")) << nation.status().message();
  EXPECT_EQ(engine->queries().timeline(timeline_of("OTAN", "", "", "")).status().code(),
            ErrorCode::kUnknownOrganisation);
}

TEST(EngineTest, SearchRejectsEmptyText) {
  const auto engine = mini_engine();
  for (const char* query : {"", "   "}) {
    const Result<Versioned<SearchAnswer>> answer = engine->queries().search(query);
    ASSERT_FALSE(answer.is_ok()) << "'" << query << "'";
    EXPECT_EQ(answer.status().code(), ErrorCode::kInvalidArgument);
  }
}

TEST(EngineTest, SearchTrimsTheQuery) {
  const auto engine = mini_engine();
  const Result<Versioned<SearchAnswer>> answer = engine->queries().search("  swe ");
  ASSERT_TRUE(answer.is_ok()) << answer.status().to_string();
  EXPECT_EQ(answer->query, "swe");
  ASSERT_EQ(answer->nations.size(), 1U);
  EXPECT_EQ(answer->nations[0]->name, "Sweden");
}

// --- Data and database --------------------------------------------------------------------

TEST(EngineTest, CheckDataCountsTheMiniFolder) {
  const Result<DatasetSummary> summary = Engine::check_data(DirectoryDataFiles(kMiniFolder));
  ASSERT_TRUE(summary.is_ok()) << summary.status().to_string();
  EXPECT_EQ(summary->nations, 12U);
  EXPECT_EQ(summary->organisations, 2U);
  EXPECT_EQ(summary->memberships, 12U);
  EXPECT_EQ(summary->frameworks, 4U);
  EXPECT_EQ(summary->partnerships, 22U);
  EXPECT_EQ(summary->plans, 1U);
}

TEST(EngineTest, CheckDataReportsAMissingFolder) {
  const Result<DatasetSummary> summary = Engine::check_data(DirectoryDataFiles("tests/data/no-such-folder"));
  ASSERT_FALSE(summary.is_ok());
  EXPECT_TRUE(contains(summary.status().message(), "tests/data/no-such-folder/nations.csv"))
      << summary.status().message();
}

TEST(EngineTest, InitDatabaseThenOpenAndQuery) {
  const TempDatabase database;
  const Result<DatasetSummary> summary = Engine::init_database(database.path(), DirectoryDataFiles(kMiniFolder));
  ASSERT_TRUE(summary.is_ok()) << summary.status().to_string();
  EXPECT_EQ(summary->partnerships, 22U);

  Result<std::unique_ptr<Engine>> engine = Engine::open(database.path(), fixed_clock());
  ASSERT_TRUE(engine.is_ok()) << engine.status().to_string();
  EXPECT_EQ((*engine)->summary().nations, 12U);
  const Result<Versioned<RelationsAnswer>> answer = (*engine)->queries().relations("NATO", "2023-04-03");
  ASSERT_TRUE(answer.is_ok()) << answer.status().to_string();
  const auto finland = std::find_if(answer->relations.begin(), answer->relations.end(),
                                    [](const RelationEntry& entry) { return entry.nation->iso3 == "FIN"; });
  ASSERT_NE(finland, answer->relations.end());
  EXPECT_EQ(finland->relation, Relation::kPartner);
  EXPECT_EQ(finland->frameworks, (std::vector<std::string>{"EAPC", "PFP"}));
}

// Another process's edit reaches this engine with the next refresh, unless an edit of
// this engine is under way: that edit publishes what it commits, and refresh must not
// mistake it for another process's and reload everything.
TEST(EngineTest, RefreshPublishesOthersEditsButWaitsOutItsOwn) {
  const TempDatabase database;
  ASSERT_TRUE(Engine::init_database(database.path(), DirectoryDataFiles(kMiniFolder)).is_ok());
  Result<std::unique_ptr<Engine>> reader = Engine::open(database.path(), fixed_clock());
  Result<std::unique_ptr<Engine>> writer = Engine::open(database.path(), fixed_clock());
  ASSERT_TRUE(reader.is_ok() && writer.is_ok());
  Principal staff;
  staff.via = Principal::Via::kSession;
  staff.account = 1;
  staff.name = "sam";
  staff.role = Role::kAllianceStaff;
  EditCommand create;
  create.kind = RecordKind::kMembership;
  create.fields.organisation = "NATO";
  create.fields.nation = "AUT";
  create.fields.from = "2024-03-07";
  create.fields.status = "member";
  create.fields.source = "https://www.nato.int/";
  const Result<EditOutcome> edited = (*writer)->edits().apply(staff, create);
  ASSERT_TRUE(edited.is_ok()) << edited.status().to_string();
  const std::uint64_t before = (*reader)->snapshot()->version();
  ASSERT_LT(before, edited->snapshot->version());
  {
    const std::unique_lock turn = (*reader)->edits().try_take_turn();  // as an edit would hold it
    ASSERT_TRUE(turn.owns_lock());
    const Result<bool> skipped = (*reader)->refresh();
    ASSERT_TRUE(skipped.is_ok());
    EXPECT_FALSE(*skipped);
    EXPECT_EQ((*reader)->snapshot()->version(), before);
  }
  const Result<bool> refreshed = (*reader)->refresh();
  ASSERT_TRUE(refreshed.is_ok()) << refreshed.status().to_string();
  EXPECT_TRUE(*refreshed);
  EXPECT_EQ((*reader)->snapshot()->version(), edited->snapshot->version());
  const Result<Versioned<ProfileAnswer>> austria = (*reader)->queries().nation("AUT", "2024-06-01");
  ASSERT_TRUE(austria.is_ok());
  EXPECT_TRUE(std::any_of(austria->profile.memberships.begin(), austria->profile.memberships.end(),
                          [](const Membership* m) { return m->organisation == "NATO"; }));
}

TEST(EngineTest, FailedInitLeavesTheDatabaseUnchanged) {
  const TempDatabase database;
  ASSERT_TRUE(Engine::init_database(database.path(), DirectoryDataFiles(kMiniFolder)).is_ok());

  std::map<std::string, std::string, std::less<>> files;
  files[kNationsFile] = "iso3\nFIN\n";  // a nations file without most of its columns
  const InMemoryDataFiles only_nations(std::move(files));
  const Result<DatasetSummary> failed = Engine::init_database(database.path(), only_nations);
  ASSERT_FALSE(failed.is_ok());
  EXPECT_EQ(Engine::init_database(database.path(), DirectoryDataFiles("tests/data/no-such-folder")).is_ok(), false);

  Result<std::unique_ptr<Engine>> engine = Engine::open(database.path(), fixed_clock());
  ASSERT_TRUE(engine.is_ok()) << engine.status().to_string();
  const DatasetSummary summary = (*engine)->summary();
  EXPECT_EQ(summary.nations, 12U);
  EXPECT_EQ(summary.memberships, 12U);
  EXPECT_EQ(summary.partnerships, 22U);
}

TEST(EngineTest, OpenFailsOnAMissingDatabase) {
  const TempDatabase database;
  const Result<std::unique_ptr<Engine>> engine = Engine::open(database.path(), fixed_clock());
  ASSERT_FALSE(engine.is_ok());
  EXPECT_EQ(engine.status().code(), ErrorCode::kStorage);
  EXPECT_FALSE(std::filesystem::exists(database.path()));
}

TEST(EngineTest, OpenFailsOnAnEmptyDatabaseAndSaysHowToLoadIt) {
  const TempDatabase database;
  ASSERT_TRUE(Store::open_sqlite(database.path(), Store::OpenMode::kCreate).is_ok());
  const Result<std::unique_ptr<Engine>> engine = Engine::open(database.path(), fixed_clock());
  ASSERT_FALSE(engine.is_ok());
  EXPECT_EQ(engine.status().code(), ErrorCode::kStorage);
  EXPECT_TRUE(contains(engine.status().message(), "entente init")) << engine.status().message();
}

// --- JSON ---------------------------------------------------------------------------------

TEST(RenderJsonTest, MembersAnswerHasTheDocumentedKeys) {
  const auto engine = mini_engine();
  const Result<Versioned<MembersAnswer>> answer = engine->queries().members("NATO", "2023-04-04");
  ASSERT_TRUE(answer.is_ok()) << answer.status().to_string();
  const json::value value = to_json(*answer, engine->snapshot()->registry());
  const json::object& object = value.as_object();
  EXPECT_EQ(object.size(), 4U);
  EXPECT_EQ(object.at("organisation"), "NATO");
  EXPECT_EQ(object.at("as_of"), "2023-04-04");
  EXPECT_EQ(object.at("count"), 5);
  const json::array& members = object.at("members").as_array();
  ASSERT_EQ(members.size(), 5U);

  const json::object& finland = members[1].as_object();  // by name: Canada, Finland, ...
  EXPECT_EQ(finland.size(), 9U);                         // with the record's id and version
  EXPECT_EQ(finland.at("iso3"), "FIN");
  EXPECT_EQ(finland.at("name"), "Finland");
  EXPECT_EQ(finland.at("from"), "2023-04-04");
  EXPECT_TRUE(finland.at("to").is_null());
  EXPECT_EQ(finland.at("status"), "member");
  EXPECT_TRUE(finland.at("source").as_string().starts_with("NATO, Member countries"));
  EXPECT_EQ(finland.at("note"), "");
}

TEST(RenderJsonTest, EndedPeriodsHaveAToDate) {
  const auto engine = mini_engine();
  const Result<Versioned<PartnersAnswer>> answer = engine->queries().partners("PFP", "1996-01-01");
  ASSERT_TRUE(answer.is_ok()) << answer.status().to_string();
  const json::value value = to_json(*answer, engine->snapshot()->registry());
  EXPECT_EQ(value.at("framework"), "PFP");
  EXPECT_EQ(value.at("organisation"), "NATO");
  const json::array& partners = value.at("partners").as_array();
  const auto malta =
      std::find_if(partners.begin(), partners.end(), [](const json::value& row) { return row.at("iso3") == "MLT"; });
  ASSERT_NE(malta, partners.end());
  EXPECT_EQ(malta->at("to"), "1996-10-27");
}

TEST(RenderJsonTest, RelationsCountEachRelation) {
  const auto engine = mini_engine();
  const Result<Versioned<RelationsAnswer>> answer = engine->queries().relations("NATO", "2015-01-01");
  ASSERT_TRUE(answer.is_ok()) << answer.status().to_string();
  const json::value value = to_json(*answer);
  const json::object& counts = value.at("counts").as_object();
  EXPECT_EQ(counts.at("member"), 4);             // CAN, DEU, HUN, USA
  EXPECT_EQ(counts.at("suspended-partner"), 1);  // RUS
  EXPECT_EQ(value.at("relations").as_array().size(), 11U);
}

TEST(RenderJsonTest, PrettyJsonParsesBackToTheSameValue) {
  const auto engine = mini_engine();
  const Result<Versioned<ProfileAnswer>> answer = engine->queries().nation("HUN", "2000-01-01");
  ASSERT_TRUE(answer.is_ok()) << answer.status().to_string();
  const json::value value = to_json(*answer, engine->snapshot()->registry());
  const std::string text = to_pretty_json(value);
  EXPECT_TRUE(text.ends_with("}\n"));
  EXPECT_TRUE(text.starts_with("{\n  \"nation\": {\n    \"iso3\": \"HUN\",")) << text.substr(0, 80);
  EXPECT_EQ(json::parse(text), value);
}

TEST(RenderJsonTest, PrettyJsonWritesEmptyContainersAndEscapes) {
  const json::value value =
      json::object{{"empty", json::array{}}, {"nothing", json::object{}}, {"quote", "say \"hi\""}};
  const std::string text = to_pretty_json(value);
  EXPECT_EQ(text, "{\n  \"empty\": [],\n  \"nothing\": {},\n  \"quote\": \"say \\\"hi\\\"\"\n}\n");
  EXPECT_EQ(json::parse(text), value);
}

// A nation found by an alias says which (tests/data/mini/nation_aliases.csv gives Germany
// FRG); one found by its code or name has no alias.
TEST(EngineTest, SearchSaysWhichAliasMatched) {
  const auto engine = mini_engine();
  const Result<Versioned<SearchAnswer>> frg = engine->queries().search("frg");
  ASSERT_TRUE(frg.is_ok()) << frg.status().to_string();
  ASSERT_EQ(frg->nations.size(), 1U);
  ASSERT_EQ(frg->matched_aliases.size(), 1U);
  EXPECT_EQ(frg->nations[0]->iso3, "DEU");
  EXPECT_EQ(frg->matched_aliases[0], "FRG");
  const json::value rendered = to_json(*frg);
  EXPECT_EQ(rendered.at("nations").at(0).at("iso3"), "DEU");
  EXPECT_EQ(rendered.at("nations").at(0).at("matched_alias"), "FRG");

  const Result<Versioned<SearchAnswer>> germany = engine->queries().search("Germany");
  ASSERT_TRUE(germany.is_ok()) << germany.status().to_string();
  ASSERT_EQ(germany->matched_aliases, std::vector<std::string>{""});
  EXPECT_TRUE(to_json(*germany).at("nations").at(0).at("matched_alias").is_null());
}

}  // namespace
}  // namespace entente
