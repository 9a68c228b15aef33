#include "engine/registry_edits.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include <algorithm>
#include <map>
#include <random>
#include <tuple>

#include "engine/engine.hpp"
#include "store/dataset_reader.hpp"

namespace entente {

static void PrintTo(ErrorCode code, std::ostream* out) { *out << error_slug(code); }

namespace {

const Date kToday = Date::from_ymd(2024, 6, 1);

// An engine over an in-memory database holding the mini dataset, and a staff principal.
class RegistryEditsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<Dataset> dataset = read_dataset(DirectoryDataFiles("tests/data/mini"));
    ASSERT_TRUE(dataset.is_ok()) << dataset.status().to_string();
    Result<std::unique_ptr<Store>> store = Store::open_sqlite(":memory:", Store::OpenMode::kCreate);
    ASSERT_TRUE(store.is_ok()) << store.status().to_string();
    ASSERT_TRUE((*store)->replace(*dataset).is_ok());
    EngineOptions options;
    options.accounts.cost = HashCost::cheapest();
    Result<std::unique_ptr<Engine>> engine =
        Engine::open_store(std::move(*store), std::make_unique<FixedClock>(kToday), options);
    ASSERT_TRUE(engine.is_ok()) << engine.status().to_string();
    engine_ = std::move(*engine);
    staff_.via = Principal::Via::kSession;
    staff_.account = 7;
    staff_.name = "sam";
    staff_.role = Role::kAllianceStaff;
  }

  EditCommand create_membership(std::string nation, std::string from) const {
    EditCommand command;
    command.kind = RecordKind::kMembership;
    command.fields.organisation = "NATO";
    command.fields.nation = std::move(nation);
    command.fields.from = std::move(from);
    command.fields.status = "member";
    command.fields.source = "https://www.nato.int/cps/en/natohq/topics_52044.htm";
    command.reason = "accession";
    command.request_id = "req-1";
    return command;
  }

  std::unique_ptr<Engine> engine_;
  Principal staff_;
};

TEST_F(RegistryEditsTest, ACreatedMembershipIsSeenByTheNextReadAndAudited) {
  const std::uint64_t before = engine_->snapshot()->version();
  Result<Versioned<MembersAnswer>> members = engine_->queries().members("NATO", "2024-03-07");
  ASSERT_TRUE(members.is_ok());
  const std::size_t count = members->members.size();

  Result<EditOutcome> outcome = engine_->edits().apply(staff_, create_membership("AUT", "2024-03-07"));
  ASSERT_TRUE(outcome.is_ok()) << outcome.status().to_string();
  ASSERT_TRUE(outcome->record.has_value());
  EXPECT_GT(stamp_of(*outcome->record).id, 0);
  EXPECT_EQ(stamp_of(*outcome->record).version, 1);
  EXPECT_GT(engine_->snapshot()->version(), before);

  members = engine_->queries().members("NATO", "2024-03-07");
  ASSERT_TRUE(members.is_ok());
  EXPECT_EQ(members->members.size(), count + 1);
  EXPECT_FALSE(engine_->queries().members("NATO", "2024-03-06")->members.size() == count + 1);

  Principal auditor = staff_;
  Result<std::vector<AuditEntry>> audit = engine_->edits().audit(auditor, AuditQuery{});
  ASSERT_TRUE(audit.is_ok());
  ASSERT_EQ(audit->size(), 1U);
  EXPECT_EQ((*audit)[0].actor, "sam");
  EXPECT_EQ((*audit)[0].action, "create");
  EXPECT_EQ((*audit)[0].kind, "membership");
  EXPECT_EQ((*audit)[0].reason, "accession");
  EXPECT_EQ((*audit)[0].request_id, "req-1");
  EXPECT_TRUE((*audit)[0].before.empty());
  EXPECT_EQ(boost::json::parse((*audit)[0].after).at("nation").as_string(), "AUT");
}

TEST_F(RegistryEditsTest, AReaderKeepsItsSnapshotWhileAWritePublishesAnother) {
  const std::shared_ptr<const Snapshot> held = engine_->snapshot();
  const std::size_t rows = held->registry().dataset().memberships.size();
  ASSERT_TRUE(engine_->edits().apply(staff_, create_membership("AUT", "2024-03-07")).is_ok());
  EXPECT_EQ(held->registry().dataset().memberships.size(), rows);
  EXPECT_EQ(engine_->snapshot()->registry().dataset().memberships.size(), rows + 1);
}

TEST_F(RegistryEditsTest, AStaleVersionIsAConflictThatChangesNothing) {
  Result<EditOutcome> created = engine_->edits().apply(staff_, create_membership("AUT", "2024-03-07"));
  ASSERT_TRUE(created.is_ok());
  const std::int64_t id = stamp_of(*created->record).id;

  EditCommand correct;
  correct.action = EditCommand::Action::kUpdate;
  correct.kind = RecordKind::kMembership;
  correct.id = id;
  correct.expected_version = 1;
  correct.fields.from = "2024-03-08";
  correct.fields.source = "https://www.nato.int/cps/en/natohq/news_223446.htm";
  Result<EditOutcome> first = engine_->edits().apply(staff_, correct);
  ASSERT_TRUE(first.is_ok()) << first.status().to_string();
  EXPECT_EQ(stamp_of(*first->record).version, 2);

  const std::uint64_t version = engine_->snapshot()->version();
  correct.fields.from = "2024-03-09";
  EditFailure failure;
  Result<EditOutcome> stale = engine_->edits().apply(staff_, correct, &failure);
  ASSERT_FALSE(stale.is_ok());
  EXPECT_EQ(stale.status().code(), ErrorCode::kConflict);
  ASSERT_TRUE(failure.current.has_value());
  EXPECT_EQ(std::get<Membership>(*failure.current).period.from, Date::from_ymd(2024, 3, 8));
  EXPECT_EQ(engine_->snapshot()->version(), version);
  EXPECT_EQ(engine_->edits().audit(staff_, AuditQuery{})->size(), 2U);
}

TEST_F(RegistryEditsTest, AWriteWithoutAVersionIsRefused) {
  EditCommand remove;
  remove.action = EditCommand::Action::kDelete;
  remove.kind = RecordKind::kMembership;
  remove.id = 1;
  remove.reason = "duplicate";
  Result<EditOutcome> refused = engine_->edits().apply(staff_, remove);
  ASSERT_FALSE(refused.is_ok());
  EXPECT_EQ(refused.status().code(), ErrorCode::kPreconditionRequired);
}

TEST_F(RegistryEditsTest, TheLoaderRulesRejectABadRecordNamingItsFields) {
  // Finland is a member from 2023-04-04: a second open period overlaps it.
  EditCommand overlapping = create_membership("FIN", "2024-01-01");
  Result<EditOutcome> refused = engine_->edits().apply(staff_, overlapping);
  ASSERT_FALSE(refused.is_ok());
  EXPECT_EQ(refused.status().code(), ErrorCode::kInvalidData);
  EXPECT_EQ(refused.status().field(), "/from");

  EditCommand unknown = create_membership("XYZ", "2024-01-01");
  refused = engine_->edits().apply(staff_, unknown);
  ASSERT_FALSE(refused.is_ok());
  EXPECT_EQ(refused.status().field(), "/nation");

  EditCommand before_nato = create_membership("AUT", "1940-01-01");
  refused = engine_->edits().apply(staff_, before_nato);
  ASSERT_FALSE(refused.is_ok());
  EXPECT_EQ(refused.status().field(), "/from");

  EditCommand missing;
  missing.kind = RecordKind::kMembership;
  missing.fields.organisation = "NATO";
  refused = engine_->edits().apply(staff_, missing);
  ASSERT_FALSE(refused.is_ok());
  std::vector<std::string> fields;
  for (const FieldError& error : refused.status().errors()) fields.push_back(error.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"/nation", "/from", "/source"}));
  EXPECT_EQ(engine_->edits().audit(staff_, AuditQuery{})->size(), 0U);
}

TEST_F(RegistryEditsTest, OnlyStaffAndAdministratorsEdit) {
  Principal viewer = staff_;
  viewer.role = Role::kViewer;
  Result<EditOutcome> refused = engine_->edits().apply(viewer, create_membership("AUT", "2024-03-07"));
  EXPECT_EQ(refused.status().code(), ErrorCode::kForbidden);
  refused = engine_->edits().apply(Principal::anonymous(), create_membership("AUT", "2024-03-07"));
  EXPECT_EQ(refused.status().code(), ErrorCode::kUnauthenticated);
  EXPECT_TRUE(engine_->edits().apply(Principal::local_operator("ops"), create_membership("AUT", "2024-03-07")).is_ok());
}

TEST_F(RegistryEditsTest, ADeleteRemovesTheRecordFromTheNextSnapshot) {
  Result<EditOutcome> created = engine_->edits().apply(staff_, create_membership("AUT", "2024-03-07"));
  ASSERT_TRUE(created.is_ok());
  EditCommand remove;
  remove.action = EditCommand::Action::kDelete;
  remove.kind = RecordKind::kMembership;
  remove.id = stamp_of(*created->record).id;
  remove.expected_version = 1;
  remove.reason = "recorded in error";
  ASSERT_TRUE(engine_->edits().apply(staff_, remove).is_ok());
  EXPECT_EQ(engine_->edits().find(staff_, RecordKind::kMembership, remove.id).status().code(), ErrorCode::kNotFound);
  const Result<Versioned<ProfileAnswer>> austria = engine_->queries().nation("AUT", "2024-06-01");
  ASSERT_TRUE(austria.is_ok());
  for (const Membership* membership : austria->profile.memberships) EXPECT_NE(membership->organisation, "NATO");
}

// The overlap rule reads only a few rows of the snapshot (check_record); random creations
// and corrections of plans, many of them overlapping, are accepted exactly when a check of
// every other plan of the same nation and kind would accept them, and the next snapshot
// lists the plans as a restart would.
TEST_F(RegistryEditsTest, RandomPlanEditsMeetTheOverlapRuleOfEveryOtherPlan) {
  struct Kept {
    std::int64_t version = 0;
    std::string plan;
    Interval period;
  };
  std::map<std::int64_t, Kept> kept;  // the plans these edits made, by id
  std::mt19937 random(11);
  const std::vector<std::string> plans = {"ANP", "IPAP", "MAP"};
  const auto day = [&random]() { return Date::from_ymd(2000, 1, 1).add_days(static_cast<int>(random() % 3000)); };
  for (int step = 0; step < 300; ++step) {
    EditCommand command;
    command.kind = RecordKind::kPlan;
    command.fields.source = "https://www.nato.int/";
    command.reason = "test";
    Kept wanted;
    if (kept.empty() || random() % 3 != 0) {
      wanted.plan = plans[random() % plans.size()];
      command.fields.organisation = "NATO";
      command.fields.nation = "AUT";
      command.fields.plan = wanted.plan;
    } else {
      auto chosen = kept.begin();
      std::advance(chosen, static_cast<long>(random() % kept.size()));
      command.action = EditCommand::Action::kUpdate;
      command.id = chosen->first;
      command.expected_version = chosen->second.version;
      wanted.plan = chosen->second.plan;
    }
    const Date from = day();
    const std::optional<Date> to =
        random() % 5 == 0 ? std::nullopt : std::optional<Date>(from.add_days(1 + static_cast<int>(random() % 400)));
    wanted.period = Interval{from, to};
    command.fields.from = from.to_string();
    command.fields.to = to ? to->to_string() : std::string();
    const bool overlaps = std::any_of(kept.begin(), kept.end(), [&](const auto& entry) {
      return entry.first != command.id && entry.second.plan == wanted.plan &&
             entry.second.period.overlaps(wanted.period);
    });
    Result<EditOutcome> outcome = engine_->edits().apply(staff_, command);
    ASSERT_EQ(outcome.is_ok(), !overlaps) << step << ": " << outcome.status().to_string();
    if (!outcome.is_ok()) {
      EXPECT_EQ(outcome.status().field(), "/from");
      continue;
    }
    wanted.version = stamp_of(*outcome->record).version;
    kept[stamp_of(*outcome->record).id] = wanted;
  }
  EXPECT_GT(kept.size(), 20U);
  const SharedRows<PartnershipPlan>& rows = engine_->snapshot()->registry().dataset().plans;
  std::size_t found = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto key = [](const PartnershipPlan& p) { return std::tie(p.nation, p.period.from, p.plan); };
    if (i > 0) {
      EXPECT_FALSE(key(rows[i]) < key(rows[i - 1])) << "out of the store's order at " << i;
    }
    const auto mine = kept.find(rows[i].stamp.id);
    if (mine == kept.end()) continue;
    ++found;
    EXPECT_EQ(rows[i].plan, mine->second.plan);
    EXPECT_EQ(rows[i].period.from, mine->second.period.from);
    EXPECT_EQ(rows[i].period.to, mine->second.period.to);
  }
  EXPECT_EQ(found, kept.size());
}

TEST(RecordEtag, RoundTripsAndRefusesWeakOrMalformedTags) {
  EXPECT_EQ(record_etag(12), "\"r12\"");
  EXPECT_EQ(parse_record_etag("\"r12\""), 12);
  EXPECT_EQ(parse_record_etag("\"r12-br\""), 12);
  EXPECT_EQ(parse_record_etag("\"r12-gz\""), 12);
  EXPECT_EQ(parse_record_etag("\"r12-xz\""), std::nullopt);
  EXPECT_EQ(parse_record_etag("\"r-br\""), std::nullopt);
  EXPECT_EQ(parse_record_etag(" \"r3\" "), 3);
  EXPECT_FALSE(parse_record_etag("W/\"r3\"").has_value());
  EXPECT_FALSE(parse_record_etag("\"v3\"").has_value());
  EXPECT_FALSE(parse_record_etag("\"r0\"").has_value());
  EXPECT_FALSE(parse_record_etag("\"r99999999999999999999\"").has_value());
}

TEST(ParseEditBody, RefusesUnknownMembersAndWrongTypesNamingThem) {
  Result<EditCommand> parsed =
      parse_edit_body(R"({"nation": "AUT", "colour": "blue"})", RecordKind::kMembership, EditCommand::Action::kCreate);
  ASSERT_FALSE(parsed.is_ok());
  EXPECT_EQ(parsed.status().field(), "/colour");
  parsed = parse_edit_body(R"({"from": 2024})", RecordKind::kMembership, EditCommand::Action::kCreate);
  EXPECT_EQ(parsed.status().field(), "/from");
  parsed = parse_edit_body(R"({"to": null, "plan": "MAP"})", RecordKind::kPlan, EditCommand::Action::kUpdate);
  ASSERT_TRUE(parsed.is_ok());
  EXPECT_EQ(parsed->fields.to, std::string());
  parsed = parse_edit_body("[1]", RecordKind::kPlan, EditCommand::Action::kCreate);
  EXPECT_FALSE(parsed.is_ok());
  parsed = parse_edit_body(R"({"framework": "PFP"})", RecordKind::kMembership, EditCommand::Action::kCreate);
  EXPECT_EQ(parsed.status().field(), "/framework");
}

}  // namespace

}  // namespace entente
