// The workflow tables (data/workflows.csv) as Workflow reads them: which steps lead out
// of a state, who may take them, and the checks of a step: the actor's kind, the comment,
// four eyes, N of M, the nation's eligibility and the year. Over the real reference data.

#include "manage/workflow.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "store/data_files.hpp"
#include "store/dataset_reader.hpp"

namespace entente {

static void PrintTo(ErrorCode code, std::ostream* out) { *out << error_slug(code); }

namespace {

const Date kDay = Date::from_ymd(2026, 6, 1);

Principal person(const std::string& name, Role role, const std::string& nation = "") {
  Principal principal;
  principal.via = Principal::Via::kSession;
  principal.account = 1;
  principal.name = name;
  principal.role = role;
  principal.nation = nation;
  return principal;
}

// A step taken, as the history holds it.
TransitionEntry entry(const std::string& action, const std::string& from, const std::string& to,
                      const std::string& actor, std::int64_t effective = 1) {
  TransitionEntry taken;
  taken.action = action;
  taken.from_state = from;
  taken.to_state = to;
  taken.actor = actor;
  taken.effective = effective;
  return taken;
}

std::vector<std::string> actions_of(const std::vector<const WorkflowRule*>& rules) {
  std::vector<std::string> actions;
  actions.reserve(rules.size());
  for (const WorkflowRule* rule : rules) actions.push_back(rule->action);
  return actions;
}

class WorkflowTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    Result<Dataset> dataset = read_dataset(DirectoryDataFiles("data"));
    ASSERT_TRUE(dataset.is_ok()) << dataset.status().to_string();
    registry_ = std::make_unique<Registry>(std::move(*dataset));
  }
  static void TearDownTestSuite() { registry_.reset(); }

  static const Registry& registry() { return *registry_; }
  static Workflow workflow(const std::string& name) { return Workflow(registry_->dataset(), name); }

  static Subject subject(const std::string& workflow, const std::string& nation, const std::string& state) {
    return Subject{workflow, 1, 1, nation, "NATO", state, "the subject"};
  }

  // Whether `actor` may take `action` out of `state` of a `nation`'s subject.
  static Status check(const std::string& name, const std::string& state, const std::string& action,
                      const Principal& actor, const std::string& nation = "GEO",
                      const std::vector<TransitionEntry>& history = {}, const std::string& comment = "",
                      Date day = kDay) {
    const Workflow flow = workflow(name);
    Result<const WorkflowRule*> rule = flow.step(state, action);
    if (!rule) return rule.status();
    return flow.check(**rule, actor, subject(name, nation, state), history, comment, registry(), day);
  }

  // The rule points into the registry's dataset, not into the Workflow that found it.
  static const WorkflowRule& rule(const std::string& name, const std::string& state, const std::string& action) {
    Result<const WorkflowRule*> found = workflow(name).step(state, action);
    EXPECT_TRUE(found.is_ok()) << found.status().to_string();
    return **found;
  }

  static std::unique_ptr<Registry> registry_;

  const Principal gia_ = person("gia", Role::kNationOfficer, "GEO");
  const Principal fabien_ = person("fabien", Role::kNationOfficer, "FRA");
  const Principal ulyana_ = person("ulyana", Role::kNationOfficer, "UKR");
  const Principal sam_ = person("sam", Role::kAllianceStaff);
  const Principal sue_ = person("sue", Role::kAllianceStaff);
  const Principal stan_ = person("stan", Role::kAllianceStaff);
  const Principal ada_ = person("ada", Role::kAdministrator);
  const Principal vera_ = person("vera", Role::kViewer);
};

std::unique_ptr<Registry> WorkflowTest::registry_;

TEST_F(WorkflowTest, StepsFromListsEveryStepOutOfAStateInTableOrder) {
  struct Case {
    std::string workflow;
    std::string state;
    std::vector<std::string> actions;
  };
  const std::vector<Case> cases = {
      {"itpp", "draft", {"submit"}},
      {"itpp", "under-review", {"return", "refer"}},
      {"itpp", "in-council", {"adopt", "reject", "withdraw"}},
      {"itpp", "reviewed", {"continue", "close"}},
      {"itpp", "closed", {}},
      {"itpp", "no-such-state", {}},
      {"parp", "survey", {"draft-goals"}},
      {"parp", "multilateral", {"approve"}},
      {"evaluation", "declared", {"sel1"}},
      {"evaluation", "nel2", {"lapse"}},
      {"event", "open", {"close-registration", "cancel"}},
      {"event", "held", {}},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(actions_of(workflow(c.workflow).steps_from(c.state)), c.actions) << c.workflow << " " << c.state;
  }
}

TEST_F(WorkflowTest, StatesFollowTheLifecycleFromTheInitialStateEndsLast) {
  EXPECT_EQ(workflow("itpp").states(),
            (std::vector<std::string>{"draft", "submitted", "under-review", "in-council", "returned", "approved",
                                      "active", "reviewed", "closed"}));
  EXPECT_EQ(workflow("parp").states(), (std::vector<std::string>{"survey", "draft-goals", "bilateral", "multilateral",
                                                                 "approved", "assessed", "closed"}));
  EXPECT_EQ(workflow("evaluation").states(), (std::vector<std::string>{"declared", "sel1", "nel1", "sel2", "nel2"}));
  EXPECT_EQ(workflow("event").states(), (std::vector<std::string>{"planned", "open", "closed", "held", "cancelled"}));
  EXPECT_EQ(initial_state("itpp"), "draft");
  EXPECT_EQ(initial_state("parp"), "survey");
  EXPECT_EQ(initial_state("evaluation"), "declared");
  EXPECT_EQ(initial_state("event"), "planned");
  EXPECT_EQ(workflow("itpp").name(), "itpp");
}

TEST_F(WorkflowTest, StepFindsTheRuleOfAnActionOutOfAState) {
  Result<const WorkflowRule*> refer = workflow("itpp").step("under-review", "refer");
  ASSERT_TRUE(refer.is_ok()) << refer.status().to_string();
  EXPECT_EQ((*refer)->to, "in-council");
  EXPECT_EQ((*refer)->effect, "council-round");
  EXPECT_EQ((*refer)->distinct_from, "submit");
  EXPECT_EQ((*refer)->notify, (std::vector<std::string>{"ally-officer", "partner-officer"}));

  // The same action out of different states is a different rule.
  Result<const WorkflowRule*> lapse2 = workflow("evaluation").step("nel2", "lapse");
  Result<const WorkflowRule*> lapse1 = workflow("evaluation").step("nel1", "lapse");
  ASSERT_TRUE(lapse2.is_ok() && lapse1.is_ok());
  EXPECT_EQ((*lapse2)->to, "sel2");
  EXPECT_EQ((*lapse1)->to, "sel1");

  Result<const WorkflowRule*> close = workflow("itpp").step("reviewed", "close");
  ASSERT_TRUE(close.is_ok());
  EXPECT_EQ((*close)->approvals, 2);
  EXPECT_TRUE((*close)->comment);
}

TEST_F(WorkflowTest, AnUnknownActionIsInvalidAndNamesTheStepsThatExist) {
  Result<const WorkflowRule*> unknown = workflow("itpp").step("under-review", "dance");
  ASSERT_FALSE(unknown.is_ok());
  EXPECT_EQ(unknown.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(unknown.status().field(), "/action");
  EXPECT_NE(unknown.status().message().find("no step 'dance'"), std::string::npos) << unknown.status().message();
  EXPECT_NE(unknown.status().message().find("return or refer"), std::string::npos) << unknown.status().message();

  // Steps only the system takes are not offered.
  unknown = workflow("itpp").step("in-council", "dance");
  ASSERT_FALSE(unknown.is_ok());
  EXPECT_NE(unknown.status().message().find("the steps are withdraw"), std::string::npos) << unknown.status().message();
  EXPECT_EQ(unknown.status().message().find("adopt"), std::string::npos) << unknown.status().message();

  unknown = workflow("itpp").step("closed", "dance");
  ASSERT_FALSE(unknown.is_ok());
  EXPECT_NE(unknown.status().message().find("no step leads on from closed"), std::string::npos)
      << unknown.status().message();
}

TEST_F(WorkflowTest, AKnownActionFromTheWrongStateIsRefused) {
  struct Case {
    std::string workflow;
    std::string state;
    std::string action;
    std::string named;  // a step the message names
  };
  const std::vector<Case> cases = {
      {"itpp", "draft", "refer", "submit"},       {"itpp", "submitted", "submit", "review"},
      {"itpp", "approved", "close", "activate"},  {"parp", "survey", "approve", "draft-goals"},
      {"evaluation", "declared", "nel1", "sel1"}, {"event", "planned", "hold", "open or cancel"},
  };
  for (const Case& c : cases) {
    Result<const WorkflowRule*> wrong = workflow(c.workflow).step(c.state, c.action);
    ASSERT_FALSE(wrong.is_ok()) << c.workflow << " " << c.state << " " << c.action;
    EXPECT_EQ(wrong.status().code(), ErrorCode::kRefused) << c.action;
    EXPECT_EQ(wrong.status().field(), "/action");
    EXPECT_NE(wrong.status().message().find("cannot be taken from the state " + c.state), std::string::npos)
        << wrong.status().message();
    EXPECT_NE(wrong.status().message().find(c.named), std::string::npos) << wrong.status().message();
  }
}

TEST_F(WorkflowTest, ActorKindsDescribeHowAnActorStandsTowardsASubject) {
  struct Case {
    Principal actor;
    std::string nation;  // the subject's
    Date day;
    std::vector<std::string> kinds;
  };
  Principal fin = person("fred", Role::kNationOfficer, "FIN");
  Principal nobody = person("nobody", Role::kNationOfficer, "");
  const std::vector<Case> cases = {
      {gia_, "GEO", kDay, {"partner-officer"}},
      {gia_, "UKR", kDay, {}},
      {ulyana_, "GEO", kDay, {}},
      {fabien_, "GEO", kDay, {"ally-officer"}},
      {fabien_, "FRA", kDay, {"partner-officer", "ally-officer"}},
      // An ally officer only for the members of the day: Finland joined on 2023-04-04.
      {fin, "GEO", Date::from_ymd(2023, 4, 3), {}},
      {fin, "GEO", Date::from_ymd(2023, 4, 4), {"ally-officer"}},
      {sam_, "GEO", kDay, {"alliance-staff"}},
      {ada_, "GEO", kDay, {"administrator"}},
      {vera_, "GEO", kDay, {}},
      {nobody, "GEO", kDay, {}},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(actor_kinds(c.actor, subject("itpp", c.nation, "draft"), registry(), c.day), c.kinds)
        << c.actor.name << " on " << c.nation << " " << c.day.to_string();
  }
}

TEST_F(WorkflowTest, OnlyTheActorsOfARuleMayTakeIt) {
  struct Case {
    std::string state;
    std::string action;
    Principal actor;
    std::string nation;
    bool allowed;
  };
  const std::vector<Case> cases = {
      {"draft", "submit", gia_, "GEO", true},       // partner-officer of the subject's nation
      {"draft", "submit", ulyana_, "GEO", false},   // another partner's officer
      {"draft", "submit", fabien_, "GEO", false},   // an ally officer is no partner officer
      {"draft", "submit", sam_, "GEO", true},       // staff co-own the draft
      {"draft", "submit", vera_, "GEO", false},     // a viewer is nothing
      {"submitted", "review", gia_, "GEO", false},  // staff only
      {"submitted", "review", sam_, "GEO", true},
      {"submitted", "review", ada_, "GEO", true},  // an administrator stands in for staff
      {"returned", "revise", gia_, "GEO", true},
      {"reviewed", "continue", gia_, "GEO", false},  // staff's: a partner could undo a pending closure
  };
  for (const Case& c : cases) {
    const Status status = check("itpp", c.state, c.action, c.actor, c.nation);
    EXPECT_EQ(status.is_ok(), c.allowed) << c.action << " by " << c.actor.name << ": " << status.to_string();
    if (!c.allowed) {
      EXPECT_EQ(status.code(), ErrorCode::kForbidden) << c.action << " by " << c.actor.name;
      EXPECT_NE(status.message().find("'" + c.action + "' is taken by"), std::string::npos) << status.message();
    }
  }
  const Status viewer = check("itpp", "draft", "submit", vera_);
  EXPECT_NE(viewer.message().find("you are none of these"), std::string::npos) << viewer.message();
  const Status officer = check("itpp", "submitted", "review", gia_);
  EXPECT_NE(officer.message().find("you act as partner-officer"), std::string::npos) << officer.message();
}

TEST_F(WorkflowTest, AStepThatNeedsACommentRefusesNoneOrBlanks) {
  for (const std::string& blank : {std::string(), std::string("   "), std::string(" \t\r\n")}) {
    const Status status = check("itpp", "under-review", "return", sam_, "GEO", {}, blank);
    ASSERT_FALSE(status.is_ok());
    EXPECT_EQ(status.code(), ErrorCode::kInvalidArgument);
    EXPECT_EQ(status.field(), "/comment");
  }
  EXPECT_TRUE(check("itpp", "under-review", "return", sam_, "GEO", {}, "objective 2 has no goal").is_ok());
  // A step without the flag needs none.
  EXPECT_TRUE(
      check("itpp", "under-review", "refer", sam_, "GEO", {entry("submit", "draft", "submitted", "gia")}).is_ok());
}

TEST_F(WorkflowTest, FourEyesTheSubmitterNeitherReviewsNorRefers) {
  const std::vector<TransitionEntry> by_sam = {entry("submit", "draft", "submitted", "sam")};
  Status review = check("itpp", "submitted", "review", sam_, "GEO", by_sam);
  ASSERT_FALSE(review.is_ok());
  EXPECT_EQ(review.code(), ErrorCode::kRefused);
  EXPECT_NE(review.message().find("four eyes"), std::string::npos) << review.message();
  EXPECT_TRUE(check("itpp", "submitted", "review", sue_, "GEO", by_sam).is_ok());

  std::vector<TransitionEntry> reviewed = by_sam;
  reviewed.push_back(entry("review", "submitted", "under-review", "sue"));
  const Status refer = check("itpp", "under-review", "refer", sam_, "GEO", reviewed);
  ASSERT_FALSE(refer.is_ok());
  EXPECT_EQ(refer.code(), ErrorCode::kRefused);
  EXPECT_NE(refer.message().find("four eyes"), std::string::npos) << refer.message();
  EXPECT_TRUE(check("itpp", "under-review", "refer", sue_, "GEO", reviewed).is_ok());

  // Only the latest submission counts: after a return and a resubmission by sue, sam
  // may review and sue may not.
  std::vector<TransitionEntry> resubmitted = reviewed;
  resubmitted.push_back(entry("return", "under-review", "returned", "sue"));
  resubmitted.push_back(entry("revise", "returned", "draft", "gia"));
  resubmitted.push_back(entry("submit", "draft", "submitted", "sue"));
  EXPECT_TRUE(check("itpp", "submitted", "review", sam_, "GEO", resubmitted).is_ok());
  EXPECT_EQ(check("itpp", "submitted", "review", sue_, "GEO", resubmitted).code(), ErrorCode::kRefused);

  // The evaluation ladder: whoever recorded sel1 does not record nel1.
  const std::vector<TransitionEntry> self = {entry("sel1", "declared", "sel1", "sam")};
  EXPECT_EQ(check("evaluation", "sel1", "nel1", sam_, "GEO", self).code(), ErrorCode::kRefused);
  EXPECT_TRUE(check("evaluation", "sel1", "nel1", sue_, "GEO", self).is_ok());
}

TEST_F(WorkflowTest, NOfMCloseNeedsTwoDistinctStaffNeitherTheAssessor) {
  const WorkflowRule& close = rule("itpp", "reviewed", "close");
  const Subject reviewed = subject("itpp", "GEO", "reviewed");
  std::vector<TransitionEntry> history = {entry("activate", "approved", "active", "sam"),
                                          entry("assess", "active", "reviewed", "sam")};
  const std::string why = "the goals are met";

  const Status assessor = check("itpp", "reviewed", "close", sam_, "GEO", history, why);
  EXPECT_EQ(assessor.code(), ErrorCode::kRefused);
  EXPECT_NE(assessor.message().find("four eyes"), std::string::npos) << assessor.message();

  EXPECT_TRUE(check("itpp", "reviewed", "close", sue_, "GEO", history, why).is_ok());
  EXPECT_TRUE(Workflow::approvals(close, reviewed, history).empty());

  // sue's approval did not move the programme (effective 0).
  history.push_back(entry("close", "reviewed", "reviewed", "sue", 0));
  EXPECT_EQ(Workflow::approvals(close, reviewed, history), (std::vector<std::string>{"sue"}));
  const Status again = check("itpp", "reviewed", "close", sue_, "GEO", history, why);
  ASSERT_FALSE(again.is_ok());
  EXPECT_EQ(again.code(), ErrorCode::kConflict);
  EXPECT_NE(again.message().find("2 different people"), std::string::npos) << again.message();
  EXPECT_TRUE(check("itpp", "reviewed", "close", stan_, "GEO", history, why).is_ok());
  EXPECT_TRUE(check("itpp", "reviewed", "close", ada_, "GEO", history, why).is_ok());

  // Once the programme moves on, earlier approvals no longer count.
  history.push_back(entry("continue", "reviewed", "active", "gia"));
  history.push_back(entry("assess", "active", "reviewed", "stan"));
  EXPECT_TRUE(Workflow::approvals(close, reviewed, history).empty());
  EXPECT_TRUE(check("itpp", "reviewed", "close", sue_, "GEO", history, why).is_ok());
  EXPECT_EQ(check("itpp", "reviewed", "close", stan_, "GEO", history, why).code(), ErrorCode::kRefused);
}

TEST_F(WorkflowTest, TheEligibilityGuardRefusesASuspendedPartnerWithTheRulesReason) {
  const Status russia = check("itpp", "draft", "submit", sam_, "RUS");
  ASSERT_FALSE(russia.is_ok());
  EXPECT_EQ(russia.code(), ErrorCode::kRefused);
  EXPECT_NE(russia.message().find("Russia may not take part in individual-programme with NATO on 2026-06-01"),
            std::string::npos)
      << russia.message();
  EXPECT_NE(russia.message().find("suspended"), std::string::npos) << russia.message();

  EXPECT_TRUE(check("itpp", "draft", "submit", sam_, "GEO").is_ok());
  EXPECT_TRUE(check("itpp", "draft", "submit", sam_, "UKR").is_ok());
  // Before the 2014 suspension Russia could.
  EXPECT_TRUE(check("itpp", "draft", "submit", sam_, "RUS", {}, "", Date::from_ymd(2010, 1, 4)).is_ok());

  const Status unknown = check("itpp", "draft", "submit", sam_, "XXX");
  EXPECT_EQ(unknown.code(), ErrorCode::kRefused);
  EXPECT_NE(unknown.message().find("no nation XXX"), std::string::npos) << unknown.message();

  // The evaluation ladder asks for interoperability-evaluation.
  const Status unit = check("evaluation", "declared", "sel1", sam_, "RUS");
  EXPECT_EQ(unit.code(), ErrorCode::kRefused);
  EXPECT_NE(unit.message().find("interoperability-evaluation"), std::string::npos) << unit.message();
}

TEST_F(WorkflowTest, PartnershipGoalsAreApprovedInEvenYearsAndAssessedInOddOnes) {
  struct Case {
    std::string state;
    std::string action;
    int year;
    bool allowed;
    std::string says;
  };
  const std::vector<Case> cases = {
      {"multilateral", "approve", 2026, true, ""},
      {"multilateral", "approve", 2027, false, "even years; 2027 is odd"},
      {"approved", "assess", 2027, true, ""},
      {"approved", "assess", 2026, false, "odd years; 2026 is even"},
      // Steps without a guard, any year.
      {"survey", "draft-goals", 2027, true, ""},
  };
  for (const Case& c : cases) {
    const Date day = Date::from_ymd(c.year, 6, 1);
    const Status status = check("parp", c.state, c.action, sam_, "GEO", {}, "progress as planned", day);
    EXPECT_EQ(status.is_ok(), c.allowed) << c.action << " " << c.year << ": " << status.to_string();
    if (!c.allowed) {
      EXPECT_EQ(status.code(), ErrorCode::kRefused);
      EXPECT_NE(status.message().find(c.says), std::string::npos) << status.message();
    }
  }
  // The year guard comes after eligibility: Russia is refused for eligibility even in an even year.
  const Status russia = check("parp", "multilateral", "approve", sam_, "RUS");
  EXPECT_NE(russia.message().find("planning-review"), std::string::npos) << russia.message();
}

TEST_F(WorkflowTest, OptionsListWhatAnActorMayDoAndWhyNotLeavingOutSystemSteps) {
  const Workflow itpp = workflow("itpp");
  const std::vector<TransitionEntry> by_sam = {entry("submit", "draft", "submitted", "sam")};
  std::vector<StepOption> options = itpp.options(sam_, subject("itpp", "GEO", "submitted"), by_sam, registry(), kDay);
  ASSERT_EQ(options.size(), 1U);
  EXPECT_EQ(options[0].rule->action, "review");
  EXPECT_FALSE(options[0].allowed);
  EXPECT_NE(options[0].reason.find("four eyes"), std::string::npos) << options[0].reason;

  options = itpp.options(sue_, subject("itpp", "GEO", "submitted"), by_sam, registry(), kDay);
  ASSERT_EQ(options.size(), 1U);
  EXPECT_TRUE(options[0].allowed);
  EXPECT_TRUE(options[0].reason.empty());

  // In the council, only the withdrawal is a person's step; a comment is not asked for
  // to list it.
  options = itpp.options(sue_, subject("itpp", "GEO", "in-council"), by_sam, registry(), kDay);
  ASSERT_EQ(options.size(), 1U);
  EXPECT_EQ(options[0].rule->action, "withdraw");
  EXPECT_TRUE(options[0].allowed);

  options = itpp.options(gia_, subject("itpp", "GEO", "in-council"), by_sam, registry(), kDay);
  ASSERT_EQ(options.size(), 1U);
  EXPECT_FALSE(options[0].allowed);

  EXPECT_TRUE(workflow("evaluation").options(sam_, subject("evaluation", "GEO", "nel2"), {}, registry(), kDay).empty());
}

}  // namespace

}  // namespace entente
