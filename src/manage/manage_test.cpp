// Partnership management through its public API (ManageService, handed out by the Engine):
// programmes (ITPP) and their council rounds, timers across a restart, versions,
// visibility, the inbox and notifications, input validation, PARP cycles, the evaluation
// ladder and events. Every test runs over a fresh in-memory store holding the real
// reference data (data/), with the day fixed.
//

#include "manage/manage_service.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "engine/engine.hpp"
#include "store/data_files.hpp"
#include "store/dataset_reader.hpp"

namespace entente {

static void PrintTo(ErrorCode code, std::ostream* out) { *out << error_slug(code); }

namespace {

using std::chrono::hours;
using std::chrono::minutes;

const Date kDay = Date::from_ymd(2026, 6, 1);     // an even year: partnership goals are approved
const Date kOddDay = Date::from_ymd(2027, 6, 1);  // an odd year: they are assessed
// A course of the cooperation menu: education-training, open to members and PFP..., 25 places.
const std::string kMenuItem = "dresmara-bi-hrm-course";

std::string why(const Status& status) { return status.is_ok() ? std::string("ok") : status.to_string(); }
template <typename T>
std::string why(const Result<T>& result) {
  return result.is_ok() ? std::string("ok") : result.status().to_string();
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::vector<std::string> fields_of(const Status& status) {
  std::vector<std::string> fields;
  for (const FieldError& error : status.errors()) fields.push_back(error.field);
  return fields;
}

// The value of a result that must be ok; a failure is reported at the caller's line.
template <typename T>
T must(Result<T> result, const char* what, int line) {
  if (!result.is_ok()) {
    ADD_FAILURE_AT(__FILE__, line) << what << ": " << result.status().to_string();
    return T{};
  }
  return std::move(*result);
}
#define MUST(expression) must((expression), #expression, __LINE__)

// The result of a call, or nothing when it threw; the exception is reported at the
// caller's line instead of ending the test.
template <typename Call>
auto without_throwing(Call call, const char* what, int line) -> std::optional<decltype(call())> {
  try {
    return call();
  } catch (const std::exception& error) {
    ADD_FAILURE_AT(__FILE__, line) << what << " threw " << error.what();
    return std::nullopt;
  }
}
#define NO_THROW(expression) without_throwing([&] { return (expression); }, #expression, __LINE__)

class ManageTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    Result<Dataset> dataset = read_dataset(DirectoryDataFiles("data"));
    ASSERT_TRUE(dataset.is_ok()) << dataset.status().to_string();
    dataset_ = std::make_unique<Dataset>(std::move(*dataset));
  }
  static void TearDownTestSuite() { dataset_.reset(); }

  void SetUp() override { start(kDay); }

  // A fresh engine over an in-memory store holding the reference data, its clock fixed
  // on `day`, with the accounts.
  void start(Date day) {
    engine_.reset();
    Result<std::unique_ptr<Store>> store = Store::open_sqlite(":memory:", Store::OpenMode::kCreate);
    ASSERT_TRUE(store.is_ok()) << why(store);
    ASSERT_TRUE((*store)->replace(*dataset_).is_ok());
    ASSERT_NO_FATAL_FAILURE(open(std::move(*store), day));
    add_accounts();
  }

  void open(std::unique_ptr<Store> store, Date day) {
    auto clock = std::make_unique<FixedClock>(day);
    clock_ = clock.get();
    EngineOptions options;
    options.accounts.cost = HashCost::cheapest();
    options.manage.shortest_deadline = std::chrono::seconds(0);  // the tests set deadlines seconds away
    Result<std::unique_ptr<Engine>> engine = Engine::open_store(std::move(store), std::move(clock), options);
    ASSERT_TRUE(engine.is_ok()) << why(engine);
    engine_ = std::move(*engine);
  }

  void add_accounts() {
    gia_ = account("gia", "nation-officer", "GEO");        // a partner officer of Georgia (PFP)
    ulyana_ = account("ulyana", "nation-officer", "UKR");  // of Ukraine (PFP)
    rustam_ = account("rustam", "nation-officer", "RUS");  // of Russia: cooperation suspended since 2014
    fabien_ = account("fabien", "nation-officer", "FRA");  // ally officers
    dieter_ = account("dieter", "nation-officer", "DEU");
    sam_ = account("sam", "alliance-staff", "");
    sue_ = account("sue", "alliance-staff", "");
    stan_ = account("stan", "alliance-staff", "");
    vera_ = account("vera", "viewer", "");
  }

  Principal account(const std::string& name, const std::string& role, const std::string& nation) {
    Principal principal;
    Result<CreatedAccount> created =
        engine_->accounts().add(Principal::local_operator("test"), NewAccount{name, role, nation, ""}, "add-" + name);
    EXPECT_TRUE(created.is_ok()) << name << ": " << why(created);
    if (!created) return principal;
    principal.via = Principal::Via::kSession;
    principal.account = created->account.id;
    principal.name = name;
    principal.role = created->account.role;
    principal.nation = nation;
    return principal;
  }

  // An officer of `nation` without an account (for the members' positions).
  static Principal officer_of(const std::string& nation) {
    Principal principal;
    principal.via = Principal::Via::kSession;
    principal.name = "officer-" + nation;
    principal.role = Role::kNationOfficer;
    principal.nation = nation;
    return principal;
  }

  ManageService& manage() { return engine_->manage(); }
  std::string in(std::chrono::milliseconds from_now) const { return format_instant(clock_->now() + from_now); }

  // --- Programmes ---
  static ProgrammeFields programme_fields(const std::string& nation,
                                          const std::string& title = "Partnership 2026-2029") {
    ProgrammeFields fields;
    fields.nation = nation;
    fields.title = title;
    fields.period_from = "2026-01-01";
    fields.period_to = "2029-12-31";
    return fields;
  }
  std::int64_t draft(const Principal& actor, const std::string& nation = "GEO") {
    Result<ProgrammeView> created = manage().create_programme(actor, programme_fields(nation), "req-create");
    EXPECT_TRUE(created.is_ok()) << why(created);
    return created ? created->programme.stamp.id : 0;
  }
  // The programme as staff see it.
  Programme programme(std::int64_t id) { return MUST(manage().programme(sam_, id)).programme; }
  std::string state(std::int64_t id) { return programme(id).state; }

  Result<ProgrammeView> take(const Principal& actor, std::int64_t id, const std::string& action,
                             const std::string& comment = "", const std::string& procedure = "",
                             const std::string& deadline = "") {
    StepRequest request;
    request.action = action;
    request.expected_version = programme(id).stamp.version;
    request.comment = comment;
    request.procedure = procedure;
    request.deadline = deadline;
    request.request_id = "req-" + action;
    return manage().step_programme(actor, id, request);
  }
  // A GEO programme drafted and submitted by gia, reviewed by sam.
  std::int64_t under_review() {
    const std::int64_t id = draft(gia_);
    MUST(take(gia_, id, "submit"));
    MUST(take(sam_, id, "review"));
    EXPECT_EQ(state(id), "under-review");
    return id;
  }
  // Refers `id` to the council (by sue) with `procedure` and a deadline an hour ahead: the round's id.
  std::int64_t refer(std::int64_t id, const std::string& procedure, const Principal* by = nullptr) {
    const ProgrammeView view = MUST(take(by ? *by : sue_, id, "refer", "", procedure, in(hours(1))));
    EXPECT_EQ(view.programme.state, "in-council");
    return view.rounds.empty() ? 0 : view.rounds.back().round.stamp.id;
  }
  // A GEO programme approved by the council: silence until the deadline.
  std::int64_t approved() {
    const std::int64_t id = under_review();
    refer(id, "silence");
    clock_->advance(hours(2));
    EXPECT_EQ(MUST(manage().fire_due_timers()), 1);
    EXPECT_EQ(state(id), "approved");
    return id;
  }
  Result<RoundView> position(const Principal& actor, std::int64_t round, const std::string& said,
                             const std::string& reason = "") {
    return manage().state_position(actor, round, PositionRequest{said, reason, "req-position"});
  }

  std::vector<AuditEntry> audit() {
    AuditQuery query;
    query.limit = 1000;
    return MUST(engine_->edits().audit(sam_, query));
  }

  static std::unique_ptr<Dataset> dataset_;
  std::unique_ptr<Engine> engine_;
  FixedClock* clock_ = nullptr;  // the engine's
  Principal gia_, ulyana_, rustam_, fabien_, dieter_, sam_, sue_, stan_, vera_;
};

std::unique_ptr<Dataset> ManageTest::dataset_;

// ---------------------------------------------------------------------------------------
// Programmes (ITPP) and the council

// Regression: manage::audit (src/manage/manage_common.cpp) returned
// `work.tx().audit().append(entry).status()`, asking an ok Result for its status, which
// throws std::bad_variant_access: every audited write threw instead of committing.
TEST_F(ManageTest, AnAuditedWriteReturnsItsResultInsteadOfThrowing) {
  const auto created = NO_THROW(manage().create_programme(gia_, programme_fields("GEO"), "req-create"));
  ASSERT_TRUE(created.has_value());
  EXPECT_TRUE(created->is_ok()) << why(*created);
  const auto declared = NO_THROW(manage().declare_unit(gia_, "GEO", "Mountain battalion", "land", ""));
  ASSERT_TRUE(declared.has_value());
  EXPECT_TRUE(declared->is_ok()) << why(*declared);
  const std::vector<AuditEntry> entries = audit();
  EXPECT_EQ(std::count_if(entries.begin(), entries.end(), [](const AuditEntry& e) { return e.action == "create"; }) -
                std::count_if(entries.begin(), entries.end(), [](const AuditEntry& e) { return e.kind == "account"; }),
            2);
}

// Regression: Impl::take_system_step (src/manage/programmes.cpp) returned
// `programmes.update(programme).status()` on success, which throws: every council
// decision (an objection, support from all, a deadline) threw and was rolled back.
TEST_F(ManageTest, TheCouncilsDecisionMovesTheProgrammeWithoutThrowing) {
  const std::int64_t objected = under_review();
  const std::int64_t first = refer(objected, "consensus");
  const auto said = NO_THROW(position(fabien_, first, "object", "not yet"));
  EXPECT_TRUE(said.has_value() && said->is_ok()) << (said ? why(*said) : "threw");
  EXPECT_EQ(state(objected), "under-review");

  const std::int64_t silent = under_review();
  refer(silent, "silence");
  clock_->advance(hours(2));
  const auto fired = NO_THROW(manage().fire_due_timers());
  EXPECT_TRUE(fired.has_value() && fired->is_ok()) << (fired ? why(*fired) : "threw");
  EXPECT_EQ(state(silent), "approved");
}

// A partner's defence capacity building package shows on its programme with its next
// two-yearly review: Georgia's from 2014-09-05 is next reviewed on 2026-09-05; Ukraine has none.
TEST_F(ManageTest, AProgrammeShowsItsNationsDcbPackageAndItsNextReview) {
  const ProgrammeView georgia = MUST(manage().programme(sam_, draft(gia_)));
  ASSERT_EQ(georgia.dcb_packages.size(), 1U);
  EXPECT_EQ(georgia.dcb_packages[0]->period.from, Date::from_ymd(2014, 9, 5));
  ASSERT_EQ(georgia.dcb_reviews.size(), 1U);
  ASSERT_TRUE(georgia.dcb_reviews[0].has_value());
  EXPECT_EQ(*georgia.dcb_reviews[0], Date::from_ymd(2026, 9, 5));
  EXPECT_TRUE(MUST(manage().programme(sam_, draft(sam_, "UKR"))).dcb_packages.empty());
}

// A bulk import writes every programme with its parts, linked by position, or nothing: a
// problem in the last activity of the second draft leaves no programme, and names its place.
// A server gives the Allies time to answer: a deadline closer than its shortest one is
// refused, so one member of staff cannot have the council decide within seconds.
TEST_F(ManageTest, ADeadlineLeavesTheAlliesTheShortestTimeTheServerSets) {
  const std::int64_t id = under_review();
  Result<std::unique_ptr<Store>> store = Store::open_sqlite(":memory:", Store::OpenMode::kCreate);
  ASSERT_TRUE(store.is_ok());
  ASSERT_TRUE((*store)->replace(*dataset_).is_ok());
  EngineOptions options;
  options.manage.shortest_deadline = std::chrono::hours(24);
  Result<std::unique_ptr<Engine>> strict =
      Engine::open_store(std::move(*store), std::make_unique<FixedClock>(kDay), options);
  ASSERT_TRUE(strict.is_ok());
  Result<ProgrammeView> created = (*strict)->manage().create_programme(sam_, programme_fields("GEO"), "req-strict");
  ASSERT_TRUE(created.is_ok()) << why(created);
  const std::int64_t strict_id = created->programme.stamp.id;
  const auto step = [&](const std::string& action, const std::string& deadline, const Principal& actor) {
    StepRequest request;
    request.action = action;
    request.expected_version = MUST((*strict)->manage().programme(sam_, strict_id)).programme.stamp.version;
    request.procedure = "silence";
    request.deadline = deadline;
    return (*strict)->manage().step_programme(actor, strict_id, request);
  };
  MUST(step("submit", "", gia_));
  MUST(step("review", "", sue_));
  const Clock::Instant now = clock_->now();  // both clocks are fixed on kDay, with the same now()
  Result<ProgrammeView> soon = step("refer", format_instant(now + std::chrono::hours(1)), sue_);
  ASSERT_FALSE(soon.is_ok());
  EXPECT_EQ(soon.status().field(), "/deadline");
  EXPECT_NE(soon.status().message().find("at least 24 hours"), std::string::npos) << soon.status().message();
  EXPECT_EQ(MUST(step("refer", format_instant(now + std::chrono::hours(25)), sue_)).programme.state, "in-council");
  // This fixture's engine sets none: a deadline an hour away is taken.
  EXPECT_TRUE(take(sue_, id, "refer", "", "silence", in(std::chrono::hours(1))).is_ok());
}

// A step may refer to documents: their URLs are kept with it in the history; anything
// but a plain http(s) URL is refused, naming the one, and the step is not taken.
TEST_F(ManageTest, AStepKeepsTheDocumentsItRefersTo) {
  const std::int64_t id = draft(gia_);
  StepRequest request;
  request.action = "submit";
  request.expected_version = programme(id).stamp.version;
  request.attachments = {"https://example.org/itpp-draft.pdf", "javascript:alert(1)"};
  Result<ProgrammeView> refused = manage().step_programme(gia_, id, request);
  ASSERT_FALSE(refused.is_ok());
  EXPECT_EQ(refused.status().field(), "/attachments/1");
  EXPECT_EQ(state(id), "draft");
  for (const std::string bad : {"https://", "https://a b.org", "ftp://example.org/x", "https://x.org/a;b"}) {
    request.attachments = {bad};
    EXPECT_FALSE(manage().step_programme(gia_, id, request).is_ok()) << bad;
  }
  request.attachments = std::vector<std::string>(11, "https://example.org/a.pdf");
  EXPECT_EQ(manage().step_programme(gia_, id, request).status().field(), "/attachments");
  request.attachments = {"https://example.org/itpp-draft.pdf", "http://example.org/annex?x=1&y=2"};
  const ProgrammeView submitted = MUST(manage().step_programme(gia_, id, request));
  ASSERT_EQ(submitted.history.size(), 1U);
  EXPECT_EQ(submitted.history[0].attachments, request.attachments);
}

TEST_F(ManageTest, AnImportOfProgrammesIsAllOrNothing) {
  const auto part = [](const std::string& title, const std::string& from = "") {
    PartFields fields;
    fields.title = title;
    if (!from.empty()) fields.from = from;
    return fields;
  };
  std::vector<ProgrammeDraft> drafts(2);
  drafts[0].fields = programme_fields("GEO", "Georgia");
  drafts[0].objectives.push_back(part("Interoperability"));
  drafts[0].goals.emplace_back(part("Staff procedures"), 0);
  drafts[0].activities.emplace_back(part("Staff talks", "2026-03-01"), 0);
  drafts[0].activities.emplace_back(part("Bilateral visit"), std::nullopt);
  drafts[1].fields = programme_fields("UKR", "Ukraine");
  drafts[1].activities.emplace_back(part("Too late", "2031-01-01"), std::nullopt);
  Result<std::vector<std::int64_t>> refused = manage().import_programmes(sam_, drafts, "req-import");
  ASSERT_FALSE(refused.is_ok());
  EXPECT_EQ(refused.status().field(), "/1/activities/0/from");
  EXPECT_EQ(MUST(manage().programmes(sam_, {})).total, 0);

  drafts[1].activities.front().first.from = "2027-01-01";
  std::size_t reported = 0;
  const std::vector<std::int64_t> ids =
      MUST(manage().import_programmes(sam_, drafts, "req-import", [&](std::size_t done) { reported = done; }));
  ASSERT_EQ(ids.size(), 2U);
  EXPECT_EQ(reported, 2U);
  const ProgrammeView georgia = MUST(manage().programme(sam_, ids[0]));
  ASSERT_EQ(georgia.goals.size(), 1U);
  EXPECT_EQ(georgia.goals[0].objective, georgia.objectives.at(0).stamp.id);
  ASSERT_EQ(georgia.activities.size(), 2U);
  EXPECT_EQ(georgia.activities[0].goal, georgia.goals[0].stamp.id);
  EXPECT_EQ(georgia.activities[1].goal, 0);
  EXPECT_EQ(georgia.programme.state, "draft");
  // A nation officer imports their own nation's programmes only.
  EXPECT_EQ(manage().import_programmes(gia_, drafts, "req-import").status().code(), ErrorCode::kForbidden);
}

TEST_F(ManageTest, AnItppGoesFromDraftThroughTheCouncilToApproval) {
  // The partner drafts: an objective, a goal under it, a menu activity and a bilateral one.
  ProgrammeView view = MUST(manage().create_programme(gia_, programme_fields("GEO", "Georgia ITPP"), "req-1"));
  const std::int64_t id = view.programme.stamp.id;
  EXPECT_EQ(view.programme.state, "draft");
  EXPECT_EQ(view.programme.organisation, "NATO");
  EXPECT_EQ(view.programme.created_by, "gia");
  EXPECT_EQ(view.nation_name, "Georgia");
  EXPECT_TRUE(view.editable);

  PartFields objective;
  objective.title = "Interoperable land forces";
  objective.description = "Units that can work with Allied forces";
  view = MUST(manage().add_part(gia_, id, PartKind::kObjective, objective, "req-2"));
  ASSERT_EQ(view.objectives.size(), 1U);
  const std::int64_t objective_id = view.objectives[0].stamp.id;

  PartFields goal;
  goal.title = "A battalion evaluated to NEL2";
  goal.objective = objective_id;
  goal.code = "G 0001";
  goal.indicator = "the battalion's evaluation level";
  view = MUST(manage().add_part(gia_, id, PartKind::kGoal, goal, "req-3"));
  ASSERT_EQ(view.goals.size(), 1U);
  EXPECT_EQ(view.goals[0].objective, objective_id);
  EXPECT_EQ(view.goals[0].programme, id);
  const std::int64_t goal_id = view.goals[0].stamp.id;

  PartFields course;
  course.menu_item = kMenuItem;
  course.goal = goal_id;
  course.from = "2026-10-05";
  course.to = "2026-10-09";
  view = MUST(manage().add_part(gia_, id, PartKind::kActivity, course, "req-4"));
  PartFields talks;
  talks.title = "Bilateral staff talks";
  talks.from = "2026-09-01";
  view = MUST(manage().add_part(gia_, id, PartKind::kActivity, talks, "req-5"));
  ASSERT_EQ(view.activities.size(), 2U);
  EXPECT_EQ(view.activities[0].menu_item, kMenuItem);
  EXPECT_TRUE(contains(view.activities[0].title, "Building Integrity")) << view.activities[0].title;
  EXPECT_EQ(view.activities[0].goal, goal_id);
  EXPECT_EQ(view.activities[0].state, "planned");
  EXPECT_TRUE(view.activities[1].menu_item.empty());
  EXPECT_EQ(view.activities[1].title, "Bilateral staff talks");

  // Submitted by the partner; staff review it, the officer may not.
  EXPECT_EQ(MUST(take(gia_, id, "submit")).programme.state, "submitted");
  Result<ProgrammeView> refused = take(gia_, id, "review");
  ASSERT_FALSE(refused.is_ok());
  EXPECT_EQ(refused.status().code(), ErrorCode::kForbidden);
  EXPECT_EQ(MUST(take(sam_, id, "review")).programme.state, "under-review");
  EXPECT_FALSE(MUST(manage().programme(gia_, id)).editable);

  // Returned with the reasons, which a return needs.
  refused = take(sam_, id, "return");
  ASSERT_FALSE(refused.is_ok());
  EXPECT_EQ(refused.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(refused.status().field(), "/comment");
  EXPECT_EQ(MUST(take(sam_, id, "return", "objective 2 needs a goal")).programme.state, "returned");

  // Revised (the officer edits while it is returned) and submitted again; sue reviews.
  ProgrammeFields retitle;
  retitle.title = "Georgia ITPP, revised";
  MUST(manage().update_programme(gia_, id, programme(id).stamp.version, retitle, "req-6"));
  EXPECT_EQ(MUST(take(gia_, id, "revise")).programme.state, "draft");
  MUST(take(gia_, id, "submit"));
  MUST(take(sue_, id, "review"));

  // Put to the council under silence; France breaks silence.
  view = MUST(take(sue_, id, "refer", "", "silence", in(hours(1))));
  EXPECT_EQ(view.programme.state, "in-council");
  ASSERT_EQ(view.rounds.size(), 1U);
  const std::int64_t first = view.rounds[0].round.stamp.id;
  EXPECT_EQ(view.rounds[0].round.procedure, "silence");
  EXPECT_EQ(view.rounds[0].round.state, "open");
  EXPECT_EQ(view.rounds[0].round.opened_by, "sue");
  EXPECT_EQ(view.rounds[0].round.deadline, in(hours(1)));
  EXPECT_EQ(view.rounds[0].awaiting.size(), 32U);  // NATO's members in 2026

  Result<RoundView> said = position(fabien_, first, "object");  // an objection says why
  ASSERT_FALSE(said.is_ok());
  EXPECT_EQ(said.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(said.status().field(), "/reason");
  said = position(fabien_, first, "support", "fine");  // under silence, only a break is said
  ASSERT_FALSE(said.is_ok());
  EXPECT_EQ(said.status().field(), "/position");
  RoundView round = MUST(position(fabien_, first, "object", "the goals are not ambitious enough"));
  EXPECT_EQ(round.round.state, "not-adopted");
  EXPECT_EQ(round.round.outcome, "returned-to-discussion");
  EXPECT_TRUE(contains(round.round.reasoning, "silence broken by FRA")) << round.round.reasoning;
  EXPECT_FALSE(round.round.decided_at.empty());
  ASSERT_EQ(round.positions.size(), 1U);
  EXPECT_EQ(round.positions[0].nation, "FRA");
  EXPECT_EQ(round.positions[0].actor, "fabien");
  EXPECT_EQ(state(id), "under-review");
  said = position(dieter_, first, "object", "too late");
  ASSERT_FALSE(said.is_ok());
  EXPECT_EQ(said.status().code(), ErrorCode::kRefused);

  // Referred again; silence holds until the deadline and the timer adopts it.
  const std::int64_t second = refer(id, "silence", &sam_);
  EXPECT_NE(second, first);
  EXPECT_EQ(MUST(manage().fire_due_timers()), 0);  // not yet due
  EXPECT_EQ(MUST(manage().next_timer()), in(hours(1)));
  clock_->advance(hours(2));
  EXPECT_EQ(MUST(manage().fire_due_timers()), 1);
  EXPECT_EQ(MUST(manage().fire_due_timers()), 0);
  EXPECT_EQ(MUST(manage().next_timer()), "");
  view = MUST(manage().programme(gia_, id));
  EXPECT_EQ(view.programme.state, "approved");
  ASSERT_EQ(view.rounds.size(), 2U);
  EXPECT_EQ(view.rounds[1].round.state, "adopted");
  EXPECT_EQ(view.rounds[1].round.outcome, "adopted");
  EXPECT_TRUE(contains(view.rounds[1].round.reasoning, "no member broke silence")) << view.rounds[1].round.reasoning;
  EXPECT_TRUE(contains(view.rounds[1].round.reasoning, "Deadline")) << view.rounds[1].round.reasoning;

  // The history: every step, with its actor and comment.
  struct Step {
    std::string action, actor, from, to;
  };
  const std::vector<Step> expected = {
      {"submit", "gia", "draft", "submitted"},        {"review", "sam", "submitted", "under-review"},
      {"return", "sam", "under-review", "returned"},  {"revise", "gia", "returned", "draft"},
      {"submit", "gia", "draft", "submitted"},        {"review", "sue", "submitted", "under-review"},
      {"refer", "sue", "under-review", "in-council"}, {"reject", "system", "in-council", "under-review"},
      {"refer", "sam", "under-review", "in-council"}, {"adopt", "system", "in-council", "approved"},
  };
  ASSERT_EQ(view.history.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const TransitionEntry& entry = view.history[i];
    EXPECT_EQ(entry.action, expected[i].action) << i;
    EXPECT_EQ(entry.actor, expected[i].actor) << i;
    EXPECT_EQ(entry.from_state, expected[i].from) << i;
    EXPECT_EQ(entry.to_state, expected[i].to) << i;
    EXPECT_EQ(entry.effective, 1) << i;
    EXPECT_EQ(entry.workflow, "itpp");
    EXPECT_EQ(entry.subject, id);
  }
  EXPECT_EQ(view.history[0].actor_role, "nation-officer");
  EXPECT_EQ(view.history[0].actor_nation, "GEO");
  EXPECT_EQ(view.history[1].actor_role, "alliance-staff");
  EXPECT_EQ(view.history[2].comment, "objective 2 needs a goal");
  EXPECT_EQ(view.history[7].actor_role, "system");
  EXPECT_TRUE(contains(view.history[7].comment, "returned-to-discussion")) << view.history[7].comment;
  EXPECT_TRUE(contains(view.history[9].comment, "adopted")) << view.history[9].comment;

  // The history search, newest first.
  TransitionQuery query;
  query.workflow = "itpp";
  query.subject = id;
  query.actor = "sam";
  const std::vector<TransitionEntry> by_sam = MUST(manage().transitions(sam_, query));
  ASSERT_EQ(by_sam.size(), 3U);
  EXPECT_EQ(by_sam[0].action, "refer");
  EXPECT_EQ(by_sam[2].action, "review");

  // The audit log: the programme's create, its parts, its update and every step; the
  // rounds' creation, France's position and the two decisions.
  std::map<std::pair<std::string, std::string>, int> counts;
  for (const AuditEntry& entry : audit()) ++counts[{entry.kind, entry.action}];
  EXPECT_EQ((counts[{"programme", "create"}]), 5);  // the programme and its four parts
  EXPECT_EQ((counts[{"programme", "update"}]), 1);
  EXPECT_EQ((counts[{"programme", "step"}]), 10);
  EXPECT_EQ((counts[{"council-round", "create"}]), 2);
  EXPECT_EQ((counts[{"council-round", "position"}]), 1);
  EXPECT_EQ((counts[{"council-round", "step"}]), 2);
  const std::vector<AuditEntry> entries = audit();
  const auto returned = std::find_if(entries.begin(), entries.end(), [](const AuditEntry& e) {
    return e.kind == "programme" && e.action == "step" && e.reason == "objective 2 needs a goal";
  });
  ASSERT_NE(returned, entries.end());
  EXPECT_EQ(returned->actor, "sam");
  EXPECT_EQ(returned->record, id);
  EXPECT_EQ(returned->request_id, "req-return");
  EXPECT_TRUE(contains(returned->after, "\"returned\"")) << returned->after;
  const auto objection =
      std::find_if(entries.begin(), entries.end(), [](const AuditEntry& e) { return e.action == "position"; });
  ASSERT_NE(objection, entries.end());
  EXPECT_EQ(objection->actor, "fabien");
  EXPECT_EQ(objection->record, first);
  EXPECT_EQ(objection->reason, "the goals are not ambitious enough");
}

TEST_F(ManageTest, UnderConsensusSupportFromEveryMemberAdoptsAtOnce) {
  const std::int64_t id = under_review();
  const std::int64_t round_id = refer(id, "consensus");
  RoundView round = MUST(manage().round(sam_, round_id));
  EXPECT_EQ(round.round.procedure, "consensus");
  const std::vector<std::string> members = round.awaiting;
  ASSERT_EQ(members.size(), 32U);
  EXPECT_TRUE(std::is_sorted(members.begin(), members.end()));
  for (std::size_t i = 0; i < members.size(); ++i) {
    // Abstaining does not break consensus either.
    round = MUST(position(officer_of(members[i]), round_id, i == 3 ? "abstain" : "support"));
    if (i + 1 < members.size()) {
      ASSERT_EQ(round.round.state, "open") << members[i];
      EXPECT_EQ(round.awaiting.size(), members.size() - i - 1);
      EXPECT_EQ(state(id), "in-council");
    }
  }
  EXPECT_EQ(round.round.state, "adopted");
  EXPECT_TRUE(round.awaiting.empty());
  EXPECT_EQ(round.positions.size(), 32U);
  EXPECT_EQ(state(id), "approved");
  // Nothing is left for the timer.
  EXPECT_EQ(MUST(manage().next_timer()), "");
  clock_->advance(hours(2));
  EXPECT_EQ(MUST(manage().fire_due_timers()), 0);
  EXPECT_EQ(state(id), "approved");
}

TEST_F(ManageTest, UnderConsensusOneObjectionBlocksAtOnce) {
  const std::int64_t id = under_review();
  const std::int64_t round_id = refer(id, "consensus");
  RoundView round = MUST(position(dieter_, round_id, "support"));
  EXPECT_EQ(round.round.state, "open");
  EXPECT_FALSE(round.may_state_position);  // Germany has spoken
  Result<RoundView> twice = position(dieter_, round_id, "object", "second thoughts");
  ASSERT_FALSE(twice.is_ok());
  EXPECT_EQ(twice.status().code(), ErrorCode::kConflict);

  EXPECT_TRUE(MUST(manage().round(fabien_, round_id)).may_state_position);
  round = MUST(position(fabien_, round_id, "object", "not yet"));
  EXPECT_EQ(round.round.state, "not-adopted");
  EXPECT_TRUE(contains(round.round.reasoning, "FRA object")) << round.round.reasoning;
  EXPECT_EQ(state(id), "under-review");
  EXPECT_EQ(programme(id).state, "under-review");
  // The round's timer is spent with it.
  EXPECT_EQ(MUST(manage().next_timer()), "");
}

TEST_F(ManageTest, OnlyOfficersOfMembersStatePositionsWhileTheRoundIsOpen) {
  const std::int64_t id = under_review();
  const std::int64_t round_id = refer(id, "consensus");
  for (const Principal* actor : {&gia_, &ulyana_, &sam_}) {
    Result<RoundView> said = position(*actor, round_id, "support");
    ASSERT_FALSE(said.is_ok()) << actor->name;
    EXPECT_EQ(said.status().code(), ErrorCode::kForbidden) << actor->name;
  }
  EXPECT_EQ(position(vera_, round_id, "support").status().code(), ErrorCode::kForbidden);
  EXPECT_EQ(position(fabien_, round_id, "maybe").status().field(), "/position");
  EXPECT_EQ(position(fabien_, round_id + 100, "support").status().code(), ErrorCode::kNotFound);
  // At the deadline, before the timer has fired, no position is taken any more.
  clock_->advance(hours(1));
  Result<RoundView> late = position(fabien_, round_id, "support");
  ASSERT_FALSE(late.is_ok());
  EXPECT_EQ(late.status().code(), ErrorCode::kRefused);
  EXPECT_TRUE(contains(late.status().message(), "deadline")) << late.status().message();
  // The consensus round closes once its deadline has passed: nobody objected.
  clock_->advance(minutes(1));
  EXPECT_EQ(MUST(manage().fire_due_timers()), 1);
  EXPECT_EQ(state(id), "approved");
}

TEST_F(ManageTest, TheCouncilsStepsAreTheSystemsAndAReferralNeedsAValidDeadline) {
  const std::int64_t id = under_review();
  struct Case {
    std::string procedure;
    std::string deadline;
    std::string field;
  };
  const std::vector<Case> cases = {
      {"majority", "", "/procedure"},
      {"silence", "tomorrow", "/deadline"},
      {"silence", format_instant(clock_->now() - minutes(1)), "/deadline"},      // passed
      {"silence", format_instant(clock_->now() + hours(24 * 31)), "/deadline"},  // over 30 days away
  };
  for (const Case& c : cases) {
    Result<ProgrammeView> refused = take(sue_, id, "refer", "", c.procedure, c.deadline);
    ASSERT_FALSE(refused.is_ok()) << c.procedure << " " << c.deadline;
    EXPECT_EQ(refused.status().code(), ErrorCode::kInvalidArgument);
    EXPECT_EQ(refused.status().field(), c.field);
  }
  EXPECT_EQ(state(id), "under-review");
  EXPECT_TRUE(MUST(manage().programme(sam_, id)).rounds.empty());

  // By default the usual procedure (consensus) and 72 hours.
  const ProgrammeView view = MUST(take(sue_, id, "refer"));
  ASSERT_EQ(view.rounds.size(), 1U);
  EXPECT_EQ(view.rounds[0].round.procedure, "consensus");
  EXPECT_EQ(view.rounds[0].round.deadline, in(hours(72)));
  EXPECT_TRUE(contains(view.rounds[0].round.question, "Georgia")) << view.rounds[0].round.question;

  // adopt and reject are taken by the council's decision only.
  Result<ProgrammeView> adopt = take(sam_, id, "adopt");
  ASSERT_FALSE(adopt.is_ok());
  EXPECT_EQ(adopt.status().code(), ErrorCode::kRefused);
  EXPECT_EQ(state(id), "in-council");
}

TEST_F(ManageTest, StepsAreCheckedByTheWorkflowThroughTheService) {
  const std::int64_t id = draft(sam_);  // staff co-own drafts
  Result<ProgrammeView> wrong = take(sam_, id, "refer");
  ASSERT_FALSE(wrong.is_ok());
  EXPECT_EQ(wrong.status().code(), ErrorCode::kRefused);
  EXPECT_EQ(wrong.status().field(), "/action");
  wrong = take(sam_, id, "dance");
  ASSERT_FALSE(wrong.is_ok());
  EXPECT_EQ(wrong.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_TRUE(contains(wrong.status().message(), "submit")) << wrong.status().message();

  // Four eyes: sam submitted, so sam neither reviews nor refers.
  MUST(take(sam_, id, "submit"));
  wrong = take(sam_, id, "review");
  ASSERT_FALSE(wrong.is_ok());
  EXPECT_EQ(wrong.status().code(), ErrorCode::kRefused);
  EXPECT_TRUE(contains(wrong.status().message(), "four eyes")) << wrong.status().message();
  MUST(take(sue_, id, "review"));
  wrong = take(sam_, id, "refer");
  ASSERT_FALSE(wrong.is_ok());
  EXPECT_EQ(wrong.status().code(), ErrorCode::kRefused);
  EXPECT_TRUE(contains(wrong.status().message(), "four eyes")) << wrong.status().message();
  EXPECT_EQ(state(id), "under-review");

  // The options say so too.
  const ProgrammeView as_sam = MUST(manage().programme(sam_, id));
  const auto refer_option = std::find_if(as_sam.actions.begin(), as_sam.actions.end(),
                                         [](const ActionOption& o) { return o.action == "refer"; });
  ASSERT_NE(refer_option, as_sam.actions.end());
  EXPECT_FALSE(refer_option->allowed);
  EXPECT_TRUE(contains(refer_option->reason, "four eyes")) << refer_option->reason;
  const ProgrammeView as_sue = MUST(manage().programme(sue_, id));
  for (const ActionOption& option : as_sue.actions) EXPECT_TRUE(option.allowed) << option.action << option.reason;
}

TEST_F(ManageTest, ASuspendedPartnersProgrammeIsNotSubmitted) {
  const std::int64_t id = draft(rustam_, "RUS");
  Result<ProgrammeView> submitted = take(rustam_, id, "submit");
  ASSERT_FALSE(submitted.is_ok());
  EXPECT_EQ(submitted.status().code(), ErrorCode::kRefused);
  EXPECT_TRUE(contains(submitted.status().message(), "Russia may not take part in individual-programme"))
      << submitted.status().message();
  EXPECT_TRUE(contains(submitted.status().message(), "suspended")) << submitted.status().message();
  EXPECT_EQ(state(id), "draft");
  EXPECT_TRUE(MUST(manage().programme(rustam_, id)).history.empty());
}

TEST_F(ManageTest, ClosingAProgrammeNeedsTwoDistinctStaffNeitherTheAssessor) {
  const std::int64_t id = approved();
  MUST(take(sam_, id, "activate"));
  Result<ProgrammeView> assess = take(sam_, id, "assess");
  EXPECT_EQ(assess.status().field(), "/comment");
  MUST(take(sam_, id, "assess", "the goals are met"));
  EXPECT_EQ(state(id), "reviewed");

  Result<ProgrammeView> closed = take(sam_, id, "close", "done");
  ASSERT_FALSE(closed.is_ok());
  EXPECT_EQ(closed.status().code(), ErrorCode::kRefused);
  EXPECT_TRUE(contains(closed.status().message(), "four eyes")) << closed.status().message();

  // sue's approval is the first of two: the programme stays where it is.
  const std::int64_t before = programme(id).stamp.version;
  ProgrammeView view = MUST(take(sue_, id, "close", "done"));
  EXPECT_EQ(view.programme.state, "reviewed");
  EXPECT_GT(view.programme.stamp.version, before);
  ASSERT_FALSE(view.history.empty());
  EXPECT_EQ(view.history.back().action, "close");
  EXPECT_EQ(view.history.back().effective, 0);
  EXPECT_EQ(view.history.back().to_state, "reviewed");
  const auto close_option =
      std::find_if(view.actions.begin(), view.actions.end(), [](const ActionOption& o) { return o.action == "close"; });
  ASSERT_NE(close_option, view.actions.end());
  EXPECT_EQ(close_option->approvals, 2);
  EXPECT_EQ(close_option->approved_by, (std::vector<std::string>{"sue"}));
  EXPECT_FALSE(close_option->allowed);  // sue may not approve twice

  closed = take(sue_, id, "close", "done, again");
  ASSERT_FALSE(closed.is_ok());
  EXPECT_EQ(closed.status().code(), ErrorCode::kConflict);
  EXPECT_EQ(state(id), "reviewed");

  view = MUST(take(stan_, id, "close", "agreed"));
  EXPECT_EQ(view.programme.state, "closed");
  EXPECT_EQ(view.history.back().effective, 1);
  EXPECT_EQ(view.history.back().actor, "stan");
}

// Withdrawing a programme from the council closes its open round: the round takes no more
// positions and its deadline decides nothing, even once the programme is referred again.
TEST_F(ManageTest, AWithdrawnRoundIsClosedAndDecidesNothing) {
  const std::int64_t id = under_review();
  const std::int64_t withdrawn = refer(id, "silence");
  MUST(take(sue_, id, "withdraw", "the partner asked for changes"));
  EXPECT_EQ(state(id), "under-review");
  const RoundView old_round = MUST(manage().round(sam_, withdrawn));
  EXPECT_EQ(old_round.round.state, "withdrawn");
  EXPECT_FALSE(MUST(manage().round(fabien_, withdrawn)).may_state_position);

  // Referred again, with a later deadline.
  const ProgrammeView view = MUST(take(sue_, id, "refer", "", "silence", in(hours(3))));
  const std::int64_t current = view.rounds.back().round.stamp.id;
  clock_->advance(hours(2));  // past the withdrawn round's deadline, not the current one's
  MUST(manage().fire_due_timers());
  EXPECT_EQ(state(id), "in-council") << "the withdrawn round decided the programme";
  EXPECT_EQ(MUST(manage().round(sam_, current)).round.state, "open");
}

// ---------------------------------------------------------------------------------------
// Timers across a restart

TEST_F(ManageTest, APendingDeadlineFiresAfterARestartOnce) {
  const std::filesystem::path directory =
      std::filesystem::temp_directory_path() /
      ("entente-manage-test-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
       std::to_string(reinterpret_cast<std::uintptr_t>(this)));
  std::filesystem::remove_all(directory);
  std::filesystem::create_directories(directory);
  struct RemoveAtEnd {
    std::filesystem::path path;
    ~RemoveAtEnd() {
      std::error_code ignored;
      std::filesystem::remove_all(path, ignored);
    }
  } remove_at_end{directory};
  const std::string path = (directory / "entente.db").string();
  std::int64_t id = 0;
  std::string deadline;
  {
    Result<std::unique_ptr<Store>> store = Store::open_sqlite(path, Store::OpenMode::kCreate);
    ASSERT_TRUE(store.is_ok()) << why(store);
    ASSERT_TRUE((*store)->replace(*dataset_).is_ok());
    ASSERT_NO_FATAL_FAILURE(open(std::move(*store), kDay));
    add_accounts();
    id = under_review();
    refer(id, "silence");
    deadline = MUST(manage().next_timer());
    EXPECT_EQ(deadline, in(hours(1)));
    engine_.reset();  // the server stops
  }
  {
    Result<std::unique_ptr<Store>> store = Store::open_sqlite(path, Store::OpenMode::kExisting);
    ASSERT_TRUE(store.is_ok()) << why(store);
    ASSERT_NO_FATAL_FAILURE(open(std::move(*store), kDay));
    EXPECT_EQ(MUST(manage().next_timer()), deadline);
    EXPECT_EQ(state(id), "in-council");
    clock_->advance(hours(2));
    EXPECT_EQ(MUST(manage().fire_due_timers()), 1);
    EXPECT_EQ(state(id), "approved");
    EXPECT_EQ(MUST(manage().fire_due_timers()), 0);
    EXPECT_EQ(MUST(manage().next_timer()), "");
    engine_.reset();
  }
  {
    // A second restart finds nothing left to fire.
    Result<std::unique_ptr<Store>> store = Store::open_sqlite(path, Store::OpenMode::kExisting);
    ASSERT_TRUE(store.is_ok()) << why(store);
    ASSERT_NO_FATAL_FAILURE(open(std::move(*store), kDay));
    clock_->advance(hours(3));
    EXPECT_EQ(MUST(manage().fire_due_timers()), 0);
    EXPECT_EQ(state(id), "approved");
    EXPECT_EQ(MUST(manage().programme(sam_, id)).history.size(), 4U);  // submit, review, refer, adopt
    engine_.reset();
  }
}

// ---------------------------------------------------------------------------------------
// Versions

TEST_F(ManageTest, AStaleVersionIsAConflictThatChangesNothing) {
  const std::int64_t id = draft(gia_);
  const std::int64_t seen = programme(id).stamp.version;
  // Adding a part moves the programme's version: a step asked on what was seen before fails.
  PartFields objective;
  objective.title = "Defence reform";
  ProgrammeView view = MUST(manage().add_part(gia_, id, PartKind::kObjective, objective, ""));
  EXPECT_GT(view.programme.stamp.version, seen);
  const std::int64_t current = view.programme.stamp.version;

  StepRequest submit;
  submit.action = "submit";
  submit.expected_version = seen;
  Result<ProgrammeView> stale = manage().step_programme(gia_, id, submit);
  ASSERT_FALSE(stale.is_ok());
  EXPECT_EQ(stale.status().code(), ErrorCode::kConflict);
  EXPECT_TRUE(contains(stale.status().message(), std::to_string(current))) << stale.status().message();

  ProgrammeFields retitle;
  retitle.title = "Another title";
  Result<ProgrammeView> update = manage().update_programme(gia_, id, seen, retitle, "");
  ASSERT_FALSE(update.is_ok());
  EXPECT_EQ(update.status().code(), ErrorCode::kConflict);

  // A part's own version.
  const Objective part = view.objectives.at(0);
  PartFields rename;
  rename.title = "Defence and security sector reform";
  view = MUST(manage().update_part(gia_, id, PartKind::kObjective, part.stamp.id, part.stamp.version, rename, ""));
  EXPECT_EQ(view.objectives.at(0).title, "Defence and security sector reform");
  Result<ProgrammeView> stale_part =
      manage().update_part(gia_, id, PartKind::kObjective, part.stamp.id, part.stamp.version, objective, "");
  EXPECT_EQ(stale_part.status().code(), ErrorCode::kConflict);
  Result<ProgrammeView> stale_removal =
      manage().remove_part(gia_, id, PartKind::kObjective, part.stamp.id, part.stamp.version, "");
  EXPECT_EQ(stale_removal.status().code(), ErrorCode::kConflict);

  // Nothing changed.
  view = MUST(manage().programme(sam_, id));
  EXPECT_EQ(view.programme.state, "draft");
  EXPECT_EQ(view.programme.title, "Partnership 2026-2029");
  EXPECT_EQ(view.objectives.at(0).title, "Defence and security sector reform");
  EXPECT_TRUE(view.history.empty());
  const std::int64_t now_version = view.programme.stamp.version;

  // With the current version it goes.
  submit.expected_version = now_version;
  EXPECT_EQ(MUST(manage().step_programme(gia_, id, submit)).programme.state, "submitted");
  // ...and a content change is refused once it is submitted.
  Result<ProgrammeView> late = manage().update_programme(gia_, id, programme(id).stamp.version, retitle, "");
  EXPECT_EQ(late.status().code(), ErrorCode::kRefused);
  Result<ProgrammeView> late_part = manage().add_part(gia_, id, PartKind::kObjective, objective, "");
  EXPECT_EQ(late_part.status().code(), ErrorCode::kRefused);
}

// ---------------------------------------------------------------------------------------
// Visibility, the inbox and notifications

TEST_F(ManageTest, EachUserSeesTheProgrammesTheirRoleAndNationAllow) {
  const std::int64_t ukraine = draft(ulyana_, "UKR");
  const std::int64_t georgia = under_review();

  Result<ProgrammeView> seen = manage().programme(gia_, ukraine);
  ASSERT_FALSE(seen.is_ok());
  EXPECT_EQ(seen.status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(manage().programme(vera_, georgia).status().code(), ErrorCode::kForbidden);
  EXPECT_EQ(manage().programme(Principal::anonymous(), georgia).status().code(), ErrorCode::kUnauthenticated);
  EXPECT_EQ(manage().programme(sam_, 999).status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(manage().programmes(vera_, {}).status().code(), ErrorCode::kForbidden);

  const auto listed = [&](const Principal& actor) {
    std::vector<std::int64_t> ids;
    for (const Programme& p : MUST(manage().programmes(actor, {})).programmes) ids.push_back(p.stamp.id);
    return ids;
  };
  EXPECT_EQ(listed(gia_), (std::vector<std::int64_t>{georgia}));
  EXPECT_EQ(listed(ulyana_), (std::vector<std::int64_t>{ukraine}));
  EXPECT_EQ(listed(sam_), (std::vector<std::int64_t>{ukraine, georgia}));
  // An Ally's officer sees a programme once it went to the council, and from then on.
  EXPECT_TRUE(listed(fabien_).empty());
  EXPECT_EQ(manage().programme(fabien_, georgia).status().code(), ErrorCode::kNotFound);
  const std::int64_t round_id = refer(georgia, "consensus");
  EXPECT_EQ(listed(fabien_), (std::vector<std::int64_t>{georgia}));
  EXPECT_EQ(MUST(manage().programme(fabien_, georgia)).programme.stamp.id, georgia);
  EXPECT_TRUE(MUST(manage().round(fabien_, round_id)).may_state_position);
  EXPECT_EQ(manage().round(ulyana_, round_id).status().code(), ErrorCode::kNotFound);
  EXPECT_FALSE(MUST(manage().round(gia_, round_id)).may_state_position);
  MUST(position(fabien_, round_id, "object", "not yet"));
  EXPECT_EQ(MUST(manage().programme(fabien_, georgia)).programme.state, "under-review");
  // ...but may not edit or step it.
  EXPECT_EQ(take(fabien_, georgia, "return", "no").status().code(), ErrorCode::kForbidden);

  // A filter, a search by title or nation name, a page.
  ProgrammeFilter filter;
  filter.q = "georgia";
  EXPECT_EQ(MUST(manage().programmes(sam_, filter)).total, 1);
  filter = {};
  filter.state = "draft";
  EXPECT_EQ(MUST(manage().programmes(sam_, filter)).programmes.at(0).stamp.id, ukraine);
  filter = {};
  filter.limit = 1;
  filter.offset = 1;
  const ProgrammeList page = MUST(manage().programmes(sam_, filter));
  EXPECT_EQ(page.total, 2);
  ASSERT_EQ(page.programmes.size(), 1U);
  EXPECT_EQ(page.programmes[0].stamp.id, georgia);

  // The history search is staff's; a programme's own history comes with the programme.
  TransitionQuery query;
  query.workflow = "itpp";
  query.subject = georgia;
  EXPECT_EQ(MUST(manage().transitions(sam_, query)).size(), 4U);  // submit, review, refer, reject
  EXPECT_EQ(manage().transitions(gia_, query).status().code(), ErrorCode::kForbidden);
  EXPECT_EQ(manage().transitions(ulyana_, query).status().code(), ErrorCode::kForbidden);
  EXPECT_EQ(manage().transitions(vera_, query).status().code(), ErrorCode::kForbidden);
  EXPECT_EQ(MUST(manage().programme(gia_, georgia)).history.size(), 4U);
}

TEST_F(ManageTest, TheInboxListsWhatAwaitsEachUserAndNotificationsAreMarkedRead) {
  const std::int64_t id = draft(gia_);
  MUST(take(gia_, id, "submit"));

  const auto awaiting = [&](const Principal& actor, const std::string& workflow,
                            std::int64_t subject) -> std::vector<std::string> {
    for (const InboxItem& item : MUST(manage().inbox(actor)).awaiting) {
      if (item.workflow == workflow && item.subject == subject) return item.actions;
    }
    return {"(absent)"};
  };
  EXPECT_EQ(awaiting(sam_, "itpp", id), (std::vector<std::string>{"review"}));
  EXPECT_EQ(awaiting(sue_, "itpp", id), (std::vector<std::string>{"review"}));
  EXPECT_EQ(awaiting(gia_, "itpp", id), (std::vector<std::string>{"(absent)"}));
  EXPECT_EQ(awaiting(fabien_, "itpp", id), (std::vector<std::string>{"(absent)"}));
  EXPECT_EQ(manage().inbox(vera_).status().code(), ErrorCode::kForbidden);

  // Staff are told of the submission, the submitter is not.
  Inbox staff = MUST(manage().inbox(sam_));
  ASSERT_EQ(staff.notifications.size(), 1U);
  EXPECT_EQ(staff.unread, 1);
  EXPECT_EQ(staff.notifications[0].workflow, "itpp");
  EXPECT_EQ(staff.notifications[0].subject, id);
  EXPECT_TRUE(contains(staff.notifications[0].text, "submit by gia")) << staff.notifications[0].text;
  EXPECT_TRUE(MUST(manage().inbox(gia_)).notifications.empty());

  // Returned: the partner's officer is told why, and has the revision to do.
  MUST(take(sam_, id, "review"));
  MUST(take(sam_, id, "return", "add an objective"));
  Inbox partner = MUST(manage().inbox(gia_));
  ASSERT_EQ(partner.notifications.size(), 2U);  // review, return: newest first
  EXPECT_TRUE(contains(partner.notifications[0].text, "return by sam")) << partner.notifications[0].text;
  EXPECT_TRUE(contains(partner.notifications[0].text, "add an objective")) << partner.notifications[0].text;
  EXPECT_EQ(partner.unread, 2);
  EXPECT_EQ(awaiting(gia_, "itpp", id), (std::vector<std::string>{"revise"}));
  EXPECT_TRUE(MUST(manage().inbox(ulyana_)).notifications.empty());  // not Ukraine's

  // Marking read: one's own only.
  const std::int64_t note = partner.notifications[0].stamp.id;
  const Status foreign = manage().mark_read(sam_, note);
  EXPECT_EQ(foreign.code(), ErrorCode::kNotFound) << why(foreign);
  EXPECT_TRUE(manage().mark_read(gia_, note).is_ok());
  EXPECT_TRUE(manage().mark_read(gia_, note).is_ok());  // again: nothing more to do
  partner = MUST(manage().inbox(gia_));
  EXPECT_EQ(partner.unread, 1);
  EXPECT_FALSE(partner.notifications[0].read_at.empty());
  EXPECT_TRUE(partner.notifications[1].read_at.empty());
  EXPECT_EQ(manage().mark_read(gia_, 9999).code(), ErrorCode::kNotFound);

  // In the council: the Allies' officers are told and find the round in their inbox.
  MUST(take(gia_, id, "revise"));
  MUST(take(gia_, id, "submit"));
  MUST(take(sue_, id, "review"));
  const std::int64_t round_id = refer(id, "silence");
  EXPECT_EQ(awaiting(fabien_, "council-round", round_id), (std::vector<std::string>{"object"}));
  EXPECT_EQ(awaiting(dieter_, "council-round", round_id), (std::vector<std::string>{"object"}));
  EXPECT_EQ(awaiting(gia_, "council-round", round_id), (std::vector<std::string>{"(absent)"}));
  EXPECT_EQ(awaiting(sam_, "council-round", round_id), (std::vector<std::string>{"(absent)"}));
  const Inbox ally = MUST(manage().inbox(fabien_));
  ASSERT_EQ(ally.notifications.size(), 1U);
  EXPECT_TRUE(contains(ally.notifications[0].text, "refer by sue")) << ally.notifications[0].text;
  EXPECT_TRUE(MUST(manage().inbox(ulyana_)).notifications.empty());

  // Once France objected, France has nothing more to do; Germany neither (the round is decided).
  MUST(position(fabien_, round_id, "object", "not yet"));
  EXPECT_EQ(awaiting(fabien_, "council-round", round_id), (std::vector<std::string>{"(absent)"}));
  EXPECT_EQ(awaiting(dieter_, "council-round", round_id), (std::vector<std::string>{"(absent)"}));

  // Approval: the partner's officer and staff are told.
  refer(id, "silence", &sam_);
  clock_->advance(hours(2));
  EXPECT_EQ(MUST(manage().fire_due_timers()), 1);
  partner = MUST(manage().inbox(gia_));
  ASSERT_FALSE(partner.notifications.empty());
  EXPECT_TRUE(contains(partner.notifications[0].text, "adopt by system")) << partner.notifications[0].text;
  EXPECT_TRUE(contains(MUST(manage().inbox(stan_)).notifications.at(0).text, "adopt by system"));
}

// ---------------------------------------------------------------------------------------
// Input validation

TEST_F(ManageTest, AProgrammesFieldsAreCheckedNamingTheOffendingField) {
  struct Case {
    std::string name;
    ProgrammeFields fields;
    ErrorCode code;
    std::string field;
  };
  const auto with = [](auto change) {
    ProgrammeFields fields = programme_fields("GEO");
    change(fields);
    return fields;
  };
  const std::vector<Case> cases = {
      {"empty title", with([](ProgrammeFields& f) { f.title = ""; }), ErrorCode::kInvalidArgument, "/title"},
      {"blank title", with([](ProgrammeFields& f) { f.title = "  \t "; }), ErrorCode::kInvalidArgument, "/title"},
      {"no title", with([](ProgrammeFields& f) { f.title.reset(); }), ErrorCode::kInvalidArgument, "/title"},
      {"control character", with([](ProgrammeFields& f) { f.title = "ITPP\x07"; }), ErrorCode::kInvalidArgument,
       "/title"},
      {"not UTF-8", with([](ProgrammeFields& f) { f.title = "ITPP \xff"; }), ErrorCode::kInvalidArgument, "/title"},
      {"over-long title", with([](ProgrammeFields& f) { f.title = std::string(201, 'x'); }),
       ErrorCode::kInvalidArgument, "/title"},
      {"not a day", with([](ProgrammeFields& f) { f.period_from = "2026-02-30"; }), ErrorCode::kInvalidDate,
       "/period_from"},
      {"not a date", with([](ProgrammeFields& f) { f.period_to = "soon"; }), ErrorCode::kInvalidDate, "/period_to"},
      {"ends before it starts", with([](ProgrammeFields& f) { f.period_to = "2025-12-31"; }),
       ErrorCode::kInvalidArgument, "/period_to"},
      {"ends as it starts", with([](ProgrammeFields& f) { f.period_to = "2026-01-01"; }), ErrorCode::kInvalidArgument,
       "/period_to"},
      {"over six years", with([](ProgrammeFields& f) { f.period_to = "2033-01-01"; }), ErrorCode::kInvalidArgument,
       "/period_to"},
      {"review outside", with([](ProgrammeFields& f) { f.review_on = "2030-06-01"; }), ErrorCode::kInvalidArgument,
       "/review_on"},
      {"unknown nation", with([](ProgrammeFields& f) { f.nation = "XYZ"; }), ErrorCode::kUnknownNation, "/nation"},
      {"no nation", with([](ProgrammeFields& f) { f.nation.reset(); }), ErrorCode::kInvalidArgument, "/nation"},
  };
  for (const Case& c : cases) {
    Result<ProgrammeView> created = manage().create_programme(sam_, c.fields, "");
    ASSERT_FALSE(created.is_ok()) << c.name;
    EXPECT_EQ(created.status().code(), c.code) << c.name << ": " << created.status().to_string();
    EXPECT_EQ(created.status().field(), c.field) << c.name << ": " << created.status().to_string();
  }
  // Every mistake at once.
  ProgrammeFields many = programme_fields("GEO");
  many.title = "";
  many.period_from = "01/01/2026";
  Result<ProgrammeView> created = manage().create_programme(sam_, many, "");
  EXPECT_EQ(fields_of(created.status()), (std::vector<std::string>{"/title", "/period_from"}));

  // A member's programme, another nation's, a viewer's.
  created = manage().create_programme(sam_, programme_fields("FRA"), "");
  EXPECT_EQ(created.status().code(), ErrorCode::kRefused);
  EXPECT_EQ(created.status().field(), "/nation");
  created = manage().create_programme(gia_, programme_fields("UKR"), "");
  EXPECT_EQ(created.status().code(), ErrorCode::kForbidden);
  created = manage().create_programme(vera_, programme_fields("GEO"), "");
  EXPECT_EQ(created.status().code(), ErrorCode::kForbidden);
  EXPECT_TRUE(MUST(manage().programmes(sam_, {})).programmes.empty());

  // A valid programme with a review date; then its nation does not change.
  ProgrammeFields fields = programme_fields("GEO");
  fields.review_on = "2027-06-01";
  ProgrammeView view = MUST(manage().create_programme(gia_, fields, ""));
  ASSERT_TRUE(view.programme.review_on.has_value());
  EXPECT_EQ(*view.programme.review_on, Date::from_ymd(2027, 6, 1));
  ProgrammeFields move;
  move.nation = "UKR";
  Result<ProgrammeView> moved =
      manage().update_programme(sam_, view.programme.stamp.id, view.programme.stamp.version, move, "");
  EXPECT_EQ(moved.status().field(), "/nation");
}

TEST_F(ManageTest, AProgrammesPartsAreCheckedNamingTheOffendingField) {
  const std::int64_t id = draft(gia_);
  struct Case {
    std::string name;
    PartKind kind;
    PartFields fields;
    std::string field;
    ErrorCode code = ErrorCode::kInvalidArgument;
  };
  const auto activity = [](auto change) {
    PartFields fields;
    fields.title = "Staff talks";
    change(fields);
    return fields;
  };
  const std::vector<Case> cases = {
      {"before the period", PartKind::kActivity, activity([](PartFields& f) { f.from = "2025-12-31"; }), "/from"},
      {"after the period", PartKind::kActivity, activity([](PartFields& f) { f.to = "2030-01-01"; }), "/to"},
      {"ends before it starts", PartKind::kActivity, activity([](PartFields& f) {
         f.from = "2027-03-02";
         f.to = "2027-03-01";
       }),
       "/to"},
      {"bad date", PartKind::kActivity, activity([](PartFields& f) { f.from = "2027-13-01"; }), "/from",
       ErrorCode::kInvalidDate},
      {"unknown menu item", PartKind::kActivity, activity([](PartFields& f) {
         f.menu_item = "no-such-course";
         f.title.reset();
       }),
       "/menu_item"},
      {"unknown goal", PartKind::kActivity, activity([](PartFields& f) { f.goal = 424242; }), "/goal"},
      {"unknown state", PartKind::kActivity, activity([](PartFields& f) { f.state = "maybe"; }), "/state"},
      {"bilateral without title", PartKind::kActivity, activity([](PartFields& f) { f.title.reset(); }), "/title"},
      {"objective without title", PartKind::kObjective, PartFields{}, "/title"},
      {"control character", PartKind::kObjective, activity([](PartFields& f) { f.title = "a\x1b[31m"; }), "/title"},
      {"over-long description", PartKind::kObjective,
       activity([](PartFields& f) { f.description = std::string(4001, 'd'); }), "/description"},
      {"goal under an unknown objective", PartKind::kGoal, activity([](PartFields& f) { f.objective = 77; }),
       "/objective"},
      {"over-long code", PartKind::kGoal, activity([](PartFields& f) { f.code = std::string(41, 'G'); }), "/code"},
  };
  for (const Case& c : cases) {
    Result<ProgrammeView> added = manage().add_part(gia_, id, c.kind, c.fields, "");
    ASSERT_FALSE(added.is_ok()) << c.name;
    EXPECT_EQ(added.status().code(), c.code) << c.name << ": " << added.status().to_string();
    EXPECT_EQ(added.status().field(), c.field) << c.name << ": " << added.status().to_string();
  }
  const ProgrammeView view = MUST(manage().programme(gia_, id));
  EXPECT_TRUE(view.objectives.empty());
  EXPECT_TRUE(view.goals.empty());
  EXPECT_TRUE(view.activities.empty());

  // A goal of another programme is not this one's.
  const std::int64_t other = draft(gia_);
  PartFields goal;
  goal.title = "Another programme's goal";
  const std::int64_t foreign_goal =
      MUST(manage().add_part(gia_, other, PartKind::kGoal, goal, "")).goals.at(0).stamp.id;
  PartFields linked = activity([&](PartFields& f) { f.goal = foreign_goal; });
  EXPECT_EQ(manage().add_part(gia_, id, PartKind::kActivity, linked, "").status().field(), "/goal");
  // Someone else's programme.
  EXPECT_EQ(manage().add_part(ulyana_, id, PartKind::kObjective, goal, "").status().code(), ErrorCode::kNotFound);

  // Removing a goal keeps its activities, without the goal.
  const std::int64_t own_goal = MUST(manage().add_part(gia_, id, PartKind::kGoal, goal, "")).goals.at(0).stamp.id;
  PartFields under = activity([&](PartFields& f) { f.goal = own_goal; });
  ProgrammeView with = MUST(manage().add_part(gia_, id, PartKind::kActivity, under, ""));
  ASSERT_EQ(with.activities.size(), 1U);
  EXPECT_EQ(with.activities[0].goal, own_goal);
  with = MUST(manage().remove_part(gia_, id, PartKind::kGoal, own_goal, with.goals.at(0).stamp.version, ""));
  EXPECT_TRUE(with.goals.empty());
  ASSERT_EQ(with.activities.size(), 1U);
  EXPECT_EQ(with.activities[0].goal, 0);
}

// An activity falls within its programme's period, so the period cannot be changed to
// leave one outside it.
TEST_F(ManageTest, ShorteningThePeriodLeavesNoActivityOutsideIt) {
  const std::int64_t id = draft(gia_);
  PartFields talks;
  talks.title = "Staff talks";
  talks.from = "2029-06-01";
  MUST(manage().add_part(gia_, id, PartKind::kActivity, talks, ""));
  ProgrammeFields shorter;
  shorter.period_to = "2028-12-31";
  Result<ProgrammeView> updated = manage().update_programme(gia_, id, programme(id).stamp.version, shorter, "");
  ASSERT_FALSE(updated.is_ok()) << "the activity of 2029-06-01 is now outside 2026-01-01 to 2028-12-31";
  EXPECT_EQ(updated.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(updated.status().field(), "/period_to");
}

// ---------------------------------------------------------------------------------------
// PARP

TEST_F(ManageTest, APartnerOpensOnePlanningAndReviewCycleAYear) {
  ParpView cycle = MUST(manage().open_parp(gia_, "GEO", "req-parp"));
  EXPECT_EQ(cycle.cycle.state, "survey");
  EXPECT_EQ(cycle.cycle.year, 2026);
  EXPECT_EQ(cycle.cycle.nation, "GEO");
  EXPECT_EQ(cycle.cycle.opened_by, "gia");
  EXPECT_EQ(cycle.nation_name, "Georgia");
  EXPECT_FALSE(cycle.cycle.eligibility.empty());
  EXPECT_TRUE(contains(cycle.cycle.eligibility, "PFP")) << cycle.cycle.eligibility;
  EXPECT_EQ(cycle.states.front(), "survey");

  Result<ParpView> again = manage().open_parp(sam_, "GEO", "");
  ASSERT_FALSE(again.is_ok());
  EXPECT_EQ(again.status().code(), ErrorCode::kConflict);
  EXPECT_EQ(again.status().field(), "/nation");

  Result<ParpView> russia = manage().open_parp(sam_, "RUS", "");
  ASSERT_FALSE(russia.is_ok());
  EXPECT_EQ(russia.status().code(), ErrorCode::kRefused);
  EXPECT_EQ(russia.status().field(), "/nation");
  EXPECT_TRUE(contains(russia.status().message(), "Russia may not take part in the Planning and Review Process"))
      << russia.status().message();
  EXPECT_TRUE(contains(russia.status().message(), "suspended")) << russia.status().message();
  EXPECT_EQ(manage().open_parp(rustam_, "RUS", "").status().code(), ErrorCode::kRefused);

  EXPECT_EQ(manage().open_parp(gia_, "UKR", "").status().code(), ErrorCode::kForbidden);
  EXPECT_EQ(manage().open_parp(sam_, "XYZ", "").status().code(), ErrorCode::kUnknownNation);
  EXPECT_EQ(manage().open_parp(vera_, "GEO", "").status().code(), ErrorCode::kForbidden);

  // Who sees it.
  const std::int64_t id = cycle.cycle.stamp.id;
  EXPECT_EQ(manage().parp_cycle(ulyana_, id).status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(MUST(manage().parp_cycles(gia_, "")).size(), 1U);
  EXPECT_TRUE(MUST(manage().parp_cycles(ulyana_, "")).empty());
  EXPECT_TRUE(MUST(manage().parp_cycles(ulyana_, "GEO")).empty());
  EXPECT_EQ(MUST(manage().parp_cycles(sam_, "GEO")).size(), 1U);

  const auto audited = audit();
  EXPECT_TRUE(std::any_of(audited.begin(), audited.end(), [&](const AuditEntry& e) {
    return e.kind == "parp-cycle" && e.action == "create" && e.record == id && e.request_id == "req-parp";
  }));
}

TEST_F(ManageTest, StaffTakeACycleToApprovalInAnEvenYearWithGoalsAndResults) {
  const std::int64_t id = MUST(manage().open_parp(gia_, "GEO", "")).cycle.stamp.id;
  const auto step = [&](const Principal& actor, const std::string& action, const std::string& comment = "") {
    StepRequest request;
    request.action = action;
    request.expected_version = MUST(manage().parp_cycle(sam_, id)).cycle.stamp.version;
    request.comment = comment;
    return manage().step_parp(actor, id, request);
  };
  EXPECT_EQ(step(gia_, "draft-goals").status().code(), ErrorCode::kForbidden);  // staff draft the goals
  EXPECT_EQ(step(sam_, "approve").status().code(), ErrorCode::kRefused);        // not from survey
  EXPECT_EQ(MUST(step(sam_, "draft-goals")).cycle.state, "draft-goals");

  PartFields goal;
  goal.title = "Deployable logistics battalion";
  goal.code = "G 0101";
  goal.indicator = "share of the battalion deployable in 30 days";
  EXPECT_EQ(manage().add_parp_goal(gia_, id, goal, "").status().code(), ErrorCode::kForbidden);
  ParpView view = MUST(manage().add_parp_goal(sam_, id, goal, ""));
  ASSERT_EQ(view.goals.size(), 1U);
  EXPECT_EQ(view.goals[0].cycle, id);
  EXPECT_EQ(view.goals[0].code, "G 0101");
  const std::int64_t goal_id = view.goals[0].stamp.id;
  PartFields untitled;
  EXPECT_EQ(manage().add_parp_goal(sam_, id, untitled, "").status().field(), "/title");

  EXPECT_EQ(MUST(step(sam_, "talks")).cycle.state, "bilateral");
  EXPECT_EQ(MUST(step(sam_, "multilateral")).cycle.state, "multilateral");
  EXPECT_EQ(manage().add_parp_goal(sam_, id, goal, "").status().code(), ErrorCode::kRefused);  // past the drafting
  view = MUST(step(sue_, "approve"));
  EXPECT_EQ(view.cycle.state, "approved");
  Result<ParpView> assess = step(sam_, "assess", "on track");
  ASSERT_FALSE(assess.is_ok());
  EXPECT_EQ(assess.status().code(), ErrorCode::kRefused);
  EXPECT_TRUE(contains(assess.status().message(), "odd years")) << assess.status().message();
  ASSERT_EQ(view.history.size(), 4U);
  EXPECT_EQ(view.history[3].action, "approve");
  EXPECT_EQ(view.history[3].actor, "sue");

  // A stale version changes nothing.
  StepRequest stale;
  stale.action = "assess";
  stale.comment = "x";
  stale.expected_version = 1;
  EXPECT_EQ(manage().step_parp(sam_, id, stale).status().code(), ErrorCode::kConflict);

  // Results: within the six-year horizon; a second result for a year updates it.
  GoalResultFields result;
  result.year = 2026;
  result.baseline = "20%";
  result.target = "60%";
  result.actual = "25%";
  // The partner reports the actual; the baseline and the target are staff's.
  EXPECT_EQ(manage().record_result(gia_, id, goal_id, result, "").status().code(), ErrorCode::kForbidden);
  view = MUST(manage().record_result(sam_, id, goal_id, result, ""));
  ASSERT_EQ(view.results.size(), 1U);
  EXPECT_EQ(view.results[0].actual, "25%");
  GoalResultFields reported;
  reported.year = 2026;
  reported.actual = "28%";
  view = MUST(manage().record_result(gia_, id, goal_id, reported, ""));
  ASSERT_EQ(view.results.size(), 1U);
  EXPECT_EQ(view.results[0].actual, "28%");
  EXPECT_EQ(view.results[0].target, "60%");  // what the request leaves out is kept
  result.actual = "30%";
  view = MUST(manage().record_result(sam_, id, goal_id, result, ""));
  ASSERT_EQ(view.results.size(), 1U);
  EXPECT_EQ(view.results[0].actual, "30%");
  EXPECT_EQ(view.results[0].stamp.version, 3);
  result.year = 2031;
  EXPECT_EQ(MUST(manage().record_result(sam_, id, goal_id, result, "")).results.size(), 2U);
  for (const std::int64_t year : {2025, 2033, 0}) {
    result.year = year;
    Result<ParpView> outside = manage().record_result(sam_, id, goal_id, result, "");
    ASSERT_FALSE(outside.is_ok()) << year;
    EXPECT_EQ(outside.status().code(), ErrorCode::kInvalidArgument) << year;
    EXPECT_EQ(outside.status().field(), "/year") << year;
  }
  result.year = 2027;
  EXPECT_EQ(manage().record_result(sam_, id, goal_id + 100, result, "").status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(manage().record_result(ulyana_, id, goal_id, result, "").status().code(), ErrorCode::kNotFound);
  result.note = std::string("bad\x01");
  EXPECT_EQ(manage().record_result(sam_, id, goal_id, result, "").status().field(), "/note");
}

TEST_F(ManageTest, GoalsAreNotApprovedInAnOddYear) {
  ASSERT_NO_FATAL_FAILURE(start(kOddDay));
  const std::int64_t id = MUST(manage().open_parp(gia_, "GEO", "")).cycle.stamp.id;
  EXPECT_EQ(MUST(manage().parp_cycle(gia_, id)).cycle.year, 2027);
  for (const char* action : {"draft-goals", "talks", "multilateral"}) {
    StepRequest request;
    request.action = action;
    request.expected_version = MUST(manage().parp_cycle(sam_, id)).cycle.stamp.version;
    MUST(manage().step_parp(sam_, id, request));
  }
  StepRequest approve;
  approve.action = "approve";
  approve.expected_version = MUST(manage().parp_cycle(sam_, id)).cycle.stamp.version;
  Result<ParpView> refused = manage().step_parp(sam_, id, approve);
  ASSERT_FALSE(refused.is_ok());
  EXPECT_EQ(refused.status().code(), ErrorCode::kRefused);
  EXPECT_TRUE(contains(refused.status().message(), "even years; 2027 is odd")) << refused.status().message();
  EXPECT_EQ(MUST(manage().parp_cycle(sam_, id)).cycle.state, "multilateral");
}

// ---------------------------------------------------------------------------------------
// Evaluations

class EvaluationTest : public ManageTest {
 protected:
  EvaluationRequest evaluation(std::int64_t unit, const std::string& step, bool passed = true) {
    EvaluationRequest request;
    request.step = step;
    for (const ChecklistItem& item : dataset_->checklist_items) {
      if (item.step == step) request.answers.emplace_back(item.item, true);
    }
    if (!passed && !request.answers.empty()) request.answers.back().second = false;
    request.evaluator = "Col. Evaluator";
    request.on = "2026-05-20";
    request.expected_version = MUST(manage().unit(sam_, unit)).unit.stamp.version;
    request.request_id = "req-" + step;
    return request;
  }
  Result<UnitView> record(const Principal& actor, std::int64_t unit, const std::string& step, bool passed = true) {
    return manage().record_evaluation(actor, unit, evaluation(unit, step, passed));
  }
  std::string level(std::int64_t unit) { return MUST(manage().unit(sam_, unit)).unit.level; }
};

TEST_F(EvaluationTest, OnlyPartnersDeclareUnits) {
  UnitView unit = MUST(manage().declare_unit(gia_, "GEO", "Mountain battalion", "land", "req-unit"));
  EXPECT_EQ(unit.unit.level, "declared");
  EXPECT_EQ(unit.unit.declared_by, "gia");
  EXPECT_EQ(unit.ladder.size(), 5U);  // its order: TheLadderAndTheTimelineFollowTheWorkflowTable
  ASSERT_TRUE(unit.next_step.has_value());
  EXPECT_EQ(*unit.next_step, "sel1");
  EXPECT_EQ(unit.checklist.size(), 4U);

  Result<UnitView> member = manage().declare_unit(fabien_, "FRA", "Brigade", "land", "");
  ASSERT_FALSE(member.is_ok());
  EXPECT_EQ(member.status().code(), ErrorCode::kRefused);
  EXPECT_TRUE(contains(member.status().message(), "France is a member")) << member.status().message();
  EXPECT_EQ(manage().declare_unit(sam_, "FRA", "Brigade", "land", "").status().code(), ErrorCode::kRefused);
  Result<UnitView> russia = manage().declare_unit(rustam_, "RUS", "Brigade", "land", "");
  EXPECT_EQ(russia.status().code(), ErrorCode::kRefused);
  EXPECT_TRUE(contains(russia.status().message(), "suspended")) << russia.status().message();
  EXPECT_EQ(manage().declare_unit(gia_, "UKR", "Brigade", "land", "").status().code(), ErrorCode::kForbidden);
  EXPECT_EQ(manage().declare_unit(gia_, "GEO", "Brigade", "cavalry", "").status().field(), "/kind");
  EXPECT_EQ(manage().declare_unit(gia_, "GEO", " ", "land", "").status().field(), "/name");
  EXPECT_EQ(manage().declare_unit(sam_, "XYZ", "Brigade", "land", "").status().code(), ErrorCode::kUnknownNation);

  EXPECT_EQ(MUST(manage().units(gia_, "")).size(), 1U);
  EXPECT_TRUE(MUST(manage().units(ulyana_, "")).empty());
  EXPECT_TRUE(MUST(manage().units(ulyana_, "GEO")).empty());
  EXPECT_EQ(manage().unit(ulyana_, unit.unit.stamp.id).status().code(), ErrorCode::kNotFound);
}

TEST_F(EvaluationTest, AUnitClimbsTheLadderWithFourEyesAndTwoSignaturesAtNel2) {
  const std::int64_t id = MUST(manage().declare_unit(gia_, "GEO", "Mountain battalion", "land", "")).unit.stamp.id;

  // A failed evaluation is recorded and leaves the level.
  UnitView unit = MUST(record(sam_, id, "sel1", false));
  EXPECT_EQ(unit.unit.level, "declared");
  ASSERT_EQ(unit.evaluations.size(), 1U);
  EXPECT_EQ(unit.evaluations[0].outcome, "failed");
  EXPECT_EQ(unit.evaluations[0].answers.back(), "4-equipment=no");
  EXPECT_TRUE(unit.history.empty());

  unit = MUST(record(sam_, id, "sel1"));
  EXPECT_EQ(unit.unit.level, "sel1");
  EXPECT_EQ(unit.evaluations.back().outcome, "passed");
  EXPECT_EQ(unit.evaluations.back().answers,
            (std::vector<std::string>{"1-organisation=yes", "2-training=yes", "3-procedures=yes", "4-equipment=yes"}));
  EXPECT_EQ(unit.evaluations.back().on, Date::from_ymd(2026, 5, 20));
  ASSERT_TRUE(unit.next_step.has_value());
  EXPECT_EQ(*unit.next_step, "nel1");

  // nel1: not by whoever recorded sel1, and by staff only.
  Result<UnitView> refused = record(sam_, id, "nel1");
  ASSERT_FALSE(refused.is_ok());
  EXPECT_EQ(refused.status().code(), ErrorCode::kRefused);
  EXPECT_TRUE(contains(refused.status().message(), "four eyes")) << refused.status().message();
  EXPECT_EQ(record(gia_, id, "nel1").status().code(), ErrorCode::kForbidden);
  EXPECT_EQ(record(sue_, id, "nel2").status().code(), ErrorCode::kRefused);  // not the next step
  EXPECT_EQ(record(sue_, id, "nel2").status().field(), "/step");
  EXPECT_EQ(MUST(record(sue_, id, "nel1")).unit.level, "nel1");

  // sel2 by the partner.
  EXPECT_EQ(MUST(record(gia_, id, "sel2")).unit.level, "sel2");

  // nel2 needs two staff: the first signature leaves the level.
  unit = MUST(record(sam_, id, "nel2"));
  EXPECT_EQ(unit.unit.level, "sel2");
  EXPECT_EQ(unit.history.back().effective, 0);
  const auto nel2 =
      std::find_if(unit.actions.begin(), unit.actions.end(), [](const ActionOption& o) { return o.action == "nel2"; });
  ASSERT_NE(nel2, unit.actions.end());
  EXPECT_EQ(nel2->approved_by, (std::vector<std::string>{"sam"}));
  refused = record(sam_, id, "nel2");
  ASSERT_FALSE(refused.is_ok());
  EXPECT_EQ(refused.status().code(), ErrorCode::kConflict);
  unit = MUST(record(sue_, id, "nel2"));
  EXPECT_EQ(unit.unit.level, "nel2");
  EXPECT_FALSE(unit.next_step.has_value());

  // A failed re-evaluation lapses to sel2.
  unit = MUST(record(stan_, id, "nel2", false));
  EXPECT_EQ(unit.unit.level, "sel2");
  EXPECT_EQ(unit.evaluations.back().outcome, "failed");
  EXPECT_EQ(unit.history.back().action, "lapse");
  EXPECT_EQ(unit.history.back().actor, "system");
  EXPECT_EQ(unit.history.back().from_state, "nel2");
  EXPECT_EQ(unit.history.back().to_state, "sel2");

  const std::vector<std::string> steps = [&] {
    std::vector<std::string> actions;
    for (const TransitionEntry& entry : unit.history) actions.push_back(entry.action + ":" + entry.actor);
    return actions;
  }();
  EXPECT_EQ(steps,
            (std::vector<std::string>{"sel1:sam", "nel1:sue", "sel2:gia", "nel2:sam", "nel2:sue", "lapse:system"}));
  // The partner's officer heard of the certification and of the lapse.
  const Inbox partner = MUST(manage().inbox(gia_));
  ASSERT_GE(partner.notifications.size(), 2U);
  EXPECT_TRUE(contains(partner.notifications[0].text, "lapse")) << partner.notifications[0].text;
}

TEST_F(EvaluationTest, AnEvaluationAnswersEveryChecklistItemAndNothingElse) {
  const std::int64_t id = MUST(manage().declare_unit(gia_, "GEO", "Mountain battalion", "land", "")).unit.stamp.id;

  EvaluationRequest missing = evaluation(id, "sel1");
  missing.answers.pop_back();
  Result<UnitView> refused = manage().record_evaluation(gia_, id, missing);
  ASSERT_FALSE(refused.is_ok());
  EXPECT_EQ(refused.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(fields_of(refused.status()), (std::vector<std::string>{"/answers/4-equipment"}));

  EvaluationRequest unknown = evaluation(id, "sel1");
  unknown.answers.emplace_back("5-morale", true);
  refused = manage().record_evaluation(gia_, id, unknown);
  ASSERT_FALSE(refused.is_ok());
  EXPECT_EQ(refused.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(fields_of(refused.status()), (std::vector<std::string>{"/answers/5-morale"}));

  // An item of another step's checklist is unknown here.
  EvaluationRequest other = evaluation(id, "sel1");
  other.answers.emplace_back("1-planning", true);
  EXPECT_EQ(fields_of(manage().record_evaluation(gia_, id, other).status()),
            (std::vector<std::string>{"/answers/1-planning"}));

  EvaluationRequest request = evaluation(id, "sel1");
  request.step = "sel3";
  EXPECT_EQ(manage().record_evaluation(gia_, id, request).status().field(), "/step");
  request = evaluation(id, "sel1");
  request.on = "2026-06-02";  // tomorrow
  EXPECT_EQ(manage().record_evaluation(gia_, id, request).status().field(), "/on");
  request.on = "2026-02-30";
  Result<UnitView> bad_day = manage().record_evaluation(gia_, id, request);
  EXPECT_EQ(bad_day.status().code(), ErrorCode::kInvalidDate);
  EXPECT_EQ(bad_day.status().field(), "/on");
  request = evaluation(id, "sel1");
  request.evaluator = "";
  EXPECT_EQ(manage().record_evaluation(gia_, id, request).status().field(), "/evaluator");
  request = evaluation(id, "sel1");
  request.expected_version += 1;
  EXPECT_EQ(manage().record_evaluation(gia_, id, request).status().code(), ErrorCode::kConflict);
  EXPECT_EQ(manage().record_evaluation(ulyana_, id, evaluation(id, "sel1")).status().code(), ErrorCode::kNotFound);

  const UnitView unit = MUST(manage().unit(gia_, id));
  EXPECT_EQ(unit.unit.level, "declared");
  EXPECT_TRUE(unit.evaluations.empty());
}

// The ladder and the PARP timeline follow the workflow from its first state, whatever order
// the store keeps the rows in.
TEST_F(EvaluationTest, TheLadderAndTheTimelineFollowTheWorkflowTable) {
  const UnitView unit = MUST(manage().declare_unit(gia_, "GEO", "Mountain battalion", "land", ""));
  EXPECT_EQ(unit.ladder, (std::vector<std::string>{"declared", "sel1", "nel1", "sel2", "nel2"}));
  const ParpView cycle = MUST(manage().open_parp(gia_, "GEO", ""));
  EXPECT_EQ(cycle.states, (std::vector<std::string>{"survey", "draft-goals", "bilateral", "multilateral", "approved",
                                                    "assessed", "closed"}));
}

// ---------------------------------------------------------------------------------------
// Events

class EventTest : public ManageTest {
 protected:
  EventFields course(const std::string& from = "2026-06-01", const std::string& to = "2026-06-05") {
    EventFields fields;
    fields.menu_item = kMenuItem;
    fields.from = from;
    fields.to = to;
    fields.location = "Bucharest";
    return fields;
  }
  Result<EventView> step(const Principal& actor, std::int64_t id, const std::string& action,
                         const std::string& comment = "") {
    StepRequest request;
    request.action = action;
    request.expected_version = MUST(manage().event(sam_, id)).event.stamp.version;
    request.comment = comment;
    return manage().step_event(actor, id, request);
  }
  Registration registration(std::int64_t event, const std::string& participant) {
    for (const Registration& r : MUST(manage().event(sam_, event)).registrations) {
      if (r.participant == participant) return r;
    }
    ADD_FAILURE() << "no registration of " << participant;
    return {};
  }
};

TEST_F(EventTest, StaffCreateEventsFromTheMenu) {
  EventView view = MUST(manage().create_event(sam_, course(), "req-event"));
  EXPECT_EQ(view.event.menu_item, kMenuItem);
  EXPECT_TRUE(contains(view.event.title, "Building Integrity")) << view.event.title;
  EXPECT_EQ(view.event.kind, "course");
  EXPECT_EQ(view.event.activity, "education-training");
  EXPECT_EQ(view.event.capacity, 25);  // the menu's
  EXPECT_EQ(view.event.state, "planned");
  EXPECT_EQ(view.event.organisation, "NATO");

  EventFields given = course();
  given.capacity = 3;
  given.title = "BI-HRM, Bucharest iteration";
  view = MUST(manage().create_event(sam_, given, ""));
  EXPECT_EQ(view.event.capacity, 3);
  EXPECT_EQ(view.event.title, "BI-HRM, Bucharest iteration");

  struct Case {
    std::string name;
    EventFields fields;
    std::string field;
  };
  const auto with = [this](auto change) {
    EventFields fields = course();
    change(fields);
    return fields;
  };
  const std::vector<Case> cases = {
      {"unknown menu item", with([](EventFields& f) { f.menu_item = "no-such-course"; }), "/menu_item"},
      {"no capacity", with([](EventFields& f) {
         f.menu_item.reset();
         f.title = "Talks";
       }),
       "/capacity"},
      {"capacity 0", with([](EventFields& f) { f.capacity = 0; }), "/capacity"},
      {"no start", with([](EventFields& f) {
         f.from.reset();
         f.to.reset();
       }),
       "/from"},
      {"ends before it starts", with([](EventFields& f) { f.to = "2026-05-31"; }), "/to"},
      {"over a year", with([](EventFields& f) { f.to = "2027-06-03"; }), "/to"},
      {"unknown kind", with([](EventFields& f) { f.kind = "party"; }), "/kind"},
      {"unknown activity", with([](EventFields& f) { f.activity = "golf"; }), "/activity"},
      {"control character", with([](EventFields& f) { f.location = "Buc\x7f\x01harest"; }), "/location"},
  };
  for (const Case& c : cases) {
    Result<EventView> created = manage().create_event(sam_, c.fields, "");
    ASSERT_FALSE(created.is_ok()) << c.name;
    EXPECT_EQ(created.status().code(), ErrorCode::kInvalidArgument) << c.name;
    EXPECT_EQ(created.status().field(), c.field) << c.name << ": " << created.status().to_string();
  }
  EXPECT_EQ(manage().create_event(gia_, course(), "").status().code(), ErrorCode::kForbidden);
  EXPECT_EQ(MUST(manage().events(sam_, "", "")).size(), 2U);
  // Events overlapping the days asked for.
  EXPECT_EQ(MUST(manage().events(sam_, "2026-06-05", "2026-06-05")).size(), 2U);
  EXPECT_TRUE(MUST(manage().events(sam_, "2026-06-06", "")).empty());
  EXPECT_TRUE(MUST(manage().events(sam_, "", "2026-05-31")).empty());
  Result<std::vector<Event>> bad = manage().events(sam_, "2026-06-31", "");
  EXPECT_EQ(bad.status().code(), ErrorCode::kInvalidDate);
  EXPECT_EQ(bad.status().field(), "/from");
}

TEST_F(EventTest, InvitationsRegistrationsWaitingListAttendanceAndFeedback) {
  EventFields fields = course();
  fields.capacity = 2;
  const std::int64_t id = MUST(manage().create_event(sam_, fields, "")).event.stamp.id;

  // Russia may not be invited: nobody is.
  std::vector<Refusal> refusals;
  Result<EventView> invited = manage().invite(sam_, id, {"GEO", "RUS"}, "", &refusals);
  ASSERT_FALSE(invited.is_ok());
  EXPECT_EQ(invited.status().code(), ErrorCode::kRefused);
  ASSERT_EQ(refusals.size(), 1U);
  EXPECT_EQ(refusals[0].nation, "RUS");
  EXPECT_TRUE(contains(refusals[0].reason, "Russia may not take part in education-training on 2026-06-01"))
      << refusals[0].reason;
  EXPECT_TRUE(contains(refusals[0].reason, "suspended")) << refusals[0].reason;
  EXPECT_EQ(fields_of(invited.status()), (std::vector<std::string>{"/nations/1"}));
  EXPECT_TRUE(MUST(manage().event(sam_, id)).invitations.empty());
  EXPECT_EQ(manage().event(gia_, id).status().code(), ErrorCode::kNotFound);

  EXPECT_EQ(manage().invite(gia_, id, {"GEO"}, "").status().code(), ErrorCode::kForbidden);
  EXPECT_EQ(manage().invite(sam_, id, {}, "").status().field(), "/nations");
  EXPECT_EQ(fields_of(manage().invite(sam_, id, {"GEO", "XYZ"}, "").status()),
            (std::vector<std::string>{"/nations/1"}));

  EventView view = MUST(manage().invite(sam_, id, {"GEO", "UKR"}, "req-invite"));
  ASSERT_EQ(view.invitations.size(), 2U);
  EXPECT_EQ(view.invitations[0].nation, "GEO");
  EXPECT_EQ(view.invitations[0].standing, "PFP");
  EXPECT_EQ(view.invitations[1].nation, "UKR");
  // Inviting again is harmless.
  EXPECT_EQ(MUST(manage().invite(sam_, id, {"GEO"}, "")).invitations.size(), 2U);
  // The invited partners' officers are told.
  const Inbox partner = MUST(manage().inbox(gia_));
  ASSERT_EQ(partner.notifications.size(), 1U);
  EXPECT_TRUE(contains(partner.notifications[0].text, "Invitation")) << partner.notifications[0].text;

  // Who sees it: the invited nations' officers; not the others.
  EXPECT_EQ(MUST(manage().event(gia_, id)).event.stamp.id, id);
  EXPECT_EQ(manage().event(rustam_, id).status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(manage().event(fabien_, id).status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(MUST(manage().events(ulyana_, "", "")).size(), 1U);
  EXPECT_TRUE(MUST(manage().events(rustam_, "", "")).empty());

  // Registration opens.
  EXPECT_EQ(manage().register_participant(gia_, id, "", "Nino", "").status().code(), ErrorCode::kRefused);
  EXPECT_EQ(step(gia_, id, "open").status().code(), ErrorCode::kForbidden);
  EXPECT_EQ(MUST(step(sam_, id, "open")).event.state, "open");
  EXPECT_TRUE(MUST(manage().event(gia_, id)).may_register);

  view = MUST(manage().register_participant(gia_, id, "", "Nino", ""));
  EXPECT_EQ(view.registrations.back().state, "registered");
  EXPECT_EQ(view.registrations.back().nation, "GEO");
  MUST(manage().register_participant(gia_, id, "GEO", "Levan", ""));
  view = MUST(manage().register_participant(ulyana_, id, "", "Oksana", ""));
  EXPECT_EQ(view.registrations.back().state, "waitlisted");
  view = MUST(manage().register_participant(sam_, id, "UKR", "Taras", ""));
  EXPECT_EQ(view.registrations.back().state, "waitlisted");
  EXPECT_EQ(view.registered, 2);
  EXPECT_EQ(view.waitlisted, 2);
  EXPECT_EQ(MUST(manage().event(gia_, id)).registrations.size(), 2U);  // Georgia's only
  EXPECT_EQ(manage().register_participant(gia_, id, "GEO", "Nino", "").status().code(), ErrorCode::kConflict);
  EXPECT_EQ(manage().register_participant(gia_, id, "UKR", "Nino", "").status().code(), ErrorCode::kForbidden);
  EXPECT_EQ(manage().register_participant(rustam_, id, "", "Ivan", "").status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(manage().register_participant(sam_, id, "MDA", "Ion", "").status().code(), ErrorCode::kRefused);
  EXPECT_EQ(manage().register_participant(gia_, id, "", "", "").status().field(), "/participant");

  // Cancelling a registered place promotes the first on the waiting list.
  const Registration nino = registration(id, "Nino");
  EXPECT_EQ(manage().cancel_registration(ulyana_, id, nino.stamp.id, nino.stamp.version, "").status().code(),
            ErrorCode::kNotFound);
  EXPECT_EQ(manage().cancel_registration(gia_, id, nino.stamp.id, nino.stamp.version + 1, "").status().code(),
            ErrorCode::kConflict);
  view = MUST(manage().cancel_registration(gia_, id, nino.stamp.id, nino.stamp.version, ""));
  EXPECT_EQ(registration(id, "Nino").state, "cancelled");
  EXPECT_EQ(registration(id, "Oksana").state, "registered");
  EXPECT_EQ(registration(id, "Taras").state, "waitlisted");
  EXPECT_EQ(MUST(manage().event(sam_, id)).registered, 2);
  EXPECT_EQ(MUST(manage().event(sam_, id)).waitlisted, 1);
  const Inbox ukraine = MUST(manage().inbox(ulyana_));
  ASSERT_FALSE(ukraine.notifications.empty());
  EXPECT_TRUE(contains(ukraine.notifications[0].text, "Oksana moved from the waiting list"))
      << ukraine.notifications[0].text;

  // Cancelling a waiting place frees none.
  const Registration waiting = registration(id, "Taras");
  MUST(manage().register_participant(ulyana_, id, "", "Petro", ""));
  view = MUST(manage().cancel_registration(ulyana_, id, registration(id, "Petro").stamp.id,
                                           registration(id, "Petro").stamp.version, ""));
  EXPECT_EQ(view.registered, 2);
  EXPECT_EQ(view.waitlisted, 1);
  EXPECT_EQ(registration(id, "Taras").state, "waitlisted");
  EXPECT_EQ(waiting.state, "waitlisted");

  // Attendance once held.
  const Registration levan = registration(id, "Levan");
  const Registration oksana = registration(id, "Oksana");
  const Registration taras = registration(id, "Taras");
  EXPECT_EQ(manage().record_attendance(sam_, id, levan.stamp.id, "attended", "").status().code(), ErrorCode::kRefused);
  MUST(step(sam_, id, "close-registration"));
  EXPECT_EQ(MUST(step(sam_, id, "hold")).event.state, "held");
  EXPECT_TRUE(contains(MUST(manage().inbox(gia_)).notifications.at(0).text, "hold")) << "Georgia is told";
  EXPECT_EQ(manage().record_attendance(gia_, id, levan.stamp.id, "attended", "").status().code(),
            ErrorCode::kForbidden);
  EXPECT_EQ(manage().record_attendance(sam_, id, levan.stamp.id, "present", "").status().field(), "/attendance");
  MUST(manage().record_attendance(sam_, id, levan.stamp.id, "attended", ""));
  MUST(manage().record_attendance(sam_, id, oksana.stamp.id, "absent", ""));
  EXPECT_EQ(manage().record_attendance(sam_, id, taras.stamp.id, "attended", "").status().code(), ErrorCode::kRefused);
  EXPECT_EQ(manage().record_attendance(sam_, id, nino.stamp.id, "attended", "").status().code(), ErrorCode::kRefused);

  // Feedback: from an attending nation's officer, once, rated 1 to 5.
  EXPECT_TRUE(MUST(manage().event(gia_, id)).may_give_feedback);
  EXPECT_FALSE(MUST(manage().event(ulyana_, id)).may_give_feedback);
  EXPECT_EQ(manage().give_feedback(gia_, id, 0, "", "").status().field(), "/rating");
  EXPECT_EQ(manage().give_feedback(gia_, id, 6, "", "").status().field(), "/rating");
  view = MUST(manage().give_feedback(gia_, id, 4, "Useful, well run", ""));
  ASSERT_EQ(view.feedback.size(), 1U);
  EXPECT_EQ(view.feedback[0].nation, "GEO");
  EXPECT_EQ(view.feedback[0].rating, 4);
  EXPECT_DOUBLE_EQ(view.average_rating, 4.0);
  EXPECT_FALSE(view.may_give_feedback);
  EXPECT_EQ(manage().give_feedback(gia_, id, 5, "again", "").status().code(), ErrorCode::kRefused);
  EXPECT_EQ(manage().give_feedback(ulyana_, id, 5, "we were absent", "").status().code(), ErrorCode::kRefused);
  EXPECT_EQ(manage().give_feedback(rustam_, id, 5, "", "").status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(manage().give_feedback(sam_, id, 5, "", "").status().code(), ErrorCode::kRefused);
  EXPECT_EQ(MUST(manage().event(sam_, id)).feedback.size(), 1U);
}

TEST_F(EventTest, AnEventIsHeldOnceItHasStartedAndCancelledWithAReason) {
  const std::int64_t later = MUST(manage().create_event(sam_, course("2026-07-01", "2026-07-03"), "")).event.stamp.id;
  MUST(step(sam_, later, "open"));
  MUST(step(sam_, later, "close-registration"));
  Result<EventView> held = step(sam_, later, "hold");
  ASSERT_FALSE(held.is_ok());
  EXPECT_EQ(held.status().code(), ErrorCode::kRefused);
  EXPECT_EQ(step(sam_, later, "cancel").status().field(), "/comment");
  EXPECT_EQ(MUST(step(sam_, later, "cancel", "the venue is closed")).event.state, "cancelled");
  EXPECT_EQ(manage().invite(sam_, later, {"GEO"}, "").status().code(), ErrorCode::kRefused);

  // Russia is refused on the event's first day, not today's: before 2014 it could take part.
  const std::int64_t old = MUST(manage().create_event(sam_, course("2012-05-07", "2012-05-11"), "")).event.stamp.id;
  EXPECT_EQ(MUST(manage().invite(sam_, old, {"RUS"}, "")).invitations.at(0).nation, "RUS");
}

}  // namespace

}  // namespace entente
